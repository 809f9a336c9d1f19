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
import hashlib
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import bibtexparser.splitter
from bibtexparser import model as bp
from charset_normalizer import from_bytes

from mi_refs.bibtex.fields import KNOWN_ENTRY_TYPES, FieldIssue, build_reference
from mi_refs.bibtex.latex import normalize_space
from mi_refs.bibtex.values import (
    MACRO_FILE_BUDGET,
    MACRO_VALUE_LIMIT,
    ValueSyntaxError,
    resolve_value,
)
from mi_refs.errors import UnreadableFileError
from mi_refs.model import (
    Bibliography,
    Problem,
    Reference,
    Severity,
    SourceBlock,
    SourceText,
)

__all__ = [
    "KNOWN_ENTRY_TYPES",
    "decode_bytes",
    "issue_problems",
    "load",
    "parse_bibtex",
    "read_written_entry",
    "split_blocks",
]

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
    text, encoding, message = decode_bytes(data)
    bib = parse_bibtex(text, source=str(file))
    digest = hashlib.sha256(data).hexdigest()  # save refuses to write over a changed file
    if encoding == "utf-8":
        source = bib.source and dataclasses.replace(bib.source, digest=digest)
        return dataclasses.replace(bib, source=source)
    warnings = []
    if message:
        warnings.append(Problem("parse-error", message, str(file), severity=Severity.WARNING))
    source = bib.source and dataclasses.replace(bib.source, encoding=encoding, digest=digest)
    return dataclasses.replace(bib, problems=(*warnings, *bib.problems), source=source)


_NAMES = {"utf_8": "utf-8", "cp1252": "windows-1252", "latin_1": "latin-1", "iso8859_1": "latin-1"}


