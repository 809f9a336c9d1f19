"""Keyed letters: a finished letter's superscript numbers turned into pandoc citations.

``extract`` reads a legacy letter's numbered list into a .bib; this module rewrites the
letter so that ``cite`` maintains it: each superscript cluster (``4-15``, ``3,20``,
``1(p4)``) becomes ``[@a; @b, p. 4]`` (:func:`cluster_citation`) and the printed list
becomes the references marker (``::: {#refs}`` in Markdown, ``<div id="refs">`` in HTML,
``[[references]]`` in plain text). Pure: text in, text out. Word is in
:mod:`mi_refs.documents.docx.keyed`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mi_refs.documents.clusters import from_unicode, is_citation
from mi_refs.documents.superscripts import (
    _CARET,
    _Lines,
    _masked_markdown,
    _strip_tags,
    _unicode_runs,
    sup_spans,
)
from mi_refs.errors import InvalidArgumentError

__all__ = ["cluster_citation", "cluster_items", "key_text", "superscript_spans"]

_ITEM = re.compile(r"(?P<first>\d+)(?:\s*[-–]\s*(?P<last>\d+))?(?:\s*\((?P<locator>[^)]*)\))?")
_LOCATOR = re.compile(r"^(?P<label>pp?)\.?\s*(?P<value>.+)$")

MARKERS = {
    "markdown": "::: {#refs}\n:::",
    "html": '<div id="refs"></div>',
    "text": "[[references]]",
}


def cluster_items(printed: str) -> list[tuple[int, str]]:
    """The numbers of a printed cluster in order, each with its locator: ``4-6`` gives
    ``[(4, ""), (5, ""), (6, "")]``, ``1(p4)`` gives ``[(1, "p. 4")]``."""
    items: list[tuple[int, str]] = []
    for piece in re.split(r"[,;]", from_unicode(printed)):
        match = _ITEM.fullmatch(piece.strip())
        if match is None:
            continue
        first = int(match.group("first"))
        last = int(match.group("last") or first)
        locator = (match.group("locator") or "").strip()
        found = _LOCATOR.match(locator)
        if found is not None:
            locator = f"{found.group('label')}. {found.group('value').strip()}"
        items += [(number, locator) for number in range(first, max(first, last) + 1)]
    return items


def cluster_citation(printed: str, keys: Mapping[int, str]) -> str:
    """``[@a; @b, p. 4]`` for a printed cluster; :class:`InvalidArgumentError` for a
    number the list does not have."""
    parts = []
    for number, locator in cluster_items(printed):
        if number not in keys:
            raise InvalidArgumentError(f"citation {number} ({printed!r}) is not in the list")
        parts.append(f"@{keys[number]}" + (f", {locator}" if locator else ""))
    if not parts:
        raise InvalidArgumentError(f"{printed!r} holds no citation number")
    return "[" + "; ".join(parts) + "]"


def superscript_spans(text: str, kind: str) -> list[tuple[int, int, str]]:
    """Start, end and printed text of every citation superscript of a Markdown, HTML or
    plain text document (the same reading as :mod:`mi_refs.documents.superscripts`)."""
    source = _masked_markdown(text) if kind == "markdown" else text
    found: list[tuple[int, int, str]] = []
    if kind in {"markdown", "html"}:
        found += sup_spans(source)
    if kind in {"markdown", "text"}:
        taken = [(start, end) for start, end, _ in found]
        found += [
            (m.start(), m.end(), m.group("body"))
            for m in _CARET.finditer(source)
            if not any(start <= m.start() < end for start, end in taken)
        ]
    found += _unicode_runs(source, [(start, end) for start, end, _ in found])
    lines = _Lines(source)
    kept = []
    for start, end, body in sorted(found):
        line_start, line_end = lines.span(start)
        line_end = len(source) if line_end < 0 else line_end
        before = _strip_tags(source[line_start:start])[-20:]
        after = _strip_tags(source[end:line_end])[:20]
        if is_citation(body, before, after):
            kept.append((start, end, body.strip()))
    return kept


def key_text(text: str, kind: str, keys: Mapping[int, str], listing: tuple[int, int] | None) -> str:
    """``text`` with its superscripts as pandoc citations and the character span
    ``listing`` (the printed list, without its heading) replaced by the marker."""
    edits = [
        (start, end, cluster_citation(body, keys))
        for start, end, body in superscript_spans(text, kind)
        if listing is None or not listing[0] <= start < listing[1]
    ]
    if listing is not None:
        edits.append((listing[0], listing[1], MARKERS[kind] + "\n"))
    out = text
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    return out
