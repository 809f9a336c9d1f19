"""``fix``: a check's findings turned into edits where the registries are authoritative.

What is changed (each finding's value goes into the entry's own layout):

- ``field-mismatch`` with a registry value, for title, journal, year, volume, issue,
  pages, DOI and PMID (author lists are left: a name list is the writer's to retype);
- ``identifier-suggested``: the DOI or PMID the check found and verified (first author
  and year agree), added when the entry has none;
- ``style`` on the journal with an NLM abbreviation: written to ``shortjournal`` (the
  writer's ``journal`` stays; a ``shortjournal`` written with periods gets its plain
  form, issue 16.2); ``style`` on an identifier carrying export debris
  (``10.1056/X [doi]``, ``http://dx.doi.org/...``, ``doi:``): the bare identifier;
- ``malformed-identifier`` when the value holds exactly one well-formed identifier;
- ``parse-error`` for a comma missing between two fields (the one repair that is
  unambiguous: :mod:`mi_refs.bibtex.repair`), shown in the diff;
- ``superseded`` (a preprint's published version, a newer version) and ``corrected`` with
  a replacement (corrected and republished): the entry replaced by the newer version the
  registries hold, key and the writer's own fields kept (:mod:`mi_refs.intake.replace`),
  when the caller looked the replacements up (the CLI does); a retracted work never.

Values are written in their canonical forms (:mod:`mi_refs.bibtex.canonical`): page
ranges in full, titles without markup or a registry's trailing period, bare identifiers;
a value equivalent to the stored one is not rewritten. An entry that cannot be read is
left byte for byte and reported (every entry of the file is in the report), and so is an
entry whose text does not say what was read from it.

Never changed: entries marked ``protect = {true}`` or listed in the settings'
``protect``; ``wrong-work`` and ``id-conflict`` (the identifier and the entry describe
different works: which is right is a human's call); anything without a registry value.
Every finding is in the report with what was done and why.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from mi_refs._version import __version__
from mi_refs.bibtex import format_bibtex, parse_bibtex
from mi_refs.bibtex.canonical import (
    IDENTIFIER_FIELDS,
    canonical_pages,
    canonical_title,
    identifier_debris,
    page_relation,
)
from mi_refs.bibtex.normalize import normalize_doi, normalize_pmcid, normalize_pmid
from mi_refs.bibtex.repair import editable, missing_comma_repairs
from mi_refs.check.report import CheckReport
from mi_refs.errors import InvalidArgumentError, UnreadableFileError
from mi_refs.intake.replace import replace_outcomes, replacement_for
from mi_refs.intake.report import IntakeEntry, IntakeReport, Outcome
from mi_refs.intake.snapshot import Snapshot, read_snapshot, unified_diff
from mi_refs.model import CODES, Bibliography, Finding, Reference, Severity

__all__ = ["FIXABLE_CODES", "fix", "is_protected"]

#: The codes ``fix`` may act on; every other finding is reported as left.
FIXABLE_CODES = frozenset(
    {
        "field-mismatch",
        "identifier-suggested",
        "style",
        "malformed-identifier",
        "parse-error",
        "superseded",  # with ``replacements``: the newer version in the entry's place (#19.5)
    }
)
_MISSING_COMMA = "a comma is missing before field"
_NEVER = {
    "wrong-work": "the identifier resolves to a different work: check which is right by hand",
    "id-conflict": "the PMID and the DOI are of different works: check which is right by hand",
    # Reached only when the newer version was not looked up: a bare identifier swap would
    # leave the old version's title, journal and dates under the new identifier.
    "superseded": "the newer version was not looked up (offline, or no registry has it)",
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


def _canonical(field: str, value: str) -> str:
    """The canonical form ``fix`` writes (:mod:`mi_refs.bibtex.canonical`): full page
    ranges; titles without markup or a trailing period."""
    if field == "pages":
        return canonical_pages(value)
    if field == "title":
        return canonical_title(value)
    return value


def _edit_style(
    reference: Reference, field: str, suggestion: str | None
) -> tuple[Reference | None, str]:
    """A style finding's correction: the bare identifier for one carrying export debris;
    the NLM abbreviation into ``shortjournal`` for the journal."""
    if field in IDENTIFIER_FIELDS:
        clean = identifier_debris(field, reference.get(field))
        if clean is None:
            return None, "the identifier is already bare"
        fields = tuple(
            (name, clean if name == field else value) for name, value in reference.fields
        )
        return dataclasses.replace(reference, fields=fields), "the bare identifier"
    if field not in {"journal", "shortjournal"} or not suggestion:
        return None, "a style warning without a registry value"
    if reference.shortjournal == suggestion:
        return None, "shortjournal already holds the NLM abbreviation"
    return dataclasses.replace(reference, shortjournal=suggestion), "NLM abbreviation"


def _edit(reference: Reference, finding: Finding) -> tuple[Reference | None, str]:
    """The entry with the finding's correction, or ``None`` and why it is left."""
    field = (finding.field or "").lower()
    code = finding.code
    if code == "parse-error":
        return None, "no unambiguous repair: the entry is left as it is"
    if code == "style":
        return _edit_style(reference, field, finding.suggestion)
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
    value = _canonical(field, value)
    if field == "pages" and page_relation(reference.pages, value) == "same":
        return None, "already the same range"
    if getattr(reference, attribute) == value:
        return None, "already as the registry has it"
    return _set(reference, attribute, value), f"as {finding.source} has it"