def decode_bytes(data: bytes) -> tuple[str, str, str]:
    """The text of a .bib file, the encoding that reads it (and writes it back byte for
    byte) and a warning when it is not plain UTF-8.

    UTF-8 (with or without a byte-order mark) is read as such. Anything else is read as
    Windows-1252 (Latin-1 with curly quotes, dashes and the euro sign in 0x80-0x9F, where
    Latin-1 has control characters nobody types) or as charset-normalizer's guess,
    whichever reads more of the non-ASCII bytes as letters inside words or typography
    (:func:`_word_letters`); on a tie Windows-1252 when the guess is of the Latin-1
    family or a byte is in 0x80-0x9F (curly quotes, dashes), else the guess.
    charset-normalizer alone guesses badly on a small file (``Müller, Jérôme`` in
    Windows-1252 as Baltic cp775: ``M³ller``), and a wrong guess silently changes every
    name when the file is written again. The choice must decode and
    re-encode to the same bytes, else Latin-1 (which always does) is used.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig", ""
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best is not None else "latin_1"
    readings: list[tuple[int, int, str, str]] = []
    western = guess in _LATIN_1 or any(0x80 <= byte <= 0x9F for byte in data)
    order = ("cp1252", guess) if western else (guess, "cp1252")
    for rank, encoding in enumerate(dict.fromkeys((*order, "latin_1"))):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if text.encode(encoding) != data:
            continue
        readings.append((_word_letters(text), -rank, encoding, text))
    _, _, encoding, text = max(readings)
    name = _NAMES.get(encoding, encoding)
    message = (
        f"the file is not UTF-8 (first byte that is not, on line {line}); "
        f"read as {name} and saved the same way"
    )
    return text, name, message


def _word_letters(text: str) -> int:
    """How many non-ASCII characters of ``text`` read as what .bib files hold: letters
    next to another letter (the ``ü`` of ``Müller``) and typographic punctuation (curly
    quotes, dashes, the euro sign). A right reading of a legacy file makes its accented
    names letters; a wrong one makes them symbols (``M³ller``) or controls, which count
    against it (a UTF-16 file read as Windows-1252 is mostly NUL characters)."""
    count = -sum(1 for _ in _CONTROL.finditer(text))
    for match in _NON_ASCII.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        in_word = before.isalpha() or after.isalpha() or end - start > 1
        for char in match.group():
            if char in _TYPOGRAPHY or (in_word and char.isalpha()):
                count += 1
    return count


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TYPOGRAPHY = frozenset(
    "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac\u00b0\u00b1\u00d7\u00a7\u00a9\u00ae\u00ab\u00bb"
)
_LATIN_1 = {"latin_1", "iso8859_1", "iso8859_15", "cp1252"}


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
        self.unread_macros: dict[str, int] = {}  # @string names that could not be read: line
        self.macro_budget = self.macro_file_budget = MACRO_FILE_BUDGET + 10 * len(text)
        self.problems: list[Problem] = []
        self.references: list[Reference] = []
        self.seen_keys: dict[str, int] = {}
        self.key_suffixes: dict[str, int] = {}  # a generated key: the x's it took last
        self.odd_keys: dict[str, str] = {}

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
        parsed, self.odd_keys = _mask_odd_keys(self.text)
        blocks, messages = split_blocks(parsed)
        source_blocks: list[SourceBlock] = []
        position = 0
        for block in blocks:
            raw = block.raw or ""
            start = parsed.find(raw, position) if raw else -1
            if start < 0:
                continue  # cannot place it: its text stays in the next block's slice
            end = start + len(raw)
            chunk = self.text[position:end]  # the masked keys have their own length
            position = end
            line = (block.start_line or 0) + 1
            if isinstance(block, bp.Entry) and block.key in self.odd_keys:
                block.key = self.odd_keys[block.key]
                self.problem(
                    "parse-error",
                    f"the key {block.key!r} holds '=': pandoc and biblatex read it, "
                    "BibTeX and many other tools do not",
                    line,
                    block.key,
                    severity=Severity.WARNING,
                )
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
        if isinstance(block, bp.DuplicateBlockKeyBlock) and not block.key.strip():
            entry = block.ignore_error_block
            if isinstance(entry, bp.Entry):
                return self.read_entry(entry, line)
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
            if isinstance(entry, bp.Entry):
                return self.read_entry(entry, line)
            self.problem("parse-error", "cannot read this entry", line, _key_of(block.raw))
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

    def resolve(self, raw: str) -> tuple[str, list[str]] | ValueSyntaxError:
        """:func:`resolve_value` within the file's budget for macro expansion; a value
        that uses a macro that could not be read cannot be read either."""
        limit = min(MACRO_VALUE_LIMIT, self.macro_budget)
        resolved = resolve_value(raw, self.macros, limit)
        if isinstance(resolved, ValueSyntaxError):
            if resolved.macro is not None and limit < MACRO_VALUE_LIMIT:
                message = (
                    f"its @string macros (at {resolved.macro!r}) would take the file past the "
                    f"{self.macro_file_budget:,} characters macros may add to one file"
                )
                return dataclasses.replace(resolved, message=message)
            return resolved
        for name in resolved[1]:
            line = self.unread_macros.get(name.lower())
            if line is not None:
                return ValueSyntaxError(
                    f"it uses @string macro {name!r}, which could not be read (line {line})"
                )
        self.macro_budget = max(0, self.macro_budget - max(0, len(resolved[0]) - len(raw)))
        return resolved

    def read_string(self, block: bp.String, line: int) -> None:
        resolved = self.resolve(str(block.value))
        if isinstance(resolved, ValueSyntaxError):
            message = f"@string {block.key}: {resolved.message}; the macro is not defined"
            self.problem("parse-error", message, line, block.key)
            self.unread_macros[block.key.lower()] = line
            return
        value, undefined = resolved
        for name in undefined:
            self.problem("parse-error", f"@string {block.key}: undefined macro {name!r}", line)
        self.macros[block.key.lower()] = value

    def read_entry(self, entry: bp.Entry, line: int) -> Reference | None:
        key = entry.key.strip()
        entry_type = entry.entry_type.lower()
        fields: list[tuple[str, str]] = []
        pending = [
            (field.key, str(field.value), (field.start_line or line - 1) + 1)
            for field in entry.fields
        ]
        while pending:
            name, raw, field_line = pending.pop(0)
            name = name.lower()
            resolved = self.resolve(raw)
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
        seen: set[str] = set()
        for name, _ in fields:
            if name in seen:
                self.problem(
                    "parse-error",
                    f"field {name!r} is given twice; the first value is used (as BibTeX does)",
                    line,
                    key or None,
                    field=name,
                    severity=Severity.WARNING,
                )
            seen.add(name)
        if not key:
            key = self.generated_key(fields, line)
            self.problem(
                "parse-error",
                f"@{entry_type} entry has no key; it is given the key {key!r}",
                line,
                key,
                severity=Severity.WARNING,
            )
        reference, issues = build_reference(key, entry_type, fields, line)
        self.problems += issue_problems(issues, self.source, line, key)
        self.seen_keys.setdefault(key, line)
        self.references.append(reference)
        return reference

    def generated_key(self, fields: list[tuple[str, str]], line: int) -> str:
        """A key for an entry that has none: the first author's surname (ASCII letters,
        lower case) and the year, then ``-line`` and the entry's line: ``smith2020-line12``
        (``entry-line12`` without author or year). The line makes it unique in the file
        and stable as long as the entries above are not edited."""
        values = dict(fields)
        first = re.split(r"(?<!\s)\s+and\s+", values.get("author", ""), maxsplit=1)[0]
        surname = first.split(",")[0].split()[-1] if first.strip() else ""
        if "," not in first and first.split():
            surname = first.split()[-1]
        stem = re.sub(r"[^a-z]", "", surname.lower())
        year = re.sub(r"\D", "", values.get("year", "") or values.get("date", "")[:4])[:4]
        key = f"{stem}{year}-line{line}" if stem or year else f"entry-line{line}"
        # the x's this key took last time: keys are never forgotten, so fewer are taken
        # (each entry trying them all from none was cubic in one line's entries, issue 22)
        count = self.key_suffixes.get(key, 0)
        while key + "x" * count in self.seen_keys:
            count += 1
        self.key_suffixes[key] = count
        return key + "x" * count


def issue_problems(
    issues: Iterable[FieldIssue], source: str, line: int | None, key: str
) -> list[Problem]:
    """The problems an entry's field issues are, as the loader reports them."""
    problems = []
    for issue in issues:
        message = issue.message
        if issue.code != "missing-field":
            message = f"field {issue.field!r}: {message}"
        problems.append(
            Problem(issue.code, message, source, line, key, issue.field, issue.severity)
        )
    return problems


