"""``extract``: a finished letter's typed list into a .bib (the seed letter in every
format), resolved against the fake registry, the keyed letter's round trip through
``cite``, unresolved entries kept, the CLI's exit codes, and the parser's accuracy on
published style examples. No test touches the network."""

from __future__ import annotations

import html
import importlib
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.documents.superscripts import read_document
from mi_refs.intake.extract import extract
from mi_refs.intake.typed import parse_typed_reference
from mi_refs.registries.http import RetryPolicy
from mi_refs.registries.lookup import Registries

from ..conftest import FIXTURES, ROOT, SUPERSCRIPT, build_docx
from ..fakeregistry import FakeRegistry

SEED_MD = (FIXTURES / "documents" / "seed-letter.md").read_text(encoding="utf-8")
SEED_TXT = ROOT.parent / "shared" / "seed" / "daratumumab-itp-letter.txt"


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        yield server


def clients(server: FakeRegistry) -> Registries:
    return Registries.create(
        mailto="mi@example.org", pubmed_url=server.pubmed_url, crossref_url=server.crossref_url,
        sleep=lambda seconds: None, timeout=(2.0, 2.0), retry=RetryPolicy(attempts=2),
    )  # fmt: skip


def build_html(markdown: str) -> str:
    body, listed = markdown.split("## References", 1)
    paragraphs = [
        "<p>" + SUPERSCRIPT.sub(r"<sup>\1</sup>", html.escape(line, quote=False)) + "</p>"
        for line in body.splitlines()
        if line.strip() and not line.startswith("|")
    ]
    items = [
        "<li>" + html.escape(re.sub(r"^\d+\.\s+", "", line), quote=False) + "</li>"
        for line in listed.splitlines()
        if line.strip()
    ]
    return (
        "<html><body>\n" + "\n".join(paragraphs) + "\n<h2>References</h2>\n<ol>\n"
        + "\n".join(items) + "\n</ol>\n</body></html>\n"
    )  # fmt: skip


def superscripts(path: Path) -> list[str]:
    return [s.text for s in read_document(path)[0]]


# --- the parser -------------------------------------------------------------------------


def test_parser_reads_ninety_five_percent_of_published_journal_articles_exactly() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        bench = importlib.import_module("parse_references")
        assert bench.article_accuracy() >= 0.95
        assert bench.article_accuracy(articles_only=False) >= 0.90
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def test_parser_reads_an_nlm_article_with_identifiers() -> None:
    parsed = parse_typed_reference(
        "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected "
        "patients. N Engl J Med. 2002 Jul 25;347(4):284-7. doi:10.1056/NEJMsa020297. "
        "PMID: 12140306."
    )
    assert parsed.entry_type == "article"
    assert parsed.fields["author"].startswith("Halpern, S. D. and Ubel, P. A.")
    assert parsed.fields["journal"] == "N Engl J Med"
    assert (parsed.fields["volume"], parsed.fields["number"]) == ("347", "4")
    assert parsed.fields["pages"] == "284-287"
    assert parsed.fields["doi"] == "10.1056/NEJMsa020297"
    assert parsed.fields["pmid"] == "12140306"


def test_parser_marks_abstracts_and_keeps_supplements() -> None:
    parsed = parse_typed_reference(
        "Migdady Y, Gupta R, Ediriwickrema A, et al. A case report [abstract]. "
        "Blood. 2018;132(suppl 1):4976."
    )
    assert parsed.fields["entrysubtype"] == "abstract"
    assert parsed.fields["title"] == "A case report"
    assert parsed.fields["number"] == "suppl 1"
    assert parsed.fields["author"].endswith("and others")


def test_parser_reads_corporate_authors_package_inserts_and_newspapers() -> None:
    who = parse_typed_reference(
        "World Health Organization. Health Worker Roles. World Health Organization; 2015."
    )
    assert (who.entry_type, who.fields["author"]) == ("book", "{World Health Organization}")
    insert = parse_typed_reference("Azilect. Package insert. Teva Pharmaceuticals Inc; 2014.")
    assert insert.entry_type == "manual"
    assert (insert.fields["title"], insert.fields["type"]) == ("Azilect", "Package insert")
    news = parse_typed_reference(
        "Liptak A. Yale finds error in legal stylebook. New York Times. December 8, 2015:A24."
    )
    assert news.fields["journal"] == "New York Times"
    assert (news.fields["entrysubtype"], news.fields["pages"]) == ("newspaper", "A24")


