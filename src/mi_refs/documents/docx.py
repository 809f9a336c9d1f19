"""Citing in Word documents (.docx): pandoc citations typed in a letter become AMA
superscripts, the reference list goes in, and nothing else changes.

Word splits text into runs as it pleases (``[@`` in one run, ``vernava`` in the next, a
different revision id on each), so each paragraph is read as the concatenation of its
runs' text, citations are found in that text (:func:`~mi_refs.documents.citations.find_citations`)
and their offsets mapped back to runs. Only the runs a citation touches are rewritten:
the citation's text is removed, its number goes in a new run that copies the formatting
of the run where the citation started, made superscript; the AMA placement
(:func:`~mi_refs.documents.citations.place`) may strip the spaces before a citation and
put the superscript after a following period or before a preceding colon. Every other
run, paragraph, table, style, section and part keeps its exact XML: the output package is
the input package with only the changed parts (the document, a header, footer or notes
part that cites, the numbering or relationships when the list needed them) replaced.

Read: body paragraphs, table cells (nested tables and content controls too),
headers/footers, footnotes and endnotes; runs inside hyperlinks, tracked insertions and
smart tags. Not read: tracked deletions, field codes and field results (an EndNote or
cross-reference field is left alone), text boxes and comments.

:func:`superscripts_docx` reads a finished letter's superscript citations back for the
placement and numbering checks.
"""

from __future__ import annotations

import copy
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part
from docx.oxml.ns import nspfxmap, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.shared import RGBColor
from docx.text.font import Font

from mi_refs.citations import CitationRegistry
from mi_refs.documents.superscripts import Superscript
from mi_refs.documents.syntax import (
    CiteGroup,
    cluster_text,
    find_citations,
    narrative_text,
    place,
)
from mi_refs.documents.textual import CiteOptions, undefined_keys
from mi_refs.errors import UndefinedCitationError, UnreadableFileError
from mi_refs.model import Bibliography, Problem
from mi_refs.styles import get_style

__all__ = [
    "MARKER",
    "cite_word",
    "superscripts_docx",
]

Source = str | os.PathLike[str] | bytes | IO[bytes]
Element = Any  # an lxml element (python-docx's custom element classes); lxml has no types

MARKER = "[[references]]"
"""A paragraph whose whole text is this is replaced by the reference list."""

_BARRIER = "\ufffc"  # stands for what is not text: a drawing, a field, a footnote mark...
_T, _R, _P, _TBL = qn("w:t"), qn("w:r"), qn("w:p"), qn("w:tbl")
_RPR, _PPR = qn("w:rPr"), qn("w:pPr")
_FLDCHAR = qn("w:fldChar")
_RUN_CONTAINERS = frozenset(
    qn(tag)
    for tag in ("w:hyperlink", "w:ins", "w:moveTo", "w:smartTag", "w:customXml", "w:dir", "w:bdo")
)
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_FIELD_CONTAINERS = frozenset({qn("w:fldSimple")})
_WRAPPERS = frozenset(
    qn(tag)
    for tag in ("w:hyperlink", "w:fldSimple", "w:smartTag", "w:customXml", "w:sdt", "w:sdtContent")
)
_CHARACTERS = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "\u2011",
    qn("w:softHyphen"): "\u00ad",
}
_ZERO_WIDTH = frozenset({qn("w:lastRenderedPageBreak"), qn("w:proofErr")})
_XML_SPACE = qn("xml:space")
_HEADER_LABELS = {
    ("header", "default"): "header",
    ("header", "first"): "first-page header",
    ("header", "even"): "even-page header",
    ("footer", "default"): "footer",
    ("footer", "first"): "first-page footer",
    ("footer", "even"): "even-page footer",
}


# -- reading ---------------------------------------------------------------------------


