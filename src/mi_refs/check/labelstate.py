"""``label_states``: what DailyMed says of labels now, by set id (issue 19; for the review
lock file and ``watch`` of issue 21).

One history request a set id and, with ``effective``, one SPL document request a label
for its revision date (``effectiveTime``); both through the registry cache (none warm,
the document cached per version: a new version is asked for once). A set id DailyMed does
not know maps to ``None``; a set id that could not be asked (a service down, offline and
not cached) is left out of the answer and named in ``unanswered``: never "not found".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mi_refs.check.labels import fetch_labels, fetch_spls
from mi_refs.errors import InvalidArgumentError
from mi_refs.registries.dailymed import LabelState, canonical_setid
from mi_refs.registries.lookup import Lookup, Registries
from mi_refs.registries.session import open_lookup

__all__ = ["LabelStates", "label_states", "label_states_in"]


@dataclass(frozen=True, slots=True)
class LabelStates:
    """``states``: set id to its :class:`LabelState` (``None``: DailyMed has no such
    label); ``unanswered``: set ids asked and not answered; ``notes``: why (a service
    down, the cache); ``requests``: requests made to DailyMed."""

    states: dict[str, LabelState | None]
    unanswered: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    requests: int = 0


def label_states_in(
    run: Lookup, setids: Iterable[str], *, effective: bool = True
) -> tuple[dict[str, LabelState | None], tuple[str, ...]]:
    """The states of canonical ``setids`` through an open :class:`Lookup` (its cache and
    clients), and the set ids left unanswered."""
    wanted = list(dict.fromkeys(setids))
    labels = fetch_labels(run, wanted)
    spls = fetch_spls(run, {s: label for s, label in labels.items() if label}) if effective else {}
    states: dict[str, LabelState | None] = {
        setid: (LabelState.from_documents(label, spls.get(setid)) if label else None)
        for setid, label in labels.items()
    }
    return states, tuple(setid for setid in wanted if setid not in labels)


def label_states(
    setids: Iterable[str],
    *,
    effective: bool = True,
    online: bool = True,
    refresh: bool = False,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    registries: Registries | None = None,
    api_key: str | None = None,
) -> LabelStates:
    """DailyMed's current state of each label (set id, newest SPL version, its posting
    date, the label's revision date when ``effective``, labeler, title). Set ids are
    read case-blind; one that is not a set id (a UUID) is an
    :class:`~mi_refs.errors.InvalidArgumentError` naming it."""
    if isinstance(setids, (str, bytes)) or not isinstance(setids, Iterable):
        given = type(setids).__name__
        raise InvalidArgumentError(f"label_states: setids must be a list of set ids, not {given}")
    wanted = []
    for given in setids:
        setid = canonical_setid(given) if isinstance(given, str) else ""
        if not setid:
            raise InvalidArgumentError(f"label_states: {given!r} is not a DailyMed set id")
        wanted.append(setid)
    with open_lookup(
        online=online, refresh=refresh, cache_dir=cache_dir, use_cache=use_cache,
        mailto=mailto, api_key=api_key, registries=registries,
    ) as (run, notes):  # fmt: skip
        dailymed = run.registries.dailymed if run.registries else None
        before = dailymed.http.requests_made if dailymed else 0
        states, unanswered = label_states_in(run, wanted, effective=effective)
    after = dailymed.http.requests_made if dailymed else 0
    return LabelStates(states, unanswered, tuple(notes + run.notes()), after - before)
