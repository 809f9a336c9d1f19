"""Citing a document: explicit entry points, one per kind of input.

``cite_text`` takes text (Markdown, HTML or plain text, said by ``format``),
``cite_docx`` a Word document (a path, its bytes or a binary stream), ``cite_file`` a file
whose format comes from its suffix (or is given) and writes the result when asked. Nothing
is guessed from the argument: text is never taken for a path, nor a path for text.
Markdown, HTML and plain text are cited by :mod:`.textual`, Word by :mod:`.docx`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mi_refs.citations import CitationRegistry
from mi_refs.documents.docx import cite_word
from mi_refs.documents.formats import (
    DOCUMENT_FORMATS,
    CiteOptions,
    DocumentFormat,
    TextKind,
    cite_textual,
)
from mi_refs.errors import UnknownFormatError, UnreadableFileError, UnsupportedDocumentError
from mi_refs.files import write_atomically
from mi_refs.model import Bibliography

__all__ = [
    "DOCUMENT_FORMATS",
    "LIST_SUFFIXES",
    "CitedDocument",
    "cite_docx",
    "cite_file",
    "cite_text",
    "document_format",
    "list_output_format",
    "require_same_format",
    "source_format",
]

_TEXT_KINDS: tuple[TextKind, ...] = ("markdown", "html", "text")


@dataclass(frozen=True, slots=True)
class CitedDocument:
    """A cited document: ``content`` is text (Markdown, HTML, plain text) or the bytes of
    a .docx; ``registry`` numbered the citations (key to number by first citation)."""

    content: str | bytes
    registry: CitationRegistry
    format: DocumentFormat

    @property
    def text(self) -> str:
        """The cited text. Raises :class:`~mi_refs.errors.UnsupportedDocumentError` for
        a Word document, which has no text form (use ``content``, its bytes)."""
        if isinstance(self.content, bytes):
            raise UnsupportedDocumentError(
                "a Word document has no text form; use .content (the .docx bytes)"
            )
        return self.content


_PANDOC_NAMES: dict[str, DocumentFormat] = {
    **dict.fromkeys((
        "markdown", "md", "qmd", "rmd", "quarto", "rmarkdown", "pandoc", "commonmark",
        "commonmark_x", "gfm", "markdown_strict", "markdown_phpextra", "markdown_mmd",
        "markdown_github",
    ), "markdown"),
    "html": "html", "html5": "html", "html4": "html", "htm": "html",
    "text": "text", "plain": "text", "txt": "text",
    "docx": "docx",
}  # fmt: skip


def source_format(name: str) -> DocumentFormat:
    """A document format named as ``--from`` takes it: mi-refs' names (``markdown``,
    ``html``, ``text``, ``docx``) and pandoc's (``commonmark``, ``gfm``, ``plain``,
    ``html5``...; extensions such as ``+smart`` are ignored: citations are read the
    pandoc way). Raises :class:`~mi_refs.errors.UnknownFormatError` for another."""
    base = name.strip().lower().split("+", 1)[0].split("-", 1)[0]
    try:
        return _PANDOC_NAMES[base]
    except KeyError:
        raise UnknownFormatError(
            f"unknown document format {name!r} (mi-refs reads markdown, html, text and "
            "docx; pandoc's names for them such as commonmark, gfm, plain and html5 too)"
        ) from None


def document_format(path: str | os.PathLike[str], given: str | None = None) -> DocumentFormat:
    """The document's format: ``given`` (:func:`source_format`), else from the file's
    suffix. Raises :class:`~mi_refs.errors.UnknownFormatError` for a name or suffix
    mi-refs lacks."""
    if given is not None:
        return source_format(given)
    suffix = Path(path).suffix.lower()
    try:
        return DOCUMENT_FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(DOCUMENT_FORMATS))
        what = suffix or "no suffix"
        raise UnknownFormatError(
            f"{path}: cannot tell the document's format from {what!r} (known: {known})"
        ) from None


LIST_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".tex": "latex",
}
"""The reference-list formats ``render -o`` writes, by the output's suffix."""
_NAMES = {
    "text": "text (.txt)",
    "markdown": "Markdown (.md)",
    "html": "HTML (.html)",
    "latex": "LaTeX (.tex)",
    "docx": "Word (.docx)",
}


