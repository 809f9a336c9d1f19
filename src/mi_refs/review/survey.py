"""What the registries hold about each cited work now: notices (with their identifiers
and dates), publication types, a trial's status and results date, a label's version, the
abstract. The review report shows it, ``approve`` records it, ``watch`` compares it.

One work is one set of identifiers (:class:`Work`); many letters cite the same work, and
:func:`survey` asks for each distinct work once, through the check's cached, batched
lookups (:func:`~mi_refs.registries.lookup.gather` for PubMed and Crossref, the
ClinicalTrials.gov batches, DailyMed's label histories through
:func:`~mi_refs.check.labelstate.label_states_in`): requests grow with the distinct
works, never the letters.
With a warm cache (the check of the same run just asked) it asks nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mi_refs.check.labels import label_setid
from mi_refs.check.labelstate import label_states_in
from mi_refs.check.trials import registration_nct
from mi_refs.check.verify import REGISTRY_KINDS
from mi_refs.errors import RegistryResponseError
from mi_refs.model import Reference
from mi_refs.registries.crossref import record_from_work
from mi_refs.registries.dailymed import LabelState
from mi_refs.registries.lookup import Lookup, gather
from mi_refs.registries.pubmed import record_from_esummary
from mi_refs.registries.records import Notice, RegistryRecord

__all__ = ["State", "Work", "notice_key", "survey", "work_of"]


@dataclass(frozen=True, slots=True, order=True)
class Work:
    """The identifiers of one cited work: PMID, DOI (lower case), NCT number, DailyMed
    set id. Two entries with the same identifiers are one work."""

    pmid: str = ""
    doi: str = ""
    nct: str = ""
    setid: str = ""

    def __bool__(self) -> bool:
        return bool(self.pmid or self.doi or self.nct or self.setid)

    @property
    def name(self) -> str:
        """``PMID 36669360``, ``doi:10.x/y``, ``NCT04703621``, ``DailyMed set id ...``."""
        parts = [
            f"PMID {self.pmid}" if self.pmid else "",
            f"doi:{self.doi}" if self.doi else "",
            self.nct,
            f"DailyMed set id {self.setid}" if self.setid else "",
        ]
        return ", ".join(part for part in parts if part)

    def as_dict(self) -> dict[str, str]:
        return {"pmid": self.pmid, "doi": self.doi, "nct": self.nct, "setid": self.setid}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Work:
        return cls(*(str(data.get(name) or "") for name in ("pmid", "doi", "nct", "setid")))


def work_of(reference: Reference) -> Work:
    """The registry identifiers of an entry, as the check asks for them (PMID and DOI
    of the kinds PubMed and Crossref hold; the NCT of a registration; the set id of a
    label)."""
    held = reference.kind in REGISTRY_KINDS
    found = registration_nct(reference)
    return Work(
        reference.pmid if held else "",
        reference.doi.lower() if held else "",
        found[2] if found is not None else "",
        label_setid(reference),
    )


@dataclass(frozen=True, slots=True)
class State:
    """What the registries said about one work. ``answered``/``unanswered`` name the
    registries (``pubmed``, ``crossref``, ``ctgov``, ``dailymed``) asked about it."""

    answered: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()
    pmid: str = ""  # the PMID the work has (its own, or PubMed's for its DOI)
    doi: str = ""
    types: tuple[str, ...] = ()  # PubMed publication types, then Crossref's work type
    notices: tuple[Notice, ...] = ()
    trial: Mapping[str, Any] | None = None
    label: Mapping[str, Any] | None = None
    abstract: tuple[tuple[str, str], ...] = field(default=())  # (label, text) sections


def notice_key(notice: Notice) -> tuple[str, str]:
    """One notice as the registries name it, whichever registry reports it."""
    ident = notice.doi.lower() or (f"pmid:{notice.pmid}" if notice.pmid else "")
    return notice.kind.value, ident or notice.citation.lower()


def _merged(records: Sequence[RegistryRecord], extra: Sequence[Notice]) -> tuple[Notice, ...]:
    """The notices of every record, each once (the dated or identified copy kept)."""
    out: dict[tuple[str, str], Notice] = {}
    for notice in [n for record in records for n in record.notices] + list(extra):
        key = notice_key(notice)
        if key[1] == "" and any(k[0] == key[0] for k in out):
            continue  # an anonymous copy of a named notice
        kept = out.get(key)
        if kept is None or (not kept.date and notice.date):
            out[key] = notice
    return tuple(out.values())


def _record(convert: Any, document: Any) -> RegistryRecord | None:
    if not document:
        return None
    try:
        record: RegistryRecord = convert(document)
    except RegistryResponseError:
        return None
    return record


_TRIAL_FIELDS = (
    "nctId", "overallStatus", "whyStopped", "lastKnownStatus", "statusVerifiedDate",
    "lastUpdatePosted", "resultsFirstPosted", "hasResults",
)  # fmt: skip


def survey(works: Sequence[Work], run: Lookup, *, abstracts: bool = False) -> dict[Work, State]:
    """The state of each distinct work in ``works`` (see the module docstring);
    ``abstracts``: also the PubMed abstract of each work PubMed holds."""
    distinct = sorted({work for work in works if work})
    pmids = [w.pmid for w in distinct if w.pmid]
    dois = [w.doi for w in distinct if w.doi]
    answers = gather(
        pmids,
        dois,
        [w.doi for w in distinct if w.doi and not w.pmid],
        run,
        lambda message: None,
        need_doi=[w.pmid for w in distinct if w.pmid and not w.doi],
    )
    trials = _trials([w.nct for w in distinct if w.nct], run)
    setids = [w.setid for w in distinct if w.setid]
    labels, _ = label_states_in(run, setids, effective=False) if setids else ({}, ())
    states: dict[Work, State] = {}
    for work in distinct:
        pmid = work.pmid or answers.doi_pmids.get(work.doi, "")
        doi = work.doi or answers.pmid_dois.get(work.pmid, "")
        pubmed = _record(record_from_esummary, answers.pubmed.get(pmid)) if pmid else None
        crossref = _record(record_from_work, answers.crossref.get(doi)) if doi else None
        answered: list[str] = []
        unanswered: list[str] = []
        for name, wanted, kind, ident in (
            ("pubmed", bool(pmid or work.doi), "pubmed", pmid),
            ("crossref", bool(doi), "crossref", doi),
            ("ctgov", bool(work.nct), "ctgov", work.nct),
        ):
            if wanted:
                asked = run.answered(kind, ident) if ident else run.answered("pubmed-doi", work.doi)
                (answered if asked else unanswered).append(name)
        if work.setid:
            (answered if work.setid in labels else unanswered).append("dailymed")
        records = [r for r in (pubmed, crossref) if r is not None]
        trial = trials.get(work.nct)
        states[work] = State(
            tuple(answered),
            tuple(unanswered),
            pmid,
            doi,
            tuple((pubmed.types if pubmed else ()) + (crossref.types if crossref else ())),
            _merged(records, answers.details.get(pmid, ())),
            {name: trial.get(name) for name in _TRIAL_FIELDS} if trial else None,
            _label(labels.get(work.setid)) if work.setid else None,
        )
    if abstracts:
        found = _abstracts([s.pmid for s in states.values() if s.pmid], run)
        for work, state in states.items():
            sections = found.get(state.pmid)
            if sections:
                states[work] = _with_abstract(state, sections)
    return states


def _label(state: LabelState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        "setid": state.setid,
        "version": state.version,
        "published": state.published,
        "title": state.title,
        "labeler": state.labeler,
    }


def _with_abstract(state: State, sections: tuple[tuple[str, str], ...]) -> State:
    return State(
        state.answered, state.unanswered, state.pmid, state.doi, state.types, state.notices,
        state.trial, state.label, sections,
    )  # fmt: skip


def _trials(ncts: Sequence[str], run: Lookup) -> dict[str, Mapping[str, Any]]:
    client = run.registries.ctgov if run.registries is not None else None

    def fetch(ids: list[str]) -> Mapping[str, Any]:
        return client.studies(ids) if client is not None else {}

    found = run.documents("ctgov", list(ncts), fetch)
    return {nct: document for nct, document in found.items() if document}


def _abstracts(pmids: Sequence[str], run: Lookup) -> dict[str, tuple[tuple[str, str], ...]]:
    pubmed = run.registries.pubmed if run.registries is not None else None

    def fetch(ids: list[str]) -> Mapping[str, Any]:
        return pubmed.abstracts(ids) if pubmed is not None else {}

    found = run.documents("pubmed-abstract", list(dict.fromkeys(pmids)), fetch)
    return {
        pmid: tuple((s.get("label", ""), s.get("text", "")) for s in document.get("sections", []))
        for pmid, document in found.items()
        if document
    }
