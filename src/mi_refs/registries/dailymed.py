"""DailyMed web services v2: US prescribing information (SPL labels) by set id.

Requests (``docs/performance.md``), one at a time, at most :data:`RATE` a second (no
published limit; public clients serialise with small delays):

- ``/spls/{setid}/history.json?pagesize=100``: the label's versions, newest first, its
  title (``PRODUCT (GENERIC) FORM [LABELER]``): what every check needs. 404, or an answer
  with no version, is "not found" (a typo, a version id pasted in place of the set id, a
  label removed from DailyMed).
- ``/spls/{setid}.xml``: the current SPL document (HL7 v3): its version, version id,
  ``effectiveTime`` (the label's own date), title and labeler; asked only when a check
  needs the label's date (~300 KB).
- ``/spls.json?drug_name=...&pagesize=100``: labels by product name, for suggestions; a
  404 is an empty list.

DailyMed writes the string ``"null"`` for empty values and numbers as text or integers
(both are read); ``published_date`` is ``"May 02, 2019"`` and is DailyMed's posting date,
not the label's revision date (``effectiveTime``). Version numbers are not consecutive
(3 then 1): "newer" is ``>``. Each answer is kept as a small document (:func:`label_from_history`,
:func:`spl_from_xml`, :func:`search_items`), the form the cache stores and
``check/labels`` judges; :class:`LabelState` is one label's state for callers (the
review lock file, ``watch``).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from mi_refs.errors import RegistryHTTPError, RegistryResponseError
from mi_refs.registries.answers import ask_in_batches, clean_text
from mi_refs.registries.http import ServiceClient, decode_json, where

__all__ = [
    "DEFAULT_DAILYMED_URL",
    "DailymedClient",
    "LabelState",
    "canonical_setid",
    "label_from_history",
    "labeler_of",
    "search_items",
    "setid_from_url",
    "spl_from_xml",
]

DEFAULT_DAILYMED_URL = "https://dailymed.nlm.nih.gov/dailymed/services/v2"
RATE = 2.0  # requests a second, at most
PAGE = "100"  # versions (history) or labels (search) per page: DailyMed's maximum
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_UUID_IN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_LABELER = re.compile(r"\[([^\[\]]+)\]\s*$")
_HL7 = "{urn:hl7-org:v3}"
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}


def canonical_setid(text: str) -> str:
    """The set id (a lower-case UUID) ``text`` is, ``""`` when it is none."""
    value = text.strip().lower()
    return value if _UUID.match(value) else ""


def setid_from_url(url: str) -> str:
    """The set id a DailyMed URL names (``drugInfo.cfm?setid=``, ``lookup.cfm?setid=``,
    ``getFile.cfm?setid=``, ``/spls/{setid}``) as written, ``""`` for other URLs."""
    parts = urllib.parse.urlsplit(url.strip())
    if not (parts.hostname or "").lower().endswith("dailymed.nlm.nih.gov"):
        return ""
    for name, value in urllib.parse.parse_qsl(parts.query):
        if name.lower() == "setid" and value.strip():
            return value.strip()
    match = re.search(r"/spls/([^/.?]+)", parts.path)
    return match.group(1) if match and _UUID_IN.fullmatch(match.group(1)) else ""


def labeler_of(title: str) -> str:
    """The labeler DailyMed names at the end of a label title (``... [PFIZER INC]``)."""
    match = _LABELER.search(title)
    return match.group(1).strip() if match else ""


def published_iso(text: str) -> str:
    """``"May 02, 2019"`` as ``2019-05-02``; ``""`` when it is not such a date."""
    match = re.match(r"^\s*([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})", text or "")
    if not match or match.group(1).lower() not in _MONTHS:
        return ""
    month, day, year = _MONTHS[match.group(1).lower()], int(match.group(2)), int(match.group(3))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def _text(value: Any) -> str:
    """A DailyMed value as text: ``None`` and the string ``"null"`` are empty."""
    if value is None or isinstance(value, bool):
        return ""
    text = clean_text(str(value)).strip()
    return "" if text.lower() == "null" else text


def _version(value: Any) -> int | None:
    text = _text(value)
    return int(text) if text.isdigit() and len(text) < 9 else None


def label_from_history(payload: Any, setid: str) -> dict[str, Any] | None:
    """The label document of a ``history.json`` answer for ``setid``: ``{setid, title,
    labeler, versions: [{version, published}], total}`` (newest first), ``None`` when it
    lists no version (not found); :class:`RegistryResponseError` for another shape or
    another label's answer."""
    data = payload.get("data") if isinstance(payload, Mapping) else None
    if not isinstance(data, Mapping):
        raise RegistryResponseError("dailymed", "a history answer without data")
    spl = data.get("spl") or {}
    history = data.get("history") or []
    if not isinstance(spl, Mapping) or not isinstance(history, list):
        raise RegistryResponseError("dailymed", "a history answer of the wrong shape")
    answered = canonical_setid(_text(spl.get("setid")))
    if answered and answered != setid:
        raise RegistryResponseError("dailymed", f"asked for {setid}, answered {answered}")
    versions = []
    for row in history:
        if not isinstance(row, Mapping):
            raise RegistryResponseError("dailymed", "a history row that is not an object")
        version = _version(row.get("spl_version"))
        if version is not None:
            published = _text(row.get("published_date"))
            versions.append({"version": version, "published": published_iso(published)})
    if not versions:
        return None
    versions.sort(key=lambda row: -int(str(row["version"])))
    metadata = payload.get("metadata") if isinstance(payload, Mapping) else None
    total = _version(metadata.get("total_elements")) if isinstance(metadata, Mapping) else None
    title = _text(spl.get("title"))
    return {
        "setid": setid,
        "title": title,
        "labeler": labeler_of(title),
        "versions": versions,
        "total": total if total is not None else len(versions),
    }


