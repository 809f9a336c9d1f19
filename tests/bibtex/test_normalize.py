from pathlib import Path

import pytest

import mi_refs
from mi_refs.bibtex.normalize import (
    abbreviate_page_range,
    expand_page_range,
    normalize_doi,
    normalize_pages,
    normalize_pmcid,
    normalize_pmid,
    normalize_url,
    parse_date,
    parse_month,
    parse_month_range,
    read_month,
    strip_export_metadata,
)


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.1016/j.bcmd.2023.102724", "10.1016/j.bcmd.2023.102724"),
        ("https://doi.org/10.1016/j.bcmd.2023.102724", "10.1016/j.bcmd.2023.102724"),
        ("http://dx.doi.org/10.1056/NEJMoa2023325", "10.1056/NEJMoa2023325"),
        ("doi:10.1093/labmed/lmz004", "10.1093/labmed/lmz004"),
        ("DOI: 10.1093/labmed/lmz004", "10.1093/labmed/lmz004"),
        ("doi.org/10.3389/fimmu.2022.879994", "10.3389/fimmu.2022.879994"),
        ("11.1000/xyz", None),
        ("10.12/x", None),
        ("not a doi", None),
    ],
)
def test_normalize_doi(raw: str, doi: str | None) -> None:
    assert normalize_doi(raw) == doi


@pytest.mark.parametrize(
    ("raw", "pmid"),
    [("36669360", "36669360"), ("PMID: 36669360", "36669360"), ("pmid36669360", "36669360"),
     ("0036669360", "36669360"), ("3666936x", None), ("", None), ("0", None)],
)  # fmt: skip
def test_normalize_pmid(raw: str, pmid: str | None) -> None:
    assert normalize_pmid(raw) == pmid


@pytest.mark.parametrize(
    ("raw", "pmcid"),
    [("PMC9197514", "PMC9197514"), ("pmc9197514", "PMC9197514"), ("9197514", "PMC9197514"),
     ("PMCID: PMC9197514", "PMC9197514"), ("PMCx", None)],
)  # fmt: skip
def test_normalize_pmcid(raw: str, pmcid: str | None) -> None:
    assert normalize_pmcid(raw) == pmcid


@pytest.mark.parametrize(
    ("raw", "pages"),
    [("1618--1621", "1618-1621"), ("1618–1621", "1618-1621"), ("1618 - 1621", "1618-1621"),
     ("1618‐21", "1618-21"), ("e153580", "e153580"), ("S459---S460", "S459-S460")],
)  # fmt: skip
def test_normalize_pages(raw: str, pages: str) -> None:
    assert normalize_pages(raw) == pages


@pytest.mark.parametrize(
    ("pages", "full", "abbreviated"),
    [
        ("1618-21", "1618-1621", "1618-21"),
        ("1618-1621", "1618-1621", "1618-21"),
        ("300-305", "300-305", "300-5"),
        ("931-934", "931-934", "931-4"),
        ("1149-55", "1149-1155", "1149-55"),
        ("98-102", "98-102", "98-102"),
        ("S459-S460", "S459-S460", "S459-60"),
        ("S459-60", "S459-S460", "S459-60"),
        ("e48-e51", "e48-e51", "e48-51"),
        ("e153580", "e153580", "e153580"),
        ("102724", "102724", "102724"),
        ("4976", "4976", "4976"),
        ("11-364", "11-364", "11-364"),
        ("1200-1200", "1200-1200", "1200-0"),
    ],
)
def test_page_ranges(pages: str, full: str, abbreviated: str) -> None:
    assert expand_page_range(pages) == full
    if pages != "1200-1200":
        assert abbreviate_page_range(pages) == abbreviated


@pytest.mark.parametrize(
    ("raw", "month"),
    [
        ("oct", 10),
        ("October", 10),
        ("10", 10),
        ("Oct.", 10),
        ("sept", 9),
        ("13", None),
        ("Foo", None),
    ],
)
def test_parse_month(raw: str, month: int | None) -> None:
    assert parse_month(raw) == month


