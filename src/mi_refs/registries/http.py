"""HTTP with manners: one small client per remote service.

A :class:`ServiceClient` owns its session, base URL, timeouts, polite identity, rate
limit and retry policy. Clock, sleep and randomness are injectable so tests never wait.

- Rate: requests start at least ``1 / rate`` seconds apart (a service-wide limiter, so
  all E-utilities share NCBI's 3 requests/s). The rate can be lowered at run time from
  the service's own ``x-rate-limit-*`` headers (Crossref).
- Retries: on 429, 5xx and connection errors, with exponential backoff and full jitter,
  honouring ``Retry-After``; never on other 4xx. A service that times out, or asks for
  a longer wait than ``max_retry_after``, is given up for the run (:attr:`ServiceClient.
  gave_up`): every later request fails at once.
- Every request has a timeout per read and one budget for the whole exchange (connect,
  status line, headers, body, redirects): the smaller of its own ``deadline`` and the
  time left in the run (``run_deadline``, an absolute ``clock`` time), enforced by
  shutting the sockets down (:mod:`.exchange`); after the run's deadline no request
  starts and no wait begins.
- A response body larger than ``max_bytes`` is refused; a body that does not decode
  (labelled gzip, but not) is a :class:`RegistryResponseError`.
- Redirects are followed only for GET and only to the same scheme, host and port: a body
  (and the API key in it) is never sent anywhere else.
- Nothing secret comes back: the client's credentials (parameters named like a key, a
  token, a secret or a password, and a user or password in the base URL), in every
  spelling a server may echo them (raw, percent-encoded), are replaced by
  ``[redacted]`` in every answer body and URL before anyone reads them, so no quoted
  answer, message, report or cache row can hold one.
- The pace can be shared by processes through a lock file (:class:`SharedPace`), and
  waits longer than a second are announced through :data:`wait_reporter`.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import math
import os
import random
import stat
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

from mi_refs.errors import (
    RegistryError,
    RegistryHTTPError,
    RegistryResponseError,
    RegistryUnavailableError,
)

if TYPE_CHECKING:
    import requests

    from mi_refs.registries.exchange import Watch

# requests (and urllib3, ssl, http.client under it) is imported by the code that sends, not
# here: a run that asks no registry (`check --offline`, a warm cache) never loads it
# (start-up, docs/performance.md).


def _new_session() -> requests.Session:
    import requests  # noqa: PLC0415 - see above

    return requests.Session()


def _watch(session: requests.Session) -> requests.Session:
    """``session`` with the exchange's watched adapters mounted (see :mod:`.exchange`)."""
    from mi_refs.registries.exchange import WatchedAdapter  # noqa: PLC0415 - see above

    for prefix in ("http://", "https://"):
        session.mount(prefix, WatchedAdapter())
    return session


__all__ = [
    "RateLimiter",
    "RegistryError",
    "RegistryHTTPError",
    "RegistryResponseError",
    "RegistryUnavailableError",
    "Response",
    "RetryPolicy",
    "ServiceClient",
    "SharedPace",
    "decode_json",
    "scrub",
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


#: Called with a message when a request must wait more than a second (a rate limit, a
#: ``Retry-After``); the command line sets it to show progress on a terminal.
wait_reporter: Callable[[str], None] | None = None


def _announce(service: str, seconds: float, why: str) -> None:
    reporter = wait_reporter
    if reporter is not None and seconds >= 1.0:
        with contextlib.suppress(Exception):
            reporter(f"{service}: waiting {seconds:.0f} s ({why})")


class SharedPace:
    """The next start time of a service's requests, shared by every process that uses
    the same cache directory: a small file under an exclusive lock (``fcntl``). Where
    locking is not possible the pace is per process.

    The file is distrusted: it is opened without following a symbolic link
    (``O_NOFOLLOW``: a link never truncates its target) or blocking (``O_NONBLOCK``: a
    FIFO never hangs the run), used only when it is a regular file, and a booking more
    than :data:`AHEAD` intervals ahead (a cache copied from a machine whose clock runs
    ahead) is ignored."""

    AHEAD = 10  # intervals: a booking further ahead is not believed

    def __init__(self, path: Path) -> None:
        self.path = path

    def reserve(self, now: float, interval: float) -> float:
        """Book the next slot from wall-clock ``now``; returns its start time."""
        if fcntl is None:  # pragma: no cover - not POSIX
            return now
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK
        try:
            fd = os.open(self.path, flags, 0o666)
        except OSError:
            return now  # a link, a FIFO without reader, no permission: per-process pace
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return now
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.read(fd, 64).decode("ascii", "replace").strip()
            try:
                booked = float(raw)
            except ValueError:
                booked = 0.0
            if not booked <= now + self.AHEAD * max(interval, 0.1):  # nonsense, far future
                booked = 0.0
            start = max(now, booked)
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, f"{start + interval:.6f}".encode("ascii"))
            return start
        except OSError:
            return now
        finally:
            os.close(fd)


