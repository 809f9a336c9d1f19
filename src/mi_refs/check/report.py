"""The check report: findings grouped by entry, counted, and written as text, JSON
(the contract in DESIGN.md), GitHub Actions annotations or JUnit XML. Pure: a report
in, a string out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from mi_refs.errors import UnknownFormatError
from mi_refs.model import Finding, Severity

__all__ = ["REPORT_FORMATS", "CheckReport", "EntryReport", "exit_code", "format_report"]

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def clean(text: object) -> str:
    """Text from a .bib or a registry made safe for a report: no control characters
    (an ESC cannot drive the terminal, a CR/LF cannot forge a line, a NUL cannot make
    the XML invalid) and no lone surrogates."""
    return _CONTROLS.sub(" ", _SURROGATES.sub("\ufffd", str(text)))


def _clean_json(value: object) -> object:
    if isinstance(value, str):
        return _SURROGATES.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_clean_json(k): _clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    return value


_ORDER = {"error": 0, "warning": 1, "unverified": 2, "not-checkable": 3, "ok": 4}


@dataclass(frozen=True, slots=True)
class EntryReport:
    """One entry's findings. ``key`` is ``None`` for problems outside any entry."""

    key: str | None
    line: int | None
    findings: tuple[Finding, ...] = ()

    @property
    def status(self) -> str:
        """``error``, ``warning``, ``unverified``, ``not-checkable`` or ``ok``."""
        severities = {finding.severity for finding in self.findings if finding.code != "unverified"}
        if Severity.ERROR in severities or any(
            f.code == "unverified" and f.severity is Severity.ERROR for f in self.findings
        ):
            return "error"
        if Severity.WARNING in severities:
            return "warning"
        if any(finding.code == "unverified" for finding in self.findings):
            return "unverified"
        if any(finding.code == "not-checkable" for finding in self.findings):
            return "not-checkable"
        return "ok"


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """Findings about one document's citations (``mi-refs check --doc``)."""

    path: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything ``check`` found about one bibliography."""

    path: str | None
    entries: tuple[EntryReport, ...]
    documents: tuple[DocumentReport, ...] = ()
    ignored: tuple[tuple[Finding, str], ...] = ()  # (finding, the reason it is ignored)
    notes: tuple[str, ...] = ()  # about the run itself: offline, no mailto, cache rebuilt
    version: str = ""
    requests: Mapping[str, int] = field(default_factory=dict)

    def findings(self) -> Iterable[Finding]:
        for entry in self.entries:
            yield from entry.findings
        for document in self.documents:
            yield from document.findings

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings() if finding.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(
            1
            for finding in self.findings()
            if finding.severity is Severity.WARNING and finding.code != "unverified"
        )

    @property
    def unverified(self) -> int:
        return sum(1 for entry in self.entries if entry.status == "unverified")

    @property
    def entry_count(self) -> int:
        return sum(1 for entry in self.entries if entry.key is not None)


def exit_code(report: CheckReport, *, strict: bool = False) -> int:
    """0: nothing at error level; 1: at least one error (with ``strict``, also any
    warning or unverified entry)."""
    if report.errors:
        return 1
    if strict and (report.warnings or any(f.code == "unverified" for f in report.findings())):
        return 1
    return 0


def _finding_json(finding: Finding) -> dict[str, object]:
    data: dict[str, object] = {
        "code": finding.code,
        "severity": finding.severity.value,
        "field": finding.field,
        "stored": finding.stored,
        "registry": finding.registry,
        "source": finding.source,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "line": finding.line,
    }
    if finding.location is not None:
        data["location"] = finding.location
    return data


def to_json(report: CheckReport) -> str:
    data: dict[str, object] = {
        "tool": {"name": "mi-refs", "version": report.version},
        "summary": {
            "entries": report.entry_count,
            "errors": report.errors,
            "warnings": report.warnings,
            "unverified": report.unverified,
        },
        "file": report.path,
        "entries": [
            {
                "key": entry.key,
                "line": entry.line,
                "status": entry.status,
                "findings": [_finding_json(finding) for finding in entry.findings],
            }
            for entry in report.entries
        ],
    }
    if report.documents:
        data["documents"] = [
            {"path": document.path, "findings": [_finding_json(f) for f in document.findings]}
            for document in report.documents
        ]
    if report.ignored:
        data["ignored"] = [
            {**_finding_json(finding), "key": finding.key, "reason": reason}
            for finding, reason in report.ignored
        ]
    if report.notes:
        data["notes"] = list(report.notes)
    return json.dumps(_clean_json(data), indent=2, ensure_ascii=False) + "\n"


_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def _where(path: str | None, line: int | None) -> str:
    base = clean(path or "<bibliography>")
    return f"{base}:{line}" if line else base


def to_text(report: CheckReport, *, colour: bool = False) -> str:
    lines: list[str] = []

    def paint(severity: str, text: str) -> str:
        return f"{_COLOURS.get(severity, '')}{text}{_RESET}" if colour else text

    for entry in sorted(report.entries, key=lambda e: (_ORDER[e.status], e.line or 0)):
        if not entry.findings:
            continue
        name = clean(entry.key or "(no key)")
        tone = entry.status if entry.status in _COLOURS else "info"
        lines.append(f"{_where(report.path, entry.line)}: {name}: {paint(tone, entry.status)}")
        for finding in entry.findings:
            label = paint(finding.severity.value, f"{finding.severity.value} {finding.code}")
            field = f" [{clean(finding.field)}]" if finding.field else ""
            lines.append(f"  {label}{field}: {clean(finding.message)}")
            if (
                finding.stored is not None
                and finding.registry is not None
                and finding.code != "wrong-work"
            ):
                lines.append(f"      stored:   {clean(finding.stored)}")
                lines.append(f"      {clean(finding.source) + ':':9} {clean(finding.registry)}")
            if finding.suggestion and finding.suggestion != finding.registry:
                lines.append(f"      suggest:  {clean(finding.suggestion)}")
    for document in report.documents:
        for finding in document.findings:
            label = paint(finding.severity.value, f"{finding.severity.value} {finding.code}")
            lines.append(
                f"{clean(document.path)}: {clean(finding.location or '')}: {label}: "
                f"{clean(finding.message)}"
            )
    for note in report.notes:
        lines.append(f"note: {clean(note)}")
    ok = sum(1 for entry in report.entries if entry.status == "ok")
    lines.append(
        f"{_count(report.entry_count, 'entry', 'entries')}: {_count(report.errors, 'error')}, "
        f"{_count(report.warnings, 'warning')}, {report.unverified} unverified, {ok} ok"
        + (f"; {len(report.ignored)} findings ignored by settings" if report.ignored else "")
    )
    return "\n".join(lines) + "\n"


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _annotation_text(text: str) -> str:
    text = _SURROGATES.sub("\ufffd", text)
    text = re.sub("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", " ", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _annotation_property(text: str) -> str:
    return _annotation_text(text).replace(":", "%3A").replace(",", "%2C")


def to_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=N,title=T::message``."""
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for entry in report.entries:
        for finding in entry.findings:
            props = [f"file={_annotation_property(report.path or 'references.bib')}"]
            line = finding.line or entry.line
            if line:
                props.append(f"line={line}")
            title = f"{finding.code}" + (f" [{entry.key}]" if entry.key else "")
            props.append(f"title={_annotation_property(title)}")
            text = _annotation_text(finding.message)
            lines.append(f"::{levels[finding.severity]} {','.join(props)}::{text}")
    for document in report.documents:
        for finding in document.findings:
            where = f"file={_annotation_property(document.path)}"
            if finding.line:  # text formats; a Word paragraph has no line
                where += f",line={finding.line}"
            what = f"title={_annotation_property(finding.code)}"
            text = _annotation_text(
                f"{finding.location}: {finding.message}" if finding.location else finding.message
            )
            lines.append(f"::{levels[finding.severity]} {where},{what}::{text}")
    return "\n".join(lines) + ("\n" if lines else "")


