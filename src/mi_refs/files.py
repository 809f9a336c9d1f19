"""Writing files safely: the one place output reaches the disk.

- A regular file (or a new one) is replaced atomically: a temporary file in the same
  directory, then ``os.replace``; a symbolic link is written through (its target is
  replaced, the link stays); a new file gets the permissions the umask allows, an
  existing one keeps its own.
- Anything else (a FIFO, a device such as ``/dev/null``, standard output) is written in
  place: never replaced by a regular file.
- The temporary file is removed on every way out, an interrupt included.
- An output that is also one of the command's inputs is refused (:func:`check_output`).
- Writers of one file take turns (:func:`locked`): an advisory lock on a small file
  beside it (``.NAME.lock``, ``fcntl.flock``) around re-read, compare and replace, so two
  runs never both replace what they read (:func:`replace_unchanged`: the one rule every
  writer of a .bib follows: ``add``, ``fix --apply``, ``import --into``, ``extract -o``,
  :func:`mi_refs.save`). Re-entrant within a process. Where ``fcntl``
  is missing (Windows) no lock is taken: the unchanged-since-read check alone guards.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from mi_refs.errors import FileChangedError, InvalidArgumentError, UnreadableFileError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "check_output",
    "digest_of",
    "lock_path",
    "locked",
    "locked_output",
    "replace_unchanged",
    "same_file",
    "write_atomically",
]

LOCK_WAIT = 60.0  # seconds to wait for another writer of the same file


class _Held:
    """A lock file this process holds: its descriptor and how deep (re-entrant)."""

    def __init__(self) -> None:
        self.turn = threading.RLock()
        self.fd = -1
        self.depth = 0


_held: dict[str, _Held] = {}
_held_guard = threading.Lock()


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file of ``path``: ``.NAME.lock`` beside the file a link points to."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the advisory write lock of ``path`` (see the module). Raises
    :class:`UnreadableFileError` when the lock file cannot be made (a link, a FIFO or a
    directory in its place, no permission) or another writer holds it over ``wait``
    seconds."""
    if fcntl is None:  # pragma: no cover - not POSIX: no lock
        yield
        return
    target = lock_path(path)
    with _held_guard:
        held = _held.setdefault(str(target), _Held())
    with held.turn:
        if held.depth == 0:
            held.fd = _take(target, path, wait)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0:
                with contextlib.suppress(OSError):
                    fcntl.flock(held.fd, fcntl.LOCK_UN)
                os.close(held.fd)
                held.fd = -1


