"""Citations in a document's text: pandoc's syntax in, AMA superscripts out (pure).

Syntax (pandoc's): bracketed ``[@key]``, ``[@a; @b]``, with a locator ``[@key, p. 4]``
(also ``pp.``, ``chap.``, ``fig.``, ``table``...), with a prefix or suffix
``[see @a; also @b]``; narrative ``@key`` (an in-text citation) and ``@key [p. 4]``.
``\\@`` is a literal at sign, and an ``@`` inside a word (an e-mail address) is no citation.

Output (AMA 11): the numbers of a cluster ascending, commas without spaces, a hyphen for a
run of three or more; a locator in parentheses after its number (``1(p4)``); the
superscript after a period or comma and before a colon or semicolon, whichever side the
writer typed it on; a narrative citation as ``Surname et al (Year)`` + superscript.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from mi_refs.citations import CitationRegistry
from mi_refs.documents.clusters import Item, format_items
from mi_refs.model import Reference

__all__ = [
    "Cite",
    "CiteGroup",
    "NarrativeStyle",
    "blank",
    "cluster_text",
    "find_citations",
    "mask_markdown_code",
    "narrative_text",
    "place",
]

_KEY = r"[\w][\w:.#$%&\-+?<>~/]*[\w]|[\w]"
# A bracketed group: [ ... @key ... ] with no nested brackets; not a link ([text](url)).
_TAG = re.compile(r"<[^>]*>")
_BRACKETED = re.compile(r"\[(?P<body>[^\[\]]*?(?<![\w\\])-?@(?:" + _KEY + r")[^\[\]]*)\](?!\()")
_NARRATIVE = re.compile(r"(?<![\w@\\])@(?P<key>" + _KEY + r")(?:\s\[(?P<locator>[^\[\]@]*)\])?")
_ITEM = re.compile(
    r"(?P<prefix>.*?)(?P<suppress>-?)@(?P<key>" + _KEY + r")(?P<suffix>.*)", re.DOTALL
)
_LOCATOR = re.compile(
    r"^\s*,?\s*(?P<label>pp?\.?|pages?|chap(?:ter)?\.?|fig(?:ure)?\.?|table|tbl\.?|sec(?:tion)?\.?|"
    r"para(?:graph)?\.?|vol(?:ume)?\.?)\s*(?P<value>[\w\-–,\s]+?)\s*$",
    re.IGNORECASE,
)
_AMA_LOCATOR = {
    "p": "p", "pp": "pp", "page": "p", "pages": "pp", "chap": "ch", "chapter": "ch",
    "fig": "fig", "figure": "fig", "table": "table", "tbl": "table", "sec": "sec",
    "section": "sec", "para": "para", "paragraph": "para", "vol": "vol", "volume": "vol",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Cite:
    """One cited key, with its locator as AMA prints it (``p4``, ``pp3-5``) or ``""``."""

    key: str
    locator: str = ""


@dataclass(frozen=True, slots=True)
class CiteGroup:
    """A citation as the writer typed it: its keys, whether it is narrative (``@key``),
    and where it is in the text (``start``/``end`` offsets, 1-based ``line``)."""

    cites: tuple[Cite, ...]
    narrative: bool
    start: int
    end: int
    line: int


def _locator(suffix: str) -> str:
    match = _LOCATOR.match(suffix)
    if match is None:
        return ""
    label = _AMA_LOCATOR.get(match.group("label").lower().rstrip("."), "p")
    value = re.sub(r"\s+", "", match.group("value")).replace("–", "-")
    if label == "p" and ("-" in value or "," in value):
        label = "pp"
    return f"{label}{value}"


def blank(match: re.Match[str]) -> str:
    """The matched text as spaces (line breaks kept): offsets and lines stay put."""
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_markdown_code(text: str) -> str:
    """HTML comments, fenced code blocks (indented fences too) and inline code blanked
    out (:func:`blank`): nothing is looked for there."""
    text = re.sub(r"(?s)<!--.*?-->", blank, text)
    text = re.sub(r"(?ms)^[ \t]*(```+|~~~+).*?^[ \t]*\1[^\n]*$", blank, text)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", blank, text)


def _masked(text: str, html: bool) -> str:
    """The text with code, HTML comments, link destinations and URLs (and, for HTML,
    tags) blanked out, offsets unchanged, so citations are never found there."""
    if html:
        text = re.sub(r"(?s)<!--.*?-->", blank, text)
        text = re.sub(r"(?is)<(script|style|code|pre)\b.*?</\1>", blank, text)
        return _TAG.sub(blank, text)
    text = mask_markdown_code(text)
    text = re.sub(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)", blank, text)  # link destinations
    return re.sub(r"<?https?://[^\s>]+>?", blank, text)  # URLs


def find_citations(text: str, *, html: bool = False) -> list[CiteGroup]:
    """Every citation in ``text`` (Markdown or plain text; ``html=True`` looks only
    outside tags), in order of appearance."""
    masked = _masked(text, html)
    newlines = [index for index, char in enumerate(text) if char == "\n"]

    def line(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    groups: list[CiteGroup] = []
    taken: list[tuple[int, int]] = []
    for match in _BRACKETED.finditer(masked):
        cites = []
        for part in match.group("body").split(";"):
            item = _ITEM.match(part)
            if item is None:
                continue
            cites.append(Cite(item.group("key"), _locator(item.group("suffix"))))
        if cites:
            start, end = match.span()
            groups.append(CiteGroup(tuple(cites), False, start, end, line(start)))
            taken.append((start, end))
    # Narrative citations are looked for with the bracketed ones blanked out.
    pieces: list[str] = []
    position = 0
    for start, end in taken:
        pieces += [masked[position:start], " " * (end - start)]
        position = end
    outside = "".join([*pieces, masked[position:]])
    for match in _NARRATIVE.finditer(outside):
        start, end = match.span()
        cite = Cite(match.group("key"), _locator(", " + (match.group("locator") or "")))
        groups.append(CiteGroup((cite,), True, start, end, line(start)))
    return sorted(groups, key=lambda group: group.start)


def cluster_text(cites: Sequence[Cite], registry: CitationRegistry) -> str:
    """The superscript's text: ``1,3-5``; a cited locator after its number: ``1(p4),3``
    (:func:`~mi_refs.documents.clusters.format_items`, the one cluster writer)."""
    numbers = registry.cite(*(cite.key for cite in cites))
    return format_items(
        [Item(number, cite.locator) for number, cite in zip(numbers, cites, strict=True)]
    )


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


def place(before: str, superscript: str, after: str) -> tuple[str, str, str]:
    """Move a superscript to its AMA place: ``("outcomes ", S, ".")`` gives
    ``("outcomes.", S, "")``; ``("relevant:", S, " next")`` gives ``("relevant", S, ": next")``.

    ``before`` is the text up to the citation, ``after`` the text following it; returns the
    new before, the superscript and the new after (only punctuation and the spaces between
    it and the citation move)."""
    stripped = before.rstrip()
    if after and after[0] in _AFTER:
        return stripped + after[0], superscript, after[1:]
    if stripped and stripped[-1] in _BEFORE:
        return stripped[:-1], superscript, stripped[-1] + after
    return stripped, superscript, after
