"""The pandoc filter's inline work without pandoc (panflute elements built here): the text
results of ``place`` and ``write_segments`` carried onto inlines."""

from __future__ import annotations

from collections import deque

import panflute as pf
import pytest

import mi_refs
from mi_refs.documents.placement import Segment
from mi_refs.pandoc.filter import ListPlacement, cite_ast
from mi_refs.pandoc.inlines import place_between, plain_text, text_inlines, written_inlines


def words(text: str) -> list[pf.Element]:
    return text_inlines(text)


@pytest.mark.parametrize(
    ("before", "after", "moved_before", "moved_after"),
    [
        ("outcomes ", ". Next", "outcomes.", " Next"),
        ("outcomes", ", and", "outcomes,", " and"),
        ("relevant:", " next", "relevant", ": next"),
        ("see also ", ".", "see also", "."),  # introduced: nothing moves across
        ("", ".", "", "."),  # a paragraph's start
    ],
)
def test_place_between_moves_punctuation_as_place_does(
    before: str, after: str, moved_before: str, moved_after: str
) -> None:
    written = words(before)
    pending = deque(words(after))
    place_between(written, pending)
    assert plain_text(written) == moved_before
    assert plain_text(list(pending)) == moved_after


def test_nothing_moves_into_formatted_text() -> None:
    written = [pf.Str("a"), pf.Space(), pf.Emph(pf.Str("word:"))]
    pending = deque(words(" next"))
    place_between(written, pending)
    assert plain_text(written) == "a word:"
    assert plain_text(list(pending)) == " next"


def test_written_inlines_keep_the_writers_emphasis() -> None:
    segments = [Segment("see", "1(p4)", " and passim"), Segment("", "2", "")]
    formatted = [("and passim", [pf.Str("and"), pf.Space(), pf.Emph(pf.Str("passim"))])]
    out = written_inlines(segments, lambda c: pf.Superscript(pf.Str(c)), formatted)
    assert plain_text(out) == "see1(p4) and passim, 2"
    assert isinstance(out[1], pf.Superscript)
    assert any(isinstance(element, pf.Emph) for element in out)


BIB = mi_refs.loads(
    "@article{a, author = {Vernava, Ilaria}, title = {A}, journal = {J}, year = 2023}\n"
    "@article{b, author = {Shino, Mai}, title = {B}, journal = {J}, year = 2022}\n"
)


def _doc(paragraph: list[pf.Element]) -> pf.Doc:
    return pf.Doc(pf.Para(*paragraph))


def _cite(key: str, mode: str = "NormalCitation") -> pf.Cite:
    return pf.Cite(pf.Str(f"[@{key}]"), citations=[pf.Citation(key, mode=mode)])


def test_touching_citations_become_one_cluster() -> None:
    doc = _doc([pf.Str("Seen"), _cite("a"), pf.Str("."), _cite("b")])
    cite_ast(doc, BIB, mi_refs.Options(style="ama"), ListPlacement(suppress=True))
    assert pf.stringify(doc.content[0]).strip() == "Seen.1,2"
