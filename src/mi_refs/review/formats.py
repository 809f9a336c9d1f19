"""The review report as JSON (the HTML page's content) and its claim map as CSV (one row
per citation occurrence and reference cited), and the one entry point
:func:`format_review`. Pure."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from mi_refs.check.report import clean, finding_json
from mi_refs.errors import InvalidArgumentError, UnknownFormatError
from mi_refs.review.html import to_html
from mi_refs.review.model import STATUSES, Card, Review

__all__ = ["REVIEW_FORMATS", "format_review", "to_csv", "to_json"]

REVIEW_FORMATS = ("html", "json", "csv")


def _card(review: Review, card: Card) -> dict[str, Any]:
    needs = dict(card.needs)
    by_index = {o.index: o for o in review.occurrences}
    citations = []
    for index in card.citing:
        occurrence = by_index[index]
        entry: dict[str, Any] = {
            "occurrence": index,
            "location": occurrence.location,
            "superscript": occurrence.superscript,
            "locator": occurrence.locator(card.number),
            "sentence": occurrence.sentence,
            "cited_with": [n for n in dict.fromkeys(occurrence.numbers) if n != card.number],
            "marked": review.marks.get(index),
        }
        if card.abstract:
            entry["needs_review"] = [
                {"number": c.text, "found": c.found, "abstract_sentence": c.where or None}
                for c in needs.get(index, ())
            ]
        citations.append(entry)
    return {
        "number": card.number,
        "key": card.key,
        "status": card.status,
        "status_label": STATUSES.get(card.status, card.status),
        "printed": card.printed,
        "printed_differs": card.printed_differs,
        "rendered": card.rendered_text,
        "identifiers": [
            {"name": name, "value": value, "url": url} for name, value, url in card.identifiers
        ],
        "statuses": [
            {
                "status": line.status,
                "message": line.message,
                "date": line.date or None,
                "evidence": line.evidence or None,
                "acknowledged": line.acknowledged or None,
            }
            for line in card.lines
        ],
        "differences": [
            {
                "field": d.field,
                "stored": d.stored,
                "registry": d.registry,
                "source": d.source,
                "severity": d.severity,
            }
            for d in card.differences
        ],
        "abstract_in_pubmed": card.abstract,
        "citations": citations,
        "findings": [finding_json(f) for f in card.findings],
    }


def to_json(review: Review) -> str:
    data = {
        "tool": {"name": "mi-refs", "version": review.version},
        "letter": review.letter,
        "bibliography": review.bib,
        "date": review.date,
        "style": review.style,
        "registries": {"asked": list(review.asked), "not_asked": list(review.not_asked)},
        "summary": {
            status: sum(1 for card in review.cards if card.status == status) for status in STATUSES
        },
        "references": [_card(review, card) for card in review.cards],
        "letter_view": [
            {
                "occurrence": o.index,
                "location": o.location,
                "superscript": o.superscript,
                "numbers": list(o.numbers),
                "sentence": o.sentence,
                "marked": review.marks.get(o.index),
            }
            for o in review.occurrences
        ],
        "letter_findings": [finding_json(f) for f in review.letter_findings],
        "notes": list(review.notes),
        "needs_review_limits": review.limits,
    }
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8", "replace").decode() + "\n"


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text (a leading ``=``, ``+``, ``-``, ``@``
    would start a formula: prefixed with ``'``)."""
    text = clean("" if value is None else value)
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(review: Review) -> str:
    """The claim map: one row per citation occurrence and reference it cites."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "occurrence", "location", "superscript", "number", "key", "status", "locator",
            "cited_with", "sentence", "numbers_found", "numbers_not_found",
        ]
    )  # fmt: skip
    cards = {card.number: card for card in review.cards}
    for occurrence in review.occurrences:
        for number in dict.fromkeys(occurrence.numbers):
            card = cards.get(number)
            checks = dict(card.needs).get(occurrence.index, ()) if card else ()
            others = [str(n) for n in dict.fromkeys(occurrence.numbers) if n != number]
            writer.writerow(
                _cell(value)
                for value in (
                    occurrence.index,
                    occurrence.location,
                    occurrence.superscript,
                    number,
                    card.key if card else "",
                    card.status if card else "not in the list",
                    occurrence.locator(number),
                    " ".join(others),
                    occurrence.sentence,
                    " ".join(c.text for c in checks if c.found),
                    " ".join(c.text for c in checks if not c.found),
                )
            )
    return out.getvalue()


def format_review(review: Review, format: str = "html") -> str:
    """The review as ``html``, ``json`` or ``csv``; another name raises
    :class:`~mi_refs.errors.UnknownFormatError`."""
    if not isinstance(review, Review):
        raise InvalidArgumentError(
            f"format_review: review must be a Review (from mi_refs.review), not "
            f"{type(review).__name__}"
        )
    if format == "html":
        return to_html(review)
    if format == "json":
        return to_json(review)
    if format == "csv":
        return to_csv(review)
    raise UnknownFormatError(
        f"unknown review format {format!r} (known: {', '.join(REVIEW_FORMATS)})"
    )
