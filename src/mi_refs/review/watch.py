"""``watch``: what changed since approval, for every approved letter at once.

Each lock file (:mod:`~mi_refs.review.lock`) names its letter, its .bib and, per
reference, the identifiers and the registries' state at approval. The registries are
asked again once for every distinct work across all the letters
(:func:`~mi_refs.review.survey.survey` with the cache refreshed: requests grow with the
distinct works, in the check's batches), and only differences are reported: a new
retraction, expression of concern, correction or newer version, a preprint published, a
newer label version, a trial's status changed or its results posted, an entry edited in
the .bib (or gone from it). One change is reported once, naming every letter it affects
(lock, letter, list number, key, approval date), with its date and a link to the
evidence. A registry that does not answer now is a note, never a change.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mi_refs._version import __version__
from mi_refs.bibtex import load
from mi_refs.errors import MiRefsError, UnreadableFileError
from mi_refs.model import Bibliography, Severity
from mi_refs.registries.lookup import Registries
from mi_refs.registries.records import Notice, NoticeKind
from mi_refs.registries.session import open_lookup
from mi_refs.review.lock import LOCK_SUFFIX, Lock, LockedReference, entry_hash, read_lock
from mi_refs.review.model import dailymed_url, evidence_url
from mi_refs.review.survey import State, notice_key, survey

__all__ = ["Affected", "Change", "WatchReport", "find_locks", "watch_locks"]

_STOPPED = {"WITHDRAWN", "TERMINATED", "SUSPENDED"}
_GONE = {NoticeKind.RETRACTION, NoticeKind.WITHDRAWAL, NoticeKind.REMOVAL}
# notice kind -> (finding code, severity, what the change is called)
_NOTICES: Mapping[NoticeKind, tuple[str, Severity, str]] = {
    NoticeKind.RETRACTION: ("retracted", Severity.ERROR, "a retraction"),
    NoticeKind.WITHDRAWAL: ("retracted", Severity.ERROR, "a withdrawal"),
    NoticeKind.REMOVAL: ("retracted", Severity.ERROR, "a removal"),
    NoticeKind.RETRACTED_AND_REPUBLISHED: (
        "retracted", Severity.ERROR, "a retraction (republished as another work)",
    ),
    NoticeKind.PARTIAL_RETRACTION: ("retracted", Severity.WARNING, "a partial retraction"),
    NoticeKind.EXPRESSION_OF_CONCERN: (
        "expression-of-concern", Severity.WARNING, "an expression of concern",
    ),
    NoticeKind.CORRECTION: ("corrected", Severity.WARNING, "a correction"),
    NoticeKind.CORRECTED_AND_REPUBLISHED: (
        "corrected", Severity.WARNING, "a correction (republished as another work)",
    ),
    NoticeKind.UPDATE: ("superseded", Severity.WARNING, "a newer version"),
    NoticeKind.PUBLISHED_VERSION: ("superseded", Severity.WARNING, "the preprint's publication"),
    NoticeKind.OTHER: ("corrected", Severity.INFO, "an update of another type"),
}  # fmt: skip


@dataclass(frozen=True, slots=True, order=True)
class Affected:
    """One approved letter a change touches."""

    lock: str
    letter: str
    number: int
    key: str
    approved: str


@dataclass(frozen=True, slots=True)
class Change:
    """One change since approval. ``code`` is the finding code it is reported as
    (``retracted``, ``expression-of-concern``, ``corrected``, ``superseded``,
    ``trial-status``, ``trial-updated``, ``label-updated``, ``entry-edited``)."""

    code: str
    severity: Severity
    work: str
    message: str
    date: str = ""
    evidence: str = ""
    letters: tuple[Affected, ...] = ()


@dataclass(frozen=True, slots=True)
class WatchReport:
    locks: tuple[str, ...]
    changes: tuple[Change, ...]
    works: int  # distinct works asked about
    notes: tuple[str, ...] = ()
    requests: Mapping[str, int] = field(default_factory=dict)
    version: str = __version__

    @property
    def failing(self) -> int:
        """Changes at warning or above (they make ``watch`` exit 1)."""
        return sum(1 for c in self.changes if c.severity is not Severity.INFO)


def find_locks(folder: str | os.PathLike[str] = ".") -> list[Path]:
    """Every lock file under ``folder`` (hidden folders such as ``.git`` left out),
    sorted."""
    root = Path(folder)
    return sorted(
        path
        for path in root.rglob(f"*{LOCK_SUFFIX}")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts[:-1])
    )


def _notice_changes(then: State, now: State) -> list[tuple[str, Severity, str, str, str, str]]:
    """(code, severity, detail key, message, date, evidence) of notices new since then."""
    known = {notice_key(n) for n in then.notices}
    kinds_known = {n.kind for n in then.notices}
    out = []
    for notice in now.notices:
        key = notice_key(notice)
        if key in known or (not key[1] and notice.kind in kinds_known):
            continue
        if notice.kind in _GONE and kinds_known & _GONE:
            continue  # retracted at approval already: another registry's record of it
        code, severity, what = _NOTICES[notice.kind]
        ident = _ident(notice)
        when = f", {notice.date}" if notice.date else ""
        source = f"; from {notice.source}" if notice.source else ""
        message = f"{what} since approval ({ident or 'no notice identifier given'}{when}{source})"
        out.append((code, severity, "/".join(key), message, notice.date, evidence_url(ident or "")))
    return out


def _ident(notice: Notice) -> str:
    return (notice.doi and f"doi:{notice.doi}") or (notice.pmid and f"PMID {notice.pmid}") or ""


def _trial_changes(then: State, now: State) -> list[tuple[str, Severity, str, str, str, str]]:
    before, after = then.trial or {}, now.trial or {}
    if not after:
        return []
    nct = str(after.get("nctId") or "")
    link = evidence_url(nct)
    out = []
    old, new = str(before.get("overallStatus") or ""), str(after.get("overallStatus") or "")
    if new and old != new:
        why = str(after.get("whyStopped") or "").strip()
        reason = f': "{why}"' if why and new in _STOPPED else ""
        severity = Severity.WARNING if new in _STOPPED else Severity.INFO
        message = f"{nct}: status {old or 'unknown'} at approval, now {new}{reason}"
        updated = str(after.get("lastUpdatePosted") or "")
        out.append(("trial-status", severity, f"status/{new}", message, updated, link))
    posted = str(after.get("resultsFirstPosted") or "")
    if posted and posted != str(before.get("resultsFirstPosted") or ""):
        message = f"{nct}: results posted {posted}, after approval"
        out.append(("trial-updated", Severity.WARNING, f"results/{posted}", message, posted, link))
    return out


def _label_changes(then: State, now: State) -> list[tuple[str, Severity, str, str, str, str]]:
    before, after = then.label or {}, now.label or {}
    try:
        old, new = int(before.get("version") or 0), int(after.get("version") or 0)
    except (TypeError, ValueError):
        return []
    if not after or new <= old:
        return []
    setid = str(after.get("setid") or "")
    published = str(after.get("published") or "")
    link = dailymed_url(setid)
    message = (
        f"DailyMed set id {setid}: label version {new} (posted {published or 'date not given'}); "
        f"version {old or 'unknown'} at approval"
    )
    return [("label-updated", Severity.WARNING, f"version/{new}", message, published, link)]


def _state_changes(
    then: State | None, now: State | None
) -> list[tuple[str, Severity, str, str, str, str]]:
    if then is None or now is None or not now.answered:
        return []
    return _notice_changes(then, now) + _trial_changes(then, now) + _label_changes(then, now)


def _entry_change(
    lock: Lock, locked: LockedReference, bibliography: Bibliography | None, problem: str
) -> tuple[str, str] | None:
    """(detail, message) when the entry was edited or removed since approval."""
    if bibliography is None:
        return "unreadable", f"{lock.bibliography}: cannot be read ({problem}): not compared"
    if locked.key not in bibliography:
        return "removed", f"no longer in {lock.bibliography}"
    now = entry_hash(bibliography[locked.key])
    if locked.entry_sha256 and now != locked.entry_sha256:
        return "edited", f"the entry in {lock.bibliography} was edited since approval"
    return None


def watch_locks(
    paths: Iterable[str | os.PathLike[str]],
    *,
    online: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    registries: Registries | None = None,
    api_key: str | None = None,
) -> WatchReport:
    """Compare every lock file in ``paths`` with the registries now (see the module
    docstring). A lock file that cannot be read is a note (the others are watched);
    :class:`~mi_refs.errors.UnreadableFileError` when none can be read."""
    locks: list[Lock] = []
    notes: list[str] = []
    for path in paths:
        try:
            locks.append(read_lock(path))
        except MiRefsError as exc:
            notes.append(str(exc))
    if not locks and notes:
        raise UnreadableFileError("; ".join(notes))
    works = sorted({r.work for lock in locks for r in lock.references if r.work})
    # refresh when online: a watch is about what the registries say now, never the cache
    with open_lookup(
        online=online, refresh=online, cache_dir=cache_dir, use_cache=use_cache,
        mailto=mailto, api_key=api_key, registries=registries,
    ) as (run, cache_notes):  # fmt: skip
        registries = run.registries
        notes += cache_notes
        states = survey(works, run)
    notes += run.notes()
    found: dict[tuple[str, str, str], Change] = {}
    order: list[tuple[str, str, str]] = []
    bibs: dict[Path, tuple[Bibliography | None, str]] = {}
    for lock in locks:
        if lock.bibliography not in bibs:
            bibs[lock.bibliography] = _load(lock.bibliography)
        bibliography, problem = bibs[lock.bibliography]
        for locked in lock.references:
            affected = Affected(
                str(lock.path), str(lock.letter), locked.number, locked.key, lock.approved
            )
            name = locked.work.name
            rows = [
                (code, severity, name, detail, message, date, link)
                for code, severity, detail, message, date, link in _state_changes(
                    locked.state, states.get(locked.work) if locked.work else None
                )
            ]
            edited = _entry_change(lock, locked, bibliography, problem)
            if edited is not None:
                detail, message = edited
                entry = f"{locked.key} in {lock.bibliography}"
                rows.append(("entry-edited", Severity.WARNING, entry, detail, message, "", ""))
            for code, severity, work, detail, message, date, link in rows:
                key = (code, work, detail)
                if key not in found:
                    order.append(key)
                    found[key] = Change(code, severity, work, message, date, link, ())
                change = found[key]
                letters = tuple(sorted({*change.letters, affected}))
                found[key] = dataclasses.replace(change, letters=letters)
    requests = registries.requests_made() if registries is not None and online else {}
    return WatchReport(
        tuple(str(lock.path) for lock in locks),
        tuple(found[key] for key in order),
        len(works),
        tuple(dict.fromkeys(notes)),
        requests,
    )


def _load(path: Path) -> tuple[Bibliography | None, str]:
    try:
        bibliography = load(path)
    except MiRefsError as exc:
        return None, str(exc)
    return bibliography, ""