def _take(target: Path, path: str | os.PathLike[str], wait: float) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK
    try:
        fd = os.open(target, flags, 0o666)
    except OSError as exc:
        raise UnreadableFileError(
            f"{path}: cannot take the write lock {target}: {exc.strerror or exc}"
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnreadableFileError(f"{path}: the write lock {target} is not a regular file")
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UnreadableFileError(
                        f"{path}: another run has been writing it for over {wait:g} s "
                        f"(lock {target}); nothing written"
                    ) from None
                time.sleep(0.02)
    except BaseException:
        os.close(fd)
        raise


_STDOUT_NAMES = {"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"}


def _replaced(target: str | os.PathLike[str]) -> bool:
    """Whether writing ``target`` replaces a regular file (or makes one): not standard
    output, a FIFO or a device, which are written in place and take no lock."""
    if str(target) in _STDOUT_NAMES:
        return False
    try:
        return stat.S_ISREG(Path(target).stat().st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


@contextlib.contextmanager
def locked_output(target: str | os.PathLike[str], wait: float = LOCK_WAIT) -> Iterator[None]:
    """:func:`locked` for a file about to be written; nothing for standard output or a
    special file."""
    if not _replaced(target):
        yield
        return
    with locked(target, wait):
        yield


def digest_of(target: str | os.PathLike[str]) -> str | None:
    """The SHA-256 of what ``target`` holds now; ``None`` when there is no such file (or
    it is standard output or a special file, which hold nothing to keep)."""
    if not _replaced(target):
        return None
    try:
        return hashlib.sha256(Path(target).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnreadableFileError(f"{target}: cannot read: {exc.strerror or exc}") from exc


def replace_unchanged(
    target: str | os.PathLike[str],
    content: str | bytes | Sequence[str],
    since: str | None,
    encoding: str = "utf-8",
) -> None:
    """Write ``content`` to ``target`` (:func:`write_atomically`) only if it still holds
    what it held when the command read it (``since``: its :func:`digest_of` then,
    ``None`` for no file): re-read, compare and replace under the write lock, so a run
    never replaces what another wrote in between. Raises :class:`FileChangedError`
    (nothing written) otherwise."""
    with locked_output(target):
        if digest_of(target) != since:
            raise FileChangedError(
                f"{target}: changed since it was read; nothing written (run it again)"
            )
        write_atomically(target, content, encoding)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same existing file (links followed)."""
    try:
        return Path(a).samefile(b)
    except (OSError, ValueError):
        return False


def check_output(
    target: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str] | None]
) -> None:
    """Refuse (:class:`InvalidArgumentError`) an output that is one of ``inputs``:
    writing it would destroy the source before it is read again."""
    if str(target) in _STDOUT_NAMES:
        return
    for source in inputs:
        if source is not None and same_file(target, source):
            raise InvalidArgumentError(
                f"{target}: is also an input ({source}); write the output somewhere else"
            )


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_in_place(path: Path, data: bytes) -> None:
    """A FIFO, a device or standard output: open it and write, no temporary file."""
    if str(path) in _STDOUT_NAMES:
        view = memoryview(data)
        while view:
            view = view[os.write(1, view) :]
        return
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def write_atomically(
    target: str | os.PathLike[str], content: str | bytes | Sequence[str], encoding: str = "utf-8"
) -> None:
    """Write ``content`` (text in ``encoding``, or bytes, or text in pieces: encoded a
    piece at a time, never whole) to ``target``.

    A regular file is written through a temporary file in the same directory and
    ``os.replace``: readers see the old file or the new one, never half of one, and a
    failure leaves the old file as it was. A symbolic link is followed (the file it
    points to is replaced). A special file (FIFO, device) or standard output is written
    in place. Raises :class:`UnreadableFileError` when the file cannot be written."""
    given = Path(target)
    pieces = None if isinstance(content, (str, bytes)) else content
    try:
        if isinstance(content, str):
            data = content.encode(encoding)
        else:
            data = content if isinstance(content, bytes) else b""  # pieces: as written
    except UnicodeEncodeError as exc:
        raise UnreadableFileError(f"{given}: cannot write: {exc}") from exc
    if pieces is not None and not _regular_or_missing(given):  # written in place: whole
        write_atomically(target, "".join(pieces), encoding)
        return
    try:
        if str(given) in _STDOUT_NAMES:
            _write_in_place(given, data)
            return
        info = given.stat()  # links followed
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UnreadableFileError(f"{given}: cannot write: {exc.strerror or exc}") from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFileError(f"{given}: cannot write: it is a directory")
        try:
            _write_in_place(given, data)
        except OSError as exc:
            raise UnreadableFileError(f"{given}: cannot write: {exc.strerror or exc}") from exc
        return
    path = Path(os.path.realpath(given)) if given.is_symlink() else given
    mode = info.st_mode & 0o7777 if info is not None else None
    _replace(path, data if pieces is None else (p.encode(encoding) for p in pieces), mode)


def _regular_or_missing(path: Path) -> bool:
    try:
        return str(path) not in _STDOUT_NAMES and stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False  # the whole-text path says why


def _replace(path: Path, data: bytes | Iterable[bytes], mode: int | None) -> None:
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise UnreadableFileError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    done = False
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                for chunk in data:
                    stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode if mode is not None else 0o666 & ~_umask())
        Path(temporary).replace(path)
        done = True
    except OSError as exc:
        raise UnreadableFileError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    except UnicodeEncodeError as exc:  # a piece of text: nothing replaced
        raise UnreadableFileError(f"{path}: cannot write: {exc}") from exc
    finally:
        if not done:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
