"""Typed references: one printed reference (AMA, NLM/Vancouver and their house variants)
read back into BibTeX fields. Pure: a string in, a :class:`TypedReference` out.

What is read: authors ``Surname AB, Surname C, et al`` (``Tsykunova, G`` and periods in
initials tolerated), the title (``[abstract]`` marks a meeting abstract), the journal
abbreviation, ``Year[ Mon[ Day]];Vol(Issue):Pages`` (supplements such as ``(suppl 1)``,
e-locators, NLM's ``284-7`` expanded), AMA's ``Published online July 7, 2016``,
``doi:``, ``PMID:``, ``PMCID:``, URLs and ``Accessed ...`` dates; books (``ed.``,
``Place: Publisher; Year``), chapters (``In: Editors, eds.``) and web pages. What cannot
be placed is kept in ``unparsed``: nothing printed is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mi_refs.bibtex.normalize import expand_page_range
from mi_refs.intake import works
from mi_refs.intake.houses import house_style, local_dates, prepare
from mi_refs.intake.mikinds import iso_date, parse_mi_kind, presentation
from mi_refs.intake.names import author_field, corporate, split_authors

__all__ = ["TypedReference", "parse_typed_reference"]

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DOI = re.compile(
    r"(?i)(?:\bdoi:?\s*|https?://(?:dx\.)?doi\.org/)(?P<doi>10\.\d{4,9}/\S+?)(?=[.;,]?(?:\s|$))"
)
_BARE_DOI = re.compile(r"(?<![\w/.])(?P<doi>10\.\d{4,9}/[^\s\[\]]+?)(?=[.;,]?(?:\s|$|\[))")
_PMID = re.compile(r"(?i)\[?\b(?:PubMed\s+)?PMID:?\s*(?P<pmid>\d{1,9})\]?\.?")
_PUBMED = re.compile(r"(?i)\[PubMed(?: ID)?:?\s+(?P<pmid>\d{1,9})\]\.?")
_PMCID = re.compile(r"(?i)\b(?:PubMed Central\s+)?PMCID:?\s*(?P<pmcid>PMC\d+)\.?")
# Every pattern here is linear in the line: no unbounded repeat is followed by another
# that can match the same text (issue 22: ``cited 2020 `` x 800 took 47 s), but for runs
# of spaces, which the line never holds (``_clean``: ``_SOURCE``'s adjacent ``\s*`` are
# cubic on a run of 1,000 spaces, constant on one).
_ACCESSED = re.compile(
    r"(?i)[\[(]?(?:\blast accessed|\bAccessed|\bcited)(?: on)?:?\s(?P<date>[^.\])]{1,60})[.\])]"
)
_UPDATED = re.compile(r"(?i)\b(?:Updated|Posted)\s[^.\d]{0,40}\d{1,2}?[^.\d]{0,10}\d{4}(?:\.|$)")
_URL = re.compile(
    r"(?i)(?:Available (?:from|at|online)?:?\s*)?(?P<url>(?:https?://|(?<![\w@/.])www\.)\S+?)"
    r"(?=[.,;]?(?:\s|$))"
)
# Year[ Mon[ Day]][;Vol][(Issue)][:Pages]  (the journal segment of AMA and NLM)
_SOURCE = re.compile(
    r"(?P<year>(?:1[89]|20)\d{2})[a-z]?(?:\s+"
    + _MONTH
    + r"(?:[-–]"
    + _MONTH
    + r")?(?:\s+\d{1,2})?)?"
    r"\s*(?:;\s*(?P<volume>[^():;.\s][^():;.\s]{0,30}(?: [^():;.\s]{1,30}){0,3})?\s*"
    r"(?:\((?P<issue>[^)]{0,40})\))?)?"
    r"(?:\s*:\s*(?P<pages>[A-Za-z]{0,2}\d[\w\-–]*(?:[:.][A-Za-z]{0,2}\d[\w\-–]*)?"
    r"(?:,\s*[A-Za-z]{0,2}\d[\w\-–]*)*))?"
    r"(?:\s*,\s*(?P<rest>[^;]{1,200}?))?\s*\.?\s*$"
)
_ONLINE = re.compile(r"Published online (?P<date>[A-Z][a-z]+\.? \d{1,2}, (?P<year>\d{4}))\.?\s?$")
_PUBLISHED = re.compile(
    r"Published (?:online )?(?:1[89]|20)\d{2}(?: " + _MONTH + r"(?: \d{1,2})?)?"
)
_ABSTRACT = re.compile(r"\s*\[(?:abstract|meeting abstract)\]\s*", re.IGNORECASE)
_EDITORS = re.compile(r",?\s*(?:eds?|editors?)\.?\s*$", re.IGNORECASE)
_EDITION = re.compile(r"^(?P<edition>\d+)(?:st|nd|rd|th) ed$", re.IGNORECASE)
_PUBLISHER_YEAR = re.compile(
    r"^(?:(?P<address>[^:;]{1,80}):\s*)?(?P<publisher>[^;]{1,120});\s*(?P<year>c?(?:1[89]|20)\d{2})"
    r"[^:.]{0,40}?(?::\s*(?P<pages>[\w\-–]+))?(?:\.\s*p\.\s*(?P<ppages>[\w\-–]+))?$"
)


@dataclass(frozen=True, slots=True)
class TypedReference:
    """A printed reference read into BibTeX fields (``fields``: field name to value, in
    BibTeX order; ``author`` and ``editor`` as ``Surname, I. J. and ...``)."""

    text: str
    entry_type: str
    fields: dict[str, str] = field(default_factory=dict)
    unparsed: str = ""

    @property
    def is_article(self) -> bool:
        return self.entry_type == "article"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


_LABELS = re.compile(
    r"^(?:Prescribing information|Package insert|Summary of product characteristics)$",
    re.IGNORECASE,
)
_NEWS_DATE = re.compile(
    r"^(?P<month>[A-Z][a-z]+) \d{1,2}, (?P<year>\d{4})(?::\s*(?P<pages>[A-Z]?\d+))?$"
)
_CONFERENCE = re.compile(
    r"\b(?:Conference|Congress|Symposium|Proceedings|Workshop|Meeting|Convention)\b", re.I
)
_INTERNET = re.compile(r"\s*\[Internet\]", re.IGNORECASE)


def _last_word(text: str, lead: int, stop: int) -> str:
    """``text[lead:stop].strip().rsplit(" ", 1)[-1]`` (``lead``: the piece's first
    character that is not a space) without copying the piece: an abbreviation's sentence
    is not cut, so its piece grows (``vs. `` x 50,000 was quadratic, issue 22)."""
    end = stop
    while end > lead and text[end - 1].isspace():
        end -= 1
    return text[max(lead, text.rfind(" ", lead, end) + 1) : end] if end > lead else ""


def _sentences(text: str) -> list[str]:
    """Split at ``. `` (and ``? ``/``! ``) outside brackets; abbreviations such as ``vs.``
    or ``St.`` stay inside their sentence."""
    out: list[str] = []
    depth = 0
    start = lead = 0  # where the sentence starts, and its first character not a space
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in ".?!" and depth == 0 and (index + 1 == len(text) or text[index + 1] == " "):
            stop = index + (0 if char == "." else 1)
            lead = max(lead, start)
            while lead < stop and text[lead].isspace():
                lead += 1
            last_word = _last_word(text, lead, stop)
            if (
                char == "."
                and (
                    last_word in {"vs", "St", "Inc", "Co", "Ltd", "al", "p", "Vol"}
                    or re.fullmatch(r"(?:[A-Z]\.){1,3}[A-Z]", last_word) is not None  # U.S.
                )
                and (
                    last_word != "al"
                    or (index + 1 < len(text) and text[index + 2 : index + 3].islower())
                )
            ):
                continue
            piece = text[start:stop].strip()
            if piece:
                out.append(piece)
            start = index + 1
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _identifiers(text: str, fields: dict[str, str]) -> str:
    """Take DOI, PMID, PMCID, URL and access date out of ``text`` into ``fields``."""
    patterns = (
        (_DOI, "doi"), (_PMID, "pmid"), (_PUBMED, "pmid"), (_PMCID, "pmcid"), (_BARE_DOI, "doi")
    )  # fmt: skip
    for pattern, name in patterns:
        match = pattern.search(text)
        if match is not None and name not in fields:
            fields[name] = match.group(name).rstrip(".")
            text = (text[: match.start()] + " " + text[match.end() :]).strip()
    dated = (m for m in _ACCESSED.finditer(text) if re.search(r"\d{4}", m.group("date")))
    match = next(dated, None)
    if match is not None:
        written = match.group("date").strip()
        fields["urldate"] = iso_date(written) or written
        text = (text[: match.start()] + " " + text[match.end() :]).strip()
    match = _URL.search(text)
    if match is not None:
        fields["url"] = match.group("url")
        text = (text[: match.start()] + " " + text[match.end() :]).strip()
    return _clean(text).rstrip(" .;,")


_AHEAD_OF_PRINT = re.compile(r"\s?\[?\b(?:Epub|Online) ahead of print\]?\.?", re.IGNORECASE)
_VERSION = re.compile(
    r"(?:(?<=\. )|^)(?:Version|V\.)\s?(?P<version>\d{1,3}(?:\.\d{1,4}){0,2})\.?(?=\s|$)"
)
_YEAR_AT = re.compile(r"(?<=\s)(?:1[89]|20)\d{2}(?=[\s;:(]|$)")


def _normalise_source(sentence: str) -> str:
    """House variants of the journal segment in NLM form: ``Published online June
    2008;159(3):...``, ``2024:10(3):e003918`` (a colon for the semicolon),
    ``2021;384;630-642`` (a semicolon for the colon)."""
    sentence = re.sub(
        r"^(?:Published online\s+)?(?P<month>"
        + _MONTH
        + r")\s+(?P<year>(?:1[89]|20)\d{2})(?=\s*;)",
        r"\g<year> \g<month>",
        sentence,
    )
    sentence = re.sub(r"^((?:1[89]|20)\d{2}):(?=\d{1,4}\()", r"\1;", sentence)
    return re.sub(r"^((?:1[89]|20)\d{2});(\d{1,4});(?=\s?[A-Za-z]{0,2}\d)", r"\1;\2:", sentence)


def _split_journal(sentence: str) -> tuple[str, str] | None:
    """``Breast Cancer Res 2020;22(1):61`` (NLM without the period after the journal) as
    the journal and its segment; ``None`` when the sentence does not end in one."""
    for year in list(_YEAR_AT.finditer(sentence))[-3:]:
        head, tail = sentence[: year.start()].strip(), _normalise_source(sentence[year.start() :])
        found = _SOURCE.match(tail)
        numbers = (found.group("volume") or "") + (found.group("pages") or "") if found else ""
        if head and head[-1] not in ";:," and re.search(r"\d", numbers):
            return head, tail
    return None


def _joined(sentences: list[str]) -> str:
    """Sentences of one field (a title ``Clinical issues and management. A Review``) put
    back together as printed."""
    out = ""
    for sentence in (s for s in sentences if s):
        out += ("" if not out else " " if out[-1] in "?!" else ". ") + sentence
    return out


def _issue(value: str) -> str:
    return _clean(value)


def _article(head: list[str], tail: re.Match[str], fields: dict[str, str]) -> str:
    """Authors, title and journal from the sentences before the journal segment."""
    unparsed = ""
    journal = _INTERNET.sub("", head.pop()) if head else ""  # NLM's ``JOAAG [Internet]``
    authors = split_authors(head[0]) if head else None
    if authors is None and len(head) >= 2 and corporate(head[0]):
        fields["author"] = "{" + head.pop(0) + "}"  # ``GBD 2019 Collaborators. Title.``
    if authors is not None:  # ``Authors. Journal. 2020;12:34-56.``: no title printed
        names, truncated = authors
        fields["author"] = author_field(names, truncated)
        head = head[1:]
    title = _joined(head)
    if _ABSTRACT.search(title):
        fields["entrysubtype"] = "abstract"
        title = _ABSTRACT.sub(" ", title).strip()
    if title:
        fields["title"] = _clean(title)
    fields["journal"] = journal
    groups = tail.groupdict()
    fields["year"] = groups["year"]
    volume, pages = (groups.get("volume") or "").strip(), groups.get("pages") or ""
    if volume and not pages and re.fullmatch(r"[A-Za-z]{0,2}\d+-[A-Za-z]{0,2}\d+", volume):
        volume, pages = "", volume  # ``2025;1-11``: pages of an online-first article
    elif volume and not pages and re.fullmatch(r"\d+ [A-Za-z]{0,2}\d+", volume):
        volume, pages = volume.split()  # ``2020;186 109447``: volume and article number
    if groups.get("rest"):
        fields["note"] = groups["rest"].strip(" .")
    groups["pages"] = pages
    if volume:
        fields["volume"] = volume
    if groups.get("issue"):
        fields["number"] = _issue(groups["issue"])
    if groups.get("pages"):
        fields["pages"] = expand_page_range(groups["pages"].replace("–", "-"))
    return unparsed


def _page_sentences(rest: list[str]) -> str:
    """Drop NLM's trailing ``p. 93-113`` / ``852 p`` sentences; the pages cited, if any."""
    pages = ""
    while rest and re.fullmatch(r"(?:p\. ?[\w\-–]+|\d+ p)", rest[-1]):
        if rest[-1].startswith("p"):
            pages = rest[-1][2:].strip()
        rest.pop()
    return pages


