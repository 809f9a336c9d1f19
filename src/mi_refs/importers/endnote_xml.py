"""EndNote XML (EndNote's "XML" export, Bookends, and the other tools that write
``<xml><records><record>``), parsed with defusedxml (no entity expansion).

``ref-type`` (name, or EndNote's number) decides the entry type; the ``<style>``
wrappers are read as plain text; tags without a BibTeX place are kept (``abstract``,
``keywords``, ``x-<tag>``). The exporter's library (``database``, with a path on the
user's disk), ``source-app``, ``rec-number`` and ``foreign-keys`` are export metadata:
left out, and named in the report. Records are read one at a time as the file is
parsed (iterparse), each let go once read."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from xml.etree.ElementTree import Element, ParseError
from xml.etree.ElementTree import iterparse as plain_iterparse

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from mi_refs.importers.record import (
    FieldSet,
    ImportedRecord,
    join_names,
    literal_name,
    loose_date,
    set_date,
)
from mi_refs.model import Problem

__all__ = ["ENDNOTE_TYPES", "read_endnote_xml"]

# ref-type name (lower case) -> (entry type, entrysubtype)
ENDNOTE_TYPES: Mapping[str, tuple[str, str]] = {
    "journal article": ("article", ""),
    "electronic article": ("article", ""),
    "magazine article": ("article", "magazine"),
    "newspaper article": ("article", "newspaper"),
    "book": ("book", ""),
    "edited book": ("book", ""),
    "electronic book": ("book", ""),
    "book section": ("incollection", ""),
    "electronic book section": ("incollection", ""),
    "encyclopedia": ("inreference", ""),
    "dictionary": ("inreference", ""),
    "conference paper": ("inproceedings", ""),
    "conference proceedings": ("inproceedings", ""),
    "thesis": ("thesis", ""),
    "report": ("report", ""),
    "government document": ("report", ""),
    "standard": ("report", ""),
    "web page": ("online", ""),
    "online database": ("online", "database"),
    "dataset": ("dataset", ""),
    "computer program": ("software", ""),
    "patent": ("patent", ""),
    "unpublished work": ("unpublished", ""),
    "manuscript": ("unpublished", ""),
    "personal communication": ("misc", "personal-communication"),
    "generic": ("misc", ""),
}
# EndNote's numbers for the same types (when a record has no name attribute).
_NUMBERS = {
    "17": "journal article",
    "43": "electronic article",
    "19": "magazine article",
    "23": "newspaper article",
    "6": "book",
    "28": "edited book",
    "44": "electronic book",
    "5": "book section",
    "60": "electronic book section",
    "10": "conference proceedings",
    "47": "conference paper",
    "32": "thesis",
    "27": "report",
    "46": "government document",
    "12": "web page",
    "45": "online database",
    "59": "dataset",
    "9": "computer program",
    "25": "patent",
    "34": "unpublished work",
    "36": "manuscript",
    "26": "personal communication",
    "13": "generic",
}
_METADATA = ("database", "source-app", "rec-number", "foreign-keys")
_DOI = re.compile(r"10\.\d{4,9}/\S+")


def _text(element: Element | None) -> str:
    if element is None:
        return ""
    if len(element):  # <style> wrappers and the like: every piece of text inside
        return " ".join("".join(element.itertext()).split())
    text = element.text  # an element without children: its text is all of it
    return " ".join(text.split()) if text else ""


def _name(value: str) -> str:
    return value if "," in value else literal_name(value)


def _record(record: Element, source: str) -> ImportedRecord:  # noqa: PLR0912, PLR0915
    fields = FieldSet()
    ref_type = record.find("ref-type")
    name = (ref_type.get("name", "") if ref_type is not None else "").lower()
    name = name or _NUMBERS.get(_text(ref_type), "")
    entry_type, subtype = ENDNOTE_TYPES.get(name, ("misc", ""))
    if name not in ENDNOTE_TYPES:
        fields.keep("x-ref-type", name or _text(ref_type))
    fields.set("entrysubtype", subtype)
    secondary = ""
    for child in record:
        tag = child.tag
        if tag == "ref-type":
            continue
        if tag in _METADATA:
            fields.drop(tag)
        elif tag == "contributors":
            for group in child:
                names = join_names(_name(_text(person)) for person in group)
                role = {"authors": "author", "secondary-authors": "editor"}.get(group.tag)
                if role:
                    fields.set(role, names)
                else:
                    fields.keep(f"x-{group.tag}", names, " and ")
        elif tag == "titles":
            for title in child:
                if title.tag == "title":
                    fields.set("title", _text(title))
                elif title.tag == "secondary-title":
                    secondary = _text(title)
                elif title.tag == "short-title":
                    fields.set("shorttitle", _text(title))
                elif title.tag == "tertiary-title":
                    fields.set("series", _text(title))
                else:
                    fields.keep(f"x-{title.tag}", _text(title))
        elif tag in {"periodical", "alt-periodical"}:
            full = _text(child.find("full-title"))
            abbreviation = _text(child.find("abbr-1"))
            if tag == "periodical":
                fields.set("journal", full)
            if abbreviation and abbreviation != full:
                fields.set("shortjournal", abbreviation)
            for part in child:
                value = _text(part)
                if value and value not in {full, abbreviation}:
                    fields.keep(f"x-{tag}-{part.tag}", value)
        elif tag == "dates":
            for part in child:
                if part.tag == "year":
                    set_date(fields, _text(part))
                else:
                    for date in part.iter("date"):
                        _pub_date(fields, _text(date))
        elif tag == "keywords":
            for keyword in child:
                fields.keep("keywords", _text(keyword))
        elif tag == "urls":
            for group in child:
                for url in group.iter("url"):
                    value = _text(url)
                    if not value.lower().startswith(("http://", "https://")):
                        fields.keep(f"x-{group.tag}", value)
                    elif group.tag == "related-urls" and "url" not in fields.values:
                        fields.set("url", value)
                    else:
                        fields.keep("file" if group.tag == "pdf-urls" else f"x-{group.tag}", value)
        elif tag == "electronic-resource-num":
            value = _text(child)
            found = _DOI.search(value)
            if found:
                fields.set("doi", found.group(0))
            else:
                fields.keep("x-electronic-resource-num", value)
        else:
            _plain(fields, tag, _text(child), entry_type)
    _container(fields, secondary, entry_type)
    _identifiers(fields)
    return fields.record(entry_type, source)


_PLAIN = {
    "pages": "pages",
    "volume": "volume",
    "edition": "edition",
    "publisher": "publisher",
    "pub-location": "address",
    "isbn": "isbn",
    "language": "language",
    "accession-num": "x-accession-num",
    "abstract": "abstract",
    "notes": "note",
    "label": "x-label",
    "work-type": "type",
    "section": "x-section",
    "auth-address": "x-auth-address",
}


def _plain(fields: FieldSet, tag: str, value: str, entry_type: str) -> None:
    if tag == "isbn" and entry_type == "article":
        fields.set("issn", value)  # EndNote keeps a journal's ISSN in the ISBN tag
    elif tag in {"number", "issue"}:
        if entry_type == "article" or (tag == "number" and entry_type in {"report", "patent"}):
            fields.set("number", value)
        else:
            fields.keep(f"x-{tag}", value)
    elif tag == "work-type" and entry_type == "article":
        fields.keep("x-work-type", value)
    elif tag in _PLAIN:
        target = _PLAIN[tag]
        if target == "abstract" or target.startswith("x-"):
            fields.keep(target, value)
        elif target == "note":
            fields.keep("note", value)
        else:
            fields.set(target, value)
    else:
        fields.keep(f"x-{tag}", value)


def _identifiers(fields: FieldSet) -> None:
    """A PubMed accession number (the record links to PubMed) is the PMID; a ``PMC``
    number in a custom field is the PMCID."""
    accession = fields.values.get("x-accession-num", "")
    if accession.isdigit() and "ncbi.nlm.nih.gov/pubmed" in fields.values.get("url", ""):
        fields.set("pmid", accession)
    for name, value in list(fields.values.items()):
        if name.startswith("x-") and re.fullmatch(r"PMC\d+", value):
            fields.set("pmcid", value)


def _pub_date(fields: FieldSet, value: str) -> None:
    """``Mar 3``, ``Jun``, ``2015-03-03``: the month and day (the year is in ``year``)."""
    _, month, day = loose_date(value)
    if month is None:
        fields.keep("x-pub-date", value)
        return
    fields.set("month", str(month))
    if day is not None:
        fields.set("day", str(day))


def _container(fields: FieldSet, secondary: str, entry_type: str) -> None:
    """``secondary-title``: the journal of an article, the book of a chapter, the
    meeting of a conference paper, the website of a web page."""
    if not secondary:
        return
    if entry_type == "article":
        if "journal" not in fields.values:
            fields.set("journal", secondary)
        elif secondary not in {fields.values["journal"], fields.values.get("shortjournal")}:
            fields.set("shortjournal", secondary)
    elif entry_type in {"incollection", "inreference", "inproceedings"}:
        fields.set("booktitle", secondary)
    elif entry_type == "online":
        fields.set("organization", secondary)
    elif entry_type == "thesis":
        fields.set("institution", secondary)
    else:
        fields.keep("x-secondary-title", secondary)


def read_endnote_xml(data: bytes | str, source: str) -> tuple[list[ImportedRecord], list[Problem]]:
    """The records of an EndNote XML file, each read as soon as its ``</record>`` is
    parsed and then let go (the whole tree of a 200,000-record file was held before
    the first was read); a file that is not well-formed XML, or that declares entities
    or external resources (defusedxml), gives no record and one problem."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    del data
    parse = plain_iterparse if _without_declarations(raw) else iterparse
    xml = io.BytesIO(raw)
    del raw
    out: list[ImportedRecord] = []
    try:
        for record in _records(xml, parse):
            out.append(_record(record, f"{source}: record {len(out) + 1}"))
    except (ParseError, DefusedXmlException) as exc:
        return [], [Problem("parse-error", f"not EndNote XML: {exc}", source)]
    if not out:
        return [], [Problem("parse-error", "no <record> elements", source)]
    return out, []


