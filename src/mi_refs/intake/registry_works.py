"""What the registries hold for the identifiers given to ``add`` (and to ``fix``'s
replacements): one batched lookup per registry for the lot, through the run's
:class:`~mi_refs.registries.lookup.Lookup` (cache first): esearch for the DOIs and PMCIDs
(one term), esummary for every PMID (given or found), then Crossref's ``filter=doi:`` for
every DOI (given or read from PubMed); the PubMed and Crossref records of one identifier;
the entries built from them (:func:`references_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mi_refs.errors import RegistryPartialError
from mi_refs.intake.identifiers import Identifier
from mi_refs.intake.records import reference_from_records
from mi_refs.model import Reference
from mi_refs.registries.crossref import record_from_work
from mi_refs.registries.lookup import Lookup
from mi_refs.registries.pubmed import record_from_esummary
from mi_refs.registries.records import RegistryRecord

__all__ = ["CROSSREF_BATCH", "Answers", "look_up_works", "records_of", "references_for"]

#: DOIs per Crossref request for ``add``: 200 new PMIDs cost two Crossref requests.
CROSSREF_BATCH = 100


@dataclass
class Answers:
    """What the registries hold for a list of identifiers."""

    pubmed: dict[str, Any]  # PMID -> esummary document (None: unknown)
    crossref: dict[str, Any]  # lower-case DOI -> work (None: unknown)
    pmid_of: dict[str, str | None]  # "doi:x" / "pmcid:PMCx" -> PMID (None: not in PubMed)


def look_up_works(identifiers: list[Identifier], run: Lookup) -> Answers:
    """Everything the registries hold for ``identifiers``: at most one esearch, one
    esummary and one Crossref request per batch, fewer with a warm cache."""
    pubmed = run.registries.pubmed if run.registries else None
    crossref = run.registries.crossref if run.registries else None
    pmids = [i.value for i in identifiers if i.kind == "pmid"]
    searched = [i.label.lower() if i.kind == "doi" else i.label for i in identifiers
                if i.kind != "pmid"]  # fmt: skip
    documents: dict[str, Any] = {}

    def summaries(wanted: Iterable[str]) -> None:
        missing = [pmid for pmid in dict.fromkeys(wanted) if pmid not in documents]
        documents.update(run.documents("pubmed", missing, _call(pubmed, "summaries")))

    searches: dict[str, Any] = {}

    def search(labels: list[str]) -> dict[str, Any]:
        """One esearch for every DOI and PMCID not cached, then the records it found
        (with the PMIDs given) in one esummary, to tell which PMID is whose."""
        if pubmed is None:
            return {}
        pending = [label for label in searched if label not in searches]
        partial: RegistryPartialError | None = None
        try:
            hits = pubmed.search_identifiers(pending) if pending else {}
        except RegistryPartialError as exc:  # keep what the answered batches found
            hits, partial = dict(exc.answers), exc
        summaries([*pmids, *(pmid for found in hits.values() for pmid in found)])
        for label, found in hits.items():
            kind, _, value = label.partition(":")
            records = [record_from_esummary(documents[p]) for p in found if documents.get(p)]
            searches[label] = {
                "pmid": next(
                    (r.pmid for r in records
                     if (r.doi.lower() if kind == "doi" else r.pmcid) == value),
                    None,
                )
            }  # fmt: skip
        answers = {label: searches[label] for label in labels if label in searches}
        if partial is not None:
            raise RegistryPartialError(
                "pubmed", str(partial).split(": ", 1)[-1], answers, unavailable=partial.unavailable
            )
        return answers

    mapped: dict[str, Any] = {}
    for service, prefix in (("pubmed-doi", "doi:"), ("pubmed-pmcid", "pmcid:")):
        labels = [label for label in searched if label.startswith(prefix)]
        answers = run.documents(service, [label[len(prefix) :] for label in labels],
                                _searcher(search, prefix))  # fmt: skip
        mapped.update({prefix + ident: answer for ident, answer in answers.items()})
    pmid_of = {
        label: (str(answer["pmid"]) if answer and answer.get("pmid") else None)
        for label, answer in mapped.items()
    }
    summaries([*pmids, *(pmid for pmid in pmid_of.values() if pmid)])
    dois = [i.value.lower() for i in identifiers if i.kind == "doi"]
    dois += [
        record_from_esummary(document).doi.lower()
        for document in documents.values()
        if document and record_from_esummary(document).doi
    ]
    works = run.documents(
        "crossref",
        list(dict.fromkeys(dois)),
        lambda wanted: crossref.works(wanted, batch=CROSSREF_BATCH) if crossref else {},
    )
    return Answers(documents, works, pmid_of)


def _searcher(
    search: Callable[[list[str]], dict[str, Any]], prefix: str
) -> Callable[[list[str]], dict[str, Any]]:
    def ask(wanted: list[str]) -> dict[str, Any]:
        try:
            found = search([prefix + value for value in wanted])
        except RegistryPartialError as exc:
            answers = {label[len(prefix) :]: answer for label, answer in exc.answers.items()}
            message = str(exc).split(": ", 1)[-1]
            raise RegistryPartialError(
                exc.service, message, answers, unavailable=exc.unavailable
            ) from exc
        return {label[len(prefix) :]: answer for label, answer in found.items()}

    return ask


def _call(client: Any, method: str) -> Callable[[list[str]], Mapping[str, Any]]:
    if client is None:
        return lambda wanted: {}
    return getattr(client, method)  # type: ignore[no-any-return]


def records_of(
    identifier: Identifier, answers: Answers
) -> tuple[RegistryRecord | None, RegistryRecord | None]:
    if identifier.kind == "pmid":
        pmid: str | None = identifier.value
    else:
        label = identifier.label.lower() if identifier.kind == "doi" else identifier.label
        pmid = answers.pmid_of.get(label)
    document = answers.pubmed.get(pmid) if pmid else None
    pubmed = record_from_esummary(document) if document else None
    doi = identifier.value if identifier.kind == "doi" else (pubmed.doi if pubmed else "")
    work = answers.crossref.get(doi.lower()) if doi else None
    crossref = record_from_work(work) if work else None
    return pubmed, crossref


def references_for(identifiers: Iterable[Identifier], run: Lookup) -> dict[str, Reference]:
    """Entries built as ``add`` builds them (without keys), by :attr:`Identifier.label`,
    for the identifiers a registry knows (``fix``'s replacements, issue 19.5)."""
    wanted = list(identifiers)
    answers = look_up_works(wanted, run) if wanted else Answers({}, {}, {})
    found: dict[str, Reference] = {}
    for identifier in wanted:
        pubmed, crossref = records_of(identifier, answers)
        if pubmed is not None or crossref is not None:
            found[identifier.label] = reference_from_records(pubmed, crossref)
    return found
