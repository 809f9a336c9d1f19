"""ClinicalTrials.gov API v2: trial registrations by NCT number.

Requests (``docs/performance.md``): ``/studies?filter.ids=...&fields=...&pageSize=1000``
for up to :data:`BATCH` ids at once, then ``/studies/{nct}`` alone for each id a batch did
not return. ``filter.ids`` also matches obsolete aliases and answers in no order, so
answers are mapped back through ``nctId`` *and* ``nctIdAliases``; a study answered for
another NCT than the one asked (a 301 followed, or an alias in a batch) is an alias.
Error bodies (404, 400) are plain text and never parsed: 404 is "not found". With
``fields=`` a field that is absent was not asked, never "false" (``has_results`` stays
``None``). At most :data:`RATE` request a second (no documented limit; 429s are seen).

Each answer is kept as a small *trial* document (:func:`trial_from_study`), the form the
cache stores and ``check/trials`` judges.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

from mi_refs.errors import RegistryHTTPError, RegistryResponseError
from mi_refs.registries.answers import ask_in_batches
from mi_refs.registries.http import ServiceClient, decode_json, where

__all__ = [
    "DEFAULT_CTGOV_URL",
    "FIELDS",
    "CtgovClient",
    "canonical_nct",
    "trial_from_study",
]

DEFAULT_CTGOV_URL = "https://clinicaltrials.gov/api/v2"
RATE = 1.0  # requests a second, at most
BATCH = 100  # ids per filter.ids request (URL length stays well under limits)
FIELDS = (
    "NCTId,NCTIdAlias,Acronym,BriefTitle,OfficialTitle,OverallStatus,LastKnownStatus,"
    "WhyStopped,StatusVerifiedDate,LastUpdatePostDate,ResultsFirstPostDate,HasResults,Reference"
)
_NCT = re.compile(r"^\s*nct\s*0*([1-9]\d{0,7})\s*$", re.IGNORECASE)


def canonical_nct(text: str) -> str:
    """``NCT`` + 8 digits for what the API would accept (``nct4437511`` ->
    ``NCT04437511``); ``""`` when ``text`` is not an NCT number."""
    match = _NCT.match(text)
    return f"NCT{int(match.group(1)):08d}" if match else ""


def _date(module: Mapping[str, Any], name: str) -> str:
    value = module.get(name)
    return str(value.get("date", "") or "") if isinstance(value, Mapping) else ""


def trial_from_study(study: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the checks use from one v2 study (``protocolSection`` + ``hasResults``):
    raises :class:`RegistryResponseError` when it has no NCT number."""
    protocol = study.get("protocolSection")
    if not isinstance(protocol, Mapping):
        raise RegistryResponseError("ctgov", "a study without protocolSection")
    ident = protocol.get("identificationModule") or {}
    status = protocol.get("statusModule") or {}
    if not isinstance(ident, Mapping) or not isinstance(status, Mapping):
        raise RegistryResponseError("ctgov", "a study with modules of the wrong shape")
    nct = canonical_nct(str(ident.get("nctId", "")))
    if not nct:
        raise RegistryResponseError("ctgov", "a study without a valid nctId")
    aliases = [canonical_nct(str(a)) for a in ident.get("nctIdAliases", []) or []]
    module = protocol.get("referencesModule") or {}
    listed = module.get("references", []) if isinstance(module, Mapping) else []
    references = [r for r in listed or [] if isinstance(r, Mapping) and str(r.get("pmid", ""))]
    has_results = study.get("hasResults")
    return {
        "nctId": nct,
        "aliases": [alias for alias in aliases if alias],
        "briefTitle": str(ident.get("briefTitle", "") or ""),
        "officialTitle": str(ident.get("officialTitle", "") or ""),
        "acronym": str(ident.get("acronym", "") or ""),
        "overallStatus": str(status.get("overallStatus", "") or ""),
        "lastKnownStatus": str(status.get("lastKnownStatus", "") or ""),
        "whyStopped": str(status.get("whyStopped", "") or ""),
        "statusVerifiedDate": str(status.get("statusVerifiedDate", "") or ""),
        "lastUpdatePosted": _date(status, "lastUpdatePostDateStruct"),
        "resultsFirstPosted": _date(status, "resultsFirstPostDateStruct"),
        "hasResults": has_results if isinstance(has_results, bool) else None,
        "asked": "",
        # sponsor-entered RESULT references; DERIVED ones (added by ClinicalTrials.gov from
        # PubMed records naming the NCT) are kept apart and never taken as results
        "resultPmids": [str(r["pmid"]) for r in references if r.get("type") == "RESULT"],
        "derivedPmids": [str(r["pmid"]) for r in references if r.get("type") == "DERIVED"],
    }


class CtgovClient:
    """ClinicalTrials.gov v2, one request at a time, at most one a second."""

    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    @classmethod
    def create(cls, base_url: str | None = None, *, user_agent: str, **options: Any) -> CtgovClient:
        options.setdefault("rate", RATE)
        options["rate"] = min(float(options["rate"]), RATE)
        http = ServiceClient(
            "ctgov", base_url or DEFAULT_CTGOV_URL, user_agent=user_agent, **options
        )
        return cls(http)

    def study(self, nct: str) -> dict[str, Any] | None:
        """One registration asked alone: its trial document (``asked`` = ``nct`` when the
        answer is another study: an alias, redirect followed); ``None`` on 404."""
        try:
            response = self.http.get(f"studies/{urllib.parse.quote(nct, safe='')}")
        except RegistryHTTPError as exc:
            if exc.status == 404:
                return None
            raise
        payload = decode_json("ctgov", response)
        if not isinstance(payload, dict):
            raise RegistryResponseError("ctgov", f"answer from {where(response.url)} not a study")
        trial = trial_from_study(payload)
        if trial["nctId"] != nct:
            trial["asked"] = nct
        return trial

    def studies(self, ncts: Iterable[str], *, batch: int | None = None) -> dict[str, Any]:
        """Trial documents by canonical NCT (``None``: not found), batched; ids a batch
        did not return are asked alone (404 = not found). Ids left unanswered are left
        out (:class:`~mi_refs.errors.RegistryPartialError`)."""
        wanted = [nct for nct in dict.fromkeys(ncts) if nct]
        found = ask_in_batches("ctgov", wanted, batch or BATCH, self._batch)
        missing = [nct for nct in wanted if found.get(nct) is None]
        if not missing:
            return found
        alone = ask_in_batches("ctgov", missing, 1, lambda group: {group[0]: self.study(group[0])})
        found.update(alone)
        return found

    def _batch(self, group: list[str]) -> dict[str, Any]:
        params = {"filter.ids": ",".join(group), "fields": FIELDS, "pageSize": "1000"}
        response = self.http.get("studies", params=params)
        payload = decode_json("ctgov", response)
        studies = payload.get("studies") if isinstance(payload, dict) else None
        if not isinstance(studies, list):
            raise RegistryResponseError(
                "ctgov", f"answer from {where(response.url)} has no studies"
            )
        out: dict[str, Any] = {}
        asked = set(group)
        for study in studies:
            if not isinstance(study, dict):
                raise RegistryResponseError("ctgov", "a study that is not an object")
            trial = trial_from_study(study)
            if trial["nctId"] in asked:
                out[trial["nctId"]] = trial
            for alias in trial["aliases"]:
                if alias in asked and alias != trial["nctId"]:
                    out[alias] = {**trial, "asked": alias}
        return out
