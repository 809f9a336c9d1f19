"""``import``: references from foreign files (MEDLINE, RIS, CSL-JSON, EndNote XML,
Better BibTeX JSON, Word citation fields) into a .bib.

Each record becomes a :class:`~mi_refs.model.Reference` through the BibTeX field table
(so it is exactly what loading the written entry gives), gets a key from
:func:`~mi_refs.bibtex.keys.make_key`, and is checked for duplicates against the target
and the records before it (same DOI, same PMID, or same first author, year and title):
a duplicate that brings fields the entry lacks is merged into it (``changed``: only those
fields are added, no value is replaced), otherwise skipped (``unchanged``). With
``resolve``, entries without DOI and PMID are matched through PubMed's ECitMatch and
Crossref's search, accepted only when first author and year agree (``check/suggest``).
Nothing is written without ``into``; with it, the new entries are appended and every
other byte of the file stays as it was."""

from __future__ import annotations

import functools
import gc
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from mi_refs._version import __version__
from mi_refs.bibtex.canonical import canonical_pages, canonical_title, page_relation, same_doi
from mi_refs.bibtex.fields import DECODED_FIELDS, VERBATIM_FIELDS, build_reference
from mi_refs.bibtex.keys import DEFAULT_SCHEME, make_key
from mi_refs.bibtex.readback import Built, entry_problems, written_problems
from mi_refs.bibtex.write import format_entry, format_pieces, has_special
from mi_refs.check.duplicates import not_the_same_work
from mi_refs.check.text import fold
from mi_refs.importers import stream_file
from mi_refs.importers.personal import without_personal_data
from mi_refs.importers.record import ImportedRecord
from mi_refs.intake.report import IntakeEntry, IntakeReport, Outcome
from mi_refs.intake.snapshot import read_snapshot
from mi_refs.model import Bibliography, Finding, Problem, Reference, Severity
from mi_refs.registries.lookup import Registries
from mi_refs.registries.session import open_lookup

__all__ = ["ImportResult", "import_file", "import_files"]

_ESCAPES = str.maketrans(
    {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}
)
_TO_ESCAPE = re.compile(r"[\\&%$#_]|--")  # what _ESCAPES and "-{}-" change
_ESCAPED = DECODED_FIELDS - VERBATIM_FIELDS - {"pages"}
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", re.IGNORECASE)
# The order new entries' fields are written in: the reference as it prints, identifiers,
# then everything kept from the source (abstract, keywords, x-<tag>) in the source's order.
_ORDER = (
    "entrysubtype", "type", "author", "editor", "bookauthor", "translator", "holder",
    "title", "shorttitle", "journal", "shortjournal", "booktitle", "eventtitle",
    "venue", "eventdate", "series", "edition", "year", "month", "day", "date", "volume",
    "number", "pages", "pagetotal", "publisher", "institution", "organization",
    "howpublished", "address", "version", "doi", "pmid", "pmcid", "isbn", "issn",
    "eprint", "eprinttype", "url", "urldate", "language", "note", "ids",
)  # fmt: skip


class _Ranks(dict[str, int]):
    """Where each field goes among a new entry's fields (unknown ones last, as they came)."""

    def __missing__(self, name: str) -> int:
        return len(_ORDER)


_RANK = _Ranks({name: rank for rank, name in enumerate(_ORDER)})


# Fields a duplicate never adds to an existing entry (the exporter's notes and keys).
_NOT_MERGED = frozenset({"note", "ids", "annote", "file", "keywords", "abstract"})


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the report, the bibliography after it (the target's entries
    and the new ones), the BibTeX of the new entries alone (what a dry run prints) and
    whether the target was written."""

    report: IntakeReport
    bibliography: Bibliography
    bibtex: str
    written: bool


def _escaped(value: str) -> bool:
    """Whether ``_TO_ESCAPE`` is in ``value``: a backslash, or what the writer escapes
    (``has_special``: substring tests, as an alternation is tried at every position)."""
    return "\\" in value or has_special(value)


def _raw(fields: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Unicode values as the loader expects them: LaTeX specials escaped in the fields
    it decodes (the others are kept as written)."""
    return [
        (name, value.translate(_ESCAPES).replace("--", "-{}-"))  # 1-->4
        if name in _ESCAPED and _escaped(value)
        else (name, value)
        for name, value in fields
    ]


