"""Papers and trials together (issue 19, item 3).

- A registration COMPLETED whose ClinicalTrials.gov record lists result publications
  (``referencesModule``, type RESULT) none of which the bibliography cites: info
  ``trial-results`` with the PMIDs. DERIVED references (added by ClinicalTrials.gov from
  PubMed records that name the NCT, often background or preclinical papers) are never
  taken as results.
- An article whose PubMed record names its trial (``DataBankList``, efetch XML, one
  batched request for the bibliography's articles, cached; asked only when the
  bibliography cites a registration or an article names an NCT in a note):
  - the article's own entry names another NCT (``note``, ``addendum``, ``annotation``):
    ``id-conflict`` warning;
  - a registration in the bibliography whose NCT is one digit (or one swap of two
    neighbouring digits) away from the article's and is not the article's trial, when
    the article's own registration is not cited: ``id-conflict`` warning on the
    registration, the article's NCT as the suggestion (a mistyped number cited beside
    the paper).

The bibliography is all ``check`` has: "beside" is read as "in the same bibliography"
for numbers that differ by one typing slip, never for any two trials.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from mi_refs.check.findings import entry_finding
from mi_refs.check.parts import one_slip_apart
from mi_refs.model import Finding, Kind, Reference, Severity
from mi_refs.registries.ctgov import canonical_nct
from mi_refs.registries.lookup import Answers, Lookup

__all__ = ["check_pairs", "one_slip_apart"]

_NCT = re.compile(r"\bnct\s*\d{8}\b", re.IGNORECASE)
_NOTE_FIELDS = ("note", "addendum", "annotation", "annote")


def _noted_ncts(reference: Reference) -> list[str]:
    text = " ".join(reference.get(name) for name in _NOTE_FIELDS)
    return list(dict.fromkeys(canonical_nct(m.group(0)) for m in _NCT.finditer(text)))


def _pmid(reference: Reference, answers: Answers) -> str:
    return reference.pmid or answers.doi_pmids.get(reference.doi.lower(), "")


def check_pairs(
    references: Sequence[Reference],
    run: Lookup,
    answers: Answers,
    trials: Mapping[str, tuple[Reference, Mapping[str, Any] | None]],
) -> list[Finding]:
    """The paper-and-trial findings (see the module's description); ``trials``: the
    registrations cited and ClinicalTrials.gov's documents (``None``: not found), by NCT
    number."""
    cited = {pmid for reference in references if (pmid := _pmid(reference, answers))}
    findings = [_results(reference, trial or {}, cited) for reference, trial in trials.values()]
    out = [finding for finding in findings if finding is not None]
    articles = [
        (reference, pmid)
        for reference in references
        if reference.kind in {Kind.ARTICLE, Kind.ABSTRACT} and (pmid := _pmid(reference, answers))
    ]
    noted = {reference.key: _noted_ncts(reference) for reference, _ in articles}
    if not articles or not (trials or any(noted.values())):
        return out
    banks = _databanks(run, [pmid for _, pmid in articles])
    for reference, pmid in articles:
        reported = list((banks.get(pmid) or {}).get("ncts", []))
        if not reported:
            continue
        out += _noted(reference, noted[reference.key], reported)
        out += _slips(reference, reported, trials)
    return out


def _databanks(run: Lookup, pmids: list[str]) -> dict[str, Any]:
    pubmed = run.registries.pubmed if run.registries is not None else None
    return run.documents(
        "pubmed-databank", pmids, lambda ids: pubmed.databanks(ids) if pubmed else {}
    )


def _results(reference: Reference, trial: Mapping[str, Any], cited: set[str]) -> Finding | None:
    results = trial.get("resultPmids")
    if str(trial.get("overallStatus", "")).upper() != "COMPLETED" or not results:
        return None  # not completed, none listed, or an answer from before they were asked
    if cited.intersection(results):
        return None
    listed = ", ".join(f"PMID {pmid}" for pmid in results)
    return entry_finding(
        reference, "trial-results", Severity.INFO,
        f"{trial.get('nctId')} is completed and ClinicalTrials.gov lists its results "
        f"publications ({listed}): the bibliography cites none of them",
        registry=", ".join(results), source="ctgov",
    )  # fmt: skip


def _noted(reference: Reference, noted: list[str], reported: list[str]) -> list[Finding]:
    wrong = [nct for nct in noted if nct and nct not in reported]
    if not wrong:
        return []
    return [entry_finding(
        reference, "id-conflict", Severity.WARNING,
        f"the entry names {', '.join(wrong)} but PubMed lists this article under "
        f"{', '.join(reported)}: which trial does it report?",
        field="note", stored=", ".join(wrong), registry=", ".join(reported), source="pubmed",
    )]  # fmt: skip


def _slips(
    article: Reference,
    reported: list[str],
    trials: Mapping[str, tuple[Reference, Mapping[str, Any] | None]],
) -> list[Finding]:
    if any(nct in trials for nct in reported):
        return []  # the article's own registration is cited
    out = []
    for nct, (registration, _) in trials.items():
        near = [x for x in reported if one_slip_apart(x, nct)]
        if near:
            out.append(entry_finding(
                registration, "id-conflict", Severity.WARNING,
                f"{nct} is one typing slip from {near[0]}, the trial that {article.key} "
                f"reports (PubMed): is the NCT number mistyped?",
                field="number", stored=nct, registry=near[0], suggestion=near[0],
                source="pubmed",
            ))  # fmt: skip
    return out
