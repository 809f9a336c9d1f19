"""Issue 16.2, helper F, after holdout 6: journal names written with more than the name, or
with something else in its place, judged by principle (check/journal_forms.py).

Names from public .bib libraries (holdout 6, exposed): ``PAIN{\\textregistered}``,
``Oncotarget; Vol 5, No 15``, ``International journal of cancer. Journal international du
cancer``, ``Cancer and Metastasis Reviews``, ``Nat Meth``, ``PloS one`` and ``Nature
Publishing Group`` (eyzhao/manuscript, paper/library.bib). Other members of each principle
are written for it and say so."""

from __future__ import annotations

from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.journal_forms import parallel_title, publisher_name, without_marks
from mi_refs.check.journals import journal_index
from mi_refs.check.offline import check_offline
from mi_refs.intake.fix import fix
from mi_refs.model import Severity
from tests.check.test_journal_records import TODAY, entry


def style_findings(journal: str, year: str = "2014") -> list[mi_refs.Finding]:
    bibliography = mi_refs.loads(entry(journal, year))
    return [f for f in check_offline(bibliography, today=TODAY) if f.code == "style"]


@pytest.mark.parametrize(
    ("journal", "suggestion", "words"),
    [
        # holdout 6, eyzhao/manuscript: a trademark sign, an issue pasted in
        ("PAIN{\\textregistered}", "Pain", "with a trademark sign or a pasted volume"),
        ("Oncotarget; Vol 5, No 15", "Oncotarget", "with a trademark sign or a pasted volume"),
        # written for the rule: the sign after a full title, a volume after a comma
        ("Blood\u2122", "Blood", "with a trademark sign"),
        ("The Lancet, Vol. 380", "Lancet", "pasted volume or issue"),
        # holdout 6: NLM's title and its French parallel title (PubMed's long form)
        ("International journal of cancer. Journal international du cancer", "Int J Cancer",
         "followed by its parallel title"),
        # holdout 6: an "and" NLM's title lacks
        ("Cancer and Metastasis Reviews", "Cancer Metastasis Rev", "written another way"),
        # holdout 6: NLM's title in the catalogue's sentence case
        ("PloS one", "PLoS One", "the NLM abbreviation is 'PLoS One'"),
    ],
)  # fmt: skip
def test_a_name_with_more_than_the_name_is_a_warning_with_the_abbreviation(
    journal: str, suggestion: str, words: str
) -> None:
    (finding,) = style_findings(journal)
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, suggestion)
    assert words in finding.message


def test_a_short_form_far_from_the_name_by_letters_is_a_did_you_mean() -> None:
    """``Nat Meth`` (holdout 6): every word begins NLM's word at the same place, and only
    ``Nat Methods`` (``Nature methods``) is so; the letters in common are too few for the
    fuzzy search. ``Front Neuro`` begins several listed names: nothing suggested."""
    (finding,) = style_findings("Nat Meth")
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, "Nat Methods")
    assert journal_index().abbreviated_as_listed("Front Neuro") is None
    assert journal_index().abbreviated_as_listed("Cell Met") == "Cell Metab"


def test_a_publisher_as_the_journal_is_a_warning_without_a_suggestion() -> None:
    (finding,) = style_findings("Nature Publishing Group")  # holdout 6, eyzhao/manuscript
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, None)
    assert "publisher's name" in finding.message
    assert publisher_name("Elsevier") and publisher_name("Oxford University Press")
    # corpus names (the scan of /work/corpus-big): a journal's name with a serial's word or
    # its publisher in parentheses is the journal's; a word alone is no company's name
    for journal in (
        "Journal of Scholarly Publishing",
        "Modern Language Journal (John Wiley & Sons, Inc.)",
        "Press",
    ):
        assert not publisher_name(journal), journal
    assert journal_index().resolve("Presse medicale").how != "publisher"


def test_the_journals_own_styling_is_still_an_info() -> None:
    """``PLOS ONE`` and ``eLife`` are the publishers' capitals, not the catalogue's lower
    case: printed as written, an info (written for the rule)."""
    for journal in ("PLOS ONE", "eLife"):
        (finding,) = style_findings(journal)
        assert finding.severity is Severity.INFO


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("PAIN\u00ae", "PAIN"),
        ("Oncotarget; Vol 5, No 15", "Oncotarget"),
        ("Journal of Nursing Scholarship, vol. 3, no. 2", "Journal of Nursing Scholarship"),
        ("Nature", "Nature"),
        # "no" and "vol" as words of a title, not followed by a number: kept
        ("Volume Conductor Review", "Volume Conductor Review"),
        ("Vol 5", "Vol 5"),  # nothing before the debris: kept as it is
    ],
)
def test_without_marks(name: str, plain: str) -> None:
    assert without_marks(name) == plain


def test_a_part_or_supplement_after_a_period_is_no_parallel_title() -> None:
    assert parallel_title("Journal of Physics. Conference Series") is None
    assert parallel_title("International journal of cancer. Supplement") is None
    assert (
        parallel_title("Canadian journal of anaesthesia. Journal canadien d'anesthesie")
        == "Canadian journal of anaesthesia"
    )


