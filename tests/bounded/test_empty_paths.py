"""An empty path is a usage error (issue 22: ``render -o ''`` wrote to standard output)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mi_refs.cli import main

BIB = "@article{a, author = {Smith, John}, title = {T}, journal = {J}, year = 2020}\n"


@pytest.mark.parametrize(
    "command",
    [
        ["render", "{bib}", "-o", ""],
        ["render", "{bib}", "--output", ""],
        ["check", "{bib}", "--offline", "-o", ""],
        ["check", "{bib}", "--offline", "--cache-dir", ""],
        ["export", "{bib}", "--format", "ris", "-o", ""],
        ["cite", "{doc}", "--bib", "{bib}", "-o", ""],
        ["cite", "{doc}", "--bib", ""],
        ["import", "{nbib}", "--into", ""],
    ],
)
def test_an_empty_path_is_a_usage_error_and_nothing_is_printed(
    tmp_path: Path, command: list[str]
) -> None:
    files = {
        "{bib}": tmp_path / "refs.bib",
        "{doc}": tmp_path / "letter.md",
        "{nbib}": tmp_path / "pubmed.nbib",
    }
    files["{bib}"].write_text(BIB, encoding="utf-8")
    files["{doc}"].write_text("Text [@a].\n", encoding="utf-8")
    files["{nbib}"].write_text("PMID- 1\nTI  - T\nDP  - 2020\n", encoding="utf-8")
    argv = [str(files[word]) if word in files else word for word in command]
    out, err = io.StringIO(), io.StringIO()
    assert main(argv, out, err) == 2
    assert out.getvalue() == ""
    assert "an empty path" in err.getvalue()
