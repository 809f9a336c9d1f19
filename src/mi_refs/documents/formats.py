"""The document formats mi-refs reads (by file suffix), and citing the text ones:
Markdown (pandoc syntax), HTML and plain text (pure).

The citations are numbered by one :class:`~mi_refs.citations.CitationRegistry` in order of
first appearance; the reference list is rendered from the same registry and goes where the
document asks (a ``::: {#refs}`` block, ``<div id="refs">``, a ``<!-- references -->`` or
``[[references]]`` marker) or, failing that, at the end under a References heading.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Literal

from mi_refs.citations import CitationRegistry
from mi_refs.documents.clusters import Markup, to_unicode
from mi_refs.documents.clusters import mark as mark_cluster
from mi_refs.documents.syntax import (
    CiteGroup,
    NarrativeStyle,
    cluster_text,
    find_citations,
    narrative_text,
    place,
)
from mi_refs.errors import UndefinedCitationError
from mi_refs.model import Bibliography, Problem
from mi_refs.styles import HouseOptions
from mi_refs.styles.render import render

__all__ = [
    "DOCUMENT_FORMATS",
    "CiteOptions",
    "DocumentFormat",
    "TextKind",
    "cite_textual",
    "superscript_unicode",
]

DocumentFormat = Literal["markdown", "html", "text", "docx"]
DOCUMENT_FORMATS: dict[str, DocumentFormat] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".docx": "docx",
}

TextKind = Literal["markdown", "html", "text"]

_MD_REFS = re.compile(r"(?ms)^:::+[ \t]*\{[^}\n]*#refs[^}\n]*\}[ \t]*\n.*?^:::+[ \t]*$")
_HTML_REFS = re.compile(r'(?is)<div\b[^>]*\bid\s*=\s*["\']refs["\'][^>]*>.*?</div>')
_MARKER = re.compile(r"(?m)^[ \t]*(?:<!--\s*references\s*-->|\[\[references\]\])[ \t]*$")


@dataclass(frozen=True, slots=True)
class CiteOptions:
    """How to cite: the style and house options of the list, the superscript markup
    (``pandoc``: ``^1^``; ``html``: ``<sup>1</sup>``; ``unicode``: ``¹``), and the form of
    narrative citations."""

    style: str = "ama"
    house: HouseOptions | None = None
    superscript: Literal["pandoc", "html", "unicode"] | None = None  # None: the format's own
    narrative: NarrativeStyle = field(default_factory=NarrativeStyle)
    heading: str = "References"


superscript_unicode = to_unicode


def undefined_keys(
    groups: Iterable[CiteGroup], known: Container[str], source: str, where: str | None = None
) -> list[Problem]:
    """A problem for each cited key not in ``known``, naming where it is: ``where`` (a
    Word paragraph), else the citation's line."""
    return [
        Problem(
            "citation",
            f"undefined citation key {cite.key!r} ({where or f'line {group.line}'})",
            source,
            None if where else group.line,
            cite.key,
        )
        for group in groups
        for cite in group.cites
        if cite.key not in known
    ]


def check_keys(groups: list[CiteGroup], bibliography: Bibliography, source: str) -> None:
    """Raise :class:`UndefinedCitationError` naming every undefined key and its line."""
    problems = undefined_keys(groups, set(bibliography.keys), source)
    if problems:
        raise UndefinedCitationError(problems)


def number_citations(
    text: str,
    groups: list[CiteGroup],
    bibliography: Bibliography,
    options: CiteOptions,
    *,
    how: Markup,
    registry: CitationRegistry,
) -> str:
    """Replace each citation with its superscript (and a narrative citation's names),
    moving punctuation the AMA way."""
    out: list[str] = []
    position = 0
    for group in groups:
        before = text[position : group.start]
        numbers = cluster_text(group.cites, registry)
        mark = mark_cluster(numbers, how)
        if group.narrative:
            before += narrative_text(bibliography[group.cites[0].key], options.narrative)
        after = text[group.end : group.end + 1]
        new_before, mark, new_after = place(
            (out.pop() if out and not before else "") + before, mark, after
        )
        out.append(new_before)
        out.append(mark)
        out.append(new_after)
        position = group.end + len(after)
    out.append(text[position:])
    return "".join(out)


def _insert(text: str, listing: str, kind: TextKind, heading: str) -> str:
    patterns = {"markdown": [_MD_REFS, _MARKER], "html": [_HTML_REFS, _MARKER], "text": [_MARKER]}
    for pattern in patterns[kind]:
        match = pattern.search(text)
        if match is not None:
            return text[: match.start()] + listing.rstrip("\n") + text[match.end() :]
    if kind == "html":
        block = f"<h2>{heading}</h2>\n{listing}"
        body = re.search(r"(?i)</body\s*>", text)
        if body is not None:
            return text[: body.start()] + block + text[body.start() :]
        return text.rstrip("\n") + "\n" + block
    title = f"## {heading}" if kind == "markdown" else heading
    return text.rstrip("\n") + f"\n\n{title}\n\n{listing}"


def cite_textual(
    text: str,
    bibliography: Bibliography,
    kind: TextKind = "markdown",
    options: CiteOptions | None = None,
    source: str = "<string>",
) -> tuple[str, CitationRegistry]:
    """Number the citations of a Markdown, HTML or plain-text document and insert its
    reference list. Raises :class:`UndefinedCitationError` (nothing is produced) when a
    key is not in the bibliography."""
    options = options or CiteOptions()
    groups = find_citations(text, html=kind == "html")
    check_keys(groups, bibliography, source)
    defaults: dict[TextKind, Markup] = {"markdown": "pandoc", "html": "html", "text": "unicode"}
    how = options.superscript or defaults[kind]
    registry = CitationRegistry()
    body = number_citations(text, groups, bibliography, options, how=how, registry=registry)
    list_format = {"markdown": "markdown", "html": "html", "text": "text"}[kind]
    listing = render(
        bibliography, style=options.style, format=list_format, options=options.house, order=registry
    )
    return _insert(body, listing, kind, options.heading), registry
