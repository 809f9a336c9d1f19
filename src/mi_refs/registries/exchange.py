"""One deadline for a whole HTTP exchange: connect, status line, headers and body.

A read timeout bounds each ``recv`` only: a server that sends its status line and headers
one byte a second never trips it. :class:`Watch` is a timer for one exchange; the
connections the exchange takes from the session's pools are registered with it (through
:class:`WatchedAdapter`, mounted on the client's session), and when the time is up their
sockets are shut down, so whatever read is waiting (headers included) ends at once. The
caller sees a connection error and :attr:`Watch.expired` set: a timeout.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["Watch", "WatchedAdapter"]

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
        self._thread.start()
        return self

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
    pass


class _WatchedHTTPSPool(_Watched, HTTPSConnectionPool):
    pass


class WatchedAdapter(HTTPAdapter):
    """requests' adapter with watched connection pools."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }
