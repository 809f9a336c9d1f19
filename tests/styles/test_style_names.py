"""A style's names (issue 21's follow-up; issue 22 item 9): ``nlm`` is ``vancouver`` (the
Vancouver style here is NLM's Citing Medicine) and ``ama11`` is ``ama``, in every command,
setting and API call that takes a style; any other name is exit 2 (or
``UnknownStyleError``) naming the four accepted ones, in every command."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.pandoc.main import read_options
from mi_refs.settings import Settings
from mi_refs.styles import STYLE_NAMES, style_name

BIB = (
    "@article{a, author = {Doe, Jane and Roe, Rick}, title = {A trial of something},\n"
    "  journal = {N Engl J Med}, year = 2020, volume = 382, pages = {1618--1621}}\n"
)
LETTER = "# Letter\n\nA trial showed it.[@a]\n"
KNOWN = "known: ama, ama11, nlm, vancouver"


def run(tmp_path: Path, *argv: str, settings: str = "") -> tuple[int, str, str]:
    (tmp_path / "r.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "letter.md").write_text(LETTER, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.mi-refs]\n{settings}", encoding="utf-8")
    args = [
        a.replace("BIB", str(tmp_path / "r.bib")).replace("LETTER", str(tmp_path / "letter.md"))
        for a in argv
    ]
    out, err = io.StringIO(), io.StringIO()
    code = main(args, out, err)
    assert "internal error" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


def test_the_names_are_defined_once() -> None:
    assert STYLE_NAMES == ("ama", "ama11", "nlm", "vancouver")
    assert [style_name(n) for n in STYLE_NAMES] == ["ama", "ama", "vancouver", "vancouver"]
    assert style_name("NLM") == "vancouver"
    with pytest.raises(mi_refs.UnknownStyleError, match=KNOWN):
        style_name("harvard")


def test_the_api_takes_every_name() -> None:
    bib = mi_refs.loads(BIB)
    nlm = mi_refs.render(bib, style="nlm")
    assert nlm == mi_refs.render(bib, style="vancouver") != mi_refs.render(bib, style="ama")
    assert mi_refs.render(bib, style="ama11") == mi_refs.render(bib, style="ama")
    assert "1618-21" in nlm  # NLM abbreviates page ranges, AMA does not
    with pytest.raises(mi_refs.UnknownStyleError, match=KNOWN):
        mi_refs.render(bib, style="harvard")


OFFLINE = ("--offline", "--no-cache")
CACHED = ("--offline", "--cache-dir", "cache")
# every command with a --style option, run offline on one entry
STYLE_COMMANDS = {
    "render": ("render", "BIB"),
    "check": ("check", "BIB", *OFFLINE),
    "cite": ("cite", "LETTER", "--bib", "BIB", "-o", "-"),
    "report": ("report", "LETTER", "--bib", "BIB", "--format", "json", *CACHED),
    "approve": ("approve", "LETTER", "--bib", "BIB", "-o", "LETTER.lock.json", *CACHED),
}


@pytest.mark.parametrize("command", list(STYLE_COMMANDS))
def test_every_style_option_takes_nlm_and_refuses_an_unknown_name(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = STYLE_COMMANDS[command]
    code, out, err = run(tmp_path, *argv, "--style", "nlm")
    assert code != 2, err
    if command in ("render", "cite"):
        assert (code, out) == run(tmp_path, *argv, "--style", "vancouver")[:2]
        assert out != run(tmp_path, *argv, "--style", "ama")[1]
    capsys.readouterr()
    code, _, _ = run(tmp_path, *argv, "--style", "harvard")
    err = capsys.readouterr().err  # argparse's message
    assert code == 2
    assert "invalid choice: 'harvard' (choose from 'ama', 'ama11', 'nlm', 'vancouver')" in err
    assert main([command, "--help"]) == 0
    assert "{ama,ama11,nlm,vancouver}" in capsys.readouterr().out


# every command that reads the settings' style (add, export, fix, import only from there)
SETTINGS_COMMANDS = {
    **STYLE_COMMANDS,
    "export": ("export", "BIB", "--format", "ris"),
    "add": ("add", "10.1000/x", "--bib", "BIB", *OFFLINE, "--dry-run"),
    "fix": ("fix", "BIB", *OFFLINE),
    "import": ("import", "BIB.ris"),
    "watch": ("watch", "LETTER.lock.json", *CACHED),
}


@pytest.mark.parametrize("command", list(SETTINGS_COMMANDS))
def test_every_command_takes_nlm_in_the_settings_and_refuses_an_unknown_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.bib.ris").write_text(
        "TY  - JOUR\nAU  - Doe, Jane\nTI  - Another trial\nT2  - Lancet\nPY  - 2021\nER  - \n",
        encoding="utf-8",
    )
    argv = SETTINGS_COMMANDS[command]
    if command == "watch":
        assert run(tmp_path, *STYLE_COMMANDS["approve"])[0] != 2
    code, _, err = run(tmp_path, *argv, settings='style = "nlm"\n')
    assert code != 2, err
    code, _, err = run(tmp_path, *argv, settings='style = "harvard"\n')
    assert code == 2, err
    assert f"{tmp_path / 'pyproject.toml'}: style: unknown style 'harvard' ({KNOWN})" in err


def test_the_pandoc_filter_takes_every_name() -> None:
    settings = Settings()
    assert read_options({"mi-refs": {"style": "nlm"}}, settings).options.style == "nlm"
    assert read_options({"mi-refs": {"style": "ama11"}}, settings).options.style == "ama11"
    with pytest.raises(mi_refs.InvalidArgumentError, match=KNOWN):
        read_options({"mi-refs": {"style": "harvard"}}, settings)
