"""One citation cluster, said once: written (``1,3-5,7(p2)``), marked up as a superscript
(``^1^``, ``<sup>1</sup>``, ``¹``), read back with what is wrong with it, and the one test
of whether a printed superscript is a citation at all (Word, HTML, Markdown and text
alike). Pure functions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import quoteattr

from mi_refs.citations import format_cluster

__all__ = [
    "DASH_NAMES",
    "WORDS_PROBLEM",
    "Cluster",
    "Item",
    "Markup",
    "cluster_items",
    "format_items",
    "format_numbers",
    "from_unicode",
    "introduced",
    "is_citation",
    "mark",
    "parse_cluster",
    "to_unicode",
]

Markup = Literal["pandoc", "html", "unicode"]

# The one table of Unicode superscript characters a cluster is printed with in plain text.
_PLAIN = "0123456789-,()p"
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒⁽⁾ᵖ"
_TO_UNICODE = str.maketrans(_PLAIN, _SUPERSCRIPT)
_FROM_UNICODE = str.maketrans(_SUPERSCRIPT, _PLAIN)
SUPERSCRIPT_CHARS = _SUPERSCRIPT
WORDS_PROBLEM = "it holds words"  # how a cluster's problem list says it holds words

DASH_NAMES = {
    "-": "a hyphen",
    "‐": "a Unicode hyphen (U+2010)",
    "‑": "a non-breaking hyphen (U+2011)",
    "‒": "a figure dash",
    "–": "an en dash",
    "—": "an em dash",
    "−": "a minus sign",
}
_DASHES = re.escape("".join(DASH_NAMES))  # for a character class


_NUMERIC = re.compile(r"\((?:pp?)?[\d,\-]*\)|[\d,\-]+")


def to_unicode(text: str) -> str:
    """``1,3-5`` as Unicode superscript characters: ``¹˒³⁻⁵``; only numbers, commas,
    hyphens and page locators have them (``see 1`` is ``see ¹``)."""
    return _NUMERIC.sub(lambda match: match.group(0).translate(_TO_UNICODE), text)


def from_unicode(text: str) -> str:
    """Unicode superscript characters as their plain forms: ``⁴⁻¹⁵`` is ``4-15``."""
    return text.translate(_FROM_UNICODE).strip()


# --- writing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One cited number in a cluster: its locator as AMA prints it (``p4``, ``pp3-5``),
    and the prefix and suffix text the writer gave it (``see``, ``and elsewhere``)."""

    number: int
    locator: str = ""
    prefix: str = ""
    suffix: str = ""

    @property
    def plain(self) -> bool:
        return not (self.locator or self.prefix or self.suffix)


format_numbers = format_cluster
"""Numbers ascending, commas without spaces, a hyphen for a run of three or more:
``1,3-5`` (:func:`mi_refs.citations.format_cluster`, which the reference list's numbering
shares)."""


def _item_text(item: Item) -> str:
    text = str(item.number)
    if item.locator:
        text += f"({item.locator})"
    if item.prefix:
        text = f"{item.prefix} {text}"
    text += item.suffix  # with its separator: ", and elsewhere", " and passim"
    return text


def format_items(items: Sequence[Item], *, sort: bool = True) -> str:
    """A cluster: plain numbers as :func:`format_numbers` writes them, a located number
    as ``7(p2)``, prefix and suffix text around their number (``see 1(p4)``), all in
    ascending order: ``1,3-5,7(p2)``. A number cited twice without a locator once.

    >>> format_items([Item(7, "p2"), Item(1), Item(4), Item(3), Item(5)])
    '1,3-5,7(p2)'
    """
    ordered = sorted(items, key=lambda item: item.number) if sort else list(items)
    out: list[str] = []
    run: list[int] = []
    seen: set[Item] = set()
    for item in ordered:
        if item in seen:
            continue
        seen.add(item)
        if item.plain:
            run.append(item.number)
            continue
        if run:
            out.append(format_numbers(run))
            run = []
        out.append(_item_text(item))
    if run:
        out.append(format_numbers(run))
    return ",".join(out)


def mark(text: str, how: Markup, target: str | None = None) -> str:
    """A cluster as a superscript: ``^1^`` (pandoc; spaces escaped), ``<sup>1</sup>``, or
    Unicode superscript characters (``¹``; what has none stays as it is). ``target``
    (HTML only): the key of the list item the superscript links to
    (``<sup><a href="#ref-KEY">1</a></sup>``; the list's items have ``id="ref-KEY"``)."""
    if how == "html":
        if target is not None:
            return f"<sup><a href={quoteattr('#ref-' + target)}>{text}</a></sup>"
        return f"<sup>{text}</sup>"
    if how == "unicode":
        return to_unicode(text)
    escaped = re.sub(r"([\\^~ ])", r"\\\1", text)
    return f"^{escaped}^"


