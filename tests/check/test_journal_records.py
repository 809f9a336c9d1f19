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
from mi_refs.check.journal_keys import american
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
        Severity.WARNING,
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


def test_typos_need_what_agrees_to_outweigh_what_differs() -> None:
    """Cases from public libraries: ``Robotics`` and ``Nanoscape`` (shaping side, journals
    of their own), ``Neropsychologia`` and ``Vernal Behavior`` (holdout,
    crcox/MASTERBIB ttr.bib)."""
    index = journal_index()
    assert index.resolve("Biologcial Cybernetics").abbreviation == "Biol Cybern"
    # one word has nothing else to agree: one edit per 10 letters, not in its ending
    assert index.resolve("Robotics").how == "unknown"  # Robotica: the ending, 8 letters
    assert index.resolve("Nanoscape").how == "unknown"  # Nanoscale: 9 letters
    assert (
        index.resolve("Neropsychologia").how,
        index.resolve("Neropsychologia").abbreviation,
    ) == (
        "typo",
        "Neuropsychologia",
    )
    # a short word, one edit inside it, with four other words that agree
    vernal = index.resolve("Journal of Verbal Learning and Vernal Behavior")
    assert (vernal.how, vernal.abbreviation) == ("typo", "J Verbal Learning Verbal Behav")
    # ... but not with fewer words agreeing, nor in the word's ending
    assert index.resolve("Journal of Vernal Behavior").how == "unknown"
    assert index.resolve("Journal of Verbaj Learning and Verbal Behavior").how == "unknown"


@pytest.mark.parametrize("name", ["EuR", "Horizont", "TiCS"])
def test_a_one_word_name_is_no_word_by_word_abbreviation(name: str) -> None:
    """Holdout false alarms (docvinni/dissertation My Library.bib: ``EuR``, Europarecht,
    and ``Horizont``, a marketing weekly; crcox/MASTERBIB ttr.bib: ``TiCS``, Trends in
    Cognitive Sciences): a prefix of one word is no evidence of EURE, Horizon or TIC."""
    assert journal_index().resolve(name).how == "unknown"
    finding = style_finding(name)
    assert (finding.severity, finding.suggestion) == (Severity.INFO, None)


def test_articles_inside_a_title_are_folded() -> None:
    """crcox/MASTERBIB ttr.bib: ``Journal of Acoustical Society of America`` (NLM: The
    Journal of the Acoustical Society of America)."""
    finding = style_finding("Journal of Acoustical Society of America", "1994")
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, "J Acoust Soc Am")


def test_a_title_cut_before_its_of_qualifier() -> None:
    """crcox/MASTERBIB Main.bib: ``Proceedings of the National Academy of Sciences`` is
    PNAS cut before ``of the United States of America``; NLM's ``... Sciences, India.
    Section B`` stops at a part separator there and is no candidate. Names that drop a
    subject are other titles (ajensen1234/lit-review src/myBib.bib: ``Journal of Phase
    Equilibria``, the journal's title before ``... and diffusion``; retorquere/zotero-
    better-bibtex test fixtures: ``Proceedings of the IEEE``, ``Theory of Computing``)."""
    finding = style_finding("Proceedings of the National Academy of Sciences", "2008")
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, "Proc Natl Acad Sci U S A")
    assert "cut short" in finding.message
    index = journal_index()
    for other in ("Journal of Phase Equilibria", "Proceedings of the IEEE", "Theory of Computing"):
        assert index.resolve(other).how == "unknown", other
    assert index.resolve("Journal of the American").how == "unknown"  # many titles go on


def test_a_title_split_into_sections_gets_the_titles_and_no_suggestion() -> None:
    """ajensen1234/lit-review src/myBib.bib (holdout): ``THE JOURNAL OF BONE AND JOINT
    SURGERY`` for a 2002 paper. NLM lists the title and its American and British volumes
    without the year of the split: suggest none, name the titles. A single section beside
    a title that goes on is a sister journal (``J Pediatr Orthop B``)."""
    finding = style_finding("THE JOURNAL OF BONE AND JOINT SURGERY", "2002")
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, None)
    for title in ("J Bone Joint Surg)", "J Bone Joint Surg Am", "J Bone Joint Surg Br"):
        assert title in finding.message
    assert "the name has had these titles" in finding.message
    assert "cannot tell which one a 2002 article is in: no suggestion" in finding.message
    assert journal_index().resolve("American Journal of Medical Genetics").current(2005) is None
    pediatric = journal_index().resolve("Journal of Pediatric Orthopaedics")
    assert (pediatric.sections, pediatric.current(2015)) == ((), "J Pediatr Orthop")


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


