"""Update chains (issue 19.5): a ``superseded`` finding names the newest ``UpdateIn`` link
of the cited record (or its newest Crossref ``new_version``/``new_edition``); that version
may itself have been updated (Cochrane ``.pub2`` -> ``.pub3``, a living guideline's next
version, a book's next edition). The chain is followed through PubMed for PMIDs and
Crossref for DOIs, at most :data:`MAX_HOPS` more links, one batched request a hop and a
registry for all entries (from the cache when warm; offline, as far as the cache goes),
and the finding then names the newest version, the links in between listed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mi_refs.check.notices import REPLACEMENT_PREFIX
from mi_refs.errors import RegistryResponseError
from mi_refs.model import Finding
from mi_refs.registries.crossref import record_from_work
from mi_refs.registries.lookup import Lookup
from mi_refs.registries.pubmed import record_from_esummary
from mi_refs.registries.records import NoticeKind, RegistryRecord

__all__ = ["MAX_HOPS", "follow_chains_by_key", "follow_update_chains"]

MAX_HOPS = 4  # links followed beyond the cited record's own (5 in all)
_NEWER = {NoticeKind.UPDATE, NoticeKind.PUBLISHED_VERSION}
_FIELDS = ("pmid", "doi")


def _record(field: str, document: Mapping[str, Any]) -> RegistryRecord | None:
    try:
        return record_from_esummary(document) if field == "pmid" else record_from_work(document)
    except (RegistryResponseError, KeyError, TypeError, ValueError):
        return None


def _newer(field: str, document: Mapping[str, Any]) -> str | None:
    """The newest version a record's update links name (PubMed ``UpdateIn``: the highest
    PMID; Crossref ``new_version``/``new_edition``/``is-preprint-of``: the latest dated
    DOI), or ``None``."""
    record = _record(field, document)
    if record is None:
        return None
    if field == "pmid":
        pmids = [n.pmid for n in record.notices if n.kind in _NEWER and n.pmid.isdigit()]
        return max(pmids, key=int) if pmids else None
    dois = [(n.date, i, n.doi.lower()) for i, n in enumerate(record.notices)
            if n.kind in _NEWER and n.doi]  # fmt: skip
    return max(dois)[2] if dois else None


def _label(field: str, value: str) -> str:
    return f"PMID {value}" if field == "pmid" else f"doi:{value}"


def follow_update_chains(findings: Sequence[Finding], run: Lookup) -> list[Finding]:
    """``findings`` with each ``superseded`` finding pointing at the newest version of its
    chain, through PubMed (PMIDs) or Crossref (DOIs), at most :data:`MAX_HOPS` more links
    (a loop stops the walk)."""
    pubmed = run.registries.pubmed if run.registries else None
    crossref = run.registries.crossref if run.registries else None
    fetch: dict[str, Callable[[list[str]], Mapping[str, Any]]] = {
        "pmid": lambda ids: pubmed.summaries(ids) if pubmed else {},
        "doi": lambda ids: crossref.works(ids) if crossref else {},
    }
    service = {"pmid": "pubmed", "doi": "crossref"}
    chains = {
        index: (
            str(f.field),
            [str(f.suggestion).lower() if f.field == "doi" else str(f.suggestion)],
        )
        for index, f in enumerate(findings)
        if f.code == "superseded" and f.field in _FIELDS and f.suggestion
    }
    for _ in range(MAX_HOPS):
        moved = False
        for field in _FIELDS:
            tips = {chain[-1] for kind, chain in chains.values() if kind == field}
            if not tips:
                continue
            documents = run.documents(service[field], sorted(tips), fetch[field])
            for kind, chain in chains.values():
                document = documents.get(chain[-1]) if kind == field else None
                newer = _newer(field, document) if isinstance(document, Mapping) else None
                if newer and newer not in chain:
                    chain.append(newer)
                    moved = True
        if not moved:
            break
    out = list(findings)
    for index, (field, chain) in chains.items():
        if len(chain) > 1:
            out[index] = _renamed(findings[index], field, chain)
    return out


def _renamed(finding: Finding, field: str, chain: list[str]) -> Finding:
    newest = chain[-1]
    between = ", ".join(_label(field, value) for value in chain[:-1])
    first = finding.suggestion or chain[0]
    message = finding.message.replace(
        f"{REPLACEMENT_PREFIX}{_label(field, first)}",
        f"{REPLACEMENT_PREFIX}{_label(field, newest)}, the newest version (updated in turn: "
        f"{between})",
    )
    return dataclasses.replace(finding, message=message, suggestion=newest, registry=newest)


def follow_chains_by_key(by_key: Mapping[Any, list[Finding]], run: Lookup) -> None:
    """:func:`follow_update_chains` over every entry's findings at once (one request a
    hop for the whole bibliography), in place."""
    places = [(place, index) for place, found in by_key.items() for index in range(len(found))]
    flat = [by_key[place][index] for place, index in places]
    if not any(f.code == "superseded" and f.field in _FIELDS for f in flat):
        return
    for (place, index), finding in zip(places, follow_update_chains(flat, run), strict=True):
        by_key[place][index] = finding
