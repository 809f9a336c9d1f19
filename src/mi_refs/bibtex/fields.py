"""One BibTeX entry's resolved fields to a :class:`~mi_refs.model.Reference` (pure).

The loader has already resolved macros and concatenation; here each field is decoded
(LaTeX to Unicode, names through pybtex), normalised (identifiers, pages, dates) and
checked against its kind's required fields. What is wrong comes back as
:class:`FieldIssue` records, which the loader turns into problems with file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mi_refs.bibtex.latex import normalize_space, to_unicode
from mi_refs.bibtex.names import parse_names
from mi_refs.bibtex.normalize import (
    normalize_doi,
    normalize_pages,
    normalize_pmcid,
    normalize_pmid,
    parse_date,
    parse_month,
)
from mi_refs.model import Kind, Reference, Severity

__all__ = ["KNOWN_ENTRY_TYPES", "FieldIssue", "build_reference"]

_KINDS: Mapping[str, Kind] = {
    "article": Kind.ARTICLE,
    "inproceedings": Kind.PRESENTATION,
    "conference": Kind.PRESENTATION,
    "book": Kind.BOOK,
    "incollection": Kind.CHAPTER,
    "inbook": Kind.CHAPTER,
    "online": Kind.WEBPAGE,
    "www": Kind.WEBPAGE,
    "electronic": Kind.WEBPAGE,
    "misc": Kind.WEBPAGE,
    "manual": Kind.PRESCRIBING_INFORMATION,
    "report": Kind.REPORT,
    "techreport": Kind.REPORT,
}
KNOWN_ENTRY_TYPES: frozenset[str] = frozenset(_KINDS)

_SUBTYPE_KINDS: Mapping[str, Kind] = {
    "abstract": Kind.ABSTRACT,
    "registration": Kind.REGISTRATION,
    "trial-registration": Kind.REGISTRATION,
    "data-on-file": Kind.DATA_ON_FILE,
}
_ABSTRACT_TYPES = frozenset({"article", "inproceedings", "conference"})

# Each kind's required fields; a tuple inside means "one of these".
_REQUIRED: Mapping[Kind, tuple[str | tuple[str, ...], ...]] = {
    Kind.ARTICLE: ("title", ("journal", "shortjournal"), ("year", "date")),
    Kind.ABSTRACT: ("title", ("journal", "shortjournal"), ("year", "date")),
    Kind.PRESENTATION: ("title", ("eventtitle", "booktitle"), ("year", "date")),
    Kind.BOOK: ("title", "publisher", ("year", "date"), ("author", "editor")),
    Kind.CHAPTER: ("title", "booktitle", "publisher", ("year", "date")),
    Kind.WEBPAGE: ("title", "url"),
    Kind.REGISTRATION: ("title", "url", "number"),
    Kind.PRESCRIBING_INFORMATION: ("title", ("organization", "publisher"), ("year", "date")),
    Kind.DATA_ON_FILE: (("organization", "publisher"), ("year", "date")),
    Kind.REPORT: ("title", ("institution", "publisher"), ("year", "date")),
}
_ALIASES = {"institution": "organization", "journaltitle": "journal", "location": "address"}

NAME_FIELDS = ("author", "editor")
VERBATIM_FIELDS = frozenset({"url", "doi", "file", "pmid", "pmcid", "eprint"})


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """A problem with one field of an entry (the loader adds file, line and key)."""

    code: str
    field: str
    message: str
    severity: Severity = Severity.ERROR


def _decode(raw_fields: list[tuple[str, str]]) -> dict[str, str]:
    decoded: dict[str, str] = {}
    for name, value in raw_fields:
        keep = name in NAME_FIELDS or name in VERBATIM_FIELDS
        decoded[name] = normalize_space(value) if keep else to_unicode(value)
    return decoded


def _kind(entry_type: str, decoded: Mapping[str, str]) -> Kind:
    kind = _SUBTYPE_KINDS.get(decoded.get("entrysubtype", "").lower(), _KINDS[entry_type])
    if kind is Kind.ABSTRACT and entry_type not in _ABSTRACT_TYPES:
        return _KINDS[entry_type]
    return kind


def _dates(decoded: Mapping[str, str], issues: list[FieldIssue]) -> dict[str, Any]:
    year, month, day = decoded.get("year", ""), decoded.get("month", ""), decoded.get("day", "")
    if decoded.get("date"):
        date = parse_date(decoded["date"])
        if date is None:
            issues.append(
                FieldIssue(
                    "parse-error",
                    "date",
                    f"{decoded['date']!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
                )
            )
        else:
            year = year or str(date[0])
            month = month or (str(date[1]) if date[1] else "")
            day = day or (str(date[2]) if date[2] else "")
    values: dict[str, Any] = {"year": year}
    if month:
        values["month"] = parse_month(month)
        if values["month"] is None:
            issues.append(
                FieldIssue("parse-error", "month", f"{month!r} is not a month", Severity.WARNING)
            )
    if day:
        values["day"] = int(day) if day.isdigit() and 1 <= int(day) <= 31 else None
        if values["day"] is None:
            issues.append(
                FieldIssue(
                    "parse-error", "day", f"{day!r} is not a day of the month", Severity.WARNING
                )
            )
    if decoded.get("urldate"):
        accessed = parse_date(decoded["urldate"])
        if accessed is None or accessed[1] is None or accessed[2] is None:
            message = f"{decoded['urldate']!r} is not a full ISO date (YYYY-MM-DD)"
            issues.append(FieldIssue("parse-error", "urldate", message, Severity.WARNING))
        else:
            values["urldate"] = dt.date(accessed[0], accessed[1], accessed[2])
    return values


def _identifiers(decoded: Mapping[str, str], issues: list[FieldIssue]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, normal in (
        ("doi", normalize_doi),
        ("pmid", normalize_pmid),
        ("pmcid", normalize_pmcid),
    ):
        if decoded.get(name):
            identifier = normal(decoded[name])
            if identifier is None:
                message = f"{decoded[name]!r} is not a valid {name.upper()}"
                issues.append(FieldIssue("malformed-identifier", name, message))
            else:
                values[name] = identifier
    return values


def _missing(kind: Kind, entry_type: str, decoded: Mapping[str, str]) -> list[FieldIssue]:
    given = {name for name, value in decoded.items() if value.strip()}
    present = given | {_ALIASES[name] for name in given if name in _ALIASES}
    issues = []
    for requirement in _REQUIRED[kind]:
        options = (requirement,) if isinstance(requirement, str) else requirement
        if not present.intersection(options):
            wanted = " or ".join(repr(option) for option in options)
            message = f"@{entry_type} ({kind.value}) needs {wanted}"
            issues.append(FieldIssue("missing-field", options[0], message))
    return issues


def build_reference(
    key: str, entry_type: str, raw_fields: list[tuple[str, str]], line: int | None = None
) -> tuple[Reference, list[FieldIssue]]:
    """A reference from an entry's fields (values resolved, LaTeX not yet decoded)."""
    decoded = _decode(raw_fields)
    kind = _kind(entry_type, decoded)
    issues: list[FieldIssue] = []
    values: dict[str, Any] = {}
    for role in NAME_FIELDS:
        if role in decoded:
            names, truncated, unreadable = parse_names(decoded[role])
            for raw in unreadable:
                message = f"cannot read the name {raw!r} (too many commas); kept as written"
                issues.append(FieldIssue("parse-error", role, message))
            values[f"{role}s"] = names
            values[f"{role}s_truncated"] = truncated
    values.update(_dates(decoded, issues))
    values.update(_identifiers(decoded, issues))
    if kind in {Kind.ARTICLE, Kind.ABSTRACT}:
        values["issue"] = decoded.get("issue") or decoded.get("number", "")
    else:
        values["number"] = decoded.get("number", "")
    reference = Reference(
        key=key,
        entry_type=entry_type,
        kind=kind,
        line=line,
        fields=tuple(decoded.items()),
        title=decoded.get("title", ""),
        journal=decoded.get("journal", "") or decoded.get("journaltitle", ""),
        shortjournal=decoded.get("shortjournal", ""),
        booktitle=decoded.get("booktitle", ""),
        volume=decoded.get("volume", ""),
        pages=normalize_pages(decoded.get("pages") or decoded.get("eid", "")),
        edition=decoded.get("edition", ""),
        publisher=decoded.get("publisher", ""),
        address=decoded.get("address", "") or decoded.get("location", ""),
        organization=decoded.get("organization", "") or decoded.get("institution", ""),
        type=decoded.get("type", ""),
        eventtitle=decoded.get("eventtitle", ""),
        venue=decoded.get("venue", ""),
        url=decoded.get("url", ""),
        note=decoded.get("note", "") or decoded.get("addendum", ""),
        **values,
    )
    return reference, issues + _missing(kind, entry_type, decoded)
