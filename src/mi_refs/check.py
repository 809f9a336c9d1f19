"""``check``: every reference against PubMed and Crossref, plus the offline checks.

The one place that decides which entries go to which registry, asks the cache first,
fetches what is missing in batches, and turns answers into findings. The clients do the
talking (``registries/``), the comparer the judging (``compare.py``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mi_refs.checks.offline import check_offline
from mi_refs.compare import compare, fold, title_similarity
from mi_refs.findings import Finding, finding_from_problem
from mi_refs.journals import same_journal
from mi_refs.model import Bibliography, Kind, Reference, Severity
from mi_refs.registries.cache import Cache, CachedDocument, default_cache_dir
from mi_refs.registries.crossref import DEFAULT_CROSSREF_URL, CrossrefClient, record_from_work
from mi_refs.registries.http import RegistryError, ServiceClient
from mi_refs.registries.pubmed import (
    DEFAULT_PUBMED_URL,
    Citation,
    PubMedClient,
    record_from_esummary,
)
from mi_refs.registries.records import NoticeKind, RegistryRecord
from mi_refs.report import CheckReport, EntryReport

__all__ = ["IgnoreRule", "Registries", "check"]

_REGISTRY_KINDS = frozenset(
    {Kind.ARTICLE, Kind.ABSTRACT, Kind.BOOK, Kind.CHAPTER, Kind.REPORT, Kind.PRESENTATION}
)
_UNHELD = {
    Kind.WEBPAGE: "web pages",
    Kind.REGISTRATION: "trial registrations",
    Kind.PRESCRIBING_INFORMATION: "prescribing information",
    Kind.DATA_ON_FILE: "data on file",
}


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """A team's decision to accept a finding: by entry key, by code, or both; with the
    reason (mandatory)."""

    reason: str
    key: str | None = None
    code: str | None = None

    def matches(self, finding: Finding) -> bool:
        return (self.key is None or self.key == finding.key) and (
            self.code is None or self.code == finding.code
        )

    @classmethod
    def from_mapping(cls, rule: Mapping[str, Any]) -> IgnoreRule:
        reason = str(rule.get("reason", "")).strip()
        key, code = rule.get("key"), rule.get("code")
        if not reason or (key is None and code is None):
            raise ValueError(f"an ignore rule needs a key or a code, and a reason: {dict(rule)!r}")
        return cls(reason, None if key is None else str(key), None if code is None else str(code))


@dataclass
class Registries:
    """The two services, each a polite client."""

    pubmed: PubMedClient
    crossref: CrossrefClient

    @classmethod
    def create(
        cls,
        *,
        mailto: str | None = None,
        api_key: str | None = None,
        pubmed_url: str | None = None,
        crossref_url: str | None = None,
        environ: Mapping[str, str] | None = None,
        **client_options: Any,
    ) -> Registries:
        """Clients with base URLs and identity from the arguments, else the environment
        (``MI_REFS_PUBMED_URL``, ``MI_REFS_CROSSREF_URL``, ``NCBI_API_KEY``,
        ``MI_REFS_MAILTO``), else the public services."""
        from mi_refs import __version__

        env = os.environ if environ is None else environ
        mailto = mailto or env.get("MI_REFS_MAILTO") or None
        api_key = api_key or env.get("NCBI_API_KEY") or None
        contact = f"; mailto:{mailto}" if mailto else ""
        agent = (
            f"mi-refs/{__version__} (reference checker for Medical Information letters{contact})"
        )
        ncbi_params = {"tool": "mi-refs"}
        if mailto:
            ncbi_params["email"] = mailto
        if api_key:
            ncbi_params["api_key"] = api_key
        crossref_params = {"mailto": mailto} if mailto else {}
        pubmed = ServiceClient(
            "pubmed",
            pubmed_url or env.get("MI_REFS_PUBMED_URL") or DEFAULT_PUBMED_URL,
            rate=10.0 if api_key else 3.0,
            user_agent=agent,
            params=ncbi_params,
            **client_options,
        )
        crossref = ServiceClient(
            "crossref",
            crossref_url or env.get("MI_REFS_CROSSREF_URL") or DEFAULT_CROSSREF_URL,
            rate=10.0,
            user_agent=agent,
            params=crossref_params,
            **client_options,
        )
        return cls(PubMedClient(pubmed), CrossrefClient(crossref))

    def requests_made(self) -> dict[str, int]:
        return {
            "pubmed": self.pubmed.http.requests_made,
            "crossref": self.crossref.http.requests_made,
            "retries": self.pubmed.http.retries_made + self.crossref.http.retries_made,
        }


@dataclass
class _Run:
    """The state of one check: cache, clients, and what each service said."""

    cache: Cache | None
    registries: Registries | None
    refresh: bool
    online: bool
    unavailable: dict[str, str] = field(default_factory=dict)
    stale_status: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def documents(
        self,
        service: str,
        identifiers: Iterable[str],
        fetch: Callable[[list[str]], Mapping[str, Any]],
    ) -> dict[str, Any]:
        """Documents by identifier from the cache, fetching what is missing or stale
        (online). Identifiers with no usable answer are left out of the result."""
        wanted = list(dict.fromkeys(identifiers))
        if not wanted:
            return {}
        cached: dict[str, CachedDocument] = (
            self.cache.get_many(service, wanted) if self.cache else {}
        )
        found: dict[str, Any] = {}
        missing: list[str] = []
        for identifier in wanted:
            hit = cached.get(identifier)
            fresh = hit is not None and self.cache is not None and self.cache.is_fresh(hit)
            if hit is not None and fresh and not self.refresh:
                found[identifier] = hit.document
            elif not self.online:
                if hit is not None and self.cache is not None and self.cache.is_usable(hit):
                    found[identifier] = hit.document
                    self.stale_status.add(f"{service}:{identifier}")
            else:
                missing.append(identifier)
        if missing and self.online and service.split("-")[0] not in self.unavailable:
            try:
                fetched = dict(fetch(missing))
            except RegistryError as exc:
                self.unavailable[service.split("-")[0]] = str(exc)
                for identifier in missing:  # fall back to an older answer if there is one
                    hit = cached.get(identifier)
                    if hit is not None and self.cache is not None and self.cache.is_usable(hit):
                        found[identifier] = hit.document
                        self.stale_status.add(f"{service}:{identifier}")
            else:
                if self.cache is not None:
                    self.cache.put_many(service, {i: fetched.get(i) for i in missing})
                for identifier in missing:
                    found[identifier] = fetched.get(identifier)
        return found


def _status_findings(reference: Reference, records: Sequence[RegistryRecord]) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    for record in records:
        if record.is_notice:
            continue  # a cited notice is itself not retracted
        for notice in record.notices:
            ident = (notice.kind.value, notice.doi.lower(), notice.pmid)
            if ident in seen or (notice.kind, "", "") in {
                (NoticeKind(k), d, p) for k, d, p in seen if not d and not p
            }:
                continue
            seen.add(ident)
            what = (
                (notice.doi and f"doi:{notice.doi}")
                or (notice.pmid and f"PMID {notice.pmid}")
                or notice.citation
                or "no notice identifier given"
            )
            when = f", {notice.date}" if notice.date else ""
            if notice.kind in {NoticeKind.RETRACTION, NoticeKind.WITHDRAWAL, NoticeKind.REMOVAL}:
                code, severity, verb = (
                    "retracted",
                    Severity.ERROR,
                    {
                        NoticeKind.RETRACTION: "retracted",
                        NoticeKind.WITHDRAWAL: "withdrawn",
                        NoticeKind.REMOVAL: "removed",
                    }[notice.kind],
                )
            elif notice.kind is NoticeKind.EXPRESSION_OF_CONCERN:
                code, severity, verb = (
                    "expression-of-concern",
                    Severity.WARNING,
                    "subject of an expression of concern",
                )
            else:
                code, severity, verb = (
                    "corrected",
                    Severity.WARNING,
                    "corrected (erratum or correction)",
                )
            findings.append(
                Finding(
                    code=code,
                    severity=severity,
                    message=f"the work is {verb} ({what}{when}; from {notice.source or record.source})",
                    key=reference.key,
                    line=reference.line,
                    registry=notice.doi or notice.pmid or None,
                    source=record.source,
                )
            )
    return findings


def _unverified(
    reference: Reference, message: str, severity: Severity = Severity.WARNING
) -> Finding:
    return Finding(
        "unverified", severity, message, key=reference.key, line=reference.line, source="check"
    )


def _dedupe_fields(findings: list[Finding]) -> list[Finding]:
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


def _first_page(pages: str) -> str:
    return pages.split("-")[0]


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
        reference.title and record.title and title_similarity(reference.title, record.title) < 60
    )


def check(
    bibliography: Bibliography,
    *,
    online: bool = True,
    refresh: bool = False,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    api_key: str | None = None,
    style: str = "ama",
    ignore: Iterable[IgnoreRule | Mapping[str, Any]] = (),
    today: dt.date | None = None,
    registries: Registries | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Check every entry: offline checks always; PubMed and Crossref when ``online``
    (answers cached in ``cache_dir``, by default the user cache directory); with
    ``online=False`` registry data comes from the cache only and uncached entries are
    ``unverified``."""
    from mi_refs import __version__

    rules = [
        rule if isinstance(rule, IgnoreRule) else IgnoreRule.from_mapping(rule) for rule in ignore
    ]
    say = progress or (lambda message: None)
    cache = None
    notes: list[str] = []
    if use_cache:
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        cache = Cache(directory / "registry.sqlite3")
        if cache.rebuilt_from is not None:
            notes.append(
                f"the cache was damaged and has been rebuilt (old file kept as {cache.rebuilt_from})"
            )
    if online and registries is None:
        registries = Registries.create(mailto=mailto, api_key=api_key)
    if online and registries is not None and not registries.crossref.http.params.get("mailto"):
        notes.append(
            "no contact address: set MI_REFS_MAILTO (or --mailto) to use Crossref's polite pool"
        )
    run = _Run(cache, registries if online else None, refresh, online)
    try:
        by_key = _check_entries(bibliography, run, style, today, say)
    finally:
        if cache is not None:
            cache.close()
    for service, message in run.unavailable.items():
        notes.append(f"{service} could not be asked: {message}")
    if not online:
        notes.append("offline: registry data from the cache only")
    entries: list[EntryReport] = []
    ignored: list[tuple[Finding, str]] = []
    for (key, line), findings in by_key.items():
        kept = []
        for finding in findings:
            rule = next((rule for rule in rules if rule.matches(finding)), None)
            if rule is None:
                kept.append(finding)
            else:
                ignored.append((finding, rule.reason))
        entries.append(EntryReport(key, line, tuple(kept)))
    return CheckReport(
        path=bibliography.path,
        entries=tuple(entries),
        ignored=tuple(ignored),
        notes=tuple(notes),
        version=__version__,
        requests=registries.requests_made() if registries is not None and online else {},
    )


