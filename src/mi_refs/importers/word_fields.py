"""Citations stored in Word documents by Zotero and Mendeley: each citation is a field
whose code is ``ADDIN ZOTERO_ITEM CSL_CITATION {json}`` (Zotero) or ``ADDIN
CSL_CITATION {json}`` (Mendeley), the JSON holding ``citationItems[].itemData``: CSL-JSON
items, read by :mod:`mi_refs.importers.csl_json`. An item cited several times is read
once (by its ``uris``/``id``). Bibliography fields (``ZOTERO_BIBL``,
``CSL_BIBLIOGRAPHY``) carry no items and are skipped.

The package is read with :mod:`zipfile` and defusedxml (no entity expansion), with caps
on the parts' sizes; no other part of mi-refs is needed to read it."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from mi_refs.importers.csl_json import read_csl_item
from mi_refs.importers.record import ImportedRecord, load_json
from mi_refs.model import Problem, Severity

__all__ = ["field_codes", "read_word_fields"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
_PART_CAP = 64 * 1024 * 1024  # uncompressed bytes per part
_MARKERS = ("CSL_CITATION",)


def field_codes(xml: bytes) -> list[str]:
    """The code of every complex field (``w:fldChar`` begin ... separate, the
    ``w:instrText`` runs joined) and every simple field (``w:fldSimple/@w:instr``), in
    document order."""
    root = fromstring(xml)
    codes: list[str] = []
    stack: list[list[str]] = []
    for element in root.iter():
        if element.tag == f"{_W}fldChar":
            kind = element.get(f"{_W}fldCharType")
            if kind == "begin":
                stack.append([])
            elif kind in {"separate", "end"} and stack:
                codes.append("".join(stack.pop()))
                if kind == "separate":
                    stack.append(["\0"])  # the result part: its instrText is not code
        elif element.tag == f"{_W}instrText" and stack:
            stack[-1].append(element.text or "")
        elif element.tag == f"{_W}fldSimple":
            codes.append(element.get(f"{_W}instr", ""))
    return [code.strip() for code in codes if code and not code.startswith("\0")]


def _citation_json(code: str) -> tuple[Any, str]:
    start = code.find("{")
    if start < 0:
        return None, ""
    data, error, _ = load_json(code[start : code.rfind("}") + 1])
    return data, error


def _cited_items(
    code: str, names: tuple[str, str, str], seen: set[str], records: list[ImportedRecord]
) -> list[Problem]:
    """Append the items of one citation field not seen before to ``records``; the
    field's problems. ``names``: the file, the field in words, the records' source."""
    source, label, where = names
    citation, error = _citation_json(code)
    if error:
        return [Problem("parse-error", f"{label}: its JSON cannot be read ({error})", source)]
    items = citation.get("citationItems", []) if isinstance(citation, dict) else []
    for item in items:
        data_item = item.get("itemData") if isinstance(item, dict) else None
        if not isinstance(data_item, dict):
            continue
        try:
            identity = json.dumps(
                item.get("uris") or data_item.get("id") or data_item, sort_keys=True
            )
            if identity not in seen:
                seen.add(identity)
                records.append(read_csl_item(data_item, where))
        except RecursionError:
            return [Problem("parse-error", f"{label}: an item is nested too deeply", source)]
    return []


def read_word_fields(data: bytes, source: str) -> tuple[list[ImportedRecord], list[Problem]]:
    """The distinct CSL items cited through Zotero or Mendeley fields in a .docx."""
    problems: list[Problem] = []
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        return [], [Problem("parse-error", f"not a Word document (.docx): {exc}", source)]
    records: list[ImportedRecord] = []
    seen: set[str] = set()
    fields_found = 0
    with package:
        names = set(package.namelist())
        for part in _PARTS:
            if part not in names:
                continue
            if package.getinfo(part).file_size > _PART_CAP:
                problems.append(Problem("parse-error", f"{part} is too large to read", source))
                continue
            try:
                codes = field_codes(package.read(part))
            except (ParseError, DefusedXmlException) as exc:
                problems.append(Problem("parse-error", f"{part}: {exc}", source))
                continue
            for code in codes:
                words = code.split()
                if (
                    len(words) < 2
                    or words[0] != "ADDIN"
                    or not any(m in words[1:3] for m in _MARKERS)
                ):
                    continue
                fields_found += 1
                label = f"citation field {fields_found} in {part}"
                where = f"{source}: citation field {fields_found} ({part})"
                problems += _cited_items(code, (source, label, where), seen, records)
    if not fields_found:
        message = "no Zotero or Mendeley citation fields (ADDIN ... CSL_CITATION) in the document"
        problems.append(Problem("parse-error", message, source, severity=Severity.WARNING))
    return records, problems
