"""Citing documents: pandoc citations numbered the AMA way; the list where asked."""

import io
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.documents.formats import CiteOptions
from mi_refs.documents.placement import narrative_text, place
from mi_refs.documents.syntax import find_citations
from mi_refs.errors import UndefinedCitationError

from ..conftest import ROOT


@pytest.fixture(scope="module")
def bib() -> mi_refs.Bibliography:
    return mi_refs.load(ROOT / "references.bib")


def body(result_text: str) -> str:
    """The document without its appended reference list."""
    return result_text.split("\n\n## References", maxsplit=1)[0]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param(
            "Outcomes [@vernava2023novel].", "Outcomes.^1^", id="before-period-moves-after"
        ),
        pytest.param("Outcomes.[@vernava2023novel]", "Outcomes.^1^", id="after-period-stays"),
        pytest.param(
            "Outcomes. [@vernava2023novel] Next.", "Outcomes.^1^ Next.", id="space-dropped"
        ),
        pytest.param("Outcomes [@vernava2023novel], then", "Outcomes,^1^ then", id="comma"),
        pytest.param("Relevant [@vernava2023novel]: a", "Relevant^1^: a", id="colon-stays-after"),
        pytest.param("Relevant: [@vernava2023novel] a", "Relevant^1^: a", id="colon-moves-after"),
        pytest.param("Relevant;[@vernava2023novel] a", "Relevant^1^; a", id="semicolon"),
        pytest.param(
            "A case [@vernava2023novel] was seen", "A case^1^ was seen", id="mid-sentence"
        ),
        pytest.param("Shown [@vernava2023novel, p. 4].", "Shown.^1(p4)^", id="locator"),
        pytest.param(
            "Shown [@vernava2023novel, pp. 4-6].", "Shown.^1(pp4-6)^", id="page-range-locator"
        ),
        pytest.param(
            "@vernava2023novel saw it.",
            "Vernava and Schmitt (2023)^1^ saw it.",
            id="narrative-two-authors",
        ),
        pytest.param(
            "As @strussmann2024case showed.",
            "As Strüßmann et al (2024)^1^ showed.",
            id="narrative-et-al",
        ),
        pytest.param(
            "As shown by @strussmann2024case.",
            "As shown by Strüßmann et al (2024).^1^",
            id="narrative-at-end",
        ),
        pytest.param(
            "Mail mi@example.org [@vernava2023novel].",
            "Mail mi@example.org.^1^",
            id="email-is-no-citation",
        ),
        pytest.param(
            "Code `[@nokey]` [@vernava2023novel].", "Code `[@nokey]`.^1^", id="code-span-skipped"
        ),
        pytest.param(
            "Escaped \\@nokey [@vernava2023novel].", "Escaped \\@nokey.^1^", id="escaped-at"
        ),
        pytest.param(
            "A [link](https://x.org/@nokey) [@vernava2023novel].",
            "A [link](https://x.org/@nokey).^1^",
            id="link-url",
        ),
    ],
)
def test_markdown_placement_and_forms(bib: mi_refs.Bibliography, typed: str, expected: str) -> None:
    assert body(mi_refs.cite_text(typed, bib).text) == expected


def test_the_seed_letter_s_clusters(bib: mi_refs.Bibliography) -> None:
    keys = bib.keys
    cited = " ".join(
        [f"One [@{keys[0]}].", f"Two [@{keys[1]}].", f"Three [@{keys[2]}].",
         "Cases [" + "; ".join(f"@{k}" for k in keys[3:15]) + "].",
         "Transplant [" + "; ".join(f"@{k}" for k in keys[15:18]) + "].", f"Cells [@{keys[18]}].",
         f"Again [@{keys[0]}].", f"Design [@{keys[19]}].", f"Both [@{keys[2]}; @{keys[19]}]:"]
    )  # fmt: skip
    result = mi_refs.cite_text(cited, bib)
    assert body(result.text) == (
        "One.^1^ Two.^2^ Three.^3^ Cases.^4-15^ Transplant.^16-18^ Cells.^19^ Again.^1^ "
        "Design.^20^ Both^3,20^:"
    )
    assert result.registry.keys == keys
    listing = result.text.split("## References\n\n")[1].splitlines()
    assert len(listing) == 20 and listing[3].startswith("4. Vernava I, Schmitt CA.")


