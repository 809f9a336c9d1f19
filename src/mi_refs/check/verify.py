"""Judging one entry against what the registries hold: the records, identifiers that
are not found, PMID and DOI that name different works, retractions and corrections, and
why an entry stays unverified. Pure apart from reading :class:`~mi_refs.registries.
lookup.Lookup`'s state (which services could not be asked)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import lru_cache

from mi_refs.check.compare import compare, title_similarity
from mi_refs.check.findings import entry_finding
from mi_refs.check.journals import same_journal
from mi_refs.check.notices import status_findings
from mi_refs.check.suggest import unanswered_searches
from mi_refs.check.text import TITLE_CLOSE
from mi_refs.model import Finding, Kind, Reference, Severity
from mi_refs.registries.crossref import record_from_work
from mi_refs.registries.lookup import SERVICE_NAMES, Answers, Lookup
from mi_refs.registries.records import RegistryRecord

__all__ = [
    "REGISTRY_KINDS",
    "check_one",
    "dedupe_fields",
    "not_checkable",
    "status_findings",
    "unverified",
    "without_identifiers",
]

REGISTRY_KINDS = frozenset(
    {
        Kind.ARTICLE,
        Kind.ABSTRACT,
        Kind.BOOK,
        Kind.CHAPTER,
        Kind.REPORT,
        Kind.PRESENTATION,
        Kind.PREPRINT,
    }
)
# Journal identity of two names, remembered for the run: a list names few journals, each
# compared with every registry record of its articles (start-up, docs/performance.md).
# (Kept here, not in .journals, whose source fingerprints the prebuilt index.)
_same_journal = lru_cache(maxsize=8192)(same_journal)
_UNHELD = {
    Kind.WEBPAGE: "web pages",
    Kind.PRESCRIBING_INFORMATION: "prescribing information",
    Kind.DATA_ON_FILE: "data on file",
}


def unverified(
    reference: Reference, message: str, severity: Severity = Severity.WARNING
) -> Finding:
    return entry_finding(reference, "unverified", severity, message, source="check")


def dedupe_fields(findings: list[Finding]) -> list[Finding]:
    """One field-mismatch per field: PubMed's when both registries disagree with us."""
    seen: set[str] = set()
    out = []
    for finding in findings:
        if finding.code == "field-mismatch" and finding.field:
            if finding.field in seen:
                continue
            seen.add(finding.field)
        out.append(finding)
    return out


def not_checkable(reference: Reference) -> Finding | None:
    if reference.kind in _UNHELD:
        message = f"{_UNHELD[reference.kind]} are in no registry: check this entry by hand"
    elif reference.kind is Kind.ABSTRACT and not (reference.pmid or reference.doi):
        message = (
            "meeting abstracts are rarely in PubMed or Crossref: give a DOI or PMID to check it"
        )
    else:
        return None
    return entry_finding(reference, "not-checkable", Severity.INFO, message, source="check")


def without_identifiers(
    reference: Reference,
    run: Lookup,
    match: tuple[list[Finding], list[RegistryRecord]] | None,
) -> list[Finding]:
    """An article without DOI or PMID: the identifiers the registries suggest, and the
    matched work compared with the entry; else ``unverified``."""
    if reference.kind is not Kind.ARTICLE or reference.pmid or reference.doi:
        return []
    if not run.online:
        return [unverified(reference, "no DOI or PMID: not checked offline")]
    unasked = unanswered_searches(reference, run)
    if match is None:
        return [unverified(reference, _no_match_message(unasked))]
    suggestions, records = match
    compared: list[Finding] = []
    for record in records:
        label = (
            f"the matched PMID {record.pmid}"
            if record.source == "pubmed"
            else f"the matched DOI {record.doi}"
        )
        compared += compare(reference, record, same_journal, label)
    out = [*suggestions, *dedupe_fields(compared), *status_findings(reference, records)]
    if unasked:
        out.append(unverified(reference, _no_match_message(unasked)))
    return out


def _no_match_message(unasked: Sequence[str]) -> str:
    if unasked:
        down = " and ".join(SERVICE_NAMES.get(name, name) for name in unasked)
        return (
            f"no DOI or PMID, and {down} could not be asked to match it: a retraction "
            "recorded there would be missed"
        )
    return "no DOI or PMID, and neither PubMed nor Crossref matched it (same first author and year)"


