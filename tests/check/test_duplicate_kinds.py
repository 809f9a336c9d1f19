"""Duplicates by kind, from holdout 5's misses (issue 16): each rule on the real entries it
was written for (quoted from ``tests/check/holdout5_findings.toml``, whose labels name the
library and commit: tools/corpus/holdout5_list.txt) and on the look-alikes it must leave
alone; the corpus cases the rules then found are quoted with their file."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest
import tomllib

import mi_refs
from mi_refs.check.offline import check_offline
from mi_refs.model import Finding, Severity

TODAY = dt.date(2026, 11, 1)
HOLDOUT5 = Path(__file__).with_name("holdout5_findings.toml")


@cache
def holdout5(key: str, code: str) -> str:
    """The quoted entries of holdout 5's label on ``key`` for ``code``."""
    with HOLDOUT5.open("rb") as file:
        (bib,) = [
            item["bib"]
            for item in tomllib.load(file)["finding"]
            if item["key"] == key and item["code"] == code
        ]
    return str(bib)


def findings(bib: str, *codes: str) -> list[Finding]:
    found = check_offline(mi_refs.loads(bib), today=TODAY)
    return [finding for finding in found if finding.code in codes]


def test_a_malformed_pmid_on_two_works_is_one_identifier_on_two_works() -> None:
    """alanocallaghan/bibtex library.bib, Dennis2012 and Drew2012: ``pmid =
    {1000000221}`` (ten digits, no PMID) on two unrelated 2012 articles."""
    (finding,) = findings(holdout5("Drew2012", "duplicate-entry"), "duplicate-entry")
    assert (finding.key, finding.severity, finding.field) == ("Drew2012", Severity.ERROR, "pmid")
    assert "1000000221 (not valid) is also given to Dennis2012: another title" in finding.message


def test_a_placeholder_identifier_is_not_compared() -> None:
    bib = "".join(
        f"@article{{k{n}, author = {{Smith, A}}, title = {{Title {n}}}, year = {{2020}}, "
        f"journal = {{J}}, pmid = {{{pmid}}}, doi = {{n/a}}}}\n"
        for n, pmid in enumerate(("NA", "NA", "0000", "0000"))
    )
    assert findings(bib, "duplicate-entry", "shared-identifier") == []


def test_a_year_as_the_volume_is_no_other_part() -> None:
    """alanocallaghan/bibtex library.bib, Veta2013 and Veta2015: one DOI on a 2013 entry
    with ``volume = {2013}`` and pages 1--21 and on the 2015 Medical Image Analysis
    article: one work twice (was a shared-identifier, a false alarm)."""
    (finding,) = findings(
        holdout5("Veta2015", "duplicate-entry"), "duplicate-entry", "shared-identifier"
    )
    assert (finding.code, finding.key, finding.severity) == (
        "duplicate-entry",
        "Veta2015",
        Severity.ERROR,
    )
    assert "the same work is listed twice" in finding.message


def test_a_volume_that_is_not_the_year_is_still_another_part() -> None:
    bib = holdout5("Veta2015", "duplicate-entry").replace("volume = {2013}", "volume = {19}")
    (finding,) = findings(bib, "duplicate-entry", "shared-identifier")
    assert finding.code == "shared-identifier"


def test_a_mis_encoded_title_is_mended_before_comparing() -> None:
    """alanocallaghan/bibtex library.bib, Zhang2016empirical and zhang2016empirical:
    ``3′ and 5′`` and ``3{\\^{a}}€² and 5{\\^{a}}€²`` (UTF-8 read as Windows-1252)."""
    (finding,) = findings(holdout5("zhang2016empirical", "duplicate-entry"), "duplicate-entry")
    assert (finding.key, finding.severity) == ("zhang2016empirical", Severity.WARNING)


def test_a_preprint_servers_volume_says_nothing_beside_its_article() -> None:
    """cbrueffer/phd_thesis Mendeley.bib, Shirley:2018 (bioRxiv, ``volume = {1}``) and
    Shirley:2019 (F1000Research 7)."""
    (finding,) = findings(holdout5("Shirley:2019", "duplicate-entry"), "duplicate-entry")
    assert (finding.key, finding.severity) == ("Shirley:2019", Severity.WARNING)
    assert "a preprint or working paper and its article" in finding.message


def test_two_articles_in_two_volumes_stay_two_works() -> None:
    bib = holdout5("Shirley:2019", "duplicate-entry").replace("bioRxiv", "F1000Research")
    assert findings(bib, "duplicate-entry") == []


def test_a_first_page_one_slip_from_the_other_on_one_last_page_is_one_range() -> None:
    """cbrueffer/phd_thesis Mendeley.bib, Fuller:2009 and Fuller:2009b: pages ``1013--23``
    and ``1012--1023``, one Nat Biotechnol article."""
    (finding,) = findings(holdout5("Fuller:2009b", "duplicate-entry"), "duplicate-entry")
    assert (finding.key, finding.severity) == ("Fuller:2009b", Severity.WARNING)


@pytest.mark.parametrize(
    ("mine", "theirs"),
    [("1013--23", "1112--1123"), ("1013--23", "1012--1020"), ("1013--1123", "1110--1123")],
    ids=["other-range", "other-last-page", "two-digits"],
)
def test_other_ranges_in_one_volume_stay_two_works(mine: str, theirs: str) -> None:
    bib = holdout5("Fuller:2009b", "duplicate-entry")
    bib = bib.replace("{1013--23}", "{" + mine + "}").replace("{1012--1023}", "{" + theirs + "}")
    assert findings(bib, "duplicate-entry") == []


def test_one_chapter_on_one_page_range_is_one_work_whatever_the_years() -> None:
    """grlurton/phd_proposal zotero_library.bib, lecuyer_medecins_1987 and
    lecuyer_medecins_1977: one chapter, pages 445--476 of one book, dated 1987 and 1977.
    Also ropensci/RefManageR inst/Bib/RJC.bib, xiao2003more and mammen2007more: one JASA
    article (98, 980--992) dated 2003 and 2007."""
    (finding,) = findings(holdout5("lecuyer_medecins_1977", "duplicate-entry"), "duplicate-entry")
    assert (finding.key, finding.severity) == ("lecuyer_medecins_1977", Severity.WARNING)


def test_one_title_years_apart_on_other_pages_stays_two_works() -> None:
    bib = holdout5("lecuyer_medecins_1977", "duplicate-entry").replace("445--476", "45--76", 1)
    assert findings(bib, "duplicate-entry") == []


def test_a_dotted_manuscript_number_as_pages() -> None:
    """cbrueffer/phd_thesis Mendeley.bib, Nagano:2018: ``pages = {clincanres.0991.2018}``,
    Clinical Cancer Research's online-first number."""
    (finding,) = findings(holdout5("Nagano:2018", "implausible-value"), "implausible-value")
    assert (finding.key, finding.severity) == ("Nagano:2018", Severity.WARNING)
    assert "manuscript number" in finding.message


@pytest.mark.parametrize("pages", ["ENEURO.0383--17.2018", "pdb.prot074351"])
def test_locators_with_dots_stay_quiet(pages: str) -> None:
    """eNeuro's article IDs (holdout 4's kinnavane_collateral_2018) and Cold Spring Harbor
    Protocols' (``pdb.prot074351``, a corpus entry) are the articles' locators."""
    bib = holdout5("Nagano:2018", "implausible-value").replace("clincanres.0991.2018", pages)
    assert findings(bib, "implausible-value") == []
