"""The check report: findings grouped by entry, counted, and written as text, JSON
(the contract in DESIGN.md), GitHub Actions annotations or JUnit XML. Pure: a report
in, a string out."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape, quoteattr

from mi_refs.errors import UnknownFormatError
from mi_refs.model import Finding, Severity

__all__ = [
    "REPORT_FORMATS",
    "CheckReport",
    "DocumentReport",
    "EntryReport",
    "combine",
    "exit_code",
    "fails",
    "finding_json",
    "format_report",
]

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def clean(text: object) -> str:
    """Text from a .bib or a registry made safe for a report: no control characters
    (an ESC cannot drive the terminal, a CR/LF cannot forge a line, a NUL cannot make
    the XML invalid) and no lone surrogates."""
    text = str(text)
    if text.isascii() and text.isprintable():  # no control character, no surrogate
        return text
    return _CONTROLS.sub(" ", _SURROGATES.sub("\ufffd", text))


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
    path: str | None = None  # the .bib it is in, when a report covers several

    @property
    def status(self) -> str:
        """``error``, ``warning``, ``unverified``, ``not-checkable`` or ``ok``."""
        live = [f for f in self.findings if f.acknowledged is None]  # 19.7: not counted
        severities = {finding.severity for finding in live if finding.code != "unverified"}
        if Severity.ERROR in severities or any(
            f.code == "unverified" and f.severity is Severity.ERROR for f in live
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
    # the .bib entry each item of the letter's own list is (None: no entry matches it)
    listed: tuple[str | None, ...] = ()

    @property
    def cited(self) -> tuple[str, ...]:
        """The keys of the entries the letter's list prints, in list order."""
        return tuple(key for key in self.listed if key is not None)


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
    # entries not judged: with letters (``check --doc``), those no letter's list prints
    uncited: tuple[EntryReport, ...] = ()

    @property
    def all_notes(self) -> tuple[str, ...]:
        """The notes about the run, and (when entries were left out) the one that names
        how many the letters do not cite and how to check them: what every format prints."""
        if not self.uncited:
            return self.notes
        count = len(self.uncited)
        files = dict.fromkeys(entry.path or self.path or "references.bib" for entry in self.uncited)
        command = " ".join(["mi-refs check", *(shlex.quote(name) for name in files)])
        entries, were, them = ("entry", "was", "it") if count == 1 else ("entries", "were", "them")
        note = f"{count} {entries} the letters do not cite {were} not checked: run `{command}` to "
        note += f"check {them}"
        return (*self.notes, note + " (or add --all-entries)")

    def findings(self) -> Iterable[Finding]:
        for entry in self.entries:
            yield from entry.findings
        for document in self.documents:
            yield from document.findings

    @property
    def errors(self) -> int:
        return sum(
            1
            for finding in self.findings()
            if finding.severity is Severity.ERROR and finding.acknowledged is None
        )

    @property
    def warnings(self) -> int:
        return sum(
            1
            for finding in self.findings()
            if finding.severity is Severity.WARNING
            and finding.code != "unverified"
            and finding.acknowledged is None
        )

    @property
    def acknowledged(self) -> int:
        """Findings acknowledged in the settings (shown, never failing the run)."""
        return sum(1 for finding in self.findings() if finding.acknowledged is not None)

    @property
    def unverified(self) -> int:
        return sum(1 for entry in self.entries if entry.status == "unverified")

    @property
    def entry_count(self) -> int:
        return sum(1 for entry in self.entries if entry.key is not None)

    @property
    def statuses(self) -> dict[str, int]:
        """Entries by their worst status (every status named, in order of gravity)."""
        counts = dict.fromkeys(_ORDER, 0)
        for entry in self.entries:
            if entry.key is not None:
                counts[entry.status] += 1
        return counts

    @property
    def severities(self) -> dict[str, int]:
        """Findings by severity (``unverified`` findings apart)."""
        counts = {"error": 0, "warning": 0, "unverified": 0, "info": 0}
        for finding in self.findings():
            if finding.acknowledged is not None:
                continue  # counted apart (``acknowledged``)
            if finding.code == "unverified" and finding.severity is not Severity.ERROR:
                counts["unverified"] += 1
            else:
                counts[finding.severity.value] += 1
        return counts


