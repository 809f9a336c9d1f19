"""Issue 16 (what holdout 3 showed missing; holdout 3 is no longer blind for these kinds):
a group's name BibTeX split at a comma or a joining word, a lineage or an initial written
into the surname, initials glued with one in lower case, a letter lost to a space, a byline
read as a given name, a "not available" placeholder; and pages that are no pages (an
export's placeholder, a start written again as the end). Each rule with real cases (sources:
holdout 3's dudukina/2020-10-10-nordic-data-coder-girls ``My Library.bib``,
garretchristensen/BestPracticesManual ``Bibliography.bib``, alex-ten/dissertation
``_refs_my_library.bib``; and corpus files read when the rules were checked:
AurinaBMH/PHDthesisLatex, MiguelDLM/Paleo-virtual, gisurgonc/handbook) and the look-alikes it
must leave alone."""

import datetime as dt

import pytest

import mi_refs
from mi_refs import Severity
from mi_refs.check.names import name_shape_problem
from mi_refs.check.offline import check_offline
from mi_refs.model import Name

TODAY = dt.date(2026, 11, 1)


def malformed(author: str) -> list[tuple[Severity, str]]:
    bibtex = (
        f"@article{{a, author = {{{author}}}, title = {{T}}, journal = {{Br J Haematol}},\n"
        f"  year = {{2010}}, volume = 1, pages = {{1--2}}}}\n"
    )
    bib = mi_refs.loads(bibtex)
    found = check_offline(bib, today=TODAY)
    return [(f.severity, f.message) for f in found if f.code == "malformed-name"]


@pytest.mark.parametrize(
    ("author", "severity", "words"),
    [
        ("Committee on Gynecologic, Practice", Severity.WARNING, "a group's name split into a person's parts"),
        ("North American Antiepileptic Drug Pregnancy, Registry", Severity.WARNING, "a group's name split"),
        ("Brighton Collaboration Preterm Birth Working, Group", Severity.WARNING, "a group's name split"),
        ("Pediatric, Hivaids Cohort Study", Severity.WARNING, "a group's name split"),
        ("Collaborative Group on Hormonal Factors in Breast Cancer", Severity.WARNING, "a group's name split"),
        ("Royal College of Obstetricians {and} Gynaecologists", Severity.WARNING, "a group's name split"),
        ("Seage Iii, G. R.", Severity.WARNING, "'Iii' is the lineage III written as a name part"),
        ("Iii, Henry L Roediger", Severity.WARNING, "'Iii' is the lineage III"),
        ("R. Prybutok, Victor", Severity.WARNING, "the initial 'R.' is written into the surname"),
        ("Sorensen, TIa", Severity.WARNING, "the initials 'TIa' are glued, one in lower case"),
        ("H bert, Paul C.", Severity.WARNING, "the surname 'H bert' lost a letter to a space"),
        ("Malchow-M ller, Nikolaj", Severity.WARNING, "lost a letter to a space"),
        ("John R. Lott, Jr., By", Severity.ERROR, "'By' is the byline, not a given name"),
        ("Na", Severity.WARNING, "a placeholder for 'not available'"),
        ("{\\&Na;}", Severity.WARNING, "a placeholder for 'not available'"),
    ],
)  # fmt: skip
def test_reported(author: str, severity: Severity, words: str) -> None:
    found = malformed(author)
    assert len(found) == 1, found
    assert found[0][0] is severity and words in found[0][1], found


@pytest.mark.parametrize(
    "author",
    [
        "{World Health Organization}",  # braced: a group
        "dos S. Liporace, Frederico",  # a particle: an abbreviated Portuguese double surname
        "Na, Hyun",  # the Korean surname Na
        "Roediger, Henry L., III",  # the lineage where it belongs
        "Sorensen, T. I. A.",
        "Hébert, Paul C.",
        "Van der Berg, Anna",
        "Ó Ríordáin, Seán",
        "in 't Veld, Jan",  # Dutch "in" is a particle, not a joining word
    ],
)
def test_left_alone(author: str) -> None:
    assert malformed(author) == []


def test_a_name_without_a_given_part_is_printed_as_written() -> None:
    """A group's words with no given part (some exports) print as written: nothing split,
    no letter lost (``The R team``, ``the PDP Research Group`` in crcox/MASTERBIB)."""
    assert name_shape_problem(Name(last="The R team")) is None
    assert name_shape_problem(Name(last="PDP Research Group", particle="the")) is None


# --- pages that are no pages (implausible-value; holdout 3's dudukina and alex-ten
# libraries, fatihserta/reference-directory's 'undefined-undefined', zotero-better-bibtex's
# fixtures' 'n/a-n/a' and 'No Pagination Specified-...') ---------------------------------


def page_findings(pages: str) -> list[tuple[Severity, str]]:
    bibtex = (
        "@article{a, author = {Doe, Jane}, title = {T}, journal = {Br J Haematol},\n"
        f"  year = {{2010}}, volume = 1, pages = {{{pages}}}}}\n"
    )
    found = check_offline(mi_refs.loads(bibtex), today=TODAY)
    return [(f.severity, f.message) for f in found if f.code == "implausible-value"]


@pytest.mark.parametrize(
    ("pages", "words"),
    [
        ("null", "an export's placeholder"),
        ("n/a--n/a", "an export's placeholder"),
        ("undefined-undefined", "an export's placeholder"),
        ("xiii, 423--xiii, 423", "its start 'xiii, 423' is written again after the dash"),
        ("IAI.00454--20, iai;IAI.00454--20v1", "its start 'IAI.00454' is written again"),
        ("N.PAG-N.PAG", "placeholder"),  # EBSCO's "no pagination" (a placeholder since holdout 4)
    ],
)
def test_pages_that_are_no_pages(pages: str, words: str) -> None:
    found = page_findings(pages)
    assert len(found) == 1 and found[0][0] is Severity.WARNING and words in found[0][1], found


@pytest.mark.parametrize(
    "pages", ["5--5", "615.e1-615.e11", "172 e1-172 e15", "7.297.1-7.297.13", "e1-e220", "333--6"]
)
def test_ranges_left_alone(pages: str) -> None:
    assert page_findings(pages) == []
