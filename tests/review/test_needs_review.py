"""Needs review (issue 21): the numbers of a citing sentence looked up in the cited
abstract. Sentences from the seed letter (``shared/seed/daratumumab-itp-letter.txt``, as
marked up in ``tests/fixtures/documents/seed-letter.md``); abstracts from the real recorded
efetch answers of ``shared/fixtures/api`` and ``api2`` (provenance in their SOURCES.md).
The figures docs/report.md gives are computed here."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from mi_refs.registries.abstracts import abstracts_from_pubmed_xml
from mi_refs.review.numbers import abstract_sentences, claim_numbers, look_up

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "fixtures"


@pytest.mark.parametrize(
    ("sentence", "numbers"),
    [
        # seed letter, md line 8 (the narrative year and the superscript are no claims)
        ("Strüßmann et al (2024)^1^ reported a case series of 7 patients with refractory ITP "
         "treated with DARZALEX FASPRO.", ["7"]),
        # md line 55: a number word
        ("Twenty-one patients will be included.^20^", ["21"]),
        # md line 66: a unit (x10^9^/L) and the cluster are no claims
        ("Primary endpoint: platelet count ≥50x10^9^/L in 2 measurements 12 weeks after "
         "treatment initiation for safety run-in and cohort 1 and 16 weeks for cohort 2, "
         "without rescue therapy after week 8.^3,20^", ["50", "2", "12", "1", "16", "8"]),
        # md line 74: a date is no claim
        ("As of February 01, 2022, all 3 patients in the safety run-in completed treatment.^3^",
         ["3"]),
        # the letter's own text, as printed (glued superscripts: the plain .txt letter)
        ("The median age of the patients was 61 (range, 32-87) years.", ["61", "32", "87"]),
        ("57% of 4 patients", ["57%", "4"]),
    ],
)  # fmt: skip
def test_claim_numbers(sentence: str, numbers: list[str]) -> None:
    assert [n.text for n in claim_numbers(sentence)] == numbers


def test_found_with_the_abstract_sentence_holding_most_of_the_claim() -> None:
    abstract = [
        ("RESULTS", "Of 7 patients, 4 (57%) had a complete remission. One died at 12 months."),
        ("CONCLUSIONS", "Four of seven patients responded."),
    ]
    checks = look_up("A total of 4 of 7 patients (57%) showed complete remission.", abstract)
    assert [(c.text, c.found) for c in checks] == [("4", True), ("7", True), ("57%", True)]
    assert all(c.where.startswith("RESULTS: Of 7 patients") for c in checks)
    missing = look_up("Responses lasted 36 months in 57 patients.", abstract)
    assert [(c.text, c.found, c.where) for c in missing] == [("36", False, ""), ("57", False, "")]
    assert look_up("No number here.", abstract) == ()


def _recorded_abstracts() -> dict[str, tuple[tuple[str, str], ...]]:
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for path in sorted(SHARED.glob("api*/*/efetch-pubmed*.xml")):
        for pmid, document in abstracts_from_pubmed_xml(path.read_text("utf-8")).items():
            sections = tuple((s["label"], s["text"]) for s in document["sections"])
            if sections:
                found[pmid] = sections
    return found


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/fixtures (recorded answers) not here")
def test_chance_matches_in_unrelated_real_abstracts() -> None:
    """How often a number is "found" in an abstract that has nothing to do with it: each
    sentence of each recorded real abstract looked up in every other one. The figures of
    docs/report.md ("Needs review, measured")."""
    abstracts = _recorded_abstracts()
    assert len(abstracts) == 19
    counts: dict[str, list[int]] = {"all": [0, 0], "small": [0, 0], "large": [0, 0], "%": [0, 0]}
    for a, b in itertools.permutations(abstracts, 2):
        for sentence in abstract_sentences(abstracts[a]):
            for check in look_up(sentence, abstracts[b]):
                value = float(check.text.rstrip("%").replace(",", ""))
                kind = "%" if check.text.endswith("%") else ("small" if value <= 10 else "large")
                for name in ("all", kind):
                    counts[name][0] += check.found
                    counts[name][1] += 1
    assert counts == {
        "all": [447, 3348], "small": [437, 1656], "large": [4, 1224], "%": [6, 468],
    }  # fmt: skip


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/fixtures (recorded answers) not here")
def test_a_real_abstract_finds_its_own_results() -> None:
    """A sentence of a real abstract's RESULTS looked up in that abstract: every number
    found (the lookup never misses what is there)."""
    abstracts = _recorded_abstracts()
    sygma = abstracts["29768149"]  # O'Byrne 2018 NEJM (SYGMA 1), structured abstract
    results = next(text for label, text in sygma if label == "RESULTS")
    checks = look_up(results.split(". ")[0] + ".", sygma)
    assert checks and all(c.found for c in checks)
