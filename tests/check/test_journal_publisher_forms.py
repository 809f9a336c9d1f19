"""Issue 16: journal names in a publisher's form, and a link as the journal (the kinds
holdout 3 missed; holdout 3 is no longer blind for them).

Cases from public .bib libraries: ``JAMA: The Journal of the American Medical
Association``, ``JNCI: Journal of the National Cancer Institute``, ``Bmj-British Medical
Journal`` and ``journal = {http://dx.doi.org/10.1056/NEJMoa1312828}`` from
dudukina/2020-10-10-nordic-data-coder-girls ``My Library.bib``; ``BMJ: British Medical
Journal`` from cjvanlissa/bayesynth ``product_bayes.bib``; ``JPO: Journal of Prosthetics and
Orthotics`` from retorquere/zotero-better-bibtex's fixtures; ``journal =
{https://github.com/...}`` on ``@article`` web pages from BU-DiSC/mendeley-library. The
titles that must stay titles (``Journal of Physics: Conference Series``, ``Bio-Medical
Materials and Engineering``) are NLM titles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.journal_near import publisher_parts
from mi_refs.check.journals import journal_index
from mi_refs.check.offline import check_offline
from mi_refs.intake.fix import fix
from mi_refs.model import Severity

TODAY = dt.date(2026, 11, 1)


def entry(journal: str, year: str = "2005") -> str:
    return (
        f"@article{{a,\n  author = {{Doe, Jane}},\n  title = {{T}},\n  journal = {{{journal}}},\n"
        f"  year = {{{year}}},\n  volume = {{1}},\n  pages = {{1--2}},\n}}\n"
    )


def style_findings(journal: str, year: str = "2005") -> list[mi_refs.Finding]:
    bibliography = mi_refs.loads(entry(journal, year))
    return [f for f in check_offline(bibliography, today=TODAY) if f.code == "style"]


@pytest.mark.parametrize(
    ("journal", "year", "suggestion"),
    [
        ("JAMA: The Journal of the American Medical Association", "1963", "JAMA"),
        ("JNCI: Journal of the National Cancer Institute", "1959", "J Natl Cancer Inst"),
        ("Bmj-British Medical Journal", "2005", "BMJ"),
        ("BMJ: British Medical Journal", "2010", "BMJ"),
        ("JPO: Journal of Prosthetics and Orthotics", "2007", "J Prosthet Orthot"),
    ],
)
def test_an_acronym_before_its_title_is_matched_on_its_parts(
    journal: str, year: str, suggestion: str
) -> None:
    (finding,) = style_findings(journal, year)
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, suggestion)
    assert "has a prefix or suffix around" in finding.message


@pytest.mark.parametrize(
    "title",
    [
        "Journal of Physics: Conference Series",  # "Journal" is no acronym of the rest
        "Bio-Medical Materials and Engineering",  # "Bio" is not "mme"
        "AIDS: Research and Treatment",  # initials "rt", not "aids"
    ],
)
def test_no_acronym_no_parts(title: str) -> None:
    assert publisher_parts(title) == [title]
    assert journal_index().resolve(title).how != "parts"


def test_parts_of_an_acronym_form() -> None:
    assert publisher_parts("JNCI: Journal of the National Cancer Institute") == [
        "JNCI",
        "Journal of the National Cancer Institute",
    ]
    assert publisher_parts("Bmj-British Medical Journal") == ["Bmj", "British Medical Journal"]


@pytest.mark.parametrize(
    "journal",
    ["http://dx.doi.org/10.1056/NEJMoa1312828", "https://github.com/ufal/lindat-dspace",
     "10.1056/NEJMoa1312828", "doi:10.1056/NEJMoa1312828"],
)  # fmt: skip
def test_a_link_or_doi_as_the_journal_is_a_warning(journal: str) -> None:
    (finding,) = style_findings(journal, "2014")
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, None)
    assert "is a link or a DOI, not a journal's name" in finding.message


def test_fix_apply_then_check_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "references.bib"
    path.write_text(entry("Bmj-British Medical Journal"), encoding="utf-8")
    report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
    assert fix(mi_refs.load(path), report, apply=True).applied
    again = check_offline(mi_refs.load(path), today=TODAY)
    assert not [f for f in again if f.code == "style" and f.severity is not Severity.INFO]
    assert "shortjournal = {BMJ}" in path.read_text(encoding="utf-8")