def fails(finding: Finding, *, strict: bool = False) -> bool:
    """Whether ``finding`` fails the run: an error; with ``strict``, also a warning or an
    ``unverified`` finding; never a finding acknowledged in the settings. The one rule
    behind :func:`exit_code`, the ``::error`` annotations and the JUnit failures."""
    if finding.acknowledged is not None:
        return False
    if finding.severity is Severity.ERROR:
        return True
    return strict and (finding.severity is Severity.WARNING or finding.code == "unverified")


def exit_code(report: CheckReport, *, strict: bool = False) -> int:
    """0: nothing at error level; 1: at least one error (with ``strict``, also any
    warning or unverified entry)."""
    return int(any(fails(finding, strict=strict) for finding in report.findings()))


def combine(reports: Sequence[CheckReport]) -> CheckReport:
    """Several reports (one per .bib) as one: each entry keeps its file, notes are
    listed once, request counts add up. One report is returned as it is."""
    if len(reports) == 1:
        return reports[0]
    requests: dict[str, int] = {}
    for report in reports:
        for name, count in report.requests.items():
            requests[name] = requests.get(name, 0) + count
    return CheckReport(
        path=None,
        entries=tuple(
            replace(entry, path=entry.path or report.path)
            for report in reports
            for entry in report.entries
        ),
        documents=tuple(document for report in reports for document in report.documents),
        ignored=tuple(item for report in reports for item in report.ignored),
        notes=tuple(dict.fromkeys(note for report in reports for note in report.notes)),
        version=reports[0].version if reports else "",
        requests=requests,
        uncited=tuple(
            replace(entry, path=entry.path or report.path)
            for report in reports
            for entry in report.uncited
        ),
    )


def finding_json(finding: Finding) -> dict[str, object]:
    """A finding as every JSON report writes it (check, review, intake)."""
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
    if finding.acknowledged is not None:
        data["acknowledged"] = finding.acknowledged  # the reason (issue 19.7)
    return data