def list_output_format(output: str | os.PathLike[str] | None, given: str | None) -> str:
    """The format of ``render``'s list: the one the output's suffix names (``.txt``,
    ``.md``, ``.html``, ``.tex``), else ``given``, else ``text``. Raises
    :class:`~mi_refs.errors.UnknownFormatError` (nothing is written) for a suffix
    mi-refs does not write (``.docx``, ``.pdf``: converting is pandoc's job) and for a
    ``given`` format the suffix contradicts."""
    suffix = Path(output).suffix.lower() if output is not None else ""
    if not suffix:
        return given or "text"
    named = LIST_SUFFIXES.get(suffix)
    if named is None:
        writes = ", ".join(_NAMES[name] for name in ("text", "markdown", "html", "latex"))
        raise UnknownFormatError(
            f"{output}: mi-refs render writes {writes}, not {suffix}; write one of those and "
            f"convert it with pandoc (pandoc refs.md -o refs{suffix}): converting is pandoc's job"
        )
    if given is not None and given != named:
        raise UnknownFormatError(
            f"{output}: --format {given} disagrees with the output's suffix {suffix} "
            f"({_NAMES[named]}); give one or make them agree"
        )
    return named


def require_same_format(
    output: str | os.PathLike[str], kind: DocumentFormat, source: str | os.PathLike[str]
) -> None:
    """``cite`` writes a document in its own format: refuse (:class:`UnknownFormatError`,
    before anything is written) an output whose suffix names another one. An output
    without a suffix (``-``, a FIFO) is taken as it is."""
    suffix = Path(output).suffix.lower()
    if not suffix or DOCUMENT_FORMATS.get(suffix) == kind:
        return
    own = Path(source).suffix.lower() or ".docx"
    raise UnknownFormatError(
        f"{output}: mi-refs cite writes a document in its own format ({source} is "
        f"{_NAMES[kind]}), not {suffix}; write cited{own} and convert it with pandoc "
        f"(pandoc cited{own} -o cited{suffix}): converting is pandoc's job"
    )


def _options(style: str, options: CiteOptions | None) -> CiteOptions:
    """The options given, their style (when they name none) from ``style``."""
    if options is None:
        return CiteOptions(style=style)
    return options if options.style is not None else dataclasses.replace(options, style=style)


def cite_text(
    text: str,
    bibliography: Bibliography,
    *,
    format: TextKind = "markdown",
    style: str = "ama",
    options: CiteOptions | None = None,
    source: str = "<string>",
) -> CitedDocument:
    """Number the citations of ``text`` (``format``: ``markdown``, ``html`` or ``text``)
    and insert the reference list. ``source`` names the text in messages. ``options``,
    when given, carry the style (``style`` is then not used).

    Raises :class:`~mi_refs.errors.UndefinedCitationError` for keys the bibliography
    lacks (nothing is produced), :class:`~mi_refs.errors.UnknownFormatError` for another
    ``format``, :class:`~mi_refs.errors.UnknownStyleError` for an unknown style."""
    if format not in _TEXT_KINDS:
        raise UnknownFormatError(
            f"cite_text: unknown text format {format!r} (known: markdown, html, text;"
            " Word documents go to cite_docx)"
        )
    content, registry = cite_textual(
        text, bibliography, format, _options(style, options), source=source
    )
    return CitedDocument(content, registry, format)


def cite_docx(
    document: str | os.PathLike[str] | bytes | BinaryIO,
    bibliography: Bibliography,
    *,
    style: str = "ama",
    options: CiteOptions | None = None,
) -> CitedDocument:
    """Number the citations of a Word document (a path, its bytes, or a binary stream)
    and insert the reference list; ``content`` of the result is the new .docx's bytes.

    Raises :class:`~mi_refs.errors.UndefinedCitationError` (nothing is produced) and
    :class:`~mi_refs.errors.UnreadableFileError` for what is not a readable .docx."""
    data, registry = cite_word(document, bibliography, _options(style, options))
    return CitedDocument(data, registry, "docx")


def cite_file(
    path: str | os.PathLike[str],
    bibliography: Bibliography,
    output: str | os.PathLike[str] | None = None,
    *,
    style: str = "ama",
    format: DocumentFormat | None = None,
    options: CiteOptions | None = None,
) -> CitedDocument:
    """Cite the document at ``path`` (its format from the suffix, or ``format``) and,
    when ``output`` is given, write the result there atomically (nothing is written when
    a key is undefined, nor when ``output``'s suffix names another format:
    :func:`require_same_format`). Raises what :func:`cite_text` and :func:`cite_docx`
    raise, and
    :class:`~mi_refs.errors.UnreadableFileError` for a file that cannot be read."""
    source = Path(path)
    kind = document_format(source, format)
    if output is not None:
        require_same_format(output, kind, source)
    if kind == "docx":
        result = cite_docx(source, bibliography, style=style, options=options)
    else:
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UnreadableFileError(f"{source}: cannot read: {exc}") from exc
        result = cite_text(
            text, bibliography, format=kind, style=style, options=options, source=str(source)
        )
    if output is not None:
        write_atomically(output, result.content)
    return result
