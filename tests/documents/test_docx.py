"""Word documents: citations typed in a .docx numbered as AMA superscripts, the list
inserted, everything else left exactly as it was; superscripts read back from a letter.

Every document is built here with python-docx (no binary fixture)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

import mi_refs
from mi_refs.documents.docx import cite_word, superscripts_docx
from mi_refs.documents.formats import CiteOptions
from mi_refs.documents.superscripts import Superscript
from mi_refs.errors import UndefinedCitationError, UnreadableFileError

from ..conftest import ROOT

BIB = mi_refs.load(ROOT / "references.bib")
KEYS = BIB.keys  # the seed letter's references, in its order


def _bytes(document: docx.document.Document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _cite(document: docx.document.Document, **options: object) -> docx.document.Document:
    data, _ = cite_word(_bytes(document), BIB, CiteOptions(**options) if options else None)  # type: ignore[arg-type]
    return _open(data)


def _runs(paragraph: Paragraph) -> list[tuple[str, bool]]:
    """The paragraph's runs as (text, superscript)."""
    return [(run.text, bool(run.font.superscript)) for run in paragraph.runs]


def _superscripts(paragraph: Paragraph) -> list[str]:
    return [run.text for run in paragraph.runs if run.font.superscript]


def _png() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# -- numbering ---------------------------------------------------------------------------


def test_seed_letter_numbers_in_document_order() -> None:
    k = KEYS
    document = docx.Document()
    document.add_paragraph(f"@{k[0]} reported a case series of 7 patients with refractory ITP.")
    document.add_paragraph(f"@{k[1]} reported a retrospective case series of 6 patients.")
    document.add_paragraph(f"@{k[2]} reported results of patients in the safety run-in.")
    several = "; ".join(f"@{key}" for key in k[3:15])
    document.add_paragraph(f"Several case reports are referenced below [{several}].")
    document.add_paragraph(
        f"Retrospective cases are referenced below [@{k[15]}; @{k[16]}; @{k[17]}]."
    )
    document.add_paragraph(f"A study is referenced below [@{k[18]}].")
    document.add_paragraph(f"@{k[0]} reported the largest case series.")
    document.add_paragraph(f"In subsequent phases of the study [@{k[2]}; @{k[19]}]:")

    data, registry = cite_word(_bytes(document), BIB)
    cited = _open(data)

    assert registry.keys == KEYS
    numbers = [_superscripts(paragraph) for paragraph in cited.paragraphs[:8]]
    assert numbers == [["1"], ["2"], ["3"], ["4-15"], ["16-18"], ["19"], ["1"], ["3,20"]]
    texts = [paragraph.text for paragraph in cited.paragraphs[:8]]
    assert (
        texts[0]
        == "Strüßmann et al (2024)1 reported a case series of 7 patients with refractory ITP."
    )
    assert texts[2].startswith("Tsykunova et al (2022)3 reported")
    assert texts[3] == "Several case reports are referenced below.4-15"
    assert texts[7] == "In subsequent phases of the study3,20:"  # AMA: before a colon


def test_a_key_cited_again_keeps_its_number() -> None:
    document = docx.Document()
    document.add_paragraph(
        "First [@hu2024early], then [@vernava2023novel] and again [@hu2024early]."
    )
    cited = _cite(document)
    assert _superscripts(cited.paragraphs[0]) == ["1", "2", "1"]
    assert cited.paragraphs[0].text == "First,1 then2 and again.1"


def test_locator() -> None:
    document = docx.Document()
    document.add_paragraph("Dosing is described [@tsykunova2022dart, p. 4].")
    document.add_paragraph("See also [@hu2024early; @tsykunova2022dart, pp. 3-5].")
    cited = _cite(document)
    assert _superscripts(cited.paragraphs[0]) == ["1(p4)"]
    assert _superscripts(cited.paragraphs[1]) == ["1(pp3-5),2"]


