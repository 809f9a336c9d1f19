"""Trial registrations against ClinicalTrials.gov (issue 19, item 2).

Which entries are registrations: the documented ``@online`` + ``entrysubtype =
{registration}``, Zotero/Better BibTeX's ``@report`` with ``type = {Clinical trial
registration}``, and any entry whose ``number``, ``eprint`` or URL names an NCT. For
each: the NCT number well formed (offline), then what the registry says (through the
run's cached, batched lookups): exists, obsolete alias, title or acronym, status, and
results or an update posted after the entry's ``urldate``. Never an error for a status: a
letter may discuss a stopped trial.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mi_refs.check.compare import fold, title_similarity
from mi_refs.check.findings import entry_finding
from mi_refs.check.text import TITLE_OTHER_WORK
from mi_refs.model import Finding, Kind, Reference, Severity
from mi_refs.registries.ctgov import canonical_nct
from mi_refs.registries.lookup import Lookup

__all__ = ["check_trials", "later_than", "registration_nct"]

_NCT_IN = re.compile(r"\bnct\s*\d{1,9}\b", re.IGNORECASE)
_SOURCE = "ctgov"
_STOPPED = {
    "WITHDRAWN": "withdrawn (stopped before enrolling its first participant)",
    "TERMINATED": "terminated (stopped early)",
    "SUSPENDED": "suspended (halted, may resume)",
}


def _is_registration_shape(reference: Reference) -> bool:
    return reference.kind is Kind.REGISTRATION or (
        reference.entry_type == "report"
        and reference.type.strip().lower() == "clinical trial registration"
    )


def registration_nct(reference: Reference) -> tuple[str, str, str] | None:
    """``(field, as written, canonical NCT or "")`` for an entry that is a registration
    or names an NCT in ``number``, ``eprint`` or its URL; ``None`` for other entries."""
    for name in ("number", "eprint", "url"):
        value = reference.get(name) or getattr(reference, name, "")
        match = _NCT_IN.search(value or "")
        if match:
            return name, match.group(0), canonical_nct(match.group(0))
    if _is_registration_shape(reference):
        value = (reference.number or reference.get("eprint")).strip()
        registry = " ".join(
            (reference.organization, reference.get("institution"), reference.get("eprinttype"))
        ).lower()
        if value and (value.lower().startswith("nct") or "clinicaltrials" in registry):
            return "number", value, canonical_nct(value)
    return None


def _elsewhere(reference: Reference) -> Finding:
    return entry_finding(
        reference,
        "not-checkable",
        Severity.INFO,
        "a registration without an NCT number: only ClinicalTrials.gov is asked; "
        "check this entry by hand",
        source="check",
    )


def _offline(reference: Reference, field: str, written: str, nct: str) -> Finding | None:
    if not nct:
        return entry_finding(
            reference,
            "malformed-identifier",
            Severity.ERROR,
            f"{field} {written!r} is not a ClinicalTrials.gov number (NCT and 8 digits)",
            field=field,
            stored=written,
            source="offline",
        )
    if written != nct:
        return entry_finding(
            reference,
            "malformed-identifier",
            Severity.WARNING,
            f"{field} {written!r}: write the NCT number as {nct}",
            field=field,
            stored=written,
            suggestion=nct,
            source="offline",
        )
    return None


def check_trials(
    references: Sequence[Reference],
    run: Lookup,
    say: Callable[[str], None],
    seen: dict[str, tuple[Reference, Any]] | None = None,
) -> list[Finding]:
    """Findings for every registration in ``references`` (see the module docstring);
    ``seen`` receives each registration's entry and ClinicalTrials.gov's trial document by
    NCT number (for the paper-and-trial checks, :mod:`.pairs`)."""
    findings: list[Finding] = []
    named: list[tuple[Reference, str]] = []
    for reference in references:
        found = registration_nct(reference)
        if found is None:
            if reference.kind is Kind.REGISTRATION:  # ISRCTN, EudraCT, ACTRN...: not asked
                findings.append(_elsewhere(reference))
            continue
        field, written, nct = found
        offline = _offline(reference, field, written, nct)
        if offline is not None:
            findings.append(offline)
        linked = canonical_nct(m.group(0)) if (m := _NCT_IN.search(reference.url)) else ""
        if nct and linked and field != "url" and linked != nct:
            findings.append(
                entry_finding(
                    reference,
                    "id-conflict",
                    Severity.ERROR,
                    f"{field} names {nct} but the URL names {linked}: which trial is cited?",
                    field="url",
                    stored=reference.url,
                    source="offline",
                )
            )
        if nct:
            named.append((reference, nct))
    if not named:
        return findings
    client = run.registries.ctgov if run.registries is not None else None

    def fetch(ids: list[str]) -> Mapping[str, Any]:
        return client.studies(ids) if client is not None else {}

    say(f"ClinicalTrials.gov: {len(named)} registrations")
    answers = run.documents(_SOURCE, [nct for _, nct in named], fetch)
    for reference, nct in named:
        if nct not in answers:
            findings.append(
                entry_finding(
                    reference,
                    "unverified",
                    Severity.WARNING,
                    f"{nct} could not be checked: ClinicalTrials.gov did not answer",
                    source="check",
                )
            )
            continue
        findings += judge_trial(reference, nct, answers[nct])
        if seen is not None:  # answered: a trial document, or None (not found)
            seen.setdefault(nct, (reference, answers[nct]))
    return findings


def judge_trial(reference: Reference, nct: str, trial: Mapping[str, Any] | None) -> list[Finding]:
    """What ClinicalTrials.gov's answer for ``nct`` (``None``: not found) says of the
    entry."""
    if trial is None:
        return [
            entry_finding(
                reference,
                "id-not-found",
                Severity.ERROR,
                f"{nct} is not in ClinicalTrials.gov",
                field="number",
                stored=nct,
                source=_SOURCE,
            )
        ]
    out: list[Finding] = []
    current = str(trial.get("nctId", ""))
    if current and current != nct:
        out.append(
            entry_finding(
                reference,
                "obsolete-identifier",
                Severity.WARNING,
                f"{nct} is an obsolete alias of {current}; cite {current}",
                field="number",
                stored=nct,
                registry=current,
                suggestion=current,
                source=_SOURCE,
            )
        )
    out += _title(reference, trial)
    out += _status(reference, trial)
    out += _since_accessed(reference, trial)
    return out


def _title(reference: Reference, trial: Mapping[str, Any]) -> list[Finding]:
    titles = [t for t in (trial.get("briefTitle", ""), trial.get("officialTitle", "")) if t]
    acronym = str(trial.get("acronym", ""))
    shorttitle = reference.get("shorttitle")
    mine = [t for t in (reference.title, shorttitle) if t.strip()]
    if not mine or not titles:
        return []
    candidates = [*titles, *([acronym] if acronym else [])]
    best = max(title_similarity(a, b) for a in mine for b in candidates)
    inside = any(  # a short title or acronym the registry's titles contain
        len(fold(t)) >= 3 and fold(t) in fold(c) for t in mine for c in candidates
    )
    if best >= TITLE_OTHER_WORK or inside:
        return []
    return [
        entry_finding(
            reference,
            "wrong-work",
            Severity.ERROR,
            f"the title is plainly not {trial.get('nctId')}'s ({titles[0]!r}): "
            "is the NCT number mistyped?",
            field="title",
            stored=reference.title or shorttitle,
            registry=titles[0],
            source=_SOURCE,
        )
    ]


def _status(reference: Reference, trial: Mapping[str, Any]) -> list[Finding]:
    status = str(trial.get("overallStatus", "")).upper()
    nct = trial.get("nctId")
    if status in _STOPPED:
        why = str(trial.get("whyStopped", "")).strip()
        reason = f': "{why}"' if why else " (no reason given)"
        return [
            entry_finding(
                reference,
                "trial-status",
                Severity.WARNING,
                f"{nct} is {_STOPPED[status]}{reason}",
                registry=status,
                source=_SOURCE,
            )
        ]
    if status == "UNKNOWN":
        verified = trial.get("statusVerifiedDate") or "an unknown date"
        last = trial.get("lastKnownStatus") or "not given"
        return [
            entry_finding(
                reference,
                "trial-status",
                Severity.INFO,
                f"{nct}'s status is unknown: not verified since {verified}; last known "
                f"status {last}",
                registry=status,
                source=_SOURCE,
            )
        ]
    return []


def later_than(posted: str, accessed: str) -> bool:
    """``posted`` later than ``accessed`` at the precision both have (YYYY[-MM[-DD]])."""
    if not posted or not accessed:
        return False
    size = min(len(posted), len(accessed))
    return posted[:size] > accessed[:size]


def _since_accessed(reference: Reference, trial: Mapping[str, Any]) -> list[Finding]:
    if reference.urldate is None:
        return []
    accessed = reference.urldate.isoformat()
    nct = trial.get("nctId")
    results = str(trial.get("resultsFirstPosted", ""))
    updated = str(trial.get("lastUpdatePosted", ""))
    if later_than(results, accessed):
        message = f"{nct}: results posted {results}, after you accessed the record on {accessed}"
    elif later_than(updated, accessed):
        message = f"{nct}: record updated {updated}, after you accessed it on {accessed}"
    else:
        return []
    return [
        entry_finding(
            reference,
            "trial-updated",
            Severity.INFO,
            message,
            field="urldate",
            stored=accessed,
            registry=results if later_than(results, accessed) else updated,
            source=_SOURCE,
        )
    ]
