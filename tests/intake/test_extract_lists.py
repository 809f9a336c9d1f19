"""``extract`` (issue 18, issue 22): the list found as a reader finds it, no line lost or
crashing, linear patterns, and the two outputs that are one file refused."""

from __future__ import annotations

import importlib
import io
import time
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.errors import InvalidArgumentError
from mi_refs.intake.extract import extract
from mi_refs.intake.listing import find_listing, html_lines
from mi_refs.intake.typed import parse_typed_reference

CONFORMANCE = Path(__file__).resolve().parent.parent / "conformance" / "extract"


def _items(path: Path) -> list[str]:
    result = extract(path, online=False, use_cache=False)
    return [typed.text for typed in result.typed]


def test_html_list_inside_containers_after_heading() -> None:
    # tests/conformance/extract/suite/entyvio-hcp.html: <h3>References:</h3> then an
    # <ol> inside <div>/<article> (Entyvio HCP page; see its README for the source)
    items = _items(CONFORMANCE / "suite" / "entyvio-hcp.html")
    assert len(items) == 19
    assert items[2].startswith("Fedyk E, Wyant T") and "2107-2119" in items[2]
    assert items[7].startswith("Data on file. Entyvio is the most prescribed biologic")


def test_run_in_list_in_one_paragraph(tmp_path: Path) -> None:
    # holdout/qivigy-hcp.html holds the real case; this is the two-item form
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "Body text.1,2\n\nReferences: 1. QIVIGY [prescribing information]. Kedrion "
        "Biopharma Inc.; 2025. 2. Eneli I, et al. Appl Clin Genet. 2019;12:87-93.\n",
        encoding="utf-8",
    )
    items = _items(letter)
    assert items == [
        "QIVIGY [prescribing information]. Kedrion Biopharma Inc.; 2025.",
        "Eneli I, et al. Appl Clin Genet. 2019;12:87-93.",
    ]


@pytest.mark.parametrize(
    "heading", ["Literatur", "Références", "Referencias", "Bibliografía", "Bibliografia",
                "Sources", "Footnotes", "Notes", "**References:**", "## Literature cited"],
)  # fmt: skip
def test_headings_in_the_languages_of_mi_documents(heading: str) -> None:
    lines = ["Text.", heading, "1. Smith J. A title. Lancet. 2020;1:2-3.", "2. Doe J. B. BMJ."]
    found = find_listing(lines, markdown=True)
    assert found is not None and len(found.items) == 2


def test_a_wrapped_day_of_a_date_continues_its_item() -> None:
    # holdout/borrelia-breast.md: "[Accessed\n2 Sep, 2022]" (PMC copy)
    lines = [
        "References",
        "1.Breast cancer Statistics | How common is breast cancer?",
        "American Cancer Society.https://www.cancer.org/x.html[Accessed",
        "2 Sep, 2022].[Google Scholar]",
        "",
        "2.Yin L, Duan JJ. Triple-negative breast cancer. Breast Cancer Res",
        "2020;22(1):61.",
    ]
    found = find_listing(lines)
    assert found is not None and len(found.items) == 2
    assert found.items[0].endswith("2 Sep, 2022].[Google Scholar]")


def test_number_alone_on_its_line_and_bullet_numbers() -> None:
    found = find_listing(
        ["REFERENCES", "", "1.", "Sung H. A. B. 2021;71:209.", "", "2.", "Rigel DS."]
    )
    assert found is not None and found.items == ["Sung H. A. B. 2021;71:209.", "Rigel DS."]
    found = find_listing(["## References", "- 1.Fisch U. A. B.", "- 2.Tan Y. C. D."], markdown=True)
    assert found is not None and found.items == ["Fisch U. A. B.", "Tan Y. C. D."]


def test_a_one_line_per_item_list_ends_at_the_trailer() -> None:
    # holdout/heat-germany.txt ends with PMC's "Articles from ... are provided here" line
    lines = ["References", "1.A B. T. J. 2020;1:2.", "2.C D. T. J. 2020;1:2.",
             "3.E F. T. J. 2020;1:2.", "Articles from X are provided here courtesy of Y"]  # fmt: skip
    found = find_listing(lines)
    assert found is not None and found.items[-1] == "E F. T. J. 2020;1:2."


