"""A persistent, per-record cache of registry answers in one SQLite file.

One row per record: the service, the identifier it was fetched by, the raw JSON document
(esummary document, Crossref work, or a DOI-to-PMID mapping) and when it was fetched.
Editing one entry re-fetches only that entry's records. Bibliographic data and
post-publication status age differently: a record is *fresh* for status for
``status_ttl`` (7 days by default) and usable for bibliographic comparison for
``bibliographic_ttl`` (90 days).

Safe for two CI jobs at once (WAL journal, a busy timeout, one short transaction per
write); API keys and URLs are never stored. What the cache guarantees:

- freshness is bounded on both sides: a row fetched "in the future" (a clock that ran
  ahead, a copied file) is stale, never fresh forever;
- the file is checked at open (``PRAGMA quick_check``); a damaged file, or one that
  fails on a read or a write later, is set aside and rebuilt, with a note;
- a directory that cannot be used (read-only, not creatable, a file in its place) turns
  the cache off for the run, with a note: the check goes on without it;
- a database locked by another program costs one short wait (:data:`LOCK_WAIT`) at
  most: then the run stops writing to the cache (and waits for it no more), with a note;
- a row is stored with a *stamp*: the caller's answer format and the CRC-32 of the stored
  text. A row read back whose stamp is the caller's format and whose text still has that
  checksum is ``checked`` (it was checked before it was stored, and nothing changed it
  since), so the caller need not check it again; any other row (an older version's, a
  damaged or hand-edited one) is not, and the caller checks it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

__all__ = ["Cache", "CachedDocument", "default_cache_dir"]

DAY = 86400.0
LOCK_WAIT = 2.0  # seconds a locked database is waited for, once a run
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    service TEXT NOT NULL,
    identifier TEXT NOT NULL,
    fetched REAL NOT NULL,
    document TEXT,
    stamp TEXT,
    PRIMARY KEY (service, identifier)
);
"""


def default_cache_dir() -> Path:
    """The user cache directory (``platformdirs``): ``~/.cache/mi-refs`` on Linux."""
    return Path(platformdirs.user_cache_dir("mi-refs", appauthor=False))


