"""A letter is judged against its own reference list (issue 15, item 3; issue 18, item 6).

End to end through the command line: ``cite`` with a .bib holding more entries than the
letter cites, then ``check --doc --strict`` (exit 0: the entries the letter does not cite
never fail it); a superscript changed in the finished letter (Markdown, HTML, Word) is an
error that quotes its sentence (exit 1). Letters that cite by numbers on the line are
read that way; one with a list and no citations says so.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.documents.letters import check_document, listed_keys
from mi_refs.documents.superscripts import numbered_citations

from ..conftest import build_docx

# Data-on-file entries: complete offline, so --strict judges the letter alone.
BIB = "".join(
    f"@misc{{dof{n},\n  author = {{{{Acme Pharma}}}},\n  title = {{Data on file: study {n}"
    f" clinical study report number {n}}},\n  year = {{2024}},\n  note = {{Data on file}},\n}}\n\n"
    for n in range(1, 9)
)
LETTER = (
    "Remission lasted 12 months [@dof5]. Platelets rose in two studies [@dof2; @dof7].\n\n"
    "No new safety signal was seen [@dof3].\n"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "letter.md").write_text(LETTER, encoding="utf-8")
    build_docx(LETTER, tmp_path / "letter.docx")
    html = "".join(f"<p>{p}</p>\n" for p in LETTER.split("\n\n"))
    (tmp_path / "letter.html").write_text(f"<html><body>\n{html}</body></html>\n", "utf-8")
    return tmp_path


def _cite(suffix: str) -> Path:
    code, _, err = run("cite", f"letter{suffix}", "--bib", "references.bib", "-o", f"cited{suffix}")
    assert code == 0, err
    return Path(f"cited{suffix}")


def _swap(path: Path, old: str, new: str) -> None:
    """Change the superscript ``old`` (its printed text) to ``new`` in a finished letter."""
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        runs = [r for p in document.paragraphs for r in p.runs if r.font.superscript]
        [run_] = [r for r in runs if r.text == old]
        run_.text = new
        document.save(str(path))
        return
    text = path.read_text(encoding="utf-8")
    mark = {".md": "^{}^", ".html": ">{}</a></sup>"}[path.suffix]  # linked to the list
    assert text.count(mark.format(old)) == 1
    path.write_text(text.replace(mark.format(old), mark.format(new)), encoding="utf-8")


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_entries_the_letter_does_not_cite_never_fail_it(project: Path, suffix: str) -> None:
    cited = _cite(suffix)
    code, out, _ = run("check", "references.bib", "--doc", str(cited), "--strict", "--offline")
    assert code == 0, out
    assert "never cited" not in out


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_a_changed_superscript_is_an_error_quoting_its_sentence(project: Path, suffix: str) -> None:
    """``2,3`` changed to ``2,4``: reference 3 is never cited and a reader is sent to the
    wrong paper. An error (exit 1, without --strict), quoting the sentence."""
    cited = _cite(suffix)
    _swap(cited, "2,3", "2,4")
    code, out, _ = run("check", "references.bib", "--doc", str(cited), "--offline")
    assert code == 1, out
    assert "error citation: Reference 3" in out
    assert "Reference 3 (dof7) is never cited: the numbers jump from 2 to 4" in out
    shown = {".md": "^2,4^", ".html": "<sup>2,4</sup>", ".docx": "²˒⁴"}[suffix]
    assert f'(in "Platelets rose in two studies.{shown}")' in out
    if suffix == ".docx":
        assert "at paragraph 1" in out


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_two_swapped_numbers_are_an_error(project: Path, suffix: str) -> None:
    cited = _cite(suffix)
    _swap(cited, "1", "4")  # 4 is now cited first, before 2 and 3
    code, out, _ = run("check", "references.bib", "--doc", str(cited), "--offline")
    assert code == 1, out
    assert "Number 4 is first cited" in out
    assert "Remission lasted 12 months." in out


def test_list_items_are_named_by_their_entries() -> None:
    bib = mi_refs.loads(BIB)
    items = [
        "Acme Pharma. Data on file: study 5 clinical study report number 5. 2024.",
        "Somebody else. Not in the bibliography. 2020.",
    ]
    assert listed_keys(items, bib) == ["dof5", None]


def test_a_short_title_names_its_entry_with_its_first_author_and_year() -> None:
    """A title under 12 characters matches only with the first author and the year the
    item prints (``check --doc`` judges the entries the list names: an unmatched item's
    entry would go unchecked)."""
    bib = mi_refs.loads(
        "@article{roe, author = {Roe, R}, title = {Rituximab}, journal = {Blood}, year = 2020}\n"
        "@article{doe, author = {Doe, J}, title = {Rituximab}, journal = {Blood}, year = 2021}\n"
    )
    items = [
        "Doe J. Rituximab. Blood. 2021.",
        "Roe R. Rituximab. Blood. 2020.",
        "Roe R. Rituximab revisited. Blood. 2020.",  # a title it does not print whole
        "Poe E. Rituximab. Blood. 2020.",  # another first author
    ]
    assert listed_keys(items, bib) == ["doe", "roe", None, None]


def test_a_list_item_no_entry_matches_is_said(tmp_path: Path) -> None:
    """``check --doc``: an item of the letter's list that names no entry is an ``info``
    finding (its entry, if any, is not judged as cited); the letter does not fail for it."""
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    letter = tmp_path / "letter.md"
    letter.write_text(
        "Remission lasted 12 months.^1^ Platelets rose.^2^\n\n## References\n\n"
        "1. Acme Pharma. Data on file: study 5 clinical study report number 5. 2024.\n"
        "2. Somebody else. Not in the bibliography. 2020.\n",
        encoding="utf-8",
    )
    code, out, _ = run("check", str(bib), "--doc", str(letter), "--offline", "--strict")
    assert code == 0, out
    assert "info citation: Reference 2 of the reference list" in out, out
    assert "7 entries the letters do not cite were not checked" in out, out
    [document] = mi_refs.check_documents([letter], mi_refs.load(bib))
    assert document.listed == ("dof5", None) and document.cited == ("dof5",)


def test_a_list_without_citations_says_so(tmp_path: Path) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text("Text without citations 5.\n\n## References\n\n1. A\n2. B\n", "utf-8")
    [finding] = check_document(letter)
    assert finding.severity is mi_refs.Severity.WARNING
    assert "has a 2-reference list at line 3 but no citation superscripts" in finding.message


@pytest.mark.parametrize(
    ("body", "form"),
    [
        ("A claim [1]. Two more [2,3]. A run [4-6].", "brackets"),
        ("A claim (1). Two more (2, 3). A run (4-6). In (2024) nothing.", "parentheses"),
    ],
)
def test_numbers_in_brackets_or_parentheses_are_read(tmp_path: Path, body: str, form: str) -> None:
    """Decided for the whole letter: brackets when it has any, else parentheses; a
    four-digit number in parentheses is a year."""
    listing = "".join(f"{n}. Reference {n}\n" for n in range(1, 7))
    letter = tmp_path / "letter.md"
    letter.write_text(f"{body}\n\n## References\n\n{listing}", "utf-8")
    assert {c.form for c in numbered_citations(letter.read_text("utf-8"), "markdown")} == {form}
    assert check_document(letter) == ()
    letter.write_text(f"{body.replace('4-6', '4,6')}\n\n## References\n\n{listing}", "utf-8")
    [finding] = check_document(letter)
    assert finding.severity is mi_refs.Severity.ERROR
    assert finding.message.startswith("Reference 5 is never cited: the numbers jump from 4 to 6")
    assert "(citation 4,6)" in finding.message


def test_brackets_are_read_only_when_the_letter_has_no_superscripts(tmp_path: Path) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text("A claim.^1^ See [2] here.\n\n## References\n\n1. A\n2. B\n", "utf-8")
    [finding] = check_document(letter)
    assert "Reference 2 of the 2-reference list" in finding.message


def test_a_word_letter_with_bracketed_numbers(tmp_path: Path) -> None:
    path = build_docx("A claim [1]. More [2].\n\nReferences\n\n1. A\n\n2. B\n", tmp_path / "l.docx")
    assert check_document(path) == ()
    path = build_docx("A claim [2]. More [1].\n\nReferences\n\n1. A\n\n2. B\n", tmp_path / "l.docx")
    [finding] = check_document(path)
    assert finding.location == "paragraph 1"
    assert "swapped" in finding.message


# --- -o and --format agree (issue 15, item 5) ---------------------------------------------


@pytest.mark.parametrize(
    ("argv", "output"),
    [
        (["cite", "letter.md", "--bib", "references.bib", "-o", "out.docx"], "out.docx"),
        (["cite", "letter.docx", "--bib", "references.bib", "-o", "out.md"], "out.md"),
        (["cite", "letter.html", "--bib", "references.bib", "-o", "out.md"], "out.md"),
        (["render", "references.bib", "-o", "refs.docx"], "refs.docx"),
        (["render", "references.bib", "-o", "refs.pdf"], "refs.pdf"),
        (["render", "references.bib", "--format", "markdown", "-o", "refs.html"], "refs.html"),
    ],
)
def test_a_foreign_output_suffix_exits_2_and_writes_nothing(
    project: Path, argv: list[str], output: str
) -> None:
    code, out, err = run(*argv)
    assert code == 2, err
    assert not Path(output).exists()
    assert out == ""
    if "--format" in argv:
        assert "disagrees with the output's suffix .html" in err
    else:
        assert "converting is pandoc's job" in err
        assert "mi-refs " + argv[0] + " writes" in err


@pytest.mark.parametrize(
    ("output", "kind", "start"),
    [
        ("refs.md", "markdown", "1. Acme Pharma."),
        ("refs.html", "html", "<ol"),
        ("refs.tex", "latex", "\\begin{thebibliography}"),
        ("refs.txt", "text", "1. Acme Pharma."),
    ],
)
def test_render_writes_the_format_its_output_names(
    project: Path, output: str, kind: str, start: str
) -> None:
    code, _, err = run("render", "references.bib", "-o", output)
    assert code == 0, err
    written = Path(output).read_text(encoding="utf-8")
    assert written.startswith(start)
    assert written == run("render", "references.bib", "--format", kind)[1]


def test_cite_writes_its_own_format_under_any_name_of_it(project: Path) -> None:
    code, _, err = run("cite", "letter.md", "--bib", "references.bib", "-o", "out.markdown")
    assert code == 0, err
    assert "Remission lasted 12 months.^1^" in Path("out.markdown").read_text(encoding="utf-8")


def test_the_api_refuses_a_foreign_output_before_writing(project: Path) -> None:
    bib = mi_refs.load("references.bib")
    with pytest.raises(mi_refs.UnknownFormatError, match="converting is pandoc's job"):
        mi_refs.cite_file("letter.md", bib, "out.docx")
    assert not Path("out.docx").exists()


# --- tables (issue 15, item 4) -------------------------------------------------------------

GRID = """\
+---------------------------+----------------------------+
| Remission was durable     | Platelets rose in two      |
| [@dof1; @dof2].           | studies [@dof3].           |
+===========================+============================+
| A cell [@dof4].           | see [@dof5]                |
+---------------------------+----------------------------+

