"""CSL-JSON (Zotero, Better CSL JSON, NCBI's citation exporter, Crossref content
negotiation, manubot): an array of items, or one item, or ``{"items": [...]}``.

Each CSL type maps to an entry type of docs/bibtex.md; each CSL variable to its BibTeX
field; anything else is kept (``abstract``, ``keywords``, ``x-<variable>``) and listed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mi_refs.importers.record import (
    FieldSet,
    ImportedRecord,
    JsonItems,
    bibtex_name,
    join_names,
    let_go,
    literal_name,
    load_json,
    set_date,
)
from mi_refs.model import Problem, Severity

__all__ = ["CSL_TYPES", "read_csl_item", "read_csl_json"]

# CSL type -> (entry type, entrysubtype or "")
CSL_TYPES: Mapping[str, tuple[str, str]] = {
    "article-journal": ("article", ""),
    "review": ("article", ""),
    "review-book": ("article", ""),
    "article-newspaper": ("article", "newspaper"),
    "article-magazine": ("article", "magazine"),
    "post-weblog": ("online", ""),
    "book": ("book", ""),
    "classic": ("book", ""),
    "chapter": ("incollection", ""),
    "entry-encyclopedia": ("inreference", ""),
    "entry-dictionary": ("inreference", ""),
    "entry": ("inreference", ""),
    "paper-conference": ("inproceedings", ""),
    "speech": ("inproceedings", "presentation"),
    "thesis": ("thesis", ""),
    "report": ("report", ""),
    "webpage": ("online", ""),
    "post": ("online", ""),
    "dataset": ("dataset", ""),
    "software": ("software", ""),
    "patent": ("patent", ""),
    "article": ("online", "preprint"),  # CSL 1.0.2: a preprint or working paper
    "manuscript": ("unpublished", ""),
    "personal_communication": ("misc", "personal-communication"),
    "interview": ("misc", ""),
    "legislation": ("misc", ""),
    "bill": ("misc", ""),
    "legal_case": ("misc", ""),
    "standard": ("report", ""),
    "pamphlet": ("booklet", ""),
    "document": ("misc", ""),
}

# CSL variable -> BibTeX field (plain text values).
_TEXT: Mapping[str, str] = {
    "title": "title",
    "container-title-short": "shortjournal",
    "journalAbbreviation": "shortjournal",
    "volume": "volume",
    "page": "pages",
    "edition": "edition",
    "publisher": "publisher",
    "publisher-place": "address",
    "event-place": "venue",
    "URL": "url",
    "DOI": "doi",
    "PMID": "pmid",
    "PMCID": "pmcid",
    "ISBN": "isbn",
    "ISSN": "issn",
    "abstract": "abstract",
    "language": "language",
    "title-short": "shorttitle",
    "collection-title": "series",
    "collection-number": "x-collection-number",
    "version": "version",
    "section": "section",
    "medium": "howpublished",
    "number-of-pages": "pagetotal",
    "source": "x-source",
    "call-number": "x-call-number",
    "archive": "x-archive",
    "archive_location": "x-archive-location",
    "keyword": "keywords",
    "note": "note",
    "annote": "annote",
}
_NAMES = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "container-author": "bookauthor",
    "collection-editor": "x-collection-editor",
    "director": "x-director",
    "recipient": "x-recipient",
    "reviewed-author": "x-reviewed-author",
    "interviewer": "x-interviewer",
    "composer": "x-composer",
    "illustrator": "x-illustrator",
    "original-author": "x-original-author",
}
_DATES = {"accessed": "urldate", "event-date": "eventdate", "original-date": "origdate"}
# Crossref's content-negotiation extras: registry bookkeeping, not the reference.
_METADATA = frozenset(
    {
        "indexed",
        "reference-count",
        "references-count",
        "is-referenced-by-count",
        "deposited",
        "created",
        "content-domain",
        "member",
        "prefix",
        "score",
        "link",
        "license",
        "relation",
        "reference",
        "published-print",
        "published-online",
        "published",
        "journal-issue",
        "source",
        "update-policy",
        "resource",
        "assertion",
        "subject",
        "funder",
        "alternative-id",
        "system_id",
    }
)
_HANDLED = frozenset(
    {
        "type",
        "container-title",
        "issued",
        "issue",
        "genre",
        "number",
        "event",
        "event-title",
        "publisher",
    }
)
_KEY_LIKE = re.compile(r"[A-Za-z][A-Za-z_-]*\d{4}[\w-]*")
_NOTE_LINE = re.compile(r"^(tex\.[\w-]+|PMID|PMCID|DOI|ISBN|ISSN)\s*:\s*(.+)$", re.IGNORECASE)


def _text(value: Any) -> str:
    if type(value) is str:  # most values: asked first
        return value
    if isinstance(value, list):
        return "; ".join([_text(part) for part in value])  # no generators left to close
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def _name(person: Any) -> str:
    if isinstance(person, str):
        return literal_name(person)
    if type(person) is not dict and not isinstance(person, Mapping):  # dict: asked first
        return ""
    if person.get("literal") and not person.get("family"):
        return literal_name(str(person["literal"]))
    family = str(person.get("family", ""))
    particle = (
        f"{person.get('non-dropping-particle', '')} {person.get('dropping-particle', '')}"
    ).strip()  # format() of a JSON value is its str()
    if family and not person.get("given"):
        return literal_name(f"{particle} {family}".strip())
    return bibtex_name(
        family, str(person.get("given", "")), str(person.get("suffix", "")), particle
    )


def _date_parts(value: Any) -> tuple[list[int], str]:
    """The first date of a CSL date (``date-parts``, ``raw``, ``literal`` or a string)."""
    if value is None:  # most items have no accessed, event-date or original-date
        return [], ""
    if isinstance(value, Mapping):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list):
            numbers = []
            for part in parts[0]:
                try:
                    numbers.append(int(part))
                except (TypeError, ValueError):
                    break
            return numbers, ""
        return [], str(value.get("raw") or value.get("literal") or "")
    if isinstance(value, str):
        return [], value
    return [], ""


def _iso(parts: Sequence[int]) -> str:
    return "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts[:3]))


def _set_issued(fields: FieldSet, value: Any) -> None:
    numbers, raw = _date_parts(value)
    if numbers:
        fields.set("year", str(numbers[0]))
        if len(numbers) > 1:
            fields.set("month", str(numbers[1]))
        if len(numbers) > 2:
            fields.set("day", str(numbers[2]))
        parts = value.get("date-parts") if isinstance(value, Mapping) else None
        if isinstance(parts, list) and len(parts) > 1:  # a range: keep its end
            fields.keep("x-issued-end", _iso([int(p) for p in parts[1] if str(p).isdigit()]))
    elif raw:
        set_date(fields, raw, original="x-issued")


def _read_note(fields: FieldSet, note: str) -> None:
    """Zotero's ``extra``/CSL ``note``: ``PMID: 123`` and ``tex.field: value`` lines become
    fields; the other lines stay in ``note``."""
    rest = []
    for line in note.splitlines():
        found = _NOTE_LINE.match(line.strip())
        if found is None:
            rest.append(line)
            continue
        name, value = found.group(1), found.group(2).strip()
        fields.set(name[4:].lower() if name.lower().startswith("tex.") else name.lower(), value)
    fields.keep("note", "\n".join(rest).strip())


def _set_typed(fields: FieldSet, item: Mapping[str, Any], csl_type: str, entry_type: str) -> None:
    """``genre``, ``number``, ``issue``, ``event`` and ``publisher``: their place depends on
    the type."""
    genre, number = _text(item.get("genre")), _text(item.get("number"))
    if csl_type == "thesis":
        fields.set("type", genre or "phdthesis")
        fields.set("institution", _text(item.get("publisher")))
    elif csl_type in {"report", "standard"}:
        fields.set("institution", _text(item.get("publisher")))
    elif csl_type == "patent":
        fields.set("holder", _text(item.get("publisher")))
    else:
        fields.set("publisher", _text(item.get("publisher")))
    if entry_type == "article":
        fields.set("number", _text(item.get("issue")))
        fields.keep("x-genre", genre)
        fields.keep("x-number", number)
    else:
        fields.keep("x-issue", _text(item.get("issue")))
        fields.set("type", genre)
        fields.set("number", number)
    event = _text(item.get("event-title") or item.get("event"))
    if entry_type == "inproceedings":
        fields.set("eventtitle", event)
    else:
        fields.keep("x-event", event)


def read_csl_item(item: Mapping[str, Any], source: str) -> ImportedRecord:  # noqa: PLR0912 - a branch per variable kind
    """One CSL-JSON item as a record."""
    fields = FieldSet()
    csl_type = str(item.get("type", ""))
    entry_type, subtype = CSL_TYPES.get(csl_type, ("misc", ""))
    if csl_type not in CSL_TYPES:
        fields.keep("type", csl_type)
    fields.set("entrysubtype", subtype)
    container = _text(item.get("container-title"))
    if entry_type in {"article"}:
        fields.set("journal", container)
    elif entry_type in {"online", "misc", "dataset", "software", "unpublished"}:
        target = "organization" if entry_type == "online" else "howpublished"
        fields.set(target, container)
    elif container:
        fields.set("booktitle", container)
    _set_typed(fields, item, csl_type, entry_type)
    for name, target in _NAMES.items():
        people = item.get(name)
        if isinstance(people, list):
            if target.startswith("x-") or target in {"translator", "bookauthor"}:
                fields.keep(target, join_names(_name(person) for person in people), " and ")
            else:
                fields.set(target, join_names(_name(person) for person in people))
    _set_issued(fields, item.get("issued"))
    for name, target in _DATES.items():
        numbers, raw = _date_parts(item.get(name))
        fields.set(target, _iso(numbers) if numbers else raw)
    for name, value in item.items():
        if name in _TEXT:
            target = _TEXT[name]
            if name == "note":
                _read_note(fields, _text(value))
            elif target in {"abstract", "keywords", "annote"} or target.startswith("x-"):
                fields.keep(target, _text(value))
            else:
                fields.set(target, _text(value))
        elif name in _HANDLED or name in _NAMES or name in _DATES:
            continue
        elif name in {"citation-key", "citationKey"} or (
            name == "id" and _KEY_LIKE.fullmatch(_text(value)) and not item.get("citation-key")
        ):
            fields.keep("ids", _text(value), ",")  # the exporter's citation key
        elif name == "id":
            fields.drop("id")  # a database or document item number (ITEM-1, 109)
        elif name in _METADATA:
            fields.drop(name)
        else:
            fields.keep(f"x-{name.lower()}", _text(value))
    return fields.record(entry_type, source)


def items_of(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        if isinstance(data.get("items"), list):
            return list(data["items"])
        if "type" in data or "title" in data:
            return [data]
    return None


def read_csl_json(text: str, source: str) -> tuple[list[ImportedRecord], list[Problem]]:
    """The records of a CSL-JSON file; a file that is not CSL-JSON is one problem. An
    array (or ``{"items": [...]}``) is decoded an item at a time, each item let go once
    read; any other text is read whole, as is one that cannot be read a piece at a time
    (then the problem is :func:`load_json`'s)."""
    stream = JsonItems(text)
    records, problems = _read_items(stream, source)
    if not stream.refused:
        return records, problems
    del records, problems, stream  # what was read is let go: the text is read whole
    data, error, line = load_json(text)
    del text  # read: memory is the items' (and then the records') alone
    if error:
        return [], [Problem("parse-error", error, source, line)]
    items = items_of(data)
    del data  # the items are let go as they are read: memory is the records' alone
    if items is None:
        return [], [Problem("parse-error", "no CSL-JSON items (an array of objects)", source)]
    return _read_items(let_go(items), source)


def _read_items(items: Iterable[Any], source: str) -> tuple[list[ImportedRecord], list[Problem]]:
    records: list[ImportedRecord] = []
    problems: list[Problem] = []
    for number, item in enumerate(items, 1):
        where = f"{source}: item {number}"
        if type(item) is not dict and not isinstance(item, Mapping):  # dict: asked first
            problems.append(Problem("parse-error", f"item {number} is not an object", source))
            continue
        if not item.get("title") and not item.get("author"):
            message = f"item {number} has neither title nor author; read as it is"
            problems.append(Problem("missing-field", message, source, severity=Severity.WARNING))
        try:
            records.append(read_csl_item(item, where))
        except RecursionError:
            problems.append(Problem("parse-error", f"item {number} is nested too deeply", source))
    return records, problems
