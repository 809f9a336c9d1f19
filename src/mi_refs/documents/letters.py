"""Checking a finished letter against its own reference list.

A letter is judged against the list it prints (the list ``cite`` inserted, or one typed
by hand), not against the .bib: the .bib only says which list item is which entry, so
that findings can name keys. Entries of the .bib the letter does not cite never fail it.
In a finished letter a listed reference that is never cited, and a number that breaks the
order of first citation, are errors (:func:`~mi_refs.documents.numbering.check_numbering`).

A letter that prints no superscripts but cites by numbers on the line (``[2,3]``, or
``(2,3)``) is read that way, decided once for the whole letter
(:func:`~mi_refs.documents.superscripts.numbered_citations`); one with a list and no
citations at all gets one finding that says so.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, cast
from xml.etree.ElementTree import ParseError

from mi_refs.documents.docx.superscripts import read_letter
from mi_refs.documents.formats import DOCUMENT_FORMATS, TextKind, cited_keys
from mi_refs.documents.numbering import check_numbering, citation_finding
from mi_refs.documents.superscripts import (
    Listing,
    Superscript,
    document_listing,
    load_document,
    numbered_citations,
)
from mi_refs.errors import DocumentError, MiRefsError
from mi_refs.model import Bibliography, Finding, Reference, Severity

__all__ = [
    "LetterCheck",
    "check_document",
    "check_letter",
    "fold_item",
    "letter_citations",
    "listed_keys",
]


_DASHES = re.compile("[\u2010-\u2015\u2212]")  # Unicode hyphens and dashes (Long‐term)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")  # where an item's parts end: "Roe R. Title. Blood."


def fold_item(text: str) -> str:
    """A list item or reference folded for comparison: case, accents, punctuation and
    Unicode hyphens aside (``Long‐term`` is ``long term``)."""
    return _fold(text)


def _fold(text: str) -> str:
    text = _DASHES.sub("-", text)
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def listed_keys(items: Sequence[str], bibliography: Bibliography) -> list[str | None]:
    """Which .bib entry each printed list item is: the one whose DOI or PMID it prints,
    else the one whose title (folded: case, accents and punctuation aside) it holds
    (entries of one title told apart by the year the item prints: a meeting abstract
    and its later paper; a title under 12 characters only when it is a whole part of the
    item, with the first author's family name and the year); ``None`` for an item no
    entry matches, or several alike."""
    found: list[str | None] = []
    references = bibliography.references
    titles = [(reference.key, _fold(reference.title)) for reference in references]
    years = {reference.key: reference.year for reference in references}
    for item in items:
        lower, folded = item.lower(), f" {_fold(item)} "
        key = next(
            (
                reference.key
                for reference in references
                if (reference.doi and reference.doi.lower() in lower)
                or (reference.pmid and re.search(rf"\b{re.escape(reference.pmid)}\b", item))
            ),
            None,
        )
        if key is None:
            matches = [k for k, title in titles if len(title) >= 12 and f" {title} " in folded]
            if len(matches) > 1:
                matches = [k for k in matches if years[k] and f" {years[k]} " in folded]
            key = matches[0] if len(matches) == 1 else None
        if key is None:  # a short title: a whole sentence of the item, with author and year
            sentences = {_fold(part) for part in _SENTENCE_END.split(item)}
            short = [k for k, title in titles if 0 < len(title) < 12 and title in sentences]
            short = [k for k in short if _byline(bibliography[k], folded)]
            key = short[0] if len(short) == 1 else None
        found.append(key)
    return found


def _byline(reference: Reference, folded: str) -> bool:
    """Whether a folded list item prints the reference's first author and year."""
    if not reference.authors or not reference.year:
        return False
    return f" {_fold(reference.authors[0].last)} " in folded and f" {reference.year} " in folded


def _read(
    path: Path,
) -> tuple[list[Superscript], str, Listing | None, list[Superscript], str | None]:
    """A letter's superscripts, kind, own list, and numbered citations (when it has no
    superscripts), each before the list's heading; and its text (not for Word)."""
    if DOCUMENT_FORMATS.get(path.suffix.lower()) == "docx":
        if not path.is_file():
            raise DocumentError(f"{path}: cannot read: no such file")
        try:
            letter = read_letter(path)
        except MiRefsError:
            raise
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, ParseError) as exc:
            raise DocumentError(f"{path}: cannot read the Word document: {exc}") from exc
        listing, superscripts = letter.listing, letter.superscripts
        if listing is not None:
            heading = listing.heading_line
            superscripts = [s for s in superscripts if _paragraph(s.location) < heading]
        return superscripts, "docx", listing, letter.numbered, None
    superscripts, kind, text = load_document(path)
    assert text is not None
    listing = document_listing(text, kind)
    if listing is not None:
        superscripts = [s for s in superscripts if _line(s.location) < listing.heading_line]
    numbered = [] if superscripts else numbered_citations(text, kind)
    return superscripts, kind, listing, numbered, text


