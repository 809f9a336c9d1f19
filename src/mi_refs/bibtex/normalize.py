"""Small named normalisations applied once, on load: identifiers, pages, months, dates.

Each function takes the decoded field text and returns the normal form, or ``None`` when
the value cannot be understood (the loader then reports a problem naming the field).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "MONTHS",
    "abbreviate_page_range",
    "expand_page_range",
    "normalize_doi",
    "normalize_pages",
    "normalize_pmcid",
    "normalize_pmid",
    "normalize_url",
    "page_numbers",
    "parse_date",
    "parse_meeting_days",
    "parse_month",
    "parse_month_range",
    "read_month",
    "strip_export_metadata",
]

MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_BY_NAME = (
    {name.lower(): n for n, name in enumerate(MONTHS, start=1)}
    | {name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)}
    | {"sept": 9}
)

_DOI_PREFIXES = re.compile(
    r"^(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi:\s*|urn:doi:)", flags=re.IGNORECASE
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID = re.compile(r"^(?:pmid:?\s*)?0*([1-9]\d{0,8})(?:\s*\[pmid\])?$", flags=re.IGNORECASE)
_PMCID = re.compile(
    # "pmcid: pmc 12" or "pmc12": no two spaces' runs side by side (cubic on a long one)
    r"^(?:pmcid:?\s*(?:pmc\s*)?|(?:pmc)?\s*)(\d{1,9})(?:\s*\[(?:pmc|pmcid)\])?$",
    flags=re.IGNORECASE,
)
# not entered inside a run of spaces: linear (was quadratic on a long run)
_DASHES = re.compile(r"(?!(?<=\s)\s)\s*(?:-{1,3}|[\u2010-\u2015\u2212])\s*")
_RANGE = re.compile(r"^([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)$")


# started only where a match can start: a word's start, or just after a tag (a match that
# took the next word's tag ends inside that word): from inside a long word it was
# quadratic, each start scanning the word to its end (issue 22)
_TAGS = "doi|pii|pmid|pmc|pmcid|mid"
_TAGGED = re.compile(
    r"(?:(?<!\S)|" + "|".join(rf"(?<=\[{tag}\])" for tag in _TAGS.split("|")) + ")"
    rf"(\S+)\s*\[({_TAGS})\]",
    flags=re.IGNORECASE,
)


def normalize_doi(value: str) -> str | None:
    """``https://doi.org/10.1/X`` and ``doi:10.1/X`` become ``10.1/X``; ``None`` if not a DOI.

    PubMed's tagged identifier lists are understood: ``S0140-6736(20)30183-5 [pii]
    10.1016/X [doi]`` gives ``10.1016/X``; in a list of several identifiers the first that
    is a DOI is taken. The DOI's case is kept as written (DOIs compare case-insensitively).
    """
    text = value.strip()
    if "\\" in text or "{" in text:  # ``10.1007/978-3-031-39847-6\\_20`` (Mendeley)
        text = _URL_ESCAPE.sub(r"\1", text).replace("{", "").replace("}", "")
    if "[" in text:
        tagged = [m.group(1) for m in _TAGGED.finditer(text) if m.group(2).lower() == "doi"]
        if tagged:
            text = tagged[0]
    doi = _DOI_PREFIXES.sub("", text)
    if _DOI.match(doi):
        return doi
    for word in text.replace(",", " ").replace(";", " ").split():
        doi = _DOI_PREFIXES.sub("", word)
        if _DOI.match(doi):
            return doi
    return None


_URL_ESCAPE = re.compile(r"\\([_%#&~$])")


def normalize_url(value: str) -> str:
    """A URL as it works in a browser: the LaTeX escapes some exports write into it
    (Mendeley: ``ICML10{\\_}tutorial``, ``{~}user``) removed: ``ICML10_tutorial``,
    ``~user``; whitespace dropped. A plain URL is returned as it is."""
    text = value.strip()
    if "\\" not in text and "{" not in text and " " not in text:
        return text
    text = re.sub(r"^\\(?:url|href)\s*(?=\{)", "", text)  # \\url{https://...}
    text = _URL_ESCAPE.sub(r"\1", text).replace("{", "").replace("}", "")
    return "".join(text.split())


def normalize_pmid(value: str) -> str | None:
    """``PMID: 36669360`` becomes ``36669360``; ``None`` if it is not a PubMed ID."""
    match = _PMID.match(value.strip())
    return match.group(1) if match else None


def normalize_pmcid(value: str) -> str | None:
    """``pmc9197514`` and ``9197514`` become ``PMC9197514``; ``None`` if not a PMCID."""
    match = _PMCID.match(value.strip())
    return f"PMC{match.group(1)}" if match else None


def normalize_pages(value: str) -> str:
    """Every dash between two page numbers becomes one ASCII hyphen: ``1618--1621``,
    ``1618–1621`` and ``1618 - 1621`` all become ``1618-1621``."""
    if value.isascii() and value.isprintable() and " " not in value and "--" not in value:
        return value  # no space, no Unicode dash, no run of hyphens: nothing changes
    return _DASHES.sub("-", value.strip())


def expand_page_range(pages: str) -> str:
    """The full form AMA prints: ``1618-21`` becomes ``1618-1621``, ``S459-60`` becomes
    ``S459-S460``, ``e84-9`` (MEDLINE's form of an e-page range) becomes ``e84-e89``.
    Anything that is not a simple range is returned as it is, and so is an e-locator that
    holds a hyphen (``e00340-10``, ASM's style: a zero-padded number, or a second part that
    would end the range before it starts): one identifier, not a range."""
    match = _RANGE.match(pages)
    if match is None:
        return pages
    prefix, first, end_prefix, last = match.groups()
    if end_prefix and end_prefix != prefix:
        return pages
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    if (
        prefix.lower() == "e"
        and not end_prefix
        and (first.startswith("0") or int(last) < int(first))
    ):
        return pages
    return f"{prefix}{first}-{prefix}{last}"


def page_numbers(pages: str) -> tuple[int, int] | None:
    """The first and last page of a simple range, the last expanded (``1618-21`` gives
    ``(1618, 1621)``, ``S459-60`` gives ``(459, 460)``); ``None`` for a single page, an
    e-locator (``e00340-10`` included) or anything that is not a simple range."""
    match = _RANGE.match(expand_page_range(pages))
    if match is None or match.group(1) != match.group(3):
        return None
    return int(match.group(2)), int(match.group(4))


def abbreviate_page_range(pages: str) -> str:
    """The NLM form: repeated leading digits of the last page are dropped: ``1618-1621``
    becomes ``1618-21``, ``S459-S460`` becomes ``S459-60``, ``300-305`` becomes ``300-5``."""
    full = expand_page_range(pages)
    match = _RANGE.match(full)
    if match is None:
        return pages
    prefix, first, _, last = match.groups()
    if len(first) != len(last):
        return f"{prefix}{first}-{last}"
    common = 0
    while common < len(first) - 1 and first[common] == last[common]:
        common += 1
    return f"{prefix}{first}-{last[common:]}"


def parse_month(value: str) -> int | None:
    """``oct``, ``October``, ``10`` and ``Oct.`` give ``10``; ``None`` if not a month."""
    text = value.strip().rstrip(".").lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return _MONTH_BY_NAME.get(text)


_MONTH_RANGE = re.compile(
    r"^\s*([A-Za-z]+\.?|\d{1,2})\s*(?:-{1,2}|/|\u2013)\s*([A-Za-z]+\.?|\d{1,2})\s*$"
)


def parse_month_range(value: str) -> tuple[int, int] | None:
    """``Jul-Sep``, ``July--September``, ``7-9`` (PubMed's quarterly issues) give ``(7, 9)``;
    ``None`` if the value is not two months."""
    match = _MONTH_RANGE.match(value)
    if match is None:
        return None
    first, last = parse_month(match.group(1)), parse_month(match.group(2))
    if first is None or last is None:
        return None
    return first, last


_DAYS = r"(\d{1,2})(?:\s*(?:-{1,2}|\u2013)\s*(\d{1,2}))?"
_MEETING_DAYS = re.compile(rf"^\s*(?:([A-Za-z]+\.?)\s+{_DAYS}|{_DAYS}\s+([A-Za-z]+\.?))\s*,?\s*$")


def parse_meeting_days(value: str) -> tuple[int, int, int] | None:
    """A meeting's dates written in ``month`` (issue 16.5): ``May 2-8``, ``2-8 May``,
    ``May 2--8``, ``May 2`` give ``(month, first day, last day)`` (``(5, 2, 8)``,
    ``(5, 2, 2)``); ``None`` if the value is not one month with its days."""
    match = _MEETING_DAYS.match(value)
    if match is None:
        return None
    name, first, last, first2, last2, name2 = match.groups()
    month = parse_month(name or name2)
    start = int(first or first2)
    end = int(last or last2 or start)
    if month is None or not 1 <= start <= end <= 31:
        return None
    return month, start, end


def read_month(value: str) -> tuple[int, int | None, tuple[int, int] | None] | None:
    """What a ``month`` field says, the one reading for loading and writing: ``(month,
    last month of a range or None, meeting days or None)``; ``None`` if it is not a month.
    ``Oct`` gives ``(10, None, None)``, ``Jul-Sep`` ``(7, 9, None)``, ``May 2-8`` ``(5,
    None, (2, 8))``."""
    month = parse_month(value)
    if month is not None:
        return month, None, None
    months = parse_month_range(value)
    if months is not None:
        return months[0], months[1], None
    meeting = parse_meeting_days(value)
    if meeting is not None:
        return meeting[0], None, (meeting[1], meeting[2])
    return None


# Notes that reference managers and databases write on export: not part of a reference.
EXPORT_METADATA: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\bType:\s*(?:Journal Article|Article|Book|Book Section|Review|[A-Z][\w -]{0,40})\b\.?",
        re.I,
    ),
    re.compile(r"\bCited By(?:\s*\(since \d{4}\))?\s*(?::\s*)?\d+\b\.?", re.I),
    re.compile(r"\bExport Date:?\s*\d{1,2}\s+\w+\s+\d{4}\b\.?", re.I),
    re.compile(r"\bExport Date:?\s*[\w ,./-]{0,30}", re.I),
    re.compile(r"(?:^|\s)from:?\s+\S+\.(?:bib|ris|nbib|enw|txt)\b\.?", re.I),
    re.compile(
        r"\b(?:Source|Correspondence Address|Funding details|Language of Original Document|"
        r"Document Type|Publication Stage|Art\. No\.|CODEN|Manufacturers|Tradenames|"
        r"Chemicals/CAS|References|Funding text \d*)\s*:.*$",
        re.I | re.S,
    ),
    re.compile(r"\bPMID:\s*\d+\b\.?", re.I),
    re.compile(r"\bPMCID:\s*PMC\d+\b\.?", re.I),
    re.compile(r"\bNIHMSID:\s*NIHMS\d+\b\.?", re.I),
    re.compile(
        r"\b(?:Accession Number|Times Cited|ISI Document Delivery No\.|Web of Science ID|"
        r"WOS|Unique-ID)\s*:\s*[\w:.-]+\.?",
        re.I,
    ),
    re.compile(r"\bissn:\s*[\dXx-]+\b\.?", re.I),
    re.compile(r"\b(?:Publisher|Place):\s*[^.]*\.?", re.I),
    re.compile(r"\b(?:arXiv|bioRxiv|medRxiv):?\s*\d{4}\.\d{4,5}(?:v\d+)?\b\.?", re.I),
    re.compile(
        r"\bEpub(?: ahead of print)?(?:\s+\d{4}(?:\s+[A-Za-z]{3}(?:\s+\d{1,2})?)?)?\b\.?", re.I
    ),
    re.compile(r"\bQC \d+\b\.?", re.I),
    re.compile(r"\bZSCC:\s*(?:\d+|NoCitationData\S*)\b\.?", re.I),
)


# Zotero's "Extra" lines and catalogue fields written into ``note`` as ``Key: value``: a
# value runs to the next such key or to the end of the note.
_EXTRA_KEYS = (
    r"Num Pages|ERIC Number|Publication Title|Journal Abbreviation|Series Title|Number|"
    r"Pages|Volume|Issue|Section|_eprint|ID|DOCID|PCID|ProvJournalCode|Copyright|"
    r"Citation Key|tex\.\w+|Original Date|original-date|arXiv ID|Library Catalog|Archive|"
    r"Loc\. in Archive|Call Number|Short Title|Rights|Extra|Medium|Genre|ISBN|ISSN|"
    r"Place Published|Language|Publisher Place|container-title|event-place|event-date|"
    r"status|type|Accessed|URL|Abstract"
)
_EXTRA = re.compile(
    rf"(?:^|(?<=[\s;.]))(?:{_EXTRA_KEYS})\s*:\s.*?(?=(?:\s|;)(?:{_EXTRA_KEYS})\s*:\s|$)",
    re.S,
)
_CATALOGUE = re.compile(
    r"\b(?:Includes bibliographical references[^;]*|Includes index|"
    r"Description based (?:up)?on (?:the )?print version (?:of )?record|"
    r"\d+ cites: https?://scholar\.google\.\S+|Source ; Object ; Object ;)\.?;?",
    re.I,
)


def strip_export_metadata(note: str) -> str:
    """A note without the export metadata reference managers write into it
    (``Type: Journal Article``, ``Cited By :34``, ``Export Date: 1 May 2020``,
    ``from: pubmed.bib``, ``PMID: 123``...: :data:`EXPORT_METADATA`; Zotero's ``Extra``
    lines such as ``Num Pages: 5`` or ``Journal Abbreviation: ...``; catalogue notes such as
    ``Includes bibliographical references``; Google Scholar's ``36 cites: https://...``);
    ``""`` when nothing else is left."""
    text = note
    if ":" in text:
        text = _EXTRA.sub(" ", text)
    if "cites" in text or "Includes" in text or "Description" in text or "Source" in text:
        text = _CATALOGUE.sub(" ", text)
    for pattern in EXPORT_METADATA:
        if pattern.search(text):
            text = pattern.sub(" ", text)
    text = " ".join(text.split()).strip(" ;,.")
    if len(text) <= 2 and not text.isdigit():
        return ""  # a stray letter ("V", "A") some exports leave in the note
    return text if any(char.isalnum() for char in text) else ""


def parse_date(value: str) -> tuple[int, int | None, int | None] | None:
    """An ISO date or its truncations: ``2025-05-09``, ``2025-05``, ``2025``.

    Returns ``(year, month, day)`` with ``None`` for the parts not given, or ``None`` when
    the value is not such a date (or not a real day of the calendar).
    """
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day
