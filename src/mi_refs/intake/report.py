"""The report of the intake commands (``add``, ``fix``, ``import``, ``extract``): what
happened to each entry, in text or JSON. Pure: a report in, a string out.

JSON (the contract, shared by every intake command)::

    {"tool": {"name": "mi-refs", "version": "...", "command": "add"},
     "file": "references.bib", "applied": true,
     "summary": {"entries": 3, "errors": 1, "warnings": 0, "added": 2, "refused": 1},
     "entries": [
       {"key": "vernava2023novel", "source": "pmid:36669360", "status": "added",
        "line": 41,
        "findings": [{"code": "...", "severity": "...", "field": ..., "stored": ...,
                      "registry": ..., "source": ..., "message": "...",
                      "suggestion": ..., "line": ..., "action": "changed",
                      "reason": "..."}]}],
     "notes": ["..."], "diff": "--- a/references.bib\n+++ b/references.bib\n..."}

``status`` is one of :data:`STATUSES`; the summary counts entries per status (only the
statuses that occur), error- and warning-level findings. A finding's ``action`` says what
the command did about it (:data:`ACTIONS`) and ``reason`` why, in words. ``diff`` (when
the .bib changes or would change) is its unified diff.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mi_refs.check.report import clean, finding_json
from mi_refs.errors import UnknownFormatError
from mi_refs.model import Finding, Severity

__all__ = [
    "ACTIONS",
    "INTAKE_FORMATS",
    "STATUSES",
    "IntakeEntry",
    "IntakeReport",
    "Outcome",
    "format_intake_report",
    "intake_exit_code",
]

#: What happened to an entry. ``added``: appended (or would be, with ``--dry-run``);
#: ``changed``: edited (or would be, without ``--apply``); ``unchanged``: nothing to do;
#: ``refused``: not added or not imported (duplicate, retracted, not found...);
#: ``left``: findings left for a human; ``failed``: a registry could not be asked.
STATUSES: Sequence[str] = ("added", "changed", "unchanged", "refused", "left", "failed")

#: What a command did about one finding.
ACTIONS: Sequence[str] = ("changed", "left", "refused", "warned", "noted")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One finding and what the command did about it (``action``), and why (``reason``)."""

    finding: Finding
    action: str = "noted"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class IntakeEntry:
    """One entry's outcome. ``source`` is where it came from: the identifier given to
    ``add`` (``pmid:38462907``), ``file:line`` for ``import``, the key for ``fix``."""

    key: str | None
    source: str
    status: str
    outcomes: tuple[Outcome, ...] = ()
    line: int | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(outcome.finding for outcome in self.outcomes)


@dataclass(frozen=True, slots=True)
class IntakeReport:
    """Everything one intake command did. ``command`` is ``add``, ``fix``, ``import`` or
    ``extract``; ``applied`` is false for a dry run (``--dry-run``, ``fix`` without
    ``--apply``); ``diff`` is the unified diff of the .bib the command made or would make;
    ``text`` is the new .bib text (``None`` when nothing changes)."""

    command: str
    path: str | None
    entries: tuple[IntakeEntry, ...]
    applied: bool = False
    notes: tuple[str, ...] = ()
    version: str = ""
    diff: str = ""
    text: str | None = field(default=None, repr=False)
    requests: Mapping[str, int] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)  # a command's own summary counts

    def findings(self) -> Iterable[Finding]:
        for entry in self.entries:
            yield from entry.findings

    @property
    def errors(self) -> int:
        return self._severities()[Severity.ERROR]

    @property
    def warnings(self) -> int:
        return self._severities()[Severity.WARNING]

    def _severities(self) -> Counter[Severity]:
        """How many findings have each severity (one pass over the outcomes)."""
        return Counter(
            outcome.finding.severity for entry in self.entries for outcome in entry.outcomes
        )

    def count(self, status: str) -> int:
        return sum(1 for entry in self.entries if entry.status == status)

    def summary(self) -> dict[str, int]:
        severities = self._severities()
        data = {
            "entries": len(self.entries),
            "errors": severities[Severity.ERROR],
            "warnings": severities[Severity.WARNING],
        }
        counts = Counter(entry.status for entry in self.entries)
        data.update({status: counts[status] for status in STATUSES if counts[status]})
        data.update(self.counts)
        return data


def intake_exit_code(report: IntakeReport) -> int:
    """0: done; 1: done, and something was refused, failed or left at error level."""
    if report.errors or any(e.status in {"refused", "failed"} for e in report.entries):
        return 1
    return 0


def _outcome_json(outcome: Outcome) -> dict[str, object]:
    return {**finding_json(outcome.finding), "action": outcome.action, "reason": outcome.reason}


def to_json(report: IntakeReport) -> str:
    data: dict[str, object] = {
        "tool": {"name": "mi-refs", "version": report.version, "command": report.command},
        "file": report.path,
        "applied": report.applied,
        "summary": report.summary(),
        "entries": [
            {
                "key": entry.key,
                "source": entry.source,
                "status": entry.status,
                "line": entry.line,
                "findings": [_outcome_json(outcome) for outcome in entry.outcomes],
            }
            for entry in report.entries
        ],
    }
    if report.notes:
        data["notes"] = list(report.notes)
    if report.diff:
        data["diff"] = report.diff
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return text.encode("utf-8", "replace").decode("utf-8") + "\n"


def to_text(report: IntakeReport) -> str:
    lines: list[str] = []  # as written: cleaned below, a line at a time (clean is a map
    for entry in report.entries:  # of characters: a line's clean is its parts' cleans)
        name = entry.key or "(no key)"
        source = f" ({entry.source})" if entry.source and entry.source != entry.key else ""
        lines.append(f"{name}{source}: {entry.status}")
        for outcome in entry.outcomes:
            finding = outcome.finding
            where = f" [{finding.field}]" if finding.field else ""
            lines.append(f"  {outcome.action} {finding.code}{where}: {finding.message}")
            if outcome.reason:
                lines.append(f"      why: {outcome.reason}")
    lines.extend(f"note: {note}" for note in report.notes)
    if not (all(map(str.isascii, lines)) and all(map(str.isprintable, lines))):
        lines = [clean(line) for line in lines]  # (most reports: printable ASCII, no copy)
    summary = report.summary()
    counts = ", ".join(f"{summary[s]} {s}" for s in STATUSES if s in summary)
    verb = "" if report.applied else " (nothing written)"
    lines.append(
        f"mi-refs {report.command}: {summary['entries']} "
        + ("entry" if summary["entries"] == 1 else "entries")
        + (f": {counts}" if counts else "")
        + verb
    )
    return "\n".join(lines) + "\n"


INTAKE_FORMATS: Sequence[str] = ("text", "json")


def format_intake_report(report: IntakeReport, format: str = "text") -> str:
    """The report as ``text`` or ``json``; another name raises
    :class:`~mi_refs.errors.UnknownFormatError`."""
    if format == "json":
        return to_json(report)
    if format == "text":
        return to_text(report)
    raise UnknownFormatError(
        f"unknown report format {format!r} (known: {', '.join(INTAKE_FORMATS)})"
    )
