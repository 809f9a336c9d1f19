"""The readers read a record at a time (issue 22: "200,000-record imports take over a
minute and a gigabyte"): RIS a line at a time as rispy reads it, CSL-JSON and Better
BibTeX JSON an item at a time, EndNote XML with iterparse, MEDLINE's lines split a block
at a time. Each gives exactly the records
the whole-file reading gave, on the real exports of tests/fixtures/imports (provenance in
its SOURCES.md) and on malformed text written here; and none holds the whole parse."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import rispy
from defusedxml.ElementTree import fromstring

from mi_refs.importers import endnote_xml, nbib, read_data, ris
from mi_refs.importers.bbt_json import read_bbt_json
from mi_refs.importers.csl_json import items_of, read_csl_json
from mi_refs.importers.endnote_xml import _record as endnote_record
from mi_refs.importers.endnote_xml import read_endnote_xml
from mi_refs.importers.nbib import read_nbib
from mi_refs.importers.record import JsonItems
from mi_refs.importers.ris import _lines, _records, read_ris
from tests.intake.rispy_reference import AllTags, rispy_records

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


def _fixtures(*suffixes: str) -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.suffix in suffixes)


def _ris_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


# --- RIS ---------------------------------------------------------------------------------

# Written for these tests: each quirk of rispy's reading that the reader keeps (text
# before TY, a record without ER running into the next, a continuation line right after
# TY taking the previous record's last tag, the last record without ER left out, blank
# lines, CR and CRLF line ends, a TY line without the separator, a second TY, a
# continuation of TY, lower-case and non-ASCII tags, a tag of digits).
RIS_CASES = [
    "TY  - JOUR\nTI  - First\nAU  - Smith, J\n\nTY  - BOOK\nTI  - Second\nER  - \n"
    "TY  - JOUR\nTI  - Third\nKW  - a\nmore of kw\n\nER  - \n\nTY  - CHAP\nTI  - no ER\n",
    "header line\nTY  - JOUR\nKW  - k\nER  - \nTY  - JOUR\ncontinued\nTI  - B\nER  - \n",
    "TY  - JOUR\r\nTI  - CRLF\r\nER  - \r\n\r\nTY  - JOUR\rTI  - CR only\rER  - \r",
    "TYPE stuff\nTI  - A\nER  -\n",
    "TY  - JOUR\nTY  - BOOK\nmore type\nTI  - x\nER  - \n",
    "TY  - JOUR\nti  - lower\nÄB  - umlaut\n12  - digits\nA1  - Smith\nT1 - short\nER  - \n",
    "",
]


@pytest.mark.parametrize("path", _fixtures(".ris", ".txt"), ids=lambda p: p.name)
def test_ris_records_one_at_a_time_are_rispys_records(path: Path) -> None:
    text = _ris_text(path)
    whole = rispy_records(text)
    assert list(_records(_lines(text))) == whole
    assert whole


@pytest.mark.parametrize("text", RIS_CASES)
def test_ris_quirks_are_rispys(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert list(_lines(text)) == lines
    assert list(_records(_lines(text))) == rispy_records(text)


def test_ris_lines_split_a_block_at_a_time_are_the_texts_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "".join(_ris_text(path) for path in _fixtures(".ris", ".txt")).replace("\r", "")
    for block in (1, 7, 100):
        monkeypatch.setattr("mi_refs.importers.ris._BLOCK", block)
        for variant in (text, text.rstrip("\n"), text + "\n\n", "", "\n"):
            assert list(_lines(variant)) == variant.split("\n")


@pytest.mark.parametrize("size", [1, 30, 1000])
def test_ris_text_cut_into_pieces_gives_the_texts_lines(size: int) -> None:
    """A RIS text is read from pieces let go one by one (the text is not held to the
    end of an import); their lines are the text's."""
    texts = [_ris_text(path) for path in _fixtures(".ris", ".txt")] + RIS_CASES
    for text in [*texts, "".join(texts).replace("\r", "")]:
        pieces = ris._pieces(text, size)
        assert len(pieces) > 1 or "\r" in text or len(text) <= size + 1 or "\n" not in text
        assert list(ris._lines_of(pieces)) == list(_lines(text))


def test_ris_continuation_right_after_the_first_ty_is_kept_not_an_internal_error() -> None:
    # rispy files the line under no tag; reading it ended in "internal error" before.
    records, problems = read_ris("TY  - JOUR\nsome words\nTI  - A title\nER  - \n", "x.ris")
    assert not problems
    assert records[0].get("x-untagged") == "some words"
    assert records[0].get("title") == "A title"


