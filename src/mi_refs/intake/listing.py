"""Finding a document's printed reference list the way a reader does. Pure: lines in,
the list's line span and item texts out.

The list is the numbered run after the last heading that names it (References,
Bibliography, Sources, Footnotes, Notes, Literature cited, and their German, French,
Spanish, Italian, Portuguese, Dutch and Nordic names; ``**References:**``, ``## Literatur``,
``REFERENCES:``), else the document's trailing numbered run. An item is ``1.``, ``1)``,
``[1]``, ``1 `` or ``1.Text`` (no space, as PubMed Central prints), also after a
Markdown bullet (``- 1.Text``) or alone on its line with the text below; numbers run
1, 2, 3... Lines that do not start the next number continue the item they follow; a
line that starts with a day and a month (``2 Sep, 2022].``, the wrapped end of an access
date) or follows an unfinished line (``[Accessed``) continues too. A run-in list (a
heading and its items in one paragraph: ``References: 1. ... 2. ...``) is split at its
numbers. HTML is read as lines first (:func:`html_lines`): block elements break lines,
``<ol>`` items get their numbers, inline markup is dropped, entities decoded; each line
keeps its span in the source so that the list can be replaced there.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["HTMLLine", "Listing", "find_listing", "html_lines", "is_heading"]

_WORDS = (
    "references?|reference list|bibliography|bibliographies|sources?|footnotes?|endnotes?|"
    "notes|literature cited|literature|works cited|cited literature|citations|"
    "literatur|literaturverzeichnis|literaturangaben|quellen|quellenangaben|"
    "r[ée]f[ée]rences(?: bibliographiques)?|bibliographie|"
    "referencias(?: bibliogr[áa]ficas)?|bibliograf[íi]a|fuentes|notas|"
    "riferimenti(?: bibliografici)?|bibliografia|fonti|note|"
    "refer[êe]ncias(?: bibliogr[áa]ficas)?|referenties|literatuur|bronnen|"
    "litteratur|referenser|kilder|kirjallisuus|l[äa]hteet|pi[śs]miennictwo"
)
_HEADING = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*)?(?:[*_]{1,3})?[ \t]*(?:" + _WORDS + r")[ \t]*:?[ \t]*"
    r"(?:[*_]{1,3})?[ \t]*:?(?:[ \t]+#+)?[ \t]*",
    re.IGNORECASE,
)
# the spaces after the colon in one repeat (``[ \t]*(?:[*_]{1,3})?[ \t]*`` was quadratic in a
# run of spaces: 20,000 after ``References:`` took 5.9 s a line)
_RUN_IN = re.compile(
    r"[ \t]*(?:[*_]{1,3})?(?:" + _WORDS + r")[ \t]*:[ \t]*(?:[*_]{1,3}[ \t]*)?(?=\[?1\b)",
    re.IGNORECASE,
)
# ``1.`` ``1)`` ``[1]`` ``1 `` ``1.Text``, after an optional Markdown bullet
_NUMBERED = re.compile(r"[ \t]*(?:[-*+][ \t]+)?\[?(?P<number>\d{1,3})(?:[.)\]][ \t]*|[ \t]+|$)")
_MONTHS = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Janv|Févr|Mär|Mai|Juin|Juil|Okt|"
    r"Dez|Ene|Abr|Ago|Dic|Gen|Giu|Lug|Set|Ott)[a-zé]*\.?"
)
_DATE_START = re.compile(r"\d{1,2}(?:st|nd|rd|th)?[ \t]+" + _MONTHS + r"(?:[ \t,]|$)", re.I)
_UNFINISHED = re.compile(r"(?:\[[^\]]{0,40}|\b(?:Accessed|accessed|cited|Available|In:|et al,?))$")
_LABELS = re.compile(r"\[(?:DOI|PubMed|PMC free article|Google Scholar|CrossRef|Crossref)\]")
_PAGE_FOOTER = re.compile(
    r"(?:Page|Seite|Página|Pagina)\s+\d{1,3}(?:\s*(?:of|von|de|di|/)\s*\d{1,3})?|-\s?\d{1,3}\s?-|\d{1,3}\s*/\s*\d{1,3}"
    r"|Downloaded from \S+(?: .{0,200})?",
    re.IGNORECASE,
)
_LONE_NUMBER = re.compile(r"\d{1,4}")
_DIGITS = re.compile(r"\d+")
_BLOCK = {
    "p", "div", "li", "ol", "ul", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "article", "section", "header", "footer", "aside", "main", "dd", "dt", "dl",
    "blockquote", "hr", "nav", "figure", "figcaption", "body", "html", "head", "title",
}  # fmt: skip
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>|<!--")


@dataclass(frozen=True, slots=True)
class Listing:
    """The list: first and past-the-last line of its items, their numbers' texts."""

    first: int
    end: int
    items: list[str]


