"""Issue 16.2, helper F: the title current in an entry's year, and names the style prints
as written in lower case.

Names from public .bib libraries: ``Journal of Acquired Immune Deficiency Syndromes`` for
2008-2012 papers (grlurton/phd_proposal, holdout 5's ``porter_beyond_2012``),
``Discrete Applied Mathematics`` for a 1998 paper (BU-DiSC/mendeley-library),
``j nanosci nanotechnol`` (retorquere/zotero-better-bibtex's import fixture #1436),
``bioinformatics`` (alanocallaghan/bibtex), ``genesis`` (elliotmartin92/Thesis),
``journal = science`` with its @string macro in another file (iridia-ulb/references)."""

from __future__ import annotations

from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.journals import journal_index
from mi_refs.check.offline import check_offline
from mi_refs.intake.fix import fix
from mi_refs.model import Severity
from tests.check.test_journal_records import TODAY, entry


def style_findings(
    journal: str, year: str = "2015", shortjournal: str = ""
) -> list[mi_refs.Finding]:
    bibliography = mi_refs.loads(entry(journal, year, shortjournal))
    return [f for f in check_offline(bibliography, today=TODAY) if f.code == "style"]


@pytest.mark.parametrize(
    ("journal", "year", "suggestion"),
    [
        # NLM: "Journal of acquired immune deficiency syndromes" (J Acquir Immune Defic Syndr
        # (1988)) and "... (1999)" (J Acquir Immune Defic Syndr): the later title's year is in
        # its NLM title, not in its abbreviation
        ("Journal of Acquired Immune Deficiency Syndromes", "2012", "J Acquir Immune Defic Syndr"),
        ("Journal of Acquired Immune Deficiency Syndromes", "1990",
         "J Acquir Immune Defic Syndr (1988)"),
        ("JAIDS Journal of Acquired Immune Deficiency Syndromes", "2014",
         "J Acquir Immune Defic Syndr"),
        # NLM: "Discrete applied mathematics" (... (1979)) and "... (Amsterdam, Netherlands :
        # 1988)" (Discrete Appl Math)
        ("Discrete Applied Mathematics", "1998", "Discrete Appl Math"),
        ("Discrete Applied Mathematics", "1985", "Discrete Appl Math (1979)"),
        ("J Acquir Immune Defic Syndr (1988)", "2012", "J Acquir Immune Defic Syndr"),
    ],
)  # fmt: skip
def test_the_title_current_in_the_entrys_year_from_nlms_title_qualifiers(
    journal: str, year: str, suggestion: str
) -> None:
    (finding,) = style_findings(journal, year)
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, suggestion)


def test_a_title_year_dates_a_family_only_when_every_member_is_dated() -> None:
    """``Am J Public Health (N Y)`` is the title of 1912 and ``Am J Public Health`` the one
    of 1971, which the list does not date: an undated member may come before or after."""
    (finding,) = style_findings("American Journal of Public Health", "2010")
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, None)
    assert "cannot tell which one a 2010 article is in" in finding.message
    (obesity,) = style_findings("International Journal of Obesity", "2016")
    assert obesity.suggestion is None
    record = journal_index().resolve("Journal of Acquired Immune Deficiency Syndromes")
    assert record.started("J Acquir Immune Defic Syndr") == 1999
    assert record.started("J Acquir Immune Defic Syndr (1988)") == 1988


def test_the_later_title_written_as_its_abbreviation_is_no_finding() -> None:
    assert not style_findings(
        "Journal of Acquired Immune Deficiency Syndromes", "2012", "J Acquir Immune Defic Syndr"
    )
    assert not style_findings("J Acquir Immune Defic Syndr", "2012")


def test_several_words_in_lower_case_are_a_warning_one_word_an_info() -> None:
    (several,) = style_findings("j nanosci nanotechnol")
    assert (several.severity, several.suggestion) == (Severity.WARNING, "J Nanosci Nanotechnol")
    for journal in ("bioinformatics", "genesis"):  # genesis: its publisher's own styling
        (one,) = style_findings(journal)
        assert one.severity is Severity.INFO
    for journal in ("omega", "ms"):  # a qualifier's base; two letters
        assert all(f.severity is Severity.INFO for f in style_findings(journal))