# -- runs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pieces",
    [
        ["The outcomes were good [@vernava", "2023novel]."],
        ["The outcomes were good [", "@vernava2023novel", "]."],
        ["The outcomes were good [", "@", "vernava2023", "novel]."],
        ["The outcomes were good ", "[@vernava", "2023novel", "]", "."],
    ],
    ids=["2 runs", "3 runs", "4 runs", "punctuation alone"],
)
def test_a_citation_split_across_runs(pieces: list[str]) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for index, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        run._r.set(qn("w:rsidR"), f"00A1B2C{index}")  # Word's revision ids differ run to run
        run.font.size = Pt(10 + index)  # each run its own formatting
        if index == 2:
            run.bold = True
    cited = _cite(document)
    paragraph = cited.paragraphs[0]
    assert paragraph.text == "The outcomes were good.1"
    assert _superscripts(paragraph) == ["1"]
    number = next(run for run in paragraph.runs if run.font.superscript)
    started = next(index for index, piece in enumerate(pieces) if "[" in piece)
    assert number.font.size == Pt(10 + started)  # formatted like the run where it began
    assert not number.bold


def test_a_bold_run_inside_the_citation_and_runs_around_it() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    before = paragraph.add_run("Responses were durable ")
    before.italic = True
    paragraph.add_run("[@")
    paragraph.add_run("strussmann2024case").bold = True
    paragraph.add_run("; @hu2024early]")
    after = paragraph.add_run(" in most patients.")
    after.underline = True
    original_after = after._r.xml

    cited = _cite(document)
    paragraph = cited.paragraphs[0]
    assert _runs(paragraph) == [
        ("Responses were durable", False),
        ("1,2", True),
        (" in most patients.", False),
    ]
    assert paragraph.runs[0].italic  # the trailing space went, the formatting stayed
    assert paragraph.runs[2]._r.xml == original_after  # not involved: the same XML


def test_period_after_moves_before_the_superscript() -> None:
    document = docx.Document()
    document.add_paragraph("Patients had outcomes [@hu2024early]. Next sentence.")
    document.add_paragraph("Patients had outcomes [@hu2024early], and more.")
    cited = _cite(document)
    assert _runs(cited.paragraphs[0]) == [
        ("Patients had outcomes.", False),
        ("1", True),
        (" Next sentence.", False),
    ]
    assert _runs(cited.paragraphs[1]) == [
        ("Patients had outcomes,", False),
        ("1", True),
        (" and more.", False),
    ]


def test_colon_before_stays_after_the_superscript() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("The following were relevant")
    colon = paragraph.add_run(":")
    colon.bold = True
    original_colon = colon._r.xml
    paragraph.add_run(" [@hu2024early] the rest")
    cited = _cite(document)
    assert _runs(cited.paragraphs[0]) == [
        ("The following were relevant", False),
        ("1", True),
        (":", False),
        (" the rest", False),
    ]
    assert cited.paragraphs[0].runs[2]._r.xml == original_colon

    document = docx.Document()
    document.add_paragraph("The following were relevant [@hu2024early]: the rest")
    assert _runs(_cite(document).paragraphs[0]) == [
        ("The following were relevant", False),
        ("1", True),
        (": the rest", False),
    ]


def test_narrative_citation() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("@strussmann2024case").italic = True
    paragraph.add_run(" reported a case series. As shown by @vernava2023novel.")
    cited = _cite(document)
    assert _runs(cited.paragraphs[0]) == [
        ("Strüßmann et al (2024)", False),
        ("1", True),
        (" reported a case series. As shown by ", False),
        ("Vernava and Schmitt (2023)", False),
        (".", False),
        ("2", True),
    ]
    assert cited.paragraphs[0].runs[0].italic  # the names take the citation's formatting


def test_citation_opening_and_ending_a_paragraph() -> None:
    document = docx.Document()
    document.add_paragraph("[@hu2024early] opens this paragraph")
    document.add_paragraph("[@vernava2023novel]")
    cited = _cite(document)
    assert _runs(cited.paragraphs[0]) == [("1", True), (" opens this paragraph", False)]
    assert _runs(cited.paragraphs[1]) == [("2", True)]


def test_table_cell_citations_in_document_order() -> None:
    document = docx.Document()
    document.add_paragraph("Before the table [@hu2024early].")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Patient 1"
    table.cell(1, 1).text = "Patient Characteristics and Outcomes [@vernava2023novel]"
    document.add_paragraph("After the table [@shino2023sequential].")
    cited = _cite(document)
    assert _superscripts(cited.paragraphs[0]) == ["1"]
    cell = cited.tables[0].cell(1, 1).paragraphs[0]
    assert _runs(cell) == [("Patient Characteristics and Outcomes", False), ("2", True)]
    assert _superscripts(cited.paragraphs[1]) == ["3"]


