"""What makes two entries one work, and what makes them parts or two works (issue 16,
holdout 6's duplicate misses, each written as the principle a reviewer applied): a title's
numbers do not change when an export drops a space; an identifier is read wherever the
entry states it (biblatex ``eprint``); one identifier on works with no author in common is
wrong on one of them; one byline reversed whole is the same byline; one work co-published
in two journals; a short title located by one report number or URL. Each case from a public
library (``owner/repo/path``, keys); the quiet ones are the look-alikes each rule must leave
alone."""

from __future__ import annotations

import datetime as dt

import pytest

import mi_refs
from mi_refs.check.offline import check_offline
from mi_refs.model import Severity

TODAY = dt.date(2026, 11, 1)
CODES = {"duplicate-entry", "shared-identifier"}


def found(bibtex: str) -> list[tuple[str | None, str, Severity, str]]:
    bib = mi_refs.loads(bibtex)
    return [
        (f.key, f.code, f.severity, f.message)
        for f in check_offline(bib, today=TODAY)
        if f.code in CODES
    ]


# eyzhao/manuscript/paper/library.bib Popova2012/Popova2012a: one Cancer Res article, one DOI,
# the title's 'BRCA1/2inactivation' and 'BRCA1/2 inactivation'
POPOVA = (
    "@article{Popova2012, author = {Popova, T and Mani{\\'{e}}, E}, doi = "
    "{10.1158/0008-5472.CAN-12-1470}, journal = {Cancer Res}, title = {Ploidy and large-scale "
    "genomic instability consistently identify basal-like breast carcinomas with "
    "BRCA1/2inactivation}, volume = {72}, year = {2012}}\n"
    "@article{Popova2012a, author = {Popova, Tatiana and Mani{\\'{e}}, Elodie}, doi = "
    "{10.1158/0008-5472.CAN-12-1470}, journal = {Cancer Research}, number = {21}, pages = "
    "{5454--5462}, title = {Ploidy and large-scale genomic instability consistently identify "
    "basal-like breast carcinomas with BRCA1/2 inactivation}, volume = {72}, year = {2012}}\n"
)


def test_a_space_lost_in_a_title_does_not_make_another_part() -> None:
    ((key, code, severity, message),) = found(POPOVA)
    assert (key, code, severity) == ("Popova2012a", "duplicate-entry", Severity.ERROR)
    assert "listed twice" in message


def test_other_numbers_glued_to_letters_are_still_other_parts() -> None:
    """BRCA1 and BRCA2 in one title on one DOI: other numbers, other parts (or works)."""
    bib = POPOVA.replace("BRCA1/2inactivation", "BRCA1 inactivation").replace(
        "BRCA1/2 inactivation", "BRCA2 inactivation"
    )
    ((_, code, _, _),) = found(bib)
    assert code == "shared-identifier"


# shah-in-boots/bibliography/arrhythmia.bib Arri2016/Pimple2015: the PMID of Pimple 2015 (J
# Psychosom Res) given as biblatex eprint to Arri 2016 (Heart) too
ARRI_PIMPLE = (
    "@article{Arri2016, title = {Mental Stress-Induced Myocardial Ischaemia}, author = {Arri, "
    "S S and Ryan, M and Redwood, S R and Marber, M S}, date = {2016-03}, journaltitle = "
    "{Heart}, volume = {102}, number = {6}, eprint = {25727240}, eprinttype = {pmid}, pages = "
    "{472--480}, doi = {10.1136/heartjnl-2014-307306}}\n"
    "@article{Pimple2015, title = {Angina and Mental Stress-Induced Myocardial Ischemia}, "
    "author = {Pimple, Pratik and Shah, Amit J. and Rooks, Cherie and Vaccarino, Viola}, date = "
    "{2015-05}, journaltitle = {Journal of Psychosomatic Research}, volume = {78}, number = {5}, "
    "eprint = {25727240}, eprinttype = {pmid}, pages = {433--437}, doi = "
    "{10.1016/j.jpsychores.2015.02.007}}\n"
)


