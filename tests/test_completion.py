"""Shell completion (issue 20 item 8): ``mi-refs completion bash|zsh|fish`` prints a script
generated from the parser (shtab); bash's is run here to complete real command lines. zsh
and fish are not installed on the build machine: their scripts are checked for every
command and option, and syntax-checked when the shell is there."""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from mi_refs import cli
from mi_refs.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out, err), out.getvalue(), err.getvalue()


def _commands() -> list[str]:
    (sub,) = [a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return list(sub.choices)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_names_every_command(shell: str, tmp_path: Path) -> None:
    code, script, err = run("completion", shell)
    assert code == 0, err
    commands = _commands()
    assert {"render", "check", "cite", "report", "completion"} <= set(commands)
    for command in commands:
        assert command in script, command
    for option in ("--standalone", "--offline", "--superscript", "--cache-dir"):
        assert (f"-l {option[2:]}" if shell == "fish" else option) in script
    checker = {"bash": ["bash", "-n"], "zsh": ["zsh", "-n"], "fish": ["fish", "--no-execute"]}
    program = checker[shell]
    if shutil.which(program[0]) is not None:
        path = tmp_path / f"mi-refs.{shell}"
        path.write_text(script, encoding="utf-8")
        done = subprocess.run([*program, str(path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr


def _bash_complete(script: Path, words: list[str]) -> list[str]:
    line = " ".join(words)
    program = (
        f"source {script}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE={line!r}; COMP_POINT=${{#COMP_LINE}}\n"
        f"_shtab_mi_refs mi-refs {words[-1]!r} {words[-2]!r}\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_commands_options_choices_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "mi-refs.bash"
    script.write_text(run("completion", "bash")[1], encoding="utf-8")
    assert _bash_complete(script, ["mi-refs", "ren"]) == ["render"]
    assert _bash_complete(script, ["mi-refs", "render", "--sta"]) == ["--standalone"]
    assert _bash_complete(script, ["mi-refs", "render", "--format", ""]) == [
        "text", "markdown", "html", "latex",
    ]  # fmt: skip
    assert _bash_complete(script, ["mi-refs", "completion", ""]) == ["bash", "zsh", "fish"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "letter.bib").write_text("", encoding="utf-8")
    assert "letter.bib" in _bash_complete(script, ["mi-refs", "check", "let"])


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("completion", "tcsh")
    assert (code, out) == (2, "") and "invalid choice: 'tcsh'" in capsys.readouterr().err