def test_a_journal_from_an_undefined_macro_is_left_to_its_parse_error() -> None:
    text = "@article{a, author = {Doe, J}, title = {T}, journal = science, year = {2000}}\n"
    bibliography = mi_refs.loads(text)
    assert [p.field for p in bibliography.problems] == ["journal"]
    assert not [f for f in check_offline(bibliography, today=TODAY) if f.code == "style"]


@pytest.mark.parametrize(
    ("journal", "year", "plain"),
    [
        ("Journal of Acquired Immune Deficiency Syndromes", "2012", "J Acquir Immune Defic Syndr"),
        ("Discrete Applied Mathematics", "1998", "Discrete Appl Math"),
        ("j nanosci nanotechnol", "2020", "J Nanosci Nanotechnol"),
    ],
)
def test_fix_apply_then_check_is_clean(journal: str, year: str, plain: str, tmp_path: Path) -> None:
    path = tmp_path / "references.bib"
    path.write_text(entry(journal, year), encoding="utf-8")
    report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
    assert fix(mi_refs.load(path), report, apply=True).applied
    assert f"shortjournal = {{{plain}}}" in path.read_text(encoding="utf-8")
    assert not [f for f in check_offline(mi_refs.load(path), today=TODAY) if f.code == "style"]


# --- a society's name and accents (check/journal_keys.py, check/journals.py) -------------
# Names from public .bib libraries: holdout 3 (alex-ten/dissertation's cohen_should_2007) and
# holdout 4 (lolaBerkowitz's blair_oscillatory_2013) for Philosophical Transactions B;
# mne-tools/mne-python (Pascual-Marqui2011) for A; davharris/dissertation (1998, 2011) and
# ajensen1234/lit-review (Marr 1979) for Proceedings B; holdout 3's cronin-fenton_concurrent_2018
# and cbrueffer/phd_thesis for Acta Oncologica.


@pytest.mark.parametrize(
    ("journal", "year", "suggestion"),
    [
        # NLM keeps "of London. Series B" the society's own title has dropped
        ("Philosophical Transactions of the Royal Society B: Biological Sciences", "2007",
         "Philos Trans R Soc Lond B Biol Sci"),
        # NLM's later title has no society: "Philosophical transactions. Series A, ..."
        ("Philosophical Transactions of the Royal Society A: Mathematical, Physical and "
         "Engineering Sciences", "2011", "Philos Trans A Math Phys Eng Sci"),
        # the Swedish "Acta oncologica (Stockholm, Sweden)", not the Spanish "Acta oncológica"
        ("Acta Oncologica", "2018", "Acta Oncol"),
        ("Acta oncológica", "1990", "Acta Oncol (Madr)"),
    ],
)  # fmt: skip
def test_a_place_or_a_society_dropped_and_accents_that_decide(
    journal: str, year: str, suggestion: str
) -> None:
    (finding,) = style_findings(journal, year)
    assert (finding.severity, finding.suggestion) == (Severity.WARNING, suggestion)


@pytest.mark.parametrize(
    "journal",
    [
        # the title before 1990 (place dropped) and NLM's "Proceedings. Biological sciences"
        # (society dropped): two journals, no suggestion either way
        "Proceedings of the Royal Society B: Biological Sciences",
        "Proceedings of The Royal Society B: Biological Sciences",
        "Proceedings of the Royal Society of London B: Biological Sciences",
    ],
)
def test_a_name_read_as_two_listed_titles_suggests_neither(journal: str) -> None:
    assert all(
        f.suggestion is None and f.severity is Severity.INFO for f in style_findings(journal)
    )


def test_titles_alike_but_for_accents_keep_a_dated_family() -> None:
    record = journal_index().resolve("Journal of Applied Physiology")
    assert len(record.family) == 2
    assert record.current(2000) == "J Appl Physiol (1985)"
