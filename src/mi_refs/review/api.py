"""The review entry points of the Python API, with the settings the command line uses
(``[tool.mi-refs]`` from the letter's folder upward, unless told not to)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from mi_refs.api import SettingsChoice, settings_for
from mi_refs.bibtex import load
from mi_refs.errors import InvalidArgumentError
from mi_refs.model import Bibliography
from mi_refs.registries.lookup import Registries
from mi_refs.review.approve import Approval, approve_letter
from mi_refs.review.build import review_letter
from mi_refs.review.model import Review
from mi_refs.review.watch import WatchReport, find_locks, watch_locks

__all__ = ["approve", "review", "watch"]

PathLike = str | os.PathLike[str]


def _letter(value: object, function: str, what: str = "letter") -> PathLike:
    if not isinstance(value, (str, os.PathLike)):
        raise InvalidArgumentError(
            f"{function}: {what} must be a path (str or os.PathLike), not {type(value).__name__}"
        )
    return value


def _bibliography(value: object, function: str, settings_bib: PathLike | None) -> Bibliography:
    if value is None:
        if settings_bib is None:
            raise InvalidArgumentError(
                f"{function}: no bibliography given and the settings name none"
            )
        return load(settings_bib)
    if isinstance(value, Bibliography):
        return value
    if isinstance(value, (str, os.PathLike)):
        return load(value)
    raise InvalidArgumentError(
        f"{function}: bibliography must be a Bibliography or a .bib path, not "
        f"{type(value).__name__}"
    )


def review(
    letter: PathLike,
    bibliography: Bibliography | PathLike | None = None,
    *,
    online: bool = True,
    refresh: bool = False,
    cache_dir: PathLike | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    style: str | None = None,
    settings: SettingsChoice = None,
    registries: Registries | None = None,
    today: dt.date | None = None,
    api_key: str | None = None,
) -> Review:
    """The review report of a finished letter (``mi-refs report``): one card per
    reference of its list with status, evidence, differences, the sentences citing it
    and the needs-review lookups; write it with :func:`format_review`. ``bibliography``
    (a :class:`Bibliography` or a .bib path; default the settings' ``bibliography``)
    only names the list's items. Raises :class:`~mi_refs.errors.DocumentError` for a
    letter that cannot be read."""
    path = _letter(letter, "review")
    chosen = settings_for(settings, path)
    bib = _bibliography(bibliography, "review", chosen.bibliography_path())
    return review_letter(
        path, bib, online=online, refresh=refresh,
        cache_dir=cache_dir or chosen.cache_dir, use_cache=use_cache,
        mailto=mailto or chosen.mailto, style=style or chosen.style, options=chosen.house,
        ignore=chosen.ignore, acknowledge=chosen.acknowledge, registries=registries,
        today=today, api_key=api_key,
    )  # fmt: skip


def approve(
    letter: PathLike,
    bibliography: Bibliography | PathLike | None = None,
    *,
    output: PathLike | None = None,
    online: bool = True,
    cache_dir: PathLike | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    style: str | None = None,
    settings: SettingsChoice = None,
    registries: Registries | None = None,
    api_key: str | None = None,
) -> Approval:
    """``mi-refs approve``: check the letter against its own list and, unless the check
    fails (errors not acknowledged in the settings, list items without an entry), write
    its lock file (default ``<letter>.refs.lock.json``). ``Approval.lock`` is the file
    written, ``None`` when refused (``failing``, ``unmatched`` say why)."""
    path = _letter(letter, "approve")
    chosen = settings_for(settings, path)
    bib = _bibliography(bibliography, "approve", chosen.bibliography_path())
    return approve_letter(
        path, bib, output=output, online=online, cache_dir=cache_dir or chosen.cache_dir,
        use_cache=use_cache, mailto=mailto or chosen.mailto, style=style or chosen.style,
        ignore=chosen.ignore, acknowledge=chosen.acknowledge, registries=registries,
        api_key=api_key,
    )  # fmt: skip


def watch(
    locks: Iterable[PathLike] | PathLike | None = None,
    *,
    online: bool = True,
    cache_dir: PathLike | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    registries: Registries | None = None,
    api_key: str | None = None,
) -> WatchReport:
    """``mi-refs watch``: what changed since approval for the lock files ``locks`` (one
    path, several, or by default every ``*.refs.lock.json`` under the current folder);
    write it with :func:`format_watch`. Raises :class:`~mi_refs.errors.UnreadableFileError`
    when no lock file can be read."""
    if locks is None:
        paths: list[PathLike] = list(find_locks(Path()))
    elif isinstance(locks, (str, os.PathLike)):
        paths = [locks]
    elif isinstance(locks, Iterable) and not isinstance(locks, bytes):
        paths = [_letter(path, "watch", "each lock file") for path in locks]
    else:
        raise InvalidArgumentError(
            f"watch: locks must be a path or a list of paths, not {type(locks).__name__}"
        )
    return watch_locks(
        paths, online=online, cache_dir=cache_dir, use_cache=use_cache, mailto=mailto,
        registries=registries, api_key=api_key,
    )  # fmt: skip
