"""Issue 16, the name kinds holdout 5 showed missing, written per category (holdout 5 is no
longer blind for malformed-name): several persons braced or comma-joined into one name,
names joined by ``;`` inside braces, ``{others}`` braced, a person braced whole with a bare
middle initial, initials or a hyphenated given name written into the surname, a title
written into the surname, a lineage alone as an author, a list split at its commas by
``and``, one person listed twice with a surname's first word moved into the given names, a
group's name split at a comma with ``Sciences`` last or a ``/`` inside, an address word
(``View``) in a person's name. Each case is quoted from a public .bib file (``owner/repo
file: key``); the look-alikes each rule must leave alone are from the same corpus (the
38 corpus files and the 1,041 .bib files of the fetched repositories, measured with
tools/corpus/offline_findings.py, every finding the rules added read by eye)."""

import pytest

import mi_refs
from mi_refs import Severity
from mi_refs.check.offline import check_offline
from tests.check.test_name_forms import TODAY, malformed


@pytest.mark.parametrize(
    ("author", "severity", "words"),
    [
        # alanocallaghan/bibtex library.bib (holdout 5)
        ("{Raivo Kolde, Kaspar M{\\\"{a}}rtens, Kaie Lokk, Sven Laur and Jaak Vilo}", Severity.ERROR, "several persons braced into one name"),  # kolde:seqlm16
        ("{TE Kessels}, Loes and {AC Ruiter}, Robert", Severity.WARNING, "the initials 'TE' are written into the surname"),  # TEKessels2012
        ("Castellana, Michele and {Hsin-Jung Li}, Sophia and Wingreen, Ned S", Severity.WARNING, "'Hsin-Jung' looks like a given name"),  # Castellana:2016zr
        ("{Viray Dr.}, Hollis and Li, Kevin", Severity.WARNING, "'Dr.' is a title, written into the surname"),  # VirayDr.2013
        ("{Thomas P Minka}", Severity.WARNING, "a person's name braced whole"),  # ScarpArchaeology2008
        ("PM, Fischer and JW, Richards and Jr and EJ, Berman and DM, Krugman", Severity.ERROR, "'Jr' alone is a lineage"),  # PM1989
        ("McCarthy and J., Davis and Chen and Yunshun and Smyth and K., Gordon", Severity.ERROR, "split at their commas"),  # McCarthy2012
        ("Palma, Paolo Dalla and Collina, Guido and {Dalla Palma}, Paolo and Collina, Guido", Severity.WARNING, "one person listed twice"),  # Palma2009
        # cbrueffer/phd_thesis Mendeley.bib (holdout 5)
        ("Weiyi Peng, Jie Qing Chen, Chengwen Liu, Shruti Malu, Za, Michael A. Davies and Patrick Hwu", Severity.ERROR, "several persons joined by commas"),  # Peng:2016
        ("Poplin, Ryan and Loy, Dion and Sciences, Verily Life and View, Mountain", Severity.ERROR, "'View' belongs to an affiliation or an address"),  # Poplin2016CreatingNetworks
        ("Cmero, Marek and Davidson, Nadia M and Sciences, Health", Severity.WARNING, "a group written as a person"),  # Cmero:2020
        ("Group, The SAM/BAM Format Specification Working", Severity.WARNING, "a group written as a person"),  # samspec
        ("Boiesen, P and Grp, S Sweden Breast Canc", Severity.WARNING, "a group written as a person"),  # Boiesen:2000
        # grlurton/phd_proposal zotero_library.bib (holdout 5)
        ("Sauerborn, Rainer and {Karam; Marc}", Severity.ERROR, "it contains ';'"),  # sauerborn_geographic_2000
        ("Breiman, Leo and {others}", Severity.WARNING, "write 'and others' without braces"),  # breiman_statistical_2001
        # smnhasan/C-Section-South-Asia My Collection.bib (holdout 5)
        ("Cavallaro, Francesca L and {Jd Barros}, Alu{\\'{i}}sio", Severity.WARNING, "the initials 'Jd' are written"),  # Cavallaro2013
        # retorquere/zotero-better-bibtex test/fixtures/import/Unabbreviate on import #1436-3.bib
        ("{Hen Dotan, Nripan Mathews, Takashi Hisatomi, Michael Gr{\\\"{a}}tzel}", Severity.ERROR, "several persons braced into one name"),  # hendotannripanmathewstakashihisatomimichaelgratzel_2014
        ("Pemasiri, K and Gao, Q. and Jagadish, Chennupati and {Others}", Severity.WARNING, "'Others' is braced"),  # pemasiri_2009
        ("Wang, Y and Campenhout, Joris Van and Baets, Roel and {Van Campenhout}, Joris", Severity.WARNING, "one person listed twice"),  # wang_2013m
        # PaulinaSell/lead-IQ_meta-analysis manuscript_references.bib
        ("{Gabry J, Mahr T}", Severity.ERROR, "several persons braced into one name"),  # gabryjmahrt2025BayesplotPlottingBayesian
        # AurinaBMH/PHDthesisLatex library.bib
        ("Strome, Susan and Miller, David M and III", Severity.ERROR, "'III' alone is a lineage"),  # Spencer2011
        # lolaBerkowitz/TgF344-AD_Open_Field MyLibrary.bib
        ("{Nancy L Monson} and {Ann M Stowe}", Severity.WARNING, "printed 'Nancy L Monson' in full"),  # nancy_l_monson_elevated_2014
        ("Ballatore, Carlo and {M-Y Lee}, Virginia", Severity.WARNING, "'M-Y' looks like a given name"),  # ballatore_tau-mediated_2007
        # bruno-galindo/Gene_annotation_enrich_func My Library.bib
        ("Machado, Marco A and {CD Peixoto}, Maria Gabriela", Severity.WARNING, "the initials 'CD'"),  # machado_genome_2010
        # garretchristensen/BestPracticesManual Bibliography.bib
        ("{Begg C} and {Cho M} and {et al}", Severity.WARNING, "'et al' is braced"),  # begg_c_improving_1996
        ("{Chan A} and {Hrbjartsson A} and {Haahr MT} and {Gtzsche PC} and {Altman DG}", Severity.WARNING, "printed 'Haahr MT' as written"),  # chan_a_empirical_2004
        # dudukina/2020-10-10-nordic-data-coder-girls My Library.bib
        ("{Sarnak Mark J.} and {McCullough Peter A.}", Severity.WARNING, "printed 'McCullough Peter A.' as written"),  # sarnak_mark_j_kidney_2003
        # drnazmulalam/nazmulalam.ca MyLibrary.bib
        ("Minne B. Heringa, Jon Algra, Wouter H. J. Vaes, and Joop L. M. Hermens, Dolors Pastor", Severity.ERROR, "several persons joined by commas"),  # minne_b._heringa_negligible_2002
    ],
)  # fmt: skip
def test_reported(author: str, severity: Severity, words: str) -> None:
    assert any(s == severity and words in m for s, m in malformed(author)), malformed(author)


