"""Published reference examples (AMA 11, NLM/Citing Medicine) rendered with mi_refs.

The cases live in tests/conformance/styles/{ama,nlm}.toml, each typed from a public page
(see the README there). A case in KNOWN_FAILURES does not match today and is marked
``xfail(strict=True)``: when a fix makes it match, the test fails until its id is removed
from the set. `tools/style_conformance.py` prints the expected and rendered lines.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import mi_refs

CASES_DIR = Path(__file__).resolve().parent / "styles"
STYLE_FILES = {"ama": "ama.toml", "vancouver": "nlm.toml"}
NUMBER = re.compile(r"^\d+\.\s")

# Case ids that do not match today, per style (measured with tools/style_conformance.py).
KNOWN_FAILURES: dict[str, set[str]] = {
    "ama": {
        # `date` is the publication date (docs/bibtex.md); the page shows an update date.
        "web-page-updated",
        # AMA prints "ClinicalTrials.gov identifier ... Updated"; this page, for EudraCT,
        # "EudraCT Identifier ... Posted": the registries' own wording, not a data field.
        "trial-registry-eudract-posted",
    },
    "vancouver": {
        # Portsmouth prints a colon before the meeting's place (`1992 Sep 6-10: Geneva`);
        # Citing Medicine's samples and Murdoch's page use a semicolon (`2002 Apr 3-5;
        # Kinsdale, Ireland`), as mi-refs prints.
        "proceedings-paper",
        # Pretoria prints `et al, editors`; Citing Medicine writes `et al.` (as in every
        # author list of this suite).
        "up-book-editors-et-al",
    },
}


def load_cases(style: str) -> list[dict[str, Any]]:
    data = tomllib.loads((CASES_DIR / STYLE_FILES[style]).read_text(encoding="utf-8"))
    return list(data.get("case", []))


def house_options(values: dict[str, Any]) -> mi_refs.HouseOptions:
    """HouseOptions from a case's ``options``; names HouseOptions does not have are dropped."""
    known = {field.name for field in dataclasses.fields(mi_refs.HouseOptions)}
    return mi_refs.HouseOptions(**{k: v for k, v in values.items() if k in known})


def render_case(case: dict[str, Any], style: str) -> str:
    text = mi_refs.render(
        mi_refs.loads(case["bibtex"]),
        style=style,
        format="text",
        options=house_options(case.get("options", {})),
    )
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(NUMBER.sub("", line, count=1) for line in lines)


def params() -> list[Any]:
    out = []
    for style in STYLE_FILES:
        for case in load_cases(style):
            marks = []
            if case["id"] in KNOWN_FAILURES[style]:
                marks.append(pytest.mark.xfail(strict=True, reason="known difference"))
            out.append(pytest.param(style, case, id=f"{style}-{case['id']}", marks=marks))
    return out


@pytest.mark.parametrize(("style", "case"), params())
def test_published_example(style: str, case: dict[str, Any]) -> None:
    assert render_case(case, style) == case["expected"]


@pytest.mark.parametrize("style", list(STYLE_FILES))
def test_cases_are_well_formed(style: str) -> None:
    cases = load_cases(style)
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for case in cases:
        assert {"id", "source", "kind", "expected", "bibtex"} <= set(case), case.get("id")
        assert case["source"].startswith("http"), case["id"]
        assert not NUMBER.match(case["expected"]), case["id"]
    assert KNOWN_FAILURES[style] <= set(ids), "KNOWN_FAILURES names a case that does not exist"
