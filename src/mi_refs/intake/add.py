"""``add``: new entries from identifiers (PMIDs, DOIs, PMCIDs, NCT numbers and their URLs).

Identifiers are read by :mod:`mi_refs.intake.identifiers`; one batched lookup per registry
for the lot, through the cache (:mod:`mi_refs.intake.registry_works`): esearch for the
DOIs and PMCIDs given (one term), esummary for every PMID (given or found), then
Crossref's ``filter=doi:`` for every DOI (given or read from PubMed). A warm cache answers
with no request; offline, only the cache answers. Each work becomes one entry through
:func:`mi_refs.intake.records.reference_from_records`, keyed by
:func:`mi_refs.bibtex.keys.make_key`, appended atomically; every other byte of the file
stays as it was.

Refused: an identifier the .bib already has (the report names the entry), an identifier
that cannot be read or that neither registry knows, and a retracted, withdrawn or
removed work unless ``allow_retracted`` (then it is added with a warning).

NCT numbers are asked of ClinicalTrials.gov (batched, cached) and become registration
entries (:mod:`mi_refs.intake.trial`); DailyMed set ids (bare or in a DailyMed URL) are
asked of DailyMed and become prescribing-information entries (:mod:`mi_refs.intake.label`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mi_refs._version import __version__
from mi_refs.bibtex import format_bibtex
from mi_refs.bibtex.keys import DEFAULT_SCHEME, make_key, validate_scheme
from mi_refs.errors import FileChangedError
from mi_refs.intake.identifiers import (
    Identifier,
    existing_identifiers,
    identifier_labels,
    parse_identifier,
)
from mi_refs.intake.label import label_answers, label_reference, label_refusal
from mi_refs.intake.records import reference_from_records
from mi_refs.intake.registry_works import (
    CROSSREF_BATCH,
    Answers,
    look_up_works,
    records_of,
    references_for,
)
from mi_refs.intake.report import IntakeEntry, IntakeReport, Outcome
from mi_refs.intake.snapshot import read_snapshot, unified_diff
from mi_refs.intake.trial import alias_finding, registration_from_trial
from mi_refs.model import Finding, Reference, Severity
from mi_refs.registries.lookup import SERVICE_NAMES, Lookup, Registries
from mi_refs.registries.records import NoticeKind, RegistryRecord
from mi_refs.registries.session import open_lookup

__all__ = ["CROSSREF_BATCH", "Identifier", "add", "parse_identifier", "references_for"]

ATTEMPTS = 3  # tries of one addition when another writer changes the file meanwhile

_WITHDRAWN = {
    NoticeKind.RETRACTION,
    NoticeKind.WITHDRAWAL,
    NoticeKind.REMOVAL,
    NoticeKind.RETRACTED_AND_REPUBLISHED,
}
_NOTICE_CODES = {  # the finding code of a notice that does not refuse the work
    NoticeKind.EXPRESSION_OF_CONCERN: "expression-of-concern",
    NoticeKind.PARTIAL_RETRACTION: "retracted",
    NoticeKind.UPDATE: "superseded",
    NoticeKind.PUBLISHED_VERSION: "superseded",
}


def _finding(code: str, severity: Severity, message: str, **extra: Any) -> Finding:
    return Finding(code, severity, message, source=extra.pop("source", "add"), **extra)


def _notice_outcomes(
    records: Iterable[RegistryRecord | None], allow_retracted: bool
) -> tuple[list[Outcome], bool]:
    """Outcomes for the work's notices, and whether it must be refused."""
    outcomes: list[Outcome] = []
    refuse = False
    seen: set[NoticeKind] = set()
    for record in records:
        for notice in record.notices if record else ():
            if notice.kind in seen:
                continue
            seen.add(notice.kind)
            where = notice.doi or (f"PMID {notice.pmid}" if notice.pmid else notice.citation)
            detail = f" ({where})" if where else ""
            if notice.kind in _WITHDRAWN:
                what = notice.kind.value.replace("removal", "removed").replace("-", " ")
                text = f"the work is {what}{detail}"
                if allow_retracted:
                    finding = _finding("retracted", Severity.WARNING, text, source=record.source)  # type: ignore[union-attr]
                    outcomes.append(Outcome(finding, "warned", "added with --allow-retracted"))
                else:
                    finding = _finding("retracted", Severity.ERROR, text, source=record.source)  # type: ignore[union-attr]
                    outcomes.append(Outcome(finding, "refused", "give --allow-retracted to add it"))
                    refuse = True
            else:
                code = _NOTICE_CODES.get(notice.kind, "corrected")
                message = f"{notice.kind.value.replace('-', ' ')} published{detail}"
                if notice.kind.replaces:
                    message = f"a newer version exists{detail}: add that instead"
                finding = _finding(code, Severity.WARNING, message, source=record.source)  # type: ignore[union-attr]
                outcomes.append(Outcome(finding, "warned", "added; cite the notice too"))
    return outcomes, refuse


