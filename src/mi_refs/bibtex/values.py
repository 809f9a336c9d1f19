"""BibTeX field values: delimiters, ``@string`` macros and ``#`` concatenation.

bibtexparser's splitter hands over each value as written (``{...}``, ``"..."``, a bare
number, a macro name, or pieces joined by ``#``). Its own middlewares resolve a value that
is one macro, but not a concatenation, and accept text after a closing brace silently;
this module evaluates the whole expression and says precisely what is wrong with a value
it cannot read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mi_refs.bibtex.normalize import MONTHS

__all__ = [
    "MACRO_FILE_BUDGET",
    "MACRO_VALUE_LIMIT",
    "MONTH_MACROS",
    "ValueSyntaxError",
    "resolve_value",
]

MONTH_MACROS: Mapping[str, str] = {name[:3].lower(): name for name in MONTHS}

MACRO_VALUE_LIMIT = 100_000
"""At most this many characters that ``@string`` macros add to one value (its text
once expanded, less the text as written): a few macros that double each other would
otherwise expand an 889-byte file to gigabytes."""

MACRO_FILE_BUDGET = 10_000_000
"""At most this many characters (plus ten per character of the file) that macros add
to a whole file: a value under :data:`MACRO_VALUE_LIMIT` used in every field must not
multiply either."""


@dataclass(frozen=True, slots=True)
class ValueSyntaxError:
    """Why a field value could not be read.

    When a complete value is followed by more text (usually a missing comma before the
    next field, ``title = {x} year = 2020``), ``value`` is the text read so far and
    ``rest`` the text after it, so the caller can recover both. ``macro`` names the
    macro that took a value over its limit of expansion.
    """

    message: str
    value: str | None = None
    rest: str | None = None
    macro: str | None = None


def _take_braced(text: str, start: int) -> int:
    """Index just past the brace group opening at ``start``, or -1 if it never closes.

    Braces count whether or not a backslash precedes them, as in BibTeX itself.
    """
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


def _take_quoted(text: str, start: int) -> int:
    """Index just past the ``"..."`` opening at ``start`` (braces may hide quotes)."""
    depth = 0
    for index in range(start + 1, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return index + 1
    return -1


def _read_piece(
    text: str, index: int, macros: Mapping[str, str], undefined: list[str]
) -> tuple[str, int, bool] | ValueSyntaxError:
    """Read one piece of a value expression at ``index``: its text and where it ends."""
    char = text[index]
    if char == "{":
        end = _take_braced(text, index)
        if end < 0:
            return ValueSyntaxError("unbalanced braces in the value")
        return text[index + 1 : end - 1], end, False
    if char == '"':
        end = _take_quoted(text, index)
        if end < 0:
            return ValueSyntaxError("unterminated quoted value")
        return text[index + 1 : end - 1], end, False
    end = index
    while end < len(text) and not text[end].isspace() and text[end] not in '#{}"':
        end += 1
    if end == index:
        return ValueSyntaxError(f"unexpected {char!r} in the value")
    word = text[index:end]
    lower = word.lower()
    if word.isdigit():
        return word, end, False
    if lower in macros:
        return macros[lower], end, True
    if lower in MONTH_MACROS:
        return MONTH_MACROS[lower], end, False
    undefined.append(word)
    return word, end, False


def resolve_value(
    raw: str, macros: Mapping[str, str], limit: int = MACRO_VALUE_LIMIT
) -> tuple[str, list[str]] | ValueSyntaxError:
    """Evaluate a value expression: the text, plus the names of undefined macros met.

    ``macros`` maps lower-case ``@string`` names to their resolved text; the month macros
    (``jan`` ... ``dec``) are known without it. An undefined macro stands for its own name
    (and is returned in the list so the caller can report it). A value whose macros add
    more than ``limit`` characters to it is refused (a :class:`ValueSyntaxError` naming
    the macro that went over, with no value), before it is built.
    """
    text = raw.strip()
    if text.startswith("{") and text.endswith("}"):
        inner = text[1:-1]
        # The common case: one braced value (checked cheaply when it has no inner braces).
        if ("{" not in inner and "}" not in inner) or _take_braced(text, 0) == len(text):
            return inner, []
    pieces: list[str] = []
    undefined: list[str] = []
    index = 0
    length = 0
    expect_piece = True
    while index < len(text):
        if text[index].isspace():
            index += 1
        elif not expect_piece:
            if text[index] != "#":
                return ValueSyntaxError(
                    f"unexpected text after the value: {text[index:]!r}",
                    value="".join(pieces),
                    rest=text[index:],
                )
            expect_piece = True
            index += 1
        else:
            piece = _read_piece(text, index, macros, undefined)
            if isinstance(piece, ValueSyntaxError):
                return piece
            length += len(piece[0])
            if piece[2] and length - len(text) > limit:
                name = text[index : piece[1]]
                return ValueSyntaxError(
                    f"its @string macros add more than {limit:,} characters (at macro {name!r})",
                    macro=name,
                )
            pieces.append(piece[0])
            index = piece[1]
            expect_piece = False
    if expect_piece:
        return ValueSyntaxError("empty value" if not pieces else "a value ends with '#'")
    return "".join(pieces), undefined
