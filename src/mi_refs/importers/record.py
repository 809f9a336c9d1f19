"""What every importer returns: :class:`ImportedRecord` (an entry type and BibTeX fields
as Unicode text, with where it came from and which fields had no BibTeX place), and the
small helpers the readers share (names, loose dates, keeping unplaced fields)."""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mi_refs.bibtex.normalize import parse_month

__all__ = [
    "FieldSet",
    "ImportedRecord",
    "JsonItems",
    "bibtex_name",
    "join_names",
    "let_go",
    "load_json",
    "loose_date",
]


@dataclass(frozen=True, slots=True)
class ImportedRecord:
    """One reference read from a foreign file, not yet an entry of a .bib.

    ``fields`` are BibTeX field names (lower case) with Unicode values, in the order the
    reader set them; ``kept`` names the fields that hold data BibTeX has no place for
    (``x-<tag>``, ``keywords``, ``abstract``...), ``dropped`` the export metadata left out
    on purpose (an exporter's library path, record numbers); ``source`` says where the
    record is (``refs.ris: record 3``)."""

    entry_type: str
    fields: tuple[tuple[str, str], ...]
    source: str
    kept: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()

    def get(self, name: str) -> str:
        for key, value in self.fields:
            if key == name:
                return value
        return ""


@dataclass(slots=True)
class FieldSet:
    """Fields being gathered for one record: the first value of a field wins, a second
    different value is kept in ``x-<field>``, and every field set through :meth:`keep`
    is remembered for the report."""

    values: dict[str, str] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def set(self, name: str, value: str | None) -> None:
        text = " ".join(value.split()) if type(value) is str else _clean(value)  # _clean's
        if not text:
            return
        current = self.values.get(name)
        if current is None:
            self.values[name] = text
        elif current != text:
            self.keep(name if name.startswith("x-") else f"x-{name}", text)

    def keep(self, name: str, value: str | None, sep: str = "; ") -> None:
        """A value without a BibTeX place of its own, kept in the field ``name``."""
        text = " ".join(value.split()) if type(value) is str else _clean(value)  # _clean's
        if not text:
            return
        current = self.values.get(name)
        if current is None:
            self.values[name] = text
        elif text not in current.split(sep):
            self.values[name] = current + sep + text
        if name not in self.kept:
            self.kept.append(name)

    def drop(self, name: str) -> None:
        if name not in self.dropped:
            self.dropped.append(name)

    def record(self, entry_type: str, source: str) -> ImportedRecord:
        return ImportedRecord(
            entry_type,
            tuple(self.values.items()),
            source,
            tuple(self.kept),
            tuple(self.dropped),
        )


