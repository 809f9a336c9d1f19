"""The bibliography a letter names in its own YAML metadata (``bibliography:``), as
pandoc, Quarto and R Markdown read it.

:func:`bibliography_names` reads the names from a Markdown letter's YAML metadata blocks
(a later block's value wins, as in pandoc); :func:`bibliography_paths` makes them paths
(relative to the letter's folder, or to the current directory for standard input);
:func:`load_bibliographies` reads and merges the files: one that is missing is an error
naming it, a key in two files keeps its first entry and says so. ``mi-refs cite``,
``check --doc``, the Python API and the pandoc filter all read a letter's bibliography
here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mi_refs.bibtex import load
from mi_refs.documents.formats import DOCUMENT_FORMATS
from mi_refs.documents.markdown import metadata_blocks
from mi_refs.errors import DocumentError, UnknownFormatError, UnreadableFileError
from mi_refs.model import Bibliography, Problem, Severity

__all__ = [
    "bibliography_names",
    "bibliography_paths",
    "letters_bibliographies",
    "load_bibliographies",
    "merge",
    "named_in",
    "require_bibliography",
]

_FOREIGN = (".json", ".yaml", ".yml", ".ris", ".xml")  # CSL JSON/YAML, RIS, EndNote XML


def _parse(block: str, line: int, source: str) -> Any:
    import yaml  # noqa: PLC0415 - loaded only for a letter with metadata

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(block, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = line + 1 + mark.line if mark is not None else line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DocumentError(
            f"{source}: line {where}: the YAML metadata block cannot be read: {problem}"
        ) from exc


def bibliography_names(text: str, source: str = "<string>") -> list[str]:
    """The file names the ``bibliography`` field of a Markdown letter's YAML metadata
    holds (a name or a list of names; ``[]`` when there is none). Raises
    :class:`~mi_refs.errors.DocumentError` naming ``source`` and the line for a block
    that is not YAML and for a value that is not a name or a list of names."""
    value: object = None
    line = 0
    for start, block in metadata_blocks(text.removeprefix("\ufeff")):
        if "bibliography" not in block:
            continue  # most letters' metadata: no YAML read at all
        data = _parse(block, start, source)
        if isinstance(data, dict) and data.get("bibliography") is not None:
            value, line = data["bibliography"], start
    if value is None:
        return []
    names = [value] if isinstance(value, str) else value
    if (
        not isinstance(names, list)
        or not names
        or not all(isinstance(name, str) and name.strip() for name in names)
    ):
        raise DocumentError(
            f"{source}: line {line}: bibliography: expected a file name or a list of file "
            f"names, not {value!r}"
        )
    return [name.strip() for name in names]


def bibliography_paths(names: Sequence[str], base: str | os.PathLike[str] | None) -> list[Path]:
    """The names as paths: relative ones from ``base`` (the letter's folder; ``None``: the
    current directory, as for standard input); ``~`` is the home folder."""
    folder = Path(base) if base is not None else Path()
    return [folder / Path(name).expanduser() for name in names]


def named_in(path: str | os.PathLike[str], text: str) -> list[Path]:
    """The bibliography files the letter at ``path`` (its text ``text``) names, as paths
    from the letter's folder."""
    return bibliography_paths(bibliography_names(text, str(path)), Path(path).parent)


def require_bibliography(path: str | os.PathLike[str], named_by: str | os.PathLike[str]) -> None:
    """Raise :class:`~mi_refs.errors.UnreadableFileError` naming ``path`` and the letter
    that names it when it is not a file, :class:`~mi_refs.errors.UnknownFormatError`
    when it is not BibTeX."""
    file = Path(path)
    if file.suffix.lower() in _FOREIGN:
        raise UnknownFormatError(
            f"{file} (the bibliography of {named_by}): mi-refs reads BibTeX (.bib); "
            f"convert it once with mi-refs import {file} --into references.bib "
            "and name that file"
        )
    if not file.is_file():
        raise UnreadableFileError(
            f"{file}: the bibliography named by {named_by} does not exist"
            if not file.exists()
            else f"{file}: the bibliography named by {named_by} is not a file"
        )


def letters_bibliographies(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """The bibliography files the Markdown letters among ``paths`` name (each once, in
    order); a letter that cannot be read names none (checking it says why). Raises
    what :func:`require_bibliography` raises for a named file."""
    found: list[Path] = []
    for path in paths:
        if DOCUMENT_FORMATS.get(Path(path).suffix.lower()) != "markdown":
            continue
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for file in named_in(path, text):
            require_bibliography(file, path)
            if file not in found:
                found.append(file)
    return found


def load_bibliographies(paths: Sequence[str | os.PathLike[str]], named_by: str) -> Bibliography:
    """The .bib files named by ``named_by`` (a letter, in messages), read and merged in
    order. Raises :class:`~mi_refs.errors.UnreadableFileError` naming the file for one
    that is missing or unreadable, :class:`~mi_refs.errors.UnknownFormatError` for one
    that is not BibTeX. A key already read from an earlier file keeps that entry; the
    later one is left out with a warning (a ``duplicate-entry`` problem)."""
    loaded: list[Bibliography] = []
    for name in paths:
        path = Path(name)
        require_bibliography(path, named_by)
        loaded.append(load(path))
    if len(loaded) == 1:
        return loaded[0]
    return merge(loaded)


def merge(bibliographies: Sequence[Bibliography]) -> Bibliography:
    """Several bibliographies as one, in order; a key seen before keeps its first entry
    (the later one becomes a ``duplicate-entry`` warning naming both files)."""
    seen: dict[str, str] = {}
    references = []
    problems: list[Problem] = []
    for bibliography in bibliographies:
        problems += bibliography.problems
        where = bibliography.path or "<string>"
        for reference in bibliography.references:
            if reference.key in seen:
                problems.append(
                    Problem(
                        "duplicate-entry",
                        f"{reference.key!r} is also in {seen[reference.key]}; the entry "
                        "there is used, this one is left out",
                        where,
                        reference.line,
                        reference.key,
                        severity=Severity.WARNING,
                    )
                )
                continue
            seen[reference.key] = where
            references.append(reference)
    first = bibliographies[0].path if bibliographies else None
    return Bibliography(tuple(references), tuple(problems), first)
