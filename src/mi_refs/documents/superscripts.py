"""Superscripts of finished documents: what each prints and where it is.

A letter's citations are superscript numbers: ``below.^4-15^`` in Markdown (pandoc),
``below.<sup>4-15</sup>`` in HTML, ``below.⁴⁻¹⁵`` in plain text, superscript runs in
Word (:mod:`mi_refs.documents.docx.superscripts`). This module finds them (pure
functions, text in; :func:`read_document` reads a file) and keeps those that read as
citations (:func:`~mi_refs.documents.clusters.is_citation`, the one test for every
format). It also finds a document's own numbered reference list.
"""

from __future__ import annotations

import bisect
import html
import importlib
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import cast
from xml.etree.ElementTree import ParseError

from mi_refs.documents.clusters import SUPERSCRIPT_CHARS, is_citation
from mi_refs.documents.formats import DOCUMENT_FORMATS
from mi_refs.documents.markdown import MATH
from mi_refs.documents.scan import blank_spans
from mi_refs.documents.sentences import sentence_at
from mi_refs.documents.syntax import blank, mask_markdown_code
from mi_refs.errors import DocumentError, MiRefsError, UnsupportedDocumentError

__all__ = [
    "Superscript",
    "count_listed_references",
    "document_listing",
    "load_document",
    "numbered_citations",
    "read_document",
    "superscripts_html",
    "superscripts_markdown",
    "superscripts_text",
]

_CONTEXT = 20  # characters of surrounding text kept in Superscript.before/after
_WINDOW = 400  # characters looked at around a superscript to find that context
_SUPERSCRIPT_CHARS = SUPERSCRIPT_CHARS


@dataclass(frozen=True, slots=True)
class Superscript:
    """One superscript citation as printed (``4-15``, ``3,20``, ``1(p4)``).

    ``location`` names where it is (``paragraph 12`` in Word, ``line 40`` in text
    formats); ``before`` and ``after`` hold up to 20 characters of the surrounding text of
    the same paragraph or line, for the placement checks; ``sentence`` is the sentence
    it stands in, as printed (:func:`~mi_refs.documents.sentences.sentence_at`), for
    messages that quote it."""

    text: str
    location: str
    before: str = ""
    after: str = ""
    sentence: str = field(default="", compare=False)  # derived context, for messages
    form: str = "superscript"  # or "brackets" ([2,3]) or "parentheses" ((2,3))


# --- extraction ---------------------------------------------------------------------------

_UNICODE_RUN = re.compile(
    rf"[{_SUPERSCRIPT_CHARS}]+(?:[,;\-–][⁰¹²³⁴⁵⁶⁷⁸⁹]+[{_SUPERSCRIPT_CHARS}]*)*"
)
_CARET = re.compile(r"(?<![\\^])\^(?P<body>[^\^\s](?:[^\^\n]{0,100}?[^\^\s\\])?)\^")
_SUP_OPEN = re.compile(r"(?i)<sup\b")
_SUP_CLOSE = re.compile(r"(?i)</sup\s*>")
_TAG = re.compile(r"<[^<>]*>")
_NOTE_BODY = re.compile(r"[^\]\n]*")  # stops at the next "<": unclosed tags cost linear time


def _masked_markdown(text: str) -> str:
    """Code (fenced blocks, inline spans), HTML comments, TeX math, footnote markers
    (``[^1]``) and the caret that opens an inline note (``^[``) blanked out, offsets
    unchanged: no superscript is looked for there."""
    text = mask_markdown_code(text)
    text = blank_spans(text, _note_marks(text))
    for pattern in MATH:
        text = pattern.sub(blank, text)
    return text.replace("^[", " [")


def _note_marks(text: str) -> Iterator[tuple[int, int]]:
    """``[^...]`` on one line: what ``\\[\\^[^\\]\\n]*\\]`` matched, each ``[^`` that does
    not close skipped with the one before it (the pattern re-scanned the line from each)."""
    position = text.find("[^")
    while position >= 0:
        body = _NOTE_BODY.match(text, position + 2)  # matches, if only the empty string
        end = body.end() if body else position + 2
        if text.startswith("]", end):
            yield position, end + 1
            end += 1
        position = text.find("[^", end)