@pytest.mark.parametrize(
    ("journal", "plain"),
    [
        ("PAIN{\\textregistered}", "Pain"),
        ("Oncotarget; Vol 5, No 15", "Oncotarget"),
        ("Nat Meth", "Nat Methods"),
        ("PloS one", "PLoS One"),
        ("International journal of cancer. Journal international du cancer", "Int J Cancer"),
    ],
)
def test_fix_apply_then_check_is_clean(journal: str, plain: str, tmp_path: Path) -> None:
    path = tmp_path / "references.bib"
    path.write_text(entry(journal, "2014"), encoding="utf-8")
    report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
    assert fix(mi_refs.load(path), report, apply=True).applied
    assert f"shortjournal = {{{plain}}}" in path.read_text(encoding="utf-8")
    assert not [f for f in check_offline(mi_refs.load(path), today=TODAY) if f.code == "style"]


def test_a_brands_acronym_spelled_by_nlms_title_is_a_prefix() -> None:
    """``EP Europace`` (holdout 6, shah-in-boots/bibliography): NLM's title ``Europace :
    European pacing, ...`` spells EP by its initials. ``BMJ Mental Health`` (the journal's
    name since 2023, written for the rule) is not NLM's ``Mental health``."""
    (finding,) = style_findings("EP Europace", "2023")
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, "Europace")
    assert journal_index().resolve("BMJ Mental Health").how != "parts"


def test_journals_side_by_side_under_one_title_keep_the_names_own() -> None:
    """``Spine`` for 2004 (holdout 6, kamermanpr/WHO-EML-application-2016): NLM files ``Spine
    (Phila Pa 1976)`` (title ``Spine``) and ``Spine (Phila Pa 1986)`` (``Spine
    (Philadelphia, Pa. : 1986)``), neither with the plain abbreviation: two journals side
    by side, and ``Spine`` is the first one's title. No 1986 suggestion. Where one member
    holds the plain abbreviation the title passed on (``Discrete Applied Mathematics``,
    ``J Acquir Immune Defic Syndr (1988)``: test_journal_history.py)."""
    record = journal_index().resolve("Spine")
    assert record.side_by_side() and record.current(2004) == "Spine (Phila Pa 1976)"
    assert not [
        f for f in style_findings("Spine", "2004") if f.suggestion == "Spine (Phila Pa 1986)"
    ]
    assert not journal_index().resolve("Discrete Applied Mathematics").side_by_side()


def test_a_title_renamed_to_its_initials_suggests_neither_title() -> None:
    """``Journal of the American Medical Association`` for 2002 (holdout 6,
    shah-in-boots/bibliography): NLM files the title under the pre-1960 ``J Am Med Assoc``,
    and lists ``JAMA``, the initials, as a journal of its own; the list dates neither, so the
    name has had both titles and none is suggested (was ``J Am Med Assoc``, wrong for 2002).
    ``CMAJ`` likewise; ``JOP : Journal of the pancreas`` is not ``Journal of Oncology
    Practice`` renamed (holdout 2, ChrisOldmeadow/blogdown-website)."""
    (jama,) = style_findings("Journal of the American Medical Association", "2002")
    assert (jama.severity, jama.suggestion) == (Severity.WARNING, None)
    assert "J Am Med Assoc, JAMA" in jama.message
    (cmaj,) = style_findings("Canadian Medical Association Journal", "2010")
    assert cmaj.suggestion is None
    (jop,) = style_findings("Journal of Oncology Practice", "2016")
    assert jop.suggestion == "J Oncol Pract"


def test_an_and_lost_or_added_between_words() -> None:
    """An ``&`` an export lost (``Exposure Health``, ``Time Society``: corpus names,
    /work/corpus-big) is NLM's title; an ``and`` the name adds is, in a name of three words
    without it (``Cancer and Metastasis Reviews``, holdout 6), not in one of two
    (``Information & Management``, Elsevier's, is not NLM's ``Information management``)."""
    index = journal_index()
    assert index.resolve("Exposure Health").abbreviation == "Expo Health"
    assert index.resolve("Cancer and Metastasis Reviews").abbreviation == "Cancer Metastasis Rev"
    assert index.resolve("Information & Management").how == "unknown"


def test_the_place_an_abbreviation_ends_with_left_out() -> None:
    """``Proc. Natl. Acad. Sci.`` (78 times in /work/corpus-big, at info before): NLM ends
    PNAS's abbreviation with its country, ``U S A``; ``J. Mar. Biol. Assoc.`` likewise with
    ``U K`` (written for the rule). A run of single letters that is no place is a word or a
    designator: ``Eur. Phys.`` is not ``Eur Phys J B``, ``Cost Qual`` not ``Cost Qual Q J``."""
    (finding,) = style_findings("Proc. Natl. Acad. Sci.")
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, "Proc Natl Acad Sci U S A")
    assert "without the place it ends with" in finding.message
    index = journal_index()
    assert index.resolve("J. Mar. Biol. Assoc.").abbreviation == "J Mar Biol Assoc U K"
    assert index.resolve("Eur. Phys.").abbreviation != "Eur Phys J B"
    assert index.resolve("Cost Qual").abbreviation != "Cost Qual Q J"
