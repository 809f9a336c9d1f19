"""Duplicates and identifier debris (issue #16, items 1 and 3): real-library cases that
were no longer reported, the guideline parts that were reported as one work, and export
debris in identifier fields (a ``style`` finding that ``fix`` clears)."""

from __future__ import annotations

import datetime as dt

import mi_refs
from mi_refs.check.offline import check_offline
from mi_refs.model import Severity

TODAY = dt.date(2026, 11, 1)


def findings(bib: str, code: str) -> list[mi_refs.Finding]:
    return [f for f in check_offline(mi_refs.loads(bib), today=TODAY) if f.code == code]


def pair(first: str, second: str) -> str:
    entry = (
        "@article{{{key},\n  author = {{Harrison, Paul and Smith, Jane}},\n"
        "  title = {{Platelet function analysis}},\n  journal = {{Blood Rev}},\n"
        "  year = {{2007}},\n  volume = {{21}},\n  pages = {{{pages}}},\n}}\n"
    )
    return entry.format(key="first", pages=first) + entry.format(key="second", pages=second)


def test_an_abbreviated_range_is_the_same_article_exported_twice() -> None:
    """``pages = {333--6}`` and ``{333--336}``: no longer reported before (issue #16)."""
    (finding,) = findings(pair("333--6", "333--336"), "duplicate-entry")
    assert (finding.key, finding.severity) == ("second", Severity.WARNING)


def test_a_first_page_alone_is_the_same_article_as_its_range() -> None:
    (finding,) = findings(pair("2301", "2301--2315"), "duplicate-entry")
    assert finding.key == "second"


def test_another_first_page_in_one_journal_is_still_another_work() -> None:
    """A recurring column title in another issue stays apart (labelled set)."""
    assert findings(pair("333--336", "412--415"), "duplicate-entry") == []


GUIDELINE = """
@article{part1,
  author = {Kaufman, Richard M and Djulbegovic, Benjamin},
  title = {Guideline on platelet transfusion: Part I. Indications},
  journal = {Ann Intern Med},
  year = {2015},
  volume = {162},
  pages = {205--213},
  pmid = {25383671},
}
@article{part2,
  author = {Kaufman, Richard M and Djulbegovic, Benjamin},
  title = {Guideline on platelet transfusion: Part II. Dosing},
  journal = {Ann Intern Med},
  year = {2015},
  volume = {162},
  pages = {214--220},
  pmid = {25383671},
}
"""


def test_two_parts_sharing_a_pmid_are_not_one_work_listed_twice() -> None:
    """Issue #16: Part I and Part II sharing a PMID were "the same work listed twice",
    and acting on it deleted Part II. Now: check which part; delete neither."""
    assert findings(GUIDELINE, "duplicate-entry") == []
    (finding,) = findings(GUIDELINE, "shared-identifier")
    assert (finding.key, finding.field, finding.severity) == ("part2", "pmid", Severity.WARNING)
    assert "check which part" in finding.message
    assert "listed twice" not in finding.message and "delete" not in finding.message


def test_the_same_work_under_one_pmid_is_still_a_duplicate() -> None:
    bib = GUIDELINE.replace("Part II. Dosing", "Part I. Indications").replace("214--220", "205--13")
    (finding,) = findings(bib, "duplicate-entry")
    assert (finding.key, finding.severity) == ("part2", Severity.ERROR)
    assert findings(bib, "shared-identifier") == []


DEBRIS = """
@article{debris,
  author = {Gilbert, Ruth},
  title = {Infant sleeping position},
  journal = {N Engl J Med},
  year = {2005},
  volume = {352},
  pages = {1--10},
  doi = {10.1056/NEJMoa042176 [doi]},
  pmid = {PMID: 15728812},
}
@article{resolver,
  author = {Gilbert, Ruth},
  title = {Another paper},
  journal = {N Engl J Med},
  year = {2006},
  doi = {http://dx.doi.org/10.1056/NEJMoa042177},
}
@article{clean,
  author = {Gilbert, Ruth},
  title = {A third paper},
  journal = {N Engl J Med},
  year = {2007},
  doi = {10.1056/nejmoa042178},
}
"""


def test_export_debris_is_read_right_and_reported() -> None:
    """Issue #16: ``[doi]`` tags and resolver prefixes were read right and nothing said
    so, while every other tool reading the .bib prints the debris."""
    bib = mi_refs.loads(DEBRIS)
    assert bib["debris"].doi == "10.1056/NEJMoa042176"
    assert bib["resolver"].doi == "10.1056/NEJMoa042177"
    found = {(f.key, f.field): f for f in findings(DEBRIS, "style") if f.field in {"doi", "pmid"}}
    assert set(found) == {("debris", "doi"), ("debris", "pmid"), ("resolver", "doi")}
    assert found[("debris", "doi")].suggestion == "10.1056/NEJMoa042176"
    assert found[("debris", "pmid")].suggestion == "15728812"
    assert found[("resolver", "doi")].severity is Severity.WARNING
