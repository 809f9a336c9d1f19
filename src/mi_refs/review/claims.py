"""The claim map: which sentences of a letter cite which reference of its list.

A letter's citations are read as ``check --doc`` reads them
(:func:`~mi_refs.documents.letters.letter_citations`); each is one *occurrence*: the
superscript as printed, where it is, the sentence it stands in, the numbers it cites
(runs expanded: ``4-15`` cites twelve) with their locators. The letter's own list says
which .bib entry each number is (:func:`~mi_refs.documents.letters.listed_keys`); a
letter without a list is numbered in the .bib's order (and the map says so).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mi_refs.documents.clusters import cluster_items
from mi_refs.documents.letters import letter_citations, listed_keys
from mi_refs.model import Bibliography

__all__ = ["ClaimMap", "Occurrence", "read_claims", "shown"]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One citation of the letter: ``index`` counts them from 1 in letter order;
    ``numbers`` are the list numbers it cites in written order, ``locators`` the
    locator of each (``""``: none)."""

    index: int
    superscript: str
    location: str
    sentence: str
    numbers: tuple[int, ...]
    locators: tuple[str, ...]
    form: str = "superscript"

    def locator(self, number: int) -> str:
        return next(
            (loc for n, loc in zip(self.numbers, self.locators, strict=True) if n == number), ""
        )


@dataclass(frozen=True, slots=True)
class ClaimMap:
    """A letter's citations and its list. ``items`` are the list as printed (``""`` for
    numbers taken from the .bib), ``keys`` the .bib entry of each (``None``: none
    matches); ``notes`` say what the map could not do."""

    letter: str
    kind: str
    items: tuple[str, ...]
    keys: tuple[str | None, ...]
    occurrences: tuple[Occurrence, ...]
    notes: tuple[str, ...] = ()

    def citing(self, number: int) -> list[Occurrence]:
        """The occurrences that cite list number ``number``, in letter order."""
        return [o for o in self.occurrences if number in o.numbers]

    def key(self, number: int) -> str | None:
        return self.keys[number - 1] if 0 < number <= len(self.keys) else None


_MARKUP = re.compile(r"^(?:#{1,6}\s+|[-*+•]\s+|\d{1,3}[.)]\s+|>\s*)+")
_EMPHASIS = re.compile(r"\*\*|__")


def shown(sentence: str) -> str:
    """A quoted sentence without the Markdown around it: list markers and headings at
    its start, bold markers (``**``); superscripts and words untouched."""
    return _EMPHASIS.sub("", _MARKUP.sub("", sentence.strip()))


def read_claims(path: str | os.PathLike[str], bibliography: Bibliography) -> ClaimMap:
    """The claim map of the letter at ``path`` against ``bibliography`` (which only
    names the list's items). Raises :class:`~mi_refs.errors.DocumentError` when the
    letter cannot be read."""
    superscripts, kind, listing = letter_citations(path)
    notes: list[str] = []
    if listing is not None and listing.items:
        items = tuple(listing.items)
        keys = tuple(listed_keys(items, bibliography))
        unmatched = [str(n) for n, key in enumerate(keys, start=1) if key is None]
        if unmatched:
            notes.append(
                f"list item{'s' if len(unmatched) > 1 else ''} {', '.join(unmatched)} of "
                f"{Path(path).name} match no entry of the .bib (by DOI, PMID or title): "
                "shown as printed, without registry data"
            )
    else:
        keys = tuple(bibliography.keys)
        items = tuple("" for _ in keys)
        notes.append(
            f"{Path(path).name} has no numbered reference list: its numbers are read as "
            "the .bib's order"
        )
    occurrences = []
    for index, superscript in enumerate(superscripts, start=1):
        cited = cluster_items(superscript.text)
        occurrences.append(
            Occurrence(
                index,
                superscript.text,
                superscript.location,
                shown(superscript.sentence),
                tuple(item.number for item in cited),
                tuple(item.locator for item in cited),
                superscript.form,
            )
        )
    beyond = sorted({n for o in occurrences for n in o.numbers if n > len(keys) or n < 1})
    if beyond:
        notes.append(
            f"cited number{'s' if len(beyond) > 1 else ''} {_numbers(beyond)} not in the "
            "list: shown in the letter view only"
        )
    return ClaimMap(str(path), kind, items, keys, tuple(occurrences), tuple(notes))


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)
