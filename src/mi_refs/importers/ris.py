"""RIS (EndNote, Zotero, Embase, Rayyan, PubMed-through-EndNote exports), read line by
line as rispy's line parser reads them, keeping every tag as written (repeated tags and
untagged continuation lines included), then mapped per ``TY`` to docs/bibtex.md's entry
types. (rispy itself was the reader until issue 22; the tests compare the two.)

Tags without a BibTeX place are kept (``abstract``, ``keywords``, ``x-<tag>``) and listed;
``M1``, ``N1`` and the custom tags mean different things per exporter, so they are kept
under their own tag names (``x-m1``...)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from mi_refs.importers.record import (
    FieldSet,
    ImportedRecord,
    join_names,
    literal_name,
    loose_date,
)
from mi_refs.model import Problem

__all__ = ["RIS_TYPES", "iter_ris", "read_ris"]

# TY -> (entry type, entrysubtype)
RIS_TYPES: Mapping[str, tuple[str, str]] = {
    "JOUR": ("article", ""),
    "JFULL": ("article", ""),
    "EJOUR": ("article", ""),
    "INPR": ("article", ""),
    "ABST": ("article", "abstract"),
    "MGZN": ("article", "magazine"),
    "NEWS": ("article", "newspaper"),
    "BLOG": ("online", ""),
    "BOOK": ("book", ""),
    "EBOOK": ("book", ""),
    "EDBOOK": ("book", ""),
    "CHAP": ("incollection", ""),
    "ECHAP": ("incollection", ""),
    "ENCYC": ("inreference", ""),
    "DICT": ("inreference", ""),
    "CONF": ("proceedings", ""),
    "CPAPER": ("inproceedings", ""),
    "SLIDE": ("inproceedings", "presentation"),
    "THES": ("thesis", ""),
    "RPRT": ("report", ""),
    "GOVDOC": ("report", ""),
    "STAND": ("report", ""),
    "ELEC": ("online", ""),
    "WEB": ("online", ""),
    "ICOMM": ("online", ""),
    "DATA": ("dataset", ""),
    "DBASE": ("online", "database"),
    "AGGR": ("online", "database"),
    "COMP": ("software", ""),
    "PAT": ("patent", ""),
    "UNPB": ("unpublished", ""),
    "MANSCPT": ("unpublished", ""),
    "PCOMM": ("misc", "personal-communication"),
    "GEN": ("misc", ""),
    "CTLG": ("misc", ""),
    "STAT": ("misc", ""),
    "BILL": ("misc", ""),
    "CASE": ("misc", ""),
    "HEAR": ("misc", ""),
}
_PERSONS = {
    "AU": "author",
    "A1": "author",
    "A2": "editor",
    "ED": "editor",
    "A3": "x-a3",
    "A4": "x-a4",
    "TA": "x-translated-author",
}
_JOURNAL_TAGS = ("JF", "T2", "JO", "JA", "J2", "J1", "BT")
_TEXT = {
    "TI": "title",
    "T1": "title",
    "CT": "title",
    "VL": "volume",
    "VO": "volume",
    "IS": "number",
    "CP": "number",
    "PB": "publisher",
    "CY": "address",
    "PP": "address",
    "ET": "edition",
    "SN": "issn",
    "LA": "language",
    "AB": "abstract",
    "N2": "abstract",
    "ST": "shorttitle",
    "T3": "series",
    "UR": "url",
    "L2": "x-l2",
    "DO": "doi",
}
_INITIALS = re.compile(r"(?:[A-Z]\.?-?){1,4}")
_DOI = re.compile(r"(10\.\d{4,9}/\S+)")


def _records(lines: Iterator[str]) -> Iterator[dict[str, Any]]:  # noqa: PLR0912 - rispy's rules
    """The records of ``lines`` one at a time, each ``{"TY": type, "UK": {tag: values}}``,
    as rispy's line parser reads them with every tag kept as written (its ``RisParser``
    with no tag mapped; a line holds a tag when its third to fifth characters are
    ``"  -"`` and its first two are capitals, the first a letter): lines before a ``TY``
    line are skipped, ``ER`` ends a record, a repeated ``TY`` is ignored, a line without
    a tag continues the last tag read (even the previous record's; joined to ``TY``,
    another value of any other tag), a record without ``ER`` at the end of the file is
    left out. Unlike rispy, a ``UK`` tag is a tag like any other (rispy stores it where
    it keeps unknown tags: an internal error, or the whole file refused)."""
    last_tag: str | None = None
    kind = ""
    tags: dict[str | None, list[str]] | None = None
    heads: dict[str, str] = {}  # a line's first five characters: its tag, or ""
    for line in lines:
        tag: str | None = heads.get(line[:5])
        if tag is None:
            head = line[:5]
            tag = (
                head[:2] if head[2:5] == "  -" and head[:2].isupper() and head[:1].isalpha() else ""
            )
            if len(heads) < 4096:
                heads[head] = tag
        if tag:
            content = line[6:].strip()
        else:
            tag, content = None, line.strip()
        if tags is None:  # up to a line starting with TY
            if line.startswith("TY"):
                kind, tags = content, {}
            continue
        if tag is None:
            if last_tag == "TY":
                kind = f"{kind} {content}"
            elif last_tag in tags:
                tags[last_tag].append(content)
            else:
                tags[last_tag] = [content]
            continue
        if tag == "ER":
            yield {"TY": kind, "UK": tags}
            tags = None
            continue
        last_tag = tag
        if tag == "TY":
            continue  # the first TY counts
        if tag in tags:
            tags[tag].append(content)
        else:
            tags[tag] = [content]


def _ris_name(value: str) -> str:
    """``Smith, John A.`` as written; a name without a comma that is not ``Smith JA``
    (a group) is braced."""
    value = value.strip().rstrip(",")
    if "," in value:
        return value
    parts = value.split()
    if len(parts) >= 2 and _INITIALS.fullmatch(parts[-1]):  # Embase's "Adler D.G."
        return f"{' '.join(parts[:-1])}, {parts[-1]}"
    return literal_name(value)


def _record(record: Mapping[str, Any], source: str) -> ImportedRecord:  # noqa: PLR0912
    fields = FieldSet()
    raw_type = str(record.get("TY", "")).strip()
    ty = raw_type.upper()
    entry_type, subtype = RIS_TYPES.get(ty, ("", ""))
    if not entry_type:  # "Journal Article" and other spelt-out types
        lower = raw_type.lower()
        entry_type = "article" if "journal" in lower or "article" in lower else "misc"
        fields.keep("x-ty", raw_type)
    fields.set("entrysubtype", subtype)
    tags: dict[str, list[str]] = {
        tag or "untagged": [value for value in values if value]  # each stripped: not blank
        for tag, values in record["UK"].items()  # untagged: a line after TY without a tag
    }
    used: set[str] = set()
    for tag, role in _PERSONS.items():
        if tags.get(tag):
            names = join_names(_ris_name(name) for name in tags[tag])
            if role.startswith("x-"):
                fields.keep(role, names, " and ")
            else:
                fields.set(role, names)
            used.add(tag)
    container = [tag for tag in _JOURNAL_TAGS if tags.get(tag)]
    if container:
        full = tags[container[0]][0]
        target = (
            "journal"
            if entry_type == "article"
            else (
                "organization"
                if entry_type in {"online", "misc", "software", "dataset"}
                else "booktitle"
            )
        )
        fields.set(target, full)
        used.add(container[0])
        if entry_type == "article":
            short = next((tags[t][0] for t in ("J2", "JA", "JO", "J1") if tags.get(t)), "")
            if short and short != full:
                fields.set("shortjournal", short)
        for tag in container:
            for value in tags[tag]:
                if value not in {
                    fields.values.get("journal"),
                    fields.values.get("shortjournal"),
                    fields.values.get(target),
                }:
                    fields.keep(f"x-{tag.lower()}", value)
            used.add(tag)
    if "NLM" in tags.get("DP", []) and tags.get("AN", [""])[0].isdigit():
        fields.set("pmid", tags["AN"][0])  # EndNote from PubMed: AN is the PMID
        used.add("AN")
    if not any(tags.get(tag) for tag in ("TI", "T1", "CT")) and tags.get("ST"):
        fields.set("title", tags["ST"][0])  # only a short title: it is the title
    _pages(fields, tags, used)
    _dates(fields, tags, used)
    for tag, values in tags.items():
        if tag in used:
            continue
        for value in values:
            _tag(fields, tag, value, entry_type)
    return fields.record(entry_type, source)


def _tag(fields: FieldSet, tag: str, value: str, entry_type: str) -> None:  # noqa: PLR0912 - a branch per tag kind
    if tag in {"TI", "T1", "CT"} and "title" in fields.values and value != fields.values["title"]:
        fields.keep(f"x-{tag.lower()}", value)
    elif tag == "KW":
        fields.keep("keywords", value)
    elif tag == "DO" or (tag in {"L2", "M3"} and _DOI.search(value) and "doi.org" in value):
        found = _DOI.search(value)
        fields.set("doi", found.group(1) if found else value)
        if tag != "DO":
            fields.keep(f"x-{tag.lower()}", value)
    elif tag == "ET" and entry_type == "article":
        fields.keep("x-et", value)  # EndNote from PubMed: the Epub date, not an edition
    elif tag == "UR" and ("url" in fields.values or not value.lower().startswith("http")):
        fields.keep("x-ur", value)
    elif tag in _TEXT:
        target = _TEXT[tag]
        if target in {"abstract"} or target.startswith("x-"):
            fields.keep(target, value, " ")
        elif target == "number" and entry_type not in {"article"}:
            fields.keep("x-is", value)
        else:
            fields.set(target, value)
    elif tag.startswith("C") and re.fullmatch(r"PMC\d+", value):
        fields.set("pmcid", value)
    elif tag in {"N1", "M1", "M3", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "AD"}:
        fields.keep(f"x-{tag.lower()}", value)
    elif tag == "ER":
        return
    else:
        fields.keep(f"x-{tag.lower()}", value)


def _pages(fields: FieldSet, tags: dict[str, list[str]], used: set[str]) -> None:
    start = tags.get("SP", [""])[0]
    end = tags.get("EP", [""])[0]
    if start:
        fields.set(
            "pages", f"{start}-{end}" if end and end != start and "-" not in start else start
        )
    used.update({"SP", "EP"})
    for tag in ("SP", "EP"):
        for value in tags.get(tag, [])[1:]:
            fields.keep(f"x-{tag.lower()}", value)


def _dates(fields: FieldSet, tags: dict[str, list[str]], used: set[str]) -> None:
    """``PY``/``Y1`` (year, often ``2018///``), ``DA`` (``2018/03/01/``, ``Jun``), ``Y2``
    (the access date, in Zotero's exports)."""
    for tag in ("PY", "Y1", "DA"):
        for value in tags.get(tag, []):
            year, month, day = loose_date(value)
            if year:
                fields.set("year", year)
            if month is not None and "month" not in fields.values:
                fields.set("month", str(month))
                if day is not None:
                    fields.set("day", str(day))
            if not year and month is None:
                fields.keep(f"x-{tag.lower()}", value)
            used.add(tag)
    for value in tags.get("Y2", []):
        year, month, day = loose_date(value)
        if year and month and day:
            fields.set("urldate", f"{year}-{month:02d}-{day:02d}")
        else:
            fields.keep("x-y2", value)
        used.add("Y2")


def _lines(text: str) -> Iterator[str]:
    """``text.split("\\n")`` one line at a time (``\\r\\n`` and a lone ``\\r`` end a line
    too), never all the lines at once."""
    if "\r" in text:
        start = 0
        for found in _BREAK.finditer(text):
            yield text[start : found.start()]
            start = found.end()
        yield text[start:]
        return
    start = 0
    while (end := text.find("\n", start + _BLOCK)) >= 0:  # a block of lines at a time
        yield from text[start:end].split("\n")
        start = end + 1
    yield from text[start:].split("\n")


def _pieces(text: str, size: int = 1 << 20) -> list[str]:
    """``text`` cut at line breaks (each taken out) into pieces of about ``size``
    characters: their lines (:func:`_lines_of`) are the text's. A text with ``\\r`` is
    one piece (``\\r\\n`` is one line break)."""
    if "\r" in text:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > size:
        cut = text.find("\n", start + size)
        if cut < 0:
            break
        pieces.append(text[start:cut])
        start = cut + 1
    pieces.append(text[start:] if start else text)
    return pieces


def _lines_of(pieces: list[str]) -> Iterator[str]:
    """The lines of the text cut into ``pieces`` (:func:`_pieces`), each piece let go
    once its lines are given."""
    pieces.reverse()
    while pieces:
        yield from _lines(pieces.pop())


_BREAK = re.compile(r"\r\n?|\n")
_BLOCK = 1 << 16  # characters split into lines at a time


def read_ris(text: str, source: str) -> tuple[list[ImportedRecord], list[Problem]]:
    """The records of a RIS file."""
    problems: list[Problem] = []
    return list(iter_ris(text, source, problems)), problems


def iter_ris(text: str, source: str, problems: list[Problem]) -> Iterator[ImportedRecord]:
    """The records of a RIS file one at a time, each converted as soon as its ``ER``
    line is read (the file's lines are never all held at once); a file without any adds
    its problem to ``problems``."""
    pieces = _pieces(text.lstrip("\ufeff"))
    del text  # the pieces are let go as they are read: the text is never held to the end
    read = 0
    for record in _records(_lines_of(pieces)):
        read += 1
        yield _record(record, f"{source}: record {read}")
    if not read:
        problems.append(Problem("parse-error", "no RIS record (TY  - lines)", source))