@dataclass(frozen=True, slots=True)
class HTMLLine:
    """One line of an HTML document as read: its text and its span in the source."""

    text: str
    start: int
    end: int


def is_heading(line: str) -> bool:
    """Whether a line is a reference-list heading (in any of the languages read)."""
    return len(line) < 80 and _HEADING.fullmatch(line) is not None


def _number(line: str) -> tuple[int, str] | None:
    match = _NUMBERED.match(line)
    if match is None:
        return None
    return int(match.group("number")), line[match.end() :].strip()


def _run_in(line: str) -> list[str] | None:
    """``References: 1. A. 2. B.`` as ``[A., B.]``; ``None`` when the line is not one."""
    head = _RUN_IN.match(line)
    if head is None:
        return None
    rest = line[head.end() :]
    cuts: list[tuple[int, int]] = []
    expected = 1
    for match in re.finditer(r"(?:^|(?<=\s))\[?(\d{1,3})(?:[.)\]])[ \t]*(?=\S)", rest):
        if int(match.group(1)) == expected:
            cuts.append((match.start(), match.end()))
            expected += 1
    if not cuts or cuts[0][0] != 0:
        return None
    bounds = [*cuts, (len(rest), len(rest))]
    return [rest[bounds[i][1] : bounds[i + 1][0]].strip() for i in range(len(cuts))]


def _continues(line: str, number: int, expected: int, previous: str) -> bool:
    """Whether a line that starts with the next number is still the item before it: a
    wrapped date (``2 Sep, 2022]``) or the rest of an unfinished line."""
    if number != expected:
        return True
    bare = line.lstrip(" \t-*+[")
    if _DATE_START.match(bare):
        return True
    return bool(_UNFINISHED.search(previous.rstrip())) and not re.match(r"\d{1,3}[.)\]]", bare)


_SUFFIX_WORD = re.compile(
    r"(?:ing|ings|ion|ions|tion|tions|ed|ly|ity|ities|ment|ments|ness|ive|ous|ary|ory|ism|"
    r"ist|ists|ical|ology|ologic|ologists?)(?=[\s.,;:)]|$)"
)
_URL_END = re.compile(r"(?:https?://|www\.)[^\s<>\"]{0,2000}$")
_URL_REST = re.compile(r"[a-z0-9][\w\-./?=&%#~+]{0,2000}(?:\s|$)")
_TAIL = 2100


def _joined(lines: list[str]) -> str:
    """An item's lines as one text: a URL broken at a line end is joined without a space
    (``https://example.org/a-`` + ``b.pdf``), other lines with one. Linear: a line joined
    to the one before is kept as a piece of it (never copied again), and only the joined
    line's last 2,100 characters (the longest URL end looked for) are looked at."""
    out: list[list[str]] = []  # each output line as its pieces
    tail = ""  # the last output line's last _TAIL characters
    for line in lines:
        url = _URL_END.search(tail) if tail else None
        if url is not None and (
            tail.endswith(("/", "-", "_", "=", "&", "?", "#"))
            or ((rest := _URL_REST.match(line)) is not None and re.search(r"[/.]", rest.group(0)))
        ):
            out[-1].append(line)
            tail = (tail + line)[-_TAIL:]
        elif re.search(r"[a-z]-$", tail[-3:]) and line[:1].islower():
            # a word broken at the line end: ``Nurs-`` + ``ing`` is ``Nursing``; else the
            # hyphen is the word's own (``placebo-`` + ``controlled``) and stays
            if _SUFFIX_WORD.match(line) is not None:
                pieces = out[-1]
                while not pieces[-1]:
                    pieces.pop()
                pieces[-1], tail = pieces[-1][:-1], tail[:-1]
            out[-1].append(line)
            tail = (tail + line)[-_TAIL:]  # exact: the line holds the character cut off
        elif line:
            out.append([line])
            tail = line[-_TAIL:]
    return " ".join("".join(pieces) for pieces in out).strip()


