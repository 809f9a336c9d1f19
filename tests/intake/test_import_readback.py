"""import reads back what it writes (issue 22): an entry that does not load cleanly as
written is named in a note, whether the text is in the writer's layout or not; a
damaged text (the writer going wrong) is caught, not written silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from mi_refs.bibtex import load
from mi_refs.errors import UnreadableFileError
from mi_refs.intake import importing
from mi_refs.intake.importing import import_files

RIS = """TY  - JOUR
TI  - A title
AU  - Smith, John
PY  - 2020
SP  - 342
EP  - 6
ER  - {end}

TY  - JOUR
TI  - Fine title
AU  - Roe, Richard
JO  - J Things
PY  - 2021
N1  - a note with @ and } and { braces
ER  - {end}

TY  - JOUR
TI  - Clean title
AU  - Doe, Jane
JO  - J Things
PY  - 2022
SP  - 1
EP  - 9
ER  - {end}
""".replace("{end}", "")


def _notes(tmp_path: Path) -> list[str]:
    path = tmp_path / "records.ris"
    path.write_text(RIS, encoding="utf-8")
    result = import_files([path], tmp_path / "out.bib")
    assert result.written and len(load(tmp_path / "out.bib")) == 3
    return [note for note in result.report.notes if "does not load cleanly" in note]


def test_entries_that_do_not_load_cleanly_are_named(tmp_path: Path) -> None:
    notes = _notes(tmp_path)
    assert len(notes) == 2
    assert "[smith2020title] error: @article (article) needs 'journal'" in notes[0]
    assert "[roe2021fine] warning: field 'x-n1': unexpected text after the value" in notes[1]


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda text: text[:-1], "cannot read this @article entry"),  # the brace lost
        (lambda text: text.replace("\ttitle = {", "\ttitel = {"), "needs 'title'"),
        (lambda text: text.replace("{doe2022clean,", "{doe2022clean,\n\ttitle = {x},"), "twice"),
    ],
)
def test_a_damaged_entry_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object, says: str
) -> None:
    format_entry = importing.format_entry

    def damaged(reference: object) -> str:
        text = format_entry(reference)  # type: ignore[arg-type]
        return damage(text) if "doe2022clean" in text else text  # type: ignore[operator]

    monkeypatch.setattr(importing, "format_entry", damaged)
    notes = _notes(tmp_path) if says != "cannot read this @article entry" else None
    if notes is None:  # the file does not load whole either: only the notes are checked
        path = tmp_path / "records.ris"
        path.write_text(RIS, encoding="utf-8")
        notes = [n for n in import_files([path]).report.notes if "load cleanly" in n]
    assert any("doe2022clean" in note and says in note for note in notes), notes


FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.mark.parametrize("target", [None, "messy.bib", "seed-as-printed.bib"])
def test_written_a_piece_at_a_time_the_file_is_the_same(tmp_path: Path, target: str | None) -> None:
    source = tmp_path / "records.ris"
    source.write_text(RIS.replace("Fine title", "Fine title: Müller & Støre"), encoding="utf-8")
    files = []
    for keep_text in (True, False):
        into = tmp_path / f"{keep_text}.bib"
        if target is not None:
            into.write_bytes((FIXTURES / target).read_bytes())
        result = import_files([source], into, keep_text=keep_text)
        assert result.written
        files.append(into.read_bytes())
        if keep_text:
            assert result.report.text is not None and result.report.text.encode() == files[0]
        else:  # the text was written, never held whole
            assert result.report.text is None and result.bibtex == ""
    assert files[0] == files[1]


def test_pieces_the_encoding_cannot_hold_go_the_whole_texts_way(tmp_path: Path) -> None:
    source = tmp_path / "records.ris"
    source.write_text(RIS.replace("Smith, John", "Łukasz, Jan"), encoding="utf-8")
    files = []
    for keep_text in (True, False):
        legacy = tmp_path / f"legacy{keep_text}.bib"
        legacy.write_bytes("@misc{a,\n  title = {Café},\n  year = {2020}\n}\n".encode("cp1252"))
        assert import_files([source], legacy, keep_text=keep_text).written
        files.append(legacy.read_bytes())
    assert files[0] == files[1]
    assert files[1].startswith("@misc{a,\n  title = {Café}".encode("cp1252"))
    bad = tmp_path / "surrogate.json"
    bad.write_text(
        '[{"id": "x", "type": "article-journal", "title": "A \\ud800 title",'
        ' "container-title": "J", "issued": {"date-parts": [[2020]]}}]',
        encoding="utf-8",
    )
    into = tmp_path / "new.bib"
    with pytest.raises(UnreadableFileError, match=r"U\+D800.*nothing written"):
        import_files([bad], into, keep_text=False)
    assert not into.exists()
