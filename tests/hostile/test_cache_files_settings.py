"""The cache is a cache, files are never lost or replaced, settings fail cleanly (#11)."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

import mi_refs
from mi_refs import files
from mi_refs.cli import main
from mi_refs.registries.cache import DAY, Cache, CachedDocument
from mi_refs.registries.lookup import open_cache

BIB = "@article{a, author = {Doe, J}, title = {T}, journal = {J}, year = 2020}\n"
root = pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")


# -- the cache ---------------------------------------------------------------------------


def test_a_row_from_the_future_is_stale(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3", clock=lambda: 1000 * DAY)
    future = CachedDocument({"uid": "1"}, fetched=1000 * DAY + 365 * DAY)
    assert not cache.is_fresh(future) and not cache.is_usable(future)
    assert cache.is_fresh(CachedDocument({}, fetched=1000 * DAY - 1))
    assert not cache.is_fresh(CachedDocument({}, fetched=float("nan")))


def test_damaged_pages_behind_a_valid_header_are_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "registry.sqlite3"
    with Cache(path) as cache:
        cache.put_many("pubmed", {str(n): {"title": "x" * 500} for n in range(400)})
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):  # keep the header page, spoil the rest
        data[offset + 8 : offset + 64] = b"\xff" * 56
    path.write_bytes(bytes(data))
    cache, notes = open_cache(tmp_path)
    assert any("rebuilt" in note for note in notes)
    assert cache.get_many("pubmed", ["1"]) == {}
    cache.close()


def test_a_failure_mid_run_rebuilds_and_notes(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "registry.sqlite3")

    class Broken:
        def execute(self, *args: object) -> None:
            raise sqlite3.DatabaseError("database disk image is malformed")

        def close(self) -> None:
            pass

    cache._connection = Broken()  # type: ignore[assignment]
    assert cache.get_many("pubmed", ["1"]) == {}
    assert any("rebuilt" in note for note in cache.take_notes())
    cache.put_many("pubmed", {"1": {"uid": "1"}})
    assert cache.get_many("pubmed", ["1"])["1"].document == {"uid": "1"}


@pytest.mark.parametrize("kind", ["file-in-place", "read-only", "cannot-create"])
def test_an_unusable_cache_directory_runs_without_a_cache(tmp_path: Path, kind: str) -> None:
    if kind == "file-in-place":
        directory = tmp_path / "cache"
        directory.write_text("not a directory", encoding="utf-8")
    elif kind == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes anywhere")
        directory = tmp_path / "ro"
        directory.mkdir()
        directory.chmod(0o500)
    else:
        blocker = tmp_path / "blocker"
        blocker.write_text("x", encoding="utf-8")
        directory = blocker / "sub" / "cache"
    bib = tmp_path / "r.bib"
    bib.write_text(BIB, encoding="utf-8")
    for extra in ([], ["--offline"]):
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["check", str(bib), "--cache-dir", str(directory), "--offline", *extra], out, err
        )
        assert code == 0, err.getvalue()
        assert "internal error" not in err.getvalue()
        assert "running without a cache" in out.getvalue()


# -- files -------------------------------------------------------------------------------


def test_a_fifo_is_written_in_place_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    files.write_atomically(fifo, "hello\n")
    reader.join(5)
    assert got == [b"hello\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    files.write_atomically(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


def test_new_files_follow_the_umask_and_old_ones_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        files.write_atomically(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    kept = tmp_path / "kept.txt"
    kept.write_text("x", encoding="utf-8")
    kept.chmod(0o604)
    files.write_atomically(kept, "y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o604


@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError])
def test_the_temporary_is_removed_on_every_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type[BaseException]
) -> None:
    def fail(fd: int) -> None:
        raise error()

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises((error, mi_refs.UnreadableFileError)):
        files.write_atomically(tmp_path / "out.txt", "x")
    assert list(tmp_path.iterdir()) == []


def test_standard_output_is_written_in_place(capfd: pytest.CaptureFixture[str]) -> None:
    files.write_atomically("/dev/stdout", "to stdout\n")
    assert capfd.readouterr().out == "to stdout\n"


@pytest.mark.parametrize("command", ["render", "check"])
def test_output_equal_to_the_input_is_refused(tmp_path: Path, command: str) -> None:
    bib = tmp_path / "r.bib"
    bib.write_text(BIB, encoding="utf-8")
    extra = ["--offline", "--cache-dir", str(tmp_path / "c")] if command == "check" else []
    err = io.StringIO()
    link = tmp_path / "alias.bib"
    link.symlink_to(bib)
    for output in (bib, link):
        assert main([command, str(bib), "-o", str(output), *extra], io.StringIO(), err) == 2
    assert bib.read_text(encoding="utf-8") == BIB
    assert "is also an input" in err.getvalue()


def test_cite_output_equal_to_the_document_is_refused(tmp_path: Path) -> None:
    bib = tmp_path / "r.bib"
    bib.write_text(BIB, encoding="utf-8")
    doc = tmp_path / "letter.md"
    doc.write_text("Text [@a].\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["cite", str(doc), "--bib", str(bib), "-o", str(doc)], io.StringIO(), err) == 2
    assert doc.read_text(encoding="utf-8") == "Text [@a].\n"


# -- settings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("bibliography = 42", "bibliography must be non-empty text"),
        ('bibliography = ["a.bib"]', "bibliography must be non-empty text"),
        ("cache-dir = 5", "cache-dir must be non-empty text"),
        ("style = false", "style must be non-empty text"),
        ("house = 3", "house must be a table"),
        ("ignore = 3", "ignore must be a list"),
        ('[tool.mi-refs.house]\ndoi = "false"', "doi must be true or false"),
        ('[tool.mi-refs.house]\net_al_min = "7"', "et_al_min must be a whole number"),
    ],
)
def test_wrong_settings_are_clean_usage_errors(tmp_path: Path, setting: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.mi-refs]\n{setting}\n", encoding="utf-8")
    bib = tmp_path / "r.bib"
    bib.write_text(BIB, encoding="utf-8")
    err = io.StringIO()
    assert main(["render", str(bib)], io.StringIO(), err) == 2
    assert message in err.getvalue() and "internal error" not in err.getvalue()


def test_a_tool_table_that_is_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 5\n", encoding="utf-8")
    (tmp_path / "mi-refs.toml").write_text("", encoding="utf-8")
    bib = tmp_path / "r.bib"
    bib.write_text(BIB, encoding="utf-8")
    assert main(["render", str(bib)], io.StringIO(), io.StringIO()) == 0
