"""The offline info finding for article titles stored in title case (issue 17), on a
labelled set: each title is typed from the source named beside it, with the label a
reader gives it (title-cased or not). The finding must fire exactly on the positives."""

from __future__ import annotations

import pytest

import mi_refs
from mi_refs import Severity
from mi_refs.check.offline import check_offline, title_cased_titles

SEED = "/work/shared/seed README (the references' titles as their journals print them)"
LETTER = "/work/shared/seed/daratumumab-itp-letter.txt (the letter's own list)"
BBT = "retorquere/zotero-better-bibtex test/fixtures (MIT)"

# (title as stored in the .bib, title-cased?, source)
LABELLED = [
    ("Post-Transfusion Purpura Mimicking Idiopathic Thrombocytopenic Purpura: A Case Report",
     True, SEED),
    ("Targeting CD38 with Daratumumab in Refractory Systemic Lupus Erythematosus", True, SEED),
    ("Using {{Google Flu Trends}} Data in Forecasting Influenza-like-Illness Related {{ED}} "
     "Visits in {{Omaha}}, {{Nebraska}}", True, BBT + " export #558"),
    ("Representation of Topography by Shaved Cells in a Height Coordinate Ocean Model",
     True, BBT + " import #1246"),
    ("Post-transfusion purpura mimicking idiopathic thrombocytopenic purpura: a case report",
     False, LETTER),
    ("Targeting CD38 with daratumumab in refractory systemic lupus erythematosus", False, LETTER),
    ("Autoimmune cytopenias post hematopoietic stem cell transplantation in pediatric "
     "patients with osteopetrosis and other nonmalignant diseases", False, LETTER),
    # Sentence case whose capitals are all proper nouns and acronyms: left alone.
    ("Treatment of ITP in Norway and Sweden", False, "constructed: two proper nouns"),
    ("Hallucinations", False, "AMA 11 3.12.2 example 3 (one word)"),
]  # fmt: skip


def entry(title: str) -> str:
    return f"@article{{k,\n  title = {{{title}}},\n  journal = {{Blood}},\n  year = {{2021}},\n}}\n"


@pytest.mark.parametrize(("title", "label", "source"), LABELLED)
def test_labelled_titles(title: str, label: bool, source: str) -> None:
    bib = mi_refs.loads(entry(title))
    found = [f for f in check_offline(bib) if f.field == "title" and f.code == "style"]
    assert bool(found) is label, source
    for finding in found:
        assert finding.severity is Severity.INFO
        assert (
            finding.suggestion
            == mi_refs.render(bib, style="ama").split(". ", 1)[1].split(". Blood.")[0]
        )


def test_non_english_title_is_left_alone() -> None:
    bib = mi_refs.loads(
        "@article{k,\n  title = {Formes Normales Semi-Classiques Des Syst\\`emes Int\\'egrables},"
        "\n  langid = {french},\n  journal = {J},\n  year = {2000},\n}\n"
    )
    assert title_cased_titles(bib.references) == []
