"""Comparison of a stored reference with a registry record (pure)."""

import dataclasses

import pytest

from mi_refs import Name, Severity
from mi_refs.check.compare import compare, fold, title_similarity
from mi_refs.registries.records import RegistryRecord

from ..conftest import one

VERNAVA = r"""@article{vernava2023,
  author = {Vernava, Ilaria and Schmitt, Clemens A.},
  title = {Daratumumab as a novel treatment option in refractory {ITP}},
  journal = {Lancet},
  year = 2023, volume = 99, pages = {102724},
  doi = {10.1016/j.bcmd.2023.102724}, pmid = {36669360},
}"""

RECORD = RegistryRecord(
    source="pubmed",
    identifier="36669360",
    title="Daratumumab as a novel treatment option in refractory ITP.",
    authors=(Name("Vernava", "I"), Name("Schmitt", "CA")),
    journal="Blood cells, molecules & diseases",
    journal_abbreviations=("Blood Cells Mol Dis",),
    year="2023",
    online_year="2023",
    volume="99",
    pages="102724",
    doi="10.1016/j.bcmd.2023.102724",
    pmid="36669360",
)


def same_journal(a: str, b: str) -> bool:
    return fold(a) == fold(b) or {fold(a), fold(b)} == {
        "blood cells mol dis",
        "blood cells molecules diseases",
    }


def fields(findings: list) -> dict[str, object]:
    return {f.field: f for f in findings}


def test_the_seed_letter_s_wrong_journal_is_an_error() -> None:
    findings = compare(one(VERNAVA), RECORD, same_journal, "PMID 36669360")
    assert [(f.code, f.field, f.severity) for f in findings] == [
        ("field-mismatch", "journal", Severity.ERROR)
    ]
    (finding,) = findings
    assert (finding.stored, finding.registry, finding.source) == (
        "Lancet",
        "Blood Cells Mol Dis",
        "pubmed",
    )
    assert finding.suggestion == "Blood Cells Mol Dis"


def test_a_correct_entry_gives_nothing() -> None:
    reference = one(VERNAVA.replace("{Lancet}", "{Blood Cells Mol Dis}"))
    assert compare(reference, RECORD, same_journal, "PMID 36669360") == []


@pytest.mark.parametrize(
    ("change", "field", "severity"),
    [
        (("pages = {102724}", "pages = {102725}"), "pages", Severity.ERROR),
        (("volume = 99", "volume = 98"), "volume", Severity.ERROR),
        (("year = 2023", "year = 2021"), "year", Severity.ERROR),
        (("Schmitt, Clemens A.", "Schmidt, Clemens A."), "author", Severity.ERROR),
        (("Schmitt, Clemens A.", "Schmitt, Clemens"), "author", Severity.WARNING),
        (("refractory {ITP}", "refractory immune thrombocytopenia"), "title", Severity.WARNING),
        (
            ("doi = {10.1016/j.bcmd.2023.102724}", "doi = {10.1016/j.bcmd.2023.999999}"),
            "doi",
            Severity.ERROR,
        ),
    ],
)
def test_each_wrong_field(change: tuple[str, str], field: str, severity: Severity) -> None:
    text = VERNAVA.replace("{Lancet}", "{Blood Cells Mol Dis}").replace(*change)
    findings = fields(compare(one(text), RECORD, same_journal, "PMID 36669360"))
    assert set(findings) == {field}
    assert findings[field].severity is severity


def test_several_wrong_fields_are_all_reported_at_full_severity() -> None:
    text = VERNAVA.replace("year = 2023", "year = 2020").replace("volume = 99", "volume = 9")
    findings = fields(compare(one(text), RECORD, same_journal, "PMID 36669360"))
    assert set(findings) == {"journal", "year", "volume"}
    assert all(f.severity is Severity.ERROR for f in findings.values())


