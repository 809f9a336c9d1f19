"""The other way: a bibliography as CSL-JSON or RIS (``mi-refs export``). Each entry
type goes back to the CSL type or RIS ``TY`` its importer reads it from, so importing an
export gives the same fields; fields with no CSL or RIS place go to CSL ``note`` as
``tex.<field>: value`` lines (read back by the CSL importer) and RIS ``x-<tag>`` fields
to their own tag."""

from __future__ import annotations

import json
import re
from typing import Any

from mi_refs.errors import UnknownFormatError
from mi_refs.model import Bibliography, Name, Reference

__all__ = ["EXPORT_FORMATS", "export"]

EXPORT_FORMATS = ("csl-json", "ris")
_CSL_TYPES = {
    ("article", ""): "article-journal",
    ("article", "newspaper"): "article-newspaper",
    ("article", "magazine"): "article-magazine",
    ("book", ""): "book",
    ("incollection", ""): "chapter",
    ("inbook", ""): "chapter",
    ("inreference", ""): "entry-encyclopedia",
    ("inproceedings", ""): "paper-conference",
    ("inproceedings", "presentation"): "speech",
    ("thesis", ""): "thesis",
    ("phdthesis", ""): "thesis",
    ("mastersthesis", ""): "thesis",
    ("report", ""): "report",
    ("techreport", ""): "report",
    ("online", ""): "webpage",
    ("online", "preprint"): "article",
    ("dataset", ""): "dataset",
    ("software", ""): "software",
    ("patent", ""): "patent",
    ("unpublished", ""): "manuscript",
    ("booklet", ""): "pamphlet",
    ("misc", "personal-communication"): "personal_communication",
    ("misc", ""): "document",
}
_CSL_TEXT = {
    "title": "title",
    "shortjournal": "container-title-short",
    "volume": "volume",
    "pages": "page",
    "edition": "edition",
    "publisher": "publisher",
    "address": "publisher-place",
    "venue": "event-place",
    "url": "URL",
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "isbn": "ISBN",
    "issn": "ISSN",
    "abstract": "abstract",
    "language": "language",
    "shorttitle": "title-short",
    "series": "collection-title",
    "version": "version",
    "howpublished": "medium",
    "pagetotal": "number-of-pages",
    "keywords": "keyword",
    "eventtitle": "event-title",
}
_HANDLED = frozenset(
    {
        "author",
        "editor",
        "journal",
        "journaltitle",
        "booktitle",
        "year",
        "month",
        "day",
        "date",
        "urldate",
        "number",
        "issue",
        "entrysubtype",
        "type",
        "organization",
        "institution",
        "school",
        "holder",
        "note",
        "ids",
        "eventdate",
    }
)
_LATEX_SPECIALS = re.compile(r"\\([&%$#_])")


def _plain(value: str) -> str:
    return _LATEX_SPECIALS.sub(r"\1", value)


def _csl_name(name: Name) -> dict[str, str]:
    if name.corporate:
        return {"literal": name.last}
    out = {"family": name.last, "given": name.given}
    if name.particle:
        out["non-dropping-particle"] = name.particle
    if name.suffix:
        out["suffix"] = name.suffix
    return {key: value for key, value in out.items() if value}


def _csl_item(reference: Reference) -> dict[str, Any]:  # noqa: PLR0912
    subtype = reference.get("entrysubtype").lower()
    csl_type = _CSL_TYPES.get((reference.entry_type, subtype)) or _CSL_TYPES.get(
        (reference.entry_type, ""), "document"
    )
    item: dict[str, Any] = {"id": reference.key, "type": csl_type}
    if reference.authors:
        item["author"] = [_csl_name(name) for name in reference.authors]
    if reference.editors:
        item["editor"] = [_csl_name(name) for name in reference.editors]
    container = reference.journal or reference.booktitle
    if container:
        item["container-title"] = container
    elif reference.organization and reference.entry_type in {"online", "misc"}:
        item["container-title"] = reference.organization
    if (
        reference.entry_type in {"thesis", "phdthesis", "mastersthesis", "report"}
        and reference.organization
    ):
        item["publisher"] = reference.organization
    if reference.year.isdigit():
        parts = [int(reference.year)]
        if reference.month:
            parts.append(reference.month)
            if reference.day:
                parts.append(reference.day)
        item["issued"] = {"date-parts": [parts]}
    if reference.urldate is not None:
        d = reference.urldate
        item["accessed"] = {"date-parts": [[d.year, d.month, d.day]]}
    issue = reference.issue or reference.number
    if issue:
        item["issue" if reference.entry_type == "article" else "number"] = issue
    if reference.type:
        item["genre"] = reference.type
    if reference.get("holder"):
        item["publisher"] = reference.get("holder")
    notes = [reference.note] if reference.note else []
    for name, value in reference.fields:
        if name in _CSL_TEXT:
            item[_CSL_TEXT[name]] = _plain(value)
        elif name not in _HANDLED and value:
            notes.append(f"tex.{name}: {_plain(value)}")
    for name, attribute in (
        ("doi", reference.doi),
        ("pmid", reference.pmid),
        ("pmcid", reference.pmcid),
    ):
        if attribute:
            item[_CSL_TEXT[name]] = attribute
    if reference.pages:
        item["page"] = reference.pages
    if notes:
        item["note"] = "\n".join(notes)
    if reference.get("entrysubtype") and (reference.entry_type, subtype) not in _CSL_TYPES:
        item.setdefault("note", "")
        item["note"] = (item["note"] + f"\ntex.entrysubtype: {subtype}").strip()
    return item


