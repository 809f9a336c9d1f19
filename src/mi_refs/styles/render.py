"""Numbered reference lists: a style makes rich text, a backend makes markup.

Pure: a bibliography in, a string out. The order is the file's, unless a
:class:`~mi_refs.citations.CitationRegistry` (a document's order of first citation) or a
sequence of keys says otherwise. In the file's order an entry that could not be read keeps
its number, as a visible placeholder naming the problem (:func:`unreadable_entries`):
the list is never renumbered silently (issue #15).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from mi_refs.citations import CitationRegistry
from mi_refs.errors import InvalidArgumentError
from mi_refs.model import Bibliography, Reference, Severity
from mi_refs.styles import HouseOptions, Style, get_style
from mi_refs.styles.backends import escape_latex_key, get_backend
from mi_refs.styles.template import render_segments

__all__ = ["Unreadable", "format_reference", "render", "render_entries", "unreadable_entries"]

_NOT_ENTRIES = ("@string", "@comment", "@preamble")


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An entry of the file that could not be read, where it stands in the list:
    ``position`` is its 0-based place among the file's entries."""

    position: int
    line: int
    key: str | None
    problem: str

    def placeholder(self) -> str:
        key = f" {self.key}" if self.key else ""
        return f"[entry{key} on line {self.line} cannot be read: {self.problem}]"


def unreadable_entries(bibliography: Bibliography) -> list[Unreadable]:
    """The entries of the file read into ``bibliography`` that could not be read (a
    block starting with ``@`` that is not ``@string``, ``@comment`` or ``@preamble`` and
    gave no reference), each with the error-level problem reported on its line."""
    if bibliography.source is None:
        return []
    problems = {
        problem.line: problem
        for problem in reversed(bibliography.problems)
        if problem.line is not None and problem.severity is Severity.ERROR
    }
    found: list[Unreadable] = []
    line, position = 1, 0
    for block in bibliography.source.blocks:
        text = block.text
        body = text.lstrip()
        start = line + text[: len(text) - len(body)].count("\n")
        line += text.count("\n")
        if block.reference is not None:
            position += 1
            continue
        if not body.startswith("@") or body.lower().startswith(_NOT_ENTRIES):
            continue
        problem = problems.get(start)
        message = problem.message if problem else "cannot read this entry"
        key = problem.key if problem else None
        found.append(Unreadable(position, start, key, message))
        position += 1
    return found


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
    rows: list[tuple[int, str | None, str]] = [
        (number, reference.key, body) for number, reference, body in entries
    ]
    if order is None:
        rows = _with_placeholders(rows, unreadable_entries(bibliography), format.lower())
    return _wrap(rows, format.lower())


def _with_placeholders(
    rows: list[tuple[int, str | None, str]], unreadable: list[Unreadable], format: str
) -> list[tuple[int, str | None, str]]:
    """The rows renumbered with each unreadable entry at its place in the file."""
    if not unreadable:
        return rows
    bodies: list[tuple[str | None, str]] = [(key, body) for _, key, body in rows]
    for item in unreadable:
        text = item.placeholder()
        if format == "html":
            text = f'<span class="unreadable">{escape(text)}</span>'
        elif format == "latex":
            text = "".join("\\" + c if c in "&%$#_{}" else c for c in text)
        bodies.insert(item.position, (None, text))
    return [(number, key, body) for number, (key, body) in enumerate(bodies, start=1)]


def _wrap(entries: list[tuple[int, str | None, str]], format: str) -> str:
    if format == "html":
        items = "".join(
            (f"  <li id={quoteattr('ref-' + key)}>{body}</li>\n" if key else f"  <li>{body}</li>\n")
            for _, key, body in entries
        )
        return f'<ol class="references">\n{items}</ol>\n'
    if format == "latex":
        width = str(len(entries)) if entries else "9"
        items = "".join(
            f"\\bibitem{{{escape_latex_key(key or f'unreadable{number}')}}} {body}\n"
            for number, key, body in entries
        )
        return f"\\begin{{thebibliography}}{{{width}}}\n{items}\\end{{thebibliography}}\n"
    return "".join(f"{number}. {body}\n" for number, _, body in entries)
