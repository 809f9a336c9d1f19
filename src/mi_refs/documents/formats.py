"""The document formats mi-refs reads, by file suffix."""

from __future__ import annotations

from typing import Literal

__all__ = ["DOCUMENT_FORMATS", "DocumentFormat"]

DocumentFormat = Literal["markdown", "html", "text", "docx"]
DOCUMENT_FORMATS: dict[str, DocumentFormat] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".docx": "docx",
}
