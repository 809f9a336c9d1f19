"""Issue 16, after holdout 6: the grammar of a person's name (check/namegrammar.py), rules
written per principle, not per the holdout's cases. A name is particles, surname words,
given names or initials and a lineage; a word outside that grammar, or a word in the wrong
slot, is the signal, and the level follows how certain the reading is. Each case is quoted
from a public .bib file (``owner/repo file: key``) of /work/corpus-big or /work/corpus
(every finding the rules added there was read by eye); the look-alikes each rule must leave
alone are from the same files."""

import pytest

from mi_refs import Severity
from tests.check.test_name_forms import findings, malformed, two_entries


@pytest.mark.parametrize(
    ("author", "severity", "words"),
    [
        # a byline reversed whole (PubMed into Mendeley): eyzhao/manuscript paper/library.bib
        ("K, Chan and SA, Roberts and LJ, Klimczak and JF, Sterling", Severity.ERROR, "a byline reversed whole"),  # K2015
        # YashGPatel/Vessel-Underestimation My_Library.bib: editors, initials with periods
        ("M., Wojtkowski and S.A., Boppart", Severity.ERROR, "a byline reversed whole"),  # augustinMultifunctionalOpticalCoherence2017
        # a placeholder for an empty value: ChrisOldmeadow/blogdown-website My_Library.bib
        ("Grant, Struan and {Struan Grant}, null", Severity.ERROR, "what a program writes for an empty value"),  # ramdasMultilayerFunctionalGenomic2022
        ("Natarajan, Pradeep and {null}, null", Severity.ERROR, "what a program writes for an empty value"),  # constructed from holdout 6's OSullivan2022
        # a credit line: hcp4715/SalientGoodSelf r-references.bib
        ("Frank E {Harrell Jr} and with contributions from Charles Dupont and many others.", Severity.ERROR, "words of a sentence or a credit line"),  # R-Hmisc
        # davharris/dissertation My_Library.bib
        ("Wing, Max Kuhn Contributions from Jed", Severity.ERROR, "words of a sentence or a credit line"),  # wing_caret_2013
        # gisurgonc/handbook zotero.bib
        ("Aaronson, N K and al, et", Severity.ERROR, "words of a sentence or a credit line"),  # aaronson365
        # two persons in one name without a comma: avallecam/abnomic malaria.bib
        ("Robert Gentleman and Wolfgang Huber Andy Liaw and Thomas Lumley", Severity.ERROR, "two persons written as one name"),  # gplots
        # more names than one person has, in one slot (elliotmartin92/Thesis My_Library.bib,
        # clancia/msm-simul-oncol references.bib)
        ("Hayek, D. Osman F. Payre B. Lemaitre S. Plaza B. Ronsin J.", Severity.ERROR, "hold 5 surnames, each with its initials"),  # hayekShavenbabyProteinIsoforms
        ("John P. Klein, Melvin L. Moeschberger", Severity.ERROR, "is a whole name, an initial inside it"),  # JohnP.Klein2003
        # a spaced hyphen: AhmedThahir/Zotero_Database My_Library.bib
        ("Chazan - Pantzalis, Victor and Gkika, Eleni", Severity.WARNING, "'-' stands between the name's words"),  # chazan-pantzalisSportsAnalyticsAlgorithms2020
        # a lineage among the given names: djhshih/djhshih-phd-thesis myc.bib, therapy.bib
        ("Morse, Herbert C 3rd and Ferguson, David O", Severity.WARNING, "'3rd' ends the given names"),  # spehalski12
        ("Marcus, Robert B Jr", Severity.WARNING, "'Jr' ends the given names"),  # christopherson14
        # dudukina/2020-10-10-nordic-data-coder-girls My Library.bib
        ("Pope, C. Arden III", Severity.WARNING, "'III' ends the given names"),  # higbee_estimating_2020
        # a given name in lower case: cbrueffer/phd_thesis Mendeley.bib
        ("Huang, Kuan lin and Ding, Li", Severity.WARNING, "the given name 'lin' is in lower case"),  # Campbell:2020
        # computational-neuroimaging-lab/Real-Time-Default-Network-Neurofeedback mendeley.bib
        ("Aicher, Karen a and Olmstead, Marcia C", Severity.WARNING, "the given name 'a' is in lower case"),  # Olmstead2009
        # a surname cut to its particle: computational-neuroimaging-lab/... mendeley.bib
        ("de, Waal F B", Severity.WARNING, "the surname is only the particle 'de'"),  # 17075063
        # kamermanpr/WHO-EML-application-2016 bib/library.bib
        ("Teerawattananon, Yot and ’t, Ellen F", Severity.WARNING, "the surname is only the particle"),  # Wirtz2016
        # a surname listed again alone: elliotmartin92/Thesis My_Library.bib
        ("Liu, Ben and Fournier, Maurille J and Fournier", Severity.WARNING, "'Fournier' alone repeats the surname"),  # liuMistargetedMethylationRRNA2008
        ("Powell, Lynda H. and Raczynski, James M. and {Raczynski}", Severity.WARNING, "'Raczynski' alone repeats the surname"),  # holdout 6's Berkman2003
        # a LaTeX command that is no letter or accent: djhshih/djhshih-phd-thesis cancer.bib
        ("Clarke, Ian and \\emphname{Shih}, David", Severity.WARNING, "the LaTeX command '\\emphname'"),  # li09
        # HugoBothaMD/academic-kickstart _BothaCV.bib: a CV's bold own name
        ("{\\bf Botha}, H and Jones, David T", Severity.WARNING, "the LaTeX command '\\bf'"),  # md_facial_2017
        # BU-DiSC/mendeley-library library-no-doi.bib: an accent whose braces were lost
        ("Altamirano, Mat\\'\\ias", Severity.WARNING, "printed \"Altamirano, Mat'\""),  # Altamirano
        # biblatex's initials slot holding a whole name (holdout 6's VANDEWALLE2007)
        ("family=VANDEWALLE, given=GILLES, given-i=GILLES and DIJK, DERK-JAN", Severity.WARNING, "'given-i' holds 'GILLES'"),
        # 'Others' capitalised: alanocallaghan/bibtex library.bib
        ("Zhao, Kun and Others", Severity.WARNING, "only 'others' in lower case"),  # zhao2016smn
        # a group's name with a number is a group's, not a person's with digits
        # (pmckeigue/covid-scotland covid.bib; cbrueffer/phd_thesis Mendeley.bib)
        ("Baillie, John Kenneth and Investigators, Isaric4c", Severity.WARNING, "a group written as a person"),  # thompson_neutralising_2020
        ("Consortium, H3Africa", Severity.WARNING, "a group written as a person"),  # Choudhury:2020
        # ... but a postal code is an address's (computational-neuroimaging-lab/... VanVugt2012)
        ("Oberlin College Science Center A244, 119 Woodland St. Oberlin 44074 O H U S A Neuroscience", Severity.ERROR, "it contains digits"),
        # an ordinal inside a group's or a work's name is no lineage
        # (LuanaO1/Bone-and-trace-elements SpringerLink.bib: organizersAbstracts5thWorld1990)
        ("Organizers, Abstracts of the 5th World Congress of Nuclear Medicine and Biology", Severity.ERROR, "it contains digits"),
        # a given name before a hyphenated surname (MiguelDLM/Paleo-virtual My_Library.bib)
        ("Antonio P{\\'e}rez-Claros, Juan and Figueirido, Borja", Severity.WARNING, "'Antonio' looks like a given name"),  # figueiridoConstraintAdaptationEvolution2011
    ],
)  # fmt: skip
def test_reported(author: str, severity: Severity, words: str) -> None:
    assert any(s == severity and words in m for s, m in malformed(author)), malformed(author)


