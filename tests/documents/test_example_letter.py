"""The example letter (docs/examples) renders to the committed outputs, with the seed
letter's numbering: 1 to 20 in order, clusters 4-15, 16-18 and 3,20."""

import re
from pathlib import Path

import pytest

import mi_refs
from mi_refs import CiteOptions, HouseOptions

from ..conftest import ROOT

EXAMPLES = ROOT / "docs" / "examples"
HOUSE = CiteOptions(house=HouseOptions(doi=False))  # the project's house style (pyproject)
SEED_SUPERSCRIPTS = ["1", "2", "3", "4-15", "16-18", "19", "1", "20", "3", "3,20", "3"]


@pytest.fixture(scope="module")
def bib() -> mi_refs.Bibliography:
    return mi_refs.load(ROOT / "references.bib")


@pytest.mark.parametrize(
    ("source", "expected"), [("letter.md", "letter.cited.md"), ("letter.html", "letter.cited.html")]
)
def test_renders_to_the_committed_output(
    bib: mi_refs.Bibliography, source: str, expected: str
) -> None:
    result = mi_refs.cite_file(EXAMPLES / source, bib, options=HOUSE)
    assert result.text == (EXAMPLES / expected).read_text(encoding="utf-8")
    assert result.registry.keys == bib.keys  # numbered 1 to 20 in the seed letter's order


def test_markdown_superscripts_follow_the_seed_letter(bib: mi_refs.Bibliography) -> None:
    text = mi_refs.cite_file(EXAMPLES / "letter.md", bib, options=HOUSE).text
    body = text.split("## References")[0]
    found = [s for s in re.findall(r"\^([\d,\-()p]+)\^", body) if s != "9"]  # 10^9^/L is a unit
    assert found == SEED_SUPERSCRIPTS


def test_html_superscripts_follow_the_seed_letter(bib: mi_refs.Bibliography) -> None:
    text = mi_refs.cite_file(EXAMPLES / "letter.html", bib, options=HOUSE).text
    found = [s for s in re.findall(r"<sup>(?:<a [^>]*>)?([^<]+)(?:</a>)?</sup>", text) if s != "9"]
    assert found == SEED_SUPERSCRIPTS


def test_word_version_numbers_like_the_seed_letter_and_passes_the_check(
    bib: mi_refs.Bibliography, tmp_path: Path
) -> None:
    import runpy

    import docx

    from mi_refs.documents.docx import superscripts_docx

    builder = runpy.run_path(str(EXAMPLES / "make_docx.py"))
    source = tmp_path / "letter.docx"
    builder["build"]((EXAMPLES / "letter.md").read_text(encoding="utf-8")).save(str(source))
    cited = tmp_path / "letter.cited.docx"
    mi_refs.cite_file(source, bib, cited, options=HOUSE)
    found = [s.text for s in superscripts_docx(cited)]
    assert found == SEED_SUPERSCRIPTS  # 10^9^ is a unit, not read as a citation
    paragraphs = [p.text for p in docx.Document(str(cited)).paragraphs]
    assert "[[references]]" not in paragraphs
    assert any("Vernava I, Schmitt CA." in text for text in paragraphs)
    (document,) = mi_refs.check_documents([cited], bib)
    assert [f for f in document.findings if f.severity is not mi_refs.Severity.INFO] == []
