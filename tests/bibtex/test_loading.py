"""Loading: every field of the model, normalised once, from real-world BibTeX."""

import datetime as dt
from pathlib import Path

import pytest

import mi_refs
from mi_refs import Kind, Name, Severity
from mi_refs.bibtex.fields import KNOWN_ENTRY_TYPES

from ..conftest import FIXTURES, ROOT, one


def test_article_fields() -> None:
    reference = one(
        r"""
@article{vernava2023,
  author       = {Vernava, Ilaria and Schmitt, Clemens A.},
  title        = {Daratumumab as a novel treatment option in refractory {ITP}},
  journal      = {Blood Cells, Molecules \& Diseases},
  shortjournal = {Blood Cells Mol Dis},
  year         = 2023,
  month        = mar,
  volume       = {99},
  pages        = {102724},
  doi          = {https://doi.org/10.1016/j.bcmd.2023.102724},
  pmid         = {PMID: 36669360},
  pmcid        = {pmc123},
  note         = {Case report},
}
"""
    )
    assert reference.key == "vernava2023"
    assert reference.entry_type == "article"
    assert reference.kind is Kind.ARTICLE
    assert reference.authors == (Name("Vernava", "Ilaria"), Name("Schmitt", "Clemens A."))
    assert reference.title == "Daratumumab as a novel treatment option in refractory ITP"
    assert reference.journal == "Blood Cells, Molecules & Diseases"
    assert reference.shortjournal == "Blood Cells Mol Dis"
    assert (reference.year, reference.month, reference.volume, reference.issue) == (
        "2023",
        3,
        "99",
        "",
    )
    assert reference.pages == "102724"
    assert reference.doi == "10.1016/j.bcmd.2023.102724"
    assert reference.pmid == "36669360"
    assert reference.pmcid == "PMC123"
    assert reference.note == "Case report"
    assert reference.line == 2
    assert reference.get("pmid") == "PMID: 36669360"  # the field as written stays available


def test_string_macros_concatenation_and_months() -> None:
    bib = mi_refs.loads(
        """@string{bjh = "Br J Haematol"}
@string{suffix = bjh # " (Suppl)"}
@article{a, title = {T}, journal = suffix, shortjournal = bjh, year = 2024, month = jul}
"""
    )
    assert not bib.problems
    assert bib["a"].journal == "Br J Haematol (Suppl)"
    assert bib["a"].month == 7


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        ("@article{k, title={T}, journal={J}, year=2020}", Kind.ARTICLE),
        ("@article{k, entrysubtype={abstract}, title={T}, journal={J}, year=2020}", Kind.ABSTRACT),
        ("@inproceedings{k, title={T}, eventtitle={ASH}, year=2020}", Kind.PRESENTATION),
        ("@book{k, author={A, B}, title={T}, publisher={P}, year=2020}", Kind.BOOK),
        ("@incollection{k, title={T}, booktitle={B}, publisher={P}, year=2020}", Kind.CHAPTER),
        ("@inbook{k, title={T}, booktitle={B}, publisher={P}, year=2020}", Kind.CHAPTER),
        ("@online{k, title={T}, url={https://example.org}}", Kind.WEBPAGE),
        ("@misc{k, title={T}, url={https://example.org}}", Kind.WEBPAGE),
        (
            "@online{k, entrysubtype={registration}, title={T}, url={https://x.org}, number={NCT1}}",
            Kind.REGISTRATION,
        ),
        (
            "@manual{k, type={Prescribing information}, title={D}, organization={J}, year=2024}",
            Kind.PRESCRIBING_INFORMATION,
        ),
        (
            "@manual{k, entrysubtype={package-insert}, title={D}, organization={J}, year=2024}",
            Kind.PRESCRIBING_INFORMATION,
        ),
        ("@manual{R, title={R}, organization={R Foundation}, year=2024}", Kind.GENERIC),
        ("@phdthesis{k, title={T}, school={S}, year=2020}", Kind.THESIS),
        ("@thesis{k, title={T}, institution={S}, year=2020}", Kind.THESIS),
        (
            "@inproceedings{k, title={T}, booktitle={B}, pages={1--2}, year=2020}",
            Kind.PROCEEDINGS_PAPER,
        ),
        ("@inproceedings{k, title={T}, eventtitle={M}, year=2020}", Kind.PRESENTATION),
        (
            "@misc{k, title={T}, eprint={2001.00001}, archiveprefix={arXiv}, year=2020}",
            Kind.PREPRINT,
        ),
        ("@misc{k, title={T}, doi={10.1000/x}, year=2020}", Kind.GENERIC),
        ("@patent{k, title={T}, number={US1}, year=2020}", Kind.PATENT),
        ("@software{k, title={T}, year=2020}", Kind.SOFTWARE),
        ("@dataset{k, title={T}, year=2020}", Kind.DATASET),
        ("@unpublished{k, title={T}, year=2020}", Kind.GENERIC),
        (
            "@misc{k, entrysubtype={data-on-file}, organization={Janssen}, year=2024}",
            Kind.DATA_ON_FILE,
        ),
        ("@techreport{k, title={T}, institution={I}, year=2024}", Kind.REPORT),
        ("@ARTICLE{k, TITLE={T}, JOURNAL={J}, YEAR=2020}", Kind.ARTICLE),
    ],
)
def test_kinds(entry: str, kind: Kind) -> None:
    assert one(entry).kind is kind


