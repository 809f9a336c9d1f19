"""Approval lock files: what was true of a letter's references when it was approved.

``mi-refs approve`` writes one beside the letter (``letter.refs.lock.json``): the letter
and .bib it was approved with (paths relative to the lock file's folder, so the folder
can move), and for each reference of the letter's list, in list order: its key, its
identifiers, a hash of its entry (:func:`entry_hash`: the entry type and every field's
decoded value, so reformatting the file changes nothing and editing a value does), and
the registries' state (:class:`~mi_refs.review.survey.State`: notices with their ids and
dates, publication types, trial status and results date, label set id and version). The
findings acknowledged at approval are kept with their reasons. ``mi-refs watch`` reads
it back (:func:`read_lock`) and compares.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mi_refs.errors import UnreadableFileError
from mi_refs.model import Finding, Reference
from mi_refs.registries.records import Notice, NoticeKind
from mi_refs.review.survey import State, Work

__all__ = [
    "LOCK_SUFFIX",
    "Lock",
    "LockedReference",
    "default_lock_path",
    "entry_hash",
    "lock_json",
    "read_lock",
]

LOCK_SUFFIX = ".refs.lock.json"
FORMAT = 1


def default_lock_path(letter: str | os.PathLike[str]) -> Path:
    """``letter.md`` -> ``letter.refs.lock.json`` beside it."""
    path = Path(letter)
    return path.with_name(path.stem + LOCK_SUFFIX)


def entry_hash(reference: Reference) -> str:
    """SHA-256 of the entry's type and decoded fields (in file order)."""
    data = json.dumps([reference.entry_type, [list(pair) for pair in reference.fields]])
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def state_json(state: State | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        "answered": list(state.answered),
        "unanswered": list(state.unanswered),
        "pmid": state.pmid,
        "doi": state.doi,
        "types": list(state.types),
        "notices": [
            {
                "kind": n.kind.value,
                "doi": n.doi,
                "pmid": n.pmid,
                "date": n.date,
                "source": n.source,
                "citation": n.citation,
            }
            for n in state.notices
        ],
        "trial": dict(state.trial) if state.trial is not None else None,
        "label": dict(state.label) if state.label is not None else None,
    }


def _notice(data: Mapping[str, Any]) -> Notice:
    try:
        kind = NoticeKind(str(data.get("kind", "")))
    except ValueError:
        kind = NoticeKind.OTHER
    return Notice(
        kind,
        str(data.get("doi") or ""),
        str(data.get("pmid") or ""),
        str(data.get("date") or ""),
        str(data.get("source") or ""),
        str(data.get("citation") or ""),
    )


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def state_from_json(data: Any) -> State | None:
    if not isinstance(data, Mapping):
        return None
    notices = data.get("notices")
    trial, label = data.get("trial"), data.get("label")
    return State(
        _strings(data.get("answered")),
        _strings(data.get("unanswered")),
        str(data.get("pmid") or ""),
        str(data.get("doi") or ""),
        _strings(data.get("types")),
        tuple(_notice(n) for n in notices if isinstance(n, Mapping))
        if isinstance(notices, list)
        else (),
        dict(trial) if isinstance(trial, Mapping) else None,
        dict(label) if isinstance(label, Mapping) else None,
    )


@dataclass(frozen=True, slots=True)
class LockedReference:
    number: int
    key: str
    work: Work
    entry_sha256: str
    state: State | None
    acknowledged: tuple[tuple[str, str], ...] = ()  # (code, reason)


@dataclass(frozen=True, slots=True)
class Lock:
    """A lock file read back: where it is, the letter and .bib (resolved against its
    folder), when it was approved, and its references."""

    path: Path
    letter: Path
    bibliography: Path
    approved: str
    references: tuple[LockedReference, ...]


def _relative(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return str(path.resolve())


def lock_json(
    *,
    lock_path: Path,
    letter: Path,
    bibliography: Path,
    approved: str,
    version: str,
    style: str,
    references: Sequence[tuple[int, Reference, Work, State | None, Sequence[Finding]]],
) -> str:
    """The lock file's text: ``references`` are (number, entry, work, state, the entry's
    acknowledged findings) in list order."""
    base = lock_path.parent
    data = {
        "mi-refs-lock": FORMAT,
        "tool": {"name": "mi-refs", "version": version},
        "approved": approved,
        "letter": _relative(letter, base),
        "bibliography": _relative(bibliography, base),
        "style": style,
        "references": [
            {
                "number": number,
                "key": reference.key,
                "identifiers": work.as_dict(),
                "entry_sha256": entry_hash(reference),
                "state": state_json(state),
                "acknowledged": [
                    {"code": f.code, "reason": f.acknowledged, "message": f.message}
                    for f in acknowledged
                ],
            }
            for number, reference, work, state, acknowledged in references
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_lock(path: str | os.PathLike[str]) -> Lock:
    """A lock file read back. Raises :class:`~mi_refs.errors.UnreadableFileError` naming
    the file and what is wrong when it cannot be read or is not a lock file."""
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UnreadableFileError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UnreadableFileError(f"{file}: not a lock file (not JSON: {exc})") from exc
    if not isinstance(data, Mapping) or data.get("mi-refs-lock") != FORMAT:
        raise UnreadableFileError(
            f'{file}: not an mi-refs lock file (no "mi-refs-lock": {FORMAT}); write one with '
            "mi-refs approve"
        )
    references = []
    for index, item in enumerate(data.get("references") or []):
        if not isinstance(item, Mapping) or not isinstance(item.get("key"), str):
            raise UnreadableFileError(f"{file}: reference {index + 1} has no key")
        identifiers = item.get("identifiers")
        acknowledged = item.get("acknowledged")
        references.append(
            LockedReference(
                int(item.get("number") or index + 1),
                item["key"],
                Work.from_dict(identifiers if isinstance(identifiers, Mapping) else {}),
                str(item.get("entry_sha256") or ""),
                state_from_json(item.get("state")),
                tuple(
                    (str(a.get("code", "")), str(a.get("reason", "")))
                    for a in acknowledged
                    if isinstance(a, Mapping)
                )
                if isinstance(acknowledged, list)
                else (),
            )
        )
    base = file.parent
    return Lock(
        file,
        base / str(data.get("letter") or ""),
        base / str(data.get("bibliography") or ""),
        str(data.get("approved") or ""),
        tuple(references),
    )
