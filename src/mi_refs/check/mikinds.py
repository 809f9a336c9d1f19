"""Offline lints for the kinds MI letters cite beyond journal articles (issue 19.6): what
a reviewer needs to find the source again, missing though the entry is well formed.

- data on file: the document number (``number``: warning), its version (``version``:
  info), a date with its month (a year alone: warning);
- web pages, trial registrations, database entries: the access date (``urldate``:
  warning; AMA and NLM print "Accessed"/"cited");
- presentations and posters (``@inproceedings`` not published, Better BibTeX's
  ``@unpublished`` with ``eventtitle``): the meeting's dates (``eventdate``, or a
  ``date``/``month``: warning), its place (``venue``: info); the meeting's name is
  already required;
- meeting abstracts published in a supplement: the abstract number (``eid``) or the
  pages that locate it: warning when neither is given;
- prescribing information: the revision date with its month (a year alone: warning;
  AMA dates a package insert by its latest revision).

All are ``missing-field`` findings (source ``offline``) naming the field. Pure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from mi_refs.check.findings import entry_finding
from mi_refs.model import Finding, Kind, Reference, Severity

__all__ = ["mi_kind_findings"]

SOURCE = "offline"
_ACCESSED_KINDS = {
    Kind.WEBPAGE: "a web page",
    Kind.REGISTRATION: "a trial registration",
    Kind.DATABASE: "a database entry",
}


def _missing(reference: Reference, field: str, severity: Severity, message: str) -> Finding:
    return entry_finding(reference, "missing-field", severity, message, field=field,
                         source=SOURCE)  # fmt: skip


def _has(reference: Reference, *names: str) -> bool:
    return any(reference.get(name).strip() for name in names)


def _dated_by_year_only(reference: Reference) -> bool:
    return bool(reference.year) and reference.month is None


def _data_on_file(reference: Reference) -> Iterator[Finding]:
    if not _has(reference, "number"):
        yield _missing(reference, "number", Severity.WARNING,
                       "data on file without its document number (number): the reviewer "
                       "cannot ask for the document")  # fmt: skip
    if not _has(reference, "version"):
        yield _missing(reference, "version", Severity.INFO,
                       "data on file without the document's version (version)")  # fmt: skip
    if _dated_by_year_only(reference):
        yield _missing(reference, "date", Severity.WARNING,
                       f"data on file dated by year only ({reference.year}): give the "
                       "document's date with its month (date = {YYYY-MM-DD})")  # fmt: skip


def _presentation(reference: Reference) -> Iterator[Finding]:
    if not _has(reference, "eventdate") and reference.month is None:
        yield _missing(reference, "eventdate", Severity.WARNING,
                       "a presentation without the meeting's dates (eventdate = "
                       "{YYYY-MM-DD/YYYY-MM-DD})")  # fmt: skip
    if not _has(reference, "venue", "location", "address"):
        yield _missing(reference, "venue", Severity.INFO,
                       "a presentation without the meeting's place (venue)")  # fmt: skip


def _abstract(reference: Reference) -> Iterator[Finding]:
    """Pages locate an abstract in its supplement (a single page or e-locator is its
    number: Blood 132: 4976); without pages or ``eid`` nothing does. A page range without
    the abstract number is not flagged: the seed letter cites abstracts that way and a
    reader finds them (issue 19.6: keep false alarms low)."""
    if not _has(reference, "eid", "pages"):
        yield _missing(reference, "eid", Severity.WARNING,
                       "a meeting abstract without its abstract number (eid) or pages")  # fmt: skip


def _prescribing_information(reference: Reference) -> Iterator[Finding]:
    if _dated_by_year_only(reference):
        yield _missing(reference, "date", Severity.WARNING,
                       f"prescribing information dated by year only ({reference.year}): give "
                       "the label's revision date with its month (date = {YYYY-MM})")  # fmt: skip


def mi_kind_findings(references: Sequence[Reference]) -> list[Finding]:
    """The MI-kind lints of every entry (see the module's description)."""
    findings: list[Finding] = []
    for reference in references:
        kind = reference.kind
        if kind is Kind.DATA_ON_FILE:
            findings.extend(_data_on_file(reference))
        elif kind is Kind.PRESENTATION:
            findings.extend(_presentation(reference))
        elif kind is Kind.ABSTRACT:
            findings.extend(_abstract(reference))
        elif kind is Kind.PRESCRIBING_INFORMATION:
            findings.extend(_prescribing_information(reference))
        elif kind in _ACCESSED_KINDS and reference.url and reference.urldate is None:
            findings.append(
                _missing(
                    reference,
                    "urldate",
                    Severity.WARNING,
                    f"{_ACCESSED_KINDS[kind]} without its access date (urldate = "
                    "{YYYY-MM-DD}): AMA and NLM print when it was accessed",
                )
            )
    return findings
