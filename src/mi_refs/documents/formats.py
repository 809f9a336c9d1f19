"""The document formats mi-refs reads (by file suffix), and citing the text ones:
Markdown (pandoc syntax), HTML and plain text (pure).

The citations are numbered by one :class:`~mi_refs.citations.CitationRegistry` in order of
first appearance; the reference list is rendered from the same registry and goes where the
document asks (a ``::: {#refs}`` block, ``<div id="refs">``, a ``<!-- references -->`` or
``[[references]]`` marker) or, failing that, at the end under a References heading.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from typing import Literal

from mi_refs.citations import CitationRegistry
from mi_refs.documents.clusters import SUPERSCRIPT_CHARS, Markup, parse_cluster, to_unicode
from mi_refs.documents.clusters import mark as mark_cluster
from mi_refs.documents.markdown import MARKER as _MARKER
from mi_refs.documents.markdown import MarkdownDocument, read_markdown
from mi_refs.documents.placement import (
    NarrativeStyle,
    cluster_segments,
    has_words,
    narrative_text,
    place,
    write_segments,
)
from mi_refs.documents.scan import blank_spans, closed_spans, html_elements
from mi_refs.documents.syntax import Cite, CiteGroup, find_citations
from mi_refs.errors import DocumentError, UndefinedCitationError
from mi_refs.model import Bibliography, Problem
from mi_refs.styles import HouseOptions
from mi_refs.styles.render import render

__all__ = [
    "DOCUMENT_FORMATS",
    "CiteOptions",
    "DocumentFormat",
    "TextKind",
    "cite_textual",
    "cited_keys",
    "superscript_unicode",
]

DocumentFormat = Literal["markdown", "html", "text", "docx"]
DOCUMENT_FORMATS: dict[str, DocumentFormat] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".qmd": "markdown",  # Quarto
    ".rmd": "markdown",  # R Markdown (.Rmd: suffixes are compared in lower case)
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".docx": "docx",
}

TextKind = Literal["markdown", "html", "text"]

_HTML_REFS = re.compile(r'(?i)<div\b[^<>]*\bid\s*=\s*["\']refs["\'][^<>]*>')
_DIV_END = re.compile(r"(?i)</div>")
_HTML_OPAQUE = ("script", "style", "code", "pre", "title", "textarea")


@dataclass(frozen=True, slots=True)
class CiteOptions:
    """How to cite: the style and house options of the list, the superscript markup
    (``pandoc``: ``^1^``; ``html``: ``<sup>1</sup>``; ``unicode``: ``¹``), and the form of
    narrative citations."""

    style: str | None = None  # None: the settings' style (API), else AMA
    house: HouseOptions | None = None
    superscript: Literal["pandoc", "html", "unicode"] | None = None  # None: the format's own
    narrative: NarrativeStyle = field(default_factory=NarrativeStyle)
    heading: str = "References"
    # HTML letters: each superscript links to its first reference's list item (pandoc's
    # link-citations); None: the settings' ``link-citations`` (API), else on
    link: bool | None = None


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
    link: bool = False,
) -> tuple[str, Callable[[int], int]]:
    """Replace each citation with its superscript (and a narrative citation's names),
    moving punctuation the AMA way; keys are numbered already (``registry``), so the
    text changes only at the citations' bytes and the punctuation next to them. Returns
    the new text and a map from offsets of ``text`` (outside citations) to the new
    text's. ``link`` (HTML): each superscript links to its first number's list item,
    except inside a link of the text (``<a>`` in ``<a>`` is not HTML)."""
    keys = list(registry)
    anchors = sorted(html_elements(text, ("a",))) if link else []
    starts_of_anchors = [start for start, _ in anchors]
    linking = False

    def marked(cluster: str) -> str:
        numbers = parse_cluster(cluster).numbers if linking else ()
        target = keys[numbers[0] - 1] if numbers and 0 < numbers[0] <= len(keys) else None
        return mark_cluster(cluster, how, target)

    def in_anchor(offset: int) -> bool:
        index = bisect.bisect_right(starts_of_anchors, offset) - 1
        return index >= 0 and offset < anchors[index][1]

    out: list[str] = []
    position = 0
    length = 0
    shifts: list[tuple[int, int]] = [(0, 0)]  # (offset in text, offset in the new text)
    touching: list[Cite] = []  # the cites of the superscript before (none: words around)

    def written(cites: list[Cite]) -> tuple[str, bool, bool]:
        segments = cluster_segments(cites, registry)
        text = write_segments(segments, marked)
        return text, *has_words(segments)

    for group in groups:
        linking = link and not in_anchor(group.start)
        before = text[position : group.start]
        first = group.cites[0]
        if group.narrative and not first.suppress:
            before += narrative_text(bibliography[first.key], options.narrative)
        after = text[group.end : group.end + (3 if text.startswith("...", group.end) else 1)]
        joined = bool(out) and not before
        if joined:
            length -= len(out[-1])
            before = out.pop() + before
        cites = list(group.cites)
        mark, lead, tail = written(cites)
        new_before, mark, new_after = place(before, mark, after, lead=lead, tail=tail)
        if joined and not new_before and touching and not (lead or tail):
            # it would touch the superscript before it (``[@a].[@b]``): one cluster
            cites = touching + cites
            mark, _, _ = written(cites)
            length -= len(out.pop())
        if not joined and _grid_row(text, group.start):  # keep the cell's border in place
            short = group.end + len(after) - position - len(new_before + mark + new_after)
            if short < 0:
                raise DocumentError(
                    f"line {group.line}: the citation in a grid table's cell is written "
                    f"{-short} characters longer than it is typed (a narrative citation's "
                    "names) and would move the table's borders: widen the column"
                )
            new_after += " " * short
        out += [new_before, mark, new_after]
        length += len(new_before) + len(mark) + len(new_after)
        touching = cites if not (lead or tail) else []
        position = group.end + len(after)
        shifts.append((position, length))
    out.append(text[position:])
    starts = [offset for offset, _ in shifts]

    def moved(offset: int) -> int:
        index = bisect.bisect_right(starts, offset) - 1
        original, new = shifts[index]
        return new + offset - original

    return "".join(out), moved


def _grid_row(text: str, offset: int) -> bool:
    """Whether ``offset`` is in a row of a pandoc grid table: its line starts with ``|``
    and the lines above it are rows up to a ``+---+`` border."""
    start = text.rfind("\n", 0, offset) + 1
    for _ in range(200):  # a row spans a few lines; a table's cell at most a screenful
        line = text[start : text.find("\n", start) if "\n" in text[start:] else len(text)]
        stripped = line.lstrip(" ")
        if stripped.startswith("+") and re.fullmatch(r"\+[-=:+]+\+?\s*", stripped):
            return True
        if not stripped.startswith("|") or start == 0:
            return False
        start = text.rfind("\n", 0, start - 1) + 1
    return False


def _refuse_broken_grid_citations(text: str, groups: list[CiteGroup], source: str) -> None:
    """A citation broken across the lines of a grid table's cell (``[@a,`` on one line,
    ``p. 4]`` on the next) cannot be replaced without moving the cell's borders: refuse
    (:class:`DocumentError`, nothing written) rather than join the table's cells."""
    for group in groups:
        if "\n" in text[group.start : group.end] and _grid_row(text, group.start):
            raise DocumentError(
                f"{source}: line {group.line}: a citation in a grid table's cell is broken "
                "across the cell's lines; mi-refs cannot replace it without moving the "
                "table's borders: keep each citation on one line of its cell"
            )