def _read(source: Source) -> tuple[bytes, str]:
    """The bytes of the .docx and a name for it in messages."""
    if isinstance(source, bytes):
        return source, "<docx>"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return path.read_bytes(), str(path)
        except OSError as exc:
            raise UnreadableFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    data = source.read()
    if not isinstance(data, bytes):
        raise UnreadableFileError("a Word document must be read in binary mode")
    return data, str(getattr(source, "name", "<docx>"))


def _open(data: bytes, name: str) -> Any:
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        raise UnreadableFileError(f"{name}: not a Word document (.docx): {exc}") from exc


def _related(part: Part, reltype: str) -> Part | None:
    try:
        return part.part_related_by(reltype)
    except (KeyError, ValueError):
        return None


class _Styles:
    """The styles part, read only: styles by id and by name, and what they inherit."""

    def __init__(self, part: Part | None) -> None:
        self.by_id: dict[str, Element] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        element = getattr(part, "element", None)
        if element is None:
            return
        for style in element.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id is None:
                continue
            self.by_id[style_id] = style
            name = style.find(qn("w:name"))
            kind = style.get(qn("w:type"), "paragraph")
            if name is not None and name.get(qn("w:val")):
                self.by_name.setdefault((kind, name.get(qn("w:val")).lower()), style_id)

    def find(self, name: str, kind: str = "paragraph") -> str | None:
        """The id of the style named ``name`` (case-insensitively, as Word stores
        ``heading 2``), or ``None``."""
        return self.by_name.get((kind, name.lower()))

    def chain(self, style_id: str | None) -> Iterator[Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = None if based is None else based.get(qn("w:val"))

    def num_id(self, style_id: str | None) -> int | None:
        """The list (``w:numId``) a paragraph style numbers its paragraphs with."""
        for style in self.chain(style_id):
            num = style.find(f"{_PPR}/{qn('w:numPr')}/{qn('w:numId')}")
            if num is not None:
                return _int(num.get(qn("w:val")))
        return None

    def vert_align(self, style_id: str | None) -> str | None:
        """``superscript``, ``subscript`` or ``baseline`` if a character style sets it."""
        for style in self.chain(style_id):
            align = style.find(f"{_RPR}/{qn('w:vertAlign')}")
            if align is not None:
                return cast(str | None, align.get(qn("w:val")))
        return None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


# -- where paragraphs are --------------------------------------------------------------


def _flatten(parent: Element) -> Iterator[Element]:
    """The children of ``parent``, with content controls and custom XML opened."""
    for child in parent.iterchildren():
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _flatten(content)
        elif child.tag == _CUSTOM_XML:
            yield from _flatten(child)
        else:
            yield child


def _table_paragraphs(table: Element, where: str) -> Iterator[tuple[Element, str]]:
    rows = (row for row in _flatten(table) if row.tag == qn("w:tr"))
    for r, row in enumerate(rows, start=1):
        cells = (cell for cell in _flatten(row) if cell.tag == qn("w:tc"))
        for c, cell in enumerate(cells, start=1):
            yield from _cell_paragraphs(cell, f"{where}, row {r}, cell {c}")


def _cell_paragraphs(cell: Element, where: str) -> Iterator[tuple[Element, str]]:
    for child in _flatten(cell):
        if child.tag == _P:
            yield child, where
        elif child.tag == _TBL:  # a nested table: located by its outer cell
            for paragraph, _ in _table_paragraphs(child, where):
                yield paragraph, where


def _story_paragraphs(container: Element, prefix: str = "") -> Iterator[tuple[Element, str]]:
    """Every paragraph of a body, header or footer in document order, with where it is:
    ``paragraph 3`` (top-level paragraphs counted from 1) or ``table 1, row 2, cell 1``."""
    paragraphs = tables = 0
    for child in _flatten(container):
        if child.tag == _P:
            paragraphs += 1
            yield child, f"{prefix}paragraph {paragraphs}"
        elif child.tag == _TBL:
            tables += 1
            yield from _table_paragraphs(child, f"{prefix}table {tables}")


class _NotesPart:
    """A footnotes or endnotes part, which python-docx holds only as bytes: parsed here so
    its paragraphs can be cited, and serialised again when it changed."""

    def __init__(self, part: Part) -> None:
        self.partname = part.partname
        self.element = parse_xml(part.blob)

    @property
    def blob(self) -> bytes:
        return serialize_part_xml(self.element)


_NOTE_KINDS = ((RT.FOOTNOTES, "footnote", "w:footnote"), (RT.ENDNOTES, "endnote", "w:endnote"))


def _notes(document: Any) -> list[tuple[Any, Iterator[tuple[Element, str]]]]:
    """The footnotes and endnotes (not their separators), each note's paragraphs labelled
    ``footnote 2, paragraph 1``."""
    found: list[tuple[Any, Iterator[tuple[Element, str]]]] = []
    for reltype, label, tag in _NOTE_KINDS:
        part = _related(document.part, reltype)
        if part is None:
            continue
        notes = _NotesPart(part)

        def paragraphs(
            root: Element = notes.element, label: str = label, tag: str = tag
        ) -> Iterator[tuple[Element, str]]:
            for note in root.iterchildren(qn(tag)):
                if note.get(qn("w:type"), "normal") != "normal":
                    continue  # the separator lines Word keeps as notes
                yield from _story_paragraphs(note, f"{label} {note.get(qn('w:id'))}, ")

        found.append((notes, paragraphs()))
    return found


def _headers_footers(document: Any) -> list[tuple[Part, str]]:
    """The header and footer parts in section order, with their labels."""
    body = document.element.body
    found: list[tuple[Part, str]] = []
    seen: set[int] = set()
    sections = body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")
    for number, section in enumerate(sections, start=1):
        for reference in section.iterchildren(qn("w:headerReference"), qn("w:footerReference")):
            kind = "header" if reference.tag == qn("w:headerReference") else "footer"
            label = _HEADER_LABELS.get((kind, reference.get(qn("w:type"), "default")), kind)
            part = document.part.related_parts.get(reference.get(qn("r:id")))
            if part is None or id(part) in seen or getattr(part, "element", None) is None:
                continue
            seen.add(id(part))
            found.append((part, f"{label} of section {number}, "))
    return found


# -- a paragraph as text ---------------------------------------------------------------


@dataclass(slots=True)
class _Atom:
    """One character of a paragraph's text: the run and the child element it is in."""

    run: Element
    node: Element
    offset: int


@dataclass(slots=True)
class _View:
    """A paragraph's live text (what Word shows) and where each character is."""

    paragraph: Element
    atoms: list[_Atom] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)
    depth: int = 0  # complex-field nesting

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def add(self, run: Element, node: Element, offset: int, char: str, barrier: bool) -> None:
        self.atoms.append(_Atom(run, node, offset))
        self.chars.append(_BARRIER if barrier or self.depth else char)


