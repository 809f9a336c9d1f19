"""The MI kinds of a printed reference (docs/bibtex.md): prescribing information,
package inserts, SmPCs and product monographs; data on file; congress presentations
and posters; trial registrations (NCT, EU CT, EudraCT, ISRCTN); access dates as ISO.
Pure: the cleaned printed line (identifiers, URL and access date already taken out by
:mod:`mi_refs.intake.typed`) in, the entry type and fields out, or ``None`` when the
line is none of these kinds. Every pattern is linear (bounded repeats only).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["iso_date", "parse_mi_kind", "split_organisation"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12, "mär": 3, "mai": 5, "okt": 10, "dez": 12,
}  # fmt: skip
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DATES = (
    re.compile(r"(?P<month>" + _MONTH + r")\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d{2})"),
    re.compile(r"(?P<day>\d{1,2})\s+(?P<month>" + _MONTH + r"),?\s+(?P<year>(?:19|20)\d{2})"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s+(?P<month>" + _MONTH + r")\s+(?P<day>\d{1,2})\b"),
    re.compile(r"(?P<year>(?:19|20)\d{2})-(?P<mm>\d{2})-(?P<day>\d{2})"),
)
_MONTH_YEAR = re.compile(r"(?:(?P<month>" + _MONTH + r")\s+)?\b(?P<year>(?:19|20)\d{2})\b")
_LABEL = re.compile(
    r"\s?\[(?P<label>package insert|prescribing information|full prescribing information|"
    r"product monograph|summary of product characteristics|SmPC|product information|"
    r"label(?:ing)?|patient information leaflet|Fachinformation)\]"
    r"|\s(?P<bare>prescribing information|package insert|summary of product characteristics|"
    r"product monograph|Fachinformation)(?=[.,;:]|$)",
    re.IGNORECASE,
)
_TYPES = {
    "package insert": "Package insert",
    "summary of product characteristics": "Summary of product characteristics",
    "smpc": "Summary of product characteristics",
    "product monograph": "Product monograph",
    "fachinformation": "Fachinformation",
    "patient information leaflet": "Patient information leaflet",
    "product information": "Product information",
}
_COMPANY = re.compile(
    r"\b(?:Inc|Ltd|LLC|L\.P|LP|GmbH|AG|plc|PLC|SA|S\.A|SAS|Corp|Corporation|Co|Company|"
    r"Pharmaceuticals?|Pharma|Laboratories|Labs|Sciences|Biotech|Biopharma|Biologics|"
    r"Therapeutics|Oncology|Healthcare|Holdings|Limited|BV|NV|KK|A/S)\b"
)
_PLACE = re.compile(r"[A-Z][\w.'’ -]{1,30},\s?[A-Z][\w.]{1,20}(?: [A-Z][\w.]{1,20})?")
_DATE_TAIL = re.compile(
    r"[.,;:]?\s*(?P<date>(?:" + _MONTH + r"\s+)?(?:\d{1,2},\s+)?(?:19|20)\d{2})\.?$"
)
_DATA_ON_FILE = re.compile(r"\bData on file\b[.,:;]?\s*", re.IGNORECASE)
_DOCUMENT_ID = re.compile(r"(?:[A-Z][A-Z0-9]{1,12}[-_/]?){1,4}\d{3,}[A-Z0-9]{0,6}")
_REGISTRY = (
    ("ClinicalTrials.gov", re.compile(r"\b(?P<number>NCT\d{8})\b")),
    (
        "EU Clinical Trials Register",
        re.compile(r"\bEU\s?CT(?: number| no\.?)?:?\s*(?P<number>\d{4}-\d{6}-\d{2}-\d{2})\b"),
    ),
    (
        "EU Clinical Trials Register",
        re.compile(
            r"\bEudraCT(?: number| no\.?| identifier| ID)?:?\s*(?P<number>\d{4}-\d{6}-\d{2})\b",
            re.IGNORECASE,
        ),
    ),
    ("ISRCTN registry", re.compile(r"\b(?P<number>ISRCTN\s?\d{8})\b")),
)
_REGISTRY_WORDS = re.compile(
    r"\s*\b(?:ClinicalTrials\.gov(?: identifier| ID)?|EU\s?CT(?: number| no\.?)?|"
    r"EudraCT(?: number| no\.?| identifier| ID)?|ISRCTN(?: registry)?)\s*:?\s*$",
    re.IGNORECASE,
)
_PRESENTED = re.compile(
    r"(?:(?:Poster|Abstract|Oral presentation|Presentation|Paper)\s+)?"
    r"(?:presented|Presented) at:?\s*(?P<event>[^;]{2,200})"
    r"(?:;\s*(?P<date>[^;]{3,60}?\d{4}))?(?:;\s*(?P<place>[^;]{2,80}))?$"
)
_MEETING = re.compile(
    r"(?!(?:Updated|Posted|Accessed|Revised|Published|Cited)\b)"
    r"(?P<event>[A-Z][\w&'’/ -]{1,80}?)\s+(?P<date>" + _MONTH + r"\s+\d{1,2}"
    r"(?:\s?[-–]\s?(?:" + _MONTH + r"\s+)?\d{1,2})?,\s+(?P<year>(?:19|20)\d{2}))"
    r"(?:;\s*(?P<place>[^;]{2,80}))?$"
)


def iso_date(text: str) -> str:
    """``November 21, 2025``, ``12 May 2022``, ``2 Sep, 2022``, ``2019 Mar 18`` as ISO
    ``2025-11-21``; ``""`` when the text holds no full date."""
    for pattern in _DATES:
        found = pattern.search(text)
        if found is None:
            continue
        groups = found.groupdict()
        month = (
            int(groups["mm"]) if groups.get("mm") else _MONTHS.get(groups["month"][:3].lower(), 0)
        )
        day = int(groups["day"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{groups['year']}-{month:02d}-{day:02d}"
    return ""


def _month_year(text: str, fields: dict[str, str]) -> None:
    found = _MONTH_YEAR.search(text)
    if found is None:
        return
    fields["year"] = found.group("year")
    if found.group("month"):
        fields["month"] = str(_MONTHS[found.group("month")[:3].lower()])


def split_organisation(text: str) -> tuple[str, str]:
    """``AbbVie Inc. #1 Badge`` as (``AbbVie Inc``, ``#1 Badge``): a company name at the
    start and the rest; ``("", text)`` when the text does not start with one."""
    for found in _COMPANY.finditer(text[:120]):
        head = text[: found.end()]
        if ". " in head or re.search(r"\d", head):
            break
        rest = text[found.end() :].lstrip(".").strip(" ,;:")
        if len(head.split()) <= 8 and head[:1].isupper():
            follow = _COMPANY.match(rest)
            if follow is None:
                return head.strip(" ,"), rest
    return "", text


def _prescribing(body: str) -> tuple[str, dict[str, str]] | None:
    label = _LABEL.search(body)
    if label is None:
        return None
    kind = (label.group("label") or label.group("bare")).lower()
    before, after = body[: label.start()].strip(" ."), body[label.end() :].strip(" .")
    fields: dict[str, str] = {"type": _TYPES.get(kind, "Prescribing information")}
    company = ""
    if ". " in before:  # ``Company. Brand (generic) [package insert]``
        company, before = before.split(". ", 1)
    fields["title"] = before.strip()
    revised = re.search(r"\b(?:Revised|Rev\.?|Updated)\s+(?P<date>[^.]{3,30}?\d{4})", after)
    if revised is not None:
        fields["note"] = f"revised {revised.group('date')}"
        _month_year(revised.group("date"), fields)
        after = (after[: revised.start()] + after[revised.end() :]).strip(" .")
    sentences = [part.strip() for part in re.split(r"\.\s", after) if part.strip()]
    publisher = next((s for s in sentences if _COMPANY.search(s) or _PLACE.match(s)), "")
    if publisher:
        date = _DATE_TAIL.search(publisher)
        if date is not None:
            _month_year(date.group("date"), fields)
            publisher = publisher[: date.start()].strip(" ,;:.")
        place = _PLACE.match(publisher)
        if place is not None and re.match(r"\s*[:;]", publisher[place.end() :]):
            fields["address"] = place.group(0).strip()
            publisher = publisher[place.end() :].lstrip(" :;")
        company = company or publisher.strip(" ,;:.")
    elif sentences:
        _month_year(sentences[-1], fields)
    if not fields.get("year"):
        _month_year(after, fields)
    if company:
        fields["organization"] = company.rstrip(".")
    return "manual", fields


def _data_on_file(body: str) -> tuple[str, dict[str, str]] | None:
    marker = _DATA_ON_FILE.search(body)
    if marker is None:
        return None
    rest = (body[: marker.start()] + " " + body[marker.end() :]).strip(" .,;")
    fields: dict[str, str] = {"entrysubtype": "data-on-file"}
    organisation, remainder = split_organisation(rest)
    if not organisation:
        parts = [part for part in re.split(r"\.\s", rest) if part.strip()]
        company = next((p for p in reversed(parts) if _COMPANY.search(p)), "")
        if company:
            organisation = company.strip(" .")
            remainder = " ".join(p for p in parts if p != company)
    if organisation:
        fields["organization"] = organisation.rstrip(".")
    remainder = remainder.strip(" .,;")
    identifier = _DOCUMENT_ID.fullmatch(remainder)
    if identifier is not None:
        fields["number"] = remainder
        remainder = ""
    date = re.search(r",?\s*(?:" + _MONTH + r"\s+)?(?:19|20)\d{2}\.?$", remainder)
    if date is not None:
        _month_year(date.group(0), fields)
        remainder = remainder[: date.start()].strip(" .,;")
    elif remainder or rest:
        _month_year(remainder or rest, fields)
    if remainder:
        fields["title"] = remainder
    return "misc", fields


def _registration(body: str, byline: Callable[[str], str]) -> tuple[str, dict[str, str]] | None:
    for registry, pattern in _REGISTRY:
        found = pattern.search(body)
        if found is None:
            continue
        before = _REGISTRY_WORDS.sub("", body[: found.start()]).strip(" .,;:")
        after = body[found.end() :].strip(" .;")
        fields = {"entrysubtype": "registration", "number": found.group("number")}
        if after.startswith(",") and ";" in after:  # NLM: ``Identifier NCT..., Title; date``
            title, _, after = after[1:].partition(";")
            updated = iso_date(after.split("[", 1)[0])
            if updated:
                fields["date"] = updated
            if "[Internet]" in before:  # ``ClinicalTrials.gov [Internet]. Bethesda (MD): ...``
                before = ""
            before = f"{before}. {title.strip()}" if before else title.strip()
        fields["organization"] = registry
        organisation, title = split_organisation(before)
        first, _, others = before.partition(". ")
        if organisation and title:
            fields["author"] = "{" + organisation.rstrip(".") + "}"
            before = title
        elif others and byline(first):
            fields["author"] = byline(first)
            before = others
        if before:
            fields["title"] = before.strip(" .")
        _month_year(after, fields)
        return "online", fields
    return None


def presentation(sentence: str) -> dict[str, str] | None:
    """The meeting segment of a presentation or poster (``Presented at: Meeting; date;
    place`` or ``EULAR May 31-June 3, 2023; Milan, Italy``) as fields, else ``None``."""
    found = _PRESENTED.search(sentence) or _MEETING.fullmatch(sentence)
    if found is None:
        return None
    groups = found.groupdict()
    fields = {"eventtitle": groups["event"].strip(" .,")}
    if groups.get("date"):
        fields["eventdate"] = groups["date"].strip()
        _month_year(groups["date"], fields)
    if groups.get("place"):
        fields["venue"] = groups["place"].strip(" .")
    return fields


def parse_mi_kind(
    body: str, byline: Callable[[str], str] = lambda sentence: ""
) -> tuple[str, dict[str, str]] | None:
    """Prescribing information, data on file or a trial registration: the entry type
    and fields, or ``None``. ``byline`` gives the ``author`` field of a sentence naming
    persons or an organisation (``""`` when it names none)."""
    return _data_on_file(body) or _prescribing(body) or _registration(body, byline)