@pytest.mark.parametrize(
    "author",
    [
        # given names said apart by the comma: NiklasTR/thesis My_Library.bib
        "de Vries, Robert Gerhardus Jacob",  # sachsLivingBiobankBreast2018
        "Collins, Anne Gabrielle Eva",  # alex-ten/dissertation: collins_neural_2016
        # four words, one person: avallecam/abnomic malaria.bib (TovarAcero2021)
        "Maria Fernanda Yasnot Acosta and Catalina Tovar-Acero",
        # a conjunction in a Catalan, Portuguese or Spanish surname, capitalised; given names
        # moved into the surname (retorquere/zotero-better-bibtex, NiklasTR/thesis,
        # alanocallaghan/bibtex, MiguelDLM/Paleo-virtual): one person each
        "Fontcuberta I Morral, Anna and De Sousa E Melo, Felipe and Pastore Y Piontti, Ana",
        "Le Q. Stuart-Williams, Hilary and Van T Veer, Laura",
        # many initials, one person (bruno-galindo/Gene_annotation_enrich_func, gisurgonc/handbook)
        "da Silva, Marcos Vin{\\'i}cius G. B. and Bergman, Jacques J. G. H. M.",
        # a Vietnamese given name that is no lineage: computational-neuroimaging-lab/...
        "Nguyen, Tuong Vi",  # Ducharme2015
        # particles where they belong, in any language
        "van der Berg, Jan and de la Cruz, Maria and Ortega y Gasset, José",
        "Din, Sami ud and {'t Hoen}, Ellen F",
        # a group's name keeps its own 'and' and its number (holdout 3 false labels)
        "Food{\\ }and{\\ }Drug{\\ }Administration",  # food1998guidance
        "{1000 Genomes Project Consortium}",
        # accents, letters and \relax are a name's (RossiBib; crcox/MASTERBIB)
        "Wysmo{\\l}ek, Andrzej and {\\O}stergaard, Lars and Prokhorov, G. {\\relax Yu}.",
        "Fr{\\aa}nberg, Mattias and Stra{\\ss}er, Bernd and Ne{\\v{c}}as, Ji{\\v r}{\\'\\i}",
        # 'others' in lower case is BibTeX's own word for the authors left out
        "Zhao, Kun and others",
        # two names with one-letter-ish surnames, not reversed: a surname in capitals
        "LI, Wei and WU, Jian",
    ],
)  # fmt: skip
def test_left_alone(author: str) -> None:
    assert not [m for s, m in malformed(author) if s in {Severity.WARNING, Severity.ERROR}]