_RIS_TYPES = {
    "article-journal": "JOUR",
    "article-newspaper": "NEWS",
    "article-magazine": "MGZN",
    "book": "BOOK",
    "chapter": "CHAP",
    "entry-encyclopedia": "ENCYC",
    "paper-conference": "CPAPER",
    "speech": "SLIDE",
    "thesis": "THES",
    "report": "RPRT",
    "webpage": "ELEC",
    "article": "UNPB",
    "dataset": "DATA",
    "software": "COMP",
    "patent": "PAT",
    "manuscript": "UNPB",
    "pamphlet": "BOOK",
    "personal_communication": "PCOMM",
    "document": "GEN",
}


def _ris_name(name: Name) -> str:
    if name.corporate:
        return name.last
    parts = [name.surname, name.given] + ([name.suffix] if name.suffix else [])
    return ", ".join(part for part in parts if part)


def _ris_record(reference: Reference) -> str:
    item = _csl_item(reference)
    lines = [("TY", _RIS_TYPES.get(item["type"], "GEN"))]
    lines += [("AU", _ris_name(name)) for name in reference.authors]
    lines += [("A2", _ris_name(name)) for name in reference.editors]
    lines.append(("TI", reference.title))
    if reference.entry_type == "article":
        lines.append(("T2", reference.journal))
        lines.append(("J2", reference.shortjournal))
    else:
        lines.append(("T2", reference.booktitle or reference.organization))
    lines += [("VL", reference.volume), ("IS", reference.issue or reference.number)]
    if reference.pages:
        start, _, end = reference.pages.partition("-")
        lines += [("SP", start), ("EP", end)]
    if reference.year:
        date = "/".join(
            [
                reference.year,
                f"{reference.month:02d}" if reference.month else "",
                f"{reference.day:02d}" if reference.month and reference.day else "",
                "",
            ]
        )
        lines += [("PY", reference.year), ("DA", date)]
    if reference.urldate is not None:
        lines.append(("Y2", reference.urldate.strftime("%Y/%m/%d")))
    lines += [
        ("PB", reference.publisher),
        ("CY", reference.address),
        ("ET", reference.edition),
        ("DO", reference.doi),
        ("UR", reference.url),
        ("SN", reference.get("issn") or reference.get("isbn")),
        ("LA", reference.get("language")),
        ("AB", _plain(reference.get("abstract"))),
        ("ST", reference.get("shorttitle")),
        ("N1", reference.note),
    ]
    if reference.pmid:
        lines += [("AN", reference.pmid), ("DP", "NLM")]  # as EndNote writes PubMed records
    if reference.pmcid:
        lines.append(("C2", reference.pmcid))
    lines += [
        ("KW", keyword.strip())
        for keyword in reference.get("keywords").split(";")
        if keyword.strip()
    ]
    written = {tag for tag, value in lines if value}
    for name, value in reference.fields:
        tag = name[2:].upper()
        if name.startswith("x-") and len(name) == 4 and tag.isalnum() and tag not in written:
            lines.append((name[2:].upper(), _plain(value)))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines if value or tag == "ER")


def export(bibliography: Bibliography | Any, format: str) -> str:
    """The bibliography as ``csl-json`` (an array, one item per entry, ``id`` the key) or
    ``ris``. Raises :class:`~mi_refs.errors.UnknownFormatError` for another name."""
    references = list(bibliography)
    if format == "csl-json":
        return json.dumps([_csl_item(r) for r in references], indent=2, ensure_ascii=False) + "\n"
    if format == "ris":
        return "\n\n".join(_ris_record(r) for r in references) + "\n"
    raise UnknownFormatError(
        f"unknown export format {format!r} (known: {', '.join(EXPORT_FORMATS)})"
    )
