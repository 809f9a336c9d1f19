"""Citing a pandoc document in pandoc's own AST (the filter ``mi-refs-pandoc``).

pandoc has parsed the citations (``Cite`` elements: keys, modes, prefixes and suffixes),
so which spans are citations is pandoc's decision. mi-refs then does what ``mi-refs cite``
does, with the same code: numbers by first appearance (one
:class:`~mi_refs.citations.CitationRegistry`; a note's citations where the note is
referenced, as pandoc visits them), locators read by
:func:`~mi_refs.documents.syntax.parse_suffix`, superscripts of numbers and locators with
prefix and suffix words in the running text (:func:`~mi_refs.documents.placement.
cluster_segments`), moved against punctuation the AMA way
(:func:`~mi_refs.documents.placement.place`), touching citations as one cluster,
narrative citations named (:func:`~mi_refs.documents.placement.narrative_text`), and the
list rendered from the same registry into the ``refs`` div, a references marker, or the
end.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import panflute as pf

from mi_refs.citations import CitationRegistry
from mi_refs.documents.clusters import parse_cluster
from mi_refs.documents.formats import CiteOptions
from mi_refs.documents.placement import cluster_segments, has_words, narrative_text
from mi_refs.documents.syntax import Cite, parse_suffix
from mi_refs.errors import DocumentError, UndefinedCitationError
from mi_refs.model import Bibliography, Problem
from mi_refs.pandoc.inlines import (
    place_between,
    plain_text,
    reference_inlines,
    text_inlines,
    written_inlines,
)
from mi_refs.styles import get_style

__all__ = ["ListPlacement", "cite_ast", "metadata_citations", "nocite_keys"]

_MARKER = re.compile(r"^\s*(?:<!--\s*references\s*-->|\[\[references\]\])\s*$")


@dataclass(frozen=True, slots=True)
class ListPlacement:
    """What the document's metadata says about the list and the links: no list
    (``suppress-bibliography``), superscripts linked to their items
    (``link-citations``), and the heading of a list put at the end
    (``reference-section-title``; default ``References``, as ``cite``)."""

    suppress: bool = False
    link: bool = False
    title: str | None = None


@dataclass(slots=True)
class _Group:
    element: Any  # the pandoc Cite elements' first; all of them in ``elements``
    cites: list[Cite]
    narrative: bool
    formatted: list[tuple[str, list[Any]]] = field(default_factory=list)


def _suffix(citation: Any, narrative: bool) -> tuple[str, str, list[Any]]:
    """The locator, the suffix words after it, and their inlines (as typed)."""
    inlines = list(citation.suffix)
    typed = plain_text(inlines).replace("[", "\\[").replace("]", "\\]")
    locator, words = parse_suffix(typed, narrative=narrative)
    tail = _tail(inlines, words) if words.strip() else []
    return locator, words, tail


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _trimmed(inlines: list[Any]) -> list[Any]:
    """Without the spaces at either end (the words' own spaces are written around them)."""
    spaces = (pf.Space, pf.SoftBreak)
    start, end = 0, len(inlines)
    while start < end and isinstance(inlines[start], spaces):
        start += 1
    while end > start and isinstance(inlines[end - 1], spaces):
        end -= 1
    return inlines[start:end]


def _tail(inlines: list[Any], words: str) -> list[Any]:
    """The inlines at the end of ``inlines`` whose text is ``words`` (the suffix after
    the locator), cut at an element's edge or inside a word; ``[]`` (the plain text is
    used) when there are none."""
    wanted = _normal(words)
    for start, element in enumerate(inlines):
        rest = inlines[start:]
        text = _normal(plain_text(rest))
        if text == wanted:
            return _trimmed(rest)
        if len(text) > len(wanted) and text.endswith(wanted) and isinstance(element, pf.Str):
            later = _normal(plain_text(rest[1:]))
            if len(later) < len(wanted):  # the words begin inside this one
                piece = wanted[: len(wanted) - len(later)].rstrip()
                if piece and str(element.text).endswith(piece):
                    return [pf.Str(piece), *rest[1:]]
    return []


def _group(element: Any, undefined: list[Problem], known: set[str]) -> _Group:
    narrative = element.citations[0].mode == "AuthorInText"
    cites: list[Cite] = []
    formatted: list[tuple[str, list[Any]]] = []
    for position, citation in enumerate(element.citations):
        if citation.id not in known:
            undefined.append(
                Problem(
                    "citation",
                    f"undefined citation key {citation.id!r} "
                    f'(in "{plain_text(list(element.content))}")',
                    "<pandoc>",
                    None,
                    citation.id,
                )
            )
        prefix_inlines = _trimmed(list(citation.prefix))
        prefix = _normal(plain_text(prefix_inlines))
        locator, words, tail = _suffix(citation, narrative and position == 0)
        if prefix and any(not isinstance(i, (pf.Str, pf.Space)) for i in prefix_inlines):
            formatted.append((prefix, prefix_inlines))
        if tail and any(not isinstance(i, (pf.Str, pf.Space)) for i in tail):
            formatted.append((plain_text(tail), tail))
        cites.append(Cite(citation.id, locator, prefix, words, citation.mode == "SuppressAuthor"))
    return _Group(element, cites, narrative, formatted)


@dataclass(slots=True)
class _Writer:
    bibliography: Bibliography
    options: CiteOptions
    placement: ListPlacement
    registry: CitationRegistry = field(default_factory=CitationRegistry)
    undefined: list[Problem] = field(default_factory=list)
    known: set[str] = field(default_factory=set)

    def superscript(self, cluster: str) -> Any:
        mark = pf.Superscript(pf.Str(cluster))
        numbers = parse_cluster(cluster).numbers
        keys = list(self.registry)
        if self.placement.link and not self.placement.suppress and numbers:
            target = keys[numbers[0] - 1]
            mark = pf.Superscript(pf.Link(pf.Str(cluster), url=f"#ref-{target}"))
        return mark

    def written(self, group: _Group) -> tuple[list[Any], bool, bool]:
        segments = cluster_segments(group.cites, self.registry)
        lead, tail = has_words(segments)
        return written_inlines(segments, self.superscript, group.formatted), lead, tail

    def inlines(self, elements: list[Any]) -> list[Any]:
        """``elements`` (one inline list) with every citation written, in order; the
        citations inside an element (emphasis, a link, a note) where they stand."""
        out: list[Any] = []
        pending = deque(elements)
        last: tuple[_Group, int] | None = None  # the superscript just written, touching
        while pending:
            element = pending.popleft()
            if not isinstance(element, pf.Cite):
                self.descend(element)
                out.append(element)
                last = None
                continue
            group = _group(element, self.undefined, self.known)
            while (  # [@a] [@b]: nothing but a space between: one cluster
                len(pending) >= 2
                and isinstance(pending[0], pf.Space)
                and isinstance(pending[1], pf.Cite)
                and pending[1].citations[0].mode != "AuthorInText"
            ):
                pending.popleft()
                more = _group(pending.popleft(), self.undefined, self.known)
                group.cites += more.cites
                group.formatted += more.formatted
            if self.undefined:
                continue  # reported together; nothing is written
            self.registry.cite(*(cite.key for cite in group.cites))
            first = group.cites[0]
            if group.narrative and not first.suppress:
                names = narrative_text(self.bibliography[first.key], self.options.narrative)
                out += text_inlines(names)
            written, lead, tail = self.written(group)
            if last is not None and last[1] == len(out) and not (lead or tail):
                previous, _ = last  # [@a].[@b]: touching once placed: one cluster
                merged = _Group(element, previous.cites + group.cites, False, [])
                written, _, _ = self.written(merged)
                out.pop()
                group = merged
            else:
                place_between(out, pending, lead=lead, tail=tail)
            out += written
            last = (group, len(out)) if not (lead or tail) else None
        return out

    def descend(self, element: Any) -> None:
        """Write the citations inside ``element`` (its inline lists, its blocks)."""
        if isinstance(element, pf.Cite):
            return
        content = getattr(element, "content", None)
        if content is None or isinstance(element, (pf.Code, pf.CodeBlock, pf.RawInline)):
            return
        items = list(content)
        if items and isinstance(items[0], pf.Inline):
            element.content = self.inlines(items)
            return
        for child in items:
            self.descend(child)
        for name in ("caption", "head", "foot"):  # tables and figures
            part = getattr(element, name, None)
            if part is not None:
                self.descend(part)
        if isinstance(element, pf.Table):
            for body in element.content:
                self.descend(body)
        for item in getattr(element, "definitions", []) or []:
            self.descend(item)
        term = getattr(element, "term", None)
        if term is not None:
            element.term = self.inlines(list(term))


def nocite_keys(doc: Any) -> list[str]:
    """The keys of the metadata's ``nocite`` (``@*``: every key)."""
    value = doc.metadata.content.get("nocite") if doc.metadata is not None else None
    if value is None:
        return []
    keys: list[str] = []

    def visit(element: Any, _doc: Any) -> None:
        if isinstance(element, pf.Citation):
            keys.append(str(element.id))

    value.walk(visit)
    return list(dict.fromkeys(keys))


def metadata_citations(doc: Any) -> list[str]:
    """The metadata fields other than ``nocite`` that hold citations (a title's
    ``[@key]``): the filter leaves them as typed."""
    fields: list[str] = []
    for name, value in doc.metadata.content.items() if doc.metadata is not None else ():
        if name == "nocite":
            continue
        found: list[bool] = []

        def visit(element: Any, _doc: Any, found: list[bool] = found) -> None:
            if isinstance(element, pf.Cite):
                found.append(True)

        value.walk(visit)
        if found:
            fields.append(str(name))
    return fields


def _list(writer: _Writer) -> Any:
    style = get_style(writer.options.style or "ama", writer.options.house)
    items = []
    for key in writer.registry:
        inlines = reference_inlines(style.segments(writer.bibliography[key]))
        items.append(pf.ListItem(pf.Plain(pf.Span(*inlines, identifier=f"ref-{key}"))))
    return pf.OrderedList(*items, start=1, style="Decimal", delimiter="Period")


def _refs_div(doc: Any) -> Any | None:
    found: list[Any] = []

    def visit(element: Any, _doc: Any) -> None:
        if isinstance(element, pf.Div) and element.identifier == "refs" and not found:
            found.append(element)

    doc.walk(visit)
    return found[0] if found else None


def _marker(doc: Any) -> Any | None:
    for block in doc.content:
        if isinstance(block, pf.RawBlock) and block.format == "html" and _MARKER.match(block.text):
            return block
        if isinstance(block, pf.Para) and _MARKER.match(pf.stringify(block)):
            return block
    return None


def _insert(doc: Any, listing: Any, placement: ListPlacement, *, unwrap: bool) -> None:
    title = placement.title
    div = _refs_div(doc)
    if div is not None:
        if any(isinstance(block, pf.OrderedList) for block in div.content) or any(
            isinstance(block, pf.Div) and str(block.identifier).startswith("ref-")
            for block in div.content
        ):
            raise DocumentError(
                "the refs div already holds a list (was the document cited already, or "
                "run with --citeproc too?): empty the div, and use mi-refs-pandoc "
                "instead of --citeproc"
            )
        if title and not any(isinstance(block, pf.Header) for block in div.content):
            div.content.insert(0, pf.Header(*text_inlines(title), level=2))
        div.content.append(listing)
        if unwrap:  # pandoc's Markdown writer leaves out a refs div, list and all
            div.parent.content[div.index : div.index + 1] = list(div.content)
        return
    marker = _marker(doc)
    if marker is not None:
        marker.parent.content[marker.index] = listing
        return
    blocks = doc.content
    if blocks and isinstance(blocks[-1], pf.Header) and not title:
        blocks.append(listing)
        return
    heading = pf.Header(*text_inlines(title or "References"), level=2)
    blocks.extend([heading, listing])


def cite_ast(
    doc: Any,
    bibliography: Bibliography,
    options: CiteOptions,
    placement: ListPlacement = ListPlacement(),
    *,
    warn: Callable[[str], None] = lambda message: None,
) -> CitationRegistry:
    """Number and write the citations of a pandoc document (a panflute ``Doc``) in
    place, and put the list where the document asks (module docstring). Raises
    :class:`~mi_refs.errors.UndefinedCitationError` naming every key the bibliography
    lacks (the document is then not to be used), :class:`~mi_refs.errors.DocumentError`
    when the refs div holds a list already."""
    for name in metadata_citations(doc):
        warn(f"not honoured: the citations in the metadata field {name!r} are left as typed")
    writer = _Writer(bibliography, options, placement, known=set(bibliography.keys))
    for block in doc.content:
        writer.descend(block)
    nocite = nocite_keys(doc)
    if "*" in nocite:
        nocite = list(bibliography.keys)
    missing = [key for key in nocite if key not in writer.known]
    writer.undefined += [
        Problem("citation", f"undefined citation key {key!r} (in nocite)", "<pandoc>", None, key)
        for key in missing
    ]
    if writer.undefined:
        raise UndefinedCitationError(writer.undefined)
    writer.registry.cite(*nocite)
    if not writer.registry:
        warn("the document cites nothing: no list")
        return writer.registry
    if not placement.suppress:
        unwrap = str(getattr(doc, "format", "") or "").startswith("markdown")
        _insert(doc, _list(writer), placement, unwrap=unwrap)
    return writer.registry
