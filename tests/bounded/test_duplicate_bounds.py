"""The same-title duplicate rule's bounds (issue 22, item 6): it compared every two
entries of one year and first author. 6,000 such entries took 6.6 s of processor time
(diverse titles) and 134 s (titles differing only in a number, each pair passing the cheap
ratio test and compared in full); the near titles are now found through
:class:`mi_refs.check.neartitles.NearTitles` and the title's numbers, with the same
findings (``tests/check/test_near_titles.py``)."""

from __future__ import annotations

import random
import string
from collections.abc import Callable

import mi_refs
from mi_refs.check.duplicates import duplicate_works
from tests.bounded.timing import seconds

ENTRIES = 6_000


def one_author_one_year(titles: list[str]) -> Callable[[], object]:
    entries = "".join(
        f"@article{{k{number}, author = {{Smith, A}}, title = {{{title}}}, "
        f"journal = {{J Things}}, year = {{2000}}}}\n"
        for number, title in enumerate(titles)
    )
    references = mi_refs.loads(entries).references
    return lambda: duplicate_works(references)


def test_titles_differing_in_a_number_are_not_compared_in_pairs() -> None:
    """``A long title of work number 17 on haemophilia care``, 6,000 numbers (a company's
    data on file, one year): 134 s before, every pair ratio 95 or more."""
    titles = [f"A long title of work number {n} on haemophilia care" for n in range(ENTRIES)]
    run = one_author_one_year(titles)
    assert run() == []
    assert seconds(run) < 2.5


def test_diverse_titles_of_one_author_and_year_are_not_compared_in_pairs() -> None:
    """Eight words each from 3,000: 6.6 s before."""
    rng = random.Random(22)
    vocabulary = [
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 10))) for _ in range(3000)
    ]
    titles = [" ".join(rng.choices(vocabulary, k=8)) for _ in range(ENTRIES)]
    titles[-1] = titles[100].replace(" ", "  ", 1) + "s"  # one near copy: still found
    run = one_author_one_year(titles)
    (finding,) = run()
    assert finding.key == f"k{ENTRIES - 1}"
    assert "is that of k100:" in finding.message
    assert seconds(run) < 2.5


def test_one_long_title_with_its_own_doi_each_is_not_compared_in_pairs() -> None:
    """6,000 entries ``Correction to the annual report on haemophilia care``, each with its
    own DOI (both duplicate rules compared every pair: 31 s): another DOI is another work,
    so an entry with a DOI is compared only with those without one (or with its own)."""
    entries = "".join(
        f"@article{{k{n}, author = {{Smith, A}}, title = {{Correction to the annual report "
        f"on haemophilia care}}, journal = {{J Things}}, doi = {{10.1000/x{n}}}, "
        f"year = {{2000}}}}\n"
        for n in range(ENTRIES)
    )
    references = mi_refs.loads(entries).references
    assert duplicate_works(references) == []
    assert seconds(lambda: duplicate_works(references)) < 2.5


def test_one_short_title_in_many_volumes_is_compared_cheaply() -> None:
    """``Editorial`` in 2,000 volumes of one journal, no DOI: still every pair (other
    volumes are told apart pair by pair), each compared on values folded once: 11.5 s
    before, about 1.5 s on a loaded machine (6,000: about 13 s, docs/check.md)."""
    entries = "".join(
        f"@article{{k{n}, author = {{Smith, A}}, title = {{Editorial}}, journal = {{J Things}}, "
        f"volume = {{{n + 10_000}}}, year = {{2000}}}}\n"
        for n in range(2_000)
    )
    references = mi_refs.loads(entries).references
    assert duplicate_works(references) == []
    assert seconds(lambda: duplicate_works(references)) < 5
