"""One run's registry lookups, opened from a command's options and closed after it.

Every command that asks the registries (check, label states, add, extract, import
``--resolve``, fix's replacements, report, approve, watch) opens them here: the cache
(:func:`~mi_refs.registries.lookup.open_cache`: ``cache_dir`` or the user cache directory,
notes when it cannot be used), the clients (:meth:`Registries.create`: contact address,
API key, service URLs, request and run deadlines from the options, else the environment;
none offline) and the :class:`~mi_refs.registries.lookup.Lookup` over them (each
service's pace shared through the cache directory). The cache is closed when the run
ends, also when it ends with an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from mi_refs.registries.lookup import Lookup, Registries, open_cache

__all__ = ["open_lookup", "registries_for"]


def registries_for(
    *,
    online: bool,
    registries: Registries | None = None,
    mailto: str | None = None,
    api_key: str | None = None,
) -> Registries | None:
    """The clients a run asks: none offline; else ``registries`` when given, else new
    ones (:meth:`Registries.create`, which raises
    :class:`~mi_refs.errors.SettingsError` for an unusable contact address or URL)."""
    if not online:
        return None
    if registries is not None:
        return registries
    return Registries.create(mailto=mailto, api_key=api_key)


@contextmanager
def open_lookup(
    *,
    online: bool,
    refresh: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    api_key: str | None = None,
    registries: Registries | None = None,
    make_clients: bool = True,
) -> Iterator[tuple[Lookup, list[str]]]:
    """The run's :class:`Lookup` and the notes about its cache (a damaged file rebuilt, a
    directory that cannot be used: the run goes on without the cache), as
    ``with open_lookup(...) as (run, cache_notes):``; the cache is closed on leaving.

    ``use_cache=False``: no cache. ``online=False``: no clients (``registries`` is not
    used), answers from the cache only. ``refresh``: cached answers are asked again.
    ``make_clients=False``: no clients are made when none are given (``add`` with
    nothing to ask makes none; the lookup is still ``online``)."""
    cache, notes = open_cache(cache_dir) if use_cache else (None, [])
    try:
        if make_clients:
            registries = registries_for(
                online=online, registries=registries, mailto=mailto, api_key=api_key
            )
        yield Lookup(cache, registries if online else None, refresh, online), notes
    finally:
        if cache is not None:
            cache.close()
