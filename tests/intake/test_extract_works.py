"""``extract`` on works that are not journal articles as journal house styles print them
(issue 18): software, books and chapters with a publisher's ``, Year`` or `` Year``, BMJ's
``Published Online First:`` with a URL glued to the date, dated works without a journal,
NLM's ``[Internet]`` journals, and the real Word manuscripts of the conformance suite.
Each line is quoted from tests/conformance/extract/suite (sources in its README) unless it
says otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

import mi_refs
from mi_refs.intake.extract import bibtex_entry
from mi_refs.intake.typed import parse_typed_reference
from mi_refs.model import Kind

SUITE = Path(__file__).resolve().parent.parent / "conformance" / "extract" / "suite"


def entry(line: str) -> mi_refs.Reference:
    parsed = parse_typed_reference(line)
    return mi_refs.loads(bibtex_entry("k", parsed.entry_type, parsed.fields)).references[0]


@pytest.mark.parametrize(
    ("line", "title", "fields"),
    [
        (  # hellp-bmj.docx #11: BMJ's label and a URL glued to the date
            "R Core Team. R: A language and environment for statistical computing. Published "
            "Online First: 2023.https://www.R-project.org/",
            "R: A language and environment for statistical computing",
            {"year": "2023", "url": "https://www.R-project.org/"},
        ),
        (  # hellp-bmj.docx #14: [software], a bare domain glued to the date
            "GRADEpro GDT: GRADEpro Guideline Development Tool [software]. McMaster University "
            "and Evidence Prime Published Online First: 2022.gradepro.org",
            "GRADEpro GDT: GRADEpro Guideline Development Tool",
            {"year": "2022", "url": "gradepro.org"},
        ),
        (  # troops-anaesthesia.docx #10: ``Place: Publisher, Year``
            "R Core Team. R: A Language and Environment for Statistical Computing. Vienna, "
            "Austria: R Foundation for Statistical Computing, 2021.",
            "R: A Language and Environment for Statistical Computing",
            {"publisher": "R Foundation for Statistical Computing", "address": "Vienna, Austria"},
        ),
    ],
)
def test_software(line: str, title: str, fields: dict[str, str]) -> None:
    ref = entry(line)
    assert ref.kind is Kind.SOFTWARE
    assert ref.title == title
    for name, value in fields.items():
        assert ref.get(name) == value


def test_a_group_author_named_team() -> None:
    ref = entry("R Core Team. R: A language and environment. Vienna: R Foundation, 2021.")
    assert [str(name.surname) for name in ref.authors] == ["R Core Team"]


def test_book_with_publisher_comma_year() -> None:
    # troops-anaesthesia.docx #9
    ref = entry(
        "Gwet KL. Handbook of Inter-Rater Reliability: The Definitive Guide to Measuring the "
        "Extent of Agreement Among Raters. Advanced Analytics, LLC, 2014."
    )
    assert ref.kind is Kind.BOOK
    assert ref.get("publisher") == "Advanced Analytics, LLC"
    assert ref.year == "2014"
    assert ref.title.startswith("Handbook of Inter-Rater Reliability: The Definitive")


def test_edited_book_with_publisher_space_year() -> None:
    # hellp-bmj.docx #9
    ref = entry(
        "Higgins JPT, Thomas J, Chandler J, et al., editors. Cochrane handbook for systematic "
        "reviews of interventions version 6.4 (updated august 2023). Cochrane 2023. "
        "http://www.training.cochrane.org/handbook"
    )
    assert ref.kind is Kind.BOOK
    assert ref.get("publisher") == "Cochrane"
    assert ref.url == "http://www.training.cochrane.org/handbook"
    assert [str(name.surname) for name in ref.editors][:2] == ["Higgins", "Thomas"]


def test_chapter_with_edition_after_the_book_title_and_a_doubled_colon() -> None:
    # hellp-bmj.docx #31
    ref = entry(
        "Bucher HC, Cook DJ, Holbrook AM, et al. Surrogate outcomes. In: Guyatt G, Rennie D, "
        "Meade MO, et al., eds. Users' guides to the medical literature: A manual for "
        "evidence-based clinical practice, 3rd ed. New York, NY: : McGraw-Hill Education 2015."
        " jamaevidence.mhmedical.com/content.aspx?aid=1183876702"
    )
    assert ref.kind is Kind.CHAPTER
    assert ref.title == "Surrogate outcomes"
    assert ref.get("booktitle") == (
        "Users' guides to the medical literature: A manual for evidence-based clinical practice"
    )
    assert ref.get("edition") == "3"
    assert (ref.get("address"), ref.get("publisher")) == ("New York, NY", "McGraw-Hill Education")
    assert ref.url == "jamaevidence.mhmedical.com/content.aspx?aid=1183876702"


@pytest.mark.parametrize(
    ("line", "kind", "title"),
    [
        (  # hellp-bmj.docx #12: no journal printed; the title is not one
            "Balduzzi S, Rücker G, Schwarzer G. How to perform a meta-analysis with r: A "
            "practical tutorial. 2019.",
            Kind.GENERIC,
            "How to perform a meta-analysis with r: A practical tutorial",
        ),
        (  # hellp-bmj.docx #39: an organisation, a title, the year, a URL glued to it
            "National Institute for Health and Care Excellence. Hypertension in pregnancy: "
            "diagnosis and management NICE guideline (NG133). 2019.https://www.nice.org.uk/"
            "guidance/ng133",
            Kind.WEBPAGE,
            "Hypertension in pregnancy: diagnosis and management NICE guideline (NG133)",
        ),
        (  # troops-anaesthesia.docx #11: reached by its DOI only
            "Conway A. Code repository for inter-rater reliability of the tracking and "
            "reporting outcomes of procedural sedation tool. 2021. "
            "https://doi.org/10.5281/zenodo.4790109.",
            Kind.WEBPAGE,
            "Code repository for inter-rater reliability of the tracking and reporting "
            "outcomes of procedural sedation tool",
        ),
    ],
)
def test_a_dated_work_without_a_journal_is_no_article(line: str, kind: Kind, title: str) -> None:
    ref = entry(line)
    assert ref.kind is kind
    assert ref.title == title
    assert not ref.journal


def test_house_forms_of_journal_articles() -> None:
    # hellp-bmj.docx #2 (a title holding a period) and #26 (an e-page with a suffix)
    ref = entry(
        "Haram K, Svendsen E, Abildgaard U. The HELLP syndrome: Clinical issues and "
        "management. A Review. BMC Pregnancy and Childbirth 2009;9. doi:10.1186/1471-2393-9-8"
    )
    assert ref.title == "The HELLP syndrome: Clinical issues and management. A Review"
    assert (ref.journal, ref.volume) == ("BMC Pregnancy and Childbirth", "9")
    ref = entry(
        "Katz L, Amorim MMR de, Figueiroa JN, et al. Postpartum dexamethasone for women with "
        "HELLP syndrome. American Journal of Obstetrics and Gynecology 2008;198:283.e1–8. "
        "doi:10.1016/j.ajog.2007.10.797"
    )
    assert ref.kind is Kind.ARTICLE
    assert (ref.volume, ref.pages) == ("198", "283.e1-8")
    # troops-anaesthesia.docx #1: the suffix printed before the initials
    ref = entry(
        "Urman RD, Moucharite M, Flynn C, Nuryyeva E, Ray Jr CE. Impact of respiratory "
        "compromise. Radiology 2019; 292: 702–10."
    )
    last = ref.authors[-1]
    assert (str(last.surname), last.initials(), last.suffix) == ("Ray", "CE", "Jr")
    assert (ref.journal, ref.volume, ref.pages) == ("Radiology", "292", "702-710")


def test_nlm_journal_on_the_internet() -> None:
    # tests/conformance/styles/nlm.toml internet-journal-year-only (University of Canberra)
    ref = entry(
        "Noor A. Ethics, religion and good governance. JOAAG [Internet]. 2008 [cited 2012 "
        "Nov 13];3(2):62-77. Available from: http://www.joaag.com/Home_Page.php"
    )
    assert (ref.journal, ref.volume, ref.issue, ref.pages) == ("JOAAG", "3", "2", "62-77")
    assert (ref.get("urldate"), ref.url) == ("2012-11-13", "http://www.joaag.com/Home_Page.php")


@pytest.mark.parametrize(
    ("name", "count", "first"),
    [
        ("hellp-bmj.docx", 41, "Lisonkova"),  # typed ``1 <tab>`` paragraphs
        ("troops-anaesthesia.docx", 21, "Urman"),  # typed ``1. `` paragraphs
    ],
)
def test_real_word_manuscripts(tmp_path: Path, name: str, count: int, first: str) -> None:
    result = mi_refs.extract(SUITE / name, tmp_path / "o.bib", online=False, use_cache=False)
    references = mi_refs.load(tmp_path / "o.bib").references
    assert len(references) == count == len(result.keys)
    assert str(references[0].authors[0].surname) == first
    assert all(ref.title for ref in references)


# A list copied from a two-column PDF (pdftotext without -layout: the left column, then the
# right one). The running head and the download footer are those of a real pdftotext copy
# of the 2024 ESC Guidelines (European Heart Journal), seen in a public repository with
# the search tool's code corpus (file id 6153345085); the items are
# troops-anaesthesia.docx #4-#7, wrapped as a column would wrap them.
_PAGES = """ESC Guidelines                                                  3918
Downloaded from https://academic.oup.com/eurheartj/article/45/38/3912/7741010 by guest on 18 June 2025
The body of the guidelines, which cites its references.4-7

