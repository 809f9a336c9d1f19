"""Needs review (issue 21): the numbers of a citing sentence looked up in the cited
abstract. Sentences from the seed letter (``shared/seed/daratumumab-itp-letter.txt``, as
marked up in ``tests/fixtures/documents/seed-letter.md``); abstracts from the real recorded
efetch answers of ``shared/fixtures/api`` and ``api2`` (provenance in their SOURCES.md).
The figures docs/report.md gives are computed here."""

from __future__ import annotations

import importlib
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

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
        # how real abstracts and claims print numbers (tests/fixtures/needs-review: SciFact;
        # doc = the cited abstract's id, claim = the claim's id)
        # doc 5850219 (the Lancet): middle-dot decimals, not 3 and 1%
        ("Prevalences in individuals aged 16-24 years were 3·1% (2·2-4·3) in women.",
         ["16", "24", "3·1%", "2·2", "4·3"]),
        # claim 22: a range of percentages, both ends percentages
        ("76-85% of people with severe mental disorder receive no treatment in low and "
         "middle income countries.", ["76%", "85%"]),
        # doc 11748933 (shared/fixtures efetch answer): "from 32 to 52%"
        ("a pronounced increase ... (from 32 to 52%, P < 0.01).", ["32%", "52%", "0.01"]),
        # doc 6490571 (JAMA): a space between thousands
        ("Face-to-face household surveys of 60 463 community adults conducted from "
         "2001-2003 in 14 countries", ["60 463", "2001", "2003", "14"]),
        # doc 44265107: a number word and "percent"
        ("Eighty-eight percent of the responding programs require at least 6 months of "
         "abstinence from alcohol; 83% from illicit drugs.", ["88%", "6", "83%"]),
        # claims 548, 576, 285 and shared/fixtures 32887691: a name's number is no claim
        ("IL-6 signaling plays a major role in atherosclerotic cardiovascular disease.", []),
        ("In melanoma, anti-CTLA-4 treatment reinvigorates exhausted PD-1+Eomes+CD8 T "
         "cells.", []),
        ("Continued HHV-8 transmission among MSM in San Francisco", []),
        ("the role of drugs in the treatment of patients with covid-19", []),
        # doc 380526: a P value's power of ten is no claim, its mantissa is
        ("odds ratio (OR) = 2.5, P = 2.5 × 10−11 and OR = 2.3, P = 2.9 × 10−9",
         ["2.5", "2.3", "2.9"]),
        # doc 8883846: citations in brackets; doc 19675911: a bracketed SD is a value
        ("blocking virus entry into susceptible cells, such as CD4+ T cells [4,5].", []),
        ("Patients were 4537 Olmsted County residents (57% women; mean [SD] age, 74 [14] "
         "years)", ["4537", "57%", "74", "14"]),
    ],
)  # fmt: skip
def test_claim_numbers(sentence: str, numbers: list[str]) -> None:
    assert [n.text for n in claim_numbers(sentence)] == numbers


def test_a_letter_citing_by_numbers_on_the_line() -> None:
    """A letter that cites by ``[3]`` or ``(3)`` (the documents layer decides for the whole
    letter): its citation marks are no claims."""
    abstract = [("", "Of 7 patients, 4 responded.")]
    bracketed = look_up("Four of 7 patients responded [3].", abstract, "brackets")
    assert [(c.text, c.found) for c in bracketed] == [("4", True), ("7", True)]
    parenthesised = look_up("Four of 7 patients responded (3, 5).", abstract, "parentheses")
    assert [c.text for c in parenthesised] == ["4", "7"]
    assert [c.text for c in look_up("in 7 patients (n = 12)", abstract, "parentheses")] == [
        "7",
        "12",
    ]


