"""Cached answers are checked once, before they are stored (issue 20 item 7): a row read
back with its stamp (the answer format and the CRC-32 of its text) is not checked again;
a row without one (an older version's), with another format, or whose text changed is."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from mi_refs.registries import answers, lookup
from mi_refs.registries.cache import Cache

PUBMED = {"uid": "31", "title": "A trial", "authors": [{"name": "Smith J", "authtype": "Author"}]}


def _stored(path: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(path) as db:
        return list(db.execute("SELECT document, stamp FROM documents"))


def test_a_stamped_row_reads_back_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        cache.put_many("pubmed", {"31": PUBMED, "32": None}, stamp="f1")
        hits = cache.get_many("pubmed", ["31", "32"], "f1")
        assert hits["31"].checked and hits["32"].checked
        assert hits["31"].document == PUBMED and hits["32"].document is None
        assert not cache.get_many("pubmed", ["31"], "f2")["31"].checked  # another format
        assert not cache.get_many("pubmed", ["31"])["31"].checked  # no format asked
    ((_, stamp), _) = _stored(path)
    assert stamp is not None and stamp.startswith("f1:")  # format and checksum only


def test_a_row_changed_after_it_was_stored_is_not_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        cache.put_many("pubmed", {"31": PUBMED}, stamp="f1")
    edited = json.dumps({**PUBMED, "title": "Another trial"})
    with sqlite3.connect(path) as db:
        db.execute("UPDATE documents SET document = ?", (edited,))
    with Cache(path) as cache:
        hit = cache.get_many("pubmed", ["31"], "f1")["31"]
    assert hit.document["title"] == "Another trial" and not hit.checked


def test_a_cache_from_before_stamps_gets_the_column_and_reads_unchecked(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE documents (service TEXT NOT NULL, identifier TEXT NOT NULL, "
            "fetched REAL NOT NULL, document TEXT, PRIMARY KEY (service, identifier));"
        )
        db.execute("INSERT INTO documents VALUES ('pubmed', '31', 1e9, ?)", (json.dumps(PUBMED),))
    with Cache(path) as cache:
        old = cache.get_many("pubmed", ["31"], "f1")["31"]
        assert old.document == PUBMED and not old.checked
        cache.put_many("pubmed", {"32": PUBMED}, stamp="f1")
        assert cache.get_many("pubmed", ["32"], "f1")["32"].checked


def _lookup(cache: Cache) -> lookup.Lookup:
    return lookup.Lookup(cache, None, refresh=False, online=False)


def test_the_lookup_checks_only_unstamped_rows(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    real = answers.validated

    def counting(kind: str, document: object) -> object:
        calls.append(kind)
        return real(kind, document)

    monkeypatch.setattr(lookup, "validated", counting)
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        cache.put_many("pubmed", {"31": PUBMED}, stamp=answers.ANSWER_FORMAT)
        cache.put_many("pubmed", {"32": {**PUBMED, "uid": "32", "title": "x\x1b[31m"}})
        cache.put_many("pubmed", {"33": {"uid": "33", "authors": "not a list"}})
        found = _lookup(cache)._cached("pubmed", ["31", "32", "33"])
    assert calls == ["pubmed", "pubmed"]  # 32 and 33, not 31
    assert found["31"].document == PUBMED
    assert found["32"].document["title"] == "x [31m"  # an unstamped row is cleaned
    assert "33" not in found  # and one of the wrong shape is a miss


@pytest.mark.parametrize("kind", ["pubmed", "crossref"])
def test_a_checked_answer_is_not_checked_again(kind: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    document = PUBMED if kind == "pubmed" else {"DOI": "10.1/x", "title": ["T"]}
    checked = answers.validated(kind, document)
    assert checked == document
    monkeypatch.setattr(answers, "_check", lambda *_: pytest.fail("checked again"))
    assert answers.validated(kind, checked) is checked
    assert answers.trusted(kind, dict(document)) == document


def test_a_checked_answer_of_another_kind_is_checked() -> None:
    checked = answers.validated("pubmed", PUBMED)  # a PubMed title is text
    with pytest.raises(answers.RegistryResponseError, match="title is str, not a list"):
        answers.validated("crossref", checked)  # a Crossref title is a list


def test_the_answer_format_changes_with_the_schemas(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = answers._answer_format()
    monkeypatch.setitem(answers.SCHEMAS, "pubmed", answers.Obj({"uid": answers.STR}))
    assert answers._answer_format() != before