# An entry as the writer lays it out (:func:`~mi_refs.bibtex.write.format_entry`).
_WRITTEN_HEAD = re.compile(r"@([a-z]+)\{([A-Za-z0-9_:.+/-]+),\n")
_WRITTEN_NAME = re.compile(r"[a-z][a-z0-9_:.+-]*")
_WRITTEN_FIELD = re.compile(rf"\t({_WRITTEN_NAME.pattern}) = \{{")
_BRACE = re.compile(r"[{}]")
# Where the splitter would not read a value as its braces say: a brace, quote or line
# break after a backslash (not a delimiter to it), an @ that starts a line (a new block).
_NOT_PLAIN = re.compile(r'\\[{}"\n]|\n\s*@')  # \s: str.isspace, as the splitter


_NAMES_READ: set[str] = set()  # field names _WRITTEN_NAME matches, as they are met


def _field_name(name: str) -> bool:
    """Whether ``name`` is a field name as the writer writes it (remembered when it is)."""
    if _WRITTEN_NAME.fullmatch(name) is None:
        return False
    if len(_NAMES_READ) < 4096:  # a few dozen in practice; bounded whatever the input
        _NAMES_READ.add(name)
    return True


def read_written_entry(text: str) -> tuple[str, str, list[tuple[str, str]]] | None:
    """Entry type, key and fields (name, value) that :func:`parse_bibtex` reads from one
    entry laid out as the writer lays it out (``@type{key,`` then a tab, ``name = {value}``
    and a comma a line, the closing brace on a line of its own), with no problem on the
    way: no brace, quote or line break after a backslash, no line of a value that starts
    with ``@``, braces balanced in each value, no field twice. ``None`` for any other
    text: only :func:`parse_bibtex` can say how that reads. A scan of the text, without
    the splitter (reading back an import's 200,000 entries took half its time)."""
    head = _WRITTEN_HEAD.match(text)
    if head is None or head.group(1).startswith(("comment", "preamble", "string")):
        return None
    if ("\\" in text or text.find("@", 1) >= 0) and _NOT_PLAIN.search(text):
        return None  # (without a backslash or a second @, _NOT_PLAIN cannot match)
    body = text[head.end() :]
    if body.startswith("\t") and body.endswith("}\n}"):  # the values hold no brace:
        parts = body[1:-3].split("},\n\t")  # each is "name = {value"
        if text.count("{") == text.count("}") == len(parts) + 1:
            plain = [part.partition(" = {") for part in parts]
            if len({name for name, _, _ in plain}) == len(plain):  # no field twice
                for name, equals, _ in plain:
                    if not equals or (name not in _NAMES_READ and not _field_name(name)):
                        break
                else:
                    fields = [(name, value) for name, _, value in plain]
                    return head.group(1), head.group(2), fields
    return _read_braced_fields(text, head)