class RateLimiter:
    """Requests start at least ``margin / rate`` seconds apart, across threads (and
    across processes when ``shared`` is set).

    The margin keeps a little under the service's limit: at exactly 3 requests/s, every
    fourth request lands 1.000 s after the first of its window, and the network's jitter
    puts some inside it (NCBI then answers 429)."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        margin: float = 1.1,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._next = 0.0
        self.margin = margin
        self.interval = margin / rate
        self.shared: SharedPace | None = None
        self.service = ""

    def set_rate(self, rate: float) -> None:
        with self._lock:
            self.interval = self.margin / rate

    def delay(self) -> float:
        """Book the next start; returns how long to wait for it."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
            wait = start - now
            if self.shared is not None:
                wall = self._wall_clock()
                wait = max(wait, self.shared.reserve(wall + wait, self.interval) - wall)
        return wait

    def wait(self) -> None:
        wait = self.delay()
        if wait > 0:
            _announce(self.service, wait, "rate limit")
            self._sleep(wait)


def _retry_after(headers: Mapping[str, str], now: Callable[[], float]) -> float | None:
    """Seconds ``Retry-After`` asks for (a number or an HTTP date, read against the
    wall clock ``now``); ``None`` when absent or unreadable."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        try:
            seconds = parsed.timestamp() - now()
        except (OverflowError, OSError, ValueError):
            return None
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


_SAFE_SCHEMES = {"http", "https"}
_LATE = "the request's overall deadline passed"
MAX_REDIRECTS = 3


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), port or default


@dataclass
class ServiceClient:
    """One remote service: base URL, identity, pace, retries, timeouts, size cap,
    deadlines."""

    service: str
    base_url: str
    rate: float
    user_agent: str
    params: Mapping[str, str] = field(default_factory=dict)  # sent with every request
    timeout: tuple[float, float] = (5.0, 30.0)
    max_bytes: int = 32 * 1024 * 1024
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # created at the first request (importing requests): a client that sends nothing, as
    # in a warm or offline check, never loads it (start-up, docs/performance.md)
    session: requests.Session | None = None
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rng: Callable[[], float] = random.random
    wall_clock: Callable[[], float] = time.time
    deadline: float = 60.0  # seconds a request may take, all reads included
    run_deadline: float | None = None  # a ``clock`` time after which nothing starts
    requests_made: int = 0
    retries_made: int = 0
    gave_up: str | None = None  # why the service is not asked again this run

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.secrets = _secret_forms(self.params, self.base_url)
        if self.session is not None:
            _watch(self.session)
        self.limiter = RateLimiter(self.rate, self.clock, self.sleep, wall_clock=self.wall_clock)
        self.limiter.service = self.service
        self._count_lock = threading.Lock()

    def _session(self) -> requests.Session:
        """The client's session, made at the first request (with its watched adapters)."""
        if self.session is None:
            self.session = _watch(_new_session())
        return self.session

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Response:
        return self.request("GET", path, params=params)

    def post(self, path: str, data: Mapping[str, str]) -> Response:
        return self.request("POST", path, data=data)

    def _time_left(self) -> float | None:
        if self.run_deadline is None:
            return None
        return self.run_deadline - self.clock()

    def _give_up(self, reason: str) -> RegistryUnavailableError:
        """Not asked again this run; the error to raise."""
        self.gave_up = self.gave_up or reason
        return RegistryUnavailableError(self.service, reason)

    def _budget(self) -> float:
        """Seconds the next exchange may take: its own deadline or the run's time left."""
        left = self._time_left()
        return self.deadline if left is None else min(self.deadline, left)

    def _retry_wait(self, response: Response, what: str) -> float | None:
        """The wait ``Retry-After`` asks for; a service asking for more than
        ``max_retry_after`` is given up for the run."""
        wait = _retry_after(response.headers, self.wall_clock)
        if wait is not None and wait > self.retry.max_retry_after:
            raise self._give_up(
                f"HTTP {response.status} asking to wait {wait:.0f} s (more than "
                f"{self.retry.max_retry_after:g} s; {what}): not asked again this run"
            )
        return wait

    def _pause(self, seconds: float, why: str, path: str) -> None:
        left = self._time_left()
        if left is not None and seconds > left:
            raise self._give_up(f"the run's time limit is reached ({why}, {path})")
        if seconds > 0:
            _announce(self.service, seconds, why)
            self.sleep(seconds)

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> Response:
        """Send with the service's manners; 2xx and final 4xx come back, the rest raise.

        Raises :class:`RegistryUnavailableError` when retries are exhausted (or the run's
        time is up), :class:`RegistryHTTPError` for a 4xx other than 429 (callers decide
        about 404) and :class:`RegistryResponseError` for a body that cannot be read."""
        import requests  # noqa: PLC0415 - see the imports

        url = f"{self.base_url}/{path.lstrip('/')}"
        query = {**self.params, **(params or {})} if method == "GET" else dict(self.params)
        body = {**self.params, **data} if data is not None else None
        last_problem = "no attempt made"
        for attempt in range(self.retry.attempts):
            if self.gave_up is not None:
                raise RegistryUnavailableError(self.service, f"not asked again: {self.gave_up}")
            left = self._time_left()
            if left is not None and left <= 0:
                raise self._give_up(f"the run's time limit is reached ({method} {path})")
            self._pause(self.limiter.delay(), "rate limit", path)
            with self._count_lock:
                self.requests_made += 1
                if attempt:
                    self.retries_made += 1
            try:
                response = self._send(method, url, query, body)
            except requests.Timeout:
                left = self._time_left()
                limit = (
                    "the run's time limit is reached"
                    if left is not None and left <= 0
                    else f"{self.timeout[1]:g} s a read, {self.deadline:g} s in all"
                )
                raise self._give_up(
                    f"no complete answer in time ({limit}; {method} {path}): not asked "
                    "again this run"
                ) from None
            except requests.ConnectionError:
                last_problem = f"cannot connect to {urllib.parse.urlsplit(where(url)).netloc}"
                retry_after = None
            else:
                if response.status == 429 or response.status >= 500:
                    last_problem = f"HTTP {response.status}"
                    retry_after = self._retry_wait(response, f"{method} {path}")
                elif response.status >= 400:
                    raise RegistryHTTPError(
                        self.service, response.status, f"HTTP {response.status} for {where(url)}"
                    )
                elif response.status >= 300:
                    raise RegistryHTTPError(
                        self.service,
                        response.status,
                        f"HTTP {response.status} redirect from {where(url)} not followed "
                        "(only GET requests to the same host are)",
                    )
                else:
                    return response
            if attempt + 1 < self.retry.attempts:
                delay = self.retry.delay(attempt, retry_after, self.rng)
                self._pause(delay, "Retry-After" if retry_after is not None else "retry", path)
        raise RegistryUnavailableError(
            self.service, f"{last_problem} ({self.retry.attempts} attempts, {method} {path})"
        )

    def _send(
        self, method: str, url: str, query: Mapping[str, str], body: Mapping[str, str] | None
    ) -> Response:
        import requests  # noqa: PLC0415 - see the imports

        from mi_refs.registries.exchange import Watch  # noqa: PLC0415

        budget = self._budget()
        if budget <= 0:
            raise requests.ReadTimeout(_LATE)
        with Watch(budget) as watch:
            try:
                current = self._send_once(method, url, query, body, watch)
                hops = 0
                while method == "GET" and 300 <= current.status < 400 and hops < MAX_REDIRECTS:
                    location = current.headers.get("location", "")
                    target = urllib.parse.urljoin(current.url, location) if location else ""
                    if not target or _origin(target) != _origin(url):
                        return current  # a redirect elsewhere is not followed
                    if urllib.parse.urlsplit(target).scheme.lower() not in _SAFE_SCHEMES:
                        return current
                    hops += 1
                    current = self._send_once("GET", target, {}, None, watch)
            except requests.ConnectionError:
                if watch.expired.is_set():  # the watch shut the socket down
                    raise requests.ReadTimeout(_LATE) from None
                raise
            if watch.expired.is_set():
                raise requests.ReadTimeout(_LATE)
            return current

    def _send_once(
        self,
        method: str,
        url: str,
        query: Mapping[str, str],
        body: Mapping[str, str] | None,
        watch: Watch,
    ) -> Response:
        import requests  # noqa: PLC0415 - see the imports

        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        if watch.expired.is_set():
            raise requests.ReadTimeout(_LATE)
        budget = max(0.001, watch.seconds)
        timeout = (min(self.timeout[0], budget), min(self.timeout[1], budget))
        try:
            raw = self._session().request(
                method,
                url,
                params=query if method == "GET" and query else None,
                data=body,
                headers=headers,
                timeout=timeout,
                stream=True,
                allow_redirects=False,
            )
        except (requests.Timeout, requests.ConnectionError):
            raise
        except requests.RequestException as exc:  # an invalid URL, too many redirects...
            raise requests.ConnectionError(str(exc)) from exc
        watch.add(raw)
        expired = watch.expired
        with raw:
            chunks: list[bytes] = []
            size = 0
            try:
                for chunk in raw.iter_content(chunk_size=65536):
                    size += len(chunk)
                    if size > self.max_bytes:
                        chunks.clear()  # a refused body is dropped at once
                        raise RegistryResponseError(
                            self.service,
                            f"answer larger than {self.max_bytes} bytes from {where(url)}",
                        )
                    chunks.append(chunk)
                    if expired.is_set():
                        raise requests.ReadTimeout(_LATE)
            except requests.exceptions.ContentDecodingError as exc:
                raise RegistryResponseError(
                    self.service,
                    f"answer from {where(url)} cannot be decoded "
                    f"(labelled {raw.headers.get('content-encoding', 'plain')!r})",
                ) from exc
            except (requests.RequestException, OSError, ValueError) as exc:
                if expired.is_set():
                    raise requests.ReadTimeout(_LATE) from exc
                raise requests.ConnectionError(str(exc)) from exc
            if expired.is_set():
                raise requests.ReadTimeout(_LATE)
            return Response(
                raw.status_code,
                {key.lower(): value for key, value in raw.headers.items()},
                scrub(b"".join(chunks), self.secrets),
                scrub(
                    (raw.url or url).encode("utf-8", "replace"), self.secrets, b"redacted"
                ).decode("utf-8", "replace"),
            )


