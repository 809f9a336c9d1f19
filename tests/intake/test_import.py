"""mi-refs import/export on real exports (tests/fixtures/imports, provenance in its
SOURCES.md): counts, key fields, nothing lost, duplicates, merge, round trip, CLI."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

import mi_refs
from mi_refs.bibtex.canonical import canonical_title
from mi_refs.cli import main
from mi_refs.importers import read_file
from mi_refs.importers.export import export
from mi_refs.intake.importing import import_files

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"

COUNTS = {
    "pubmed-nbib-20301770-GeneReviews-book-chapter-editors-FED-ED-pybtexnbib.nbib": ("nbib", 1),
    "pubmed-nbib-27919275-Rayyan-AUID-orcid-ref_parsers.nbib": ("nbib", 1),
    "pubmed-nbib-29424689-AUID-orcid-JATS-markup-in-AB-manubot.nbib": ("nbib", 2),
    "embase-export-BOM-A1-M1-asreview.ris": ("ris", 6),
    "nonstandard-TY-cyrillic-umlauts-BOM-rispy.ris": ("ris", 1),
    "pubmed-records-exported-by-endnote-multiline-KW-N1-asreview.txt": ("ris", 6),
    "rayyan-export-multiline-KW-asreview.txt": ("ris", 19),
    "zotero-export-JOUR-and-ELEC-curly-quotes-manubot.ris": ("ris", 2),
    "better-csl-json-26-items-books-chapters-articles-zotero-bbt.json": ("csl-json", 26),
    "better-csl-json-journal-abbreviation-zotero-bbt.json": ("csl-json", 1),
    "csl-json-crossref-derived-elife-manubot.json": ("csl-json", 2),
    "csl-json-from-crossref-content-negotiation-manubot.json": ("csl-json", 1),
    "bookends-endnote-xml-1-record-br-j-cancer-jabref.xml": ("endnote-xml", 1),
    "bookends-endnote-xml-acupuncture-empty-keyword-style-jabref.xml": ("endnote-xml", 1),
    "endnote15-xml-export-2-records-ecology-pandoc.xml": ("endnote-xml", 2),
    "bbt-json-2-pubmed-items-PMID-PMCID-in-extra.json": ("bbt-json", 2),
    "bbt-json-2-pubmed-items-month-day.json": ("bbt-json", 2),
    "bbt-json-french-article-nonASCII-PMID-in-extra.json": ("bbt-json", 1),
    "mendeley-ADDIN-CSL_CITATION-pandoc.docx": ("docx", 4),
    "zotero-ADDIN-ZOTERO_ITEM-CSL_CITATION-and-ZOTERO_BIBL-pandoc.docx": ("docx", 3),
}


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_every_real_file_is_read_and_loads_cleanly(name: str) -> None:
    fmt, count = COUNTS[name]
    records, problems, chosen = read_file(FIXTURES / name)
    assert (chosen, len(records)) == (fmt, count)
    assert not [p for p in problems if p.severity is mi_refs.Severity.ERROR]
    result = import_files([FIXTURES / name])
    bib = mi_refs.loads(result.bibtex)
    assert len(bib) == count - result.report.counts["merged"] - result.report.counts["skipped"]
    assert not [p for p in bib.problems if p.code == "parse-error"]
    assert mi_refs.render(bib, style="ama", format="text").count("\n") == len(bib)


def _one(name: str, index: int = 0) -> mi_refs.Reference:
    return mi_refs.loads(import_files([FIXTURES / name]).bibtex).references[index]


def test_nbib_article_fields_exact() -> None:
    ref = _one("pubmed-nbib-27919275-Rayyan-AUID-orcid-ref_parsers.nbib")
    assert (ref.entry_type, ref.pmid, ref.pmcid, ref.doi) == (
        "article",
        "27919275",
        "PMC5139140",
        "10.1186/s13643-016-0384-4",
    )
    assert (ref.journal, ref.shortjournal, ref.year, ref.month, ref.day) == (
        "Systematic reviews",
        "Syst Rev",
        "2016",
        12,
        5,
    )
    assert (ref.volume, ref.issue, ref.pages) == ("5", "1", "210")
    assert [a.surname for a in ref.authors] == ["Ouzzani", "Hammady", "Fedorowicz", "Elmagarmid"]
    assert ref.get("abstract").startswith("BACKGROUND: Synthesis")
    assert "ORCID" in ref.get("x-author-id")


def test_nbib_genereviews_chapter_with_editors() -> None:
    ref = _one("pubmed-nbib-20301770-GeneReviews-book-chapter-editors-FED-ED-pybtexnbib.nbib")
    assert ref.entry_type == "incollection"
    assert ref.booktitle == "GeneReviews(®)"
    assert len(ref.editors) == 8 and ref.editors[0].surname == "Adam"
    assert ref.authors[1].surname == "de Brouwer"


def test_ris_endnote_pubmed_an_is_pmid_and_multiline_keywords() -> None:
    ref = _one("pubmed-records-exported-by-endnote-multiline-KW-N1-asreview.txt")
    assert (ref.pmid, ref.doi, ref.journal, ref.pages) == (
        "21553931",
        "10.2165/11586800-000000000-00000",
        "Clin Pharmacokinet",
        "349-369",  # MEDLINE's 349-69 written in full (issue #15: the canonical form)
    )
    assert "Boswellia/*chemistry" in ref.get("keywords")
    assert ref.get("x-et") == "2011/05/11"  # the Epub date, not an edition
    assert not ref.edition


def test_ris_embase_names_and_cyrillic() -> None:
    ref = _one("embase-export-BOM-A1-M1-asreview.ris")
    assert [(a.last, a.given) for a in ref.authors] == [("Liu", "R."), ("Adler", "D.G.")]
    assert ref.doi == "10.4103/2303-9027.138783"
    cyr = _one("nonstandard-TY-cyrillic-umlauts-BOM-rispy.ris")
    assert cyr.title.startswith("Состояние") and cyr.volume == "8"
    assert cyr.get("x-n1") == "Ä,Ö,Ü,ä,ö,ü,ß"


def test_csl_json_types_and_identifiers() -> None:
    bib = mi_refs.loads(
        import_files(
            [FIXTURES / "better-csl-json-26-items-books-chapters-articles-zotero-bbt.json"]
        ).bibtex
    )
    kinds = sorted(r.entry_type for r in bib)
    assert kinds.count("article") == 16 and kinds.count("incollection") == 4
    assert kinds.count("book") == 1 and kinds.count("online") == 5
    elife = _one("csl-json-crossref-derived-elife-manubot.json")
    assert (elife.pmid, elife.pmcid, elife.doi) == ("29424689", "PMC5832410", "10.7554/elife.32822")


def test_endnote_xml_and_metadata_left_out_is_reported() -> None:
    result = import_files([FIXTURES / "bookends-endnote-xml-1-record-br-j-cancer-jabref.xml"])
    ref = mi_refs.loads(result.bibtex).references[0]
    assert (ref.doi, ref.pmid, ref.journal, ref.volume, ref.issue) == (
        "10.1038/bjc.2014.606",
        "25647015",
        "Br J Cancer",
        "112",
        "5",
    )
    assert "/Users/" not in result.bibtex.split("file")[0]
    messages = [f.message for e in result.report.entries for f in e.findings]
    assert any("database" in m and "left out" in m for m in messages)


def test_bbt_json_extra_lines() -> None:
    ref = _one("bbt-json-2-pubmed-items-PMID-PMCID-in-extra.json")
    assert (ref.pmid, ref.pmcid, ref.year, ref.month, ref.day) == (
        "29474540",
        "PMC5905626",
        "2018",
        5,
        1,
    )
    fr = _one("bbt-json-french-article-nonASCII-PMID-in-extra.json")
    assert fr.authors[1].last == "Péhourcq" and fr.pmid == "14758786"


def test_word_fields() -> None:
    zot = mi_refs.loads(
        import_files(
            [FIXTURES / "zotero-ADDIN-ZOTERO_ITEM-CSL_CITATION-and-ZOTERO_BIBL-pandoc.docx"]
        ).bibtex
    )
    assert [r.doi for r in zot] == [
        "10.1007/s00382-013-1683-2",
        "10.5194/gmd-9-3751-2016",
        "10.1002/2016GL069961",
    ]


def test_duplicates_merged_into_target_keep_other_bytes(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    original = "% my comment\n@article{mine,\n  author = {Himmelstein, Daniel S},\n  title = {Sci-Hub provides access to nearly all scholarly literature},\n  journal = {eLife},\n  year = {2018},\n  doi = {10.7554/eLife.32822},\n}\n"
    target.write_text(original, encoding="utf-8")
    result = import_files(
        [FIXTURES / "pubmed-nbib-29424689-AUID-orcid-JATS-markup-in-AB-manubot.nbib"], target
    )
    counts = result.report.counts
    assert (counts["read"], counts["added"], counts["merged"]) == (2, 1, 1)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("% my comment\n@article{mine,\n  author = {Himmelstein, Daniel S},")
    bib = mi_refs.load(target)
    assert bib["mine"].pmid == "29424689" and bib["mine"].journal == "eLife"
    again = import_files(
        [FIXTURES / "pubmed-nbib-29424689-AUID-orcid-JATS-markup-in-AB-manubot.nbib"], target
    )
    assert again.report.counts["added"] == 0
    assert target.read_text(encoding="utf-8") == text


def test_csl_json_export_round_trip(tmp_path: Path) -> None:
    files = [FIXTURES / n for n in COUNTS]
    bib = mi_refs.loads(import_files(files).bibtex)
    path = tmp_path / "out.json"
    path.write_text(export(bib, "csl-json"), encoding="utf-8")
    back = mi_refs.loads(import_files([path]).bibtex)
    assert len(back) == len(bib)
    for a, b in zip(bib, back, strict=True):
        for attr in (
            "entry_type",
            "title",
            "journal",
            "year",
            "month",
            "volume",
            "issue",
            "pages",
            "doi",
            "pmid",
            "pmcid",
            "authors",
            "editors",
            "url",
            "urldate",
        ):
            assert getattr(a, attr) == getattr(b, attr), (a.key, attr)


def test_ris_export_round_trip(tmp_path: Path) -> None:
    bib = mi_refs.loads(import_files([FIXTURES / COUNTS_RIS]).bibtex)
    path = tmp_path / "out.ris"
    path.write_text(export(bib, "ris"), encoding="utf-8")
    back = mi_refs.loads(import_files([path]).bibtex)
    for a, b in zip(bib, back, strict=True):
        for attr in (
            "title",
            "journal",
            "year",
            "volume",
            "issue",
            "pages",
            "doi",
            "pmid",
            "authors",
        ):
            assert getattr(a, attr) == getattr(b, attr), (a.key, attr)


COUNTS_RIS = "pubmed-records-exported-by-endnote-multiline-KW-N1-asreview.txt"


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nbib = str(FIXTURES / "pubmed-nbib-27919275-Rayyan-AUID-orcid-ref_parsers.nbib")
    assert main(["import", nbib]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("@article{ouzzani2016rayyana,") and "1 added" in err
    into = tmp_path / "new.bib"
    assert main(["import", nbib, "--into", str(into), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr()[0])
    assert report["summary"]["added"] == 1 and report["tool"]["command"] == "import"
    assert mi_refs.load(into)["ouzzani2016rayyana"].pmid == "27919275"
    assert main(["import", str(tmp_path / "missing.ris")]) == 2
    junk = tmp_path / "junk.dat"
    junk.write_text("hello\n", encoding="utf-8")
    assert main(["import", str(junk)]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    assert main(["export", str(into), "--format", "ris"]) == 0
    assert "AN  - 27919275" in capsys.readouterr()[0]


# A RIS file written for this test (constructed, not an export): two of the seed letter's
# references as printed (no identifiers) and one invented work no registry knows.
RESOLVE_RIS = """TY  - JOUR
AU  - Vernava, I
AU  - Schmitt, CA
TI  - Daratumumab as a novel treatment option in refractory ITP
T2  - Lancet
PY  - 2023
VL  - 99
SP  - 102724
ER  -