class _Lines:
    """1-based line numbers of offsets in a text."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)

    def span(self, offset: int) -> tuple[int, int]:
        """Start and end offsets of the line holding ``offset`` (end without the newline)."""
        index = self.line(offset) - 1
        start = self._starts[index]
        end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else -1
        return start, end


def _context(
    text: str, start: int, end: int, lines: _Lines, clean: Callable[[str], str] = str
) -> tuple[str, str]:
    line_start, _ = lines.span(start)
    _, line_end = lines.span(end)
    line_end = len(text) if line_end < 0 else line_end
    # a bounded window (tags and entities cleaned away need room): linear on long lines
    before = clean(text[max(line_start, start - _WINDOW) : start])[-_CONTEXT:]
    after = clean(text[end : min(line_end, end + _WINDOW)])[:_CONTEXT]
    return before, after


class _Taken:
    """Spans already read, sorted; whether an offset is in one (binary search)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _ in self._spans]

    def __contains__(self, offset: object) -> bool:
        if not isinstance(offset, int):
            return False
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._spans[index][1]


def sup_spans(text: str) -> list[tuple[int, int, str]]:
    """Start, end and text (tags removed) of every ``<sup ...>...</sup>`` in ``text``,
    leftmost first and not overlapping (what ``<sup[^>]*>(.*?)</sup>`` finds), in linear
    time: the next ``>`` and the closers are found once, not rescanned for every
    unclosed ``<sup``."""
    closers = [(m.start(), m.end()) for m in _SUP_CLOSE.finditer(text)]
    starts = [start for start, _ in closers]
    found: list[tuple[int, int, str]] = []
    resume = 0
    gt = -1
    for opening in _SUP_OPEN.finditer(text):
        if opening.start() < resume:
            continue
        if gt < opening.end():
            gt = text.find(">", opening.end())
            if gt < 0:
                break
        index = bisect.bisect_left(starts, gt + 1)
        if index == len(starts):
            break
        close_start, close_end = closers[index]
        found.append((opening.start(), close_end, _strip_tags(text[gt + 1 : close_start])))
        resume = close_end
    return found