def _clean(value: str | None) -> str:
    """``value`` as text, its runs of whitespace one space, none at either end."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def bibtex_name(family: str, given: str = "", suffix: str = "", particle: str = "") -> str:
    """One name in BibTeX's ``von Last, Jr, First`` form; a name with only a family part
    that reads as an organisation is braced (``{World Health Organization}``)."""
    family = " ".join(family.split()) if type(family) is str else _clean(family)  # _clean's
    given = " ".join(given.split()) if type(given) is str else _clean(given)
    suffix = _clean(suffix) if suffix != "" else ""  # most names have neither
    particle = _clean(particle) if particle != "" else ""
    if not family:
        return given
    last = f"{particle} {family}" if particle else family
    if "," in last or (not given and " " in family):
        last = "{" + last.replace("{", "").replace("}", "") + "}"
    if suffix:
        return f"{last}, {suffix}, {given}"
    return f"{last}, {given}" if given else last


def literal_name(name: str) -> str:
    """An organisation or a name that must not be split: ``{Name}``."""
    text = _clean(name).replace("{", "").replace("}", "")
    return "{" + text + "}" if text else ""


def join_names(names: Iterable[str]) -> str:
    return " and ".join(name for name in names if name)


_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|21\d\d)(?!\d)")
_WORD_MONTH = re.compile(r"[A-Za-z]{3,}")


def loose_date(text: str) -> tuple[str, int | None, int | None]:
    """Year, month, day from the dates exporters write: ``2018/03/01/``, ``2018-03-01``,
    ``1996 Nov 15``, ``1998 Nov``, ``05 01, 2018`` (Zotero's month day, year), ``03 2018``,
    ``Jun``. The year is ``""`` when there is none."""
    text = _clean(text)
    found = _YEAR.search(text)
    year = found.group(1) if found else ""
    rest = (text[: found.start()] + " " + text[found.end() :]) if found else text
    month: int | None = None
    day: int | None = None
    words = _WORD_MONTH.findall(rest)
    for word in words:
        month = parse_month(word[:3])
        if month is not None:
            break
    numbers = [int(number) for number in re.findall(r"\d+", rest)]
    iso_like = found is not None and found.start() == 0
    if month is None and numbers:
        if iso_like or len(numbers) == 1:  # 2018/03/01, 2018-03, 03 2018
            month, numbers = numbers[0], numbers[1:]
        else:  # "05 01, 2018": month day, year
            month, numbers = numbers[0], numbers[1:]
    if numbers:
        day = numbers[0]
    if month is not None and not 1 <= month <= 12:
        month, day = None, None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day


def set_date(fields: FieldSet, text: str, *, original: str = "x-date") -> None:
    """``year``, ``month`` and ``day`` from a loose date; what cannot be read is kept."""
    year, month, day = loose_date(text)
    if not year:
        fields.keep(original, text)
        return
    fields.set("year", year)
    if month is not None:
        fields.set("month", str(month))
        if day is not None:
            fields.set("day", str(day))


def load_json(text: str) -> tuple[Any, str, int | None]:
    """The data of a JSON text, or ``None``, why it cannot be read and on which line.

    Besides malformed JSON, two valid texts are refused in plain words instead of ending
    in an internal error: nesting deeper than the reader can follow (200,000 ``[``) and
    an integer too long to convert (5,000 digits; Python refuses more than 4,300)."""
    try:
        return json.loads(text), "", None
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc}", exc.lineno
    except RecursionError:
        return None, "not readable: its JSON is nested too deeply", None
    except ValueError:  # int("9" * 5000): "Exceeds the limit (4300 digits)..."
        return None, "not readable: a number in its JSON has more than 4,300 digits", None


_JSON_SPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace (json.decoder's WHITESPACE)
_DECODER = json.JSONDecoder()


class JsonItems:
    """The items of a JSON text that is an array (when ``array``), or an object with one
    ``"items"`` array, decoded one item at a time as they are iterated (a 200,000-item
    file was held whole as Python objects, several times the size of its text).

    For any other text (another shape, a second ``"items"``, malformed JSON, nesting too
    deep, a huge number) the iteration stops, possibly after some items, and ``refused``
    is true: the caller then discards what it read and reads the text with
    :func:`load_json`, which gives the same items or says why it cannot, as before."""

    def __init__(self, text: str, *, array: bool = True) -> None:
        self.text = text
        self.array = array
        self.refused = False

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._items()
        except (ValueError, RecursionError):  # json.JSONDecodeError is a ValueError
            self.refused = True

    def _items(self) -> Iterator[Any]:
        text = self.text
        start = _skip(text, 0)
        if self.array and text.startswith("[", start):
            end = yield from _array(text, start)
        elif text.startswith("{", start):
            end = yield from _items_member(text, start)
        else:
            raise ValueError("not an array or an object")
        if _skip(text, end) != len(text):
            raise ValueError("extra data")


def let_go(items: list[Any]) -> Iterator[Any]:
    """The items of a list one at a time, each let go by the list as it is given."""
    for number, item in enumerate(items):
        items[number] = None
        yield item


def _skip(text: str, at: int) -> int:
    """The index of the first character from ``at`` that is not JSON's whitespace."""
    found = _JSON_SPACE.match(text, at)
    return found.end() if found else at


def _decode(text: str, at: int) -> tuple[Any, int]:
    return _DECODER.raw_decode(text, at)


def _array(text: str, at: int) -> Generator[Any, None, int]:
    """The items of the array at ``text[at]`` (a ``[``); returns the index after it."""
    at = _skip(text, at + 1)
    if text.startswith("]", at):
        return at + 1
    while True:
        item, at = _decode(text, at)
        yield item
        del item
        at = _skip(text, at)
        if text.startswith("]", at):
            return at + 1
        if not text.startswith(",", at):
            raise ValueError("a separator expected")
        at = _skip(text, at + 1)


def _items_member(text: str, at: int) -> Generator[Any, None, int]:
    """The items of the ``"items"`` array of the object at ``text[at]`` (a ``{``), the
    other members decoded and let go; returns the index after the object."""
    found = False
    at = _skip(text, at + 1)
    while True:
        if not text.startswith('"', at):
            raise ValueError("a name expected")  # {}, a trailing comma, malformed
        name, at = _decode(text, at)
        at = _skip(text, at)
        if not text.startswith(":", at):
            raise ValueError("a separator expected")
        at = _skip(text, at + 1)
        if name == "items":
            if found or not text.startswith("[", at):
                raise ValueError("items again, or not an array")  # the last counts
            found = True
            at = yield from _array(text, at)
        else:
            _, at = _decode(text, at)
        at = _skip(text, at)
        if text.startswith("}", at):
            if not found:
                raise ValueError("a separator expected")
            return at + 1
        if not text.startswith(",", at):
            raise ValueError("a separator expected")
        at = _skip(text, at + 1)