def _book(sentences: list[str], fields: dict[str, str]) -> tuple[str, str]:  # noqa: PLR0912, PLR0915
    """A book or a chapter: ``Authors. Title. [Nth ed.] [Place:] Publisher; Year[:pages].``"""
    entry_type = "book"
    rest = [_INTERNET.sub("", sentence) for sentence in sentences]
    series: dict[str, str] = {}
    works.book_series(rest, series)  # ``Springer; 2007. Series; vol 260.``
    part = works.book_part(rest[-1]) if len(rest) > 2 else None
    if part is not None:  # ``Chapter 24, Regression and correlation methods; p. 447-86``
        rest.pop()
    pages_sentence = _page_sentences(rest)
    tail = _PUBLISHER_YEAR.match(rest[-1]) if rest else None
    if tail is not None:
        fields_tail = {"publisher": tail.group("publisher").strip(), "year": tail.group("year")}
        if tail.group("address"):
            fields_tail["address"] = tail.group("address").strip()
        pages = tail.group("pages") or tail.group("ppages") or pages_sentence
    else:  # a house style's ``Publisher, Year`` or ``Publisher Year``, after a title
        # only after a byline and a title: in ``FSRH. Services 2020.`` the last sentence
        # may as well be a title ending in its year
        house = works.publisher_year(rest[-1]) if len(rest) >= 3 else None
        if house is None:
            return "misc", ""
        fields_tail, pages = house, pages_sentence
    rest.pop()
    if len(rest) == 2 and _LABELS.match(rest[1]):
        fields.update(title=rest[0], type=rest[1], organization=fields_tail["publisher"])
        fields["year"] = fields_tail["year"]
        return "manual", ""
    if (
        len(rest) >= 2
        and split_authors(rest[0]) is None
        and corporate(rest[0])
        and not _EDITORS.search(rest[0])
    ):
        fields["author"] = "{" + rest.pop(0) + "}"
    if rest:
        names = _EDITORS.sub("", rest[0])
        authors = split_authors(names)
        role = "editor" if names != rest[0] else "author"
        if authors is not None:
            fields[role] = author_field(*authors)
            rest.pop(0)
        elif role == "editor" and corporate(names):
            fields[role] = "{" + names + "}"
            rest.pop(0)
    chapter = next((i for i, s in enumerate(rest) if s.startswith("In: ")), None)
    if chapter is not None:
        entry_type = "incollection"
        fields["title"] = _joined(rest[:chapter])
        editors = split_authors(_EDITORS.sub("", rest[chapter][4:]))
        if editors is not None:
            fields["editor"] = author_field(*editors)
            rest = rest[chapter + 1 :]
        else:  # ``In: Book title.`` without editors
            rest = [rest[chapter][4:].strip(), *rest[chapter + 1 :]]
        if rest and _CONFERENCE.search(rest[0]):
            entry_type = "inproceedings"  # a paper in published proceedings
        key = "booktitle"
    else:
        key = "title"
    kept: list[str] = []
    for sentence in rest:
        edition = _EDITION.match(sentence)
        if edition is not None:
            fields["edition"] = edition.group("edition")
        elif works.book_volume(sentence) and kept:
            fields["volume"] = works.book_volume(sentence)  # NLM's ``9th ed. Vol. 2.``
        else:
            kept.append(sentence)
    if len(kept) == 2 and key == "title" and not series and not re.search(r"\d", kept[1]):
        series["series"] = kept.pop()  # ``Title. Malinowski Monographs. Hau Books; 2016.``
    if kept:
        fields[key], printed_edition = works.edition_suffix(kept[0])  # ``Title, 3rd ed``
        if printed_edition:
            fields["edition"] = printed_edition
    fields.update(fields_tail)
    fields.update(series)
    if part is not None:
        fields["booktitle"], entry_type = fields.pop("title", ""), "inbook"
        fields.update(part)
        pages = part.get("pages", pages)
    if pages:
        fields["pages"] = expand_page_range(pages)
    return entry_type, ". ".join(kept[1:])