def _canonical(fields: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Titles and pages in the canonical forms (:mod:`mi_refs.bibtex.canonical`): full
    page ranges (``342-6`` gives ``342-346``), titles without markup or PubMed's
    trailing period."""
    return [
        (name, canonical_pages(value))
        if name == "pages"
        else (name, canonical_title(value))
        if name == "title"
        else (name, value)
        for name, value in fields
    ]


def to_reference(
    record: ImportedRecord, key: str = ""
) -> tuple[Reference, list[Finding], ImportedRecord, Built]:
    """The reference a record stands for, the findings on it, the record as kept and
    what the reference was built from; a malformed identifier is moved to ``x-<name>``
    (kept, reported) so that the entry loads cleanly."""
    fields = sorted(_canonical(record.fields), key=lambda field: _RANK[field[0]])
    raw = _raw(fields)
    reference, issues = build_reference(key, record.entry_type, raw)
    bad = {issue.field for issue in issues if issue.code == "malformed-identifier"}
    findings: list[Finding] = []
    if bad:
        fields = [(f"x-{name}" if name in bad else name, value) for name, value in fields]
        full = _DOI_URL.search(record.get("url"))
        if "doi" in bad and full:  # Better BibTeX's short DOI (10/fqd6hj); the URL has the DOI
            fields.append(("doi", full.group(1)))
        record = ImportedRecord(
            record.entry_type,
            tuple(fields),
            record.source,
            (*record.kept, *(f"x-{name}" for name in sorted(bad))),
            record.dropped,
        )
        raw = _raw(fields)
        reference, issues = build_reference(key, record.entry_type, raw)
        for name in sorted(bad):
            value = record.get("x-" + name)
            message = f"{name} {value!r} is not a valid {name.upper()}: kept in x-{name}"
            if name == "doi" and full:
                message += f"; the DOI {full.group(1)} is taken from the URL"
            findings.append(
                Finding(
                    "malformed-identifier", Severity.WARNING, message, field=name, source="import"
                )
            )
    for issue in issues:
        severity = Severity.WARNING if issue.code == "missing-field" else issue.severity
        findings.append(
            Finding(issue.code, severity, issue.message, field=issue.field, source="import")
        )
    return reference, findings, record, Built(record.entry_type, raw, issues)


def _keyed(reference: Reference, key: str) -> Reference:
    """``reference`` with its key set. Only for a reference :func:`to_reference` has just
    built, which nothing else holds yet (nothing has hashed or compared it): the key is
    set in place, where a copy (``dataclasses.replace``, or a new ``Reference`` from its
    35 fields) was a tenth of converting a record."""
    object.__setattr__(reference, "key", key)  # a frozen dataclass: set once, while new
    return reference


def _identity(reference: Reference) -> list[str]:
    ids = []
    if reference.doi:
        ids.append("doi:" + reference.doi.lower())
    if reference.pmid:
        ids.append("pmid:" + reference.pmid)
    first = reference.authors[0].surname if reference.authors else reference.organization
    if reference.title and reference.year:
        ids.append(f"work:{fold(first)}|{reference.year}|{fold(reference.title)}")
    if reference.entry_type == "online" and reference.url and reference.title:
        ids.append(f"page:{reference.url.rstrip('/')}|{fold(reference.title)}")
    return ids


def _same(name: str, mine: str, theirs: str) -> bool:
    """One value written two ways, by the field's one equivalence."""
    if name == "pages":
        return page_relation(mine, theirs) in {"same", "first-page"}
    if name == "doi":
        return same_doi(mine, theirs)
    return fold(mine) == fold(theirs)


def _merged(
    existing: Reference, incoming: ImportedRecord
) -> tuple[Reference, list[str], list[Finding]]:
    """``existing`` with the fields it lacks taken from ``incoming`` (never a value
    replaced); the names added and a finding per field whose values differ."""
    have = dict(existing.fields)
    added: list[str] = []
    findings: list[Finding] = []
    for name, value in incoming.fields:
        if name.startswith("x-") or name in _NOT_MERGED or name in {"entrysubtype"}:
            continue
        if not have.get(name):
            have[name] = value
            added.append(name)
        elif name in {"doi", "pmid", "pmcid", "year", "volume", "pages"} and not _same(
            name, have[name], value
        ):
            message = (
                f"{name}: the entry has {have[name]!r}, {incoming.source} has {value!r}; "
                "the entry's value is kept"
            )
            findings.append(
                Finding(
                    "field-mismatch",
                    Severity.WARNING,
                    message,
                    field=name,
                    stored=have[name],
                    registry=value,
                    source="import",
                )
            )
    if not added:
        return existing, [], findings
    existing_raw = [(n, v) for n, v in existing.fields]
    new_raw = [(n, have[n]) for n in added]
    reference, _ = build_reference(
        existing.key, existing.entry_type, _raw(existing_raw) + _raw(new_raw), existing.line
    )
    return reference, added, findings


def _outcomes(findings: Iterable[Finding], key: str) -> tuple[Outcome, ...]:
    """The findings as outcomes, each on ``key`` (where, among what a finding says, the
    report shows it: code, severity, message, field, values, source and suggestion)."""
    out = []
    for finding in findings:
        action = "warned" if finding.severity is not Severity.INFO else "noted"
        if (
            finding.key == key
            and finding.line is None
            and finding.location is None
            and finding.acknowledged is None
        ):
            out.append(Outcome(finding, action))  # made on its key: as it would be made
            continue
        out.append(
            Outcome(
                Finding(
                    finding.code,
                    finding.severity,
                    finding.message,
                    key=key,
                    field=finding.field,
                    stored=finding.stored,
                    registry=finding.registry,
                    source=finding.source,
                    suggestion=finding.suggestion,
                ),
                action,
            )
        )
    return tuple(out)


def _shared_identifier(reference: Reference, existing: Reference, why: str) -> Finding:
    """A record whose DOI or PMID an entry already has, that is not the same work: added
    as an entry of its own (never merged into the other), with a warning."""
    same_doi = reference.doi and reference.doi.lower() == existing.doi.lower()
    shared = f"DOI {reference.doi}" if same_doi else ""
    shared = shared or f"PMID {reference.pmid}"
    message = (
        f"{shared} is also on {existing.key}, which is not the same work ({why}): "
        "added as an entry of its own; check which one the identifier belongs to"
    )
    return Finding("shared-identifier", Severity.WARNING, message, source="import")


def _kept_findings(record: ImportedRecord, left_out: Sequence[str], key: str) -> list[Finding]:
    """What a record's entry (``key``) keeps in fields of its own, and what was left out
    of it: export metadata and (``left_out``) personal data."""
    findings = []
    if record.kept:
        message = "kept without a BibTeX place of their own: " + ", ".join(record.kept)
        findings.append(Finding("field-kept", Severity.INFO, message, key, source="import"))
    if record.dropped:
        message = "export metadata left out: " + ", ".join(record.dropped)
        findings.append(Finding("field-kept", Severity.INFO, message, key, source="import"))
    if left_out:
        message = "personal data left out: " + ", ".join(left_out) + " (--keep-all keeps it)"
        findings.append(Finding("field-kept", Severity.INFO, message, key, source="import"))
    return findings


def _problem_entry(problem: Problem) -> IntakeEntry:
    """A reader's problem as the report's entry of its file."""
    finding = Finding(problem.code, problem.severity, problem.message, source="import")
    status = "failed" if problem.severity is Severity.ERROR else "unchanged"
    return IntakeEntry(None, problem.file, status, _outcomes([finding], ""))


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _collector_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` with Python's cyclic garbage collector paused while it runs: an
    import's hundreds of thousands of objects live to its end and form no cycles, and
    each collection walked them all again (a sixth of the time at 200,000 records). They
    are then put in the oldest generation by a freeze and an unfreeze (no walk), not
    walked by the next young collections (the report's). Reference counting still frees
    what is let go; anything cyclic is collected once the collector runs again."""

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if gc.get_freeze_count() == 0:  # nothing frozen by the caller to unfreeze
                gc.freeze()
                gc.unfreeze()
            gc.enable()

    return paused


@_collector_paused
def import_files(  # noqa: PLR0912, PLR0915 - read, match, key, resolve, write: one story
    paths: Sequence[str | os.PathLike[str]],
    into: str | os.PathLike[str] | None = None,
    *,
    resolve: bool = False,
    format: str | None = None,
    scheme: str = DEFAULT_SCHEME,
    registries: Registries | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    keep_all: bool = False,
    keep_text: bool = True,
    api_key: str | None = None,
) -> ImportResult:
    """Import every record of ``paths`` (see the module). ``into``: the .bib to append to
    (created when missing); without it nothing is written and ``bibtex`` holds the new
    entries. ``keep_text=False`` (with ``into``): the file is written a piece at a time
    and neither ``bibtex`` nor the report's ``text`` holds it (``mi-refs import --into``:
    200,000 entries' text is never whole in memory). Personal data (e-mail and postal
    addresses: :mod:`mi_refs.importers.personal`) is left out and named in the report
    unless ``keep_all``. Raises :class:`~mi_refs.errors.UnreadableFileError` for a file
    that cannot be read and :class:`~mi_refs.errors.UnknownFormatError` for one whose
    format cannot be told."""
    target = Path(into) if into is not None else None
    snapshot = read_snapshot(target, create=True) if target is not None else None
    if snapshot is not None and snapshot.data is not None:
        bibliography = snapshot.bibliography
    else:
        bibliography = Bibliography(path=str(target) if target else None)
    taken: set[str] = set(bibliography.keys)
    seen: dict[str, str] = {}
    for reference in bibliography:
        for identity in _identity(reference):
            seen.setdefault(identity, reference.key)
    current: dict[str, Reference] = {r.key: r for r in bibliography}
    new_keys: list[str] = []
    changed: set[str] = set()
    entries: list[IntakeEntry] = []
    notes: list[str] = []
    texts: dict[str, str] = {}  # new entries' texts, by key
    checked: dict[str, tuple[Reference, tuple[Problem, ...] | None]] = {}  # and problems
    read = 0
    for path in paths:
        reading = stream_file(path, format)  # MEDLINE and RIS: read as they are converted
        first = len(entries)  # the file's problems go before its records, found at the end
        for exported in reading:  # each record let go once converted
            read += 1
            original, personal = (exported, ()) if keep_all else without_personal_data(exported)
            reference, findings, record, built = to_reference(original)
            identities = _identity(reference)  # the key plays no part in it
            matched: str | None = None
            for identity in identities:
                if identity in seen:
                    matched = identity
                    break
            duplicate = seen[matched] if matched else None
            clash = ""
            if duplicate is not None and matched and matched.startswith(("doi:", "pmid:")):
                clash = not_the_same_work(current[duplicate], reference)
            if clash and duplicate is not None:
                findings.append(_shared_identifier(reference, current[duplicate], clash))
                duplicate = None
            if duplicate is not None:
                merged, added, conflicts = _merged(current[duplicate], record)
                findings += conflicts
                if added:
                    current[duplicate] = merged
                    if duplicate not in texts:  # an entry of the target (not a new one)
                        changed.add(duplicate)
                    message = f"the same work as {duplicate}: added {', '.join(added)} to it"
                    status = "changed"
                else:
                    message = f"the same work as {duplicate}, which has every field: skipped"
                    status = "unchanged"
                findings[:0] = [
                    Finding("duplicate-entry", Severity.INFO, message, source="import"),
                    *_kept_findings(record, personal, duplicate),
                ]
                entries.append(
                    IntakeEntry(duplicate, record.source, status, _outcomes(findings, duplicate))
                )
                continue
            key = make_key(reference, taken, scheme)
            reference = _keyed(reference, key)  # built once, held by nothing else yet
            taken.add(key)
            current[key] = reference
            new_keys.append(key)
            for identity in identities:
                seen.setdefault(identity, key)
            texts[key] = format_entry(reference)  # formatted and read back once, now
            checked[key] = (reference, entry_problems(key, texts[key], built))
            findings[:0] = _kept_findings(record, personal, key)
            entries.append(IntakeEntry(key, record.source, "added", _outcomes(findings, key)))
        notes.append(f"{Path(path).name}: {reading.count} record(s) read as {reading.format}")
        entries[first:first] = [_problem_entry(problem) for problem in reading.problems]
    del seen, taken  # matched: what is kept from here is the references and their texts
    if resolve:
        entries, notes_from_resolve = _resolve(
            entries, current, new_keys, registries, cache_dir, use_cache, mailto, api_key
        )
        notes += notes_from_resolve
    unresolved = sum(1 for key in new_keys if not current[key].doi and not current[key].pmid)
    for key in new_keys:
        if checked[key][0] is not current[key]:  # merged into or resolved since: again
            texts[key] = format_entry(current[key])
            checked[key] = (current[key], entry_problems(key, texts[key]))
    updated = bibliography.replace(*(current[key] for key in (*sorted(changed), *new_keys)))
    del current
    pieces, formatted = format_pieces(updated, texts)  # formatted once: printed, checked, written
    del texts
    text = "".join(pieces) if keep_text or snapshot is None else None
    if text is None:
        bibtex = ""
    elif bibliography.source is None:  # nothing read before: the new entries are the text
        bibtex = text if new_keys else ""
    else:  # what format_bibtex(new_only) gives: the new entries' texts
        bibtex = "\n\n".join(formatted[key] for key in new_keys) + "\n" if new_keys else ""
    notes += [
        f"the written entry does not load cleanly: {problem}"
        for problem in written_problems(
            (
                key,
                formatted[key],
                checked[key][1] if key in checked else entry_problems(key, formatted[key]),
            )
            for key in (*sorted(changed), *new_keys)
        )
    ]
    del checked, formatted  # the entries' texts: only the file's text is kept
    written = False
    if snapshot is not None and (new_keys or changed):
        # under the write lock, refused if the file changed; the pieces: written as encoded
        snapshot.write(updated, text if text is not None else pieces)
        written = True
    del pieces
    counts = {
        "read": read,
        "added": len(new_keys),
        "merged": sum(1 for e in entries if e.status == "changed"),
        "skipped": sum(1 for e in entries if e.status == "unchanged" and e.key),
        "unresolved": unresolved,
    }
    report = IntakeReport(
        "import",
        str(target) if target else None,
        tuple(entries),
        applied=written,
        notes=tuple(notes),
        version=__version__,
        text=text,
        counts=counts,
    )
    return ImportResult(report, updated, bibtex, written)


def import_file(
    path: str | os.PathLike[str],
    into: str | os.PathLike[str] | None = None,
    *,
    resolve: bool = False,
    format: str | None = None,
    scheme: str = DEFAULT_SCHEME,
    registries: Registries | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    keep_all: bool = False,
    keep_text: bool = True,
    api_key: str | None = None,
) -> ImportResult:
    """Import one file (see :func:`import_files`)."""
    return import_files(
        [path], into, resolve=resolve, format=format, scheme=scheme, registries=registries,
        cache_dir=cache_dir, use_cache=use_cache, mailto=mailto, keep_all=keep_all,
        keep_text=keep_text, api_key=api_key,
    )  # fmt: skip


def _resolve(  # noqa: PLR0917 - the pieces import_files has gathered
    entries: list[IntakeEntry],
    current: dict[str, Reference],
    new_keys: list[str],
    registries: Registries | None,
    cache_dir: str | os.PathLike[str] | None,
    use_cache: bool,
    mailto: str | None,
    api_key: str | None = None,
) -> tuple[list[IntakeEntry], list[str]]:
    """DOI and PMID for new entries without either, from PubMed's ECitMatch and
    Crossref's search, each accepted only when first author and year agree."""
    from mi_refs.check.suggest import suggest_identifiers  # noqa: PLC0415 - only with --resolve

    wanted = [current[key] for key in new_keys if not current[key].doi and not current[key].pmid]
    wanted_keys = {reference.key for reference in wanted}
    notes: list[str] = []
    if not wanted:
        return entries, notes
    with open_lookup(
        online=True, cache_dir=cache_dir, use_cache=use_cache, mailto=mailto,
        api_key=api_key, registries=registries,
    ) as (run, cache_notes):  # fmt: skip
        notes += cache_notes
        suggestions = suggest_identifiers(wanted, run)
    notes += run.notes()
    out = []
    for entry in entries:
        if entry.status != "added" or entry.key not in wanted_keys:
            out.append(entry)
            continue
        found, _ = suggestions.get(entry.key, ([], []))
        extra: list[Finding] = []
        reference = current[entry.key]
        additions = [(f.field or "", f.registry or "") for f in found if f.field and f.registry]
        if additions:
            fields = [*reference.fields, *additions]
            reference, _ = build_reference(reference.key, reference.entry_type, _raw(fields))
            current[entry.key] = reference
            extra += found
        else:
            kind = (
                "no registry could be asked"
                if run.unavailable
                else "no match where first author and year agree"
            )
            extra.append(
                Finding(
                    "unresolved", Severity.INFO, f"no identifier added: {kind}", source="import"
                )
            )
        out.append(
            IntakeEntry(
                entry.key, entry.source, entry.status, entry.outcomes + _outcomes(extra, entry.key)
            )
        )
    return out, notes