@pytest.mark.parametrize(
    ("stored", "registry"),
    [
        ("1618-21", "1618-1621"),
        ("1618--1621", "1618-21"),
        ("e153580", "153580"),
        ("S459-60", "S459-S460"),
        # issue #15: check and fix flipped forever on e-page ranges
        ("e84--e89", "e84-9"),
        ("e84--9", "e84-e89"),
        ("e84-e89", "e84–e89"),
        ("e48-e51", "e48-51"),
        # a range where the registry has only its first page: the entry says more
        ("2301--2315", "2301"),
    ],
)
def test_page_forms_that_are_equal(stored: str, registry: str) -> None:
    text = VERNAVA.replace("{Lancet}", "{Blood Cells Mol Dis}").replace(
        "{102724}", "{" + stored + "}"
    )
    record = dataclasses.replace(RECORD, pages=registry)
    assert compare(one(text), record, same_journal, "x") == []


def test_a_first_page_alone_is_an_info_suggesting_the_full_range() -> None:
    """Issue #15: a first page alone is compatible with a range starting there (at most
    info); the suggestion is the canonical (full) range, MEDLINE's ``e84-9`` expanded."""
    text = VERNAVA.replace("{Lancet}", "{Blood Cells Mol Dis}").replace("{102724}", "{e84}")
    (finding,) = compare(one(text), dataclasses.replace(RECORD, pages="e84-9"), same_journal, "x")
    assert (finding.field, finding.severity, finding.suggestion) == (
        "pages",
        Severity.INFO,
        "e84-e89",
    )


def test_a_registry_s_trailing_period_and_markup_are_never_suggested() -> None:
    """Issue #15: PubMed ends every title with a period; Crossref titles carry JATS tags.
    Neither is a difference, and a suggested title carries neither."""
    text = VERNAVA.replace("{Lancet}", "{Blood Cells Mol Dis}")
    assert compare(one(text), RECORD, same_journal, "x") == []  # RECORD's title ends with "."
    record = dataclasses.replace(
        RECORD, title="Daratumumab as a <i>new</i> option in refractory ITP and Evans syndrome."
    )
    (finding,) = compare(one(text), record, same_journal, "x")
    assert finding.field == "title"
    assert finding.suggestion == "Daratumumab as a new option in refractory ITP and Evans syndrome"


def test_online_year_is_accepted_as_info_suggesting_the_issue_year() -> None:
    """Issue #10: the online-first year is not an error; AMA cites the issue year."""
    record = dataclasses.replace(RECORD, year="2023", online_year="2022")
    text = VERNAVA.replace("{Lancet}", "{Blood Cells Mol Dis}").replace(
        "year = 2023", "year = 2022"
    )
    (finding,) = compare(one(text), record, same_journal, "x")
    assert (finding.field, finding.severity, finding.suggestion) == ("year", Severity.INFO, "2023")
    assert "online-first" in finding.message


def test_and_others_allows_a_shorter_author_list() -> None:
    record = dataclasses.replace(RECORD, authors=(*RECORD.authors, Name("Third", "A")))
    text = VERNAVA.replace("{Lancet}", "{Blood Cells Mol Dis}")
    assert (
        fields(compare(one(text), record, same_journal, "x"))["author"].severity is Severity.WARNING
    )
    truncated = text.replace("Schmitt, Clemens A.}", "Schmitt, Clemens A. and others}")
    assert compare(one(truncated), record, same_journal, "x") == []


def test_another_work_is_wrong_work() -> None:
    other = dataclasses.replace(
        RECORD, title="Targeting CD38 with daratumumab in refractory systemic lupus erythematosus",
        authors=(Name("Ostendorf", "L"),),
    )  # fmt: skip
    (finding,) = compare(one(VERNAVA), other, same_journal, "PMID 36669360")
    assert finding.code == "wrong-work"
    assert "PMID 36669360 is another work" in finding.message


def test_title_folding() -> None:
    assert (
        fold("Long‐term <i>remissions</i> of ITP: a case-series.")
        == "long term remissions of itp a case series"
    )
    assert title_similarity("Strüßmann", "Strussmann") == 100.0


def test_one_folding_for_journals_and_titles() -> None:
    """compare.fold and journals.fold used to disagree on ``&`` (and on ``ø``): a journal
    title matched as a journal but not as a work title. There is one fold now."""
    from mi_refs.check import journals, text

    assert fold is text.fold
    assert journals.fold is text.fold
    assert fold("Blood cells, molecules & diseases") == "blood cells molecules and diseases"
    assert (
        title_similarity("Blood cells, molecules & diseases", "Blood Cells, Molecules and Diseases")
        == 100
    )
    assert fold("Søren Kierkegaard") == "soren kierkegaard"
