"""Offline checks between entries and on identifier values (part of
:func:`mi_refs.check.offline.check_offline`):

- :func:`duplicate_works`: one work listed twice (``duplicate-entry``), and one identifier
  given to two entries that are different parts, volumes or page ranges
  (``shared-identifier``: which part the identifier belongs to is a human's call; neither
  entry is to be deleted);
- :func:`export_debris`: a DOI, PMID or PMCID that is read right but carries an
  exporter's debris (``10.1056/NEJMoa042176 [doi]``, ``http://dx.doi.org/...``,
  ``doi:``) that other tools print as written (``style``, fixed by ``fix``).

Pages, DOIs and titles are compared through :mod:`mi_refs.bibtex.canonical` (``333-6``
is ``333-336``; a first page alone agrees with a range starting there). Pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance.Levenshtein import distance

from mi_refs.bibtex.canonical import (
    IDENTIFIER_FIELDS,
    first_page,
    identifier_debris,
    page_relation,
)
from mi_refs.bibtex.normalize import page_numbers
from mi_refs.check.findings import offline_finding
from mi_refs.check.text import TITLE_OTHER_WORK, TITLE_SAME, fold
from mi_refs.model import Finding, Kind, Reference, Severity

__all__ = ["duplicate_works", "export_debris", "not_the_same_work"]


# Numbers in a title: two titles alike but for these are two works (report 4 and 5).
_NUMBERS = re.compile(
    r"\b(?:\d+|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[ivx]+)\b"
)


def _first_author(reference: Reference) -> str:
    """The surname of the first author (else editor), ``""`` when there is none."""
    names = reference.authors or reference.editors
    return names[0].surname if names else ""


def _distinct_identifiers(a: Reference, b: Reference) -> bool:
    """Both entries carry a DOI (or a PMID) and the identifiers differ: two works."""
    return bool(
        (a.doi and b.doi and a.doi.lower() != b.doi.lower())
        or (a.pmid and b.pmid and a.pmid != b.pmid)
    )


def _numbered(value: str) -> str:
    """A volume or issue as compared: folded, ``""`` when it holds no digit (Wiley's
    ``n/a`` on an online-first article is no volume: ``n/a`` and ``41`` are one article
    before and after its issue)."""
    folded = fold(value)
    return folded if any(char.isdigit() for char in folded) else ""


def _other_volume(a: str, b: str) -> bool:
    """Two volumes that differ, also with a supplement's designation dropped from the one
    that has it: ``23 Suppl 1`` and ``23`` on one DOI are one supplement article exported
    two ways (holdout 4's one false alarm), not two parts."""
    mine, theirs = _numbered(a), _numbered(b)
    if not mine or not theirs or mine == theirs:
        return False
    if bool(_SUPPLEMENT_VOLUME.search(mine)) == bool(_SUPPLEMENT_VOLUME.search(theirs)):
        return True
    return _SUPPLEMENT_VOLUME.sub("", mine) != _SUPPLEMENT_VOLUME.sub("", theirs)


_SUPPLEMENT_VOLUME = re.compile(r"\s*\(?\b(?:suppl(?:ement)?\.?|s)\s*\d*\)?$")


def _title_numbers(reference: Reference) -> set[str]:
    return set(_NUMBERS.findall(fold(reference.title)))


def _other_numbers(a: Reference, b: Reference) -> bool:
    """Whether two titles carry other numbers (``Part I``/``Part II``, report 4 and 5):
    not when the same digits are only written with other separators, one notation of one
    number (Miller indices: ``GaN (10-10)`` and ``GaN (101\\=0)``, ``10 10`` and
    ``101 0`` once folded)."""
    mine, theirs = _title_numbers(a), _title_numbers(b)
    if mine == theirs:
        return False
    joined = ["".join(_NUMBERS.findall(fold(r.title))) for r in (a, b)]
    return joined[0] != joined[1]


def _chapter_of(a: Reference, b: Reference) -> bool:
    """Whether one entry is a chapter and the other its book (its ``booktitle`` is the
    book's title) or another chapter: a book's DOI on its chapters and on the book is
    not wrong (one DOI, several items, none to delete). Asked of entries whose titles
    are unlike."""
    chapters = [r for r in (a, b) if r.kind is Kind.CHAPTER]
    if len(chapters) == 2:
        return True
    if len(chapters) != 1:
        return False
    chapter = chapters[0]
    book = b if chapter is a else a
    return bool(
        book.kind is Kind.BOOK
        and chapter.booktitle
        and fuzz.ratio(fold(chapter.booktitle), fold(book.title)) >= TITLE_SAME
    )


def _other_part(a: Reference, b: Reference) -> str:
    """What says two entries are different parts of one publication (``""`` if nothing
    does): another volume, another first page (ranges compared in full; not a range
    starting at page 1, an online-first version's own pagination), or other numbers in
    the titles (``Part I``/``Part II``; not numbers in one title only on one whole page
    range). Only asked of entries whose titles are alike: two unlike titles on one
    identifier mean one identifier is wrong."""
    if _other_volume(a.volume, b.volume):
        return f"volume {b.volume} and {a.volume}"
    if (
        a.pages
        and b.pages
        and _other_pages(a.pages, b.pages)
        and not {first_page(a.pages), first_page(b.pages)} & {"1"}
    ):  # an online-first version's own pagination (1-24) is not another part
        return f"pages {b.pages} and {a.pages}"
    if a.title and b.title and _other_numbers(a, b) and not _numbered_copy(a, b):
        return "other numbers in the titles"
    return ""


def _other_pages(a: str, b: str) -> bool:
    """Two page values that are other pages, also with a supplement's ``S`` dropped from
    the one that has it: ``208--19`` and ``S208--S219`` on one DOI are one supplement
    article exported two ways (holdout 4's one false alarm), not two parts."""
    if page_relation(a, b) != "different":
        return False
    if bool(_SUPPLEMENT_PAGE.search(a)) == bool(_SUPPLEMENT_PAGE.search(b)):
        return True
    return page_relation(_SUPPLEMENT_PAGE.sub("", a), _SUPPLEMENT_PAGE.sub("", b)) == "different"


_SUPPLEMENT_PAGE = re.compile(r"(?<![A-Za-z])[Ss](?=\d)")


def _numbered_copy(a: Reference, b: Reference) -> bool:
    """Numbers in one title only, on one whole page range (``670-678`` twice): ``Case
    10.11 - Esophageal Obstruction`` and ``Esophageal Obstruction`` are one chapter saved
    twice (MiguelDLM/Paleo-virtual). Part I and Part II both carry a number, and stay
    two parts whatever their pages."""
    if _title_numbers(a) and _title_numbers(b):
        return False
    span = page_numbers(a.pages)
    return span is not None and span == page_numbers(b.pages) and span[0] != span[1]


def not_the_same_work(a: Reference, b: Reference) -> str:
    """Why two entries sharing a DOI or PMID are not one work listed twice (``""`` when
    they are): unlike titles (one identifier is wrong), or another part, volume or first
    page (which part the identifier belongs to is a human's call). ``import`` asks this
    before merging a record into an entry with its identifier."""
    if a.title and b.title and fuzz.ratio(fold(a.title), fold(b.title)) < TITLE_OTHER_WORK:
        return "another title"
    return _other_part(a, b)


def _same_identifier(
    reference: Reference, by_doi: Mapping[str, Reference], by_pmid: Mapping[str, Reference]
) -> Finding | None:
    for field, value, seen in (
        ("doi", reference.doi.lower(), by_doi),
        ("pmid", reference.pmid, by_pmid),
    ):
        earlier = seen.get(value) if value else None
        if earlier is None:
            continue
        shown = reference.doi if field == "doi" else reference.pmid
        other_work = (
            reference.title
            and earlier.title
            and fuzz.ratio(fold(reference.title), fold(earlier.title)) < TITLE_OTHER_WORK
        )
        if other_work and _chapter_of(reference, earlier):
            continue  # a book's DOI on its chapters and the book: not one work, not wrong
        part = "" if other_work else _other_part(reference, earlier)
        if part:
            message = (
                f"{field.upper()} {shown} is on two entries, {earlier.key} and this one, "
                f"which differ ({part}): one identifier on two entries: check which part "
                "it belongs to (keep both entries)"
            )
            return offline_finding(
                reference, "shared-identifier", Severity.WARNING, message, field=field,
                stored=shown,
            )  # fmt: skip
        if other_work:
            message = (
                f"{field.upper()} {shown} is also given to {earlier.key}: another title "
                f"({earlier.title!r}); one of the two is wrong"
            )
        else:
            message = (
                f"{field.upper()} {shown} is also the {field.upper()} of {earlier.key}: "
                "the same work is listed twice"
            )
        return offline_finding(
            reference, "duplicate-entry", Severity.ERROR, message, field=field, stored=shown
        )
    return None


def _surnames(reference: Reference) -> tuple[str, ...]:
    return tuple(fold(name.surname) for name in (reference.authors or reference.editors)[:3])


def _other_works(a: Reference, b: Reference) -> bool:
    """Two entries with near-identical titles, one year and one first author that are
    still two works: different identifiers; other co-authors; one journal but another
    volume, issue or first page (a recurring column title in two issues; ``333-6`` and
    ``333-336`` are one range, and ``2301`` is the first page of ``2301-2315``); no
    journal and other volumes (volumes 1 and 2 of one book); or other
    numbers in the titles (the fourth and the fifth report). A journal version and its
    preprint or conference form are one work written twice, and still reported."""
    if _distinct_identifiers(a, b):
        return True
    first, second = _surnames(a), _surnames(b)
    if first[: len(second)] != second[: len(first)]:
        return True
    if a.journal and b.journal and fold(a.journal) == fold(b.journal):
        for field in ("volume", "issue"):
            mine, theirs = _numbered(getattr(a, field)), _numbered(getattr(b, field))
            if mine and theirs and mine != theirs:
                return True
        if a.pages and b.pages and _other_pages(a.pages, b.pages):
            return True
    elif not (a.journal or b.journal) and _other_volume(a.volume, b.volume):
        return True  # volumes 1 and 2 of one book
    return _other_numbers(a, b)


def _similar_title(
    reference: Reference, title: str, earlier: Iterable[tuple[str, Reference]]
) -> Finding | None:
    for other_title, other in earlier:
        if not fuzz.ratio(title, other_title, score_cutoff=TITLE_SAME):
            continue  # the cheap test first: one author's list may be long
        if not _other_works(reference, other):
            message = (
                f"title {reference.title!r} ({reference.year}, first author "
                f"{_first_author(reference)}) is that of {other.key}: the same work listed "
                "twice?"
            )
            return _same_title(reference, message)
    return None


def _same_title(reference: Reference, message: str) -> Finding:
    """A ``duplicate-entry`` warning on the entry's title: the same work by its title."""
    return offline_finding(
        reference, "duplicate-entry", Severity.WARNING, message, field="title",
        stored=reference.title,
    )  # fmt: skip


def duplicate_works(references: Sequence[Reference]) -> list[Finding]:
    """One work listed twice, reported on the later entry, naming the earlier one: the
    same DOI (case-insensitive) or PMID (error), or titles that are near-identical when
    folded (rapidfuzz ratio >= 95) with the same year and the same first-author surname
    (warning; not when both entries carry different DOIs or PMIDs, nor for entries with
    no author or year). One DOI or PMID on two entries that differ in volume, first page
    or the numbers of their titles (Part I and Part II of a guideline) is a
    ``shared-identifier`` warning instead, which never suggests deleting either. One
    finding per entry at most."""
    by_doi: dict[str, Reference] = {}
    by_pmid: dict[str, Reference] = {}
    by_year_author: dict[tuple[str, str], list[tuple[str, Reference]]] = {}
    findings: list[Finding] = []
    for reference in references:
        surname = fold(_first_author(reference))
        title = fold(reference.title)
        group = (reference.year, surname) if reference.year and surname and title else None
        finding = _same_identifier(reference, by_doi, by_pmid)
        if finding is None and group is not None:
            finding = _similar_title(reference, title, by_year_author.get(group, ()))
        if finding is not None:
            findings.append(finding)
        if reference.doi:
            by_doi.setdefault(reference.doi.lower(), reference)
        if reference.pmid:
            by_pmid.setdefault(reference.pmid, reference)
        if group is not None:
            by_year_author.setdefault(group, []).append((title, reference))
    reported = {finding.key for finding in findings}
    findings.extend(_versions(references, reported))
    return findings


# --- one work in two versions or two imports (issue 16, holdouts 3 and 4) ---------------

# A title this long (letters and digits once folded, spaces and punctuation dropped) on two
# entries is one work unless something says otherwise; with no author in common (a PDF
# import's garbled byline, an address as authors) it must be longer still and the year
# the same, or the pages or the journal must agree.
_VERSION_TITLE = 24
_LONG_TITLE = 50
_NEAR_YEARS = 2
_SURNAME_TYPO = 85  # rapidfuzz ratio: one letter in a surname of 6 or more (Kileen/Killeen)
# Kinds whose same title is one work in another version: a preprint, a working paper or a
# PDF stub beside its article, a conference paper beside its journal version. Not meeting
# abstracts and talks (one title at two meetings), theses, data sets, software, patents.
_VERSION_KINDS = frozenset(
    {Kind.ARTICLE, Kind.PREPRINT, Kind.REPORT, Kind.CHAPTER, Kind.BOOK, Kind.PROCEEDINGS_PAPER,
     Kind.GENERIC}
)  # fmt: skip
# Preprint servers' DOI prefixes (bioRxiv and medRxiv, SSRN, arXiv, OSF's servers,
# Research Square, Preprints.org, ChemRxiv, TechRxiv, EcoEvoRxiv): a preprint's DOI beside
# its article's is one work in two versions, not two works.
_PREPRINT_DOIS = (
    "10.1101/", "10.2139/", "10.48550/", "10.31234/", "10.31219/", "10.31235/", "10.31222/",
    "10.35542/", "10.21203/", "10.20944/", "10.26434/", "10.36227/", "10.32942/",
)  # fmt: skip
# Kinds whose title recurs on other works in other years: a talk at two meetings, a
# grant's yearly progress reports ("Research in Stochastic Processes", 1983 and 1985).
_RECURRING_KINDS = frozenset({Kind.PROCEEDINGS_PAPER, Kind.REPORT})
_PREPRINT_WORDS = re.compile(
    r"\b(?:arxiv|biorxiv|medrxiv|psyarxiv|ssrn|preprints?|working papers?|discussion papers?)\b"
)
_YEAR_DIGITS = re.compile(r"\d{4}")


def _preprint(reference: Reference) -> bool:
    """A preprint or a working paper: by its DOI's prefix when it has a DOI (a Zenodo or
    figshare DOI is a deposit's: data, a supplement, software), else by its kind or its
    venue's words."""
    if reference.doi:
        return reference.doi.lower().startswith(_PREPRINT_DOIS)
    if reference.kind is Kind.PREPRINT:
        return True
    where = (reference.journal, reference.type, reference.number, reference.publisher,
             reference.get("institution"), reference.get("eprinttype"), reference.url)  # fmt: skip
    return bool(_PREPRINT_WORDS.search(fold(" ".join(where))))


def _year_of(reference: Reference) -> int | None:
    found = _YEAR_DIGITS.match(reference.year.strip())
    return int(found[0]) if found else None


def _span(pages: str) -> tuple[int, int] | None:
    """A page range (first below last), ``None`` for a single number: a PDF import's
    ``pages`` is the file's page count, not a page."""
    span = page_numbers(pages)
    return span if span is not None and span[0] < span[1] else None


def _two_works(a: Reference, b: Reference) -> bool:
    """What says two entries with one long title are two works: other PMIDs; other DOIs
    neither of which is a preprint's; years more than 2 apart; two journals in two years,
    neither a preprint server or working paper series, and not one page range; other
    editions; a book
    beside an entry of another year or in a journal (an edition, a reprint, a review);
    two proceedings papers or two reports of other years (two meetings, yearly reports),
    two reports with other numbers; other volumes; one journal with other
    issues; two page ranges starting on other pages (supplement forms aside); a chapter
    beside its book."""
    if a.pmid and b.pmid and a.pmid != b.pmid:
        return True
    if a.doi and b.doi and a.doi.lower() != b.doi.lower() and not (_preprint(a) or _preprint(b)):
        return True
    years = _year_of(a), _year_of(b)
    if years[0] and years[1] and abs(years[0] - years[1]) > _NEAR_YEARS:
        return True
    if a.edition and b.edition and fold(a.edition) != fold(b.edition):
        return True
    if (
        a.journal
        and b.journal
        and fold(a.journal) != fold(b.journal)
        and years[0]
        and years[1]
        and years[0] != years[1]
        and not (_preprint(a) or _preprint(b))
        and (_span(a.pages) is None or _span(a.pages) != _span(b.pages))
    ):  # one study's abstracts at two meetings (Blood 2021, HemaSphere 2022); not one
        return True  # page range under two spellings of one journal (Chem Rev 2012/2013)
    kinds = {a.kind, b.kind}
    if Kind.BOOK in kinds and (years[0] != years[1] or a.journal or b.journal):
        return True  # editions, reprints; a book's review in a journal carries its title
    if len(kinds) == 1 and kinds & _RECURRING_KINDS and years[0] != years[1]:
        return True  # one title at two meetings, a series' yearly reports
    if kinds == {Kind.REPORT} and a.number and b.number and fold(a.number) != fold(b.number):
        return True  # two report numbers: two reports
    if _other_volume(a.volume, b.volume):
        return True
    if a.journal and b.journal and fold(a.journal) == fold(b.journal):
        mine, theirs = _numbered(a.issue), _numbered(b.issue)
        if mine and theirs and mine != theirs:
            return True
    if _span(a.pages) and _span(b.pages) and _other_pages(a.pages, b.pages):
        return True
    # (the titles are one string of letters and digits: no other numbers, no other part)
    return Kind.CHAPTER in {a.kind, b.kind} and Kind.BOOK in {a.kind, b.kind}


def _surname_words(reference: Reference) -> set[str]:
    """The surnames, folded, and their words of 4 letters or more: ``Di Domenico`` meets
    ``Domenico``, a byline read as one name (``Wouter H. J. Vaes, En Joop L. M. Hermens``)
    meets ``Vaes``."""
    words: set[str] = set()
    for name in (*reference.authors, *reference.editors):
        surname = fold(name.surname)
        words.update(word for word in surname.split() if len(word) >= 4)
        words.add(surname)
    return words - {""}


def _agreeing(a: Reference, b: Reference, letters: int) -> bool:
    """What says they are one work beyond the title: an author's surname in common (or
    one letter apart in a long surname: Kileen/Killeen; a word of one in common), or one
    page range. Two bylines
    with no surname in common are two works (other authors in one journal, one year)
    unless one entry is a bare import of the other (no journal: a PDF import's address or
    split letters as its byline) with the same year on a long title. Where one entry names
    no author: one journal, or near years; where neither does: one journal, no other year
    (not two court decisions in one case)."""
    mine, theirs = _surname_words(a), _surname_words(b)
    if mine & theirs or any(
        fuzz.ratio(one, other) >= _SURNAME_TYPO
        for one in mine
        for other in theirs
        if min(len(one), len(other)) >= 5
    ):
        return True
    span = _span(a.pages)
    if span is not None and span == _span(b.pages):
        return True
    years = _year_of(a), _year_of(b)
    if mine and theirs:
        return bool(
            years[0] == years[1] and years[0] and letters >= _LONG_TITLE
            and not (a.journal and b.journal)
        )  # fmt: skip
    same_journal = bool(a.journal and b.journal and fold(a.journal) == fold(b.journal))
    if not (mine or theirs):
        return same_journal and (years[0] == years[1] or not (years[0] and years[1]))
    return same_journal or bool(years[0] and years[1])  # near years: checked by _two_works


def _version_message(reference: Reference, other: Reference) -> str:
    said = f"title {reference.title!r} is that of {other.key}"
    year = f" ({other.year})" if other.year else ""
    if _preprint(reference) != _preprint(other):
        return (
            f"{said}{year}: the same work twice (a preprint or working paper and its "
            "article?): cite the article, and delete neither without checking"
        )
    if not (reference.year and other.year) or not (reference.authors and other.authors):
        return (
            f"{said}{year}: the same work twice (one a PDF import or stub with no year or "
            "byline of its own?): keep the complete entry"
        )
    return f"{said}{year}: the same work twice (two versions or two imports?)"


def _spelling_only(title: str, other: str) -> bool:
    """Whether two folded titles near-identical by ratio differ only in spelling: every
    word one has and the other lacks is a small word (``a``, ``the``, ``of``...) or is one
    or two letters from a word of the other (``organised``/``organized``,
    ``fibres``/``fibers``), never a number or a short token (``TPC-C``/``TPC-H``, data 4
    and 5, Part I and II)."""
    mine, theirs = title.split(), other.split()
    for words, others in ((set(mine) - set(theirs), theirs), (set(theirs) - set(mine), mine)):
        for word in words:
            if word in _SMALL_WORDS:
                continue
            if len(word) < 4 or any(char.isdigit() for char in word) or word in _ROMAN:
                return False
            if not any(len(near) >= 4 and distance(word, near) <= 2 for near in others):
                return False
    return True


# A title word in more titles than this blocks nothing (``study``, ``patients``).
_BLOCKING_TITLES = 50
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "and", "for", "to", "from"})
_ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"})