# What defusedxml refuses is declared in a document type (<!DOCTYPE ...>: entities,
# external resources). A document with no "<!" but comments and CDATA sections, in
# UTF-8 or ASCII (as EndNote writes it: bytes scanned are the characters read), has none,
# and is parsed by the standard library's C parser: the same elements, events and errors
# (the same expat underneath), without defusedxml's parser written in Python (half of
# reading a record).
_DECLARATION = re.compile(rb"<!(?!--|\[CDATA\[)")
_XML_DECLARATION = re.compile(rb"<\?xml[^>]*>")
_ENCODING = re.compile(rb"encoding")
_PLAIN_ENCODING = re.compile(
    rb"""encoding\s*=\s*["'](?:[uU][tT][fF]-?8|(?:[uU][sS]-)?[aA][sS][cC][iI][iI])["']"""
)


def _without_declarations(data: bytes) -> bool:
    """Whether ``data`` can declare nothing defusedxml refuses (see above)."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if not data.startswith(b"<", start) or b"\0" in data[:4]:
        return False  # UTF-16 or -32, or text before the root: left to defusedxml
    head = _XML_DECLARATION.match(data, start)
    if head and _ENCODING.search(head.group()) and not _PLAIN_ENCODING.search(head.group()):
        return False  # another encoding: its bytes are not the characters scanned
    return _DECLARATION.search(data) is None


def _records(xml: io.BytesIO, parse: Callable[..., Any] = iterparse) -> Iterator[Element]:
    """Every ``<record>`` element of the document, at any depth, in document order (a
    record inside a record right after it), each whole when given; a record outside
    any record is let go (taken from its parent) once it and those inside it are read."""
    outside: list[Element] = []  # the open elements outside every record
    depth = 0  # how many records are open
    for event, element in parse(xml, events=("start", "end")):
        if element.tag == "record":
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth:
                continue  # a record inside a record: given with the outer one
            yield from list(element.iter("record"))
            if outside and len(outside[-1]) and outside[-1][-1] is element:
                del outside[-1][-1]
            element.clear()
        elif not depth:
            if event == "start":
                outside.append(element)
            else:
                outside.pop()