def _newspaper(sentences: list[str], fields: dict[str, str]) -> bool:
    """``Author. Title. Paper. Month D, YYYY[:page].``: AMA's newspaper article."""
    news = _NEWS_DATE.match(sentences[-1]) if len(sentences) >= 3 else None
    if news is None:
        return False
    authors = split_authors(sentences[0])
    if authors is not None:
        fields["author"] = author_field(*authors)
    fields["entrysubtype"] = "newspaper"
    fields["title"] = " ".join(sentences[1 if authors else 0 : -2])
    fields["journal"] = sentences[-2]
    fields["year"] = news.group("year")
    fields["month"] = news.group("month")
    if news.group("pages"):
        fields["pages"] = news.group("pages")
    return True


def _byline(sentence: str) -> str:
    """The ``author`` field for a sentence that names persons or an organisation, else
    ``""``."""
    authors = split_authors(sentence)
    if authors is not None:
        return author_field(*authors)
    return "{" + sentence + "}" if corporate(sentence) else ""


def _merged_authors(sentences: list[str]) -> list[str]:
    """``Al-Hendy A, Lukes AS. Poindexter A III, et al.``: an author list broken by a
    stray period is one list again."""
    if len(sentences) > 3:
        first, second = split_authors(sentences[0]), split_authors(sentences[1])
        if first is not None and not first[1] and second is not None and second[1]:
            return [f"{sentences[0]}, {sentences[1]}", *sentences[2:]]
    return sentences