def _versions(references: Sequence[Reference], reported: set[str | None]) -> list[Finding]:
    """One work in two versions or two imports, reported on the later entry (warning): a
    long title that is the same letter for letter once folded (case, accents, braces,
    punctuation and spaces dropped: ``A TTENTIONAL F OCUS`` is ``Attentional focus``), or
    near-identical (rapidfuzz ratio >= 95) and differing only in spelling
    (:func:`_spelling_only`), with something else agreeing (:func:`_agreeing`) and nothing
    saying two works (:func:`_two_works`). Found through the folded title, and near titles
    among entries sharing a surname's word and one of the title's three rarest words in
    the list, each in at most 50 titles (a spelling variant rarely changes all three):
    never all pairs compared."""
    titled = [
        (reference, folded)
        for reference in references
        if reference.kind in _VERSION_KINDS
        and len((folded := fold(reference.title)).replace(" ", "")) >= _VERSION_TITLE
    ]
    counts = Counter(word for _, folded in titled for word in set(folded.split()))
    by_title: dict[str, list[Reference]] = {}
    by_near: dict[tuple[str, str], list[tuple[str, Reference]]] = {}
    findings: list[Finding] = []
    for reference, folded in titled:
        title = folded.replace(" ", "")
        earlier = by_title.setdefault(title, [])
        words = [word for word in set(folded.split()) if len(word) >= 4]
        rare = [word for word in words if counts[word] <= _BLOCKING_TITLES]
        rarest = sorted(rare, key=lambda word: (counts[word], -len(word), word))[:3]
        keys = {(name, word) for name in _surname_words(reference) for word in rarest}
        if reference.key not in reported:
            near = (
                other
                for key in keys
                for other_title, other in by_near.get(key, ())
                if other_title.replace(" ", "") != title
                and fuzz.ratio(folded, other_title, score_cutoff=TITLE_SAME)
                and _spelling_only(folded, other_title)
            )
            for other in (*earlier, *near):
                if not _two_works(reference, other) and _agreeing(reference, other, len(title)):
                    message = _version_message(reference, other)
                    findings.append(_same_title(reference, message))
                    break
        earlier.append(reference)
        for key in keys:
            by_near.setdefault(key, []).append((folded, reference))
    return findings


def export_debris(references: Sequence[Reference]) -> list[Finding]:
    """Identifiers read right that carry an exporter's debris around them (warning,
    ``style``, with the bare identifier as the suggestion ``fix`` writes): mi-refs reads
    ``10.1056/NEJMoa042176 [doi]`` as the DOI, but pandoc, Zotero and every other tool
    reading the same .bib print the debris."""
    findings: list[Finding] = []
    for reference in references:
        for field in IDENTIFIER_FIELDS:
            raw = reference.get(field)
            clean = identifier_debris(field, raw) if raw else None
            if clean is None:
                continue
            message = (
                f"{field} {raw.strip()!r} carries export debris: read as {clean}, but other "
                f"tools print it as written; write {field} = {{{clean}}} (fix does)"
            )
            findings.append(
                offline_finding(
                    reference,
                    "style",
                    Severity.WARNING,
                    message,
                    field=field,
                    stored=raw.strip(),
                    suggestion=clean,
                )
            )
    return findings