# --- variants of a listed title (check/journal_keys.py) --------------------------------
# Each name is from a public .bib library: holdout 3 (dudukina/2020-10-10-nordic-data-coder-
# girls, "My Library.bib": hemminki_level_2003, dudukina_vaginal_2019), holdout 2
# (ChrisOldmeadow/blogdown-website, academic-publications.bib: yoshino...2012,
# zdenkowski...2018), pluscommunication/meta-maria (sciencedirect.bib: MCDONNELL20191),
# lhsantos/sysreview-elderly (sd.bib: Alford2003855), BU-DiSC/mendeley-library
# (library.bib: Kirilin2020RLCache), fatihserta/reference-directory
# (trial_lecture_references.bib: plattner_feedback_2001).
@pytest.mark.parametrize(
    ("journal", "suggestion", "words"),
    [
        pytest.param("International Journal of Gynecology & Obstetrics", "Int J Gynaecol Obstet",
                     "'International journal of gynaecology and obstetrics' written another way",
                     id="american-spelling"),
        pytest.param("Cancer Epidemiology and Prevention Biomarkers",
                     "Cancer Epidemiol Biomarkers Prev", "word order", id="word-order"),
        pytest.param("European Journal of Obstetrics & Gynecology and Reproductive Biology",
                     "Eur J Obstet Gynecol Reprod Biol", "word order", id="and-moved"),
        pytest.param("IEEE Journal of Selected Areas in Communications",
                     "IEEE J Sel Areas Commun", "word order", id="of-for-on"),
        pytest.param("Tellus B: Chemical and Physical Meteorology", "Tellus B Chem Phys Meteorol",
                     "'Tellus. Series B, Chemical and physical meteorology'", id="designator"),
        pytest.param("Injury: International Journal of the Care of the Injured", "Injury",
                     "the listed title 'Injury'", id="descriptive-subtitle"),
        pytest.param("Arthroscopy: The Journal of Arthroscopic & Related Surgery", "Arthroscopy",
                     "the listed title 'Arthroscopy'", id="nlm-subtitle-agrees"),
        pytest.param("JNCCN Journal of the National Comprehensive Cancer Network",
                     "J Natl Compr Canc Netw", "has a prefix or suffix", id="spaced-acronym"),
    ],
)  # fmt: skip
def test_a_variant_of_a_listed_title_is_a_warning_with_its_abbreviation(
    journal: str, suggestion: str, words: str
) -> None:
    finding = style_finding(journal)
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, suggestion)
    assert words in finding.message


@pytest.mark.parametrize(
    "journal",
    [
        # a society's journal NLM lists under the same short title is another journal
        # (hubeiqiao/Literature-screening, Exported Items.bib: fola-adebayo_perceptions_2019;
        # MiguelDLM/Paleo-virtual, My Library.bib: bertaMioceneAmphicyonidMammalia1984)
        "Reading & Writing: Journal of the Reading Association of South Africa",
        "Source: Journal of Vertebrate Paleontology",
        # a subtitle that names a part or a subject is kept (holdout 4, blair_oscillatory_2013;
        # sousa_neural_2015): no listed title is that
        "Alzheimer's & Dementia: Translational Research & Clinical Interventions",
        "Journal of Physics: Conference Series: Materials",
    ],
)
def test_a_subtitle_that_names_another_journal_is_not_dropped(journal: str) -> None:
    finding = style_finding(journal)
    assert finding.severity is Severity.INFO
    assert finding.suggestion is None


def test_words_in_another_order_at_the_start_are_another_title() -> None:
    """The first two words stay in place: ``Experimental and Clinical ...`` is not a
    variant of ``Clinical and experimental ...`` (two journals of their own)."""
    index = journal_index()
    assert index.resolve("Clinical and Experimental Pharmacology and Physiology").how == "title"
    moved = index.resolve("Experimental and Clinical Pharmacology and Physiology")
    assert moved.how != "variant"


def test_british_and_american_spellings_fold_alike() -> None:
    assert american("paediatric anaesthesia") == american("pediatric anesthesia")
    assert american("journal of behavioural medicine") == "journal of behavioral medicine"
    assert american("tumour centre organisation") == "tumor center organization"
    assert american("journal of the royal statistical society series a") == (
        "journal of the royal statistical society a"
    )
    assert american("four hours") == "four hours"  # short words are no British spellings


@pytest.mark.parametrize("journal", ["Proc. Natl. Acad. Sci. USA", "Proc Natl Acad Sci USA"])
def test_single_letters_joined_are_the_nlm_abbreviation(journal: str) -> None:
    """PNAS as Web of Science and JCR abbreviate it (``P NATL ACAD SCI USA``), with
    periods: NLM writes ``U S A``. AMA would print it as written, so it is a warning
    suggesting NLM's spelling."""
    finding = style_finding(journal)
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, "Proc Natl Acad Sci U S A")
    assert "single letters joined" in finding.message