def test_header_citation_is_numbered_after_the_body() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Data on file [@shino2023sequential]"
    document.add_paragraph("Body [@hu2024early].")
    data, registry = cite_word(_bytes(document), BIB)
    cited = _open(data)
    assert registry.keys == ("hu2024early", "shino2023sequential")
    assert _runs(cited.sections[0].header.paragraphs[0]) == [("Data on file", False), ("2", True)]


def test_tracked_deletions_and_fields_are_not_read() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Kept text")
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z">'
            "<w:r><w:delText> [@deleted2020key]</w:delText></w:r></w:del>"
        )
    )
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>[@fieldresult2020]</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))
    paragraph.add_run(" and a citation [@hu2024early].")
    before = _bytes(document)
    cited = _open(cite_word(before, BIB)[0])
    assert cited.paragraphs[0].text == "Kept text[@fieldresult2020] and a citation.1"
    assert "deleted2020key" in cited.paragraphs[0]._p.xml


# -- everything else left as it was ----------------------------------------------------


def _letter(tmp_path: Path) -> docx.document.Document:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "DARZALEX - Use in ITP"
    document.add_heading("SUMMARY", level=1)
    plain = document.add_paragraph("DARZALEX is not approved for ITP. ")
    plain.add_run("Janssen does not recommend it.").bold = True
    document.add_paragraph(
        "Patients showed complete remission [@strussmann2024case]. Others did not."
    )
    image = tmp_path / "pixel.png"
    image.write_bytes(_png())
    document.add_picture(str(image))
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Patient 1"
    table.cell(0, 1).text = "Age: 42 years"
    document.add_paragraph("Last paragraph.", style="List Bullet")
    return document


def test_everything_else_is_left_exactly_as_it_was(tmp_path: Path) -> None:
    document = _letter(tmp_path)
    document.add_paragraph("[[references]]")  # no restart needed, no links: only document.xml
    before = _bytes(document)
    original = _open(before)
    after, _ = cite_word(before, BIB)
    cited = _open(after)

    untouched = [0, 1, 3, 4]  # the heading, the plain paragraph, the picture, the bullet
    for index in untouched:
        assert cited.paragraphs[index]._p.xml == original.paragraphs[index]._p.xml
    assert cited.tables[0]._tbl.xml == original.tables[0]._tbl.xml
    assert cited.element.body.sectPr.xml == original.element.body.sectPr.xml

    old, new = _members(before), _members(after)
    assert list(new) == list(old)
    changed = [name for name in old if old[name] != new[name]]
    assert changed == ["word/document.xml"]  # styles, header, image, settings: same bytes
    assert any(name.startswith("word/media/") for name in new)


def test_the_citing_paragraphs_other_runs_keep_their_xml() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    first = paragraph.add_run("Complete remission in 4 patients")
    first.bold = True
    paragraph.add_run(", no response in 1 [@strussmann2024case]")
    last = paragraph.add_run(" (Table 1).")
    last.italic = True
    xml = [first._r.xml, last._r.xml]
    cited = _cite(document).paragraphs[0]
    assert [cited.runs[0]._r.xml, cited.runs[-1]._r.xml] == xml
    assert cited.text == "Complete remission in 4 patients, no response in 11 (Table 1)."


def test_a_document_without_citations_comes_back_unchanged() -> None:
    document = docx.Document()
    document.add_paragraph("No citations here; an e-mail medinfo@example.com is not one.")
    data = _bytes(document)
    result, registry = cite_word(data, BIB)
    assert result == data
    assert not registry


# -- the reference list ----------------------------------------------------------------


