"""One work in two versions or two imports (issue 16, check/duplicates.py): a long title
that is one string of letters once folded, something else agreeing, nothing saying two
works. Each case from a public library (``owner/repo/path``, keys); the quiet ones are the
false alarms the rule guards against, from the same corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.duplicates import duplicate_works
from mi_refs.check.offline import check_offline
from mi_refs.intake.fix import fix
from mi_refs.model import Severity
from tests.bounded.timing import assert_linear

TODAY = dt.date(2026, 11, 1)


def versions(bibtex: str) -> list[tuple[str | None, str]]:
    bib = mi_refs.loads(bibtex)
    found = [f for f in check_offline(bib, today=TODAY) if f.code == "duplicate-entry"]
    assert all(f.severity is Severity.WARNING for f in found)
    return [(f.key, f.message) for f in found]


FOUND = [
    # garretchristensen/BestPracticesManual/Bibliography.bib: an SSRN paper beside its article
    pytest.param(
        "@article{simonsohn2014p, Author = {Simonsohn, Uri and Nelson, Leif D}, Journal = "
        "{Journal of Experimental Psychology: General}, Pages = {534}, Title = {P-curve: A key "
        "to the file-drawer.}, Volume = {143}, Year = {2014}}\n"
        "@techreport{simonsohn_p-curve:_2013, Author = {Simonsohn, Uri and Nelson, Leif D.}, "
        "Institution = {Social Science Research Network}, Title = {P-Curve: A Key to the File "
        "Drawer}, Type = {{SSRN} Scholarly Paper}, Year = {2013}}\n",
        "simonsohn_p-curve:_2013",
        "a preprint or working paper and its article",
        id="ssrn",
    ),
    # lolaBerkowitz/TgF344-AD_Open_Field/MyLibrary.bib: a bioRxiv DOI beside the article's
    pytest.param(
        "@article{meister_neurons_2018, title = {Neurons in {Primate} {Entorhinal} {Cortex} "
        "{Represent} {Gaze} {Position}}, volume = {38}, doi = {10.1523/JNEUROSCI.2432-17.2018}, "
        "journal = {Journal of Neuroscience}, author = {Meister, Miriam L. R. and Buffalo, "
        "Elizabeth A.}, year = {2018}, pages = {2430--2441}}\n"
        "@article{meister_neurons_2017, title = {Neurons in primate entorhinal cortex represent "
        "gaze position}, doi = {10.1101/182220}, author = {Meister, Miriam L. R. and Buffalo, "
        "Elizabeth A.}, year = {2017}}\n",
        "meister_neurons_2017",
        "a preprint",
        id="biorxiv-doi",
    ),
    # alex-ten/dissertation/_refs_my_library.bib: a Zotero PDF stub (no year, pages = the
    # PDF's page count) beside its article
    pytest.param(
        "@article{salvucci_threaded_nodate, title = {Threaded {Cognition}: {An} {Integrated} "
        "{Theory} of {Concurrent} {Multitasking}}, author = {Salvucci, Dario D and Taatgen, "
        "Niels A}, pages = {31}}\n"
        "@article{salvucci_threaded_2008, title = {Threaded cognition: {An} integrated theory of "
        "concurrent multitasking.}, volume = {115}, doi = {10.1037/0033-295X.115.1.101}, journal "
        "= {Psychological Review}, author = {Salvucci, Dario D. and Taatgen, Niels A.}, year = "
        "{2008}, pages = {101--130}}\n",
        "salvucci_threaded_2008",
        "PDF import or stub",
        id="pdf-stub",
    ),
    # the same library: the stub under the right spelling, the article misspelled (Kileen)
    pytest.param(
        "@article{kileen_beyond_2006, title = {Beyond statistical inference: {A} decision theory "
        "for science}, volume = {13}, doi = {10.3758/BF03193962}, journal = {Psychonomic "
        "Bulletin \\& Review}, author = {Kileen, Peter R.}, year = {2006}, pages = {549--562}}\n"
        "@article{killeen_beyond_2008, title = {Beyond statistical inference: {A} decision theory "
        "for science}, author = {Killeen, Peter R}, year = {2008}, pages = {27}}\n",
        "killeen_beyond_2008",
        "the same work twice",
        id="surname-typo",
    ),
    # alex-ten/dissertation/_refs_my_library.bib: a particle dropped from the surname
    pytest.param(
        "@article{di_domenico_emerging_2017, title = {The Emerging Neuroscience of Intrinsic "
        "Motivation: A New Frontier in Self-Determination Research}, volume = {11}, journal = "
        "{Frontiers in Human Neuroscience}, author = {Di Domenico, Stefano I. and Ryan, Richard "
        "M.}, year = {2017}}\n"
        "@article{domenico_emerging_2017, title = {The Emerging Neuroscience of Intrinsic "
        "Motivation: A New Frontier in Self-Determination Research}, volume = {11}, journal = "
        "{Frontiers in Human Neuroscience}, author = {Domenico, Stefano I Di}, year = {2017}, "
        "pages = {14}}\n",
        "domenico_emerging_2017",
        "the same work twice",
        id="particle-dropped",
    ),
    # drnazmulalam/nazmulalam.ca/MyLibrary.bib: one page range under two spellings of one
    # journal, a year apart (print and online years)
    pytest.param(
        "@article{spietelun_2012, title = {Understanding solid-phase microextraction: key "
        "factors influencing the extraction process and trends in improving the technique}, "
        "journal = {Chemical reviews}, author = {Spietelun, Agata and Kloskowski, Adam}, year = "
        "{2012}, volume = {113}, pages = {1667--1685}}\n"
        "@article{spietelun_2013, title = {Understanding solid-phase microextraction: key "
        "factors influencing the extraction process and trends in improving the technique}, "
        "journal = {Chem Rev}, author = {Spietelun, Agata and Kloskowski, Adam}, year = {2013}, "
        "volume = {113}, pages = {1667--85}, doi = {10.1021/cr300148j}}\n",
        "spietelun_2013",
        "the same work twice",
        id="two-spellings-one-range",
    ),
    # lolaBerkowitz/TgF344-AD_Open_Field/MyLibrary.bib: British and American spellings of
    # one title, the bioRxiv preprint and its article
    pytest.param(
        "@article{bassett_self-organized_2018, title = {Self-Organized Attractor Dynamics in "
        "the Developing Head Direction Circuit}, volume = {28}, journal = {Current Biology}, "
        "author = {Bassett, Joshua P. and Wills, Tom J. and Cacucci, Francesca}, year = {2018}, "
        "pages = {609--615.e3}, doi = {10.1016/j.cub.2018.01.010}}\n"
        "@article{bassett_self-organised_2017, title = {Self-organised attractor dynamics in the "
        "developing head direction circuit.}, journal = {bioRxiv}, author = {Bassett, Joshua P. "
        "and Wills, Thomas J. and Cacucci, Francesca}, year = {2017}, pages = {221028}}\n",
        "bassett_self-organised_2017",
        "a preprint",
        id="spelling-variant",
    ),
    # computational-neuroimaging-lab/Real-Time-Default-Network-Neurofeedback/mendeley.bib:
    # a PDF import with split letters and the address as authors, one year, a long title
    pytest.param(
        "@article{Inesiology2007, title = {{A TTENTIONAL F OCUS AND M OTOR L EARNING : A R EVIEW "
        "OF 10 Y EARS OF R ESEARCH}}, year = {2007}, author = {Inesiology, D Epartment O F K}}\n"
        "@article{Wulf2007, title = {{Attentional focus and motor learning: A review of 10 years "
        "of research}}, year = {2007}, journal = {E-journal Bewegung und Training}, author = "
        "{Wulf, Gabriele}, pages = {1--11}, volume = {1}}\n",
        "Wulf2007",
        "the same work twice",
        id="split-letters",
    ),
    # the same library: garbage authors, no year, one page range
    pytest.param(
        "@article{Grill, title = {{EEG Alpha Activity Reflects Attentional Demands , and Beta "
        "Activity Reflects Emotional and Cognitive Processes}}, author = {Grill, H J and "
        "Sciences, Natural}, number = {1}, pages = {750--752}}\n"
        "@article{Ray1985, title = {{EEG alpha activity reflects attentional demands, and beta "
        "activity reflects emotional and cognitive processes}}, year = {1985}, journal = "
        "{Science}, author = {Ray, W J and Cole, H W}, number = {4700}, pages = {750--752}, "
        "volume = {228}, doi = {10.1126/science.3992243}}\n",
        "Ray1985",
        "the same work twice",
        id="one-page-range",
    ),
    # the same library: one article with and without its DOI, braces inside the title
    pytest.param(
        "@article{Power2012, title = {{Spurious but systematic correlations in functional "
        "connectivity MRI networks arise from subject motion}}, year = {2012}, journal = "
        "{Neuroimage}, author = {Power, JD D D and Barnes, KA A A}, number = {3}, pages = "
        "{2142--2154}, volume = {59}, doi = {10.1016/j.neuroimage.2011.10.018}}\n"
        "@article{power2012, title = {{{\\{}S{\\}}purious but systematic correlations in "
        "functional connectivity {\\{}M{\\}}{\\{}R{\\}}{\\{}I{\\}} networks arise from subject "
        "motion}}, year = {2012}, journal = {Neuroimage}, author = {Power, J D and Barnes, K A},"
        " number = {3}, pages = {2142--2154}, volume = {59}}\n",
        "power2012",
        "the same work twice",
        id="with-and-without-doi",
    ),
]


@pytest.mark.parametrize(("bibtex", "key", "words"), FOUND)
def test_one_work_in_two_versions_is_a_warning(bibtex: str, key: str, words: str) -> None:
    ((found_key, message),) = versions(bibtex)
    assert found_key == key and words in message
    assert "delete" not in message or "delete neither" in message


def pair(first: str, second: str) -> str:
    return first + "\n" + second + "\n"


QUIET = [
    # two parts, a correction, a reply: other titles once folded
    pair(
        "@article{a, author = {Holme, PA}, title = {Guidelines for haemophilia care: Part I}, "
        "journal = {Haemophilia}, year = 2020, pmid = {1}}",
        "@article{b, author = {Holme, PA}, title = {Guidelines for haemophilia care: Part II}, "
        "journal = {Haemophilia}, year = 2020}",
    ),
    pair(
        "@article{a, author = {Holme, PA}, title = {Emicizumab prophylaxis in haemophilia A}, "
        "journal = {Blood}, year = 2020, pages = {1--9}}",
        "@article{b, author = {Holme, PA}, title = {Erratum: Emicizumab prophylaxis in "
        "haemophilia A}, journal = {Blood}, year = 2021, pages = {100}}",
    ),
    pair(
        "@article{a, author = {Holme, PA}, title = {Emicizumab prophylaxis in haemophilia A}, "
        "journal = {Blood}, year = 2020}",
        "@article{b, author = {Smith, J}, title = {Reply to: Emicizumab prophylaxis in "
        "haemophilia A}, journal = {Blood}, year = 2020}",
    ),
    # BU-DiSC/mendeley-library/library.bib: a book and its review in a journal
    pair(
        "@book{Laffont1989, author = {Laffont, Jean-Jacques}, title = {The Economics of "
        "Uncertainty and Information}, publisher = {MIT Press}, year = 1989}",
        "@article{Laffont1990, author = {Laffont, Jean-Jacques}, title = {The Economics of "
        "Uncertainty and Information}, journal = {Journal of Economic Behavior & "
        "Organization}, volume = 14, pages = {157--158}, year = 1990}",
    ),
    # ropensci/RefManageR inst/Bib/RJC.bib: a grant's yearly reports under one title
    pair(
        "@techreport{k1983, author = {Kallianpur, G and Carroll, R J}, title = {Research in "
        "Stochastic Processes}, institution = {UNC}, year = 1983}",
        "@techreport{c1985, author = {Carroll, R J and Kallianpur, G}, title = {Research in "
        "Stochastic Processes.}, institution = {UNC}, year = 1985}",
    ),
    # LuckyJimJD/BibTex Juris-M-Law-DataTrespass.bib: two decisions in one case, no author
    pair(
        "@misc{W2016, title = {Western Watersheds Project v. Michael}, year = 2016}",
        "@misc{W2018, title = {Western Watersheds Project v. Michael}, year = 2018}",
    ),
    # iridia-ulb/references biblio.bib: a chapter and its supplement on Zenodo (two DOIs)
    pair(
        "@incollection{S2023, author = {Shavarani, Mahdi and Knowles, J}, title = {An "
        "Interactive Decision Tree-Based Evolutionary Multi-Objective Algorithm}, booktitle = "
        "{EMO 2023}, pages = {620--634}, doi = {10.1007/978-3-031-27250-9_44}}",
        "@misc{S2023supp, author = {Shavarani, Mahdi and Knowles, J}, title = {An Interactive "
        "Decision Tree-Based Evolutionary Multi-Objective Algorithm}, howpublished = {Zenodo}, "
        "year = 2023, doi = {10.5281/zenodo.7429806}}",
    ),
    # a reprint or a new edition: years far apart, other editions, other volumes
    pair(
        "@article{a, author = {Lissauer, H}, title = {A case of visual agnosia with a "
        "contribution to theory}, journal = {Archiv}, year = 1890}",
        "@article{b, author = {Lissauer, H}, title = {A case of visual agnosia with a "
        "contribution to theory}, journal = {Cognitive Neuropsychology}, year = 1988}",
    ),
    pair(
        "@book{a, author = {Holme, PA}, title = {Clinical Haemostasis and Thrombosis}, "
        "edition = {2}, publisher = {P}, year = 2019}",
        "@book{b, author = {Holme, PA}, title = {Clinical Haemostasis and Thrombosis}, "
        "edition = {3}, publisher = {P}, year = 2020}",
    ),
    pair(
        "@book{a, author = {Holme, PA}, title = {Handbook of Haemostasis and Thrombosis}, "
        "volume = 1, publisher = {P}, year = 2020}",
        "@book{b, author = {Holme, PA}, title = {Handbook of Haemostasis and Thrombosis}, "
        "volume = 2, publisher = {P}, year = 2020}",
    ),
    # a column title recurring in one journal: other issues or page ranges
    pair(
        "@article{a, author = {Holme, PA}, title = {Highlights from the haemophilia "
        "literature}, journal = {Haemophilia}, year = 2020, issue = 1, pages = {10--12}}",
        "@article{b, author = {Holme, PA}, title = {Highlights from the haemophilia "
        "literature}, journal = {Haemophilia}, year = 2021, issue = 3, pages = {300--302}}",
    ),
    # two works with one long title and other authors in other years
    pair(
        "@article{a, author = {Smith, J}, title = {Machine learning in clinical practice: "
        "a review}, journal = {A}, year = 2019}",
        "@article{b, author = {Jones, K}, title = {Machine learning in clinical practice: "
        "a review}, journal = {B}, year = 2021}",
    ),
    # near-identical titles that differ in a number or a short token (BU-DiSC/mendeley-
    # library TPCC/TPCH; fatihserta/reference-directory greenacre_multivariate_nodate-1/-4)
    pair(
        "@misc{TPCC, author = {TPC}, title = {Specification of TPC-C benchmark}}",
        "@misc{TPCH, author = {TPC}, title = {Specification of TPC-H benchmark}}",
    ),
    pair(
        "@book{g4, author = {Greenacre, M}, title = {Multivariate Analysis of Ecological Data 4}}",
        "@book{g5, author = {Greenacre, M}, title = {Multivariate Analysis of Ecological Data 5}}",
    ),
    # a short title is not enough
    pair(
        "@article{a, title = {Editorial commentary}, year = 2020}",
        "@article{b, author = {Jones, K}, title = {Editorial commentary}, year = 2020}",
    ),
]


@pytest.mark.parametrize("bibtex", QUIET)
def test_other_works_with_one_title_stay_quiet(bibtex: str) -> None:
    assert versions(bibtex) == []


def test_finding_versions_grows_linearly() -> None:
    """1,500 entries and more: found through the folded title, never all pairs compared."""

    def make(count: int) -> object:
        entries = "".join(
            f"@article{{k{i}, author = {{Author{i}, A}}, title = {{A long title of "
            f"work number {i} on haemophilia care}}, journal = {{J}}, year = {2000 + i % 20}}}\n"
            for i in range(count)
        )
        references = mi_refs.loads(entries).references
        return lambda: duplicate_works(references)

    assert_linear(make, 1_500)  # type: ignore[arg-type]


def test_fix_deletes_neither_version(tmp_path: Path) -> None:
    """``fix --apply`` leaves both entries of a versions pair (a preprint and its article
    are both real works: which to cite is the writer's call)."""
    (bibtex, _key, _words) = FOUND[0].values
    path = tmp_path / "refs.bib"
    path.write_text(str(bibtex), encoding="utf-8")
    report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
    assert any(finding.code == "duplicate-entry" for finding in report.findings())
    fix(mi_refs.load(path), report, apply=True)
    assert mi_refs.load(path).keys == ("simonsohn2014p", "simonsohn_p-curve:_2013")