# --- placement ----------------------------------------------------------------------------

# Words after which a citation is the object of the sentence ("see also^1,2^.", "as
# described in^3^."), not a claim's support: the superscript stays on them and the
# sentence's punctuation stays after it. Prepositions, "see"/"cf"/"compare", and the nouns
# that name a reading ("for comparison", "for details").
INTRODUCERS = frozenset({
    "see", "also", "cf", "compare", "e.g", "eg", "i.e", "ie", "viz", "in", "by", "from",
    "of", "to", "with", "per", "and", "or", "versus", "vs", "including", "reviewed",
    "review", "reading", "comparison", "example", "examples", "details", "discussion",
    "reference", "references", "ref", "refs", "via", "under", "on", "at", "after", "than",
    "like", "within",
})  # fmt: skip
_LAST_WORD = re.compile(r"[^\W\d_][\w.]*$")


def introduced(before: str, after: str = "") -> bool:
    """Whether the words before a citation introduce it (it is what they name), so that
    it stays on them and a following period or comma stays after it: ``see also^1,2^.``,
    ``described in^3^.``, ``Further reading:^5^.`` (a colon with nothing after the
    citation but punctuation: at the end of a line, ``study:^3^`` introduces what
    follows). ``before`` is the text up to the superscript, ``after`` the text after it.

    >>> introduced("as reviewed in"), introduced("outcomes"), introduced("reading:", ".")
    (True, False, True)
    """
    stripped = before.rstrip(" \t\u00a0*_")
    if stripped.endswith(":"):
        following = after.lstrip(" \t\u00a0*_")
        return following[:1] in tuple(".,;!?)")
    match = _LAST_WORD.search(stripped[-60:])
    return match is not None and match.group(0).rstrip(".").lower() in INTRODUCERS


# --- reading -------------------------------------------------------------------------------

_ITEM = r"\d+(?:\s*\((?:[^()\n]|\([^()\n]{0,20}\)){1,60}\))?"  # a locator: one level of (...)
_STRICT = re.compile(rf"\s*{_ITEM}(?:\s*[,;{_DASHES}]\s*{_ITEM})*\s*")
# A cluster with words in it: "see 1(p4)", "1,2(p30),see also 3", "1 and elsewhere".
_WORDY_PART = re.compile(
    rf"\s*(?:[^\W\d][^,;\d]*\s)?{_ITEM}(?:\s*[{_DASHES}]\s*{_ITEM})?(?:[\s][^,;]*)?\s*|\s*[^\W\d][^,;\d]*"
)
_TOKEN = re.compile(
    rf"(?P<number>\d+)(?:(?P<gap>\s*)\((?P<locator>(?:[^()\n]|\([^()\n]*\))*)\))?|(?!(?<=\s)\s)\s*(?P<sep>[,;{_DASHES}])\s*"
)  # a separator is not looked for inside a run of spaces: linear
_AREA_UNIT = re.compile(r"(?:^|[^\w])(?:[cmdkµμn]?m|ft)$")  # m², mm³, cm², µm², ft²
_NOT_AFTER = "⁺⁼ⁿⁱ"  # Ca²⁺, x²ⁿ: chemistry and mathematics, not citations


def _wordy(plain: str) -> bool:
    """A superscript that holds words around citation numbers (``see 1``)."""
    parts = re.split(r"[,;]", plain)
    if not any(re.match(rf"\s*(?:[^\W\d][^,;\d]*\s)?{_ITEM}", part) for part in parts):
        return False
    if not re.search(r"[^\W\d_]{2}", plain) or " " not in plain.strip():
        return False
    return all(_WORDY_PART.fullmatch(part) for part in parts)


def is_citation(text: str, before: str = "", after: str = "") -> bool:
    """Whether a superscript reads as a citation cluster (``4-15``, ``3,20``, ``1(p4)``,
    ``1;3``; also one with words, ``see 1``, which the checks report as malformed), given
    up to a few characters of the text ``before`` and ``after`` it. The one test for
    every format.

    >>> is_citation("3,20"), is_citation("th"), is_citation("9", before="30x10")
    (True, False, False)
    """
    plain = from_unicode(text)
    if not plain:
        return False
    if not _STRICT.fullmatch(plain) and not _wordy(plain):
        return False
    tight = before.rstrip(" \t\u00a0")
    if before[-1:].isdigit():  # 10^9^, x10⁹: an exponent
        return False
    if re.fullmatch(r"\d+", plain) and _AREA_UNIT.search(tight):  # m^2^, mm³
        return False
    if (not before or before[-1] in " \t([/-") and after[:1].isalpha() and after[:1].isupper():
        return False  # ^18^F-FDG, ^125^I: an isotope (a citation follows a word or a mark)
    return not after or after[0] not in _NOT_AFTER


