"""Printed forms of works that are not journal articles, as journal house styles print
them (issue 18): the BMJ's ``Published Online First: 2023.https://...`` with a URL glued
to the date or a bare domain (``2022.gradepro.org``), software (``[software]``,
``[computer program]``, ``R: A language and environment for statistical computing``),
a publisher followed by its year with a comma or a space instead of NLM's semicolon
(``Advanced Analytics, LLC, 2014``, ``New York, NY: : McGraw-Hill Education 2015``) and
an edition printed after the title (``..., 3rd ed``). Pure: strings in, strings out.
"""

from __future__ import annotations

import re

__all__ = [
    "edition_suffix",
    "glued_urls",
    "is_software",
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