def _presentation(sentences: list[str], fields: dict[str, str]) -> str | None:
    """``Authors. Title. Presented at: Meeting; date; place.`` (or ``Meeting Month D-D,
    YYYY; Place``): an unpublished presentation or poster (``@inproceedings``)."""
    if len(sentences) < 2 or _SOURCE.match(sentences[-1]):
        return None
    meeting = presentation(sentences[-1])
    if meeting is None:
        return None
    head = sentences[:-1]
    authors = split_authors(head[0]) if len(head) > 1 else None
    if authors is not None:
        fields["author"] = author_field(*authors)
        head = head[1:]
    fields["title"] = " ".join(head)
    fields.update(meeting)
    return ""


def _front(printed: str, fields: dict[str, str]) -> str:
    """Identifiers, URL, access and update dates taken out of the line into ``fields``;
    the rest of the line."""
    line, bare_url = works.glued_urls(prepare(printed))
    if bare_url:
        fields["url"] = bare_url
    body = _identifiers(works.nlm_dates(line, fields), fields)
    body = local_dates(body, fields)
    ahead = _AHEAD_OF_PRINT.search(body)
    if ahead is not None:  # NLM's online-first form: ``2016 Jul 7. doi: ... [Epub ahead of print]``
        fields["pubstate"] = "online first"
        body = (body[: ahead.start()] + body[ahead.end() :]).strip().rstrip(" .")
    version = _VERSION.search(body)
    if version is not None:  # a guideline's version (``NCCN ... Version 2.2024.``)
        fields["version"] = version.group("version")
        body = (body[: version.start()] + body[version.end() :]).strip().rstrip(" .")
    updated = _UPDATED.search(body)
    if updated is not None:  # ``Updated April 2, 2020.``: the page's own date
        when = re.sub(r"(?i)^(?:Updated|Posted)\s|\.$", "", updated.group(0)).strip()
        month = re.fullmatch(r"(" + _MONTH + r")\s+((?:19|20)\d{2})", when)
        months = "JanFebMarAprMayJunJulAugSepOctNovDec"
        short = f"{month.group(2)}-{months.index(month.group(1)[:3]) // 3 + 1:02d}" if month else ""
        fields["note"] = f"updated {iso_date(when) or short or when}"
        body = (body[: updated.start()] + body[updated.end() :]).strip().rstrip(" .")
    return body