@pytest.mark.parametrize(
    ("sentence", "numbers"),
    [
        # Check-COVID (tests/fixtures/needs-review), journalists' sentences: a day is a
        # date with or without its year, abbreviated or not
        ("The study found that some New Yorkers had antibodies to the coronavirus as early "
         "as the week ending Feb. 23, 2020.", []),
        ("the French government didn't order a lockdown until March 16", []),
        ("2.49% to 4.16% of people in Santa Clara Country had been infected with Covid-19 "
         "by April 1.", ["2.49%", "4.16%"]),
        # ... and a month's name is no date when a percentage follows: "in May 5% were"
        ("In May 5% were infected.", ["5%"]),
    ],
)  # fmt: skip
def test_dates_in_news_sentences(sentence: str, numbers: list[str]) -> None:
    assert [n.text for n in claim_numbers(sentence)] == numbers


@pytest.mark.parametrize(
    ("sentence", "numbers"),
    [
        # a number word that is a determiner or a pronoun is no count (Check-COVID claims
        # 609ef45cf9b9e03ea4d8e618_1, 60706568f9b9e03ea4d8e4a8_1, 609fcebef9b9e03ea4d8e638_1:
        # each "one" or "two" was "found" as any 1 or 2 of the abstract)
        ("One study based on a review of 110 cases in Japan found that the odds of "
         "transmission were 18.7 times higher in closed environments", ["110", "18.7"]),
        ("In one of the places where there has been extensive testing, the nursing home in "
         "Washington state, 56% of those who tested positive had no symptoms", ["56%"]),
        ("But the new studies — two published Tuesday in JAMA Internal Medicine and one "
         "Wednesday in The New England Journal of Medicine — found that tocilizumab did not "
         "reduce the death rates of Covid-19 patients.", []),
        # ... but "one" counting something stays a number: a range (claim
        # 60948586f9b9e03ea4d8e529_1), "one in five", a unit, what a study counts
        ("most likely in the one to three days before they start showing symptoms",
         ["1", "3"]),
        ("one in five adults; One patient died at one year; Twenty-one patients",
         ["1", "5", "21"]),
        # a fraction is one number (claims 609486a6f9b9e03ea4d8e52b_3 and
        # 60adb4c6f9b9e03ea4d8e699_1, Check-COVID abstract 1zbsbcdd); a ratio of patients
        # stays its count ("4/7 patients")
        ("On May 15, the CDC published a report on a 2 1/2-hour indoor choir practice in "
         "Skagit County, Wash., that took place in early March and was attended by 61 "
         "people.", ["2 1/2", "61"]),
        ("Some scientists estimated three-fourths of the population had been infected in "
         "Manaus by October of 2020.", ["3/4"]),
        ("If 1/3 of patients infected with SARS-CoV-2 in the US sought care", ["1/3"]),
        ("4/7 patients responded", ["4"]),
        # a name's number after a space: Check-COVID claim 606a7754f9b9e03ea4d8e480_1
        # (Type 1 diabetes), its abstracts' "coronavirus 2" (uecosx5i) and "coronavirus
        # disease 2019" (8g40ukml); SciFact claims 420 (growth factor 21), 553
        # (transglutaminase 2), 675 (CTLA - 4), 276 (MEK 1/2), docs 10071552 (type 2
        # diabetes) and 12206390 (stage 1); PMID 22663011 (shared/fixtures/api2, phase 3)
        ("And a study of more than 130,000 people found that autoimmune conditions like "
         "Type 1 diabetes, psoriasis and rheumatoid arthritis increase the risk", ["130,000"]),
        ("asymptomatic individuals infected with severe acute respiratory syndrome "
         "coronavirus 2 (SARS-CoV-2)", []),
        ("The ongoing coronavirus disease 2019 pandemic has forced the clinical and "
         "scientific community to try drug repurposing", []),
        ("Fibroblast growth factor 21 protects against atherosclerosis", []),
        ("IgA plasma cells that are specific for transglutaminase 2 are scarce", []),
        ("LRBA controls CTLA - 4 expression.", []),
        ("Combining phosphatidylinositide 3-kinase and MEK 1/2 inhibitors is ineffective", []),
        ("overweight/obesity prevalence, and type 2 diabetes incidence", []),
        ("The residual lifetime risks for developing hypertension and stage 1 high blood "
         "pressure or higher were 90% in both 55- and 65-year-old participants.",
         ["90%", "55", "65"]),
        ("In this phase 3 open-label trial, we randomly assigned 322 patients", ["322"]),
        # the brief's other names (constructed: not in the material): grade, stage in Roman
        # numerals, COVID and IL with a space, HER2 glued; a statistic keeps its value
        ("grade 3 or 4 events in 12%; stage IV disease; COVID 19, IL 6 and HER2", ["12%"]),
        ("(OR 2.5, 95% CI 1.2-3.1; HR 0.62; BMI 30)", ["2.5", "95%", "1.2", "3.1", "0.62",
                                                       "30"]),
        # an abstract's citation in parentheses after a word, before a stop (Check-COVID
        # abstracts s6s51y4w, z7u4n1f0: the first hand check's wrong "found" 1), not a
        # count after a percentage (7d3akn8u) nor one of three digits (7w1ls63r)
        ("Older adults are susceptible to severe coronavirus disease 2019 (COVID-19) "
         "outcomes as a consequence of their age and, in some cases, underlying health "
         "conditions (1).", []),
        ("approximately 1.3 million cases have been reported worldwide (2), including "
         "approximately 330,000 in the United States (3).", ["1.3", "330,000"]),
        ("Of the COVID-19-positive patients, 19% (24) were symptomatic", ["19%", "24"]),
        ("exposures reported by case-patients (154) were compared with exposures reported "
         "by control-participants (160).", ["154", "160"]),
        # a month and its year is a date (claims 60abde70f9b9e03ea4d8e688_1,
        # 60abde22f9b9e03ea4d8e687_1)
        ("the dominant source of infection in the United States by March 2021.", []),
        ("antibody tests on 3,300 people in California’s Santa Clara county in April, 2020",
         ["3,300"]),
    ],
)  # fmt: skip
def test_what_the_hand_check_found_read_as_claims(sentence: str, numbers: list[str]) -> None:
    """The wrong "found" verdicts of the hand checks (docs/report.md): determiners,
    fractions, names with a spaced number, a month's year."""
    assert [n.text for n in claim_numbers(sentence)] == numbers


