"""Writing files safely: the one place output reaches the disk."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from mi_refs.errors import UnreadableFileError

__all__ = ["write_atomically"]


def write_atomically(
    target: str | os.PathLike[str], content: str | bytes, encoding: str = "utf-8"
) -> None:
    """Write ``content`` (text in ``encoding``, or bytes) to ``target`` through a
    temporary file in the same directory and ``os.replace``: readers see the old file or
    the new one, never half of one, and a failure leaves the old file as it was."""
    path = Path(target)
    directory = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UnreadableFileError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        data = content if isinstance(content, bytes) else content.encode(encoding)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            Path(temporary).chmod(path.stat().st_mode & 0o7777)
        Path(temporary).replace(path)
    except (OSError, UnicodeEncodeError) as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        reason = exc.strerror if isinstance(exc, OSError) else None
        raise UnreadableFileError(f"{path}: cannot write: {reason or exc}") from exc