def _view(paragraph: Element) -> _View:
    view = _View(paragraph)
    _read_children(view, paragraph, barrier=False)
    return view


def _read_children(view: _View, parent: Element, barrier: bool) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _R:
            _read_run(view, child, barrier)
        elif tag in _RUN_CONTAINERS:
            _read_children(view, child, barrier)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _read_children(view, content, barrier)
        elif tag in _FIELD_CONTAINERS:
            _read_children(view, child, barrier=True)
        elif isinstance(tag, str) and tag.startswith(
            "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
        ):
            view.add(child, child, 0, _BARRIER, True)  # an equation: no citation across it
        # tracked deletions (w:del, w:moveFrom), bookmarks, comments ranges: no text


def _read_run(view: _View, run: Element, barrier: bool) -> None:
    for child in run.iterchildren():
        tag = child.tag
        if tag == _RPR or tag in _ZERO_WIDTH:
            continue
        if tag == _T:
            for offset, char in enumerate(child.text or ""):
                view.add(run, child, offset, char, barrier)
        elif tag in _CHARACTERS:
            view.add(run, child, 0, _CHARACTERS[tag], barrier)
        elif tag == _FLDCHAR:
            kind = child.get(qn("w:fldCharType"))
            if kind == "begin":
                view.depth += 1
            view.add(run, child, 0, _BARRIER, True)
            if kind == "end":
                view.depth = max(0, view.depth - 1)
        else:  # a drawing, a footnote reference, a symbol, field code...
            view.add(run, child, 0, _BARRIER, True)


