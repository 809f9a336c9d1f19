"""Shared helpers for the hostile-input tests (issue #11)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from mi_refs.registries.http import RetryPolicy
from mi_refs.registries.lookup import Registries
from tests.fakeregistry import FakeRegistry

VERNAVA = (
    "@article{x, author = {Vernava, I and Schmitt, CA}, title = {Daratumumab as a novel "
    "treatment option in refractory ITP}, journal = {Blood Cells Mol Dis}, year = 2023, "
    "volume = {99}, pages = {102724}, {ids}}\n"
)


def entry(ids: str, key: str = "x") -> str:
    return VERNAVA.replace("{ids}", ids).replace("{x,", "{" + key + ",")


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        yield server


def clients(server: FakeRegistry, **options: object) -> Registries:
    """Clients pointed at the fake, never really waiting."""
    settings: dict[str, Any] = {
        "sleep": lambda seconds: None,
        "timeout": (2.0, 2.0),
        "retry": RetryPolicy(attempts=2),
        **options,
    }
    return Registries.create(
        mailto="mi@example.org",
        pubmed_url=server.pubmed_url,
        crossref_url=server.crossref_url,
        **settings,
    )


def run_check(
    text: str, server: FakeRegistry, cache: Path, *, online: bool = True, **options: object
) -> mi_refs.CheckReport:
    return mi_refs.check(
        mi_refs.loads(text),
        registries=clients(server, **options) if online else None,
        cache_dir=cache,
        online=online,
    )


def codes(report: mi_refs.CheckReport, key: str = "x") -> list[str]:
    found = next(e for e in report.entries if e.key == key)
    return [f.code for f in found.findings]


@contextlib.contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 (a free port) with ``handler``; yields its base
    URL and stops it on exit."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