@dataclass(frozen=True, slots=True)
class Cluster:
    """A superscript read as numbers: ``numbers`` ascending and unique (for the order
    checks), ``problems`` with how it is written, ``form`` the AMA form of its numbers."""

    numbers: tuple[int, ...]
    problems: tuple[str, ...]
    form: str


_Piece = tuple[int, int, str]  # first and last number of a run (equal for one), locator


def join_words(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _run_problems(first: int, last: int, dash: str) -> list[str]:
    run = f"{first}{dash}{last}"
    problems = [f"{DASH_NAMES[dash]} joins the run {run} (use a hyphen)"] if dash != "-" else []
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
            dash = separator if separator in DASH_NAMES else None
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


def _without_locators(text: str) -> str:
    """The text without its parenthesised locators (one level of nesting: ``(p(iv))``)."""
    return re.sub(r"\([^()]*\)", "", re.sub(r"\([^()]*\)", "", text))


_WORD = re.compile(r"[^\W\d_]+")
# [,;] with the spaces around it; not entered inside a run of spaces (linear, not quadratic)
_SEPARATOR = re.compile(r"(?!(?<=\s)\s)\s*([,;])\s*")


def _without_words(text: str) -> str:
    """Words outside parentheses as a space: what ``[^\\W\\d_]+(?![^()]*\\))`` replaced,
    with the next parenthesis after each position found in one backward pass (the
    lookahead re-scanned the rest of the text from every letter)."""
    closing = [False] * (len(text) + 1)  # whether the next parenthesis is ")"
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        closing[index] = char == ")" if char in "()" else closing[index + 1]
    return _WORD.sub(lambda word: word.group(0) if closing[word.end()] else " ", text)


def _numbers_only(text: str) -> tuple[str, list[str]]:
    """A printed cluster in plain characters without the words it holds, and the words."""
    written = from_unicode(text)
    words = re.findall(r"[^\W\d_][^\W\d_]+", _without_locators(written))
    if words:
        written = _without_words(written)
        written = _SEPARATOR.sub(r"\1", written).strip(" ,;")
    return written, words


def cluster_items(text: str) -> tuple[Item, ...]:
    """Every number a printed cluster cites, in written order, runs expanded, each with
    its locator: ``3,20`` gives 3 and 20, ``4-15`` twelve items, ``1(p4)`` one item with
    locator ``p4``."""
    pieces, _, _ = _pieces(_numbers_only(text)[0])
    return tuple(
        Item(number, locator)
        for first, last, locator in pieces
        for number in range(min(first, last), max(first, last) + 1)
    )


def parse_cluster(text: str) -> Cluster:
    """The numbers of a cluster and what is wrong with how it is written.

    >>> parse_cluster("4–15").problems
    ('an en dash joins the run 4–15 (use a hyphen)',)
    >>> parse_cluster("1,2,3").form
    '1-3'
    """
    written, words = _numbers_only(text)
    problems: list[str] = []
    if words:
        problems.append(
            f"{WORDS_PROBLEM} ({' '.join(words)}): a superscript holds only citation numbers"
        )
    pieces, separators, run_problems = _pieces(written)
    problems += run_problems
    bare = _without_locators(written)
    if not words and re.search(r"\s", bare):  # spaces inside a locator are fine
        problems.append("it has spaces (commas go without spaces)")
    if ";" in separators:
        problems.append("it separates numbers with semicolons (use commas)")
    firsts = [first for first, _, _ in pieces]
    if any(b < a for a, b in itertools.pairwise(firsts)):
        problems.append("its numbers are not in ascending order")
    items: list[Item] = []
    plain: list[int] = []
    located: list[tuple[int, str]] = []
    for first, last, locator in pieces:
        span = range(min(first, last), max(first, last) + 1)
        if locator:
            located += [(number, locator) for number in span]
        else:
            plain += span
        items += [Item(number, locator) for number in span]
    repeated = {n for n in plain if plain.count(n) > 1}
    repeated |= {n for n, c in located if located.count((n, c)) > 1}
    if repeated:
        problems.append(f"it cites {join_words([str(n) for n in sorted(repeated)])} more than once")
    form = format_items(items)
    if not problems and form != written:
        runs = [part for part in form.split(",") if "-" in part and "(" not in part]
        loose = [run for run in runs if (*map(int, run.split("-")), "") not in pieces]
        if loose:
            problems.append(
                "consecutive numbers are written out instead of as "
                f"{'a run' if len(loose) == 1 else 'runs'} ({join_words(loose)})"
            )
        else:
            problems.append("it is not in the AMA form")
    numbers = tuple(sorted(set(plain) | {n for n, _ in located}))
    return Cluster(numbers, tuple(problems), form)
