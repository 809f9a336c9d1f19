"""``check``: every reference against PubMed and Crossref, plus the offline checks.

The one place that decides which entries go to which registry, asks the cache first,
fetches what is missing in batches, and turns answers into findings. The clients do the
talking (``registries/``), the comparer the judging (``compare.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mi_refs._version import __version__
from mi_refs.check.compare import compare, fold, title_similarity
from mi_refs.check.findings import IgnoreRule, entry_finding, finding_from_problem
from mi_refs.check.journals import same_journal
from mi_refs.check.offline import check_offline
from mi_refs.check.report import CheckReport, EntryReport
from mi_refs.documents.numbering import check_document
from mi_refs.errors import RegistryError
from mi_refs.model import Bibliography, Finding, Kind, Reference, Severity
from mi_refs.registries.cache import Cache, CachedDocument, default_cache_dir
from mi_refs.registries.crossref import DEFAULT_CROSSREF_URL, CrossrefClient, record_from_work
from mi_refs.registries.http import ServiceClient
from mi_refs.registries.pubmed import (
    DEFAULT_PUBMED_URL,
    Citation,
    PubMedClient,
    record_from_esummary,
)
from mi_refs.registries.records import Notice, NoticeKind, RegistryRecord

__all__ = ["Registries", "check"]

_REGISTRY_KINDS = frozenset(
    {Kind.ARTICLE, Kind.ABSTRACT, Kind.BOOK, Kind.CHAPTER, Kind.REPORT, Kind.PRESENTATION}
)
_SERVICE_NAMES = {"pubmed": "PubMed", "crossref": "Crossref"}
_GONE = {
    NoticeKind.RETRACTION: "retracted",
    NoticeKind.WITHDRAWAL: "withdrawn",
    NoticeKind.REMOVAL: "removed",
}
_UNHELD = {
    Kind.WEBPAGE: "web pages",
    Kind.REGISTRATION: "trial registrations",
    Kind.PRESCRIBING_INFORMATION: "prescribing information",
    Kind.DATA_ON_FILE: "data on file",
}


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

    def _usable(self, hit: CachedDocument | None) -> bool:
        return hit is not None and self.cache is not None and self.cache.is_usable(hit)

    def _fresh(self, hit: CachedDocument | None) -> bool:
        return hit is not None and self.cache is not None and self.cache.is_fresh(hit)

    def _use_stale(
        self, service: str, identifier: str, hit: CachedDocument | None, found: dict[str, Any]
    ) -> None:
        if hit is not None and self._usable(hit):
            found[identifier] = hit.document
            self.stale_status.add(f"{service}:{identifier}")

    def documents(
        self,
        service: str,
        identifiers: Iterable[str],
        fetch: Callable[[list[str]], Mapping[str, Any]],
    ) -> dict[str, Any]:
        """Documents by identifier from the cache, fetching what is missing or stale
        (online). Identifiers with no usable answer are left out of the result."""
        wanted = list(dict.fromkeys(identifiers))
        cached = self.cache.get_many(service, wanted) if self.cache and wanted else {}
        found: dict[str, Any] = {}
        missing: list[str] = []
        for identifier in wanted:
            hit = cached.get(identifier)
            if self._fresh(hit) and not self.refresh:
                found[identifier] = hit.document  # type: ignore[union-attr]
            elif self.online:
                missing.append(identifier)
            else:
                self._use_stale(service, identifier, hit, found)
        name = service.split("-", maxsplit=1)[0]
        if not missing:
            return found
        if name in self.unavailable:
            for identifier in missing:
                self._use_stale(service, identifier, cached.get(identifier), found)
            return found
        try:
            fetched = dict(fetch(missing))
        except RegistryError as exc:
            self.unavailable[name] = str(exc)
            for identifier in missing:  # fall back to an older answer if there is one
                self._use_stale(service, identifier, cached.get(identifier), found)
            return found
        answers = {identifier: fetched.get(identifier) for identifier in missing}
        if self.cache is not None:
            self.cache.put_many(service, answers)
        found.update(answers)
        return found


def _status_findings(reference: Reference, records: Sequence[RegistryRecord]) -> list[Finding]:
    """Retractions, expressions of concern and corrections the registries record."""
    findings: list[Finding] = []
    seen: set[tuple[NoticeKind, str, str]] = set()
    for record in records:
        if record.is_notice:
            continue  # a cited notice is itself not retracted
        for notice in record.notices:
            ident = (notice.kind, notice.doi.lower(), notice.pmid)
            anonymous_seen = (
                not notice.doi and not notice.pmid and any(k == notice.kind for k, _, _ in seen)
            )
            if ident in seen or anonymous_seen:
                continue
            seen.add(ident)
            what = (
                (notice.doi and f"doi:{notice.doi}")
                or (notice.pmid and f"PMID {notice.pmid}")
                or notice.citation
                or "no notice identifier given"
            )
            when = f", {notice.date}" if notice.date else ""
            source = notice.source or record.source
            if notice.kind in _GONE:
                code, severity, verb = "retracted", Severity.ERROR, _GONE[notice.kind]
            elif notice.kind is NoticeKind.EXPRESSION_OF_CONCERN:
                code, severity = "expression-of-concern", Severity.WARNING
                verb = "subject of an expression of concern"
            else:
                code, severity, verb = (
                    "corrected",
                    Severity.WARNING,
                    "corrected (erratum or correction)",
                )
            findings.append(
                entry_finding(
                    reference,
                    code,
                    severity,
                    f"the work is {verb} ({what}{when}; from {source})",
                    registry=notice.doi or notice.pmid or None,
                    source=record.source,
                )
            )
    return findings


def _unverified(
    reference: Reference, message: str, severity: Severity = Severity.WARNING
) -> Finding:
    return entry_finding(reference, "unverified", severity, message, source="check")


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
    bibliography: Bibliography | None,
    *,
    documents: Iterable[str | os.PathLike[str]] = (),
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
    ``online=False`` registry data come from the cache only and uncached entries are
    ``unverified``.

    ``documents`` (Markdown, HTML, text or Word files) have their superscript citation
    numbers checked against the bibliography's list (its length and file order); with no
    bibliography (``None``), against each document's own reference list."""
    reports = tuple(
        check_document(
            document,
            references=len(bibliography) if bibliography is not None else None,
            keys=bibliography.keys if bibliography is not None else None,
        )
        for document in documents
    )
    if bibliography is None:
        return CheckReport(path=None, entries=(), documents=reports, version=__version__)
    rules = [
        rule if isinstance(rule, IgnoreRule) else IgnoreRule.from_mapping(rule) for rule in ignore
    ]
    notes: list[str] = []
    cache = None
    if use_cache:
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        cache = Cache(directory / "registry.sqlite3")
        if cache.rebuilt_from is not None:
            notes.append(
                f"the cache was damaged and has been rebuilt (old file: {cache.rebuilt_from})"
            )
    if online and registries is None:
        registries = Registries.create(mailto=mailto, api_key=api_key)
    if online and registries is not None and not registries.crossref.http.params.get("mailto"):
        notes.append(
            "no contact address: set MI_REFS_MAILTO (or --mailto) to use Crossref's polite pool"
        )
    run = _Run(cache, registries if online else None, refresh, online)
    try:
        by_key = _check_entries(bibliography, run, style, today, progress or (lambda message: None))
    finally:
        if cache is not None:
            cache.close()
    for service, message in run.unavailable.items():
        detail = message.split(": ", 1)[-1]
        notes.append(f"{_SERVICE_NAMES.get(service, service)} could not be asked: {detail}")
    if not online:
        notes.append("offline: registry data from the cache only")
    entries, ignored = _apply_ignore_rules(by_key, rules)
    return CheckReport(
        path=bibliography.path,
        entries=tuple(entries),
        documents=reports,
        ignored=tuple(ignored),
        notes=tuple(notes),
        version=__version__,
        requests=registries.requests_made() if registries is not None and online else {},
    )