def _check_entries(
    bibliography: Bibliography,
    run: _Run,
    style: str,
    today: dt.date | None,
    say: Callable[[str], None],
) -> dict[tuple[str | None, int | None], list[Finding]]:
    references = list(bibliography.references)
    by_key: dict[tuple[str | None, int | None], list[Finding]] = {
        (reference.key, reference.line): [] for reference in references
    }
    line_of = {reference.key: reference.line for reference in references}

    def add(finding: Finding) -> None:
        if finding.key is not None and finding.key in line_of:
            by_key[(finding.key, line_of[finding.key])].append(finding)
        else:
            by_key.setdefault((finding.key, finding.line), []).append(finding)

    for problem in bibliography.problems:
        add(finding_from_problem(problem))
    for finding in check_offline(bibliography, style=style, today=today):
        add(finding)

    checkable = [r for r in references if r.kind in _REGISTRY_KINDS and (r.pmid or r.doi)]
    for reference in references:
        if reference.kind in _UNHELD:
            add(Finding("not-checkable", Severity.INFO,
                        f"{_UNHELD[reference.kind]} are in no registry: check this entry by hand",
                        key=reference.key, line=reference.line, source="check"))  # fmt: skip
        elif reference.kind is Kind.ABSTRACT and not (reference.pmid or reference.doi):
            add(Finding("not-checkable", Severity.INFO,
                        "meeting abstracts are rarely in PubMed or Crossref: give a DOI or PMID to check it",
                        key=reference.key, line=reference.line, source="check"))  # fmt: skip

    pubmed, crossref = (
        (run.registries.pubmed, run.registries.crossref) if run.registries else (None, None)
    )
    say("PubMed: summaries")
    pmid_docs = run.documents(
        "pubmed",
        [r.pmid for r in checkable if r.pmid],
        lambda ids: pubmed.summaries(ids) if pubmed else {},
    )
    say("Crossref: works")
    doi_docs = run.documents(
        "crossref",
        [r.doi.lower() for r in checkable if r.doi],
        lambda ids: crossref.works(ids) if crossref else {},
    )
    need_pmid = [r.doi.lower() for r in checkable if r.doi and not r.pmid]

    def doi_to_pmid(dois: list[str]) -> dict[str, Any]:
        if pubmed is None:
            return {}
        mapping, documents = pubmed.pmids_for_dois(dois)
        if run.cache is not None:
            run.cache.put_many("pubmed", documents)
        pmid_docs.update(documents)
        return {doi: {"pmid": mapping.get(doi)} for doi in dois}

    say("PubMed: DOIs")
    doi_pmids = run.documents("pubmed-doi", need_pmid, doi_to_pmid)
    mapped = {doi: entry["pmid"] for doi, entry in doi_pmids.items() if entry and entry.get("pmid")}
    missing_docs = [pmid for pmid in mapped.values() if pmid not in pmid_docs]
    pmid_docs.update(
        run.documents("pubmed", missing_docs, lambda ids: pubmed.summaries(ids) if pubmed else {})
    )

    for reference in checkable:
        for finding in _check_one(reference, run, pmid_docs, doi_docs, mapped):
            add(finding)

    suggested: set[str] = set()
    if run.online:
        for finding in _suggest_identifiers(references, run):
            suggested.add(finding.key or "")
            add(finding)
    for reference in references:
        if reference.kind is Kind.ARTICLE and not (reference.pmid or reference.doi):
            if not run.online:
                add(_unverified(reference, "no DOI or PMID: not checked offline"))
            elif reference.key not in suggested:
                add(_unverified(reference, _no_match_message(run)))
    return by_key


