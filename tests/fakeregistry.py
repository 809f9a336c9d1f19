"""A fake PubMed (NCBI E-utilities) and Crossref REST API on 127.0.0.1, for tests.

A real HTTP server (a :class:`tests.fakeservice.FakeServer`: ``ThreadingHTTPServer`` in a
background thread, on a free port) that answers like the real services do, from a dataset
of records:

- ``pubmed``: PMID -> the per-uid object of esummary v2.0 JSON;
- ``crossref``: DOI -> the ``message`` of ``/works/{doi}``;
- ``pubmed_xml``: PMID -> a ``PubmedArticleSet`` document (efetch XML).

``FakeRegistry.from_fixtures()`` loads the constructed records of
``tests/fixtures/registry/`` (see its README). Point the clients at ``.pubmed_url`` and
``.crossref_url`` (or use ``.env()`` for ``MI_REFS_PUBMED_URL`` / ``MI_REFS_CROSSREF_URL``).

Endpoints (``{pubmed}`` = ``http://127.0.0.1:PORT/eutils``, ``{crossref}`` =
``http://127.0.0.1:PORT/crossref``):

- ``GET|POST {pubmed}/esummary.fcgi`` ``db=pubmed&retmode=json&id=1,2`` (``id`` may also
  repeat): ``{"header": ..., "result": {"uids": [...], "<pmid>": {...}}}``; an unknown id
  gets ``{"uid": ..., "error": "cannot get document summary"}``.
- ``GET|POST {pubmed}/esearch.fcgi`` ``db=pubmed&retmode=json&term=...`` with OR-ed
  ``"10.x/y"[doi]`` (or ``[aid]``, ``[pmid]``, ``[uid]``) terms: ``{"esearchresult":
  {"count", "retmax", "retstart", "idlist", ...}}`` (ids in descending order).
- ``GET|POST {pubmed}/efetch.fcgi`` ``db=pubmed&retmode=xml&id=...``: a
  ``PubmedArticleSet`` of the stored XML records (ids without XML are left out).
- ``GET|POST {pubmed}/ecitmatch.cgi`` ``db=pubmed&retmode=xml&bdata=...``: lines
  ``journal|year|volume|first_page|author|key|`` separated by ``\\r``; answers
  ``...|key|PMID`` or ``...|key|NOT_FOUND`` (``NOT_FOUND;INVALID_JOURNAL`` when no record
  has that journal), as the recordings in ``tests/fixtures/api/ncbi-ecitmatch/`` show.
- ``GET {crossref}/works?filter=doi:A,doi:B&rows=N``: a ``work-list`` of the known DOIs
  (unknown ones are silently absent; items sorted by DOI, not in request order); a
  malformed DOI in the filter fails the whole request with 400 and Crossref's
  ``validation-failure`` JSON. ``query.bibliographic`` (or ``query``) ranks the items by
  token overlap and adds a ``score``. ``select=`` trims the items.
- ``GET {crossref}/works/{doi}``: the ``work`` envelope, or 404 ``Resource not found.``
  (plain text); ``select``/``rows`` on this route are refused with 400.

Every Crossref response carries ``x-rate-limit-limit`` / ``x-rate-limit-interval``.

Behaviours (constructor arguments, and attributes that tests may change at any time):
``latency`` (seconds added to every response), ``ncbi_rate_limit`` (requests per second
per client, across all E-utilities; ``None`` = unlimited; beyond it: 429 with
``Retry-After`` and NCBI's JSON error, counted in ``rate_limited``), raised to
``ncbi_rate_limit_with_key`` when the request carries ``api_key``; ``valid_api_keys``
(``None`` = any key is accepted). Faults: ``fail_next(path_prefix, kind, times=1)``, see
:data:`FAULT_KINDS`.

Order of play for a request: it is logged, then ``latency`` is waited, then a queued
fault (if one matches) is served, then the NCBI rate limit is applied (so faulted requests
do not count towards the limit), then the endpoint answers.

Every request is logged (``.requests``: method, path, query, form, body, time, status,
fault). Counters: ``rate_limited`` (429s from the limiter), ``statuses`` (every status
sent), ``max_in_flight`` (highest concurrency seen, per service). ``stop()`` returns
promptly even when a handler is stalled in a ``timeout`` fault or a client is
mid-request.

For other test modules: ``from tests.fakeregistry import fake_registry`` in
``tests/conftest.py`` (or ``fake_registry = fakeregistry.fake_registry`` in the module)
makes the fixture available.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from .fakeservice import FakeServer

__all__ = [
    "FAULT_KINDS",
    "REGISTRY_FIXTURES",
    "FakeRegistry",
    "LoggedRequest",
    "fake_registry",
    "load_registry_fixtures",
]

REGISTRY_FIXTURES = Path(__file__).parent / "fixtures" / "registry"

PUBMED_PATH = "/eutils"
CROSSREF_PATH = "/crossref"

FAULT_KINDS: tuple[str, ...] = (
    "status:429",  # 429 with Retry-After (NCBI's JSON error body on E-utilities paths)
    "status:500",
    "status:502",
    "status:503",  # any "status:NNN" works; these are the usual ones
    "timeout",  # no answer until the server stops (or timeout_fault_seconds)
    "reset",  # the connection is reset (RST) without a response
    "truncated-json",  # 200, the endpoint's normal body cut in half (Content-Length of the half)
    "html-200",  # 200 with an HTML maintenance page instead of JSON/XML
    "xml-bomb",  # 200 XML with a "billion laughs" entity-expansion DOCTYPE
    "empty",  # 200 with an empty body
    "rate-limit-200",  # NCBI's rate-limit JSON error with status 200 (seen in the wild)
    # Hostile answers (issue #11): the endpoint's normal JSON, mangled.
    "wrong-shape",  # 200, a record (esummary uid, Crossref item or message) is not an object
    "wrong-type",  # 200, a field of the wrong type (authors a string, title an object)
    "lone-surrogate",  # 200, a title holding "\ud800" (valid JSON, not valid Unicode)
    "control-chars",  # 200, a title holding ESC, NUL, BEL and CR/LF that forge a report line
    "empty-result",  # 200, a well-formed answer that answers nothing (no uids / no items)
    "deep-json",  # 200, JSON arrays nested 100,000 deep
    "retry-after-junk",  # 503 with "Retry-After: soon-ish"
    "bad-gzip",  # 200 labelled Content-Encoding: gzip whose body is not gzip
    "trickle",  # 200 whose body arrives one byte every trickle_seconds
    "redirect-other-host",  # 307 to redirect_target (another host/port), same path and query
    "redirect-same-host",  # 302 to the same URL on this server (followed for GET)
)

JSON_TYPE = "application/json; charset=UTF-8"
XML_TYPE = "text/xml; charset=UTF-8"
TEXT_TYPE = "text/plain; charset=UTF-8"
HTML_TYPE = "text/html; charset=UTF-8"

EFETCH_PROLOGUE = (
    '<?xml version="1.0" ?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)

MAINTENANCE_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    "<title>NCBI - Service unavailable</title></head>\n<body><h1>Service unavailable</h1>"
    "<p>The E-utilities are temporarily unavailable for scheduled maintenance. "
    "Please try again later.</p></body></html>\n"
)

XML_BOMB = (
    '<?xml version="1.0"?>\n'
    "<!DOCTYPE PubmedArticleSet [\n"
    '  <!ENTITY lol "lol">\n'
    + "".join(
        f'  <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
    '<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
    '<PMID Version="1">&lol9;</PMID></MedlineCitation></PubmedArticle></PubmedArticleSet>\n'
)

_DOI_FORM = re.compile(r"^10\.\d{4,}(?:\.\d+)*/\S+$")
_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)
_TERM = re.compile(r'^\(*\s*"?(?P<value>[^"\[\]]+?)"?\s*\[(?P<field>[A-Za-z ]+)\]\s*\)*$')
_ARTICLE = re.compile(
    r"<(PubmedArticle|PubmedBookArticle)>.*?</\1>|<(PubmedArticle|PubmedBookArticle)\s[^>]*>.*?</\2>",
    re.DOTALL,
)
_WORD = re.compile(r"\w+")


# ---------------------------------------------------------------- records


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_registry_fixtures(
    directory: Path = REGISTRY_FIXTURES,
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, str]]:
    """The records of ``directory`` (default ``tests/fixtures/registry``): PubMed
    esummary objects by PMID, Crossref work messages by DOI, efetch XML by PMID."""
    pubmed = {
        str(obj["uid"]): obj
        for obj in (_read_json(p) for p in sorted((directory / "pubmed").glob("*.json")))
    }
    crossref = {
        str(obj["DOI"]): obj
        for obj in (_read_json(p) for p in sorted((directory / "crossref").glob("*.json")))
    }
    pubmed_xml = {
        p.stem: p.read_text(encoding="utf-8")
        for p in sorted((directory / "pubmed-xml").glob("*.xml"))
    }
    return pubmed, crossref, pubmed_xml


@dataclass
class LoggedRequest:
    """One request as the fake saw it. ``query``/``form`` join repeated parameters with
    commas (``id=1&id=2`` -> ``"1,2"``); ``*_multi`` keep them apart. ``path`` is as
    sent (percent-encoding kept: ``/crossref/works/10.1016%2Fj.x``). ``time`` is
    ``time.monotonic()`` at arrival (compare with other entries for pacing checks)."""

    method: str
    path: str
    query: dict[str, str]
    body: bytes
    time: float
    service: str  # "pubmed", "crossref" or "other"
    form: dict[str, str] = field(default_factory=dict)
    query_multi: dict[str, list[str]] = field(default_factory=dict)
    form_multi: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    client: str = ""
    raw_query: str = ""  # the query string as sent (percent-encoded)
    fault: str | None = None
    status: int | None = None  # None: no response was sent (reset, timeout)

    @property
    def params(self) -> dict[str, str]:
        """Query and form parameters together (form wins), as the services read them."""
        return {**self.query, **self.form}


@dataclass
class _Reply:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


def _json_reply(obj: Any, status: int = 200, *, compact: bool = False) -> _Reply:
    text = (
        json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
        if compact
        else json.dumps(obj, ensure_ascii=False)
    )
    return _Reply(status, text.encode("utf-8"), JSON_TYPE)


def _text_reply(text: str, status: int = 200, content_type: str = TEXT_TYPE) -> _Reply:
    return _Reply(status, text.encode("utf-8"), content_type)


def _flatten(multi: Mapping[str, list[str]]) -> dict[str, str]:
    return {key: ",".join(values) for key, values in multi.items()}


def _ids(value: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def _norm_journal(value: str) -> str:
    return " ".join(value.lower().replace(".", " ").replace("&", "and").split())


def _first_page(pages: str) -> str:
    return pages.split("-", 1)[0].strip().lower()


def _bare_doi(value: str) -> str:
    return _DOI_PREFIXES.sub("", value.strip())


# ---------------------------------------------------------------- the server


class FakeRegistry(FakeServer):
    """A fake PubMed + Crossref server; use as a context manager or ``start()``/``stop()``.

    >>> with FakeRegistry.from_fixtures(latency=0.05) as server:
    ...     server.fail_next("/eutils/esummary.fcgi", "status:503")
    ...     # point the clients at server.pubmed_url / server.crossref_url
    """

    PUBMED_PATH = PUBMED_PATH
    CROSSREF_PATH = CROSSREF_PATH
    methods = ("GET", "POST")
    server_version = "mi-refs-fakeregistry/1.0"

    def __init__(
        self,
        pubmed: Mapping[str, Mapping[str, Any]] | None = None,
        crossref: Mapping[str, Mapping[str, Any]] | None = None,
        pubmed_xml: Mapping[str, str] | None = None,
        *,
        latency: float = 0.0,
        ncbi_rate_limit: float | None = None,
        ncbi_rate_limit_with_key: float = 10,
        valid_api_keys: set[str] | None = None,
        crossref_rate_limit: str = "50",
        crossref_rate_interval: str = "1s",
        retry_after: int = 1,
        timeout_fault_seconds: float = 30.0,
        host: str = "127.0.0.1",
    ) -> None:
        super().__init__(host)
        self.pubmed: dict[str, dict[str, Any]] = {}
        self.crossref: dict[str, dict[str, Any]] = {}
        self.pubmed_xml: dict[str, str] = {}
        for record in (pubmed or {}).values():
            self.add_pubmed(record)
        for message in (crossref or {}).values():
            self.add_crossref(message)
        for pmid, xml in (pubmed_xml or {}).items():
            self.add_pubmed_xml(pmid, xml)

        self.latency = latency
        self.ncbi_rate_limit = ncbi_rate_limit
        self.ncbi_rate_limit_with_key = ncbi_rate_limit_with_key
        self.ncbi_window = 1.0
        self.valid_api_keys = valid_api_keys
        self.crossref_rate_limit = crossref_rate_limit
        self.crossref_rate_interval = crossref_rate_interval
        self.retry_after = retry_after
        self.timeout_fault_seconds = timeout_fault_seconds
        self.trickle_seconds = 2.0  # the "trickle" fault's pause between bytes
        self.redirect_target = "http://127.0.0.1:9"  # where "redirect-other-host" points

        self.rate_limited = 0  # 429s sent by the NCBI rate limiter
        self.statuses: Counter[int] = Counter()  # every status sent, faults included
        self.max_in_flight: Counter[str] = Counter()  # per service, highest concurrency seen

        self._lock = threading.Lock()
        self._log: list[LoggedRequest] = []
        self._faults: list[list[Any]] = []  # [path_prefix, kind, remaining]
        self._windows: dict[str, deque[float]] = {}
        self._in_flight: Counter[str] = Counter()
        self._idle = threading.Condition(self._lock)

    # ------------------------------------------------------------ data

    @classmethod
    def from_fixtures(cls, directory: Path | None = None, **options: Any) -> FakeRegistry:
        """A registry serving the records of ``tests/fixtures/registry`` (or ``directory``)."""
        return cls(**options).load_fixtures(directory)

    def load_fixtures(self, directory: Path | None = None) -> FakeRegistry:
        """Add the records of ``tests/fixtures/registry`` (or ``directory``); returns self."""
        pubmed, crossref, pubmed_xml = load_registry_fixtures(directory or REGISTRY_FIXTURES)
        for record in pubmed.values():
            self.add_pubmed(record)
        for message in crossref.values():
            self.add_crossref(message)
        for pmid, xml in pubmed_xml.items():
            self.add_pubmed_xml(pmid, xml)
        return self

    def add_pubmed(self, record: Mapping[str, Any]) -> None:
        """Serve an esummary per-uid object (keyed by its ``uid``)."""
        self.pubmed[str(record["uid"])] = dict(record)

    def add_crossref(self, message: Mapping[str, Any]) -> None:
        """Serve a Crossref work message (keyed by its ``DOI``, case-insensitively)."""
        self.crossref[str(message["DOI"]).lower()] = dict(message)

    def add_pubmed_xml(self, pmid: str, xml: str) -> None:
        """Serve efetch XML for ``pmid``: a PubmedArticleSet document or PubmedArticle."""
        self.pubmed_xml[str(pmid)] = xml

    # ------------------------------------------------------------ lifecycle

    def _drain(self, grace: float) -> None:
        deadline = time.monotonic() + grace
        with self._idle:
            while sum(self._in_flight.values()) and time.monotonic() < deadline:
                self._idle.wait(timeout=max(0.0, deadline - time.monotonic()))

    @property
    def pubmed_url(self) -> str:
        return self.base_url + PUBMED_PATH

    @property
    def crossref_url(self) -> str:
        return self.base_url + CROSSREF_PATH

    def env(self) -> dict[str, str]:
        """The environment variables that point mi-refs at this server."""
        return {"MI_REFS_PUBMED_URL": self.pubmed_url, "MI_REFS_CROSSREF_URL": self.crossref_url}

    # ------------------------------------------------------------ faults and log

    def fail_next(self, path_prefix: str, kind: str, times: int = 1) -> None:
        """Make the next ``times`` requests whose path starts with ``path_prefix`` (e.g.
        ``"/eutils/esummary.fcgi"``, ``"/crossref/works"``; ``""`` for any) fail with
        ``kind`` (one of :data:`FAULT_KINDS`, or ``"status:NNN"``). Faults queue up in
        order; a request takes the first queued fault that matches its path."""
        if not (kind in FAULT_KINDS or re.fullmatch(r"status:[1-5]\d\d", kind)):
            raise ValueError(f"unknown fault kind {kind!r}; one of {', '.join(FAULT_KINDS)}")
        if times < 1:
            raise ValueError("times must be at least 1")
        if path_prefix and not path_prefix.startswith("/"):
            path_prefix = "/" + path_prefix
        with self._lock:
            self._faults.append([path_prefix, kind, times])

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    @property
    def pending_faults(self) -> list[tuple[str, str, int]]:
        with self._lock:
            return [(prefix, kind, remaining) for prefix, kind, remaining in self._faults]

    @property
    def requests(self) -> list[LoggedRequest]:
        """Every request so far, in arrival order (a copy)."""
        with self._lock:
            return list(self._log)

    def requests_to(self, path_prefix: str) -> list[LoggedRequest]:
        """The logged requests whose path starts with ``path_prefix``."""
        if path_prefix and not path_prefix.startswith("/"):
            path_prefix = "/" + path_prefix
        return [entry for entry in self.requests if entry.path.startswith(path_prefix)]

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()

    def _take_fault(self, path: str) -> str | None:
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault[0]):
                    fault[2] -= 1
                    if fault[2] <= 0:
                        self._faults.remove(fault)
                    return str(fault[1])
        return None

    # ------------------------------------------------------------ request handling

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        split = urlsplit(handler.path)
        path = split.path
        query_multi = parse_qs(split.query, keep_blank_values=True)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length > 0 else b""
        form_multi: dict[str, list[str]] = {}
        if body and "x-www-form-urlencoded" in handler.headers.get("Content-Type", ""):
            form_multi = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        if path == PUBMED_PATH or path.startswith(PUBMED_PATH + "/"):
            service = "pubmed"
        elif path == CROSSREF_PATH or path.startswith(CROSSREF_PATH + "/"):
            service = "crossref"
        else:
            service = "other"
        entry = LoggedRequest(
            method=handler.command,
            path=path,
            query=_flatten(query_multi),
            body=body,
            time=time.monotonic(),
            service=service,
            form=_flatten(form_multi),
            query_multi=query_multi,
            form_multi=form_multi,
            headers={key.lower(): value for key, value in handler.headers.items()},
            client=handler.client_address[0],
            raw_query=split.query,
        )
        with self._lock:
            self._log.append(entry)
            self._in_flight[service] += 1
            self.max_in_flight[service] = max(self.max_in_flight[service], self._in_flight[service])
        try:
            self._serve(handler, entry)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the client went away
        finally:
            with self._idle:
                self._in_flight[service] -= 1
                self._idle.notify_all()

    def _serve(self, handler: BaseHTTPRequestHandler, entry: LoggedRequest) -> None:
        fault = self._take_fault(entry.path)
        entry.fault = fault
        if self.latency > 0 and self._stopping.wait(self.latency):
            return  # stopping: drop the connection
        if fault is not None:
            self._serve_fault(handler, entry, fault)
            return
        if entry.service == "pubmed":
            refusal = self._ncbi_gate(entry)
            if refusal is not None:
                self._send(handler, entry, refusal)
                return
        self._send(handler, entry, self._respond(entry))

    def _send(self, handler: BaseHTTPRequestHandler, entry: LoggedRequest, reply: _Reply) -> None:
        # Log before anything reaches the client: a test may read the log as soon as its
        # request returns (an empty body returns at once).
        entry.status = reply.status
        with self._lock:
            self.statuses[reply.status] += 1
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(reply.body)))
        if entry.service == "crossref":
            handler.send_header("x-rate-limit-limit", self.crossref_rate_limit)
            handler.send_header("x-rate-limit-interval", self.crossref_rate_interval)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(reply.body)
        handler.wfile.flush()

    def _serve_fault(  # noqa: PLR0912 - one branch a fault kind
        self, handler: BaseHTTPRequestHandler, entry: LoggedRequest, kind: str
    ) -> None:
        if kind == "timeout":
            self._stopping.wait(self.timeout_fault_seconds)
            return  # no response; the connection just closes
        if kind == "reset":
            # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
            handler.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            handler.connection.close()
            return
        if kind.startswith("status:"):
            self._send(handler, entry, self._status_fault(entry, int(kind.split(":", 1)[1])))
        elif kind == "truncated-json":
            normal = self._respond(entry)
            cut = normal.body[: max(1, len(normal.body) // 2)]
            self._send(handler, entry, _Reply(200, cut, normal.content_type))
        elif kind == "empty":
            self._send(handler, entry, _Reply(200, b"", self._respond(entry).content_type))
        elif kind == "html-200":
            self._send(handler, entry, _text_reply(MAINTENANCE_PAGE, 200, HTML_TYPE))
        elif kind == "xml-bomb":
            self._send(handler, entry, _text_reply(XML_BOMB, 200, XML_TYPE))
        elif kind in _MANGLES:
            normal = self._respond(entry)
            try:
                document = json.loads(normal.body)
            except ValueError:
                document = None
            body = json.dumps(_mangle(document, kind, entry.path)).encode("ascii")
            self._send(handler, entry, _Reply(200, body, JSON_TYPE))
        elif kind == "deep-json":
            body = b"[" * 100_000 + b"]" * 100_000
            self._send(handler, entry, _Reply(200, body, JSON_TYPE))
        elif kind == "retry-after-junk":
            reply = _text_reply("busy", 503)
            reply.headers["Retry-After"] = "soon-ish"
            self._send(handler, entry, reply)
        elif kind == "bad-gzip":
            reply = _Reply(200, b"this is not gzip at all", JSON_TYPE, {"Content-Encoding": "gzip"})
            self._send(handler, entry, reply)
        elif kind == "trickle":
            self._trickle(handler, entry)
        elif kind.startswith("redirect-"):
            target = (
                self.redirect_target if kind == "redirect-other-host" else self.base_url
            ) + entry.path
            if entry.raw_query:
                target += "?" + entry.raw_query
            status = 307 if kind == "redirect-other-host" else 302
            reply = _Reply(status, b"", TEXT_TYPE, {"Location": target})
            self._send(handler, entry, reply)
        elif kind == "rate-limit-200":
            reply = self._ncbi_limit_reply(entry.client, count=4, limit=3)
            reply.status = 200
            reply.headers.clear()
            self._send(handler, entry, reply)

    def _trickle(self, handler: BaseHTTPRequestHandler, entry: LoggedRequest) -> None:
        normal = self._respond(entry)
        entry.status = 200
        handler.send_response(200)
        handler.send_header("Content-Type", normal.content_type)
        handler.send_header("Content-Length", str(len(normal.body)))
        handler.end_headers()
        handler.wfile.flush()
        for index in range(len(normal.body)):
            if self._stopping.wait(self.trickle_seconds):
                return
            handler.wfile.write(normal.body[index : index + 1])
            handler.wfile.flush()

    def _status_fault(self, entry: LoggedRequest, status: int) -> _Reply:
        if status == 429:
            if entry.service == "pubmed":
                return self._ncbi_limit_reply(entry.client, count=4, limit=3)
            return _Reply(
                429, b"Too Many Requests", TEXT_TYPE, {"Retry-After": str(self.retry_after)}
            )
        if status in {502, 503, 504}:
            phrase = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
            page = (
                f"<html><head><title>{status} {phrase[status]}</title></head>"
                f"<body><h1>{status} {phrase[status]}</h1></body></html>\n"
            )
            return _text_reply(page, status, HTML_TYPE)
        return _text_reply("Internal Server Error" if status == 500 else f"Error {status}", status)

    # ------------------------------------------------------------ NCBI manners

    def _ncbi_limit_reply(self, who: str, *, count: int, limit: float) -> _Reply:
        body = {"error": "API rate limit exceeded", "api-key": who, "count": str(count)}
        body["limit"] = str(int(limit)) if float(limit).is_integer() else str(limit)
        reply = _json_reply(body, 429, compact=True)
        reply.headers["Retry-After"] = str(self.retry_after)
        return reply

    def _ncbi_gate(self, entry: LoggedRequest) -> _Reply | None:
        key = entry.params.get("api_key", "")
        if key and self.valid_api_keys is not None and key not in self.valid_api_keys:
            body = {
                "error": "API key invalid",
                "api-key": key,
                "type": "invalid",
                "status": "unknown",
            }
            return _json_reply(body, 400, compact=True)
        if self.ncbi_rate_limit is None:
            return None
        limit = self.ncbi_rate_limit_with_key if key else self.ncbi_rate_limit
        who = key or entry.client
        now = time.monotonic()
        with self._lock:
            window = self._windows.setdefault(("key:" if key else "ip:") + who, deque())
            while window and window[0] <= now - self.ncbi_window:
                window.popleft()
            if len(window) >= limit:
                self.rate_limited += 1
                count = len(window) + 1
            else:
                window.append(now)
                return None
        return self._ncbi_limit_reply(who, count=count, limit=limit)

    # ------------------------------------------------------------ routing

    def _respond(self, entry: LoggedRequest) -> _Reply:
        path = entry.path
        if entry.service == "pubmed":
            endpoint = path[len(PUBMED_PATH) :].strip("/")
            routes = {
                "esummary.fcgi": self._esummary,
                "esearch.fcgi": self._esearch,
                "efetch.fcgi": self._efetch,
                "ecitmatch.cgi": self._ecitmatch,
            }
            route = routes.get(endpoint)
            if route is None:
                return _text_reply(f"fake registry: no E-utility {endpoint!r}", 404)
            params = entry.params
            if endpoint != "ecitmatch.cgi" and params.get("db", "pubmed") != "pubmed":
                return _json_reply(
                    {"error": f"fake registry serves db=pubmed only, not {params['db']!r}"}, 400
                )
            return route(params)
        if entry.service == "crossref":
            rest = path[len(CROSSREF_PATH) :]
            if rest.rstrip("/") == "/works":
                return self._works(entry.query)
            if rest.startswith("/works/"):
                return self._work(unquote(rest[len("/works/") :]), entry.query)
            return _text_reply("Resource not found.", 404)
        return _text_reply("fake registry: unknown path", 404)

    # -- PubMed

    def _esummary(self, params: Mapping[str, str]) -> _Reply:
        if params.get("retmode") != "json":
            return _text_reply("fake registry: esummary serves retmode=json only", 400)
        ids = _ids(params.get("id", ""))
        header = {"type": "esummary", "version": "0.3"}
        if not ids:
            return _json_reply(
                {"header": header, "esummaryresult": ["Empty id list - nothing todo"]}
            )
        result: dict[str, Any] = {"uids": ids}
        for uid in ids:
            result[uid] = self.pubmed.get(uid) or {
                "uid": uid,
                "error": "cannot get document summary",
            }
        return _json_reply({"header": header, "result": result})

    def _esearch(self, params: Mapping[str, str]) -> _Reply:
        if params.get("retmode") != "json":
            return _text_reply("fake registry: esearch serves retmode=json only", 400)
        header = {"type": "esearch", "version": "0.3"}
        term = params.get("term", "").strip()
        if not term:
            return _json_reply(
                {
                    "header": header,
                    "esearchresult": {"ERROR": "Empty term and query_key - nothing todo"},
                }
            )
        found: set[str] = set()
        matched: list[str] = []
        not_found: list[str] = []
        for part in re.split(r"\s+OR\s+", term.strip().strip("()"), flags=re.IGNORECASE):
            hits = self._term_hits(part.strip())
            if hits:
                found.update(hits)
                matched.append(part.strip())
            else:
                match = _TERM.match(part.strip())
                not_found.append(match.group("value") if match else part.strip())
        ids = sorted(found, key=int, reverse=True)
        retstart = int(params.get("retstart") or 0)
        retmax = int(params.get("retmax") or 20)
        result: dict[str, Any] = {"count": str(len(ids))}
        if params.get("rettype") != "count":
            page = ids[retstart : retstart + retmax]
            result.update(
                {
                    "retmax": str(len(page)),
                    "retstart": str(retstart),
                    "idlist": page,
                    "translationset": [],
                    "querytranslation": " OR ".join(matched),
                }
            )
            if not_found:
                result["errorlist"] = {"phrasesnotfound": not_found, "fieldsnotfound": []}
            if not ids:
                result["warninglist"] = {
                    "phrasesignored": [],
                    "quotedphrasesnotfound": [],
                    "outputmessages": ["No items found."],
                }
        return _json_reply({"header": header, "esearchresult": result})

    def _term_hits(self, term: str) -> set[str]:
        match = _TERM.match(term)
        if match is None:
            return set()
        value = match.group("value").strip().lower()
        tag = match.group("field").strip().lower()
        if tag in {"pmid", "uid"}:
            return {value} if value in self.pubmed else set()
        if tag in {"doi", "aid", "lid", "location id", "pmc", "pmcid"}:
            kinds = {"doi"} if tag == "doi" else {"pmc"} if tag in {"pmc", "pmcid"} else None
            return {
                pmid
                for pmid, record in self.pubmed.items()
                for article_id in record.get("articleids", [])
                if (kinds is None or article_id.get("idtype") in kinds)
                and str(article_id.get("value", "")).lower() == value
            }
        return set()

    def _efetch(self, params: Mapping[str, str]) -> _Reply:
        if params.get("retmode", "xml") != "xml":
            return _text_reply("fake registry: efetch serves retmode=xml only", 400)
        ids = _ids(params.get("id", ""))
        if not ids:
            text = (
                '<?xml version="1.0" encoding="UTF-8" ?>\n'
                "<eFetchResult>\n\t<ERROR>Empty id list - nothing todo</ERROR>\n</eFetchResult>\n"
            )
            return _text_reply(text, 200, XML_TYPE)
        articles = []
        for pmid in ids:
            xml = self.pubmed_xml.get(pmid)
            if xml is not None:
                articles.extend(match.group(0) for match in _ARTICLE.finditer(xml))
        text = (
            EFETCH_PROLOGUE + "<PubmedArticleSet>\n" + "\n".join(articles) + "</PubmedArticleSet>\n"
        )
        return _text_reply(text, 200, XML_TYPE)

    def _ecitmatch(self, params: Mapping[str, str]) -> _Reply:
        lines = [line for line in re.split(r"[\r\n]+", params.get("bdata", "")) if line.strip()]
        out = []
        for line in lines:
            fields = [part.strip() for part in line.split("|")]
            fields += [""] * (6 - len(fields))
            journal, year, volume, page, author, key = fields[:6]
            candidates = [
                (pmid, record)
                for pmid, record in self.pubmed.items()
                if _norm_journal(journal)
                in {
                    _norm_journal(str(record.get("source", ""))),
                    _norm_journal(str(record.get("fulljournalname", ""))),
                }
            ]
            if not candidates:
                out.append(f"{journal}|{year}|{volume}|{page}||{key}|NOT_FOUND;INVALID_JOURNAL")
                continue
            hits = [
                pmid
                for pmid, record in candidates
                if _cites(record, year, volume.lower(), page.lower(), author.lower())
            ]
            result = hits[0] if len(hits) == 1 else "NOT_FOUND"
            out.append(f"{journal}|{year}|{volume}|{page}|{author}|{key}|{result}")
        return _text_reply("".join(line + "\n" for line in out), 200, TEXT_TYPE)

    # -- Crossref

    def _validation_failure(self, failures: list[dict[str, Any]]) -> _Reply:
        body = {"status": "failed", "message-type": "validation-failure", "message": failures}
        return _json_reply(body, 400, compact=True)

    def _work(self, doi: str, query: Mapping[str, str]) -> _Reply:
        refused = [name for name in ("rows", "select", "offset", "sample") if name in query]
        if refused:
            return self._validation_failure(
                [
                    {
                        "type": "parameter-not-allowed",
                        "value": name,
                        "message": f"This route does not support {name}",
                    }
                    for name in refused
                ]
            )
        message = self.crossref.get(_bare_doi(doi).lower())
        if message is None:
            return _text_reply("Resource not found.", 404)
        return _json_reply(
            {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}
        )

    def _works(self, query: Mapping[str, str]) -> _Reply:
        failures: list[dict[str, Any]] = []
        rows_text = query.get("rows", "20")
        if not rows_text.isdigit() or int(rows_text) > 1000:
            failures.append(
                {
                    "type": "integer-not-valid",
                    "value": rows_text,
                    "message": f"Integer specified as {rows_text} but must be a positive integer less than or equal to 1000. ",
                }
            )
        wanted: list[str] | None = None
        if "filter" in query:
            wanted = []
            for pair in query["filter"].split(","):
                name, _, value = pair.partition(":")
                if name == "doi":
                    doi = _bare_doi(value)
                    if not _DOI_FORM.match(doi):
                        failures.append(
                            {
                                "type": "doi-not-valid",
                                "value": value,
                                "message": f"DOI specified as {value} but must be of the form: 10.prefix/suffix where prefix is 4 or more digits and suffix  is a string",
                            }
                        )
                    wanted.append(doi.lower())
                else:
                    failures.append(
                        {
                            "type": "filter-not-available",
                            "value": name,
                            "message": f"Filter {name} specified but the fake registry implements only: doi",
                        }
                    )
        if failures:
            return self._validation_failure(failures)
        rows = int(rows_text)
        offset = int(query["offset"]) if query.get("offset", "").isdigit() else 0
        if wanted is None:
            items = [self.crossref[doi] for doi in sorted(self.crossref)]
        else:
            items = [self.crossref[doi] for doi in sorted(set(wanted)) if doi in self.crossref]
        search = query.get("query.bibliographic") or query.get("query")
        if search:
            scored = [(score, item) for item in items if (score := _score(search, item)) > 0]
            scored.sort(key=lambda pair: (-pair[0], str(pair[1].get("DOI", ""))))
            items = [{**item, "score": score} for score, item in scored]
        total = len(items)
        items = items[offset : offset + rows]
        if "select" in query:
            keep = {name.strip() for name in query["select"].split(",")}
            items = [{key: value for key, value in item.items() if key in keep} for item in items]
        message = {
            "facets": {},
            "total-results": total,
            "items": items,
            "items-per-page": rows,
            "query": {"start-index": offset, "search-terms": search or None},
        }
        return _json_reply(
            {
                "status": "ok",
                "message-type": "work-list",
                "message-version": "1.0.0",
                "message": message,
            }
        )


_MANGLES = frozenset(
    {"wrong-shape", "wrong-type", "lone-surrogate", "control-chars", "empty-result"}
)
FORGED_TITLE = "Forged\x1b[2J\x00\x07\r\nreferences.bib:1: forged: ok"


def _mangle(document: Any, kind: str, path: str) -> Any:  # noqa: PLR0912 - one change a kind
    """The endpoint's normal answer with one hostile change (see :data:`FAULT_KINDS`)."""
    if not isinstance(document, dict):
        return document
    if "result" in document and isinstance(document["result"], dict):  # esummary
        result = document["result"]
        uids = [uid for uid in result.get("uids", []) if isinstance(result.get(uid), dict)]
        if kind == "empty-result":
            document["result"] = {"uids": []}
        for uid in uids:
            if kind == "wrong-shape":
                result[uid] = ["not", "an", "object"]
            elif kind == "wrong-type":
                result[uid]["authors"] = "Vernava I"
            elif kind == "lone-surrogate":
                result[uid]["title"] = "Daratumumab \ud800 as a novel treatment"
            elif kind == "control-chars":
                result[uid]["title"] = FORGED_TITLE
        return document
    if "esearchresult" in document:
        if kind == "empty-result":
            document["esearchresult"]["idlist"] = []
        elif kind in {"wrong-shape", "wrong-type"}:
            document["esearchresult"]["idlist"] = [{"not": "a pmid"}]
        return document
    message = document.get("message")
    if isinstance(message, dict):
        works = message.get("items") if "items" in message else [message]
        if kind == "empty-result" and "items" in message:
            message["items"] = []
        elif kind == "wrong-shape":
            if "items" in message:
                message["items"] = ["not an object", *message["items"]]
            else:
                document["message"] = "not an object"
        for work in works or []:
            if kind == "wrong-type":
                work["title"] = {"not": "a list"}
            elif kind == "lone-surrogate":
                work["title"] = ["Daratumumab \ud800 as a novel treatment"]
            elif kind == "control-chars":
                work["title"] = [FORGED_TITLE]
    return document


