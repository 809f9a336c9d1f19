"""Reading back written entries (issue 22): the scan of an entry laid out as the writer
lays it out reads what parse_bibtex reads, problems included, or declines; the writer's
layout is bibtexparser's, byte for byte."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from bibtexparser import model as bp
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library

from mi_refs.bibtex import parse_bibtex
from mi_refs.bibtex.fields import build_reference, same_issues
from mi_refs.bibtex.read import read_written_entry
from mi_refs.bibtex.readback import entry_problems, written_problems
from mi_refs.bibtex.write import _entry_text, format_entry
from mi_refs.importers import read_file
from mi_refs.intake.importing import to_reference

IMPORTS = Path(__file__).parent.parent / "fixtures" / "imports"
FILES = sorted(
    p for p in IMPORTS.iterdir() if p.suffix in {".nbib", ".ris", ".txt", ".json", ".xml"}
)


def _written() -> list[tuple[str, str, object]]:
    """(key, text as written, what it was built from) for every record of the real exports."""
    out = []
    for path in FILES:
        records, _, _ = read_file(path)
        for number, record in enumerate(records):
            reference, _, _, built = to_reference(record)
            key = f"{path.stem[:20].lower().replace('-', '')}{number}"
            out.append((key, format_entry(replace(reference, key=key)), built))
    return out


WRITTEN = _written()
GOOD = next(t for _, t, _ in WRITTEN if t.startswith("@article") and "\tjournal = {" in t)
DAMAGED = [
    GOOD.replace("\n\tauthor = {", "\n\tauthor = {{", 1),  # a brace never closed
    GOOD.replace("\n\tauthor = {", "\n\tauthor = {x} y {", 1),
    GOOD.replace("\n\ttitle = {", "\n\ttitle = {\\{", 1),  # an escaped brace
    GOOD.replace("\n\ttitle = {", '\n\ttitle = {\\"', 1),
    GOOD.replace("\n\ttitle = {", "\n\ttitle = {a\n@article{other,\n", 1),  # a block start
    GOOD.replace("\n\ttitle = {", "\n\ttitle = {a\n\u3000 @misc(x,\n", 1),
    GOOD.replace("\n\ttitle = {", "\n\ttitle = {a\n\t@ b ", 1),
    GOOD.replace("\n\ttitle = {", "\n\ttitle = {a},\n\tnote = {b", 1),  # a field injected
    GOOD.replace("\n\ttitle = {", "\n\tauthor = {Doe, J},\n\ttitle = {", 1),  # given twice
    GOOD.replace("\n\ttitle = {", "\n\tTitle = {", 1),
    GOOD.replace("},\n\ttitle", "}\n\ttitle", 1),  # a comma missing
    GOOD[:-2] + ",\n}",  # a comma after the last field
    GOOD[:-1],  # the closing brace lost
    GOOD.replace("\n", "\r\n"),
    GOOD.replace("{", "{a=b", 1),  # a key pandoc reads, bibtexparser does not
    GOOD.replace("{", "{a b", 1),
    GOOD.replace("@article", "@string", 1),
    GOOD.replace("@article", "@Article", 1),
    GOOD.replace("\n\tjournal = {", "\n\tjournal = {}\n\tx = {", 1),
    GOOD.replace("\n\tjournal = {", "\n\tjournal = {\\relax{}", 1),
    "@misc{empty,\n}",
    "@misc{k,\n\tpages = {1--2},\n\tpages = {3}\n}",
]


def _loaded(key: str, text: str) -> tuple[object, list[object]]:
    bib = parse_bibtex(text)
    return (bib.references[0] if bib.references else None), [
        p for p in bib.problems if p.key == key
    ]


@pytest.mark.parametrize(("key", "text", "built"), WRITTEN + [(None, t, None) for t in DAMAGED])
def test_the_scan_reads_what_the_loader_reads_or_declines(
    key: str | None, text: str, built: object
) -> None:
    key = key or (text.split("{", 1)[1].split(",", 1)[0])
    reference, problems = _loaded(key, text)
    found = entry_problems(key, text, built)  # type: ignore[arg-type]
    if found is None:
        assert text in DAMAGED  # every real entry is read by the scan
        return
    assert list(found) == problems  # the same problems, in the same order, on line 1
    read = read_written_entry(text)
    assert read is not None
    assert build_reference(key, read[0], read[2], 1)[0] == reference


def test_every_damaged_entry_is_left_to_the_loader_or_read_as_the_loader_reads_it() -> None:
    declined = [text for text in DAMAGED if entry_problems("x", text) is None]
    assert len(declined) >= len(DAMAGED) - 4  # those not in the writer's layout


def test_a_batch_reads_back_as_the_loader_reads_it_whole() -> None:
    entries = [(key, text, entry_problems(key, text, built)) for key, text, built in WRITTEN]
    key = GOOD.split("{", 1)[1].split(",", 1)[0]
    broken = GOOD.replace(key, "broken", 1).replace("\n\ttitle = {", "\n\tx-title = {")
    entries.insert(9, ("broken", broken, entry_problems("broken", broken)))  # in batch 2
    fast = list(written_problems(entries, batch=7))
    slow = list(written_problems([(k, t, None) for k, t, _ in entries], batch=7))
    assert fast == slow  # the problems, keys and lines (in the batch) of parse_bibtex
    assert [p.key for p in fast if "needs 'title'" in p.message] == ["broken"]
    assert [p.line for p in fast if p.key == "broken"] != [1]


def test_page_ranges_written_two_ways_have_the_same_issues() -> None:
    fields = [("title", "T"), ("journal", "J"), ("year", "2020"), ("pages", "342-346")]
    written = [*fields[:3], ("pages", "342--346")]
    assert same_issues(fields, written)
    assert build_reference("k", "article", fields)[1] == build_reference("k", "article", written)[1]
    assert not same_issues(fields, [*fields[:3], ("pages", "{}")])
    assert not same_issues(fields, [*fields[:2], ("year", "2021"), fields[3]])
    assert not same_issues(fields, fields[:3])


@pytest.mark.parametrize(
    "fields",
    [
        [],
        [("title", "{A}")],
        [("author", "{Doe, J}"), ("title", "{A {B} c}"), ("year", "2020"), ("note", '"x"')],
        [("abstract", "{line one\nline two\n}")],
    ],
)
def test_the_layout_is_bibtexparsers(fields: list[tuple[str, str]]) -> None:
    entry = bp.Entry("article", "key", [bp.Field(name, value) for name, value in fields])
    expected = write_string(Library([entry]), unparse_stack=[]).strip("\n")
    assert _entry_text("article", "key", fields) == expected