def _journal_sentences(body: str) -> list[str]:
    """The sentences of the line, the journal segment in NLM form and split from a
    journal printed without its period."""
    sentences = _merged_authors([_normalise_source(s) for s in _sentences(body)])
    if not any(_SOURCE.match(sentence) for sentence in sentences[-3:]):
        for index in range(len(sentences) - 1, max(0, len(sentences) - 3), -1):
            split = _split_journal(sentences[index])
            if split is not None:
                sentences[index : index + 1] = list(split)
                break
    return sentences


def _misc(sentences: list[str], fields: dict[str, str]) -> tuple[str, str]:
    """A work printed without a journal or a publisher: byline, title, date, address."""
    entry_type = "misc"
    authors = split_authors(sentences[0]) if len(sentences) > 1 else None
    rest = [_INTERNET.sub("", sentence) for sentence in sentences]
    if authors is not None:
        fields["author"] = author_field(*authors)
        rest = rest[1:]
    elif (len(rest) >= 3 or (len(rest) == 2 and "url" in fields)) and corporate(rest[0]):
        fields["author"] = "{" + rest.pop(0) + "}"
    if rest:
        fields["title"] = rest[0]
    year = re.search(r"\b(?:1[89]|20)\d{2}\b", " ".join(rest[1:]))
    if year is not None:
        fields["year"] = year.group(0)
    if "url" in fields or "urldate" in fields or "doi" in fields:
        entry_type = "online"  # a page accessed, or a work reached by its DOI only
    return entry_type, ". ".join(part for part in rest[1:] if part != fields.get("year"))