def _no_match_message(run: _Run) -> str:
    down = ", ".join(sorted(run.unavailable))
    if down:
        return f"no DOI or PMID, and {down} could not be asked to match it"
    return "no DOI or PMID, and neither PubMed nor Crossref matched it with the same first author and year"


def _check_one(
    reference: Reference,
    run: _Run,
    pmid_docs: Mapping[str, Any],
    doi_docs: Mapping[str, Any],
    mapped: Mapping[str, str],
) -> list[Finding]:
    findings: list[Finding] = []
    records: list[RegistryRecord] = []
    pubmed_record: RegistryRecord | None = None
    crossref_record: RegistryRecord | None = None
    if reference.pmid:
        if reference.pmid not in pmid_docs:
            findings.append(
                _unverified(reference, _why_unverified(run, "pubmed", f"PMID {reference.pmid}"))
            )
        elif pmid_docs[reference.pmid] is None:
            findings.append(Finding("id-not-found", Severity.ERROR, f"PMID {reference.pmid} is not in PubMed",
                                    key=reference.key, line=reference.line, field="pmid",
                                    stored=reference.pmid, source="pubmed"))  # fmt: skip
        else:
            pubmed_record = record_from_esummary(pmid_docs[reference.pmid])
    elif (
        reference.doi
        and reference.doi.lower() in mapped
        and mapped[reference.doi.lower()] in pmid_docs
    ):
        document = pmid_docs[mapped[reference.doi.lower()]]
        if document is not None:
            pubmed_record = record_from_esummary(document)
    if reference.doi:
        doi = reference.doi.lower()
        if doi not in doi_docs:
            findings.append(
                _unverified(reference, _why_unverified(run, "crossref", f"DOI {reference.doi}"))
            )
        elif doi_docs[doi] is None:
            in_pubmed = pubmed_record is not None and pubmed_record.doi.lower() == doi
            findings.append(Finding("id-not-found", Severity.WARNING if in_pubmed else Severity.ERROR,
                                    f"DOI {reference.doi} is not in Crossref"
                                    + (" (PubMed has it)" if in_pubmed else ""),
                                    key=reference.key, line=reference.line, field="doi",
                                    stored=reference.doi, source="crossref"))  # fmt: skip
        else:
            crossref_record = record_from_work(doi_docs[doi])
    if (
        reference.pmid and reference.doi and pubmed_record is not None and crossref_record is not None
        and pubmed_record.doi and pubmed_record.doi.lower() != reference.doi.lower()
        and title_similarity(pubmed_record.title, crossref_record.title) < 80
    ):  # fmt: skip
        findings.append(Finding("id-conflict", Severity.ERROR,
                                f"PMID {reference.pmid} and DOI {reference.doi} name different works "
                                f"(PubMed gives that PMID the DOI {pubmed_record.doi})",
                                key=reference.key, line=reference.line, field="pmid",
                                stored=reference.doi, registry=pubmed_record.doi, source="pubmed"))  # fmt: skip
    compared: list[Finding] = []
    if pubmed_record is not None:
        records.append(pubmed_record)
        compared += compare(reference, pubmed_record, same_journal, f"PMID {pubmed_record.pmid}")
    if crossref_record is not None:
        records.append(crossref_record)
        compared += compare(reference, crossref_record, same_journal, f"DOI {reference.doi}")
    findings += _dedupe_fields(compared)
    findings += _status_findings(reference, records)
    stale = [
        k
        for k in (f"pubmed:{reference.pmid}", f"crossref:{reference.doi.lower()}")
        if k in run.stale_status
    ]
    if stale and records:
        findings.append(_unverified(reference, "retraction status not re-checked: the cached registry data are "
                                    "older than the status lifetime (run online to refresh)", Severity.INFO))  # fmt: skip
    return findings