def to_json(report: CheckReport) -> str:
    data: dict[str, object] = {
        "tool": {"name": "mi-refs", "version": report.version},
        "summary": {
            "entries": report.entry_count,
            "errors": report.errors,
            "warnings": report.warnings,
            "unverified": report.unverified,
            "statuses": report.statuses,
            "findings": report.severities,
        },
        "file": report.path,
        "entries": [
            {
                "file": entry.path or report.path,
                "key": entry.key,
                "line": entry.line,
                "status": entry.status,
                "findings": [finding_json(finding) for finding in entry.findings],
            }
            for entry in report.entries
        ],
    }
    if report.acknowledged:
        data["summary"]["acknowledged"] = report.acknowledged  # type: ignore[index]
    if report.uncited:
        data["summary"]["uncited"] = len(report.uncited)  # type: ignore[index]
        data["uncited"] = [
            {"file": entry.path or report.path, "key": entry.key, "line": entry.line}
            for entry in report.uncited
        ]
    if report.documents:
        data["documents"] = [
            {
                "path": document.path,
                "findings": [finding_json(f) for f in document.findings],
                "listed": list(document.listed),
            }
            for document in report.documents
        ]
    if report.ignored:
        data["ignored"] = [
            {**finding_json(finding), "key": finding.key, "reason": reason}
            for finding, reason in report.ignored
        ]
    if report.all_notes:
        data["notes"] = list(report.all_notes)
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
        where = _where(entry.path or report.path, entry.line)
        lines.append(f"{where}: {name}: {paint(tone, entry.status)}")
        for finding in entry.findings:
            label = paint(finding.severity.value, f"{finding.severity.value} {finding.code}")
            field = f" [{clean(finding.field)}]" if finding.field else ""
            lines.append(f"  {label}{field}: {clean(finding.message)}{_ack(finding)}")
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
    for note in report.all_notes:
        lines.append(f"note: {clean(note)}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _ack(finding: Finding) -> str:
    """`` (acknowledged: reason)`` for a finding acknowledged in the settings."""
    return f" (acknowledged: {clean(finding.acknowledged)})" if finding.acknowledged else ""


def summary_line(report: CheckReport) -> str:
    """Entries counted by their worst status, findings counted apart::

    12 entries: 10 with errors, 2 with warnings, 0 unverified, 0 not checkable, 0 ok;
    15 findings: 12 errors, 3 warnings, 0 unverified, 0 info
    """
    statuses = report.statuses
    entries = (
        f"{_count(report.entry_count, 'entry', 'entries')}: {statuses['error']} with errors, "
        f"{statuses['warning']} with warnings, {statuses['unverified']} unverified, "
        f"{statuses['not-checkable']} not checkable, {statuses['ok']} ok"
    )
    severities = report.severities
    findings = (
        f"{_count(sum(severities.values()), 'finding')}: {_count(severities['error'], 'error')}, "
        f"{_count(severities['warning'], 'warning')}, {severities['unverified']} unverified, "
        f"{severities['info']} info"
    )
    documents = f"; {_count(len(report.documents), 'document')} checked" if report.documents else ""
    ignored = f"; {len(report.ignored)} findings ignored by settings" if report.ignored else ""
    if report.acknowledged:
        ignored += f"; {_count(report.acknowledged, 'finding')} acknowledged in settings"
    return f"{entries}; {findings}{documents}{ignored}"


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _annotation_text(text: str) -> str:
    text = _SURROGATES.sub("\ufffd", text)
    text = re.sub("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", " ", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _annotation_property(text: str) -> str:
    return _annotation_text(text).replace(":", "%3A").replace(",", "%2C")


def _level(finding: Finding, strict: bool) -> str:
    """The annotation level: ``error`` for whatever fails the run (:func:`fails`)."""
    if fails(finding, strict=strict):
        return "error"
    if finding.acknowledged is not None:
        return "notice"
    return "warning" if finding.severity is Severity.WARNING else "notice"


def to_github(report: CheckReport, *, strict: bool = False) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=N,title=T::message``; what
    fails the run (with ``strict``: warnings and unverified entries too) is ``::error``,
    the rest ``::warning`` or ``::notice``; each note about the run is a ``::notice``."""
    lines = []
    for entry in report.entries:
        for finding in entry.findings:
            path = entry.path or report.path or "references.bib"
            props = [f"file={_annotation_property(path)}"]
            line = finding.line or entry.line
            if line:
                props.append(f"line={line}")
            title = f"{finding.code}" + (f" [{entry.key}]" if entry.key else "")
            props.append(f"title={_annotation_property(title)}")
            text = _annotation_text(finding.message + _ack(finding))
            lines.append(f"::{_level(finding, strict)} {','.join(props)}::{text}")
    for document in report.documents:
        for finding in document.findings:
            where = f"file={_annotation_property(document.path)}"
            if finding.line:  # text formats; a Word paragraph has no line
                where += f",line={finding.line}"
            what = f"title={_annotation_property(finding.code)}"
            text = _annotation_text(
                f"{finding.location}: {finding.message}" if finding.location else finding.message
            )
            lines.append(f"::{_level(finding, strict)} {where},{what}::{text}")
    lines.extend(
        f"::notice title=mi-refs note::{_annotation_text(note)}" for note in report.all_notes
    )
    return "\n".join(lines) + ("\n" if lines else "")


def _junit_case(
    classname: str, name: str, findings: Sequence[Finding], strict: bool
) -> tuple[str, bool]:
    errors = [f for f in findings if fails(f, strict=strict)]
    others = [f for f in findings if not fails(f, strict=strict)]
    body = []
    if errors:
        message = quoteattr(clean("; ".join(f"{f.code}: {f.message}" for f in errors)))
        details = escape(
            clean_lines(
                f"{f.severity.value} {f.code} [{f.field or '-'}] {f.message}" for f in errors
            )
        )
        body.append(f'<failure message={message} type="mi-refs">{details}</failure>')
    if others:
        text = escape(
            clean_lines(f"{f.severity.value} {f.code}: {f.message}{_ack(f)}" for f in others)
        )
        body.append(f"<system-out>{text}</system-out>")
    case = (
        f"    <testcase classname={quoteattr(clean(classname))} name={quoteattr(clean(name))}>"
        f"{''.join(body)}</testcase>"
    )
    return case, bool(errors)


def clean_lines(lines: Iterable[str]) -> str:
    """Lines joined by newlines, each cleaned (a line cannot split itself)."""
    return "\n".join(clean(line) for line in lines)


def to_junit(report: CheckReport, *, strict: bool = False) -> str:
    """JUnit XML: one test case per entry and one per checked document; what fails the
    run (:func:`fails`; with ``strict``, warnings and unverified entries too) is a
    ``failure``, the rest is system-out; the notes about the run are the suite's
    system-err. ``failures`` counts every failing case, so a failing run never reports
    ``failures="0"``. Control characters are removed: the XML is always well-formed."""
    cases: list[str] = []
    failures = 0
    for entry in report.entries:
        classname = entry.path or report.path or "bibliography"
        name = entry.key or f"line {entry.line}"
        case, failed = _junit_case(classname, name, entry.findings, strict)
        cases.append(case)
        failures += failed
    for document in report.documents:
        case, failed = _junit_case(document.path, document.path, document.findings, strict)
        cases.append(case)
        failures += failed
    suite = quoteattr(clean(f"mi-refs check {report.path or ''}".strip()))
    notes = escape(clean_lines(f"note: {note}" for note in report.all_notes))
    counts = f'tests="{len(cases)}" failures="{failures}" errors="0"'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<testsuites>\n"
        f"  <testsuite name={suite} {counts}>\n"
        + "\n".join(cases)
        + ("\n" if cases else "")
        + (f"    <system-err>{notes}</system-err>\n" if report.all_notes else "")
        + "  </testsuite>\n</testsuites>\n"
    )


_SUMMARY_ROWS = 100  # a step summary is read by people; the rest is in the log


def _cell(text: object) -> str:
    """Text safe in one Markdown table cell: no line break, no pipe, no markup."""
    return re.sub(r"([\\`*_<>\[\]|])", r"\\\1", clean(text)) or " "


def to_markdown(report: CheckReport, *, strict: bool = False) -> str:
    """A Markdown summary for ``GITHUB_STEP_SUMMARY``: the entries by status, then one
    row per finding that fails the run (``FAIL``) or is a warning, notes last."""
    statuses = report.statuses
    title = clean(report.path) if report.path else "the bibliographies"
    lines = [
        f"### mi-refs check: {_cell(title)}",
        "",
        "| status | entries |",
        "|---|---:|",
        *(f"| {status} | {count} |" for status, count in statuses.items()),
        "",
        f"{_cell(summary_line(report))}",
        "",
    ]
    rows: list[str] = []
    for entry in report.entries:
        for finding in entry.findings:
            where = _where(entry.path or report.path, finding.line or entry.line)
            rows.append(_row(finding, where, entry.key or "", strict))
    for document in report.documents:
        for finding in document.findings:
            where = f"{document.path}: {finding.location or ''}".rstrip(": ")
            rows.append(_row(finding, where, "", strict))
    rows = [row for row in rows if row]
    if rows:
        lines += ["| | where | entry | finding | message |", "|---|---|---|---|---|"]
        lines += rows[:_SUMMARY_ROWS]
        if len(rows) > _SUMMARY_ROWS:
            lines.append(f"| | ... | | | {len(rows) - _SUMMARY_ROWS} more in the log |")
        lines.append("")
    lines += [f"- note: {_cell(note)}" for note in report.all_notes]
    return "\n".join(lines).rstrip("\n") + "\n\n"


def _row(finding: Finding, where: str, key: str, strict: bool) -> str:
    if fails(finding, strict=strict):
        mark = "FAIL"
    elif finding.acknowledged is not None:
        mark = "acknowledged"
    elif finding.severity is Severity.WARNING:
        mark = "warning"
    else:
        return ""
    return (
        f"| {mark} | {_cell(where)} | {_cell(key)} | {_cell(finding.code)} | "
        f"{_cell(finding.message)} |"
    )


REPORT_FORMATS: Sequence[str] = ("text", "json", "github", "junit", "markdown")


def format_report(
    report: CheckReport, format: str = "text", *, colour: bool = False, strict: bool = False
) -> str:
    """The report in one of :data:`REPORT_FORMATS`; another name raises
    :class:`~mi_refs.errors.UnknownFormatError`. ``strict`` (as ``check --strict``)
    makes warnings and unverified entries errors in ``github`` annotations, ``junit``
    failures and the ``markdown`` summary, as they are in :func:`exit_code`."""
    if format == "json":
        return to_json(report)
    if format == "github":
        return to_github(report, strict=strict)
    if format == "junit":
        return to_junit(report, strict=strict)
    if format == "markdown":
        return to_markdown(report, strict=strict)
    if format == "text":
        return to_text(report, colour=colour)
    raise UnknownFormatError(
        f"unknown report format {format!r} (known: {', '.join(REPORT_FORMATS)})"
    )