def _shape(stripped: str) -> str:
    """A line with its numbers as ``#`` and its spaces as one: what a running head keeps."""
    return _DIGITS.sub("#", " ".join(stripped.split()))


@dataclass(frozen=True, slots=True)
class _Heads:
    """The running headers and footers of a document copied from pages (PDF to text): a
    line printed again on later pages (its numbers aside) and seen before the list too,
    such as ``ESC Guidelines 3919`` or ``Smith et al. BMC Med (2020) 18:12 Page 9 of 11``.
    Numbered lines are never heads. Found once a document: each such shape and the first
    line it is on (it is a head for a list that starts after that line)."""

    first: dict[str, int]

    @classmethod
    def of(cls, lines: list[str]) -> _Heads:
        seen: dict[str, int] = {}
        first: dict[str, int] = {}
        for index, line in enumerate(lines):
            stripped = line.strip()
            if len(stripped) < 8 or _number(stripped) is not None:
                continue
            shape = _shape(stripped)
            seen[shape] = seen.get(shape, 0) + 1
            first.setdefault(shape, index)
        # a page number in it (``#``), or printed on three pages or more: a line that merely
        # repeats (a journal's name on its own line) is not taken for one
        return cls(
            {
                shape: first[shape]
                for shape, count in seen.items()
                if count >= 3 or (count >= 2 and "#" in shape)
            }
        )

    def at(self, stripped: str, start: int) -> bool:
        """Whether a line is a running head of a list that starts at line ``start``."""
        return bool(self.first) and self.first.get(_shape(stripped), start) < start


def _is_furniture(stripped: str, heads: _Heads, start: int) -> bool:
    """A page's furniture inside a list: a footer (``Page 3 of 4``, ``- 3 -``,
    ``Downloaded from ...``) or a running head."""
    if _PAGE_FOOTER.fullmatch(stripped):
        return True
    return heads.at(stripped, start)


def _ahead(lines: list[str], index: int) -> bool:
    """Whether a numbered line follows within the next three lines."""
    return any(_number(line.strip()) is not None for line in lines[index + 1 : index + 4])


@dataclass(frozen=True, slots=True)
class _Document:
    """A document's lines with what every list looked for in it needs, found once (issue
    22: each heading or ``1.`` line used to rescan the whole document, quadratic):
    running heads, and for each line the next that can open a list (numbered 1, not a
    page's footer, not PubMed Central's link labels alone)."""

    lines: list[str]
    heads: _Heads
    openers: list[int]  # for each line, the next line that can be an item 1 (or len(lines))

    @classmethod
    def of(cls, lines: list[str]) -> _Document:
        openers = [len(lines)] * (len(lines) + 1)
        for index in range(len(lines) - 1, -1, -1):
            stripped = lines[index].strip()
            numbered = _number(stripped)
            opens = (
                numbered is not None
                and numbered[0] == 1
                and bool(_LABELS.sub("", stripped).strip())
                and _PAGE_FOOTER.fullmatch(stripped) is None
            )
            openers[index] = index if opens else openers[index + 1]
        return cls(lines, _Heads.of(lines), openers)

    def first_item(self, start: int) -> int:
        """The line of item 1 of a list looked for from line ``start`` (skipping what the
        list's own scan skips before its first item), or ``len(lines)``."""
        index = self.openers[start]
        while index < len(self.lines) and self.heads.at(self.lines[index].strip(), start):
            index = self.openers[index + 1]
        return index


