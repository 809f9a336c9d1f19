"""What cite writes, check accepts: ``cite`` then ``check --doc`` gives no finding.

A property over the whole citation conformance suite (``citations/cases.toml``, inputs
from pandoc's and citeproc's tests): each case is cited with the suite's .bib (which holds
far more entries than any case cites: entries a letter does not cite never fail it) and the
result is checked as a finished letter, in three formats:

- Markdown: the case as it is;
- HTML: each of its paragraphs (blank-line separated) an escaped ``<p>``;
- Word: each of its non-empty lines a paragraph (``tests.conftest.build_docx``).

Cases whose keys are not in the .bib (``undefined``) are not cited, so not checked; nor,
in HTML and Word, the few whose Markdown-only syntax is plain text there and then cites
keys the .bib lacks (``$[@x]$`` math, ``[@*]`` of nocite, a URL key whose ``&`` HTML
escapes): citing them refuses, as it must.
``ACCEPTED_FINDINGS`` lists the cases whose findings are right: they list references the
letter never cites, on purpose (pandoc's ``nocite``), which a finished letter must not do.
``tools/citation_conformance.py`` reports the counts.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from tests.conformance import test_pandoc_citations as conformance

from ..conftest import build_docx

KINDS = ("markdown", "html", "docx")

# (case id, kind): listed with nocite, never cited - an error in a finished letter
ACCEPTED_FINDINGS: frozenset[tuple[str, str]] = frozenset(
    (case, "markdown")
    for case in (
        "manual-nocite-items",
        "manual-nocite-wildcard",
        "cmd-8354-nocite-wildcard-brackets",
    )
)


def as_html(markdown: str) -> str:
    """The case as an HTML letter: one escaped ``<p>`` per paragraph."""
    paragraphs = [p for p in re.split(r"\n\s*\n", markdown) if p.strip()]
    body = "\n".join(f"<p>{html.escape(p.strip(), quote=False)}</p>" for p in paragraphs)
    return f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n"


def cite_then_check(case: dict[str, Any], kind: str, directory: Path) -> list[str] | None:
    """The findings of ``check --doc`` on the cited case (messages), ``None`` when the case
    is not cited (undefined keys)."""
    if case.get("undefined"):
        return None
    bib = mi_refs.loads(conformance.case_bib_text(case), "refs.bib")
    try:
        letter = _cite(case, kind, bib, directory)
    except mi_refs.UndefinedCitationError:
        if kind == "markdown":
            raise
        return None
    (report,) = mi_refs.check_documents([letter], bib)
    return [f"{f.severity.value}: {f.message}" for f in report.findings]


def _cite(case: dict[str, Any], kind: str, bib: mi_refs.Bibliography, directory: Path) -> Path:
    if kind == "docx":
        source = build_docx(case["markdown"], directory / "source.docx")
        letter = directory / "letter.docx"
        letter.write_bytes(mi_refs.cite_docx(source, bib).content)  # type: ignore[arg-type]
    else:
        text = case["markdown"] if kind == "markdown" else as_html(case["markdown"])
        letter = directory / ("letter.md" if kind == "markdown" else "letter.html")
        cited = mi_refs.cite_text(text, bib, format=kind)  # type: ignore[arg-type]
        letter.write_text(cited.text, encoding="utf-8")
    return letter


def _params() -> list[Any]:
    return [
        pytest.param(case, kind, id=f"{kind}-{case['id']}")
        for kind in KINDS
        for case in conformance.load_cases()
        if not case.get("undefined")
    ]


@pytest.mark.parametrize(("case", "kind"), _params())
def test_check_accepts_what_cite_writes(case: dict[str, Any], kind: str, tmp_path: Path) -> None:
    findings = cite_then_check(case, kind, tmp_path)
    if findings is None:
        pytest.skip("Markdown-only syntax: as text it cites keys the .bib lacks")
    if (case["id"], kind) in ACCEPTED_FINDINGS:
        uncited = ("never cited", "no citation superscripts")
        assert findings, "a listed reference is never cited: check must say so"
        assert all(any(words in f for words in uncited) for f in findings), findings
    else:
        assert findings == [], "\n".join(findings or [])
