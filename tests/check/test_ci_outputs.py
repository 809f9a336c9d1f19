"""CI says why (issue 15, item 7): under --strict whatever fails the run is an ::error
annotation and a JUnit failure; notes are ::notice lines and JUnit system-err; a step
summary for GITHUB_STEP_SUMMARY; entries and findings counted apart; several .bib files
and letters; a progress bar only on a terminal; docs/check.md's CI recipe run as written."""

from __future__ import annotations

import io
import re
import shlex
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.console import ProgressBar
from tests.conftest import build_docx
from tests.fakeregistry import FakeRegistry

ROOT = Path(__file__).resolve().parents[2]
SEED_MD = ROOT / "tests" / "fixtures" / "documents" / "seed-letter.md"
# an unverified entry (offline, not cached): a warning, so --strict alone fails the run
UNVERIFIED = "@article{a, author = {Doe, J}, title = {T}, journal = {Blood}, year = 2020, doi = {10.1000/x}}\n"
ERROR = (
    "@article{b, author = {Roe, R}, title = {U}, journal = {Blood}, year = 2999, pmid = {123}}\n"
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*argv: str, stderr: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "references.bib"
    path.write_text(UNVERIFIED, encoding="utf-8")
    return path


def offline(path: Path, *argv: str) -> tuple[int, str, str]:
    return run("check", str(path), "--offline", "--no-cache", *argv)


def test_strict_failures_are_error_annotations_and_notes_are_notices(bib: Path) -> None:
    code, out, _ = offline(bib, "--format", "github", "--strict")
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith("::error ") and "title=unverified [a]" in line for line in lines)
    assert not any(line.startswith("::warning") for line in lines)
    assert "::notice title=mi-refs note::offline: registry data from the cache only" in lines
    code, out, _ = offline(bib, "--format", "github")  # not strict: a warning, exit 0
    assert code == 0
    assert any(line.startswith("::warning ") for line in out.splitlines())
    assert not any(line.startswith("::error") for line in out.splitlines())


def test_strict_failures_are_junit_failures_and_notes_system_err(bib: Path) -> None:
    code, out, _ = offline(bib, "--format", "junit", "--strict")
    assert code == 1
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None and "unverified" in (failure.get("message") or "")
    assert "note: offline" in (suite.findtext("system-err") or "")
    _, out, _ = offline(bib, "--format", "junit")
    assert ET.fromstring(out).find("testsuite").get("failures") == "0"  # type: ignore[union-attr]


def test_every_failing_finding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "r.bib"
    path.write_text(UNVERIFIED + ERROR, encoding="utf-8")
    report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
    failing = [f for f in report.findings() if mi_refs.fails(f, strict=True)]
    assert len(failing) >= 2
    github = mi_refs.format_report(report, "github", strict=True)
    junit = mi_refs.format_report(report, "junit", strict=True)
    errors = [line for line in github.splitlines() if line.startswith("::error")]
    assert len(errors) == len(failing)
    for finding in failing:
        assert finding.code in junit and finding.message.split(":")[0] in junit
    assert mi_refs.exit_code(report, strict=True) == 1


def test_the_summary_line_counts_entries_and_findings_apart(tmp_path: Path) -> None:
    path = tmp_path / "r.bib"
    path.write_text(UNVERIFIED + ERROR, encoding="utf-8")
    _, out, _ = offline(path)
    last = out.splitlines()[-1]
    assert re.fullmatch(
        r"2 entries: 1 with errors, 0 with warnings, 1 unverified, 0 not checkable, 0 ok; "
        r"\d+ findings: \d+ errors?, \d+ warnings?, 2 unverified, \d+ info",
        last,
    ), last