def _read_identifiers(
    ids: Iterable[str], existing: Mapping[str, str]
) -> tuple[list[IntakeEntry | None], list[tuple[int, Identifier]]]:
    """The identifiers read: refused ones as entries, the rest to ask for (with their
    place in the report)."""
    entries: list[IntakeEntry | None] = []
    wanted: list[tuple[int, Identifier]] = []
    asked: set[str] = set()
    for text in ids:
        identifier = parse_identifier(text)
        if identifier is None:
            message = (
                f"{text!r} is not a PMID, DOI, PMCID, NCT number or DailyMed set id (nor a "
                "URL of one)"
            )
            finding = _finding("malformed-identifier", Severity.ERROR, message)
            entries.append(IntakeEntry(None, text, "refused", (Outcome(finding, "refused"),)))
            continue
        label = identifier.label.lower() if identifier.kind == "doi" else identifier.label
        key = existing.get(label)
        if key is not None or label in asked:
            where = f"entry {key}" if key else "an identifier given before it"
            message = f"{identifier.label} is already in the bibliography ({where})"
            finding = _finding("duplicate-entry", Severity.ERROR, message)
            outcome = Outcome(finding, "refused", f"already in {key}" if key else "given twice")
            entries.append(IntakeEntry(key, identifier.label, "refused", (outcome,)))
            continue
        asked.add(label)
        entries.append(None)
        wanted.append((len(entries) - 1, identifier))
    return entries, wanted


