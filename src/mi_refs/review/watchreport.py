"""The watch report as text, JSON, GitHub annotations or JUnit XML (pure).

GitHub and JUnit reuse the check report's writers
(:func:`~mi_refs.check.report.format_report`, strict: every change at warning or above is
an ``::error`` and a JUnit failure, as it fails the run): each change is one entry named
by its work, with one finding whose message names the letters it affects.
"""

from __future__ import annotations

import json

from mi_refs.check.report import CheckReport, EntryReport, clean, format_report
from mi_refs.errors import InvalidArgumentError, UnknownFormatError
from mi_refs.model import Finding, Severity
from mi_refs.review.watch import Change, WatchReport

__all__ = ["WATCH_FORMATS", "format_watch", "watch_exit_code"]

WATCH_FORMATS = ("text", "json", "github", "junit")


def _letters(change: Change) -> str:
    return "; ".join(
        f"{a.letter} (#{a.number} {a.key}, approved {a.approved or 'date unknown'}, lock {a.lock})"
        for a in change.letters
    )


def _message(change: Change) -> str:
    when = f" [{change.date}]" if change.date else ""
    evidence = f" evidence: {change.evidence}." if change.evidence else ""
    return f"{change.work}: {change.message}{when}.{evidence} Affects: {_letters(change)}"


def _as_check_report(report: WatchReport) -> CheckReport:
    entries = tuple(
        EntryReport(
            change.work,
            None,
            (Finding(change.code, change.severity, _message(change), source="watch"),),
            change.letters[0].lock if change.letters else None,
        )
        for change in report.changes
    )
    return CheckReport(path=None, entries=entries, notes=report.notes, version=report.version)


def _text(report: WatchReport) -> str:
    lines = []
    for change in report.changes:
        lines.append(f"{change.severity.value} {change.code}: {clean(change.work)}")
        lines.append(f"  {clean(change.message)}")
        if change.date:
            lines.append(f"  date: {clean(change.date)}")
        if change.evidence:
            lines.append(f"  evidence: {clean(change.evidence)}")
        for affected in change.letters:
            lines.append(
                f"  letter: {clean(affected.letter)} (#{affected.number} {clean(affected.key)}, "
                f"approved {clean(affected.approved or 'date unknown')}; {clean(affected.lock)})"
            )
    lines += [f"note: {clean(note)}" for note in report.notes]
    asked = ", ".join(f"{name} {count}" for name, count in report.requests.items() if count)
    summary = (
        f"{len(report.locks)} approved letter{'s' if len(report.locks) != 1 else ''}, "
        f"{report.works} distinct works looked up ({asked or 'no request: the cache'}): "
    )
    if report.changes:
        summary += (
            f"{len(report.changes)} change{'s' if len(report.changes) != 1 else ''} since "
            f"approval, {report.failing} at warning or above"
        )
    else:
        summary += "nothing changed since approval"
    return "\n".join([*lines, summary]) + "\n"


def _json(report: WatchReport) -> str:
    data = {
        "tool": {"name": "mi-refs", "version": report.version},
        "summary": {
            "locks": len(report.locks),
            "works": report.works,
            "changes": len(report.changes),
            "failing": report.failing,
            **{s.value: sum(1 for c in report.changes if c.severity is s) for s in Severity},
        },
        "locks": list(report.locks),
        "changes": [
            {
                "code": c.code,
                "severity": c.severity.value,
                "work": c.work,
                "message": c.message,
                "date": c.date or None,
                "evidence": c.evidence or None,
                "letters": [
                    {
                        "letter": a.letter,
                        "lock": a.lock,
                        "number": a.number,
                        "key": a.key,
                        "approved": a.approved,
                    }
                    for a in c.letters
                ],
            }
            for c in report.changes
        ],
        "notes": list(report.notes),
        "requests": dict(report.requests),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_watch(report: WatchReport, format: str = "text") -> str:
    """The watch report in one of :data:`WATCH_FORMATS`."""
    if not isinstance(report, WatchReport):
        raise InvalidArgumentError(
            f"format_watch: report must be a WatchReport (from mi_refs.watch), not "
            f"{type(report).__name__}"
        )
    if format == "text":
        return _text(report)
    if format == "json":
        return _json(report)
    if format in {"github", "junit"}:
        return format_report(_as_check_report(report), format, strict=True)
    raise UnknownFormatError(f"unknown watch format {format!r} (known: {', '.join(WATCH_FORMATS)})")


def watch_exit_code(report: WatchReport) -> int:
    """1 when a change at warning or above appeared, else 0."""
    if not isinstance(report, WatchReport):
        raise InvalidArgumentError(
            f"watch_exit_code: report must be a WatchReport, not {type(report).__name__}"
        )
    return int(report.failing > 0)
