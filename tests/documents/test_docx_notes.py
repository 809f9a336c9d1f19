"""Citations typed in Word footnotes and endnotes are numbered too (python-docx keeps
those parts as bytes; mi-refs parses them, and rewrites only a part that changed)."""

import io
import zipfile
from pathlib import Path

import docx
import pytest

import mi_refs
from mi_refs.documents.docx import cite_word

from ..conftest import ROOT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{{first}}</w:t></w:r><w:r><w:t>{{second}}</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
REL = ('<Relationship Id="rIdFootnotes" '
       'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
       'Target="footnotes.xml"/>')  # fmt: skip
OVERRIDE = ('<Override PartName="/word/footnotes.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')  # fmt: skip


def with_footnote(
    body: str, first: str = "As reported [@", second: str = "hu2024early].", after: str = ""
) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph(body)
    reference = paragraph.add_run()._r
    reference.append(reference.makeelement(f"{{{W}}}footnoteReference", {f"{{{W}}}id": "1"}))
    if after:
        document.add_paragraph(after)
    plain = io.BytesIO()
    document.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", REL.encode() + b"</Relationships>")
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", OVERRIDE.encode() + b"</Types>")
            zout.writestr(info, data)
        zout.writestr("word/footnotes.xml", FOOTNOTES.format(first=first, second=second))
    return out.getvalue()


@pytest.fixture(scope="module")
def bib() -> mi_refs.Bibliography:
    return mi_refs.load(ROOT / "references.bib")


def test_a_citation_in_a_footnote_is_numbered_after_the_body(bib: mi_refs.Bibliography) -> None:
    data, registry = cite_word(with_footnote("Body [@vernava2023novel]."), bib)
    assert registry.keys == ("vernava2023novel", "hu2024early")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        footnotes = package.read("word/footnotes.xml").decode()
    assert "[@" not in footnotes and "hu2024early" not in footnotes
    assert '<w:vertAlign w:val="superscript"/>' in footnotes and ">2<" in footnotes
    assert 'w:type="separator"' in footnotes  # the separators are kept as they were


def test_an_undefined_key_in_a_footnote_names_it(bib: mi_refs.Bibliography, tmp_path: Path) -> None:
    source = with_footnote("Body.", second="nosuchkey99].")
    with pytest.raises(
        mi_refs.UndefinedCitationError, match=r"nosuchkey99' \(footnote 1, paragraph 1\)"
    ):
        cite_word(source, bib)


def test_a_document_whose_footnotes_cite_nothing_keeps_them_byte_for_byte(
    bib: mi_refs.Bibliography,
) -> None:
    source = with_footnote("Body [@vernava2023novel].", first="As reported in ", second="the text.")
    data, _ = cite_word(source, bib)
    with zipfile.ZipFile(io.BytesIO(source)) as before, zipfile.ZipFile(io.BytesIO(data)) as after:
        assert before.read("word/footnotes.xml") == after.read("word/footnotes.xml")


def test_a_citation_in_a_footnote_is_numbered_where_the_note_is_referenced(
    bib: mi_refs.Bibliography,
) -> None:
    """As pandoc numbers notes: the note's citation comes before a later body citation."""
    data, registry = cite_word(
        with_footnote("A note here.", after="A later citation [@vernava2023novel]."), bib
    )
    assert registry.keys == ("hu2024early", "vernava2023novel")
    assert docx.Document(io.BytesIO(data)).paragraphs[1].text == "A later citation.2"