@pytest.mark.parametrize(
    ("raw", "parts"),
    [("2025-05-09", (2025, 5, 9)), ("2025-05", (2025, 5, None)), ("2025", (2025, None, None)),
     ("2025-02-30", None), ("May 9, 2025", None), ("2025-13", None)],
)  # fmt: skip
def test_parse_date(raw: str, parts: tuple[int, int | None, int | None] | None) -> None:
    assert parse_date(raw) == parts


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.1000/x [doi]", "10.1000/x"),
        ("S0140-6736(20)30183-5 [pii] 10.1016/S0140-6736(20)30183-5 [doi]",
         "10.1016/S0140-6736(20)30183-5"),
        ("https://doi.org/10.1056/NEJMoa0804656", "10.1056/NEJMoa0804656"),
        ("10.1000/a 10.1000/b", "10.1000/a"),
        ("not a doi", None),
    ],
)  # fmt: skip
def test_doi_tags_and_lists(raw: str, doi: str | None) -> None:
    assert normalize_doi(raw) == doi


def test_pmid_with_pubmed_tag() -> None:
    assert normalize_pmid("36669360 [pmid]") == "36669360"


@pytest.mark.parametrize(
    ("pages", "full", "short"),
    [("e00340-10", "e00340-10", "e00340-10"), ("S459-60", "S459-S460", "S459-60")],
)
def test_elocator_with_hyphen_is_not_a_range(pages: str, full: str, short: str) -> None:
    assert (expand_page_range(pages), abbreviate_page_range(pages)) == (full, short)


@pytest.mark.parametrize(
    ("value", "months"),
    [("Jul-Sep", (7, 9)), ("July--September", (7, 9)), ("7-9", (7, 9)), ("Jul", None)],
)
def test_month_ranges(value: str, months: tuple[int, int] | None) -> None:
    assert parse_month_range(value) == months


@pytest.mark.parametrize(
    ("note", "left"),
    [
        ("Type: Journal Article", ""),
        ("Cited By :34 Export Date: 12 May 2020", ""),
        ("from: pubmed.bib", ""),
        ("Epub 2020 Jan 5.", ""),
        ("ZSCC: 0000007", ""),
        ("PMID: 12345", ""),
        ("Contract No.: X. Sponsored by DOE", "Contract No.: X. Sponsored by DOE"),
        ("Erratum in: Blood. 2020;1:2", "Erratum in: Blood. 2020;1:2"),
    ],
)
def test_export_metadata_is_recognised(note: str, left: str) -> None:
    assert strip_export_metadata(note) == left


def test_url_escapes_removed() -> None:
    assert normalize_url(r"http://a.org/{~}x/my{\_}file.pdf") == "http://a.org/~x/my_file.pdf"
    assert normalize_url("https://a.org/x_y") == "https://a.org/x_y"


def test_escaped_doi_and_url_commands() -> None:
    assert normalize_doi(r"10.1007/978-3-031-39847-6\_20") == "10.1007/978-3-031-39847-6_20"
    assert normalize_url(r"\url{https://a.org/x\_y}") == "https://a.org/x_y"
    assert strip_export_metadata("Num Pages: 17 Series Title: Interspeech") == ""
    assert strip_export_metadata("36 cites: https://scholar.google.com/scholar?cites=1") == ""


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("May 2-8", (5, None, (2, 8))),
        ("2-8 May", (5, None, (2, 8))),
        ("May 2--8", (5, None, (2, 8))),
        ("Sept. 6\u201310", (9, None, (6, 10))),
        ("12 June", (6, None, (12, 12))),
        ("Oct", (10, None, None)),
        ("Jul-Sep", (7, 9, None)),
        ("May 8-2", None),  # ends before it starts
        ("May 40", None),
        ("Spring", None),
        ("May 2-8 2020", None),
    ],
)
def test_read_month_keeps_a_meetings_days(
    value: str, read: tuple[int, int | None, tuple[int, int] | None] | None
) -> None:
    """Issue 16.5: a meeting's month = {May 2-8} is May, the days kept for the event."""
    assert read_month(value) == read


def test_meeting_days_load_render_and_save_as_written(tmp_path: Path) -> None:
    text = (
        "@inproceedings{a, author = {Doe, J}, title = {T}, booktitle = {Proc},\n"
        "  eventtitle = {ASH Annual Meeting}, venue = {Orlando}, year = 2020,\n"
        "  month = {May 2-8}}\n"
    )
    bibliography = mi_refs.loads(text)
    assert bibliography.problems == ()
    (reference,) = bibliography.references
    assert (reference.month, reference.day, reference.event_days) == (5, None, (2, 8))
    ama = mi_refs.render(bibliography, style="ama", format="text")
    assert "ASH Annual Meeting; May 2-8, 2020; Orlando." in ama
    assert "2020 May 2-8" in mi_refs.render(bibliography, style="vancouver", format="text")
    path = tmp_path / "a.bib"
    mi_refs.save(bibliography, path)
    assert path.read_text(encoding="utf-8") == text