def test_list_at_the_marker_with_list_number(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Outcomes [@strussmann2024case; @vernava2023novel].")
    document.add_paragraph("REFERENCES")
    document.add_paragraph("[[references]]")
    document.add_paragraph("Closing remarks.")
    cited = _cite(document)
    texts = [paragraph.text for paragraph in cited.paragraphs]
    assert "[[references]]" not in texts
    assert texts[1] == "REFERENCES"
    assert texts[2].startswith("Strüßmann T, Heinz J, Wäsch R, et al. Long-term complete")
    assert texts[3].startswith("Vernava I, Schmitt CA. Daratumumab")
    assert texts[4] == "Closing remarks."
    assert [cited.paragraphs[i].style.name for i in (2, 3)] == ["List Number", "List Number"]
    journal = [run for run in cited.paragraphs[2].runs if run.italic]
    assert [run.text for run in journal] == ["Br J Haematol"]
    assert not any(run.italic for run in cited.paragraphs[2].runs if run.text != "Br J Haematol")


def _without_list_number(document: docx.document.Document) -> None:
    styles = document.styles.element
    styles.remove(document.styles["List Number"].element)


def test_list_numbered_by_text_takes_the_markers_format() -> None:
    document = docx.Document()
    _without_list_number(document)
    document.add_paragraph("Outcomes [@strussmann2024case; @vernava2023novel].")
    marker = document.add_paragraph(style="Body Text")
    marker.paragraph_format.space_after = Pt(3)
    marker.add_run("[[references]]").font.size = Pt(9)
    cited = _cite(document)
    first, second = cited.paragraphs[1], cited.paragraphs[2]
    assert first.text.startswith("1. Strüßmann T, Heinz J")
    assert second.text.startswith("2. Vernava I, Schmitt CA")
    assert first.style.name == "Body Text"
    assert first.paragraph_format.space_after == Pt(3)
    assert {run.font.size for run in first.runs} == {Pt(9)}
    assert [run.text for run in second.runs if run.italic] == ["Blood Cells Mol Dis"]
    assert len(cited.paragraphs) == 3


def test_list_appended_under_a_heading_when_there_is_no_marker() -> None:
    document = docx.Document()
    document.add_paragraph("Outcomes [@vernava2023novel; @hu2024early].")
    cited = _cite(document, heading="REFERENCES")
    heading, *entries = cited.paragraphs[1:]
    assert heading.text == "REFERENCES"
    assert heading.style.name == "Heading 2"
    assert [entry.style.name for entry in entries] == ["List Number", "List Number"]
    assert entries[1].text.startswith("Hu Y, Wang Z, Ma J, et al.")
    body = cited.element.body
    assert body[-1].tag == qn("w:sectPr")  # still the last: the section is intact


def test_list_appended_as_plain_paragraphs_without_list_number_or_heading_styles() -> None:
    document = docx.Document()
    _without_list_number(document)
    document.styles.element.remove(document.styles["Heading 2"].element)
    document.add_paragraph("Outcomes [@vernava2023novel].")
    cited = _cite(document)
    heading, entry = cited.paragraphs[1:]
    assert heading.text == "References"
    assert heading.runs[0].bold
    assert entry.text.startswith("1. Vernava I")


def test_list_restarts_at_one_when_list_number_is_used_before() -> None:
    document = docx.Document()
    document.add_paragraph("Take the first step.", style="List Number")
    document.add_paragraph("Take the second step [@hu2024early].", style="List Number")
    document.add_paragraph("[[references]]")
    before = _bytes(document)
    cited = _open(cite_word(before, BIB)[0])
    entry = cited.paragraphs[2]
    assert entry.style.name == "List Number"
    num_id = entry._p.pPr.numPr.numId.val
    assert num_id != 5  # not the steps' list, which would make the reference number 3
    numbering = cited.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]
    assert cited.paragraphs[0]._p.pPr.numPr is None  # the steps are as they were


def test_links_in_the_list_are_hyperlinks() -> None:
    bib = mi_refs.loads(
        "@misc{who2020, author = {{World Health Organization}}, title = {Guidance},"
        " year = {2020}, url = {https://example.org/guidance}, urldate = {2024-01-02}}"
    )
    document = docx.Document()
    document.add_paragraph("Guidance [@who2020].")
    cited = _open(cite_word(_bytes(document), bib)[0])
    entry = cited.paragraphs[-1]
    links = entry._p.findall(qn("w:hyperlink"))
    assert len(links) == 1
    target = cited.part.rels[links[0].get(qn("r:id"))]
    assert target.is_external
    assert target.target_ref == "https://example.org/guidance"
    assert entry.text.startswith("World Health Organization. Guidance.")


