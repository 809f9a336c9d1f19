"""Issue 16 (what holdout 2 showed missing): names BibTeX reads without trouble that are
still not one person's name as written, and years that are no year. Each rule with real
cases it catches (sources: tools/corpus lists and the labelled sets) and the look-alikes it
must leave alone (double surnames, particles, compound surnames, real surnames that are
also words)."""

import datetime as dt

import pytest

import mi_refs
from mi_refs import Severity
from mi_refs.check.names import name_shape_problem
from mi_refs.check.offline import check_offline
from mi_refs.model import Finding, Name

TODAY = dt.date(2026, 11, 1)


def findings(author: str = "Holme, PA", year: str = "2021", code: str = "") -> list[Finding]:
    bibtex = (
        f"@article{{a, author = {{{author}}}, title = {{T}}, journal = {{Br J Haematol}},\n"
        f"  year = {{{year}}}, volume = 1, pages = {{1--2}}}}\n"
    )
    bib = mi_refs.loads(bibtex)
    assert not bib.problems, [str(problem) for problem in bib.problems]
    return [f for f in check_offline(bib, today=TODAY) if not code or f.code == code]


@pytest.mark.parametrize(
    ("author", "severity", "words"),
    [
        # holdout 2 (harrig12/cancer-systems, ChrisOldmeadow/blogdown-website, Panreta/...,
        # JPyke3/EHR202-A2)
        ("Andrew Futreal, P.", Severity.WARNING, "printed 'Andrew Futreal P', 'Andrew' looks like a given name written into the surname: write 'Futreal, P. Andrew'"),
        ("Tian Ng, Alvin Wei", Severity.WARNING, "printed 'Tian Ng AW', 'Tian' looks like a given name"),
        ("Cupples, LAdrienne", Severity.WARNING, "printed 'Cupples L', 'LAdrienne' has two capitals: an initial glued to the given name (write 'L. Adrienne')"),
        ("Daw, EWarwick", Severity.WARNING, "'EWarwick' has two capitals"),
        ("Team, Kimi", Severity.WARNING, "printed 'Team K', it reads as a group written as a person: brace the group's name, {Kimi Team}"),
        ("of Statistics, c=AU; o=Commonwealth of Australia; ou=Australian Bureau", Severity.ERROR, "it contains '='"),
        # the tuning corpus (retorquere/zotero-better-bibtex #1436-3; AurinaBMH/PHDthesisLatex)
        ("Ho Lee, Hyun", Severity.WARNING, "'Ho' looks like a given name written into the surname: write 'Lee, Hyun Ho'"),
        ("Eugene Stanley, H.", Severity.WARNING, "'Eugene' looks like a given name"),
        ("Schaffer, W. J.; and Lind, M. D.;", Severity.ERROR, "it contains ';'"),
        ("Consortium, Gene Ontology", Severity.WARNING, "{Gene Ontology Consortium}"),
        ("World Health Organization", Severity.WARNING, "{World Health Organization}"),
        ("Bottomore, Tom <ed>", Severity.ERROR, "it contains '<'"),  # LuckyJimJD/BibTex
        ("M&uuml;ller, J", Severity.ERROR, "it contains ';', which is no part of a person's name (names joined without 'and', an HTML entity"),
    ],
)  # fmt: skip
def test_name_shapes_found(author: str, severity: Severity, words: str) -> None:
    found = findings(author, code="malformed-name")
    assert found, author
    assert {finding.severity for finding in found} == {severity}
    assert any(words in finding.message for finding in found), [f.message for f in found]


@pytest.mark.parametrize(
    "author",
    [
        "García Márquez, Gabriel",  # a Spanish double surname
        "Carnero Rosell, A.",
        "Martín Escorza, C.",  # Martín is a given name and a surname: left out
        "Lloyd Jones, D.",  # Welsh double surname
        "Dennison Himmelfarb, C.",
        "Bruce Macdonald, Hannah E.",  # Bruce is a surname too
        "Lambon Ralph, M. A.",
        "van der Berg, J.",  # particles
        "De Vries, PS",
        "Le Guillou, L.",
        "Ou Yang, Tai-Hsien",  # Ouyang, a Chinese compound surname
        "Au Yeung, Ka Wai",
        "Dal Pan, Gerald J",
        "Martin Jr, J. N.",  # a lineage after the surname
        "Bretz Jr, Robert D",
        "Service, Robert F",  # real surnames that are also words
        "Press, W. H.",
        "{Kimi Team}",  # a braced group
        "{Million Veterans Program}",
        "McDonald, DeShawn and LeRoy, JoAnn",  # capitals inside a name, not after an initial
        "Smith, JJ and Smith, J.-P. and VAN RYZIN, GREGG",
        "paradigm4",
    ],
)
def test_name_shapes_not_found(author: str) -> None:
    assert findings(author, code="malformed-name") == [], author


def test_a_braced_group_or_a_readable_name_has_no_shape_problem() -> None:
    assert name_shape_problem(Name(last="Kimi Team", corporate=True)) is None
    assert name_shape_problem(Name(last="Futreal", given="P. Andrew")) is None


@pytest.mark.parametrize(
    ("year", "words"),
    [
        # holdout 2 (JPyke3/EHR202-A2) and the corpus (LuckyJimJD/BibTex)
        ("Thu, 31/08/2023 - 11:30", "year 'Thu, 31/08/2023 - 11:30' is a date or a time, not a year: write year = {2023}"),
        ("Thu, 02/21/2019 - 13:28", "write year = {2019}"),
        ("2023-08-31", "write year = {2023}"),
        ("07:55:48.320713+00:00", "is a date or a time, not a year"),
        # the corpus: pages or a volume in the year field (retorquere #1436-3, crcox/MASTERBIB)
        ("135", "year '135' is not a year"),
        ("635-647", "is not a year"),
        ("19XX", "is not a year"),
    ],
)  # fmt: skip
def test_a_year_that_is_no_year_is_a_warning(year: str, words: str) -> None:
    (finding,) = findings(year=year, code="implausible-value")
    assert (finding.severity, finding.field, finding.stored) == (Severity.WARNING, "year", year)
    assert words in finding.message


@pytest.mark.parametrize(
    "year",
    ["2021", "in press", "In Press", "submitted", "n.d.", "1983a", "1982–1983", "1982--1983",
     "1989 [1987]", "June 1980", "Sept./1993", "Fall/Winter 1992-1993", "1890/1950"],
)  # fmt: skip
def test_other_year_forms_are_left_alone(year: str) -> None:
    assert findings(year=year, code="implausible-value") == []


def test_a_biblatex_date_is_not_a_year_field() -> None:
    bib = mi_refs.loads(
        "@article{a, author = {Holme, PA}, title = {T}, journal = {J}, date = {2023-08-31}}\n"
    )
    assert [f for f in check_offline(bib, today=TODAY) if f.code == "implausible-value"] == []
