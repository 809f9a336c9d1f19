"""import reads back what it writes (issue 22): an entry that does not load cleanly as
written is named in a note, whether the text is in the writer's layout or not; a
damaged text (the writer going wrong) is caught, not written silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from mi_refs.bibtex import load
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
