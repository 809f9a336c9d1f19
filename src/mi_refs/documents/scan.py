"""Spans that open and close (comments, code elements, raw TeX environments), found in
one pass (pure).

A lazy pattern such as ``<!--.*?-->`` or ``<(code)\\b.*?</\\1>`` is quadratic when its
opener is never closed: each opener scans to the end of the text for a closer that is
not there (80,000 ``<!--`` took minutes). Here the closers are found once, indexed by
their name, and each opener looks up the first one after it: what the lazy pattern
matches, in time linear in the text (and a logarithm per opener).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

__all__ = [
    "blank_spans",
    "closed_spans",
    "code_spans",
    "fenced_code",
    "html_comments",
    "html_elements",
    "html_tags",
    "inline_code",
    "tex_environments",
]

_COMMENT_OPEN = re.compile("<!--")
_COMMENT_CLOSE = re.compile("-->")
_TEX_OPEN = re.compile(r"\\begin\{(?P<key>[^{}]+)\}")
_TEX_CLOSE = re.compile(r"\\end\{(?P<key>[^{}]+)\}")


def closed_spans(
    text: str,
    opener: re.Pattern[str],
    closer: re.Pattern[str],
    fold: Callable[[str], str] = str,
) -> Iterator[tuple[int, int]]:
    """The spans ``opener .*? closer`` (dot matching line breaks), leftmost first and
    not overlapping, as :func:`re.finditer` of the lazy pattern gives them.

    When both patterns have a group named ``key``, a closer closes only an opener whose
    key is the same (after ``fold``): ``<code>`` ... ``</code>``, ``\\begin{x}`` ...
    ``\\end{x}``. Closers must not overlap one another."""
    ends: dict[str, tuple[list[int], list[int]]] = {}
    for match in closer.finditer(text):
        starts, stops = ends.setdefault(_key(match, fold), ([], []))
        starts.append(match.start())
        stops.append(match.end())
    position = 0
    while True:
        found = opener.search(text, position)
        if found is None:
            return
        starts, stops = ends.get(_key(found, fold), ([], []))
        index = bisect.bisect_left(starts, found.end())
        if index == len(starts):
            position = found.start() + 1
            continue
        yield found.start(), stops[index]
        position = stops[index]


def _key(match: re.Match[str], fold: Callable[[str], str]) -> str:
    return fold(match.group("key")) if "key" in match.re.groupindex else ""


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span's characters spaces (line breaks kept): offsets and lines
    stay put."""
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def html_comments(text: str) -> Iterator[tuple[int, int]]:
    """``<!-- ... -->``: what ``(?s)<!--.*?-->`` matches."""
    if "<!--" not in text:
        return iter(())
    return closed_spans(text, _COMMENT_OPEN, _COMMENT_CLOSE)


def html_elements(text: str, names: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """The elements ``names`` (``code``, ``pre``...) from start tag to end tag: what
    ``(?is)<(code|pre)\\b.*?</\\1\\s*>`` matches."""
    alternatives = "|".join(map(re.escape, names))
    opener = re.compile(rf"(?i)<(?P<key>{alternatives})\b")
    closer = re.compile(rf"(?i)</(?P<key>{alternatives})\s*>")
    return closed_spans(text, opener, closer, str.lower)


def tex_environments(text: str) -> Iterator[tuple[int, int]]:
    """Raw TeX ``\\begin{x} ... \\end{x}``."""
    if "\\begin{" not in text:
        return iter(())
    return closed_spans(text, _TEX_OPEN, _TEX_CLOSE)


def html_tags(text: str) -> Iterator[tuple[int, int]]:
    """What ``<[^>]*>`` matches (from a ``<`` to the first ``>`` after it), without
    trying every ``<`` of a text that has no ``>`` after them."""
    position = 0
    while True:
        start = text.find("<", position)
        end = text.find(">", start + 1) if start >= 0 else -1
        if end < 0:
            return
        yield start, end + 1
        position = end + 1


_BACKTICKS = re.compile("`+")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Markdown code spans: a run of backticks to the next run of the same length, with
    no longer run between (what ``(`+)(?:[^`]|(?!\\1)`+)+?\\1`` with its lookarounds
    matched, exponentially slowly when a run never closes and shorter runs follow). Each
    run's next run at least as long is found once, with a stack: linear."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text)]
    following = [len(runs)] * len(runs)  # the next run at least as long
    waiting: list[int] = []
    for index, (start, end) in enumerate(runs):
        while waiting and runs[waiting[-1]][1] - runs[waiting[-1]][0] <= end - start:
            following[waiting.pop()] = index
        waiting.append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        close = following[index]
        if close < len(runs) and runs[close][1] - runs[close][0] == end - start:
            spans.append((start, runs[close][1]))
            index = close + 1
        else:
            index += 1
    return spans


_FENCE = re.compile(r"(?m)^[ \t]*(`{3,}|~{3,})")


def fenced_code(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks as ``(?ms)^[ \\t]*(```+|~~~+).*?^[ \\t]*\\1[^\\n]*$`` matched them
    (the fence may shrink to find a closer: a run of L opens, the first later line that
    starts with min(L, the longest later run) of the same character closes), in one pass
    with a suffix maximum per character; the pattern was quadratic on a run that never
    closes and cubic on lines of falling length."""
    fences = [(m.start(), m.group(1)[0], len(m.group(1))) for m in _FENCE.finditer(text)]
    longest = [0] * (len(fences) + 1)  # the longest later run of each fence's character
    seen = {"`": 0, "~": 0}
    for index in range(len(fences) - 1, -1, -1):
        longest[index] = seen[fences[index][1]]
        seen[fences[index][1]] = max(seen[fences[index][1]], fences[index][2])
    spans: list[tuple[int, int]] = []
    position = 0
    index = 0
    while index < len(fences):
        start, char, run = fences[index]
        index += 1
        if start < position or longest[index - 1] < 3:
            continue
        need = min(run, longest[index - 1])
        close = index
        while fences[close][1] != char or fences[close][2] < need:
            close += 1
        end = text.find("\n", fences[close][0])
        position = len(text) if end < 0 else end
        spans.append((start, position))
        index = close + 1
    return spans


def inline_code(text: str) -> list[tuple[int, int]]:
    """What ``(`+)(?:(?!\\1).)+?\\1`` matched (a run of backticks to the first run at
    least as long later on the line; a run with no such run shrinks, to more than half
    its length, or is entered further on), in one pass; the pattern re-scanned the line
    from every backtick."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    lines = [text.count("\n", 0, runs[0][0])] if runs else []
    for index in range(1, len(runs)):
        lines.append(lines[-1] + text.count("\n", runs[index - 1][1], runs[index][0]))
    later = [0] * len(runs)  # the longest later run on the same line
    for index in range(len(runs) - 2, -1, -1):
        if lines[index + 1] == lines[index]:
            nxt = runs[index + 1][1] - runs[index + 1][0]
            later[index] = max(nxt, later[index + 1])
    spans: list[tuple[int, int]] = []
    position = 0
    index = 0
    while index < len(runs):
        start, end = runs[index]
        start = max(start, position)
        longest = later[index]
        if end <= start or longest == 0:
            index += 1
            continue
        size = min(end - start, 2 * longest - 1)
        start = end - size
        need = min(size, longest)
        close = index + 1
        while runs[close][1] - runs[close][0] < need:
            close += 1
        position = runs[close][0] + need
        spans.append((start, position))
        index = close
    return spans
