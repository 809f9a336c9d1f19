"""Reading .bib files: the only module that opens them for reading.

``parse_bibtex`` (pure: text in, :class:`~mi_refs.model.Bibliography` out) does the work;
``load`` adds the file system. bibtexparser v2's splitter finds the blocks; value
expressions, names, LaTeX and identifiers are resolved here, once, and every problem
becomes a :class:`~mi_refs.model.Problem` naming file, line, key and field while the
other entries still load. Writing is :mod:`mi_refs.bibtex.write`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import bibtexparser.splitter
from bibtexparser import model as bp

from mi_refs.bibtex.fields import KNOWN_ENTRY_TYPES, build_reference
from mi_refs.bibtex.latex import normalize_space
from mi_refs.bibtex.values import ValueSyntaxError, resolve_value
from mi_refs.errors import UnreadableFileError
from mi_refs.model import (
    Bibliography,
    Problem,
    Reference,
    Severity,
    SourceBlock,
    SourceText,
)

__all__ = ["KNOWN_ENTRY_TYPES", "load", "parse_bibtex", "split_blocks"]

_ENTRY_HEAD = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s}]*)")
_SPLITTER_MESSAGE = re.compile(
    r"block \(line (\d+)\) aborted on line (\d+).*?bibtex:\s*(.*)", flags=re.DOTALL
)
_STILL_OPEN = re.compile(r"Unexpected block start.*`(.)`\s*$", flags=re.DOTALL)


def load(path: str | os.PathLike[str]) -> Bibliography:
    """Read a .bib file. Problems in it are in ``.problems``; the rest loads.

    Raises :class:`~mi_refs.errors.UnreadableFileError` only when the file cannot be read
    at all (missing, a directory, unreadable).
    """
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("latin-1")
        line = data[: exc.start].count(b"\n") + 1
        bib = parse_bibtex(text, source=str(file))
        warning = Problem(
            "parse-error",
            f"the file is not UTF-8 (first bad byte on line {line}); read and saved as Latin-1",
            str(file),
            line,
            severity=Severity.WARNING,
        )
        source = bib.source and dataclasses.replace(bib.source, encoding="latin-1")
        return dataclasses.replace(bib, problems=(warning, *bib.problems), source=source)
    return parse_bibtex(text, source=str(file))


class _CaptureSplitterMessages(logging.Handler):
    """Collects bibtexparser's explanations of aborted blocks, keyed by 0-based line."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.by_line: dict[int, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        match = _SPLITTER_MESSAGE.search(record.getMessage())
        if match is None:
            return
        start, aborted, reason = int(match.group(1)), int(match.group(2)) + 1, match.group(3)
        still_open = _STILL_OPEN.search(reason)
        if still_open is not None:
            closing = still_open.group(1)
            what = {"}": "a brace", '"': "a quote"}.get(closing, f"a {closing!r}")
            reason = f"{what} is never closed (the next entry, on line {aborted}, starts inside it)"
        self.by_line.setdefault(start, normalize_space(reason).rstrip(" ."))


@contextlib.contextmanager
def _captured_splitter_messages() -> Iterator[_CaptureSplitterMessages]:
    logger = logging.getLogger("bibtexparser")
    handler = _CaptureSplitterMessages()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def split_blocks(text: str) -> tuple[list[bp.Block], dict[int, str]]:
    with _captured_splitter_messages() as messages:
        library = bibtexparser.splitter.Splitter(text).split()
    return list(library.blocks), messages.by_line


