"""The daily loop's import half as properties over every real export
(``tests/fixtures/imports``: MEDLINE, RIS, CSL-JSON, EndNote XML, Better BibTeX JSON and
Word with Zotero and Mendeley fields; provenance in its SOURCES.md), STYLE.md 19:

- import -> ``check``: no finding at error level, and every other finding is the
  source's own problem: the value it is about (a full journal title, a dotted
  abbreviation, a title-cased title, a name form) is in the export as the exporter wrote
  it, not made by import; offline verdicts (``unverified``, ``not-checkable``) are about
  the run, not the entry;
- ``fix --apply`` twice is ``fix --apply`` once, and after it no fix is left;
- importing the same export again changes no byte, and the rendered list with it.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

import mi_refs
from mi_refs.intake.fix import fix
from mi_refs.model import Severity

EXPORTS = Path(__file__).parent / "fixtures" / "imports"
FILES = sorted(p for p in EXPORTS.iterdir() if p.name != "SOURCES.md")
RUN_VERDICTS = {"unverified", "not-checkable"}  # offline: about the run, not the entry


def folded(text: str) -> str:
    """Letters and digits only, case folded: a value is found in an export whatever the
    export's markup, escapes or line breaks around it."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).casefold()
    return re.sub(r"\W+", "", text)


def export_text(path: Path) -> str:
    """What the exporter wrote: the file's text; for Word, the field codes' text (XML
    and JSON escapes undone)."""
    if path.suffix != ".docx":
        return path.read_text(encoding="utf-8-sig")
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", xml))
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def check(path: Path) -> mi_refs.CheckReport:
    return mi_refs.check(mi_refs.load(path), online=False, use_cache=False)


@pytest.fixture(params=FILES, ids=[p.name for p in FILES])
def imported(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    export: Path = request.param
    bib = tmp_path / "references.bib"
    mi_refs.import_file(export, bib, resolve=False)
    assert mi_refs.load(bib).references, export.name
    return export, bib


def test_what_import_writes_check_finds_only_the_sources_own_problems(
    imported: tuple[Path, Path],
) -> None:
    export, bib = imported
    source = folded(export_text(export))
    bibliography = mi_refs.load(bib)
    made = []
    for finding in check(bib).findings():
        if finding.code in RUN_VERDICTS:
            continue
        assert finding.severity is not Severity.ERROR, finding
        value = finding.stored
        if value is None and finding.key and finding.field:
            value = bibliography[finding.key].get(finding.field)
        # A name is found by its parts (exports keep family and given names apart).
        parts = re.split(r"[,\s]+", value) if finding.field == "author" and value else [value]
        if not value or not all(folded(part) in source for part in parts if part):
            made.append((finding.key, finding.code, finding.field, value, finding.message))
    assert made == [], f"findings about values {export.name} does not hold: {made}"


def test_fix_apply_twice_is_fix_apply_once(imported: tuple[Path, Path]) -> None:
    _export, bib = imported
    fix(mi_refs.load(bib), check(bib), apply=True)
    once = bib.read_bytes()
    second = fix(mi_refs.load(bib), check(bib), apply=True)
    assert second.diff == ""
    assert bib.read_bytes() == once


def test_importing_again_changes_nothing(imported: tuple[Path, Path]) -> None:
    export, bib = imported
    before = bib.read_bytes()
    rendered = mi_refs.render(mi_refs.load(bib))
    mi_refs.import_file(export, bib, resolve=False)
    assert bib.read_bytes() == before
    assert mi_refs.render(mi_refs.load(bib)) == rendered


def test_every_export_format_is_covered() -> None:
    suffixes = {p.suffix for p in FILES}
    assert {".nbib", ".ris", ".json", ".xml", ".docx", ".txt"} <= suffixes
    assert len(FILES) >= 20


def test_the_sentence_case_suggestion_keeps_personal_names(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    mi_refs.import_file(EXPORTS / "rayyan-export-multiline-KW-asreview.txt", bib, resolve=False)
    (finding,) = [
        f
        for f in check(bib).findings()
        if f.code == "style" and f.field == "title" and "Chairs" in (f.stored or "")
    ]
    assert finding.suggestion is not None
    assert "Mary Tully and Brit Cadman" in finding.suggestion, finding.suggestion
