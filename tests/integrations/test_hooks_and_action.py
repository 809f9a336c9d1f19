"""pre-commit hooks and the GitHub Action (issue 20, items 5 and 6), run with no network.

- ``.pre-commit-hooks.yaml``: each hook is run as pre-commit runs it: its ``files`` and
  ``exclude`` regexes applied to the files staged in a temporary git repository, then
  ``entry`` + ``args`` + those file names (``pass_filenames``). The entry's console script
  is resolved from ``[project.scripts]`` in pyproject.toml and run with this environment's
  Python and this tree's ``src`` (pre-commit would pip-install the hook repository into a
  fresh virtualenv, which needs the network: that is why ``pre-commit try-repo`` itself is
  not run here).
- ``action.yml``: each composite step with ``run:`` is executed with bash as GitHub runs it
  (``bash --noprofile --norc -eo pipefail``), its ``${{ inputs.* }}`` substituted, in a
  temporary folder with a fake ``GITHUB_STEP_SUMMARY`` and ``GITHUB_OUTPUT``. ``uses:``
  steps (setup-python, the cache) are GitHub's and skipped; the install step is skipped
  too and ``mi-refs`` on PATH is this environment's (``python -m mi_refs``) instead of a
  fresh ``pip install`` of the action's checkout.

Correct repository: the seed's references.bib and letter (exit 0). Wrong ones: an entry
dated 2999, and a letter citing 21 of 20 references (exit 1, ``::error`` annotations).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml")

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[2]
SEED_BIB = ROOT / "references.bib"
SEED_LETTER = ROOT / "tests" / "fixtures" / "documents" / "seed-letter.md"
WRONG_ENTRY = (
    "@article{b, author = {Roe, R}, title = {U}, journal = {Blood}, year = 2999, pmid = {123}}\n"
)
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def _load(name: str) -> Any:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def _scripts() -> dict[str, str]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return dict(tomllib.load(file)["project"]["scripts"])


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MI_REFS", "GITHUB_"))}
    env["PYTHONPATH"] = str(ROOT / "src")
    env["XDG_CACHE_HOME"] = str(tmp / "xdg-cache")  # an empty cache: nothing verified offline
    env["NO_COLOR"] = "1"
    return env


def _console_script(name: str) -> list[str]:
    """The command a console script *name* runs, from pyproject.toml's [project.scripts]."""
    target = _scripts()[name]
    module, function = target.split(":")
    return [sys.executable, "-c", f"from {module} import {function}; {function}()"]


def _letter(tmp: Path, name: str, *, wrong: bool) -> None:
    text = SEED_LETTER.read_text(encoding="utf-8")
    (tmp / name).write_text(text.replace("^2^", "^21^") if wrong else text, encoding="utf-8")


# --- the YAML files -----------------------------------------------------------------------


