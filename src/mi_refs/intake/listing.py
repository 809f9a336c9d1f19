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
_RUN_IN = re.compile(
    r"[ \t]*(?:[*_]{1,3})?(?:" + _WORDS + r")[ \t]*:[ \t]*(?:[*_]{1,3})?[ \t]*(?=\[?1\b)",
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


def _joined(lines: list[str]) -> str:
    """An item's lines as one text: a URL broken at a line end is joined without a space
    (``https://example.org/a-`` + ``b.pdf``), other lines with one."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        url = _URL_END.search(previous[-2100:]) if previous else None
        if url is not None and (
            previous.endswith(("/", "-", "_", "=", "&", "?", "#"))
            or ((rest := _URL_REST.match(line)) is not None and re.search(r"[/.]", rest.group(0)))
        ):
            out[-1] = previous + line
        elif re.search(r"[a-z]-$", previous) and line[:1].islower():
            # a word broken at the line end: ``Nurs-`` + ``ing`` is ``Nursing``; else the
            # hyphen is the word's own (``placebo-`` + ``controlled``) and stays
            suffix = _SUFFIX_WORD.match(line) is not None
            out[-1] = (previous[:-1] if suffix else previous) + line
        elif line:
            out.append(line)
    return " ".join(out).strip()


def _running_heads(lines: list[str], start: int) -> set[str]:
    """The running headers and footers of a document copied from pages (PDF to text): a
    line printed again on later pages (its numbers aside) and seen before the list too,
    such as ``ESC Guidelines 3919`` or ``Smith et al. BMC Med (2020) 18:12 Page 9 of 11``.
    Numbered lines are never heads."""
    seen: dict[str, int] = {}
    before: set[str] = set()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if len(stripped) < 8 or _number(stripped) is not None:
            continue
        shape = _DIGITS.sub("#", " ".join(stripped.split()))
        seen[shape] = seen.get(shape, 0) + 1
        if index < start:
            before.add(shape)
    # a page number in it (``#``), or printed on three pages or more: a line that merely
    # repeats (a journal's name on its own line) is not taken for one
    return {
        shape
        for shape, count in seen.items()
        if shape in before and (count >= 3 or (count >= 2 and "#" in shape))
    }


def _is_furniture(stripped: str, heads: set[str]) -> bool:
    """A page's furniture inside a list: a footer (``Page 3 of 4``, ``- 3 -``,
    ``Downloaded from ...``) or a running head."""
    if _PAGE_FOOTER.fullmatch(stripped):
        return True
    return bool(heads) and _DIGITS.sub("#", " ".join(stripped.split())) in heads


def _ahead(lines: list[str], index: int) -> bool:
    """Whether a numbered line follows within the next three lines."""
    return any(_number(line.strip()) is not None for line in lines[index + 1 : index + 4])


def _items(lines: list[str], start: int, markdown: bool) -> Listing | None:
    items: list[list[str]] = []  # each item's lines, joined once at the end
    first = end = -1
    continued = False  # whether any item ran over more than one line
    blank = False
    heads = _running_heads(lines, start)
    for index in range(start, len(lines)):
        line = lines[index]
        stripped = line.strip()
        if (
            not stripped
            or not _LABELS.sub("", stripped).strip()
            or _is_furniture(stripped, heads)
            or (  # a page number between two parts of the list (not ``2020;395:`` + ``1021``)
                items
                and _LONE_NUMBER.fullmatch(stripped)
                and int(stripped) != len(items) + 1
                and not re.search(r"(?:[:;,(\-–]|\bp\.|\bpp\.)$", items[-1][-1].rstrip())
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
    return Listing(first, end, [_joined(parts) for parts in items]) if items else None


def find_listing(lines: list[str], *, markdown: bool = False) -> Listing | None:
    """The printed reference list of a document given as lines (Word: paragraphs)."""
    for index in range(len(lines) - 1, -1, -1):
        run_in = _run_in(lines[index].strip())
        if run_in is not None and not any(is_heading(line.strip()) for line in lines[index:]):
            return Listing(index, index + 1, run_in)
        if is_heading(lines[index].strip()):
            found = _items(lines, index + 1, markdown)
            if found is not None:
                return found
    starts = [i for i, line in enumerate(lines) if (n := _number(line.strip())) and n[0] == 1]
    for start in reversed(starts):
        found = _items(lines, start, markdown)
        if found is not None and not any(line.strip() for line in lines[found.end :]):
            return found
    return None


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
