"""The seed letter built as a Word document (superscript runs) passes the numbering
check; versions with seeded faults are each caught, at their paragraph."""

import dataclasses
from pathlib import Path

import pytest

import mi_refs

from ..conftest import FIXTURES, ROOT, build_docx

SEED = (FIXTURES / "documents" / "seed-letter.md").read_text(encoding="utf-8")


def serious(report: mi_refs.CheckReport) -> list[tuple[str, str | None]]:
    return [
        (f.severity.value, f.location)
        for f in report.findings()
        if f.severity is not mi_refs.Severity.INFO
    ]


def check(path: Path) -> mi_refs.CheckReport:
    bib = mi_refs.load(ROOT / "references.bib")
    report = mi_refs.check(bib, online=False, use_cache=False)
    return dataclasses.replace(report, documents=mi_refs.check_documents([path], bib))


def test_the_seed_letter_as_word_passes(tmp_path: Path) -> None:
    report = check(build_docx(SEED, tmp_path / "seed.docx"))
    (document,) = report.documents
    assert [(f.severity.value, f.code) for f in document.findings] == [
        ("warning", "citation")
    ]  # study:^3,20^
    assert "colon" in document.findings[0].message


@pytest.mark.parametrize(
    ("fault", "old", "new"),
    [
        ("two-numbers-swapped", "Strüßmann et al (2024)^2^", "Strüßmann et al (2024)^3^"),
        ("reference-never-cited", "referenced below.^19^", "referenced below."),
        ("number-beyond-the-list", "referenced below.^19^", "referenced below.^21^"),
        ("en-dash-run", "referenced below.^4-15^", "referenced below.^4–15^"),
        ("superscript-before-period", "referenced below.^4-15^", "referenced below^4-15^."),
        ("two-numbers-as-a-run", "Strüßmann et al (2024)^2^", "Strüßmann et al (2024)^1-2^"),
    ],
)
def test_a_seeded_fault_is_caught(tmp_path: Path, fault: str, old: str, new: str) -> None:
    assert old in SEED
    report = check(build_docx(SEED.replace(old, new, 1), tmp_path / f"{fault}.docx"))
    new_problems = [f for f in report.documents[0].findings if "colon" not in f.message]
    assert new_problems, fault
    assert all(f.location and f.location.startswith("paragraph ") for f in new_problems)
    warnings_only = {"superscript-before-period"}  # a reference never cited is an error
    assert mi_refs.exit_code(report) == (0 if fault in warnings_only else 1)
