"""The pandoc filter ``mi-refs-pandoc`` (issue 20 item 1) run by the real pandoc binary:
the example letter to Word equals ``mi-refs cite``'s (superscripts and list, read back with
python-docx), the document's metadata honoured, undefined keys refused with a non-zero
exit. The conformance suite through the filter is ``tests/conformance/test_pandoc_filter.py``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

import mi_refs

from ..conformance.test_pandoc_citations import case_bib_text, load_cases
from ..conftest import ROOT
from ..pandoc_helpers import clean_env, filter_script, needs_pandoc, pandoc

pytestmark = needs_pandoc

BIB = """@article{a, author = {Vernava, Ilaria and Schmitt, Clemens A.}, title = {Alpha study},
  journal = {Blood}, year = 2023, volume = 1, pages = {1--2}, doi = {10.1000/alpha}}
@article{b, author = {Shino, Mai}, title = {Beta study}, journal = {Blood}, year = 2022}
@article{c, author = {Crickx, Etienne}, title = {Gamma study}, journal = {Blood}, year = 2021}
"""


def superscript_runs(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [
        run.text
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run.font.superscript and run.text.strip()
    ]


def list_paragraphs(path: Path) -> list[str]:
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    return paragraphs[paragraphs.index("References") + 1 :]


def run_pandoc(folder: Path, *args: str, data: bytes = b"") -> tuple[int, str]:
    script = filter_script(folder)
    done = pandoc(*args, "--filter", str(script), data=data, cwd=folder)
    return done.returncode, done.stderr.decode()


def test_the_example_letter_to_word_equals_cite(tmp_path: Path) -> None:
    """``pandoc letter.md --filter mi-refs-pandoc -o letter.docx`` on the example letter
    (docs/examples/letter.md, the project's references.bib and house settings, as
    ``mi-refs cite`` uses them): the same superscripts and the same list."""
    for name in ("pyproject.toml", "references.bib"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "docs" / "examples" / "letter.md", tmp_path / "letter.md")
    code, said = run_pandoc(tmp_path, "letter.md", "-o", "letter.docx")
    assert code == 0, said
    assert said == ""
    cited = (ROOT / "docs" / "examples" / "letter.cited.md").read_text(encoding="utf-8")
    by_cite = re.findall(r"\^([^\s^]+)\^", cited.split("## References")[0])
    assert by_cite[0] == "1"
    assert len(by_cite) == 12
    assert superscript_runs(tmp_path / "letter.docx") == by_cite
    listed = [  # cite's Markdown list as text: no emphasis marks, no escapes
        re.sub(r"\\(.)", r"\1", line.split(". ", 1)[1].replace("*", ""))
        for line in cited.split("## References")[1].splitlines()
        if re.match(r"\d+\. ", line)
    ]
    assert len(listed) == 20
    assert list_paragraphs(tmp_path / "letter.docx") == listed
    # and the same Word file as pandoc makes of cite's Markdown
    converted = pandoc("letter.cited.md", "-o", str(tmp_path / "cited.docx"),
                       cwd=ROOT / "docs" / "examples")  # fmt: skip
    assert converted.returncode == 0
    # (pandoc reading cite's Markdown puts a no-break space after "et al.": smart typography)
    assert [
        p.text.replace("\u00a0", " ")
        for p in docx.Document(str(tmp_path / "cited.docx")).paragraphs
    ] == [p.text for p in docx.Document(str(tmp_path / "letter.docx")).paragraphs]


def _letter(folder: Path, metadata: str, body: str) -> Path:
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    letter = folder / "letter.md"
    letter.write_text(f"---\n{metadata}\n---\n\n{body}\n", encoding="utf-8")
    return letter


def _html(folder: Path, metadata: str, body: str) -> tuple[int, str, str]:
    _letter(folder, metadata, body)
    code, said = run_pandoc(folder, "letter.md", "-t", "html", "--wrap=none", "-o", "out.html")
    out = folder / "out.html"
    return code, out.read_text(encoding="utf-8") if out.exists() else "", said


def test_nocite_suppress_link_and_title(tmp_path: Path) -> None:
    code, page, said = _html(
        tmp_path,
        "bibliography: refs.bib\nnocite: '@c'\nlink-citations: true\n"
        "reference-section-title: Sources",
        "Seen [@b]. Later [see @a, p. 4 and *passim*].",
    )
    assert code == 0, said
    assert 'Seen.<sup><a href="#ref-b">1</a></sup>' in page
    assert 'Later see<sup><a href="#ref-a">2(p4)</a></sup> and <em>passim</em>.' in page
    assert "<h2>Sources</h2>" in page
    assert page.index("Beta study") < page.index("Alpha study") < page.index("Gamma study")
    assert 'id="ref-c"' in page
    code, page, said = _html(
        tmp_path, "bibliography: refs.bib\nsuppress-bibliography: true", "Seen [@b]."
    )
    assert code == 0, said
    assert "Seen.<sup>1</sup>" in page
    assert "Beta study" not in page


def test_the_refs_div_and_the_markdown_writer(tmp_path: Path) -> None:
    _letter(tmp_path, "bibliography: refs.bib", "Seen [@b].\n\n::: {#refs}\n# Cited\n:::\n\nEnd.")
    code, said = run_pandoc(tmp_path, "letter.md", "-t", "markdown", "-o", "out.md")
    assert code == 0, said
    out = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert out.index("# Cited") < out.index("Beta study") < out.index("End.")
    code, said = run_pandoc(tmp_path, "letter.md", "-t", "html", "-o", "out.html")
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert '<div id="refs"' in page
    assert page.index("Cited") < page.index("Beta study") < page.index("End.")


def test_styles_house_options_and_what_is_not_honoured(tmp_path: Path) -> None:
    code, page, said = _html(
        tmp_path,
        "bibliography: refs.bib\ncsl: american-medical-association.csl\n"
        "mi-refs:\n  doi: false\nreferences:\n- id: x\nlang: de-DE",
        "@a said so.",
    )
    assert code == 0, said
    assert "Vernava and Schmitt (2023)<sup>1</sup> said so." in page
    assert "doi:10.1000/alpha" not in page
    assert "not honoured: inline YAML references" in said
    assert "not honoured: lang: de-DE" in said
    code, page, said = _html(tmp_path, "bibliography: refs.bib\ntitle: On [@b]", "X [@a].")
    assert code == 0, said
    assert "the citations in the metadata field 'title' are left as typed" in said
    code, page, said = _html(tmp_path, "bibliography: refs.bib\ncsl: vancouver.csl", "X [@a].")
    assert code == 0, said
    assert "Vernava I, Schmitt CA. Alpha study. Blood. 2023;1:1-2." in page
    code, page, said = _html(tmp_path, "bibliography: refs.bib\ncsl: apa.csl", "X [@a].")
    assert code == 0
    assert "not honoured: csl: apa.csl" in said
    code, _, said = _html(tmp_path, "bibliography: refs.bib\nmi-refs:\n  dois: false", "X [@a].")
    assert code != 0
    assert "dois" in said


def test_undefined_keys_stop_pandoc_and_are_named(tmp_path: Path) -> None:
    _letter(tmp_path, "bibliography: refs.bib", "X [@a; @nope]. Y [@zz].")
    code, said = run_pandoc(tmp_path, "letter.md", "-o", "out.docx")
    assert code != 0
    assert "[nope] error: undefined citation key 'nope'" in said
    assert "[zz] error: undefined citation key 'zz'" in said
    assert not (tmp_path / "out.docx").exists()


def test_a_missing_bibliography_is_named(tmp_path: Path) -> None:
    _letter(tmp_path, "bibliography: gone.bib", "X [@a].")
    code, said = run_pandoc(tmp_path, "letter.md", "-o", "out.html")
    assert code != 0
    assert "gone.bib: the bibliography named by the document's metadata does not exist" in said


def test_the_console_script_is_declared() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'mi-refs-pandoc = "mi_refs.pandoc.main:run"' in text


WORD_CASES = [
    "manual-cluster-three",
    "manual-prefix-locator-suffix",
    "cmd-author-in-text-suffix",
    "mdcit-locator-list-suffix",
    "manual-nocite-items",
    "refs-div-heading-inside",
]


@pytest.mark.parametrize("case_id", WORD_CASES)
def test_conformance_cases_to_word(case_id: str, tmp_path: Path) -> None:
    """A sample of the conformance cases written to .docx: the superscript runs are
    ``mi-refs cite``'s clusters (the whole suite runs to Markdown and HTML)."""
    case = next(c for c in load_cases() if c["id"] == case_id)
    (tmp_path / "refs.bib").write_text(case_bib_text(case), encoding="utf-8")
    (tmp_path / "case.md").write_text(case["markdown"], encoding="utf-8")
    code, said = run_pandoc(tmp_path, "case.md", "-M", "bibliography=refs.bib", "-o", "case.docx")
    assert code == 0, said
    bib = mi_refs.loads(case_bib_text(case), "refs.bib")
    by_cite = mi_refs.cite_text(case["markdown"], bib, settings=False).text
    want = [re.sub(r"\\(.)", r"\1", m) for m in re.findall(r"\^((?:\\.|[^\s^\\])+)\^", by_cite)]
    assert superscript_runs(tmp_path / "case.docx") == want


def test_the_filter_runs_as_a_console_script(tmp_path: Path) -> None:
    """The script pandoc runs: JSON in, JSON out, exit 0; --help."""
    _letter(tmp_path, "bibliography: refs.bib", "X [@a].")
    read = pandoc("letter.md", "-t", "json", cwd=tmp_path)
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mi_refs.pandoc.main", "html"],
        input=read.stdout,
        capture_output=True,
        cwd=tmp_path,
        env=clean_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b'"Superscript"' in done.stdout
