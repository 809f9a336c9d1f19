"""Issue 16, "Done when": ``fix`` applies every fixable finding of the issue, and ``fix
--apply`` then ``check`` is clean for them, held to the labelled sets' real entries (both
sides; sources in each label): every journal-name finding that suggests an abbreviation
(full titles, typos, prefixes, titles cut short, dotted abbreviations, older titles) and
every identifier carrying export debris (``[doi]``, ``http://dx.doi.org/...``, ``doi:``)
is written by ``fix --apply``, and a second ``check`` has none of them left. An entry with a
field given twice (a parse error) is left out: ``fix`` rightly leaves it as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from mi_refs.bibtex.canonical import IDENTIFIER_FIELDS
from mi_refs.check.offline import check_offline
from mi_refs.intake.fix import fix
from mi_refs.model import Finding

from .test_labelled_findings import SIDES, labelled

TODAY = dt.date(2026, 11, 1)
FIXED_FIELDS = {"journal", "shortjournal", *IDENTIFIER_FIELDS}


def fixable(findings: list[Finding]) -> list[Finding]:
    """The style findings of issue 16 that ``fix`` writes: a suggestion for the journal
    name or for an identifier's bare form."""
    return [
        finding
        for finding in findings
        if finding.code == "style"
        and finding.suggestion
        and (finding.field or "").lower() in FIXED_FIELDS
    ]


def cases() -> list[Any]:
    found = []
    for side in SIDES:
        for item in labelled(side):
            bibliography = mi_refs.loads(item["bib"])
            if any("is given twice" in problem.message for problem in bibliography.problems):
                continue  # fix leaves an entry whose text was not read as written (by design)
            if fixable(check_offline(bibliography, today=TODAY)):
                found.append(pytest.param(item, id=f"{side}-{item['key']}-{item['code']}"))
    return found


CASES = cases()


def test_the_loop_covers_both_kinds_of_fixable_finding() -> None:
    fields = set()
    for param in CASES:
        (item,) = param.values
        for finding in fixable(check_offline(mi_refs.loads(item["bib"]), today=TODAY)):
            fields.add((finding.field or "").lower())
    assert {"journal", "doi"} <= fields  # journal names and export debris
    assert len(CASES) >= 60


@pytest.mark.parametrize("item", CASES)
def test_fix_apply_then_check_is_clean(item: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "references.bib"
    path.write_text(item["bib"], encoding="utf-8")
    report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
    result = fix(mi_refs.load(path), report, apply=True)
    assert result.applied, item["key"]
    again = fixable(check_offline(mi_refs.load(path), today=TODAY))
    assert again == [], [(f.key, f.field, f.message) for f in again]
