"""Every offline check held to real data (issues #10 and #16): findings from public .bib
libraries, judged by hand, on two sides:

- ``labelled_findings.toml``: the libraries the rules were shaped on (tools/corpus/
  fetch_list.txt). Per check, false alarms stay under 5% of what is reported at warning or
  error level, and every true finding is still reported, at the level it deserves.
- ``holdout_findings.toml``: libraries kept apart (tools/corpus/holdout_list.txt), judged
  before the rules of issue 16 changed and never used to shape them. Per check, false
  alarms stay under 5% and at least 95% of the true findings are kept.
- ``holdout2_findings.toml``: a second, blind holdout (tools/corpus/holdout2_list.txt):
  libraries nobody here had fetched before the journal-name and duplicate rules were last
  changed, judged by hand before mi-refs was run on them (labels marked ``judged =
  "pre-run"``, committed first), then every finding reported at warning or error labelled
  (``"post-run"``). Same bar as the holdout; a check that misses it is a strict xfail
  naming why (SHORT_OF_THE_BAR). **No longer blind**: its malformed-name and
  implausible-value misses (``Andrew Futreal, P.``, ``Cupples, LAdrienne``, ``Team, Kimi``,
  an LDAP string as an author, ``year = {Thu, 31/08/2023 - 11:30}``) shaped the name-shape
  and year rules of issue 16 (check/names.py, check/offline.py); it stays as a measured
  side, and a new blind holdout (holdout 3) measures the rules again.
- ``holdout3_findings.toml``: a third blind holdout (tools/corpus/holdout3_list.txt), made
  when holdout 2's misses began to shape the malformed-name and implausible-value rules:
  libraries nobody here had fetched, every label judged before mi-refs was run on them and
  committed first (``judged = "pre-run"``). Same bar and the same strict xfails. **No
  longer blind**: its style misses (``JAMA: The Journal of ...``, ``Bmj-British Medical
  Journal``, a DOI URL as the journal) shaped the publisher-acronym and link rules of issue
  16 (check/journal_near.py, check/offline.py), its malformed-name misses (``Committee on
  Gynecologic, Practice``, ``Seage Iii, G. R.``, ``R. Prybutok, Victor``, ``Na``) the name
  rules of check/names.py; a measured side now.
- ``holdout4_findings.toml``: a fourth blind holdout (tools/corpus/holdout4_list.txt), made
  when holdout 3's misses began to shape rules (helper I, issue 16): libraries nobody here
  had fetched, judged and committed before mi-refs was run on them. Same bar and xfails.
  **No longer blind** for malformed-name and inconsistent-name: its misses (affiliations
  as authors, ``Duda, R et al.``, repeated given names, ``Taube, Js``, persons braced
  whole, user names, ``Rafa{\\textbackslash}l``, ``Lakens, Daniel``/``Daniël``) shaped the
  name rules by category (check/nameforms.py, check/namevariants.py).
  **No longer blind for style** (helper F, issue 16): its dotted ``N. Engl. J. Med.`` and
  publisher forms shaped the dotted-abbreviation level and the title variants of
  check/journal_keys.py; for duplicate-entry and shared-identifier see below.
- ``holdout5_findings.toml``: a fifth blind holdout (tools/corpus/holdout5_list.txt), made
  while helpers D, E and F shaped rules on holdouts 3 and 4's misses: medical and
  life-science libraries nobody here had fetched, every label judged and landed on main
  before mi-refs was run on them (``judged = "pre-run"``), measured once those rules had
  landed. Same bar and xfails. **No longer blind for style** (helper F, issue 16): its
  ``Journal of Acquired Immune Deficiency Syndromes`` for 2012 and ``bioinformatics`` shaped
  the title-year and lower-case rules (check/journal_record.py, check/offline.py). **No
  longer blind for malformed-name** (helper D, issue 16): its misses (several persons in
  one name, ``{others}``, ``{TE Kessels}, Loes``, ``{Viray Dr.}``, ``Palma, Paolo Dalla``)
  shaped the name rules by category (check/names.py, check/nameforms.py).
- ``holdout6_findings.toml``: a sixth blind holdout (tools/corpus/holdout6_list.txt), made
  when holdout 5's misses began to shape rules (helpers D, E and F): medical libraries
  nobody here had fetched, 313 labels judged and landed on main (ca43a83) before mi-refs was
  run on them, measured by the lead only, once on ca43a83 and once after every rule of that
  round had landed (the same figures both times; no rule writer saw a label or a figure, and
  no label was changed). Blind for every check. Same bar and xfails.

- ``holdout7_findings.toml`` and ``holdout8_findings.toml``: a seventh and an eighth blind
  holdout (tools/corpus/holdout7_list.txt, holdout8_list.txt), made by two labellers while
  helpers D, E and F wrote rules on holdout 6's misses by principle: medical libraries nobody
  here had fetched, every label judged from the files (bibtexparser and rapidfuzz only)
  against docs/check.md as on main at 4e5fa45 and landed on main (75127d8, 9f2096e, a2b2ee5)
  before any rule of that round, measured by the lead only, on the labels' commit and after
  the round's last rule (the figures in the strict xfails below). Holdout 7 labels what
  candidate-listing scripts found, as holdouts 1-6 did; holdout 8 is a random sample: 300
  entries drawn with a fixed seed and each judged whole for every check (its few "targeted"
  labels say so). Then each labeller labelled what mi-refs reported at warning or error that
  no label covered (``judged = "post-run"``), so that false alarms are counted.

A true ``style`` finding that names a ``suggestion`` is kept only when the finding at its
level suggests exactly that (``""``: it must suggest nothing): a wrong suggestion is not a
finding kept. ``python tests/check/test_labelled_findings.py`` prints the figures per
check and side (docs/check.md quotes them)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomllib

import mi_refs
from mi_refs.check.findings import finding_from_problem
from mi_refs.check.offline import check_offline
from mi_refs.model import Finding, Severity

HERE = Path(__file__).parent
SIDES = {
    "shaping": HERE / "labelled_findings.toml",
    "holdout": HERE / "holdout_findings.toml",
    "holdout2": HERE / "holdout2_findings.toml",
    "holdout3": HERE / "holdout3_findings.toml",
    "holdout4": HERE / "holdout4_findings.toml",
    "holdout5": HERE / "holdout5_findings.toml",
    "holdout6": HERE / "holdout6_findings.toml",
    "holdout7": HERE / "holdout7_findings.toml",
    "holdout8": HERE / "holdout8_findings.toml",
}
TODAY = dt.date(2026, 11, 1)
CHECKS = (
    "duplicate-entry",
    "implausible-value",
    "inconsistent-name",
    "malformed-name",
    "shared-identifier",
    "style",
)
MAX_FALSE_ALARMS = 0.05
MIN_KEPT = {
    "shaping": 1.0,
    "holdout": 0.95,
    "holdout2": 0.95,
    "holdout3": 0.95,
    "holdout4": 0.95,
    "holdout5": 0.95,
    "holdout6": 0.95,
    "holdout7": 0.95,
    "holdout8": 0.95,
}
REPORTED = {Severity.WARNING, Severity.ERROR}
# Where the holdout says a check misses the bar (measured after the issue 16 rules, which
# were not tuned to it): kept as a strict expected failure, so that the day it passes the
# mark must go, and reported in docs/check.md.
SHORT_OF_THE_BAR: dict[tuple[str, str], str] = {
    ("holdout3", "implausible-value"): (
        "5 of 6 true cases reported (0 before the page placeholder and debris rules shaped on "
        "them; labels not changed): year 1897 on a 2019 paper with no DOI or journal to "
        "compare with is not reported: the entry holds nothing that dates the work (a title, "
        "an author, a page count), and a year embedded in a DOI is no evidence (45 of 45 "
        "corpus entries with a year over a year before their DOI's were right: PIIs and DOIs "
        "given to old papers later)"
    ),
    ("holdout3", "malformed-name"): (
        "34 of 36 true cases reported (10 before the split-group, lineage, initial, glued, "
        "lost-letter, byline and placeholder rules shaped on them, 29 before holdout 4's "
        "categories; labels not changed): not reported are a middle name before a surname "
        "that reads as a double surname ('Toft Sorensen, H.' for Henrik Toft Sørensen, 'Smith "
        "West, D.' for Delia Smith West), the same shape as the double surnames labelled false "
        "('Nybo Andersen, A. M.', 'Dennison Himmelfarb, C.')"
    ),
    ("holdout3", "style"): (
        "68 of 72 true cases reported (58 before the publisher-acronym and link rules, 63 "
        "before the dotted-warning and title-variant rules, 66 before the place, society and "
        "accent rules; labels not changed): not in the 2021 list (Behavioural Processes); the "
        "list gives ISO qualifiers it cannot tell from MEDLINE's (Preventive Medicine: Prev "
        "Med (Baltim), Journal of Epidemiology & Community Health: ... (1978); beside Cancers "
        "(Basel) and S Afr Fam Pract (2004), which PubMed prints); higgins...2009, whose "
        "shortjournal is already NLM's J R Stat Soc Ser A Stat Soc (nothing to report)"
    ),
    ("holdout5", "style"): (
        "35 of 37 true cases reported (33 measured blind; the title-history and lower-case "
        "rules of helper F then shaped on its misses, one label's level raised to the "
        "documented one, no verdict changed): 'Cancers' (NLM Cancers (Basel)) is not reported: "
        "the list cannot tell a MEDLINE qualifier from an ISO-only one (Cancers (Basel), which "
        "PubMed prints, beside Prev Med (Baltim), which it does not: PubMed prints Prev Med; "
        "holdout 2's label of the same name is true since the lead's decision of 2026-12-07); "
        "'bioinformatics' in lower case is at "
        "info, as one word in lower case is by rule (genesis and animal are styled so by their "
        "publishers, future and ms are placeholders)"
    ),
    ("holdout6", "implausible-value"): (
        "6 of 7 true cases reported (3 measured blind; the page rules of helper E then written "
        "per principle on its misses, labels not changed): pages '60--249' on a Census report "
        "(its number P60-249) are not reported: an ordered range of 190 pages is a plausible "
        "chapter (the corpus holds real chapters of 106 to 321 pages, Kant's 'Kritik der "
        "Urtheilskraft' 165-485), and nothing in the entry ties it to the report number"
    ),
    ("holdout2", "inconsistent-name"): (
        "8 of 10 true cases judged before the run reported (42 of 44 until the lead counted "
        "only pre-run labels in the share kept, 2026-12-08: holdout 2's 34 post-run labels "
        "are findings reported and judged right afterwards, kept by construction): "
        "'alexandrov_signatures_2013' and 'alexandrov_repertoire_2020', two name forms of one "
        "person in Zotero's export, not reported"
    ),
    ("holdout2", "style"): (
        "72 of 77 true cases judged before the run reported (288 of 296 until the lead counted "
        "only pre-run labels in the share kept, 2026-12-08): 'Cancers' (Cancers (Basel): the "
        "list cannot tell a MEDLINE qualifier from an ISO one), a journal reported without "
        "the suggestion the label names (borland_tobacco_2010), and three full titles of "
        "ChrisOldmeadow's library whose finding is at info, labelled warning"
    ),
    ("holdout7", "implausible-value"): (
        "0 of 4 true cases reported (measured blind before and after the round's rules; labels "
        "not changed): a preprint ID split into a range ('rs.3.rs--3569352'), proceedings pages "
        "cut to their volume numeral ('I--I'), a book's page count as a range ('430, xv, "
        "430--xv'), a month and year in the year field ('November 2005')"
    ),
    ("holdout7", "inconsistent-name"): (
        "36 of 44 true cases reported (measured blind, the same before and after the round's "
        "rules): one person written with and without an accent or umlaut ('Seigneuret, Eric' / "
        "'Éric', 'Mueller, Joerg' / 'Müller, Jörg', 'Campo, Elias' / 'Elías', 'Babur, Özgün' / "
        "'Ozgün'), the Dutch ij written y ('Romenij' / 'Romeny'), 'Davis, M' / 'David, M' on "
        "two copies of one atlas: reported at info or not at all, labelled warning"
    ),
    ("holdout7", "malformed-name"): (
        "13 of 28 true cases reported (measured blind, the same before and after the round's "
        "rules): persons braced whole as 'Surname Given' ('{Halliday David}', '{Domingos "
        "Pedro}', '{Murray Campbell}') and whole bylines braced into one author (with "
        "affiliation numbers, or comma-joined); 'Bankhead, Iii, Armand' (a lineage in title "
        "case); 'F, Yeasmin' (one name reversed); 'Azvan, R\\textasciibreve{}'; a nickname in "
        "parentheses as the surname; Vancouver names without commas ('Hennig S and Karlsson "
        "MO') reported at error where the label says warning"
    ),
    ("holdout7", "style"): (
        "66 of 86 true cases reported (65 before the round's rules; measured blind, labels not "
        "changed): MEDLINE's old title forms with a society after a slash ('International "
        "psychogeriatrics / IPA', 'Proceedings ... / The Royal Society'), a citation pasted "
        "into the journal ('Pharm Res. 2009 Sep;26(9):2174-85': five entries), 'Cancers' and "
        "'Genes' without '(Basel)', 'PLOS ONE' (labelled warning, at info by the documented "
        "rule for a publisher's capitals), 'medRxiv : the preprint server ...', 'Bladder (San "
        "Franc.)', and full titles with no finding ('Nature Genetics', 'Neural Networks')"
    ),
    ("holdout8", "implausible-value"): (
        "15 of 25 true cases reported (3 measured blind, 2 before the round's rules; labels not "
        "changed; then the issue rule of check/values.py was written on its misses, so holdout "
        "8 is no longer blind for this check): an arXiv archive as the volume ('hep-th'), "
        "volume and article run together ('6-5'), 'Chapter 2' or a year as the issue, a cut "
        "range ('1--2--'), a book's extent as pages ('93 p.'), an access date as the month, a "
        "year that the DOI or the title contradicts"
    ),
    ("holdout8", "inconsistent-name"): (
        "52 of 60 true cases reported (51 before the round's rules; measured blind, labels not "
        "changed): a form that only adds an initial at info labelled warning ('Jia, Z W' / 'Jia, "
        "Z') or not reported ('Marcantonio, E. R.' / 'E.'), a surname in capitals beside title "
        "case ('YANG, JUN-YUAN'), 'World Health Organisation' / 'Organization', one given "
        "name dropped ('Dube, Ziphozonke Bridget' / 'Dube, B.')"
    ),
    ("holdout8", "malformed-name"): (
        "17 of 36 true cases reported (3 before the round's rules: the name grammar written on "
        "holdout 6's misses carried to lower-case initials and reversed bylines; measured blind, "
        "labels not changed; 33 of the 36 from the random sample): MEDLINE 'Fau -' debris "
        "(two persons per string) at warning, labelled error; title words or an institution "
        "read as persons by a PDF import ('Us, Hurt', 'Escherichia, R Plasmids Among', "
        "'Polytechnic, The'); a particle moved after the given name ('Essen, David Van', "
        "'Werf, Marieke Van Der'); initials run together ('Stern, HS.', 'Hulshof, Peter JH'); "
        "letters lost to an accent ('Fran, Romain', 'e Bruijn, S.'); '{McElreath, Richard}' "
        "braced with its comma; one person twice in a byline"
    ),
    ("holdout8", "style"): (
        "109 of 123 true cases reported (the same before the round's rules; measured blind, "
        "labels not changed; 108 of the 123 from the random sample): 'Journal of epidemiology "
        "and community health' suggesting the ISO-qualified '(1978)' where PubMed prints none "
        "(the packaged list cannot tell MEDLINE from ISO qualifiers), 'Journal of the American "
        "Medical Association' for 2020 naming both titles and suggesting none, a journal's "
        "subtitle or cut title ('Magnetic Resonance Materials in Physics, Biology and "
        "Medicine', 'The Journals of Gerontology: Series A'), 'Eurosurveillance', placeholders "
        "as the journal ('Under review', 'B', an arXiv note), 'Am Statist', Web of Science's "
        "'Physica a-Statistical Mechanics ...'"
    ),
}
# (holdout 2's malformed-name 0/6 and implausible-value 0/1 were here until the name and year
# rules of issue 16 were shaped on those misses: holdout 2 is no longer blind. Holdout 4's
# implausible-value 4/11 too, until the page rules of check/values.py were written per kind
# of its misses: markup, identifiers, manuscript numbers, a glued first page; now 11/11. And
# duplicate-entry: holdout 3 23/29 and holdout 4 40/51 until the versions rule of
# check/duplicates.py was written per kind of their misses (a preprint or working paper beside
# its article, a PDF stub or import beside it, one article with and without its DOI): now
# 29/29 and 51/51. Holdout 5's duplicate-entry 45/51 and implausible-value 9/10 too, measured
# blind, until the rules of check/duplicates.py, check/versions.py, check/parts.py and
# check/values.py were written per kind of its misses (issue 16, helper E: an identifier
# compared as written when malformed, a year as the volume, a mis-encoded title mended, a
# preprint server's volume, a first page one slip off on one last page, one page range of
# one book whatever the years, a dotted manuscript number as pages): now 51/51 and 10/10,
# so holdout 5 is no longer blind for duplicate-entry, shared-identifier and
# implausible-value.)
# (holdout 4's style 29/31 was here, 27/31 measured blind, until helper F's place, society
# and accent rules of check/journal_keys.py and check/journals.py: 30/31; still missed:
# "Alzheimer's & Dementia: Translational Research & Clinical Interventions", three listed
# journals sharing the title and none saying which.)
# (holdout 6's inconsistent-name 32/34 and malformed-name 23/48, measured blind, were here
# until helper D's rules of issue 16 were written per principle, not per miss
# (check/namegrammar.py: a person's name has a small grammar, and what falls outside it is
# the signal; check/namevariants.py: a short or misspelt given name is no second person):
# now 34/34 and 46/48. Not reported: '{Arman Aksoy}, Bülent' and '{Rodriguez-Pinilla
# Socorro}, María', a given name braced into the surname (nothing but knowing the name tells
# Arman or Socorro from a double surname's first part). Holdout 6 is no longer blind for
# malformed-name and inconsistent-name.)
# (holdout 6's style 73/85, measured blind, was here until helper F's rules by principle of
# issue 16 (check/journal_forms.py, journal_keys.py, journal_record.py: marks and pasted
# issues, parallel titles, an "and" NLM lacks, the catalogue's sentence case, short forms, a
# brand's acronym spelled by NLM's title, a publisher as the journal, journals side by side
# under one title): now 81/85. Still missed: the title current in the entry's year, which
# the 2021 list cannot date ("British Medical Journal" for 1884: Br Med J; "Journal of the
# American Medical Association" for 2002: JAMA, where NLM files the title under the pre-1960
# J Am Med Assoc; "Archives of Internal Medicine" for 2005 beside the 1908 (Chic) title), and
# "Spine", whose MEDLINE abbreviation "Spine (Phila Pa 1976)" the list cannot tell from an
# ISO-only qualifier (Prev Med (Baltim)): no finding now, where a wrong 1986 one was.)
# The same, for false alarms (none: every check stays under 5% on every side).
FALSE_ALARMS_OVER: dict[tuple[str, str], str] = {}
# (holdout 6's shared-identifier 1/1 was here, measured blind: Popova2012/Popova2012a, one
# Cancer Res article twice with one DOI, read as two parts because 'BRCA1/2inactivation' and
# 'BRCA1/2 inactivation' seemed to carry other numbers. A title's numbers are now its runs of
# digits wherever they stand (check/parts.py): the pair is one work twice, a duplicate-entry.
# Holdout 6's duplicate-entry 23/28 was in SHORT_OF_THE_BAR, measured blind, until the rules
# of helper E were written per principle on its misses (issue 16: an identifier read where
# biblatex states it, one identifier on works with no author in common is wrong on one of
# them, a byline reversed whole, one work co-published in two journals, a short title with
# one report number or URL): now 28/28, so holdout 6 is no longer blind for duplicate-entry,
# shared-identifier and implausible-value.)
# (holdout 4's malformed-name 4/18 and inconsistent-name 8/9, and holdout 3's inconsistent-name
# 26/28, were here until helper D's rules of issue 16 were written per category of those
# misses (check/nameforms.py, check/namevariants.py): holdout 4 is no longer blind for them.)
# (holdout 5's malformed-name 15/33 was here, measured blind, until helper D's rules of issue
# 16 were written per category of its misses (check/names.py, check/nameforms.py): several
# persons in one name, {others} braced, initials, titles and given names in the surname, lone
# lineages, lists split at their commas, one person listed twice; now 33/33. Holdout 5 is no
# longer blind for malformed-name.)
# (holdout 4's shared-identifier 1/1 was here, measured blind: Smith2004a/Smith_2004, one
# NeuroImage supplement article with pages '208--19'/'S208--S219' and volume '23 Suppl 1'/'23'
# read as two parts sharing a DOI. The supplement rule was then written on that case, so
# holdout 4 is no longer blind for shared-identifier and duplicate-entry.)
# (holdout 5's shared-identifier 1/1 was here, measured blind: Veta2013/Veta2015, a
# preprint-like entry with volume '2013' beside its 2015 article on one DOI, read as two
# parts. A volume that is the entry's own year is no volume now (check/parts.py volume_of):
# the pair is one work twice, a duplicate-entry.)
# A check with no true case on a side: nothing to keep there, said so (docs/check.md).
NO_TRUE_CASE = {
    ("holdout", "shared-identifier"): (
        "no true case in the holdout libraries, nor in over 5,000 entries of 10 other public "
        "repositories scanned for one (one DOI or PMID on two different parts is rare in real "
        "libraries); the holdout holds its false alarms only"
    ),
    ("holdout2", "shared-identifier"): (
        "no true case in the holdout-2 libraries (no DOI or PMID on two entries), nor in "
        "about 4,000 entries of 10 other .bib files of 6 public repositories scanned for one"
    ),
    ("holdout3", "shared-identifier"): (
        "no true case in the holdout-3 libraries (2,822 entries): no DOI or PMID on two different "
        "parts; the nearest, an article and its author's reply carrying one DOI and one page "
        "range, is a duplicate-entry by the documented rules; false labels only"
    ),
    ("holdout4", "shared-identifier"): (
        "no true case in the holdout-4 libraries (3,331 entries): no DOI or PMID on two parts "
        "of one work (Taube 1990 parts I and II carry their own DOIs); one identifier on "
        "unrelated works is a duplicate-entry by the documented rules; false labels only"
    ),
    ("holdout5", "shared-identifier"): (
        "no true case in the holdout-5 libraries (2,759 entries): no DOI or PMID on two parts "
        "of one work (the 2013 and 2015 ESMO breast-cancer guidelines carry their own DOIs); "
        "one identifier on unrelated works is a duplicate-entry by the documented rules; "
        "false labels only"
    ),
    ("holdout6", "shared-identifier"): (
        "no true case in the holdout-6 libraries (2,193 entries): the parts of one work found "
        "(Hughlings Jackson's Croonian Lectures I-III, Veenhuyzen parts 1 and 2) carry their own "
        "DOIs and PMIDs; false labels only"
    ),
    ("holdout7", "shared-identifier"): (
        "no true case in the holdout-7 libraries (1,941 entries): no DOI or PMID on two parts "
        "of one work (the only shared identifiers are one article saved twice, duplicate-"
        "entry); false labels only"
    ),
    ("holdout8", "shared-identifier"): (
        "no true case in the holdout-8 sample (300 entries of 2,502) nor in the targeted scan "
        "of its libraries: no DOI or PMID on two parts of one work; false labels only"
    ),
}
# A check with no label at all on a side (nothing reported, nothing foreseen): said so.
NO_LABEL: dict[tuple[str, str], str] = {
    ("holdout2", "shared-identifier"): "nothing reported and nothing to foresee: no DOI or PMID "
    "is on two entries of the holdout-2 libraries",
}
MIN_ITEMS = {
    "shaping": 200,
    "holdout": 150,
    "holdout2": 100,
    "holdout3": 200,
    "holdout4": 190,
    "holdout5": 220,
    "holdout6": 300,
    "holdout7": 1300,
    "holdout8": 370,
}


def _cases(expected_failures: dict[tuple[str, str], str]) -> list[Any]:
    return [
        pytest.param(
            side,
            code,
            marks=[pytest.mark.xfail(strict=True, reason=expected_failures[side, code])]
            if (side, code) in expected_failures
            else [],
            id=f"{code}-{side}",
        )
        for code in CHECKS
        for side in SIDES
    ]


@cache
def labelled(side: str = "shaping") -> tuple[dict[str, Any], ...]:
    with SIDES[side].open("rb") as file:
        return tuple(tomllib.load(file)["finding"])


def found(item: dict[str, Any]) -> list[Finding]:
    """The findings of the item's code on its key, from its quoted entries (only those
    naming ``about``, when the item says which name it is about): what ``mi-refs check``
    reports offline, the loading problems (a key written twice) included."""
    bibliography = mi_refs.loads(item["bib"])
    about = f"'{item['about']}'" if "about" in item else ""
    loading = [finding_from_problem(problem) for problem in bibliography.problems]
    return [
        finding
        for finding in [*loading, *check_offline(bibliography, today=TODAY)]
        if finding.key == item["key"] and finding.code == item["code"] and about in finding.message
    ]


def kept(item: dict[str, Any], findings: list[Finding]) -> bool:
    """Whether a true item is reported at its level (with its suggestion, if it names one)."""
    at_level = [finding for finding in findings if finding.severity.value == item["level"]]
    if "suggestion" not in item:
        return bool(at_level)
    wanted = item["suggestion"] or None
    return any(finding.suggestion == wanted for finding in at_level)


@dataclass(frozen=True)
class Figures:
    reported: int
    false_alarms: int
    false_labels: int
    true: int
    kept: int
    alarms: tuple[tuple[str, str], ...]
    lost: tuple[tuple[str, str, str, tuple[str, ...]], ...]


@cache
def figures(side: str, code: str) -> Figures:
    """A check's figures on a side: false alarms over every label (a post-run label counts a
    finding reported and judged right); true findings kept over the labels judged before
    mi-refs was run (a post-run true label is kept by construction: counting it would raise
    the share kept by every finding reported, while the true findings not reported that
    nobody foresaw stay unknown)."""
    reported = false_alarms = false_labels = true = kept_count = 0
    alarms: list[tuple[str, str]] = []
    lost: list[tuple[str, str, str, tuple[str, ...]]] = []
    for item in labelled(side):
        if item["code"] != code:
            continue
        findings = found(item)
        false_labels += item["verdict"] == "false"
        if any(finding.severity in REPORTED for finding in findings):
            reported += 1
            if item["verdict"] == "false":
                false_alarms += 1
                alarms.append((item["key"], item["reason"]))
        if item["verdict"] == "true" and item.get("judged") != "post-run":
            true += 1
            if kept(item, findings):
                kept_count += 1
            else:
                got = tuple(f"{f.severity.value}:{f.suggestion}" for f in findings)
                lost.append((item["source"], item["key"], item["level"], got))
    return Figures(
        reported, false_alarms, false_labels, true, kept_count, tuple(alarms), tuple(lost)
    )


@pytest.mark.parametrize("side", SIDES)
def test_the_set_is_large_and_every_item_is_complete(side: str) -> None:
    items = labelled(side)
    assert len(items) >= MIN_ITEMS[side]
    for item in items:
        assert item["source"].count("/") >= 2, item  # owner/repo/path
        assert item["verdict"] in {"true", "false"}, item
        assert item["reason"].strip(), item
        assert item["code"] in CHECKS, item
        if item["verdict"] == "true":
            assert item["level"] in {"error", "warning", "info"}, item
    # every check has true and false labels on both sides (but where no true case exists)
    assert {(item["code"], item["verdict"]) for item in items} == {
        (code, verdict)
        for code in CHECKS
        for verdict in ("true", "false")
        if not (verdict == "true" and (side, code) in NO_TRUE_CASE) and (side, code) not in NO_LABEL
    }


def test_the_holdouts_share_no_library_with_the_shaping_side_or_each_other() -> None:
    def libraries(side: str) -> set[str]:
        return {"/".join(item["source"].split("/")[:2]) for item in labelled(side)}

    seen: set[str] = set()
    for side in SIDES:  # each side apart from every side made before it
        assert libraries(side).isdisjoint(seen), side
        seen |= libraries(side)


@pytest.mark.parametrize(("side", "code"), _cases(FALSE_ALARMS_OVER))
def test_false_alarms_stay_under_five_percent(side: str, code: str) -> None:
    if (side, code) in NO_LABEL:
        pytest.skip(NO_LABEL[side, code])
    result = figures(side, code)
    assert result.reported or result.false_labels  # silent on every false label counts
    assert result.false_alarms / max(result.reported, 1) < MAX_FALSE_ALARMS, result.alarms


@pytest.mark.parametrize(("side", "code"), _cases(SHORT_OF_THE_BAR))
def test_true_findings_are_still_reported_at_their_level(side: str, code: str) -> None:
    result = figures(side, code)
    if (side, code) in NO_TRUE_CASE:
        assert not result.true
        pytest.skip(NO_TRUE_CASE[side, code])
    assert result.kept / result.true >= MIN_KEPT[side], result.lost


def table_row(side: str, code: str) -> str:
    """The line of docs/check.md's table for one check on one side (figures only)."""
    r = figures(side, code)
    rate = f"{r.false_alarms}/{r.reported} ({r.false_alarms / max(r.reported, 1):.1%})"
    kept_share = f"{r.kept}/{r.true} ({r.kept / r.true:.0%})" if r.true else "no true case"
    return f"| {code} | {side} | {r.reported} | {rate} | {kept_share} |"


@pytest.mark.parametrize(("side", "code"), [(side, code) for code in CHECKS for side in SIDES])
def test_docs_report_both_figures_per_check(side: str, code: str) -> None:
    text = (HERE.parents[1] / "docs" / "check.md").read_text(encoding="utf-8")
    assert table_row(side, code) in text.replace("**", "")


if __name__ == "__main__":  # the table docs/check.md quotes
    print("| check | side | reported (warning/error) | false alarms | true kept |")
    print("|---|---|---|---|---|")
    for code in CHECKS:
        for side in SIDES:
            print(table_row(side, code))
    for side in SIDES:
        counts = Counter(item["code"] for item in labelled(side))
        print(side, sum(counts.values()), dict(counts))
