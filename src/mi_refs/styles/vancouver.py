"""NLM's Citing Medicine, 2nd edition (the style of ``nlm-citation-sequence.csl``).

Authors ``Surname Initials``, more than 6 gives the first 6 and ``et al.``; no italics;
``Year Mon Day;Volume(Issue):Pages.`` with abbreviated page ranges; ``[Internet]``,
``[cited 2025 May 9]`` and ``Available from:`` for web sources; ``doi:`` last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pybtex.style.template import Node

from mi_refs.bibtex.normalize import MONTHS, abbreviate_page_range
from mi_refs.model import Kind, Reference
from mi_refs.styles.base import (
    Style,
    edition_text,
    event_date,
    supplement,
)
from mi_refs.styles.template import first_of, join, link, optional, sentence, value

__all__ = ["VancouverStyle"]

S = sentence(sep="")
SPACED = join(sep=" ")


def nlm_date(year: str, month: int | None, day: int | None) -> str:
    """``2025 May 9``, ``2025 May`` or ``2025``: the NLM form of a date."""
    parts = [year]
    if month is not None:
        parts.append(MONTHS[month - 1][:3])
        if day is not None:
            parts.append(str(day))
    return " ".join(parts)


def _authors() -> Node:
    return optional[S[value("authors")]]


def _title() -> Node:
    return optional[S[SPACED[value("title"), optional[value("abstract_marker")]]]]


def _doi() -> Node:
    return optional[join["doi:", value("doi")]]


def _place_publisher_year() -> Node:
    return join(sep="; ")[
        optional[join(sep=": ")[optional[value("address")], value("publisher")]],
        optional[value("year")],
    ]


def _published_cited() -> Node:
    """``Publisher; 2024 May 1 [cited 2025 May 9].``"""
    return optional[
        S[
            SPACED[
                join(sep="; ")[optional[value("organization")], optional[value("date")]],
                optional["[cited ", value("cited"), "]"],
            ]
        ]
    ]


def _available() -> Node:
    return optional[join["Available from: ", link("url")]]


class VancouverStyle(Style):
    """NLM/Vancouver (Citing Medicine, 2nd edition)."""

    name = "vancouver"
    et_al_min = 7
    et_al_use_first = 6
    editor_label = ("editor", "editors")
    et_al_editors = "et al."
    ordinal_suffix = True

    def templates(self) -> Mapping[Kind, Node]:
        article = SPACED[
            _authors(),
            _title(),
            optional[S[value("journal")]],
            optional[
                S[
                    optional[value("date")],
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
            optional[S[value("title")]],
            optional[S[value("edition")]],
            optional[S[_place_publisher_year()]],
            optional[S[value("note")]],
            _doi(),
        ]
        chapter = SPACED[
            _authors(),
            _title(),
            S[SPACED["In:", optional[S[value("editors")]], optional[S[value("booktitle")]]]],
            optional[S[value("edition")]],
            optional[S[_place_publisher_year()]],
            optional[S["p. ", value("pages")]],
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
            optional[S[value("title"), " [Internet]"]],
            _published_cited(),
            optional[S[value("note")]],
            _available(),
        ]
        registration = SPACED[
            optional[S[value("registry"), " [Internet]"]],
            optional[
                S[
                    SPACED[
                        join(sep="; ")[
                            join(sep=", ")[
                                join["Identifier ", value("number")], optional[value("title")]
                            ],
                            optional[value("date")],
                        ],
                        optional["[cited ", value("cited"), "]"],
                    ]
                ]
            ],
            optional[S[value("note")]],
            _available(),
        ]
        prescribing_information = SPACED[
            optional[S[value("title"), " [", value("type"), "]"]],
            _published_cited(),
            optional[S[value("note")]],
            _available(),
        ]
        data_on_file = SPACED[
            optional[S[value("title")]],
            "Data on file.",
            optional[S[join(sep="; ")[optional[value("organization")], optional[value("year")]]]],
            optional[S[value("number")]],
            optional[S[value("note")]],
        ]
        report = SPACED[
            _authors(),
            optional[S[value("title")]],
            optional[S[_place_publisher_year()]],
            optional[S["Report No.: ", value("number")]],
            optional[S[value("note")]],
            _doi(),
            _available(),
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
        date = nlm_date(reference.year, reference.month, reference.day) if reference.year else ""
        web = reference.kind in {Kind.WEBPAGE, Kind.REGISTRATION, Kind.PRESCRIBING_INFORMATION}
        context: dict[str, Any] = {
            "authors": self.authors(reference),
            "editors": editors,
            "title": reference.title,
            "journal": reference.journal_abbreviation,
            "booktitle": reference.booktitle,
            "date": date,
            "year": reference.year,
            "volume": reference.volume,
            "issue": supplement(reference.issue, "Suppl"),
            "pages": abbreviate_page_range(reference.pages),
            "edition": edition_text(reference.edition),
            "publisher": reference.publisher or reference.organization,
            "organization": reference.organization or reference.publisher,
            "address": reference.address,
            "number": reference.number,
            "note": reference.note,
            "url": reference.url if web or reference.kind is Kind.REPORT else "",
            "cited": _cited(reference.urldate) if web else "",
            "eventtitle": reference.eventtitle or reference.booktitle,
            "venue": reference.venue,
            "type": (reference.type or "Prescribing information").lower(),
            "registry": reference.organization or "ClinicalTrials.gov",
        }
        if reference.kind is Kind.PRESENTATION:
            context["eventdate"] = event_date(reference, nlm_date)
        if reference.kind is Kind.ABSTRACT and options.abstract_marker:
            context["abstract_marker"] = "[abstract]"
        if options.doi:
            context["doi"] = reference.doi
        return context


def _cited(date: dt.date | None) -> str:
    return "" if date is None else nlm_date(str(date.year), date.month, date.day)
