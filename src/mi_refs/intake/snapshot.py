"""A .bib as it was read, for commands that write it back (``add``, ``fix --apply``):
the bytes it was loaded from, the unified diff of a change, and a write that is refused
when the file changed on disk in between."""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mi_refs.bibtex import format_bibtex, load, parse_bibtex, save
from mi_refs.errors import FileChangedError, UnreadableFileError
from mi_refs.files import locked
from mi_refs.model import Bibliography

__all__ = ["Snapshot", "read_snapshot", "unified_diff"]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The bibliography and the bytes it was read from (``data`` is ``None`` for a file
    that did not exist yet)."""

    path: Path
    bibliography: Bibliography
    data: bytes | None

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data or b"").hexdigest()

    def text(self) -> str:
        return format_bibtex(self.bibliography)

    def write(self, bibliography: Bibliography, text: str | Sequence[str] | None = None) -> None:
        """Save ``bibliography`` over the file, atomically, unless the file changed since
        it was read (:class:`FileChangedError`, nothing written). Re-read, compare and
        replace happen under the file's write lock (:func:`~mi_refs.files.locked`): two
        writers never both replace what they read."""
        with locked(self.path):
            current = _read(self.path)
            if current != self.data:
                raise FileChangedError(
                    f"{self.path}: changed since it was read; nothing written (run it again)"
                )
            save(bibliography, self.path, text=text)  # formatted already (or its pieces)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnreadableFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def read_snapshot(path: str | os.PathLike[str], *, create: bool = False) -> Snapshot:
    """The .bib at ``path`` with its bytes; with ``create``, a missing file is an empty
    bibliography (written when something is added)."""
    file = Path(path)
    for _ in range(3):
        before = _read(file)
        if before is None:
            if not create:
                raise UnreadableFileError(f"{file}: cannot read: no such file")
            return Snapshot(file, parse_bibtex("", source=str(file)), None)
        bib = load(file)
        if _read(file) == before:  # not changed while it was parsed
            return Snapshot(file, bib, before)
    raise FileChangedError(f"{file}: keeps changing while it is read")


def unified_diff(path: str | os.PathLike[str], old: str, new: str) -> str:
    """The unified diff (``difflib``) of a .bib's text before and after."""
    name = str(path)
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=name if Path(name).is_absolute() else f"a/{name}",
        tofile=name if Path(name).is_absolute() else f"b/{name}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
