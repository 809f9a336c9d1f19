"""Start-up stays fast (issue 20 item 7): the command line imports the heavy libraries
only in the commands that use them. Each case runs a fresh interpreter and looks at
``sys.modules``: an import added at the top of a module on these paths fails here."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
HEAVY = ("requests", "urllib3", "docx", "lxml", "markdown_it")


def _loaded(code: str, tmp_path: Path) -> list[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    return [name for name in HEAVY if name in modules]


def test_importing_the_command_line_loads_no_heavy_library(tmp_path: Path) -> None:
    assert _loaded("import mi_refs.cli", tmp_path) == []
    assert _loaded("import mi_refs", tmp_path) == []


def test_version_and_an_offline_check_load_no_heavy_library(tmp_path: Path) -> None:
    assert _loaded("from mi_refs.cli import main\nmain(['--version'])", tmp_path) == []
    check = (
        "import io\nfrom mi_refs.cli import main\n"
        f"main(['check', {str(ROOT / 'references.bib')!r}, '--offline', '--cache-dir', "
        f"{str(tmp_path / 'cache')!r}], io.StringIO(), io.StringIO())"
    )
    assert _loaded(check, tmp_path) == []  # no HTTP, no Word, no Markdown parser


def test_a_letter_check_loads_what_it_needs(tmp_path: Path) -> None:
    """The probe can see an import: checking a Word letter does load python-docx."""
    letter = ROOT / "docs" / "examples" / "letter.cited.md"
    check = (
        "import io\nfrom mi_refs.cli import main\n"
        f"main(['check', {str(ROOT / 'references.bib')!r}, '--offline', '--no-cache', "
        f"'--doc', {str(letter)!r}], io.StringIO(), io.StringIO())"
    )
    assert "markdown_it" in _loaded(check, tmp_path)


def test_version_is_argparse_s_answer(capsys: pytest.CaptureFixture[str]) -> None:
    from mi_refs import __version__
    from mi_refs.cli import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"mi-refs {__version__}\n"


def test_the_lazy_package_gives_every_public_name() -> None:
    import mi_refs
    import mi_refs.check.report  # importing the subpackages must not hide the functions
    import mi_refs.review.model

    assert callable(mi_refs.check) and mi_refs.check.__module__ == "mi_refs.api"
    assert callable(mi_refs.review) and mi_refs.review.__module__ == "mi_refs.review.api"
    modules = {p.stem for p in Path(mi_refs.__file__).parent.iterdir()} - {"__init__"}
    for name in set(mi_refs.__all__) & modules:  # every name that is also a module's
        assert callable(getattr(mi_refs, name)), name
    for name in mi_refs.__all__:
        assert getattr(mi_refs, name) is not None
    assert set(mi_refs.__all__) <= set(dir(mi_refs))
    with pytest.raises(AttributeError):
        mi_refs.no_such_name  # noqa: B018


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def test_only_the_review_commands_are_left_out_for_other_commands() -> None:
    from mi_refs import cli

    every = _commands(cli._parser())
    assert _commands(cli._parser("check")) == cli._OTHER_COMMANDS
    assert every - cli._OTHER_COMMANDS == {"report", "approve", "watch"}
    assert _commands(cli._parser("report")) == every == _commands(cli._parser("chekc"))
