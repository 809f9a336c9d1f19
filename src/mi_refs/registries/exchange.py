"""One deadline for a whole HTTP exchange: connect, status line, headers and body.

A read timeout bounds each ``recv`` only: a server that sends its status line and headers
one byte a second never trips it. :class:`Watch` is a timer for one exchange; the
connections the exchange takes from the session's pools are registered with it (through
:class:`WatchedAdapter`, mounted on the client's session), and when the time is up their
sockets are shut down, so whatever read is waiting (headers included) ends at once. The
caller sees a connection error and :attr:`Watch.expired` set: a timeout.

Name resolution has no socket to shut down and no timeout of its own (the system's
resolver may wait its own 5 s per try, server and address family). A watched connection
resolves its host in a worker thread and waits at most the time left on the watch (and
its connect timeout): a resolver that hangs costs the budget, not the resolver's own
minutes; then each address is tried in the order the resolver gave them.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

__all__ = ["Watch", "WatchedAdapter", "resolve"]

_current = threading.local()  # the Watch of the exchange running in this thread
_AFTER = 0.1  # seconds between shutdowns once the time is up (a socket opened late)
_LINGER = 600  # at most this many of them (the exchange ends long before)


class Watch:
    """The timer of one exchange (``seconds`` from :meth:`start`); a context manager
    that registers the connections taken in this thread while it is open."""

    def __init__(self, seconds: float) -> None:
        self.seconds = max(0.0, seconds)
        self.expired = threading.Event()
        self._done = threading.Event()
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True, name="mi-refs-watch")

    def __enter__(self) -> Watch:
        _current.watch = self
        self._started = time.monotonic()
        self._thread.start()
        return self

    def left(self) -> float:
        """Seconds left before the time is up."""
        started = getattr(self, "_started", time.monotonic())
        return max(0.0, self.seconds - (time.monotonic() - started))

    def __exit__(self, *exc: object) -> None:
        _current.watch = None
        self._done.set()
        with self._lock:
            self._connections.clear()

    def add(self, connection: Any) -> None:
        """Watch a connection or a response (its socket is shut down when time is up)."""
        with self._lock:
            self._connections.append(connection)
        if self.expired.is_set():
            _shut(connection)

    def _run(self) -> None:
        if self._done.wait(self.seconds):
            return
        self.expired.set()
        for _ in range(_LINGER):
            with self._lock:
                connections = list(self._connections)
            for connection in connections:
                _shut(connection)
            if self._done.wait(_AFTER):
                return


_SOCKETS = (
    ("sock",),  # a urllib3 connection
    ("raw", "connection", "sock"),  # a requests response, its connection still open
    ("raw", "_fp", "fp", "raw", "_sock"),  # ... or handed to http.client's reader
)


def _shut(held: Any) -> None:
    """Unblock a read in progress by shutting down the socket of a connection or a
    response (the connection hands its socket to a response that will close it)."""
    for path in _SOCKETS:
        sock = held
        for name in path:
            sock = getattr(sock, name, None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def resolve(host: str, port: int, seconds: float) -> list[str]:
    """The addresses of ``host`` (the system's resolver, as a connection would ask it), in
    its order, waited for at most ``seconds``: :class:`TimeoutError` after that (the
    worker thread is left to finish on its own), :class:`OSError` when resolution
    fails."""
    found: list[Any] = []
    failed: list[BaseException] = []
    done = threading.Event()

    def ask() -> None:
        try:
            found.extend(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except BaseException as exc:  # reported to the waiting thread
            failed.append(exc)
        finally:
            done.set()

    threading.Thread(target=ask, daemon=True, name="mi-refs-resolve").start()
    if not done.wait(max(0.0, seconds)):
        raise TimeoutError(f"resolving {host} took over {seconds:.3g} s")
    if failed:
        raise failed[0]
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class _Resolving:
    """A connection that resolves its host within the time left on the watch of the
    exchange running in this thread (see the module), then connects to each address."""

    def _new_conn(self) -> socket.socket:
        connection: Any = self  # an urllib3 HTTPConnection (the other base)
        host: str = connection._dns_host
        watch = getattr(_current, "watch", None)
        if watch is None or _literal(host):
            return super()._new_conn()  # type: ignore[misc, no-any-return]
        seconds = watch.left()
        if isinstance(connection.timeout, (int, float)):
            seconds = min(seconds, float(connection.timeout))
        try:
            addresses = resolve(host, connection.port, seconds)
        except TimeoutError as exc:
            raise ConnectTimeoutError(connection, f"{exc} (the request's budget)") from None
        except OSError as exc:
            raise NameResolutionError(host, connection, exc) from exc  # type: ignore[arg-type]
        last: Exception | None = None
        for address in addresses:
            connection._dns_host = address
            try:
                return super()._new_conn()  # type: ignore[misc, no-any-return]
            except (NewConnectionError, ConnectTimeoutError) as exc:
                last = exc
            finally:
                connection._dns_host = host
        raise last or NewConnectionError(connection, f"{host}: no address")


class _ResolvingHTTPConnection(_Resolving, HTTPConnection):
    pass


class _ResolvingHTTPSConnection(_Resolving, HTTPSConnection):
    pass


class _Watched:
    """A connection pool that registers every connection it hands out with the watch of
    the exchange running in this thread."""

    def _get_conn(self, timeout: float | None = None) -> Any:
        connection = super()._get_conn(timeout)  # type: ignore[misc]
        watch = getattr(_current, "watch", None)
        if watch is not None:
            watch.add(connection)
        return connection


class _WatchedHTTPPool(_Watched, HTTPConnectionPool):
    ConnectionCls = _ResolvingHTTPConnection


class _WatchedHTTPSPool(_Watched, HTTPSConnectionPool):
    ConnectionCls = _ResolvingHTTPSConnection


class WatchedAdapter(HTTPAdapter):
    """requests' adapter with watched connection pools."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }
