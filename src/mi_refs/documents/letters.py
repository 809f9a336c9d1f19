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
from xml.etree.ElementTree import ParseError

from mi_refs.documents.docx.superscripts import read_letter
from mi_refs.documents.formats import DOCUMENT_FORMATS
from mi_refs.documents.numbering import check_numbering, citation_finding
from mi_refs.documents.superscripts import (
    Listing,
    Superscript,
    document_listing,
    load_document,
    numbered_citations,
)
from mi_refs.errors import DocumentError, MiRefsError
from mi_refs.model import Bibliography, Finding, Severity

__all__ = ["check_document", "fold_item", "letter_citations", "listed_keys"]


_DASHES = re.compile("[\u2010-\u2015\u2212]")  # Unicode hyphens and dashes (Long‐term)


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
    and its later paper); ``None`` for an item no entry matches, or several alike."""
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
        found.append(key)
    return found


def _read(path: Path) -> tuple[list[Superscript], str, Listing | None, list[Superscript]]:
    """A letter's superscripts, kind, own list, and numbered citations (when it has no
    superscripts), each before the list's heading."""
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
        return superscripts, "docx", listing, letter.numbered
    superscripts, kind, text = load_document(path)
    assert text is not None
    listing = document_listing(text, kind)
    if listing is not None:
        superscripts = [s for s in superscripts if _line(s.location) < listing.heading_line]
    numbered = [] if superscripts else numbered_citations(text, kind)
    return superscripts, kind, listing, numbered


def letter_citations(
    path: str | os.PathLike[str],
) -> tuple[list[Superscript], str, Listing | None]:
    """A letter's citations before its References heading, in order (its superscripts;
    for a letter that prints none, its numbers in brackets or parentheses), its kind
    (``markdown``, ``html``, ``text``, ``docx``) and its own numbered list (``None`` when
    it has none): what :func:`check_document` judges, for readers of the letter such as
    the review report. Raises :class:`~mi_refs.errors.DocumentError` when it cannot be
    read."""
    superscripts, kind, listing, numbered = _read(Path(path))
    return superscripts or numbered, kind, listing


def _line(location: str) -> int:
    match = re.fullmatch(r"line (\d+)", location)
    return int(match.group(1)) if match else 0


def _paragraph(location: str) -> int:
    match = re.fullmatch(r"paragraph (\d+)", location)
    return int(match.group(1)) if match else 0


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
    file = Path(path)
    superscripts, kind, listing, numbered = _read(file)
    unit = "paragraph" if kind == "docx" else "line"
    where = f"{unit} {listing.heading_line}" if listing is not None else None
    extra: list[Finding] = []
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
            keys = [key or "" for key in listed_keys(listing.items, bibliography)]
    if not superscripts and listing is not None and listing.count:
        if not numbered:
            return (
                citation_finding(
                    Severity.WARNING,
                    f"{file} has a {listing.count}-reference list at {where} but no citation "
                    "superscripts, and no numbers in brackets ([1]) or parentheses ((1)) "
                    "either: its citations cannot be checked.",
                    where or "reference list",
                ),
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
    return tuple(findings + extra)