def test_a_fraction_matches_only_a_fraction_a_mixed_number_its_decimal() -> None:
    abstract = [("", "a 2.5-hour choir practice; 0.75 of the samples; two-thirds of them")]
    checks = look_up("a 2 1/2-hour practice; three-fourths; two thirds", abstract)
    assert [(c.text, c.found) for c in checks] == [("2 1/2", True), ("3/4", False),
                                                    ("2/3", True)]  # fmt: skip


def test_of_two_sentences_with_the_number_the_closer_one_is_shown() -> None:
    """Check-COVID claim 60953704f9b9e03ea4d8e53d_3 and its abstract (uj5deryi): five
    sentences print 28 days; the first ("Safety was assessed over 28 days") was shown, now
    one where the response peaked, as the claim says."""
    import json

    path = ROOT / "tests" / "fixtures" / "needs-review" / "checkcovid-abstracts.jsonl"
    rows = (json.loads(line) for line in path.read_text("utf-8").splitlines() if line)
    abstract = next(row["text"] for row in rows if row["doc_id"] == "uj5deryi")
    claim = ("Subjects who got the vaccine mounted a moderate immune response to the virus "
             "SARS-CoV-2, which peaked 28 days after the inoculation, the researchers found.")  # fmt: skip
    (check,) = look_up(claim, [("", abstract)])
    assert check.found and "peaked" in check.where, check.where


def test_a_percentage_rounded_in_the_sentence_is_found_not_the_reverse() -> None:
    """Check-COVID: "between 1.5 percent and 2.8 percent had been infected"; the cited
    abstract (zpv5f8pr) says 2.81%. A sentence rounds what the abstract gives; an abstract
    less precise than the sentence does not match it (3% is not 3.2%, nor 2.5%)."""
    abstract = [("", "the population-weighted prevalence was 2.81% (95CI 2.24-3.37%). "
                 "It was 3% in May.")]  # fmt: skip
    checks = look_up("between 1.5 percent and 2.8 percent had been infected", abstract)
    assert [(c.text, c.found) for c in checks] == [("1.5%", False), ("2.8%", True)]
    assert [c.found for c in look_up("3.2% and 2.5% of them", abstract)] == [False, False]
    assert [c.found for c in look_up("3% of them", abstract)] == [True]


