"""Checking the superscript numbers of a finished document (``mi-refs check --doc``).

A letter's citations are superscript numbers: ``below.^4-15^`` in Markdown (pandoc),
``below.<sup>4-15</sup>`` in HTML, ``below.⁴⁻¹⁵`` in plain text, superscript runs in
Word. This module finds them (pure functions, text in) and checks them against the AMA
rules (:func:`check_numbering`):

- each cluster is well formed: numbers ascending, no duplicates, commas without spaces, a
  hyphen (not an en dash) for a run, a run only for three or more numbers (``1,2``, not
  ``1-2``) and always for three or more (``1-3``, not ``1,2,3``);
- numbers are assigned in order of first citation (the first time a number appears it is
  one more than the highest number cited before);
- no number is beyond the reference list, and every reference is cited;
- a superscript goes after a period or comma and before a colon or semicolon.

Only superscripts that read as citation clusters count: digits, commas, hyphens or other
dashes, spaces, and a locator in parentheses (``1(p4)``). Ordinals (``^th^``), marks
(``®``), exponents (``10^9^``: any superscript right after a digit), areas and volumes
(``m^2^``, ``mm^3^``) and isotopes (``^18^F``) are not citations.
"""

from __future__ import annotations

import bisect
import html
import importlib
import itertools
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import cast
from xml.etree.ElementTree import ParseError

from mi_refs.check.report import DocumentReport
from mi_refs.citations import format_cluster
from mi_refs.documents.formats import DOCUMENT_FORMATS
from mi_refs.documents.superscripts import Superscript
from mi_refs.documents.syntax import blank, mask_markdown_code
from mi_refs.errors import (
    DocumentError,
    MiRefsError,
    UnsupportedDocumentError,
)
from mi_refs.model import Finding, Severity

__all__ = [
    "DocumentError",
    "UnsupportedDocumentError",
    "check_document",
    "check_numbering",
    "count_listed_references",
    "is_citation",
    "read_document",
    "superscripts_html",
    "superscripts_markdown",
    "superscripts_text",
]


_CONTEXT = 20  # characters of surrounding text kept in Superscript.before/after


# --- what a citation cluster looks like -------------------------------------------------

_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒⁽⁾ᵖ"
_FROM_UNICODE = str.maketrans(_SUPERSCRIPT_CHARS, "0123456789-,()p")
_TO_UNICODE = str.maketrans("0123456789-,()p", _SUPERSCRIPT_CHARS)
_DASH_NAMES = {
    "-": "a hyphen",
    "‐": "a Unicode hyphen (U+2010)",
    "‑": "a non-breaking hyphen (U+2011)",
    "‒": "a figure dash",
    "–": "an en dash",
    "—": "an em dash",
    "−": "a minus sign",
}
_DASHES = re.escape("".join(_DASH_NAMES))  # for a character class
_ITEM = r"\d+(?:\s*\([^()\n]{1,30}\))?"
_CLUSTER = re.compile(rf"\s*{_ITEM}(?:\s*[,;{_DASHES}]\s*{_ITEM})*\s*")
_TOKEN = re.compile(
    rf"(?P<number>\d+)(?:(?P<gap>\s*)\((?P<locator>[^()\n]*)\))?|\s*(?P<sep>[,;{_DASHES}])\s*"
)
_AREA_UNIT = re.compile(r"(?:^|[^\w])[cmdkµμn]?m$")  # m², mm³, cm², µm²
_NOT_AFTER = "⁺⁼ⁿⁱ"  # Ca²⁺, x²ⁿ: chemistry and mathematics, not citations


def _normal(text: str) -> str:
    """Unicode superscript characters as their plain forms: ``⁴⁻¹⁵`` is ``4-15``."""
    return text.translate(_FROM_UNICODE).strip()


