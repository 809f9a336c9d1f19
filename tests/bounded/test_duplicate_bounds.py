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