# --- the seed letter ----------------------------------------------------------------------


def test_the_seed_letter_text_gives_twenty_entries_offline(tmp_path: Path) -> None:
    result = extract(SEED_TXT, tmp_path / "out.bib", online=False, use_cache=False)
    bib = mi_refs.load(tmp_path / "out.bib")
    assert not bib.problems
    assert len(bib) == 20
    assert bib.keys == tuple(result.keys[n] for n in range(1, 21))
    assert bib.references[3].journal == "Lancet"  # as printed
    assert all(r.get("x-mi-refs").startswith("unverified") for r in bib)
    assert result.report.summary()["left"] == 20


def test_the_seed_letter_resolves_what_its_confirmed_facts_identify(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    result = extract(
        SEED_TXT, tmp_path / "out.bib", registries=clients(registry), cache_dir=tmp_path / "c"
    )
    bib = mi_refs.load(tmp_path / "out.bib")
    by_number = {n: bib[result.keys[n]] for n in range(1, 21)}
    assert by_number[13].pmid == "38831655"
    assert by_number[15].pmid == "30915450"
    assert by_number[15].doi == "10.1093/labmed/lmz004"
    assert by_number[4].doi == "10.1016/j.bcmd.2023.102724"
    assert "Crossref bibliographic search" in by_number[4].get("x-mi-refs")
    assert "journal printed Lancet" in by_number[4].get("x-mi-refs")
    assert by_number[9].doi == "10.1056/nejmoa2023325"
    resolved = {n for n, r in by_number.items() if r.get("x-mi-refs").startswith("resolved")}
    assert resolved == {4, 9, 13, 15, 17}
    # records without authors cannot confirm the first author: not accepted
    assert not by_number[16].doi and not by_number[12].doi
    # unresolved references keep their printed fields and say so
    unresolved = by_number[5]
    assert unresolved.get("x-mi-refs").startswith("unverified:")
    assert (unresolved.journal, unresolved.volume, unresolved.pages) == (
        "Pediatr Blood Cancer", "70", "e30472",
    )  # fmt: skip
    assert not unresolved.doi and not unresolved.pmid


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_keyed_letter_cites_back_to_the_same_numbers(tmp_path: Path, suffix: str) -> None:
    letter = tmp_path / f"seed{suffix}"
    if suffix == ".md":
        letter.write_text(SEED_MD, encoding="utf-8")
    elif suffix == ".html":
        letter.write_text(build_html(SEED_MD), encoding="utf-8")
    else:
        build_docx(SEED_MD, letter)
    keyed = tmp_path / f"keyed{suffix}"
    result = extract(letter, tmp_path / "out.bib", keyed=keyed, online=False, use_cache=False)
    assert len(result.keys) == 20
    bib = mi_refs.load(tmp_path / "out.bib")
    cited = tmp_path / f"cited{suffix}"
    mi_refs.cite_file(keyed, bib, cited)
    before = superscripts(letter)
    assert before
    assert superscripts(cited) == before


def test_a_word_list_numbered_by_word_itself(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Shown before.")
    paragraph.add_run("1,2").font.superscript = True
    document.add_heading("References", level=2)
    document.add_paragraph(
        "Hu Y, Wang Z. Early response. Br J Haematol. 2024;205(1):300-305.", style="List Number"
    )
    document.add_paragraph("Sacks O. Hallucinations. Alfred A Knopf; 2012.", style="List Number")
    letter = tmp_path / "letter.docx"
    document.save(str(letter))
    keyed = tmp_path / "keyed.docx"
    result = extract(letter, tmp_path / "o.bib", keyed=keyed, online=False, use_cache=False)
    assert list(result.keys.values()) == ["hu2024early", "sacks2012hallucinations"]
    cited = tmp_path / "cited.docx"
    mi_refs.cite_file(keyed, mi_refs.load(tmp_path / "o.bib"), cited)
    assert superscripts(cited) == ["1,2"]


def test_clusters_and_locators_become_pandoc_citations(tmp_path: Path) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text(
        "Shown before.^1(p4)^ Also here.^2,3^\n\n## References\n\n"
        "1. Sacks O. Hallucinations. Alfred A Knopf; 2012.\n"
        "2. Vernava I, Schmitt CA. Daratumumab in ITP. Lancet. 2023;99:102724.\n"
        "3. Hu Y, Wang Z. Early response. Br J Haematol. 2024;205(1):300-305.\n",
        encoding="utf-8",
    )
    result = extract(letter, keyed=tmp_path / "k.md", online=False, use_cache=False)
    text = (tmp_path / "k.md").read_text(encoding="utf-8")
    assert f"[@{result.keys[1]}, p. 4]" in text
    assert f"[@{result.keys[2]}; @{result.keys[3]}]" in text
    assert "::: {#refs}" in text and "Alfred A Knopf" not in text


def test_a_trailing_list_without_heading_and_html_paragraphs(tmp_path: Path) -> None:
    text = tmp_path / "letter.txt"
    text.write_text(
        "Shown before.\u00b9\n\n1. Hu Y, Wang Z. Early response. Br J Haematol. "
        "2024;205(1):300-305.\n",
        encoding="utf-8",
    )
    assert list(extract(text, online=False, use_cache=False).keys.values()) == ["hu2024early"]
    page = tmp_path / "letter.html"
    page.write_text(
        "<p>Shown.<sup>1,2</sup></p><h2>References</h2>"
        "<p>1. Hu Y, Wang Z. Early response. Br J Haematol. 2024;205(1):300-305.</p>"
        "<p>2. Sacks O. Hallucinations. Alfred A Knopf; 2012.</p>",
        encoding="utf-8",
    )
    result = extract(page, keyed=tmp_path / "k.html", online=False, use_cache=False)
    keyed = (tmp_path / "k.html").read_text(encoding="utf-8")
    assert "[@hu2024early; @sacks2012hallucinations]" in keyed
    assert '<div id="refs"></div>' in keyed and "Alfred" not in keyed
    assert result.typed[1].entry_type == "book"


def test_unresolved_entries_keep_printed_fields_in_the_written_bib(tmp_path: Path) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text(
        "Text.^1^\n\n## References\n\n1. Doe J, Roe R, et al. A study [abstract]. "
        "Blood. 2021;138(suppl 1):2088. Unplaceable trailing words here\n",
        encoding="utf-8",
    )
    extract(letter, tmp_path / "o.bib", online=False, use_cache=False)
    (entry,) = mi_refs.load(tmp_path / "o.bib")
    assert entry.kind is mi_refs.Kind.ABSTRACT
    assert (entry.journal, entry.volume, entry.issue, entry.pages) == (
        "Blood", "138", "suppl 1", "2088",
    )  # fmt: skip
    assert entry.get("x-mi-refs").startswith("unverified: not looked up")


# --- the command line ---------------------------------------------------------------------


def test_cli_extract_exit_codes(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["extract", str(SEED_TXT), "--offline", "--cache-dir", str(tmp_path)], out, err)
    assert code == 0
    assert out.getvalue().count("@article{") == 20
    assert "mi-refs extract: 20 entries" in err.getvalue()
    json_out = io.StringIO()
    target = tmp_path / "o.bib"
    argv = ["extract", str(SEED_TXT), "-o", str(target), "--offline", "--format", "json"]
    assert main([*argv, "--cache-dir", str(tmp_path)], json_out, io.StringIO()) == 0
    assert '"command": "extract"' in json_out.getvalue()
    assert target.is_file()
    empty = tmp_path / "empty.txt"
    empty.write_text("No list here.\n", encoding="utf-8")
    assert main(["extract", str(empty), "--offline"], io.StringIO(), err) == 2
    assert main(["extract", str(tmp_path / "missing.md"), "--offline"], io.StringIO(), err) == 2
    assert main(["extract", str(tmp_path / "letter.pdf"), "--offline"], io.StringIO(), err) == 2
