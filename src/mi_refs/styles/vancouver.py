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

from mi_refs.bibtex.names import parse_names
from mi_refs.bibtex.normalize import MONTHS, abbreviate_page_range, parse_date
from mi_refs.model import Kind, Reference
from mi_refs.nlm import undotted
from mi_refs.styles.base import (
    Style,
    article_label,
    clean_note,
    edition_text,
    eprint_text,
    event_date,
    has_digits,
    howpublished,
    is_forthcoming,
    is_online_first,
    locator,
    open_ended,
    patent_country,
    repository,
    split_updated,
    supplement,
    thesis_type,
    title_text,
    volume_issue,
    web_url,
)
from mi_refs.styles.template import first_of, identifier, join, link, optional, sentence, value
from mi_refs.styles.web import date_span, extent, known_registry, registry_name

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
    return optional[join["doi: ", identifier("doi")]]


def _pubmed() -> Node:
    """``PubMed PMID: 1; PubMed Central PMCID: PMC2`` (each identifier linked in HTML)."""
    return optional[
        join(sep="; ")[
            optional[join["PubMed PMID: ", identifier("pmid")]],
            optional[join["PubMed Central PMCID: ", identifier("pmcid")]],
        ]
    ]


def _place_publisher_year() -> Node:
    return join(sep="; ")[
        optional[join(sep=": ")[optional[value("address")], value("publisher")]],
        optional[value("year")],
    ]


def _published_cited() -> Node:
    """``Publisher; 2024 May 1 [updated 2024 Jun 1; cited 2025 May 9].``"""
    place_publisher = join(sep=": ")[optional[value("address")], value("organization")]
    return optional[S[join(sep="; ")[optional[place_publisher], optional[value("date")]]]]


def _available() -> Node:
    return optional[join["Available from: ", link("url")]]


