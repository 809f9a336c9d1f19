"""Name resolution counts against the time budget (issue 22 item 4): the system's
resolver has no timeout of its own that the run controls (each try may wait 5 s, per
server and address family), and a run waited for it whatever MI_REFS_RUN_DEADLINE said.
The resolver is replaced here (``socket.getaddrinfo``): no network."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from mi_refs.errors import RegistryUnavailableError
from mi_refs.registries.exchange import resolve
from mi_refs.registries.http import ServiceClient
from mi_refs.registries.lookup import Registries
from tests.fakeregistry import FakeRegistry
from tests.hostile.conftest import codes, entry

PMID = "pmid = {36669360}"
_REAL = socket.getaddrinfo


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """``hang.test`` resolves after 60 s (or when the test ends); ``fake.test`` is
    127.0.0.1 at once; anything else as the system says."""
    release = threading.Event()
    asked: dict[str, Any] = {"hang.test": 0, "release": release}

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "hang.test":
            asked["hang.test"] += 1
            release.wait(60)
            raise socket.gaierror(socket.EAI_AGAIN, "temporary failure in name resolution")
        if host == "fake.test":
            return _REAL("127.0.0.1", port, *args, **kwargs)
        return _REAL(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield asked
    release.set()


def test_a_hanging_resolver_costs_the_budget_not_its_own_time(resolver: dict[str, Any]) -> None:
    client = ServiceClient(
        "PubMed", "http://hang.test:9", rate=100, user_agent="t", sleep=lambda seconds: None
    )
    client.run_deadline = client.clock() + 1.5
    started = time.monotonic()
    with pytest.raises(RegistryUnavailableError, match="no complete answer in time"):
        client.get("esummary.fcgi")
    assert time.monotonic() - started < 1.5 + 1.5  # was: the resolver's time (here 60 s)
    assert resolver["hang.test"] == 1
    with pytest.raises(RegistryUnavailableError, match="not asked again"):
        client.get("esummary.fcgi")  # given up for the run, as after any timeout
    assert resolver["hang.test"] == 1


def test_a_check_with_a_hanging_resolver_ends_by_the_run_deadline(
    resolver: dict[str, Any], tmp_path: Path
) -> None:
    registries = Registries.create(
        mailto="mi@example.org",
        pubmed_url="http://hang.test:9",
        crossref_url="http://hang.test:9",
        environ={"MI_REFS_RUN_DEADLINE": "8"},  # room for a loaded machine's start
    )
    started = time.monotonic()
    report = mi_refs.check(mi_refs.loads(entry(PMID)), registries=registries, cache_dir=tmp_path)
    assert time.monotonic() - started < 8 + 3  # was: 60 s, the resolver's
    assert "unverified" in codes(report)


def test_resolve_waits_at_most_the_time_given(resolver: dict[str, Any]) -> None:
    started = time.monotonic()
    with pytest.raises(TimeoutError, match=r"hang\.test"):
        resolve("hang.test", 80, 0.3)
    assert time.monotonic() - started < 1.5
    assert resolve("fake.test", 80, 5) == ["127.0.0.1"]


def test_a_name_that_resolves_is_connected_to(resolver: dict[str, Any], tmp_path: Path) -> None:
    with FakeRegistry.from_fixtures() as registry:
        port = registry.pubmed_url.split(":")[2].split("/")[0]
        registries = Registries.create(
            mailto="mi@example.org",
            pubmed_url=registry.pubmed_url.replace("127.0.0.1", "fake.test"),
            crossref_url=registry.crossref_url.replace("127.0.0.1", "fake.test"),
            environ={"MI_REFS_RUN_DEADLINE": "30"},
            sleep=lambda seconds: None,
        )
        report = mi_refs.check(
            mi_refs.loads(entry(PMID)), registries=registries, cache_dir=tmp_path
        )
        assert port and registry.requests_to("/eutils/")
    assert "unverified" not in codes(report)
