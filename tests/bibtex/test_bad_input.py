"""Bad input: every problem names file, line and key; every other entry still loads."""

from pathlib import Path

import pytest

import mi_refs
from mi_refs import Problem

from ..conftest import FIXTURES

VALID = "@article{good%d, title = {Fine}, journal = {J}, year = 2020}\n"


def load_with(tmp_path: Path, bad: str) -> tuple[mi_refs.Bibliography, str]:
    """A file: two valid entries (lines 1 and 2), the bad text from line 3, one valid entry after."""
    path = tmp_path / "refs.bib"
    path.write_text(VALID % 1 + VALID % 2 + bad + "\n" + VALID % 3, encoding="utf-8")
    return mi_refs.load(path), str(path)


def only_problem(bib: mi_refs.Bibliography) -> Problem:
    assert len(bib.problems) == 1, [str(problem) for problem in bib.problems]
    return bib.problems[0]


@pytest.mark.parametrize(
    ("bad", "code", "line", "key", "message"),
    [
        pytest.param("@article{open, title = {Never {closed}, year = 2020}", "parse-error", 3, "open",
                     "a brace is never closed (the next entry, on line 4, starts inside it)", id="unbalanced-braces"),
        pytest.param('@article{quote, title = "Never closed, year = 2020}', "parse-error", 3, "quote",
                     "a quote is never closed", id="unterminated-quote"),
        pytest.param("@article{, title = {No key}, journal = {J}, year = 2020}", "parse-error", 3,
                     "2020-line3", "@article entry has no key; it is given the key", id="missing-key"),
        pytest.param("@article{good1, title = {Again}, journal = {J}, year = 2021}", "duplicate-entry", 3, "good1",
                     "duplicate key 'good1' (first defined on line 1)", id="duplicate-key"),
        pytest.param("@article{nocomma, title = {x} year = 2020, journal = {J}}", "parse-error", 3, "nocomma",
                     "field 'title': a comma is missing before field 'year'; read as two fields", id="missing-comma"),
        pytest.param("@article{junk, title = {x} junk, journal = {J}, year = 2020}", "parse-error", 3, "junk",
                     "field 'title': unexpected text after the value: 'junk' is ignored", id="junk-after-value"),
        pytest.param("@article{noeq, title {x}, journal = {J}, year = 2020}", "parse-error", 3, "noeq",
                     "Expected a `=` after entry key", id="field-without-equals"),
        pytest.param("@artcle{typo, title = {x}, journal = {J}, year = 2020}", "parse-error", 3, "typo",
                     "unknown entry type @artcle", id="unknown-entry-type"),
        pytest.param("@article{twice, title = {x}, title = {y}, journal = {J}, year = 2020}", "parse-error", 3,
                     "twice", "field 'title' is given twice; the first value is used", id="duplicate-field"),
        pytest.param("@article{nodoi, title = {x}, journal = {J}, year = 2020, doi = {11.1/x}}",
                     "malformed-identifier", 3, "nodoi", "field 'doi': '11.1/x' is not a valid DOI", id="bad-doi"),
        pytest.param("@article{nopmid, title = {x}, journal = {J}, year = 2020, pmid = {12a}}",
                     "malformed-identifier", 3, "nopmid", "is not a valid PMID", id="bad-pmid"),
    ],
)  # fmt: skip
def test_bad_entry_is_reported_and_the_rest_loads(
    tmp_path: Path, bad: str, code: str, line: int, key: str | None, message: str
) -> None:
    bib, path = load_with(tmp_path, bad)
    problem = only_problem(bib)
    assert (problem.code, problem.file, problem.line, problem.key) == (code, path, line, key)
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line}:")
    assert {"good1", "good2", "good3"} <= set(bib.keys)


def test_missing_required_fields_name_each_field(tmp_path: Path) -> None:
    bib, _ = load_with(tmp_path, "@article{bare, author = {Smith, J}, year = 2020}")
    assert [(p.code, p.line, p.key, p.field) for p in bib.problems] == [
        ("missing-field", 3, "bare", "title"),
        ("missing-field", 3, "bare", "journal"),
    ]
    assert "needs 'journal' or 'shortjournal'" in bib.problems[1].message
    assert "bare" in bib  # still loaded, and rendered with what it has


def test_undefined_macro_is_a_warning_naming_the_field(tmp_path: Path) -> None:
    bib, _ = load_with(tmp_path, "@article{mac, title = {x}, journal = jama, year = 2020}")
    problem = only_problem(bib)
    assert (problem.severity, problem.field, problem.line) == (
        mi_refs.Severity.WARNING,
        "journal",
        3,
    )
    assert "undefined @string macro 'jama'" in problem.message


def test_field_line_is_the_field_s_own_line(tmp_path: Path) -> None:
    bib, _ = load_with(tmp_path, "@article{multi,\n  title = {x},\n  journal = {J} year = 1,\n}")
    problem = only_problem(bib)
    assert (problem.line, problem.field, problem.severity) == (
        5,
        "journal",
        mi_refs.Severity.WARNING,
    )
    assert (bib["multi"].journal, bib["multi"].year) == ("J", "1")


def test_malformed_fixture() -> None:
    bib = mi_refs.load(FIXTURES / "malformed.bib")
    assert {"valid1", "valid2", "valid3", "valid4", "valid5"} <= set(bib.keys)
    codes = {problem.code for problem in bib.problems}
    assert codes == {"parse-error", "duplicate-entry", "missing-field"}
    assert all(problem.line for problem in bib.problems)
    assert all(problem.file.endswith("malformed.bib") for problem in bib.problems)