TY  - JOUR
AU  - Hu, Y
AU  - Wang, Z
AU  - Ma, J
TI  - The early and rapid response to daratumumab in children with chronic refractory immune thrombocytopenia from a referral single centre of China
T2  - Br J Haematol
PY  - 2024
VL  - 205
IS  - 1
SP  - 300
EP  - 305
ER  -

TY  - JOUR
AU  - Nobody, A
TI  - A work that no registry has heard of
T2  - J Imaginary Res
PY  - 2019
VL  - 1
SP  - 1
EP  - 2
ER  -
"""


def test_resolve_adds_verified_identifiers_only(tmp_path: Path) -> None:
    from mi_refs.registries.http import RetryPolicy
    from mi_refs.registries.lookup import Registries

    from ..fakeregistry import FakeRegistry

    source = tmp_path / "printed.ris"
    source.write_text(RESOLVE_RIS, encoding="utf-8")
    with FakeRegistry.from_fixtures() as server:
        registries = Registries.create(
            mailto="mi@example.org", pubmed_url=server.pubmed_url,
            crossref_url=server.crossref_url, sleep=lambda seconds: None,
            timeout=(2.0, 2.0), retry=RetryPolicy(attempts=2),
        )  # fmt: skip
        result = import_files(
            [source], tmp_path / "refs.bib", resolve=True, registries=registries,
            cache_dir=tmp_path / "cache",
        )  # fmt: skip
    bib = mi_refs.load(tmp_path / "refs.bib")
    assert not bib.problems
    vernava, hu, nobody = bib.references
    assert vernava.doi == "10.1016/j.bcmd.2023.102724"
    assert hu.pmid
    assert not nobody.doi and not nobody.pmid
    assert result.report.counts["unresolved"] == 1
    codes = {e.key: [f.code for f in e.findings] for e in result.report.entries}
    assert "identifier-suggested" in codes[vernava.key]
    assert "unresolved" in codes[nobody.key]


def test_resolve_without_registries_is_not_a_guess(tmp_path: Path) -> None:
    from mi_refs.registries.lookup import Registries

    source = tmp_path / "printed.ris"
    source.write_text(RESOLVE_RIS, encoding="utf-8")
    dead = Registries.create(
        pubmed_url="http://127.0.0.1:9/eutils", crossref_url="http://127.0.0.1:9/crossref",
        sleep=lambda seconds: None, timeout=(0.2, 0.2),
    )  # fmt: skip
    result = import_files([source], resolve=True, registries=dead, use_cache=False)
    bib = mi_refs.loads(result.bibtex)
    assert all(not r.doi and not r.pmid for r in bib)
    assert result.report.counts["unresolved"] == 3


def _written_values(bibtex: str) -> str:
    """Every value of the written entries, names included, LaTeX specials unescaped."""
    bib = mi_refs.loads(bibtex)
    values = [v for r in bib for _, v in r.fields]
    values += [f"{n.last}, {n.given}" for r in bib for n in (*r.authors, *r.editors)]
    return " ".join(re.sub(r"\\([&%$#_])", r"\1", " ".join(values)).split())


def _norm(value: str) -> str:
    return " ".join(value.split())


def _kept(value: str, written: str) -> bool:
    """The value is in the written text as it was, or in its canonical form (a title
    without PubMed's trailing period: issue #15)."""
    return value in written or canonical_title(value) in written


@pytest.mark.parametrize("name", [n for n in sorted(COUNTS) if n.endswith(".nbib")])
def test_nbib_nothing_lost(name: str) -> None:
    from mi_refs.importers.nbib import _records

    written = _written_values(import_files([FIXTURES / name], keep_all=True).bibtex)
    for record in _records((FIXTURES / name).read_text(encoding="utf-8")):
        for tag, value, _ in record:
            if tag in {"AU", "ED"}:  # the short forms of FAU and FED
                continue
            clean = re.sub(r" \[(doi|pmc)\]$", "", _norm(value))
            assert _kept(clean, written), (tag, value)


@pytest.mark.parametrize("name", [n for n, (f, _) in sorted(COUNTS.items()) if f == "ris"])
def test_ris_nothing_lost(name: str) -> None:
    from tests.intake.rispy_reference import rispy_records

    written = _written_values(import_files([FIXTURES / name], keep_all=True).bibtex)
    text = (FIXTURES / name).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    for record in rispy_records(text):
        for tag, values in record["UK"].items():
            if tag in {"ER", "SP", "EP", "PY", "DA", "Y1", "Y2"}:  # pages and dates: parsed
                continue
            for value in values:
                assert _kept(_norm(value), written), (tag, value)


def test_short_doi_taken_from_the_url() -> None:
    name = "better-csl-json-26-items-books-chapters-articles-zotero-bbt.json"
    result = import_files([FIXTURES / name])
    ref = mi_refs.loads(result.bibtex).references[0]
    assert (ref.doi, ref.get("x-doi")) == ("10.1177/0193723504268729", "10/fqd6hj")


def test_the_same_web_page_twice_is_skipped() -> None:
    result = import_files([
        FIXTURES / "csl-json-crossref-derived-elife-manubot.json",
        FIXTURES / "zotero-export-JOUR-and-ELEC-curly-quotes-manubot.ris",
    ])  # fmt: skip
    assert result.report.counts["added"] == 2
    assert result.report.counts["merged"] + result.report.counts["skipped"] == 2


def _leaves(value: object, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item, path)]
    return [(path, str(value))]


