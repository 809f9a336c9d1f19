"""Numbered reference lists: a style makes rich text, a backend makes markup.

Pure: a bibliography in, a string out. The order is the file's, unless a
:class:`~mi_refs.citations.CitationRegistry` (a document's order of first citation) or a
sequence of keys says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from xml.sax.saxutils import quoteattr

from mi_refs.citations import CitationRegistry
from mi_refs.errors import InvalidArgumentError
from mi_refs.model import Bibliography, Reference
from mi_refs.styles import HouseOptions, Style, get_style
from mi_refs.styles.backends import escape_latex_key, get_backend
from mi_refs.styles.template import render_segments

__all__ = ["format_reference", "render", "render_entries"]


def format_reference(
    reference: Reference,
    style: str | Style = "ama",
    format: str = "text",
    options: HouseOptions | None = None,
) -> str:
    """One reference, without its number, in ``style`` and output ``format``."""
    chosen = style if isinstance(style, Style) else get_style(style, options)
    return render_segments(chosen.segments(reference), get_backend(format))


def render_entries(
    references: Iterable[Reference],
    style: str | Style = "ama",
    format: str = "text",
    options: HouseOptions | None = None,
) -> list[tuple[int, Reference, str]]:
    """Number and format references in the order given: ``(number, reference, markup)``."""
    chosen = style if isinstance(style, Style) else get_style(style, options)
    backend = get_backend(format)
    return [
        (number, reference, render_segments(chosen.segments(reference), backend))
        for number, reference in enumerate(references, start=1)
    ]


def _ordered(
    bibliography: Bibliography, order: CitationRegistry | Sequence[str] | None
) -> list[Reference]:
    if order is None:
        return list(bibliography.references)
    by_key = {reference.key: reference for reference in bibliography.references}
    missing = [key for key in order if key not in by_key]
    if missing:
        raise InvalidArgumentError(f"order: not in the bibliography: {', '.join(missing)}")
    return [by_key[key] for key in order]


def render(
    bibliography: Bibliography | Iterable[Reference],
    style: str | Style = "ama",
    format: str = "text",
    options: HouseOptions | None = None,
    order: CitationRegistry | Sequence[str] | None = None,
) -> str:
    """The numbered reference list as one string.

    ``text`` and ``markdown`` give one ``N. reference`` line per entry; ``html`` an
    ``<ol class="references">`` with an ``<li id="ref-KEY">`` per entry; ``latex`` a
    ``thebibliography`` environment. ``order`` (a citation registry or a list of keys)
    fixes the numbering; by default it is the file's order.

    Raises :class:`~mi_refs.errors.UnknownStyleError` / :class:`~mi_refs.errors.
    UnknownFormatError` for names mi-refs lacks and :class:`~mi_refs.errors.
    InvalidArgumentError` for a key in ``order`` that the bibliography lacks.
    """
    if not isinstance(bibliography, Bibliography):
        bibliography = Bibliography(tuple(bibliography))
    entries = render_entries(_ordered(bibliography, order), style, format, options)
    return _wrap(entries, format.lower())


def _wrap(entries: list[tuple[int, Reference, str]], format: str) -> str:
    if format == "html":
        items = "".join(
            f"  <li id={quoteattr('ref-' + reference.key)}>{body}</li>\n"
            for _, reference, body in entries
        )
        return f'<ol class="references">\n{items}</ol>\n'
    if format == "latex":
        width = str(len(entries)) if entries else "9"
        items = "".join(
            f"\\bibitem{{{escape_latex_key(reference.key)}}} {body}\n"
            for _, reference, body in entries
        )
        return f"\\begin{{thebibliography}}{{{width}}}\n{items}\\end{{thebibliography}}\n"
    return "".join(f"{number}. {body}\n" for number, _, body in entries)
