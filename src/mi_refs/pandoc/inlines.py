"""pandoc inlines for what mi-refs writes as text: words, citations' written segments,
a reference's styled segments, and the AMA placement of a superscript among inlines.

The rules are mi-refs' own (:mod:`mi_refs.documents.placement`: ``write_segments``,
``place``); this module only carries their text results over to pandoc's AST, keeping
the writer's own formatting (``*passim*`` in a suffix stays emphasised).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import panflute as pf

from mi_refs.documents.placement import Segment, place, write_segments
from mi_refs.styles.backends import inert, safe_url

__all__ = ["place_between", "plain_text", "reference_inlines", "text_inlines", "written_inlines"]

_SPACE = re.compile(r"([ \t\n]+)")
_CLUSTER = re.compile("\x00(\\d+)\x01")
_WIDE = 12  # inlines before a citation that placement looks at (a few words)


def text_inlines(text: str) -> list[Any]:
    """Plain text as pandoc would read it: words as ``Str``, each run of spaces one
    ``Space`` (a no-break space stays in its word, as pandoc keeps it)."""
    return [
        pf.Space() if piece.isspace() and "\u00a0" not in piece else pf.Str(piece)
        for piece in _SPACE.split(text)
        if piece
    ]


def _text(element: Any) -> str:
    if isinstance(element, pf.Str):
        return str(element.text)
    if isinstance(element, (pf.Space, pf.SoftBreak)):
        return " "
    if isinstance(element, pf.LineBreak):
        return "\n"
    if isinstance(element, pf.Note):
        return "\u2063"  # a note's mark: text, but nothing of the running text
    return str(pf.stringify(element))


def plain_text(elements: Sequence[Any]) -> str:
    """The running text of inlines (spaces as spaces, notes as an invisible mark)."""
    return "".join(_text(element) for element in elements)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _splice(text: str, formatted: Sequence[tuple[str, list[Any]]]) -> list[Any]:
    """``text`` as inlines, each piece that is the plain text of formatted inlines
    (a prefix or suffix with emphasis, a link...) given back as those inlines."""
    for plain, inlines in formatted:
        if plain and plain in text:
            start = text.index(plain)
            rest = [item for item in formatted if item[0] != plain]
            return [
                *_splice(text[:start], rest),
                *inlines,
                *_splice(text[start + len(plain) :], rest),
            ]
    return text_inlines(text)


def written_inlines(
    segments: Sequence[Segment],
    superscript: Callable[[str], Any],
    formatted: Sequence[tuple[str, list[Any]]] = (),
) -> list[Any]:
    """A citation's segments as inlines, laid out by
    :func:`~mi_refs.documents.placement.write_segments` (the one rule): each cluster
    through ``superscript``, the words around them as text, except the pieces
    ``formatted`` gives as inlines (plain text to the writer's own inlines)."""
    clusters: list[str] = []

    def mark(cluster: str) -> str:
        clusters.append(cluster)
        return f"\x00{len(clusters) - 1}\x01"

    text = write_segments(segments, mark)
    out: list[Any] = []
    for index, piece in enumerate(_CLUSTER.split(text)):
        if index % 2:
            out.append(superscript(clusters[int(piece)]))
        elif piece:
            out += _splice(piece, [(_normal(p), i) for p, i in formatted if _normal(p)])
    return out


def _trimmable(elements: Sequence[Any], count: int) -> bool:
    """Whether ``count`` characters can come off the end of ``elements`` through words
    and spaces only (never into emphasis, a link, code, a note)."""
    for element in reversed(elements):
        if count <= 0:
            return True
        if not isinstance(element, (pf.Str, pf.Space, pf.SoftBreak)):
            return False
        count -= len(_text(element))
    return count <= 0


def _trim_end(elements: list[Any], count: int) -> None:
    while count > 0:
        last = elements[-1]
        size = len(_text(last))
        if size <= count:
            elements.pop()
            count -= size
        else:
            last.text = last.text[: size - count]
            count = 0


def place_between(
    before: list[Any], after: deque[Any], *, lead: bool = False, tail: bool = False
) -> None:
    """Move the punctuation around a superscript about to be written between
    ``before`` (the inlines written so far) and ``after`` (those still to come), the
    AMA way (:func:`~mi_refs.documents.placement.place`, the one rule): in place. When
    the move would cut into formatted text, nothing moves."""
    window = before[-_WIDE:]
    before_text = plain_text(window)
    first = after[0] if after else None
    if isinstance(first, pf.Str):
        after_text = str(first.text)[:3]
    elif isinstance(first, (pf.Space, pf.SoftBreak)):
        after_text = " "
    else:
        after_text = ""
    new_before, _, new_after = place(before_text, "\x00", after_text, lead=lead, tail=tail)
    if (new_before, new_after) == (before_text, after_text):
        return
    common = 0
    for one, other in zip(before_text, new_before, strict=False):
        if one != other:
            break
        common += 1
    cut, added = len(before_text) - common, new_before[common:]
    if not _trimmable(window, cut):
        return
    if after_text.endswith(new_after) and new_after != after_text:
        taken = len(after_text) - len(new_after)
        if not isinstance(first, pf.Str):
            return
        first.text = first.text[taken:]
        if not first.text:
            after.popleft()
    elif new_after != after_text:
        after.appendleft(pf.Str(new_after[: len(new_after) - len(after_text)]))
    _trim_end(before, cut)
    if added:
        before += [pf.Space()] if added.isspace() else text_inlines(added)


def reference_inlines(segments: Sequence[tuple[str, str | None]]) -> list[Any]:
    """A reference's styled segments (:meth:`mi_refs.styles.base.Style.segments`) as
    inlines: ``em`` as Emph, ``strong`` as Strong, ``sup``/``sub``, a safe URL as a
    link; text made inert (:func:`~mi_refs.styles.backends.inert`)."""
    kinds = {"em": pf.Emph, "i": pf.Emph, "strong": pf.Strong, "b": pf.Strong,
             "sup": pf.Superscript, "sub": pf.Subscript}  # fmt: skip
    out: list[Any] = []
    for text, style in segments:
        words = text_inlines(inert(text))
        if not words:
            continue
        if style == "href":
            url = safe_url(text)
            out += [pf.Link(*words, url=url)] if url else words
        elif style in kinds:
            out.append(kinds[style](*words))
        else:
            out += words
    return out
