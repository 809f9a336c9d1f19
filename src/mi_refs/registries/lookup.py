"""Cached, batched registry lookups: what the check asks PubMed and Crossref for.

:class:`Registries` holds the two clients (each owns its service's manners);
:class:`Lookup` serves identifiers from the cache and fetches what is missing or stale in
batches, remembering which services could not be asked; :func:`gather` collects the
answers for a list's PMIDs and DOIs, :func:`match_citations` the matches for entries
without identifiers. No judging here: that is ``check/``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mi_refs._version import __version__
from mi_refs.errors import RegistryError, RegistryPartialError, RegistryResponseError, SettingsError
from mi_refs.registries.answers import ANSWER_FORMAT, ask_in_batches, trusted, validated
from mi_refs.registries.cache import Cache, CachedDocument, default_cache_dir
from mi_refs.registries.crossref import CrossrefClient
from mi_refs.registries.ctgov import CtgovClient
from mi_refs.registries.dailymed import DailymedClient
from mi_refs.registries.http import SharedPace
from mi_refs.registries.pubmed import Citation, PubMedClient, record_from_esummary
from mi_refs.registries.records import Notice, NoticeKind, RegistryRecord

__all__ = [
    "SERVICE_NAMES",
    "Answers",
    "Lookup",
    "Registries",
    "contact_address",
    "gather",
    "match_citations",
    "open_cache",
]

# for messages
SERVICE_NAMES = {
    "pubmed": "PubMed",
    "crossref": "Crossref",
    "ctgov": "ClinicalTrials.gov",
    "dailymed": "DailyMed",
}


@dataclass
class Registries:
    """The two services, each a polite client."""

    pubmed: PubMedClient
    crossref: CrossrefClient
    ctgov: CtgovClient | None = None  # trial registrations (None: not asked)
    dailymed: DailymedClient | None = None  # prescribing information (None: not asked)

    @classmethod
    def create(
        cls,
        *,
        mailto: str | None = None,
        api_key: str | None = None,
        pubmed_url: str | None = None,
        crossref_url: str | None = None,
        ctgov_url: str | None = None,
        dailymed_url: str | None = None,
        environ: Mapping[str, str] | None = None,
        **client_options: Any,
    ) -> Registries:
        """Clients with base URLs and identity from the arguments, else the environment
        (``MI_REFS_PUBMED_URL``, ``MI_REFS_CROSSREF_URL``, ``NCBI_API_KEY``,
        ``MI_REFS_MAILTO``, ``MI_REFS_CTGOV_URL``, ``MI_REFS_DAILYMED_URL``), else the
        public services."""
        env = os.environ if environ is None else environ
        pubmed_url = _service_url("MI_REFS_PUBMED_URL", pubmed_url or env.get("MI_REFS_PUBMED_URL"))
        crossref_url = _service_url(
            "MI_REFS_CROSSREF_URL", crossref_url or env.get("MI_REFS_CROSSREF_URL")
        )
        ctgov_url = _service_url("MI_REFS_CTGOV_URL", ctgov_url or env.get("MI_REFS_CTGOV_URL"))
        dailymed_url = _service_url(
            "MI_REFS_DAILYMED_URL", dailymed_url or env.get("MI_REFS_DAILYMED_URL")
        )
        for name, option in (
            ("MI_REFS_REQUEST_DEADLINE", "deadline"),
            ("MI_REFS_RUN_DEADLINE", "run_deadline"),
        ):
            if env.get(name) and option not in client_options:
                seconds = _seconds(name, env[name])
                client_options[option] = (
                    seconds
                    if option == "deadline"
                    else client_options.get("clock", time.monotonic)() + seconds
                )
        if mailto:
            mailto = contact_address("mailto", mailto)
        elif env.get("MI_REFS_MAILTO"):
            mailto = contact_address("MI_REFS_MAILTO", env["MI_REFS_MAILTO"])
        api_key = api_key or env.get("NCBI_API_KEY") or None
        contact = f"; mailto:{mailto}" if mailto else ""
        agent = (
            f"mi-refs/{__version__} (reference checker for Medical Information letters{contact})"
        )
        return cls(
            PubMedClient.create(
                pubmed_url,
                user_agent=agent,
                mailto=mailto,
                api_key=api_key,
                **client_options,
            ),
            CrossrefClient.create(
                crossref_url,
                user_agent=agent,
                mailto=mailto,
                **client_options,
            ),
            CtgovClient.create(ctgov_url, user_agent=agent, **client_options),
            DailymedClient.create(dailymed_url, user_agent=agent, **client_options),
        )

    def clients(self) -> list[Any]:
        """Every client (each has ``http``)."""
        extra = [client for client in (self.ctgov, self.dailymed) if client is not None]
        return [self.pubmed, self.crossref, *extra]

    def requests_made(self) -> dict[str, int]:
        made = {
            "pubmed": self.pubmed.http.requests_made,
            "crossref": self.crossref.http.requests_made,
            "retries": sum(client.http.retries_made for client in self.clients()),
        }
        if self.ctgov is not None:
            made["ctgov"] = self.ctgov.http.requests_made
        if self.dailymed is not None:
            made["dailymed"] = self.dailymed.http.requests_made
        return made


def _service_url(name: str, value: str | None) -> str | None:
    """A service base URL from the environment or an argument, checked:
    :class:`SettingsError` naming the variable when it is not an http(s) URL with a host
    and a valid port."""
    if not value:
        return None
    problem = ""
    try:
        parts = urllib.parse.urlsplit(value)
        port = parts.port
    except ValueError as exc:
        problem = str(exc)
    else:
        if parts.scheme.lower() not in {"http", "https"}:
            problem = "the scheme must be http or https"
        elif not parts.hostname:
            problem = "there is no host"
        elif port == 0:
            problem = "port 0 is not a port"
        elif parts.query or parts.fragment:
            problem = "a base URL has no query or fragment"
    if problem:
        shown = value
        with contextlib.suppress(ValueError):  # never print a user or password given in it
            parts = urllib.parse.urlsplit(value)
            if "@" in parts.netloc:
                host = parts.netloc.rsplit("@", 1)[1]
                shown = urllib.parse.urlunsplit(parts._replace(netloc=f"[redacted]@{host}"))
        raise SettingsError(f"{name}={shown!r} is not a usable service URL: {problem}")
    return value


def contact_address(name: str, value: str) -> str:
    """A contact address (``mailto``) checked: :class:`SettingsError` naming ``name``
    when it holds a control character or a space (it goes into a header and a query: a
    line break would make every request fail as "cannot connect") or is not ``x@y``."""
    unusable = any(ord(c) < 32 or ord(c) == 127 or c.isspace() for c in value)
    if unusable or "@" not in value.strip("@"):
        raise SettingsError(
            f"{name}={value!r} is not a usable contact address: expected one e-mail "
            "address (name@example.org), without spaces or control characters"
        )
    return value


def _seconds(name: str, value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < 1e9:
        raise SettingsError(f"{name}={value!r}: give a positive number of seconds")
    return seconds


@dataclass
class Lookup:
    """Cached, batched lookups for one run: the cache, the clients (``None``: offline),
    and what each service said (``unavailable``: service to the reason it could not be
    asked; ``stale_status``: answers used beyond their status lifetime)."""

    cache: Cache | None
    registries: Registries | None
    refresh: bool
    online: bool
    unavailable: dict[str, str] = field(default_factory=dict)
    stale_status: set[str] = field(default_factory=set)
    given_up: set[str] = field(default_factory=set)  # services not asked again this run
    # (kind, identifier) asked for and left without an answer (fetched or cached)
    unanswered: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        """A new run: services given up by an earlier run of the same clients are asked
        again. Processes sharing a cache share each service's pace (a lock file beside
        it)."""
        if self.registries is not None:
            for client in self.registries.clients():
                client.http.gave_up = None
        directory = self.cache.directory if self.cache is not None else None
        if directory is None or self.registries is None:
            return
        for client in self.registries.clients():
            limiter = client.http.limiter
            if limiter.shared is None:
                limiter.shared = SharedPace(directory / f"pace-{client.http.service}.lock")

    def note(self, name: str, message: str) -> None:
        """Remember a problem with a service (reported as a note)."""
        previous = self.unavailable.get(name)
        if previous is None:
            self.unavailable[name] = message
        elif message.split(": ", 1)[-1] not in previous:
            self.unavailable[name] = f"{previous}; {message.split(': ', 1)[-1]}"

    def notes(self) -> list[str]:
        """What a report says about this run's registries: each service that could not be
        asked, and that the run was offline."""
        notes = [
            f"{SERVICE_NAMES.get(service, service)} could not be asked: "
            + message.split(": ", 1)[-1]
            for service, message in self.unavailable.items()
        ]
        if not self.online:
            notes.append("offline: registry data from the cache only")
        return notes

    def usable(self, hit: CachedDocument | None) -> bool:
        return hit is not None and self.cache is not None and self.cache.is_usable(hit)

    def fresh(self, hit: CachedDocument | None) -> bool:
        return hit is not None and self.cache is not None and self.cache.is_fresh(hit)

    def use_stale(
        self, service: str, identifier: str, hit: CachedDocument | None, found: dict[str, Any]
    ) -> None:
        if hit is not None and self.usable(hit):
            found[identifier] = hit.document
            self.stale_status.add(f"{service}:{identifier}")

    def answered(self, kind: str, identifier: str) -> bool:
        """Whether ``identifier`` was asked of ``kind`` this run and has an answer
        (fetched now or cached; "not found" is an answer)."""
        return (kind, identifier) not in self.unanswered

    def documents(
        self,
        service: str,
        identifiers: Iterable[str],
        fetch: Callable[[list[str]], Mapping[str, Any]],
    ) -> dict[str, Any]:
        """Documents by identifier from the cache, fetching what is missing or stale
        (online). Identifiers with no usable answer are left out of the result (and
        remembered: :meth:`answered`).

        Only answers that passed their schema are stored; an identifier a registry did
        not answer is "not asked" (left out, never stored as "not found"); a cached
        document of the wrong shape is a miss."""
        wanted = list(dict.fromkeys(identifiers))
        found = self._documents(service, wanted, fetch)
        self.unanswered.difference_update((service, i) for i in found)
        self.unanswered.update((service, i) for i in wanted if i not in found)
        return found

    def _documents(  # noqa: PLR0912 - cache, fetch, validate, store, fall back: one story
        self,
        service: str,
        wanted: list[str],
        fetch: Callable[[list[str]], Mapping[str, Any]],
    ) -> dict[str, Any]:
        cached = self._cached(service, wanted)
        found: dict[str, Any] = {}
        missing: list[str] = []
        for identifier in wanted:
            hit = cached.get(identifier)
            if self.fresh(hit) and not self.refresh:
                found[identifier] = hit.document  # type: ignore[union-attr]
            elif self.online:
                missing.append(identifier)
            else:
                self.use_stale(service, identifier, hit, found)
        name = service.split("-", maxsplit=1)[0]
        if not missing:
            return found
        if name in self.given_up:
            for identifier in missing:
                self.use_stale(service, identifier, cached.get(identifier), found)
            return found
        try:
            fetched = dict(fetch(missing))
        except RegistryPartialError as exc:
            self.note(name, str(exc))
            if exc.unavailable:
                self.given_up.add(name)
            fetched = dict(exc.answers)
        except RegistryError as exc:
            self.note(name, str(exc))
            self.given_up.add(name)
            fetched = {}
        answers: dict[str, Any] = {}
        for identifier in missing:
            if identifier not in fetched:
                continue
            try:
                answers[identifier] = validated(service, fetched[identifier])
            except RegistryResponseError as exc:
                self.note(name, str(exc))
        if self.cache is not None and answers:
            self.cache.put_many(service, answers, stamp=ANSWER_FORMAT)
        for identifier in missing:  # not answered: fall back to an older answer
            if identifier not in answers:
                self.use_stale(service, identifier, cached.get(identifier), found)
        found.update(answers)
        self._cache_notes()
        return found

    def _cache_notes(self) -> None:
        if self.cache is not None:
            for message in self.cache.take_notes():
                self.note("cache", f"cache: {message}")

    def _cached(self, service: str, wanted: list[str]) -> dict[str, CachedDocument]:
        if self.cache is None or not wanted:
            return {}
        out = {}
        for identifier, hit in self.cache.get_many(service, wanted, ANSWER_FORMAT).items():
            # checked before it was stored, and stamped so: not checked again (start-up,
            # docs/performance.md); an unstamped or changed row is checked here
            check = trusted if hit.checked else validated
            try:
                out[identifier] = CachedDocument(check(service, hit.document), hit.fetched)
            except RegistryResponseError:
                continue  # written by an older version, or damaged: a miss
        return out


def open_cache(cache_dir: str | os.PathLike[str] | None) -> tuple[Cache, list[str]]:
    """The registry cache in ``cache_dir`` (default: the user cache directory), and notes
    about it (a damaged file rebuilt; a directory that cannot be used, in which case the
    cache is off for this run and the check goes on without it)."""
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cache = Cache(directory / "registry.sqlite3")
    notes = list(cache.take_notes())
    return cache, notes


@dataclass
class Answers:
    """What the registries hold for the checkable entries."""

    pubmed: dict[str, Any]  # PMID -> esummary document (None: not in PubMed)
    crossref: dict[str, Any]  # lower-case DOI -> work (None: not in Crossref)
    doi_pmids: dict[str, str]  # lower-case DOI -> PMID, for entries with a DOI only
    details: dict[str, tuple[Notice, ...]] = field(default_factory=dict)  # PMID -> efetch notices
    # lower-case DOIs PubMed answered about (mapped to a PMID or not): PubMed was asked
    doi_searched: frozenset[str] = frozenset()
    # PMID -> the lower-case DOI PubMed gives it, for entries with a PMID only (that DOI
    # was asked of Crossref in the same batch as the entries' own DOIs)
    pmid_dois: dict[str, str] = field(default_factory=dict)
    # PMID -> the record of its esummary document, converted once (start-up: each was
    # converted twice, for the notices' details and for the comparison)
    pubmed_records: dict[str, RegistryRecord] = field(default_factory=dict)

    def pubmed_record(self, pmid: str) -> RegistryRecord | None:
        """The record of PubMed's document for ``pmid`` (``None``: no document)."""
        record = self.pubmed_records.get(pmid)
        if record is None and self.pubmed.get(pmid) is not None:
            record = self.pubmed_records[pmid] = record_from_esummary(self.pubmed[pmid])
        return record


