"""The shell examples of README.md, docs/*.md and docs/examples/ run as printed.

Every ```sh / ```console block carries a marker, an HTML comment on the line before its
fence (invisible in mkdocs and on GitHub):

- ``<!-- example: run [files=DEST:SRC,...] [setup=NAME,...] [net=fake] [status=...] -->``:
  run it, in one bash, a command at a time (a ```sh block: each line that is not a
  comment; a ```console block: each ``$ command``, whose output is the lines under it, up
  to the next ``$``). Each command must exit 0, or as ``status=N`` (every command) or
  ``status=K:N`` (the K-th, from 1) says.
  A ```python block runs as a script (``python -``) and must not fail; with ``session``
  after the page's earlier python blocks marked run (a page that builds on its first
  example's ``bib``).
- ``<!-- example: output -->`` before a ```text block: what the last ``run`` block above it
  printed (several such blocks: parts of it, in that order).
- ``<!-- example: skip REASON -->``: not run, for the reason given.

Each block runs in a fresh temporary directory holding a copy of the files a new user has
in a fresh clone's root (``references.bib``, ``pyproject.toml``, ``docs/examples/``) and
those named by ``files=`` (``SRC`` relative to the repository root, default ``DEST``);
``setup=`` makes the files of :data:`SETUPS` (a Word letter); ``cwd=DIR`` runs it there
(a folder of the copy, where the page's reader is); ``needs=pandoc`` puts the pandoc of
``pypandoc-binary`` (the test extra) on PATH, and skips the block without one. ``HOME``
and the cache are in that directory, ``MI_REFS_MAILTO`` is set (as README asks). No block touches the network:
the registries' URLs point at a closed port on 127.0.0.1 (what a machine without network
sees; the retries do not wait), or with ``net=fake`` at the fake PubMed and Crossref of
``tests/fakeregistry.py`` with its fixtures. ``mi-refs`` (and ``python``) is the
checkout's code, started by ``tests/doclauncher.py`` (a fork of this process: no
half-second start per command).

Comparing (stdout and stderr together): trailing spaces are ignored; a line that is
``...`` stands for any number of lines, ``...`` inside a line for any text; the temporary
directory reads as ``.`` and the closed ports' addresses as the real services' host
names. A leading install step (``python3 -m venv .venv && . .venv/bin/activate && pip
install . &&``) is left out: the test runs the checkout's code.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import ROOT
from .doclauncher import Launcher, write_scripts
from .fakeregistry import FakeRegistry
from .pandoc_helpers import pandoc_path

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PAGES += sorted((ROOT / "docs" / "examples").rglob("README.md"))
SHELL_FENCES = ("sh", "console", "bash", "shell")
MARKER = re.compile(r"<!--\s*example:\s*(run|output|skip)\b(.*?)-->")
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
BASE_FILES = ("references.bib", "pyproject.toml", "docs/examples")
# the discard port, on which nothing listens: the connection is refused (one address each)
CLOSED = {
    "pubmed": "127.0.0.2:9",
    "crossref": "127.0.0.3:9",
    "ctgov": "127.0.0.4:9",
    "dailymed": "127.0.0.5:9",
}
# "create a venv and pip install ... &&": already done, the test runs the checkout's code
INSTALL = re.compile(r"python3 -m venv \.venv && \. \.venv/bin/activate && pip install [^&]*&& ")
# setup=NAME: commands run before the block, for files a reader has at hand
SETUPS = {
    # the example letter typed in Word, [@key] citations as plain text
    "letter-docx": "python docs/examples/make_docx.py letter.docx",
    # a finished Word letter: superscript numbers and a typed list
    "old-letter-docx": "python docs/examples/make_docx.py draft.docx && "
    "mi-refs cite draft.docx --bib references.bib -o old-letter.docx && rm draft.docx",
    "finished-docx": "python docs/examples/make_docx.py draft.docx && "
    "mi-refs cite draft.docx --bib references.bib -o letter.docx && rm draft.docx",
}
HOSTS = {"pubmed": "eutils.ncbi.nlm.nih.gov", "crossref": "api.crossref.org"}


@dataclass
class Block:
    page: Path
    line: int
    lang: str
    body: str
    marker: str | None  # run, output, skip or None (no marker)
    options: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    reason: str = ""
    outputs: list[Block] = field(default_factory=list)  # "example: output" blocks after it

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    blocks: list[Block] = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = MARKER.search(before)
        block = Block(
            page,
            text.count("\n", 0, match.start()) + 1,
            match.group(1),
            match.group(2),
            marker.group(1) if marker else None,
        )
        if marker:
            words = marker.group(2).strip()
            if block.marker == "skip":
                block.reason = words
            else:
                block.options = dict(w.split("=", 1) for w in words.split() if "=" in w)
                block.flags = {w for w in words.split() if "=" not in w}
        blocks.append(block)
    last_run: Block | None = None
    for block in blocks:
        if block.marker == "run":
            last_run = block
        elif block.marker == "output":
            assert last_run is not None, f"{block.where}: output with no run block before it"
            last_run.outputs.append(block)
    return blocks


ALL = [block for page in PAGES for block in _blocks(page)]
RUN = [block for block in ALL if block.marker == "run"]


def test_every_shell_block_is_marked() -> None:
    unmarked = [b.where for b in ALL if b.lang in SHELL_FENCES and b.marker is None]
    assert unmarked == [], "mark each with <!-- example: run --> or <!-- example: skip why -->"
    assert all(b.reason for b in ALL if b.marker == "skip"), "a skip says why"
    assert all(b.lang == "text" for b in ALL if b.marker == "output")


@pytest.fixture(scope="module")
def fake_net() -> Iterator[dict[str, str]]:
    registry = FakeRegistry.from_fixtures()
    registry.start()
    yield registry.env()
    registry.stop()


@pytest.fixture(scope="module")
def launcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Launcher]:
    started = Launcher(tmp_path_factory.mktemp("launcher"))
    yield started
    started.stop()


def _sandbox(tmp: Path, block: Block, launcher: Launcher) -> dict[str, str]:
    for name in BASE_FILES:
        _copy(ROOT / name, tmp / name)
    for pair in filter(None, block.options.get("files", "").split(",")):
        dest, _, src = pair.partition(":")
        _copy((ROOT / (src or dest)).resolve(), tmp / dest)
    bin_dir = tmp / ".bin"
    bin_dir.mkdir()
    write_scripts(bin_dir)
    home = tmp / ".home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("MI_REFS_")}
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(ROOT / "src"),
        NO_COLOR="1",
        MI_REFS_MAILTO="mi@example.org",
        DOC_EXAMPLES_SKIP_WAITS="1",
        **launcher.env(),
    )
    env.update(
        {f"MI_REFS_{name.upper()}_URL": f"http://{address}" for name, address in CLOSED.items()}
    )
    return env


def _shim(path: Path, program: str) -> None:
    path.write_text(f'#!/bin/sh\nexec "{program}" "$@"\n', encoding="utf-8")
    path.chmod(0o755)


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dest, dirs_exist_ok=True)
    else:
        shutil.copy2(src, dest)


def _run(script: str, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", script],
        stdin=subprocess.DEVNULL,  # a command waiting for input reads nothing, never hangs
        cwd=cwd,
        env=env,
        check=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
    )
    return done.returncode, done.stdout


def _normalise(text: str, tmp: Path, env: dict[str, str]) -> list[str]:
    text = text.replace(str(tmp) + "/", "").replace(str(tmp), ".")
    for service, host in HOSTS.items():
        url = env[f"MI_REFS_{service.upper()}_URL"]
        address = re.sub(r"^https?://([^/]+).*", r"\1", url)
        text = text.replace(address, host)
    return [line.rstrip() for line in text.splitlines()]


def _matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` against ``actual``, a ``...`` line matching any number of lines."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(_matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and _line_matches(head.rstrip(), actual[0]) and _matches(rest, actual[1:])


def _line_matches(expected: str, actual: str) -> bool:
    """``...`` inside a line stands for any text."""
    if "..." not in expected:
        return expected == actual
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual) is not None


def _console(body: str) -> Iterator[tuple[str, list[str]]]:
    command: str | None = None
    expected: list[str] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            if command is not None:
                yield command, expected
            command, expected = line[2:], []
        elif command is not None:
            expected.append(line)
    if command is not None:
        yield command, expected


PYTHON_END = "END_OF_EXAMPLE"


def _session(block: Block) -> list[Block]:
    """With ``session``: the page's python blocks marked run before this one, run first."""
    if "session" not in block.flags:
        return []
    earlier = [b for b in RUN if b.page == block.page and b.lang == "python"]
    return earlier[: earlier.index(block)]


