"""The reference list in a Word document: at the ``[[references]]`` paragraph, else at
the end under a heading; numbered by the ``List Number`` style when there is one."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nspfxmap, qn
from docx.oxml.parser import OxmlElement
from docx.shared import RGBColor
from docx.text.font import Font

from mi_refs.citations import CitationRegistry
from mi_refs.documents.docx.package import PPR, Element, Letter, P, R, Styles, related, to_int
from mi_refs.documents.docx.runs import new_run
from mi_refs.styles import get_style


def _numbering(letter: Letter, marker: Element | None) -> tuple[str, int | None] | None:
    """How to number the list with Word's ``List Number`` style: the style id and, when
    another list in the document already uses that style's numbering (the references
    would go on counting from it), a new list (``w:num``) restarting at 1. ``None`` when
    the document has no numbered ``List Number`` style."""
    styles = letter.styles
    style_id = styles.find("List Number")
    num_id = styles.num_id(style_id)
    part = related(letter.part, RT.NUMBERING)
    if style_id is None or num_id is None or part is None:
        return None
    numbering = part.element  # type: ignore[attr-defined]
    try:
        num = numbering.num_having_numId(num_id)
    except KeyError:
        return None
    for paragraph in letter.document.element.body.iter(P):
        direct = paragraph.find(f"{PPR}/{qn('w:numPr')}/{qn('w:numId')}")
        if direct is not None:
            used = to_int(direct.get(qn("w:val")))
        else:
            pstyle = paragraph.find(f"{PPR}/{qn('w:pStyle')}")
            used = styles.num_id(None if pstyle is None else pstyle.get(qn("w:val")))
        if used == num_id and paragraph is not marker:
            break
    else:
        return style_id, None
    restarted = numbering.add_num(num.abstractNumId.val)
    restarted.add_lvlOverride(ilvl=0).add_startOverride(1)
    letter.changed(part)
    return style_id, int(restarted.numId)


def _hyperlink(letter: Letter, url: str, base: Element | None) -> Element:
    rid = letter.part.relate_to(url, RT.HYPERLINK, is_external=True)
    letter.rels[id(letter.part)] = letter.part
    link = OxmlElement("w:hyperlink", {qn("r:id"): rid, qn("w:history"): "1"}, nspfxmap("w", "r"))
    run = new_run(base, url, superscript=False)
    character = letter.styles.find("Hyperlink", "character")
    if character is not None:
        run.get_or_add_rPr().style = character
    else:
        Font(run).underline = True
        Font(run).color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.append(run)
    return link


def _paragraph_properties(template: Element | None) -> Element | None:
    """The marker paragraph's ``w:pPr`` for a reference: without its section break,
    numbering or tracked change."""
    properties = None if template is None else template.find(PPR)
    if properties is None:
        return None
    properties = copy.deepcopy(properties)
    for tag in ("w:sectPr", "w:pPrChange", "w:numPr"):
        for child in properties.findall(qn(tag)):
            properties.remove(child)
    return properties


def _reference_paragraphs(
    letter: Letter, registry: CitationRegistry, template: Element | None
) -> list[Element]:
    """One paragraph per cited reference, in number order, formatted like ``template``
    (the marker paragraph, its first run for the text) and numbered by the ``List
    Number`` style when the document has one, else by its text (``1. ``)."""
    style = get_style(letter.options.style or "ama", letter.options.house)
    numbered = _numbering(letter, template)
    base = None if template is None else template.find(f".//{R}")
    paragraphs = []
    for number, key in enumerate(registry, start=1):
        paragraph = OxmlElement("w:p")
        properties = _paragraph_properties(template)
        if properties is not None:
            paragraph.append(properties)
        if numbered is None:
            paragraph.append(new_run(base, f"{number}. ", superscript=False))
        else:
            properties = paragraph.get_or_add_pPr()
            properties.style = numbered[0]
            if numbered[1] is not None:
                numbers = properties.get_or_add_numPr()
                numbers.get_or_add_ilvl().val = 0
                numbers.get_or_add_numId().val = numbered[1]
        for text, kind in _merged(style.segments(letter.bibliography[key])):
            if kind == "href":
                paragraph.append(_hyperlink(letter, text, base))
                continue
            run = new_run(base, text, superscript=False)
            if kind == "em":
                Font(run).italic = True
            elif kind == "strong":
                Font(run).bold = True
            paragraph.append(run)
        paragraphs.append(paragraph)
    section = None if template is None else template.find(f"{PPR}/{qn('w:sectPr')}")
    if section is not None and paragraphs:  # the marker ended a section: the list does now
        paragraphs[-1].get_or_add_pPr()._insert_sectPr(copy.deepcopy(section))
    return paragraphs


def _merged(segments: Iterable[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Adjacent segments of the same kind as one; kinds other than italic, bold and
    links are plain."""
    merged: list[tuple[str, str | None]] = []
    for text, tag in segments:
        kind = tag if tag in ("em", "strong", "href") else None
        if merged and merged[-1][1] == kind and kind != "href":
            merged[-1] = (merged[-1][0] + text, kind)
        elif text:
            merged.append((text, kind))
    return merged


def _heading(text: str, styles: Styles) -> Element:
    paragraph = OxmlElement("w:p")
    style_id = styles.find("Heading 2")
    run = new_run(None, text, superscript=False)
    if style_id is not None:
        paragraph.get_or_add_pPr().style = style_id
    else:
        Font(run).bold = True
    paragraph.append(run)
    return paragraph


def insert_list(letter: Letter, registry: CitationRegistry, marker: Element | None) -> None:
    """The list at the marker (which goes), else at the end of the body under a heading
    (only when something was cited)."""
    if marker is not None:
        for paragraph in _reference_paragraphs(letter, registry, marker):
            marker.addprevious(paragraph)
        marker.getparent().remove(marker)
        letter.changed(letter.part)
        return
    if not registry:
        return
    body = letter.document.element.body
    paragraphs = [_heading(letter.options.heading, letter.styles)]
    paragraphs += _reference_paragraphs(letter, registry, None)
    section = body.find(qn("w:sectPr"))
    for paragraph in paragraphs:
        if section is not None:
            section.addprevious(paragraph)
        else:
            body.append(paragraph)
    letter.changed(letter.part)