def _entry_outcomes(
    reference: Reference, findings: Iterable[Finding], only: Collection[str] | None,
    protected: bool, repaired: Collection[str] = (),
) -> tuple[Reference, list[Outcome]]:  # fmt: skip
    outcomes: list[Outcome] = []
    current = reference
    for finding in findings:
        if only is not None and finding.code not in only:
            continue
        if finding.code in _NEVER:
            outcomes.append(Outcome(finding, "left", _NEVER[finding.code]))
        elif finding.code == "parse-error" and _MISSING_COMMA in finding.message and repaired:
            fields = ", ".join(repr(name) for name in repaired)
            outcomes.append(Outcome(finding, "changed", f"comma added before field {fields}"))
        elif finding.code not in FIXABLE_CODES:
            if finding.severity is not Severity.INFO and finding.code != "unverified":
                outcomes.append(Outcome(finding, "left", "no correction the registries vouch for"))
        elif protected:
            outcomes.append(Outcome(finding, "left", "the entry is protected"))
        else:
            edited, why = _edit(current, finding)
            if edited is None:
                if finding.code != "parse-error" or finding.severity is not Severity.INFO:
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
    replacements: Mapping[str, Reference] | None = None,
) -> IntakeReport:
    """Turn ``report``'s findings (from :func:`mi_refs.check` of ``bib``) into edits.

    Without ``apply`` nothing is written: the report's ``diff`` is the unified diff of
    the .bib. With ``apply`` only the changed values are written, each entry keeping its
    layout, atomically; :class:`~mi_refs.errors.FileChangedError` when the file changed
    since ``bib`` was read (nothing written). ``only`` limits the fixes to these finding
    codes (unknown codes: :class:`~mi_refs.errors.InvalidArgumentError`); ``protect``
    lists keys never touched (besides entries marked ``protect = {true}``).
    ``replacements`` (from :func:`mi_refs.fetch_replacements`) are the newer versions
    ``superseded`` and corrected-and-republished findings name: such an entry is replaced
    by its newer version (key and the writer's own fields kept); never a retracted one."""
    wanted = None if only is None else frozenset(only)
    if wanted is not None and (unknown := sorted(wanted - CODES)):
        raise InvalidArgumentError(f"fix --only: unknown finding code(s) {', '.join(unknown)}")
    snapshot = _snapshot_of(bib)
    old_text = snapshot.text()
    bibliography, repaired = _repaired(snapshot, old_text, wanted, protect)
    by_key = {reference.key: reference for reference in bibliography}
    blocks = {
        block.key: block
        for block in (bibliography.source.blocks if bibliography.source else ())
        if block.key is not None
    }
    entries: list[IntakeEntry] = []
    edited: list[Reference] = []
    for entry in report.entries:
        reference = by_key.get(entry.key or "")
        if reference is None:
            if any(f.severity is Severity.ERROR for f in entry.findings):
                entries.append(_unreadable(entry.key, entry.line, entry.findings))
            continue
        protected = is_protected(reference, protect)
        swap = replacement_for(entry.findings, replacements)
        if swap and swap[1] and not protected and (wanted is None or swap[0].code in wanted):
            changed, outcomes = replace_outcomes(reference, entry.findings, swap[0], swap[1])
        else:
            changed, outcomes = _entry_outcomes(
                reference, entry.findings, wanted, protected, repaired.get(reference.key, ())
            )
        block = blocks.get(reference.key)
        if changed != reference and block is not None and not editable(block):
            outcomes = [
                Outcome(o.finding, "left", _NOT_EDITABLE) if o.action == "changed" else o
                for o in outcomes
            ]
            changed = reference
        if changed != reference:
            edited.append(changed)
        entries.append(IntakeEntry(reference.key, reference.key, _status(outcomes),
                                   tuple(outcomes), reference.line))  # fmt: skip
    new_bib = bibliography.replace(*edited)
    new_text = format_bibtex(new_bib) if edited or repaired else old_text
    changed_file = new_text != old_text
    if changed_file and apply:
        try:
            snapshot.write(new_bib)
        except FileNotFoundError as exc:  # pragma: no cover - removed under our feet
            raise UnreadableFileError(f"{snapshot.path}: {exc}") from exc
    notes = (
        ("nothing written: give --apply to write the changes",)
        if changed_file and not apply
        else ()
    )
    unreadable = sum(1 for entry in entries if entry.key not in by_key)
    return IntakeReport(
        command="fix",
        path=str(snapshot.path),
        entries=tuple(entries),
        applied=apply and changed_file,
        notes=notes,
        version=__version__,
        diff=unified_diff(snapshot.path, old_text, new_text) if changed_file else "",
        text=new_text if changed_file else None,
        counts={"unreadable": unreadable} if unreadable else {},
    )


