"""Citing a Word document: the citations of each paragraph, where their numbers go, and
:func:`cite_word`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn

from mi_refs.citations import CitationRegistry
from mi_refs.documents.docx.listing import insert_list
from mi_refs.documents.docx.package import (
    BARRIER,
    MARKER,
    Element,
    Letter,
    Source,
    Styles,
    T,
    headers_footers,
    notes,
    open_document,
    read_source,
    related,
    story_paragraphs,
    write_package,
)
from mi_refs.documents.docx.runs import Insert, View, apply, gap, new_run, view_of
from mi_refs.documents.docx.superscripts import read_letter
from mi_refs.documents.formats import CiteOptions, undefined_keys
from mi_refs.documents.placement import (
    cluster_segments,
    cluster_text,
    has_words,
    narrative_text,
    place,
    write_segments,
)
from mi_refs.documents.syntax import Cite, CiteGroup, find_citations
from mi_refs.errors import DocumentError, UndefinedCitationError
from mi_refs.model import Bibliography, Problem


def citations_of(view: View) -> list[CiteGroup]:
    text = view.text
    if "@" not in text:
        return []
    return [group for group in find_citations(text) if BARRIER not in text[group.start : group.end]]


def _written(
    source: Element, cites: Sequence[Cite], registry: CitationRegistry, spaced: bool
) -> tuple[list[Element], bool, bool]:
    """The runs of a written citation (superscripts for its numbers, baseline runs for
    its prefix and suffix words), and whether it starts and ends with words. ``spaced``:
    the text before it ends with a space (prefix words need one)."""
    segments = cluster_segments(cites, registry)
    clusters: list[str] = []

    def placeholder(cluster: str) -> str:
        clusters.append(cluster)
        return "\0"

    text = write_segments(segments, placeholder)
    runs: list[Element] = []
    if segments[0].prefix and not spaced:
        text = " " + text
    for index, words in enumerate(text.split("\0")):
        if words:
            runs.append(new_run(source, words, superscript=False))
        if index < len(clusters):
            runs.append(new_run(source, clusters[index], superscript=True))
    return runs, *has_words(segments)


def _plan(
    view: View,
    groups: Sequence[CiteGroup],
    bibliography: Bibliography,
    options: CiteOptions,
    registry: CitationRegistry,
) -> tuple[set[int], list[Insert]]:
    """Which characters to delete and which runs to insert, citation by citation. A
    superscript that would touch the one before it (``[@a].[@b]``) joins it: one
    cluster, never two runs that read as another number."""
    text = view.text
    deleted: set[int] = set()
    inserts: list[Insert] = []
    floor = 0
    previous: tuple[int, Element, list[Cite]] | None = None  # where, run, cites (no words)
    for group in groups:
        source = view.atoms[group.start].run
        spaced = group.start == 0 or text[group.start - 1].isspace()
        runs, lead, tail = _written(source, group.cites, registry, spaced)
        after = text[group.end : group.end + 1]
        deleted.update(range(group.start, group.end))
        if group.narrative and not group.cites[0].suppress:
            names = narrative_text(bibliography[group.cites[0].key], options.narrative)
            names_run = new_run(source, names, superscript=False)
            _, _, rest = place(names, "", after, tail=tail)
            if len(rest) < len(after):  # a period or comma follows: the number goes after it
                inserts.append(Insert(*gap(view, group.start), [names_run]))
                inserts.append(Insert(group.end, True, runs))
                floor = group.end + 1
            else:
                inserts.append(Insert(*gap(view, group.start), [names_run, *runs]))
                floor = group.end
            previous = None if lead or tail else (floor, runs[0], list(group.cites))
            continue
        before = text[floor : group.start]
        kept, _, rest = place(before, "", after, lead=lead, tail=tail)
        if lead:  # the prefix words stand in the text where the citation was
            where, insert = group.start, Insert(*gap(view, group.start), runs)
            floor = group.end
        elif len(rest) < len(after):  # "outcomes [@a]." -> "outcomes." + 1
            deleted.update(range(floor + len(kept) - 1, group.start))
            where, insert = group.end + 1, Insert(group.end, True, runs)
            floor = group.end + 1
        else:  # "relevant: [@a]" -> "relevant" + 1 + ":"; "outcomes [@a] and" -> "outcomes" + 1
            colon = len(rest) > len(after)
            deleted.update(range(floor + len(kept) + (1 if colon else 0), group.start))
            where = floor + len(kept)
            insert = Insert(*gap(view, where), runs)
            floor = group.end
        if (
            previous is not None
            and not (lead or tail)
            and all(i in deleted for i in range(previous[0], where))
        ):
            cites = previous[2] + list(group.cites)
            previous[1].find(T).text = cluster_text(cites, registry)
            previous = (previous[0], previous[1], cites)
            continue
        inserts.append(insert)
        previous = None if lead or tail else (where, runs[0], list(group.cites))
    return deleted, inserts


# -- the API ---------------------------------------------------------------------------


_NOTE_REFERENCES = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}
_NOTE_LABEL = re.compile(r"(footnote|endnote) (-?\d+), ")

Event = tuple[int, str, CiteGroup | None]  # offset in the paragraph, note ("" for none), group


@dataclass(slots=True)
class _Scan:
    """What citing needs from a scan: the paragraphs that cite, the marker paragraph,
    and the order in which keys are first cited (notes where they are anchored)."""

    found: list[tuple[Part, View, list[CiteGroup]]] = field(default_factory=list)
    marker: Element | None = None
    events: list[Event] = field(default_factory=list)
    notes: dict[str, list[CiteGroup]] = field(default_factory=dict)

    def number(self, registry: CitationRegistry) -> None:
        """Number keys in document order; a note's citations where the note is
        referenced (as pandoc numbers them), notes never referenced last."""
        for _, note, group in self.events:
            groups = [group] if group is not None else self.notes.pop(note, [])
            for each in groups:
                registry.cite(*(cite.key for cite in each.cites))
        for groups in self.notes.values():
            for group in groups:
                registry.cite(*(cite.key for cite in group.cites))


def _scan(document: Any, bibliography: Bibliography, name: str, styles: Styles) -> _Scan:
    """The paragraphs that cite, in document order (body, then headers and footers, then
    notes), the ``[[references]]`` paragraph, and the numbering order; raises for
    undefined keys."""
    stories = [(document.part, story_paragraphs(document.element.body))]
    for part, label in headers_footers(document):
        stories.append((part, story_paragraphs(part.element, label)))  # type: ignore[attr-defined]
    stories.extend(notes(document))
    scan = _Scan()
    problems: list[Problem] = []
    known = set(bibliography.keys)
    for part, paragraphs in stories:
        for paragraph, where in paragraphs:
            view = view_of(paragraph, styles)
            if scan.marker is None and part is document.part and view.text.strip() == MARKER:
                scan.marker = paragraph
                continue
            groups = citations_of(view)
            if groups:
                scan.found.append((part, view, groups))
            problems.extend(undefined_keys(groups, known, name, where))
            note = _NOTE_LABEL.match(where)
            if note is not None:
                scan.notes.setdefault(f"{note.group(1)} {note.group(2)}", []).extend(groups)
                continue
            events: list[Event] = [(group.start, "", group) for group in groups]
            events += [
                (offset, f"{_NOTE_REFERENCES[atom.node.tag]} {atom.node.get(qn('w:id'))}", None)
                for offset, atom in enumerate(view.atoms)
                if atom.node.tag in _NOTE_REFERENCES
            ]
            scan.events += sorted(events, key=lambda event: event[0])
    if problems:
        raise UndefinedCitationError(problems)
    return scan


def _refuse_cited_already(data: bytes, name: str) -> None:
    """Refuse new citations in a letter cited already (citation superscripts or a
    numbered list under its References heading): they would be numbered from 1 again
    beside the old ones, under a second list."""
    letter = read_letter(data)
    if letter.superscripts:
        where = f"{letter.superscripts[0].location} (superscript {letter.superscripts[0].text})"
    elif letter.listing is not None and any(i.strip() != MARKER for i in letter.listing.items):
        where = f"paragraph {letter.listing.heading_line} (a numbered reference list)"
    else:
        return
    raise DocumentError(
        f"{name}: {where}: the document is cited already (is it the cited letter?):"
        " cite the source letter again, or remove the superscripts and the list first"
    )


def cite_word(
    source: Source, bibliography: Bibliography, options: CiteOptions | None = None
) -> tuple[bytes, CitationRegistry]:
    """Number the citations of a Word document and insert its reference list.

    ``source`` is a path, the bytes of a .docx or a binary stream. Citations are pandoc's
    (``[@key]``, ``[@a; @b]``, ``[@key, p. 4]``, narrative ``@key``), typed anywhere in
    body paragraphs, table cells, headers, footers, footnotes and endnotes. They are
    numbered in document order (body first, a note's citations where the note is
    referenced, then headers and footers, then notes never referenced) by one registry,
    which the list follows. The
    list replaces a paragraph whose whole text is ``[[references]]`` (taking its
    formatting; with nothing cited the marker just goes), or is appended at the end under
    a ``References`` heading (``options.heading``) when something was cited. With nothing
    cited and no marker the input bytes come back unchanged.

    Returns the new document's bytes and the registry. Raises
    :class:`~mi_refs.documents.formats.UndefinedCitationError` naming each undefined key
    and its paragraph, and :class:`~mi_refs.errors.UnreadableFileError` for what is not a
    .docx.
    """
    options = options or CiteOptions()
    data, name = read_source(source)
    document = open_document(data, name)
    styles = Styles(related(document.part, RT.STYLES))
    scan = _scan(document, bibliography, name, styles)
    if scan.found:
        _refuse_cited_already(data, name)
    letter = Letter(document, bibliography, options, styles)
    registry = CitationRegistry()
    scan.number(registry)
    for part, view, groups in scan.found:
        deleted, inserts = _plan(view, groups, bibliography, options, registry)
        apply(view, deleted, inserts)
        letter.changed(part)
    insert_list(letter, registry, scan.marker)
    if not letter.parts and not letter.rels:
        return data, registry
    return write_package(data, letter), registry
