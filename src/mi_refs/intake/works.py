"""Printed forms of works that are not journal articles, as journal house styles print
them (issue 18): the BMJ's ``Published Online First: 2023.https://...`` with a URL glued
to the date or a bare domain (``2022.gradepro.org``), software (``[software]``,
``[computer program]``, ``R: A language and environment for statistical computing``),
a publisher followed by its year with a comma or a space instead of NLM's semicolon
(``Advanced Analytics, LLC, 2014``, ``New York, NY: : McGraw-Hill Education 2015``) and
an edition printed after the title (``..., 3rd ed``); NLM's (Citing Medicine's) forms of
homepages and their parts (``Site [Internet]. Place: Publisher; 2003- [updated 2013 Aug 20;
cited 2014 Jan 29]. Part; [about 6 screens]. Available from: ...``) and of a numbered part
of a book (``... c2006. Chapter 24, Regression and correlation methods; p. 447-86.``).
Springer's numbered house style with the year after the authors (``Frank SM, et al (1997)
Title. JAMA 277:1127–1134``) is put in NLM's order first. Pure: strings in, strings out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mi_refs.intake.mikinds import iso_date

__all__ = [
    "author_year_first",
    "book_part",
    "book_series",
    "book_volume",
    "edition_suffix",
    "glued_urls",
    "homepage",
    "is_software",
    "nlm_dates",
    "publisher_year",
    "software_marker",
]

_ONLINE_FIRST = re.compile(r"\bPublished Online First:\s*")
_GLUED = re.compile(r"(?<=\d{4}\.)(?=https?://|www\.)")
# a bare domain (no scheme, no www) ending the line after a date: BMJ's form for a URL
_BARE_DOMAIN = re.compile(
    r"(?<=(?:1[89]|20)\d{2}\.)\s?(?P<url>(?:[a-z0-9-]+\.)+(?:org|com|net|gov|edu|int|io|info|"
    r"uk|de|fr|eu|ca|au|nl|ch|it|es)(?:/\S*)?)\s*$"
)
_MARKER = re.compile(r"\s*\[(?:software|computer program|computer software)\]", re.IGNORECASE)
_SOFTWARE_TITLE = re.compile(
    r"(?i)\b(?:statistical computing|software|computer program|R package|Python package)\b"
)
_PUBLISHER_YEAR = re.compile(
    r"^(?:(?P<address>[^:;]{1,80}):\s*(?::\s*)?)?(?P<publisher>[^;:]{1,120}?)(?:,|\s)\s*"
    r"(?P<year>(?:1[89]|20)\d{2})$"
)
_EDITION = re.compile(r",\s*(?P<edition>\d{1,2})(?:st|nd|rd|th) ed$", re.IGNORECASE)


def glued_urls(line: str) -> tuple[str, str]:
    """The line with BMJ's ``Published Online First:`` label dropped (the date that
    follows is the work's date) and a URL glued to the date set apart; the bare domain
    ending the line, if any, taken out (``("..., 2022.", "gradepro.org")``)."""
    line = _ONLINE_FIRST.sub("", line)
    line = _GLUED.sub(" ", line)
    bare = _BARE_DOMAIN.search(line)
    if bare is None:
        return line, ""
    return line[: bare.start()].rstrip(), bare.group("url").rstrip(".")


def software_marker(sentence: str) -> tuple[str, bool]:
    """``Title [software]`` -> ``("Title", True)``."""
    cleaned = _MARKER.sub("", sentence)
    return cleaned, cleaned != sentence


def is_software(title: str) -> bool:
    """Whether a title (of a work printed without a journal) names software."""
    return bool(_SOFTWARE_TITLE.search(title))


def publisher_year(sentence: str) -> dict[str, str] | None:
    """``[Place: ]Publisher, Year`` or ``[Place: ]Publisher Year`` (a house style's
    publisher sentence) as fields; ``None`` otherwise."""
    match = _PUBLISHER_YEAR.match(sentence)
    if match is None or not re.search(r"[A-Za-z]{2}", match.group("publisher")):
        return None
    out = {"publisher": match.group("publisher").strip(" ,"), "year": match.group("year")}
    if match.group("address"):
        out["address"] = match.group("address").strip()
    return out


def edition_suffix(title: str) -> tuple[str, str]:
    """``Users' guides ..., 3rd ed`` -> ``("Users' guides ...", "3")``."""
    match = _EDITION.search(title)
    if match is None:
        return title, ""
    return title[: match.start()].rstrip(" ,"), match.group("edition")


_NLM_DATES = re.compile(
    r"\s?\[updated (?P<updated>[^;\]]{4,40});\s*cited (?P<cited>[^\]]{4,40})\]", re.IGNORECASE
)
_INTERNET_END = re.compile(r"\s*\[Internet\]$", re.IGNORECASE)
_SITE = re.compile(
    r"^(?P<address>[^:;]{1,80}):\s*(?P<publisher>[^;]{1,160});\s*"
    r"(?P<date>c?(?:1[89]|20)\d{2}(?:\s[A-Z][a-z]{2}(?:\s\d{1,2})?)?)(?P<open>-)?$"
)
_EXTENT = re.compile(r";?\s*\[(?P<extent>about \d+ (?:screens?|p)|\d+ (?:screens?|p))\]$")
_PART = re.compile(
    r"^(?:Chapter|Chap\.|Part|Section)\s+(?P<number>[\w.]{1,8}),\s*(?P<title>[^;]{2,300}?)"
    r"(?:;\s*p\.\s*(?P<pages>[\w\-–]+))?$"
)