def _not_an_article(
    sentences: list[str], fields: dict[str, str], software: bool
) -> tuple[str, str]:
    """A newspaper article, a homepage, a book or chapter, software or another work: the
    entry type and what was not read into fields."""
    if _newspaper(sentences, fields):
        return "article", ""
    if works.homepage(sentences, fields):  # ``Site [Internet]. Place: Publisher; 2003-.``
        return "online", ""
    entry_type, unparsed = _book(sentences, fields)
    if entry_type == "misc":
        entry_type, unparsed = _misc(sentences, fields)
    if software or (
        entry_type in {"misc", "online", "book"} and works.is_software(fields.get("title", ""))
    ):
        entry_type = "software"  # ``[software]``, ``R: ... for statistical computing``
    return entry_type, unparsed


def _online_first(body: str, fields: dict[str, str]) -> str:
    """AMA's ``Published online July 7, 2016.`` at the end of the line: an online-first
    article (``pubstate`` and the ISO ``date``) when no volume precedes it, else said as
    printed in ``note``; the rest of the line (with the year where the segment was)."""
    online = _ONLINE.search(body + ".")
    if online is None:
        return body
    body = body[: online.start()].rstrip(" .")
    if _SOURCE.match(_normalise_source(_sentences(body)[-1]) if body else ""):
        # ``Journal. 2019;10(1):e20. Published online July 7, 2019.``
        fields["note"] = f"Published online {online.group('date')}"
        return body
    fields["pubstate"] = "online first"  # ``Nat Med. Published online July 7, 2016.``
    fields["date"] = iso_date(online.group("date")) or online.group("year")
    return body + ". " + online.group("year")


