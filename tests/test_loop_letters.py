"""The daily loop's letter half as properties over whole suites (STYLE.md 19): ``cite``
twice is ``cite`` once, and CI (``check --doc``) agrees with ``cite`` both ways: it
accepts what ``cite`` wrote (``tests/conformance/test_cite_then_check.py``) and fails a
finished letter whose numbers no longer match its list.

Suites: every case of the citation conformance suite (``tests/conformance/citations``,
inputs from pandoc's and citeproc's tests) in Markdown and HTML (Word:
``test_loop_letters_docx.py``), and the real letters a new user starts from: the example
letter (``docs/examples/letter.md``, ``letter.html``, a Word build of it by
``docs/examples/make_docx.py``) and the seed letter (``../shared/seed``, plain text, a
finished letter whose numbers were typed).

Defects these found (each fixed in ``documents/``, its test below): a letter with
``nocite`` gained a second reference list each time it was cited again; a cited letter
given one more ``[@key]`` was cited again with the new citation numbered 1 beside the old
1 and a second list appended (Markdown, HTML, text and Word alike), silently.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.documents.cite import cite_text
from mi_refs.documents.superscripts import superscripts_html, superscripts_markdown
from mi_refs.errors import DocumentError
from mi_refs.model import Severity
from tests.conformance import test_pandoc_citations as conformance
from tests.conformance.test_cite_then_check import as_html

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
SEED = ROOT.parent / "shared" / "seed" / "daratumumab-itp-letter.txt"
KINDS = ("markdown", "html")
SUFFIX = {"markdown": ".md", "html": ".html", "text": ".txt", "docx": ".docx"}


def _cases() -> list[Any]:
    return [
        pytest.param(case, kind, id=f"{kind}-{case['id']}")
        for kind in KINDS
        for case in conformance.load_cases()
        if not case.get("undefined")
    ]


CASES = _cases()


def _cited(case: dict[str, Any], kind: str) -> tuple[str, mi_refs.Bibliography] | None:
    """The case cited once (``None``: as HTML it cites keys the .bib lacks)."""
    bib = mi_refs.loads(conformance.case_bib_text(case), "refs.bib")
    text = case["markdown"] if kind == "markdown" else as_html(case["markdown"])
    try:
        return cite_text(text, bib, format=kind).text, bib  # type: ignore[arg-type]
    except mi_refs.UndefinedCitationError:
        if kind == "markdown":
            raise
        return None


@pytest.mark.parametrize(("case", "kind"), CASES)
def test_citing_a_cited_letter_again_changes_nothing(case: dict[str, Any], kind: str) -> None:
    cited = _cited(case, kind)
    if cited is None:
        pytest.skip("Markdown-only syntax: as HTML it cites keys the .bib lacks")
    once, bib = cited
    assert cite_text(once, bib, format=kind).text == once  # type: ignore[arg-type]


# The first citation superscript's leading 1, as cite writes it: ^1^, ^1,2^, ^1(p4)^,
# ^1-3^ in Markdown; <sup>1</sup> or <sup><a href="#ref-x">1</a></sup> in HTML.
FIRST = {
    "markdown": re.compile(r"(?<![\\^\[])\^(?=1(?![0-9]))"),
    "html": re.compile(r"<sup>(?:<a [^>]*>)?(?=1(?![0-9]))"),
}


SUPERSCRIPTS = {"markdown": superscripts_markdown, "html": superscripts_html}


def wrong(cited: str, kind: str) -> str:
    """The cited letter with its first citation's 1 printed as 2: a number before its
    turn, a duplicate in its cluster (2,2), a run that is no run (2-3), or (a one-item
    list) a number beyond the list. Every reading is wrong, so CI must fail it."""
    match = FIRST[kind].search(cited)
    assert match is not None, cited
    return cited[: match.end()] + "2" + cited[match.end() + 1 :]


@pytest.mark.parametrize(("case", "kind"), CASES)
def test_ci_fails_a_cited_letter_whose_first_number_is_changed(
    case: dict[str, Any], kind: str, tmp_path: Path
) -> None:
    cited = _cited(case, kind)
    if cited is None:
        pytest.skip("Markdown-only syntax: as HTML it cites keys the .bib lacks")
    once, bib = cited
    if not SUPERSCRIPTS[kind](once):
        pytest.skip("cites nothing (a nocite list alone, or no citation): no number to change")
    letter = tmp_path / f"letter{SUFFIX[kind]}"
    letter.write_text(wrong(once, kind), encoding="utf-8")
    (report,) = mi_refs.check_documents([letter], bib)
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert errors, "CI passed a letter whose numbers do not match its list:\n" + letter.read_text(
        encoding="utf-8"
    )
    assert all(f.location for f in errors), errors  # each names its line


def test_the_suites_are_whole() -> None:
    kinds = {param.values[1] for param in CASES}
    assert kinds == set(KINDS)
    assert len(CASES) >= 2 * 165  # every conformance case that cites defined keys


# --- the real letters a new user starts from -------------------------------------------


def run(*argv: str, cwd: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writer's folder: the project's references.bib and house settings, the example
    letter in Markdown, HTML and Word, and the seed letter as text."""
    folder = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "references.bib", folder / "references.bib")
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copy(EXAMPLES / "letter.md", folder / "letter.md")
    shutil.copy(EXAMPLES / "letter.html", folder / "letter.html")
    shutil.copy(SEED, folder / "seed.txt")
    subprocess.run(
        [sys.executable, str(EXAMPLES / "make_docx.py"), str(folder / "letter.docx")],
        check=True,
        cwd=folder,
    )
    return folder