def add(
    ids: Iterable[str],
    bib_path: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    allow_retracted: bool = False,
    key_scheme: str = DEFAULT_SCHEME,
    online: bool = True,
    refresh: bool = False,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    api_key: str | None = None,
    registries: Registries | None = None,
) -> IntakeReport:
    """Add one entry per identifier to the .bib at ``bib_path`` (created if missing) and
    say what happened to each (:class:`~mi_refs.intake.report.IntakeReport`); with
    ``dry_run`` nothing is written (the report's ``diff`` shows what would be).

    Raises :class:`~mi_refs.errors.InvalidArgumentError` for an unusable ``key_scheme``,
    :class:`~mi_refs.errors.UnreadableFileError` for a .bib that cannot be read, and
    :class:`~mi_refs.errors.FileChangedError` when the file kept changing while the
    registries were asked (nothing written).

    The file is re-read, compared and replaced under its write lock; when another writer
    changed it in between, the whole addition is made again on the new file (the answers
    come from the cache), up to :data:`ATTEMPTS` times: a run that reports an entry
    added has it in the file."""
    validate_scheme(key_scheme)
    ids = list(ids)
    for attempt in range(ATTEMPTS):
        try:
            return _add_once(
                ids, bib_path, dry_run=dry_run, allow_retracted=allow_retracted,
                key_scheme=key_scheme, online=online, refresh=refresh and attempt == 0,
                cache_dir=cache_dir, use_cache=use_cache, mailto=mailto, api_key=api_key,
                registries=registries,
            )  # fmt: skip
        except FileChangedError:
            if attempt + 1 == ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _add_once(
    ids: Iterable[str],
    bib_path: str | os.PathLike[str],
    *,
    dry_run: bool,
    allow_retracted: bool,
    key_scheme: str,
    online: bool,
    refresh: bool,
    cache_dir: str | Path | None,
    use_cache: bool,
    mailto: str | None,
    api_key: str | None,
    registries: Registries | None,
) -> IntakeReport:
    snapshot = read_snapshot(bib_path, create=True)
    bib = snapshot.bibliography
    existing = existing_identifiers(bib)
    entries, wanted = _read_identifiers(ids, existing)
    works = [identifier for _, identifier in wanted if identifier.kind not in _ELSEWHERE]
    with open_lookup(
        online=online, refresh=refresh, cache_dir=cache_dir, use_cache=use_cache,
        mailto=mailto, api_key=api_key, registries=registries,
        make_clients=bool(wanted),  # nothing to ask (all present already): no clients made
    ) as (run, notes):  # fmt: skip
        registries = run.registries
        ctgov = registries.ctgov if registries else None
        answers = look_up_works(works, run) if works else Answers({}, {}, {})
        trials = run.documents(
            "ctgov",
            [identifier.value for _, identifier in wanted if identifier.kind == "nct"],
            lambda ids: ctgov.studies(ids) if ctgov else {},
        )
        current = {t["nctId"]: {**t, "asked": ""} for t in trials.values() if t and t.get("asked")}
        if run.cache is not None and current:  # the registration added is cached as itself
            run.cache.put_many("ctgov", current)
        labels = label_answers([i.value for _, i in wanted if i.kind == "setid"], run)
    notes += run.notes()
    taken = set(bib.keys)
    new: list[Reference] = []
    for index, identifier in wanted:
        if identifier.kind in _ELSEWHERE:
            answers_of = trials if identifier.kind == "nct" else labels
            entry, reference = _from_registry(
                identifier, answers_of, existing, (taken, key_scheme), run
            )
            entries[index] = entry
            if reference is not None:
                new.append(reference)
            continue
        entry, reference = _one(
            identifier,
            answers=answers,
            existing=existing,
            taken=taken,
            scheme=key_scheme,
            allow_retracted=allow_retracted,
            run=run,
        )
        entries[index] = entry
        if reference is not None:
            new.append(reference)
    old_text = snapshot.text() if snapshot.data is not None else ""
    new_bib = bib.replace(*new)
    new_text = format_bibtex(new_bib) if new else old_text
    if new and not dry_run:
        snapshot.write(new_bib)
    done = tuple(entry for entry in entries if entry is not None)
    return IntakeReport(
        command="add",
        path=str(bib_path),
        entries=done,
        applied=not dry_run,
        notes=tuple(notes),
        version=__version__,
        diff=unified_diff(bib_path, old_text, new_text) if new else "",
        text=new_text if new else None,
        requests=registries.requests_made() if registries is not None and online else {},
    )


def _one(
    identifier: Identifier,
    *,
    answers: Answers,
    existing: dict[str, str],
    taken: set[str],
    scheme: str,
    allow_retracted: bool,
    run: Lookup,
) -> tuple[IntakeEntry, Reference | None]:
    pubmed, crossref = records_of(identifier, answers)
    label = identifier.label
    if pubmed is None and crossref is None:
        services = {"pmid": ["pubmed"], "pmcid": ["pubmed"], "doi": ["pubmed", "crossref"]}
        down = [s for s in services[identifier.kind] if s in run.unavailable or s in run.given_up]
        if down or not run.online:
            why = (
                "offline and not in the cache"
                if not run.online
                else (f"{', '.join(SERVICE_NAMES.get(s, s) for s in down)} could not be asked")
            )
            finding = _finding("unverified", Severity.ERROR, f"{label}: {why}")
            return IntakeEntry(None, label, "failed", (Outcome(finding, "refused", why),)), None
        finding = _finding("id-not-found", Severity.ERROR,
                           f"{label}: neither PubMed nor Crossref knows it")  # fmt: skip
        return IntakeEntry(None, label, "refused", (Outcome(finding, "refused"),)), None
    reference = reference_from_records(pubmed, crossref)
    for other in identifier_labels(reference):
        key = existing.get(other)
        if key is not None:
            finding = _finding("duplicate-entry", Severity.ERROR,
                               f"{label} is the work of entry {key} ({other})")  # fmt: skip
            return IntakeEntry(key, label, "refused", (Outcome(finding, "refused"),)), None
    outcomes, refuse = _notice_outcomes((pubmed, crossref), allow_retracted)
    if refuse:
        return IntakeEntry(None, label, "refused", tuple(outcomes)), None
    silent = [
        name
        for name, record in (("pubmed", pubmed), ("crossref", crossref))
        if record is None and (name in run.unavailable or name in run.given_up or not run.online)
    ]
    if "crossref" in silent and identifier.kind != "doi" and not (pubmed and pubmed.doi):
        silent.remove("crossref")  # no DOI to ask Crossref about
    if silent:  # no verdict without asking (issue 22): the status there is unknown
        names = " and ".join(SERVICE_NAMES.get(name, name) for name in silent)
        finding = _finding("unverified", Severity.WARNING,
                           f"{label}: {names} could not be asked: a retraction recorded "
                           "there would be missed (run check later)")  # fmt: skip
        outcomes.append(Outcome(finding, "noted"))
    elif pubmed is None or crossref is None:
        missing = "PubMed" if pubmed is None else "Crossref"
        finding = _finding("not-checkable", Severity.INFO,
                           f"{missing} has no record of it: the entry is from "
                           f"{'Crossref' if pubmed is None else 'PubMed'} alone")  # fmt: skip
        outcomes.append(Outcome(finding, "noted"))
    key = make_key(reference, taken, scheme)
    taken.add(key)
    reference = dataclasses.replace(reference, key=key)
    for other in identifier_labels(reference):
        existing[other] = key
    return IntakeEntry(key, label, "added", tuple(outcomes)), reference