def test_the_step_summary_is_appended(bib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = bib.parent / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert offline(bib, "--strict", "--format", "github")[0] == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### mi-refs check: ")
    assert "| status | entries |" in text and "| unverified | 1 |" in text
    assert re.search(r"\| FAIL \| .*references\.bib:1 \| a \| unverified \|", text)
    assert "- note: offline" in text
    assert offline(bib)[0] == 0
    assert summary.read_text(encoding="utf-8").count("### mi-refs check") == 2


def test_the_report_and_the_step_summary_cannot_be_one_file(
    bib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = bib.parent / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, _, err = offline(bib, "-o", str(summary))
    assert code == 2 and "cannot be one file" in err
    assert not summary.exists()


SEVERAL = {  # each file: an entry a letter cites, and one no letter cites (a wrong one)
    "one.bib": "@article{a, author = {Doe, J}, title = {A fictional cohort of patients}, "
    "journal = {Blood}, year = 2020, doi = {10.1000/x}}\n"
    "@article{c, author = {Poe, E}, title = {An uncited future study}, journal = {Blood}, "
    "year = 2999}\n",
    "two.bib": "@article{b, author = {Roe, R}, title = {An impossible future trial}, "
    "journal = {Blood}, year = 2999, pmid = {123}}\n"
    "@article{d, author = {Coe, K}, title = {Another uncited study}, journal = {Blood}, "
    "year = 2998}\n",
}


def test_several_bib_files_and_letters(tmp_path: Path) -> None:
    """Each .bib checked with its own settings, every entry naming its file; with letters,
    only the entries their lists print are judged (c and d, wrong, are not cited: named
    in the JSON ``uncited`` and one note), ``--all-entries`` judges the files whole."""
    import json

    first, second = tmp_path / "one.bib", tmp_path / "two.bib"
    for path in (first, second):
        path.write_text(SEVERAL[path.name], encoding="utf-8")
    letters = []
    for name, cited in (("l1.md", "[@a]"), ("l2.md", "[@b]")):
        letter = tmp_path / name
        letter.write_text(f"Text{cited}.\n", encoding="utf-8")
        cited_path = tmp_path / f"cited-{name}"
        assert run("cite", str(letter), "--bib", str(first if "a" in cited else second),
                   "-o", str(cited_path))[0] == 0  # fmt: skip
        letters.append(cited_path)
    check = ("check", str(first), str(second), "--doc", str(letters[0]), "--doc",
             str(letters[1]), "--offline", "--no-cache", "--format", "json")  # fmt: skip
    code, out, _ = run(*check)
    assert code == 1  # b's year 2999: a cited entry's error fails the letters
    data = json.loads(out)
    assert {(e["file"], e["key"]) for e in data["entries"]} == {
        (str(first), "a"),
        (str(second), "b"),
    }
    assert data["summary"]["entries"] == 2 and data["summary"]["uncited"] == 2
    assert data["uncited"] == [
        {"file": str(first), "key": "c", "line": 2},
        {"file": str(second), "key": "d", "line": 2},
    ]
    assert [d["path"] for d in data["documents"]] == [str(p) for p in letters]
    assert [d["listed"] for d in data["documents"]] == [["a"], ["b"]]
    note = (
        f"2 entries the letters do not cite were not checked: run `mi-refs check {first} {second}`"
    )
    assert any(n.startswith(note) for n in data["notes"]), data["notes"]
    # the note in every format; the uncited keys only in JSON
    uncited = {"text": (": c:", ": d:"), "github": ("[c]", "[d]"),
               "junit": ('name="c"', 'name="d"'), "markdown": ("| c |", "| d |")}  # fmt: skip
    for fmt, marks in uncited.items():
        _, out, _ = run(*check[:-1], fmt)
        assert "2 entries the letters do not cite were not checked" in out, (fmt, out)
        assert "2998" not in out and not any(mark in out for mark in marks), (fmt, out)
        _, whole, _ = run(*check[:-1], fmt, "--all-entries")  # the marks are right
        assert all(mark in whole for mark in marks), (fmt, whole)
    # --all-entries: the files whole, as without letters
    code, out, _ = run(*check, "--all-entries")
    data = json.loads(out)
    assert code == 1 and "uncited" not in data and data["summary"]["entries"] == 4
    assert {e["key"] for e in data["entries"] if e["status"] == "error"} == {"b", "c", "d"}
    code, out, _ = run("check", str(first), str(second), "--offline", "--no-cache")
    assert f"{first}:1: a: unverified" in out and f"{second}:1: b: error" in out
    assert f"{first}:2: c: error" in out and "not cite" not in out
    _, out, _ = run(
        "check", str(first), str(second), "--offline", "--no-cache", "--format", "github"
    )
    assert f"file={first}" in out and f"file={second}" in out


def test_a_pre_commit_hook_passing_one_unreadable_file_exits_2(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.bib", tmp_path / "bad.bib"
    good.write_text(UNVERIFIED, encoding="utf-8")
    bad.write_text("@article{x, title = {unterminated\n", encoding="utf-8")
    code, _, err = run("check", str(good), str(bad), "--offline", "--no-cache")
    assert code == 2 and f"{bad}: no entry could be read" in err


def test_the_progress_bar_draws_on_a_terminal_and_is_cleared() -> None:
    terminal = Terminal()
    with ProgressBar(terminal) as bar:
        assert bar.shown
        bar.update("Crossref: 12 DOIs", 1, 4)
        bar.update("PubMed: 3 DOIs without a PMID", 2, 4)
    drawn = terminal.getvalue()
    assert "2/4" in drawn and "ETA" in drawn  # done/total, elapsed, time left
    assert drawn.endswith("\x1b[?25h") or "\x1b[2K" in drawn  # the line is cleared
    piped = io.StringIO()
    with ProgressBar(piped) as bar:
        bar.update("x", 1, 4)
    assert piped.getvalue() == "" and not bar.shown


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        yield server


def test_a_check_on_a_terminal_shows_progress_and_never_mixes_it_into_the_report(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in registry.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
    argv = ["check", str(ROOT / "references.bib"), "--cache-dir", str(tmp_path)]
    code, out, err = run(*argv, stderr=Terminal())
    assert "/4" in err  # the bar was drawn on standard error
    assert "\x1b" not in out and "/4" not in out
    piped_code, piped_out, piped_err = run(*argv)
    assert piped_err == "" and piped_code == code
    assert piped_out.splitlines()[-1] == out.splitlines()[-1]


def _recipe() -> tuple[list[list[str]], dict[str, str]]:
    """The `run:` steps and `env:` of the GitHub Actions block in docs/check.md."""
    text = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    section = text.split("## In GitHub Actions", 1)[1]
    block = section.split("```yaml", 1)[1].split("```", 1)[0]
    commands = [
        shlex.split(line.split("run:", 1)[1].split("#", 1)[0])
        for line in block.splitlines()
        if line.strip().startswith("- run: mi-refs") or line.strip().startswith("run: mi-refs")
    ]
    env = dict(re.findall(r"^\s+(MI_REFS_\w+|NCBI_API_KEY): (.+)$", block, re.MULTILINE))
    return commands, env


def test_the_ci_recipe_in_docs_check_md_runs_as_written(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands, env = _recipe()
    assert commands and all(command[:2] == ["mi-refs", "check"] for command in commands)
    assert "MI_REFS_MAILTO" in env
    for name, value in registry.env().items():
        monkeypatch.setenv(name, value)
    for name, value in env.items():
        if "${{" not in value:  # secrets are GitHub's to fill in
            monkeypatch.setenv(name, value)
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "references.bib").write_text(
        (ROOT / "references.bib").read_text(encoding="utf-8"), encoding="utf-8"
    )
    build_docx(SEED_MD.read_text(encoding="utf-8"), tmp_path / "letter.docx")
    for command in commands:
        code, out, err = run(*command[1:])
        assert "internal error" not in err and code in {0, 1}, err
        report_format = command[command.index("--format") + 1]
        if report_format == "github":
            failing = [line for line in out.splitlines() if line.startswith("::error")]
            assert bool(failing) == (code == 1), out  # the job fails exactly when it says why
        if report_format == "junit":
            junit = ET.parse(command[command.index("-o") + 1]).getroot()
            assert (junit.find("testsuite").get("failures") != "0") == (code == 1)  # type: ignore[union-attr]
    assert summary.read_text(encoding="utf-8").count("### mi-refs check") == len(commands)


def test_the_pre_commit_hook_runs_on_the_file_names_it_is_given(tmp_path: Path) -> None:
    """.pre-commit-hooks.yaml's entry, with the changed files appended as pre-commit does."""
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = shlex.split(re.search(r"^\s+entry: (.+)$", hooks, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert entry[:2] == ["mi-refs", "check"]
    files = re.search(r"^\s+files: (.+)$", hooks, re.MULTILINE).group(1)  # type: ignore[union-attr]
    good, wrong = tmp_path / "good.bib", tmp_path / "wrong.bib"
    good.write_text(UNVERIFIED, encoding="utf-8")
    wrong.write_text(ERROR, encoding="utf-8")
    assert all(re.search(files, path.name) for path in (good, wrong))
    assert run(*entry[1:], str(good))[0] == 0
    code, out, _ = run(*entry[1:], str(good), str(wrong))
    assert code == 1 and f"{wrong}:1: b: error" in out


def test_the_api_scopes_a_check_to_the_letters_as_the_cli_does(tmp_path: Path) -> None:
    """``mi_refs.check(bib, documents=check_documents(...))`` is ``check BIB --doc``;
    ``all_entries=True`` is ``--all-entries``: the same JSON bytes from both."""
    import json

    bib = tmp_path / "one.bib"
    bib.write_text(SEVERAL["one.bib"], encoding="utf-8")
    letter, cited = tmp_path / "l1.md", tmp_path / "cited-l1.md"
    letter.write_text("Text[@a].\n", encoding="utf-8")
    assert run("cite", str(letter), "--bib", str(bib), "-o", str(cited))[0] == 0
    loaded = mi_refs.load(bib)
    documents = mi_refs.check_documents([cited], loaded)
    assert [d.cited for d in documents] == [("a",)]
    for extra, all_entries in (((), False), (("--all-entries",), True)):
        code, out, _ = run("check", str(bib), "--doc", str(cited), "--offline", "--no-cache",
                           "--format", "json", *extra)  # fmt: skip
        report = mi_refs.check(
            loaded, online=False, use_cache=False, documents=documents, all_entries=all_entries
        )
        assert mi_refs.format_report(report, "json") == out
        assert code == mi_refs.exit_code(report)
        data = json.loads(out)
        assert [e["key"] for e in data["entries"]] == (["a", "c"] if all_entries else ["a"])
        assert [e["key"] for e in data.get("uncited", [])] == ([] if all_entries else ["c"])
    assert [e.key for e in mi_refs.check(loaded, online=False, use_cache=False).entries] == [
        "a", "c",
    ]  # fmt: skip
    with pytest.raises(mi_refs.InvalidArgumentError, match="DocumentReport"):
        mi_refs.check(loaded, online=False, documents=[str(cited)])  # type: ignore[list-item]
