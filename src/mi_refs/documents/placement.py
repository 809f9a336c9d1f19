"""Where a citation goes in the text, and what is written there (pure).

A citation is written as superscripts holding only numbers and locators
(:func:`cluster_text`); prefix and suffix words stay in the running text before and after
them (:func:`cluster_segments`, :func:`write_segments`). A narrative citation names its
source first (:func:`narrative_text`). :func:`place` moves a superscript to its AMA place
against the sentence's punctuation, unless the words before introduce the citation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mi_refs.citations import CitationRegistry
from mi_refs.documents.clusters import Item, format_items, introduced
from mi_refs.documents.syntax import Cite
from mi_refs.model import Reference

__all__ = [
    "NarrativeStyle",
    "Segment",
    "cluster_segments",
    "cluster_text",
    "has_words",
    "narrative_text",
    "place",
    "write_segments",
]


def cluster_text(
    cites: Sequence[Cite], registry: CitationRegistry, *, numbered: bool = True
) -> str:
    """The superscript's text: ``1,3-5``; a cited locator after its number: ``1(p4),3``
    (:func:`~mi_refs.documents.clusters.format_items`, the one cluster writer). Prefix and
    suffix words are not in it (see :func:`cluster_segments`). ``numbered=False`` does not
    number keys not cited before (they must be)."""
    keys = [cite.key for cite in cites]
    numbers = registry.cite(*keys) if numbered else [registry.number(k) or 0 for k in keys]
    return format_items(
        [Item(number, cite.locator) for number, cite in zip(numbers, cites, strict=True)]
    )


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a written citation: running-text words before the superscript
    (``see``), the superscript's text (``1(p4)``), and running-text words after it
    (`` and passim``, with the space or punctuation that joins them)."""

    prefix: str
    cluster: str
    suffix: str

    @property
    def words_after(self) -> bool:
        """Whether words follow the superscript (a suffix of punctuation alone, ``[@a.]``,
        goes before it, as the sentence's punctuation would)."""
        return any(char.isalnum() for char in self.suffix)


def _suffix_words(suffix: str) -> str:
    """A suffix as running text after its superscript: the separator pandoc's syntax
    puts before it (``, and elsewhere``) becomes one space; punctuation stays attached."""
    words = suffix.lstrip(" \t\n,")
    if not words:
        return ""
    return words if not (words[0].isalnum() or words[0] in "*_([«\"'") else " " + words


def cluster_segments(cites: Sequence[Cite], registry: CitationRegistry) -> list[Segment]:
    """A citation as superscripts and running text: superscripts hold only numbers and
    locators; a cited item's prefix stays before its superscript and its suffix after it.
    Items without words share one superscript; an item with a prefix starts a new one, an
    item with a suffix ends one: ``[@a; see @b, p. 4 and passim; @c]`` is
    ``^1^ see^2(p4)^ and passim, ^3^`` (keys numbered already)."""
    groups: list[list[Cite]] = []
    for cite in cites:
        if not groups or cite.prefix or groups[-1][-1].suffix:
            groups.append([cite])
        else:
            groups[-1].append(cite)
    return [
        Segment(
            group[0].prefix.strip(),
            cluster_text(group, registry, numbered=False),
            _suffix_words(group[-1].suffix),
        )
        for group in groups
    ]


def write_segments(segments: Sequence[Segment], mark: Callable[[str], str]) -> str:
    """Segments as text, each superscript marked up by ``mark``: ``see^1^ and passim``;
    a segment after one that ends in words follows a comma, after a superscript a space."""
    out = ""
    for segment in segments:
        if out:
            out += ", " if out[-1].isalnum() or out[-1] in "*_)" else " "
        if segment.prefix:
            out += segment.prefix
        if segment.words_after:
            out += mark(segment.cluster) + segment.suffix
        else:
            out += segment.suffix.strip() + mark(segment.cluster)
    return out


def has_words(segments: Sequence[Segment]) -> tuple[bool, bool]:
    """Whether a written citation starts with prefix words, and whether words follow
    or sit between its superscripts (then the sentence's punctuation stays after it)."""
    return bool(segments[0].prefix), len(segments) > 1 or segments[-1].words_after


@dataclass(frozen=True, slots=True)
class NarrativeStyle:
    """How a narrative citation names its source: ``Strüßmann et al (2024)``.

    ``et_al`` from this many authors on (3: two authors are ``A and B``); ``year`` in
    parentheses after the names."""

    et_al_from: int = 3
    et_al: str = "et al"
    conjunction: str = "and"
    year: bool = True


def narrative_text(reference: Reference, style: NarrativeStyle = NarrativeStyle()) -> str:
    """``Strüßmann et al (2024)``, ``Vernava and Schmitt (2023)``, ``WHO (2020)``."""
    names = reference.authors or reference.editors
    many = len(names) >= style.et_al_from or (reference.authors_truncated and len(names) >= 1)
    if not names:
        who = reference.organization or reference.title
    elif many:
        who = f"{names[0].surname} {style.et_al}"
    elif len(names) == 2:
        who = f"{names[0].surname} {style.conjunction} {names[1].surname}"
    else:
        who = names[0].surname
    return f"{who} ({reference.year})" if style.year and reference.year else who


_AFTER = ".,?!"  # AMA: the superscript goes after these ...
_BEFORE = ":;"  # ... and before these


def place(
    before: str, superscript: str, after: str, *, lead: bool = False, tail: bool = False
) -> tuple[str, str, str]:
    """Move a superscript to its AMA place: ``("outcomes ", S, ".")`` gives
    ``("outcomes.", S, "")``; ``("relevant:", S, " next")`` gives ``("relevant", S, ": next")``.

    ``before`` is the text up to the citation, ``after`` the text following it; returns the
    new before, the superscript and the new after (only punctuation and the spaces between
    it and the citation move; nothing moves across an opening bracket or a line start).
    Words that introduce the citation keep it (``see also^1^.``, ``described in^2^.``,
    ``Further reading:^3^.``; :func:`~mi_refs.documents.clusters.introduced`): nothing
    moves then. ``lead``: the written citation starts with prefix words (they stand in the
    text, after a space; nothing moves); ``tail``: it ends with suffix words (a period or
    comma after it stays after them)."""
    stripped = before.rstrip(" \t")
    if stripped.endswith("\n"):  # a soft line break is a space; a blank line is not
        joined = stripped[:-1].rstrip(" \t")
        stripped = joined if joined and not joined.endswith("\n") else stripped
    if not stripped or stripped[-1] in "[(\n|":  # nothing moves across a table cell's border
        return before, superscript, after
    if lead:
        return (before if before[-1:].isspace() else before + " "), superscript, after
    if introduced(stripped, after):
        return stripped, superscript, after
    if after and after[0] in _AFTER and not tail:
        moved = 3 if after.startswith("...") else 1  # a mark, or an ellipsis
        return stripped + after[:moved], superscript, after[moved:]
    if stripped[-1] in _BEFORE:
        return stripped[:-1], superscript, stripped[-1] + after
    return stripped, superscript, after
