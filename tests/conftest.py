"""Shared test helpers: paths to fixtures and a loader for BibTeX written inline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import mi_refs

# Property tests judge what a function returns, never how fast: on a loaded machine (CI
# runners, several suites at once) hypothesis's default 200 ms deadline and its too-slow
# health check fail correct code. Each test may still set its own example count.
settings.register_profile("mi-refs", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("mi-refs")

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


SUPERSCRIPT = re.compile(r"\^([^^\s]+)\^")  # pandoc's ^1^ markup in test letters


def build_docx(markdown: str, path: Path) -> Path:
    """A Word letter from Markdown-ish text: each non-empty line a paragraph, ``^...^``
    spans superscript runs (as a writer types a finished letter)."""
    import docx

    document = docx.Document()
    for line in markdown.splitlines():
        if not line.strip():
            continue
        paragraph = document.add_paragraph()
        position = 0
        for match in SUPERSCRIPT.finditer(line):
            paragraph.add_run(line[position : match.start()])
            paragraph.add_run(match.group(1)).font.superscript = True
            position = match.end()
        paragraph.add_run(line[position:])
    document.save(str(path))
    return path


def one(bibtex: str) -> mi_refs.Reference:
    """The single reference of a BibTeX snippet (asserting it loaded without problems)."""
    bib = mi_refs.loads(bibtex)
    assert not bib.problems, [str(problem) for problem in bib.problems]
    assert len(bib) == 1
    return bib.references[0]


@pytest.fixture(autouse=True, scope="session")
def _private_cache_directory(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never write to the user's cache directory (platformdirs reads XDG_CACHE_HOME)
    and never reach the real registries: unless a test points them at its local fake,
    the base URLs lead to a closed port on this machine."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    os.environ["MI_REFS_PUBMED_URL"] = "http://127.0.0.1:9/eutils"
    os.environ["MI_REFS_CROSSREF_URL"] = "http://127.0.0.1:9/crossref"
    os.environ["MI_REFS_CTGOV_URL"] = "http://127.0.0.1:9/ctgov"
    os.environ["MI_REFS_DAILYMED_URL"] = "http://127.0.0.1:9/dailymed"