def _apply_ignore_rules(
    by_key: Mapping[tuple[str | None, int | None], list[Finding]], rules: Sequence[IgnoreRule]
) -> tuple[list[EntryReport], list[tuple[Finding, str]]]:
    """Entry reports without the findings a team has accepted, and those findings with
    the reason given."""
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
    return entries, ignored


def _not_checkable(reference: Reference) -> Finding | None:
    if reference.kind in _UNHELD:
        message = f"{_UNHELD[reference.kind]} are in no registry: check this entry by hand"
    elif reference.kind is Kind.ABSTRACT and not (reference.pmid or reference.doi):
        message = (
            "meeting abstracts are rarely in PubMed or Crossref: give a DOI or PMID to check it"
        )
    else:
        return None
    return entry_finding(reference, "not-checkable", Severity.INFO, message, source="check")


@dataclass
class _Answers:
    """What the registries hold for the checkable entries."""

    pubmed: dict[str, Any]  # PMID -> esummary document (None: not in PubMed)
    crossref: dict[str, Any]  # lower-case DOI -> work (None: not in Crossref)
    doi_pmids: dict[str, str]  # lower-case DOI -> PMID, for entries with a DOI only
    details: dict[str, tuple[Notice, ...]] = field(default_factory=dict)  # PMID -> efetch notices


