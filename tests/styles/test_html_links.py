"""HTML that links (issue 20 item 4): superscripts of HTML letters link to their list
items (settings ``link-citations``, ``Options(link=...)``); DOIs and PMIDs link to their
resolvers; ``render --format html --standalone`` writes a whole page. Hostile input:
tests/hostile/test_html_links.py."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main

ROOT = Path(__file__).resolve().parents[2]
BIB = (
    "@article{vernava2023, author = {Vernava, I and Schmitt, CA}, title = {Daratumumab as "
    "a novel treatment option in refractory ITP}, journal = {Blood Cells Mol Dis}, "
    "year = 2023, volume = 99, pages = {102724}, doi = {10.1016/j.bcmd.2023.102724}, "
    "pmid = {36669360}}\n"
    "@article{hu2024, author = {Hu, Y}, title = {Early response}, journal = {Br J Haematol},"
    " year = 2024, volume = 205, pages = {300--305}}\n"
)
LETTER = "<p>First [@vernava2023; @hu2024]. Then [@hu2024].</p>\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out, err), out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "letter.html").write_text(LETTER, encoding="utf-8")
    return tmp_path


def test_superscripts_link_to_their_first_item_by_default(project: Path) -> None:
    code, out, err = run("cite", "letter.html")
    assert code == 0, err
    assert out.startswith(
        '<p>First.<sup><a href="#ref-vernava2023">1,2</a></sup> '
        'Then.<sup><a href="#ref-hu2024">2</a></sup></p>'
    )
    assert '<li id="ref-vernava2023">' in out and '<li id="ref-hu2024">' in out
    Path("cited.html").write_text(out, encoding="utf-8")
    code, report, _ = run(
        "check", "--doc", "cited.html", "--offline", "--no-cache", "--format", "json"
    )
    documents = json.loads(report)["documents"]
    assert documents == [
        {"path": "cited.html", "findings": [], "listed": ["vernava2023", "hu2024"]}
    ]


def test_link_citations_false_in_the_settings_turns_it_off(project: Path) -> None:
    (project / "mi-refs.toml").write_text("link-citations = false\n", encoding="utf-8")
    code, out, _ = run("cite", "letter.html")
    assert code == 0 and out.startswith("<p>First.<sup>1,2</sup> Then.<sup>2</sup></p>")
    text = (project / "letter.html").read_text(encoding="utf-8")
    bib = mi_refs.load(project / "references.bib")
    assert "<sup>1,2</sup>" in mi_refs.cite_text(text, bib, format="html").text  # API: same
    on = mi_refs.cite_text(text, bib, format="html", options=mi_refs.Options(link=True)).text
    assert '<sup><a href="#ref-vernava2023">1,2</a></sup>' in on


@pytest.mark.parametrize("value", ['"no"', "1"])
def test_link_citations_must_be_true_or_false(project: Path, value: str) -> None:
    (project / "mi-refs.toml").write_text(f"link-citations = {value}\n", encoding="utf-8")
    code, _, err = run("cite", "letter.html")
    assert code == 2 and "link-citations must be true or false" in err


def test_markdown_and_text_letters_are_not_linked(project: Path) -> None:
    bib = mi_refs.load(project / "references.bib")
    assert "^1^" in mi_refs.cite_text("A [@hu2024].\n", bib).text
    html = mi_refs.cite_text("A [@hu2024].\n", bib, options=mi_refs.Options(superscript="html"))
    assert "<sup>1</sup>" in html.text  # a Markdown list has no item anchors


def test_dois_and_pmids_link_to_their_resolvers(project: Path) -> None:
    code, out, _ = run("render", "--format", "html", "--style", "vancouver", "--doi")
    assert code == 0
    assert (
        'doi: <a href="https://doi.org/10.1016/j.bcmd.2023.102724">10.1016/j.bcmd.2023.102724</a>'
        '. PubMed PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/36669360/">36669360</a>.'
    ) in out
    code, out, _ = run("render", "--format", "html", "--doi")
    assert 'doi:<a href="https://doi.org/10.1016/j.bcmd.2023.102724">' in out  # AMA
    code, text, _ = run("render", "--doi", "--style", "vancouver")
    assert "doi: 10.1016/j.bcmd.2023.102724. PubMed PMID: 36669360." in text


def test_render_standalone_writes_a_whole_page(project: Path) -> None:
    code, out, err = run("render", "--format", "html", "--standalone", "--title", "ITP & CD38")
    assert code == 0, err
    assert out.startswith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert "<title>ITP &amp; CD38</title>" in out and "<h1>ITP &amp; CD38</h1>" in out
    assert "@media print" in out and '<ol class="references">' in out
    assert out.rstrip().endswith("</html>")
    code, _, _ = run("render", "-o", "refs.html", "--standalone")  # the suffix says HTML
    page = (project / "refs.html").read_text(encoding="utf-8")
    assert code == 0 and "<title>References</title>" in page
    bib = mi_refs.load(project / "references.bib")
    assert mi_refs.render(bib, format="html", standalone=True, title="ITP & CD38") == out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--standalone"], "--standalone: only for HTML (--format html), not text"),
        (["--format", "markdown", "--standalone"], "only for HTML"),
        (["--format", "html", "--title", "x"], "--title: only with --standalone"),
    ],
)
def test_standalone_is_for_html_only(project: Path, argv: list[str], message: str) -> None:
    code, out, err = run("render", *argv)
    assert (code, out) == (2, "") and message in err


def test_the_api_refuses_standalone_for_other_formats(project: Path) -> None:
    bib = mi_refs.load(project / "references.bib")
    with pytest.raises(mi_refs.InvalidArgumentError, match="standalone=True is for format='html'"):
        mi_refs.render(bib, standalone=True)
    with pytest.raises(mi_refs.InvalidArgumentError, match="title must be text"):
        mi_refs.render(bib, format="html", standalone=True, title=3)  # type: ignore[arg-type]
