"""Rich text to markup: plain text, Markdown, HTML and LaTeX.

pybtex's backends do the mapping from rich-text nodes (text, italic, superscript, links)
to markup. These subclasses only adjust what a reference list in an MI letter needs:
HTML escapes link addresses too; Markdown escapes only what Markdown and pandoc would
misread (pybtex's escapes every ``.``, ``-`` and parenthesis) and writes superscripts the
pandoc way (``^1^``); bare URLs become autolinks.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from xml.sax.saxutils import quoteattr

from pybtex.backends import BaseBackend
from pybtex.backends import html as pybtex_html
from pybtex.backends import latex as pybtex_latex
from pybtex.backends import markdown as pybtex_markdown
from pybtex.backends import plaintext as pybtex_plaintext

from mi_refs.errors import UnknownFormatError

__all__ = [
    "FORMATS",
    "HtmlBackend",
    "LatexBackend",
    "MarkdownBackend",
    "TextBackend",
    "get_backend",
]


class TextBackend(pybtex_plaintext.Backend):  # type: ignore[misc]
    """Plain text: markup dropped, superscripts as plain digits."""


class HtmlBackend(pybtex_html.Backend):  # type: ignore[misc]
    """HTML: text escaped (``&amp;``, ``&lt;``, ``&gt;``), link addresses quoted."""

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        target = ' target="_blank"' if external else ""
        return f"<a href={quoteattr(url)}{target}>{text}</a>" if text else ""


_MARKDOWN_SPECIAL = str.maketrans({char: "\\" + char for char in "\\`*_[]<^~"})


class MarkdownBackend(pybtex_markdown.Backend):  # type: ignore[misc]
    """Markdown that pandoc reads back as the same text."""

    tags = MappingProxyType({**pybtex_markdown.Backend.tags, "sup": "^", "sub": "~"})

    def format_str(self, text: str) -> str:
        return str(text).translate(_MARKDOWN_SPECIAL)

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        if not text:
            return ""
        if text == self.format_str(url):
            return f"<{url}>"
        return f"[{text}]({url})"


class LatexBackend(pybtex_latex.Backend):  # type: ignore[misc]
    """LaTeX: Unicode encoded back to LaTeX commands, italics as ``\\emph``."""

    def format_str(self, str_: str) -> str:
        return escape_latex(str(super().format_str(str_)))


def escape_latex(text: str) -> str:
    """latexcodec leaves ``&``, ``#`` and ``_`` alone; a reference list must not."""
    out = []
    for index, char in enumerate(text):
        if char in "&#_%" and (index == 0 or text[index - 1] != "\\"):
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


FORMATS: Mapping[str, type[BaseBackend]] = MappingProxyType(
    {
        "text": TextBackend,
        "markdown": MarkdownBackend,
        "html": HtmlBackend,
        "latex": LatexBackend,
    }
)


def get_backend(name: str) -> BaseBackend:
    """A backend by format name: ``text``, ``markdown``, ``html``, ``latex``."""
    try:
        return FORMATS[name.lower()]()
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnknownFormatError(f"unknown format {name!r} (known: {known})") from None
