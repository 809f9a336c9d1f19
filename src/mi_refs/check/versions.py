"""One work in two versions or two imports (issue 16, holdouts 3 and 4; part of
:func:`mi_refs.check.duplicates.duplicate_works`): a long title, the same once folded or
near-identical in spelling only, on a preprint or working paper and its article, a PDF
stub or import and the complete entry, two imports of one article (``duplicate-entry``
warnings that never advise deleting either). Found through the folded title and the
surnames' words, never all pairs compared. Pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain

from rapidfuzz import fuzz
from rapidfuzz.distance.Levenshtein import distance

from mi_refs.bibtex.normalize import page_numbers
from mi_refs.check.parts import (
    folded_title,
    numbered,
    other_pages,
    other_volume,
    same_title_finding,
    volume_of,
)
from mi_refs.check.text import TITLE_SAME, fold
from mi_refs.model import Finding, Kind, Reference

__all__ = ["versions"]

# A title this long (letters and digits once folded, spaces and punctuation dropped) on two
# entries is one work unless something says otherwise; with no author in common (a PDF
# import's garbled byline, an address as authors) it must be longer still and the year
# the same, or the pages or the journal must agree.
_VERSION_TITLE = 24
_SHORT_TITLE = 12  # a shorter title is compared only with its locator (_titled_enough)
_CO_AUTHORS = 2  # a co-publication's byline holds at least this many names
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
    neither of which is a preprint's; years more than 2 apart (not on one page range of
    one journal or book); two journals in two years,
    neither a preprint server or working paper series, and not one page range; other
    editions; a book
    beside an entry of another year or in a journal (an edition, a reprint, a review);
    two proceedings papers or two reports of other years (two meetings, yearly reports),
    two reports with other numbers; another issue (:func:`_other_issue`); a chapter
    beside its book."""
    if a.pmid and b.pmid and a.pmid != b.pmid:
        return True
    if a.doi and b.doi and a.doi.lower() != b.doi.lower() and not (_preprint(a) or _preprint(b)):
        return True
    years = _year_of(a), _year_of(b)
    far = bool(years[0] and years[1] and abs(years[0] - years[1]) > _NEAR_YEARS)
    if far and not _same_place(a, b):
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
    numbers = _locator(a)[0], _locator(b)[0]
    if kinds == {Kind.REPORT} and all(numbers) and numbers[0] != numbers[1]:
        return True  # two report numbers: two reports
    if _other_issue(a, b):
        return True
    # (the titles are one string of letters and digits: no other numbers, no other part)
    return Kind.CHAPTER in {a.kind, b.kind} and Kind.BOOK in {a.kind, b.kind}


def _other_issue(a: Reference, b: Reference) -> bool:
    """Other volumes (not a volume that is the entry's year), one journal's other issues,
    two page ranges on other first pages (supplement forms aside); never between a
    preprint and its article: a server's volume and pages are not the article's (holdout
    5: bioRxiv's ``volume = {1}`` beside F1000Research's 7)."""
    if _preprint(a) != _preprint(b):
        return False
    if other_volume(volume_of(a), volume_of(b)):
        return True
    if a.journal and b.journal and fold(a.journal) == fold(b.journal):
        mine, theirs = numbered(a.issue), numbered(b.issue)
        if mine and theirs and mine != theirs:
            return True
    return bool(_span(a.pages) and _span(b.pages) and other_pages(a.pages, b.pages))