def _citations(view: _View) -> list[CiteGroup]:
    text = view.text
    if "@" not in text:
        return []
    return [
        group for group in find_citations(text) if _BARRIER not in text[group.start : group.end]
    ]


# -- rewriting the runs a citation touches ---------------------------------------------


@dataclass(slots=True)
class _Insert:
    """New runs to put at a place in the paragraph: after (or before) one character."""

    atom: int
    after: bool
    runs: list[Element]


def _t(text: str) -> Element:
    node = OxmlElement("w:t")
    node.text = text
    if text != text.strip():
        node.set(_XML_SPACE, "preserve")
    return node


def _new_run(source: Element | None, text: str, superscript: bool) -> Element:
    """A run with ``text``, formatted like ``source`` (its ``w:rPr``, without tracked
    formatting changes), as a superscript or on the baseline."""
    run = OxmlElement("w:r")
    properties = None if source is None else source.find(_RPR)
    if properties is not None:
        properties = copy.deepcopy(properties)
        for change in properties.findall(qn("w:rPrChange")):
            properties.remove(change)
        run.append(properties)
    if superscript:
        run.get_or_add_rPr().superscript = True
    elif properties is not None:
        for align in properties.findall(qn("w:vertAlign")):
            properties.remove(align)
    run.append(_t(text))
    return run


def _gap(view: _View, position: int) -> tuple[int, bool]:
    """The place just before character ``position``: after the character before it, or
    before the first one."""
    return (position - 1, True) if position > 0 else (0, False)


def _plan(
    view: _View,
    groups: Sequence[CiteGroup],
    bibliography: Bibliography,
    options: CiteOptions,
    registry: CitationRegistry,
) -> tuple[set[int], list[_Insert]]:
    """Which characters to delete and which runs to insert, citation by citation."""
    text = view.text
    deleted: set[int] = set()
    inserts: list[_Insert] = []
    floor = 0
    for group in groups:
        source = view.atoms[group.start].run
        number = _new_run(source, cluster_text(group.cites, registry), superscript=True)
        after = text[group.end : group.end + 1]
        deleted.update(range(group.start, group.end))
        if group.narrative:
            names = narrative_text(bibliography[group.cites[0].key], options.narrative)
            names_run = _new_run(source, names, superscript=False)
            _, _, rest = place(names, "", after)
            if len(rest) < len(after):  # a period or comma follows: the number goes after it
                inserts.append(_Insert(*_gap(view, group.start), [names_run]))
                inserts.append(_Insert(group.end, True, [number]))
                floor = group.end + 1
            else:
                inserts.append(_Insert(*_gap(view, group.start), [names_run, number]))
                floor = group.end
            continue
        before = text[floor : group.start]
        kept, _, rest = place(before, "", after)
        if len(rest) < len(after):  # "outcomes [@a]." -> "outcomes." + 1
            deleted.update(range(floor + len(kept) - 1, group.start))
            inserts.append(_Insert(group.end, True, [number]))
            floor = group.end + 1
        elif len(rest) > len(after):  # "relevant: [@a]" -> "relevant" + 1 + ":"
            deleted.update(range(floor + len(kept) + 1, group.start))
            inserts.append(_Insert(*_gap(view, floor + len(kept)), [number]))
            floor = group.end
        else:  # "outcomes [@a] and" -> "outcomes" + 1 + " and"
            deleted.update(range(floor + len(kept), group.start))
            inserts.append(_Insert(*_gap(view, floor + len(kept)), [number]))
            floor = group.end
    return deleted, inserts