# Leaves that are structure or are parsed into other fields (types, dates, extra lines,
# role names, page ranges written with an en dash), or Crossref's bookkeeping.
_PARSED = {".type", ".itemType", ".date", ".issued", ".accessed", ".extra", ".creators",
           ".author", ".page", ".pages", ".id"}  # fmt: skip


@pytest.mark.parametrize("name", [n for n in sorted(COUNTS) if n.endswith(".json")])
def test_json_formats_nothing_lost(name: str) -> None:
    result = import_files([FIXTURES / name], keep_all=True)
    written = _written_values(result.bibtex)
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    items = data["items"] if isinstance(data, dict) and "items" in data else data
    records, _, _ = read_file(FIXTURES / name)
    for item, record in zip(items if isinstance(items, list) else [items], records, strict=True):
        for path, value in _leaves(item):
            top = "." + path.split(".")[1]
            if top in _PARSED or top[1:] in record.dropped:
                continue
            assert _kept(_norm(value), written), (path, value)


def test_a_literal_double_hyphen_is_not_an_en_dash() -> None:
    ref = _one("bbt-json-2-pubmed-items-month-day.json")
    assert "beta-(1-->4)-galactosyltransferase-1" in ref.title


@pytest.mark.parametrize("name", [n for n in sorted(COUNTS) if n.endswith(".xml")])
def test_endnote_xml_nothing_lost(name: str) -> None:
    from defusedxml.ElementTree import fromstring

    written = _written_values(import_files([FIXTURES / name], keep_all=True).bibtex)
    root = fromstring((FIXTURES / name).read_bytes())
    for record in root.iter("record"):
        for child in record:
            if child.tag in {"database", "source-app", "rec-number", "foreign-keys", "ref-type",
                             "dates", "pages"}:  # fmt: skip
                continue  # export metadata (reported), the type, parsed dates and pages
            for element in child.iter():
                if len(element) == 0 or element.tag == "style":
                    text = _norm("".join(element.itertext()))
                    assert not text or _kept(text, written), (child.tag, text)