def _find(node: Any, path: str) -> Any:
    return node.find(path.replace("{}", _HL7))


def _all_text(node: Any) -> str:
    return " ".join(" ".join(node.itertext()).split()) if node is not None else ""


def spl_from_xml(body: bytes, setid: str) -> dict[str, Any]:
    """The SPL document's ``{setid, versionId, version, effective (YYYY-MM-DD), title,
    labeler, product, documentType}``; :class:`RegistryResponseError` when the XML is
    unsafe, unreadable or another label's."""
    try:
        root = SafeElementTree.fromstring(body)
    except DefusedXmlException as exc:
        raise RegistryResponseError("dailymed", f"unsafe XML refused ({exc})") from None
    except SafeElementTree.ParseError as exc:
        raise RegistryResponseError("dailymed", f"an SPL that is not XML ({exc})") from None
    if root.tag != f"{_HL7}document":
        raise RegistryResponseError("dailymed", "an answer that is not an SPL document")
    setid_node = _find(root, "{}setId")
    answered = canonical_setid(setid_node.get("root", "") if setid_node is not None else "")
    if answered != setid:
        raise RegistryResponseError("dailymed", f"asked for {setid}, answered {answered or '?'}")
    version_node = _find(root, "{}versionNumber")
    effective_node = _find(root, "{}effectiveTime")
    effective = effective_node.get("value", "") if effective_node is not None else ""
    id_node = _find(root, "{}id")
    code = _find(root, "{}code")
    labeler = _find(root, "{}author/{}assignedEntity/{}representedOrganization/{}name")
    product = _find(root, ".//{}manufacturedProduct/{}manufacturedProduct/{}name")
    version = _version(version_node.get("value", "") if version_node is not None else "")
    return {
        "setid": setid,
        "versionId": canonical_setid(id_node.get("root", "") if id_node is not None else ""),
        "version": version,
        "effective": _effective(effective),
        "title": clean_text(_all_text(_find(root, "{}title"))),
        "labeler": clean_text(_all_text(labeler)),
        "product": clean_text(_all_text(product)),
        "documentType": clean_text(code.get("displayName", "") if code is not None else ""),
    }


def _effective(value: str) -> str:
    """``20140113`` as ``2014-01-13`` (``2014-01`` or ``2014`` when shorter)."""
    digits = value.strip()[:8]
    if not digits.isdigit() or len(digits) not in {4, 6, 8}:
        return ""
    return "-".join(part for part in (digits[:4], digits[4:6], digits[6:8]) if part)


def search_items(payload: Any) -> list[dict[str, Any]]:
    """The labels of a ``spls.json`` answer: ``[{setid, version, title, labeler,
    published}]`` (rows without a valid set id left out)."""
    data = payload.get("data") if isinstance(payload, Mapping) else None
    if not isinstance(data, list):
        raise RegistryResponseError("dailymed", "a search answer without a data list")
    items = []
    for row in data:
        if not isinstance(row, Mapping):
            raise RegistryResponseError("dailymed", "a search row that is not an object")
        setid = canonical_setid(_text(row.get("setid")))
        if setid:
            title = _text(row.get("title"))
            items.append({
                "setid": setid,
                "version": _version(row.get("spl_version")),
                "title": title,
                "labeler": labeler_of(title),
                "published": published_iso(_text(row.get("published_date"))),
            })  # fmt: skip
    return items


