"""Citation numbers: one registry maps keys to numbers by first appearance, and clusters
of numbers are written the AMA way (``1,3-5``).

The reference list and every in-text superscript of a document are both produced from
the same :class:`CitationRegistry`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["CitationRegistry", "format_cluster"]


def format_cluster(numbers: Iterable[int]) -> str:
    """Numbers ascending, commas without spaces, a hyphen for a run of three or more.

    >>> format_cluster([5, 3, 1, 4])
    '1,3-5'
    >>> format_cluster([1, 2])
    '1,2'
    """
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        if end - start >= 2:
            parts.append(f"{ordered[start]}-{ordered[end]}")
        else:
            parts.extend(str(number) for number in ordered[start : end + 1])
        start = end + 1
    return ",".join(parts)


class CitationRegistry:
    """Numbers citation keys in the order they are first cited; a key cited again keeps
    its number.

    >>> registry = CitationRegistry()
    >>> registry.cite("a", "b")
    (1, 2)
    >>> registry.cite("b", "c")
    (2, 3)
    >>> registry.cluster("c", "a")
    '1,3'
    """

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._numbers: dict[str, int] = {}
        self.cite(*keys)

    def cite(self, *keys: str) -> tuple[int, ...]:
        """The numbers of ``keys``, numbering the ones not cited before."""
        numbers = []
        for key in keys:
            number = self._numbers.get(key)
            if number is None:
                number = self._numbers[key] = len(self._numbers) + 1
            numbers.append(number)
        return tuple(numbers)

    def cluster(self, *keys: str) -> str:
        """Cite ``keys`` together and return the cluster text: ``1,3-5``."""
        return format_cluster(self.cite(*keys))

    def number(self, key: str) -> int | None:
        """The number of ``key``, or ``None`` if it has not been cited."""
        return self._numbers.get(key)

    @property
    def keys(self) -> tuple[str, ...]:
        """The cited keys in number order."""
        return tuple(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)

    def __contains__(self, key: object) -> bool:
        return key in self._numbers

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)

    def __repr__(self) -> str:
        return f"CitationRegistry({list(self._numbers)!r})"
