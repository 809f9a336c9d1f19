"""``add NCT...``: a full trial-registration entry from ClinicalTrials.gov (issue 19).

The entry is the documented registration form (docs/bibtex.md): ``@online`` with
``entrysubtype = {registration}``, the registry's official title (else its brief title)
as ``title``, its acronym as ``shorttitle``, ``organization = {ClinicalTrials.gov}``, the
current NCT number as ``number``, the study URL, ``date`` = the last update posted and
``urldate`` = today. An obsolete alias adds the current registration, with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from mi_refs.model import Finding, Kind, Reference, Severity
from mi_refs.registries.ctgov import canonical_nct

__all__ = ["alias_finding", "parse_nct", "registration_from_trial"]

_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?clinicaltrials\.gov/(?:study|ct2/show(?:/record)?)/(NCT\d+)",
    re.IGNORECASE,
)


def parse_nct(text: str) -> str:
    """The canonical NCT number of ``text`` (bare, or a ClinicalTrials.gov study URL, new
    or classic), ``""`` when it is neither."""
    raw = text.strip()
    match = _URL.match(raw)
    return canonical_nct(match.group(1) if match else raw)


def registration_from_trial(trial: Mapping[str, Any], today: dt.date) -> Reference:
    """The registration entry for a trial document (key left empty)."""
    nct = str(trial["nctId"])
    title = str(trial.get("officialTitle") or trial.get("briefTitle") or "")
    posted = str(trial.get("lastUpdatePosted", ""))
    url = f"https://clinicaltrials.gov/study/{nct}"
    values = (
        ("entrysubtype", "registration"),
        ("title", title),
        ("shorttitle", str(trial.get("acronym", ""))),
        ("organization", "ClinicalTrials.gov"),
        ("number", nct),
        ("url", url),
        ("date", posted),
        ("urldate", today.isoformat()),
    )
    return Reference(
        key="",
        entry_type="online",
        kind=Kind.REGISTRATION,
        title=title,
        year=posted[:4],
        organization="ClinicalTrials.gov",
        number=nct,
        url=url,
        urldate=today,
        fields=tuple((name, value) for name, value in values if value),
    )


def alias_finding(asked: str, trial: Mapping[str, Any]) -> Finding | None:
    """A warning when ``asked`` is an obsolete alias of the trial's current NCT."""
    current = str(trial.get("nctId", ""))
    if not current or current == asked:
        return None
    return Finding(
        "obsolete-identifier",
        Severity.WARNING,
        f"{asked} is an obsolete alias of {current}: added as {current}",
        field="number",
        stored=asked,
        registry=current,
        source="ctgov",
    )
