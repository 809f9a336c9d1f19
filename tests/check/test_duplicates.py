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


def shared_pair(first: str, second: str) -> str:
    """Two entries sharing one DOI, differing in the fields given (``field = {value}``
    lines)."""
    entry = (
        "@article{{{key},\n  author = {{Rish, Irina}},\n  title = {{{title}}},\n"
        "  year = {{2012}},\n  doi = {{10.1117/12.911318}},\n{fields}}}\n"
    )
    title = "Sparse regression analysis of task-relevant information"
    return entry.format(key="first", title=title, fields=first) + entry.format(
        key="second", title=title, fields=second
    )


def test_an_article_number_and_its_numbered_pages_are_one_first_page() -> None:
    """crcox/MASTERBIB Main.bib (holdout): SPIE's ``831412`` and ``831412--831412-8`` (pages
    831412-1 to -8 of article 831412) are one paper listed twice, not two parts."""
    bib = shared_pair("  pages = {831412},\n", "  pages = {831412--831412-8},\n")
    assert findings(bib, "shared-identifier") == []
    (finding,) = findings(bib, "duplicate-entry")
    assert (finding.key, finding.severity) == ("second", Severity.ERROR)
    # another article number is another part
    other = shared_pair("  pages = {831412-1--831412-8},\n", "  pages = {831413--831413-8},\n")
    assert [f.key for f in findings(other, "shared-identifier")] == ["second"]


def test_a_volume_without_a_digit_is_no_other_volume() -> None:
    """fatihserta/reference-directory My Library.bib (holdout): the online-first entry
    (Wiley's ``volume = {n/a}``) and the issue's (``41``) are one review listed twice."""
    bib = shared_pair("  volume = {n/a},\n", "  volume = {41},\n")
    assert findings(bib, "shared-identifier") == []
    assert [f.key for f in findings(bib, "duplicate-entry")] == ["second"]
    assert [
        f.key
        for f in findings(
            shared_pair("  volume = {40},\n", "  volume = {41},\n"), "shared-identifier"
        )
    ] == ["second"]


def test_one_number_in_two_notations_is_no_other_part() -> None:
    """retorquere/zotero-better-bibtex test/fixtures/import/Unabbreviate on import
    #1436-1.bib (shaping): ``GaN (10-10)`` and ``GaN (101\\=0)`` are one Miller index."""
    first = (
        shared_pair("", "")
        .split("@article{second")[0]
        .replace("task-relevant information", "GaN (10-10) facets")
    )
    second = "@article{second" + shared_pair("", "").split("@article{second")[1].replace(
        "task-relevant information", "GaN (101\\=0) facets"
    )
    assert findings(first + second, "shared-identifier") == []
    assert [f.key for f in findings(first + second, "duplicate-entry")] == ["second"]


def test_a_chapter_and_its_book_sharing_the_books_doi_are_no_finding() -> None:
    """PaulinaSell/lead-IQ_meta-analysis manuscript/references.bib (holdout): Gelman's
    Bayesian Data Analysis and its chapter 4 carry the book's DOI."""
    bib = """
@book{book,
  title = {Bayesian {{Data Analysis}}},
  author = {Gelman, Andrew},
  year = 2013,
  doi = {10.1201/b16018},
}
@incollection{chapter,
  title = {Chapter 4 - {{Asymptotics}} and Connections to Non-{{Bayesian}} Approaches},
  booktitle = {Bayesian {{Data Analysis}}},
  author = {Gelman, Andrew},
  year = 2013,
  doi = {10.1201/b16018},
}
"""
    assert findings(bib, "duplicate-entry") == findings(bib, "shared-identifier") == []
    # a chapter of another book with that DOI: one of the two DOIs is wrong
    other = bib.replace("booktitle = {Bayesian {{Data Analysis}}}", "booktitle = {Other Book}")
    assert [f.key for f in findings(other, "duplicate-entry")] == ["chapter"]


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


def test_numbers_in_one_title_only_on_one_page_range_are_one_work() -> None:
    """MiguelDLM/Paleo-virtual My Library.bib (shaping): one book chapter saved twice, once
    titled with its case number (``Case 10.11 - Esophageal Obstruction``), same DOI and
    pages 670-678: the same work listed twice, not two parts."""
    chapter = (
        "@incollection{{{key},\n  title = {{{title}}},\n  booktitle = {{Comparative Veterinary "
        "Anatomy}},\n  author = {{Koenig, Judith and Kimura, Shune}},\n  year = 2022,\n"
        "  pages = {{{pages}}},\n  doi = {{10.1016/B978-0-323-91015-6.00147-3}},\n}}\n"
    )
    bib = chapter.format(
        key="case", title="Case 10.11 - Esophageal Obstruction", pages="670--678"
    ) + chapter.format(key="plain", title="Esophageal Obstruction", pages="670--678")
    assert findings(bib, "shared-identifier") == []
    assert [f.key for f in findings(bib, "duplicate-entry")] == ["plain"]
    # Part I and Part II on one (miscopied) range stay two parts: never "listed twice"
    parts = chapter.format(
        key="case", title="Esophageal Obstruction, Part I", pages="670--678"
    ) + chapter.format(key="plain", title="Esophageal Obstruction, Part II", pages="670--678")
    assert [f.key for f in findings(parts, "shared-identifier")] == ["plain"]
    assert findings(parts, "duplicate-entry") == []


def test_a_supplement_article_exported_two_ways_is_one_work_not_two_parts() -> None:
    """Holdout 4 (computational-neuroimaging-lab/Real-Time-Default-Network-Neurofeedback,
    mendeley.bib): Smith 2004 in NeuroImage's supplement, once as ``208--19`` in ``23 Suppl
    1``, once as ``S208--S219`` in ``23``, one DOI. Two supplements stay two parts."""
    from mi_refs.check.duplicates import not_the_same_work

    def entry(key: str, volume: str, pages: str) -> str:
        return (
            f"@article{{{key}, author = {{Smith, Stephen M}}, title = {{Advances in functional"
            f" and structural MR image analysis}}, journal = {{NeuroImage}}, year = 2004,"
            f" volume = {{{volume}}}, pages = {{{pages}}}, doi = {{10.1016/j.neuroimage.2004.07.051}}}}\n"
        )

    one = mi_refs.loads(entry("a", "23 Suppl 1", "208--19") + entry("b", "23", "S208--S219"))
    assert not_the_same_work(*one.references) == ""
    two = mi_refs.loads(
        entry("a", "23 Suppl 1", "S208--S219") + entry("b", "23 Suppl 2", "S208--S219")
    )
    assert not_the_same_work(*two.references) != ""
    other = mi_refs.loads(entry("a", "23 Suppl 1", "208--19") + entry("b", "23", "S220--S225"))
    assert not_the_same_work(*other.references) != ""