def _read_braced_fields(
    text: str, head: re.Match[str]
) -> tuple[str, str, list[tuple[str, str]]] | None:
    fields: list[tuple[str, str]] = []
    position = head.end()
    while True:
        field = _WRITTEN_FIELD.match(text, position)
        if field is None:
            return None
        depth, close = 1, -1
        for brace in _BRACE.finditer(text, field.end()):
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                close = brace.end()
                break
        if close < 0 or any(name == field.group(1) for name, _ in fields):
            return None
        fields.append((field.group(1), text[field.end() : close - 1]))
        if text.startswith(",\n", close):
            position = close + 2
        elif close + 2 == len(text) and text.endswith("\n}"):
            return head.group(1), head.group(2), fields
        else:
            return None


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


_ODD_KEY = re.compile(r"(?m)^([ \t]*@[ \t]*\w+[ \t]*[{(][ \t]*)([^,\s{}()=]*=[^,\s{}()]*)(?=\s*,)")
_MASK_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _mask_odd_keys(text: str) -> tuple[str, dict[str, str]]:
    """``text`` with every entry key that holds ``=`` (``@misc{https://x.org/?a=1,``:
    legal for pandoc and biblatex, refused by bibtexparser's splitter) replaced by a
    placeholder of the same length, so offsets stay those of ``text``; and the
    placeholders' keys. A key too short for a unique placeholder is left as it is (its
    entry is then reported unreadable)."""
    found: dict[str, str] = {}

    def mask(match: re.Match[str]) -> str:
        key = match.group(2)
        number, code = len(found), ""
        while True:
            number, digit = divmod(number, len(_MASK_CHARS))
            code += _MASK_CHARS[digit]
            if number == 0:
                break
        placeholder = ("z" + code).ljust(len(key), "_")
        if len(placeholder) > len(key) or placeholder in text:
            return match.group(0)
        found[placeholder] = key
        return match.group(1) + placeholder

    if "=" not in text:
        return text, found
    return _ODD_KEY.sub(mask, text), found


def _key_of(raw: str | None) -> str | None:
    return _head_of(raw)[1]


def parse_bibtex(text: str, source: str = "<string>") -> Bibliography:
    """Parse BibTeX text. ``source`` names it in problems (a file path, or ``<string>``)."""
    return _Reader(text, source).read()
