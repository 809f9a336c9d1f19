"""Reading a finished Word letter's superscript citations back, for the numbering checks."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from mi_refs.documents.clusters import is_citation, to_unicode
from mi_refs.documents.docx.package import (
    CHARACTERS,
    FIELD_CONTAINERS,
    PPR,
    RPR,
    RUN_CONTAINERS,
    SDT,
    SDT_CONTENT,
    Element,
    R,
    Source,
    Styles,
    T,
    headers_footers,
    open_document,
    read_source,
    related,
    story_paragraphs,
)
from mi_refs.documents.sentences import sentence_at
from mi_refs.documents.superscripts import (
    _HEADING,
    _LISTED,
    Listing,
    Superscript,
    _numbered,
    _spaced,
)

# -- checking a finished letter --------------------------------------------------------

_MARKS = "®™©*†‡§ \t"


def _run_text(run: Element) -> str:
    parts = []
    for child in run.iterchildren():
        if child.tag == T:
            parts.append(child.text or "")
        elif child.tag in CHARACTERS:
            parts.append(CHARACTERS[child.tag])
    return "".join(parts)


def _live_runs(parent: Element) -> Iterator[Element]:
    for child in parent.iterchildren():
        if child.tag == R:
            yield child
        elif child.tag in RUN_CONTAINERS or child.tag in FIELD_CONTAINERS:
            yield from _live_runs(child)
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _live_runs(content)


def _is_superscript(run: Element, styles: Styles) -> bool:
    align = run.find(f"{RPR}/{qn('w:vertAlign')}")
    if align is not None:
        return bool(align.get(qn("w:val")) == "superscript")
    style = run.find(f"{RPR}/{qn('w:rStyle')}")
    value = None if style is None else styles.vert_align(style.get(qn("w:val")))
    return value == "superscript"


def _paragraph_superscripts(paragraph: Element, where: str, styles: Styles) -> list[Superscript]:
    text = ""
    spans: list[tuple[int, int]] = []
    open_span = False
    for run in _live_runs(paragraph):
        piece = _run_text(run)
        if not piece:
            continue  # field characters, bookmarks' runs: no break between superscripts
        if _is_superscript(run, styles):
            if open_span:
                spans[-1] = (spans[-1][0], len(text) + len(piece))
            else:
                spans.append((len(text), len(text) + len(piece)))
            open_span = True
        else:
            open_span = False
        text += piece
    found = []
    for span_start, span_end in spans:
        start, end = span_start, span_end
        while start < end and text[start] in _MARKS:
            start += 1
        while end > start and text[end - 1] in _MARKS:
            end -= 1
        printed = text[start:end]
        before, after = text[max(0, start - 20) : start], text[end : end + 20]
        if not printed or not is_citation(printed, before, after):
            continue
        before, after = text[max(0, start - 20) : start], text[end : end + 20]
        sentence = sentence_at(text, start, end, shown=to_unicode(printed), plain=True)
        found.append(Superscript(printed, where, before, after, sentence))
    return found


@dataclass(frozen=True, slots=True)
class WordLetter:
    """A finished Word letter as the checks read it: its superscript citations (body,
    tables, then headers and footers), its own reference list (``heading_line`` is the
    heading's paragraph number) and, for a letter without superscripts, its citations by
    numbers in brackets or parentheses."""

    superscripts: list[Superscript]
    listing: Listing | None
    numbered: list[Superscript]


def _numbered_paragraph(paragraph: Element, styles: Styles) -> bool:
    """Whether Word numbers the paragraph (its own ``w:numPr`` or its style's)."""
    number = paragraph.find(f"{PPR}/{qn('w:numPr')}/{qn('w:numId')}")
    if number is not None:
        return number.get(qn("w:val")) not in (None, "0")
    style = paragraph.find(f"{PPR}/{qn('w:pStyle')}")
    return styles.num_id(None if style is None else style.get(qn("w:val"))) not in (None, 0)


def _listing(paragraphs: list[tuple[str, str, bool]]) -> Listing | None:
    """The last References heading among body paragraphs and the entries after it:
    paragraphs Word numbers, or typed ``1.``, ``2.`` ... in order."""
    headings = [
        index
        for index, (text, where, _) in enumerate(paragraphs)
        if where.startswith("paragraph ") and _HEADING.fullmatch(_spaced(text))
    ]
    if not headings:
        return None
    items: list[str] = []
    for text, _, numbered in paragraphs[headings[-1] + 1 :]:
        typed = _LISTED.match(text.strip())
        if numbered:
            items.append(text.strip())
        elif typed is not None and int(typed.group("number")) == len(items) + 1:
            items.append(text.strip()[typed.end() :].strip())
    heading = int(paragraphs[headings[-1]][1].split()[-1])
    return Listing(len(items) or None, heading, tuple(items))


def read_letter(source: Source) -> WordLetter:
    """A finished Word letter read for the checks (:class:`WordLetter`)."""
    data, name = read_source(source)
    document = open_document(data, name)
    styles = Styles(related(document.part, RT.STYLES))
    stories = [story_paragraphs(document.element.body)]
    stories += [
        story_paragraphs(part.element, label)  # type: ignore[attr-defined]
        for part, label in headers_footers(document)
    ]
    found: list[Superscript] = []
    paragraphs: list[tuple[str, str, bool]] = []
    for story in stories:
        for paragraph, where in story:
            found.extend(_paragraph_superscripts(paragraph, where, styles))
            text = "".join(_run_text(run) for run in _live_runs(paragraph))
            paragraphs.append((text, where, _numbered_paragraph(paragraph, styles)))
    listing = _listing(paragraphs)
    numbered: list[Superscript] = []
    if not found:
        last = len(paragraphs) if listing is None else listing.heading_line - 1
        body = [(text, where) for text, where, _ in paragraphs if _before(where, last)]
        joined = "\n".join(" ".join(text.splitlines()) for text, _ in body)  # a line each
        for citation in _numbered(joined, "\n"):
            index = int(citation.location.split()[-1]) - 1
            numbered.append(dataclasses.replace(citation, location=body[index][1]))
    return WordLetter(found, listing, numbered)


def _before(where: str, last: int) -> bool:
    """Whether a paragraph is before the list's heading (paragraph ``last + 1``)."""
    return not where.startswith("paragraph ") or int(where.rsplit(maxsplit=1)[-1]) <= last


def superscripts_docx(source: Source) -> list[Superscript]:
    """The superscript citations of a finished Word letter, in document order (body
    paragraphs and table cells): superscript runs (direct formatting or a character
    style), adjacent ones merged, whose text reads like a citation cluster (``1``,
    ``4-15``, ``3,20``, ``1(p4)``). Other superscripts (``®``, ``th``, the ``9`` of
    ``30x10⁹/L``, the ``2`` of ``m²``) are left out: a bare number counts only after a
    word, a closing parenthesis or punctuation. ``location`` is ``paragraph N`` or
    ``table T, row R, cell C`` (``header of section 1, paragraph N`` in a header or
    footer, read after the body); ``before``/``after`` hold up to 20 characters of the
    paragraph around it."""
    return read_letter(source).superscripts