@dataclass(frozen=True, slots=True)
class CachedDocument:
    """A cached answer: ``document`` is ``None`` when the registry said "not found";
    ``checked``: stored with the stamp asked for, and undamaged since."""

    document: Any
    fetched: float
    checked: bool = False


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
        self.notes: list[str] = []
        self.writing = True  # False once the database was found locked: not written again
        self._stamps = False  # the file has a stamp column (see _add_stamps)
        self._connection: sqlite3.Connection | None = self._open()

    @property
    def directory(self) -> Path | None:
        """The cache's directory, ``None`` when the cache is off for this run."""
        return self.path.parent if self._connection is not None else None

    @property
    def enabled(self) -> bool:
        return self._connection is not None

    def take_notes(self) -> list[str]:
        """Notes about the cache since the last call (rebuilt, turned off)."""
        notes, self.notes = self.notes, []
        return notes

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=LOCK_WAIT, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT * 1000)}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript(SCHEMA)
            verdict = connection.execute("PRAGMA quick_check").fetchone()
            if not verdict or verdict[0] != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {verdict[0] if verdict else '?'}")
            connection.execute("SELECT count(*) FROM documents").fetchone()
            self._stamps = _add_stamps(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _open(self) -> sqlite3.Connection | None:
        try:
            return self._connect()
        except sqlite3.OperationalError as exc:  # cannot open, read-only, locked...
            if self.path.is_file() and _is_damage(exc):
                return self._rebuild()
            self._off(exc)
            return None
        except sqlite3.DatabaseError:
            return self._rebuild()
        except OSError as exc:
            self._off(exc)
            return None

    def _off(self, exc: BaseException) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.notes.append(
            f"the cache in {self.path.parent} cannot be used ({reason}): running without a cache"
        )

    def _rebuild(self) -> sqlite3.Connection | None:
        """Not a database, or a damaged one: keep it aside for inspection, start anew."""
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(self.clock())}")
        try:
            self.path.replace(aside)
        except OSError as exc:
            self._off(exc)
            return None
        self.rebuilt_from = aside
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                self.path.with_name(self.path.name + suffix).unlink()
        self.notes.append(f"the cache was damaged and has been rebuilt (old file: {aside})")
        try:
            return self._connect()
        except (sqlite3.DatabaseError, OSError) as exc:
            self._off(exc)
            return None

    def _failed(self, exc: sqlite3.DatabaseError) -> None:
        """A read or write failed: rebuild a damaged file; a locked one is waited for no
        more and not written again this run; otherwise (full disk) say so and go on."""
        if isinstance(exc, sqlite3.OperationalError) and _is_locked(exc):
            if self.writing:
                self.writing = False
                self.notes.append(
                    f"the cache in {self.path.parent} is locked by another program: this "
                    "run's answers are not saved in it (the next run asks again)"
                )
            if self._connection is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._connection.execute("PRAGMA busy_timeout = 0")
            return
        if isinstance(exc, sqlite3.OperationalError) and not _is_damage(exc):
            self.notes.append(f"the cache could not be used for a moment ({exc})")
            return
        self.close()
        self._connection = self._rebuild()

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
        self._connection = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def _stamp_column(self) -> str:
        """What a read takes as the stamp: ``NULL`` in a file without the column."""
        return "stamp" if self._stamps else "NULL"

    def get_many(
        self, service: str, identifiers: Iterable[str], stamp: str = ""
    ) -> dict[str, CachedDocument]:
        """Cached documents by identifier (any age; callers judge freshness), ``checked``
        when stored with ``stamp`` (see the module's notes)."""
        wanted = list(dict.fromkeys(identifiers))
        found: dict[str, CachedDocument] = {}
        for start in range(0, len(wanted), 500):
            if self._connection is None:
                return found
            batch = wanted[start : start + 500]
            marks = ",".join("?" * len(batch))
            try:
                rows = self._connection.execute(
                    f"SELECT identifier, fetched, document, {self._stamp_column} FROM documents "
                    f"WHERE service = ? AND identifier IN ({marks})",
                    (service, *batch),
                ).fetchall()
            except sqlite3.DatabaseError as exc:
                self._failed(exc)
                return found
            for identifier, fetched, document, kept in rows:
                try:
                    found[str(identifier)] = CachedDocument(
                        json.loads(document) if document is not None else None,
                        float(fetched),
                        bool(stamp) and _stamped(kept, stamp, document),
                    )
                except (ValueError, TypeError, RecursionError):
                    continue  # a damaged row is a cache miss
        return found

    def put_many(self, service: str, documents: Mapping[str, Any], stamp: str = "") -> None:
        """Store documents (``None``: "not found") fetched now, in one transaction;
        ``stamp``: the format they were checked against (none: not checked)."""
        now = self.clock()
        rows = []
        for identifier, document in documents.items():
            text = None if document is None else json.dumps(document)
            rows.append((service, identifier, now, text, _stamp(stamp, text) if stamp else None))
        if self._connection is None or not rows or not self.writing:
            return
        try:
            with self._transaction(self._connection) as connection:
                if self._stamps:
                    connection.executemany(
                        "INSERT OR REPLACE INTO documents "
                        "(service, identifier, fetched, document, stamp) VALUES (?, ?, ?, ?, ?)",
                        rows,
                    )
                else:
                    connection.executemany(
                        "INSERT OR REPLACE INTO documents (service, identifier, fetched, document) "
                        "VALUES (?, ?, ?, ?)",
                        [row[:4] for row in rows],
                    )
        except sqlite3.DatabaseError as exc:
            self._failed(exc)

    @contextlib.contextmanager
    def _transaction(self, connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def _age(self, cached: CachedDocument) -> float | None:
        """Seconds since the answer was fetched; ``None`` when that lies in the future
        (or is not a time): such a row is never fresh."""
        age = self.clock() - cached.fetched
        return age if 0.0 <= age < float("inf") else None

    def is_fresh(self, cached: CachedDocument) -> bool:
        """Young enough to trust its post-publication status (and everything else)."""
        age = self._age(cached)
        return age is not None and age < self.status_ttl

    def is_usable(self, cached: CachedDocument) -> bool:
        """Young enough for bibliographic comparison."""
        age = self._age(cached)
        return age is not None and age < self.bibliographic_ttl


def _stamp(stamp: str, text: str | None) -> str:
    """``stamp`` and the CRC-32 of the stored text (a "not found" row has none)."""
    checksum = "-" if text is None else f"{zlib.crc32(text.encode('utf-8')):08x}"
    return f"{stamp}:{checksum}"


def _stamped(kept: object, stamp: str, document: object) -> bool:
    return (document is None or isinstance(document, str)) and kept == _stamp(stamp, document)


def _add_stamps(connection: sqlite3.Connection) -> bool:
    """Give a cache written before stamps its ``stamp`` column; whether it has one. A file
    that cannot be written keeps none: its rows are never ``checked`` (read as before)."""

    def has_column() -> bool:
        return any(row[1] == "stamp" for row in connection.execute("PRAGMA table_info(documents)"))

    if has_column():
        return True
    with contextlib.suppress(sqlite3.OperationalError):  # read-only; or added meanwhile
        connection.execute("ALTER TABLE documents ADD COLUMN stamp TEXT")
    return has_column()


def _is_locked(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(word in text for word in ("malformed", "not a database", "corrupt", "disk image"))
