"""Keyed Word letters: a finished letter's superscript runs turned into ``[@key]`` text
that ``cite`` numbers again, and its printed reference list into the ``[[references]]``
paragraph. The paragraph texts of the body are read with :func:`body_paragraphs`."""

from __future__ import annotations

import io
from collections.abc import Mapping

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from mi_refs.documents.clusters import is_citation
from mi_refs.documents.docx.package import (
    MARKER,
    PPR,
    RPR,
    Element,
    P,
    Source,
    Styles,
    T,
    open_document,
    read_source,
    related,
    story_paragraphs,
)
from mi_refs.documents.docx.superscripts import _is_superscript, _live_runs, _run_text
from mi_refs.documents.keyed import cluster_citation

__all__ = ["body_paragraphs", "key_docx"]

_MARKS = "®™©*†‡§ \t"


def _auto_numbered(paragraph: Element, styles: Styles) -> bool:
    """Whether Word numbers the paragraph itself (``w:numPr``, direct or by its style)."""
    properties = paragraph.find(PPR)
    if properties is None:
        return False
    if properties.find(qn("w:numPr")) is not None:
        return True
    style = properties.find(qn("w:pStyle"))
    return style is not None and styles.num_id(style.get(qn("w:val"))) is not None


def body_paragraphs(source: Source) -> list[str]:
    """The text of each top-level paragraph of the document body, in order. A list that
    Word numbers itself (a numbered reference list) gets its numbers written out
    (``1. ``, ``2. ``...), counted from each run of such paragraphs."""
    data, name = read_source(source)
    document = open_document(data, name)
    styles = Styles(related(document.part, RT.STYLES))
    texts = []
    counter = 0
    for paragraph in document.element.body.iterchildren(P):
        text = "".join(_run_text(run) for run in _live_runs(paragraph))
        if _auto_numbered(paragraph, styles) and text.strip():
            counter += 1
            text = f"{counter}. {text}"
        elif text.strip():
            counter = 0
        texts.append(text)
    return texts


def _set_text(run: Element, text: str) -> None:
    for child in list(run):
        if child.tag != RPR:
            run.remove(child)
    properties = run.find(RPR)
    if properties is not None:
        for align in properties.findall(qn("w:vertAlign")):
            properties.remove(align)
    if text:
        element = run.makeelement(T, {})
        element.text = text
        element.set(qn("xml:space"), "preserve")
        run.append(element)


def _key_paragraph(paragraph: Element, keys: Mapping[int, str], styles: Styles) -> None:
    groups: list[list[Element]] = []
    previous_superscript = False
    for run in _live_runs(paragraph):
        if not _run_text(run):
            continue
        superscript = _is_superscript(run, styles)
        if superscript and previous_superscript:
            groups[-1].append(run)
        elif superscript:
            groups.append([run])
        previous_superscript = superscript
    text = "".join(_run_text(run) for run in _live_runs(paragraph))
    for group in groups:
        printed = "".join(_run_text(run) for run in group)
        body = printed.strip(_MARKS)
        at = text.find(printed)
        before, after = text[max(0, at - 20) : at], text[at + len(printed) : at + len(printed) + 20]
        if not body or not is_citation(body, before, after):
            continue
        _set_text(group[0], cluster_citation(body, keys))
        for run in group[1:]:
            _set_text(run, "")


def key_docx(source: Source, keys: Mapping[int, str], listing: tuple[int, int] | None) -> bytes:
    """The letter with its citation superscripts as ``[@key]`` text and the body
    paragraphs ``listing`` (start, end: the printed list) replaced by one
    ``[[references]]`` paragraph. Returns the new .docx's bytes."""
    data, name = read_source(source)
    document = open_document(data, name)
    styles = Styles(related(document.part, RT.STYLES))
    body_list = list(document.element.body.iterchildren(P))
    listed = set(body_list[listing[0] : listing[1]]) if listing else set()
    for paragraph, _ in story_paragraphs(document.element.body):
        if paragraph not in listed:
            _key_paragraph(paragraph, keys, styles)
    if listing is not None and listing[1] > listing[0]:
        first = body_list[listing[0]]
        for child in list(first):
            if child.tag != PPR:
                first.remove(child)
        run = first.makeelement(qn("w:r"), {})
        first.append(run)
        _set_text(run, MARKER)
        for paragraph in body_list[listing[0] + 1 : listing[1]]:
            paragraph.getparent().remove(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
