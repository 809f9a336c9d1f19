"""``cite``: number a document's citations and insert its reference list, in any format.

Markdown, HTML and plain text are handled as text (``textual.py``); Word documents through
python-docx (``docx.py``). The format comes from the file's suffix, or is given.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mi_refs.citations import CitationRegistry
from mi_refs.documents.docx import cite_docx
from mi_refs.documents.formats import DOCUMENT_FORMATS, DocumentFormat
from mi_refs.documents.textual import CiteOptions, cite_text
from mi_refs.errors import MiRefsError, UnreadableFileError
from mi_refs.files import write_atomically
from mi_refs.model import Bibliography

__all__ = ["DOCUMENT_FORMATS", "CitedDocument", "cite", "cite_file", "document_format"]


@dataclass(frozen=True, slots=True)
class CitedDocument:
    """A cited document: ``content`` is text (Markdown, HTML, plain text) or the bytes of
    a .docx; ``registry`` numbered the citations (key to number by first citation)."""

    content: str | bytes
    registry: CitationRegistry
    format: DocumentFormat

    @property
    def text(self) -> str:
        if isinstance(self.content, bytes):
            raise TypeError("a Word document has no text form; use .content (bytes)")
        return self.content


def document_format(path: str | os.PathLike[str], given: str | None = None) -> DocumentFormat:
    """The document's format: ``given``, else from the file's suffix."""
    if given is not None:
        if given not in DOCUMENT_FORMATS.values():
            raise MiRefsError(
                f"unknown document format {given!r} (known: markdown, html, text, docx)"
            )
        return given  # type: ignore[return-value]
    suffix = Path(path).suffix.lower()
    try:
        return DOCUMENT_FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(DOCUMENT_FORMATS))
        what = suffix or "no suffix"
        raise MiRefsError(
            f"{path}: cannot tell the document's format from {what!r} (known: {known})"
        ) from None


def cite(
    document: str | os.PathLike[str],
    bibliography: Bibliography,
    *,
    style: str = "ama",
    format: DocumentFormat | None = None,
    options: CiteOptions | None = None,
) -> CitedDocument:
    """Number the citations of ``document`` (Markdown text, or a path to a .md, .html,
    .txt or .docx file) and insert the reference list. Raises
    :class:`~mi_refs.documents.textual.UndefinedCitationError` for keys the bibliography
    lacks (nothing is produced). ``options``, when given, carry the style (``style`` is
    then not used)."""
    chosen = options if options is not None else CiteOptions(style=style)
    if isinstance(document, str) and ("\n" in document or not Path(document).suffix):
        kind: DocumentFormat = format or "markdown"
        if kind == "docx":
            raise MiRefsError("a Word document must be given as a path")
        result = cite_text(document, bibliography, kind, chosen)
        return CitedDocument(result.text, result.registry, kind)
    path = Path(document)
    kind = document_format(path, format)
    if kind == "docx":
        data, registry = cite_docx(path, bibliography, chosen)
        return CitedDocument(data, registry, "docx")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(f"{path}: cannot read: {exc}") from exc
    result = cite_text(text, bibliography, kind, chosen, source=str(path))
    return CitedDocument(result.text, result.registry, kind)


def cite_file(
    source: str | os.PathLike[str],
    bibliography: Bibliography,
    output: str | os.PathLike[str],
    *,
    style: str = "ama",
    format: DocumentFormat | None = None,
    options: CiteOptions | None = None,
) -> CitedDocument:
    """:func:`cite` a file and write the result to ``output`` atomically (nothing is
    written when a key is undefined)."""
    result = cite(Path(source), bibliography, style=style, format=format, options=options)
    write_atomically(output, result.content)
    return result
