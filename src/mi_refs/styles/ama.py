"""AMA Manual of Style, 11th edition (chapter 3): the templates and their pieces.

Authors ``Surname Initials`` (no periods), more than 6 gives the first 3 and ``et al``;
titles as typed; journal (NLM abbreviation) and book titles italic;
``Year;Volume(Issue):Pages.`` with full page ranges; ``doi:`` last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pybtex.style.template import Node

from mi_refs.bibtex.normalize import MONTHS, expand_page_range
from mi_refs.model import Kind, Reference
from mi_refs.styles.base import (
    Style,
    edition_text,
    event_date,
    supplement,
)
from mi_refs.styles.template import first_of, join, link, optional, sentence, tag, value

__all__ = ["AmaStyle"]

# A sentence: the pieces run together and end with one period (none after "?" or "!").
S = sentence(sep="")
SPACED = join(sep=" ")


def _authors() -> Node:
    return optional[S[value("authors")]]


def _title() -> Node:
    return optional[S[SPACED[value("title"), optional[value("abstract_marker")]]]]


def _doi() -> Node:
    return optional[join["doi:", value("doi")]]


def _accessed_url_date() -> Node:
    return optional[S["Accessed ", value("accessed")]]


def _url() -> Node:
    return optional[link("url")]


def _publisher_year() -> Node:
    return join(sep="; ")[optional[value("publisher")], optional[value("year")]]


def ama_date(year: str, month: int | None, day: int | None) -> str:
    """``May 9, 2025``, ``May 2025`` or ``2025``: the AMA form of a date."""
    if month is None:
        return year
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{MONTHS[month - 1]} {day}, {year}"


class AmaStyle(Style):
    """AMA 11th edition."""

    name = "ama"
    et_al_min = 7
    et_al_use_first = 3
    editor_label = ("ed", "eds")
    et_al_editors = "et al"
    ordinal_suffix = False

    def templates(self) -> Mapping[Kind, Node]:
        article = SPACED[
            _authors(),
            _title(),
            optional[S[tag("em")[value("journal")]]],
            optional[
                S[
                    optional[value("year")],
                    optional[";", value("volume")],
                    optional["(", value("issue"), ")"],
                    optional[":", value("pages")],
                ]
            ],
            optional[S[value("note")]],
            _doi(),
        ]
        book = SPACED[
            optional[S[first_of[optional[value("authors")], optional[value("editors")]]]],
            optional[S[tag("em")[value("title")]]],
            optional[S[value("edition")]],
            optional[S[_publisher_year()]],
            optional[S[value("note")]],
            _doi(),
        ]
        chapter = SPACED[
            _authors(),
            _title(),
            S[
                SPACED[
                    "In:", optional[S[value("editors")]], optional[S[tag("em")[value("booktitle")]]]
                ]
            ],
            optional[S[value("edition")]],
            optional[S[_publisher_year(), optional[":", value("pages")]]],
            optional[S[value("note")]],
            _doi(),
        ]
        presentation = SPACED[
            _authors(),
            _title(),
            optional[
                S[
                    join(sep="; ")[
                        join["Presented at: ", value("eventtitle")],
                        optional[value("eventdate")],
                        optional[value("venue")],
                    ]
                ]
            ],
            optional[S[value("note")]],
            _doi(),
        ]
        webpage = SPACED[
            _authors(),
            _title(),
            optional[S[value("organization")]],
            optional[S["Published ", value("published")]],
            optional[S[value("note")]],
            _accessed_url_date(),
            _url(),
        ]
        registration = SPACED[
            _authors(),
            _title(),
            optional[S[value("registry"), " identifier: ", value("number")]],
            optional[S["Updated ", value("published")]],
            optional[S[value("note")]],
            _accessed_url_date(),
            _url(),
        ]
        prescribing_information = SPACED[
            _title(),
            optional[S[value("type")]],
            optional[S[join(sep="; ")[optional[value("organization")], optional[value("year")]]]],
            optional[S[value("note")]],
            _accessed_url_date(),
            _url(),
        ]
        data_on_file = SPACED[
            _title(),
            "Data on file.",
            optional[S[join(sep="; ")[optional[value("organization")], optional[value("year")]]]],
            optional[S[value("number")]],
            optional[S[value("note")]],
        ]
        report = SPACED[
            _authors(),
            optional[S[tag("em")[value("title")]]],
            optional[S[value("number")]],
            optional[S[join(sep="; ")[optional[value("organization")], optional[value("year")]]]],
            optional[S[value("note")]],
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        return {
            Kind.ARTICLE: article,
            Kind.ABSTRACT: article,
            Kind.BOOK: book,
            Kind.CHAPTER: chapter,
            Kind.PRESENTATION: presentation,
            Kind.WEBPAGE: webpage,
            Kind.REGISTRATION: registration,
            Kind.PRESCRIBING_INFORMATION: prescribing_information,
            Kind.DATA_ON_FILE: data_on_file,
            Kind.REPORT: report,
        }

    def context(self, reference: Reference) -> dict[str, Any]:
        options = self.options
        editors = self.editors(reference)
        context: dict[str, Any] = {
            "authors": self.authors(reference),
            "editors": editors,
            "title": reference.title,
            "journal": reference.journal_abbreviation,
            "booktitle": reference.booktitle,
            "year": reference.year,
            "volume": reference.volume,
            "issue": supplement(reference.issue, "suppl"),
            "pages": expand_page_range(reference.pages),
            "edition": edition_text(reference.edition),
            "publisher": reference.publisher or reference.organization,
            "organization": reference.organization or reference.publisher,
            "number": reference.number,
            "note": reference.note,
            "url": reference.url,
            "accessed": _accessed(reference.urldate),
            "eventtitle": reference.eventtitle or reference.booktitle,
            "venue": reference.venue,
            "type": reference.type or "Prescribing information",
            "registry": reference.organization or "ClinicalTrials.gov",
        }
        date = ama_date(reference.year, reference.month, reference.day)
        if reference.kind in {Kind.WEBPAGE, Kind.REGISTRATION}:
            context["published"] = date
        if reference.kind is Kind.PRESENTATION:
            context["eventdate"] = event_date(reference, ama_date)
        if reference.kind is Kind.ABSTRACT and options.abstract_marker:
            context["abstract_marker"] = "[abstract]"
        if options.doi:
            context["doi"] = reference.doi
        return context


def _accessed(date: dt.date | None) -> str:
    return "" if date is None else ama_date(str(date.year), date.month, date.day)
