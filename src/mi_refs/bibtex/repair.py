"""Repairs of a .bib's text that are unambiguous, for ``fix`` (issue #15): today one, the
comma missing between two fields (``journal = {Lancet} year = {2023}``), which the reader
already diagnoses and reads as two fields. Everything else a reader cannot read is left
byte for byte, and :func:`editable` says when an entry's text cannot be edited safely.

Pure: text in, text out.
"""

from __future__ import annotations

import re

from bibtexparser import model as bp

from mi_refs.bibtex.read import split_blocks
from mi_refs.bibtex.values import ValueSyntaxError, resolve_value
from mi_refs.model import SourceBlock

__all__ = ["editable", "missing_comma_repairs", "repair_missing_commas"]

_NEXT_FIELD = re.compile(r"^\s*([A-Za-z][\w:.+-]*)\s*=\s*\S")
_MAX_ROUNDS = 20  # one comma per round; an entry with more missing commas is left


def _repairs_in(text: str) -> list[tuple[int, str, str]]:
    """(offset in ``text`` where a comma goes, entry key, the field after it) for the
    first missing comma of each entry."""
    found: list[tuple[int, str, str]] = []
    blocks, _ = split_blocks(text)
    position = 0
    for block in blocks:
        raw = block.raw or ""
        start = text.find(raw, position) if raw else -1
        if start < 0:
            continue
        position = start + len(raw)
        if not isinstance(block, bp.Entry):
            continue
        for field in block.fields:
            value = str(field.value)
            resolved = resolve_value(value, {})
            if not isinstance(resolved, ValueSyntaxError) or resolved.value is None:
                continue
            rest = resolved.rest or ""
            match = _NEXT_FIELD.match(rest)
            if match is None or not value.endswith(rest):
                continue
            at = raw.find(value)
            if at < 0 or raw.find(value, at + 1) >= 0:
                continue  # the value is not found once in the entry: not unambiguous
            head = value[: len(value) - len(rest)]
            offset = start + at + len(head.rstrip())
            found.append((offset, block.key, match.group(1).lower()))
            break  # one per entry per round: offsets after it move
    return found


def missing_comma_repairs(text: str) -> tuple[str, dict[str, list[str]]]:
    """``text`` with every missing comma between two fields put back, and per entry key
    the fields a comma was put before. Only commas the reader diagnoses ("a comma is
    missing before field ...") are added; nothing else changes."""
    repaired: dict[str, list[str]] = {}
    for _ in range(_MAX_ROUNDS):
        repairs = _repairs_in(text)
        if not repairs:
            break
        for offset, key, field in sorted(repairs, reverse=True):
            text = text[:offset] + "," + text[offset:]
            repaired.setdefault(key, []).append(field)
    return text, repaired


def repair_missing_commas(text: str) -> str:
    """:func:`missing_comma_repairs` without the account of what was repaired."""
    return missing_comma_repairs(text)[0]


def editable(block: SourceBlock) -> bool:
    """An entry whose text says what its reference says: every field the reader read is
    a field of the text (no field read out of another's value, as when a comma is
    missing). Edits to any other entry are not written (``fix`` leaves it and says so)."""
    if block.reference is None:
        return False
    blocks, _ = split_blocks(block.text)
    entry = next((b for b in blocks if isinstance(b, bp.Entry)), None)
    if entry is None:
        return False
    in_text = {field.key.lower() for field in entry.fields}
    read = {name for name, _ in block.reference.fields}
    return read <= in_text
