"""Rendering: list layout per format, escaping, order, options; the seed list."""

import pytest

import mi_refs
from mi_refs import HouseOptions

from ..conftest import FIXTURES, ROOT

ARTICLE = r"""@article{vernava2023,
  author = {Vernava, Ilaria and Schmitt, Clemens A.},
  title = {Daratumumab \& {ITP}: <a> novel option?},
  journal = {Blood Cells, Molecules and Diseases},
  shortjournal = {Blood Cells Mol Dis},
  year = 2023, volume = 99, pages = {102724},
  doi = {10.1016/j.bcmd.2023.102724},
}
@online{page, title = {Trial_page *one*}, url = {https://example.org/?a=1&b=2}, urldate = {2025-05-09}}
"""


def test_text_layout() -> None:
    text = mi_refs.render(mi_refs.loads(ARTICLE), style="ama", format="text")
    assert text.splitlines() == [
        "1. Vernava I, Schmitt CA. Daratumumab & ITP: <a> novel option? Blood Cells Mol Dis. "
        "2023;99:102724. doi:10.1016/j.bcmd.2023.102724",
        "2. Trial_page *one*. Accessed May 9, 2025. https://example.org/?a=1&b=2",
    ]


def test_html_escapes_text_and_attributes() -> None:
    html = mi_refs.render(mi_refs.loads(ARTICLE), style="ama", format="html")
    assert html.startswith('<ol class="references">\n  <li id="ref-vernava2023">')
    assert "Daratumumab &amp; ITP: &lt;a&gt; novel option? <em>Blood Cells Mol Dis</em>." in html
    assert '<a href="https://example.org/?a=1&amp;b=2">https://example.org/?a=1&amp;b=2</a>' in html
    assert html.endswith("</li>\n</ol>\n")


def test_markdown_escapes_only_what_markdown_reads() -> None:
    markdown = mi_refs.render(mi_refs.loads(ARTICLE), style="ama", format="markdown")
    lines = markdown.splitlines()
    assert lines[0].startswith(
        "1. Vernava I, Schmitt CA. Daratumumab & ITP: \\<a> novel option? *Blood Cells Mol Dis*."
    )
    assert (
        lines[1]
        == "2. Trial\\_page \\*one\\*. Accessed May 9, 2025. <https://example.org/?a=1&b=2>"
    )


def test_latex_output() -> None:
    latex = mi_refs.render(mi_refs.loads(ARTICLE), style="ama", format="latex")
    assert latex.startswith("\\begin{thebibliography}{2}\n\\bibitem{vernava2023} Vernava I")
    assert "Daratumumab \\& ITP" in latex
    assert "\\emph{Blood Cells Mol Dis}." in latex
    assert latex.endswith("\\end{thebibliography}\n")


def test_order_from_a_registry() -> None:
    bib = mi_refs.loads(ARTICLE)
    registry = mi_refs.CitationRegistry(["page", "vernava2023"])
    text = mi_refs.render(bib, order=registry, options=HouseOptions(doi=False))
    assert text.startswith("1. Trial_page")
    assert text.splitlines()[1].startswith("2. Vernava I")
    with pytest.raises(mi_refs.InvalidArgumentError, match="nope"):
        mi_refs.render(bib, order=["nope"])


def test_unknown_style_and_format() -> None:
    bib = mi_refs.loads(ARTICLE)
    with pytest.raises(mi_refs.UnknownStyleError, match="known: ama, ama11, nlm, vancouver"):
        mi_refs.render(bib, style="apa")
    with pytest.raises(mi_refs.UnknownFormatError, match="docx"):
        mi_refs.render(bib, format="docx")


def test_format_reference_alone() -> None:
    reference = mi_refs.loads(ARTICLE)["vernava2023"]
    assert mi_refs.format_reference(
        reference, "vancouver", options=HouseOptions(doi=False)
    ).endswith("Blood Cells Mol Dis. 2023;99:102724.")


def test_house_options_validate() -> None:
    with pytest.raises(ValueError, match="et_al_min"):
        HouseOptions(et_al_min=0)
    with pytest.raises(ValueError, match="unknown house option"):
        HouseOptions.from_mapping({"dois": False})


def test_entries_with_missing_fields_still_render() -> None:
    bib = mi_refs.loads("@article{bare, author = {Smith, John}, year = 2020}")
    assert bib.problems
    assert mi_refs.render(bib) == "1. Smith J. 2020.\n"


def test_seed_references_render_as_the_letter_without_its_errors() -> None:
    """references.bib in the house style (no DOIs) reads like the seed letter's list, with
    the confirmed corrections (journal of 4, abbreviations of 9 and 14, authors of 3 and 20,
    U+2010 hyphens, [abstract] on every meeting abstract)."""
    bib = mi_refs.load(ROOT / "references.bib")
    rendered = mi_refs.render(bib, style="ama", options=HouseOptions(doi=False))
    expected = (FIXTURES / "seed-expected-ama.txt").read_text(encoding="utf-8")
    assert rendered == expected