def gather(
    pmids: Sequence[str],
    dois: Sequence[str],
    need_pmid: Sequence[str],
    run: Lookup,
    say: Callable[[str], None],
    *,
    need_doi: Sequence[str] = (),
) -> Answers:
    """What PubMed and Crossref hold for these PMIDs and (lower-case) DOIs; ``need_pmid``:
    DOIs of entries without a PMID, looked up in PubMed; ``need_doi``: PMIDs of entries
    without a DOI, whose DOI (as PubMed gives it) is asked of Crossref with the others."""
    pubmed = run.registries.pubmed if run.registries else None
    crossref = run.registries.crossref if run.registries else None

    def summaries(ids: list[str]) -> Mapping[str, Any]:
        return pubmed.summaries(ids) if pubmed else {}

    def works(dois: list[str]) -> Mapping[str, Any]:
        return crossref.works(dois) if crossref else {}

    say(f"PubMed: {len(pmids)} PMIDs (1/4)")
    pmid_docs = run.documents("pubmed", pmids, summaries)
    records: dict[str, RegistryRecord] = {}  # each document converted once (Answers)
    pmid_dois = {}
    for pmid in dict.fromkeys(need_doi):
        if pmid_docs.get(pmid):
            record = records[pmid] = record_from_esummary(pmid_docs[pmid])
            if record.doi:
                pmid_dois[pmid] = record.doi.lower()
    asked = list(dict.fromkeys([*dois, *pmid_dois.values()]))
    say(f"Crossref: {len(asked)} DOIs (2/4)")
    doi_docs = run.documents("crossref", asked, works)

    def doi_to_pmid(dois: list[str]) -> dict[str, Any]:
        if pubmed is None:
            return {}
        partial: RegistryPartialError | None = None
        try:
            mapping, documents = pubmed.pmids_for_dois(dois)
        except RegistryPartialError as exc:
            partial = exc
            mapping = dict(exc.answers.get("mapping", {}))
            documents = dict(exc.answers.get("documents", {}))
        if run.cache is not None:
            run.cache.put_many("pubmed", documents)
        pmid_docs.update(documents)
        for pmid in documents:  # a new document: converted anew
            records.pop(pmid, None)
        answers = {doi: {"pmid": mapping[doi]} for doi in dois if doi in mapping}
        if partial is not None:
            raise RegistryPartialError(
                "pubmed", str(partial).split(": ", 1)[-1], answers, unavailable=partial.unavailable
            )
        return answers

    say(f"PubMed: {len(need_pmid)} DOIs without a PMID (3/4)")
    answers = run.documents("pubmed-doi", list(need_pmid), doi_to_pmid)
    mapped = {
        doi: str(entry["pmid"]) for doi, entry in answers.items() if entry and entry.get("pmid")
    }
    missing = [pmid for pmid in mapped.values() if pmid not in pmid_docs]
    pmid_docs.update(run.documents("pubmed", missing, summaries))
    found = Answers(
        pmid_docs,
        doi_docs,
        mapped,
        doi_searched=frozenset(answers),
        pmid_dois=pmid_dois,
        pubmed_records=records,
    )
    found.details = _details(found, run)
    return found