def test_dates_and_access_dates() -> None:
    reference = one(
        "@online{k, title={T}, url={https://x.org}, date={2024-05-01}, urldate={2025-05-09}}"
    )
    assert (reference.year, reference.month, reference.day) == ("2024", 5, 1)
    assert reference.urldate == dt.date(2025, 5, 9)


def test_supplement_issue_and_elocator() -> None:
    reference = one(
        "@article{k, title={T}, journal={J}, year=2018, volume=132, number={Suppl 1}, eid={e4976}}"
    )
    assert reference.issue == "Suppl 1"
    assert reference.pages == "e4976"


def test_and_others() -> None:
    reference = one(
        "@article{k, author={Tsykunova, G and Holme, PA and others}, title={T}, journal={J}, year=2021}"
    )
    assert reference.authors_truncated
    assert len(reference.authors) == 2


def test_editors() -> None:
    reference = one(
        "@book{k, editor={Hoffman, R and Benz, EJ}, title={T}, publisher={P}, year=2023}"
    )
    assert [name.last for name in reference.editors] == ["Hoffman", "Benz"]
    assert reference.authors == ()


def test_references_bib_loads_cleanly() -> None:
    bib = mi_refs.load(ROOT / "references.bib")
    assert not bib.problems, [str(problem) for problem in bib.problems]
    assert len(bib) == 20
    assert bib.references[3].shortjournal == "Blood Cells Mol Dis"


def test_bibliography_access() -> None:
    bib = mi_refs.loads(
        "@article{a, title={A}, journal={J}, year=1}\n@article{b, title={B}, journal={J}, year=2}"
    )
    assert bib.keys == ("a", "b")
    assert "b" in bib
    assert bib["b"].title == "B"
    with pytest.raises(KeyError):
        bib["c"]
    assert [reference.key for reference in bib] == ["a", "b"]


def test_unreadable_file_raises_with_the_path(tmp_path: Path) -> None:
    with pytest.raises(mi_refs.UnreadableFileError, match=r"missing\.bib"):
        mi_refs.load(tmp_path / "missing.bib")


def test_latin1_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.bib"
    path.write_bytes("@article{k, title={Caf\xe9}, journal={J}, year=2020}\n".encode("latin-1"))
    bib = mi_refs.load(path)
    assert bib["k"].title == "Café"
    assert bib.problems[0].severity is mi_refs.Severity.WARNING
    assert "not UTF-8" in bib.problems[0].message
    mi_refs.save(bib)
    assert path.read_bytes() == "@article{k, title={Caf\xe9}, journal={J}, year=2020}\n".encode(
        "latin-1"
    )


def test_fixtures_seed_as_printed_keeps_the_printed_errors() -> None:
    bib = mi_refs.load(FIXTURES / "seed-as-printed.bib")
    assert len(bib) == 20
    assert bib.references[3].journal == "Lancet"


ENTRY_TYPES = (
    "article", "book", "mvbook", "inbook", "bookinbook", "suppbook", "booklet", "collection",
    "mvcollection", "incollection", "suppcollection", "dataset", "manual", "misc", "online",
    "patent", "periodical", "suppperiodical", "proceedings", "mvproceedings",
    "inproceedings", "reference", "mvreference", "inreference", "report", "set", "software",
    "thesis", "unpublished", "xdata", "conference", "electronic", "mastersthesis",
    "phdthesis", "techreport", "www", "letter", "artwork", "audio", "image", "jurisdiction",
    "legislation", "movie", "music", "performance", "review", "standard", "video", "artcle",
)  # fmt: skip