def test_nbib_e_locator_without_pages() -> None:
    ref = _one("pubmed-nbib-29424689-AUID-orcid-JATS-markup-in-AB-manubot.nbib")
    assert (ref.pages, ref.get("eid")) == ("e32822", "e32822")
    assert "e32822 [pii]" in ref.get("x-article-id")


# Constructed CSL items (one per type), to pin the type -> kind table of docs/bibtex.md.
KIND_CASES = [
    (
        {"type": "article-journal", "container-title": "Blood", "issued": {"date-parts": [[2020]]}},
        "article",
        mi_refs.Kind.ARTICLE,
    ),
    (
        {
            "type": "article-newspaper",
            "container-title": "The Times",
            "issued": {"date-parts": [[2020]]},
        },
        "article",
        mi_refs.Kind.NEWSPAPER,
    ),
    (
        {"type": "book", "publisher": "Wiley", "issued": {"date-parts": [[2020]]}},
        "book",
        mi_refs.Kind.BOOK,
    ),
    (
        {
            "type": "chapter",
            "container-title": "Big Book",
            "publisher": "Wiley",
            "issued": {"date-parts": [[2020]]},
        },
        "incollection",
        mi_refs.Kind.CHAPTER,
    ),
    (
        {
            "type": "paper-conference",
            "container-title": "Proc. X",
            "page": "1-2",
            "issued": {"date-parts": [[2020]]},
        },
        "inproceedings",
        mi_refs.Kind.PROCEEDINGS_PAPER,
    ),
    (
        {"type": "thesis", "publisher": "Uni", "issued": {"date-parts": [[2020]]}},
        "thesis",
        mi_refs.Kind.THESIS,
    ),
    (
        {"type": "report", "publisher": "WHO", "number": "7", "issued": {"date-parts": [[2020]]}},
        "report",
        mi_refs.Kind.REPORT,
    ),
    (
        {"type": "webpage", "URL": "https://example.org/x", "container-title": "Site"},
        "online",
        mi_refs.Kind.WEBPAGE,
    ),
    (
        {"type": "dataset", "publisher": "Zenodo", "DOI": "10.5281/zenodo.1"},
        "dataset",
        mi_refs.Kind.DATASET,
    ),
    ({"type": "software", "version": "1.0"}, "software", mi_refs.Kind.SOFTWARE),
    (
        {"type": "patent", "number": "US123", "issued": {"date-parts": [[2020]]}},
        "patent",
        mi_refs.Kind.PATENT,
    ),
    (
        {"type": "article", "publisher": "medRxiv", "issued": {"date-parts": [[2020]]}},
        "online",
        mi_refs.Kind.PREPRINT,
    ),
    ({"type": "personal_communication"}, "misc", mi_refs.Kind.PERSONAL_COMMUNICATION),
]


