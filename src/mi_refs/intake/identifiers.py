"""Identifiers ``add`` takes: PMIDs, DOIs, PMCIDs, NCT numbers and DailyMed set ids, bare
or as a URL of one (:func:`parse_identifier`), and the identifiers an entry already has
(:func:`identifier_labels`, :func:`existing_identifiers`), the one way both are written
(``pmid:1``, ``doi:10.x/y`` in lower case, ``pmcid:PMC1``, ``nct:NCT...``,
``setid:...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mi_refs.bibtex.normalize import normalize_doi, normalize_pmcid, normalize_pmid
from mi_refs.check.labels import label_setid
from mi_refs.intake.label import parse_setid
from mi_refs.intake.trial import parse_nct
from mi_refs.model import Bibliography, Reference

__all__ = ["Identifier", "existing_identifiers", "identifier_labels", "parse_identifier"]

_PUBMED_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)",
    re.IGNORECASE,
)
_PMC_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc/articles|pmc\.ncbi\.nlm\.nih\.gov/articles"
    r"|europepmc\.org/articles?)/(PMC\d+)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Identifier:
    """One identifier as given (``text``) and read: ``kind`` is ``pmid``, ``doi``,
    ``pmcid``, ``nct`` or ``setid``; ``value`` its normal form (a DOI keeps its case)."""

    text: str
    kind: str
    value: str

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.value}"


def parse_identifier(text: str) -> Identifier | None:
    """A PMID, DOI or PMCID, bare or as a URL (``https://pubmed.ncbi.nlm.nih.gov/1/``,
    ``https://doi.org/10.x/y``, ``https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1/``),
    or ``None`` when it is none of them."""
    raw = text.strip()
    if nct := parse_nct(raw):
        return Identifier(text, "nct", nct)
    if setid := parse_setid(raw):
        return Identifier(text, "setid", setid)
    if match := _PUBMED_URL.match(raw):
        return Identifier(text, "pmid", str(int(match.group(1))))
    if match := _PMC_URL.match(raw):
        return Identifier(text, "pmcid", match.group(1).upper())
    if re.match(r"^(?:https?://)?(?:dx\.)?doi\.org/", raw, re.IGNORECASE) or "10." in raw[:8]:
        doi = normalize_doi(re.sub(r"^(?:https?://)?(?:dx\.)?doi\.org/", "", raw, flags=re.I))
        if doi:
            return Identifier(text, "doi", doi.rstrip("."))
    if raw.upper().startswith(("PMC", "PMCID")):
        pmcid = normalize_pmcid(raw)
        return Identifier(text, "pmcid", pmcid) if pmcid else None
    pmid = normalize_pmid(raw)
    if pmid:
        return Identifier(text, "pmid", pmid)
    doi = normalize_doi(raw)
    return Identifier(text, "doi", doi) if doi else None


def identifier_labels(reference: Reference) -> list[str]:
    """The identifiers ``reference`` has, as labels (a DOI in lower case)."""
    pairs = (
        ("pmid", reference.pmid),
        ("doi", reference.doi.lower()),
        ("pmcid", reference.pmcid),
        ("nct", parse_nct(reference.number)),
        ("setid", label_setid(reference)),
    )
    return [f"{kind}:{value}" for kind, value in pairs if value]


def existing_identifiers(bib: Bibliography) -> dict[str, str]:
    """Each identifier label of ``bib`` to the (first) key that has it."""
    found: dict[str, str] = {}
    for reference in bib:
        for label in identifier_labels(reference):
            found.setdefault(label, reference.key)
    return found