def test_every_entry_type_loads_and_renders_one_line() -> None:
    text = "\n".join(
        f"@{kind}{{k{n}, title={{T{n}}}, author={{Doe, J}}, year=2020}}"
        for n, kind in enumerate(ENTRY_TYPES)
    )
    bib = mi_refs.loads(text)
    assert len(bib) == len(ENTRY_TYPES)
    for style in ("ama", "vancouver"):
        lines = mi_refs.render(bib, style=style).splitlines()
        assert [line.split(".")[0] for line in lines] == [str(n + 1) for n in range(len(lines))]
        assert all(f"T{n}" in line for n, line in enumerate(lines))
    unknown = [p for p in bib.problems if "unknown entry type" in p.message]
    assert {p.key for p in unknown} == {
        f"k{n}" for n, kind in enumerate(ENTRY_TYPES) if kind not in KNOWN_ENTRY_TYPES
    }
    assert all(p.severity is Severity.WARNING for p in unknown)


def test_repeated_field_keeps_the_first_value() -> None:
    bib = mi_refs.loads("@article{k, title={First}, title={Second}, journal={J}, year=2020}")
    assert bib["k"].title == "First"
    assert [(p.field, p.severity) for p in bib.problems] == [("title", Severity.WARNING)]


def test_empty_keys_get_stable_generated_keys() -> None:
    text = (
        "@article{,\n author={Smith, J}, title={A}, journal={J}, year=2020}\n"
        "@article{,\n title={B}, journal={J}}\n"
    )
    bib = mi_refs.loads(text)
    assert bib.keys == ("smith2020-line1", "entry-line3")
    assert mi_refs.loads(text).keys == bib.keys
    assert all(p.severity is Severity.WARNING for p in bib.problems if "no key" in p.message)


def test_windows_1252_is_not_read_as_latin_1(tmp_path: Path) -> None:
    path = tmp_path / "cp.bib"
    path.write_bytes(
        "@article{k, title={It\u2019s \u201cfine\u201d \u2013 \u20ac5}, journal={J}, year=2020}".encode(
            "cp1252"
        )
    )
    bib = mi_refs.load(path)
    assert bib["k"].title == "It\u2019s \u201cfine\u201d \u2013 \u20ac5"
    assert any("windows-1252" in p.message for p in bib.problems)


def test_utf8_bom_is_read_without_warning(tmp_path: Path) -> None:
    path = tmp_path / "bom.bib"
    path.write_bytes(b"\xef\xbb\xbf@article{k, title={T}, journal={J}, year=2020}\n")
    bib = mi_refs.load(path)
    assert bib.keys == ("k",)
    assert not bib.problems


def test_fields_that_never_print_are_not_decoded() -> None:
    bib = mi_refs.loads(
        r"@article{k, title={M{\"u}ller}, abstract={M{\"u}ller}, journal={J}, year=2020}"
    )
    assert bib["k"].title == "Müller"
    assert bib["k"].get("abstract") == r"M{\"u}ller"


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        ("@article{k, title={T}, journal={N}, date={2020-01-02}, pubstate={online first}}",
         Kind.ARTICLE),
        ("@article{k, entrysubtype={newspaper}, title={T}, journal={N}, year=2020}",
         Kind.NEWSPAPER),
        ("@online{k, title={T}, organization={D}, publisher={P}, urldate={2020-01-01}}",
         Kind.DATABASE),
        ("@misc{k, title={T}, howpublished={medRxiv}, year=2020}", Kind.PREPRINT),
        ("@letter{k, author={Doe, J}, year=2020}", Kind.PERSONAL_COMMUNICATION),
        ("@artcle{k, title={T}, journal={J}, year=2020}", Kind.ARTICLE),
    ],
)  # fmt: skip
def test_more_kinds(entry: str, kind: Kind) -> None:
    assert mi_refs.loads(entry).references[0].kind is kind


def test_a_key_holding_equals_is_read_and_written_back() -> None:
    """pandoc and biblatex read ``@misc{https://x.org/?a=1,``; bibtexparser's splitter
    refuses the key (issue 9: it made the entry vanish). It loads with a warning, renders,
    and saves byte for byte."""
    text = (
        "@article{a=b,\n  title = {T1}, journal = {J}, year = 2020}\n\n"
        "@article{ok, title = {T2}, journal = {J}, year = 2021}\n\n"
        "@misc{https://example.com/x?a=1,\n  title = {Web}, year = 2020}\n"
    )
    bib = mi_refs.loads(text)
    assert [r.key for r in bib] == ["a=b", "ok", "https://example.com/x?a=1"]
    assert [(p.key, p.severity) for p in bib.problems] == [
        ("a=b", mi_refs.Severity.WARNING),
        ("https://example.com/x?a=1", mi_refs.Severity.WARNING),
    ]
    assert len(mi_refs.render(bib).splitlines()) == 3
    assert mi_refs.format_bibtex(bib) == text