def test_the_hooks_file_declares_both_hooks_offline() -> None:
    hooks = {hook["id"]: hook for hook in _load(".pre-commit-hooks.yaml")}
    assert set(hooks) == {"mi-refs-check", "mi-refs-check-doc"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"  # pre-commit installs the repository itself
        assert "--offline" in shlex.split(hook["entry"])  # a commit never waits on the network
        assert shlex.split(hook["entry"])[0] in _scripts()  # a console script we ship
        assert hook.get("pass_filenames", True) is True
        re.compile(hook["files"])
    assert re.search(hooks["mi-refs-check"]["files"], "refs/references.bib")
    assert not re.search(hooks["mi-refs-check"]["files"], "letter.md")
    for name in ("letter.md", "a/letter.docx", "letter.html"):
        assert re.search(hooks["mi-refs-check-doc"]["files"], name), name
    assert not re.search(hooks["mi-refs-check-doc"]["files"], "references.bib")


def test_the_action_is_a_composite_with_the_inputs_the_docs_name() -> None:
    action = _load("action.yml")
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {
        "bib", "docs", "strict", "offline", "python-version", "version", "cache-dir", "all-entries",
    }  # fmt: skip
    steps = action["runs"]["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/setup-python", "actions/cache/restore", "actions/cache/save"]
    save = next(step for step in steps if step.get("uses", "").startswith("actions/cache/save"))
    assert save["if"] == "always()"  # a failing check still keeps what it learned
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore"))
    assert restore["with"]["key"] == save["with"]["key"]
    assert restore["with"]["path"] == save["with"]["path"] == "${{ inputs.cache-dir }}"
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"


def test_the_doc_hook_turns_each_letter_into_a_doc_option() -> None:
    from mi_refs.hooks import doc_arguments

    assert doc_arguments(["--offline", "a.md", "b/c.DOCX", "refs.bib"]) == [
        "check", "--offline", "--doc", "a.md", "--doc", "b/c.DOCX", "refs.bib",
    ]  # fmt: skip
    assert doc_arguments(["-o", "report.md", "x.html"]) == [
        "check", "-o", "report.md", "--doc", "x.html",
    ]  # fmt: skip


# --- pre-commit, as pre-commit runs a hook ------------------------------------------------


def _git(repo: Path, *argv: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *argv],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def _run_hook(hook_id: str, repo: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    hook = next(h for h in _load(".pre-commit-hooks.yaml") if h["id"] == hook_id)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    staged = _git(repo, "diff", "--cached", "--name-only", "-z").split("\0")
    files = [
        name for name in staged
        if name and re.search(hook["files"], name)
        and not (hook.get("exclude") and re.search(hook["exclude"], name))
    ]  # fmt: skip
    assert files, "the hook would not run at all"
    entry = shlex.split(hook["entry"])
    command = [*_console_script(entry[0]), *entry[1:], *hook.get("args", []), *files]
    return subprocess.run(
        command, check=False, cwd=repo, env=_env(tmp), capture_output=True, text=True, timeout=120
    )  # fmt: skip


@needs_git
@pytest.mark.parametrize("wrong", [False, True], ids=["correct", "wrong"])
def test_the_bib_hook_on_a_repository(tmp_path: Path, wrong: bool) -> None:
    repo = tmp_path / "repo"
    (repo / "refs").mkdir(parents=True)
    shutil.copy(SEED_BIB, repo / "references.bib")
    (repo / "refs" / "extra.bib").write_text(
        WRONG_ENTRY if wrong else SEED_BIB.read_text(encoding="utf-8").split("\n@", 2)[0] + "\n",
        encoding="utf-8",
    )
    (repo / "notes.md").write_text("not a .bib: the hook never sees it\n", encoding="utf-8")
    done = _run_hook("mi-refs-check", repo, tmp_path)
    assert "Traceback" not in done.stderr
    assert done.returncode == (1 if wrong else 0), done.stdout + done.stderr
    assert "offline" in done.stdout + done.stderr
    assert ("2999" in done.stdout) == wrong
    assert "notes.md" not in done.stdout


@needs_git
@pytest.mark.parametrize("wrong", [False, True], ids=["correct", "wrong"])
def test_the_doc_hook_on_a_repository(tmp_path: Path, wrong: bool) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(SEED_BIB, repo / "references.bib")  # check's default bibliography
    _letter(repo, "letter.md", wrong=wrong)
    (repo / "README.md").write_text("# excluded\n", encoding="utf-8")
    done = _run_hook("mi-refs-check-doc", repo, tmp_path)
    assert "Traceback" not in done.stderr
    assert done.returncode == (1 if wrong else 0), done.stdout + done.stderr
    assert "1 document checked" in done.stdout  # the letter, not README.md
    assert ("cites number 21" in done.stdout) == wrong


# --- the action's steps, as the runner executes them --------------------------------------

_EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def _substitute(text: str, inputs: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("inputs."):
            return inputs[name.removeprefix("inputs.")]
        if name == "github.action_path":
            return str(ROOT)
        raise AssertionError(f"unexpected expression in a run step: {name}")

    return _EXPRESSION.sub(value, text)


def _run_action(tmp: Path, given: dict[str, str]) -> tuple[int, str, Path, Path]:
    action = _load("action.yml")
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs.update(given)
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "mi-refs"  # this environment's mi-refs, not a fresh pip install
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mi_refs "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    summary, output = tmp / "step-summary.md", tmp / "github-output"
    env = _env(tmp)
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_OUTPUT=str(output),
    )
    code, log, ran = 0, "", []
    for step in action["runs"]["steps"]:
        if "run" not in step or (code != 0 and step.get("if") != "always()"):
            continue
        if "pip install" in step["run"]:
            assert "$MI_REFS_ACTION_PATH" in step["run"]  # installs the action's own checkout
            assert step["env"]["MI_REFS_ACTION_PATH"] == "${{ github.action_path }}"
            continue
        script = tmp / f"step-{len(ran)}.sh"
        script.write_text(_substitute(step["run"], inputs), encoding="utf-8")
        step_env = {**env, **{k: _substitute(str(v), inputs) for k, v in step["env"].items()}}
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=tmp / "work", env=step_env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        ran.append(step.get("name"))
        code, log = done.returncode, log + done.stdout + done.stderr
    assert "mi-refs check" in ran
    return code, log, summary, output


@needs_bash
@pytest.mark.parametrize(
    ("wrong", "strict", "expected"),
    [("", "false", 0), ("bib", "false", 1), ("doc", "false", 1), ("", "true", 1)],
    ids=["correct", "wrong-entry", "wrong-letter", "strict-unverified"],
)
def test_the_action_steps_on_a_repository(
    tmp_path: Path, wrong: str, strict: str, expected: int
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(SEED_BIB, work / "references.bib")
    bibs = "references.bib"
    if wrong == "bib":
        (work / "wrong.bib").write_text(WRONG_ENTRY, encoding="utf-8")
        bibs += " wrong.bib"
    _letter(work, "letter.md", wrong=wrong == "doc")
    code, log, summary, output = _run_action(
        tmp_path,
        {"bib": bibs, "docs": "letter.md", "strict": strict, "offline": "true",
         "cache-dir": str(tmp_path / "cache")},
    )  # fmt: skip
    assert "Traceback" not in log
    assert code == expected, log
    errors = [line for line in log.splitlines() if line.startswith("::error")]
    assert bool(errors) == (expected == 1), log  # the job fails exactly when it says why
    if wrong == "bib":
        assert any("file=wrong.bib" in line for line in errors)
    if wrong == "doc":
        assert any("file=letter.md" in line and "21" in line for line in errors)
    if strict == "true":
        assert any("unverified" in line for line in errors)
    assert f"exit-code={expected}" in output.read_text(encoding="utf-8")
    assert "entries" in summary.read_text(encoding="utf-8")  # check wrote the step summary


@needs_bash
@pytest.mark.parametrize(
    ("bib", "all_entries", "expected"),
    [("", "auto", 0), ("", "true", 1), ("references.bib", "auto", 1),
     ("references.bib", "false", 0), ("", "yes", 2)],
    ids=["letters-bib", "letters-bib-all", "named-bib", "named-bib-cited-only", "bad-value"],
)  # fmt: skip
def test_the_action_checks_a_named_bib_whole_and_a_letters_bib_as_cited(
    tmp_path: Path, bib: str, all_entries: str, expected: int
) -> None:
    """The wrong entry is in references.bib but no letter cites it. ``all-entries: auto``
    (the default) checks a .bib named in ``bib`` whole (the wrong entry fails the job),
    and with ``bib`` empty (check's default bibliography) only the entries the letter's
    list prints (the correct letter passes; a note names what was not checked)."""
    work = tmp_path / "work"
    work.mkdir()
    text = SEED_BIB.read_text(encoding="utf-8")
    (work / "references.bib").write_text(text + "\n" + WRONG_ENTRY, encoding="utf-8")
    _letter(work, "letter.md", wrong=False)
    code, log, _summary, output = _run_action(
        tmp_path,
        {"bib": bib, "docs": "letter.md", "all-entries": all_entries, "offline": "true",
         "cache-dir": str(tmp_path / "cache")},
    )  # fmt: skip
    assert "Traceback" not in log
    assert code == expected, log
    errors = [line for line in log.splitlines() if line.startswith("::error")]
    assert bool(errors) == (expected != 0), log
    assert f"exit-code={expected}" in output.read_text(encoding="utf-8")
    if expected == 1:
        assert any("2999" in line or "title=implausible" in line for line in errors), log
    if expected == 0:
        assert "1 entry the letters do not cite was not checked" in log, log
    if expected == 2:
        assert "all-entries must be auto, true or false" in log, log
