"""The SQLite cache: lifetimes, corruption, two writers at once, nothing secret stored."""

import multiprocessing
import sqlite3
from pathlib import Path

from mi_refs.registries.cache import DAY, Cache


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_round_trip_and_not_found(tmp_path: Path) -> None:
    with Cache(tmp_path / "c.sqlite3") as cache:
        cache.put_many("pubmed", {"1": {"uid": "1", "title": "T"}, "2": None})
        found = cache.get_many("pubmed", ["1", "2", "3"])
    assert found["1"].document == {"uid": "1", "title": "T"}
    assert found["2"].document is None  # "not found" is remembered too
    assert "3" not in found


def test_status_and_bibliographic_lifetimes(tmp_path: Path) -> None:
    clock = Clock()
    with Cache(tmp_path / "c.sqlite3", clock=clock) as cache:
        cache.put_many("crossref", {"10.1/x": {"DOI": "10.1/x"}})
        hit = cache.get_many("crossref", ["10.1/x"])["10.1/x"]
        clock.now += 6 * DAY
        assert cache.is_fresh(hit) and cache.is_usable(hit)
        clock.now += 2 * DAY
        assert not cache.is_fresh(hit) and cache.is_usable(hit)
        clock.now += 90 * DAY
        assert not cache.is_usable(hit)


def test_a_damaged_file_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    with Cache(path) as cache:
        assert cache.rebuilt_from is not None and cache.rebuilt_from.exists()
        cache.put_many("pubmed", {"1": {"uid": "1"}})
        assert cache.get_many("pubmed", ["1"])["1"].document == {"uid": "1"}


def _writer(path: str, offset: int) -> None:
    with Cache(path) as cache:
        for start in range(0, 200, 20):
            cache.put_many(
                "pubmed",
                {str(offset + n): {"uid": str(offset + n)} for n in range(start, start + 20)},
            )


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    Cache(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, offset)) for offset in (0, 10_000)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with Cache(path) as cache:
        found = cache.get_many(
            "pubmed", [str(n) for n in range(200)] + [str(10_000 + n) for n in range(200)]
        )
    assert len(found) == 400


def test_only_documents_are_stored(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        cache.put_many("pubmed", {"1": {"uid": "1"}})
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(documents)")]
    assert columns == ["service", "identifier", "fetched", "document", "stamp"]
