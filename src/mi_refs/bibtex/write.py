"""Writing .bib files: ``format_bibtex`` (pure) and ``save`` (atomic, to a file).

Saving keeps the original text of every block whose reference is unchanged, so a
load-and-save is byte-identical, and an edited entry keeps the original text of every
field that was not edited.
"""

from __future__ import annotations

import dataclasses
import operator
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NoReturn

from bibtexparser import model as bp

from mi_refs.bibtex.fields import DECODED_FIELDS, ISSUE_KINDS, NAME_FIELDS, VERBATIM_FIELDS
from mi_refs.bibtex.latex import to_latex
from mi_refs.bibtex.names import format_name_bibtex
from mi_refs.bibtex.normalize import (
    normalize_doi,
    normalize_pages,
    normalize_pmcid,
    normalize_pmid,
    parse_date,
    read_month,
)
from mi_refs.bibtex.read import parse_bibtex, split_blocks
from mi_refs.errors import UnreadableFileError
from mi_refs.files import locked_output, replace_unchanged, same_file, write_atomically
from mi_refs.model import Bibliography, Name, Reference, SourceBlock

__all__ = [
    "format_bibtex",
    "format_entries",
    "format_entry",
    "format_pieces",
    "has_special",
    "save",
]


def save(
    bibliography: Bibliography,
    path: str | os.PathLike[str] | None = None,
    *,
    text: str | Sequence[str] | None = None,
) -> None:
    """Write ``bibliography`` to ``path`` (default: the file it was read from), atomically:
    the text goes to a temporary file beside the target, which then replaces it. ``text``:
    its :func:`format_bibtex`, when the caller has it already (not formatted again), or
    its :func:`format_pieces` (a UTF-8 file is then written a piece at a time: the whole
    text is never held, nor its bytes)."""
    target = Path(path) if path is not None else None
    if target is None:
        if bibliography.path is None:
            raise UnreadableFileError(
                "save: the bibliography was not read from a file; give a path"
            )
        target = Path(bibliography.path)
    encoding = bibliography.source.encoding if bibliography.source else "utf-8"
    data: bytes | Sequence[str]
    if text is not None and not isinstance(text, str) and _encodes(text, encoding):
        data = text  # written as it is encoded
    else:
        whole = "".join(text) if text is not None and not isinstance(text, str) else text
        data = _encoded(format_bibtex(bibliography) if whole is None else whole, encoding, target)
    digest = bibliography.source.digest if bibliography.source else ""
    if digest and bibliography.path is not None and _same_path(target, bibliography.path):
        # over the file it was read from: only if that file is still what was read
        replace_unchanged(target, data, digest, encoding)
        return
    with locked_output(target):
        write_atomically(target, data, encoding)


def _encodes(pieces: Sequence[str], encoding: str) -> bool:
    """Whether UTF-8 holds every piece as it is (anything else goes through
    :func:`_encoded`, which writes what the encoding cannot hold as LaTeX, or refuses)."""
    for piece in pieces:
        if encoding != "utf-8":
            return False
        if not piece.isascii():
            try:
                piece.encode(encoding)
            except UnicodeEncodeError:
                return False
    return encoding == "utf-8"


def _same_path(target: Path, read_from: str) -> bool:
    """Whether ``target`` is the file a bibliography was read from (the same file, or
    the same path when that file is gone)."""
    return same_file(target, read_from) or Path(target).resolve() == Path(read_from).resolve()


def _encoded(text: str, encoding: str, target: Path) -> bytes:
    """``text`` in the file's ``encoding``; a character it cannot hold (a new author's
    ``Š`` in a Windows-1252 file) is written as LaTeX (``{\\v{S}}``), so the file keeps
    its encoding and loses nothing. Raises :class:`UnreadableFileError` naming the
    character and its line when it has no LaTeX form, or when its LaTeX would not read
    back as the same value (in a URL or a DOI, say): nothing is written then."""
    pieces: list[bytes] = []
    start = 0
    while True:
        try:
            pieces.append(text[start:].encode(encoding))
            break
        except UnicodeEncodeError as exc:
            pieces.append(text[start : start + exc.start].encode(encoding))
            for char in exc.object[exc.start : exc.end]:
                latex = to_latex(char)
                if latex is None:
                    _refuse(text, start + exc.start, char, encoding, target)
                pieces.append(latex.encode(encoding))
            start += exc.end
    data = pieces[0] if len(pieces) == 1 else b"".join(pieces)  # no copy of a whole file
    if start:  # LaTeX was written: it must read back as the text it stands for
        before = {r.key: _comparable(r) for r in parse_bibtex(text).references}
        for written in parse_bibtex(data.decode(encoding)).references:
            expected, reference = before.get(written.key), _comparable(written)
            if expected is not None and expected != reference:
                name = next(
                    (f.name for f in dataclasses.fields(expected)
                     if getattr(expected, f.name) != getattr(reference, f.name)),
                    "?",
                )  # fmt: skip
                raise UnreadableFileError(
                    f"{target}: entry {reference.key!r} ({name}): a character the file's "
                    f"encoding ({encoding}) cannot hold would not read back from LaTeX "
                    "there; nothing written (save the file as UTF-8 to keep it)"
                )
    return data