def test_list_goes_where_the_document_asks(bib: mi_refs.Bibliography) -> None:
    refs_div = mi_refs.cite_text(
        "A [@vernava2023novel].\n\n::: {#refs}\n:::\n\nAppendix.\n", bib
    ).text
    assert refs_div.startswith("A.^1^\n\n::: {#refs}\n1. Vernava I, Schmitt CA.")
    assert refs_div.endswith("\n:::\n\nAppendix.\n")
    marker = mi_refs.cite_text("A [@vernava2023novel].\n\n<!-- references -->\n\nEnd.\n", bib).text
    assert "<!-- references -->" not in marker and marker.endswith("\n\nEnd.\n")
    appended = mi_refs.cite_text("A [@vernava2023novel].\n", bib, settings=False).text
    assert appended.endswith(
        "## References\n\n1. Vernava I, Schmitt CA. Daratumumab as a novel treatment option in refractory ITP. *Blood Cells Mol Dis*. 2023;99:102724. doi:10.1016/j.bcmd.2023.102724\n"
    )
    # by default the repository's house settings (pyproject.toml: doi = false) apply
    house = mi_refs.cite_text("A [@vernava2023novel].\n", bib).text
    assert house.endswith("2023;99:102724.\n")


def test_only_cited_references_are_listed_in_citation_order(bib: mi_refs.Bibliography) -> None:
    result = mi_refs.cite_text(
        "B [@hu2024early]. A [@vernava2023novel]. B again [@hu2024early].", bib
    )
    listing = result.text.split("## References\n\n")[1].splitlines()
    assert [line[:8] for line in listing] == ["1. Hu Y,", "2. Verna"]


def test_html_output_and_attributes_are_left_alone(bib: mi_refs.Bibliography) -> None:
    html = (
        '<html><body><p>Outcomes [@vernava2023novel]. Write to <a href="mailto:mi@example.org">us</a>.</p>'
        '<div id="refs"></div></body></html>'
    )
    result = mi_refs.cite_text(html, bib, format="html").text
    assert (
        '<p>Outcomes.<sup><a href="#ref-vernava2023novel">1</a></sup> Write to '
        '<a href="mailto:mi@example.org">us</a>.</p>'
    ) in result
    assert (
        '<ol class="references">\n  <li id="ref-vernava2023novel">Vernava I, Schmitt CA.' in result
    )
    assert '<div id="refs"><ol class="references">' in result
    assert result.endswith("</ol>\n</div></body></html>")


def test_plain_text_uses_unicode_superscripts(bib: mi_refs.Bibliography) -> None:
    keys = bib.keys
    result = mi_refs.cite_text(f"A [@{keys[0]}; @{keys[2]}; @{keys[1]}].", bib, format="text").text
    assert result.startswith("A.¹⁻³\n\nReferences\n\n1. Strüßmann T")


def test_superscript_markup_option(bib: mi_refs.Bibliography) -> None:
    result = mi_refs.cite_text(
        "A [@vernava2023novel].", bib, options=CiteOptions(superscript="html")
    )
    assert body(result.text) == "A.<sup>1</sup>"


def test_undefined_keys_name_their_lines_and_nothing_is_produced(bib: mi_refs.Bibliography) -> None:
    with pytest.raises(UndefinedCitationError) as caught:
        mi_refs.cite_text(
            "Fine [@vernava2023novel].\nBad [@nosuchkey; @other].\n", bib, source="letter.md"
        )
    problems = caught.value.problems
    assert [(p.file, p.line, p.key) for p in problems] == [
        ("letter.md", 2, "nosuchkey"),
        ("letter.md", 2, "other"),
    ]
    assert "undefined citation key 'nosuchkey' (line 2)" in str(problems[0])