@pytest.mark.parametrize(("item", "entry_type", "kind"), KIND_CASES)
def test_csl_types_map_to_kinds(
    item: dict[str, object], entry_type: str, kind: mi_refs.Kind, tmp_path: Path
) -> None:
    item = {"title": "A title", "author": [{"family": "Smith", "given": "Jo"}], **item}
    path = tmp_path / "one.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    ref = mi_refs.loads(import_files([path]).bibtex).references[0]
    assert (ref.entry_type, ref.kind) == (entry_type, kind)


_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+\.[A-Za-z]")


def test_personal_data_stays_out_unless_kept() -> None:
    """Issue #15: one Embase RIS record brought authors' e-mail addresses (``x-m1``) and
    a correspondence address (``x-ad``) into a .bib a department shares. They are left
    out, and the report says what was; ``keep_all`` (``--keep-all``) keeps them."""
    name = "embase-export-BOM-A1-M1-asreview.ris"
    result = import_files([FIXTURES / name])
    assert "douglas.adler@hsc.utah.edu" not in result.bibtex
    assert "Salt Lake City" not in result.bibtex
    assert "x-m1" not in result.bibtex and "x-ad " not in result.bibtex
    ref = mi_refs.loads(result.bibtex).references[0]
    assert (ref.title, ref.journal, ref.volume, ref.pages, ref.doi) == (
        "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound",
        "Endoscopic Ultrasound", "3", "152-160", "10.4103/2303-9027.138783",
    )  # fmt: skip
    said = [o.finding.message for e in result.report.entries for o in e.outcomes]
    assert any("personal data left out: x-m1 (e-mail addresses), x-ad (an address)" in m
               for m in said)  # fmt: skip
    kept = import_files([FIXTURES / name], keep_all=True)
    assert "douglas.adler@hsc.utah.edu" in kept.bibtex


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_no_e_mail_address_is_imported(name: str) -> None:
    assert not _EMAIL.search(_written_values(import_files([FIXTURES / name]).bibtex))