def _heading(kind: TextKind, heading: str) -> str:
    return {"markdown": f"## {heading}", "html": f"<h2>{heading}</h2>", "text": heading}[kind]


def _insert_markdown(
    body: str,
    moved: Callable[[int], int],
    listing: str,
    document: MarkdownDocument,
    heading: str,
) -> str:
    refs = document.refs
    if refs is not None:
        if re.search(r"(?m)^[ \t]*\d+\.\s", refs.content):
            raise DocumentError(
                "the ::: {#refs} div already holds a numbered list (is the document cited "
                "already?): empty the div to cite again"
            )
        content = refs.content.rstrip("\n")
        block = (content + "\n\n" if content.strip() else "") + listing.rstrip("\n") + "\n"
        return body[: moved(refs.start)] + block + body[moved(refs.end) :]
    if document.marker is not None:
        start, end = document.marker
        return body[: moved(start)] + listing.rstrip("\n") + body[moved(end) :]
    if document.ends_with_heading:
        return body.rstrip("\n") + f"\n\n{listing}"
    return body.rstrip("\n") + f"\n\n{_heading('markdown', heading)}\n\n{listing}"


def _insert(text: str, masked: str, listing: str, kind: TextKind, heading: str) -> str:
    if kind == "html":
        div = next(closed_spans(masked, _HTML_REFS, _DIV_END), None)
        opening = _HTML_REFS.match(masked, div[0]) if div is not None else None
        if div is not None and opening is not None:
            close = div[1] - len("</div>")
            inside = text[opening.end() : close]
            if re.search(r"(?i)<ol\b|<li\b", inside):
                raise DocumentError(
                    '<div id="refs"> already holds a list (is the document cited already?):'
                    " empty it to cite again"
                )
            return text[:close] + listing + text[close:]
    marker = _MARKER.search(masked)
    if marker is not None:
        return text[: marker.start()] + listing.rstrip("\n") + text[marker.end() :]
    if kind == "html":
        block = f"{_heading(kind, heading)}\n{listing}"
        body = re.search(r"(?i)</body\s*>", masked)
        if body is not None:
            return text[: body.start()] + block + text[body.start() :]
        return text.rstrip("\n") + "\n" + block
    return text.rstrip("\n") + f"\n\n{_heading(kind, heading)}\n\n{listing}"


