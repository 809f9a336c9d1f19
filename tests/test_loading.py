"""Loading: every field of the model, normalised once, from real-world BibTeX."""

import datetime as dt
from pathlib import Path

import pytest

import mi_refs
from mi_refs import Kind, Name

from .conftest import FIXTURES, ROOT, one


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
