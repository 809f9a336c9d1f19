"""Reading and writing .bib files: the only module that opens them.

``parse_bibtex`` (pure: text in, :class:`~mi_refs.model.Bibliography` out) and
``format_bibtex`` (pure: bibliography out as text) do the work; ``load`` and ``save`` add
the file system. bibtexparser v2's splitter finds the blocks; value expressions, names,
LaTeX and identifiers are resolved here, once, and every problem becomes a
:class:`~mi_refs.model.Problem` naming file, line, key and field while the other entries
still load.

Saving keeps the original text of every block whose reference is unchanged, so a
load-and-save is byte-identical, and an edited entry keeps the original text of every
field that was not edited.
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
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library

from mi_refs.entries import KNOWN_ENTRY_TYPES, NAME_FIELDS, VERBATIM_FIELDS, build_reference
from mi_refs.errors import UnreadableFileError
from mi_refs.files import write_atomically
from mi_refs.latex import normalize_space
from mi_refs.model import (
    Bibliography,
    Kind,
    Name,
    Problem,
    Reference,
    Severity,
    SourceBlock,
    SourceText,
)
from mi_refs.names import format_name_bibtex
from mi_refs.normalize import (
    normalize_doi,
    normalize_pages,
    normalize_pmcid,
    normalize_pmid,
    parse_date,
    parse_month,
)
from mi_refs.values import ValueSyntaxError, resolve_value

__all__ = ["KNOWN_ENTRY_TYPES", "format_bibtex", "load", "parse_bibtex", "save"]

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


def save(bibliography: Bibliography, path: str | os.PathLike[str] | None = None) -> None:
    """Write ``bibliography`` to ``path`` (default: the file it was read from), atomically:
    the text goes to a temporary file beside the target, which then replaces it."""
    target = Path(path) if path is not None else None
    if target is None:
        if bibliography.path is None:
            raise UnreadableFileError(
                "save: the bibliography was not read from a file; give a path"
            )
        target = Path(bibliography.path)
    encoding = bibliography.source.encoding if bibliography.source else "utf-8"
    write_atomically(target, format_bibtex(bibliography), encoding)


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


def _split(text: str) -> tuple[list[bp.Block], dict[int, str]]:
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
        blocks, messages = _split(self.text)
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


# --- writing -------------------------------------------------------------------------


def _format_names(names: tuple[Name, ...], truncated: bool) -> str:
    parts = [format_name_bibtex(name) for name in names]
    if truncated:
        parts.append("others")
    return " and ".join(parts)


def _bibtex_fields(reference: Reference) -> dict[str, str]:
    """The field values a reference stands for, as decoded text (for change detection)."""
    values = dict(reference.fields)
    typed: dict[str, str] = {
        "title": reference.title,
        "shortjournal": reference.shortjournal,
        "booktitle": reference.booktitle,
        "volume": reference.volume,
        "edition": reference.edition,
        "publisher": reference.publisher,
        "type": reference.type,
        "eventtitle": reference.eventtitle,
        "venue": reference.venue,
        "url": reference.url,
        "doi": reference.doi,
        "pmid": reference.pmid,
        "pmcid": reference.pmcid,
    }
    for name, value in typed.items():
        original = values.get(name, "")
        if name in {"doi", "pmid", "pmcid"} and original and value == _normal(name, original):
            continue  # the field holds a variant spelling of the same identifier
        if value or name in values:
            values[name] = value
    values["journal" if "journaltitle" not in values else "journaltitle"] = reference.journal
    if reference.authors or reference.authors_truncated:
        values["author"] = _format_names(reference.authors, reference.authors_truncated)
    if reference.editors or reference.editors_truncated:
        values["editor"] = _format_names(reference.editors, reference.editors_truncated)
    issue_field = "issue" if "issue" in values else "number"
    if reference.kind in {Kind.ARTICLE, Kind.ABSTRACT}:
        values[issue_field] = reference.issue
    else:
        values["number"] = reference.number
    if normalize_pages(values.get("pages", values.get("eid", ""))) != reference.pages:
        values["pages"] = reference.pages
    if reference.urldate is not None:
        values["urldate"] = reference.urldate.isoformat()
    for name in ("note", "organization", "address"):
        if getattr(reference, name) != _typed_from_fields(name, values):
            values[name] = getattr(reference, name)
    _set_date_fields(reference, values)
    return {name: value for name, value in values.items() if value}


def _set_date_fields(reference: Reference, values: dict[str, str]) -> None:
    """``year`` and ``month`` when they differ from what the fields (``year``, ``month``
    or an ISO ``date``) already say: a date-only entry gains no ``year`` field."""
    date = parse_date(values.get("date", "")) or (None, None, None)
    if reference.year != (values.get("year") or str(date[0] or "")):
        values["year"] = reference.year
    if reference.month != (parse_month(values.get("month", "")) or date[1]):
        values["month"] = str(reference.month or "")


def _normal(name: str, value: str) -> str | None:
    return {"doi": normalize_doi, "pmid": normalize_pmid, "pmcid": normalize_pmcid}[name](value)


def _typed_from_fields(name: str, values: Mapping[str, str]) -> str:
    fallbacks = {"note": "addendum", "organization": "institution", "address": "location"}
    return values.get(name, "") or values.get(fallbacks.get(name, ""), "")


_ESCAPES = str.maketrans({"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"})


def _escape(name: str, value: str) -> str:
    if name in VERBATIM_FIELDS or name in NAME_FIELDS:
        return value
    return value.translate(_ESCAPES)


def _new_value(name: str, value: str) -> str:
    text = normalize_pages(value).replace("-", "--") if name == "pages" else value
    return "{" + _escape(name, text) + "}"


def _format_entry(reference: Reference, original: SourceBlock | None) -> str:
    """BibTeX text for a new or edited entry. An edited entry keeps its layout: only the
    values of edited fields are replaced, removed fields go, new ones are added in the
    style of the last field; when that cannot be done safely, bibtexparser's writer
    writes the entry anew, still keeping the original text of every unedited field."""
    new_values = _bibtex_fields(reference)
    old_values: dict[str, str] = {}
    old_raw: dict[str, str] = {}
    if original is not None and original.reference is not None:
        old_values = _bibtex_fields(original.reference)
        old_raw = _raw_fields(original.text)
        same_head = (original.reference.key, original.reference.entry_type) == (
            reference.key,
            reference.entry_type,
        )
        if same_head:
            spliced = _splice(original.text.strip(), old_raw, old_values, new_values)
            if spliced is not None:
                return spliced
    fields = []
    for name, value in new_values.items():
        if name in old_raw and old_values.get(name) == value:
            fields.append(bp.Field(name, old_raw[name]))
        else:
            fields.append(bp.Field(name, _new_value(name, value)))
    entry = bp.Entry(reference.entry_type, reference.key, fields)
    return write_string(Library([entry]), unparse_stack=[]).strip("\n")


def _splice(
    text: str,
    old_raw: Mapping[str, str],
    old_values: Mapping[str, str],
    new_values: Mapping[str, str],
) -> str | None:
    """The entry's text with only the edited fields changed, or ``None`` when a field
    cannot be found unambiguously (the caller then rewrites the entry)."""
    spans: dict[str, re.Match[str]] = {}
    for name, raw in old_raw.items():
        pattern = re.compile(
            rf"(?im)^(?P<indent>[ \t]*)(?P<name>{re.escape(name)})(?P<equals>\s*=\s*)"
            rf"(?P<value>{re.escape(raw)})(?P<comma>\s*,)?[ \t]*\n?"
        )
        found = list(pattern.finditer(text))
        if len(found) != 1:
            return None
        spans[name] = found[0]
    edits: list[tuple[int, int, str]] = []
    for name, match in spans.items():
        if name not in new_values:
            edits.append((match.start(), match.end(), ""))
        elif old_values.get(name) != new_values[name]:
            edits.append(
                (match.start("value"), match.end("value"), _new_value(name, new_values[name]))
            )
    added = [name for name in new_values if name not in old_raw]
    if added:
        kept = [match for name, match in spans.items() if name in new_values]
        last = max(kept, key=lambda match: match.start(), default=None)
        closing = len(text.rstrip()) - 1
        if last is None or text[closing] not in "})":
            return None
        indent, equals = last.group("indent"), last.group("equals")
        width = len(last.group("name"))
        lines = "".join(
            f"{indent}{name.ljust(width)}{equals}{_new_value(name, new_values[name])},\n"
            for name in added
        )
        if last.group("comma") is None:  # the last field had no comma: give it one
            edits.append((last.end("value"), last.end("value"), ","))
        position = last.end() if text[last.end() - 1 : last.end()] == "\n" else closing
        edits.append((position, position, lines if position != closing else "\n" + lines))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    if set(_raw_fields(text)) != set(new_values):  # read it back: the same fields, or give up
        return None
    return text


def _raw_fields(text: str) -> dict[str, str]:
    blocks, _ = _split(text)
    for block in blocks:
        if isinstance(block, bp.Entry):
            return {field.key.lower(): str(field.value) for field in block.fields}
    return {}


def format_bibtex(bibliography: Bibliography) -> str:
    """The bibliography as BibTeX text. Blocks of the original file whose reference is
    unchanged (and comments, ``@string``, ``@preamble``, unreadable blocks) are written
    exactly as they were read; edited entries are rewritten in place; removed ones are
    dropped; new ones are appended."""
    current = {reference.key: reference for reference in bibliography.references}
    written: set[str] = set()
    out: list[str] = []
    blocks = bibliography.source.blocks if bibliography.source is not None else ()
    for block in blocks:
        if block.key is None or block.reference is None:
            out.append(block.text)
            continue
        reference = current.get(block.key)
        if reference is None or block.key in written:
            continue  # removed: drop the entry (the whitespace before it goes with it)
        written.add(block.key)
        if reference == block.reference:
            out.append(block.text)
        else:
            start = block.text.index(block.text.lstrip())
            out.append(block.text[:start] + _format_entry(reference, block))
    new = [reference for reference in bibliography.references if reference.key not in written]
    if new:
        text = "".join(out)
        if text and not text.endswith("\n\n"):
            out.append("\n" if text.endswith("\n") else "\n\n")
        out.append("\n\n".join(_format_entry(reference, None) for reference in new) + "\n")
    return "".join(out)