_NOT_EDITABLE = (
    "the entry's text does not say what was read from it (see its parse error): left as it is"
)


def _repaired(
    snapshot: Snapshot, text: str, only: Collection[str] | None, protect: Collection[str]
) -> tuple[Bibliography, dict[str, list[str]]]:
    """The bibliography with its missing commas put back (when ``parse-error`` is to be
    fixed), and per key the fields a comma was added before; protected entries keep
    their text."""
    bibliography = snapshot.bibliography
    if only is not None and "parse-error" not in only:
        return bibliography, {}
    if not any(_MISSING_COMMA in problem.message for problem in bibliography.problems):
        return bibliography, {}
    new_text, repaired = missing_comma_repairs(text)
    protected = {r.key for r in bibliography if is_protected(r, protect)}
    if not repaired or protected & set(repaired):
        return bibliography, {}
    reread = parse_bibtex(new_text, source=str(snapshot.path))
    if reread.keys != bibliography.keys or any(
        _MISSING_COMMA in problem.message for problem in reread.problems
    ):
        return bibliography, {}  # the repair did not read back as intended: leave the text
    encoding = bibliography.source.encoding if bibliography.source else "utf-8"
    source = reread.source and dataclasses.replace(reread.source, encoding=encoding)
    return dataclasses.replace(reread, source=source), repaired


def _unreadable(key: str | None, line: int | None, findings: Iterable[Finding]) -> IntakeEntry:
    """An entry of the file that could not be read: counted, left byte for byte."""
    outcomes = tuple(
        Outcome(finding, "left", "the entry cannot be read: left byte for byte; correct it by hand")
        for finding in findings
        if finding.severity is not Severity.INFO
    )
    where = key or (f"line {line}" if line else "an unreadable block")
    return IntakeEntry(key, where, "left", outcomes, line)
