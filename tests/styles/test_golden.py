"""Golden tests: every case in tests/golden/cases renders exactly as its expected files.

A case is a directory holding `input.bib`, expected outputs named `<style>.<ext>`
(`ama.txt`, `ama.html`, `vancouver.txt`, `vancouver.html`), an optional
`options.toml` (house options as top-level keys) and an optional one-line `README`.
The expected files are written by hand from the style manuals; see tests/golden/README.md.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

import mi_refs

CASES = Path(__file__).parent.parent / "golden" / "cases"
STYLES = ("ama", "vancouver")
FORMATS = {"txt": "text", "html": "html"}


def case_dirs() -> list[Path]:
    return sorted(path for path in CASES.iterdir() if path.is_dir())


def expected_files(case: Path) -> list[Path]:
    return [
        case / f"{style}.{ext}"
        for style in STYLES
        for ext in FORMATS
        if (case / f"{style}.{ext}").is_file()
    ]


def golden_params() -> list[Any]:
    return [
        pytest.param(case, expected, id=f"{case.name}/{expected.name}")
        for case in case_dirs()
        for expected in expected_files(case)
    ]


def house_options(case: Path) -> mi_refs.HouseOptions:
    path = case / "options.toml"
    options = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return mi_refs.HouseOptions(**options)


def diff_message(expected: str, actual: str, name: str) -> str:
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"expected {name}",
        tofile="rendered",
    )
    return "rendered output differs from the golden file:\n" + "".join(diff)


@pytest.mark.parametrize(("case", "expected"), golden_params())
def test_golden(case: Path, expected: Path) -> None:
    style, ext = expected.stem, expected.suffix.lstrip(".")
    bib = mi_refs.load(case / "input.bib")
    actual = mi_refs.render(bib, style=style, format=FORMATS[ext], options=house_options(case))
    wanted = expected.read_text(encoding="utf-8")
    assert actual == wanted, diff_message(wanted, actual, f"{case.name}/{expected.name}")


def test_every_case_is_complete() -> None:
    cases = case_dirs()
    assert cases, f"no golden cases under {CASES}"
    incomplete = [
        case.name
        for case in cases
        if not (case / "input.bib").is_file() or not expected_files(case)
    ]
    assert not incomplete, f"cases without input.bib or any expected file: {incomplete}"


def test_no_stray_files() -> None:
    """Only known file names in a case directory, so a misspelt expectation cannot hide."""
    known = {"input.bib", "options.toml", "README"} | {
        f"{style}.{ext}" for style in STYLES for ext in FORMATS
    }
    stray = [
        f"{case.name}/{path.name}"
        for case in case_dirs()
        for path in case.iterdir()
        if path.name not in known
    ]
    assert not stray, f"unexpected files in golden cases: {stray}"
