"""The base of the local fake services the tests run (:mod:`tests.fakeregistry`,
:mod:`tests.fakectgov`, :mod:`tests.fakedailymed`): a real HTTP server on 127.0.0.1 (a
free port) in a background thread, quiet, started and stopped by ``start()``/``stop()``
or as a context manager.

- :class:`FakeServer`: the server's life only; each request is handed to ``handle``
  (the subclass reads it and answers). ``stop()`` wakes handlers waiting on
  ``_stopping``, stops the loop, joins the thread and gives the handlers still running
  ``grace`` seconds (``_drain``).
- :class:`FakeService`: a :class:`FakeServer` for a read-only API at one path
  (``prefix``): every GET's path (query included) is logged in ``requests`` and answered
  with what ``answer(path)`` returns (status, content type, body, headers).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

__all__ = ["FakeServer", "FakeService", "Reply"]

HOST = "127.0.0.1"
Reply = tuple[int, str, bytes, dict[str, str]]  # status, content type, body, headers

_Fake = TypeVar("_Fake", bound="FakeServer")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"  # one request a connection: nothing idles at shutdown

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: each fake keeps its own log."""

    def version_string(self) -> str:
        return self.server.fake.server_version or super().version_string()

    def do_GET(self) -> None:
        self.server.fake.handle(self)

    def do_POST(self) -> None:
        if "POST" in self.server.fake.methods:
            self.server.fake.handle(self)
        else:  # as BaseHTTPRequestHandler answers a method it lacks
            self.send_error(501, f"Unsupported method ({self.command!r})")


class FakeServer:
    """A fake service's server (see the module docstring)."""

    methods: tuple[str, ...] = ("GET",)
    server_version: str | None = None  # the Server header's product (None: http.server's)

    def __init__(self, host: str = HOST) -> None:
        self.host = host
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    def start(self: _Fake) -> _Fake:
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server((self.host, 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=type(self).__name__.lower(),
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, grace: float = 2.0) -> None:
        """Stop serving: wake stalled handlers, stop the loop, join the thread. Handlers
        still running get ``grace`` seconds to finish (their clients see the connection
        close)."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._drain(grace)
        self._server = None
        self._thread = None

    def _drain(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for the handlers still running (none counted
        here)."""

    def __enter__(self: _Fake) -> _Fake:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not running: call start()")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


class FakeService(FakeServer):
    """A read-only API at ``prefix`` (``"/ctgov"``): GETs logged, answered by
    :meth:`answer`."""

    prefix = ""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[str] = []  # each GET's path and query, in arrival order

    @property
    def url(self) -> str:
        """The service's base URL (the clients' ``MI_REFS_..._URL``)."""
        return self.base_url + self.prefix

    def answer(self, path: str) -> Reply:
        """What to send for a GET of ``path`` (query included)."""
        raise NotImplementedError

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(handler.path)
        status, kind, body, headers = self.answer(handler.path)
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
