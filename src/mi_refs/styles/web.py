"""The pieces of web sources and trial registrations that Citing Medicine prints and the
data rarely holds: a date span (``2007-2011``, copyright ``c1995-2007``), an extent
(``[about 6 screens]``, ``24 p.``) and, for a trial registry mi-refs knows, the
registry database's place, publisher and start date (Citing Medicine's "part of a
database on the Internet", the form NLM gives for ClinicalTrials.gov records).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mi_refs.bibtex.normalize import parse_date
from mi_refs.model import Reference

__all__ = ["Registry", "date_span", "extent", "known_registry", "plain_year", "registry_name"]


@dataclass(frozen=True, slots=True)
class Registry:
    """A trial registry as a database on the Internet: its name as printed, place of
    publication, publisher and the date it went online (NLM form)."""

    name: str
    place: str
    publisher: str
    started: str
    prefix: str  # the identifiers' prefix (NCT00287391)


# Each as printed in the table of "How to cite a record on a clinical trials register"
# (https://www.scribd.com/document/489950919/How-to-cite), which follows Citing Medicine's
# "part of a database on the Internet".
_REGISTRIES = (
    Registry(
        "ClinicalTrials.gov", "Bethesda (MD)", "National Library of Medicine (US)",
        "2000 Feb 29", "NCT",
    ),
    Registry(
        "Australian New Zealand Clinical Trials Registry", "Sydney (NSW)",
        "NHMRC Clinical Trials Centre, University of Sydney (Australia)", "2005", "ACTRN",
    ),
    Registry(
        "Chinese Clinical Trial Register", "Chengdu (Sichuan)", "Ministry of Health (China)",
        "2007 Jun 27", "ChiCTR",
    ),
)  # fmt: skip
_ALIASES = {"anzctr": 1, "chictr": 2, "clinicaltrials.gov": 0, "clinicaltrials": 0}


def known_registry(reference: Reference) -> Registry | None:
    """The registry a registration names (``organization``; none means
    ClinicalTrials.gov) or whose identifier it holds, if mi-refs knows it."""
    named = reference.organization.strip()
    if named:
        lower = named.lower()
        for registry in _REGISTRIES:
            if registry.name.lower() == lower:
                return registry
        index = _ALIASES.get(lower.split(" (")[0])
        return _REGISTRIES[index] if index is not None else None
    number = reference.number.strip()
    for registry in _REGISTRIES:
        if number.startswith(registry.prefix):
            return registry
    return _REGISTRIES[0] if not number or number[:1].isdigit() else None


def registry_name(reference: Reference) -> str:
    """The registry as printed: ``organization`` as written, else the registry whose
    identifier the entry holds (``ACTRN...``), else ClinicalTrials.gov."""
    if reference.organization:
        return reference.organization
    registry = known_registry(reference)
    return registry.name if registry is not None else "ClinicalTrials.gov"


_COPYRIGHT = re.compile(r"^c\s?(\d{4})(?:\s*[-/–]\s*(\d{2,4}))?$")


def date_span(reference: Reference) -> str:
    """A span of years as Citing Medicine prints it: ``2007-2011`` for ``date =
    {2007/2011}``, ``c1995-2007`` for ``year = {c1995-2007}`` (a copyright date), ``""``
    for anything else (a single date prints the usual way)."""
    copyright_ = _COPYRIGHT.match(reference.year.strip()) if reference.year[:1] == "c" else None
    if copyright_ is not None:
        first, last = copyright_.groups()
        return f"c{first}-{last}" if last else f"c{first}"
    date = reference.get("date")
    if "/" not in date:
        return ""
    start, slash, end = date.strip().partition("/")
    if not slash or not end:
        return ""
    first_date, last_date = parse_date(start), parse_date(end)
    if first_date is None or last_date is None or first_date[1] or last_date[1]:
        return ""
    return f"{first_date[0]}-{last_date[0]}"


def plain_year(year: str) -> str:
    """A copyright year without its ``c`` (``c2006`` gives ``2006``, ``c1995-2007`` gives
    ``1995-2007``), for styles that print no copyright mark (AMA); other years as given."""
    match = _COPYRIGHT.match(year.strip()) if year[:1] == "c" else None
    if match is None:
        return year
    first, last = match.groups()
    return f"{first}-{last}" if last else first


def extent(reference: Reference, *, bracketed: bool = False) -> str:
    """``pagetotal`` as an extent: digits are pages (``24`` gives ``24 p``), other text
    (``about 6 screens``, ``1 page``) as written; with ``bracketed`` an estimate is put in
    brackets, as Citing Medicine prints the extent of a web page (``[about 6 screens]``)."""
    total = reference.get("pagetotal").strip().strip("[]").rstrip(".")
    if not total:
        return ""
    if total.isdigit():
        return f"{total} p"
    return f"[{total}]" if bracketed else total
