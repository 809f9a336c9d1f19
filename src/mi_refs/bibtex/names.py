"""BibTeX name lists to :class:`~mi_refs.model.Name` records.

pybtex's parser implements BibTeX's name rules (``Last, First``, ``First Last``,
``Last, Jr, First``, the lower-case von particles, ``{Braced Corporate Names}``); this
module only splits the list (pybtex's ``split_name_list``, which respects braces), decodes
LaTeX in each part, and recognises ``and others``.

The plainest and most common form, ``Surname, Given`` with no braces, backslashes or
lower-case words, is split on its comma directly: pybtex gives the same result for that
form (a property test pins it) at a fraction of the cost, which matters at 10,000 entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.exceptions import PybtexError

from mi_refs.bibtex.latex import normalize_space, to_unicode
from mi_refs.model import Name

__all__ = ["NameList", "format_name_bibtex", "parse_name", "parse_names", "read_names"]

# "Surname, Given Names": one comma, every word capitalised, nothing LaTeX.
_AND = re.compile(r"(?<!\s)\s+and\s+", flags=re.IGNORECASE)  # from a run's start: linear
_SPACED_AND = re.compile(" [Aa][Nn][Dd] ")  # _AND where every space is one space
_SIMPLE = re.compile(r"^([A-Z][^\s,{}\\~]*(?: [A-Z][^\s,{}\\~]*)*), ([A-Z][^,{}\\~]*)$")


# biblatex's extended name format: ``family=Wyse, given=D. G., prefix=van, useprefix=true``.
_EXTENDED = re.compile(r"^\s*(?:family|given|prefix|suffix|given-i|family-i)\s*=", re.IGNORECASE)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd", "4th"})


def _split_commas(text: str) -> list[str]:
    """The parts of ``text`` between commas outside braces."""
    if "{" not in text:  # the common case: no braces to respect
        return [part.strip() for part in text.split(",")]
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += (char == "{") - (char == "}")
        if char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts]


def _strip_braces(value: str) -> str:
    value = value.strip()
    while value.startswith("{") and value.endswith("}"):
        value = value[1:-1].strip()
    return value


def _extended_name(text: str) -> Name:
    parts: dict[str, str] = {}
    for piece in _split_commas(text):
        key, _, value = piece.partition("=")
        parts[key.strip().lower()] = _strip_braces(value)
    return Name(
        last=to_unicode(parts.get("family", "")),
        given=to_unicode(parts.get("given", "")),
        particle=to_unicode(parts.get("prefix", "")),
        suffix=to_unicode(parts.get("suffix", "")).rstrip("."),
    )


def suffix_after_given(raw: str) -> str | None:
    """``Smith, J. A., Jr.``: the name rewritten in BibTeX's order (``Smith, Jr., J. A.``)
    when the suffix was written after the given name, else ``None``."""
    if "," not in raw:
        return None
    parts = _split_commas(raw)
    if len(parts) != 3:
        return None
    last, middle, final = parts
    if final.lower() in _SUFFIXES and middle.lower() not in _SUFFIXES:
        return f"{last}, {final}, {middle}"
    return None


def _is_corporate(raw: str) -> bool:
    """``{World Health Organization}``: the whole name is one braced group."""
    text = raw.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += char == "{"
        depth -= char == "}"
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def _join(parts: list[str]) -> str:
    return to_unicode(" ".join(parts))


@lru_cache(maxsize=65536)
def parse_name(raw: str) -> Name:
    """One BibTeX name to a :class:`Name`."""
    text = normalize_space(raw)
    simple = _SIMPLE.match(text)
    if simple is not None:
        return Name(last=simple.group(1), given=simple.group(2))
    if _EXTENDED.match(text):
        return _extended_name(text)
    reordered = suffix_after_given(text)
    if reordered is not None:
        text = reordered
    if _is_corporate(text):
        return Name(last=to_unicode(text[1:-1]), corporate=True)
    person = Person(text)
    return Name(
        last=_join(person.last_names),
        given=_join(person.first_names + person.middle_names),
        particle=_join(person.prelast_names),
        suffix=_join(person.lineage_names).rstrip("."),
    )


def parse_names(value: str) -> tuple[tuple[Name, ...], bool, list[str]]:
    """A BibTeX name list (``A and B and others``) to its names, whether it ended with
    ``and others`` (the list was truncated by whoever wrote it), and the names BibTeX's
    rules cannot read (too many commas); those are kept, as written, as group names."""
    return _read_list(_split_list(value))


def _split_list(value: str) -> list[str]:
    """The names of a name list as written (pybtex's splitter tokenises the whole string
    to respect braces; without braces a split on the word "and" is the same and much
    cheaper)."""
    if "{" in value:
        braced: list[str] = split_name_list(value)
        return braced
    if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return _SPACED_AND.split(value)  # one space between words, none around: _AND's split
    return _AND.split(value.strip())


def _read_list(raws: list[str]) -> tuple[tuple[Name, ...], bool, list[str]]:
    if "others" not in "\0".join(raws).lower():  # no "and others" (lower: char by char)
        try:
            return tuple(map(parse_name, raws)), False, []  # every name readable
        except PybtexError:
            pass  # told name by name below
    names: list[Name] = []
    unreadable: list[str] = []
    truncated = False
    for raw in raws:
        if raw.strip().lower() == "others":
            truncated = True
            continue
        try:
            names.append(parse_name(raw))
        except PybtexError:
            unreadable.append(raw)
            names.append(Name(last=to_unicode(raw), corporate=True))
    return tuple(names), truncated, unreadable


@dataclass(frozen=True, slots=True)
class NameList:
    """A name list read, with what was odd about it (for the loader's warnings)."""

    names: tuple[Name, ...]
    truncated: bool
    unreadable: list[str] = field(default_factory=list)
    suffix_moved: list[str] = field(default_factory=list)


def read_names(value: str) -> NameList:
    """:func:`parse_names`, also naming the names whose suffix came after the given name
    (``Smith, J. A., Jr.``: read as ``Smith J. A. Jr``, with a warning)."""
    raws = _split_list(value)
    names, truncated, unreadable = _read_list(raws)
    moved: list[str] = []
    if value.count(",") >= 2:
        moved = [
            raw.strip()
            for raw in raws
            if raw.count(",") >= 2 and suffix_after_given(normalize_space(raw))
        ]  # a suffix after the given name takes two commas: the others are not read again
    return NameList(names, truncated, unreadable, moved)


def format_name_bibtex(name: Name) -> str:
    """A name as BibTeX ``Last, Jr, First``, braced where BibTeX would split it otherwise
    (a group name; a surname with spaces or starting lower case and no particle)."""
    if name.corporate:
        return f"{{{name.last}}}"
    last = name.last
    if " " in last or last[:1].islower():
        last = f"{{{last}}}"
    surname = f"{name.particle} {last}" if name.particle else last
    if surname and not name.suffix:  # most names: "Surname, Given"
        return f"{surname}, {name.given}" if name.given else surname
    return ", ".join(part for part in (surname, name.suffix, name.given) if part)