def _comparable(reference: Reference) -> Reference:
    """What a reference reads as, less where it is and its names' raw text (read into
    ``authors`` and ``editors``)."""
    fields = tuple((name, value) for name, value in reference.fields if name not in NAME_FIELDS)
    return dataclasses.replace(reference, line=None, fields=fields)


def _refuse(text: str, position: int, char: str, encoding: str, target: Path) -> NoReturn:
    line = text.count("\n", 0, position) + 1
    raise UnreadableFileError(
        f"{target}: line {line}: {char!r} (U+{ord(char):04X}) cannot be written in the "
        f"file's encoding ({encoding}) without loss, nor as LaTeX; nothing written "
        "(save the file as UTF-8 to keep it)"
    )


def _format_names(names: tuple[Name, ...], truncated: bool) -> str:
    parts = [format_name_bibtex(name) for name in names]
    if truncated:
        parts.append("others")
    return " and ".join(parts)


# The fields a reference holds in attributes of their own (each by its field's name).
_TYPED = (
    "title", "shortjournal", "booktitle", "volume", "edition", "publisher", "type",
    "eventtitle", "venue", "url", "doi", "pmid", "pmcid",
)  # fmt: skip
_typed_values = operator.attrgetter(*_TYPED)
_NORMAL = {"doi": normalize_doi, "pmid": normalize_pmid, "pmcid": normalize_pmcid}


def _bibtex_fields(reference: Reference) -> dict[str, str]:
    """The field values a reference stands for, as decoded text (for change detection)."""
    values = dict(reference.fields)
    for name, value in zip(_TYPED, _typed_values(reference), strict=True):
        original = values.get(name, "")
        if value == original:
            continue  # as the field has it (most are)
        if name in _NORMAL and original and value == _NORMAL[name](original):
            continue  # the field holds a variant spelling of the same identifier
        if value or name in values:
            values[name] = value
    values["journal" if "journaltitle" not in values else "journaltitle"] = reference.journal
    if reference.authors or reference.authors_truncated:
        values["author"] = _format_names(reference.authors, reference.authors_truncated)
    if reference.editors or reference.editors_truncated:
        values["editor"] = _format_names(reference.editors, reference.editors_truncated)
    issue_field = "issue" if "issue" in values else "number"
    if reference.kind in ISSUE_KINDS:
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
    if not values.get("date") and not values.get("month"):  # most: a year alone
        _set_year_and_month(reference, values)
        return
    date = parse_date(values.get("date", "")) or (None, None, None)
    if reference.year != (values.get("year") or str(date[0] or "")):
        values["year"] = reference.year
    month_text = values.get("month", "")
    read = read_month(month_text)
    if read is not None and (reference.month, reference.month_end, reference.event_days) == read:
        return  # Oct, Jul-Sep, a meeting's May 2-8: as written
    if reference.month != (read[0] if read is not None else date[1]):
        values["month"] = str(reference.month or "")


def _set_year_and_month(reference: Reference, values: dict[str, str]) -> None:
    """:func:`_set_date_fields` of fields without ``date`` and ``month`` (which read as
    no date and no month)."""
    if reference.year != (values.get("year") or ""):
        values["year"] = reference.year
    if reference.month is not None:
        values["month"] = str(reference.month or "")


_FALLBACKS = {"note": "addendum", "organization": "institution", "address": "location"}


def _typed_from_fields(name: str, values: Mapping[str, str]) -> str:
    found = values.get(name, "") or values.get(_FALLBACKS.get(name, ""), "")
    return found or (values.get("school", "") if name == "organization" else "")


_ESCAPES = str.maketrans({"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"})


_SPECIAL = re.compile(r"[&%$#_]|--")  # what _escape changes


def has_special(value: str) -> bool:
    """Whether ``_SPECIAL`` (what the writer escapes) is in ``value``, by substring tests
    (an alternation is tried at every position of the value; a character is found by
    memchr). ``intake/importing.py`` asks it too."""
    return (
        "&" in value
        or "%" in value
        or "$" in value
        or "#" in value
        or "_" in value
        or "--" in value
    )


_AS_IS = (VERBATIM_FIELDS | frozenset(NAME_FIELDS)) - {"pages"}  # never escaped


