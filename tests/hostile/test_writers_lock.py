"""Every writer of a .bib locks and writes only over what it read (issue 22 item 3):
``mi_refs.save`` and ``extract -o`` as ``add``, ``fix --apply`` and ``import --into``
already did. A save over a file changed since it was loaded, or an extract whose output
another run wrote meanwhile, is refused (nothing lost, nothing written); writers of one
file take turns."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import mi_refs
from mi_refs.errors import FileChangedError
from mi_refs.files import lock_path
from mi_refs.intake.extract import extract
from tests.conftest import ROOT

SEED_TXT = ROOT.parent / "shared" / "seed" / "daratumumab-itp-letter.txt"
ENTRY = "@article{{{key}, author = {{Smith, John}}, title = {{T}}, journal = {{J}}, year = 2020}}\n"


def _reference(key: str) -> mi_refs.Reference:
    return next(iter(mi_refs.loads(ENTRY.format(key=key))))


def test_save_over_a_file_changed_since_it_was_loaded_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text(ENTRY.format(key="a"), encoding="utf-8")
    bib = mi_refs.load(target)
    target.write_text(ENTRY.format(key="a") + ENTRY.format(key="other"), encoding="utf-8")
    with pytest.raises(FileChangedError, match="changed since it was read"):
        mi_refs.save(bib.replace(_reference("b")))
    assert "other" in mi_refs.load(target)  # the other writer's entry is kept
    mi_refs.save(bib.replace(_reference("b")), tmp_path / "copy.bib")  # elsewhere: written
    fresh = mi_refs.load(target)
    mi_refs.save(fresh.replace(_reference("b")))  # loaded again: written
    assert set(mi_refs.load(target).keys) == {"a", "other", "b"}


def test_savers_at_once_lose_nothing(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text(ENTRY.format(key="a"), encoding="utf-8")
    refused = []

    def add(key: str) -> None:
        for _ in range(200):
            bib = mi_refs.load(target)
            time.sleep(0.001)  # another saver may write in between
            try:
                mi_refs.save(bib.replace(_reference(key)))
                return
            except FileChangedError:
                refused.append(key)  # told, then loaded again: never silently lost

    keys = [f"k{number}" for number in range(8)]
    threads = [threading.Thread(target=add, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(mi_refs.load(target).keys) == {"a", *keys}


def test_a_save_waits_for_another_process_holding_the_lock(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text(ENTRY.format(key="a"), encoding="utf-8")
    bib = mi_refs.load(target)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(lock_path(target))!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(1.5)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    mi_refs.save(bib.replace(_reference("b")))
    waited = time.monotonic() - started
    holder.wait(10)
    assert waited > 0.5, waited  # it waited for the other writer
    assert set(mi_refs.load(target).keys) == {"a", "b"}


def test_extract_does_not_replace_an_output_written_while_it_ran(tmp_path: Path) -> None:
    output = tmp_path / "out.bib"
    output.write_text(ENTRY.format(key="old"), encoding="utf-8")

    def meanwhile(message: str) -> None:
        if "other" not in output.read_text(encoding="utf-8"):
            output.write_text(ENTRY.format(key="other"), encoding="utf-8")

    with pytest.raises(FileChangedError, match="changed since it was read"):
        extract(SEED_TXT, output, online=False, use_cache=False, progress=meanwhile)
    assert mi_refs.load(output).keys == ("other",)  # the other run's file stands
    result = extract(SEED_TXT, output, online=False, use_cache=False)  # nothing meanwhile
    assert len(mi_refs.load(output)) == len(result.keys) == 20


def test_a_bibliography_edited_in_memory_still_saves_where_it_was_read(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text(ENTRY.format(key="a"), encoding="utf-8")
    bib = mi_refs.load(target)
    edited = bib.replace(dataclasses.replace(bib["a"], title="New"))
    mi_refs.save(edited)
    assert mi_refs.load(target)["a"].title == "New"
