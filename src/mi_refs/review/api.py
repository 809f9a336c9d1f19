"""The review entry points of the Python API, with the settings the command line uses
(``[tool.mi-refs]`` from the letter's folder upward, unless told not to)."""

from __future__ import annotations

import datetime as dt
import os

from mi_refs.api import SettingsChoice, settings_for
from mi_refs.bibtex import load
from mi_refs.errors import InvalidArgumentError
from mi_refs.model import Bibliography
from mi_refs.registries.lookup import Registries
from mi_refs.review.build import review_letter
from mi_refs.review.model import Review

__all__ = ["review"]

PathLike = str | os.PathLike[str]


def _letter(value: object, function: str) -> PathLike:
    if not isinstance(value, (str, os.PathLike)):
        raise InvalidArgumentError(
            f"{function}: letter must be a path (str or os.PathLike), not {type(value).__name__}"
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
        today=today,
    )  # fmt: skip