def _strip_tags(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def _collect(
    found: list[tuple[int, int, str]],
    text: str,
    clean: Callable[[str], str] = str,
) -> list[Superscript]:
    """Superscripts from (start, end, printed text) spans of ``text``, in order, keeping
    those that read as citations; location ``line N``."""
    lines = _Lines(text)
    superscripts = []
    for start, end, body in sorted(found):
        before, after = _context(text, start, end, lines, clean)
        if is_citation(body, before, after):
            sentence = clean(sentence_at(text, start, end))
            superscripts.append(
                Superscript(body.strip(), f"line {lines.line(start)}", before, after, sentence)
            )
    return superscripts


def _unicode_runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    taken = _Taken(spans)
    return [
        (match.start(), match.end(), match.group(0))
        for match in _UNICODE_RUN.finditer(text)
        if match.start() not in taken
    ]


def superscripts_markdown(text: str) -> list[Superscript]:
    """The citation superscripts of a Markdown document: pandoc ``^4-15^``, inline HTML
    ``<sup>4-15</sup>`` and Unicode superscript characters (``⁴⁻¹⁵``), outside code,
    comments and footnote markers. ``location`` is ``line N``."""
    masked = _masked_markdown(text)
    found = sup_spans(masked)
    taken = _Taken([(start, end) for start, end, _ in found])
    for match in _CARET.finditer(masked):
        if match.start() not in taken:
            found.append((match.start(), match.end(), match.group("body").replace("\\ ", " ")))
    found += _unicode_runs(masked, [(start, end) for start, end, _ in found])
    return _collect(found, masked, _strip_tags)


def superscripts_text(text: str) -> list[Superscript]:
    """The citation superscripts of a plain-text document: runs of Unicode superscript
    characters (``¹˒³⁻⁵``, also joined by a plain comma or dash: ``¹,³``) and ``^1^``.
    ``location`` is ``line N``."""
    found = [(m.start(), m.end(), m.group("body")) for m in _CARET.finditer(text)]
    found += _unicode_runs(text, [(start, end) for start, end, _ in found])
    return _collect(found, text)


_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
    "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_SKIPPED_TAGS = frozenset({"script", "style", "template", "code", "pre", "title", "noscript"})


class _HTMLText(HTMLParser):
    """The text of an HTML document, one line per block, with the spans of its ``<sup>``
    elements and the source line of each piece of text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.sups: list[tuple[int, int, int]] = []  # start, end, source line
        self.source_lines: list[tuple[int, int]] = []  # text offset, source line
        self._skip = 0
        self._sup_depth = 0
        self._sup_start = 0
        self._sup_line = 0
        self._lists: list[int | None] = []  # counters of open <ol>s, None for <ul>
        self._offsets: list[int] = []

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip += 1
            return
        if tag in _BLOCK_TAGS:
            self._newline()
        if tag == "ol":
            start = dict(attrs).get("start") or "1"
            self._lists.append(int(start) - 1 if start.strip().isdigit() else 0)
        elif tag == "ul":
            self._lists.append(None)
        elif tag == "li" and self._lists and self._lists[-1] is not None:
            self._lists[-1] += 1
            self.source_lines.append((self.length, self.getpos()[0]))
            self._append(f"{self._lists[-1]}. ")
        elif tag == "sup":
            if self._sup_depth == 0:
                self._sup_start, self._sup_line = self.length, self.getpos()[0]
            self._sup_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag in _BLOCK_TAGS:
            self._newline()
        if tag in {"ol", "ul"} and self._lists:
            self._lists.pop()
        elif tag == "sup" and self._sup_depth:
            self._sup_depth -= 1
            if self._sup_depth == 0:
                self.sups.append((self._sup_start, self.length, self._sup_line))

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        text = re.sub(r"\s+", " ", data)
        if self.parts and self.parts[-1].endswith("\n"):
            text = text.lstrip()
        if text:
            self.source_lines.append((self.length, self.getpos()[0]))
            self._append(text)

    def text(self) -> str:
        return "".join(self.parts)

    def source_line(self, offset: int) -> int:
        """The source line of the text at ``offset`` (the line its piece of text began on)."""
        if len(self._offsets) != len(self.source_lines):
            self._offsets = [o for o, _ in self.source_lines]
        index = bisect.bisect_right(self._offsets, offset) - 1
        return self.source_lines[index][1] if index >= 0 else 1


def _unclosed_comment_blanked(text: str) -> str:
    """``text`` with a comment that is never closed blanked to the end, as HTML reads it
    (the comment runs to the end of the file); html.parser would rescan the rest of the
    text for ``-->`` at each of thousands of such openers (quadratic time)."""
    if "<!--" not in text:
        return text
    close = text.rfind("-->")
    opener = text.find("<!--", 0 if close < 0 else close + 3)
    return text if opener < 0 else blank_spans(text, [(opener, len(text))])


def _parse_html(text: str) -> _HTMLText:
    parser = _HTMLText()
    parser.feed(_unclosed_comment_blanked(text))
    parser.close()
    return parser


def superscripts_html(text: str) -> list[Superscript]:
    """The citation superscripts of an HTML document: ``<sup>`` elements (adjacent ones,
    ``<sup>1,</sup><sup>2</sup>``, read as one) and Unicode superscript characters, with
    ``before``/``after`` from the text of the same block, tags stripped. ``location`` is
    ``line N`` of the ``<sup>`` tag in the source."""
    parser = _parse_html(text)
    plain = parser.text()
    spans: list[list[int]] = []
    for start, end, line in parser.sups:
        if spans and spans[-1][1] == start:
            spans[-1][1] = end
        else:
            spans.append([start, end, line])
    found = [(start, end, plain[start:end], line) for start, end, line in spans]
    taken = [(start, end) for start, end, _, _ in found]
    found += [
        (start, end, body, parser.source_line(start))
        for start, end, body in _unicode_runs(plain, taken)
    ]
    lines = _Lines(plain)
    superscripts = []
    for start, end, body, line in sorted(found):
        before, after = _context(plain, start, end, lines)
        if body.strip() and is_citation(body, before, after):
            shown = f"<sup>{body.strip()}</sup>"
            sentence = sentence_at(plain, start, end, "\n", shown, plain=True)
            superscripts.append(Superscript(body.strip(), f"line {line}", before, after, sentence))
    return superscripts


# --- the document's own reference list ------------------------------------------------------

_HEADING = re.compile(
    r"(?:#{1,6}[ \t]*)?[*_]*[ \t]*(?:references?|reference list|bibliography|literature cited)"
    r"[ \t]*:?[ \t]*[*_]*(?:[ \t]+#+)?",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t]+")


def _spaced(line: str) -> str:
    """``line`` stripped, each run of spaces and tabs one space: _HEADING's adjacent
    ``[ \t]*`` then cost a constant (on a long run they were cubic), its matches the same."""
    return _SPACES.sub(" ", line.strip())


_LISTED = re.compile(r"\[?(?P<number>\d+)(?:[.)\]]|[ \t])")


@dataclass(frozen=True, slots=True)
class Listing:
    count: int | None  # numbered entries under the heading, None when none
    heading_line: int  # 1-based line of the heading in the text examined (Word: paragraph)
    items: tuple[str, ...] = ()  # each numbered entry's text, continuation lines joined


def _listing(text: str, *, markdown: bool = False) -> Listing | None:
    """The last References heading of ``text`` and the numbered entries (1, 2, 3... in
    order, at the start of a line) that follow it."""
    lines = text.splitlines()
    headings = [i for i, line in enumerate(lines) if _HEADING.fullmatch(_spaced(line))]
    if not headings:
        return None
    items: list[list[str]] = []  # each entry's lines, joined once (was quadratic, issue 22)
    for line in lines[headings[-1] + 1 :]:
        stripped = line.strip()
        if markdown and stripped.startswith("#"):
            break
        match = _LISTED.match(stripped)
        if match is not None and int(match.group("number")) == len(items) + 1:
            items.append([stripped[match.end() :].strip()])
        elif items and stripped:
            items[-1].append(stripped)
    texts = tuple(" ".join(item) for item in items)
    return Listing(len(items) or None, headings[-1] + 1, texts)


# --- numbers in brackets or parentheses --------------------------------------------------

_NUMBERS = r"\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*"
_BRACKETED = re.compile(rf"(?<![\w\]^])\[(?P<body>{_NUMBERS})\](?![(:\[])")
_PARENTHESISED = re.compile(rf"(?<![\w(])\((?P<body>{_NUMBERS})\)(?!\w)")


def _numbered(
    text: str, block: str = "\n\n", locate: Callable[[int], int] | None = None
) -> list[Superscript]:
    """The citations of a document that cites by numbers on the line, decided for the
    whole document: bracketed (``[1]``, ``[2,3]``, ``[4-6]``) when it has any, else
    parenthesised (``(1)``, ``(2, 3)``); numbers of one to three digits (``(2024)`` is a
    year). ``form`` says which; ``location`` is ``line N`` (``locate``: the line of an
    offset, when ``text`` is not the source)."""
    lines = _Lines(text)
    locate = locate or lines.line
    for pattern, form in ((_BRACKETED, "brackets"), (_PARENTHESISED, "parentheses")):
        found = []
        for match in pattern.finditer(text):
            start, end = match.span()
            before, after = _context(text, start, end, lines)
            sentence = sentence_at(text, start, end, block)
            body = match.group("body")
            found.append(Superscript(body, f"line {locate(start)}", before, after, sentence, form))
        if found:
            return found
    return []


def count_listed_references(text: str, kind: str = "markdown") -> int | None:
    """How many references the document's own numbered list holds: the lines (HTML:
    blocks, ``<ol>`` items) after its last "References" heading that start with ``1.``,
    ``2.`` ... (or ``1 ``, ``[1]``, ``1)``), in order. ``None`` when there is no such list.
    ``kind`` is ``markdown``, ``html`` or ``text``."""
    listing = document_listing(text, kind)
    return listing.count if listing else None


def document_listing(text: str, kind: str) -> Listing | None:
    """The document's own numbered reference list (the last References heading and the
    numbered entries after it); ``heading_line`` is a line of ``text``."""
    if kind != "html":
        return _listing(text, markdown=kind == "markdown")
    parser = _parse_html(text)
    plain = parser.text()
    listing = _listing(plain)
    if listing is None:
        return None
    starts = [0] + [match.end() for match in re.finditer("\n", plain)]
    offset = starts[listing.heading_line - 1]
    return Listing(listing.count, parser.source_line(offset), listing.items)


def numbered_citations(text: str, kind: str) -> list[Superscript]:
    """A document's citations by numbers on the line (:func:`_numbered`): before its
    References heading, outside Markdown code, links, link definitions and footnotes
    (``[1](url)``, ``[1]: url``, ``[^1]``), and in HTML outside tags."""
    if kind == "html":
        parser = _parse_html(text)
        plain = parser.text()
        listing = _listing(plain)
        if listing is not None:
            plain = "\n".join(plain.splitlines()[: listing.heading_line - 1])
        return _numbered(plain, "\n", parser.source_line)
    listing = _listing(text, markdown=kind == "markdown")
    if listing is not None:
        text = "".join(text.splitlines(keepends=True)[: listing.heading_line - 1])
    if kind == "markdown":
        text = re.sub(r"(?m)^[ \t]{0,3}\[[^\]\n]+\]:.*$", blank, _masked_markdown(text))
    return _numbered(text)


# --- reading a file -----------------------------------------------------------------------


def _decode(path: Path, data: bytes, kind: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if kind == "html":  # Word's "Save as Web Page" writes windows-1252 and says so
            declared = re.search(rb"""(?i)<meta[^<>]+charset\s*=\s*["']?([\w-]+)""", data[:4096])
            if declared is not None:
                try:
                    return data.decode(declared.group(1).decode("ascii"))
                except (LookupError, UnicodeDecodeError):
                    pass
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            f"{path}: cannot read: the file is not UTF-8 text (first bad byte on line {line})"
        ) from None


