"""Importers' bounds (issue 22): continuation lines joined once, identifiers found
without backtracking, deep or huge JSON a parse error naming the file, a whole import
(read, convert, match, key, format, read back, write) linear in its records
(benchmarks/import_scale.py measures 200,000)."""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.importers import read_data
from tests.bounded.timing import assert_linear

HEAD = "PMID- 1\nTI  - A title\nFAU - Smith, John\nJT  - J Things\nDP  - 2020 Jan\nAB  - start\n"


def reading(text_for: Callable[[int], str], format: str) -> Callable[[int], Callable[[], object]]:
    def make(size: int) -> Callable[[], object]:
        data = text_for(size).encode("utf-8")
        return lambda: read_data(data, "x", format)

    return make


def continued(lines: int) -> str:
    return HEAD + "      more words of the abstract\n" * lines


def test_continuation_lines_are_joined_once() -> None:
    assert_linear(reading(continued, "nbib"), 10_000)


def test_the_issues_160000_continuation_lines_finish_in_seconds() -> None:
    start = time.perf_counter()
    records, problems, _ = read_data(continued(160_000).encode(), "x.nbib", "nbib")
    assert time.perf_counter() - start < 10  # 111 s before
    assert not problems
    assert records[0].get("abstract").count("more words") == 160_000


def test_many_authors_without_full_names_cost_linear_time() -> None:
    def authors(count: int) -> str:
        return "PMID- 1\nTI  - T\n" + "AU  - Smith J\n" * count

    assert_linear(reading(authors, "nbib"), 5_000)


def test_an_identifier_with_a_long_run_of_spaces_is_read_without_backtracking() -> None:
    def spaced(count: int) -> str:
        return HEAD + "LID - 10.1/x" + " " * count + "y\nAID - 10.1/z" + " " * count + "[doi]\n"

    assert_linear(reading(spaced, "nbib"), 20_000)
    records, _, _ = read_data(spaced(10).encode(), "x", "nbib")
    assert records[0].get("doi") == "10.1/z"


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("deep.json", "[" * 200_000 + "]" * 200_000, "nested too deeply"),
        (
            "number.json",
            '[{"id": "a", "title": "T", "volume": ' + "9" * 5000 + "}]",
            "4,300 digits",
        ),
        (
            "item.json",
            '[{"id": "a", "title": "T", "note": ' + "[" * 990 + "]" * 990 + "}]",
            "nested too deeply",
        ),
    ],
)
def test_deep_or_huge_json_is_a_parse_error_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, says: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["import", str(path)]) == 1  # "internal error" (exit 2, a traceback) before
    err = capsys.readouterr().err
    assert says in err and name in err and "internal error" not in err
    result = mi_refs.import_file(path)
    assert [entry.status for entry in result.report.entries] == ["failed"]


def test_the_other_items_of_a_file_with_one_deep_item_are_read(tmp_path: Path) -> None:
    deep = '{"id": "a", "title": "Deep", "note": ' + "[" * 800 + "]" * 800 + "}"
    fine = {
        "id": "b",
        "type": "article-journal",
        "title": "Fine",
        "issued": {"date-parts": [[2020]]},
    }
    path = tmp_path / "two.json"
    path.write_text(f"[{deep}, {json.dumps(fine)}]", encoding="utf-8")
    result = mi_refs.import_file(path)
    assert [e.status for e in result.report.entries] == ["failed", "added"]
    assert "Fine" in result.bibtex
    gc.collect()  # the deep item's frames go now, not in a later test's deep stack


SURNAMES = ("Smith", "Müller", "O'Brien", "Nguyen", "García-López", "van der Berg", "Støre")
WORDS = ("trial", "cohort", "dose", "safety", "of", "the", "outcomes", "R&D", "IL_6", "50%")


def medline(count: int) -> str:
    """``count`` distinct MEDLINE records: names with accents and particles, LaTeX
    specials in titles, abbreviated page ranges, DOIs, abstracts over continuation lines."""
    records = []
    for n in range(count):
        words = " ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(6))
        first = SURNAMES[n % len(SURNAMES)]
        records.append(
            f"PMID- {30000000 + n}\nTI  - Study {n} of {words}.\n"
            f"FAU - {first}, Anna\nAU  - {first} A\nFAU - Lee, Bo\nAU  - Lee B\n"
            f"JT  - Journal of Things {n % 40}\nTA  - J Things\nDP  - {1990 + n % 35} Mar\n"
            f"VI  - {n % 90 + 1}\nIP  - {n % 12 + 1}\nPG  - {n % 900 + 100}-{n % 9 + 1}\n"
            f"AB  - An abstract of record {n}\n      over two lines.\n"
            f"AID - 10.1000/t.{n} [doi]\nPT  - Journal Article\n"
        )
    return "\n".join(records)


def test_an_import_grows_linearly_with_its_records(tmp_path: Path) -> None:
    def make(size: int) -> Callable[[], object]:
        source = tmp_path / f"records{size}.nbib"
        source.write_text(medline(size), encoding="utf-8")
        target = tmp_path / f"records{size}.bib"

        def run() -> None:
            target.unlink(missing_ok=True)
            result = mi_refs.import_files([source], target)
            assert result.report.counts["added"] == size and result.written
            assert not [n for n in result.report.notes if "load cleanly" in n]

        return run

    assert_linear(make, 150)