@pytest.mark.parametrize(
    "author",
    [
        # alanocallaghan/bibtex library.bib (holdout 5 false labels)
        "Gaunt, Tom R and {Davey Smith}, George and Relton, Caroline L",  # Gaunt2016
        "{Jimeno Yepes}, Antonio and Verspoor, Karin",  # JimenoYepes2014
        # (its 'and Others' capitalised is a finding of its own since holdout 6: BibTeX reads
        # only 'others' in lower case as the authors left out; tests/check/test_name_grammar.py)
        "{Van Nostrand}, Eric L and Pratt, Gabriel A and others",  # van2016robust
        "{R Core Team}",  # R
        # cbrueffer/phd_thesis Mendeley.bib (holdout 5 false labels)
        "Viale, G. and Cardoso, F. and {TRANSBIG Consortium {\\&} the MINDACT Investigators}",  # Viale:2014
        "Dowsett, Mitch and Hayes, Daniel F. and {International Ki-67 in Breast Cancer Working Group}",  # Dowsett:2011
        # cbrueffer/phd_thesis Mendeley.bib: the particle Di in capitals
        "Baruzzo, Giacomo and {DI Camillo}, Barbara",  # Baruzzo:2017
        # LuckyJimJD/BibTex Juris-M.bib: Dan La Botz; a name in capitals
        "{LA Botz}, Dan",  # LABotz1991
        "SERON, CAROLL and {VAN RYZIN}, GREGG",  # SERON2014
        # AurinaBMH/PHDthesisLatex library.bib: St (Saint), Mc written apart
        "Ripke, Stephan and {St Clair}, David",  # Ripke2014a
        "{St George-Hyslop}, Peter and Ferrari, Raffaele",  # Ferrari2014
        "Altshuler, David and {Mc Kernan}, Kevin J.",  # Altshuler2010
        # retorquere/zotero-better-bibtex test/fixtures/export/Cache does not seem to fill #1296:
        # a Czech surname whose vowel is a syllabic r, not initials
        "Krs, Vojt{\\v{e}}ch",  # Krs:2014vm
        # retorquere/zotero-better-bibtex test/fixtures/export/Bulk performance test.bib:
        # a group's name braced, alone in its list; alanocallaghan/bibtex library.bib
        "{Gruppe V}",  # GruppeV1974DispositionsplanGronne
        "{Cancer Research UK}",  # CancerResearchUK
        # cbrueffer/phd_thesis Mendeley.bib (holdout 5 false label): a braced group
        "{National Cancer Institute}",  # NationalCancerInstitute
        # smnhasan/C-Section-South-Asia My Collection.bib: a double surname braced
        "Neuman, Melissa and {Shah More}, Neena",  # Neuman2014
    ],
)  # fmt: skip
def test_left_alone(author: str) -> None:
    assert not [m for s, m in malformed(author) if s in {Severity.WARNING, Severity.ERROR}]