def letter_citations(
    path: str | os.PathLike[str],
) -> tuple[list[Superscript], str, Listing | None]:
    """A letter's citations before its References heading, in order (its superscripts;
    for a letter that prints none, its numbers in brackets or parentheses), its kind
    (``markdown``, ``html``, ``text``, ``docx``) and its own numbered list (``None`` when
    it has none): what :func:`check_document` judges, for readers of the letter such as
    the review report. Raises :class:`~mi_refs.errors.DocumentError` when it cannot be
    read."""
    superscripts, kind, listing, numbered, _ = _read(Path(path))
    return superscripts or numbered, kind, listing


def _line(location: str) -> int:
    match = re.fullmatch(r"line (\d+)", location)
    return int(match.group(1)) if match else 0


def _paragraph(location: str) -> int:
    match = re.fullmatch(r"paragraph (\d+)", location)
    return int(match.group(1)) if match else 0


class LetterCheck(NamedTuple):
    """What :func:`check_letter` found: the findings in document order, and the .bib
    entry each item of the letter's own list is, in list order (``None``: no entry
    matches the item; empty without a bibliography); for a letter that prints no list,
    the keys its citations name."""

    findings: tuple[Finding, ...]
    listed: tuple[str | None, ...]


def check_document(
    path: str | os.PathLike[str],
    *,
    references: int | None = None,
    keys: Sequence[str] | None = None,
    bibliography: Bibliography | None = None,
) -> tuple[Finding, ...]:
    """Read a letter and check its citation numbering against its own reference list
    (:func:`~mi_refs.documents.numbering.check_numbering`); the findings in document
    order (the caller makes them a report).

    The list is the letter's own (after its last References heading; Word: numbered
    paragraphs or typed numbers). ``bibliography`` only names the list's items (by DOI,
    PMID or title, :func:`listed_keys`): its other entries never make a finding. Given
    ``references`` (a length) or ``keys`` (the list's keys in order), that list is used
    instead, and a letter whose own list differs in length is a warning. Superscripts
    after the References heading (inside the list) are not checked."""
    return _check(Path(path), references, keys, bibliography, unmatched=False).findings


def check_letter(path: str | os.PathLike[str], *, bibliography: Bibliography) -> LetterCheck:
    """:func:`check_document` against the letter's own list, and which .bib entry each
    of the list's items is (what ``check --doc`` judges of the .bib: the entries the
    letter's list prints). A letter that prints no list (a source letter, before
    ``cite``) gives the keys its citations name instead (``[@key]``, ``nocite``), in the
    order ``cite`` numbers them. An item no entry matches (by DOI, PMID or title) adds an
    ``info`` finding saying so: the entry it stands for, if the .bib has one, is not
    known, so it cannot be checked as cited."""
    return _check(Path(path), None, None, bibliography, unmatched=True)


def _unmatched(file: Path, listed: Sequence[str | None], where: str) -> list[Finding]:
    numbers = [number for number, key in enumerate(listed, start=1) if key is None]
    if not numbers:
        return []
    one = len(numbers) == 1
    return [
        citation_finding(
            Severity.INFO,
            f"{_count_words(numbers)} of the reference list of {file} at {where} "
            f"match{'es' if one else ''} no entry of the .bib (by DOI, PMID or title): "
            f"{'its entry was' if one else 'their entries were'} not found, so not "
            "checked as cited.",
            where,
        )
    ]


def _count_words(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"Reference {numbers[0]}"
    return "References " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def _check(
    file: Path,
    references: int | None,
    keys: Sequence[str] | None,
    bibliography: Bibliography | None,
    *,
    unmatched: bool,
) -> LetterCheck:
    superscripts, kind, listing, numbered, text = _read(file)
    unit = "paragraph" if kind == "docx" else "line"
    where = f"{unit} {listing.heading_line}" if listing is not None else None
    extra: list[Finding] = []
    listed: tuple[str | None, ...] = ()
    size: int | None
    if references is not None or keys is not None:
        size = references if references is not None else len(keys or ())
        if listing is not None and listing.count is not None and listing.count != size:
            extra.append(
                citation_finding(
                    Severity.WARNING,
                    f"The reference list of {file} at {where} has {listing.count} "
                    f"numbered references, but the bibliography has {size}.",
                    where or "reference list",
                )
            )
    else:
        size = listing.count if listing is not None else None
        if listing is not None and bibliography is not None:
            listed = tuple(listed_keys(listing.items, bibliography))
            keys = [key or "" for key in listed]
            if unmatched and where is not None:
                extra += _unmatched(file, listed, where)
        elif listing is None and bibliography is not None and text is not None and unmatched:
            listed = tuple(cited_keys(text, bibliography, cast("TextKind", kind)))
    if not superscripts and listing is not None and listing.count:
        if not numbered:
            return LetterCheck(
                (
                    citation_finding(
                        Severity.WARNING,
                        f"{file} has a {listing.count}-reference list at {where} but no "
                        "citation superscripts, and no numbers in brackets ([1]) or "
                        "parentheses ((1)) either: its citations cannot be checked.",
                        where or "reference list",
                    ),
                ),
                listed,
            )
        superscripts = numbered
    findings = check_numbering(
        superscripts,
        references=size,
        keys=keys,
        path=str(file),
        kind=kind,
        list_location=where,
    )
    return LetterCheck(tuple(findings + extra), listed)
