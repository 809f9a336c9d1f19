"""A journal article's issue that is no issue number (``implausible-value``, warning, issue
#16 after holdout 8): a month or a date (Mendeley's ``number = {MAY}`` on Frontiers
articles, a PDF import's ``October 2015``, Crossref's ``jun29 1``), a date string, the
journal's ISSN (MEDLINE's ``IS`` tag, ``1532-5415 (Electronic)``); each is printed as the
issue (``4(MAY)``). Cases from holdout 8's libraries (seabbs/thesis, mdgrant/geriatrics_synth,
tomfrankkirk/vaximap_paper: tests/check/holdout8_findings.toml) and the corpus
(computational-neuroimaging-lab's Mendeley library: ``1:21`` is issue 1, article 21)."""

from __future__ import annotations

import datetime as dt

import pytest

import mi_refs
from mi_refs.check.offline import check_offline

TODAY = dt.date(2026, 11, 1)


def issue_findings(number: str, entry_type: str = "article") -> list[tuple[str, str]]:
    bib = (
        f"@{entry_type}{{a, author = {{Doe, Jane}}, title = {{A title}}, journal = {{Front "
        f"Microbiol}}, year = {{2013}}, volume = {{4}}, number = {{{number}}}, pages = "
        "{1--9}}\n"
    )
    return [
        (finding.severity.value, finding.message)
        for finding in check_offline(mi_refs.loads(bib), today=TODAY)
        if finding.code == "implausible-value" and finding.field == "issue"
    ]


@pytest.mark.parametrize(
    ("number", "what"),
    [
        ("MAY", "a month"),
        ("7 JUN", "a month"),
        ("October 2015", "a month"),
        ("jun29 1", "a month"),
        ("NOVEMBER/DECEMBER", "a month"),
        ("10/12/2023", "a date"),
        ("2023-12-10", "a date"),
        ("1532-5415 (Electronic)", "ISSN"),
        ("0028-4793", "ISSN"),
    ],
)
def test_an_issue_that_is_a_month_a_date_or_an_issn_is_a_warning(number: str, what: str) -> None:
    ((severity, message),) = issue_findings(number)
    assert severity == "warning" and what in message and f"4({number})" in message


@pytest.mark.parametrize(
    "number",
    ["3", "3-4", "1001-1002", "Suppl 2", "S1", "12 Suppl 1", "Pt 2", "1:21", "4e", "Spring"],
)
def test_issue_numbers_supplements_and_parts_are_left_alone(number: str) -> None:
    assert issue_findings(number) == []


def test_only_a_journal_issue_is_judged() -> None:
    """A report's or a book's number is its own (a report number, a series number)."""
    assert issue_findings("March", entry_type="techreport") == []
    assert issue_findings("March", entry_type="book") == []
