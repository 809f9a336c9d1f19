"""LaTeX to Unicode, on load, for the fields that print or are checked.

Most fields of a real bibliography hold no LaTeX at all, so :func:`to_unicode` first looks
for any character that could start LaTeX markup (a backslash, a brace, ``$``, ``~`` or a
``--`` dash) and returns the value untouched when there is none: decoding costs nothing
where there is nothing to decode. Otherwise:

- text-style commands (``\\textit{}``, ``\\emph{}``...) are unwrapped;
- text symbols latexcodec leaves alone are replaced (``\\textless`` ``<``,
  ``\\textgreater`` ``>``, ``\\textmu`` ``µ``, ``\\textquotedblleft`` ``“``...);
- ``\\%``, ``\\$``, ``\\&``, ``\\#``, ``\\_`` are the characters; a bare ``%`` is a literal
  percent sign too (in a BibTeX value it starts no comment, so it must never cut a title);
- math (``$...$``): super- and subscripts become Unicode where every character has a
  super/subscript form (``$^+$`` ``⁺``, ``CO$_2$`` ``CO₂``, ``$^{125}$I`` ``¹²⁵I``),
  else the plain characters; Greek letters and symbols (``$\\alpha$``, ``$\\geq$``)
  through latexcodec;
- ``latexcodec`` decodes accents, symbols and dashes, and the braces that protect
  capitals are dropped.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

__all__ = ["has_latex", "normalize_space", "to_latex", "to_unicode"]

_LATEX_CHARS = re.compile(r"[\\{}~$]|--")
# Commands whose argument is kept as plain text: font changes carry no meaning once the
# text is stored as Unicode (a style decides what is italic).
_TEXT_COMMANDS = re.compile(
    r"\\(?:textit|textbf|textsc|textrm|textsf|texttt|textup|textnormal|textmd|textsl|"
    r"emph|mbox|url|text|mathrm|mathit|mathbf|mathsf|mathtt|mathcal|operatorname|"
    r"ensuremath|textsuperscript|textsubscript|NoCaseChange|nocase)\s*\{"
)
# ``{\it x}``, ``{\bf x}``, ``{\em x}``: old-style font switches.
_FONT_SWITCH = re.compile(
    r"\\(?:it|bf|em|sc|rm|sf|tt|sl|itshape|bfseries|upshape|scshape|normalfont)\b\s*"
)
_SYMBOLS = {
    "textless": "<",
    "textgreater": ">",
    "textmu": "µ",
    "textquotesingle": "'",
    "textquotedblleft": "\N{LEFT DOUBLE QUOTATION MARK}",
    "textquotedblright": "\N{RIGHT DOUBLE QUOTATION MARK}",
    "textquoteleft": "\N{LEFT SINGLE QUOTATION MARK}",
    "textquoteright": "\N{RIGHT SINGLE QUOTATION MARK}",
    "textunderscore": "_",
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciicircum": "^",
    "textasciitilde": "~",
    "textbar": "|",
    "textpm": "±",
    "texttimes": "×",
    "textdiv": "÷",
    "textminus": "\N{MINUS SIGN}",
    "textendash": "\N{EN DASH}",
    "textemdash": "\N{EM DASH}",
    "textbullet": "\N{BULLET}",
    "textperiodcentered": "·",
    "textdegree": "°",
    "textregistered": "®",
    "texttrademark": "™",
    "textcopyright": "©",
    "textsection": "§",
    "textellipsis": "\N{HORIZONTAL ELLIPSIS}",
    "ldots": "\N{HORIZONTAL ELLIPSIS}",
    "dots": "\N{HORIZONTAL ELLIPSIS}",
    "textalpha": "α",
    "textbeta": "β",
    "textgamma": "γ",
    "textkappa": "κ",
}
_SYMBOL = re.compile(
    r"\\(" + "|".join(sorted(_SYMBOLS, key=len, reverse=True)) + r")(?![A-Za-z])(?:\{\}|\s*)"
)
# Placeholders for escaped characters while the LaTeX decoder runs.
_ESCAPED = {
    "%": "\x02", "$": "\x03", "&": "\x04", "#": "\x05", "_": "\x06", "{": "\x00", "}": "\x01",
}  # fmt: skip
_ESCAPED_WORD = re.compile(r"\\\{([\w-]+)\\\}")
_ESCAPE = re.compile(r"\\([%$&#_{}])")
_STRAY_BACKSLASH = re.compile(r"\\(?=[^A-Za-z])")
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s*(?:\[[^\]]*\])?")
_CARON = re.compile(r"(\w?)\{?\\textasciicaron\s*\}?(\w?)")
_CARON_LETTERS = frozenset("cdenrstzCDENRSTZ")
# Accents latexcodec cannot compose (``\\u c``, ``\\v{g}``): the letter and a combining mark.
_ACCENT = re.compile(
    r"\\(?:([`'^\"~=.])\s*\{?([A-Za-z])\}?|([uvHckbdr])(?:\s*\{|\s+)([A-Za-z])\}?)"
)
_COMBINING = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "b": "\u0331", "d": "\u0323", "r": "\u030a",
}  # fmt: skip


def _accent(match: re.Match[str]) -> str:
    mark, letter = match.group(1) or match.group(3), match.group(2) or match.group(4)
    return unicodedata.normalize("NFC", letter + _COMBINING[mark])


def _caron(text: str) -> str:
    """``S{\\textasciicaron}ourek``, ``Ond{\\textasciicaron}rej`` (a spacing caron some
    exports write beside the letter): the caron goes on a capital before it, else on the
    letter after it when that letter takes one, else on the letter before."""

    def place(match: re.Match[str]) -> str:
        before, after = match.groups()
        if before.isupper() and before in _CARON_LETTERS:
            return unicodedata.normalize("NFC", before + "\u030c") + after
        if after in _CARON_LETTERS and after:
            return before + unicodedata.normalize("NFC", after + "\u030c")
        if before in _CARON_LETTERS and before:
            return unicodedata.normalize("NFC", before + "\u030c") + after
        return before + "\u02c7" + after

    return _CARON.sub(place, text)


_MATH_SPACE = re.compile(r"\\[,:;! ]")
_MATH = re.compile(r"\$([^$]*)\$")
_SCRIPT = re.compile(r"([\^_])(\{[^{}]*\}|\\[A-Za-z]+|.)")
_SUPER = str.maketrans("0123456789+-=()niab", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇ")
_SUB = str.maketrans("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ")
_SUPER_CHARS = frozenset("0123456789+-=()niab")
_SUB_CHARS = frozenset("0123456789+-=()aeoxhklmnpst")


def normalize_space(value: str) -> str:
    """Collapse runs of whitespace (line breaks inside a field) into one space, and strip."""
    return " ".join(value.split())


def has_latex(value: str) -> bool:
    """Whether ``value`` holds anything :func:`to_unicode` would change (besides spaces)."""
    # _LATEX_CHARS.search, by substring tests: an alternation is tried at every position
    # (18 us for an entry's 500 characters), a character is found by memchr
    return (
        "\\" in value
        or "{" in value
        or "}" in value
        or "~" in value
        or "$" in value
        or "--" in value
    )


def _unwrap_text_commands(value: str) -> str:
    """``\\textit{E. coli}`` becomes ``{E. coli}``: the braces go with the other braces."""
    return _FONT_SWITCH.sub("", _TEXT_COMMANDS.sub("{", value))


def _script(match: re.Match[str]) -> str:
    mark, body = match.groups()
    text = body[1:-1] if body.startswith("{") else body
    if text.startswith("\\"):
        return text + " "
    chars = _SUPER_CHARS if mark == "^" else _SUB_CHARS
    if text and all(char in chars for char in text.replace(" ", "")):
        return text.replace(" ", "").translate(_SUPER if mark == "^" else _SUB)
    return text


def _math(match: re.Match[str]) -> str:
    inner = _SCRIPT.sub(_script, _MATH_SPACE.sub(" ", match.group(1)))
    if "\\" not in inner:
        return inner.replace("{", "").replace("}", "")
    with contextlib.suppress(UnicodeDecodeError, ValueError):
        return str(codecs.decode(f"${inner}$", "ulatex")).strip("$")  # type: ignore[call-overload]
    return inner


def to_unicode(value: str) -> str:
    """Decode a BibTeX field value into plain Unicode text.

    >>> to_unicode(r'Str{\\"u}{\\ss}mann')
    'Strüßmann'
    >>> to_unicode(r"The {DNA} of \\textit{E. coli} \\& friends, 1990--2000")
    'The DNA of E. coli & friends, 1990–2000'
    >>> to_unicode(r"CO$_2$ \\textless{} 5\\% and 20% more")
    'CO₂ < 5% and 20% more'

    Whitespace runs become one space; ``~`` (a tie) becomes a space.
    """
    if not has_latex(value):
        return normalize_space(value)
    if "\\" not in value and "$" not in value:
        # Only dashes, ties and protective braces: no need for the LaTeX lexer.
        text = value.replace("---", "\N{EM DASH}").replace("--", "\N{EN DASH}").replace("~", " ")
        return normalize_space(text.replace("{", "").replace("}", ""))
    value = re.sub("[\x00-\x06]", " ", value)  # the placeholders below: never input
    if "\\{" in value:  # ScienceDirect writes protective braces escaped: \\{EEG\\}
        value = _ESCAPED_WORD.sub(r"\1", value)
    if "\\\\" in value:  # a forced line break is a space
        value = value.replace("\\\\", " ")
    if "\\(" in value:  # \\( math \\) is $ math $
        value = value.replace("\\(", "$").replace("\\)", "$")
    text = _ESCAPE.sub(lambda m: _ESCAPED[m.group(1)], value)
    text = text.replace("%", _ESCAPED["%"])  # a bare % is a percent sign, never a comment
    text = _SYMBOL.sub(lambda m: _SYMBOLS[m.group(1)], text)
    text = _unwrap_text_commands(text)
    if "\\textasciicaron" in text:
        text = _caron(text)
    if "$" in text:
        text = _MATH.sub(_math, text)
    # latexcodec rejects a few malformed inputs; the braces-only clean-up still helps.
    if "\\" in text or "--" in text or "~" in text:
        with contextlib.suppress(UnicodeDecodeError, ValueError):
            text = str(codecs.decode(text, "ulatex"))  # type: ignore[call-overload]
    if "\\" in text:
        text = _ACCENT.sub(_accent, text)
    if "\\" in text:  # a command nobody decodes (``\\proglang{R}``) prints nothing itself
        text = _STRAY_BACKSLASH.sub("", _UNKNOWN_COMMAND.sub("", text))
    text = text.replace("{", "").replace("}", "").replace("\N{NO-BREAK SPACE}", " ")
    for char, placeholder in _ESCAPED.items():
        text = text.replace(placeholder, char)
    return normalize_space(text)


_ENCODED_COMMAND = re.compile(r"\\([^A-Za-z\s]|[A-Za-z]+) ?([A-Za-z]?)")  # latexcodec: "\\v S"


def to_latex(char: str) -> str | None:
    """One character as LaTeX that :func:`to_unicode` reads back as that character
    (``Š`` ``{\\v{S}}``, ``ł`` ``{\\l}``, ``α`` ``$\\alpha$``; braced groups start with a
    backslash, so they protect no capitals), or ``None`` when there is
    none (``€``, emoji). For files in a legacy encoding that cannot hold the character."""
    try:
        latex = str(codecs.encode(char, "ulatex"))
    except (UnicodeEncodeError, ValueError):
        return None
    command = _ENCODED_COMMAND.fullmatch(latex)
    if command is not None:
        argument = command.group(2)
        latex = "{\\" + command.group(1) + ("{" + argument + "}" if argument else "") + "}"
    return latex if latex != char and to_unicode(latex) == char else None
