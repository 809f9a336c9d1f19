"""What says two entries of one list are different parts or issues of one publication:
another volume, another page range, other numbers in their titles. Shared by the
same-identifier and same-title rules of :mod:`~mi_refs.check.duplicates` and the versions
rule of :mod:`~mi_refs.check.versions`, each comparison written once. Pure.

Pages are compared through :mod:`mi_refs.bibtex.canonical` (``333-6`` is ``333-336``; a
first page alone agrees with a range starting there).
"""

from __future__ import annotations

import re

from mi_refs.bibtex.canonical import page_relation
from mi_refs.bibtex.normalize import page_numbers
from mi_refs.check.findings import offline_finding
from mi_refs.check.text import fold
from mi_refs.check.values import no_pages
from mi_refs.model import Finding, Reference, Severity

__all__ = [
    "folded_title",
    "joined_numbers",
    "numbered",
    "numbered_copy",
    "one_slip_apart",
    "other_numbers",
    "other_pages",
    "other_volume",
    "same_title_finding",
    "title_numbers",
    "volume_of",
]

# Numbers in a title: two titles alike but for these are two works (report 4 and 5). A
# run of digits counts wherever it is, also glued to letters (``BRCA1``, ``2inactivation``):
# a space lost or added in an export (issue 16, holdout 6: ``BRCA1/2inactivation`` and
# ``BRCA1/2 inactivation``, one Cancer Res article) does not change a title's numbers.
_NUMBERS = re.compile(
    r"\d+|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[ivx]+)\b"
)
_SUPPLEMENT_VOLUME = re.compile(r"\s*\(?\b(?:suppl(?:ement)?\.?|s)\s*\d*\)?$")
_SUPPLEMENT_PAGE = re.compile(r"(?<![A-Za-z])[Ss](?=\d)")
# "p." or "pp." before a page number.
_PAGE_PREFIX = re.compile(r"\bpp?\.\s*", re.IGNORECASE)
# A page or a page range as compared: up to 11 digits a side (PNAS ``e2012345118``), after
# a letter or two (``e84``, ``S208``), a suffix after a dot (``.e4``); ranges with any dash;
# more after a comma or semicolon (``527-41, v``); SPIE's numbered pages
# (``831412-1--831412-8``).
_PAGE_TOKEN = r"[A-Za-z]{0,2}\d{1,11}(?:\.[A-Za-z]?\d+)?"
_PAGE_LIKE = re.compile(
    rf"^{_PAGE_TOKEN}(?:\s*(?:-+|[\u2013\u2014])\s*{_PAGE_TOKEN})*(?:\s*[,;].*)?$"
)


def numbered(value: str) -> str:
    """A volume or issue as compared: folded, ``""`` when it holds no digit (Wiley's
    ``n/a`` on an online-first article is no volume: ``n/a`` and ``41`` are one article
    before and after its issue)."""
    folded = fold(value)
    return folded if any(char.isdigit() for char in folded) else ""


def volume_of(reference: Reference) -> str:
    """The entry's volume as compared: ``""`` when it is no volume, also when it is the
    entry's own year (issue 16, holdout 5: ``volume = {2013}`` on a 2013 entry with no
    journal, a preprint-like copy of a 2015 article, is an export's placeholder)."""
    volume = reference.volume.strip()
    if volume and volume == reference.year.strip():
        return ""
    return reference.volume


def other_volume(a: str, b: str) -> bool:
    """Two volumes that differ, also with a supplement's designation dropped from the one
    that has it: ``23 Suppl 1`` and ``23`` on one DOI are one supplement article exported
    two ways (holdout 4's one false alarm), not two parts. A volume 0 is an online-first
    placeholder (Frontiers), no volume; one volume written with more than the other
    (``85`` and ``85, Part A``, ``543`` and ``543, 543``) differs by a missing qualifier or
    a repeat, and a lone missing value is no evidence of another part (issue 16)."""
    mine, theirs = numbered(a), numbered(b)
    if not mine or not theirs or mine == theirs or "0" in {mine, theirs}:
        return False
    shorter, longer = sorted((mine.split(), theirs.split()), key=len)
    if longer[: len(shorter)] == shorter:
        return False
    if bool(_SUPPLEMENT_VOLUME.search(mine)) == bool(_SUPPLEMENT_VOLUME.search(theirs)):
        return True
    return _SUPPLEMENT_VOLUME.sub("", mine) != _SUPPLEMENT_VOLUME.sub("", theirs)