def test_one_eprint_pmid_on_works_with_no_author_in_common_is_an_error() -> None:
    ((key, code, severity, message),) = found(ARRI_PIMPLE)
    assert (key, code, severity) == ("Pimple2015", "duplicate-entry", Severity.ERROR)
    assert "PMID 25727240" in message
    assert "one of the two is wrong" in message


def test_one_identifier_on_works_sharing_authors_is_a_part_to_check() -> None:
    """With an author in common the two may be parts or companions of one study: which one
    the identifier belongs to is a human's call (the shaping side's hetzl_2016/schuster_2012
    is the real case)."""
    bib = ARRI_PIMPLE.replace("Rooks, Cherie", "Marber, M S")
    ((key, code, severity, _),) = found(bib)
    assert (key, code, severity) == ("Pimple2015", "shared-identifier", Severity.WARNING)


def test_an_eprint_of_another_type_is_no_pmid() -> None:
    bib = ARRI_PIMPLE.replace("eprinttype = {pmid}", "eprinttype = {arxiv}")
    assert found(bib) == []


# eyzhao/manuscript/paper/library.bib Le2015/DT2015: the second without identifiers, its
# byline reversed whole ('DT, Le')
LE = (
    "@article{Le2015, author = {Le, Dung T. and Uram, Jennifer N. and Wang, Hao and Diaz, Luis "
    "A.}, doi = {10.1056/NEJMoa1500596}, journal = {New England Journal of Medicine}, pages = "
    "{2509--2520}, title = {PD-1 Blockade in Tumors with Mismatch-Repair Deficiency}, volume = "
    "{372}, year = {2015}}\n"
    "@article{DT2015, author = {DT, Le and JN, Uram and H, Wang and LA, Diaz}, pmid = "
    "{26028255}, title = {PD-1 Blockade in Tumors with Mismatch-Repair Deficiency}, year = "
    "{2015}}\n"
)


def test_a_byline_reversed_whole_is_the_same_byline() -> None:
    ((key, code, severity, _),) = found(LE)
    assert (key, code, severity) == ("DT2015", "duplicate-entry", Severity.WARNING)


def test_another_byline_on_the_same_title_stays_quiet() -> None:
    bib = LE.replace("DT, Le and JN, Uram", "Smith, Ann and Jones, Bo")
    assert found(bib) == []


# shah-in-boots/bibliography/cardiology.bib Otto2021/Otto2021a: the 2020 ACC/AHA valvular
# heart disease guideline in JACC and in Circulation, each with its own DOI
OTTO = (
    "@article{Otto2021, title = {2020 {{ACC}}/{{AHA Guideline}} for the {{Management}} of "
    "{{Patients With Valvular~Heart Disease}}}, author = {Otto, Catherine M. and Nishimura, Rick "
    "A. and Bonow, Robert O.}, date = {2021-02-02}, journaltitle = {Journal of the American "
    "College of Cardiology}, volume = {77}, pages = {e25-e197}, doi = "
    "{10.1016/j.jacc.2020.11.018}}\n"
    "@article{Otto2021a, title = {2020 {{ACC}}/{{AHA Guideline}} for the {{Management}} of "
    "{{Patients With Valvular Heart Disease}}}, author = {Otto, Catherine M. and Nishimura, "
    "Rick A. and Bonow, Robert O.}, date = {2021-02-02}, journaltitle = {Circulation}, volume = "
    "{143}, pages = {e72-e227}, doi = {10.1161/CIR.0000000000000923}}\n"
)


def test_one_work_co_published_in_two_journals_is_a_warning() -> None:
    ((key, code, severity, message),) = found(OTTO)
    assert (key, code, severity) == ("Otto2021a", "duplicate-entry", Severity.WARNING)
    assert "published twice" in message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("journaltitle = {Circulation}", "journaltitle = {Journal of the American College of "
         "Cardiology}"),  # one journal, two DOIs: two items of it
        ("Rick A. and Bonow, Robert O.}, date = {2021-02-02}, journaltitle = {Circ",
         "Rick A. and Carabello, Blase}, date = {2021-02-02}, journaltitle = {Circ"),
        ("date = {2021-02-02}, journaltitle = {Circ", "date = {2022-02-02}, journaltitle = {Circ"),
    ],
)  # fmt: skip
def test_two_dois_with_another_journal_byline_or_year_stay_two_works(old: str, new: str) -> None:
    assert old in OTTO
    assert found(OTTO.replace(old, new)) == []