# -- errors and files --------------------------------------------------------------------


def test_undefined_keys_raise_with_their_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Fine [@hu2024early].")
    document.add_paragraph("")
    document.add_paragraph("Unknown [@nosuch2020key].")
    table = document.add_table(rows=2, cols=2)
    table.cell(1, 0).text = "In a cell [@other2021key]"
    source = tmp_path / "letter.docx"
    document.save(str(source))
    output = tmp_path / "letter.cited.docx"

    with pytest.raises(UndefinedCitationError) as caught:
        mi_refs.cite_file(source, BIB, output)
    messages = [problem.message for problem in caught.value.problems]
    assert messages == [
        "undefined citation key 'nosuch2020key' (paragraph 3)",
        "undefined citation key 'other2021key' (table 1, row 2, cell 1)",
    ]
    assert [problem.key for problem in caught.value.problems] == ["nosuch2020key", "other2021key"]
    assert not output.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["letter.docx"]


def test_cite_file_writes_a_word_document_python_docx_opens(tmp_path: Path) -> None:
    source = tmp_path / "letter.docx"
    _letter(tmp_path).save(str(source))
    output = tmp_path / "out" / "letter.cited.docx"
    output.parent.mkdir()
    output.write_bytes(b"old")
    registry = mi_refs.cite_file(source, BIB, output).registry
    assert registry.keys == ("strussmann2024case",)
    cited = docx.Document(str(output))
    assert _superscripts(cited.paragraphs[2]) == ["1"]
    assert cited.paragraphs[-1].text.startswith("Strüßmann T")
    assert [path.name for path in output.parent.iterdir()] == ["letter.cited.docx"]


