"""HTTP with manners: one small client per remote service.

A :class:`ServiceClient` owns its session, base URL, timeouts, polite identity, rate
limit and retry policy. Clock, sleep and randomness are injectable so tests never wait.

- Rate: requests start at least ``1 / rate`` seconds apart (a service-wide limiter, so
  all E-utilities share NCBI's 3 requests/s). The rate can be lowered at run time from
  the service's own ``x-rate-limit-*`` headers (Crossref).
- Retries: on 429, 5xx and connection errors or timeouts, with exponential backoff and
  full jitter, honouring ``Retry-After``; never on other 4xx.
- Every request has a timeout; a response body larger than ``max_bytes`` is refused.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from mi_refs.errors import (
    RegistryError,
    RegistryHTTPError,
    RegistryResponseError,
    RegistryUnavailableError,
)

__all__ = [
    "RateLimiter",
    "RegistryError",
    "RegistryHTTPError",
    "RegistryResponseError",
    "RegistryUnavailableError",
    "Response",
    "RetryPolicy",
    "ServiceClient",
    "decode_json",
    "where",
]


@dataclass(frozen=True, slots=True)
class Response:
    """What a service answered: status, headers (lower-case names) and body."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with full jitter: try ``attempts`` times in all, waiting up to
    ``base * 2**n`` (at most ``cap``) seconds, or what ``Retry-After`` asks (at most
    ``max_retry_after``)."""

    attempts: int = 4
    base: float = 0.5
    cap: float = 8.0
    max_retry_after: float = 60.0

    def delay(self, attempt: int, retry_after: float | None, rng: Callable[[], float]) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return rng() * min(self.cap, self.base * 2.0**attempt)


class RateLimiter:
    """Requests start at least ``margin / rate`` seconds apart, across threads.

    The margin keeps a little under the service's limit: at exactly 3 requests/s, every
    fourth request lands 1.000 s after the first of its window, and the network's jitter
    puts some inside it (NCBI then answers 429)."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        margin: float = 1.1,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self.margin = margin
        self.interval = margin / rate

    def set_rate(self, rate: float) -> None:
        with self._lock:
            self.interval = self.margin / rate

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


def _retry_after(headers: Mapping[str, str], clock: Callable[[], float]) -> float | None:
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    parsed = email.utils.parsedate_to_datetime(value) if value else None
    if parsed is None:
        return None
    return max(0.0, parsed.timestamp() - time.time())


@dataclass
class ServiceClient:
    """One remote service: base URL, identity, pace, retries, timeouts, size cap."""

    service: str
    base_url: str
    rate: float
    user_agent: str
    params: Mapping[str, str] = field(default_factory=dict)  # sent with every request
    timeout: tuple[float, float] = (5.0, 30.0)
    max_bytes: int = 32 * 1024 * 1024
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    session: requests.Session = field(default_factory=requests.Session)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rng: Callable[[], float] = random.random
    requests_made: int = 0
    retries_made: int = 0

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.limiter = RateLimiter(self.rate, self.clock, self.sleep)
        self._count_lock = threading.Lock()

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Response:
        return self.request("GET", path, params=params)

    def post(self, path: str, data: Mapping[str, str]) -> Response:
        return self.request("POST", path, data=data)

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> Response:
        """Send with the service's manners; 2xx and final 4xx come back, the rest raise.

        Raises :class:`RegistryUnavailableError` when retries are exhausted and
        :class:`RegistryHTTPError` for a 4xx other than 429 (callers decide about 404)."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        query = {**self.params, **(params or {})} if method == "GET" else dict(self.params)
        body = {**self.params, **data} if data is not None else None
        last_problem = "no attempt made"
        for attempt in range(self.retry.attempts):
            self.limiter.wait()
            with self._count_lock:
                self.requests_made += 1
                if attempt:
                    self.retries_made += 1
            try:
                response = self._send(method, url, query, body)
            except requests.Timeout:
                last_problem = f"no answer within {self.timeout[1]:g} s"
                retry_after = None
            except requests.ConnectionError:
                last_problem = f"cannot connect to {urllib.parse.urlsplit(url).netloc}"
                retry_after = None
            else:
                if response.status == 429 or response.status >= 500:
                    last_problem = f"HTTP {response.status}"
                    retry_after = _retry_after(response.headers, self.clock)
                elif response.status >= 400:
                    raise RegistryHTTPError(
                        self.service, response.status, f"HTTP {response.status} for {where(url)}"
                    )
                else:
                    return response
            if attempt + 1 < self.retry.attempts:
                self.sleep(self.retry.delay(attempt, retry_after, self.rng))
        raise RegistryUnavailableError(
            self.service, f"{last_problem} ({self.retry.attempts} attempts, {method} {path})"
        )

    def _send(
        self, method: str, url: str, query: Mapping[str, str], body: Mapping[str, str] | None
    ) -> Response:
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        with self.session.request(
            method,
            url,
            params=query if method == "GET" else None,
            data=body,
            headers=headers,
            timeout=self.timeout,
            stream=True,
        ) as raw:
            chunks: list[bytes] = []
            size = 0
            try:
                for chunk in raw.iter_content(chunk_size=65536):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise RegistryResponseError(
                            self.service,
                            f"answer larger than {self.max_bytes} bytes from {where(url)}",
                        )
                    chunks.append(chunk)
            except requests.exceptions.ChunkedEncodingError as exc:
                raise requests.ConnectionError(str(exc)) from exc
            return Response(
                raw.status_code,
                {key.lower(): value for key, value in raw.headers.items()},
                b"".join(chunks),
                raw.url or url,
            )


def where(url: str) -> str:
    """A URL without its query string: messages never show parameters (an API key)."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def decode_json(service: str, response: Response) -> Any:
    """The JSON body of a response, or :class:`RegistryResponseError` saying what came
    instead (an HTML page, a truncated body...)."""
    text = response.text()
    try:
        return json.loads(text)
    except ValueError:
        head = text.lstrip()[:600].lower()
        start = " ".join(text.split())[:60]
        kind = "an HTML page" if "<html" in head or "<!doctype html" in head else "not JSON"
        raise RegistryResponseError(
            service, f"answer from {where(response.url)} is {kind} (starts {start!r})"
        ) from None