@dataclass(frozen=True, slots=True)
class _Short:
    """States of the trailing list's scans known to end short of the document's last line
    ``last``: (line, items so far, the last item's last five characters) met after an
    item ran over two lines, from where a scan depends on nothing else (in a document
    without running heads). A later scan that meets one ends short too, and stops there."""

    last: int
    states: set[tuple[int, int, str]]


def _items(
    doc: _Document, start: int, markdown: bool, barrier: int = -1, short: _Short | None = None
) -> Listing | None:
    """The list whose item 1 is the first after line ``start``; ``None`` when there is
    none, when it opens before line ``barrier`` (a line the list would end at), or when
    it meets a state of ``short`` (it ends short of the document's last line)."""
    lines, heads = doc.lines, doc.heads
    opening = doc.first_item(start)
    if opening >= len(lines) or opening < barrier:
        return None
    items: list[list[str]] = []  # each item's lines, joined once at the end
    first = end = -1
    continued = False  # whether any item ran over more than one line
    blank = False
    met: list[tuple[int, int, str]] = []
    for index in range(opening, len(lines)):
        if short is not None and continued and index <= short.last:
            state = (index, len(items), items[-1][-1].rstrip()[-5:])
            if state in short.states:
                short.states.update(met)
                return None
            met.append(state)
        line = lines[index]
        stripped = line.strip()
        if (
            not stripped
            or not _LABELS.sub("", stripped).strip()
            or _is_furniture(stripped, heads, start)
            or (  # a page number between two parts of the list (not ``2020;395:`` + ``1021``)
                items
                and _LONE_NUMBER.fullmatch(stripped)
                and int(stripped) != len(items) + 1
                # the line's last five characters: the end looked for, and what precedes it
                and not re.search(r"(?:[:;,(\-–]|\bp\.|\bpp\.)$", items[-1][-1].rstrip()[-5:])
            )
        ):
            blank = blank or not stripped
            continue
        if markdown and stripped.startswith(("#", ":::")) and items:
            break
        numbered = _number(stripped)
        if numbered is not None and not (
            items and _continues(stripped, numbered[0], len(items) + 1, lines[index - 1])
        ):
            if numbered[0] != len(items) + 1:
                if items:
                    break
                continue
            items.append([numbered[1]])
            first = index if first < 0 else first
            end = index + 1
            blank = False
            continue
        if not items:
            continue
        last = items[-1][-1] if items[-1][-1] or len(items[-1]) == 1 else items[-1][-2]
        finished = last.rstrip().endswith((".", "]", ")"))
        if is_heading(stripped) or (
            finished and not continued and (len(items) >= 3 or blank) and not _ahead(lines, index)
        ):
            break  # a one-line-per-item list ends at its first unnumbered line
        items[-1].append(stripped)
        continued = True
        end = index + 1
        blank = False
    if short is not None and end <= short.last:
        short.states.update(met)
    return Listing(first, end, [_joined(parts) for parts in items]) if items else None