def _junit_case(classname: str, name: str, findings: Sequence[Finding]) -> tuple[str, bool]:
    errors = [f for f in findings if f.severity is Severity.ERROR]
    others = [f for f in findings if f.severity is not Severity.ERROR]
    body = []
    if errors:
        message = quoteattr(clean("; ".join(f"{f.code}: {f.message}" for f in errors)))
        details = escape(clean_lines(f"{f.code} [{f.field or '-'}] {f.message}" for f in errors))
        body.append(f'<failure message={message} type="mi-refs">{details}</failure>')
    if others:
        text = escape(clean_lines(f"{f.severity.value} {f.code}: {f.message}" for f in others))
        body.append(f"<system-out>{text}</system-out>")
    case = (
        f"    <testcase classname={quoteattr(clean(classname))} name={quoteattr(clean(name))}>"
        f"{''.join(body)}</testcase>"
    )
    return case, bool(errors)


def clean_lines(lines: Iterable[str]) -> str:
    """Lines joined by newlines, each cleaned (a line cannot split itself)."""
    return "\n".join(clean(line) for line in lines)


def to_junit(report: CheckReport) -> str:
    """JUnit XML: one test case per entry and one per checked document; errors fail it,
    the rest is system-out. ``failures`` counts every failing case, so a document error
    (exit 1) never reports ``failures="0"``. Control characters are removed: the XML is
    always well-formed."""
    cases: list[str] = []
    failures = 0
    classname = report.path or "bibliography"
    for entry in report.entries:
        case, failed = _junit_case(classname, entry.key or f"line {entry.line}", entry.findings)
        cases.append(case)
        failures += failed
    for document in report.documents:
        case, failed = _junit_case(document.path, document.path, document.findings)
        cases.append(case)
        failures += failed
    suite = quoteattr(clean(f"mi-refs check {report.path or ''}".strip()))
    counts = f'tests="{len(cases)}" failures="{failures}" errors="0"'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<testsuites>\n"
        f"  <testsuite name={suite} {counts}>\n"
        + "\n".join(cases)
        + ("\n" if cases else "")
        + "  </testsuite>\n</testsuites>\n"
    )


REPORT_FORMATS: Sequence[str] = ("text", "json", "github", "junit")


def format_report(report: CheckReport, format: str = "text", *, colour: bool = False) -> str:
    """The report in one of :data:`REPORT_FORMATS`; another name raises
    :class:`~mi_refs.errors.UnknownFormatError`."""
    if format == "json":
        return to_json(report)
    if format == "github":
        return to_github(report)
    if format == "junit":
        return to_junit(report)
    if format == "text":
        return to_text(report, colour=colour)
    raise UnknownFormatError(
        f"unknown report format {format!r} (known: {', '.join(REPORT_FORMATS)})"
    )
