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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from rapidfuzz import fuzz

from mi_refs.bibtex.canonical import IDENTIFIER_FIELDS, first_page, identifier_debris
from mi_refs.bibtex.normalize import normalize_doi, normalize_pmid
from mi_refs.check.findings import offline_finding
from mi_refs.check.neartitles import NearTitles
from mi_refs.check.parts import (
    folded_title,
    joined_numbers,
    numbered,
    numbered_copy,
    other_numbers,
    other_pages,
    other_volume,
    same_title_finding,
    title_numbers,
    volume_of,
)
from mi_refs.check.text import TITLE_OTHER_WORK, TITLE_SAME, fold
from mi_refs.check.versions import versions
from mi_refs.model import Finding, Kind, Reference, Severity

__all__ = ["duplicate_works", "export_debris", "not_the_same_work"]


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
    if other_volume(volume_of(a), volume_of(b)):
        return f"volume {b.volume} and {a.volume}"
    if (
        a.pages
        and b.pages
        and other_pages(a.pages, b.pages)
        and not {first_page(a.pages), first_page(b.pages)} & {"1"}
    ):  # an online-first version's own pagination (1-24) is not another part
        return f"pages {b.pages} and {a.pages}"
    if a.title and b.title and other_numbers(a, b) and not numbered_copy(a, b):
        return "other numbers in the titles"
    return ""


def not_the_same_work(a: Reference, b: Reference) -> str:
    """Why two entries sharing a DOI or PMID are not one work listed twice (``""`` when
    they are): unlike titles (one identifier is wrong), or another part, volume or first
    page (which part the identifier belongs to is a human's call). ``import`` asks this
    before merging a record into an entry with its identifier."""
    if a.title and b.title and fuzz.ratio(folded_title(a), folded_title(b)) < TITLE_OTHER_WORK:
        return "another title"
    return _other_part(a, b)


def _identifiers(reference: Reference) -> list[tuple[str, str, str]]:
    """The entry's DOI and PMID as compared (field, key, as shown): read right, or, when
    not well formed, as written, if that holds 6 digits or more (holdout 5: PMID
    ``1000000221``, ten digits, copied onto two unrelated articles: one identifier on two
    works is wrong on at least one of them, well formed or not)."""
    out = []
    for field, value, written in _stated(reference):
        if value:
            out.append((field, value.lower(), value))
        elif sum(char.isdigit() for char in written) >= _WRITTEN_DIGITS:
            out.append((field, f"as written: {written.lower()}", f"{written} (not valid)"))
    return out


def _stated(reference: Reference) -> list[tuple[str, str, str]]:
    """The entry's DOI and PMID (field, read, as written), wherever the entry states them:
    its ``doi`` and ``pmid`` fields, else biblatex's ``eprint`` with ``eprinttype = {pmid}``
    (or ``pubmed``, ``doi``), as Zotero and Better BibTeX export a PMID for biblatex
    (issue 16, holdout 6: one PMID given as ``eprint`` to two unrelated articles), else its
    ``url`` when that is the identifier's resolver link (``https://doi.org/10...``,
    ``.../pubmed/25727240``)."""
    kind = _EPRINT_TYPES.get(reference.get("eprinttype").strip().lower(), "")
    eprint = reference.get("eprint").strip()
    out = []
    for field, read in (("doi", reference.doi), ("pmid", reference.pmid)):
        written = reference.get(field).strip()
        normal = normalize_doi if field == "doi" else normalize_pmid
        linked = _RESOLVER[field].search(reference.url) if not written else None
        if not written and kind == field and eprint:
            out.append((field, normal(eprint) or "", eprint))
        elif linked is not None and (found := normal(linked[1])):
            out.append((field, found, found))
        else:
            out.append((field, read, written))
    return out


# A DOI's or a PMID's resolver link in a url field.
_RESOLVER = {
    "doi": re.compile(r"\bdoi\.org/(10\.\d{4,9}/[^\s?#]+)", re.IGNORECASE),
    "pmid": re.compile(
        r"(?:ncbi\.nlm\.nih\.gov/pubmed/|pubmed\.ncbi\.nlm\.nih\.gov/)(\d{1,9})\b", re.IGNORECASE
    ),
}


# biblatex's eprint types that name a DOI or a PMID.
_EPRINT_TYPES = {"pmid": "pmid", "pubmed": "pmid", "doi": "doi"}
# Digits a malformed identifier must hold to be compared as written (not a placeholder).
_WRITTEN_DIGITS = 6


def _another_work(a: Reference, b: Reference) -> bool:
    """Whether two entries sharing an identifier are plainly two works, so that one of the
    identifiers is wrong (not parts of one work, which share a title and a byline): unlike
    titles, or titles that are not the same and bylines without a surname in common
    (issue 16, holdout 6: the PMID of Pimple 2015, J Psychosom Res, on Arri 2016, Heart,
    'Angina and Mental Stress-Induced Myocardial Ischemia' and 'Mental Stress-Induced
    Myocardial Ischaemia': no author in common). Entries with authors in common and alike
    titles may be parts or companions of one study: which one the identifier belongs to
    is a human's call (``shared-identifier``)."""
    if not (a.title and b.title):
        return False
    ratio = fuzz.ratio(folded_title(a), folded_title(b))
    if ratio < TITLE_OTHER_WORK:
        return True
    mine, theirs = _all_surnames(a), _all_surnames(b)
    return ratio < TITLE_SAME and bool(mine and theirs) and not mine & theirs


def _all_surnames(reference: Reference) -> set[str]:
    return {fold(name.surname) for name in (*reference.authors, *reference.editors)} - {""}