| drug | evidence |
|------|----------|
| x    | rose [@dof6]. |
| y    | [@dof7] |
"""


def test_citations_in_pipe_and_grid_tables_stay_in_their_cells(tmp_path: Path) -> None:
    bib = mi_refs.loads(BIB)
    cited = mi_refs.cite_text(GRID, bib).text
    lines = cited.splitlines()
    grid = lines[:6]
    assert {len(line) for line in grid} == {len(GRID.splitlines()[0])}  # borders in place
    assert [line.count("|") for line in grid if line.startswith("|")] == [3, 3, 3]
    assert grid[2] == "| ^1,2^.                    | studies.^3^                |"
    assert grid[4] == "| A cell.^4^                | see^5^                     |"
    assert "| x    | rose.^6^ |" in lines
    assert "| y    | ^7^ |" in lines
    letter = tmp_path / "letter.md"
    letter.write_text(cited, encoding="utf-8")
    assert check_document(letter, bibliography=bib) == ()


def test_a_citation_broken_across_a_grid_cells_lines_is_refused() -> None:
    broken = GRID.replace(
        "| A cell [@dof4].           | see [@dof5]                |\n",
        "| A cell [@dof4,            | see [@dof5]                |\n"
        "| p. 4].                    |                            |\n",
    )
    with pytest.raises(mi_refs.DocumentError, match="line 5: a citation in a grid table"):
        mi_refs.cite_text(broken, mi_refs.loads(BIB))


def test_a_grid_cell_citation_longer_than_typed_is_refused() -> None:
    narrative = GRID.replace("| A cell [@dof4].           |", "| A cell @dof4.             |")
    with pytest.raises(mi_refs.DocumentError, match="line 5: the citation in a grid table"):
        mi_refs.cite_text(narrative, mi_refs.loads(BIB))


def test_a_superscript_in_a_word_header_is_read_and_located(tmp_path: Path) -> None:
    path = build_docx("A claim.^1^\n\nReferences\n\n1. A\n\n2. B\n", tmp_path / "letter.docx")
    document = docx.Document(str(path))
    header = document.sections[0].header.paragraphs[0]
    header.add_run("Standard response")
    header.add_run("3").font.superscript = True
    document.save(str(path))
    beyond, uncited = check_document(path)  # 3 is not in the list; 2 is never cited
    assert beyond.location == "header of section 1, paragraph 1"
    assert 'in "Standard response³"' in beyond.message
    assert (uncited.location, uncited.severity) == ("paragraph 2", mi_refs.Severity.ERROR)


def test_a_source_letter_cites_the_keys_it_names(tmp_path: Path) -> None:
    """A letter before ``cite`` prints no list: ``check --doc`` judges the entries its
    citations name (in ``cite``'s order; a key in code is no citation), not none."""
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    letter = tmp_path / "letter.md"
    letter.write_text(LETTER + "\n`[@dof1]` is code, not a citation.\n", encoding="utf-8")
    [document] = mi_refs.check_documents([letter], mi_refs.load(bib))
    assert document.listed == ("dof5", "dof2", "dof7", "dof3") and document.findings == ()
    code, out, _ = run("check", str(bib), "--doc", str(letter), "--offline", "--format", "json")
    data = json.loads(out)
    assert code == 0 and [e["key"] for e in data["entries"]] == ["dof2", "dof3", "dof5", "dof7"]
    assert data["summary"]["uncited"] == 4
