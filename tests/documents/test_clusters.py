"""One cluster, one superscript test: every format reads a printed superscript the same way
(issue #7), and the rules that used to disagree now agree."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from mi_refs.citations import format_cluster
from mi_refs.documents.clusters import (
    Item,
    format_items,
    format_numbers,
    from_unicode,
    is_citation,
    mark,
    parse_cluster,
    to_unicode,
)
from mi_refs.documents.docx import superscripts_docx
from mi_refs.documents.numbering import check_numbering
from mi_refs.documents.superscripts import (
    superscripts_html,
    superscripts_markdown,
    superscripts_text,
)


def _word(before: str, superscript: str, after: str = "") -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph(before)
    paragraph.add_run(superscript).font.superscript = True
    if after:
        paragraph.add_run(after)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _everywhere(before: str, superscript: str, after: str = "") -> dict[str, list[str]]:
    """What each format reads from the same sentence with the same superscript."""
    return {
        "markdown": [s.text for s in superscripts_markdown(f"{before}^{superscript}^{after}\n")],
        "html": [
            s.text for s in superscripts_html(f"<p>{before}<sup>{superscript}</sup>{after}</p>")
        ],
        "text": [
            from_unicode(s.text)
            for s in superscripts_text(f"{before}{to_unicode(superscript)}{after}\n")
        ],
        "docx": [s.text for s in superscripts_docx(_word(before, superscript, after))],
    }


@pytest.mark.parametrize(
    ("before", "superscript", "after", "read"),
    [
        ("as shown.", "1;3", "", ["1;3"]),  # Word used to ignore this
        ("as shown.", "1,3", "", ["1,3"]),
        ("as shown.", "4-15", "", ["4-15"]),
        ("a count of 30x10", "9", "/L", []),
        ("a dose of 1.73 m", "2", ".", []),
        ("on the 5", "th", " day", []),
    ],
)
def test_every_format_reads_a_superscript_alike(
    before: str, superscript: str, after: str, read: list[str]
) -> None:
    found = _everywhere(before, superscript, after)
    assert found == dict.fromkeys(found, read)


def test_word_reports_a_semicolon_cluster_like_the_other_formats() -> None:
    [superscript] = superscripts_docx(_word("as shown.", "1;3"))
    findings = check_numbering([superscript], references=3, path="x.docx", kind="docx")
    assert any("semicolons" in f.message for f in findings)


def test_a_superscript_that_holds_words_is_reported_as_malformed() -> None:
    text = "Shown by Doe.^1,2(p30),see\\ also\\ 3^\n"
    [superscript] = superscripts_markdown(text)
    assert superscript.text == "1,2(p30),see also 3"
    cluster = parse_cluster(superscript.text)
    assert cluster.numbers == (1, 2, 3)
    assert any("holds words" in problem for problem in cluster.problems)
    assert is_citation("see 1(p4)")
    assert not is_citation("TM") and not is_citation("nd")


def test_one_cluster_writer() -> None:
    assert format_cluster([5, 3, 1, 4]) == format_numbers([5, 3, 1, 4]) == "1,3-5"
    items = [Item(7, "p2"), Item(1), Item(4), Item(3), Item(5)]
    assert format_items(items) == "1,3-5,7(p2)" == parse_cluster("1,3-5,7(p2)").form
    assert format_items([Item(2, prefix="see"), Item(1, suffix=" and elsewhere")]) == (
        "1 and elsewhere,see 2"
    )


def test_one_superscript_table() -> None:
    assert to_unicode("1,3-5(p2)") == "¹˒³⁻⁵⁽ᵖ²⁾"
    assert from_unicode(to_unicode("1,3-5(p2)")) == "1,3-5(p2)"
    assert mark("see 1", "pandoc") == "^see\\ 1^"
    assert mark("1", "html") == "<sup>1</sup>"


def test_documents_does_not_import_check() -> None:
    root = Path(__file__).resolve().parents[2] / "src" / "mi_refs" / "documents"
    for module in root.rglob("*.py"):
        assert "mi_refs.check" not in module.read_text(encoding="utf-8"), module