def _same_identifier(
    reference: Reference, seen: Mapping[tuple[str, str], Reference]
) -> Finding | None:
    for field, value, shown in _identifiers(reference):
        earlier = seen.get((field, value))
        if earlier is None:
            continue
        other_work = _another_work(reference, earlier)
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


@dataclass(frozen=True, slots=True)
class _Titled:
    """An entry among the titles of its year and first author, with what the same-title
    rule compares it by, each folded once (an author's titles may be many, issue 22)."""

    number: int  # its place in the list
    reference: Reference
    numbers: frozenset[str]  # the title's numbers (title_numbers)
    joined: str  # run together (joined_numbers)
    surnames: tuple[str, ...]
    journal: str
    volume: str  # numbered, "" for none or the entry's year
    issue: str

    @classmethod
    def of(cls, number: int, reference: Reference) -> _Titled:
        return cls(
            number, reference, frozenset(title_numbers(reference)), joined_numbers(reference),
            _surnames(reference), fold(reference.journal), numbered(volume_of(reference)),
            numbered(reference.issue),
        )  # fmt: skip


def _other_works(a: _Titled, b: _Titled) -> bool:
    """Two entries with near-identical titles, one year and one first author that are
    still two works: other numbers in the titles (the fourth and the fifth report);
    different identifiers; other co-authors; one journal but another volume, issue or
    first page (a recurring column title in two issues; ``333-6`` and ``333-336`` are one
    range, and ``2301`` is the first page of ``2301-2315``); no journal and other volumes
    (volumes 1 and 2 of one book). A journal version and its preprint or conference form
    are one work written twice, and still reported."""
    if a.numbers != b.numbers and a.joined != b.joined:  # other_numbers
        return True
    same_journal = a.journal and a.journal == b.journal
    if same_journal and a.volume and b.volume and a.volume != b.volume:
        return True  # the cheap tests first: one author's titles may be many
    if _distinct_identifiers(a.reference, b.reference):
        return True
    if a.surnames[: len(b.surnames)] != b.surnames[: len(a.surnames)]:
        return True
    if same_journal:
        if a.issue and b.issue and a.issue != b.issue:
            return True
        pages = a.reference.pages, b.reference.pages
        return bool(pages[0] and pages[1] and other_pages(*pages))
    if not (a.journal or b.journal):
        one, other = a.reference, b.reference
        return other_volume(volume_of(one), volume_of(other))  # volumes 1 and 2 of a book
    return False


def _similar_title(
    titled: _Titled, title: str, blocks: Sequence[NearTitles[_Titled] | None]
) -> Finding | None:
    """The first earlier entry of one of ``blocks`` with a near title that is not another
    work (:func:`_other_works`)."""
    reference = titled.reference
    found = [block.near(title) for block in blocks if block is not None]
    earlier = found[0] if len(found) == 1 else sorted(chain(*found), key=_placed)
    for _, other in earlier:
        if not _other_works(titled, other):
            message = (
                f"title {reference.title!r} ({reference.year}, first author "
                f"{_first_author(reference)}) is that of {other.reference.key}: the same "
                "work listed twice?"
            )
            return same_title_finding(reference, message)
    return None


def _placed(near: tuple[str, _Titled]) -> int:
    return near[1].number


def _title_group(titled: _Titled, title: str) -> tuple[str, str, frozenset[str]] | None:
    """Where an entry's title is looked for: its year, first author and the characters of
    its title's numbers (two titles with other numbers are two works, :func:`other_numbers`:
    the same numbers, or the same digits run together, have the same characters); ``None``
    for an entry with no year, author or title."""
    reference, joined = titled.reference, titled.joined
    surname = fold(_first_author(reference))
    if not (reference.year and surname and title):
        return None
    return reference.year, surname, frozenset(joined)


def duplicate_works(references: Sequence[Reference]) -> list[Finding]:
    """One work listed twice, reported on the later entry, naming the earlier one: the
    same DOI (case-insensitive) or PMID (error), or titles that are near-identical when
    folded (rapidfuzz ratio >= 95) with the same year and the same first-author surname
    (warning; not when both entries carry different DOIs or PMIDs, nor for entries with
    no author or year). One DOI or PMID on two entries that differ in volume, first page
    or the numbers of their titles (Part I and Part II of a guideline) is a
    ``shared-identifier`` warning instead, which never suggests deleting either. One
    finding per entry at most. Near titles are found through :class:`NearTitles`, never
    by comparing all pairs of one year and first author (issue 22)."""
    by_identifier: dict[tuple[str, str], Reference] = {}
    # Titles by group and DOI ("*": every DOI): an entry with a DOI is compared with the
    # earlier ones without a DOI or with its own, never with another DOI's (two works)
    by_title_group: dict[tuple[tuple[str, str, frozenset[str]], str], NearTitles[_Titled]] = {}
    findings: list[Finding] = []
    for number, reference in enumerate(references):
        title = folded_title(reference)
        titled = _Titled.of(number, reference)
        group = _title_group(titled, title)
        doi = reference.doi.lower()
        finding = _same_identifier(reference, by_identifier)
        if finding is None and group is not None:
            keys = [(group, ""), (group, doi)] if doi else [(group, "*")]
            blocks = [by_title_group.get(key) for key in keys]
            finding = _similar_title(titled, title, blocks)
        if finding is not None:
            findings.append(finding)
        for field, value, _ in _identifiers(reference):
            by_identifier.setdefault((field, value), reference)
        if group is not None:
            for key in ((group, "*"), (group, doi)):
                by_title_group.setdefault(key, NearTitles()).add(title, titled)
    reported = {finding.key for finding in findings}
    findings.extend(versions(references, reported))
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