def _apply(view: _View, deleted: set[int], inserts: list[_Insert]) -> None:
    """Rewrite the runs with deleted characters or an insertion inside them; put the
    insertions that fall between untouched runs next to them."""
    atoms = view.atoms
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for index, atom in enumerate(atoms):
        first.setdefault(id(atom.run), index)
        last[id(atom.run)] = index
    touched = {id(atoms[index].run) for index in deleted}
    inside: list[_Insert] = []
    after_run: dict[int, list[_Insert]] = {}
    before_run: dict[int, list[_Insert]] = {}
    for insert in inserts:
        run = id(atoms[insert.atom].run)
        at_edge = insert.atom == (last[run] if insert.after else first[run])
        if at_edge and run not in touched:
            (after_run if insert.after else before_run).setdefault(run, []).append(insert)
        else:
            inside.append(insert)
            touched.add(run)
    runs = {id(atom.run): atom.run for atom in atoms}
    for key, pending in after_run.items():
        anchor = _outermost(runs[key], after=True)
        for insert in pending:
            for new in insert.runs:
                anchor.addnext(new)
                anchor = new
    for key, pending in before_run.items():
        anchor = _outermost(runs[key], after=False)
        for insert in pending:
            for new in insert.runs:
                anchor.addprevious(new)
    index_of = {(id(atom.node), atom.offset): index for index, atom in enumerate(atoms)}
    for key in touched:
        _rebuild(runs[key], index_of, deleted, [i for i in inside if id(atoms[i.atom].run) == key])


def _outermost(run: Element, after: bool) -> Element:
    """The element to put new runs next to: ``run``, or the hyperlink, simple field or
    content control it ends (or begins), so that a superscript never joins a link or a
    field result (which Word would replace on update)."""
    node = run
    while True:
        parent = node.getparent()
        if parent is None or parent.tag not in _WRAPPERS:
            return node
        children = [child for child in parent.iterchildren() if child.tag in _WRAPPERS | {_R}]
        if children[-1 if after else 0] is not node:
            return node
        node = parent


class _Splitter:
    """One run's content without its deleted characters, cut into segments where new
    runs go in: ``segments[0]`` stays in the run, each later one follows its insertion in
    a copy of the run."""

    def __init__(self, deleted: set[int], inserts: list[_Insert]) -> None:
        self.deleted = deleted
        self.before: dict[int, list[_Insert]] = {}
        self.after: dict[int, list[_Insert]] = {}
        for insert in inserts:
            (self.after if insert.after else self.before).setdefault(insert.atom, []).append(insert)
        self.segments: list[list[Element]] = [[]]
        self.marks: list[_Insert] = []
        self.text: list[str] = []

    def flush(self) -> None:
        if self.text:
            self.segments[-1].append(_t("".join(self.text)))
            self.text.clear()

    def cut(self, inserts: Iterable[_Insert]) -> None:
        for insert in inserts:
            self.flush()
            self.marks.append(insert)
            self.segments.append([])

    def visit(self, index: int | None, content: Element | str) -> None:
        """One character (``index`` of the paragraph's text) or one element (``index``
        ``None`` when it has no width)."""
        if index is not None:
            self.cut(self.before.get(index, ()))
        if index is None or index not in self.deleted:
            if isinstance(content, str):
                self.text.append(content)
            else:
                self.flush()
                self.segments[-1].append(content)
        if index is not None:
            self.cut(self.after.get(index, ()))


def _rebuild(
    run: Element, index_of: dict[tuple[int, int], int], deleted: set[int], inserts: list[_Insert]
) -> None:
    """Rebuild one run without its deleted characters, split where new runs go in."""
    shell = copy.deepcopy(run)
    for child in list(shell):
        if child.tag != _RPR:
            shell.remove(child)
    splitter = _Splitter(deleted, inserts)
    for child in list(run):
        if child.tag == _T:
            for offset, char in enumerate(child.text or ""):
                splitter.visit(index_of[(id(child), offset)], char)
        elif child.tag != _RPR:
            splitter.visit(index_of.get((id(child), 0)), child)
        if child.tag != _RPR:
            run.remove(child)
    splitter.flush()
    _place(run, shell, splitter)


