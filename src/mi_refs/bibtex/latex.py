"""LaTeX to Unicode, once, on load.

Most fields of a real bibliography hold no LaTeX at all, so :func:`to_unicode` first looks
for any character that could start LaTeX markup and returns the value untouched when there
is none: decoding costs nothing where there is nothing to decode. Otherwise text-style
commands (``\\textit{}``, ``\\emph{}``...) are unwrapped, ``latexcodec`` decodes accents,
symbols and dashes, and the braces that protect capitals are dropped.
"""

from __future__ import annotations

import codecs
import contextlib
import re

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

__all__ = ["has_latex", "normalize_space", "to_unicode"]

_LATEX_CHARS = re.compile(r"[\\{}~$]|--")
# Commands whose argument is kept as plain text: font changes carry no meaning once the
# text is stored as Unicode (a style decides what is italic).
_TEXT_COMMANDS = re.compile(
    r"\\(?:textit|textbf|textsc|textrm|textsf|texttt|textup|textnormal|emph|mbox|url|text)\s*\{"
)
# ``{\it x}``, ``{\bf x}``, ``{\em x}``: old-style font switches.
_FONT_SWITCH = re.compile(r"\\(?:it|bf|em|sc|rm|sf|tt|sl|itshape|bfseries|upshape)\b\s*")


def normalize_space(value: str) -> str:
    """Collapse runs of whitespace (line breaks inside a field) into one space, and strip."""
    return " ".join(value.split())


def has_latex(value: str) -> bool:
    """Whether ``value`` holds anything :func:`to_unicode` would change (besides spaces)."""
    return _LATEX_CHARS.search(value) is not None


def _unwrap_text_commands(value: str) -> str:
    """``\\textit{E. coli}`` becomes ``{E. coli}``: the braces go with the other braces."""
    return _FONT_SWITCH.sub("", _TEXT_COMMANDS.sub("{", value))


def to_unicode(value: str) -> str:
    """Decode a BibTeX field value into plain Unicode text.

    >>> to_unicode(r'Str{\\"u}{\\ss}mann')
    'Strüßmann'
    >>> to_unicode(r"The {DNA} of \\textit{E. coli} \\& friends, 1990--2000")
    'The DNA of E. coli & friends, 1990–2000'

    Whitespace runs become one space; ``~`` (a tie) becomes a space.
    """
    if not has_latex(value):
        return normalize_space(value)
    if "\\" not in value and "$" not in value:
        # Only dashes, ties and protective braces: no need for the LaTeX lexer.
        text = value.replace("---", "\N{EM DASH}").replace("--", "\N{EN DASH}").replace("~", " ")
        return normalize_space(text.replace("{", "").replace("}", ""))
    # Escaped braces are literal braces: hide them from the brace clean-up below.
    text = _unwrap_text_commands(value).replace(r"\{", "\x00").replace(r"\}", "\x01")
    # latexcodec rejects a few malformed inputs; the braces-only clean-up still helps.
    with contextlib.suppress(UnicodeDecodeError, ValueError):
        text = str(codecs.decode(text, "ulatex"))  # type: ignore[call-overload]
    text = text.replace("{", "").replace("}", "").replace("\N{NO-BREAK SPACE}", " ")
    text = text.replace("\x00", "{").replace("\x01", "}")
    return normalize_space(text)