# UTF-8 read as Windows-1252: a lead byte's letter (``â``, ``Ã``) then one to three of
# the characters continuation bytes become (``€``, ``™``, ``²``, ``©``...).
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]{1,3}"
)


def _mended(match: re.Match[str]) -> str:
    try:
        return match[0].encode("cp1252").decode("utf-8")
    except UnicodeError:  # not one character's bytes: left as written
        return match[0]


def folded_title(reference: Reference) -> str:
    """The title as two entries' titles are compared: UTF-8 read as Windows-1252 mended
    first (issue 16, holdout 5: ``3â€² and 5â€²`` is ``3′ and 5′``, one Bioinformatics
    article exported twice), then folded (:func:`~mi_refs.check.text.fold`)."""
    title = reference.title
    if not title.isascii():
        title = _MOJIBAKE.sub(_mended, title)
    return fold(title)


def title_numbers(reference: Reference) -> set[str]:
    return set(_NUMBERS.findall(folded_title(reference)))


def joined_numbers(reference: Reference) -> str:
    """The numbers of the title, run together (one notation of one number compares)."""
    return "".join(_NUMBERS.findall(folded_title(reference)))


def other_numbers(a: Reference, b: Reference) -> bool:
    """Whether two titles carry other numbers (``Part I``/``Part II``, report 4 and 5):
    not when the same digits are only written with other separators, one notation of one
    number (Miller indices: ``GaN (10-10)`` and ``GaN (101\\=0)``, ``10 10`` and
    ``101 0`` once folded)."""
    if title_numbers(a) == title_numbers(b):
        return False
    return joined_numbers(a) != joined_numbers(b)


def one_slip_apart(a: str, b: str) -> bool:
    """Two numbers (or NCT numbers) one typing slip apart: one digit different, or two
    neighbouring digits swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return True
    i, j = diff[0], diff[-1]
    return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]


def _slipped_start(a: str, b: str) -> bool:
    """Two page ranges ending on the same page whose first pages are one typing slip
    apart (issue 16, holdout 5: ``1013--23`` and ``1012--1023``, one Nat Biotechnol
    article): one range written with a slip, not other pages."""
    mine, theirs = page_numbers(a), page_numbers(b)
    if mine is None or theirs is None or mine[1] != theirs[1]:
        return False
    return one_slip_apart(str(mine[0]), str(theirs[0]))


def other_pages(a: str, b: str) -> bool:
    """Two page values that are other pages, also with a supplement's ``S`` dropped from
    the one that has it: ``208--19`` and ``S208--S219`` on one DOI are one supplement
    article exported two ways (holdout 4's one false alarm), not two parts; not two
    ranges ending on one page whose first pages are a typing slip apart. Both must be
    pages (issue 16): a ``p.`` before a number is no part of it (``144-175`` and ``p.
    144-p. 175``), and a value that is no page or page range, a long locator or
    identifier (``S0960982220302773``, a PII; ``2398212817721859``, an article number
    with a digit lost in the other entry), says nothing of another part."""
    a, b = _PAGE_PREFIX.sub("", a), _PAGE_PREFIX.sub("", b)
    if not (_PAGE_LIKE.match(a.strip()) and _PAGE_LIKE.match(b.strip())):
        return False
    if no_pages(a) or no_pages(b):  # debris (``719, 719-722``) is no pages
        return False
    if page_relation(a, b) != "different" or _slipped_start(a, b):
        return False
    if bool(_SUPPLEMENT_PAGE.search(a)) == bool(_SUPPLEMENT_PAGE.search(b)):
        return True
    return page_relation(_SUPPLEMENT_PAGE.sub("", a), _SUPPLEMENT_PAGE.sub("", b)) == "different"


def numbered_copy(a: Reference, b: Reference) -> bool:
    """Numbers in one title only, on one whole page range (``670-678`` twice): ``Case
    10.11 - Esophageal Obstruction`` and ``Esophageal Obstruction`` are one chapter saved
    twice (MiguelDLM/Paleo-virtual). Part I and Part II both carry a number, and stay
    two parts whatever their pages."""
    if title_numbers(a) and title_numbers(b):
        return False
    span = page_numbers(a.pages)
    return span is not None and span == page_numbers(b.pages) and span[0] != span[1]


def same_title_finding(reference: Reference, message: str) -> Finding:
    """A ``duplicate-entry`` warning on the entry's title: the same work by its title."""
    return offline_finding(
        reference, "duplicate-entry", Severity.WARNING, message, field="title",
        stored=reference.title,
    )  # fmt: skip
