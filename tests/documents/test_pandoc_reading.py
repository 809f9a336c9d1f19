"""Cite exactly as pandoc reads the document, and never change anything else (issue #9).

Each test is one finding of the issue, in the format it was found in (and in the others
where the rule is shared)."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

import mi_refs
from mi_refs.documents.docx import cite_word, superscripts_docx
from mi_refs.documents.numbering import check_numbering
from mi_refs.documents.syntax import find_citations
from mi_refs.errors import DocumentError

from ..conftest import ROOT

BIB = mi_refs.load(ROOT / "references.bib")
A, B, C = "vernava2023novel", "hu2024early", "shino2023sequential"


def cite(text: str, format: str = "markdown") -> str:
    return mi_refs.cite_text(text, BIB, format=format).text  # type: ignore[arg-type]


def _bytes(document: docx.document.Document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_every_byte_outside_citations_and_the_list_is_unchanged() -> None:
    letter = (
        "---\ntitle: 'A letter [@x]'\nnocite: '@" + C + "'\n---\n\n"
        "Text [@" + A + "] and `[@x]`, $[@y]$, <span title='[@z]'>s</span>.\n\n"
        "    [@indented] code\n\n"
        "```\n[@fenced]\n```\n\n"
        "<!-- [@comment] -->\n\n"
        "See @" + B + " [my site] and [a link](http://example.org/@user).\n\n"
        "[my site]: http://example.org\n\n"
        "::: {#refs}\n# References\n:::\n\n"
        "Appendix.\n"
    )
    out = cite(letter)
    for piece in re.split(r"\[@" + A + r"\]|@" + B + r"|::: \{#refs\}\n# References\n", letter):
        assert piece.strip(".\n ") in out
    assert out.startswith(letter[: letter.index("Text")])
    assert "# References\n\n1. Vernava" in out and out.endswith(":::\n\nAppendix.\n")
    assert [line[:3] for line in out.split("# References\n\n")[1].splitlines()[:3]] == [
        "1. ",
        "2. ",
        "3. ",
    ]


def test_a_paragraph_holding_only_a_citation_stays_a_paragraph() -> None:
    assert cite("First paragraph.\n\n[@" + A + "]\n").startswith("First paragraph.\n\n^1^\n")


def test_nothing_cited_changes_nothing() -> None:
    letter = "# Letter\n\nNo citations; [brackets] and a @ sign alone.\n"
    assert cite(letter) == letter
    assert cite("<p>none</p>", "html") == "<p>none</p>"


def test_citing_cited_output_changes_nothing_or_says_why() -> None:
    once = cite("Text [@" + A + "].\n\n::: {#refs}\n:::\n")
    assert cite(once) == once
    with pytest.raises(DocumentError, match="cited already"):
        cite(once + "\nMore [@" + B + "].\n")
    appended = cite("Text [@" + A + "].\n")
    assert cite(appended) == appended
    html = cite("<p>Text [@" + A + '].</p><div id="refs"></div>', "html")
    assert cite(html, "html") == html


def test_a_narrative_citation_with_more_items_is_one_cluster_everywhere() -> None:
    assert cite("@" + A + " [p. 33; @" + B + "] found it.\n").startswith(
        "Vernava and Schmitt (2023)^1(p33),2^ found"
    )
    html = cite("<p>@" + A + " [p. 33; @" + B + "] found</p>", "html")
    assert f'<sup><a href="#ref-{A}">1(p33),2</a></sup>' in html
    document = docx.Document()
    document.add_paragraph("@" + A + " [p. 30; @" + B + "] found it.")
    cited, _ = cite_word(_bytes(document), BIB)
    [superscript] = superscripts_docx(cited)
    assert superscript.text == "1(p30),2"
    findings = check_numbering([superscript], references=2, path="x.docx", kind="docx")
    assert not [f for f in findings if "cites number" in f.message]


def test_adjacent_citations_never_fuse() -> None:
    assert "^1,2^" in cite("Text [@" + A + "] [@" + B + "].\n")
    html = cite("<p>Text [@" + A + "][@" + B + "].</p>", "html")
    assert f'<sup><a href="#ref-{A}">1,2</a></sup>' in html
    assert cite("Text [@" + A + "].[@" + B + "] x\n").startswith("Text.^1,2^ x")
    assert cite("Text [@" + A + "];[@" + B + "] x\n").startswith("Text^1,2^; x")
    for typed in ("Text [@" + A + "].[@" + B + "] x", "Text [@" + A + "];[@" + B + "] x"):
        document = docx.Document()
        document.add_paragraph(typed)
        cited, _ = cite_word(_bytes(document), BIB)
        assert [s.text for s in superscripts_docx(cited)] == ["1,2"]


def test_a_citation_in_an_inline_note_stays_in_the_note() -> None:
    assert cite("Hi^[@" + A + ".].\n").startswith("Hi^[Vernava and Schmitt (2023).^1^].")


def test_citations_in_a_footnote_are_numbered_where_it_is_anchored() -> None:
    out = cite("Body.[^n] Then [@" + B + "].\n\n[^n]: Note [@" + A + "].\n")
    assert "Then.^2^" in out and "Note.^1^" in out


def test_suppressed_author_leaves_no_hyphen() -> None:
    # "and" introduces the second citation: it keeps it, the period stays after it
    assert cite("As in -@" + A + " and [-@" + B + "].\n").startswith("As in^1^ and^2^.")


def test_suffix_text_stays_text_after_the_number() -> None:
    [group] = find_citations("[@a, p. 30, with suffix]")
    assert (group.cites[0].locator, group.cites[0].suffix) == ("p30", ", with suffix")
    # the suffix is running text after the superscript; the period stays after it
    assert cite("Shown [@" + A + ", p. 30, with suffix].\n").startswith(
        "Shown^1(p30)^ with suffix."
    )


@pytest.mark.parametrize(
    ("typed", "locator"),
    [("n. 6", "n6"), ("bk. VI", "bkVI"), ("33-35, 38-39", "pp33-35, 38-39"), ("\\[89\\]", "p[89]")],
)
def test_locator_terms(typed: str, locator: str) -> None:
    [group] = find_citations(f"[@a, {typed}]")
    assert group.cites[0].locator == locator


def test_keys_as_pandoc_reads_them() -> None:
    assert [g.cites[0].key for g in find_citations("[@Foo_bar--baz], [@{Foo.bar.}], @u.")] == [
        "Foo_bar",
        "Foo.bar.",
        "u",
    ]


def test_a_defined_link_after_a_narrative_citation_is_not_its_suffix() -> None:
    out = cite("@" + A + " [site]\n\n[site]: http://example.org\n")
    assert "[site]\n\n[site]: http://example.org" in out


def test_html_title_and_textarea_are_left_alone() -> None:
    html = "<title>[@x]</title><textarea>[@y]</textarea><p>Text [@" + A + "].</p>"
    out = cite(html, "html")
    assert "<title>[@x]</title><textarea>[@y]</textarea>" in out


def test_word_code_runs_are_not_citations() -> None:
    document = docx.Document()
    document.styles.add_style("Source Code", WD_STYLE_TYPE.CHARACTER)
    paragraph = document.add_paragraph("Type ")
    paragraph.add_run("[@x]", style="Source Code")
    paragraph.add_run(" or ")
    paragraph.add_run("@y").font.name = "Courier New"
    paragraph.add_run(" to cite [@" + A + "].")
    cited, registry = cite_word(_bytes(document), BIB)
    assert registry.keys == (A,)
    assert "[@x]" in docx.Document(io.BytesIO(cited)).paragraphs[0].text


def test_a_rule_is_not_yaml_but_metadata_is() -> None:
    ruled = cite("Text\n\n---\nA paragraph [@" + A + "].\n\n---\n")
    assert ruled.startswith("Text\n\n---\nA paragraph.^1^\n")
    meta = "---\ntitle: x\nnocite: '@" + B + "'\n...\n\n"
    out = cite(meta + "Body [@" + A + "].\n")
    assert out.startswith(meta + "Body.^1^\n")
    assert "1. Vernava" in out and "2. Hu" in out
