"""Rich text to markup: plain text, Markdown, HTML and LaTeX.

pybtex's backends do the mapping from rich-text nodes (text, italic, superscript, links)
to markup. These subclasses only adjust what a reference list in an MI letter needs:
HTML escapes link addresses too, and links DOIs, PMIDs and PMCIDs to their resolvers
(:func:`identifier_url`); Markdown escapes only what Markdown and pandoc would
misread (pybtex's escapes every ``.``, ``-`` and parenthesis) and writes superscripts the
pandoc way (``^1^``); bare URLs become autolinks.
"""

from __future__ import annotations

import codecs
import html
import re
import urllib.parse
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
    "escape_latex",
    "escape_latex_key",
    "get_backend",
    "identifier_url",
    "inert",
    "safe_url",
]


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_URL_FORBIDDEN = re.compile(r"[\s<>\"'`\\{}|^\x00-\x1f\x7f]")


def inert(text: str) -> str:
    """Text without control characters (an ESC, a NUL, a bell, a line separator): what
    a .bib or a registry hands over can never drive a terminal or forge a line."""
    return _CONTROLS.sub(" ", str(text))


def safe_url(url: str) -> str | None:
    """``url`` when it may become a link: ``http``/``https`` (a DOI is
    ``https://doi.org/...``), a host, and no character that could leave the link
    (quotes, angle brackets, spaces, backslashes, braces). ``None`` otherwise: the
    address is then printed as text, never linked (``javascript:``, ``data:``...)."""
    url = str(url).strip()
    if not url or _URL_FORBIDDEN.search(url):
        return None
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url


# Where each identifier resolves: the DOI system's resolver, PubMed, PubMed Central.
_RESOLVERS = {
    "doi": "https://doi.org/{}",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/",
}
_PMID = re.compile(r"[1-9][0-9]{0,9}")
_PMCID = re.compile(r"PMC[1-9][0-9]{0,9}")
_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
# A DOI's characters kept in its URL; everything else is percent-encoded (a quote, an
# angle bracket, "#", "?", "%", a space or a non-ASCII letter can never leave the path).
_DOI_SAFE = "/:;()._-+~!$*,=@[]"


def identifier_url(kind: str, identifier: str) -> str | None:
    """The resolver's address of a ``doi``, ``pmid`` or ``pmcid``
    (``https://doi.org/10.1/x``, ``https://pubmed.ncbi.nlm.nih.gov/1/``); ``None`` for an
    identifier not of its form (``10.`` prefix and a suffix; digits; ``PMC`` and digits),
    which is then written as text, never linked."""
    text = str(identifier).strip()
    if kind == "doi" and _DOI.fullmatch(text):
        path = urllib.parse.quote(text, safe=_DOI_SAFE)
    elif (kind == "pmid" and _PMID.fullmatch(text)) or (kind == "pmcid" and _PMCID.fullmatch(text)):
        path = text
    else:
        return None
    return safe_url(_RESOLVERS[kind].format(path))


class TextBackend(pybtex_plaintext.Backend):  # type: ignore[misc]
    """Plain text: markup dropped, superscripts as plain digits, control characters
    removed."""

    def format_str(self, text: str) -> str:
        return inert(text)  # pybtex's plain-text backend returns text as it is


class HtmlBackend(pybtex_html.Backend):  # type: ignore[misc]
    """HTML: text escaped (``&amp;``, ``&lt;``, ``&gt;``), link addresses quoted,
    links only for http(s) addresses."""

    def format_str(self, text: str) -> str:
        return html.escape(inert(text), quote=False)

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        if not text:
            return ""
        target = safe_url(url)
        if target is None:
            return text
        opens = ' target="_blank" rel="noopener noreferrer"' if external else ""
        return f"<a href={quoteattr(target)}{opens}>{text}</a>"

    def format_identifier(self, kind: str, identifier: str) -> str:
        """A DOI, PMID or PMCID linked to its resolver (text alone when it is not one)."""
        text = self.format_str(identifier)
        target = identifier_url(kind, identifier)
        return text if target is None else f"<a href={quoteattr(target)}>{text}</a>"


_MARKDOWN_SPECIAL = str.maketrans({char: "\\" + char for char in "\\`*_[]<^~"})
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" would be read as an entity


class MarkdownBackend(pybtex_markdown.Backend):  # type: ignore[misc]
    """Markdown that pandoc reads back as the same text; links only for http(s)
    addresses."""

    tags = MappingProxyType({**pybtex_markdown.Backend.tags, "sup": "^", "sub": "~"})

    def format_str(self, text: str) -> str:
        return _ENTITY.sub("\\\\&", inert(text).translate(_MARKDOWN_SPECIAL))

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        if not text:
            return ""
        target = safe_url(url)
        if target is None:
            return text
        if text == self.format_str(url):
            return f"<{target}>"
        return f"[{text}]({target.replace('(', '%28').replace(')', '%29')})"


class LatexBackend(pybtex_latex.Backend):  # type: ignore[misc]
    """LaTeX: every special character escaped (``\\ ^ { } % # & _ ~ $``), Unicode
    encoded as LaTeX commands, italics as ``\\emph``, links only for http(s)."""

    def format_str(self, str_: str) -> str:
        return escape_latex(str(str_))

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        if not text:
            return ""
        target = safe_url(url)
        if target is None:
            return text
        address = latex_url(target)
        if text == self.format_str(url):
            return f"\\url{{{address}}}"
        opts = "[pdfnewwindow]" if external else ""
        return f"\\href{opts}{{{address}}}{{{text}}}"


_LATEX_SPECIAL = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "%": "\\%",
    "#": "\\#",
    "&": "\\&",
    "_": "\\_",
    "$": "\\$",
    "^": "\\textasciicircum{}",
    "~": "\\textasciitilde{}",
}


def escape_latex(text: str) -> str:
    """Text as LaTeX that typesets it and does nothing else: the specials escaped (a
    ``\\input`` or ``\\write18`` in a field prints as text), control characters
    dropped, other non-ASCII characters encoded by latexcodec."""
    out = []
    for char in inert(text):
        if char in _LATEX_SPECIAL:
            out.append(_LATEX_SPECIAL[char])
        elif ord(char) < 128:
            out.append(char)
        else:
            encoded = codecs.encode(char, "ulatex+utf8")
            out.append(encoded.decode("utf-8") if isinstance(encoded, bytes) else str(encoded))
    return "".join(out)


def escape_latex_key(key: str) -> str:
    """A citation key for ``\\bibitem{...}``: characters that would end the argument,
    start a comment or a macro (``\\ { } % # & ~ ^ $``, spaces, control characters)
    are replaced by ``-``; ``_`` is kept (keys are not typeset)."""
    return re.sub(r"[\\{}%#&~^$\s\x00-\x1f\x7f]", "-", key)


def latex_url(url: str) -> str:
    """A checked URL for ``\\url``/``\\href``: ``%`` and ``#`` escaped."""
    return url.replace("%", "\\%").replace("#", "\\#")


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
