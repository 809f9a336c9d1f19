"""Earlier titles near a new one, found without comparing all pairs (issue 22: the
same-title duplicate rule compared every two entries of one year and first author, 6,000
such entries took 13 s, and 134 s when their titles differed only in a number).

:class:`NearTitles` answers exactly what comparing all pairs answered: the earlier titles
whose rapidfuzz ratio with the new one is at least ``TITLE_SAME`` (95), in the order they
were added. The ratio is ``100 * (1 - d / (len(a) + len(b)))`` with ``d`` the
insertion-and-deletion distance, so two titles that near are at most ``(len(a) + len(b))
// 20`` edits apart and their lengths within 21/19 of each other. Each title is cut into
``k + 2`` pieces, ``k`` the most edits any title of a near length may be away; an edit
breaks at most one piece, so a near title holds at least 2 of them intact, each moved by at
most ``d`` characters. Only titles that share two pieces so with the new one are compared
(the pigeonhole filter of Li, Deng, Wang and Feng, "Pass-Join", PVLDB 5(3), 2011). Under
:data:`_INDEXED_FROM` titles every earlier title is compared, which is as cheap. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from mi_refs.check.text import TITLE_SAME

__all__ = ["NearTitles"]

T = TypeVar("T")

# Intact pieces a near title keeps at least (more pieces: fewer chance meetings).
_KEPT = 2
# Fewer titles than this are all compared (cheaper than the index).
_INDEXED_FROM = 32
# Pieces to follow per earlier title above which comparing every title in C is cheaper.
_PIECES_PER_TITLE = 0.5


def _most_edits(length: int) -> int:
    """The most edits between a title of ``length`` and any title near it: lengths
    within 21/19 (``19 * long <= 21 * short``), ``d <= (sum of lengths) // 20``."""
    return (length + 21 * length // 19) // 20


@cache
def _pieces(length: int) -> tuple[tuple[int, int], ...]:
    """Where a title of ``length`` is cut: (start, length) of each piece, ``k + 2`` pieces
    (fewer for a title shorter than that), the longer ones last."""
    count = min(_most_edits(length) + _KEPT, length)
    if count == 0:
        return ()
    size, longer = divmod(length, count)
    starts, start = [], 0
    for number in range(count):
        piece = size + (number >= count - longer)
        starts.append((start, piece))
        start += piece
    return tuple(starts)


@cache
def _sizes(length: int) -> frozenset[int]:
    """The lengths of the pieces of the titles near one of ``length``."""
    return frozenset(size for near in _near_lengths(length) for _, size in _pieces(near))


def _needed(length: int) -> int:
    return len(_pieces(length)) - _most_edits(length)


def _near_lengths(length: int) -> range:
    """The lengths a title near one of ``length`` may have."""
    return range(-(-19 * length // 21), 21 * length // 19 + 1)


class NearTitles(Generic[T]):
    """Folded titles with an item each; :meth:`near` gives the earlier ones near a title."""

    def __init__(self) -> None:
        self._titles: list[str] = []
        self._items: list[T] = []
        self._index: dict[str, list[tuple[int, int, int]]] | None = None

    def add(self, title: str, item: T) -> None:
        number = len(self._titles)
        self._titles.append(title)
        self._items.append(item)
        if self._index is not None:
            self._put(number)
        elif len(self._titles) >= _INDEXED_FROM:
            self._index = {}
            for earlier in range(len(self._titles)):
                self._put(earlier)

    def _put(self, number: int) -> None:
        assert self._index is not None
        title = self._titles[number]
        for piece_number, (start, size) in enumerate(_pieces(len(title))):
            piece = title[start : start + size]
            self._index.setdefault(piece, []).append((number, piece_number, start))

    def near(self, title: str) -> Iterator[tuple[str, T]]:
        """The earlier titles (and their items) whose ratio with ``title`` is at least
        ``TITLE_SAME``, in the order they were added."""
        if self._index is None:
            numbers: Iterable[int] = range(len(self._titles))
        else:
            found = self._candidates(title)
            if found is None:  # pieces too common to pay: every title, compared in C
                yield from self._scan(title)
                return
            numbers = found
        for number in numbers:
            other = self._titles[number]
            if fuzz.ratio(title, other, score_cutoff=TITLE_SAME):
                yield other, self._items[number]

    def _scan(self, title: str) -> Iterator[tuple[str, T]]:
        near = process.extract(
            title, self._titles, scorer=fuzz.ratio, score_cutoff=TITLE_SAME, limit=None
        )
        for other, _, number in sorted(near, key=lambda found: found[2]):
            yield other, self._items[number]

    def _candidates(self, title: str) -> list[int] | None:
        """The earlier titles that keep enough pieces of theirs in ``title`` near where
        they were; ``None`` when the pieces are so common (a few words in every title)
        that following them costs more than comparing every title in C."""
        assert self._index is not None
        length = len(title)
        lengths = _near_lengths(length)
        places = [
            (start, places)
            for size in _sizes(length)
            for start in range(length - size + 1)
            if (places := self._index.get(title[start : start + size]))
        ]
        if sum(len(found) for _, found in places) > _PIECES_PER_TITLE * len(self._titles):
            return None
        kept: dict[int, set[int]] = {}
        for start, found in places:
            for number, piece_number, at in found:
                other = len(self._titles[number])
                if other in lengths and abs(start - at) <= (length + other) // 20:
                    kept.setdefault(number, set()).add(piece_number)
        return sorted(
            number
            for number, pieces in kept.items()
            if len(pieces) >= _needed(len(self._titles[number]))
        )
