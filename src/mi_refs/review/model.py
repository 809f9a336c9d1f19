"""The review report's content (pure): one card per reference of the letter's list, the
claim map under each, the statuses with their dates and evidence, the needs-review
lookups. The HTML, JSON and CSV writers only print it.

Statuses, gravest first (:data:`STATUSES`): a card's status is the gravest of its lines;
``verified`` only when a registry answered and nothing grave was found.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mi_refs.model import Finding, Severity
from mi_refs.review.claims import Occurrence
from mi_refs.review.numbers import NumberCheck
from mi_refs.review.survey import State

__all__ = [
    "GRAVE",
    "STATUSES",
    "Card",
    "Difference",
    "Review",
    "StatusLine",
    "dailymed_url",
    "evidence_url",
    "status_lines",
]

STATUSES: dict[str, str] = {
    "retracted": "retracted",
    "replaced": "replaced (retracted or corrected and republished)",
    "superseded": "superseded by a newer version",
    "expression-of-concern": "expression of concern",
    "corrected": "corrected",
    "label-newer": "a newer label version",
    "trial-stopped": "trial stopped",
    "differs": "differs from the registry",
    "unverified": "unverified",
    "acknowledged": "acknowledged",
    "verified": "verified",
    "unmatched": "no .bib entry",
}
#: statuses whose citing sentences are marked in the letter view
GRAVE = frozenset({"retracted", "replaced", "superseded"})

_DIFFERENCE_CODES = {"field-mismatch", "wrong-work", "id-conflict", "id-not-found"}
_STOPPED = {"WITHDRAWN", "TERMINATED", "SUSPENDED"}


@dataclass(frozen=True, slots=True)
class StatusLine:
    status: str
    message: str
    date: str = ""
    evidence: str = ""  # a URL (doi.org, PubMed, ClinicalTrials.gov)
    acknowledged: str = ""  # the reason, when the finding is acknowledged


@dataclass(frozen=True, slots=True)
class Difference:
    field: str
    stored: str
    registry: str
    source: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class Card:
    """One reference of the letter's list."""

    number: int
    key: str | None
    printed: str  # the list item as the letter prints it ("" when the list is the .bib's)
    rendered_html: str
    rendered_text: str
    identifiers: tuple[tuple[str, str, str], ...]  # (name, value, URL)
    status: str
    lines: tuple[StatusLine, ...]
    differences: tuple[Difference, ...]
    findings: tuple[Finding, ...]
    citing: tuple[int, ...]  # occurrence indexes
    needs: tuple[tuple[int, tuple[NumberCheck, ...]], ...] = ()  # per occurrence
    abstract: bool = False  # PubMed holds an abstract (needs review was looked up)
    printed_differs: bool = False  # the letter prints it otherwise than the .bib renders
    printed_words: tuple[tuple[str, bool], ...] = ()  # printed words, True: not rendered


@dataclass(frozen=True, slots=True)
class Review:
    letter: str
    bib: str | None
    date: str
    version: str
    asked: tuple[str, ...]  # registries asked (with request counts)
    not_asked: tuple[str, ...]  # what could not be asked, and why
    cards: tuple[Card, ...]
    occurrences: tuple[Occurrence, ...]
    letter_findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    style: str = "ama"
    limits: str = ""
    marks: Mapping[int, str] = field(default_factory=dict)  # occurrence -> gravest status

    def card(self, number: int) -> Card | None:
        return next((card for card in self.cards if card.number == number), None)


def evidence_url(ident: str) -> str:
    """A link to the record named by ``doi:...``/a DOI, ``PMID n``/``pmid:n``, an NCT."""
    text = ident.strip()
    lower = text.lower()
    if lower.startswith("doi:"):
        text, lower = text[4:], lower[4:]
    if lower.startswith("10."):
        return "https://doi.org/" + urllib.parse.quote(text, safe="/:;()._-")
    digits = lower.removeprefix("pmid").strip(" :")
    if digits.isdigit():
        return f"https://pubmed.ncbi.nlm.nih.gov/{digits}/"
    if lower.startswith("nct") and lower[3:].isdigit():
        return f"https://clinicaltrials.gov/study/{text.upper()}"
    return ""


def dailymed_url(setid: str) -> str:
    """The DailyMed page of a label's set id (``""`` for none)."""
    if not setid:
        return ""
    return "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=" + urllib.parse.quote(setid)


def _notice_date(state: State | None, ident: str | None) -> str:
    if state is None or not ident:
        return ""
    wanted = ident.lower().removeprefix("doi:")
    for notice in state.notices:
        if wanted in {notice.doi.lower(), notice.pmid} and notice.date:
            return notice.date
    return ""


def _status_of(finding: Finding) -> str | None:
    code = finding.code
    if code == "retracted":
        return "replaced" if finding.suggestion else "retracted"
    if code == "corrected" and finding.suggestion:
        return "replaced"
    if code in {"superseded", "expression-of-concern", "corrected"}:
        return code
    if "label" in code:
        return "label-newer"
    if code == "trial-status" and (finding.registry or "").upper() in _STOPPED:
        return "trial-stopped"
    if code in _DIFFERENCE_CODES and finding.severity is not Severity.INFO:
        return "differs"
    if code in {"unverified", "not-checkable"}:
        return "unverified"
    if code == "identifier-suggested":
        return "verified"  # matched by a registry without an identifier in the entry
    return None


def status_lines(
    findings: Sequence[Finding], state: State | None
) -> tuple[str, tuple[StatusLine, ...], tuple[Difference, ...]]:
    """A card's status, its status lines (gravest first) and its differences."""
    lines: list[StatusLine] = []
    differences: list[Difference] = []
    for finding in findings:
        stored, registry = finding.stored, finding.registry
        if (
            finding.field
            and stored is not None
            and registry is not None
            and (finding.code in _DIFFERENCE_CODES)
        ):
            differences.append(
                Difference(
                    finding.field,
                    stored,
                    registry,
                    finding.source,
                    finding.severity.value,
                    finding.message,
                )
            )
        status = _status_of(finding)
        if status is None:
            continue
        ident = (
            finding.suggestion
            if status in {"replaced", "superseded", "verified"}
            else finding.registry
        )
        date = _notice_date(state, finding.registry) or _notice_date(state, finding.suggestion)
        link = evidence_url(ident or "")
        if status == "trial-stopped" and state is not None and state.trial:
            date = str(state.trial.get("lastUpdatePosted") or "")
            link = evidence_url(str(state.trial.get("nctId") or ""))
        if status == "label-newer" and state is not None and state.label:
            date = str(state.label.get("published") or "")
            link = dailymed_url(str(state.label.get("setid") or ""))
        lines.append(
            StatusLine(
                "acknowledged" if finding.acknowledged else status,
                f"{STATUSES[status]}: {finding.message}"
                if finding.acknowledged
                else finding.message,
                date,
                link,
                finding.acknowledged or "",
            )
        )
    order = list(STATUSES)
    lines.sort(key=lambda line: order.index(line.status))
    answered = state is not None and bool(state.answered)
    if not lines and answered and state is not None:
        link = evidence_url(state.doi or state.pmid or "")
        if state.trial:
            link = evidence_url(str(state.trial.get("nctId") or ""))
        lines.append(StatusLine("verified", f"as {', '.join(state.answered)} hold it", "", link))
    elif not lines:
        lines.append(StatusLine("unverified", "no registry was asked about this reference"))
    return lines[0].status, tuple(lines), tuple(differences)
