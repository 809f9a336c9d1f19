"""Pages fields holding no pages (issue 16, check/values.py): one rule per kind, each case
from a public library (``owner/repo/path``, key), the quiet ones from the same corpus."""

from __future__ import annotations

import datetime as dt

import pytest

import mi_refs
from mi_refs.check.offline import check_offline
from mi_refs.model import Severity

TODAY = dt.date(2026, 11, 1)


def pages_findings(pages: str) -> list[str]:
    bib = mi_refs.loads(
        "@article{a, author = {Holme, PA}, title = {A study}, journal = {Blood}, "
        f"year = {{2017}}, volume = {{1}}, pages = {{{pages}}}}}\n"
    )
    found = [f for f in check_offline(bib, today=TODAY) if f.code == "implausible-value"]
    assert all(f.severity is Severity.WARNING and f.field == "pages" for f in found)
    return [f.message for f in found]


@pytest.mark.parametrize(
    ("pages", "words"),
    [
        # computational-neuroimaging-lab/Real-Time-Default-Network-Neurofeedback/mendeley.bib
        pytest.param("1-{\\&}", "markup", id="wos-ampersand-Klinger1988a"),
        pytest.param("1063{\\&}ndash;1072", "markup", id="html-entity-HelbigERPTMSN2011"),
        # rexdouglass/How_to_be_Careful_with_Covid19_Counts/MyLibrary.bib
        pytest.param("10.1377/hlthaff.2020.00455", "identifier", id="doi-basuEstimating2020"),
        # YashGPatel/Vessel-Underestimation/Merkle_Master_Library.bib
        pytest.param("2309-2316. PMID: 12091432", "identifier", id="pmid-glued-Falsini2002"),
        pytest.param("155-180. DOI: 10.1016/B978-0-12-816222-4.00010-1", "identifier",
                     id="doi-glued-dejongChapter10"),
        # gisurgonc/handbook/zotero.bib: an Elsevier PII
        pytest.param("S1470-2045(25)00027-0", "identifier", id="pii-vanderwilkS1470"),
        # JabRef/jabref .../EndnoteXmlImporterTestReport.bib
        pytest.param("Available: http://www.fs.fed.us/r2/x.pdf", "identifier", id="url-wiggins2005"),
        # lolaBerkowitz/TgF344-AD_Open_Field/MyLibrary.bib
        pytest.param("JN--RM--0208--21", "manuscript number", id="manuscript-takamura2021"),
        # gisurgonc/handbook/zotero.bib
        pytest.param("bmjqs-2025-019084", "manuscript number", id="doi-suffix-khalafbmjqs"),
        # lolaBerkowitz/TgF344-AD_Open_Field/MyLibrary.bib
        pytest.param("90, 90--101", "'90-101'?", id="glued-start-kolarik2016"),
        pytest.param("719, 719--722", "'719-722'?", id="glued-start-aronov2017"),
        # hubeiqiao/Literature-screening/Exported-Items.bib (EBSCO), retorquere/zotero-better-
        # bibtex test/fixtures/import/web_page-and-other-mendeley-idiocy.bib (APA PsycNET),
        # lhsantos/sysreview-elderly/sd.bib Jang2016 (ScienceDirect)
        pytest.param("N.PAG-N.PAG", "placeholder", id="ebsco-farnia2019"),
        pytest.param("No Pagination Specified-No Pagination Specified", "placeholder",
                     id="psycnet-Black2020"),
        pytest.param("-", "placeholder", id="bare-dash-Jang2016"),
        # a side that is no page number, neither digits nor a roman numeral (issue 16,
        # holdout 6): eyzhao/manuscript/paper/library.bib Dowsett2013, a manuscript
        # number's fragment; ACS's 'ASAP' (corpus)
        pytest.param("JCO--2012", "no page number", id="letters-side-Dowsett2013"),
        pytest.param("ASAP", "no page number", id="letters-asap"),
        pytest.param("1-n/a", "placeholder", id="placeholder-end-Janks2011"),
        # pages are numbered from 1: a page 0 (alanocallaghan/bibtex library.bib, JASA
        # online-first 'pages = {0}'; retorquere/zotero-better-bibtex fixture #1436-3
        # assali_2016, an article number as the volume and '0-10')
        pytest.param("0", "page 0", id="page-zero-jasa"),
        pytest.param("0-10", "page 0", id="page-zero-count-assali_2016"),
        pytest.param("000-000", "page 0", id="page-zero-placeholder-FlegeETAL99"),
        # a range from an arabic page to a roman one (eyzhao/manuscript Meaney2011: Clin
        # Sports Med 30(1):19-26, vii with its end lost)
        pytest.param("19--vii", "ends before it starts", id="arabic-to-roman-Meaney2011"),
    ],
)  # fmt: skip
def test_pages_that_are_no_pages_are_a_warning(pages: str, words: str) -> None:
    (message,) = pages_findings(pages)
    assert words in message