class VancouverStyle(Style):
    """NLM/Vancouver (Citing Medicine, 2nd edition)."""

    name = "vancouver"
    et_al_min = 7
    et_al_use_first = 6
    editor_label = ("editor", "editors")
    et_al_editors = "et al."
    et_al_authors = "et al."
    ordinal_suffix = True

    @staticmethod
    def _chapter_number(reference: Reference, context: dict[str, Any]) -> None:
        """A chapter number: a part of a book written by the book's authors (``@inbook``,
        no editor) prints the book first (:func:`_book_part`); a contribution with no
        pages prints ``Chapter 9.`` where the pages would be."""
        chapter = reference.get("chapter").strip()
        if not chapter:
            return
        if reference.entry_type in {"inbook", "bookinbook"} and not reference.editors:
            _book_part(reference, context)
        elif not context["pages"]:
            context["part"] = f"Chapter {chapter}"

    def templates(self) -> Mapping[Kind, Node]:
        note = optional[S[value("note")]]
        # ``doi: 10.1/x``; with PubMed IDs: ``doi: 10.1/x. PubMed PMID: 1; PubMed Central ...``
        # The identifiers and the address, each after a period: ``doi: 10.1/x. PubMed PMID:
        # 1. Available from: URL``; a DOI or URL that ends the reference takes no period.
        tail = join[
            join(sep=". ")[_doi(), _pubmed(), _available()],
            optional[value("tail_period")],
        ]
        in_book = SPACED[
            "In:",
            optional[S[value("editors")]],
            S[value("booktitle"), optional[" [", value("medium"), "]"]],
        ]
        article = SPACED[
            _authors(),
            _title(),
            optional[S[value("journal")]],
            optional[S[value("locator")]],
            optional[S[value("epub")]],
            note,
            tail,
        ]
        book = SPACED[
            optional[S[first_of[optional[value("authors")], optional[value("editors")]]]],
            optional[S[value("title"), optional[" [", value("medium"), "]"]]],
            optional[S[value("edition")]],
            optional[S[value("volume_label")]],  # Citing Medicine ch. 2: edition, then volume
            optional[S[value("secondary")]],
            optional[S[_place_publisher_year(), optional[" ", value("dates")]]],
            optional[S[value("pagetotal"), " p"]],
            optional[S["p. ", value("pages")]],
            note,
            tail,
        ]
        chapter = SPACED[
            _authors(),
            _title(),
            optional[S[in_book]],
            optional[S[value("part_of"), optional[" [", value("medium"), "]"]]],
            optional[S[value("edition")]],
            optional[S[_place_publisher_year(), optional[" ", value("dates")]]],
            optional[S["p. ", value("pages")]],
            optional[S[value("part")]],
            note,
            tail,
        ]
        in_proceedings = SPACED[
            "In:",
            optional[S[value("editors")]],
            S[
                value("booktitle"),
                optional[" [", value("medium"), "]"],
                optional["; ", value("bookevent")],
            ],
        ]
        proceedings_paper = SPACED[
            _authors(),
            _title(),
            optional[S[in_proceedings]],
            optional[
                S[
                    value("eventtitle"),
                    optional["; ", value("eventdate")],
                    optional["; ", value("venue")],
                ]
            ],
            optional[S[_place_publisher_year()]],
            optional[S["p. ", value("pages")]],
            note,
            tail,
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
            tail,
        ]
        webpage = SPACED[
            _authors(),
            optional[S[value("title"), " [Internet]"]],
            _published_cited(),
            optional[S[value("extent")]],
            note,
            tail,
        ]
        database = SPACED[
            optional[S[value("organization"), " [Internet]"]],
            optional[S[_place_publisher_year(), optional[" ", value("dates")]]],
            optional[S[join(sep="; ")[value("title"), optional["[", value("pagetotal"), "]"]]]],
            note,
            tail,
        ]
        newspaper = SPACED[
            _authors(),
            _title(),
            optional[S[value("journal"), optional[" ", value("internet")]]],
            optional[
                S[
                    value("date"),
                    optional[" [cited ", value("cited"), "]"],
                    optional[";", value("section_pages")],
                ]
            ],
            note,
            _available(),
        ]
        registration = SPACED[
            optional[S[value("registry"), " [Internet]"]],
            optional[
                S[join(sep=": ")[optional[value("registry_place")], value("registry_publisher")]]
            ],
            optional[S[value("registry_started"), " - "]],
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
                    ],
                    optional["; [", value("extent"), "]"],
                ]
            ],
            note,
            _available(),
        ]
        prescribing_information = SPACED[
            optional[S[value("title"), " [", value("type"), "]"]],
            _published_cited(),
            note,
            _available(),
        ]
        data_on_file = SPACED[
            optional[S[value("title")]],
            "Data on file.",
            optional[S[join(sep="; ")[optional[value("organization")], optional[value("year")]]]],
            optional[S[value("number")]],
            note,
        ]
        report = SPACED[
            _authors(),
            optional[S[value("title"), optional[" [", value("medium"), "]"]]],
            optional[S[_place_publisher_year(), optional[" ", value("dates")]]],
            optional[S[value("extent")]],
            optional[S[value("series"), optional[" ", value("series_number")]]],
            optional[S["Report No.: ", value("number")]],
            note,
            tail,
        ]
        thesis = SPACED[
            _authors(),
            optional[S[value("title"), " [", value("thesis_type"), "]"]],
            optional[S[_place_publisher_year(), optional[" ", value("dates")]]],
            note,
            tail,
        ]
        preprint = SPACED[
            _authors(),
            _title(),
            optional[S[value("repository"), " [Preprint]"]],
            optional[S[value("date"), optional[" [cited ", value("cited"), "]"]]],
            optional[S[value("eprint")]],
            note,
            tail,
        ]
        dataset = SPACED[
            _authors(),
            optional[S[value("title"), optional[" [", value("medium"), "]"]]],
            optional[S["Version ", value("version")]],
            optional[S[_place_publisher_year(), optional[" ", value("dates")]]],
            note,
            tail,
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
            optional[S[value("date")]],
            note,
            _available(),
        ]
        personal = SPACED[
            optional[S[value("authors")]],
            optional[S[value("title")]],
            "[Personal communication].",
            optional[S[value("date")]],
            note,
        ]
        generic = SPACED[
            _authors(),
            optional[S[value("title"), optional[" [", value("medium"), "]"]]],
            optional[S[value("howpublished")]],
            optional[S[_place_publisher_year(), optional[" ", value("dates")]]],
            note,
            tail,
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

    def context(self, reference: Reference) -> dict[str, Any]:  # noqa: PLR0912, PLR0915
        options = self.options
        kind = reference.kind
        editors = self.editors(reference)
        date = nlm_date(reference.year, reference.month, reference.day) if reference.year else ""
        if date and reference.month_end and reference.month:
            date = f"{reference.year} {MONTHS[reference.month - 1][:3]}-"
            date += MONTHS[reference.month_end - 1][:3]
        span = date_span(reference)  # 2007-2011, c1995-2007
        date = span or (f"{date}-" if date and open_ended(reference) else date)
        web = kind in {Kind.WEBPAGE, Kind.REGISTRATION, Kind.PRESCRIBING_INFORMATION}
        url = web_url(reference)
        online = bool(url)
        note, updated = clean_note(reference, options), ""
        if online or web:
            updated, note = split_updated(note)
            iso = parse_date(updated) if updated else None
            if iso is not None:  # an ISO date in NLM's form; other forms print as written
                updated = nlm_date(str(iso[0]), iso[1], iso[2])
        issue = supplement(reference.issue, "Suppl")
        cited = _cited(reference.urldate) if (web or online) else ""
        context: dict[str, Any] = {
            "authors": self.authors(reference),
            "editors": editors,
            "title": title_text(reference, options),
            "journal": undotted(reference.journal_abbreviation),
            "booktitle": reference.booktitle,
            "date": date,
            "year": span or reference.year,
            "volume": reference.volume,
            "issue": issue,
            "volume_issue": volume_issue(reference.volume, issue),
            "pages": abbreviate_page_range(reference.pages) if has_digits(reference.pages) else "",
            "edition": edition_text(reference.edition),
            "publisher": reference.publisher or reference.organization,
            "organization": reference.organization or reference.publisher,
            "address": reference.address,
            "number": reference.number,
            "note": note,
            "url": url if web or online else "",
            "cited": cited,
            "eventtitle": reference.eventtitle
            or (reference.booktitle if kind is Kind.PRESENTATION else ""),
            "venue": reference.venue,
            "type": (reference.type or "Prescribing information").lower(),
            "registry": registry_name(reference) if kind is Kind.REGISTRATION else "",
            "version": reference.get("version"),
            "medium": "Internet" if online else "",
            "pagetotal": reference.get("pagetotal"),
        }
        dates = [f"updated {updated}"] if updated else []
        if cited:
            dates.append(f"cited {cited}")
        context["dates"] = f"[{'; '.join(dates)}]" if dates else ""
        if kind in {Kind.WEBPAGE, Kind.PRESCRIBING_INFORMATION}:
            context["date"] = " ".join(p for p in (date, context["dates"]) if p)
            context["cited"] = ""
        if open_ended(reference):
            context["year"] = f"{reference.year}-"
        if kind in {Kind.REPORT, Kind.GENERIC} and reference.month:
            context["year"] = date
        if kind is Kind.BOOK:
            context["volume_label"] = f"Vol. {reference.volume}" if reference.volume else ""
            context["pages"] = reference.pages
            secondary = reference.get("editora")
            if secondary:
                names = self._names(parse_names(secondary)[0], False, "et al.")
                role = reference.get("editoratype") or "editor"
                context["secondary"] = f"{names}, {role}"
            if reference.get("translator"):
                names = self._names(parse_names(reference.get("translator"))[0], False, "et al.")
                context["secondary"] = f"{names}, translator"
            if reference.authors and editors and not secondary:
                context["secondary"] = editors  # Author. Title. Editor A, editor. Place...
        if kind is Kind.PRESENTATION or kind is Kind.PROCEEDINGS_PAPER:
            context["eventdate"] = event_date(reference, _nlm_range_date)
        if kind is Kind.PROCEEDINGS_PAPER and not reference.eventtitle:
            context["eventtitle"] = ""  # the book title holds the meeting's: date and place
            event = (context["eventdate"] if reference.get("eventdate") else "", reference.venue)
            context["bookevent"] = "; ".join(part for part in event if part)
        if kind is Kind.CHAPTER:
            self._chapter_number(reference, context)
        if kind is Kind.REGISTRATION:
            registry = known_registry(reference)
            context["extent"] = extent(reference)
            if registry is not None:
                context["registry_started"] = registry.started
            context["registry_place"] = reference.address or (registry.place if registry else "")
            context["registry_publisher"] = reference.publisher or (
                registry.publisher if registry else ""
            )
        if kind is Kind.REPORT or kind is Kind.WEBPAGE:
            context["extent"] = extent(reference, bracketed=kind is Kind.WEBPAGE)
        if kind is Kind.DATABASE:
            context["organization"] = reference.organization
            context["publisher"] = reference.publisher
        if kind is Kind.NEWSPAPER:
            context["internet"] = "[Internet]" if online else ""
            context["section_pages"] = reference.pages
        if kind is Kind.REPORT:
            context["series"] = reference.get("series")
            context["medium"] = "Internet" if online else ""
        if kind is Kind.THESIS:
            context["thesis_type"] = thesis_type(reference).replace(
                "\N{RIGHT SINGLE QUOTATION MARK}", "'"
            )
            context["publisher"] = reference.organization or reference.publisher
        if kind is Kind.PREPRINT:
            context["repository"] = repository(reference)
            context["eprint"] = eprint_text(reference)
        if kind in {Kind.DATASET, Kind.SOFTWARE, Kind.GENERIC} and reference.month:
            context["year"] = date
        if kind in {Kind.DATASET, Kind.SOFTWARE}:
            context["medium"] = (
                "Internet" if online else ("dataset" if kind is Kind.DATASET else "")
            )
        if kind is Kind.PATENT:
            context["inventor"] = "inventor" if len(reference.authors) == 1 else "inventors"
            holders = parse_names(reference.get("holder"))[0] if reference.get("holder") else ()
            context["holder"] = ", ".join(str(holder) for holder in holders)
            country = patent_country(reference)
            code = country if len(country) == 2 and country.isupper() else ""
            country = {"US": "United States"}.get(country, country)
            number = reference.number
            if code and not number[:2].isalpha():
                number = f"{code} {number}"
            context["patent"] = " ".join(p for p in (country, "patent", number) if p)
            context["patent"] = context["patent"][:1].upper() + context["patent"][1:]
        if kind is Kind.GENERIC:
            context["howpublished"] = howpublished(reference)
        # A journal article read on the Internet (an address, no DOI): Citing Medicine
        # ch. 23, ``J Abbr [Internet]. 2008 [cited 2012 Nov 13];3(2):62-77. Available
        # from: URL``. Printed articles and papers give the DOI, not the address.
        internet = kind in {Kind.ARTICLE, Kind.ABSTRACT} and bool(url) and not reference.doi
        if kind in {Kind.ARTICLE, Kind.ABSTRACT, Kind.PRESENTATION, Kind.PROCEEDINGS_PAPER}:
            context["url"] = url if internet else ""
        first = context["date"]
        if internet:
            context["journal"] = f"{context['journal']} [Internet]" if context["journal"] else ""
            first = f"{first} [cited {cited}]" if cited and first else first
        if kind in {Kind.ARTICLE, Kind.ABSTRACT} and is_online_first(reference):
            first = f"{first} [Epub ahead of print]"
        if kind is Kind.ARTICLE and is_forthcoming(reference):
            first = f"Forthcoming {first}".strip()  # Citing Medicine ch. 11
        epub = parse_date(reference.get("origdate"))
        if kind is Kind.ARTICLE and epub is not None and (reference.volume or reference.pages):
            context["epub"] = "Epub " + nlm_date(str(epub[0]), epub[1], epub[2])
        context["locator"] = locator(first, context["volume_issue"], context["pages"])
        marker = ""
        if kind is Kind.ABSTRACT and options.abstract_marker:
            marker = "[abstract]"
        elif kind is Kind.ARTICLE:
            marker = article_label(reference)
        context["abstract_marker"] = marker
        if options.doi:
            context["doi"] = reference.doi
        if options.pmid is not False:
            context["pmid"] = reference.pmid or ""
            context["pmcid"] = reference.pmcid or ""
            pubmed = reference.pmid or reference.pmcid
            context["tail_period"] = "." if pubmed and not context["url"] else ""
        return context


def _book_part(reference: Reference, context: dict[str, Any]) -> None:
    """Citing Medicine's part of a book (an ``@inbook`` with a ``chapter`` and no editor:
    the book's authors wrote it): the book first, then ``Chapter 24, Regression and
    correlation methods; p. 447-86``."""
    part = ", ".join(p for p in (f"Chapter {reference.get('chapter')}", context["title"]) if p)
    pages = context["pages"]
    context["part"] = f"{part}; p. {pages}" if pages else part
    context["part_of"], context["booktitle"] = reference.booktitle, ""
    context["title"] = context["pages"] = ""


def _nlm_range_date(year: str, month: int | None, day: int | None) -> str:
    return nlm_date(year, month, day)


def _cited(date: dt.date | None) -> str:
    return "" if date is None else nlm_date(str(date.year), date.month, date.day)
