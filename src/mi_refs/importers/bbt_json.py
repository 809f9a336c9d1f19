"""Better BibTeX JSON (Zotero's "Better BibTeX JSON" export: ``{"config", "items"}``):
Zotero's own item fields (``itemType``, ``creators``, ``publicationTitle``,
``abstractNote``, ``extra``...), mapped to docs/bibtex.md's entry types.

``extra`` lines ``PMID: ...``, ``PMCID: ...``, ``DOI: ...`` and ``tex.field: value``
become fields; Zotero's bookkeeping (``itemID``, ``key``, ``dateAdded``,
``dateModified``, ``libraryCatalog``, ``uri``, ``collections``, ``relations``,
``attachments``) is left out and named in the report; anything else is kept."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
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

__all__ = ["ZOTERO_TYPES", "read_bbt_json"]

ZOTERO_TYPES: Mapping[str, tuple[str, str]] = {
    "journalArticle": ("article", ""),
    "magazineArticle": ("article", "magazine"),
    "newspaperArticle": ("article", "newspaper"),
    "blogPost": ("online", ""),
    "book": ("book", ""),
    "bookSection": ("incollection", ""),
    "encyclopediaArticle": ("inreference", ""),
    "dictionaryEntry": ("inreference", ""),
    "conferencePaper": ("inproceedings", ""),
    "presentation": ("inproceedings", "presentation"),
    "thesis": ("thesis", ""),
    "report": ("report", ""),
    "webpage": ("online", ""),
    "forumPost": ("online", ""),
    "dataset": ("dataset", ""),
    "computerProgram": ("software", ""),
    "patent": ("patent", ""),
    "preprint": ("online", "preprint"),
    "manuscript": ("unpublished", ""),
    "letter": ("misc", "personal-communication"),
    "email": ("misc", "personal-communication"),
    "document": ("misc", ""),
    "standard": ("report", ""),
}
_CONTAINER = (
    "publicationTitle",
    "bookTitle",
    "proceedingsTitle",
    "encyclopediaTitle",
    "dictionaryTitle",
    "websiteTitle",
    "blogTitle",
    "forumTitle",
    "repository",
)
_TEXT = {
    "title": "title",
    "journalAbbreviation": "shortjournal",
    "volume": "volume",
    "pages": "pages",
    "edition": "edition",
    "publisher": "publisher",
    "place": "address",
    "url": "url",
    "DOI": "doi",
    "ISBN": "isbn",
    "ISSN": "issn",
    "language": "language",
    "shortTitle": "shorttitle",
    "series": "series",
    "numPages": "pagetotal",
    "versionNumber": "version",
    "conferenceName": "eventtitle",
    "university": "institution",
    "institution": "institution",
    "reportNumber": "number",
    "patentNumber": "number",
    "thesisType": "type",
    "reportType": "type",
    "websiteType": "type",
    "genre": "type",
    "assignee": "holder",
    "archiveID": "eprint",
    "rights": "x-rights",
    "abstractNote": "abstract",
    "callNumber": "x-call-number",
    "archive": "x-archive",
    "archiveLocation": "x-archive-location",
    "section": "x-section",
}
_METADATA = frozenset(
    {
        "itemID",
        "key",
        "dateAdded",
        "dateModified",
        "libraryCatalog",
        "uri",
        "collections",
        "relations",
        "attachments",
        "version",
        "select",
        "itemKey",
        "libraryID",
    }
)
_EXTRA = re.compile(r"^(tex\.[\w-]+|PMID|PMCID|DOI|ISBN|ISSN|arXiv)\s*:\s*(.+)$", re.IGNORECASE)


def _creators(fields: FieldSet, creators: Any) -> None:
    roles: dict[str, list[str]] = {}
    for creator in creators if isinstance(creators, list) else []:
        if type(creator) is not dict and not isinstance(creator, Mapping):  # dict: asked first
            continue
        if creator.get("name"):
            name = literal_name(str(creator["name"]))
        else:
            family, given = str(creator.get("lastName", "")), str(creator.get("firstName", ""))
            name = bibtex_name(family, given) if given else literal_name(family)
        roles.setdefault(str(creator.get("creatorType", "author")), []).append(name)
    for role, names in roles.items():
        target = {
            "author": "author",
            "editor": "editor",
            "inventor": "author",
            "programmer": "author",
            "presenter": "author",
            "bookAuthor": "bookauthor",
            "translator": "translator",
        }.get(role)
        if target in {"author", "editor"}:
            fields.set(target, join_names(names))
        else:
            fields.keep(target or f"x-{role.lower()}", join_names(names), " and ")


def _extra(fields: FieldSet, extra: Any) -> None:
    lines = extra if isinstance(extra, list) else str(extra or "").splitlines()
    rest = []
    for line in (str(line).strip() for line in lines):
        found = _EXTRA.match(line)
        if found is None:
            rest.append(line)
            continue
        name, value = found.group(1), found.group(2).strip()
        if name.lower().startswith("tex."):
            fields.set(name[4:].lower(), value)
        elif name.lower() == "arxiv":
            fields.set("eprint", value)
            fields.set("eprinttype", "arxiv")
        else:
            fields.set(name.lower(), value)
    fields.keep("note", "\n".join(line for line in rest if line))


def read_bbt_item(item: Mapping[str, Any], source: str) -> ImportedRecord:  # noqa: PLR0912 - a branch per field kind
    fields = FieldSet()
    item_type = str(item.get("itemType", ""))
    entry_type, subtype = ZOTERO_TYPES.get(item_type, ("misc", ""))
    if item_type not in ZOTERO_TYPES:
        fields.keep("x-item-type", item_type)
    fields.set("entrysubtype", subtype)
    _creators(fields, item.get("creators"))
    for name in _CONTAINER:
        value = str(item.get(name) or "")
        if not value:
            continue
        if entry_type == "article":
            fields.set("journal", value)
        elif entry_type in {"online", "misc", "dataset", "software", "unpublished"}:
            fields.set("organization" if name != "repository" else "publisher", value)
        else:
            fields.set("booktitle", value)
    for name, value in item.items():
        if name in _CONTAINER or name in {"itemType", "creators", "extra"} or value in ("", None):
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        if name == "date":
            set_date(fields, text)
        elif name == "accessDate":
            fields.set("urldate", text[:10])
        elif name in {"issue", "number"}:
            fields.set("number", text) if entry_type == "article" else fields.keep("x-issue", text)
        elif name == "tags":
            for tag in value if isinstance(value, list) else []:
                fields.keep(
                    "keywords", str(tag.get("tag", "")) if isinstance(tag, Mapping) else str(tag)
                )
        elif name == "notes":
            for note in value if isinstance(value, list) else [value]:
                fields.keep(
                    "annote", str(note.get("note", "")) if isinstance(note, Mapping) else str(note)
                )
        elif name == "citationKey":
            fields.keep("ids", text, ",")
        elif name in _METADATA:
            fields.drop(name)
        elif name in _TEXT:
            target = _TEXT[name]
            if target == "abstract" or target.startswith("x-"):
                fields.keep(target, text)
            else:
                fields.set(target, text)
        else:
            fields.keep(f"x-{name.lower()}", text)
    _extra(fields, item.get("extra"))
    return fields.record(entry_type, source)


def read_bbt_json(text: str, source: str) -> tuple[list[ImportedRecord], list[Problem]]:
    """The items of a Better BibTeX JSON export (notes and attachments as items of their
    own are not references: left out and reported). The items are decoded one at a time,
    each let go once read, when the text allows it (see
    :class:`~mi_refs.importers.record.JsonItems`); otherwise it is read whole."""
    stream = JsonItems(text, array=False)
    records, problems = _read_items(stream, source)
    if not stream.refused:
        return records, problems
    del records, problems, stream  # what was read is let go: the text is read whole
    data, error, line = load_json(text)
    del text  # read: memory is the items' (and then the records') alone
    if error:
        return [], [Problem("parse-error", error, source, line)]
    items = data.get("items") if isinstance(data, Mapping) else None
    del data  # the items are let go as they are read: memory is the records' alone
    if not isinstance(items, list):
        return [], [Problem("parse-error", "no Better BibTeX JSON items", source)]
    return _read_items(let_go(items), source)


def _read_items(items: Iterable[Any], source: str) -> tuple[list[ImportedRecord], list[Problem]]:
    records = []
    problems = []
    for number, item in enumerate(items, 1):
        if type(item) is not dict and not isinstance(item, Mapping):  # dict: asked first
            problems.append(Problem("parse-error", f"item {number} is not an object", source))
            continue
        if item.get("itemType") in {"note", "attachment", "annotation"}:
            message = f"item {number} is a Zotero {item['itemType']}, not a reference: left out"
            problems.append(Problem("parse-error", message, source, severity=_info()))
            continue
        try:
            records.append(read_bbt_item(item, f"{source}: item {number}"))
        except RecursionError:
            problems.append(Problem("parse-error", f"item {number} is nested too deeply", source))
    return records, problems


def _info() -> Severity:
    return Severity.INFO