_SECRET_NAMES = ("key", "token", "secret", "password", "passwd")
REDACTED = b"[redacted]"


def _secret_forms(params: Mapping[str, str], base_url: str) -> tuple[bytes, ...]:
    """Every spelling of the client's credentials a server may echo, longest first."""
    values = [v for k, v in params.items() if any(n in k.lower() for n in _SECRET_NAMES)]
    parts = urllib.parse.urlsplit(base_url)
    values += [v for v in (parts.username, parts.password) if v]
    forms: set[bytes] = set()
    for value in values:
        for form in (
            value,
            urllib.parse.quote(value, safe=""),
            urllib.parse.quote_plus(value),
            urllib.parse.unquote(value),
        ):
            if len(form) >= 4:  # a shorter value would blank ordinary text
                forms.add(form.encode("utf-8", "replace"))
    return tuple(sorted(forms, key=len, reverse=True))


def scrub(data: bytes, secrets: tuple[bytes, ...], mark: bytes = REDACTED) -> bytes:
    """``data`` with every form of every secret replaced by ``mark``."""
    for secret in secrets:
        if secret in data:
            data = data.replace(secret, mark)
    return data


def where(url: str) -> str:
    """A URL without its query string or user information: messages never show
    parameters (an API key) or credentials."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "(an unreadable URL)"
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port is not None else host
    return f"{parts.scheme}://{netloc}{parts.path}"


def decode_json(service: str, response: Response) -> Any:
    """The JSON body of a response, or :class:`RegistryResponseError` saying what came
    instead (an HTML page, a truncated body...)."""
    text = response.text()
    try:
        return json.loads(text)
    except RecursionError:
        raise RegistryResponseError(
            service, f"answer from {where(response.url)} is JSON nested too deep"
        ) from None
    except ValueError:
        head = text.lstrip()[:600].lower()
        start = " ".join(text.split())[:60]
        kind = "an HTML page" if "<html" in head or "<!doctype html" in head else "not JSON"
        raise RegistryResponseError(
            service, f"answer from {where(response.url)} is {kind} (starts {start!r})"
        ) from None