LETTERS = ["letter.md", "letter.html", "letter.docx", "seed.txt"]


@pytest.mark.parametrize("name", LETTERS)
def test_the_real_letters_settle(project: Path, name: str) -> None:
    """cite -> check --doc (no document finding at error level; what cite wrote, none at
    all) -> cite again (the same bytes)."""
    source = project / name
    suffix = source.suffix
    once, twice = project / f"once-{source.stem}{suffix}", project / f"twice-{source.stem}{suffix}"
    code, said = run("cite", name, "--bib", "references.bib", "-o", once.name, cwd=project)
    assert code == 0, said
    code, said = run("cite", once.name, "--bib", "references.bib", "-o", twice.name, cwd=project)
    assert code == 0, said
    assert twice.read_bytes() == once.read_bytes()
    (report,) = mi_refs.check_documents([once], mi_refs.load(project / "references.bib"))
    if name == "seed.txt":  # typed by hand: judged, and nothing in it is an error
        assert not [f for f in report.findings if f.severity is Severity.ERROR], report
    else:
        assert report.findings == (), [f.message for f in report.findings]


@pytest.mark.parametrize("name", ["letter.md", "letter.html", "letter.docx"])
def test_a_new_citation_in_a_cited_letter_is_refused_with_its_place(
    project: Path, name: str
) -> None:
    """A writer adds a citation to the cited letter and cites it again: it used to be
    numbered 1 beside the old 1 under a second list. Now nothing is written, and the
    message names the file and where the letter shows it was cited."""
    source = project / name
    cited = project / f"cited-{name}"
    code, said = run("cite", name, "--bib", "references.bib", "-o", cited.name, cwd=project)
    assert code == 0, said
    edited = project / f"edited-{name}"
    addition = "A late addition [@hu2024early]."
    if source.suffix == ".docx":
        import docx

        document = docx.Document(str(cited))
        document.paragraphs[0].insert_paragraph_before(addition)
        document.save(str(edited))
    else:
        text = cited.read_text(encoding="utf-8")
        anchor = "<p>" if source.suffix == ".html" else "\n\n"
        at = text.index(anchor) + len(anchor)
        edited.write_text(text[:at] + addition + " " + text[at:], encoding="utf-8")
    out = project / f"again-{name}"
    code, said = run("cite", edited.name, "--bib", "references.bib", "-o", out.name, cwd=project)
    assert code == 2, said
    assert not out.exists()
    assert edited.name in said and "cited already" in said, said
    assert re.search(r"(line|paragraph) \d+", said), said


def test_citing_a_letter_with_nocite_again_adds_no_second_list() -> None:
    bib = mi_refs.load(ROOT / "references.bib")
    letter = "---\nnocite: '@hu2024early'\n---\n\nRemissions were durable [@vernava2023novel].\n"
    once = cite_text(letter, bib).text
    assert once.count("## References") == 1
    assert cite_text(once, bib).text == once


def test_a_new_citation_beside_an_appended_list_is_refused() -> None:
    bib = mi_refs.load(ROOT / "references.bib")
    once = cite_text("Remissions were durable [@vernava2023novel].\n", bib).text
    with pytest.raises(DocumentError, match=r"<string>: line 1 .*cited already"):
        cite_text(once + "\nAnd early [@hu2024early].\n", bib)
    text = cite_text("Durable [@vernava2023novel].\n", bib, format="text").text
    with pytest.raises(DocumentError, match="cited already"):
        cite_text(text + "\nAnd early [@hu2024early].\n", bib, format="text")