# kamermanpr/WHO-EML-application-2016/bib/library.bib SIGN2013/Sign2013: SIGN 136 under two
# corporate authors, report numbers 'SIGN136' and 'SIGN 136'
SIGN = (
    "@techreport{SIGN2013, title = {Management of chronic pain}, author = {{Scottish "
    "Intercollegiate Guidelines Network (SIGN)}}, number = {SIGN136}, institution = {Scottish "
    "Intercollegiate Guidelines Network, Scotland}, year = {2013}}\n"
    "@techreport{Sign2013, title = {Management of chronic pain}, author = {{Healthcare "
    "Improvement Scotland}}, number = {SIGN 136}, pages = {1-71}, institution = {Scottish "
    "Intercollegiate Guidelines Network}, year = {2013}}\n"
)


def test_a_short_title_with_one_report_number_is_one_work() -> None:
    ((key, code, severity, _),) = found(SIGN)
    assert (key, code, severity) == ("Sign2013", "duplicate-entry", Severity.WARNING)


def test_a_short_title_with_one_url_is_one_work() -> None:
    bib = SIGN.replace("number = {SIGN136}", "url = {http://sign.ac.uk/pdf/SIGN136.pdf}")
    bib = bib.replace("number = {SIGN 136}", "url = {http://www.sign.ac.uk/pdf/SIGN136.pdf}")
    ((key, _, _, _),) = found(bib)
    assert key == "Sign2013"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("number = {SIGN 136}", "number = {SIGN 137}"),  # two reports of one series
        ("number = {SIGN 136}", "note = {x}"),  # a short title and nothing locating it
    ],
)
def test_a_short_title_without_one_locator_stays_quiet(old: str, new: str) -> None:
    assert found(SIGN.replace(old, new)) == []


# A guideline under its body's name and under its panel's persons (a made-up pair in the
# shape of the ADA's yearly standards, which libraries cite both ways): a byline of bodies
# only names no person, so it is no evidence of other authors
ADA = (
    "@article{ada2019, title = {Standards of Medical Care in Diabetes 2019}, author = "
    "{{American Diabetes Association}}, journal = {Diabetes Care}, year = {2019}}\n"
    "@article{panel2019, title = {Standards of Medical Care in Diabetes 2019}, author = "
    "{Smith, Ann and Jones, Bo}, journal = {Diabetes Care}, year = {2019}}\n"
)


def test_a_body_s_byline_beside_persons_is_one_work() -> None:
    ((key, code, severity, _),) = found(ADA)
    assert (key, code, severity) == ("panel2019", "duplicate-entry", Severity.WARNING)


def test_two_bylines_of_persons_on_that_title_stay_two_works() -> None:
    bib = ADA.replace("{{American Diabetes Association}}", "{Brown, Cy and White, Di}")
    assert found(bib) == []


# NiklasTR/thesis/references.bib: a PubMed page saved as @misc beside its article; the
# identifier stated as its resolver link only
LGR5 = (
    "@misc{InducedQuiescenceLgr5, title = {Induced {Quiescence} of {Lgr5}+ {Stem} {Cells} in "
    "{Intestinal} {Organoids}}, url = {https://pubmed.ncbi.nlm.nih.gov/27939219/}, urldate = "
    "{2023-12-16}}\n"
    "@article{basakInducedQuiescenceLgr52017, title = {Induced {Quiescence} of {Lgr5}+ {Stem} "
    "{Cells} in {Intestinal} {Organoids}}, doi = {10.1016/j.stem.2016.11.001}, journal = {Cell "
    "Stem Cell}, author = {Basak, Onur and Beumer, Joep}, year = {2017}, pmid = {27939219}}\n"
)


