"""``cite`` in pipelines (issue 20 item 3): .qmd/.Rmd/.markdown read as Markdown,
``--from``, ``-`` for standard input and output, and the letter's own YAML
``bibliography:`` (one reader, :mod:`mi_refs.documents.metadata`, shared by ``cite``,
``check --doc``, the Python API and the pandoc filter)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.documents.metadata import bibliography_names

from ..conftest import ROOT

A = "@article{a, author = {Vernava, Ilaria}, title = {Alpha study}, journal = {J}, year = 2023}\n"
B = "@article{b, author = {Shino, Mai}, title = {Beta study}, journal = {K}, year = 2022}\n"
LETTER = """---
title: "A letter"
bibliography: refs/first.bib
---

First [@b]. Then [@a; @b].
"""


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = main(list(argv), stdout=out, stderr=err)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "first.bib").write_text(A + B, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", ["letter.qmd", "letter.Rmd", "letter.markdown", "letter.md"])
def test_markdown_suffixes_and_the_yaml_bibliography(project: Path, name: str) -> None:
    (project / name).write_text(LETTER, encoding="utf-8")
    code, out, err = run("cite", name)
    assert (code, err) == (0, "")
    assert "First.^1^ Then.^1,2^" in out
    assert out.index("Shino M. Beta study") < out.index("Vernava I. Alpha study")


def test_the_bibliography_is_relative_to_the_letter(project: Path) -> None:
    (project / "letters").mkdir()
    (project / "letters" / "refs").mkdir()
    (project / "letters" / "refs" / "first.bib").write_text(A + B, encoding="utf-8")
    (project / "refs" / "first.bib").unlink()
    (project / "letters" / "letter.qmd").write_text(LETTER, encoding="utf-8")
    code, out, _ = run("cite", "letters/letter.qmd")
    assert code == 0
    assert "Then.^1,2^" in out


def test_standard_input_reads_the_bibliography_from_the_working_directory(
    project: Path,
) -> None:
    code, out, err = run("cite", "-", "--from", "markdown", stdin=LETTER.encode())
    assert (code, err) == (0, "")
    assert "First.^1^ Then.^1,2^" in out
    # - is Markdown by default, and -o - is standard output
    assert run("cite", "-", "-o", "-", stdin=LETTER.encode())[1] == out


def test_the_done_when_pipe_as_a_real_process(project: Path) -> None:
    """``cat letter.qmd | mi-refs cite - --from markdown > out.md``"""
    (project / "letter.qmd").write_text(LETTER, encoding="utf-8")
    with (project / "letter.qmd").open("rb") as letter, (project / "out.md").open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "mi_refs", "cite", "-", "--from", "markdown"],
            stdin=letter,
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        )
    assert done.returncode == 0, done.stderr
    text = (project / "out.md").read_text(encoding="utf-8")
    assert "First.^1^ Then.^1,2^" in text
    assert "1. Shino M. Beta study. *K*. 2022." in text


def test_several_files_are_merged_and_a_key_in_two_keeps_the_first(project: Path) -> None:
    (project / "refs" / "first.bib").write_text(A, encoding="utf-8")
    (project / "second.bib").write_text(B + A.replace("Alpha", "Other"), encoding="utf-8")
    letter = LETTER.replace(
        "bibliography: refs/first.bib", "bibliography:\n  - refs/first.bib\n  - second.bib"
    )
    (project / "letter.qmd").write_text(letter, encoding="utf-8")
    code, out, err = run("cite", "letter.qmd")
    assert code == 0
    assert "Alpha study" in out
    assert "Other study" not in out
    assert "second.bib:2: [a] warning: 'a' is also in refs/first.bib" in err


def test_a_missing_bibliography_is_an_error_naming_it(project: Path) -> None:
    (project / "letter.qmd").write_text(LETTER.replace("first.bib", "gone.bib"), encoding="utf-8")
    code, out, err = run("cite", "letter.qmd")
    assert (code, out) == (2, "")
    assert "refs/gone.bib: the bibliography named by letter.qmd does not exist" in err


def test_bib_wins_over_the_yaml_bibliography(project: Path) -> None:
    (project / "other.bib").write_text(A.replace("Alpha", "Gamma") + B, encoding="utf-8")
    (project / "letter.qmd").write_text(LETTER.replace("first.bib", "gone.bib"), encoding="utf-8")
    code, out, _ = run("cite", "letter.qmd", "--bib", "other.bib")
    assert code == 0
    assert "Gamma study" in out


def test_metadata_that_is_not_yaml_names_the_line(project: Path) -> None:
    (project / "letter.qmd").write_text(
        "---\ntitle: x\nbibliography: [a.bib\n---\n\nText [@a].\n", encoding="utf-8"
    )
    code, _, err = run("cite", "letter.qmd")
    assert code == 2
    assert "letter.qmd: line" in err
    assert "YAML metadata block cannot be read" in err


def test_a_foreign_bibliography_is_named_with_the_way_out(project: Path) -> None:
    (project / "letter.qmd").write_text(LETTER.replace("first.bib", "refs.json"), encoding="utf-8")
    code, _, err = run("cite", "letter.qmd")
    assert code == 2
    assert "mi-refs reads BibTeX (.bib)" in err
    assert "mi-refs import refs/refs.json" in err


def test_from_takes_pandoc_names_and_refuses_others(project: Path) -> None:
    html = '<p>First <a href="x">[@b]</a> then [@a].</p>'
    code, out, _ = run(
        "cite", "-", "--from", "html5", "--bib", "refs/first.bib", stdin=html.encode()
    )
    assert code == 0
    assert out.startswith(  # not linked inside a link; linked to its list item elsewhere
        '<p>First <a href="x"><sup>1</sup></a> then.<sup><a href="#ref-a">2</a></sup></p>'
    )
    code, out, _ = run("cite", "-", "--from", "gfm+smart", stdin=LETTER.encode())
    assert code == 0
    assert "Then.^1,2^" in out
    code, _, err = run("cite", "-", "--from", "latex", stdin=b"x")
    assert code == 2
    assert "unknown document format 'latex'" in err


def test_undefined_keys_from_standard_input_name_the_line(project: Path) -> None:
    code, out, err = run("cite", "-", stdin=LETTER.replace("[@a; @b]", "[@zz]").encode())
    assert (code, out) == (1, "")
    assert "<stdin>:6: [zz] error: undefined citation key 'zz' (line 6)" in err


def test_check_doc_reads_the_letters_yaml_bibliography(project: Path) -> None:
    (project / "letter.qmd").write_text(LETTER, encoding="utf-8")
    assert run("cite", "letter.qmd", "-o", "cited.qmd")[0] == 0
    code, out, _ = run("check", "--doc", "cited.qmd", "--offline", "--format", "json")
    report = json.loads(out)
    assert report["documents"] == [{"path": "cited.qmd", "findings": [], "listed": ["b", "a"]}]
    assert [entry["key"] for entry in report["entries"]] == ["a", "b"]  # the YAML's .bib
    assert code == 0
    (project / "bad.qmd").write_text(LETTER.replace("first.bib", "gone.bib"), encoding="utf-8")
    code, _, err = run("check", "--doc", "bad.qmd", "--offline")
    assert code == 2
    assert "refs/gone.bib: the bibliography named by bad.qmd does not exist" in err


def test_the_python_api(project: Path) -> None:
    (project / "letter.qmd").write_text(LETTER, encoding="utf-8")
    bib = mi_refs.letter_bibliography("letter.qmd")
    assert bib is not None
    assert bib.keys == ("a", "b")
    assert mi_refs.yaml_bibliography("no metadata [@a]") is None
    by_file = mi_refs.cite_file("letter.qmd")
    by_text = mi_refs.cite_text(LETTER)
    assert by_file.text == by_text.text == run("cite", "letter.qmd")[1]
    reports = mi_refs.check_documents(["letter.qmd"])
    assert reports[0].path == "letter.qmd"
    with pytest.raises(mi_refs.UnreadableFileError, match=r"gone\.bib"):
        mi_refs.yaml_bibliography(LETTER.replace("first.bib", "gone.bib"))
    with pytest.raises(mi_refs.InvalidArgumentError, match="names none"):
        mi_refs.cite_text("Text [@a].")


@pytest.mark.parametrize(
    ("metadata", "names"),
    [
        ("bibliography: a.bib", ["a.bib"]),
        ("bibliography: [a.bib, 'b c.bib']", ["a.bib", "b c.bib"]),
        ("bibliography:\n- a.bib\n- b.bib", ["a.bib", "b.bib"]),
        ("title: no bibliography", []),
    ],
)
def test_bibliography_names(metadata: str, names: list[str]) -> None:
    assert bibliography_names(f"---\n{metadata}\n---\n\nText.\n") == names


def test_a_later_block_wins_as_in_pandoc() -> None:
    text = "---\nbibliography: a.bib\n---\n\nText.\n\n---\nbibliography: b.bib\n...\n"
    assert bibliography_names(text) == ["b.bib"]


def test_a_value_that_is_no_name_is_refused() -> None:
    with pytest.raises(mi_refs.DocumentError, match=r"line 1: bibliography: expected a file name"):
        bibliography_names("---\nbibliography: {a: 1}\n---\n", "x.md")


def test_a_byte_order_mark_is_kept_and_the_metadata_still_read(project: Path) -> None:
    (project / "letter.qmd").write_bytes(b"\xef\xbb\xbf" + LETTER.encode())
    assert run("cite", "letter.qmd", "-o", "out.qmd")[0] == 0
    out = (project / "out.qmd").read_bytes()
    assert out.startswith(b"\xef\xbb\xbf---\n")
    assert b"Then.^1,2^" in out