def test_one_name_with_surname_and_initials_swapped_stays_a_warning() -> None:
    """One name ``Surname Initials`` without its comma is a warning (``Weinan E`` alone is a
    name); the byline is reversed whole, an error, only when two names or more of the list
    are and one of them has initials no surname is (one letter, periods, no vowel)."""
    assert [s for s, _ in malformed("Wojtkowski M. and Smith, John")] == [Severity.WARNING]


@pytest.mark.parametrize(
    ("first", "second", "about"),
    [
        # avallecam/abnomic malaria.bib (holdout 6): Davies2015Large, King2015FOC
        ("Philip L. Felgner and Denise L. Doolan", "Phil Felgner and Elizabeth Baum", "'Felgner P'"),
        # djhshih/djhshih-phd-thesis mb-prog.bib (holdout 6): gajjar06, muscal09
        ("Kun, Larry E and Woo, Shaio", "Su, Jack and Woo, Shiao Y", "'Woo SY'"),
    ],
)  # fmt: skip
def test_a_short_or_misspelt_given_name_is_one_person_maybe(
    first: str, second: str, about: str
) -> None:
    """A given name that starts another (``Phil``/``Philip``) or has two letters swapped
    (``Shaio``/``Shiao``) does not make two people: reported, at info."""
    found = findings(two_entries(first, second), "inconsistent-name")
    assert [s for _, s, m in found if about in m] == [Severity.INFO], found


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Kovács, Ildikó", "Kovacs, Illés"),  # issue 16: two people
        ("Rossi, Maria", "Rossi, Mario A"),  # one letter apart, not swapped: two people
        ("Tong, Weida", "Tong, Wei-Gang"),  # a hyphen's first part is no short form
    ],
)
def test_different_given_names_stay_two_people(first: str, second: str) -> None:
    assert findings(two_entries(first, second), "inconsistent-name") == []