def test_an_identifier_stated_as_its_resolver_link_is_compared() -> None:
    ((key, code, severity, message),) = found(LGR5)
    assert (key, code, severity) == ("basakInducedQuiescenceLgr52017", "duplicate-entry",
                                     Severity.ERROR)  # fmt: skip
    assert "PMID 27939219" in message


def test_a_doi_link_is_read_as_the_doi() -> None:
    bib = LGR5.replace("https://pubmed.ncbi.nlm.nih.gov/27939219/",
                       "https://doi.org/10.1016/j.stem.2016.11.001")  # fmt: skip
    ((_, _, severity, message),) = found(bib)
    assert severity is Severity.ERROR and "DOI 10.1016/j.stem.2016.11.001" in message


def test_a_search_link_is_no_identifier() -> None:
    bib = LGR5.replace("https://pubmed.ncbi.nlm.nih.gov/27939219/",
                       "https://pubmed.ncbi.nlm.nih.gov/?term=lgr5")  # fmt: skip
    assert found(bib) == []


# One article twice on one DOI, one field written with more or less than the other: a lone
# missing or malformed value is no evidence of another part (corpus: drnazmulalam/
# nazmulalam.ca MyLibrary.bib morin_chemical_2012 and xu_application_2016;
# lolaBerkowitz/TgF344-AD_Open_Field MyLibrary.bib mao_vision_2020 and gureviciene_2019)
ONE_DOI = (
    "@article{a, title = {Application of in vivo solid-phase microextraction in environmental "
    "analysis}, volume = {85}, doi = {10.1016/j.trac.2016.03.003}, journal = {TrAC Trends in "
    "Analytical Chemistry}, author = {Xu, Jianqiao}, year = {2016}, pages = {26--35}}\n"
    "@article{b, title = {Application of in vivo solid-phase microextraction in environmental "
    "analysis}, volume = {85}, doi = {10.1016/j.trac.2016.03.003}, journal = {TrAC Trends in "
    "Analytical Chemistry}, author = {Xu, Jianqiao}, year = {2016}, pages = {26--35}}\n"
)


@pytest.mark.parametrize(
    ("field", "one", "other"),
    [
        ("volume", "85", "85, Part A"),  # Elsevier's volume part
        ("volume", "85", "85, 85"),  # a volume written twice
        ("volume", "0", "85"),  # Frontiers' online-first volume 0
        ("pages", "26--35", "p. 26 -- p. 35"),  # a page prefix
        ("pages", "26--35", "S0165993616300000"),  # a PII as the pages
        ("pages", "26--35", "26, 26--35"),  # the first page glued before the range
    ],
)
def test_a_lone_missing_or_malformed_value_is_not_another_part(
    field: str, one: str, other: str
) -> None:
    first, second = ONE_DOI.split("\n@")
    written = "26--35" if field == "pages" else "85"
    bib = (
        first.replace(f"{field} = {{{written}}}", f"{field} = {{{one}}}")
        + "\n@"
        + (second.replace(f"{field} = {{{written}}}", f"{field} = {{{other}}}"))
    )
    ((key, code, severity, _),) = found(bib)
    assert (key, code, severity) == ("b", "duplicate-entry", Severity.ERROR)


@pytest.mark.parametrize(
    ("field", "one", "other"),
    [("volume", "85, Part A", "85, Part B"), ("volume", "85", "86"), ("pages", "26--35", "36--45")],
)
def test_two_values_of_one_field_are_still_another_part(field: str, one: str, other: str) -> None:
    first, second = ONE_DOI.split("\n@")
    written = "26--35" if field == "pages" else "85"
    bib = (
        first.replace(f"{field} = {{{written}}}", f"{field} = {{{one}}}")
        + "\n@"
        + (second.replace(f"{field} = {{{written}}}", f"{field} = {{{other}}}"))
    )
    ((key, code, severity, _),) = found(bib)
    assert (key, code, severity) == ("b", "shared-identifier", Severity.WARNING)