# What a cited letter cannot lack: a superscript's markup or character, or the word of
# its list's heading; a letter without any is not read again for superscripts.
_CITED_HINT = re.compile(
    rf"\^|<sup\b|[{SUPERSCRIPT_CHARS}]|reference|bibliography|literature cited", re.IGNORECASE
)


def _cited_already(text: str, kind: TextKind) -> str | None:
    """Where a document shows it was cited already: its first citation superscript, or
    its numbered list under a References heading (``line N``); ``None`` when neither.
    Citing such a document would number new citations from 1 again beside the old ones
    and print a second list."""
    # Imported here: the superscript readers import this module (DOCUMENT_FORMATS).
    from mi_refs.documents.superscripts import (  # noqa: PLC0415
        document_listing,
        superscripts_html,
        superscripts_markdown,
        superscripts_text,
    )

    if not _CITED_HINT.search(text):  # the readers below cost more: most letters stop here
        return None
    extract = {
        "markdown": superscripts_markdown,
        "html": superscripts_html,
        "text": superscripts_text,
    }[kind]
    superscripts = extract(text)
    if superscripts:
        return f"{superscripts[0].location} (superscript {superscripts[0].text})"
    listing = document_listing(text, kind)
    if listing is not None and any(i.strip() != "[[references]]" for i in listing.items):
        return f"line {listing.heading_line} (a numbered reference list)"
    return None


def _nocite(keys: tuple[str, ...], bibliography: Bibliography) -> list[str]:
    if "*" in keys:
        return list(bibliography.keys)
    return list(keys)


def _citations(
    text: str, bibliography: Bibliography, kind: TextKind
) -> tuple[list[CiteGroup], list[str], MarkdownDocument | None]:
    """A document's citations, its ``nocite`` keys and (Markdown) the document read."""
    if kind == "markdown":
        document = read_markdown(text)
        groups = find_citations(document.masked, labels=document.labels, examples=document.examples)
        return groups, _nocite(document.nocite, bibliography), document
    return find_citations(text, html=kind == "html"), [], None


def cited_keys(text: str, bibliography: Bibliography, kind: TextKind = "markdown") -> list[str]:
    """The keys of ``bibliography`` a source letter cites (``[@key]``, ``@key``,
    ``nocite``), in the order ``cite`` numbers them; keys the bibliography lacks are left
    out (``cite`` refuses them)."""
    groups, nocite, document = _citations(text, bibliography, kind)
    ordered = sorted(groups, key=lambda g: document.order(g.start)) if document else groups
    known = set(bibliography.keys)
    keys = [cite.key for group in ordered for cite in group.cites] + nocite
    return [key for key in dict.fromkeys(keys) if key in known]


def cite_textual(
    text: str,
    bibliography: Bibliography,
    kind: TextKind = "markdown",
    options: CiteOptions | None = None,
    source: str = "<string>",
) -> tuple[str, CitationRegistry]:
    """Number the citations of a Markdown, HTML or plain-text document and insert its
    reference list; every other byte stays as it was. A document that cites nothing
    (and has no ``nocite``) comes back unchanged. Raises
    :class:`UndefinedCitationError` (nothing is produced) when a key is not in the
    bibliography, :class:`~mi_refs.errors.DocumentError` when the list's place already
    holds a list."""
    options = options or CiteOptions()
    groups, nocite, document = _citations(text, bibliography, kind)
    check_keys(groups, bibliography, source)
    if kind == "markdown":
        _refuse_broken_grid_citations(text, groups, source)
    if nocite and "*" not in (document.nocite if document else ()):
        check_keys(
            [CiteGroup(tuple(Cite(key) for key in nocite), False, 0, 0, 1)], bibliography, source
        )
    if (groups or nocite) and (cited := _cited_already(text, kind)) is not None:
        if not groups:  # nothing new to number (nocite's list is printed): unchanged
            return text, CitationRegistry()
        raise DocumentError(
            f"{source}: {cited}: the document is cited already (is it the cited letter?):"
            " cite the source letter again, or remove the superscripts and the list first"
        )
    registry = CitationRegistry()
    ordered = sorted(groups, key=lambda g: document.order(g.start)) if document else groups
    for group in ordered:
        registry.cite(*(cite.key for cite in group.cites))
    registry.cite(*nocite)
    if not registry:
        return text, registry
    defaults: dict[TextKind, Markup] = {"markdown": "pandoc", "html": "html", "text": "unicode"}
    how = options.superscript or defaults[kind]
    link = kind == "html" and how == "html" and options.link is not False
    body, moved = number_citations(
        text, groups, bibliography, options, how=how, registry=registry, link=link
    )
    listing = render(
        bibliography,
        style=options.style or "ama",
        format=kind,
        options=options.house,
        order=registry,
    )
    if document is not None:
        return _insert_markdown(body, moved, listing, document, options.heading), registry
    masked_body = blank_spans(body, html_elements(body, _HTML_OPAQUE)) if kind == "html" else body
    return _insert(body, masked_body, listing, kind, options.heading), registry
