"""One BibTeX entry's resolved fields to a :class:`~mi_refs.model.Reference` (pure).

The loader has already resolved macros and concatenation; here each field is decoded
(LaTeX to Unicode, names through pybtex), normalised (identifiers, pages, dates) and
checked against its kind's required fields. What is wrong comes back as
:class:`FieldIssue` records, which the loader turns into problems with file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mi_refs.bibtex.latex import has_latex, to_unicode
from mi_refs.bibtex.names import read_names
from mi_refs.bibtex.normalize import (
    normalize_doi,
    normalize_pages,
    normalize_pmcid,
    normalize_pmid,
    normalize_url,
    parse_date,
    read_month,
)
from mi_refs.model import Kind, Reference, Severity

__all__ = [
    "DECODED_FIELDS",
    "ISSUE_KINDS",
    "KNOWN_ENTRY_TYPES",
    "FieldIssue",
    "build_reference",
    "protected_words",
    "same_issues",
]

# Kinds whose ``number`` field is the issue of a periodical.
ISSUE_KINDS = frozenset({Kind.ARTICLE, Kind.ABSTRACT, Kind.NEWSPAPER})

_KINDS: Mapping[str, Kind] = {
    "article": Kind.ARTICLE,
    "periodical": Kind.ARTICLE,
    "suppperiodical": Kind.ARTICLE,
    "inproceedings": Kind.PRESENTATION,  # PROCEEDINGS_PAPER when published (see _kind)
    "conference": Kind.PRESENTATION,
    "book": Kind.BOOK,
    "mvbook": Kind.BOOK,
    "booklet": Kind.BOOK,
    "collection": Kind.BOOK,
    "mvcollection": Kind.BOOK,
    "proceedings": Kind.BOOK,
    "mvproceedings": Kind.BOOK,
    "reference": Kind.BOOK,
    "mvreference": Kind.BOOK,
    "incollection": Kind.CHAPTER,
    "inbook": Kind.CHAPTER,
    "bookinbook": Kind.CHAPTER,
    "inreference": Kind.CHAPTER,
    "suppbook": Kind.CHAPTER,
    "suppcollection": Kind.CHAPTER,
    "online": Kind.WEBPAGE,
    "www": Kind.WEBPAGE,
    "electronic": Kind.WEBPAGE,
    "webpage": Kind.WEBPAGE,
    "misc": Kind.WEBPAGE,  # GENERIC when it has no URL (see _kind)
    "manual": Kind.GENERIC,  # PRESCRIBING_INFORMATION only when marked (see _kind)
    "report": Kind.REPORT,
    "techreport": Kind.REPORT,
    "standard": Kind.REPORT,
    "thesis": Kind.THESIS,
    "phdthesis": Kind.THESIS,
    "mastersthesis": Kind.THESIS,
    "patent": Kind.PATENT,
    "software": Kind.SOFTWARE,
    "dataset": Kind.DATASET,
    "data": Kind.DATASET,
    "letter": Kind.PERSONAL_COMMUNICATION,
    "unpublished": Kind.GENERIC,
    "set": Kind.GENERIC,
    "xdata": Kind.GENERIC,
}
# Entry types with a kind of their own; any other type renders as GENERIC with a warning.
KNOWN_ENTRY_TYPES: frozenset[str] = frozenset(_KINDS)

_SUBTYPE_KINDS: Mapping[str, Kind] = {
    "abstract": Kind.ABSTRACT,
    "registration": Kind.REGISTRATION,
    "trial-registration": Kind.REGISTRATION,
    "data-on-file": Kind.DATA_ON_FILE,
    "prescribing-information": Kind.PRESCRIBING_INFORMATION,
    "package-insert": Kind.PRESCRIBING_INFORMATION,
    "smpc": Kind.PRESCRIBING_INFORMATION,
    "newspaper": Kind.NEWSPAPER,
    "magazine": Kind.ARTICLE,  # AMA and NLM cite magazines like journals
    "blog": Kind.NEWSPAPER,
    "database": Kind.DATABASE,
    "preprint": Kind.PREPRINT,
    "personal-communication": Kind.PERSONAL_COMMUNICATION,
    "presentation": Kind.PRESENTATION,
    "software": Kind.SOFTWARE,
    "dataset": Kind.DATASET,
    "government": Kind.REPORT,
}
_ABSTRACT_TYPES = frozenset({"article", "inproceedings", "conference"})
# ``type`` values that mark a @manual, @misc or @report (Better BibTeX's Zotero report) as
# prescribing information.
_PI_TYPES = re.compile(
    r"prescribing information|package insert|product monograph|summary of product "
    r"characteristics|\bsmpc\b|patient information leaflet|label",
    re.IGNORECASE,
)
# ``type`` values that mark a @report as a trial registration (Zotero's reportType).
_REGISTRATION_TYPES = re.compile(r"^\s*(?:clinical\s+)?trial\s+registration\s*$", re.IGNORECASE)
_PREPRINT_SERVERS = re.compile(
    r"arxiv|biorxiv|medrxiv|chemrxiv|psyarxiv|ssrn|research square|preprints\.org|osf|zenodo",
    re.IGNORECASE,
)
_URL_ONLY = re.compile(r"^\s*(?:\\url\s*\{)?https?://\S+\s*$")
_PUBLISHED = ("publisher", "pages", "volume", "isbn", "series", "doi")

# Each kind's required fields; a tuple inside means "one of these".
_REQUIRED: Mapping[Kind, tuple[str | tuple[str, ...], ...]] = {
    Kind.ARTICLE: ("title", ("journal", "shortjournal"), ("year", "date")),
    Kind.ABSTRACT: ("title", ("journal", "shortjournal"), ("year", "date")),
    Kind.PRESENTATION: ("title", ("eventtitle", "booktitle"), ("year", "date", "eventdate")),
    Kind.BOOK: ("title", ("year", "date")),
    Kind.CHAPTER: ("title", "booktitle", ("year", "date")),
    Kind.WEBPAGE: ("title", "url"),
    Kind.REGISTRATION: ("title", "url", "number"),
    Kind.PRESCRIBING_INFORMATION: ("title", ("organization", "publisher"), ("year", "date")),
    Kind.DATA_ON_FILE: (("organization", "publisher"), ("year", "date")),
    Kind.REPORT: ("title", ("year", "date")),
    Kind.PROCEEDINGS_PAPER: ("title", "booktitle", ("year", "date")),
    Kind.THESIS: ("title", ("institution", "school", "organization"), ("year", "date")),
    Kind.NEWSPAPER: ("title", ("journal", "journaltitle"), ("year", "date")),
    Kind.DATABASE: ("title",),
    Kind.PREPRINT: ("title", ("year", "date")),
    Kind.DATASET: ("title",),
    Kind.SOFTWARE: ("title",),
    Kind.PATENT: ("title", "number"),
    Kind.PERSONAL_COMMUNICATION: (),
    Kind.GENERIC: ("title",),
}
_ALIASES = {
    "institution": "organization",
    "school": "organization",
    "journaltitle": "journal",
    "location": "address",
}

NAME_FIELDS = ("author", "editor")
VERBATIM_FIELDS = frozenset({"url", "doi", "file", "pmid", "pmcid", "eprint"})
# The fields whose LaTeX is decoded on load: the ones a style prints or a check reads.
# Name lists (author, editor, editora, translator, holder) are decoded name by name when
# they are parsed. Every other field (abstract, keywords, file, annote...) is kept as
# written, whitespace collapsed: decoding a 2 KB abstract nobody prints was 90% of the load time.
DECODED_FIELDS = frozenset(
    {
        "title", "subtitle", "titleaddon", "shorttitle", "journal", "journaltitle",
        "shortjournal", "booktitle", "booksubtitle", "maintitle", "eventtitle", "venue",
        "year", "month", "day", "date", "eventdate", "urldate", "origdate", "volume",
        "volumes", "number", "issue", "pages", "eid", "pagetotal", "edition", "publisher",
        "address", "location", "organization", "institution", "school", "howpublished",
        "type", "entrysubtype", "pubstate", "series", "note", "addendum", "version",
        "chapter", "part", "eprinttype", "archiveprefix", "primaryclass", "editortype",
        "editoratype", "language", "isbn", "issn",
        "website", "organisation", "medium", "section", "nameaddon",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """A problem with one field of an entry (the loader adds file, line and key)."""

    code: str
    field: str
    message: str
    severity: Severity = Severity.ERROR


_DECODED = DECODED_FIELDS - VERBATIM_FIELDS  # the fields whose LaTeX is decoded


def _decode(raw_fields: list[tuple[str, str]]) -> dict[str, str]:
    decoded: dict[str, str] = {}
    for name, value in raw_fields:
        if name in decoded:
            continue  # a repeated field: BibTeX keeps the first value (the loader warns)
        if name in _DECODED and has_latex(value):
            decoded[name] = to_unicode(value)
        else:  # what to_unicode gives a value without LaTeX: normalize_space, inlined
            decoded[name] = " ".join(value.split())
    return decoded


def _kind(entry_type: str, decoded: Mapping[str, str]) -> Kind:
    """The kind of reference: the entry type's, refined by ``entrysubtype``, ``type``,
    ``pubstate`` and the fields present (see docs/bibtex.md)."""
    base = _KINDS.get(entry_type, Kind.GENERIC)
    if entry_type not in _KINDS:  # unknown: judged by its fields
        if decoded.get("journal") or decoded.get("journaltitle"):
            base = Kind.ARTICLE
        elif decoded.get("booktitle"):
            base = Kind.CHAPTER
    subtype = decoded.get("entrysubtype", "").strip().lower().replace(" ", "-")
    kind = _SUBTYPE_KINDS.get(subtype)
    if kind is Kind.ABSTRACT and entry_type not in _ABSTRACT_TYPES:
        kind = None
    if kind is not None:
        return kind
    return _kind_from_fields(entry_type, decoded, base)


def _typed_kind(entry_type: str, type_field: str) -> Kind | None:
    """The kind a ``type`` gives: prescribing information on a @manual, @misc or @report;
    a trial registration on a @report (Zotero's ClinicalTrials.gov item through Better
    BibTeX)."""
    if entry_type in {"manual", "misc", "report"} and _PI_TYPES.search(type_field):
        return Kind.PRESCRIBING_INFORMATION
    if entry_type == "report" and _REGISTRATION_TYPES.search(type_field):
        return Kind.REGISTRATION
    return None


def _kind_from_fields(entry_type: str, decoded: Mapping[str, str], base: Kind) -> Kind:
    type_field = decoded.get("type", "")
    if (typed := _typed_kind(entry_type, type_field)) is not None:
        return typed
    if entry_type in {"inproceedings", "conference"}:
        if decoded.get("journal") or decoded.get("journaltitle"):
            return Kind.ARTICLE
        if any(decoded.get(name) for name in _PUBLISHED):
            return Kind.PROCEEDINGS_PAPER
        return Kind.PRESENTATION
    if entry_type == "unpublished" and decoded.get("eventtitle"):
        return Kind.PRESENTATION  # Better BibTeX's presentation (issue 19.6)
    if _is_preprint(entry_type, decoded):
        return Kind.PREPRINT
    if entry_type == "misc":
        lower = type_field.lower()
        if "dataset" in lower or "data set" in lower:
            return Kind.DATASET
        if "software" in lower or "computer program" in lower:
            return Kind.SOFTWARE
        if not decoded.get("url") and not _URL_ONLY.match(decoded.get("howpublished", "")):
            return Kind.GENERIC
    if entry_type == "online" and decoded.get("publisher") and decoded.get("organization"):
        return Kind.DATABASE
    if entry_type == "article" and decoded.get("journal", "").lower().endswith(" blog"):
        return Kind.NEWSPAPER
    return base


def _is_preprint(entry_type: str, decoded: Mapping[str, str]) -> bool:
    """A preprint or repository item: an arXiv/bioRxiv/medRxiv/Zenodo... server named in
    ``eprinttype``, ``archiveprefix``, ``publisher``, ``howpublished`` or (for an article
    with no volume) ``journal``; or a @misc/@online with an ``eprint``."""
    if entry_type not in {"misc", "online", "unpublished", "article", "report"}:
        return False
    if entry_type == "article" and decoded.get("volume"):
        return False
    server = " ".join(
        decoded.get(name, "")
        for name in ("eprinttype", "archiveprefix", "publisher", "howpublished", "journal")
    )
    if _PREPRINT_SERVERS.search(server):
        return True
    return entry_type in {"misc", "online"} and bool(decoded.get("eprint"))


def _dates(decoded: Mapping[str, str], issues: list[FieldIssue]) -> dict[str, Any]:
    year, month, day = decoded.get("year", ""), decoded.get("month", ""), decoded.get("day", "")
    values: dict[str, Any] = {}
    if decoded.get("date"):
        date = parse_date(decoded["date"].split("/")[0]) if "/" in decoded["date"] else None
        date = date or parse_date(decoded["date"])
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
    values["year"] = year
    if month:
        read = read_month(month)  # Oct, Jul-Sep, a meeting's "May 2-8" (issue 16.5)
        values["month"] = read[0] if read is not None else None
        if read is not None and read[1] is not None:
            values["month_end"] = read[1]
        if read is not None and read[2] is not None:
            values["event_days"] = read[2]
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


# Each kind's requirements, each as the tuple of its options.
_OPTIONS: Mapping[Kind, tuple[tuple[str, ...], ...]] = {
    kind: tuple((need,) if isinstance(need, str) else need for need in needs)
    for kind, needs in _REQUIRED.items()
}


def _given(decoded: Mapping[str, str], name: str) -> bool:
    """Whether ``name`` or a field it stands for (:data:`_ALIASES`) has a value."""
    if decoded.get(name, "").strip():
        return True
    return any(
        alias == name and decoded.get(field, "").strip() for field, alias in _ALIASES.items()
    )


def _missing(kind: Kind, entry_type: str, decoded: Mapping[str, str]) -> list[FieldIssue]:
    issues = []
    for options in _OPTIONS[kind]:
        for option in options:
            if _given(decoded, option):
                break
        else:
            wanted = " or ".join(repr(option) for option in options)
            message = f"@{entry_type} ({kind.value}) needs {wanted}"
            issues.append(FieldIssue("missing-field", options[0], message))
    return issues


_PUNCTUATION = "()[]{}\"'“”‘’.,;:!?"


def protected_words(raw: str) -> frozenset[str]:
    """The words of a raw BibTeX title that braces protect: ``The {DNA} of {{Omaha,
    Nebraska}}`` gives ``DNA``, ``Omaha``, ``Nebraska``. A group that starts with a
    backslash (``{\\"u}``, an accent) protects nothing. Words are decoded (LaTeX to
    Unicode) as they print."""
    words: set[str] = set()
    depth = 0
    start = 0
    for index, char in enumerate(raw):
        if char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                inner = raw[start + 1 : index]
                if inner.startswith("\\") or (start and raw[start - 1].isalpha()):
                    continue
                words.update(word.strip(_PUNCTUATION) for word in to_unicode(inner).split())
    words.discard("")
    return frozenset(words)


# Fields that :func:`build_reference` reads only for ``Reference.pages`` and to see
# whether they are given, never for an issue: ``342-346`` and ``342--346`` give the same.
_READ_FOR_PRESENCE = frozenset({"pages"})


_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum says of a character
_LATEX_MARK = re.compile(r"[\\{}]")


def _plainly_given(value: str) -> bool:
    return _ALNUM.search(value) is not None and _LATEX_MARK.search(value) is None


def same_issues(fields: Sequence[tuple[str, str]], others: Sequence[tuple[str, str]]) -> bool:
    """Whether :func:`build_reference` gives the same issues for these two lists of raw
    fields (of one entry type): the same names in the same order and the same values,
    but for page ranges written both plainly (letters or digits, no LaTeX)."""
    if fields == others:
        return True
    if len(fields) != len(others):
        return False
    for (name, value), (other, theirs) in zip(fields, others, strict=True):
        if name != other or (
            value != theirs
            and not (
                name in _READ_FOR_PRESENCE and _plainly_given(value) and _plainly_given(theirs)
            )
        ):
            return False
    return True


def build_reference(
    key: str, entry_type: str, raw_fields: list[tuple[str, str]], line: int | None = None
) -> tuple[Reference, list[FieldIssue]]:
    """A reference from an entry's fields (values resolved, LaTeX not yet decoded)."""
    decoded = _decode(raw_fields)
    kind = _kind(entry_type, decoded)
    issues: list[FieldIssue] = []
    if entry_type not in KNOWN_ENTRY_TYPES:
        message = (
            f"unknown entry type @{entry_type}; rendered from the fields it has "
            "(a generic reference)"
        )
        issues.append(FieldIssue("parse-error", "entrytype", message, Severity.WARNING))
    values: dict[str, Any] = {}
    for role in NAME_FIELDS:
        if role in decoded:
            read = read_names(decoded[role])
            for raw in read.unreadable:
                message = f"cannot read the name {raw!r} (too many commas); kept as written"
                issues.append(FieldIssue("parse-error", role, message))
            for raw in read.suffix_moved:
                message = (
                    f"the suffix in {raw!r} comes after the given name; read as "
                    "'Surname, Suffix, Given' (BibTeX's order)"
                )
                issues.append(FieldIssue("parse-error", role, message, Severity.WARNING))
            values[f"{role}s"] = read.names
            values[f"{role}s_truncated"] = read.truncated
    values.update(_dates(decoded, issues))
    values.update(_identifiers(decoded, issues))
    if kind in ISSUE_KINDS:
        values["issue"] = decoded.get("issue") or decoded.get("number", "")
    else:
        values["number"] = decoded.get("number", "")
    for name, value in raw_fields:
        if name == "title":
            if "{" in value:  # braces protect words from sentence case
                values["case_protected"] = protected_words(value)
            break
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
        organization=decoded.get("organization", "")
        or decoded.get("institution", "")
        or decoded.get("school", ""),
        type=decoded.get("type", ""),
        eventtitle=decoded.get("eventtitle", ""),
        venue=decoded.get("venue", ""),
        url=normalize_url(decoded.get("url", "")),
        note=decoded.get("note", "") or decoded.get("addendum", ""),
        **values,
    )
    return reference, issues + _missing(kind, entry_type, decoded)