def nlm_dates(line: str, fields: dict[str, str]) -> str:
    """NLM's ``[updated 2013 Aug 20; cited 2014 Jan 29]`` taken out of the line: the
    access date as ISO ``urldate``, the update in ``note`` (``updated 2013-08-20``)."""
    match = _NLM_DATES.search(line)
    if match is None:
        return line
    cited, updated = match.group("cited").strip(), match.group("updated").strip()
    fields["urldate"] = iso_date(cited) or cited
    fields["note"] = f"updated {iso_date(updated) or updated}"
    return line[: match.start()] + line[match.end() :]


def homepage(sentences: list[str], fields: dict[str, str]) -> bool:
    """NLM's homepage (``Site [Internet]. Place: Publisher; date.``) or a part of one
    (followed by ``Part title; [about 6 screens].``) read into ``@online`` fields: the site
    as ``title``, or as ``organization`` with the part as ``title``; ``date`` ``2003/``
    for an open range (``2003-``), the extent in ``pagetotal``."""
    if len(sentences) not in (2, 3) or not _INTERNET_END.search(sentences[0]):
        return False
    site = _SITE.match(sentences[1])
    if site is None:
        return False
    name = _INTERNET_END.sub("", sentences[0]).strip()
    if len(sentences) == 3:
        part = sentences[2]
        extent = _EXTENT.search(part)
        if extent is not None:
            fields["pagetotal"] = extent.group("extent")
            part = part[: extent.start()].rstrip(" ;")
        fields.update(organization=name, title=part)
    else:
        fields["title"] = name
    fields.update(address=site.group("address").strip(), publisher=site.group("publisher"))
    date = site.group("date")
    if site.group("open"):
        fields["date"] = f"{date}/"
    elif date[0].isdigit() and len(date) > 4:
        fields["date"] = iso_date(date) or date
    else:
        fields["year"] = date
    return True


def book_part(sentence: str) -> dict[str, str] | None:
    """``Chapter 24, Regression and correlation methods; p. 447-86`` (NLM's numbered part
    of a book written by its authors) as ``chapter``, ``title`` and ``pages``."""
    match = _PART.match(sentence)
    if match is None:
        return None
    out = {"chapter": match.group("number"), "title": match.group("title").strip()}
    if match.group("pages"):
        out["pages"] = match.group("pages")
    return out


_SERIES = re.compile(r"^(?P<series>[^;]{2,200});\s*vol\.?\s(?P<number>[\w.]{1,8})$", re.IGNORECASE)
_SERIES_EDITOR = re.compile(r",\s*eds?\.?$")
_BOOK_VOLUME = re.compile(r"^Vol\.?\s(?P<volume>[\w.]{1,8})$", re.IGNORECASE)


def book_series(rest: list[str], fields: dict[str, str]) -> None:
    """AMA's series after a book's publisher (``Springer; 2007. Developments in
    Cardiovascular Medicine; vol 260.``, its editor before it: ``Rosen ST, ed.``) taken
    off the end of ``rest`` into ``series``, ``number`` (and the editor's names, as
    printed, in ``editora`` with ``editoratype = {series}``)."""
    if len(rest) < 3:
        return
    series = _SERIES.match(rest[-1])
    if series is None:
        return
    rest.pop()
    fields.update(series=series.group("series").strip(), number=series.group("number"))
    if len(rest) >= 3 and _SERIES_EDITOR.search(rest[-1]):
        fields["editora"] = _SERIES_EDITOR.sub("", rest.pop())
        fields["editoratype"] = "series"


def book_volume(sentence: str) -> str:
    """``Vol. 2`` (a book's volume, printed as its own sentence) -> ``"2"``; else ``""``."""
    match = _BOOK_VOLUME.match(sentence)
    return match.group("volume") if match is not None else ""


_AUTHOR_YEAR = re.compile(
    r"^(?P<authors>[^()]{2,600}?)\s\((?P<year>(?:1[89]|20)\d{2})[a-z]?\)\.?\s(?P<rest>\S.*)$"
)
_SPRINGER_SOURCE = re.compile(
    r"^(?P<head>.+\.)\s(?P<journal>[^.]{2,200}?)\s(?P<volume>\d{1,5})"
    r"(?:\s?\((?P<issue>[^)]{1,20})\))?\s?:\s?(?P<pages>[A-Za-z]{0,2}\d[\w\-–]*)$"
)
_PLACE_PUBLISHER = re.compile(
    r"^(?P<head>.+\.)\s(?P<place>[^.:;]{2,60}):\s?(?P<publisher>[^.:;]{2,120})$"
)


def author_year_first(body: str, is_byline: Callable[[str], bool]) -> str | None:
    """Springer's ``Authors (Year) Title. Journal Vol(Issue):Pages`` (and its books,
    ``... Title. Place:Publisher``, and works with no volume yet) in NLM's order:
    ``Authors. Title. Journal. Year;Vol(Issue):Pages``; ``None`` when the line does not
    start with a byline and a year in parentheses."""
    match = _AUTHOR_YEAR.match(body)
    if match is None or not is_byline(match.group("authors")):
        return None
    authors, year, rest = match.group("authors"), match.group("year"), match.group("rest")
    rest = rest.rstrip(" .")
    source = _SPRINGER_SOURCE.match(rest)
    if source is not None:
        issue = f"({source.group('issue')})" if source.group("issue") else ""
        return (
            f"{authors}. {source.group('head')} {source.group('journal')}. "
            f"{year};{source.group('volume')}{issue}:{source.group('pages')}"
        )
    book = _PLACE_PUBLISHER.match(rest)
    if book is not None:
        return (
            f"{authors}. {book.group('head')} {book.group('place').strip()}: "
            f"{book.group('publisher').strip()}; {year}"
        )
    head, _, last = rest.rpartition(". ")
    if head and is_software(head):
        return f"{authors}. {head}. {last}; {year}"
    return f"{authors}. {rest}. {year}"
