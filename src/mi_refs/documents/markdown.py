"""Reading Markdown as pandoc does, to know where citations may be (pure).

markdown-it-py (CommonMark, with mdit-py-plugins' footnotes and definition lists) gives
the blocks and their source lines; YAML metadata blocks, fenced divs and pandoc's inline
forms are read here. :func:`read_markdown` returns the text *masked*: every byte where a
citation cannot be (YAML metadata, fenced and indented code, raw HTML tags and comments,
code spans, TeX math and raw TeX, autolinks, link destinations and reference
definitions, span attributes) is a space (line breaks kept), so offsets in the masked
text are offsets in the document, and citing changes bytes only where citations are.
It also returns what citing needs besides: link labels (``@key [label]`` is a link when
``[label]`` is defined or names a heading), example labels (``(@foo)``), where each
footnote is anchored (citations in a note are numbered there), the ``::: {#refs}`` div,
``nocite`` keys and whether the document ends with a heading.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from mi_refs.documents.scan import blank_spans, code_spans, html_comments, tex_environments
from mi_refs.documents.syntax import KEY, blank

__all__ = ["MARKER", "MATH", "MarkdownDocument", "RefsDiv", "metadata_blocks", "read_markdown"]

MARKER = re.compile(r"(?m)^[ \t]*(?:<!--\s*references\s*-->|\[\[references\]\])[ \t]*$")
"""A line that says where the list goes: ``<!-- references -->`` or ``[[references]]``."""

_YAML = re.compile(  # pandoc's metadata block: a YAML mapping between --- and --- or ...
    r"(?m)(?:\A|(?<=\n\n))---[ \t]*\n(?=[A-Za-z0-9_\"'#-][^\n]*:(?:[ \t]|$)|#)"
    r"(?:.*\n)*?(?:---|\.\.\.)[ \t]*(?:\n|\Z)"
)
MATH = (
    re.compile(r"(?s)\$\$.+?\$\$"),  # display math
    re.compile(r"(?<![\\$])\$(?=[^\s$])(?:[^$\\\n]|\\.)*?(?<=[^\s\\])\$(?!\d)"),  # math
)
"""Pandoc's TeX math: ``$$...$$`` and ``$...$`` (no space inside the dollars)."""
_REFDEF = re.compile(r"[ ]{0,3}\[(?P<label>(?:[^\[\]\\]|\\.)+)\]:")


def _masked_by(pattern: str | re.Pattern[str]) -> Callable[[str], str]:
    return functools.partial(re.compile(pattern).sub, blank)


def _masked_spans(spans: Callable[[str], Iterable[tuple[int, int]]]) -> Callable[[str], str]:
    return lambda text: blank_spans(text, spans(text))