def _gather(checkable: Sequence[Reference], run: _Run, say: Callable[[str], None]) -> _Answers:
    pubmed = run.registries.pubmed if run.registries else None
    crossref = run.registries.crossref if run.registries else None

    def summaries(ids: list[str]) -> Mapping[str, Any]:
        return pubmed.summaries(ids) if pubmed else {}

    def works(dois: list[str]) -> Mapping[str, Any]:
        return crossref.works(dois) if crossref else {}

    pmids = [r.pmid for r in checkable if r.pmid]
    dois = [r.doi.lower() for r in checkable if r.doi]
    say(f"PubMed: {len(pmids)} PMIDs (1/4)")
    pmid_docs = run.documents("pubmed", pmids, summaries)
    say(f"Crossref: {len(dois)} DOIs (2/4)")
    doi_docs = run.documents("crossref", dois, works)

    def doi_to_pmid(dois: list[str]) -> dict[str, Any]:
        if pubmed is None:
            return {}
        mapping, documents = pubmed.pmids_for_dois(dois)
        if run.cache is not None:
            run.cache.put_many("pubmed", documents)
        pmid_docs.update(documents)
        return {doi: {"pmid": mapping.get(doi)} for doi in dois}

    need = [r.doi.lower() for r in checkable if r.doi and not r.pmid]
    say(f"PubMed: {len(need)} DOIs without a PMID (3/4)")
    answers = run.documents("pubmed-doi", need, doi_to_pmid)
    mapped = {
        doi: str(entry["pmid"]) for doi, entry in answers.items() if entry and entry.get("pmid")
    }
    missing = [pmid for pmid in mapped.values() if pmid not in pmid_docs]
    pmid_docs.update(run.documents("pubmed", missing, summaries))
    return _Answers(pmid_docs, doi_docs, mapped, _details(pmid_docs, run))


def _needs_details(document: Mapping[str, Any] | None) -> bool:
    """esummary says the work is retracted but names no notice: efetch has the details."""
    if not document:
        return False
    record = record_from_esummary(document)
    return any(n.kind is NoticeKind.RETRACTION and not (n.pmid or n.doi) for n in record.notices)


def _details(pmid_docs: Mapping[str, Any], run: _Run) -> dict[str, tuple[Notice, ...]]:
    wanted = [pmid for pmid, document in pmid_docs.items() if _needs_details(document)]
    if not wanted:
        return {}
    pubmed = run.registries.pubmed if run.registries else None

    def fetch(pmids: list[str]) -> dict[str, Any]:
        found = pubmed.notices(pmids) if pubmed else {}
        return {pmid: [dataclasses.asdict(n) for n in found.get(pmid, ())] for pmid in pmids}

    documents = run.documents("pubmed-efetch", wanted, fetch)
    return {
        pmid: tuple(
            Notice(
                NoticeKind(n["kind"]), n["doi"], n["pmid"], n["date"], n["source"], n["citation"]
            )
            for n in notices or []
        )
        for pmid, notices in documents.items()
    }


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
    for reference in references:
        unheld = _not_checkable(reference)
        if unheld is not None:
            add(unheld)

    checkable = [r for r in references if r.kind in _REGISTRY_KINDS and (r.pmid or r.doi)]
    answers = _gather(checkable, run, say)
    for reference in checkable:
        for finding in _check_one(reference, run, answers):
            add(finding)

    suggested: dict[str, tuple[list[Finding], list[RegistryRecord]]] = {}
    if run.online:
        say("PubMed and Crossref: matching the entries without identifiers (4/4)")
        suggested = _suggest_identifiers(references, run)
    for reference in references:
        for finding in _without_identifiers(reference, run, suggested.get(reference.key)):
            add(finding)
    return by_key


def _without_identifiers(
    reference: Reference,
    run: _Run,
    match: tuple[list[Finding], list[RegistryRecord]] | None,
) -> list[Finding]:
    """An article without DOI or PMID: the identifiers the registries suggest, and the
    matched work compared with the entry; else ``unverified``."""
    if reference.kind is not Kind.ARTICLE or reference.pmid or reference.doi:
        return []
    if not run.online:
        return [_unverified(reference, "no DOI or PMID: not checked offline")]
    if match is None:
        return [_unverified(reference, _no_match_message(run))]
    suggestions, records = match
    compared: list[Finding] = []
    for record in records:
        label = (
            f"the matched PMID {record.pmid}"
            if record.source == "pubmed"
            else f"the matched DOI {record.doi}"
        )
        compared += compare(reference, record, same_journal, label)
    return [*suggestions, *_dedupe_fields(compared), *_status_findings(reference, records)]


def _no_match_message(run: _Run) -> str:
    down = " and ".join(
        _SERVICE_NAMES.get(name, name) for name in sorted(run.unavailable, reverse=True)
    )
    if down:
        return f"no DOI or PMID, and {down} could not be asked to match it"
    return "no DOI or PMID, and neither PubMed nor Crossref matched it (same first author and year)"


