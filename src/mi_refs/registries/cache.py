"""A persistent, per-record cache of registry answers in one SQLite file.

One row per record: the service, the identifier it was fetched by, the raw JSON document
(esummary document, Crossref work, or a DOI-to-PMID mapping) and when it was fetched.
Editing one entry re-fetches only that entry's records. Bibliographic data and
post-publication status age differently: a record is *fresh* for status for
``status_ttl`` (7 days by default) and usable for bibliographic comparison for
``bibliographic_ttl`` (90 days).

Safe for two CI jobs at once (WAL journal, a busy timeout, one short transaction per
write); a corrupt file is set aside and rebuilt; API keys and URLs are never stored.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

__all__ = ["Cache", "CachedDocument", "default_cache_dir"]

DAY = 86400.0
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    service TEXT NOT NULL,
    identifier TEXT NOT NULL,
    fetched REAL NOT NULL,
    document TEXT,
    PRIMARY KEY (service, identifier)
);
"""


def default_cache_dir() -> Path:
    """The user cache directory (``platformdirs``): ``~/.cache/mi-refs`` on Linux."""
    return Path(platformdirs.user_cache_dir("mi-refs", appauthor=False))


@dataclass(frozen=True, slots=True)
class CachedDocument:
    """A cached answer: ``document`` is ``None`` when the registry said "not found"."""

    document: Any
    fetched: float


class Cache:
    """The SQLite cache. ``clock`` is injectable for tests."""

    def __init__(
        self,
        path: str | Path,
        *,
        status_ttl: float = 7 * DAY,
        bibliographic_ttl: float = 90 * DAY,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.status_ttl = status_ttl
        self.bibliographic_ttl = bibliographic_ttl
        self.clock = clock
        self.rebuilt_from: Path | None = None
        self._connection = self._open()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        connection.execute("PRAGMA busy_timeout = 30000")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.executescript(SCHEMA)
        connection.execute("SELECT count(*) FROM documents").fetchone()
        return connection

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError:
            # Not a database, or a damaged one: keep it aside for inspection, start anew.
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(self.clock())}")
            with contextlib.suppress(OSError):
                self.path.replace(aside)
                self.rebuilt_from = aside
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(OSError):
                    self.path.with_name(self.path.name + suffix).unlink()
            return self._connect()

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_many(self, service: str, identifiers: Iterable[str]) -> dict[str, CachedDocument]:
        """Cached documents by identifier (any age; callers judge freshness)."""
        wanted = list(dict.fromkeys(identifiers))
        found: dict[str, CachedDocument] = {}
        for start in range(0, len(wanted), 500):
            batch = wanted[start : start + 500]
            marks = ",".join("?" * len(batch))
            try:
                rows = self._connection.execute(
                    f"SELECT identifier, fetched, document FROM documents "
                    f"WHERE service = ? AND identifier IN ({marks})",
                    (service, *batch),
                ).fetchall()
            except sqlite3.DatabaseError:
                return found
            for identifier, fetched, document in rows:
                try:
                    found[identifier] = CachedDocument(
                        json.loads(document) if document is not None else None, fetched
                    )
                except ValueError:
                    continue  # a damaged row is a cache miss
        return found

    def put_many(self, service: str, documents: Mapping[str, Any]) -> None:
        """Store documents (``None``: "not found") fetched now, in one transaction."""
        now = self.clock()
        rows = [
            (service, identifier, now, None if document is None else json.dumps(document))
            for identifier, document in documents.items()
        ]
        with contextlib.suppress(sqlite3.DatabaseError), self._transaction() as connection:
            connection.executemany(
                "INSERT OR REPLACE INTO documents (service, identifier, fetched, document) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield self._connection
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    def is_fresh(self, cached: CachedDocument) -> bool:
        """Young enough to trust its post-publication status (and everything else)."""
        return self.clock() - cached.fetched < self.status_ttl

    def is_usable(self, cached: CachedDocument) -> bool:
        """Young enough for bibliographic comparison."""
        return self.clock() - cached.fetched < self.bibliographic_ttl