def is_citation(text: str, before: str = "", after: str = "") -> bool:
    """Whether a superscript reads as a citation cluster (``4-15``, ``3,20``, ``1(p4)``),
    given up to a few characters of the text ``before`` and ``after`` it.

    >>> is_citation("3,20"), is_citation("th"), is_citation("9", before="30x10")
    (True, False, False)
    """
    plain = _normal(text)
    if not _CLUSTER.fullmatch(plain):
        return False
    if before[-1:].isdigit():  # 10^9^, x10⁹: an exponent
        return False
    if plain in {"2", "3"} and _AREA_UNIT.search(before):  # m^2^, mm³
        return False
    if (not before or before[-1] in " \t([/-") and after[:1].isalpha() and after[:1].isupper():
        return False  # ^18^F-FDG, ^125^I: an isotope (a citation follows a word or a mark)
    return not after or after[0] not in _NOT_AFTER


# --- extraction ---------------------------------------------------------------------------

_UNICODE_RUN = re.compile(
    rf"[{_SUPERSCRIPT_CHARS}]+(?:[,\-–][⁰¹²³⁴⁵⁶⁷⁸⁹]+[{_SUPERSCRIPT_CHARS}]*)*"
)
_CARET = re.compile(r"(?<![\\^])\^(?P<body>[^\^\s](?:[^\^\n]{0,40}?[^\^\s\\])?)\^")
_SUP = re.compile(r"(?is)<sup\b[^>]*>(?P<body>.*?)</sup\s*>")
_TAG = re.compile(r"<[^>]*>")


def _masked_markdown(text: str) -> str:
    """Code (fenced blocks, inline spans), HTML comments and footnote markers (``[^1]``)
    blanked out, offsets unchanged: no superscript is looked for there."""
    return re.sub(r"\[\^[^\]\n]*\]", blank, mask_markdown_code(text))


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
    before = clean(text[line_start:start])[-_CONTEXT:]
    after = clean(text[end:line_end])[:_CONTEXT]
    return before, after


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
            superscripts.append(
                Superscript(body.strip(), f"line {lines.line(start)}", before, after)
            )
    return superscripts