def _place(run: Element, shell: Element, splitter: _Splitter) -> None:
    """The first segment back in ``run``; after it each insertion's runs and the next
    segment in a copy of ``shell`` (the run's formatting); ``run`` goes if left empty."""
    first, *rest = splitter.segments
    for child in first:
        run.append(child)
    cursor = run
    for insert, segment in zip(splitter.marks, rest, strict=True):
        for new in insert.runs:
            cursor.addnext(new)
            cursor = new
        if segment:
            clone = copy.deepcopy(shell)
            for child in segment:
                clone.append(child)
            cursor.addnext(clone)
            cursor = clone
    if not first:
        run.getparent().remove(run)


# -- the reference list ----------------------------------------------------------------


@dataclass(slots=True)
class _Letter:
    """The document being cited, and which of its parts changed."""

    document: Any
    bibliography: Bibliography
    options: CiteOptions
    styles: _Styles
    parts: dict[int, Part] = field(default_factory=dict)
    rels: dict[int, Part] = field(default_factory=dict)

    @property
    def part(self) -> Part:
        return cast(Part, self.document.part)

    def changed(self, part: Part) -> None:
        self.parts[id(part)] = part


def _numbering(letter: _Letter, marker: Element | None) -> tuple[str, int | None] | None:
    """How to number the list with Word's ``List Number`` style: the style id and, when
    another list in the document already uses that style's numbering (the references
    would go on counting from it), a new list (``w:num``) restarting at 1. ``None`` when
    the document has no numbered ``List Number`` style."""
    styles = letter.styles
    style_id = styles.find("List Number")
    num_id = styles.num_id(style_id)
    part = _related(letter.part, RT.NUMBERING)
    if style_id is None or num_id is None or part is None:
        return None
    numbering = part.element  # type: ignore[attr-defined]
    try:
        num = numbering.num_having_numId(num_id)
    except KeyError:
        return None
    for paragraph in letter.document.element.body.iter(_P):
        direct = paragraph.find(f"{_PPR}/{qn('w:numPr')}/{qn('w:numId')}")
        if direct is not None:
            used = _int(direct.get(qn("w:val")))
        else:
            pstyle = paragraph.find(f"{_PPR}/{qn('w:pStyle')}")
            used = styles.num_id(None if pstyle is None else pstyle.get(qn("w:val")))
        if used == num_id and paragraph is not marker:
            break
    else:
        return style_id, None
    restarted = numbering.add_num(num.abstractNumId.val)
    restarted.add_lvlOverride(ilvl=0).add_startOverride(1)
    letter.changed(part)
    return style_id, int(restarted.numId)


def _hyperlink(letter: _Letter, url: str, base: Element | None) -> Element:
    rid = letter.part.relate_to(url, RT.HYPERLINK, is_external=True)
    letter.rels[id(letter.part)] = letter.part
    link = OxmlElement("w:hyperlink", {qn("r:id"): rid, qn("w:history"): "1"}, nspfxmap("w", "r"))
    run = _new_run(base, url, superscript=False)
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
    properties = None if template is None else template.find(_PPR)
    if properties is None:
        return None
    properties = copy.deepcopy(properties)
    for tag in ("w:sectPr", "w:pPrChange", "w:numPr"):
        for child in properties.findall(qn(tag)):
            properties.remove(child)
    return properties


