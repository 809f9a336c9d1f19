"""PubMed's MEDLINE format (``.nbib``, "Send to: Citation manager"): ``TAG - value``
lines, continuation lines indented six spaces, records separated by blank lines and each
starting with ``PMID-``.

Journal articles become ``@article``; book chapters (``PT - Book Chapter``, GeneReviews)
``@incollection``; whole books ``@book``. Every tag without a BibTeX place is kept
(``abstract``, ``keywords``, ``x-<tag>``) and listed."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from mi_refs.importers.record import FieldSet, ImportedRecord, literal_name, set_date
from mi_refs.model import Problem

__all__ = ["iter_nbib", "read_nbib"]

_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*-\s?(.*)$")
_TAG = re.compile(r"[A-Z][A-Z0-9]{0,3}")
_ELOCATOR = re.compile(r"e\d+")
_ID = re.compile(r"\[(?P<kind>\w+)\]$")  # "10.1/x [doi]": searched, so linear
_PLAIN: Mapping[str, str] = {
    "TI": "title",
    "BTI": "booktitle",
    "JT": "journal",
    "TA": "shortjournal",
    "VI": "volume",
    "IP": "number",
    "PG": "pages",
    "PB": "publisher",
    "LA": "language",
    "IS": "issn",
    "ISBN": "isbn",
    "EN": "edition",
    "AB": "abstract",
    "CI": "x-copyright",
}
_LISTS: Mapping[str, tuple[str, str]] = {
    "MH": ("keywords", "; "),
    "OT": ("keywords", "; "),
    "PT": ("x-publication-type", "; "),
    "AD": ("x-affiliation", "; "),
    "AUID": ("x-author-id", "; "),
    "GR": ("x-grant", "; "),
    "RN": ("x-substance", "; "),
    "SI": ("x-databank", "; "),
    "PHST": ("x-history", "; "),
}


_BLOCK = 1 << 16  # characters split into lines at a time


def _lines(text: str, start: int = 0, stop: int | None = None) -> Iterator[str]:
    """The lines of ``text[start:stop]`` (``\\n`` or ``\\r\\n``), a block of about 64 KB
    split at a time: never all the lines at once, and no Python step per character or
    line."""
    stop = len(text) if stop is None else stop
    while start < stop:
        end = text.find("\n", start + _BLOCK, stop)
        block = text[start:stop] if end < 0 else text[start:end]
        lines = block.split("\n")
        if end < 0 and block.endswith("\n"):
            lines.pop()  # the text's last line break ends its last line
        if "\r" in block:
            lines = [line.rstrip("\r") for line in lines]
        yield from lines
        start = stop if end < 0 else end + 1


_RECORD_START = "\nPMID- "


def _records(text: str) -> Iterator[list[tuple[str, str, int]]]:
    """The records' ``(tag, value, line)`` fields (``line``: the record's first line),
    one record at a time (a 200,000-record file is never held as lines), continuation
    lines joined to their field once (a field of 160,000 continuation lines took minutes
    when each joined the whole value again).

    The text is cut before each ``PMID- `` line (a record starts there whatever comes
    before it); a piece whose every line is a tag as PubMed writes it (``TI  - ``) or
    empty is read at once (:func:`_plain_fields`), any other line by line
    (:func:`_lines_of`), with the same result."""
    return _records_of([text])


def _pieces(text: str, size: int = 1 << 20) -> list[str]:
    """``text`` cut into pieces of about ``size`` characters, each after the first
    starting with a ``PMID- `` line (where a record starts whatever came before)."""
    pieces = []
    start = 0
    while len(text) - start > size:
        cut = text.find(_RECORD_START, start + size)
        if cut < 0:
            break
        pieces.append(text[start : cut + 1])
        start = cut + 1
    pieces.append(text[start:] if start else text)
    return pieces


def _records_of(pieces: list[str]) -> Iterator[list[tuple[str, str, int]]]:
    """The records of the text cut into ``pieces`` (:func:`_pieces`), each piece let go
    once read: what :func:`_records` gives for the whole text."""
    number = 1
    known: dict[str, str] = {}  # a line's first five characters that are a tag: the tag
    pieces.reverse()
    while pieces:
        text = pieces.pop()
        start = 0
        while start < len(text):
            found = text.find(_RECORD_START, start)
            stop = len(text) if found < 0 else found + 1
            fields = _plain_fields(text, start, stop, number, known)
            if fields is not None:
                yield fields
            else:
                yield from _lines_of(text, start, stop, number, known)
            number += text.count("\n", start, stop)
            start = stop


def _plain_fields(
    text: str, start: int, stop: int, number: int, known: dict[str, str]
) -> list[tuple[str, str, int]] | None:
    """The fields of ``text[start:stop]`` when it is one record laid out as PubMed
    writes it: a ``PMID- `` line first and no other, every line a tag (``known`` or
    read by :func:`_tag`) or empty, ``\\n`` line ends; else ``None``. What
    :func:`_lines_of` gives for it, without a Python step per line."""
    if not text.startswith("PMID- ", start) or text.find("\nPMID", start, stop) >= 0:
        return None
    piece = text[start:stop]
    if "\r" in piece or "\n " in piece:  # line ends with CR, continuation lines
        return None
    lines = piece.split("\n")
    try:
        return [(known[line[:5]], line[5:].strip(), number) for line in lines if line]
    except KeyError:
        pass
    for line in lines:  # a tag not seen yet, or a line that is not a tag
        if line and line[:5] not in known:
            tag = _tag(line[:5])
            if not tag or len(known) >= 4096:
                return None
            known[line[:5]] = tag
    return [(known[line[:5]], line[5:].strip(), number) for line in lines if line]


def _lines_of(
    text: str, start: int, stop: int, number: int, known: dict[str, str]
) -> Iterator[list[tuple[str, str, int]]]:
    """The records of ``text[start:stop]`` (whose first line is line ``number``), line
    by line: any tag a line can hold, continuation lines without their indent, blank
    lines, ``\\r\\n``."""
    current: list[tuple[str, list[str], int]] = []
    for at, line in enumerate(_lines(text, start, stop), number):
        if line.startswith("      ") and current:
            if line.strip():
                current[-1][1].append(line.strip())
            continue
        head = line[:5]
        tag = known.get(head)
        if tag is None:
            tag = _tag(head) or ""
            if tag and len(known) < 4096:
                known[head] = tag
        if not tag:
            if not line.strip():
                continue
            found = _LINE.match(line)
            if found is None:
                if current:  # a continuation without the indent
                    current[-1][1].append(line.strip())
                continue
            tag, value = found.group(1), found.group(2).strip()
        else:
            value = line[5:].strip()
        if tag == "PMID" and current:
            yield [(tag, " ".join(parts), current[0][2]) for tag, parts, _ in current]
            current = []
        current.append((tag, [value], at))
    if current:
        yield [(tag, " ".join(parts), current[0][2]) for tag, parts, _ in current]


def _tag(line: str) -> str | None:
    """The tag of a line laid out as PubMed writes them (``TI  - ``, ``PMID- ``: the tag
    padded to four characters, then ``-``), which :data:`_LINE` reads the same way;
    ``None`` for any other line (read by :data:`_LINE`). Only the line's first five
    characters count."""
    if line[4:5] != "-":
        return None
    tag = line[:4].rstrip(" ")
    return tag if _TAG.fullmatch(tag) else None


# How :func:`_record` reads each tag (a tag not named here: kept as ``x-<tag>``).
_NAME, _SHORT, _SET, _KEEP, _LIST, _EDITOR, _ID_TAG, _OTHER = range(8)
_KIND: Mapping[str, int] = {
    **{
        tag: _KEEP if target == "abstract" or target.startswith("x-") else _SET
        for tag, target in _PLAIN.items()
    },
    **dict.fromkeys(_LISTS, _LIST),
    "PMID": _SET,
    "PMC": _SET,
    "FAU": _NAME,
    "CN": _NAME,
    "AU": _SHORT,
    "FED": _EDITOR,
    "ED": _SHORT,
    "AID": _ID_TAG,
    "LID": _ID_TAG,
}
_SET_AS: Mapping[str, str] = {**_PLAIN, "PMID": "pmid", "PMC": "pmcid"}


def _record(lines: list[tuple[str, str, int]], source: str) -> ImportedRecord:  # noqa: PLR0912 - a branch per tag kind
    fields = FieldSet()
    tags = {tag for tag, _, _ in lines}
    types = [value.lower() for tag, value, _ in lines if tag == "PT"]
    authors: list[str] = []
    editors: list[str] = []
    short_names = "FAU" not in tags  # AU read only without FAU
    for tag, value, _ in lines:
        kind = _KIND.get(tag, _OTHER)
        if kind == _NAME:  # FAU is "Surname, Given"; a group (CN) is braced
            authors.append(value if "," in value else literal_name(value))
        elif kind == _SHORT:
            if tag == "AU" and short_names:  # else the short form of FAU/FED: read there
                authors.append(value)  # "Smith J": pybtex reads it as given "Smith": braced below
        elif kind == _SET:
            fields.set(_SET_AS[tag], value)
        elif kind == _KEEP:
            fields.keep(_PLAIN[tag], value)
        elif kind == _LIST:
            target, sep = _LISTS[tag]
            fields.keep(target, value, sep)
        elif kind == _EDITOR:
            editors.append(value if "," in value else literal_name(value))
        elif kind == _ID_TAG:
            _identifier(fields, tag, value, "PG" in tags)
        elif tag == "DP":
            _set_published(fields, value)
        elif tag == "PL":  # a book's place; for an article, its journal's country
            if "JT" in tags:
                fields.keep("x-place", value)
            else:
                fields.set("address", value)
        elif tag == "DEP":
            fields.keep("x-electronic-date", value)
        elif tag == "SO":
            fields.keep("x-source", value)
        else:
            fields.keep(f"x-{tag.lower()}", value)
    if "FAU" not in tags and "AU" in tags:
        authors = [a if a.startswith("{") else _short_name(a) for a in authors]
    if authors:
        fields.set("author", " and ".join(authors))
    if editors:
        fields.set("editor", " and ".join(editors))
    if "book chapter" in types or (fields.values.get("booktitle") and "JT" not in tags):
        entry_type = "incollection"
    elif "book" in types and "JT" not in tags:
        entry_type = "book"
    else:
        entry_type = "article"
    if entry_type == "article" and any(t in types for t in ("preprint",)):
        fields.set("entrysubtype", "preprint")
    return fields.record(entry_type, source)


def _identifier(fields: FieldSet, tag: str, value: str, paged: bool) -> None:
    """``AID``/``LID``: ``10.1/x [doi]``, ``PMC123 [pmcid]``, an e-locator (``LID``,
    a record without ``PG``), anything else kept in ``x-article-id``."""
    found = _ID.search(value)
    kind = found.group("kind").lower() if found else ""
    identifier = value[: found.start()].rstrip() if found else value
    if kind == "doi":
        fields.set("doi", identifier)
    elif kind == "pmcid":
        fields.set("pmcid", identifier)
    elif tag == "LID" and found and not paged and _ELOCATOR.fullmatch(identifier):
        fields.set("eid", identifier)  # no page: the e-locator (eLife's e32822)
        fields.keep("x-article-id", value)
    else:
        fields.keep("x-article-id", value)


_DP = re.compile(r"(\d{4})(?: ([A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?)(?: (\d{1,2}))?)?")


def _set_published(fields: FieldSet, value: str) -> None:
    """``DP``: ``2016``, ``2016 Dec``, ``2016 Dec 7``, ``2020 Jul-Sep``; anything else
    (``2016 Winter``, ``1993-``) gives what it can and is kept whole in ``x-date``."""
    found = _DP.fullmatch(value)
    if found is None:
        set_date(fields, value)
        fields.keep("x-date", value)
        return
    fields.set("year", found.group(1))
    fields.set("month", found.group(2))
    if found.group(2) and "-" not in found.group(2):
        fields.set("day", found.group(3))


def _short_name(short: str) -> str:
    """``Smith JA`` (MEDLINE's ``AU``) to ``Smith, JA``."""
    parts = short.rsplit(" ", 1)
    return f"{parts[0]}, {parts[1]}" if len(parts) == 2 else literal_name(short)


def read_nbib(text: str, source: str) -> tuple[list[ImportedRecord], list[Problem]]:
    """The records of a MEDLINE/.nbib file."""
    problems: list[Problem] = []
    return list(iter_nbib(text, source, problems)), problems


def iter_nbib(text: str, source: str, problems: list[Problem]) -> Iterator[ImportedRecord]:
    """The records of a MEDLINE/.nbib file one at a time, as each is read; its problems
    are added to ``problems`` as they are found (all of them once the records are)."""
    pieces = _pieces(text.lstrip("\ufeff"))
    del text  # the pieces are let go as they are read: the text is never held to the end
    read = 0
    found = len(problems)
    for number, lines in enumerate(_records_of(pieces), 1):
        if (
            lines[0][0] != "PMID"  # a record as PubMed writes it (the check below passes)
            and not any(tag == "PMID" for tag, _, _ in lines)
            and not any(tag == "TI" for tag, _, _ in lines)
        ):
            message = f"record {number} has neither PMID nor TI: not a MEDLINE record"
            problems.append(Problem("parse-error", message, source, lines[0][2]))
            continue
        read += 1
        yield _record(lines, f"{source}: record {number} (line {lines[0][2]})")
    if not read and len(problems) == found:
        problems.append(Problem("parse-error", "no MEDLINE record (PMID- lines)", source))