def test_sources_path_bytes_and_stream_agree(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Outcomes [@hu2024early].")
    path = tmp_path / "letter.docx"
    document.save(str(path))
    data = path.read_bytes()
    with path.open("rb") as stream:
        results = [cite_word(path, BIB)[0], cite_word(data, BIB)[0], cite_word(stream, BIB)[0]]
    assert results[0] == results[1] == results[2]


def test_not_a_word_document(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="not a Word document"):
        cite_word(b"plain text", BIB)
    with pytest.raises(UnreadableFileError, match="cannot read"):
        cite_word(tmp_path / "missing.docx", BIB)


# -- superscripts of a finished letter -------------------------------------------------


def _add(paragraph: Paragraph, *pieces: str) -> None:
    """Runs of text; a piece starting with ``^`` is superscript."""
    for piece in pieces:
        run = paragraph.add_run(piece.removeprefix("^"))
        if piece.startswith("^"):
            run.font.superscript = True


def _seed_like_letter() -> docx.document.Document:
    document = docx.Document()
    cite_style = document.styles.add_style("Citation", WD_STYLE_TYPE.CHARACTER)
    cite_style.font.superscript = True
    document.add_paragraph("DARZALEX + DARZALEX FASPRO - Use in Immune Thrombocytopenia")
    _add(
        document.add_paragraph(),
        "Strüßmann et al (2024)",
        "^1",
        " reported a case series of 7 patients with refractory ITP treated with DARZALEX",
        "^®",
        " FASPRO.",
    )
    _add(
        document.add_paragraph(),
        "Several case reports and analyses of patients with ITP who received DARZALEX or "
        "DARZALEX FASPRO are referenced below.",
        "^4-15",
    )
    _add(
        document.add_paragraph(),
        "Retrospective cases are referenced below.",
        "^16",
        "^-18",  # Word split the superscript in two runs
    )
    _add(
        document.add_paragraph(),
        "Patients aged ≥18 years with primary ITP and a platelet count of ≤30x10",
        "^9",
        "/L who failed corticosteroid therapy were included.",
        "^3",
    )
    _add(document.add_paragraph(), "In subsequent phases of the study:", "^3,20")
    _add(document.add_paragraph(), "A dose on the 5", "^th", " day, at 1.73 m", "^2", ".")
    styled = document.add_paragraph("Dosing is on page 4 of the label.")
    styled.add_run("1(p4)", style="Citation")
    table = document.add_table(rows=1, cols=2)
    _add(table.cell(0, 1).paragraphs[0], "Patient Characteristics and Outcomes", "^1")
    return document


def test_superscripts_of_a_seed_like_letter() -> None:
    found = superscripts_docx(_bytes(_seed_like_letter()))
    assert found == [
        Superscript("1", "paragraph 2", "rüßmann et al (2024)", " reported a case ser"),
        Superscript("4-15", "paragraph 3", "re referenced below.", ""),
        Superscript("16-18", "paragraph 4", "re referenced below.", ""),
        Superscript("3", "paragraph 5", "erapy were included.", ""),
        Superscript("3,20", "paragraph 6", "phases of the study:", ""),
        Superscript("1(p4)", "paragraph 8", "page 4 of the label.", ""),
        Superscript("1", "table 1, row 1, cell 2", "ristics and Outcomes", ""),
    ]


def test_superscripts_of_a_cited_document_are_its_clusters() -> None:
    document = docx.Document()
    document.add_paragraph("@strussmann2024case reported [@hu2024early; @vernava2023novel, p. 2].")
    document.add_paragraph("In a platelet count of 30x10^9/L [@shino2023sequential]:")
    data, _ = cite_word(_bytes(document), BIB)
    found = superscripts_docx(data)
    assert [(item.text, item.location) for item in found] == [
        ("1", "paragraph 1"),
        ("2,3(p2)", "paragraph 1"),
        ("4", "paragraph 2"),
    ]
    assert found[1].before.endswith("reported.")
    assert found[2].after == ":"


def test_the_superscript_goes_outside_a_link_or_field_it_follows() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Available at ")
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>the site</w:t></w:r></w:hyperlink>'
        )
    )
    paragraph.add_run(" [@hu2024early] and in ")
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" REF _Ref1 \\h "><w:r><w:t>Table 1</w:t></w:r></w:fldSimple>'
        )
    )
    paragraph.add_run(" [@vernava2023novel] too.")
    cited = _open(cite_word(_bytes(document), BIB)[0])
    p = cited.paragraphs[0]._p
    assert [child.tag.split("}")[1] for child in p.iterchildren()] == [
        "r", "hyperlink", "r", "r", "fldSimple", "r", "r",
    ]  # fmt: skip
    assert [run.text for run in p.findall(qn("w:r"))] == [
        "Available at ",
        "1",
        " and in ",
        "2",
        " too.",
    ]
    assert cited.paragraphs[0].text.startswith("Available at the site1 and in")


def test_bookmarks_and_proofing_marks_inside_a_citation() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Remission was durable [@")
    paragraph._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name="x"/>'))
    paragraph._p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellStart"/>'))
    run = paragraph.add_run("strussmann")
    run._r.append(parse_xml(f"<w:lastRenderedPageBreak {nsdecls('w')}/>"))
    run._r.append(parse_xml(f"<w:t {nsdecls('w')}>2024case</w:t>"))
    paragraph._p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellEnd"/>'))
    paragraph._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="0"/>'))
    paragraph.add_run("] in 4 patients.")
    cited = _cite(document)
    assert cited.paragraphs[0].text == "Remission was durable1 in 4 patients."
    assert _superscripts(cited.paragraphs[0]) == ["1"]
    xml = cited.paragraphs[0]._p.xml
    assert "bookmarkStart" in xml and "bookmarkEnd" in xml and "lastRenderedPageBreak" in xml


def test_a_marker_without_citations_is_removed() -> None:
    document = docx.Document()
    document.add_paragraph("Nothing cited.")
    document.add_paragraph("[[references]]")
    cited = _cite(document)
    assert [paragraph.text for paragraph in cited.paragraphs] == ["Nothing cited."]


def test_a_merged_cell_is_read_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Across the row [@hu2024early]"
    table.cell(1, 2).text = "Last cell [@vernava2023novel]"
    data, registry = cite_word(_bytes(document), BIB)
    assert registry.keys == ("hu2024early", "vernava2023novel")
    assert [(item.text, item.location) for item in superscripts_docx(data)] == [
        ("1", "table 1, row 1, cell 1"),
        ("2", "table 1, row 2, cell 3"),
    ]
