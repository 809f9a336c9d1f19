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
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz

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
    ``333-336`` are one range, and ``2301`` is the first page of ``2301-2315``); or other
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
    return _other_numbers(a, b)


def _similar_title(
    reference: Reference, title: str, earlier: Iterable[tuple[str, Reference]]
) -> Finding | None:
    for other_title, other in earlier:
        if _other_works(reference, other):
            continue
        if fuzz.ratio(title, other_title) >= TITLE_SAME:
            message = (
                f"title {reference.title!r} ({reference.year}, first author "
                f"{_first_author(reference)}) is that of {other.key}: the same work listed "
                "twice?"
            )
            return offline_finding(
                reference,
                "duplicate-entry",
                Severity.WARNING,
                message,
                field="title",
                stored=reference.title,
            )
    return None


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
