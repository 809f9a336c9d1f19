"""Crossref's REST API: works by DOI (batched with ``filter=doi:``), one work, and
bibliographic search.

Manners: ``mailto`` (the polite pool) as a parameter and in the User-Agent; the pace
follows Crossref's ``x-rate-limit-limit`` / ``x-rate-limit-interval`` headers; one
request at a time. One malformed DOI makes a whole filter request fail (400): the batch
then falls back to ``/works/{doi}`` for each DOI.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

from mi_refs.bibtex.normalize import normalize_doi, normalize_pages
from mi_refs.errors import RegistryHTTPError, RegistryResponseError
from mi_refs.model import Name
from mi_refs.registries.answers import ask_in_batches, validated
from mi_refs.registries.http import Response, ServiceClient, decode_json, where
from mi_refs.registries.records import Notice, NoticeKind, RegistryRecord

__all__ = ["DEFAULT_CROSSREF_URL", "CrossrefClient", "record_from_work"]

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
RATE = 10.0  # requests a second until Crossref's headers say otherwise (and at most)
MIN_RATE = 1.0  # the slowest pace a header can impose: 1 a second, never 1 an hour
BATCH = 40  # DOIs per filter request
# Crossmark's update types and the variant spellings real data holds (issue 19.5), after
# folding case, ``-`` and spaces to ``_``; any other type is kept as OTHER, never dropped.
_UPDATE_KINDS: Mapping[str, NoticeKind] = {
    "retraction": NoticeKind.RETRACTION,
    "retracion": NoticeKind.RETRACTION,
    "retration": NoticeKind.RETRACTION,
    "partial_retraction": NoticeKind.PARTIAL_RETRACTION,
    "withdrawal": NoticeKind.WITHDRAWAL,
    "removal": NoticeKind.REMOVAL,
    "expression_of_concern": NoticeKind.EXPRESSION_OF_CONCERN,
    "correction": NoticeKind.CORRECTION,
    "corrected_article": NoticeKind.CORRECTION,
    "erratum": NoticeKind.CORRECTION,
    "err": NoticeKind.CORRECTION,
    "corrigendum": NoticeKind.CORRECTION,
    "new_version": NoticeKind.UPDATE,
    "new_edition": NoticeKind.UPDATE,
}
_NOTICE_KINDS = frozenset(
    {
        NoticeKind.RETRACTION,
        NoticeKind.PARTIAL_RETRACTION,
        NoticeKind.WITHDRAWAL,
        NoticeKind.REMOVAL,
        NoticeKind.EXPRESSION_OF_CONCERN,
        NoticeKind.CORRECTION,
    }
)
_INTERVAL = re.compile(r"^(\d+(?:\.\d+)?)\s*(ms|s|m)?$")


def _first(values: Any) -> str:
    if isinstance(values, list) and values:
        return str(values[0])
    return str(values) if isinstance(values, str) else ""


def _date_year(message: Mapping[str, Any], name: str) -> str:
    try:
        return str(message[name]["date-parts"][0][0] or "")
    except (KeyError, IndexError, TypeError):
        return ""


def _date_text(value: Any) -> str:
    """``date-parts`` as an ISO date (or year-month, year); else the day of ``date-time``."""
    try:
        parts = [int(part) for part in value["date-parts"][0] if part is not None]
    except (KeyError, IndexError, TypeError, ValueError):
        parts = []
    if not parts:
        stamp = value.get("date-time") if isinstance(value, Mapping) else None
        match = re.match(r"\d{4}-\d{2}-\d{2}", str(stamp or ""))
        return match.group(0) if match else ""
    return "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts))


def _name(author: Mapping[str, Any]) -> Name:
    if "family" in author:
        return Name(
            last=str(author["family"]),
            given=str(author.get("given", "")),
            suffix=str(author.get("suffix", "")),
        )
    return Name(last=str(author.get("name", "")), corporate=True)


def record_from_work(message: Mapping[str, Any]) -> RegistryRecord:
    """One Crossref work (the ``message`` of ``/works/{doi}``, or an item of a list),
    checked first (:class:`RegistryResponseError` when it has the wrong shape)."""
    message = validated("crossref", message)
    notices = _updates(message)
    is_notice = any(
        _UPDATE_KINDS.get(_folded(update.get("type"))) in _NOTICE_KINDS
        for update in message.get("update-to", []) or []
    )
    print_year = _date_year(message, "published-print") or _date_year(message, "issued")
    online_year = _date_year(message, "published-online")
    pages = str(message.get("page", "") or "") or _first(message.get("article-number", ""))
    return RegistryRecord(
        source="crossref",
        identifier=str(message.get("DOI", "")),
        title=_first(message.get("title")),
        authors=tuple(_name(author) for author in message.get("author", []) or []),
        journal=_first(message.get("container-title")),
        journal_abbreviations=tuple(str(t) for t in message.get("short-container-title", []) or []),
        year=print_year,
        online_year=online_year,
        volume=str(message.get("volume", "") or ""),
        issue=str(message.get("issue", "") or ""),
        pages=normalize_pages(pages),
        doi=str(message.get("DOI", "")),
        types=(str(message.get("type", "")),) if message.get("type") else (),
        notices=tuple(notices),
        is_notice=is_notice,
    )


def _folded(value: object) -> str:
    return re.sub(r"[-\s]+", "_", str(value or "").strip().lower())


def _updates(message: Mapping[str, Any]) -> list[Notice]:
    """``updated-by`` notices (one per notice DOI and kind: a publisher's and Retraction
    Watch's record of one retraction are merged, both sources named) and the published
    versions a preprint's ``relation.is-preprint-of`` names."""
    merged: dict[tuple[str, NoticeKind, str], Notice] = {}
    for update in message.get("updated-by", []) or []:
        label = str(update.get("type", "") or "").strip()
        kind = _UPDATE_KINDS.get(_folded(label), NoticeKind.OTHER)
        doi = normalize_doi(str(update.get("DOI", "") or "")) or str(update.get("DOI", "") or "")
        source = str(update.get("source", "") or "") or "crossref"
        ident = (doi.lower(), kind, label.lower() if kind is NoticeKind.OTHER else "")
        date = _date_text(update.get("updated"))
        known = merged.get(ident)
        if known is None:
            merged[ident] = Notice(kind, doi=doi, date=date, source=source, label=label)
        elif source not in known.source.split(", "):
            merged[ident] = dataclasses.replace(
                known, source=f"{known.source}, {source}", date=known.date or date
            )
    notices = list(merged.values())
    relation = message.get("relation") or {}
    seen = set()
    for link in relation.get("is-preprint-of", []) or []:
        if str(link.get("id-type", "doi") or "doi").lower() != "doi":
            continue
        doi = normalize_doi(str(link.get("id", "") or "")) or ""
        if doi and doi.lower() not in seen:
            seen.add(doi.lower())
            notices.append(Notice(NoticeKind.PUBLISHED_VERSION, doi=doi, source="crossref"))
    return notices


def _message(service: str, response: Response) -> Mapping[str, Any]:
    payload = decode_json(service, response)
    message = payload.get("message") if isinstance(payload, dict) else None
    if not isinstance(message, dict):
        raise RegistryResponseError(service, f"answer from {where(response.url)} has no message")
    return message


class CrossrefClient:
    """Crossref works, with Crossref's manners: the polite pool through ``mailto``, and
    the pace Crossref announces in its rate-limit headers (at most :data:`RATE` a second
    until it says)."""

    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    @classmethod
    def create(
        cls,
        base_url: str | None = None,
        *,
        user_agent: str,
        mailto: str | None = None,
        **options: Any,
    ) -> CrossrefClient:
        """A client of ``base_url`` (default: the public REST API), in the polite pool when
        there is a contact address."""
        http = ServiceClient(
            "crossref",
            base_url or DEFAULT_CROSSREF_URL,
            rate=RATE,
            user_agent=user_agent,
            params={"mailto": mailto} if mailto else {},
            **options,
        )
        return cls(http)

    def _follow_pace(self, response: Response) -> None:
        """Adopt the pace Crossref announces (``x-rate-limit-limit`` per interval), kept
        between :data:`MIN_RATE` and :data:`RATE` whatever the headers say."""
        limit = response.headers.get("x-rate-limit-limit", "").strip()
        interval = _INTERVAL.match(response.headers.get("x-rate-limit-interval", "").strip())
        if not limit.isdigit() or interval is None or int(limit) <= 0:
            return
        seconds = (
            float(interval.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[interval.group(2) or "s"]
        )
        if seconds > 0:
            self.http.limiter.set_rate(max(MIN_RATE, min(self.http.rate, int(limit) / seconds)))

    def work(self, doi: str) -> dict[str, Any] | None:
        """One work (the raw ``message``, validated) by DOI; ``None`` when Crossref does
        not know it (404). Convert it with :func:`record_from_work`."""
        try:
            response = self.http.get(f"works/{urllib.parse.quote(doi, safe='')}")
        except RegistryHTTPError as exc:
            if exc.status == 404:
                return None
            raise
        self._follow_pace(response)
        return dict(validated("crossref", dict(_message("crossref", response))))

    def works(
        self, dois: Iterable[str], *, batch: int | None = None
    ) -> dict[str, dict[str, Any] | None]:
        """Works by DOI (lower-case DOI to the validated work, ``None`` when unknown), in
        batches. A refused or bad batch is asked again once, then split; DOIs a filter
        cannot carry (commas, quotes, spaces) are asked alone by ``/works/{doi}``. DOIs
        that could not be asked are left out (:class:`RegistryPartialError`). ``batch``: DOIs
        per filter request (default :data:`BATCH`; ``add`` asks for up to 100 at once)."""
        wanted = [doi for doi in dict.fromkeys(doi.lower() for doi in dois) if doi]
        return ask_in_batches(
            "crossref",
            wanted,
            batch or BATCH,
            self._works,
            ask_one=lambda doi: {doi: self.work(doi)},
            batchable=_filter_safe,
        )

    def _works(self, batch: list[str]) -> dict[str, dict[str, Any] | None]:
        response = self.http.get(
            "works",
            params={"filter": ",".join(f"doi:{doi}" for doi in batch), "rows": str(len(batch))},
        )
        self._follow_pace(response)
        items = _message("crossref", response).get("items")
        if not isinstance(items, list):
            raise RegistryResponseError("crossref", "works answer has no list of items")
        found: dict[str, dict[str, Any]] = {}
        for item in items:
            work = validated("crossref", item)
            if not isinstance(work, dict):
                raise RegistryResponseError("crossref", "works answer has an empty item")
            found[str(work.get("DOI", "")).lower()] = work
        return {doi: found.get(doi) for doi in batch}

    def search(self, bibliographic: str, rows: int = 2) -> list[dict[str, Any]]:
        """The best ``rows`` works (validated, each with Crossref's ``score``) for a
        citation."""
        response = self.http.get(
            "works", params={"query.bibliographic": bibliographic, "rows": str(rows)}
        )
        self._follow_pace(response)
        items = _message("crossref", response).get("items")
        if not isinstance(items, list):
            raise RegistryResponseError("crossref", "search answer has no list of items")
        return [dict(validated("crossref", item) or {}) for item in items]


def _filter_safe(doi: str) -> bool:
    """A DOI that ``filter=doi:A,doi:B`` can carry: no comma (the separator), quote,
    space or control character."""
    return not any(char in ',"' or char.isspace() or not char.isprintable() for char in doi)
