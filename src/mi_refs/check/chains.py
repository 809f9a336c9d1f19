"""Update chains (issue 19.5): a ``superseded`` finding names the newest ``UpdateIn`` link
of the cited record; that version may itself have been updated (Cochrane ``.pub2`` ->
``.pub3``, a living guideline's next version). The chain is followed through PubMed, at
most :data:`MAX_HOPS` more links, one batched esummary request a hop for all entries
(from the cache when warm; offline, as far as the cache goes), and the finding then
names the newest version, the links in between listed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from mi_refs.check.notices import REPLACEMENT_PREFIX
from mi_refs.errors import RegistryResponseError
from mi_refs.model import Finding
from mi_refs.registries.lookup import Lookup
from mi_refs.registries.pubmed import record_from_esummary
from mi_refs.registries.records import NoticeKind

__all__ = ["MAX_HOPS", "follow_chains_by_key", "follow_update_chains"]

MAX_HOPS = 4  # links followed beyond the cited record's own (5 in all)
_NEWER = {NoticeKind.UPDATE, NoticeKind.PUBLISHED_VERSION}


def _newer(document: Mapping[str, Any]) -> str | None:
    """The newest PMID a record's ``UpdateIn`` links name, or ``None``."""
    try:
        record = record_from_esummary(document)
    except RegistryResponseError:
        return None
    pmids = [n.pmid for n in record.notices if n.kind in _NEWER and n.pmid.isdigit()]
    return max(pmids, key=int) if pmids else None


def follow_update_chains(findings: Sequence[Finding], run: Lookup) -> list[Finding]:
    """``findings`` with each PubMed ``superseded`` finding pointing at the newest version
    of its chain (at most :data:`MAX_HOPS` more links; a loop stops the walk)."""
    pubmed = run.registries.pubmed if run.registries else None

    def summaries(ids: list[str]) -> Mapping[str, Any]:
        return pubmed.summaries(ids) if pubmed else {}

    chains = {
        index: [str(f.suggestion)]
        for index, f in enumerate(findings)
        if f.code == "superseded" and f.field == "pmid" and f.suggestion
    }
    for _ in range(MAX_HOPS):
        tips = {chain[-1] for chain in chains.values()}
        if not tips:
            break
        documents = run.documents("pubmed", sorted(tips), summaries)
        moved = False
        for chain in chains.values():
            document = documents.get(chain[-1])
            newer = _newer(document) if isinstance(document, Mapping) else None
            if newer and newer not in chain:
                chain.append(newer)
                moved = True
        if not moved:
            break
    out = list(findings)
    for index, chain in chains.items():
        if len(chain) > 1:
            out[index] = _renamed(findings[index], chain)
    return out


def _renamed(finding: Finding, chain: list[str]) -> Finding:
    newest = chain[-1]
    between = ", ".join(f"PMID {pmid}" for pmid in chain[:-1])
    message = finding.message.replace(
        f"{REPLACEMENT_PREFIX}PMID {chain[0]}",
        f"{REPLACEMENT_PREFIX}PMID {newest}, the newest version (updated in turn: {between})",
    )
    return dataclasses.replace(finding, message=message, suggestion=newest, registry=newest)


def follow_chains_by_key(by_key: Mapping[Any, list[Finding]], run: Lookup) -> None:
    """:func:`follow_update_chains` over every entry's findings at once (one request a
    hop for the whole bibliography), in place."""
    places = [(place, index) for place, found in by_key.items() for index in range(len(found))]
    flat = [by_key[place][index] for place, index in places]
    if not any(f.code == "superseded" and f.field == "pmid" for f in flat):
        return
    for (place, index), finding in zip(places, follow_update_chains(flat, run), strict=True):
        by_key[place][index] = finding