def keyed(key: str, author: str) -> list[tuple[Severity, str]]:
    bibtex = f"@article{{{key}, author = {{{author}}}, title = {{T}}, year = {{2016}}}}\n"
    found = check_offline(mi_refs.loads(bibtex), today=TODAY)
    return [(f.severity, f.message) for f in found if f.code == "malformed-name"]


@pytest.mark.parametrize(
    ("key", "author"),
    [
        # alanocallaghan/bibtex library.bib (holdout 5): the key names the first author
        ("Christinat:jSplice2016", "{Yann Christinat}, Rafa{\\l} Paw{\\l}owski and Krek, Wilhelm"),
        ("Matsui:D3M2016", "{Yusuke Matsui Masahiro Mizuta}, Satoru Miyano and Shimamura, Teppei"),
    ],
)  # fmt: skip
def test_several_persons_by_the_entrys_key(key: str, author: str) -> None:
    assert any(
        s == Severity.ERROR and "another person's full name" in m for s, m in keyed(key, author)
    ), keyed(key, author)


@pytest.mark.parametrize(
    ("key", "author"),
    [
        # crcox/MASTERBIB ttr.bib: a Spanish double surname, one given name
        ("Peon61", "Hernandez Peon, R."),
        # JabRef/jabref jablib/src/test/resources/.../CitaviXmlImporterTest3.bib
        ("smith2010-line743", "Sharpless Smith, Susan"),
        # retorquere/zotero-better-bibtex test/fixtures/export/Cache does not seem to fill
        # #1296.bibtex: the key drops a particle
        ("Kleek:2009p4302", "{Van Kleek}, Max G and Bernstein, Michael"),
        # mne-tools/mne-python doc/references.bib: names joined without 'and', said as such
        ("BrunaEtAl2018", "Ricardo Bruña, Fernando Maestú, Ernesto Pereda"),
    ],
)  # fmt: skip
def test_the_key_alone_makes_no_second_person(key: str, author: str) -> None:
    assert not [m for _, m in keyed(key, author) if "another person's full name" in m]


def test_an_acronym_alone_is_a_group_not_a_list_split_at_its_commas() -> None:
    """``Altshuler D and Daly M``-style lists (Vancouver pasted as BibTeX) are not read as a
    list split at its commas when the one-word name beside them is an acronym (an unbraced
    group), not a surname alone: they are a byline reversed whole (an error since holdout 6,
    tests/check/test_name_grammar.py). Constructed (no such list in the corpus): a hedge for
    libraries nobody here has seen."""
    found = malformed("Altshuler D and Daly M and WHO")
    assert found and all("split at their commas" not in m for _, m in found), found
    assert all(s == Severity.ERROR and "byline reversed whole" in m for s, m in found), found


@pytest.mark.parametrize("author", ["{AL Amin}, Mohammed", "{BIN Ahmad}, Rosli"])
def test_an_article_in_capitals_is_not_initials(author: str) -> None:
    """Constructed (the corpus holds only ``DI Camillo``, ``LA Botz``): Arabic and Malay
    articles in capitals before the surname are no initials."""
    assert not [m for _, m in malformed(author) if "written into the surname" in m]
