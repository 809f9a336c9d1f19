"""The command line, run in-process: output, exit codes, settings, files."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mi_refs.cli import main

from .conftest import FIXTURES, ROOT

GOOD = "@article{a, author = {Vernava, Ilaria}, title = {T}, journal = {J}, year = 2023, doi = {10.1000/x}}\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "references.bib").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_render_defaults_to_references_bib(project: Path) -> None:
    assert run("render") == (0, "1. Vernava I. T. J. 2023. doi:10.1000/x\n", "")


def test_render_style_format_and_options(project: Path) -> None:
    code, out, _ = run(
        "render", "references.bib", "--style", "vancouver", "--format", "html", "--no-doi"
    )
    assert code == 0
    assert out == '<ol class="references">\n  <li id="ref-a">Vernava I. T. J. 2023.</li>\n</ol>\n'


def test_settings_in_pyproject_apply(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.mi-refs]\nstyle = "vancouver"\n[tool.mi-refs.house]\ndoi = false\n', encoding="utf-8"
    )
    assert run("render")[1] == "1. Vernava I. T. J. 2023.\n"
    assert run("render", "--doi")[1] == "1. Vernava I. T. J. 2023. doi: 10.1000/x\n"


def test_settings_in_mi_refs_toml_name_the_bibliography(project: Path) -> None:
    (project / "refs").mkdir()
    (project / "refs" / "letter.bib").write_text(GOOD.replace("{T}", "{Other}"), encoding="utf-8")
    (project / "mi-refs.toml").write_text('bibliography = "refs/letter.bib"\n', encoding="utf-8")
    assert "Other" in run("render")[1]


def test_bad_settings_are_a_usage_error(project: Path) -> None:
    (project / "mi-refs.toml").write_text("[house]\ndois = false\n", encoding="utf-8")
    code, out, err = run("render")
    assert (code, out) == (2, "")
    assert "mi-refs.toml: [house]: unknown house option(s): dois" in err


def test_output_file_is_written_atomically(project: Path) -> None:
    code, out, _ = run("render", "-o", "refs.txt")
    assert (code, out) == (0, "")
    assert (project / "refs.txt").read_text(encoding="utf-8").startswith("1. Vernava I.")
    assert sorted(p.name for p in project.iterdir()) == ["references.bib", "refs.txt"]


def test_problems_go_to_stderr_and_the_rest_renders() -> None:
    """Issue #15: an entry that cannot be read keeps its number as a placeholder line
    naming the problem (the list is never renumbered silently), and the exit code is 1."""
    code, out, err = run("render", str(FIXTURES / "malformed.bib"))
    assert code == 1
    assert "malformed.bib:21: [unbalanced2021] error: cannot read this @article entry" in err
    assert "valid1" not in out
    lines = out.splitlines()
    assert len(lines) == (FIXTURES / "malformed.bib").read_text(encoding="utf-8").count("\n@")
    assert lines[1].startswith("2. [entry unbalanced2021 on line 21 cannot be read: ")
    assert lines[2].startswith("3. Dossou K")


def test_missing_file_exits_2(project: Path) -> None:
    code, out, err = run("render", "nope.bib")
    assert (code, out) == (2, "")
    assert err.startswith("mi-refs: error: nope.bib: cannot read")


def test_nothing_usable_exits_2(project: Path) -> None:
    (project / "broken.bib").write_text("@article{x, title = {never closed\n", encoding="utf-8")
    code, _, err = run("render", "broken.bib")
    assert code == 2
    assert "broken.bib:1: [x] error" in err
    assert "no entry could be read" in err


def test_usage_errors_exit_2(project: Path) -> None:
    assert run("render", "--style", "apa")[0] == 2
    assert run()[0] == 2
    assert run("render", "--et-al-min", "0")[0] == 2


def test_version() -> None:
    code, out, _ = run("--version")  # to the standard output main() is given
    assert code == 0 and out.startswith("mi-refs ")


def test_python_dash_m_and_the_console_script_work() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "mi_refs", "render", str(ROOT / "references.bib")],
        capture_output=True, text=True, check=False, cwd=ROOT, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (FIXTURES / "seed-expected-ama.txt").read_text(encoding="utf-8")


def test_a_bug_is_reported_without_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mi_refs.styles.render  # where the render handler imports it from, when run

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(mi_refs.styles.render, "render", broken)
    monkeypatch.delenv("MI_REFS_DEBUG", raising=False)
    code, _, err = run("render")
    assert code == 2
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err


def test_check_offline_reports_and_exit_codes(project: Path) -> None:
    code, out, _ = run("check", "--offline", "--cache-dir", str(project / "cache"))
    assert code == 0
    assert (
        "1 entry: 0 with errors, 0 with warnings, 1 unverified, 0 not checkable, 0 ok; 1 finding: 0 errors, 0 warnings, 1 unverified, 0 info"
        in out
    )
    assert run("check", "--offline", "--strict", "--cache-dir", str(project / "cache"))[0] == 1


def test_check_writes_junit_to_a_file(project: Path) -> None:
    code, out, _ = run("check", "--offline", "--no-cache", "--format", "junit", "-o", "junit.xml")
    assert (code, out) == (0, "")
    assert (project / "junit.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_check_errors_exit_1(project: Path) -> None:
    (project / "references.bib").write_text(
        "@article{a, title = {T}, journal = {J}, year = 2999}\n", encoding="utf-8"
    )
    code, out, _ = run("check", "--offline", "--no-cache")
    assert code == 1
    assert "implausible-value" in out


def test_check_ignore_rules_from_settings(project: Path) -> None:
    (project / "references.bib").write_text(
        "@article{a, title = {T}, journal = {J}, year = 2999}\n", encoding="utf-8"
    )
    (project / "mi-refs.toml").write_text(
        'ignore = [{key = "a", code = "implausible-value", reason = "in press"}]\n',
        encoding="utf-8",
    )
    assert run("check", "--offline", "--no-cache")[0] == 0
    (project / "mi-refs.toml").write_text('ignore = [{key = "a"}]\n', encoding="utf-8")
    code, _, err = run("check", "--offline", "--no-cache")
    assert code == 2
    assert "ignore (rule 1)" in err and "a reason is required" in err


def test_check_unreadable_input_exits_2(project: Path) -> None:
    assert run("check", "missing.bib")[0] == 2


def test_check_doc_on_the_seed_letter(tmp_path: Path) -> None:
    seed = FIXTURES / "documents" / "seed-letter.md"
    code, out, _ = run(
        "check",
        "--doc",
        str(seed),
        str(ROOT / "references.bib"),
        "--offline",
        "--no-cache",
        "--format",
        "json",
    )
    data = json.loads(out)
    (document,) = data["documents"]
    assert document["path"] == str(seed)
    assert [(f["code"], f["severity"], f["location"]) for f in document["findings"]] == [
        ("citation", "warning", "line 60")
    ]
    assert code == 0  # the seed letter's only flaw is a superscript after a colon: a warning


def test_check_doc_without_a_bib_uses_the_document_s_own_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no references.bib here
    (tmp_path / "letter.md").write_text(
        "One.^1^ Three.^3^ Two.^2^\n\n## References\n\n1. A.\n2. B.\n3. C.\n", encoding="utf-8"
    )
    code, out, _ = run("check", "--doc", "letter.md", "--offline", "--no-cache")
    assert code == 1  # 3 cited before 2
    assert "letter.md: line 1:" in out and "citation" in out