def _docx_superscripts(path: Path) -> list[Superscript]:
    try:
        module = importlib.import_module("mi_refs.documents.docx")
        reader = cast("Callable[[Path], list[Superscript]]", module.superscripts_docx)
    except (ImportError, AttributeError) as exc:
        raise UnsupportedDocumentError(
            f"{path}: cannot check a Word document: reading .docx is not available ({exc})"
        ) from exc
    try:
        return list(reader(path))
    except MiRefsError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, ParseError) as exc:
        raise DocumentError(f"{path}: cannot read the Word document: {exc}") from exc


def load_document(path: str | os.PathLike[str]) -> tuple[list[Superscript], str, str | None]:
    """The superscripts, the kind and (for text kinds) the text of a document."""
    file = Path(path)
    kind = DOCUMENT_FORMATS.get(file.suffix.lower())
    if kind is None:
        known = ", ".join(DOCUMENT_FORMATS)
        what = f"a {file.suffix} file" if file.suffix else "a file without a suffix"
        raise UnsupportedDocumentError(
            f"{file}: cannot check citations in {what} (mi-refs reads {known})"
        )
    if kind == "docx":
        if not file.is_file():
            raise DocumentError(f"{file}: cannot read: no such file")
        return _docx_superscripts(file), kind, None
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    text = _decode(file, data, kind)
    extract = {
        "markdown": superscripts_markdown,
        "html": superscripts_html,
        "text": superscripts_text,
    }[kind]
    return extract(text), kind, text


def read_document(path: str | os.PathLike[str]) -> tuple[list[Superscript], str]:
    """The citation superscripts of a document, in order, and its kind (``markdown``,
    ``html``, ``text`` or ``docx``, from the suffix: .md/.markdown, .html/.htm, .txt,
    .docx). Raises :class:`DocumentError` (an :class:`~mi_refs.errors.MiRefsError`)
    naming the file when it cannot be read, :class:`UnsupportedDocumentError` for another
    suffix."""
    superscripts, kind, _ = load_document(path)
    return superscripts, kind