def _pubmed_record(
    reference: Reference, run: Lookup, answers: Answers, findings: list[Finding]
) -> RegistryRecord | None:
    pmid = reference.pmid or answers.doi_pmids.get(reference.doi.lower(), "")
    if not pmid:
        return None
    if pmid not in answers.pubmed:
        return None  # not answered: see _not_answered
    document = answers.pubmed[pmid]
    if document is None:
        if reference.pmid:
            message = f"PMID {pmid} is not in PubMed"
            findings.append(
                entry_finding(
                    reference,
                    "id-not-found",
                    Severity.ERROR,
                    message,
                    field="pmid",
                    stored=pmid,
                    source="pubmed",
                )
            )
        return None
    record = answers.pubmed_record(pmid)
    if record is None:
        return None
    details = answers.details.get(pmid)
    if details:
        kept = [
            n for n in record.notices if n.pmid or n.doi or n.kind not in {d.kind for d in details}
        ]
        record = dataclasses.replace(record, notices=(*kept, *details))
    return record


def _crossref_record(
    reference: Reference,
    run: Lookup,
    answers: Answers,
    pubmed_record: RegistryRecord | None,
    findings: list[Finding],
) -> RegistryRecord | None:
    doi = reference.doi.lower()
    if not doi:
        return None
    if doi not in answers.crossref:
        return None  # not answered: see _not_answered
    work = answers.crossref[doi]
    if work is not None:
        return record_from_work(work)
    in_pubmed = pubmed_record is not None and pubmed_record.doi.lower() == doi
    if in_pubmed:
        # PubMed confirms the DOI: it is registered with another agency (mEDRA, JaLC,
        # CNKI...), not wrong
        message = (
            f"DOI {reference.doi} is not in Crossref but PubMed confirms it: registered "
            "with another DOI agency"
        )
        severity = Severity.INFO
    else:
        message = f"DOI {reference.doi} is not in Crossref"
        severity = Severity.ERROR
    findings.append(
        entry_finding(
            reference,
            "id-not-found",
            severity,
            message,
            field="doi",
            stored=reference.doi,
            source="crossref",
        )
    )
    return None


def _conflict(
    reference: Reference,
    pubmed_record: RegistryRecord | None,
    crossref_record: RegistryRecord | None,
) -> list[Finding]:
    """The stored PMID and DOI name different works."""
    if not (reference.pmid and reference.doi and pubmed_record and crossref_record):
        return []
    if not pubmed_record.doi or pubmed_record.doi.lower() == reference.doi.lower():
        return []
    # titles this alike: PMID and DOI name one work (the DOI PubMed lists is a variant)
    if title_similarity(pubmed_record.title, crossref_record.title) >= TITLE_CLOSE:
        return []
    message = (
        f"PMID {reference.pmid} and DOI {reference.doi} name different works "
        f"(PubMed gives that PMID the DOI {pubmed_record.doi})"
    )
    return [
        entry_finding(
            reference,
            "id-conflict",
            Severity.ERROR,
            message,
            field="pmid",
            stored=reference.doi,
            registry=pubmed_record.doi,
            source="pubmed",
        )
    ]


def _online_first(
    reference: Reference, records: Sequence[RegistryRecord], findings: list[Finding]
) -> list[Finding]:
    """A stored year that a registry gives as the online-first year is not wrong, even when
    the other registry knows only the issue year: the year mismatches become one ``info``
    suggesting the issue year (AMA cites the issue's)."""
    online = next(
        (r for r in records if r.online_year == reference.year and r.year != reference.year),
        None,
    )
    if online is None or not any(f.field == "year" for f in findings):
        return findings
    kept = [f for f in findings if not (f.code == "field-mismatch" and f.field == "year")]
    message = (
        f"year {reference.year} is the online-first year ({online.source}); the issue year "
        f"is {online.year}, which AMA cites"
    )
    kept.append(
        Finding(
            code="field-mismatch",
            severity=Severity.INFO,
            message=message,
            key=reference.key,
            line=reference.line,
            field="year",
            stored=reference.year,
            registry=online.year,
            source=online.source,
            suggestion=online.year,
        )
    )
    return kept