_INLINE: list[Callable[[str], str]] = [  # in this order
    _masked_spans(html_comments),  # linear, however many are left open
    _masked_spans(code_spans),  # linear, however the runs of backticks fall
    *(_masked_by(pattern) for pattern in MATH),
    _masked_spans(tex_environments),  # raw TeX
    _masked_by(r"\\[A-Za-z]+\*?(?:\[[^\]\n]*\])*(?:\{[^{}\n]*\})+"),
    _masked_by(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>"),  # autolinks
    _masked_by(r"<[^\s<>@]+@[^\s<>]+>"),
    _masked_by(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*?)?/?>"),  # raw HTML tags
]
_DESTINATION = re.compile(  # inside the parentheses of [text](destination "title")
    r"(?<=\]\()(?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*(?=\))"
)
_ATTRIBUTES = re.compile(r"(?<=\])\{[^{}\n]*\}")
_REFERENCE = re.compile(r"(?<=\])\[[^\[\]@\n]*\]")  # [text][ref]: the [ref]
_EXAMPLE = re.compile(r"(?m)^[ \t]*\(@(?P<label>[\w-]*)\)(?:[ \t]|$)")
_NOTE_LABEL = re.compile(r"[^\]\s]*")
# A div's opening fence; its attributes are the rest of the line less trailing spaces and
# colons (read in _attributes: the lazy pattern that did it here was cubic in the spaces).
_DIV_OPEN = re.compile(r"(?m)^(?P<fence>:{3,})[ \t]*(?P<rest>[^\s:][^\n]*)$")
_DIV_CLOSE = re.compile(r"(?m)^:{3,}[ \t]*$")
_REFS_ID = re.compile(r"#refs(?![\w-])")
_NOCITE = re.compile(r"(?m)^nocite:[ \t]*(?P<value>.*(?:\n(?:[ \t]+.*|[ \t]*)(?=\n))*)")
_NOCITE_KEY = re.compile(r"(?<![\w\\])-?@" + KEY)
_HTML_OPAQUE = re.compile(r"(?is)^\s*<(script|pre|style|textarea)\b")

_PARSER = MarkdownIt("commonmark").use(footnote_plugin).use(deflist_plugin)
_PARSER.disable(["inline", "footnote_tail"])  # blocks and their lines: inline forms are read here


@dataclass(frozen=True, slots=True)
class RefsDiv:
    """A ``::: {#refs}`` div: its content runs from ``start`` to ``end`` (the offset of
    the closing fence line); ``content`` is what it holds already (a heading, say)."""

    start: int
    end: int
    content: str


@dataclass(frozen=True, slots=True)
class MarkdownDocument:
    """A Markdown document read for citing (see the module's docstring)."""

    masked: str
    labels: frozenset[str]
    examples: frozenset[str]
    notes: tuple[tuple[int, int, int], ...]  # definition start, end, anchor offset
    refs: RefsDiv | None
    nocite: tuple[str, ...]
    ends_with_heading: bool
    marker: tuple[int, int] | None = None

    def order(self, offset: int) -> tuple[int, int]:
        """Where a citation at ``offset`` counts for numbering: in a footnote
        definition, where the note is anchored."""
        for start, end, anchor in self.notes:
            if start <= offset < end:
                return anchor, offset
        return offset, 0


def _blank_span(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = " "


def _label(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _lines(text: str) -> list[int]:
    starts = [0]
    starts += [match.end() for match in re.finditer("\n", text)]
    return starts


@dataclass(slots=True)
class _Blocks:
    labels: set[str]
    ends_with_heading: bool = False
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, label


def _blocks(working: str, starts: list[int], chars: list[str]) -> _Blocks:
    """Mask code and raw HTML blocks and reference definitions; the heading texts,
    whether the last block is a heading, and where the footnote definitions are."""
    tokens = _PARSER.parse(working)
    covered = bytearray(len(starts) + 1)
    headings: set[str] = set()
    notes: list[tuple[int, int, str]] = []
    last = ""
    for position, token in enumerate(tokens):
        if token.map is None:
            continue
        first, stop = token.map
        for line in range(first, stop):
            covered[line] = 1
        begin = starts[first]
        end = starts[stop] if stop < len(starts) else len(working)
        if token.type == "footnote_reference_open":
            notes.append((begin, end, str(token.meta.get("label", ""))))
        elif token.type in ("fence", "code_block"):
            _blank_span(chars, begin, end)
        elif token.type == "html_block":
            _mask_html_block(token.content, working, begin, end, chars)
        elif token.type == "heading_open" and position + 1 < len(tokens):
            content = re.sub(r"\s*\{[^{}]*\}\s*$", "", tokens[position + 1].content)
            headings.add(_label(content.strip("# ")))
        if token.level == 0 and not token.type.startswith("footnote"):
            last = token.type
    labels = headings | _mask_definitions(working, starts, covered, chars)
    return _Blocks(labels, last == "heading_open", notes)


def _mask_html_block(content: str, working: str, begin: int, end: int, chars: list[str]) -> None:
    """Raw HTML: its tags and comments (all of ``<pre>``, ``<script>``...); the text
    between tags is Markdown to pandoc. A marker comment stays."""
    if MARKER.fullmatch(content.strip()):
        return
    if _HTML_OPAQUE.match(content):
        _blank_span(chars, begin, end)
        return
    block = working[begin:end]
    comments = list(html_comments(block))
    for start, stop in comments:
        _blank_span(chars, begin + start, begin + stop)
    for tag in re.finditer(r"<[^<>]*>", blank_spans(block, comments)):
        _blank_span(chars, begin + tag.start(), begin + tag.end())


def _mask_definitions(
    working: str, starts: list[int], covered: bytearray, chars: list[str]
) -> set[str]:
    """Mask the lines no block holds (link reference definitions: ``[label]: url``) but
    ``[@key, ...]: text``, which pandoc reads as a citation; their labels."""
    labels: set[str] = set()
    for line, begin in enumerate(starts):
        end = starts[line + 1] if line + 1 < len(starts) else len(working)
        if covered[line] or not working[begin:end].strip():
            continue
        definition = _REFDEF.match(working, begin)
        citation = definition is not None and definition.group("label").lstrip("-")[:1] == "@"
        if definition is not None and not citation:
            labels.add(_label(definition.group("label")))
        if not citation:
            _blank_span(chars, begin, end)
    return labels


def _notes(
    masked: str, definitions: list[tuple[int, int, str]]
) -> tuple[tuple[int, int, int], ...]:
    """Each footnote definition's span and the offset of its first reference."""
    anchors: dict[str, int] = {}
    for start, label in _note_references(masked):
        anchors.setdefault(label, start)
    return tuple(
        (start, end, anchors[label]) for start, end, label in definitions if label in anchors
    )


def _note_references(text: str) -> Iterator[tuple[int, str]]:
    """``[^label]`` not followed by ``:``: what ``\\[\\^([^\\]\\s]+)\\](?!:)`` matched. A
    label's end is found once: an opener inside a label that does not close ends at the
    same place and is skipped (the pattern re-scanned it from each ``[^``)."""
    position = text.find("[^")
    while position >= 0:
        label = _NOTE_LABEL.match(text, position + 2)  # matches, if only the empty string
        end = label.end() if label else position + 2
        if end > position + 2 and text.startswith("]", end) and not text.startswith(":", end + 1):
            yield position, text[position + 2 : end]
            end += 1
        position = text.find("[^", end if end > position + 2 else position + 1)


def _attributes(rest: str) -> str:
    """A div fence's attributes: the rest of its line less trailing spaces and colons."""
    return rest.rstrip(" \t").rstrip(":").rstrip(" \t")


def _refs_div(masked: str, original: str) -> RefsDiv | None:
    for match in _DIV_OPEN.finditer(masked):
        if not _REFS_ID.search(_attributes(match.group("rest"))):
            continue
        depth = 1
        position = match.end()
        for fence in re.finditer(r"(?m)^:{3}[^\n]*$", masked[position:]):
            line = fence.group(0)
            if _DIV_CLOSE.fullmatch(line):
                depth -= 1
                if depth == 0:
                    start = match.end() + 1
                    end = position + fence.start()
                    return RefsDiv(start, max(start, end), original[start:end])
            else:
                depth += 1
        return None
    return None


def read_markdown(text: str) -> MarkdownDocument:
    """``text`` read for citing (see the module's docstring); linear in its length."""
    chars = list(text)
    nocite: list[str] = []
    for match in _YAML.finditer(text):
        for value in _NOCITE.finditer(match.group(0)):
            nocite += [
                key.group("braced") or key.group("simple")
                for key in _NOCITE_KEY.finditer(value.group("value"))
            ]
        _blank_span(chars, match.start(), match.end())
    working = "".join(chars)
    starts = _lines(working)
    blocks = _blocks(working, starts, chars)
    working = "".join(chars)
    found = MARKER.search(working)
    for step in _INLINE:
        working = step(working)
    for pattern in (_DESTINATION, _ATTRIBUTES, _REFERENCE):
        working = pattern.sub(blank, working)
    examples = frozenset(match.group("label") for match in _EXAMPLE.finditer(working))
    return MarkdownDocument(
        masked=working,
        labels=frozenset(blocks.labels),
        examples=examples,
        notes=_notes(working, blocks.notes),
        refs=_refs_div(working, text),
        nocite=tuple(dict.fromkeys(nocite)),
        ends_with_heading=blocks.ends_with_heading,
        marker=found.span() if found else None,
    )


def metadata_blocks(text: str) -> list[tuple[int, str]]:
    """pandoc's YAML metadata blocks of ``text``: each block's first line (1-based, the
    opening ``---``) and its YAML (the fences left out), in order."""
    found = []
    line, counted = 1, 0
    for match in _YAML.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        block = match.group(0)
        body = block[block.index("\n") + 1 :]
        found.append((line, re.sub(r"(?:---|\.\.\.)[ \t]*\n?\Z", "", body)))
    return found
