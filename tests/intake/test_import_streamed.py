"""MEDLINE and RIS records are converted as they are read (issue 22: a 200,000-record
file's records were all held before the first was converted): `import` gives what it gave
when every record was read first, the report's entries in the same order (a file's
problems, found while reading, before its records), the .bib written only at the end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mi_refs.importers import Reading, read_file, stream_file
from mi_refs.intake import importing
from mi_refs.intake.importing import import_files
from mi_refs.intake.report import to_json

FIXTURES = Path(__file__).parent.parent / "fixtures"

# Written for these tests: a record that is not MEDLINE before two that are (a record
# starts at a PMID line: only the first can lack one), and one file of each format
# without any record.
BROKEN = {
    "mixed.nbib": "ABCD- neither PMID nor TI\n\nPMID- 1\nTI  - First\n\nPMID- 2\nTI  - Third\n",
    "empty.nbib": "\n",
    "none.ris": "not RIS\n",
    "mixed.ris": "TY  - JOUR\nTI  - One\nER  - \nTY  - BOOK\nTI  - no ER at the end\n",
}


def _whole_list(path: str | Path, format: str | None = None) -> Reading:
    """The reading before: every record read, then converted."""
    records, problems, chosen = read_file(path, format)
    return Reading(records, problems, chosen)


def _imported(paths: list[Path], target: Path | None) -> tuple[str, str, str]:
    if target is None:
        result = import_files(paths)
        return to_json(result.report), result.bibtex, ""
    result = import_files(paths, into=target, keep_text=False)
    return to_json(result.report), result.bibtex, target.read_text(encoding="utf-8")


@pytest.mark.parametrize("into", [None, "messy.bib"])
def test_streamed_imports_are_the_whole_list_imports(
    into: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in BROKEN.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    real = sorted((FIXTURES / "imports").glob("*.nbib")) + sorted(
        (FIXTURES / "imports").glob("*.ris")
    )
    sets = [[tmp_path / name] for name in BROKEN] + [real, [*real, *(tmp_path / n for n in BROKEN)]]
    for paths in sets:
        results = []
        for stream in (stream_file, _whole_list):
            monkeypatch.setattr(importing, "stream_file", stream)
            target = None
            if into:
                target = tmp_path / "out.bib"
                shutil.copy(FIXTURES / into, target)
            results.append(_imported(paths, target))
        assert results[0] == results[1], paths
    report = _imported([tmp_path / "mixed.nbib"], None)[0]
    assert report.index("neither PMID nor TI") < report.index("mixed.nbib: record 2")


def test_a_reading_gives_its_records_once_and_counts_them(tmp_path: Path) -> None:
    (tmp_path / "x.nbib").write_text(BROKEN["mixed.nbib"], encoding="utf-8")
    reading = stream_file(tmp_path / "x.nbib")
    assert (reading.format, reading.count, reading.problems) == ("nbib", 0, [])
    records = list(reading)
    assert [r.get("title") for r in records] == ["First", "Third"]
    assert reading.count == 2
    assert [p.line for p in reading.problems] == [1]
    assert list(reading) == []  # given once