def _reference_paragraphs(
    letter: _Letter, registry: CitationRegistry, template: Element | None
) -> list[Element]:
    """One paragraph per cited reference, in number order, formatted like ``template``
    (the marker paragraph, its first run for the text) and numbered by the ``List
    Number`` style when the document has one, else by its text (``1. ``)."""
    style = get_style(letter.options.style, letter.options.house)
    numbered = _numbering(letter, template)
    base = None if template is None else template.find(f".//{_R}")
    paragraphs = []
    for number, key in enumerate(registry, start=1):
        paragraph = OxmlElement("w:p")
        properties = _paragraph_properties(template)
        if properties is not None:
            paragraph.append(properties)
        if numbered is None:
            paragraph.append(_new_run(base, f"{number}. ", superscript=False))
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
            run = _new_run(base, text, superscript=False)
            if kind == "em":
                Font(run).italic = True
            elif kind == "strong":
                Font(run).bold = True
            paragraph.append(run)
        paragraphs.append(paragraph)
    section = None if template is None else template.find(f"{_PPR}/{qn('w:sectPr')}")
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


def _heading(text: str, styles: _Styles) -> Element:
    paragraph = OxmlElement("w:p")
    style_id = styles.find("Heading 2")
    run = _new_run(None, text, superscript=False)
    if style_id is not None:
        paragraph.get_or_add_pPr().style = style_id
    else:
        Font(run).bold = True
    paragraph.append(run)
    return paragraph


def _insert_list(letter: _Letter, registry: CitationRegistry, marker: Element | None) -> None:
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


# -- writing ---------------------------------------------------------------------------


def _package(original: bytes, letter: _Letter) -> bytes:
    """The original package with only the changed parts (and relationship items)
    replaced; every other item is copied as it was."""
    replaced: dict[str, bytes] = {}
    for part in letter.parts.values():
        replaced[part.partname.membername.lower()] = part.blob
    for part in letter.rels.values():
        xml: str | bytes = part.rels.xml  # bytes, whatever python-docx's annotation says
        name = part.partname.rels_uri.membername.lower()
        replaced[name] = xml.encode("utf-8") if isinstance(xml, str) else xml
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as zin,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            data = replaced.pop(info.filename.lower(), None)
            item = zipfile.ZipInfo(info.filename, info.date_time)
            item.compress_type = info.compress_type
            item.external_attr = info.external_attr
            item.create_system = info.create_system
            zout.writestr(item, zin.read(info) if data is None else data)
        for name, data in replaced.items():  # a relationship item the part did not have
            zout.writestr(name, data)
    return output.getvalue()


# -- the API ---------------------------------------------------------------------------


def _scan(
    document: Any, bibliography: Bibliography, name: str
) -> tuple[list[tuple[Part, _View, list[CiteGroup]]], Element | None]:
    """The paragraphs that cite, in document order (body, then headers and footers), and
    the ``[[references]]`` paragraph; raises for undefined keys."""
    stories = [(document.part, _story_paragraphs(document.element.body))]
    for part, label in _headers_footers(document):
        stories.append((part, _story_paragraphs(part.element, label)))  # type: ignore[attr-defined]
    stories.extend(_notes(document))
    found: list[tuple[Part, _View, list[CiteGroup]]] = []
    problems: list[Problem] = []
    marker: Element | None = None
    known = set(bibliography.keys)
    for part, paragraphs in stories:
        for paragraph, where in paragraphs:
            view = _view(paragraph)
            if marker is None and part is document.part and view.text.strip() == MARKER:
                marker = paragraph
                continue
            groups = _citations(view)
            if groups:
                found.append((part, view, groups))
            problems.extend(undefined_keys(groups, known, name, where))
    if problems:
        raise UndefinedCitationError(problems)
    return found, marker