@pytest.mark.parametrize(
    "pages",
    [
        # article numbers and locators seen in the corpus: all plausible
        "e11234", "S12", "1--e5", "bhw053", "aac4716", "CD002042", "ENEURO.0383--17.2018",
        "2020.03.25.20043828", "appiajp201817040393", "141027121134006", "JCO1802202",
        # prefixed ranges that repeat their shape (retorquere/zotero-better-bibtex fixtures,
        # ajensen1234/lit-review myBib.bib kobashiRobustEstimationKnee2007)
        "C1-46-C1-50", "T3F-1-T3F-7", "VI-9-VI-12", "08JG03-1-08JG03-3", "72310W-72310W-6",
        # ranges with more after them (gisurgonc/handbook, dudukina/... My-Library.bib)
        "147--56; quiz e15--6", "527--41, v", "2262-7, 2110", "1023-30 e1-2", "836--passim",
        "64--+", "11.1--11", "105:1-105:38", "pp. 65-70", "", "  ",
        # open ranges, roman front matter, a range from front matter into the text
        "23--ff.", "145-ff", "143-es", "xiii--xxi", "vii", "iv--12",
        # an item's designation in its proceedings (retorquere/zotero-better-bibtex fixture
        # #97, Kuzel_1968)
        "Paper B",
    ],
)  # fmt: skip
def test_locators_and_ranges_stay_quiet(pages: str) -> None:
    assert pages_findings(pages) == []


def _with_doi(pages: str, doi: str, year: str) -> list[str]:
    bib = mi_refs.loads(
        "@article{a, author = {Desai, SV}, title = {A trial}, journal = {N Engl J Med}, "
        f"year = {{{year}}}, doi = {{{doi}}}, pages = {{{pages}}}}}\n"
    )
    return [f.message for f in check_offline(bib, today=TODAY) if f.code == "implausible-value"]


def test_a_dated_doi_suffix_as_pages_is_a_warning() -> None:
    """shah-in-boots/bibliography/cardiology.bib Desai2018 (holdout 6): the online-first
    NEJM article's DOI suffix, journal letters glued to a number starting with the year,
    written as the DOI ends."""
    (message,) = _with_doi("NEJMoa1800965", "10.1056/NEJMoa1800965", "2018")
    assert "the DOI's suffix" in message


@pytest.mark.parametrize(
    ("pages", "doi", "year"),
    [
        # the pii PubMed prints for an article ahead of print, without the DOI's dots
        # (holdout 3, park_continuation_2018: labelled plausible)
        ("appiajp201817040393", "10.1176/appi.ajp.2018.17040393", "2018"),
        # serial article IDs equal to the DOI suffix, no year in them (corpus)
        ("bhw053", "10.1093/cercor/bhw053", "2016"),
        ("srep34123", "10.1038/srep34123", "2016"),
        # a dated ID of another year than the entry's
        ("NEJMoa1800965", "10.1056/NEJMoa1800965", "2012"),
    ],
)
def test_serial_ids_and_piis_stay_quiet(pages: str, doi: str, year: str) -> None:
    assert _with_doi(pages, doi, year) == []