def test_cli_keep_all(tmp_path: Path) -> None:
    name = FIXTURES / "embase-export-BOM-A1-M1-asreview.ris"
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(name)], stdout=out, stderr=err) == 0
    assert "@hsc.utah.edu" not in out.getvalue() and "personal data left out" in err.getvalue()
    out = io.StringIO()
    assert main(["import", "--keep-all", str(name)], stdout=out, stderr=io.StringIO()) == 0
    assert "douglas.adler@hsc.utah.edu" in out.getvalue()


def test_two_parts_sharing_a_pmid_are_both_imported(tmp_path: Path) -> None:
    """Issue #16: Part I and Part II of a guideline share a PMID; import took Part II
    for a duplicate of Part I and skipped it. Both are entries now, with a warning."""
    ris = (
        "TY  - JOUR\nAU  - Kaufman, Richard M\nTI  - Guideline on platelet transfusion: "
        "Part I. Indications\nT2  - Ann Intern Med\nPY  - 2015\nVL  - 162\nSP  - 205\n"
        "EP  - 213\nAN  - 25383671\nDP  - NLM\nER  - \n\n"
        "TY  - JOUR\nAU  - Kaufman, Richard M\nTI  - Guideline on platelet transfusion: "
        "Part II. Dosing\nT2  - Ann Intern Med\nPY  - 2015\nVL  - 162\nSP  - 214\n"
        "EP  - 220\nAN  - 25383671\nDP  - NLM\nER  - \n"
    )
    path = tmp_path / "parts.ris"
    path.write_text(ris, encoding="utf-8")
    result = import_files([path])
    assert result.report.counts["added"] == 2
    bib = mi_refs.loads(result.bibtex)
    assert [r.title.rsplit(" ", 1)[-1] for r in bib] == ["Indications", "Dosing"]
    said = [o.finding for e in result.report.entries for o in e.outcomes]
    assert any(f.code == "shared-identifier" for f in said)
    assert not any(f.code == "duplicate-entry" for f in said)