def check_one(reference: Reference, run: Lookup, answers: Answers) -> list[Finding]:
    findings: list[Finding] = []
    pubmed_record = _pubmed_record(reference, run, answers, findings)
    crossref_record = _crossref_record(reference, run, answers, pubmed_record, findings)
    findings += _conflict(reference, pubmed_record, crossref_record)
    records = [record for record in (pubmed_record, crossref_record) if record is not None]
    compared: list[Finding] = []
    for record in records:
        label = f"PMID {record.pmid}" if record.source == "pubmed" else f"DOI {reference.doi}"
        compared += compare(reference, record, _same_journal, label)
    compared = _one_registry_against(compared, records)
    findings += dedupe_fields(_online_first(reference, records, compared))
    findings += status_findings(reference, [*records, *_crossref_of_pubmed(reference, answers)])
    findings += _not_answered(reference, run, answers)
    keys = (f"pubmed:{reference.pmid}", f"crossref:{reference.doi.lower()}")
    if records and any(key in run.stale_status for key in keys):
        message = (
            "retraction status not re-checked: the cached registry data are older than "
            "the status lifetime (run online to refresh)"
        )
        findings.append(unverified(reference, message, Severity.INFO))
    return findings


_RECORD_FIELDS = {"author": "authors", "journal": "journal"}


def _holds(record: RegistryRecord, field: str) -> bool:
    """Whether ``record`` has a value for the report field ``field``."""
    if field == "journal":
        return bool(record.journal or record.journal_abbreviations)
    return bool(getattr(record, _RECORD_FIELDS.get(field, field), ""))


def _one_registry_against(
    compared: list[Finding], records: Sequence[RegistryRecord]
) -> list[Finding]:
    """Severity is a promise: a field is certainly wrong (``error``) only when it
    contradicts every registry that holds it. When one registry disagrees and the other
    holds the same field and agrees with the entry, the mismatch is a ``warning``."""
    disputed = {(f.field, f.source) for f in compared if f.code == "field-mismatch"}
    out = []
    for finding in compared:
        agreeing = [
            record.source
            for record in records
            if record.source != finding.source
            and _holds(record, finding.field or "")
            and (finding.field, record.source) not in disputed
        ]
        if finding.code == "field-mismatch" and finding.severity is Severity.ERROR and agreeing:
            names = " and ".join(SERVICE_NAMES.get(name, name) for name in agreeing)
            out.append(
                dataclasses.replace(
                    finding,
                    severity=Severity.WARNING,
                    message=f"{finding.message} ({names} agrees with the entry)",
                )
            )
        else:
            out.append(finding)
    return out


def _crossref_of_pubmed(reference: Reference, answers: Answers) -> list[RegistryRecord]:
    """For an entry with a PMID only: Crossref's record of the DOI PubMed gives it (its
    status counts; its fields are not compared, the entry does not cite that DOI)."""
    if reference.doi or not reference.pmid:
        return []
    work = answers.crossref.get(answers.pmid_dois.get(reference.pmid, ""))
    return [record_from_work(work)] if work else []


def _not_answered(reference: Reference, run: Lookup, answers: Answers) -> list[Finding]:
    """The verdict rule (issue 22): every service that could hold the entry's status (a
    retraction, a correction, an expression of concern) and was not asked about it, or
    did not answer, makes the entry ``unverified``, whatever the other service said. A
    cached answer counts as asked.

    PubMed is asked by the PMID, or by the DOI (esearch) for an entry with a DOI only;
    Crossref by the DOI, or by the DOI PubMed gives an entry with a PMID only (an entry
    whose PubMed record has no DOI cannot be asked of Crossref)."""
    doi = reference.doi.lower()
    missing: list[str] = []
    if reference.pmid:
        if reference.pmid not in answers.pubmed:
            missing.append(_why_unverified(run, "pubmed", f"PMID {reference.pmid}"))
    elif doi:
        pmid = answers.doi_pmids.get(doi, "")
        if doi not in answers.doi_searched or (pmid and pmid not in answers.pubmed):
            missing.append(_why_unverified(run, "pubmed", f"DOI {reference.doi}"))
    if doi:
        if doi not in answers.crossref:
            missing.append(_why_unverified(run, "crossref", f"DOI {reference.doi}"))
    elif reference.pmid in answers.pmid_dois:
        given = answers.pmid_dois[reference.pmid]
        if given not in answers.crossref:
            what = f"DOI {given} (PubMed's for PMID {reference.pmid})"
            missing.append(_why_unverified(run, "crossref", what))
    if not missing:
        return []
    message = "; ".join(missing) + ": a retraction recorded there would be missed"
    return [unverified(reference, message)]


def _why_unverified(run: Lookup, service: str, what: str) -> str:
    name = SERVICE_NAMES.get(service, service)
    if not run.online:
        return f"{what}: not in the {name} cache (offline)"
    if service in run.unavailable:
        return f"{what}: {name} could not be asked (see the notes)"
    return f"{what}: {name} gave no answer"
