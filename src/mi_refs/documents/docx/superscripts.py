"""Reading a finished Word letter's superscript citations back, for the numbering checks."""

from __future__ import annotations

from collections.abc import Iterator

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from mi_refs.documents.clusters import is_citation
from mi_refs.documents.docx.package import (
    CHARACTERS,
    FIELD_CONTAINERS,
    RPR,
    RUN_CONTAINERS,
    SDT,
    SDT_CONTENT,
    Element,
    R,
    Source,
    Styles,
    T,
    open_document,
    read_source,
    related,
    story_paragraphs,
)
from mi_refs.documents.superscripts import Superscript

# -- checking a finished letter --------------------------------------------------------

_MARKS = "®™©*†‡§ \t"


def _run_text(run: Element) -> str:
    parts = []
    for child in run.iterchildren():
        if child.tag == T:
            parts.append(child.text or "")
        elif child.tag in CHARACTERS:
            parts.append(CHARACTERS[child.tag])
    return "".join(parts)


def _live_runs(parent: Element) -> Iterator[Element]:
    for child in parent.iterchildren():
        if child.tag == R:
            yield child
        elif child.tag in RUN_CONTAINERS or child.tag in FIELD_CONTAINERS:
            yield from _live_runs(child)
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _live_runs(content)


def _is_superscript(run: Element, styles: Styles) -> bool:
    align = run.find(f"{RPR}/{qn('w:vertAlign')}")
    if align is not None:
        return bool(align.get(qn("w:val")) == "superscript")
    style = run.find(f"{RPR}/{qn('w:rStyle')}")
    value = None if style is None else styles.vert_align(style.get(qn("w:val")))
    return value == "superscript"


def _paragraph_superscripts(paragraph: Element, where: str, styles: Styles) -> list[Superscript]:
    text = ""
    spans: list[tuple[int, int]] = []
    open_span = False
    for run in _live_runs(paragraph):
        piece = _run_text(run)
        if not piece:
            continue  # field characters, bookmarks' runs: no break between superscripts
        if _is_superscript(run, styles):
            if open_span:
                spans[-1] = (spans[-1][0], len(text) + len(piece))
            else:
                spans.append((len(text), len(text) + len(piece)))
            open_span = True
        else:
            open_span = False
        text += piece
    found = []
    for span_start, span_end in spans:
        start, end = span_start, span_end
        while start < end and text[start] in _MARKS:
            start += 1
        while end > start and text[end - 1] in _MARKS:
            end -= 1
        printed = text[start:end]
        before, after = text[max(0, start - 20) : start], text[end : end + 20]
        if not printed or not is_citation(printed, before, after):
            continue
        found.append(
            Superscript(printed, where, text[max(0, start - 20) : start], text[end : end + 20])
        )
    return found


def superscripts_docx(source: Source) -> list[Superscript]:
    """The superscript citations of a finished Word letter, in document order (body
    paragraphs and table cells): superscript runs (direct formatting or a character
    style), adjacent ones merged, whose text reads like a citation cluster (``1``,
    ``4-15``, ``3,20``, ``1(p4)``). Other superscripts (``®``, ``th``, the ``9`` of
    ``30x10⁹/L``, the ``2`` of ``m²``) are left out: a bare number counts only after a
    word, a closing parenthesis or punctuation. ``location`` is ``paragraph N`` or
    ``table T, row R, cell C``; ``before``/``after`` hold up to 20 characters of the
    paragraph around it."""
    data, name = read_source(source)
    document = open_document(data, name)
    styles = Styles(related(document.part, RT.STYLES))
    found: list[Superscript] = []
    for paragraph, where in story_paragraphs(document.element.body):
        found.extend(_paragraph_superscripts(paragraph, where, styles))
    return found