def test_cli_cite_writes_or_refuses(tmp_path: Path) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text("A [@vernava2023novel].\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert (
        main(
            [
                "cite",
                str(letter),
                "--bib",
                str(ROOT / "references.bib"),
                "-o",
                str(tmp_path / "out.md"),
            ],
            out,
            err,
        )
        == 0
    )
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("A.^1^")
    letter.write_text("A [@nosuchkey].\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert (
        main(
            [
                "cite",
                str(letter),
                "--bib",
                str(ROOT / "references.bib"),
                "-o",
                str(tmp_path / "bad.md"),
            ],
            out,
            err,
        )
        == 1
    )
    assert (
        "letter.md:1: [nosuchkey] error: undefined citation key 'nosuchkey' (line 1)"
        in err.getvalue()
    )
    assert not (tmp_path / "bad.md").exists()


def test_api_cite_from_a_path_and_from_text(bib: mi_refs.Bibliography, tmp_path: Path) -> None:
    page = tmp_path / "letter.html"
    page.write_text("<p>A [@vernava2023novel].</p>", encoding="utf-8")
    assert mi_refs.cite_file(page, bib).format == "html"
    assert mi_refs.cite_text("A [@vernava2023novel].", bib).text.startswith("A.^1^")


def test_text_that_looks_like_a_file_name_is_text(bib: mi_refs.Bibliography) -> None:
    # cite() used to guess "path?" from a suffix-like word: "fig.1" made this a path.
    cited = mi_refs.cite_text("See fig.1 [@vernava2023novel]", bib)
    assert cited.text.startswith("See fig.1^1^")
    assert cited.format == "markdown"


def test_cite_text_refuses_a_format_it_cannot_take(bib: mi_refs.Bibliography) -> None:
    with pytest.raises(mi_refs.UnknownFormatError, match="cite_docx"):
        mi_refs.cite_text("A [@vernava2023novel].", bib, format="docx")  # type: ignore[arg-type]


def test_a_word_result_has_no_text(bib: mi_refs.Bibliography) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("A [@vernava2023novel].")
    stream = io.BytesIO()
    document.save(stream)
    cited = mi_refs.cite_docx(stream.getvalue(), bib)
    assert cited.format == "docx"
    assert isinstance(cited.content, bytes)
    with pytest.raises(mi_refs.UnsupportedDocumentError, match="no text form"):
        _ = cited.text


def test_find_citations_forms() -> None:
    groups = find_citations("See [see @a, p. 4; @b]; and @c [chap. 2]. Not x@y.z.")
    assert [[(c.key, c.locator) for c in g.cites] for g in groups] == [
        [("a", "p4"), ("b", "")],
        [("c", "chap2")],
    ]
    assert [g.narrative for g in groups] == [False, True]


def test_narrative_forms(bib: mi_refs.Bibliography) -> None:
    assert narrative_text(bib["hu2024early"]) == "Hu et al (2024)"
    assert narrative_text(bib["vernava2023novel"]) == "Vernava and Schmitt (2023)"
    one = mi_refs.loads(
        "@online{w, author = {{World Health Organization}}, title = {T}, url = {u}, year = 2020}"
    )["w"]
    assert narrative_text(one) == "World Health Organization (2020)"


def test_place() -> None:
    assert place("outcomes ", "S", ". Next") == ("outcomes.", "S", " Next")
    assert place("relevant:", "S", " next") == ("relevant", "S", ": next")


def test_a_citation_on_the_next_line_attaches_to_the_word_before(bib: mi_refs.Bibliography) -> None:
    assert body(
        mi_refs.cite_text("around transplantation\n  [@vernava2023novel].\nNext.", bib).text
    ) == ("around transplantation.^1^\nNext.")


def test_citations_in_an_indented_code_fence_are_left_alone(bib: mi_refs.Bibliography) -> None:
    text = "A [@vernava2023novel].\n\n- item\n\n  ```\n  [@nosuchkey]\n  ```\n"
    assert body(mi_refs.cite_text(text, bib).text).endswith("  ```\n  [@nosuchkey]\n  ```")