def _needs_details(record: RegistryRecord | None) -> bool:
    """esummary says the work is retracted but names no notice: efetch has the details."""
    return record is not None and any(
        n.kind is NoticeKind.RETRACTION and not (n.pmid or n.doi) for n in record.notices
    )


def _details(answers: Answers, run: Lookup) -> dict[str, tuple[Notice, ...]]:
    wanted = [
        pmid
        for pmid, document in answers.pubmed.items()
        if document and _needs_details(answers.pubmed_record(pmid))
    ]
    if not wanted:
        return {}
    pubmed = run.registries.pubmed if run.registries else None

    def fetch(pmids: list[str]) -> dict[str, Any]:
        def as_json(found: Mapping[str, Any]) -> dict[str, Any]:
            return {pmid: [_notice_json(n) for n in notices] for pmid, notices in found.items()}

        try:
            found = pubmed.notices(pmids) if pubmed else {}
        except RegistryPartialError as exc:
            raise RegistryPartialError(
                "pubmed",
                str(exc).split(": ", 1)[-1],
                as_json(exc.answers),
                unavailable=exc.unavailable,
            ) from exc
        return as_json(found)

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


def _notice_json(notice: Notice) -> dict[str, str]:
    data = dataclasses.asdict(notice)
    data["kind"] = notice.kind.value
    return data


