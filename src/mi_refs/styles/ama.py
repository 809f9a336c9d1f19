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

from mi_refs.bibtex.names import parse_names
from mi_refs.bibtex.normalize import MONTHS, expand_page_range
from mi_refs.model import Kind, Reference
from mi_refs.nlm import undotted
from mi_refs.styles.base import (
    Style,
    clean_note,
    edition_text,
    eprint_text,
    event_date,
    has_digits,
    howpublished,
    is_online_first,
    locator,
    loose_date,
    patent_country,
    repository,
    split_updated,
    supplement,
    thesis_type,
    title_text,
    volume_issue,
    web_url,
)
from mi_refs.styles.template import (
    first_of,
    identifier,
    join,
    link,
    optional,
    sentence,
    tag,
    value,
)
from mi_refs.styles.web import plain_year, registry_name

__all__ = ["AmaStyle"]

# A sentence: the pieces run together and end with one period (none after "?" or "!").
S = sentence(sep="")
SPACED = join(sep=" ")


def _authors() -> Node:
    return optional[S[value("authors")]]


def _title() -> Node:
    return optional[S[SPACED[value("title"), optional[value("abstract_marker")]]]]


def _doi() -> Node:
    return optional[join["doi:", identifier("doi")]]


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
        note = optional[S[value("note")]]
        publisher_year = optional[S[_publisher_year()]]
        article = SPACED[
            _authors(),
            _title(),
            optional[S[tag("em")[value("journal")]]],
            optional[S["Published online ", value("online")]],
            optional[S[value("locator")]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        book = SPACED[
            optional[S[first_of[optional[value("authors")], optional[value("editors")]]]],
            optional[S[tag("em")[value("title")]]],
            optional[S[value("series_title")]],
            optional[S[value("volume_label")]],
            optional[S[value("edition")]],
            optional[S[value("book_editors")]],
            optional[S[value("translators")]],
            optional[S[value("type")]],
            publisher_year,
            optional[S[value("series_volume")]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        in_book = SPACED["In:", optional[S[value("editors")]], S[tag("em")[value("booktitle")]]]
        chapter = SPACED[
            _authors(),
            _title(),
            optional[S[in_book]],
            optional[S[value("edition")]],
            optional[S[value("pub_pages")]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        proceedings_paper = SPACED[
            _authors(),
            _title(),
            optional[S[in_book]],
            optional[
                S[
                    join(sep="; ")[
                        value("eventtitle"), optional[value("eventdate")], optional[value("venue")]
                    ]
                ]
            ],
            optional[S[value("pub_pages")]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
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
            note,
            _doi(),
        ]
        webpage = SPACED[
            _authors(),
            _title(),
            optional[S[value("organization")]],
            optional[S["Published ", value("published")]],
            optional[S["Updated ", value("updated")]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        newspaper = SPACED[
            _authors(),
            _title(),
            optional[S[tag("em")[value("journal")]]],
            optional[S[value("fulldate"), optional[":", value("pages")]]],
            note,
            _accessed_url_date(),
            _url(),
        ]
        database = SPACED[
            _title(),
            optional[S[value("titleaddon")]],
            optional[S[value("organization")]],
            optional[S[join(sep="; ")[value("publisher"), optional[value("year")]]]],
            note,
            _accessed_url_date(),
            _url(),
        ]
        registration = SPACED[
            _authors(),
            _title(),
            optional[S[value("registry"), " identifier: ", value("number")]],
            optional[S["Updated ", value("published")]],
            note,
            _accessed_url_date(),
            _url(),
        ]
        prescribing_information = SPACED[
            _title(),
            optional[S[value("type")]],
            optional[S[join(sep="; ")[optional[value("organization")], optional[value("year")]]]],
            note,
            _accessed_url_date(),
            _url(),
        ]
        data_on_file = SPACED[
            _title(),
            "Data on file.",
            optional[S[join(sep="; ")[optional[value("organization")], optional[value("year")]]]],
            optional[S[value("number")]],
            note,
        ]
        report = SPACED[
            _authors(),
            optional[S[tag("em")[value("title")]]],
            optional[S[join(sep="; ")[optional[value("organization")], optional[value("date")]]]],
            optional[S[value("series_number")]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        thesis = SPACED[
            _authors(),
            optional[S[tag("em")[value("title")]]],
            optional[S[value("thesis_type")]],
            optional[S[join(sep="; ")[optional[value("organization")], optional[value("year")]]]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        preprint = SPACED[
            _authors(),
            _title(),
            optional[S[value("repository")]],
            optional[S["Preprint posted online ", value("fulldate")]],
            optional[S[value("eprint")]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        dataset = SPACED[
            _authors(),
            _title(),
            optional[S["Version ", value("version")]],
            optional[S[join(sep="; ")[optional[value("publisher")], optional[value("fulldate")]]]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        patent = SPACED[
            optional[
                S[
                    value("authors"),
                    optional[", ", value("inventor")],
                    optional["; ", value("holder"), ", assignee"],
                ]
            ],
            _title(),
            optional[S[value("patent")]],
            optional[S[value("fulldate")]],
            note,
            _accessed_url_date(),
            _url(),
        ]
        personal = SPACED[
            optional[S[value("authors")]],
            optional[S[value("title")]],
            "Personal communication.",
            optional[S[value("fulldate")]],
            note,
        ]
        generic = SPACED[
            _authors(),
            _title(),
            optional[S[value("type")]],
            optional[S[join(sep="; ")[optional[value("publisher")], optional[value("fulldate")]]]],
            note,
            _doi(),
            _accessed_url_date(),
            _url(),
        ]
        return {
            Kind.ARTICLE: article,
            Kind.ABSTRACT: article,
            Kind.BOOK: book,
            Kind.CHAPTER: chapter,
            Kind.PROCEEDINGS_PAPER: proceedings_paper,
            Kind.PRESENTATION: presentation,
            Kind.WEBPAGE: webpage,
            Kind.NEWSPAPER: newspaper,
            Kind.DATABASE: database,
            Kind.REGISTRATION: registration,
            Kind.PRESCRIBING_INFORMATION: prescribing_information,
            Kind.DATA_ON_FILE: data_on_file,
            Kind.REPORT: report,
            Kind.THESIS: thesis,
            Kind.PREPRINT: preprint,
            Kind.DATASET: dataset,
            Kind.SOFTWARE: dataset,
            Kind.PATENT: patent,
            Kind.PERSONAL_COMMUNICATION: personal,
            Kind.GENERIC: generic,
        }

    def context(self, reference: Reference) -> dict[str, Any]:
        options = self.options
        editors = self.editors(reference)
        kind = reference.kind
        issue = supplement(reference.issue, "suppl")
        year = plain_year(reference.year)  # c2006 (a copyright year) prints 2006
        date = ama_date(year, reference.month, reference.day)
        organization = reference.organization or reference.publisher
        context: dict[str, Any] = {
            "authors": self.authors(reference),
            "editors": editors,
            "title": title_text(reference, options),
            "journal": undotted(reference.journal_abbreviation),
            "booktitle": reference.booktitle,
            "year": year,
            "volume": reference.volume,
            "issue": issue,
            "volume_issue": volume_issue(reference.volume, issue),
            "pages": expand_page_range(reference.pages) if has_digits(reference.pages) else "",
            "edition": edition_text(reference.edition),
            "publisher": reference.publisher or reference.organization,
            "organization": organization,
            "number": reference.number,
            "note": clean_note(reference, options),
            "url": web_url(reference),
            "accessed": _accessed(reference.urldate),
            "eventtitle": reference.eventtitle
            or (reference.booktitle if kind is Kind.PRESENTATION else ""),
            "venue": reference.venue,
            "type": reference.type,
            "registry": registry_name(reference) if kind is Kind.REGISTRATION else "",
            "fulldate": date,
            "titleaddon": reference.get("titleaddon"),
            "version": reference.get("version"),
        }
        self._kind_context(reference, context, date, organization)
        context["locator"] = locator(context["year"], context["volume_issue"], context["pages"])
        publisher_year = "; ".join(p for p in (context["publisher"], year) if p)
        context["pub_pages"] = locator("", publisher_year, context["pages"])
        # AMA prints no article-type labels ([letter]...): only the abstract marker.
        context["abstract_marker"] = (
            "[abstract]" if kind is Kind.ABSTRACT and options.abstract_marker else ""
        )
        if options.doi and reference.doi:
            # AMA 11 3.15: a DOI is given instead of the URL (and needs no access date).
            context["doi"] = reference.doi
            context["url"] = context["accessed"] = ""
        return context

    def _book(self, reference: Reference, context: dict[str, Any]) -> None:
        """A book's volume (``Vol 2``, before the edition: AMA 11 3.12.1), the editors of a
        book with authors (``Dahl K, ed``), translators (``Lund E, trans``; ``Taylor EA,
        trans-ed`` when the translator is the editor of a book with authors) and series
        (AMA 11 3.12, as Widener's guide prints it): with its volume after the year, its
        editor first (``Rosen ST, ed. Cancer Treatment and Research; vol 167``); without a
        volume after the title (``Malinowski Monographs``)."""
        if reference.volume:
            context["volume_label"] = f"Vol {reference.volume}"
        translator = reference.get("translator")
        translators = parse_names(translator)[0] if translator else ()
        both = bool(translators) and translators == reference.editors
        if translators:
            role = "trans-ed" if reference.authors and both else "trans"
            context["translators"] = f"{self._names(translators, False, 'et al')}, {role}"
        if reference.authors and not both:
            # A book with authors and editors names both (AMA 11 3.12.1: "book authors'
            # and/or editors' (and translator, if any)"), the editors after the edition.
            context["book_editors"] = context["editors"]
        series = reference.get("series").strip()
        if series and not reference.number:
            context["series_title"] = series
        elif series:
            editor = ""
            if reference.get("editoratype").strip().lower() == "series":
                names = parse_names(reference.get("editora"))[0]
                label = "eds" if len(names) > 1 else "ed"
                editor = f"{self._names(names, False, 'et al')}, {label}. " if names else ""
            context["series_volume"] = f"{editor}{series}; vol {reference.number}"

    def _kind_context(  # noqa: PLR0912
        self, reference: Reference, context: dict[str, Any], date: str, organization: str
    ) -> None:
        """The pieces only some kinds have."""
        kind = reference.kind
        if kind is Kind.PRESCRIBING_INFORMATION:
            context["type"] = reference.type or "Prescribing information"
        elif kind is Kind.BOOK and reference.type.lower() in {"book", "ebook", "e-book"}:
            context["type"] = ""
        if kind is Kind.BOOK:
            self._book(reference, context)
        if kind in {Kind.WEBPAGE, Kind.REGISTRATION}:
            context["published"] = date if reference.year else ""
            updated, rest = split_updated(context["note"])
            parts = loose_date(updated) if updated else None
            if parts is not None:  # note = {updated 2020-04-02}: AMA's "Updated" date
                context["updated"], context["note"] = ama_date(*parts), rest
        if kind is Kind.PRESENTATION or kind is Kind.PROCEEDINGS_PAPER:
            context["eventdate"] = event_date(reference, ama_date)
        if kind is Kind.PROCEEDINGS_PAPER and not reference.eventtitle:
            context["eventtitle"] = ""
        if kind is Kind.REPORT:
            context["date"] = reference.year if organization else date
            series = reference.get("series")
            number = reference.number
            context["series_number"] = (
                f"{series} no. {number}" if series and number else series or number
            )
        if kind is Kind.CHAPTER and not context["pages"] and reference.get("chapter").strip():
            context["pages"] = f"chap {reference.get('chapter').strip()}"  # 2015:chap 32
        if kind is Kind.THESIS:
            context["thesis_type"] = thesis_type(reference).capitalize()
        if kind is Kind.PREPRINT:
            context["repository"] = repository(reference)
            context["eprint"] = eprint_text(reference)
        if kind in {Kind.DATASET, Kind.SOFTWARE}:
            context["publisher"] = reference.publisher or reference.organization
        if kind is Kind.PATENT:
            context["inventor"] = "inventor" if len(reference.authors) == 1 else "inventors"
            holders = parse_names(reference.get("holder"))[0] if reference.get("holder") else ()
            context["holder"] = ", ".join(str(holder) for holder in holders)
            country = patent_country(reference)
            context["patent"] = " ".join(p for p in (country, "patent", reference.number) if p)
            context["patent"] = context["patent"][:1].upper() + context["patent"][1:]
        if kind is Kind.GENERIC:
            context["type"] = reference.type or howpublished(reference)
            context["publisher"] = reference.publisher or reference.organization
        if kind in {Kind.ARTICLE, Kind.ABSTRACT} and is_online_first(reference):
            context["online"] = date
            context["year"] = context["volume_issue"] = context["pages"] = ""


def _accessed(date: dt.date | None) -> str:
    return "" if date is None else ama_date(str(date.year), date.month, date.day)
