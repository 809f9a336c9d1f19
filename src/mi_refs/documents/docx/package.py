"""The Word package: reading it, finding its paragraphs (body, tables, headers, footers,
notes), its styles, and writing it back with only the changed parts replaced."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from mi_refs.documents.formats import CiteOptions
from mi_refs.documents.package_limits import check_package
from mi_refs.errors import UnreadableFileError
from mi_refs.model import Bibliography

Source = str | os.PathLike[str] | bytes | IO[bytes]
Element = Any  # an lxml element (python-docx's custom element classes); lxml has no types

CODE_STYLE = re.compile(
    r"(?i)\bcode\b|verbatim|preformatted|typewriter|keyboard|macro text|plain text|source"
)
MONOSPACE = re.compile(
    r"(?i)courier|consolas|menlo|monaco|lucida (?:console|sans typewriter)|mono|"
    r"source code|fira code|inconsolata|andale|fixedsys|\bocr"
)


def is_monospace(properties: Element | None) -> bool:
    """Whether run properties (``w:rPr``) set a monospace font."""
    if properties is None:
        return False
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        return False
    return any(
        MONOSPACE.search(fonts.get(qn(f"w:{slot}")) or "") for slot in ("ascii", "hAnsi", "cs")
    )


MARKER = "[[references]]"
"""A paragraph whose whole text is this is replaced by the reference list."""

BARRIER = "\ufffc"  # stands for what is not text: a drawing, a field, a footnote mark...
T, R, P, TBL = qn("w:t"), qn("w:r"), qn("w:p"), qn("w:tbl")
RPR, PPR = qn("w:rPr"), qn("w:pPr")
FLDCHAR = qn("w:fldChar")
RUN_CONTAINERS = frozenset(
    qn(tag)
    for tag in ("w:hyperlink", "w:ins", "w:moveTo", "w:smartTag", "w:customXml", "w:dir", "w:bdo")
)
SDT, SDT_CONTENT, CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
FIELD_CONTAINERS = frozenset({qn("w:fldSimple")})
WRAPPERS = frozenset(
    qn(tag)
    for tag in ("w:hyperlink", "w:fldSimple", "w:smartTag", "w:customXml", "w:sdt", "w:sdtContent")
)
CHARACTERS = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "\u2011",
    qn("w:softHyphen"): "\u00ad",
}
ZERO_WIDTH = frozenset({qn("w:lastRenderedPageBreak"), qn("w:proofErr")})
XML_SPACE = qn("xml:space")
HEADER_LABELS = {
    ("header", "default"): "header",
    ("header", "first"): "first-page header",
    ("header", "even"): "even-page header",
    ("footer", "default"): "footer",
    ("footer", "first"): "first-page footer",
    ("footer", "even"): "even-page footer",
}

# -- reading ---------------------------------------------------------------------------


def read_source(source: Source) -> tuple[bytes, str]:
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


def open_document(data: bytes, name: str) -> Any:
    check_package(data, name)  # size caps, entry count, compression ratio, no DTDs
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        raise UnreadableFileError(f"{name}: not a Word document (.docx): {exc}") from exc


def related(part: Part, reltype: str) -> Part | None:
    try:
        return part.part_related_by(reltype)
    except (KeyError, ValueError):
        return None


class Styles:
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
            num = style.find(f"{PPR}/{qn('w:numPr')}/{qn('w:numId')}")
            if num is not None:
                return to_int(num.get(qn("w:val")))
        return None

    def is_code(self, style_id: str | None) -> bool:
        """Whether a style (or one it is based on) is for code: its name says so
        (``Code``, ``HTML Code``, ``Macro Text``, ``Plain Text``...) or its font is
        monospace."""
        for style in self.chain(style_id):
            name = style.find(qn("w:name"))
            if name is not None and CODE_STYLE.search(name.get(qn("w:val")) or ""):
                return True
            if is_monospace(style.find(RPR)):
                return True
        return False

    def vert_align(self, style_id: str | None) -> str | None:
        """``superscript``, ``subscript`` or ``baseline`` if a character style sets it."""
        for style in self.chain(style_id):
            align = style.find(f"{RPR}/{qn('w:vertAlign')}")
            if align is not None:
                return cast(str | None, align.get(qn("w:val")))
        return None


def to_int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


# -- where paragraphs are --------------------------------------------------------------


def _flatten(parent: Element) -> Iterator[Element]:
    """The children of ``parent``, with content controls and custom XML opened."""
    for child in parent.iterchildren():
        if child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _flatten(content)
        elif child.tag == CUSTOM_XML:
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
        if child.tag == P:
            yield child, where
        elif child.tag == TBL:  # a nested table: located by its outer cell
            for paragraph, _ in _table_paragraphs(child, where):
                yield paragraph, where


def story_paragraphs(container: Element, prefix: str = "") -> Iterator[tuple[Element, str]]:
    """Every paragraph of a body, header or footer in document order, with where it is:
    ``paragraph 3`` (top-level paragraphs counted from 1) or ``table 1, row 2, cell 1``."""
    paragraphs = tables = 0
    for child in _flatten(container):
        if child.tag == P:
            paragraphs += 1
            yield child, f"{prefix}paragraph {paragraphs}"
        elif child.tag == TBL:
            tables += 1
            yield from _table_paragraphs(child, f"{prefix}table {tables}")


class NotesPart:
    """A footnotes or endnotes part, which python-docx holds only as bytes: parsed here so
    its paragraphs can be cited, and serialised again when it changed."""

    def __init__(self, part: Part) -> None:
        self.partname = part.partname
        self.element = parse_xml(part.blob)

    @property
    def blob(self) -> bytes:
        return serialize_part_xml(self.element)


_NOTE_KINDS = ((RT.FOOTNOTES, "footnote", "w:footnote"), (RT.ENDNOTES, "endnote", "w:endnote"))


def notes(document: Any) -> list[tuple[Any, Iterator[tuple[Element, str]]]]:
    """The footnotes and endnotes (not their separators), each note's paragraphs labelled
    ``footnote 2, paragraph 1``."""
    found: list[tuple[Any, Iterator[tuple[Element, str]]]] = []
    for reltype, label, tag in _NOTE_KINDS:
        part = related(document.part, reltype)
        if part is None:
            continue
        notes = NotesPart(part)

        def paragraphs(
            root: Element = notes.element, label: str = label, tag: str = tag
        ) -> Iterator[tuple[Element, str]]:
            for note in root.iterchildren(qn(tag)):
                if note.get(qn("w:type"), "normal") != "normal":
                    continue  # the separator lines Word keeps as notes
                yield from story_paragraphs(note, f"{label} {note.get(qn('w:id'))}, ")

        found.append((notes, paragraphs()))
    return found


def headers_footers(document: Any) -> list[tuple[Part, str]]:
    """The header and footer parts in section order, with their labels."""
    body = document.element.body
    found: list[tuple[Part, str]] = []
    seen: set[int] = set()
    sections = body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")
    for number, section in enumerate(sections, start=1):
        for reference in section.iterchildren(qn("w:headerReference"), qn("w:footerReference")):
            kind = "header" if reference.tag == qn("w:headerReference") else "footer"
            label = HEADER_LABELS.get((kind, reference.get(qn("w:type"), "default")), kind)
            part = document.part.related_parts.get(reference.get(qn("r:id")))
            if part is None or id(part) in seen or getattr(part, "element", None) is None:
                continue
            seen.add(id(part))
            found.append((part, f"{label} of section {number}, "))
    return found


# -- the reference list ----------------------------------------------------------------


@dataclass(slots=True)
class Letter:
    """The document being cited, and which of its parts changed."""

    document: Any
    bibliography: Bibliography
    options: CiteOptions
    styles: Styles
    parts: dict[int, Part] = field(default_factory=dict)
    rels: dict[int, Part] = field(default_factory=dict)

    @property
    def part(self) -> Part:
        return cast(Part, self.document.part)

    def changed(self, part: Part) -> None:
        self.parts[id(part)] = part


# -- writing ---------------------------------------------------------------------------


def write_package(original: bytes, letter: Letter) -> bytes:
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
