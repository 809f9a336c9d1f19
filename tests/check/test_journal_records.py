"""Issue 16.2: journal names judged from what the NLM catalogue knows of them, resolved once.

The cases are the real-library names the issue quotes (journal names from public .bib
libraries: ``IEEE Transactions on Biomedical Engineering`` against NLM's "bio-medical",
``Judgement and Decision Making``, ``International Journal of Phychophysiology``, ``PACE -
Pacing and Clinical Electrophysiology``, ``JAMA - Journal of the American Medical
Association``, ``British Medical Journal`` for a 2003 paper, ``Journal of Applied
Physiology`` for a 2000 paper, the dotted ``N. Engl. J. Med.`` and ``Int. J. Surg. Case
Rep.`` of Embase, EndNote and ISO exports)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.journals import JournalRecord, journal_index
from mi_refs.check.offline import check_offline
from mi_refs.intake.fix import fix
from mi_refs.model import Severity
from mi_refs.nlm import undotted

TODAY = dt.date(2026, 11, 1)


def entry(journal: str, year: str = "2015", shortjournal: str = "") -> str:
    short = f"  shortjournal = {{{shortjournal}}},\n" if shortjournal else ""
    return (
        f"@article{{a,\n  author = {{Doe, Jane}},\n  title = {{T}},\n  journal = {{{journal}}},\n"
        f"{short}  year = {{{year}}},\n  volume = {{1}},\n  pages = {{1--2}},\n}}\n"
    )


def style_finding(journal: str, year: str = "2015", shortjournal: str = "") -> mi_refs.Finding:
    bibliography = mi_refs.loads(entry(journal, year, shortjournal))
    (finding,) = [f for f in check_offline(bibliography, today=TODAY) if f.code == "style"]
    return finding


@pytest.mark.parametrize(
    ("journal", "year", "suggestion", "words"),
    [
        pytest.param("IEEE Transactions on Biomedical Engineering", "2015", "IEEE Trans Biomed Eng",
                     "is a full title", id="bio-medical"),
        pytest.param("Judgement and Decision Making", "2015", "Judgm Decis Mak",
                     "looks like a typo of the listed title", id="judgement"),
        pytest.param("International Journal of Phychophysiology", "2010", "Int J Psychophysiol",
                     "looks like a typo of the listed title", id="phychophysiology"),
        pytest.param("PACE - Pacing and Clinical Electrophysiology", "2005",
                     "Pacing Clin Electrophysiol", "has a prefix or suffix around", id="pace"),
        pytest.param("JAMA - Journal of the American Medical Association", "2010", "JAMA",
                     "has a prefix or suffix around 'JAMA'", id="jama"),
        pytest.param("Journal of Applied Physiology", "2000", "J Appl Physiol (1985)",
                     "is a full title", id="year-qualifier-after"),
        pytest.param("Journal of Applied Physiology", "1970", "J Appl Physiol",
                     "is a full title", id="year-qualifier-before"),
        pytest.param("J Appl Physiol", "2000", "J Appl Physiol (1985)",
                     "a 2000 article is in 'J Appl Physiol (1985)'", id="old-abbreviation"),
    ],
)  # fmt: skip
def test_warning_with_the_catalogues_suggestion(
    journal: str, year: str, suggestion: str, words: str
) -> None:
    finding = style_finding(journal, year)
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, suggestion)
    assert words in finding.message


def test_a_title_the_catalogue_cannot_date_gets_no_suggestion() -> None:
    """``Br Med J`` must not be suggested for a 2003 BMJ paper: the packaged list files
    'British medical journal' under two abbreviations and has no years for them."""
    finding = style_finding("British Medical Journal", "2003")
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, None)
    assert "Br Med J (Clin Res Ed), Br Med J" in finding.message
    assert "cannot tell which one a 2003 article is in" in finding.message


@pytest.mark.parametrize(
    ("journal", "plain"),
    [("N. Engl. J. Med.", "N Engl J Med"), ("Int. J. Surg. Case Rep.", "Int J Surg Case Rep")],
)
def test_dotted_abbreviation_is_fixable_and_printed_without_periods(
    journal: str, plain: str, tmp_path: Path
) -> None:
    finding = style_finding(journal)
    assert (finding.severity, finding.suggestion, finding.field) == (
        Severity.INFO,
        plain,
        "journal",
    )
    assert "written with periods" in finding.message
    bibliography = mi_refs.loads(entry(journal))
    for style in ("ama", "vancouver"):
        printed = mi_refs.render(bibliography, style=style, format="text")
        assert plain in printed and journal not in printed
    # fix --apply, then check: clean
    path = tmp_path / "references.bib"
    path.write_text(entry(journal), encoding="utf-8")
    report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
    result = fix(mi_refs.load(path), report, apply=True)
    assert result.applied
    again = check_offline(mi_refs.load(path), today=TODAY)
    assert not [f for f in again if f.code == "style"]
    assert f"shortjournal = {{{plain}}}" in path.read_text(encoding="utf-8")


def test_a_dash_inside_an_abbreviation_is_no_publishers_prefix() -> None:
    assert journal_index().resolve("Chem. - Eur. J.").how == "unknown"  # NLM: Chemistry


def test_undotted_keeps_names_that_are_no_listed_abbreviation() -> None:
    assert undotted("Phys. Rev. B - Condens. Matter Mater. Phys.") == (
        "Phys. Rev. B - Condens. Matter Mater. Phys."
    )
    assert undotted("Ann. Acad. Med. Singapore") == "Ann. Acad. Med. Singapore"  # ISO, not NLM
    assert undotted("N Engl J Med") == "N Engl J Med"


def test_a_name_is_resolved_once_into_one_record() -> None:
    record = journal_index().resolve("The New England Journal of Medicine")
    assert isinstance(record, JournalRecord)
    assert (record.how, record.abbreviation, record.current(2020)) == (
        "title",
        "N Engl J Med",
        "N Engl J Med",
    )
    assert record.titles == ("The New England journal of medicine",)


def test_typos_need_one_long_word_and_one_candidate() -> None:
    index = journal_index()
    assert index.resolve("Biologcial Cybernetics").abbreviation == "Biol Cybern"
    # one word has nothing else to agree (Robotics is a journal, not Robotica's typo)
    assert index.resolve("Robotics").how == "unknown"
    # a short word (< 8 letters) is not a typo the catalogue can vouch for
    assert index.resolve("Journal of Verbal Learning and Vernal Behavior").how == "unknown"


@pytest.mark.parametrize(
    ("journal", "year", "plain"),
    [
        ("International Journal of Phychophysiology", "2010", "Int J Psychophysiol"),
        ("PACE - Pacing and Clinical Electrophysiology", "2005", "Pacing Clin Electrophysiol"),
        ("IEEE Transactions on Biomedical Engineering", "2015", "IEEE Trans Biomed Eng"),
        ("Journal of Applied Physiology", "2000", "J Appl Physiol (1985)"),
        ("J Appl Physiol", "2000", "J Appl Physiol (1985)"),
    ],
)
def test_fix_apply_then_check_is_clean(journal: str, year: str, plain: str, tmp_path: Path) -> None:
    """``fix --apply`` writes the suggestion into ``shortjournal``; ``check`` then has no
    journal finding left (the writer's ``journal`` stays as written)."""
    path = tmp_path / "references.bib"
    path.write_text(entry(journal, year), encoding="utf-8")
    report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
    assert fix(mi_refs.load(path), report, apply=True).applied
    text = path.read_text(encoding="utf-8")
    assert f"shortjournal = {{{plain}}}" in text and f"journal = {{{journal}}}" in text
    assert not [f for f in check_offline(mi_refs.load(path), today=TODAY) if f.code == "style"]


def test_a_dotted_shortjournal_is_fixed_in_place(tmp_path: Path) -> None:
    path = tmp_path / "references.bib"
    path.write_text(
        entry("New England Journal of Medicine", shortjournal="N. Engl. J. Med."), encoding="utf-8"
    )
    report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
    assert fix(mi_refs.load(path), report, apply=True).applied
    assert "shortjournal = {N Engl J Med}" in path.read_text(encoding="utf-8")
    assert not [f for f in check_offline(mi_refs.load(path), today=TODAY) if f.code == "style"]