def _trailing(doc: _Document, markdown: bool) -> Listing | None:
    """The document's trailing numbered run: the last list opened by a ``1.`` line that
    runs to the document's last line. A list ends at a heading (or a Markdown heading or
    div) that is not a running head for it, so a ``1.`` line before such a line is not
    scanned at all; nor is any when the last line is one every list skips."""
    lines, heads = doc.lines, doc.heads
    starts = [i for i, line in enumerate(lines) if (n := _number(line.strip())) and n[0] == 1]
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), -1)
    if not starts or last < 0:
        return None
    tail = lines[last].strip()
    if _PAGE_FOOTER.fullmatch(tail) or not _LABELS.sub("", tail).strip():
        return None  # skipped by every list: none ends at the last line
    tail_head = heads.first.get(_shape(tail))
    always = -1  # the last line every list ends at
    sometimes: list[tuple[int, int]] = []  # (its first line as a head, line): lists ending there
    for index, line in enumerate(lines):
        stripped = line.strip()
        if is_heading(stripped) or (markdown and stripped.startswith(("#", ":::"))):
            head = heads.first.get(_shape(stripped))
            if head is None:
                always = index
            else:
                sometimes.append((head, index))
    sometimes.sort(reverse=True)
    taken, barrier = 0, always
    # a scan meeting a state of another that ended short ends short (one scan per ``1.``
    # line each to the end was quadratic: 2,000 items and a stray page number, 10.6 s)
    short = _Short(last, set()) if not heads.first else None
    for start in reversed(starts):
        while taken < len(sometimes) and sometimes[taken][0] >= start:
            barrier = max(barrier, sometimes[taken][1])  # not a running head from here on
            taken += 1
        if tail_head is not None and tail_head < start:
            continue  # the last line is a running head of this list: skipped
        found = _items(doc, start, markdown, barrier, short)
        if found is not None and found.end > last:
            return found
    return None


def find_listing(lines: list[str], *, markdown: bool = False) -> Listing | None:
    """The printed reference list of a document given as lines (Word: paragraphs). Linear
    in the lines but for one list's scan (issue 22)."""
    doc = _Document.of(lines)
    heading_after = False  # whether a heading is at or after the line looked at
    for index in range(len(lines) - 1, -1, -1):
        heading = is_heading(lines[index].strip())
        heading_after = heading_after or heading
        run_in = _run_in(lines[index].strip())
        if run_in is not None and not heading_after:
            return Listing(index, index + 1, run_in)
        if heading:
            found = _items(doc, index + 1, markdown)
            if found is not None:
                return found
    return _trailing(doc, markdown)


def html_lines(text: str) -> list[HTMLLine]:  # noqa: PLR0912, PLR0915 - one scanner
    """An HTML document as the lines a browser shows: block elements break lines,
    ``<li>`` in an ``<ol>`` gets its number (``start`` honoured) unless its text starts
    with one, inline markup is dropped and entities decoded. Each line keeps the span
    of its source text. One pass, linear in the document."""
    out: list[HTMLLine] = []
    parts: list[str] = []
    start = end = -1
    lists: list[list[int]] = []  # per open list: [is ordered, next number]
    pending = ""

    def flush() -> None:
        nonlocal parts, start, end, pending
        line = html.unescape("".join(parts))
        line = re.sub(r"[ \t\r\n\u00a0]+", " ", line).strip()
        if line:
            if pending and not re.match(r"\[?\d{1,3}[.)\]]", line):
                line = f"{pending} {line}"
            out.append(HTMLLine(line, start, end))
            pending = ""
        parts, start, end = [], -1, -1

    position = 0
    lowered = text.lower()
    for match in _TAG.finditer(text):
        if match.start() < position:
            continue  # inside a comment, script or style already skipped
        if match.start() > position:
            chunk = text[position : match.start()]
            if chunk.strip():
                start = position if start < 0 else start
                end = match.start()
            parts.append(chunk)
        position = match.end()
        if match.group(0) == "<!--":
            close = text.find("-->", match.end())
            position = len(text) if close < 0 else close + 3
            continue
        name = (match.group("name") or "").lower()
        if name in {"script", "style"} and not match.group("close"):
            close = lowered.find(f"</{name}", match.end())
            position = len(text) if close < 0 else close
            continue
        if name not in _BLOCK:
            continue
        flush()
        if name in {"ol", "ul"}:
            if match.group("close"):
                if lists:
                    lists.pop()
            else:
                first = re.search(r"\bstart\s*=\s*[\"']?(\d{1,3})", match.group(0))
                lists.append([name == "ol", int(first.group(1)) if first else 1])
        elif name == "li" and not match.group("close") and lists and lists[-1][0]:
            pending = f"{lists[-1][1]}."
            lists[-1][1] += 1
    if position < len(text):
        chunk = text[position:]
        if chunk.strip():
            start = position if start < 0 else start
            end = len(text)
        parts.append(chunk)
    flush()
    return out