def _pubmed_record(
    reference: Reference, run: _Run, answers: _Answers, findings: list[Finding]
) -> RegistryRecord | None:
    pmid = reference.pmid or answers.doi_pmids.get(reference.doi.lower(), "")
    if not pmid:
        return None
    if pmid not in answers.pubmed:
        if reference.pmid:
            findings.append(_unverified(reference, _why_unverified(run, "pubmed", f"PMID {pmid}")))
        return None
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
    record = record_from_esummary(document)
    details = answers.details.get(pmid)
    if details:
        kept = [
            n for n in record.notices if n.pmid or n.doi or n.kind not in {d.kind for d in details}
        ]
        record = dataclasses.replace(record, notices=(*kept, *details))
    return record


def _crossref_record(
    reference: Reference,
    run: _Run,
    answers: _Answers,
    pubmed_record: RegistryRecord | None,
    findings: list[Finding],
) -> RegistryRecord | None:
    doi = reference.doi.lower()
    if not doi:
        return None
    if doi not in answers.crossref:
        findings.append(
            _unverified(reference, _why_unverified(run, "crossref", f"DOI {reference.doi}"))
        )
        return None
    work = answers.crossref[doi]
    if work is not None:
        return record_from_work(work)
    in_pubmed = pubmed_record is not None and pubmed_record.doi.lower() == doi
    message = f"DOI {reference.doi} is not in Crossref" + (" (PubMed has it)" if in_pubmed else "")
    severity = Severity.WARNING if in_pubmed else Severity.ERROR
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
    if title_similarity(pubmed_record.title, crossref_record.title) >= 80:
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


def _check_one(reference: Reference, run: _Run, answers: _Answers) -> list[Finding]:
    findings: list[Finding] = []
    pubmed_record = _pubmed_record(reference, run, answers, findings)
    crossref_record = _crossref_record(reference, run, answers, pubmed_record, findings)
    findings += _conflict(reference, pubmed_record, crossref_record)
    records = [record for record in (pubmed_record, crossref_record) if record is not None]
    compared: list[Finding] = []
    for record in records:
        label = f"PMID {record.pmid}" if record.source == "pubmed" else f"DOI {reference.doi}"
        compared += compare(reference, record, same_journal, label)
    findings += _dedupe_fields(compared)
    findings += _status_findings(reference, records)
    keys = (f"pubmed:{reference.pmid}", f"crossref:{reference.doi.lower()}")
    if records and any(key in run.stale_status for key in keys):
        message = (
            "retraction status not re-checked: the cached registry data are older than "
            "the status lifetime (run online to refresh)"
        )
        findings.append(_unverified(reference, message, Severity.INFO))
    return findings


def _why_unverified(run: _Run, service: str, what: str) -> str:
    name = _SERVICE_NAMES.get(service, service)
    if not run.online:
        return f"{what}: not in the cache (offline)"
    if service in run.unavailable:
        return f"{what}: {name} could not be asked (see the notes)"
    return f"{what}: {name} gave no answer"


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


def _suggest_identifiers(
    references: Sequence[Reference], run: _Run
) -> dict[str, tuple[list[Finding], list[RegistryRecord]]]:
    """ECitMatch and Crossref bibliographic search for articles without identifiers: per
    matched entry, the ``identifier-suggested`` findings and the matched records."""
    if run.registries is None:
        return {}
    candidates = [r for r in references if r.kind is Kind.ARTICLE and not r.pmid and not r.doi]
    if not candidates:
        return {}
    pubmed, crossref = run.registries.pubmed, run.registries.crossref
    keyed = {citation.bdata(): citation for citation in map(_citation, candidates)}

    def citation_match(lines: list[str]) -> dict[str, Any]:
        matched = pubmed.citation_match([keyed[line] for line in lines])
        return {line: {"pmid": matched.get(keyed[line].key)} for line in lines}

    def search(queries: list[str]) -> dict[str, Any]:
        return {query: {"items": crossref.search(query)} for query in queries}

    matches = run.documents("pubmed-citmatch", list(keyed), citation_match)
    pmids = {
        keyed[line].key: str(entry["pmid"])
        for line, entry in matches.items()
        if entry and entry.get("pmid")
    }
    documents = run.documents("pubmed", list(pmids.values()), pubmed.summaries)
    queries = {reference.key: _query(reference) for reference in candidates}
    found = run.documents("crossref-search", list(queries.values()), search)
    out: dict[str, tuple[list[Finding], list[RegistryRecord]]] = {}
    for reference in candidates:
        findings: list[Finding] = []
        records: list[RegistryRecord] = []
        pmid = pmids.get(reference.key, "")
        document = documents.get(pmid) if pmid else None
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
        for item in (found.get(queries[reference.key]) or {}).get("items", []):
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
