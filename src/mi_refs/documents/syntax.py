"""Pandoc's citation syntax, all of it (MANUAL, "Citation syntax") (pure).

Keys: ``@`` not after a letter or digit, then a letter, digit or ``_``, then letters,
digits, ``_`` and single internal punctuation (``:.#$%&-+?<>~/``, and ``//`` as in a URL):
``@Foo_bar.baz.`` is the key ``Foo_bar.baz``, ``@Foo_bar--baz`` the key ``Foo_bar``;
anything in braces, ``@{Foo_bar.baz.}``. ``-@key`` suppresses the author.

Citations: bracketed ``[see @a, pp. 33-35 and *passim*; @b, chap. 1]`` (each item a
prefix, a key, a locator and a suffix); narrative ``@key``, with ``@key [p. 4]`` (a
locator or suffix) or ``@a [p. 33; @b]`` (more items) in brackets after it, unless those
brackets are a link (``[text](url)``, ``[text][ref]``, a defined ``[ref]``) or a span.
Locators: every en-US term of pandoc (``p.``/``pp.``/``page``, ``chap.``, ``col.``,
``fig.``, ``fol.``, ``l.``, ``n.``, ``no.``, ``op.``, ``para.``/``¶``, ``pt.``, ``sec.``/``§``,
``s.v.``, ``v.``, ``vol.``, ``bk.``), a bare number as a page, lists and ranges
(``33-35, 38-39``), Roman numerals after a term, a locator in braces (``{iv, vi-xi}``),
``{}`` for none; what follows the locator is the suffix. Escaped brackets are text.

What is written for a citation, and where, is :mod:`mi_refs.documents.placement`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from mi_refs.documents.scan import (
    blank_spans,
    fenced_code,
    html_comments,
    html_elements,
    html_tags,
    inline_code,
)

__all__ = [
    "KEY",
    "Cite",
    "CiteGroup",
    "blank",
    "find_citations",
    "mask_markdown_code",
    "parse_suffix",
]

KEY = (
    r"(?:\{(?P<braced>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}"
    r"|(?P<simple>\*|\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*))"
)
"""A citation key after its ``@`` (pandoc's grammar): braced or simple; ``*`` for nocite."""
_CITE_KEY = re.compile(r"(?<![\w\\@])(?P<suppress>-?)@" + KEY)
_NEXT = re.compile(r"[\[@]")
_NEWLINE = re.compile("\n")
_ESCAPE = re.compile(r"\\([^\w\s])")
_SPACES = re.compile(r"\s+")

# en-US locator terms (pandoc's citeproc), lower case, to the AMA label (singular, plural)
_LABELS = {
    "book": ("bk", "bks"), "chapter": ("chap", "chaps"), "column": ("col", "cols"),
    "figure": ("fig", "figs"), "folio": ("fol", "fols"), "number": ("no", "nos"),
    "line": ("l", "ll"), "note": ("n", "nn"), "opus": ("op", "opp"), "page": ("p", "pp"),
    "paragraph": ("para", "paras"), "part": ("pt", "pts"), "section": ("sec", "secs"),
    "sub verbo": ("sv", "svv"), "verse": ("v", "vv"), "volume": ("vol", "vols"),
}  # fmt: skip
_TERMS = {
    "bk.": "book", "bks.": "book", "book": "book", "books": "book",
    "chap.": "chapter", "chaps.": "chapter", "chapter": "chapter", "chapters": "chapter",
    "col.": "column", "cols.": "column", "column": "column", "columns": "column",
    "fig.": "figure", "figs.": "figure", "figure": "figure", "figures": "figure",
    "fol.": "folio", "fols.": "folio", "folio": "folio", "folios": "folio",
    "no.": "number", "nos.": "number",
    "l.": "line", "ll.": "line", "line": "line", "lines": "line",
    "n.": "note", "nn.": "note", "note": "note", "notes": "note",
    "op.": "opus", "opp.": "opus", "opus": "opus", "opera": "opus",
    "p.": "page", "pp.": "page", "page": "page", "pages": "page",
    "para.": "paragraph", "paras.": "paragraph", "paragraph": "paragraph",
    "paragraphs": "paragraph", "¶": "paragraph", "¶¶": "paragraph",
    "pt.": "part", "pts.": "part", "part": "part", "parts": "part",
    "sec.": "section", "secs.": "section", "section": "section", "sections": "section",
    "§": "section", "§§": "section",
    "s.v.": "sub verbo", "s.vv.": "sub verbo", "sub verbo": "sub verbo",
    "sub verbis": "sub verbo",
    "v.": "verse", "vv.": "verse", "verse": "verse", "verses": "verse",
    "vol.": "volume", "vols.": "volume", "volume": "volume", "volumes": "volume",
}  # fmt: skip
_TERM = re.compile(
    r"(?i)(?P<term>"
    + "|".join(re.escape(t) for t in sorted(_TERMS, key=len, reverse=True))
    + r")(?=[\s\d\[({]|(?<=\.)\S|(?<=[¶§])\S)"
)
_ROMAN = re.compile(r"(?i)m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_OPEN, _CLOSE = "([{", ")]}"
_STOP = set('!?"«»“”‘’;,')


@dataclass(frozen=True, slots=True)
class Cite:
    """One cited key: its locator as AMA prints it (``p4``, ``pp3-5``) or ``""``, the
    prefix and suffix text typed with it (the suffix with its leading separator:
    ``", and elsewhere"``, ``" and passim"``), and whether the author is suppressed
    (``-@key``)."""

    key: str
    locator: str = ""
    prefix: str = ""
    suffix: str = ""
    suppress: bool = False


@dataclass(frozen=True, slots=True)
class CiteGroup:
    """A citation as the writer typed it: its items, whether it is narrative (``@key``,
    the first item), and where it is in the text (``start``/``end`` offsets, 1-based
    ``line``)."""

    cites: tuple[Cite, ...]
    narrative: bool
    start: int
    end: int
    line: int


def blank(match: re.Match[str]) -> str:
    """The matched text as spaces (line breaks kept): offsets and lines stay put."""
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_markdown_code(text: str) -> str:
    """HTML comments, fenced code blocks (indented fences too) and inline code blanked
    out (:func:`blank`): nothing is looked for there."""
    text = blank_spans(text, html_comments(text))
    text = blank_spans(text, fenced_code(text))  # linear: the patterns were not
    return blank_spans(text, inline_code(text))


# --- locators ---------------------------------------------------------------------------


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def _word(text: str, start: int) -> int:
    """The end of the locator word at ``start``: no space, comma or semicolon; brackets
    balanced (an unbalanced one ends it). ``start`` when there is none."""
    depth: list[str] = []
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in "[]":
            index += 2
            continue
        if char in _OPEN:
            depth.append(_CLOSE[_OPEN.index(char)])
        elif char in _CLOSE:
            if not depth or depth[-1] != char:
                break
            depth.pop()
        elif not depth and (char.isspace() or char in _STOP):
            break
        index += 1
    if depth:
        return start
    return index


def _good(word: str, implicit: bool) -> bool:
    plain = _unescape(word).replace("*", "")
    if any(char.isdigit() for char in plain):
        return True
    parts = re.split(r"--|[-–]", plain.rstrip(".:"))
    return not implicit and all(part and _ROMAN.fullmatch(part) for part in parts)


def _plural(value: str) -> bool:
    return bool(re.search(r"[-–,&]| and ", value))


def _expand_range(value: str) -> str:
    """Page ranges in full, the AMA way: ``501-3`` is ``501-503``."""

    def full(match: re.Match[str]) -> str:
        first, last = match.group(1), match.group(2)
        if len(last) < len(first):
            last = first[: len(first) - len(last)] + last
        return f"{first}-{last}"

    return re.sub(r"\b(\d+)-(\d+)\b", full, value)


def _label(term: str | None, value: str) -> str:
    """The AMA label and value: ``pp33-35``, ``chap6``; a value alone without a term."""
    value = re.sub(r"\s*(?:--|[-–—])\s*", "-", _unescape(value).replace("*", "").strip())
    if term is None:
        return value
    short, many = _LABELS[term]
    if term == "page":
        value = _expand_range(value)
    return f"{many if _plural(value) else short}{value}"


def _braced(text: str, start: int) -> int:
    """The offset after the ``}`` closing the ``{`` at ``start`` (``{}`` and ``[]``
    balanced), or -1."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index + 1 if char == "}" else -1
    return -1


def parse_suffix(suffix: str, *, narrative: bool = False) -> tuple[str, str]:
    """The locator (``p33``, ``chaps3-5, 7``, or ``""``) and the suffix text after it, of
    what follows a key (bracketed: ``", pp. 33-35 and passim"``; narrative: what the
    brackets after it hold, ``"p. 33"``). The suffix keeps its leading separator; a
    narrative suffix without one gets ``", "`` (pandoc's rule)."""
    lead = re.match(r"\s*,?\s*", suffix)
    start = lead.end() if lead else 0
    locator, rest = "", suffix
    if start < len(suffix) and suffix[start] == "{":
        end = _braced(suffix, start)
        if end > 0:
            inner = suffix[start + 1 : end - 1].strip()
            term_match = _TERM.match(inner)
            if term_match is not None:
                term = _TERMS[term_match.group("term").lower()]
                locator = _label(term, inner[term_match.end() :])
            else:
                locator = _label(None, inner)
            rest = suffix[end:]
    else:
        found = _integrated(suffix, start)
        if found is not None:
            locator, end = found
            rest = suffix[end:]
    return locator, _suffix_text(rest, narrative=narrative and not locator)


def _integrated(suffix: str, start: int) -> tuple[str, int] | None:
    term_match = _TERM.match(suffix, start)
    term: str | None = None
    position = start
    if term_match is not None:
        term = _TERMS[term_match.group("term").lower()]
        position = term_match.end()
        position += len(suffix[position:]) - len(suffix[position:].lstrip())
    implicit = term is None
    end = _word(suffix, position)
    if end == position or not _good(suffix[position:end], implicit):
        return None
    words = [suffix[position:end]]
    while True:
        following = re.match(r",?(?: |\t|\n(?!\s*\n))?", suffix[end:])
        gap = following.group(0) if following else ""
        after = end + len(gap)
        if not gap:
            break
        stop = _word(suffix, after)
        if stop == after or not _good(suffix[after:stop], implicit):
            break
        words.append(gap.replace("\n", " ").replace("\t", " ") + suffix[after:stop])
        end = stop
    return _label(term or "page", "".join(words)), end


def _suffix_text(rest: str, *, narrative: bool) -> str:
    if not rest or rest.isspace():
        return ""
    text = _SPACES.sub(" ", _unescape(rest)).rstrip()
    if not text.strip():
        return ""
    if text[0] == " ":
        return " " + text.strip()
    if narrative and (text[0].isalnum() or text[0] in "*_"):
        return ", " + text
    return text


# --- finding citations ----------------------------------------------------------------


def _key(match: re.Match[str]) -> str:
    braced = match.group("braced")
    return braced if braced is not None else match.group("simple")


_BRACKET_EVENT = re.compile(r"(?s)\\.|\[|\]|\n[ \t]*\n")
_NESTED_SPAN = 4000


def _closers(text: str) -> dict[int, int]:
    """The offset of the ``]`` closing each ``[`` of ``text`` (escapes and nested
    brackets respected; a blank line ends a paragraph and closes nothing), found in one
    pass, so a cluster of any length is read once. A bracket that holds brackets and
    spans more than 4,000 characters is left out: it is no citation, and reading it
    would cost its length again for each bracket inside."""
    closers: dict[int, int] = {}
    opened: list[list[int]] = []  # offset, whether it holds a bracket
    for event in _BRACKET_EVENT.finditer(text):
        token = event.group()
        if token == "[":
            if opened:
                opened[-1][1] = 1
            opened.append([event.start(), 0])
        elif token == "]" and opened:
            start, nested = opened.pop()
            if not nested or event.start() - start < _NESTED_SPAN:
                closers[start] = event.start()
        elif token.startswith("\n"):
            opened.clear()
    return closers


def _spaces(text: str, start: int) -> int:
    index = start
    while index < len(text) and text[index] in " \t":
        index += 1
    return index - start


def _split(body: str) -> list[str]:
    """``body`` cut at the semicolons outside nested brackets and escapes."""
    if not any(char in body for char in "[]{}\\"):
        return body.split(";")
    parts: list[str] = []
    depth = 0
    last = 0
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == ";" and depth == 0:
            parts.append(body[last:index])
            last = index + 1
        index += 1
    parts.append(body[last:])
    return parts


def _item(part: str, examples: Collection[str] = ()) -> Cite | None:
    match = _CITE_KEY.search(part)
    if match is None or _key(match) in examples:
        return None
    prefix = _SPACES.sub(" ", _unescape(part[: match.start()])).strip()
    locator, suffix = parse_suffix(part[match.end() :])
    return Cite(_key(match), locator, prefix, suffix, bool(match.group("suppress")))


def _bracketed(
    text: str, start: int, examples: Collection[str], closers: Mapping[int, int]
) -> tuple[list[Cite], int] | None:
    end = closers.get(start, -1)
    if end < 0:
        return None
    cites = []
    for part in _split(text[start + 1 : end]):
        cite = _item(part, examples)
        if cite is None:
            return None
        cites.append(cite)
    return cites, end + 1


def _label_of(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _bareloc(
    text: str, start: int, labels: Collection[str], closers: Mapping[int, int]
) -> tuple[str, str, list[Cite], int] | None:
    """What brackets after a narrative citation add: its locator and suffix, more
    items, and where they end; ``None`` when there are none (or they are a link)."""
    gap = re.compile(r"[ \t]*(?:\n[ \t]*)?").match(text, start)
    position = gap.end() if gap else start
    if not text.startswith("[", position) or text.startswith("[^", position):
        return None
    end = closers.get(position, -1)
    if end < 0 or text[end + 1 : end + 2] in ("(", "{", "["):
        return None
    body = text[position + 1 : end]
    if _label_of(body) in labels:
        return None  # a reference link: [text] with [text]: url defined
    first, *others = _split(body)
    cites: list[Cite] = []
    locator = suffix = ""
    if _CITE_KEY.search(first):
        others = [first, *others]
    else:
        locator, suffix = parse_suffix(first, narrative=True)
    for part in others:
        cite = _item(part)
        if cite is None:
            return None
        cites.append(cite)
    return locator, suffix, cites, end + 1


def find_citations(
    text: str,
    *,
    html: bool = False,
    labels: Collection[str] = (),
    examples: Collection[str] = (),
) -> list[CiteGroup]:
    """Every citation in ``text`` in order of appearance; ``text`` is already masked
    where citations cannot be (code, raw HTML: see :mod:`mi_refs.documents.markdown`);
    ``html=True`` masks tags here. ``labels`` are the document's link reference labels
    (lower case: ``@key [label]`` is then a link, not a suffix), ``examples`` its
    example-list labels (``(@foo)``: ``@foo`` refers to the example)."""
    if html:
        text = mask_html(text)
    newlines = [match.start() for match in _NEWLINE.finditer(text)]
    closers = _closers(text)
    groups: list[CiteGroup] = []
    position = 0
    while True:
        found = _NEXT.search(text, position)
        if found is None:
            break
        index = found.start()
        if text[index - 1 : index] == "\\" or (
            text[index] == "[" and text[index - 1 : index] == "^"
        ):
            position = index + 1
            continue
        group = None
        if text[index] == "[":
            bracketed = _bracketed(text, index, examples, closers)
            if bracketed is not None:
                cites, end = bracketed
                group = CiteGroup(tuple(cites), False, index, end, 0)
        else:
            group = _narrative(text, index, labels, examples, closers)
        if group is None:
            position = index + 1
            continue
        line = bisect.bisect_left(newlines, group.start) + 1
        groups.append(CiteGroup(group.cites, group.narrative, group.start, group.end, line))
        position = group.end
    return _merged(text, groups)


def _narrative(
    text: str,
    index: int,
    labels: Collection[str],
    examples: Collection[str],
    closers: Mapping[int, int],
) -> CiteGroup | None:
    start = index - 1 if text[index - 1 : index] == "-" else index
    match = _CITE_KEY.match(text, start)
    if match is None or match.start() != start:
        return None
    key = _key(match)
    if key in examples or key == "*":
        return None
    suppress = bool(match.group("suppress"))
    extra = _bareloc(text, match.end(), labels, closers)
    if extra is None:
        return CiteGroup((Cite(key, suppress=suppress),), True, start, match.end(), 0)
    locator, suffix, more, end = extra
    first = Cite(key, locator, "", suffix, suppress)
    return CiteGroup((first, *more), True, start, end, 0)


def _merged(text: str, groups: list[CiteGroup]) -> list[CiteGroup]:
    """Bracketed citations with nothing but spaces between them as one cluster, so
    that two superscripts never touch (``[@a] [@b]`` is ``1,2``, not ``12``). Each
    cluster's items are gathered once (200,000 touching brackets are one pass)."""
    runs: list[list[CiteGroup]] = []
    for group in groups:
        if runs and not group.narrative and text[runs[-1][-1].end : group.start].strip(" \t") == "":
            runs[-1].append(group)
        else:
            runs.append([group])
    return [
        run[0]
        if len(run) == 1
        else CiteGroup(
            tuple(cite for group in run for cite in group.cites),
            run[0].narrative,
            run[0].start,
            run[-1].end,
            run[0].line,
        )
        for run in runs
    ]


_HTML_SKIPPED = ("script", "style", "code", "pre", "title", "textarea", "kbd", "samp")


def mask_html(text: str) -> str:
    """HTML with comments, tags and the elements whose text is not prose (``code``,
    ``pre``, ``title``, ``textarea``, ``script``, ``style``...) blanked out."""
    text = blank_spans(text, html_comments(text))
    text = blank_spans(text, html_elements(text, _HTML_SKIPPED))
    return blank_spans(text, html_tags(text))
