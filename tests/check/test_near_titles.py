"""Near titles found through pieces give what comparing every pair gave (issue 22):
:class:`mi_refs.check.neartitles.NearTitles` against rapidfuzz on all pairs, on titles
made to be near (letters dropped, added, changed), far, short and repeated."""

from __future__ import annotations

import random
import string

import pytest
from rapidfuzz import fuzz

from mi_refs.check.neartitles import NearTitles
from mi_refs.check.text import TITLE_SAME

WORDS = [
    "the",
    "effect",
    "of",
    "on",
    "study",
    "patients",
    "cancer",
    "a",
    "randomized",
    "trial",
    "care",
    "in",
    "and",
    "with",
    "risk",
    "analysis",
    "haemophilia",
    "bleeding",
    "factor",
    "prophylaxis",
]


def _mutated(rng: random.Random, title: str) -> str:
    letters = list(title)
    for _ in range(rng.randint(0, 6)):
        where = rng.randrange(len(letters) + 1)
        what = rng.random()
        if what < 0.4 and where < len(letters):
            del letters[where]
        elif what < 0.8:
            letters.insert(where, rng.choice(string.ascii_lowercase + " "))
        elif where < len(letters):
            letters[where] = rng.choice(string.ascii_lowercase)
    return "".join(letters) or "x"


@pytest.mark.parametrize("seed", range(8))
def test_near_titles_are_exactly_those_compared_in_pairs(seed: int) -> None:
    rng = random.Random(seed)
    bases = [" ".join(rng.choices(WORDS, k=rng.randint(1, 14))) for _ in range(30)]
    titles = [
        _mutated(rng, rng.choice(bases)) if rng.random() < 0.7 else rng.choice(bases)
        for _ in range(250)
    ]
    near: NearTitles[int] = NearTitles()
    for number, title in enumerate(titles):
        found = [item for _, item in near.near(title)]
        assert found == [
            earlier
            for earlier, other in enumerate(titles[:number])
            if fuzz.ratio(title, other, score_cutoff=TITLE_SAME)
        ], title
        near.add(title, number)


def test_common_pieces_are_compared_in_c_with_the_same_answer() -> None:
    """Titles of a few words in every order: the pieces are in most titles, and every
    title is compared instead (in C), in the order added."""
    rng = random.Random(5)
    titles = [" ".join(rng.sample(WORDS[:10], 8)) for _ in range(300)]
    titles += titles[:5]
    near: NearTitles[int] = NearTitles()
    for number, title in enumerate(titles):
        found = [item for _, item in near.near(title)]
        assert found == [
            earlier
            for earlier, other in enumerate(titles[:number])
            if fuzz.ratio(title, other, score_cutoff=TITLE_SAME)
        ]
        near.add(title, number)