@pytest.mark.parametrize(
    "line",
    [
        "Smith J. Levels \\<10 mg. J Med. 2020;1:2-3.\\",
        "Smith J. Unbalanced { brace. J Med. 2020;1:2.",
        "Smith J. Closing } first {. J Med. 2020;1:2.",
        "{Smith J}}. Title. J Med. 2020;1:2.",
        "Smith J\\. Title 50% of #1 & $2 ~ ^ _. J Med. 2020;1:2.",
        "\\",
        "}{",
    ],
)
def test_no_line_crashes_and_none_vanishes(tmp_path: Path, line: str) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text(f"## References\n\n1. {line}\n2. Doe J. Title. BMJ. 2019;2:3.\n", "utf-8")
    result = extract(letter, tmp_path / "out.bib", online=False, use_cache=False)
    loaded = mi_refs.loads((tmp_path / "out.bib").read_text(encoding="utf-8"))
    assert len(loaded.references) == 2
    assert not [p for p in loaded.problems if p.code == "parse-error"]
    assert len(result.report.entries) == 2


def test_an_unreadable_line_is_kept_whole_with_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module("mi_refs.intake.extract")
    original = module._read_back

    def refuse_parsed(key: str, entry_type: str, fields: dict[str, str]) -> object:
        return None if entry_type != "misc" else original(key, entry_type, fields)

    monkeypatch.setattr(module, "_read_back", refuse_parsed)
    letter = tmp_path / "letter.md"
    letter.write_text("## References\n\n1. Smith J. T. J Med. 2020;1:2.\n", encoding="utf-8")
    result = extract(letter, online=False, use_cache=False)
    entry = mi_refs.loads(result.bibtex).references[0]
    assert entry.get("note") == "Smith J. T. J Med. 2020;1:2."
    codes = [o.finding.code for o in result.report.entries[0].outcomes]
    assert "parse-error" in codes


# issue 22: every pattern over the printed line is linear. Each input below was slow
# before (the first one, 47 s: _ACCESSED's nested repeats).
SLOW = [
    "cited 2020 " * 800,
    "Updated 2020 " * 800,
    "Accessed " + "1 " * 5000,
    "Smith J. 2020;" + "1 " * 5000 + ":",
    "Published online " * 3000,
    "A: " + "b " * 5000 + "; 2020" + " x" * 5000,
    "doi:10.1000/" + "a." * 10000,
    # the MI kinds and house styles added with issue 18
    "Data on file " * 5000,
    "[package insert] " * 3000,
    "Presented at: " * 3000,
    "Abgerufen am: " * 3000,
    "A: " + "b" * 50000 + ". 4. Auflage S 2013, ISBN: 1",
    "EULAR May 1, " * 3000,
    "Title. Journal " + "2020 " * 5000 + ";1:2",
    "www." * 5000,
    # house forms of other works (issue 18, third round)
    "Smith A (2000) " + "x. " * 3000 + "J 1:2",
    "Smith A (2000) T. " + "P" * 50 + ":" + "q " * 3000,
    "Smith A, eds. T. Springer; 2000. " + "S " * 3000 + "; vol 1",
    "A [Internet]. P: Q; 2000 [updated " + "1 " * 3000,
    "A B. T. P: Q; 2000. Chapter 1, " + "x " * 3000,
    "A. T. 2000." + "a." * 3000 + "org",
    "U.S. " * 3000,
]


@pytest.mark.parametrize("line", SLOW, ids=range(len(SLOW)))
def test_typed_patterns_are_linear(line: str) -> None:
    started = time.monotonic()
    parse_typed_reference(line)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "document",
    ["<!--" * 40000, "<script>" * 40000, "<" * 80000, "<li>" * 40000,
     "<b>" * 40000 + "References" + "</b>" * 40000],
)  # fmt: skip
def test_html_reading_is_linear(document: str) -> None:
    started = time.monotonic()
    find_listing([line.text for line in html_lines(document)])
    assert time.monotonic() - started < 2


def test_list_finding_is_linear() -> None:
    started = time.monotonic()
    find_listing(["References", "1 a", *(["2 Sep 2020"] * 20000), "1. " + " " * 50000 + "x"])
    assert time.monotonic() - started < 2


def test_keyed_and_output_one_file_is_refused(tmp_path: Path) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text("Text.^1^\n\n## References\n\n1. Doe J. T. BMJ. 2019;2:3.\n", "utf-8")
    out = tmp_path / "out.bib"
    with pytest.raises(InvalidArgumentError):
        extract(letter, out, keyed=out, online=False, use_cache=False)
    assert not out.exists()
    stderr = io.StringIO()
    code = main(
        ["extract", str(letter), "-o", str(out), "--keyed", str(tmp_path / "." / "out.bib"),
         "--offline"], stdout=io.StringIO(), stderr=stderr,
    )  # fmt: skip
    assert code == 2 and "one file" in stderr.getvalue()
    assert not out.exists()
