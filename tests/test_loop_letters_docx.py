"""``cite`` twice is ``cite`` once for Word letters, over the whole citation conformance
suite (STYLE.md 19): each case as a Word letter (``tests.conftest.build_docx``: a
paragraph a line), cited, then cited again, gives the same bytes. The Markdown and HTML
halves, and CI's agreement with ``cite``, are in ``test_loop_letters.py``; ``check --doc``
accepting what ``cite`` wrote in Word is ``tests/conformance/test_cite_then_check.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import mi_refs
from tests.conformance import test_pandoc_citations as conformance

from .conftest import build_docx

CASES = [
    pytest.param(case, id=case["id"])
    for case in conformance.load_cases()
    if not case.get("undefined")
]


@pytest.mark.parametrize("case", CASES)
def test_citing_a_cited_word_letter_again_changes_nothing(
    case: dict[str, Any], tmp_path: Path
) -> None:
    bib = mi_refs.loads(conformance.case_bib_text(case), "refs.bib")
    source = build_docx(case["markdown"], tmp_path / "letter.docx")
    try:
        once = mi_refs.cite_docx(source, bib).content
    except mi_refs.UndefinedCitationError:
        pytest.skip("Markdown-only syntax: as Word text it cites keys the .bib lacks")
    assert isinstance(once, bytes)
    assert mi_refs.cite_docx(once, bib).content == once


def test_the_suite_is_whole() -> None:
    assert len(CASES) >= 165
