"""Identifiers for entries that have none: PubMed's ECitMatch and Crossref's
bibliographic search, each hit accepted only when first author and year agree and the
titles are not plainly different (never guessed)."""

from __future__ import annotations

from collections.abc import Sequence

from mi_refs.check.compare import title_similarity
from mi_refs.check.findings import entry_finding
from mi_refs.check.text import TITLE_DIFFERENT_MATCH, fold
from mi_refs.model import Finding, Kind, Reference, Severity
from mi_refs.registries.crossref import record_from_work
from mi_refs.registries.lookup import Lookup, match_citations
from mi_refs.registries.pubmed import Citation, record_from_esummary
from mi_refs.registries.records import RegistryRecord

__all__ = ["suggest_identifiers", "unanswered_searches"]


def _agrees(reference: Reference, record: RegistryRecord) -> bool:
    """A match found without identifiers is accepted only when the first author and the
    year agree (and the titles are not plainly different)."""
    if not reference.authors or not record.authors:
        return False
    if fold(reference.authors[0].surname) != fold(record.authors[0].surname):
        return False
    if reference.year not in {record.year, record.online_year}:
        return False
    return not (
        reference.title
        and record.title
        and title_similarity(reference.title, record.title) < TITLE_DIFFERENT_MATCH
    )


def _citation(reference: Reference) -> Citation:
    first = reference.authors[0] if reference.authors else None
    author = f"{first.surname} {first.initials(hyphen=False)}" if first else ""
    first_page = reference.pages.split("-")[0]
    return Citation(
        reference.journal_abbreviation,
        reference.year,
        reference.volume,
        first_page,
        author,
        reference.key,
    )


def suggest_identifiers(
    references: Sequence[Reference], run: Lookup
) -> dict[str, tuple[list[Finding], list[RegistryRecord]]]:
    """ECitMatch and Crossref bibliographic search for articles without identifiers: per
    matched entry, the ``identifier-suggested`` findings and the matched records."""
    candidates = [r for r in references if r.kind is Kind.ARTICLE and not r.pmid and not r.doi]
    if run.registries is None or not candidates:
        return {}
    queries = {reference.key: _query(reference) for reference in candidates}
    pmids, items = match_citations([_citation(r) for r in candidates], queries, run)
    out: dict[str, tuple[list[Finding], list[RegistryRecord]]] = {}
    for reference in candidates:
        findings: list[Finding] = []
        records: list[RegistryRecord] = []
        pmid, document = pmids.get(reference.key, ("", None))
        matched = record_from_esummary(document) if document is not None else None
        if matched is not None and _agrees(reference, matched):
            records.append(matched)
            message = f"PubMed matches this entry: PMID {pmid} (first author and year agree)"
            findings.append(
                entry_finding(
                    reference,
                    "identifier-suggested",
                    Severity.INFO,
                    message,
                    field="pmid",
                    registry=pmid,
                    source="pubmed",
                    suggestion=f"pmid = {{{pmid}}}",
                )
            )
        for item in items.get(reference.key, []):
            record = record_from_work(item)
            if record.doi and _agrees(reference, record):
                records.append(record)
                message = (
                    f"Crossref matches this entry: DOI {record.doi} (first author and year agree)"
                )
                findings.append(
                    entry_finding(
                        reference,
                        "identifier-suggested",
                        Severity.INFO,
                        message,
                        field="doi",
                        registry=record.doi,
                        source="crossref",
                        suggestion=f"doi = {{{record.doi}}}",
                    )
                )
                break
        if findings:
            out[reference.key] = (findings, records)
    return out


def unanswered_searches(reference: Reference, run: Lookup) -> list[str]:
    """The services (``pubmed``, ``crossref``) whose search for this entry without
    identifiers was not made or not answered this run (a cached answer counts)."""
    out = []
    if not run.answered("pubmed-citmatch", _citation(reference).bdata()):
        out.append("pubmed")
    if not run.answered("crossref-search", _query(reference)):
        out.append("crossref")
    return out


def _query(reference: Reference) -> str:
    """A citation string for Crossref's ``query.bibliographic``: authors, title, journal,
    year, volume, issue and pages, as a reference list prints them."""
    authors = " ".join(name.surname for name in reference.authors[:3])
    parts = (
        authors,
        reference.title,
        reference.journal_abbreviation,
        reference.year,
        reference.volume,
        reference.issue,
        reference.pages,
    )
    return " ".join(part for part in parts if part)