def test_as_printed_data_reproduces_the_letter_s_print() -> None:
    """An independent check of the AMA renderer: the seed letter's list, transcribed as
    data (seed-as-printed.bib), renders to the letter's own printed lines, except where
    the print itself breaks the style (supplement spellings, #20's malformed authors)."""
    bib = mi_refs.load(FIXTURES / "seed-as-printed.bib")
    rendered = mi_refs.render(bib, style="ama", options=HouseOptions(doi=False)).splitlines()
    printed = (FIXTURES / "seed-letter-references.txt").read_text(encoding="utf-8").splitlines()
    differing = {
        n + 1
        for n, (ours, theirs) in enumerate(zip(rendered, printed, strict=True))
        if ours != theirs
    }
    assert differing == {2, 3, 20}
    assert printed[1].replace("(suppl_2)", "(suppl 2)") == rendered[1]
    assert printed[2].replace("6 (Suppl_1)", "6(suppl 1)") == rendered[2]


def test_compiled_templates_agree_with_the_node_evaluation() -> None:
    """Styles compile their templates once; the result must be what the template nodes
    themselves evaluate to, for every kind in both styles."""
    from mi_refs.styles import get_style
    from mi_refs.styles.backends import get_backend
    from mi_refs.styles.template import render_segments, to_rich_text

    bib = mi_refs.load(FIXTURES / "messy.bib")
    for name in ("ama", "vancouver"):
        style = get_style(name)
        templates = style.templates()
        for reference in bib:
            context = style.context(reference)
            context["reference"] = reference
            by_nodes = templates[reference.kind].format_data(context)
            assert style.segments(reference) == by_nodes
            html = get_backend("html")
            assert render_segments(by_nodes, html) == to_rich_text(by_nodes).render(html)


def test_render_numbers_every_entry_read() -> None:
    text = (
        "@article{a, title={A}, journal={J}, year=2020}\n"
        "@artcle{b, title={B}, journal={J}, year=2020}\n"
        "@article{, title={C}, journal={J}, year=2020}\n"
        "@article{d, title={D}, title={E}, journal={J}, year=2020}\n"
        "@mastersthesis{e, title={E}, school={S}, year=2020}\n"
    )
    lines = mi_refs.render(mi_refs.loads(text)).splitlines()
    assert [line[:5] for line in lines] == ["1. A.", "2. B.", "3. C.", "4. D.", "5. E."]


def test_note_option_and_export_metadata() -> None:
    entry = "@article{k, title={T}, journal={J}, year=2020, note={Cited By :3. Erratum in: J 2021}}"
    bib = mi_refs.loads(entry)
    assert mi_refs.render(bib) == "1. T. J. 2020. Erratum in: J 2021.\n"
    assert mi_refs.render(bib, options=HouseOptions(note=False)) == "1. T. J. 2020.\n"


def test_pmid_option() -> None:
    bib = mi_refs.loads("@article{k, title={T}, journal={J}, year=2020, pmid={123}}")
    assert mi_refs.render(bib, style="vancouver") == "1. T. J. 2020. PubMed PMID: 123.\n"
    off = HouseOptions(pmid=False)
    assert mi_refs.render(bib, style="vancouver", options=off) == "1. T. J. 2020.\n"
    assert mi_refs.render(bib, style="ama") == "1. T. J. 2020.\n"


def test_latex_keys_are_inert() -> None:
    bib = mi_refs.loads("@misc{a%b#c_d&e, title = {T}, year = 2020}")
    latex = mi_refs.render(bib, format="latex")
    assert "\\bibitem{a-b-c_d-e}" in latex
    assert "%" not in latex.split("\\bibitem")[1].split("}")[0]


UNREADABLE = """@article{a,
  author = {Smith, J}, title = {First}, journal = {Blood}, year = {2020}, volume = {1},
  pages = {1--2},
}

@article{b,
  title = {Broken

@article{c,
  author = {Doe, J}, title = {Third}, journal = {Blood}, year = {2021}, volume = {2},
  pages = {3--4},
}
"""


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "latex"])
def test_an_unreadable_entry_keeps_its_number(fmt: str) -> None:
    """Issue #15: render renumbered silently (entry c became 2); now the unreadable entry
    keeps its place as a visible placeholder naming the problem."""
    out = mi_refs.render(mi_refs.loads(UNREADABLE), format=fmt)
    assert "entry b on line 6 cannot be read: " in out
    assert "a brace is never closed" in out
    assert out.index("entry b on line 6") < out.index("Third") and out.index("First") < out.index(
        "entry b"
    )
    if fmt in {"text", "markdown"}:
        assert out.splitlines()[2].startswith("3. Doe J")


def test_a_document_s_order_has_no_placeholders() -> None:
    out = mi_refs.render(mi_refs.loads(UNREADABLE), order=["c", "a"])
    assert out.splitlines() == [
        "1. Doe J. Third. Blood. 2021;2:3-4.",
        "2. Smith J. First. Blood. 2020;1:1-2.",
    ]