References
4. Werthman JA, Dietrich MS, Maxwell CA, Jordan LM, Minnick AF. The administration
of moderate sedation and the role of the radiology nurse. Journal of Radiology Nurs-
ing 2020; 39: 92–8.
5. Hinkelbein J, Lamperti M, Akeson J et al. European Society of Anaesthesiology and
European Board of Anaesthesiology guidelines for procedural sedation and

ESC Guidelines                                                  3919
Downloaded from https://academic.oup.com/eurheartj/article/45/38/3912/7741010 by guest on 18 June 2025
analgesia in adults. European Journal of Anaesthesiology 2018; 35: 6–24.
6. Conway A, Rolley J, Page K, Fulbrook P. Clinical practice guidelines for nurse-
administered procedural sedation and analgesia in the cardiac catheterization
3920
laboratory: A modified delphi study. Journal of Advanced Nursing 2013; 70: 1040–53.
7. Roback M, Green S, Andolfatto G, Leroy P, Mason K. Tracking and reporting outcomes of
procedural sedation (TROOPS). British Journal of Anaesthesia 2018; 120: 164–72.
"""


def test_a_list_split_across_pages_and_columns(tmp_path: Path) -> None:
    letter = tmp_path / "guidelines.txt"
    letter.write_text(
        _PAGES.replace("4. Werthman", "1. Werthman")
        .replace("5. H", "2. H")
        .replace("6. Conway", "3. Conway")
        .replace("7. Roback", "4. Roback")
        .replace("references.4-7", "references.1-4"),
        encoding="utf-8",
    )
    result = mi_refs.extract(letter, online=False, use_cache=False)
    printed = [typed.text for typed in result.typed]
    assert len(printed) == 4
    assert printed[0].endswith(
        "role of the radiology nurse. Journal of Radiology Nursing 2020; 39: 92–8."
    )
    assert printed[1].endswith(
        "procedural sedation and analgesia in adults. European "
        "Journal of Anaesthesiology 2018; 35: 6–24."
    )
    assert (
        "nurse-administered procedural sedation and analgesia in the cardiac "
        "catheterization laboratory: A modified" in printed[2]
    )
    assert not any(
        "ESC Guidelines" in text or "Downloaded" in text or "3920" in text for text in printed
    )
    references = mi_refs.loads(result.bibtex).references
    assert [ref.journal for ref in references] == [
        "Journal of Radiology Nursing",
        "European Journal of Anaesthesiology",
        "Journal of Advanced Nursing",
        "British Journal of Anaesthesia",
    ]


def test_a_lone_number_that_ends_a_wrapped_journal_segment_is_kept(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "References\n1. Sawhney V, Bacuetes E, Wray M et al. Moderate sedation. Heart 2017; 103:\n"
        "1210\n2. Kottner J. Guidelines. International Journal of Nursing Studies 2011; 48: "
        "661–71.\n",
        encoding="utf-8",
    )
    result = mi_refs.extract(letter, online=False, use_cache=False)
    assert result.typed[0].text.endswith("Heart 2017; 103: 1210")


@pytest.mark.parametrize(
    ("line", "style"),
    [
        (  # tests/conformance/styles/ama.toml online-first-published-online (AMA 11)
            "Tamburini S, Shen N, Chih Wu H, Clemente JC. The microbiome in early life: "
            "implications for health outcomes. Nat Med. Published online July 7, 2016. "
            "doi:10.1038/nm4142",
            "ama",
        ),
        (  # melanoma-srt.md #11: PMC's ``Published 2019 Dec 31.`` after the pages
            "Phillips M, Greenhalgh J, Marsden H, Palamaras I. Detection of malignant melanoma "
            "using artificial intelligence: an observational study of diagnostic accuracy. "
            "Dermatol Pract Concept. 2019;10(1):e2020011. Published 2019 Dec 31. "
            "doi:10.5826/dpc.1001a11",
            "ama",
        ),
    ],
)
def test_online_dates_round_trip(line: str, style: str) -> None:
    ref = entry(line)
    rendered = [text for _, _, text in mi_refs.styles.render.render_entries([ref], style)]
    assert rendered == [line]


def test_online_first_is_dated_and_marked() -> None:
    ref = entry(
        "Papastergiou J, Folkins C, Li W. Community pharmacy-based A1c screening: a Canadian "
        "model for diabetes care. Int J Pharm Pract. Published online December 16, 2015. "
        "doi:10.1111/ijpp.12228"
    )
    assert (ref.journal, ref.get("pubstate"), ref.get("date")) == (
        "Int J Pharm Pract",
        "online first",
        "2015-12-16",
    )
    assert not ref.volume
    # with a volume the sentence is said as printed, and the journal stays the journal
    ref = entry("Smith A. Title. JAMA. 2016;316(4):1-9. Published online July 7, 2016.")
    assert (ref.journal, ref.volume, ref.get("note")) == (
        "JAMA",
        "316",
        "Published online July 7, 2016",
    )


@pytest.mark.parametrize(
    "line",
    [
        # tests/conformance/styles/nlm.toml part-of-website (Deakin University's guide):
        # a part of a homepage, [updated; cited] in one bracket, the extent
        "U.S. National Library of Medicine [Internet]. Bethesda (MD): National Library of "
        "Medicine; 2003- [updated 2013 Aug 20; cited 2014 Jan 29]. ICMJE recommendations for "
        "the conduct, reporting, editing and publication of scholarly work in medical "
        "journals: sample references; [about 6 screens]. Available from: "
        "http://www.nlm.nih.gov/bsd/uniform_requirements.html",
        # nlm.toml book-part-chapter-number (University of Newcastle, quoting Citing Medicine)
        "Riffenburgh RH. Statistics in medicine. 2nd ed. Amsterdam: Elsevier; c2006. Chapter "
        "24, Regression and correlation methods; p. 447-86.",
        # nlm.toml internet-journal-three-authors (University of Canberra)
        "Ramalho M, Da Silva G, Dias L. Genetic plant improvement and climate changes. Crop "
        "Breed Appl Biot [Internet]. 2009 [cited 2012 Oct 8];9(2):189-95. Available from: "
        "http://www.sbmp.org.br/cbab",
    ],
)
def test_nlm_internet_forms_round_trip(line: str) -> None:
    ref = entry(line)
    rendered = [text for _, _, text in mi_refs.styles.render.render_entries([ref], "nlm")]
    assert rendered == [line]


def test_nlm_homepage_part_fields() -> None:
    ref = entry(
        "U.S. National Library of Medicine [Internet]. Bethesda (MD): National Library of "
        "Medicine; 2003- [updated 2013 Aug 20; cited 2014 Jan 29]. ICMJE recommendations; "
        "[about 6 screens]. Available from: http://www.nlm.nih.gov/bsd/uniform_requirements.html"
    )
    assert ref.entry_type == "online"  # (an open-ended site: the loader's Kind.DATABASE)
    assert (ref.title, ref.get("organization")) == (
        "ICMJE recommendations",
        "U.S. National Library of Medicine",
    )
    assert (ref.get("urldate"), ref.get("note"), ref.get("pagetotal")) == (
        "2014-01-29",
        "updated 2013-08-20",
        "about 6 screens",
    )
    ref = entry(
        "Riffenburgh RH. Statistics in medicine. 2nd ed. Amsterdam: Elsevier; c2006. Chapter "
        "24, Regression and correlation methods; p. 447-86."
    )
    assert ref.kind is Kind.CHAPTER
    assert (ref.title, ref.get("booktitle"), ref.get("chapter"), ref.pages) == (
        "Regression and correlation methods",
        "Statistics in medicine",
        "24",
        "447-486",
    )


def test_ama_book_series_and_particles() -> None:
    # tests/conformance/styles/ama.toml widener-book-series-editor (Widener University)
    ref = entry(
        "Kaufman HL, Mehnert JM, eds. Melanoma. Springer; 2016. Rosen ST, ed. Cancer "
        "Treatment and Research; vol 167."
    )
    assert (ref.title, ref.get("publisher"), ref.year) == ("Melanoma", "Springer", "2016")
    assert (ref.get("series"), ref.get("number")) == ("Cancer Treatment and Research", "167")
    assert (ref.get("editora"), ref.get("editoratype")) == ("Rosen ST", "series")
    # ama.toml widener-book-monograph-series: a particle, a series without a volume
    ref = entry(
        "de Pina-Cabral J. World: An Anthropological Examination. Malinowski Monographs. Hau "
        "Books; 2016."
    )
    assert str(ref.authors[0].surname).endswith("Pina-Cabral")
    assert (ref.title, ref.get("series")) == (
        "World: An Anthropological Examination",
        "Malinowski Monographs",
    )
    # nlm.toml's Wintrobe example: the volume of a book after its edition
    ref = entry(
        "Lee GR, Bithell TC, Foerster J, Athens JW, Lukens JN, editors. Wintrobes clinical "
        "hematology. 9th ed. Vol. 2. Philadelphia: Lea & Febiger; 1993. 2324 p."
    )
    assert (ref.get("edition"), ref.volume, ref.title) == (
        "9",
        "2",
        "Wintrobes clinical hematology",
    )


def test_a_plural_organisation_is_a_group_author() -> None:
    # ama.toml sheridan-article-group-author (Sheridan College)
    ref = entry(
        "Centers for Disease Control and Prevention (CDC). Recommended adult immunization "
        "schedule-United States, 2013. J Midwifery Womens Health. 2013;58(2):215-220. "
        "doi:10.1111/jmwh.12046"
    )
    assert [str(a.surname) for a in ref.authors] == [
        "Centers for Disease Control and Prevention (CDC)"
    ]
    assert ref.title == "Recommended adult immunization schedule-United States, 2013"


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (  # zhf-review-springer.docx #1
            "Frank SM, Fleisher LA, Breslow MJ, et al (1997) Perioperative maintenance of "
            "normothermia reduces the incidence of morbid cardiac events: A randomized clinical "
            "trial. JAMA 277:1127–1134",
            {"journal": "JAMA", "year": "1997", "volume": "277", "pages": "1127-1134"},
        ),
        (  # zhf-review-springer.docx #12: a title starting with a roman numeral, a DOI
            "Myles PS, Cui J (2007) I. Using the bland–altman method to measure agreement with "
            "repeated measures. BJA: British Journal of Anaesthesia 99:309–311. "
            "https://doi.org/10.1093/bja/aem214",
            {"journal": "BJA: British Journal of Anaesthesia", "doi": "10.1093/bja/aem214"},
        ),
        (  # zhf-review (outside the excerpt) #32: the issue after a space
            "Cullen S, Brown J (2015) Measuring core temperature-an audit:47. Anaesthesia 70 "
            "(S3):11–101",
            {"journal": "Anaesthesia", "volume": "70", "number": "S3", "pages": "11-101"},
        ),
    ],
)
def test_springer_author_year_house_style(line: str, fields: dict[str, str]) -> None:
    ref = entry(line)
    assert ref.kind is Kind.ARTICLE
    for name, value in fields.items():
        assert (ref.pages if name == "pages" else ref.get(name)) == value, name


def test_springer_book_and_software() -> None:
    # zhf-review-springer.docx #14 and the manuscript's #23
    ref = entry(
        "Glasziou P, Irwig L, Bain C, Colditz G (2001) Systematic reviews in health care: A "
        "practical guide. Cambridge:Cambridge University Press"
    )
    assert ref.kind is Kind.BOOK
    assert (ref.get("address"), ref.get("publisher"), ref.year) == (
        "Cambridge",
        "Cambridge University Press",
        "2001",
    )
    ref = entry(
        "R Core Team (2018) R: A language and environment for statistical computing. R "
        "Foundation for Statistical Computing, Vienna, Austria"
    )
    assert (ref.kind, ref.year) == (Kind.SOFTWARE, "2018")


def test_the_year_read_is_not_also_said_unread() -> None:
    # hellp-bmj.docx #12
    parsed = parse_typed_reference(
        "Balduzzi S, Rücker G, Schwarzer G. How to perform a meta-analysis with r: A "
        "practical tutorial. 2019."
    )
    assert (parsed.fields["year"], parsed.unparsed) == ("2019", "")


def test_a_line_repeated_once_without_a_page_number_stays_in_its_item(tmp_path: Path) -> None:
    # a journal's name on its own line in the text and again in a wrapped item is no
    # running head (troops-anaesthesia.docx #8, wrapped)
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "As reported in\nJournal of Clinical Nursing\nlast year.1\n\nReferences\n"
        "1. Conway A, Rolley J, Page K, Fulbrook P. Issues and challenges. A qualitative "
        "study.\nJournal of Clinical Nursing\n2013; 23: 374–84.\n",
        encoding="utf-8",
    )
    result = mi_refs.extract(letter, online=False, use_cache=False)
    assert "Journal of Clinical Nursing 2013; 23: 374–84." in result.typed[0].text