def test_ris_without_records_is_a_problem_and_a_uk_tag_a_tag_like_any_other() -> None:
    assert read_ris("not RIS at all\n", "x.ris")[1][0].message == "no RIS record (TY  - lines)"
    # rispy kept a UK tag where it keeps unknown tags: with another unknown tag the whole
    # file was refused ("not RIS: string indices must be integers"), alone it ended in an
    # internal error. Now it is kept in x-uk like any other tag.
    for text in ("TY  - JOUR\nUK  - u\nXX  - v\nER  - \n", "TY  - JOUR\nUK  - u\nER  - \n"):
        records, problems = read_ris(text + "TY  - BOOK\nTI  - next\nER  - \n", "x.ris")
        assert not problems
        assert [r.get("x-uk") for r in records] == ["u", ""]
        assert records[1].get("title") == "next"


# --- JSON --------------------------------------------------------------------------------


def _whole(reader: Callable[..., Any], text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """What ``reader`` gives when the text is read whole (the reading before #22)."""

    class Refused(JsonItems):
        def __iter__(self) -> Iterator[Any]:
            self.refused = True
            return iter(())

    with monkeypatch.context() as patch:
        patch.setattr(f"{reader.__module__}.JsonItems", Refused)
        return reader(text, "x.json")


def _items(text: str, *, array: bool = True) -> list[Any] | None:
    """The items :class:`JsonItems` gives, or ``None`` when it refuses the text."""
    items = JsonItems(text, array=array)
    found = list(items)
    return None if items.refused else found


@pytest.mark.parametrize("path", _fixtures(".json"), ids=lambda p: p.name)
def test_json_items_one_at_a_time_are_the_whole_files_items(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    if isinstance(data, list):
        assert _items(text) == items_of(data)
    else:
        assert _items(text, array=False) == data["items"]
    reader = read_bbt_json if "itemType" in text and "config" in text else read_csl_json
    records = reader(text, "x.json")
    assert records == _whole(reader, text, monkeypatch)
    assert records[0]


# Written for these tests: texts the item-at-a-time reading refuses (the whole-file
# reading then gives its records or says why it cannot, as before).
JSON_REFUSED = [
    '[{"title": "a"}] x',  # extra data after the array
    '[{"title": "a"},]',  # a trailing comma
    '[{"title": "a"} {"title": "b"}]',
    '{"items": [{"title": "a"}], "items": [{"title": "b"}]}',  # the last "items" counts
    '{"items": 5, "title": "one item"}',
    '{"title": "one item"}',
    "\ufeff[]",
    "[" * 5000 + "]" * 5000,
    '[{"title": "a", "volume": ' + "9" * 5000 + "}]",
    '[{"title": "a"}',
    "",
]


@pytest.mark.parametrize("text", JSON_REFUSED)
@pytest.mark.parametrize("reader", [read_csl_json, read_bbt_json])
def test_json_that_cannot_be_read_an_item_at_a_time_reads_as_before(
    text: str, reader: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _items(text, array=reader is read_csl_json) is None
    assert reader(text, "x.json") == _whole(reader, text, monkeypatch)


def test_a_json_error_after_some_items_gives_no_record_and_the_parse_error() -> None:
    text = "[" + ", ".join(['{"title": "a"}'] * 50) + ', {"title": ]'
    records, problems = read_csl_json(text, "x.json")
    assert not records
    assert problems[0].message.startswith("not JSON: Expecting value")
    assert problems[0].line == 1


# --- EndNote XML -------------------------------------------------------------------------


def _endnote_whole(data: bytes) -> list[Any]:
    """The records as the whole-tree reading gave them (``fromstring``, every record)."""
    root = fromstring(data)
    return [endnote_record(r, f"x.xml: record {n}") for n, r in enumerate(root.iter("record"), 1)]


NESTED = (
    b'<?xml version="1.0"?>\n<xml><records><record><ref-type>17</ref-type><titles><title>A'
    b"</title></titles><record><titles><title>inner</title></titles></record></record>"
    b"<foo><record><titles><title>in foo</title></titles></record></foo>"
    b"<record><titles><title>last</title></titles></record></records></xml>\n"
)


@pytest.mark.parametrize(
    "data",
    [p.read_bytes() for p in _fixtures(".xml")] + [NESTED],
    ids=[p.name for p in _fixtures(".xml")] + ["nested"],
)
def test_endnote_records_as_they_are_parsed_are_the_whole_trees(data: bytes) -> None:
    records, problems = read_endnote_xml(data, "x.xml")
    assert not problems
    assert records == _endnote_whole(data)


def test_endnote_xml_bombs_and_broken_files_are_still_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<xml><records><record><titles><title>&b;</title></titles></record></records></xml>"
    )
    records, problems = read_endnote_xml(bomb, "x.xml")
    assert not records
    assert problems[0].message.startswith("not EndNote XML: EntitiesForbidden")
    cut = NESTED[: NESTED.index(b"<record><titles><title>last")]
    records, problems = read_endnote_xml(cut, "x.xml")
    assert not records  # the records before the break are not given
    assert problems[0].message.startswith("not EndNote XML: no element found")


# Written for these tests: documents that may declare something (each read by defusedxml)
# and documents that cannot (read by the standard library's C parser), broken ones too.
DECLARING = [
    b'<?xml version="1.0"?><!DOCTYPE xml><xml><records><record/></records></xml>',
    b"<!-- <!DOCTYPE x> --><xml><records><record/></records></xml>",
    b'<?xml version="1.0" encoding="ISO-8859-1"?><xml><records><record/></records></xml>',
    "<xml><records><record/></records></xml>".encode("utf-16"),
    b" <xml/>",
]
PLAIN_XML = [
    NESTED,
    b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?><xml><records><record/></records></xml>',
    b"<xml><!-- c --><records><record><![CDATA[<b>]]></record></records></xml>",
    NESTED[:-20],
    NESTED.replace(b"</title></titles><record>", b"</title></record>"),
    b"<xml><records><record>&undefined;</record></records></xml>",
    b"",
]


@pytest.mark.parametrize("data", DECLARING)
def test_endnote_documents_that_may_declare_are_read_by_defusedxml(data: bytes) -> None:
    assert not endnote_xml._without_declarations(data)


@pytest.mark.parametrize(
    "data",
    [p.read_bytes() for p in _fixtures(".xml")] + PLAIN_XML,
    ids=[p.name for p in _fixtures(".xml")] + [f"plain-{n}" for n in range(len(PLAIN_XML))],
)
def test_endnote_documents_read_by_the_c_parser_read_as_with_defusedxml(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The C parser's records and problems (messages, positions) are defusedxml's."""
    assert endnote_xml._without_declarations(data) == bool(data)  # the C parser's to read
    fast = read_endnote_xml(data, "x.xml")
    monkeypatch.setattr(endnote_xml, "_without_declarations", lambda data: False)
    assert fast == read_endnote_xml(data, "x.xml")


# --- MEDLINE -------------------------------------------------------------------------------


@pytest.mark.parametrize("block", [1, 7, 100])
@pytest.mark.parametrize("path", _fixtures(".nbib"), ids=lambda p: p.name)
def test_medline_lines_split_a_block_at_a_time_are_the_texts_lines(
    path: Path, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MEDLINE is split into lines a block at a time; the blocks' edges change nothing
    (each text also with Windows line ends, no last line break, and blank lines)."""
    text = path.read_text(encoding="utf-8")
    whole = read_nbib(text, "x.nbib")
    assert whole[0]
    for variant in (text, text.replace("\n", "\r\n"), text.rstrip("\n"), text + "\n\n"):
        lines = [line.rstrip("\r") for line in variant.split("\n")]
        if variant.endswith("\n"):
            lines.pop()
        monkeypatch.setattr(nbib, "_BLOCK", block)
        assert list(nbib._lines(variant)) == lines
        assert read_nbib(variant, "x.nbib") == whole


# Written for these tests: records that look as PubMed writes them but are not, each read
# line by line, beside records that are (read at once), in one file.
MEDLINE_CASES = [
    "PMID- 1\nTI  - Plain\nFAU - Smith, J\nAU  - Smith J\n\nPMID- 2\nTI  - Two\n",
    "PMID- 1\nTI  - A long\n      title\n\n      \nPMID- 2\nTI  - B\n\n",
    "PMID- 1\nTI  - A\nPMID-2\nTI  - glued\nPMID -3\nTI  - spaced\nPMID- 4\nTI  - D\n",
    "junk\n\nPMID- 1\nTI  - A\nnot a tag\n\tTAB\nA B - x\nPMID- 2\nAB  -\nABCD- x\n",
    "PMID- 1\r\nTI  - CRLF\r\n\r\nPMID- 2\nTI  -   spaces  inside  \nTI  - twice\n",
    "PMID- 1\nTI  - A\nXYZW- new tag\nX   - one letter\nPMID- 2\nTI  - B",
    "TI  - no PMID first\nPMID- 1\nTI  - x\n   three spaces\nPMID- 2\nTI  - \u2028y\u0085\n",
    "PMID- 1\nTI  - A\nFAU - Group name\nLID - e32822 [pii]\nDP  - 2016 Dec 7\n",
]


@pytest.mark.parametrize("text", MEDLINE_CASES)
def test_medline_records_read_at_once_are_the_line_by_line_records(text: str) -> None:
    """A record as PubMed writes it is read without a Python step per line; the result is
    the line-by-line reading's (which reads every record of the whole text here)."""

    def line_by_line(text: str) -> list[list[tuple[str, str, int]]]:
        return list(nbib._lines_of(text, 0, len(text), 1, {}))

    assert list(nbib._records(text)) == line_by_line(text)
    for path in _fixtures(".nbib"):
        real = path.read_text(encoding="utf-8")
        assert list(nbib._records(real)) == line_by_line(real)


@pytest.mark.parametrize("size", [1, 30, 1000])
def test_medline_text_cut_into_pieces_gives_the_texts_records(size: int) -> None:
    """A MEDLINE text is read from pieces (each from a ``PMID- `` line) let go one by one
    (the text is not held to the end of an import): the records are the whole text's."""
    texts = [p.read_text(encoding="utf-8") for p in _fixtures(".nbib")] + MEDLINE_CASES
    for text in [*texts, "\n".join(texts)]:
        pieces = nbib._pieces(text, size)
        assert "".join(pieces) == text
        assert all(piece.startswith("PMID- ") for piece in pieces[1:])
        assert list(nbib._records_of(pieces)) == list(nbib._records(text))


def test_medline_records_read_at_once_are_most_of_a_pubmed_export() -> None:
    """The fast path is taken: a record of the benchmark's layout is read at once."""
    known: dict[str, str] = {}
    text = "PMID- 1\nTI  - A\nFAU - Smith, J\nAU  - Smith J\nDP  - 2020\n\n"
    assert nbib._plain_fields(text, 0, len(text), 1, known) == [
        ("PMID", "1", 1),
        ("TI", "A", 1),
        ("FAU", "Smith, J", 1),
        ("AU", "Smith J", 1),
        ("DP", "2020", 1),
    ]
    assert nbib._plain_fields("PMID- 1\nTI  - A\n      more\n", 0, 25, 1, known) is None


# --- memory --------------------------------------------------------------------------------


def _records_text(format: str, count: int) -> str:
    items = [
        {"title": f"Title number {n} of a study", "author": f"Smith{n}", "year": 2000 + n % 20}
        for n in range(count)
    ]
    if format == "ris":
        return "".join(
            f"TY  - JOUR\nTI  - {i['title']}\nAU  - {i['author']}, J\nPY  - {i['year']}\nER  - \n"
            for i in items
        )
    if format == "endnote-xml":
        return (
            "<xml><records>"
            + "".join(
                f"<record><titles><title>{i['title']}</title></titles><contributors><authors>"
                f"<author>{i['author']}, J</author></authors></contributors><dates><year>"
                f"{i['year']}</year></dates></record>"
                for i in items
            )
            + "</records></xml>"
        )
    people = [{"family": f"Jones{n}", "given": "Ann B"} for n in range(3)]
    csl = [
        {
            "type": "article-journal",
            "title": i["title"],
            "author": [{"family": i["author"], "given": "J"}, *people],
            "container-title": "Journal of Things",
            "volume": "12",
            "page": "100-110",
            "DOI": f"10.1000/x{n}",
            "issued": {"date-parts": [[i["year"], 3]]},
        }
        for n, i in enumerate(items)
    ]
    if format == "csl-json":
        return json.dumps(csl)
    creators = [
        {"creatorType": "author", "lastName": p["family"], "firstName": "A"} for p in people
    ]
    zotero = [
        {
            "itemType": "journalArticle",
            "title": i["title"],
            "creators": creators,
            "publicationTitle": "Journal of Things",
            "volume": "12",
            "pages": "100-110",
            "DOI": f"10.1000/x{n}",
            "date": str(i["year"]),
        }
        for n, i in enumerate(items)
    ]
    return json.dumps({"config": {}, "items": zotero})


def _peak(function: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("format", ["ris", "csl-json", "bbt-json", "endnote-xml"])
def test_reading_never_holds_the_whole_parse(format: str) -> None:
    """Reading (parsing and converting) peaks well below the whole parse of the same
    text alone: the parse of 200,000 records was the import's peak before (tracemalloc
    counts allocations: no timing)."""
    text = _records_text(format, 3000)
    data = text.encode("utf-8")
    if format == "ris":
        whole = _peak(lambda: rispy.loads(text, implementation=AllTags))
    elif format == "endnote-xml":
        whole = _peak(lambda: fromstring(data))
    else:
        whole = _peak(lambda: json.loads(text))
    reading = _peak(lambda: read_data(data, "x", format)) - len(text)  # the text is held
    assert reading < 0.75 * whole  # 0.87 to 1.0 before; 0.34 to 0.65 now