def match_citations(
    citations: Sequence[Citation], queries: Mapping[str, str], run: Lookup
) -> tuple[dict[str, tuple[str, Any]], dict[str, Any]]:
    """ECitMatch for ``citations`` and Crossref's bibliographic search for ``queries``
    (entry key to query), cached: per key, the matched PMID and its esummary document;
    and per key, the Crossref items found."""
    if run.registries is None:
        return {}, {}
    pubmed, crossref = run.registries.pubmed, run.registries.crossref
    keyed = {citation.bdata(): citation for citation in citations}

    def citation_match(lines: list[str]) -> dict[str, Any]:
        matched = pubmed.citation_match([keyed[line] for line in lines])
        return {line: {"pmid": matched.get(keyed[line].key)} for line in lines}

    def search(wanted: list[str]) -> dict[str, Any]:
        return ask_in_batches(
            "crossref", wanted, 1, lambda batch: {batch[0]: {"items": crossref.search(batch[0])}}
        )

    matches = run.documents("pubmed-citmatch", list(keyed), citation_match)
    pmids = {
        keyed[line].key: str(entry["pmid"])
        for line, entry in matches.items()
        if entry and entry.get("pmid")
    }
    documents = run.documents("pubmed", list(pmids.values()), pubmed.summaries)
    found = run.documents("crossref-search", list(queries.values()), search)
    by_pmid = {key: (pmid, documents.get(pmid)) for key, pmid in pmids.items()}
    for line, citation in keyed.items():  # matched, but the record did not come
        if citation.key in pmids and pmids[citation.key] not in documents:
            run.unanswered.add(("pubmed-citmatch", line))
    items = {key: (found.get(query) or {}).get("items", []) for key, query in queries.items()}
    return by_pmid, items
