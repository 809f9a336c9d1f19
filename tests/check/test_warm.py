"""A warm ``check`` (every answer cached) does only what it must (issue 20 item 7): each
cached PubMed record is converted once, nothing is asked, and no HTTP library is loaded.
The seed's references against the local fake registry (tests/fixtures/registry)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from mi_refs.check import verify
from mi_refs.check.run import Registries
from mi_refs.registries import lookup, pubmed

from ..conftest import ROOT
from ..fakeregistry import FakeRegistry

SEED = ROOT / "references.bib"


def _clients(server: FakeRegistry) -> Registries:
    return Registries.create(
        mailto="mi@example.org", pubmed_url=server.pubmed_url, crossref_url=server.crossref_url,
        sleep=lambda seconds: None, timeout=(2.0, 2.0),
    )  # fmt: skip


def test_each_cached_record_is_converted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeRegistry.from_fixtures() as server:
        bib = mi_refs.load(SEED)
        cold = mi_refs.check(bib, registries=_clients(server), cache_dir=tmp_path)
        server.clear_requests()
        converted: Counter[str] = Counter()

        def counting(document: Any) -> Any:
            converted[str(document.get("uid"))] += 1
            return pubmed.record_from_esummary(document)

        for module in (lookup, verify):  # every caller
            monkeypatch.setattr(module, "record_from_esummary", counting, raising=False)
        warm = mi_refs.check(bib, registries=_clients(server), cache_dir=tmp_path)
        assert server.requests == []
    assert converted and max(converted.values()) == 1, converted
    assert warm.entries == cold.entries and warm.notes == cold.notes  # the same findings


def test_a_warm_check_loads_no_http_library(tmp_path: Path) -> None:
    """The clients of a run that asks nothing never build a session (requests, urllib3
    and ssl cost a tenth of a second to import)."""
    cache = tmp_path / "cache"
    with FakeRegistry.from_fixtures() as server:
        mi_refs.check(mi_refs.load(SEED), registries=_clients(server), cache_dir=cache)
        server.clear_requests()
        probe = (
            "import io, json, sys\nfrom mi_refs.cli import main\n"
            f"code = main(['check', {str(SEED)!r}, '--cache-dir', {str(cache)!r}], "
            "io.StringIO(), io.StringIO())\n"
            "print(json.dumps([code, 'requests' in sys.modules, 'urllib3' in sys.modules]))"
        )
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
            "MI_REFS_PUBMED_URL": server.pubmed_url,
            "MI_REFS_CROSSREF_URL": server.crossref_url,
            "MI_REFS_CTGOV_URL": server.pubmed_url,  # never asked: nothing to ask it
            "MI_REFS_DAILYMED_URL": server.pubmed_url,
            "MI_REFS_MAILTO": "mi@example.org",
        }
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env,
            cwd=tmp_path, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert server.requests == []
    assert done.stdout.strip().splitlines()[-1] == "[0, false, false]", done.stdout


def test_the_journal_index_remembers_a_bounded_number_of_searches() -> None:
    """A wrong journal is searched once however many registry names it meets; a long-lived
    process keeps at most 4,096 searches."""
    from mi_refs.check.journals import journal_index, load_journal_index

    index = journal_index()
    first = index.closest_abbreviation("New Engl J Med")
    assert first == "N Engl J Med" == index.closest_abbreviation("New Engl J Med")
    assert "new engl j med" in index._near
    index._near.update({f"query {n}": () for n in range(5000)})
    index.closest_abbreviation("Transfus Med Hemotherapy")
    assert len(index._near) == 1
    assert index == load_journal_index()  # what it remembers is not part of the index