def test_a_rounded_percentage_is_found() -> None:
    """Claim 22 (SciFact) says 76-85%; its abstract (doc 6490571) says "76.3% to 85.4% in
    less-developed countries received no treatment"."""
    abstract = [("RESULTS", "Although disorder severity was correlated with probability of "
                 "treatment in almost all countries, 35.5% to 50.3% of serious cases in "
                 "developed countries and 76.3% to 85.4% in less-developed countries received "
                 "no treatment in the 12 months before the interview.")]  # fmt: skip
    checks = look_up("76-85% of people with severe mental disorder receive no treatment.", abstract)
    assert [(c.text, c.found) for c in checks] == [("76%", True), ("85%", True)]
    assert [c.found for c in look_up("76 of them, 85% of all", abstract)] == [False, True]


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


def bench_kind(number: str) -> str:
    """``small`` (up to 10, and fractions) or ``large``."""
    if "/" in number:
        return "small"
    return "small" if float(number.replace(",", "")) <= 10 else "large"


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
                kind = "%" if check.text.endswith("%") else bench_kind(check.text)
                for name in ("all", kind):
                    counts[name][0] += check.found
                    counts[name][1] += 1
    assert counts == {
        "all": [230, 2898], "small": [216, 1368], "large": [4, 1008], "%": [10, 522],
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


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        yield importlib.import_module("needs_review")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def test_measured_on_real_claims_and_the_abstracts_they_cite(bench: ModuleType) -> None:
    """The figures of docs/report.md ("Needs review, measured"), from
    ``python benchmarks/needs_review.py`` (which also gives the chance baseline, slower):
    SciFact's claims and Check-COVID's journalists' sentences against the real abstracts
    they cite; the tuning split (train) and the held-out split (dev and test)."""
    expected = {
        "scifact": {
            "tuning": (188, 21, 21, 35, 22, 10),
            "held-out": (153, 19, 19, 32, 14, 6),
            "all": (341, 40, 40, 67, 36, 16),
        },
        "checkcovid": {
            "tuning": (95, 34, 34, 46, 28, 17),
            "held-out": (39, 18, 18, 32, 19, 9),
            "all": (134, 52, 52, 78, 47, 26),
        },
    }
    sizes = {"scifact": (341, 168), "checkcovid": (134, 119)}
    for dataset in bench.DATASETS:
        claims, abstracts = bench.load(dataset)
        assert (len(claims), len(abstracts)) == sizes[dataset]
        figures = {}
        for name, splits in bench.SPLITS.items():
            chosen = [c for c in claims if c.split in splits]
            r = bench.measure(chosen, abstracts, chance=False)
            figures[name] = (r["claims"], r["numeric_claims"], r["pairs"], r["looked_up"],
                             r["found"], r["every_found"])  # fmt: skip
        assert figures == expected[dataset], dataset


def test_the_hand_checks_are_current(bench: ModuleType) -> None:
    """The 30 hand-judged verdicts of each material (``*-handcheck.json``: 15 found, 15
    not found) are the ones the code gives now (none stale), and their precision is the
    one docs/report.md states."""
    expected = {
        "scifact": {"judged": 30, "stale": 0, "found": 15, "found_right": 14,
                    "not_found": 15, "not_found_right": 15},
        "checkcovid": {"judged": 30, "stale": 0, "found": 15, "found_right": 13,
                       "not_found": 15, "not_found_right": 13},
    }  # fmt: skip
    for dataset in bench.DATASETS:
        claims, abstracts = bench.load(dataset)
        verdicts = bench.verdicts(claims, abstracts)
        recorded = bench.json.loads(
            (bench.MATERIAL / f"{dataset}-handcheck.json").read_text("utf-8")
        )
        assert [(r["claim"], r["doc"], r["number"]) for r in recorded["verdicts"]] == [
            (v.claim, v.doc, v.number) for v in bench.sample(verdicts)
        ]
        assert bench.hand_check(verdicts, dataset) == expected[dataset], dataset


_EFETCH = """<?xml version="1.0" ?>
<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">
<PMID Version="1">36669360</PMID><Article PubModel="Print"><ArticleTitle>Daratumumab as a
novel treatment option in refractory ITP</ArticleTitle><Abstract>
<AbstractText Label="RESULTS">Made-up test abstract: of 7 patients, 4 (57.1%) responded.</AbstractText>
</Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"""

_BIB = """@article{vernava2023novel,
  author  = {Vernava, I and Schmitt, CA},
  title   = {Daratumumab as a novel treatment option in refractory ITP},
  journal = {Blood Cells Mol Dis}, year = {2023}, volume = {99}, pages = {102724},
  doi     = {10.1016/j.bcmd.2023.102724}, pmid = {36669360},
}
"""

_LETTER = """# Daratumumab in ITP

In a case series, 4 of 7 patients (57%) responded, and responses lasted 36 months.^1^

## References

1. Vernava I, Schmitt CA. Daratumumab as a novel treatment option in refractory ITP.
   Blood Cells Mol Dis. 2023;99:102724. doi:10.1016/j.bcmd.2023.102724
"""


def test_needs_review_raises_no_finding(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A number not found is never an error: with the cited work's abstract served (a
    made-up efetch answer on the fake registry) the report shows found and not found, and
    its findings, statuses and exit code are those of the same report without an
    abstract."""
    import json

    from mi_refs.cli import main
    from tests.fakeregistry import FakeRegistry

    letter, bib = tmp_path / "letter.md", tmp_path / "refs.bib"
    letter.write_text(_LETTER, "utf-8")
    bib.write_text(_BIB, "utf-8")
    runs = {}
    for served in (False, True):
        with FakeRegistry.from_fixtures() as server:
            for name, value in server.env().items():
                monkeypatch.setenv(name, value)
            monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
            if served:
                server.add_pubmed_xml("36669360", _EFETCH)
            out = tmp_path / f"review-{served}.json"
            code = main(["report", str(letter), "--bib", str(bib), "-o", str(out),
                         "--cache-dir", str(tmp_path / f"cache-{served}")])  # fmt: skip
            runs[served] = (code, json.loads(out.read_text("utf-8")))
    (plain_code, plain), (code, review) = runs[False], runs[True]
    assert code == plain_code
    citation = review["references"][0]["citations"][0]
    assert [(n["number"], n["found"]) for n in citation["needs_review"]] == [
        ("4", True), ("7", True), ("57%", True), ("36", False),
    ]  # fmt: skip
    assert "needs_review" not in plain["references"][0]["citations"][0]
    for key in ("findings", "status", "statuses"):
        assert review["references"][0][key] == plain["references"][0][key]
    assert review["letter_findings"] == plain["letter_findings"]
    assert review["summary"] == plain["summary"]


def test_the_seed_letter_has_nothing_to_look_up() -> None:
    """docs/report.md: 13 of the seed letter's 24 citing sentences hold numbers (21 in
    all; "a phase 2, open-label ... study" holds none), and every one cites reference 1,
    2, 3 or 20, works without a PubMed abstract."""
    from mi_refs.bibtex import load
    from mi_refs.review.claims import read_claims

    letter = ROOT / "tests" / "fixtures" / "documents" / "seed-letter.md"
    claims = read_claims(letter, load(ROOT / "references.bib"))
    numeric = [o for o in claims.occurrences if claim_numbers(o.sentence, o.form)]
    assert (len(claims.occurrences), len(numeric)) == (24, 13)
    assert sum(len(claim_numbers(o.sentence, o.form)) for o in numeric) == 21
    assert {n for o in numeric for n in o.numbers} == {1, 2, 3, 20}