def _cites(record: Mapping[str, Any], year: str, volume: str, page: str, author: str) -> bool:
    """Whether an esummary record fits an ECitMatch citation (blank fields match all)."""
    if year and str(record.get("pubdate", ""))[:4] != year:
        return False
    if volume and str(record.get("volume", "")).lower() != volume:
        return False
    if page and _first_page(str(record.get("pages", ""))) != page:
        return False
    if author:
        authors = record.get("authors") or []
        if not authors:
            return False
        surname, _, initials = str(authors[0].get("name", "")).lower().rpartition(" ")
        want_surname, _, want_initials = (
            author.rpartition(" ") if " " in author else (author, "", "")
        )
        if want_surname != surname or not initials.startswith(want_initials):
            return False
    return True


def _score(search: str, item: Mapping[str, Any]) -> float:
    """A simple relevance score: how many distinct query words the work's title, journal,
    authors, year, volume, issue and pages contain."""
    parts: list[str] = []
    for key in ("title", "container-title", "short-container-title"):
        parts.extend(str(value) for value in item.get(key, []) or [])
    for person in item.get("author", []) or []:
        parts.extend(str(person.get(key, "")) for key in ("family", "given", "name"))
    issued = (item.get("issued") or {}).get("date-parts") or [[]]
    parts.extend(str(value) for value in issued[0] if value is not None)
    parts.extend(str(item.get(key, "")) for key in ("volume", "issue", "page", "article-number"))
    have = set(_WORD.findall(" ".join(parts).casefold()))
    want = set(_WORD.findall(search.casefold()))
    return float(len(want & have))


@pytest.fixture
def fake_registry() -> Iterator[FakeRegistry]:
    """A running :class:`FakeRegistry` serving ``tests/fixtures/registry``; stopped at
    teardown. Change its behaviour per test (``fake_registry.latency = 0.1``,
    ``fake_registry.ncbi_rate_limit = 3``, ``fake_registry.fail_next(...)``)."""
    with FakeRegistry.from_fixtures() as server:
        yield server
