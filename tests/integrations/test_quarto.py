"""The Quarto extension (issue 20 item 2): ``_extensions/mi-refs`` is a filter extension
whose Lua shim pipes the document through ``mi-refs-pandoc``.

Quarto's CLI does not install here (PyPI's ``quarto-cli`` is a source package that
downloads the Quarto binary while it builds, and there is no network but the package
registries), so the extension's filter is run the way Quarto runs it, by pandoc: the shim
with ``--lua-filter`` on the example project's ``letter.qmd``. When a ``quarto`` is on
PATH the example project is rendered with it too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

import mi_refs

from ..conftest import ROOT
from ..pandoc_helpers import clean_env, filter_script, needs_pandoc, pandoc_path

EXTENSION = ROOT / "_extensions" / "mi-refs"
EXAMPLE = ROOT / "docs" / "examples" / "quarto"


def test_the_extension_declares_its_filter() -> None:
    declared = yaml.safe_load((EXTENSION / "_extension.yml").read_text(encoding="utf-8"))
    assert declared["title"] == "mi-refs"
    filters = declared["contributes"]["filters"]
    assert filters == ["mi-refs.lua"]
    shim = (EXTENSION / filters[0]).read_text(encoding="utf-8")
    assert "pandoc.pipe" in shim
    assert '"mi-refs-pandoc"' in shim
    front = (EXAMPLE / "letter.qmd").read_text(encoding="utf-8").split("---")[1]
    metadata = yaml.safe_load(front)
    assert metadata["filters"] == ["mi-refs"]
    assert metadata["citeproc"] is False


def _superscripts(path: Path) -> list[str]:
    return [
        run.text
        for paragraph in docx.Document(str(path)).paragraphs
        for run in paragraph.runs
        if run.font.superscript and run.text.strip()
    ]


def _shim(folder: Path, scripts: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """pandoc in ``folder`` with the extension's shim; the filter script in ``scripts``."""
    script = filter_script(scripts)
    env = {**clean_env(), "MI_REFS_PANDOC": str(script)}
    pandoc = pandoc_path()
    assert pandoc is not None
    return subprocess.run(
        [pandoc, *args, "--lua-filter", str(EXTENSION / "mi-refs.lua")],
        capture_output=True,
        cwd=folder,
        env=env,
        check=False,
        timeout=120,
    )


@needs_pandoc
def test_the_example_project_through_the_shim_equals_cite(tmp_path: Path) -> None:
    """``letter.qmd`` (its YAML bibliography, the repository's house settings) to Word
    through the extension's Lua shim: the superscripts and list of ``mi-refs cite``."""
    out = tmp_path / "letter.docx"
    done = _shim(EXAMPLE, tmp_path, "-f", "markdown", "letter.qmd", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    cited = mi_refs.cite_file(EXAMPLE / "letter.qmd").text
    body, listing = cited.split("::: {#refs}")
    want = re.findall(r"\^([^\s^]+)\^", body)
    assert want == ["1", "2", "3(p3978)", "4-6", "3"]
    assert _superscripts(out) == want
    items = [
        re.sub(r"\\(.)", r"\1", line.split(". ", 1)[1].replace("*", ""))
        for line in listing.splitlines()
        if re.match(r"\d+\. ", line)
    ]
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paragraphs[-len(items) :] == items
    assert len(items) == 6


@needs_pandoc
def test_a_failing_filter_stops_the_render_with_its_message(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(
        "@article{a, author = {Shino, Mai}, title = {Beta}, journal = {J}, year = 2022}\n",
        encoding="utf-8",
    )
    (tmp_path / "letter.qmd").write_text(
        "---\nbibliography: refs.bib\n---\n\nX [@a; @nope].\n", encoding="utf-8"
    )
    done = _shim(tmp_path, tmp_path, "-f", "markdown", "letter.qmd", "-o", "out.html")
    assert done.returncode != 0
    said = done.stderr.decode()
    assert "[nope] error: undefined citation key 'nope'" in said
    assert "mi-refs" in said
    assert not (tmp_path / "out.html").exists()


@pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="no Quarto CLI (PyPI's quarto-cli downloads its binary while installing; "
    "the extension is tested through pandoc above)",
)
def test_quarto_renders_the_example_project(tmp_path: Path) -> None:  # pragma: no cover
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    shutil.copytree(EXTENSION, project / "_extensions" / "mi-refs")
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    text = (project / "letter.qmd").read_text(encoding="utf-8")
    (project / "letter.qmd").write_text(
        text.replace("../../../references.bib", "../references.bib"), encoding="utf-8"
    )
    env = {**os.environ, "MI_REFS_PANDOC": str(filter_script(tmp_path))}
    done = subprocess.run(
        ["quarto", "render", "letter.qmd", "--to", "docx"],
        cwd=project, env=env, capture_output=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert _superscripts(project / "letter.docx") == ["1", "2", "3(p3978)", "4-6", "3"]