_ELSEWHERE = {"nct": "ctgov", "setid": "dailymed"}  # identifiers of the other registries
_NOT_FOUND = {
    "nct": "{} is not in ClinicalTrials.gov",
    "setid": "{} is not a DailyMed set id: no label has it (a version id pasted in place of "
    "the set id? copy the setid= of the label's DailyMed page)",
}


def _built(identifier: Identifier, answer: Any) -> tuple[Reference, list[Outcome]]:
    """The entry for a registration or a label, and what to say about it."""
    if identifier.kind == "setid":
        return label_reference(answer, dt.date.today()), []
    reference = registration_from_trial(answer, dt.date.today())
    alias = alias_finding(identifier.value, answer)
    warned = [Outcome(alias, "warned", f"added as {reference.number}")] if alias else []
    return reference, warned


def _from_registry(
    identifier: Identifier,
    answers: Mapping[str, Any],
    existing: dict[str, str],
    keys: tuple[set[str], str],
    run: Lookup,
) -> tuple[IntakeEntry, Reference | None]:
    """One registration (ClinicalTrials.gov) or label (DailyMed) from the registry's
    answer: refused when unknown or not answered; an NCT alias adds the current
    registration with a warning. ``keys``: the keys taken and the key scheme."""
    label = identifier.value
    service = SERVICE_NAMES[_ELSEWHERE[identifier.kind]]
    if label not in answers:
        why = "offline and not in the cache" if not run.online else f"{service} did not answer"
        finding = _finding("unverified", Severity.ERROR, f"{label}: {why}")
        return IntakeEntry(None, label, "failed", (Outcome(finding, "refused", why),)), None
    if answers[label] is None:
        finding = _finding(
            "id-not-found", Severity.ERROR, _NOT_FOUND[identifier.kind].format(label)
        )
        return IntakeEntry(None, label, "refused", (Outcome(finding, "refused"),)), None
    if identifier.kind == "setid" and (why := label_refusal(answers[label])):
        finding = _finding("unverified", Severity.ERROR, f"{label}: {why}")
        return IntakeEntry(None, label, "refused", (Outcome(finding, "refused", why),)), None
    reference, outcomes = _built(identifier, answers[label])
    (name,) = [n for n in identifier_labels(reference) if n.startswith(f"{identifier.kind}:")]
    key = existing.get(name)
    if key is not None:
        message = f"{label} is already in the bibliography (entry {key}, {name})"
        finding = _finding("duplicate-entry", Severity.ERROR, message)
        return IntakeEntry(key, label, "refused", (Outcome(finding, "refused"),)), None
    taken, scheme = keys
    key = make_key(reference, taken, scheme)
    taken.add(key)
    existing[name] = key
    return IntakeEntry(key, label, "added", tuple(outcomes)), dataclasses.replace(
        reference, key=key
    )
