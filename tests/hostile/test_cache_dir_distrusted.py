"""The cache directory distrusted as a whole (issue 22, item 8): a locked database costs
one short wait, then the run stops writing to it and says so (every write waited 30 s:
212 s for 8 entries); pace files are regular files opened without following links or
blocking, and a booking far ahead is ignored (a pace file booked 30 minutes ahead stalled
the run 30 minutes, a FIFO hung it, a symbolic link truncated its target)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

import mi_refs
from mi_refs.registries.http import SharedPace
from tests.fakeregistry import FakeRegistry
from tests.hostile.conftest import clients

ENTRIES = [
    ("a", "pmid = {36669360}"),
    ("b", "doi = {10.1016/j.bcmd.2023.102724}"),
    ("c", "pmid = {30915450}"),
    ("d", "doi = {10.1056/nejmoa2023325}"),
    ("e", "pmid = {9999931}"),
    ("f", "pmid = {9999933}"),
    ("g", "doi = {10.5555/mirefs.2019.0935}"),
    ("h", "doi = {10.3389/fimmu.2022.879994}"),
]


def bib() -> str:
    return "".join(
        f"@article{{{key}, title = {{T}}, journal = {{J}}, year = 2020, {ids}}}\n"
        for key, ids in ENTRIES
    )


def test_a_locked_database_costs_one_short_wait_then_no_writes(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    mi_refs.check(mi_refs.loads(""), registries=clients(registry), cache_dir=tmp_path)
    holder = sqlite3.connect(tmp_path / "registry.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        started = time.monotonic()
        report = mi_refs.check(
            mi_refs.loads(bib()), registries=clients(registry), cache_dir=tmp_path
        )
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert elapsed < 8, elapsed  # was 30 s a write
    assert any("locked by another program" in note for note in report.notes), report.notes
    assert len(report.entries) == len(ENTRIES)
    assert not any(f.code == "unverified" for f in report.findings())  # the check went on


def test_a_pace_booked_far_ahead_is_ignored(tmp_path: Path) -> None:
    pace = tmp_path / "pace-pubmed.lock"
    now = time.time()
    pace.write_text(f"{now + 1800:.6f}")  # a cache copied from a clock 30 minutes ahead
    assert SharedPace(pace).reserve(now, 0.37) == now
    assert float(pace.read_text()) == pytest.approx(now + 0.37)
    pace.write_text(f"{now + 1.0:.6f}")  # a booking a few intervals ahead is kept
    assert SharedPace(pace).reserve(now, 0.37) == pytest.approx(now + 1.0)


def test_a_pace_booked_far_ahead_does_not_stall_a_run(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    for service in ("pubmed", "crossref"):
        (tmp_path / f"pace-{service}.lock").write_text(f"{time.time() + 1800:.6f}")
    waits: list[float] = []
    mi_refs.check(
        mi_refs.loads(bib()), registries=clients(registry, sleep=waits.append), cache_dir=tmp_path
    )
    assert max(waits, default=0.0) < 5, waits  # was a 30-minute wait


def test_a_fifo_in_place_of_a_pace_file_does_not_hang(tmp_path: Path) -> None:
    pace = tmp_path / "pace-pubmed.lock"
    os.mkfifo(pace)
    result: list[float] = []
    worker = threading.Thread(
        target=lambda: result.append(SharedPace(pace).reserve(100.0, 0.5)), daemon=True
    )
    worker.start()
    worker.join(5)
    assert not worker.is_alive()  # was blocked reading the FIFO
    assert result == [100.0]


def test_a_symlink_in_place_of_a_pace_file_never_truncates_its_target(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    pace = tmp_path / "pace-pubmed.lock"
    pace.symlink_to(target)
    assert SharedPace(pace).reserve(100.0, 0.5) == 100.0
    assert target.read_text() == "keep me\n"
    assert pace.is_symlink()
