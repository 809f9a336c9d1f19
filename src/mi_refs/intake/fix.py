"""``fix``: a check's findings turned into edits where the registries are authoritative.

What is changed (each finding's value goes into the entry's own layout):

- ``field-mismatch`` with a registry value, for title, journal, year, volume, issue,
  pages, DOI and PMID (author lists are left: a name list is the writer's to retype);
- ``identifier-suggested``: the DOI or PMID the check found and verified (first author
  and year agree), added when the entry has none;
- ``style`` on the journal with an NLM abbreviation: written to ``shortjournal`` (the
  writer's ``journal`` stays);
- ``malformed-identifier`` when the value holds exactly one well-formed identifier.

Never changed: entries marked ``protect = {true}`` or listed in the settings'
``protect``; ``wrong-work`` and ``id-conflict`` (the identifier and the entry describe
different works: which is right is a human's call); anything without a registry value.
Every finding is in the report with what was done and why.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Collection, Iterable
from pathlib import Path

from mi_refs._version import __version__
from mi_refs.bibtex import format_bibtex
from mi_refs.bibtex.normalize import normalize_doi, normalize_pages, normalize_pmcid, normalize_pmid
from mi_refs.check.report import CheckReport
from mi_refs.errors import InvalidArgumentError, UnreadableFileError
from mi_refs.intake.report import IntakeEntry, IntakeReport, Outcome
from mi_refs.intake.snapshot import Snapshot, read_snapshot, unified_diff
from mi_refs.model import CODES, Bibliography, Finding, Reference, Severity

__all__ = ["FIXABLE_CODES", "fix", "is_protected"]

#: The codes ``fix`` may act on; every other finding is reported as left.
FIXABLE_CODES = frozenset(
    {"field-mismatch", "identifier-suggested", "style", "malformed-identifier"}
)
_NEVER = {
    "wrong-work": "the identifier resolves to a different work: check which is right by hand",
    "id-conflict": "the PMID and the DOI are of different works: check which is right by hand",
}
_FIELDS = {  # BibTeX field -> Reference attribute
    "title": "title",
    "journal": "journal",
    "year": "year",
    "volume": "volume",
    "issue": "issue",
    "number": "issue",
    "pages": "pages",
    "doi": "doi",
    "pmid": "pmid",
    "pmcid": "pmcid",
}
_NORMAL = {"doi": normalize_doi, "pmid": normalize_pmid, "pmcid": normalize_pmcid}
_CANDIDATES = {
    "doi": re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+"),
    "pmid": re.compile(r"(?<!\d)[1-9]\d{0,8}(?!\d)"),
    "pmcid": re.compile(r"PMC\d{1,9}", re.IGNORECASE),
}


def is_protected(reference: Reference, protect: Collection[str] = ()) -> bool:
    """An entry ``fix`` never touches: ``protect = {true}`` (or ``yes``, ``1``) in the
    entry, or its key in the settings' ``protect`` list."""
    flag = reference.get("protect").strip().lower()
    return reference.key in protect or flag in {"true", "yes", "1"}


def _value(finding: Finding) -> str | None:
    """The value the registries hold for the finding's field, or ``None``."""
    value = finding.registry if finding.registry is not None else finding.suggestion
    if value is None or not value.strip():
        return None
    return value.strip()


def _repair_identifier(field: str, raw: str) -> str | None:
    """The one identifier a malformed value holds (``doi: 10.1/x.`` -> ``10.1/x``),
    or ``None`` when there is none or more than one."""
    pattern = _CANDIDATES.get(field)
    if pattern is None:
        return None
    found = {match.rstrip(".,;)") for match in pattern.findall(raw)}
    if len(found) != 1:
        return None
    return _NORMAL[field](found.pop())


def _set(reference: Reference, attribute: str, value: str) -> Reference:
    changes: dict[str, str] = {attribute: value}
    return dataclasses.replace(reference, **changes)  # type: ignore[arg-type]


def _edit(reference: Reference, finding: Finding) -> tuple[Reference | None, str]:
    """The entry with the finding's correction, or ``None`` and why it is left."""
    field = (finding.field or "").lower()
    code = finding.code
    if code == "style":
        value = finding.suggestion
        if field != "journal" or not value:
            return None, "a style warning without a registry value"
        if reference.shortjournal == value:
            return None, "shortjournal already holds the NLM abbreviation"
        return dataclasses.replace(reference, shortjournal=value), "NLM abbreviation"
    if code == "malformed-identifier":
        repaired = _repair_identifier(field, reference.get(field) or finding.stored or "")
        if repaired is None:
            return None, "no single well-formed identifier in the value"
        return _set(reference, field, repaired), "the one identifier in it"
    attribute = _FIELDS.get(field)
    if attribute is None:
        why = (
            "author lists are left to the writer" if field == "author" else "not a field fix edits"
        )
        return None, why
    value = _value(finding)
    if value is None:
        return None, "no registry value"
    if field in _NORMAL:
        value = _NORMAL[field](value) or ""
        if not value:
            return None, "the registry value is not a well-formed identifier"
    if code == "identifier-suggested" and getattr(reference, attribute):
        return None, f"the entry already has a {field}"
    if field == "pages":
        value = normalize_pages(value)
    if getattr(reference, attribute) == value:
        return None, "already as the registry has it"
    return _set(reference, attribute, value), f"as {finding.source} has it"