def _same_place(a: Reference, b: Reference) -> bool:
    """One page range of two pages or more in one journal or book (issue 16, holdout 5:
    one chapter dated 1977 and 1987, pages 445-476 of one book): one work whatever the
    years say (a typing slip in one of them)."""
    span = _span(a.pages)
    if span is None or span != _span(b.pages):
        return False
    mine, theirs = fold(a.journal or a.booktitle), fold(b.journal or b.booktitle)
    return bool(mine) and mine == theirs


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
    no person (no author, or bodies only: :func:`_corporate`): one journal, or near years;
    where neither does: one journal, no other year (not two court decisions in one
    case)."""
    if _reversed_byline(a, b) or _same_locator(a, b):
        return True
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
    persons, other_persons = mine and not _corporate(a), theirs and not _corporate(b)
    if persons and other_persons:
        return bool(
            years[0] == years[1] and years[0] and letters >= _LONG_TITLE
            and not (a.journal and b.journal)
        )  # fmt: skip
    same_journal = bool(a.journal and b.journal and fold(a.journal) == fold(b.journal))
    if not (persons or other_persons):
        return same_journal and (years[0] == years[1] or not (years[0] and years[1]))
    return same_journal or bool(years[0] and years[1])  # near years: checked by _two_works


def _corporate(reference: Reference) -> bool:
    """A byline of bodies only (``{Healthcare Improvement Scotland}``): it names no person,
    so it is no evidence of other authors beside a byline of persons or of another body
    (a guideline under its group's name and its panel's, or under two bodies' names), as
    an entry naming no author is none."""
    names = reference.authors or reference.editors
    return bool(names) and all(name.corporate for name in names)


def _reversed_byline(a: Reference, b: Reference) -> bool:
    """One byline with every name reversed (issue 16, holdout 6: ``DT, Le and JN, Uram``
    beside ``Le, Dung T. and Uram, Jennifer N.``, a PubMed import's initials read as
    surnames): the first authors' surnames of one entry are the given names of the
    other's, in order (the first three, or all when fewer)."""
    for one, other in ((a, b), (b, a)):
        mine, theirs = one.authors[:3], other.authors[:3]
        if (
            mine
            and len(mine) == len(theirs)
            and all(
                fold(name.surname) and fold(name.surname) == fold(reversed_.given)
                for name, reversed_ in zip(mine, theirs, strict=True)
            )
        ):
            return True
    return False


def _locator(reference: Reference) -> tuple[str, str]:
    """What locates a report or a web document beside its title: its report number
    (letters and digits only: ``SIGN136`` is ``SIGN 136``) and its URL (without scheme,
    ``www.`` or a trailing ``/``)."""
    number = fold(reference.number).replace(" ", "") if reference.kind is Kind.REPORT else ""
    url = _URL_HEAD.sub("", reference.url.strip().lower()).rstrip("/")
    return number, url if "/" in url else ""  # a site's address alone locates nothing


_URL_HEAD = re.compile(r"^(?:https?://)?(?:www\.)?")


def _same_locator(a: Reference, b: Reference) -> bool:
    """One report number or one URL (with a path) on both entries: one document."""
    (number, url), (other_number, other_url) = _locator(a), _locator(b)
    return bool(number and number == other_number) or bool(url and url == other_url)


def _same_titles(
    reference: Reference, title: str, by_title: dict[tuple[str, str], list[tuple[int, Reference]]]
) -> tuple[list[tuple[str, str]], list[Reference]]:
    """Where the entry is kept in ``by_title`` and the earlier entries of its title it is
    compared with: by title and DOI ("*": every DOI; "preprint": a preprint server's; an
    entry with another DOI, neither a preprint's, is another work, never compared); a
    short title by title and locator only (:func:`_titled_enough`)."""
    doi = _doi_class(reference)
    if len(title) < _VERSION_TITLE:
        kept_under = [(title, f"at {where}") for where in _locator(reference) if where]
        looked_up = kept_under
    elif doi in {"", "preprint"}:
        kept_under, looked_up = [(title, "*"), (title, doi)], [(title, "*")]
    else:
        kept_under = [(title, "*"), (title, doi)]
        looked_up = [(title, key) for key in ("", "preprint", doi)]
    found = chain(*(by_title.get(key, ()) for key in looked_up))
    return kept_under, [other for _, other in sorted(found, key=_first)]


def _titled_enough(reference: Reference, title: str) -> bool:
    """Whether an entry's title (folded, without spaces) is long enough to compare: 24
    letters and digits or more; or, shorter (``Management of chronic pain``, 23), 12 or
    more on an entry with a report number or a URL, which is then compared only with
    entries of the same title and the same locator (issue 16, holdout 6: SIGN 136 under
    two corporate authors, report numbers ``SIGN136`` and ``SIGN 136``): a short title is
    shared by many works, its locator is not."""
    if len(title) >= _VERSION_TITLE:
        return True
    return len(title) >= _SHORT_TITLE and any(_locator(reference))


def _byline_key(reference: Reference, title: str) -> tuple[str, str, tuple[str, ...]] | None:
    """Where a co-publication of the entry is looked for (:func:`_co_published`): its
    title, year and every author's surname, folded; ``None`` for an entry that cannot be
    one (not an article with its own DOI, a title under 24 letters, fewer than 2 authors,
    no year)."""
    if reference.kind is not Kind.ARTICLE or len(title) < _VERSION_TITLE:
        return None
    if _doi_class(reference) in {"", "preprint"} or not reference.year.strip():
        return None
    if len(reference.authors) < _CO_AUTHORS:
        return None
    surnames = tuple(fold(name.surname) for name in reference.authors)
    return title, reference.year.strip(), surnames


def _co_published(a: Reference, b: Reference) -> bool:
    """One work co-published in two journals (issue 16, holdout 6: the 2020 ACC/AHA
    valvular heart disease guideline in JACC and in Circulation, each with its own DOI):
    one long title, one year and one byline of two or more authors (the same surnames in
    the same order) in two journals, with two DOIs. Joint guidelines and statements are
    printed so; a letter cites one of the two."""
    return bool(
        a.journal and b.journal and fold(a.journal) != fold(b.journal)
        and a.doi.lower() != b.doi.lower()
    )  # fmt: skip


def _co_published_message(reference: Reference, other: Reference) -> str:
    return (
        f"title {reference.title!r} is that of {other.key} ({other.year}), by the same "
        f"authors, in {reference.journal!r} and {other.journal!r}, each with its own DOI: "
        "one work published twice (a joint guideline or statement co-published, a "
        "discussion paper and its article?): cite one"
    )


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


def _doi_class(reference: Reference) -> str:
    """How the versions rule compares an entry's DOI: ``""`` (none), ``"preprint"`` (a
    preprint server's, :func:`_preprint`) or the DOI."""
    if not reference.doi:
        return ""
    return "preprint" if _preprint(reference) else reference.doi.lower()


def _first(placed: tuple[int, Reference]) -> int:
    return placed[0]


def versions(references: Sequence[Reference], reported: set[str | None]) -> list[Finding]:
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
        and _titled_enough(reference, (folded := folded_title(reference)).replace(" ", ""))
    ]
    counts = Counter(word for _, folded in titled for word in set(folded.split()))
    # By title and DOI, or title and locator (_same_titles)
    by_title: dict[tuple[str, str], list[tuple[int, Reference]]] = {}
    by_near: dict[tuple[str, str], list[tuple[str, Reference]]] = {}
    # Co-publication candidates by title, year and byline: the first entry of each journal
    by_byline: dict[tuple[str, str, tuple[str, ...]], dict[str, Reference]] = {}
    findings: list[Finding] = []
    for number, (reference, folded) in enumerate(titled):
        title = folded.replace(" ", "")
        kept_under, earlier = _same_titles(reference, title, by_title)
        keys: set[tuple[str, str]] = set()
        if len(title) >= _VERSION_TITLE:
            words = [word for word in set(folded.split()) if len(word) >= 4]
            rare = [word for word in words if counts[word] <= _BLOCKING_TITLES]
            rarest = sorted(rare, key=lambda word: (counts[word], -len(word), word))[:3]
            keys = {(name, word) for name in _surname_words(reference) for word in rarest}
        byline = _byline_key(reference, title)
        if reference.key not in reported:
            near = (
                other
                for key in keys
                for other_title, other in by_near.get(key, ())
                if other_title.replace(" ", "") != title
                and fuzz.ratio(folded, other_title, score_cutoff=TITLE_SAME)
                and _spelling_only(folded, other_title)
            )
            message = ""
            short = len(title) < _VERSION_TITLE
            for other in (*earlier, *near):
                if short and not _same_locator(reference, other):
                    continue
                if not _two_works(reference, other) and _agreeing(reference, other, len(title)):
                    message = _version_message(reference, other)
                    break
            if not message and byline is not None:
                message = next(
                    (
                        _co_published_message(reference, other)
                        for other in by_byline.get(byline, {}).values()
                        if _co_published(reference, other)
                    ),
                    "",
                )
            if message:
                findings.append(same_title_finding(reference, message))
        for kept in kept_under:
            by_title.setdefault(kept, []).append((number, reference))
        for key in keys:
            by_near.setdefault(key, []).append((folded, reference))
        if byline is not None:
            by_byline.setdefault(byline, {}).setdefault(fold(reference.journal), reference)
    return findings
