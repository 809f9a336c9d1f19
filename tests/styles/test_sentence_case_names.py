"""Sentence case keeps the proper names a title-cased title holds (the sentence-case
suggestion of ``check`` and the rendered list alike), and ``check`` suggests nothing when
another entry shows that a word it would lower is a proper name.

The rule is AMA 11 3.9.1 (article titles in a reference list: capitalise only the first
word, proper names, trial and study group names and abbreviations) and 3.10 (a journal
article's subtitle begins with a lowercase letter unless it is a proper name). Cases,
each with its source; the title-cased form is the title as a title-case export (Better
BibTeX, a publisher's RIS) stores it.
"""

from __future__ import annotations

import pytest

import mi_refs
from mi_refs.check.offline import title_cased_titles
from mi_refs.styles.casing import sentence_case

AMA_310 = "AMA Manual of Style, 11th ed, 3.10 (Subtitles), reference example 3"
AMA_QUIZ = "AMA Manual of Style learning resources, 'Capitalization of titles and subtitles' quiz"
RAYYAN = "tests/fixtures/imports/rayyan-export-multiline-KW-asreview.txt (TI of record 6)"

CASES = [
    ("Prenatal Diagnosis: Down Syndrome or More?",
     "Prenatal diagnosis: Down syndrome or more?", AMA_310),
    ("Tolcapone in Patients With Parkinson Disease: A Randomized, Double-blind, "
     "Placebo-Controlled Trial",
     "Tolcapone in patients with Parkinson disease: a randomized, double-blind, "
     "placebo-controlled trial", AMA_QUIZ + " item 3"),
    ("Five-Year Follow-up of Patients With Alzheimer Disease",
     "Five-year follow-up of patients with Alzheimer disease", AMA_QUIZ + " item 4"),
    ("Oral Session 10 - Improving Medicines Management in an Acute Care Setting - Chairs: "
     "Mary Tully and Brit Cadman",
     "Oral session 10 - improving medicines management in an acute care setting - chairs: "
     "Mary Tully and Brit Cadman", RAYYAN),
    ("Long-Term Outcomes of Crohn's Disease in the United States",
     "Long-term outcomes of Crohn's disease in the United States", "constructed: possessive "
     "eponym (AMA 11 prefers Crohn disease; the title keeps what it prints) and a place"),
    ("Rituximab for Non-Hodgkin Lymphoma in Elderly Patients in Sweden",
     "Rituximab for non-Hodgkin lymphoma in elderly patients in Sweden",
     "constructed: an eponym inside a hyphenated word"),
    ("A Tribute to Professor Jane Doe on Her Retirement",
     "A tribute to Professor Jane Doe on her retirement", "constructed: an honorific"),
    # common words that are eponyms only before their noun are lowered elsewhere
    ("The Down Regulation of CD38 Expression in Myeloma Cells",
     "The down regulation of CD38 expression in myeloma cells", "constructed"),
    ("Patients Still Waiting for Effective Therapy After Three Lines",
     "Patients still waiting for effective therapy after three lines", "constructed"),
    ("Adult-Onset Still Disease Treated With Anakinra",
     "Adult-onset Still disease treated with anakinra", "constructed"),
]  # fmt: skip


@pytest.mark.parametrize(("stored", "expected", "source"), CASES)
def test_sentence_case_keeps_proper_names(stored: str, expected: str, source: str) -> None:
    assert sentence_case(stored) == expected, source


def entry(key: str, title: str) -> str:
    return f"@article{{{key},\n  title = {{{title}}},\n  journal = {{Blood}},\n  year = {{2021}},\n}}\n"


def test_the_check_suggests_nothing_when_another_entry_capitalises_a_lowered_word() -> None:
    """``Olmsted County`` is no name the rule knows; another entry of the list prints it
    capitalised mid-sentence, so the finding names it and suggests nothing."""
    titled = "Hip Fractures in Olmsted County Residents Over Three Decades"
    alone = mi_refs.loads(entry("a", titled))
    [finding] = title_cased_titles(alone.references)
    assert finding.suggestion == (
        "Hip fractures in olmsted county residents over three decades"
    )  # with nothing to tell it otherwise, the rule lowers them (the render does too)
    other = entry("b", "Incidence of hip fracture among older residents of Olmsted County")
    both = mi_refs.loads(entry("a", titled) + other)
    [finding] = title_cased_titles(both.references)
    assert finding.suggestion is None
    assert "{Olmsted} is capitalised mid-title in another entry" in finding.message
    braced = mi_refs.loads(entry("a", titled.replace("Olmsted County", "{Olmsted County}")) + other)
    [finding] = title_cased_titles(braced.references)
    assert finding.suggestion == "Hip fractures in Olmsted County residents over three decades"