def _statuses(block: Block) -> tuple[int, dict[int, int]]:
    """``status=N`` (every command) and ``status=K:N`` (the K-th command, from 1)."""
    default, by_line = 0, {}
    for item in filter(None, block.options.get("status", "").split(",")):
        where, _, status = item.rpartition(":")
        if where:
            by_line[int(where)] = int(status)
        else:
            default = int(status)
    return default, by_line


def _commands(block: Block) -> Iterator[tuple[str, list[str] | None]]:
    """(command, expected output or None) in order."""
    if block.lang == "python":
        code = "".join(b.body for b in _session(block)) + block.body
        yield f"python - <<'{PYTHON_END}'\n{code}{PYTHON_END}", None
        return
    if block.lang == "console":
        yield from _console(block.body)
        return
    for line in block.body.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield INSTALL.sub("", line), None


@pytest.mark.parametrize("block", RUN, ids=[b.where for b in RUN])
def test_the_example_runs_as_printed(  # type: ignore[no-untyped-def]
    block: Block, tmp_path: Path, launcher: Launcher, request
) -> None:
    env = _sandbox(tmp_path, block, launcher)
    if block.options.get("net") == "fake":
        env.update(request.getfixturevalue("fake_net"))
    for name in filter(None, block.options.get("setup", "").split(",")):
        status, out = _run(SETUPS[name], tmp_path, env)
        assert status == 0, f"{block.where}: setup {name}:\n{out}"
    if block.options.get("needs") == "pandoc":
        found = pandoc_path()
        if found is None:
            pytest.skip("no pandoc binary (pypandoc-binary, the test extra, ships one)")
        _shim(tmp_path / ".bin" / "pandoc", found)
    cwd = tmp_path / block.options.get("cwd", ".")
    default, by_line = _statuses(block)
    commands = list(_commands(block))
    # one shell for the block, as a reader types it (a cd holds); each status after a NUL
    script = "".join(f"{command}\nprintf '\\0%d\\0\\n' $?\n" for command, _ in commands)
    _, out = _run(script, cwd, env)
    parts = re.split(r"\0(\d+)\0\n", out)
    assert len(parts) == 2 * len(commands) + 1, f"{block.where}: the shell stopped:\n{out}"
    printed: list[str] = []
    for number, (command, expected) in enumerate(commands, start=1):
        text, status = parts[2 * number - 2], int(parts[2 * number - 1])
        actual = _normalise(text, tmp_path, env)
        printed += actual
        where = f"{block.where}: $ {command}"
        assert status == by_line.get(number, default), f"{where}\nexit {status}:\n{text}"
        if expected is not None:
            assert _matches(expected, actual), f"{where}\n{_diff(expected, actual)}"
    if block.outputs:
        expected = [line for b in block.outputs for line in ["...", *b.body.splitlines()]][1:]
        assert _matches(expected, printed), f"{block.where}\n{_diff(expected, printed)}"


def _diff(expected: list[str], actual: list[str]) -> str:
    return "\n".join(["expected:", *expected, "", "printed:", *actual])


def test_the_comparison_fails_on_a_difference() -> None:
    """The comparison this test relies on: ``...`` lines and ``...`` in a line, and nothing more."""
    assert _matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert _matches(["a", "...", "b"], ["a", "b"])
    assert _matches(["x... (pmid:1): added"], ["x2023 (pmid:1): added"])
    assert not _matches(["a", "...", "d"], ["a", "b", "c", "e"])
    assert not _matches(["a"], ["a", "b"])
    assert not _matches(["x... (pmid:1): added"], ["x2023 (pmid:2): added"])
    assert not _matches(["1. Strüßmann T"], ["1. Strussmann T"])