class _Reader:
    """Turns the splitter's blocks into references and problems, for one file."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.macros: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.references: list[Reference] = []
        self.seen_keys: dict[str, int] = {}

    def problem(
        self,
        code: str,
        message: str,
        line: int | None,
        key: str | None = None,
        *,
        field: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(Problem(code, message, self.source, line, key, field, severity))

    def read(self) -> Bibliography:
        blocks, messages = split_blocks(self.text)
        source_blocks: list[SourceBlock] = []
        position = 0
        for block in blocks:
            raw = block.raw or ""
            start = self.text.find(raw, position) if raw else -1
            if start < 0:
                continue  # cannot place it: its text stays in the next block's slice
            end = start + len(raw)
            chunk = self.text[position:end]
            position = end
            line = (block.start_line or 0) + 1
            reference = self.read_block(block, line, messages)
            key = reference.key if reference is not None else None
            source_blocks.append(SourceBlock(chunk, key, reference))
        if position < len(self.text):
            source_blocks.append(SourceBlock(self.text[position:]))
        return Bibliography(
            tuple(self.references),
            tuple(self.problems),
            None if self.source == "<string>" else self.source,
            SourceText(tuple(source_blocks)),
        )

    def read_block(
        self, block: bp.Block, line: int, messages: Mapping[int, str]
    ) -> Reference | None:
        if isinstance(block, bp.String):
            self.read_string(block, line)
            return None
        if isinstance(block, bp.DuplicateBlockKeyBlock):
            first = self.seen_keys.get(block.key)
            where = f" (first defined on line {first})" if first else ""
            self.problem(
                "duplicate-entry",
                f"duplicate key {block.key!r}{where}; this entry is ignored",
                line,
                block.key,
            )
            return None
        if isinstance(block, bp.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            key = entry.key if isinstance(entry, bp.Entry) else _key_of(block.raw)
            fields = (
                ", ".join(sorted(block.duplicate_keys)) if hasattr(block, "duplicate_keys") else ""
            )
            self.problem(
                "parse-error",
                f"a field is given twice ({fields}); the entry is skipped"
                if fields
                else "a field is given twice; the entry is skipped",
                line,
                key,
            )
            return None
        if isinstance(block, bp.ParsingFailedBlock):
            reason = messages.get(line - 1) or str(block.error) or type(block.error).__name__
            entry_type, key = _head_of(block.raw)
            what = f"@{entry_type} entry" if entry_type else "block"
            self.problem("parse-error", f"cannot read this {what}: {reason}", line, key)
            return None
        if isinstance(block, bp.Entry):
            return self.read_entry(block, line)
        return None

    def read_string(self, block: bp.String, line: int) -> None:
        resolved = resolve_value(str(block.value), self.macros)
        if isinstance(resolved, ValueSyntaxError):
            self.problem("parse-error", f"@string {block.key}: {resolved.message}", line, block.key)
            return
        value, undefined = resolved
        for name in undefined:
            self.problem("parse-error", f"@string {block.key}: undefined macro {name!r}", line)
        self.macros[block.key.lower()] = value

    def read_entry(self, entry: bp.Entry, line: int) -> Reference | None:
        key = entry.key.strip()
        entry_type = entry.entry_type.lower()
        if not key:
            self.problem("parse-error", f"@{entry_type} entry has no key; it is skipped", line)
            return None
        if entry_type not in KNOWN_ENTRY_TYPES:
            known = ", ".join(f"@{name}" for name in sorted(KNOWN_ENTRY_TYPES))
            self.problem(
                "parse-error",
                f"unknown entry type @{entry.entry_type}; it is skipped (known: {known})",
                line,
                key,
            )
            return None
        fields: list[tuple[str, str]] = []
        pending = [
            (field.key, str(field.value), (field.start_line or line - 1) + 1)
            for field in entry.fields
        ]
        while pending:
            name, raw, field_line = pending.pop(0)
            name = name.lower()
            resolved = resolve_value(raw, self.macros)
            if isinstance(resolved, ValueSyntaxError):
                if resolved.value is None:
                    message = f"field {name!r}: {resolved.message}; the field is ignored"
                    self.problem("parse-error", message, field_line, key, field=name)
                    continue
                recovered = _missing_comma(resolved)
                if recovered is None:
                    message = f"field {name!r}: {resolved.message} is ignored"
                else:
                    message = (
                        f"field {name!r}: a comma is missing before field {recovered[0]!r}; "
                        "read as two fields"
                    )
                    pending.insert(0, (*recovered, field_line))
                self.problem(
                    "parse-error", message, field_line, key, field=name, severity=Severity.WARNING
                )
                resolved = (resolved.value, [])
            value, undefined = resolved
            for macro in undefined:
                self.problem(
                    "parse-error",
                    f"field {name!r}: undefined @string macro {macro!r}",
                    field_line,
                    key,
                    field=name,
                    severity=Severity.WARNING,
                )
            fields.append((name, value))
        reference, issues = build_reference(key, entry_type, fields, line)
        for issue in issues:
            message = issue.message
            if issue.code != "missing-field":
                message = f"field {issue.field!r}: {message}"
            self.problem(issue.code, message, line, key, field=issue.field, severity=issue.severity)
        self.seen_keys.setdefault(key, line)
        self.references.append(reference)
        return reference


_NEXT_FIELD = re.compile(r"^,?\s*([A-Za-z][\w:.+-]*)\s*=\s*(\S.*)$", flags=re.DOTALL)


def _missing_comma(error: ValueSyntaxError) -> tuple[str, str] | None:
    """``title = {x} year = 2020``: the name and raw value of the field after the comma
    that is missing, or ``None`` when the extra text is not a field."""
    match = _NEXT_FIELD.match(error.rest or "")
    return (match.group(1), match.group(2)) if match else None


def _head_of(raw: str | None) -> tuple[str, str | None]:
    match = _ENTRY_HEAD.search(raw or "")
    if match is None:
        return "", None
    return match.group(1).lower(), match.group(2) or None


def _key_of(raw: str | None) -> str | None:
    return _head_of(raw)[1]


def parse_bibtex(text: str, source: str = "<string>") -> Bibliography:
    """Parse BibTeX text. ``source`` names it in problems (a file path, or ``<string>``)."""
    return _Reader(text, source).read()