def _entry_outcomes(
    reference: Reference, findings: Iterable[Finding], only: Collection[str] | None,
    protected: bool,
) -> tuple[Reference, list[Outcome]]:  # fmt: skip
    outcomes: list[Outcome] = []
    current = reference
    for finding in findings:
        if only is not None and finding.code not in only:
            continue
        if finding.code in _NEVER:
            outcomes.append(Outcome(finding, "left", _NEVER[finding.code]))
        elif finding.code not in FIXABLE_CODES:
            if finding.severity is not Severity.INFO and finding.code != "unverified":
                outcomes.append(Outcome(finding, "left", "no correction the registries vouch for"))
        elif protected:
            outcomes.append(Outcome(finding, "left", "the entry is protected"))
        else:
            edited, why = _edit(current, finding)
            if edited is None:
                outcomes.append(Outcome(finding, "left", why))
            else:
                current = edited
                outcomes.append(Outcome(finding, "changed", why))
    return current, outcomes


def _status(outcomes: list[Outcome]) -> str:
    if any(outcome.action == "changed" for outcome in outcomes):
        return "changed"
    if any(outcome.action == "left" for outcome in outcomes):
        return "left"
    return "unchanged"


def _snapshot_of(bib: Bibliography | str | os.PathLike[str]) -> Snapshot:
    if not isinstance(bib, Bibliography):
        return read_snapshot(bib)
    if bib.path is None or bib.source is None:
        raise InvalidArgumentError("fix: the bibliography was not read from a file")
    text = "".join(block.text for block in bib.source.blocks)
    return Snapshot(Path(bib.path), bib, text.encode(bib.source.encoding))


def fix(
    bib: Bibliography | str | os.PathLike[str],
    report: CheckReport,
    apply: bool = False,
    *,
    only: Iterable[str] | None = None,
    protect: Collection[str] = (),
) -> IntakeReport:
    """Turn ``report``'s findings (from :func:`mi_refs.check` of ``bib``) into edits.

    Without ``apply`` nothing is written: the report's ``diff`` is the unified diff of
    the .bib. With ``apply`` only the changed values are written, each entry keeping its
    layout, atomically; :class:`~mi_refs.errors.FileChangedError` when the file changed
    since ``bib`` was read (nothing written). ``only`` limits the fixes to these finding
    codes (unknown codes: :class:`~mi_refs.errors.InvalidArgumentError`); ``protect``
    lists keys never touched (besides entries marked ``protect = {true}``)."""
    wanted = None if only is None else frozenset(only)
    if wanted is not None and (unknown := sorted(wanted - CODES)):
        raise InvalidArgumentError(f"fix --only: unknown finding code(s) {', '.join(unknown)}")
    snapshot = _snapshot_of(bib)
    bibliography = snapshot.bibliography
    by_key = {reference.key: reference for reference in bibliography}
    entries: list[IntakeEntry] = []
    edited: list[Reference] = []
    for entry in report.entries:
        reference = by_key.get(entry.key or "")
        if reference is None:
            continue
        protected = is_protected(reference, protect)
        changed, outcomes = _entry_outcomes(reference, entry.findings, wanted, protected)
        if changed != reference:
            edited.append(changed)
        entries.append(IntakeEntry(reference.key, reference.key, _status(outcomes),
                                   tuple(outcomes), reference.line))  # fmt: skip
    old_text = snapshot.text()
    new_bib = bibliography.replace(*edited)
    new_text = format_bibtex(new_bib) if edited else old_text
    if edited and apply:
        try:
            snapshot.write(new_bib)
        except FileNotFoundError as exc:  # pragma: no cover - removed under our feet
            raise UnreadableFileError(f"{snapshot.path}: {exc}") from exc
    notes = ("nothing written: give --apply to write the changes",) if edited and not apply else ()
    return IntakeReport(
        command="fix",
        path=str(snapshot.path),
        entries=tuple(entries),
        applied=apply,
        notes=notes,
        version=__version__,
        diff=unified_diff(snapshot.path, old_text, new_text) if edited else "",
        text=new_text if edited else None,
    )