def _escape(name: str, value: str) -> str:
    if name in VERBATIM_FIELDS or name in NAME_FIELDS or not has_special(value):
        return value
    text = value.translate(_ESCAPES)
    if name in DECODED_FIELDS and name != "pages":  # a literal "--" (1-->4) is not an en dash
        text = text.replace("--", "-{}-")
    return text


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
    if not old_raw and not has_special("\0".join(new_values.values())):
        fields = [  # a new entry whose values need no escape: only the pages' dashes
            (name, "{" + value + "}") if name != "pages" else (name, _new_value(name, value))
            for name, value in new_values.items()
        ]
        return _entry_text(reference.entry_type, reference.key, fields)
    if not old_raw:  # a new entry: each value as _new_value writes it
        fields = [
            (name, "{" + value + "}")
            if name in _AS_IS or (name != "pages" and not has_special(value))
            else (name, _new_value(name, value))
            for name, value in new_values.items()
        ]
        return _entry_text(reference.entry_type, reference.key, fields)
    fields = [
        (name, old_raw[name])
        if name in old_raw and old_values.get(name) == value
        else (name, _new_value(name, value))
        for name, value in new_values.items()
    ]
    return _entry_text(reference.entry_type, reference.key, fields)


def _entry_text(entry_type: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    """An entry as bibtexparser's writer lays it out with its default format (a tab
    before each ``name = value``, no comma after the last, the brace on a line of its own),
    byte for byte, without building a library for it (a test compares the two)."""
    if not fields:
        return f"@{entry_type}{{{key},\n}}"
    body = ",\n\t".join([f"{name} = {value}" for name, value in fields])
    return f"@{entry_type}{{{key},\n\t{body}\n}}"


def format_entry(reference: Reference) -> str:
    """The text of a new entry, as :func:`format_entries` appends it."""
    return _format_entry(reference, None)


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
        # the column of "=" is kept: ``pages        = {..}`` gets ``shortjournal = {..}``
        column = len(last.group("name")) + len(equals) - len(equals.lstrip(" \t"))
        after = equals.lstrip(" \t")
        lines = "".join(
            f"{indent}{name.ljust(column - 1)} {after}{_new_value(name, new_values[name])},\n"
            if len(name) < column and len(equals) - len(after) > 1  # aligned fields
            else f"{indent}{name.ljust(len(last.group('name')))}{equals}"
            f"{_new_value(name, new_values[name])},\n"
            for name in added
        )
        if last.group("comma") is None:  # the last field had no comma: give it one
            edits.append((last.end("value"), last.end("value"), ","))
        position = last.end() if text[last.end() - 1 : last.end()] == "\n" else closing
        newline = text[position - 1 : position] == "\n"
        edits.append((position, position, lines if newline else "\n" + lines))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    if set(_raw_fields(text)) != set(new_values):  # read it back: the same fields, or give up
        return None
    return text


def _raw_fields(text: str) -> dict[str, str]:
    blocks, _ = split_blocks(text)
    for block in blocks:
        if isinstance(block, bp.Entry):
            return {field.key.lower(): str(field.value) for field in block.fields}
    return {}


def format_bibtex(bibliography: Bibliography) -> str:
    """The bibliography as BibTeX text. Blocks of the original file whose reference is
    unchanged (and comments, ``@string``, ``@preamble``, unreadable blocks) are written
    exactly as they were read; edited entries are rewritten in place; removed ones are
    dropped; new ones are appended."""
    return format_entries(bibliography)[0]


def format_entries(
    bibliography: Bibliography, texts: Mapping[str, str] | None = None
) -> tuple[str, dict[str, str]]:
    """:func:`format_bibtex`'s text, and the text of each entry it formatted (edited or
    new), by key: a caller that needs those too formats nothing twice. ``texts``: new
    entries' texts the caller has from :func:`format_entry` for these very references,
    by key (used as they are)."""
    pieces, formatted = format_pieces(bibliography, texts)
    return "".join(pieces), formatted


def format_pieces(
    bibliography: Bibliography, texts: Mapping[str, str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """:func:`format_entries`, its text in pieces (``"".join`` gives it): a caller that
    only writes the text never holds it whole (:func:`save` takes the pieces)."""
    formatted: dict[str, str] = {}
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
            formatted[block.key] = _format_entry(reference, block)
            out.append(block.text[:start] + formatted[block.key])
    new = [reference for reference in bibliography.references if reference.key not in written]
    if new:
        ending = _ending(out)
        if ending and not ending.endswith("\n\n"):
            out.append("\n" if ending.endswith("\n") else "\n\n")
        for number, reference in enumerate(new):
            given = texts.get(reference.key) if texts else None
            formatted[reference.key] = given or _format_entry(reference, None)
            if number:
                out.append("\n\n")
            out.append(formatted[reference.key])
        out.append("\n")
    return out, formatted


def _ending(pieces: Sequence[str], size: int = 2) -> str:
    """The last ``size`` characters of the pieces' text (fewer when it is shorter)."""
    end = ""
    for piece in reversed(pieces):
        end = piece[-size:] + end
        if len(end) >= size:
            break
    return end[-size:]