def parse_typed_reference(text: str) -> TypedReference:
    """Read one printed reference (without its list number) into BibTeX fields."""
    printed = _clean(text)
    fields: dict[str, str] = {}
    body = _front(printed, fields)
    body, software = works.software_marker(body)
    body = works.author_year_first(body, lambda text: bool(_byline(text))) or body
    house = house_style(body, fields)
    if house is not None:  # ``Author: Title. 4. Auflage Springer 2013, ISBN: ...``
        return TypedReference(printed, house, _ordered(fields), "")
    kind = parse_mi_kind(body, _byline)
    if kind is not None:
        fields.update({name: value for name, value in kind[1].items() if value})
        if fields.get("entrysubtype") == "registration" and fields.get("note", "").startswith(
            "updated "
        ):  # a registration's update is its ``date`` (docs/bibtex.md)
            fields["date"] = fields.pop("note")[len("updated ") :]
        return TypedReference(printed, kind[0], _ordered(fields), "")
    body = _online_first(body, fields)
    sentences = _merged_authors([_normalise_source(s) for s in _sentences(body)])
    meeting = _presentation(sentences, fields)
    if meeting is not None:
        return TypedReference(printed, "inproceedings", _ordered(fields), meeting)
    sentences = _journal_sentences(body)
    for back in range(1, min(len(sentences), 4)):
        tail = _SOURCE.match(sentences[-back])
        if tail is None or len(sentences) - back < 1:
            continue
        if back > 1 and not (tail.group("volume") or tail.group("pages")):
            continue  # a bare year further back is not a journal's source segment
        if not (tail.group("volume") or tail.group("pages") or tail.group("issue")) and (
            len(sentences) - back - bool(_byline(sentences[0])) < 2
        ):
            continue  # ``Authors. Title. 2019.``: a dated work, the title is no journal
        _article(sentences[:-back], tail, fields)
        after = sentences[len(sentences) - back + 1 :]
        if after and _PUBLISHED.fullmatch(after[0]) and "note" not in fields:
            fields["note"] = after.pop(0)  # PMC's ``Published 2019 Dec 31.``: as printed
        return TypedReference(printed, "article", _ordered(fields), ". ".join(after))
    entry_type, unparsed = _not_an_article(sentences, fields, software)
    return TypedReference(printed, entry_type, _ordered(fields), unparsed)


_ORDER = [
    "entrysubtype",
    "author",
    "type",
    "organization",
    "editor",
    "title",
    "booktitle",
    "journal",
    "year",
    "month",
    "volume",
    "number",
    "pages",
    "edition",
    "publisher",
    "address",
    "note",
    "doi",
    "pmid",
    "pmcid",
    "url",
    "urldate",
]


def _ordered(fields: dict[str, str]) -> dict[str, str]:
    ordered = {name: fields[name] for name in _ORDER if fields.get(name)}
    ordered.update({k: v for k, v in fields.items() if v and k not in ordered})
    return ordered