def _why_unverified(run: _Run, service: str, what: str) -> str:
    if not run.online:
        return f"{what}: not in the cache (offline)"
    if service in run.unavailable:
        return f"{what}: {service} could not be asked ({run.unavailable[service]})"
    return f"{what}: {service} gave no answer"


def _suggest_identifiers(references: Sequence[Reference], run: _Run) -> list[Finding]:
    """ECitMatch and Crossref bibliographic search for articles without identifiers."""
    if run.registries is None:
        return []
    candidates = [r for r in references if r.kind is Kind.ARTICLE and not r.pmid and not r.doi]
    if not candidates:
        return []
    pubmed, crossref = run.registries.pubmed, run.registries.crossref
    findings: list[Finding] = []
    citations = [
        Citation(r.journal_abbreviation, r.year, r.volume, _first_page(r.pages),
                 f"{r.authors[0].surname} {r.authors[0].initials(hyphen=False)}" if r.authors else "", r.key)
        for r in candidates
    ]  # fmt: skip
    keyed = {c.bdata(): c for c in citations}
    matches = run.documents(
        "pubmed-citmatch",
        list(keyed),
        lambda lines: {
            line: {"pmid": pmid}
            for line in lines
            for pmid in [pubmed.citation_match([keyed[line]]).get(keyed[line].key)]
        },
    )
    pmids = {
        keyed[line].key: entry["pmid"]
        for line, entry in matches.items()
        if entry and entry.get("pmid")
    }
    documents = run.documents("pubmed", list(pmids.values()), pubmed.summaries)
    for reference in candidates:
        pmid = pmids.get(reference.key)
        document = documents.get(pmid) if pmid else None
        if document is not None and _agrees(reference, record_from_esummary(document)):
            findings.append(Finding("identifier-suggested", Severity.INFO,
                                    f"PubMed matches this entry: PMID {pmid} (first author and year agree)",
                                    key=reference.key, line=reference.line, field="pmid",
                                    registry=pmid, source="pubmed", suggestion=f"pmid = {{{pmid}}}"))  # fmt: skip
        query = " ".join(
            part for part in (reference.title, reference.authors[0].surname if reference.authors else "",
                              reference.journal_abbreviation, reference.year) if part
        )  # fmt: skip
        found = run.documents(
            "crossref-search", [query], lambda qs: {q: {"items": crossref.search(q)} for q in qs}
        )
        items = (found.get(query) or {}).get("items", [])
        for item in items:
            record = record_from_work(item)
            if record.doi and _agrees(reference, record):
                findings.append(Finding("identifier-suggested", Severity.INFO,
                                        f"Crossref matches this entry: DOI {record.doi} (first author and year agree)",
                                        key=reference.key, line=reference.line, field="doi",
                                        registry=record.doi, source="crossref",
                                        suggestion=f"doi = {{{record.doi}}}"))  # fmt: skip
                break
    return findings