def cite_word(
    source: Source, bibliography: Bibliography, options: CiteOptions | None = None
) -> tuple[bytes, CitationRegistry]:
    """Number the citations of a Word document and insert its reference list.

    ``source`` is a path, the bytes of a .docx or a binary stream. Citations are pandoc's
    (``[@key]``, ``[@a; @b]``, ``[@key, p. 4]``, narrative ``@key``), typed anywhere in
    body paragraphs, table cells, headers, footers, footnotes and endnotes. They are
    numbered in document order (body first, then headers and footers, then notes) by one
    registry, which the list follows. The
    list replaces a paragraph whose whole text is ``[[references]]`` (taking its
    formatting; with nothing cited the marker just goes), or is appended at the end under
    a ``References`` heading (``options.heading``) when something was cited. With nothing
    cited and no marker the input bytes come back unchanged.

    Returns the new document's bytes and the registry. Raises
    :class:`~mi_refs.documents.textual.UndefinedCitationError` naming each undefined key
    and its paragraph, and :class:`~mi_refs.errors.UnreadableFileError` for what is not a
    .docx.
    """
    options = options or CiteOptions()
    data, name = _read(source)
    document = _open(data, name)
    found, marker = _scan(document, bibliography, name)
    letter = _Letter(document, bibliography, options, _Styles(_related(document.part, RT.STYLES)))
    registry = CitationRegistry()
    for part, view, groups in found:
        deleted, inserts = _plan(view, groups, bibliography, options, registry)
        _apply(view, deleted, inserts)
        letter.changed(part)
    _insert_list(letter, registry, marker)
    if not letter.parts and not letter.rels:
        return data, registry
    return _package(data, letter), registry


# -- checking a finished letter --------------------------------------------------------

_LOCATOR = r"\([A-Za-z]{0,6}\.?\s?[\w\-–,. ]*\)"
_NUMBER = rf"\d+(?:\s?{_LOCATOR})?"
_CLUSTER = re.compile(rf"{_NUMBER}(?:\s*[,\-–]\s*{_NUMBER})*", re.ASCII)
_DIGITS = re.compile(r"\d+", re.ASCII)
_UNIT = re.compile(r"(?:^|\W)(?:[kcmdnµμ]?m|ft)$")  # m2, cm3, mg/m2: powers, not citations
_MARKS = "®™©*†‡§ \t"


def _follows_word(before: str) -> bool:
    """A bare number in superscript is a citation only after a word, a closing
    parenthesis or punctuation (``outcomes.¹``), not after a digit (``30x10⁹/L``) or a
    unit (``1.73 m²``). Spaces in between are allowed, so that a misplaced citation
    (``outcomes ¹``) is still reported, for the placement check to flag."""
    before = before.rstrip(" \t\u00a0")
    if not before or _UNIT.search(before):
        return False
    last = before[-1]
    if last.isdigit():
        return False
    if last.isalpha() or last in ")]®™":
        return True
    category = unicodedata.category(last)
    return category.startswith("P") and category not in ("Ps", "Pi")


def _run_text(run: Element) -> str:
    parts = []
    for child in run.iterchildren():
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag in _CHARACTERS:
            parts.append(_CHARACTERS[child.tag])
    return "".join(parts)


def _live_runs(parent: Element) -> Iterator[Element]:
    for child in parent.iterchildren():
        if child.tag == _R:
            yield child
        elif child.tag in _RUN_CONTAINERS or child.tag in _FIELD_CONTAINERS:
            yield from _live_runs(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _live_runs(content)


def _is_superscript(run: Element, styles: _Styles) -> bool:
    align = run.find(f"{_RPR}/{qn('w:vertAlign')}")
    if align is not None:
        return bool(align.get(qn("w:val")) == "superscript")
    style = run.find(f"{_RPR}/{qn('w:rStyle')}")
    value = None if style is None else styles.vert_align(style.get(qn("w:val")))
    return value == "superscript"


def _paragraph_superscripts(paragraph: Element, where: str, styles: _Styles) -> list[Superscript]:
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
        if not printed or not _CLUSTER.fullmatch(printed):
            continue
        if _DIGITS.fullmatch(printed) and not _follows_word(text[:start]):
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
    data, name = _read(source)
    document = _open(data, name)
    styles = _Styles(_related(document.part, RT.STYLES))
    found: list[Superscript] = []
    for paragraph, where in _story_paragraphs(document.element.body):
        found.extend(_paragraph_superscripts(paragraph, where, styles))
    return found