@dataclass(frozen=True, slots=True)
class LabelState:
    """What DailyMed says of one label now: its set id, newest SPL version, when that
    version was posted, the label's own date (SPL ``effectiveTime``; ``""`` when the
    document was not asked for), labeler and title."""

    setid: str
    version: int
    published: str  # YYYY-MM-DD, DailyMed's posting date of that version
    effective: str  # YYYY-MM-DD, the label's revision date ("" when not asked)
    labeler: str
    title: str

    @classmethod
    def from_documents(
        cls, label: Mapping[str, Any], spl: Mapping[str, Any] | None = None
    ) -> LabelState:
        newest = label["versions"][0]
        same = spl is not None and spl.get("version") == newest["version"]
        return cls(
            setid=str(label["setid"]),
            version=int(newest["version"]),
            published=str(newest.get("published", "")),
            effective=str(spl.get("effective", "")) if same and spl else "",
            labeler=str((spl.get("labeler") if same and spl else "") or label.get("labeler", "")),
            title=str(label.get("title", "")),
        )


class DailymedClient:
    """DailyMed v2, one request at a time, at most :data:`RATE` a second."""

    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    @classmethod
    def create(
        cls, base_url: str | None = None, *, user_agent: str, **options: Any
    ) -> DailymedClient:
        options.setdefault("rate", RATE)
        options["rate"] = min(float(options["rate"]), RATE)
        http = ServiceClient(
            "dailymed", base_url or DEFAULT_DAILYMED_URL, user_agent=user_agent, **options
        )
        return cls(http)

    def history(self, setid: str) -> dict[str, Any] | None:
        """One label's history document (:func:`label_from_history`); ``None`` on 404 or
        when DailyMed lists no version."""
        path = f"spls/{urllib.parse.quote(setid, safe='')}/history.json"
        try:
            response = self.http.get(path, params={"pagesize": PAGE})
        except RegistryHTTPError as exc:
            if exc.status == 404:
                return None
            raise
        return label_from_history(decode_json("dailymed", response), setid)

    def histories(self, setids: Iterable[str]) -> dict[str, Any]:
        """History documents by set id (``None``: not found), one request each; ids left
        unanswered are left out (:class:`~mi_refs.errors.RegistryPartialError`)."""
        wanted = [setid for setid in dict.fromkeys(setids) if setid]
        return ask_in_batches("dailymed", wanted, 1, lambda ids: {ids[0]: self.history(ids[0])})

    def spl(self, setid: str) -> dict[str, Any] | None:
        """The current SPL document of a label (:func:`spl_from_xml`); ``None`` on 404."""
        try:
            response = self.http.get(f"spls/{urllib.parse.quote(setid, safe='')}.xml")
        except RegistryHTTPError as exc:
            if exc.status == 404:
                return None
            raise
        return spl_from_xml(response.body, setid)

    def spls(self, keys: Iterable[str]) -> dict[str, Any]:
        """SPL documents by ``setid`` or ``setid/version`` key (the version is the one
        the history named newest: the key changes when DailyMed posts a new version)."""
        wanted = [key for key in dict.fromkeys(keys) if key]
        return ask_in_batches(
            "dailymed", wanted, 1, lambda ids: {ids[0]: self.spl(ids[0].split("/")[0])}
        )

    def search(self, drug_name: str) -> list[dict[str, Any]]:
        """Labels whose product name matches ``drug_name`` (first page, up to 100): 404
        is no label."""
        params = {"drug_name": drug_name, "pagesize": PAGE}
        try:
            response = self.http.get("spls.json", params=params)
        except RegistryHTTPError as exc:
            if exc.status == 404:
                return []
            raise
        payload = decode_json("dailymed", response)
        if not isinstance(payload, Mapping):
            raise RegistryResponseError("dailymed", f"answer from {where(response.url)} not a list")
        return search_items(payload)

    def searches(self, names: Iterable[str]) -> dict[str, Any]:
        """``{"items": [...]}`` by product name, one request each."""
        wanted = [name for name in dict.fromkeys(names) if name]
        return ask_in_batches(
            "dailymed", wanted, 1, lambda ids: {ids[0]: {"items": self.search(ids[0])}}
        )
