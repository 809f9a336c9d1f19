"""The NLM journal index, built ahead: ``data/journal-index.marshal.gz`` holds the
:class:`~mi_refs.check.journals.JournalIndex` of the packaged list, so a run loads it
(about 0.1 s) instead of folding and indexing 37,868 titles (0.3-1 s; docs/performance.md).

The file is plain data (dicts, frozensets, tuples and strings in ``marshal`` format 4, which every
Python since 3.4 reads; zlib-compressed, whose checksum catches a damaged copy) together
with a *fingerprint*: the SHA-256 of the journal list and of the source of the code that
builds the index (:data:`BUILT_BY`). A file whose fingerprint is not that of the installed
package and code, or that cannot be read, is not used: the index is then built in memory
as before, so a stale or damaged file costs time, never a wrong answer. Nothing is written
at run time; ``python tools/build_journal_index.py`` writes the file, and a test fails
when it is out of date.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import zlib
from collections.abc import Mapping
from dataclasses import fields
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mi_refs.check.journals import JournalIndex
from mi_refs.nlm import DATA_FILE

__all__ = ["BUILT_BY", "INDEX_FILE", "fingerprint", "index_bytes", "shipped_index"]

INDEX_FILE = "journal-index.marshal.gz"

# The modules whose code builds the index (paths inside the package): a change to any of
# them makes the shipped file stale. The list's bytes are part of the fingerprint too.
BUILT_BY = (
    "check/journals.py",
    "check/journal_keys.py",
    "check/journal_near.py",
    "check/journal_tables.py",
    "check/text.py",
    "nlm.py",
)

_MARSHAL_FORMAT = 4


def fingerprint() -> str:
    """The SHA-256 of the packaged journal list and of :data:`BUILT_BY`'s source (line
    endings made ``\\n``, so a checkout with CRLF endings agrees)."""
    package = files("mi_refs")
    digest = hashlib.sha256((package / "data" / DATA_FILE).read_bytes())
    for name in BUILT_BY:
        digest.update(b"\0" + name.encode() + b"\0")
        digest.update((package / name).read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def index_bytes(index: JournalIndex, stamp: str) -> bytes:
    """``index`` as the file's bytes, stamped with a :func:`fingerprint`."""
    data: dict[str, Any] = {"fingerprint": stamp}
    for field in fields(index):
        if not field.init:
            continue  # what the index remembers while it is used: not data
        value = getattr(index, field.name)
        if isinstance(value, Mapping):
            value = dict(value)
        elif not isinstance(value, (frozenset, tuple)):
            raise TypeError(f"JournalIndex.{field.name}: {type(value).__name__} is not kept")
        data[field.name] = value
    return zlib.compress(marshal.dumps(data, _MARSHAL_FORMAT), 6)


def _from_bytes(raw: bytes, stamp: str) -> JournalIndex | None:
    collecting = gc.isenabled()
    gc.disable()  # 300,000 new containers, none of them garbage: collections would double
    try:  # the time (and find nothing)
        data = marshal.loads(zlib.decompress(raw))
    except (ValueError, EOFError, TypeError, zlib.error):
        return None
    finally:
        if collecting:
            gc.enable()
    names = [field.name for field in fields(JournalIndex) if field.init]
    if not isinstance(data, dict) or data.get("fingerprint") != stamp:
        return None
    if set(data) != {"fingerprint", *names}:
        return None
    values: dict[str, Any] = {
        name: MappingProxyType(data[name]) if isinstance(data[name], dict) else data[name]
        for name in names
    }
    return JournalIndex(**values)


def shipped_index(path: Path | None = None) -> JournalIndex | None:
    """The index kept in the package (or at ``path``), or ``None`` when there is no such
    file, it cannot be read, or it was built from other data or code."""
    try:
        raw = path.read_bytes() if path else (files("mi_refs") / "data" / INDEX_FILE).read_bytes()
        stamp = fingerprint()
    except OSError:
        return None
    return _from_bytes(raw, stamp)