def _unicode_runs(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    return [
        (match.start(), match.end(), match.group(0))
        for match in _UNICODE_RUN.finditer(text)
        if not any(a <= match.start() < b for a, b in taken)
    ]


def superscripts_markdown(text: str) -> list[Superscript]:
    """The citation superscripts of a Markdown document: pandoc ``^4-15^``, inline HTML
    ``<sup>4-15</sup>`` and Unicode superscript characters (``⁴⁻¹⁵``), outside code,
    comments and footnote markers. ``location`` is ``line N``."""
    masked = _masked_markdown(text)
    found = [(m.start(), m.end(), _strip_tags(m.group("body"))) for m in _SUP.finditer(masked)]
    taken = [(start, end) for start, end, _ in found]
    for match in _CARET.finditer(masked):
        if not any(a <= match.start() < b for a, b in taken):
            found.append((match.start(), match.end(), match.group("body").replace("\\ ", " ")))
    taken = [(start, end) for start, end, _ in found]
    found += _unicode_runs(masked, taken)
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


def _parse_html(text: str) -> _HTMLText:
    parser = _HTMLText()
    parser.feed(text)
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
            superscripts.append(Superscript(body.strip(), f"line {line}", before, after))
    return superscripts


# --- the document's own reference list ------------------------------------------------------

_HEADING = re.compile(
    r"(?:#{1,6}[ \t]*)?[*_]*[ \t]*(?:references?|reference list|bibliography|literature cited)"
    r"[ \t]*:?[ \t]*[*_]*(?:[ \t]+#+)?",
    re.IGNORECASE,
)
_LISTED = re.compile(r"\[?(?P<number>\d+)(?:[.)\]]|[ \t])")


@dataclass(frozen=True, slots=True)
class _Listing:
    count: int | None  # numbered entries under the heading, None when none
    heading_line: int  # 1-based line of the heading in the text examined


def _listing(text: str, *, markdown: bool = False) -> _Listing | None:
    """The last References heading of ``text`` and how many numbered entries (1, 2, 3...
    in order, at the start of a line) follow it."""
    lines = text.splitlines()
    headings = [i for i, line in enumerate(lines) if _HEADING.fullmatch(line.strip())]
    if not headings:
        return None
    expected = 1
    for line in lines[headings[-1] + 1 :]:
        stripped = line.strip()
        if markdown and stripped.startswith("#"):
            break
        match = _LISTED.match(stripped)
        if match is not None and int(match.group("number")) == expected:
            expected += 1
    return _Listing(expected - 1 or None, headings[-1] + 1)


def count_listed_references(text: str, kind: str = "markdown") -> int | None:
    """How many references the document's own numbered list holds: the lines (HTML:
    blocks, ``<ol>`` items) after its last "References" heading that start with ``1.``,
    ``2.`` ... (or ``1 ``, ``[1]``, ``1)``), in order. ``None`` when there is no such list.
    ``kind`` is ``markdown``, ``html`` or ``text``."""
    listing = _document_listing(text, kind)
    return listing.count if listing else None


def _document_listing(text: str, kind: str) -> _Listing | None:
    if kind != "html":
        return _listing(text, markdown=kind == "markdown")
    parser = _parse_html(text)
    plain = parser.text()
    listing = _listing(plain)
    if listing is None:
        return None
    starts = [0] + [match.end() for match in re.finditer("\n", plain)]
    offset = starts[listing.heading_line - 1]
    return _Listing(listing.count, parser.source_line(offset))


# --- reading a file -----------------------------------------------------------------------


def _decode(path: Path, data: bytes, kind: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if kind == "html":  # Word's "Save as Web Page" writes windows-1252 and says so
            declared = re.search(rb"""(?i)<meta[^>]+charset\s*=\s*["']?([\w-]+)""", data[:4096])
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


def _load(path: str | os.PathLike[str]) -> tuple[list[Superscript], str, str | None]:
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
    superscripts, kind, _ = _load(path)
    return superscripts, kind


# --- checking ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cluster:
    """A superscript read as numbers: ``numbers`` ascending and unique (for the order
    checks), ``problems`` with how it is written, ``form`` the AMA form of its numbers."""

    numbers: tuple[int, ...]
    problems: tuple[str, ...]
    form: str


_Piece = tuple[int, int, str]  # first and last number of a run (equal for one), locator


def _canonical(plain: set[int], located: set[tuple[int, str]]) -> str:
    """Numbers ascending, runs of three or more joined by a hyphen, a located number as
    ``4(p12)``: ``1,3-5,7(p2)``."""
    out: list[str] = []
    run: list[int] = []
    for number, locator in sorted({(n, "") for n in plain} | located):
        if not locator:
            run.append(number)
            continue
        if run:
            out.append(format_cluster(run))
            run = []
        out.append(f"{number}({locator})")
    if run:
        out.append(format_cluster(run))
    return ",".join(out)


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _run_problems(first: int, last: int, dash: str) -> list[str]:
    run = f"{first}{dash}{last}"
    problems = [f"{_DASH_NAMES[dash]} joins the run {run} (use a hyphen)"] if dash != "-" else []
    if last < first:
        problems.append(f"the run {run} is descending")
    elif last == first:
        problems.append(f"the run {run} names one number")
    elif last == first + 1:
        problems.append(f"the run {run} has only two numbers (write {first},{last})")
    return problems


def _pieces(written: str) -> tuple[list[_Piece], list[str], list[str]]:
    """The numbers and runs of a cluster in written order, its separators, and what is
    wrong with its runs."""
    pieces: list[_Piece] = []
    separators: list[str] = []
    problems: list[str] = []
    dash: str | None = None
    for match in _TOKEN.finditer(written):
        separator = match.group("sep")
        if separator is not None:
            separators.append(separator)
            dash = separator if separator in _DASH_NAMES else None
            continue
        number, locator = int(match.group("number")), (match.group("locator") or "").strip()
        if dash is not None and pieces and pieces[-1][0] == pieces[-1][1]:
            first, _, first_locator = pieces.pop()
            pieces.append((first, number, first_locator or locator))
            problems += _run_problems(first, number, dash)
        else:
            if dash is not None:
                problems.append(f"a dash follows the run ending {pieces[-1][1]}")
            pieces.append((number, number, locator))
        dash = None
    return pieces, separators, problems


def _parse_cluster(text: str) -> _Cluster:
    """The numbers of a cluster and what is wrong with how it is written.

    >>> _parse_cluster("4–15").problems
    ('an en dash joins the run 4–15 (use a hyphen)',)
    >>> _parse_cluster("1,2,3").form
    '1-3'
    """
    written = _normal(text)
    pieces, separators, problems = _pieces(written)
    if re.search(r"\s", re.sub(r"\([^()]*\)", "", written)):  # spaces inside a locator are fine
        problems.append("it has spaces (commas go without spaces)")
    if ";" in separators:
        problems.append("it separates numbers with semicolons (use commas)")
    firsts = [first for first, _, _ in pieces]
    if any(b < a for a, b in itertools.pairwise(firsts)):
        problems.append("its numbers are not in ascending order")
    plain: list[int] = []
    located: list[tuple[int, str]] = []
    for first, last, locator in pieces:
        span = range(min(first, last), max(first, last) + 1)
        if locator:
            located += [(number, locator) for number in span]
        else:
            plain += span
    repeated = {n for n in plain if plain.count(n) > 1}
    repeated |= {n for n, c in located if located.count((n, c)) > 1}
    if repeated:
        problems.append(f"it cites {_join([str(n) for n in sorted(repeated)])} more than once")
    form = _canonical(set(plain), set(located))
    if not problems and form != written:
        runs = [part for part in form.split(",") if "-" in part and "(" not in part]
        loose = [run for run in runs if (*map(int, run.split("-")), "") not in pieces]
        if loose:
            problems.append(
                "consecutive numbers are written out instead of as "
                f"{'a run' if len(loose) == 1 else 'runs'} ({_join(loose)})"
            )
        else:
            problems.append("it is not in the AMA form")
    numbers = tuple(sorted(set(plain) | {n for n, _ in located}))
    return _Cluster(numbers, tuple(problems), form)


def _mark(content: str, kind: str | None) -> str:
    """A superscript as the document writes it: ``^1^``, ``<sup>1</sup>``, or ``¹``."""
    if kind == "markdown":
        return f"^{content}^"
    if kind == "html":
        return f"<sup>{content}</sup>"
    return content.translate(_TO_UNICODE)


def _span(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"Reference {numbers[0]}"
    if len(numbers) == 2:
        return f"References {numbers[0]} and {numbers[1]}"
    return f"References {numbers[0]}-{numbers[-1]}"


def _line_of(location: str) -> int | None:
    match = re.fullmatch(r"line (\d+)", location)
    return int(match.group(1)) if match else None


def _finding(
    severity: Severity,
    message: str,
    location: str,
    *,
    stored: str | None = None,
    suggestion: str | None = None,
    key: str | None = None,
) -> Finding:
    return Finding(
        "citation",
        severity,
        message,
        key=key,
        line=_line_of(location),
        stored=stored,
        source="document",
        suggestion=suggestion,
        location=location,
    )


_PUNCTUATION = {".": "period", ",": "comma", "?": "question mark", "!": "exclamation mark"}
_INSIDE = {":": "colon", ";": "semicolon"}


def _placement(superscript: Superscript, kind: str | None) -> Finding | None:
    """A superscript before a period or comma, or after a colon or semicolon."""
    before = superscript.before.rstrip(" \t*_")
    after = superscript.after.lstrip("*_")
    word = re.search(r"\S*$", before)
    last = word.group(0) if word else ""
    mark = superscript.text if kind == "text" else _mark(_normal(superscript.text), kind)
    where = f"The superscript {superscript.text} at {superscript.location}"
    if after[:1] in _PUNCTUATION:
        right = f"{last}{after[0]}{mark}"
        return _finding(
            Severity.WARNING,
            f"{where} comes before a {_PUNCTUATION[after[0]]}; AMA style puts citations after "
            f"periods and commas: write {right}.",
            superscript.location,
            stored=f"{last}{mark}{after[0]}",
            suggestion=right,
        )
    if last[-1:] in _INSIDE:
        right = f"{last[:-1]}{mark}{last[-1]}"
        return _finding(
            Severity.WARNING,
            f"{where} comes after a {_INSIDE[last[-1]]}; AMA style puts citations before "
            f"colons and semicolons: write {right}.",
            superscript.location,
            stored=f"{last}{mark}",
            suggestion=right,
        )
    return None


def _form(superscript: Superscript, cluster: _Cluster, kind: str | None) -> Finding | None:
    if not cluster.problems:
        return None
    suggestion = cluster.form.translate(_TO_UNICODE) if kind == "text" else cluster.form
    return _finding(
        Severity.ERROR,
        f"The superscript {superscript.text} at {superscript.location} is not written the "
        f"AMA way: {'; '.join(cluster.problems)}. Write {suggestion}.",
        superscript.location,
        stored=superscript.text,
        suggestion=suggestion,
    )


def _beyond(superscript: Superscript, numbers: Sequence[int], references: int | None) -> Finding:
    size = "" if references is None else f", which has {references}"
    one = len(numbers) == 1
    return _finding(
        Severity.ERROR,
        f"The superscript {superscript.text} at {superscript.location} cites "
        f"{'number' if one else 'numbers'} {_join([str(n) for n in numbers])}, which "
        f"{'is' if one else 'are'} not in the reference list{size}.",
        superscript.location,
        stored=superscript.text,
    )


def _order(
    firsts: Sequence[tuple[int, int]],
    superscripts: Sequence[Superscript],
    key: Callable[[int], str | None],
) -> list[tuple[int, Finding]]:
    """Numbers first cited too early: each new number must be one more than the highest
    cited before it. One finding per number that jumps ahead of numbers cited later (a
    plain swap of two numbers is named as such)."""
    first_index = dict(firsts)
    found: list[tuple[int, Finding]] = []
    highest = 0
    for position, (number, index) in enumerate(firsts):
        early = [n for n in range(highest + 1, number) if n in first_index]
        highest = max(highest, number)
        if not early:
            continue
        superscript = superscripts[index]
        where = f"at {superscript.location} (superscript {superscript.text})"
        later = list(dict.fromkeys(superscripts[first_index[n]].location for n in early))
        next_new = [n for n, _ in firsts[position + 1 : position + 1 + len(early)]]
        if early == [number - 1] and next_new == early:
            message = (
                f"Numbers {early[0]} and {number} are swapped: {number} is first cited {where}, "
                f"before {early[0]} (first cited at {later[0]}). Numbers go in order of first "
                "citation: exchange them."
            )
        else:
            message = (
                f"Number {number} is first cited {where}, before "
                f"{'number' if len(early) == 1 else 'numbers'} {_join([str(n) for n in early])} "
                f"(first cited at {_join(later)}). Numbers go in order of first citation: the "
                f"first new number here should be {early[0]}."
            )
        found.append(
            (
                index,
                _finding(
                    Severity.ERROR,
                    message,
                    superscript.location,
                    stored=superscript.text,
                    key=key(number),
                ),
            )
        )
    return found


def _gaps(numbers: range, cited: set[int]) -> list[list[int]]:
    gaps: list[list[int]] = []
    for number in numbers:
        if number in cited:
            continue
        if gaps and gaps[-1][-1] == number - 1:
            gaps[-1].append(number)
        else:
            gaps.append([number])
    return gaps


def _uncited(
    firsts: Sequence[tuple[int, int]],
    superscripts: Sequence[Superscript],
    *,
    references: int | None,
    name: Callable[[int], str],
    key: Callable[[int], str | None],
    path: str,
    list_location: str | None,
) -> list[tuple[int, Finding]]:
    """References never cited: each gap below the highest number cited (located where the
    numbers jump over it), then the end of the list (located at the list)."""
    cited = {number for number, _ in firsts}
    top = max(cited, default=0)
    found: list[tuple[int, Finding]] = []
    for gap in _gaps(range(1, max(references or 0, top) + 1), cited):
        names = name(gap[0]) if len(gap) == 1 else ""
        verb = "is" if len(gap) == 1 else "are"
        after = [(index, number) for number, index in firsts if number > gap[-1]]
        if after:
            index, number = min(after)
            superscript = superscripts[index]
            jump = (
                f"the numbers jump from {gap[0] - 1} to {number}"
                if gap[0] > 1
                else f"the first number cited is {number}"
            )
            message = (
                f"{_span(gap)}{names} {verb} never cited: {jump} at {superscript.location} "
                f"(superscript {superscript.text})."
            )
            location = superscript.location
        else:
            index, location = len(superscripts), list_location or "reference list"
            highest = (
                f" (the highest number cited is {top})."
                if top
                else ": no superscript cites any reference."
            )
            message = (
                f"{_span(gap)}{names} of the {references}-reference list of {path} {verb} "
                f"never cited{highest}"
            )
        found.append(
            (
                index,
                _finding(
                    Severity.WARNING,
                    message,
                    location,
                    key=key(gap[0]) if len(gap) == 1 else None,
                ),
            )
        )
    return found


def check_numbering(
    superscripts: Sequence[Superscript],
    *,
    references: int | None,
    keys: Sequence[str] | None = None,
    path: str,
    kind: str | None = None,
    list_location: str | None = None,
) -> list[Finding]:
    """Check a document's citation superscripts the AMA way; findings (code
    ``citation``, source ``document``, ``location`` set, and ``line`` for ``line N``
    locations) in document order.

    ``references`` is the length of the reference list (``None``: unknown, so numbers
    beyond the list are not looked for and only references skipped below the highest
    number cited count as uncited); ``keys``, when given, are the keys of the list in
    order (``keys[0]`` is reference 1): they name references in findings and give the
    length when ``references`` is ``None``. ``path`` names the document; ``kind``
    (``markdown``, ``html``, ``text``, ``docx``) decides how suggestions write a
    superscript (``^1^``, ``<sup>1</sup>``, Unicode ``¹`` otherwise);
    ``list_location`` is where the reference list is (``line 160``), for references
    never cited after the last superscript.

    Errors: malformed clusters, numbers out of the order of first citation, numbers beyond
    the list. Warnings: placement against punctuation, references never cited."""
    if references is None and keys is not None:
        references = len(keys)
    named = list(keys or ())

    def key(number: int) -> str | None:
        return named[number - 1] if 0 < number <= len(named) else None

    def name(number: int) -> str:
        return f" ({named[number - 1]})" if 0 < number <= len(named) else ""

    found: list[tuple[int, Finding]] = []
    firsts: list[tuple[int, int]] = []  # (number, index of its first superscript)
    seen: set[int] = set()
    for index, superscript in enumerate(superscripts):
        cluster = _parse_cluster(superscript.text)
        beyond = [
            n for n in cluster.numbers if n < 1 or (references is not None and n > references)
        ]
        for finding in (
            _form(superscript, cluster, kind),
            _beyond(superscript, beyond, references) if beyond else None,
            _placement(superscript, kind),
        ):
            if finding is not None:
                found.append((index, finding))
        for number in cluster.numbers:
            if number not in seen and number not in beyond:
                seen.add(number)
                firsts.append((number, index))
    found += _order(firsts, superscripts, key)
    found += _uncited(
        firsts,
        superscripts,
        references=references,
        name=name,
        key=key,
        path=path,
        list_location=list_location,
    )
    found.sort(key=lambda pair: pair[0])
    return [finding for _, finding in found]


def check_document(
    path: str | os.PathLike[str],
    *,
    references: int | None = None,
    keys: Sequence[str] | None = None,
) -> DocumentReport:
    """Read a document and check its citation numbering (:func:`check_numbering`).

    The list length is ``references`` (from the bibliography), else ``len(keys)``, else
    the document's own numbered list after a References heading (Markdown, HTML, text).
    When the document has its own numbered list and its length differs from the
    bibliography's, that is a warning. Superscripts after the document's References
    heading (inside its own list) are not checked."""
    superscripts, kind, text = _load(path)
    listing = _document_listing(text, kind) if text is not None else None
    size = references if references is not None else (len(keys) if keys is not None else None)
    extra: list[Finding] = []
    list_location = None
    if listing is not None:
        list_location = f"line {listing.heading_line}"
        superscripts = [
            s for s in superscripts if (_line_of(s.location) or 0) < listing.heading_line
        ]
        if size is None:
            size = listing.count
        elif listing.count is not None and listing.count != size:
            extra.append(
                _finding(
                    Severity.WARNING,
                    f"The reference list of {path} at {list_location} has {listing.count} "
                    f"numbered references, but the bibliography has {size}.",
                    list_location,
                )
            )
    findings = check_numbering(
        superscripts,
        references=size,
        keys=keys,
        path=str(path),
        kind=kind,
        list_location=list_location,
    )
    return DocumentReport(str(path), tuple(findings + extra))
