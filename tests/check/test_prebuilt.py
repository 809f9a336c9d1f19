"""The prebuilt NLM journal index (check/prebuilt.py, issue 20 item 7): the shipped file
is the index the code builds from the packaged list, and a file that is damaged or was
built from other code or data is not used."""

from __future__ import annotations

import zlib
from pathlib import Path

from mi_refs.check import journals, prebuilt


def test_the_shipped_index_is_current() -> None:
    shipped = prebuilt.shipped_index()
    assert shipped is not None, (
        "src/mi_refs/data/journal-index.marshal.gz is out of date (the journal list or "
        "the code in prebuilt.BUILT_BY changed): run "
        "`PYTHONPATH=src python tools/build_journal_index.py`"
    )
    assert shipped == journals.load_journal_index()


def test_journal_index_uses_the_shipped_file() -> None:
    journals.journal_index.cache_clear()
    try:
        assert journals.journal_index() == prebuilt.shipped_index()
    finally:
        journals.journal_index.cache_clear()


def _small_index() -> journals.JournalIndex:
    return journals.JournalIndex.from_titles(
        [("Blood cells, molecules & diseases", "Blood Cells Mol Dis")]
    )


def test_a_file_from_other_code_or_data_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "index.gz"
    path.write_bytes(prebuilt.index_bytes(_small_index(), "another fingerprint"))
    assert prebuilt.shipped_index(path) is None
    path.write_bytes(prebuilt.index_bytes(_small_index(), prebuilt.fingerprint()))
    assert prebuilt.shipped_index(path) == _small_index()


def test_a_damaged_or_missing_file_is_not_used(tmp_path: Path) -> None:
    good = prebuilt.index_bytes(_small_index(), prebuilt.fingerprint())
    path = tmp_path / "index.gz"
    for damaged in (good[:-9], good[:40] + bytes([good[40] ^ 1]) + good[41:], b"", b"not zlib"):
        path.write_bytes(damaged)
        assert prebuilt.shipped_index(path) is None
    path.write_bytes(zlib.compress(b"\x00\x01 not marshal"))
    assert prebuilt.shipped_index(path) is None
    assert prebuilt.shipped_index(tmp_path / "absent.gz") is None
