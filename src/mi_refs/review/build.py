"""Building the review report of one letter: the I/O edge of ``review/``.

The letter is read (:func:`~mi_refs.review.claims.read_claims`), the entries of its list
are checked (:func:`mi_refs.check.run.check`, the same run ``mi-refs check`` makes, with
the settings' acknowledge rules), the letter's citations too
(:func:`~mi_refs.documents.letters.check_document`), and what the registries hold about
each work (dates of notices, trial status, abstracts) comes from the same cached run
(:func:`~mi_refs.review.survey.survey`; a warm cache asks nothing more). Then
:mod:`~mi_refs.review.model` makes the cards.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mi_refs._version import __version__
from mi_refs.check.findings import AcknowledgeRule, IgnoreRule
from mi_refs.check.report import CheckReport
from mi_refs.check.run import check
from mi_refs.documents.letters import check_document, fold_item
from mi_refs.model import Bibliography, Reference
from mi_refs.registries.lookup import SERVICE_NAMES, Lookup, Registries
from mi_refs.registries.session import open_lookup, registries_for
from mi_refs.review.claims import ClaimMap, read_claims
from mi_refs.review.model import GRAVE, Card, Review, dailymed_url, evidence_url, status_lines
from mi_refs.review.numbers import LIMITS, NumberCheck, look_up
from mi_refs.review.survey import State, Work, survey, work_of
from mi_refs.styles import HouseOptions
from mi_refs.styles.render import format_reference

__all__ = ["cited_bibliography", "review_letter"]


def cited_bibliography(claims: ClaimMap, bibliography: Bibliography) -> Bibliography:
    """The entries of the letter's list, in list order (each once), with their problems."""
    keys = list(dict.fromkeys(key for key in claims.keys if key))
    chosen = tuple(bibliography[key] for key in keys)
    problems = tuple(p for p in bibliography.problems if p.key is None or p.key in keys)
    return Bibliography(chosen, problems, bibliography.path, bibliography.source)


def printed_spans(printed: str, rendered: str) -> tuple[tuple[str, bool], ...]:
    """The printed list item as words, each marked when the .bib's rendering lacks it
    (folded alike: case, accents, punctuation and hyphens aside): ``Lancet`` marked
    where the entry renders ``Blood Cells Mol Dis``."""
    words = printed.split()
    theirs = fold_item(rendered).split()
    mine = [fold_item(word) for word in words]
    flat: list[int] = []  # for each folded token of mine, the word it came from
    tokens: list[str] = []
    for index, folded in enumerate(mine):
        for token in folded.split():
            tokens.append(token)
            flat.append(index)
    changed = set(flat)
    matcher = difflib.SequenceMatcher(a=tokens, b=theirs, autojunk=False)
    same = {
        flat[i]
        for block in matcher.get_matching_blocks()
        for i in range(block.a, block.a + block.size)
    }
    changed -= same
    return tuple((word, index in changed) for index, word in enumerate(words))


def _identifiers(
    reference: Reference, work: Work, state: State | None
) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    doi = reference.doi or (state.doi if state else "")
    pmid = reference.pmid or (state.pmid if state else "")
    if doi:
        found.append(("DOI", doi, evidence_url(doi)))
    if pmid:
        found.append(("PMID", pmid, evidence_url(pmid)))
    if reference.pmcid:
        found.append(
            ("PMCID", reference.pmcid, f"https://pmc.ncbi.nlm.nih.gov/articles/{reference.pmcid}/")
        )
    if work.nct:
        found.append(("NCT", work.nct, evidence_url(work.nct)))
    if work.setid:
        found.append(("DailyMed set id", work.setid, dailymed_url(work.setid)))
    if reference.url and reference.url.lower().startswith(("https://", "http://")):
        found.append(("URL", reference.url, reference.url))
    return found


def _asked(requests: Mapping[str, int], lookup: Lookup, online: bool) -> tuple[str, ...]:
    if not online:
        return ("none (offline: registry data from the cache only)",)
    return tuple(
        f"{SERVICE_NAMES.get(name, name)} ({count} request{'s' if count != 1 else ''})"
        for name, count in requests.items()
        if name != "retries"
    )


def review_letter(
    letter: str | os.PathLike[str],
    bibliography: Bibliography,
    *,
    online: bool = True,
    refresh: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    style: str = "ama",
    options: HouseOptions | None = None,
    ignore: Iterable[IgnoreRule | Mapping[str, Any]] = (),
    acknowledge: Iterable[AcknowledgeRule | Mapping[str, Any]] = (),
    registries: Registries | None = None,
    today: dt.date | None = None,
    api_key: str | None = None,
) -> Review:
    """The review report of ``letter`` against ``bibliography`` (which names the list's
    items). Raises :class:`~mi_refs.errors.DocumentError` for a letter that cannot be
    read."""
    claims = read_claims(letter, bibliography)
    cited = cited_bibliography(claims, bibliography)
    registries = registries_for(
        online=online, registries=registries, mailto=mailto, api_key=api_key
    )
    directory = None if cache_dir is None else Path(cache_dir)
    report = check(
        cited, online=online, refresh=refresh, cache_dir=directory, use_cache=use_cache,
        mailto=mailto, style=style, ignore=ignore, today=today, registries=registries,
        acknowledge=acknowledge,
    )  # fmt: skip
    letter_findings = check_document(letter, bibliography=bibliography)
    works = {reference.key: work_of(reference) for reference in cited}
    # the check's clients (one count of requests); never refreshed: what the check has
    # just asked is read from the cache, not asked again; the cache's notes are the check's
    with open_lookup(
        online=online, cache_dir=cache_dir, use_cache=use_cache, registries=registries
    ) as (lookup, _):
        states = survey(list(works.values()), lookup, abstracts=True)
    requests = registries.requests_made() if registries is not None else {}
    not_asked = tuple(dict.fromkeys([*report.notes, *lookup.notes()]))
    review = _cards(
        claims, cited=cited, report=report, works=works, states=states, style=style,
        options=options,
    )  # fmt: skip
    return Review(
        letter=str(letter),
        bib=bibliography.path,
        date=(today or dt.date.today()).isoformat(),
        version=__version__,
        asked=_asked(requests, lookup, online),
        not_asked=not_asked,
        cards=review,
        occurrences=claims.occurrences,
        letter_findings=tuple(letter_findings),
        notes=claims.notes,
        style=style,
        limits=LIMITS,
        marks=_marks(claims, review),
    )


def _cards(
    claims: ClaimMap,
    *,
    cited: Bibliography,
    report: CheckReport,
    works: Mapping[str, Work],
    states: Mapping[Work, State],
    style: str,
    options: HouseOptions | None,
) -> tuple[Card, ...]:
    findings = {entry.key: entry.findings for entry in report.entries if entry.key}
    cards = []
    for number, key in enumerate(claims.keys, start=1):
        printed = claims.items[number - 1]
        citing = tuple(o.index for o in claims.citing(number))
        if key is None:
            cards.append(Card(number, None, printed, "", "", (), "unmatched", (), (), (), citing))
            continue
        reference = cited[key]
        work = works[key]
        state = states.get(work) if work else None
        status, lines, differences = status_lines(findings.get(key, ()), state)
        needs: tuple[tuple[int, tuple[NumberCheck, ...]], ...] = ()
        if state is not None and state.abstract:
            needs = tuple(
                (o.index, look_up(o.sentence, state.abstract, o.form))
                for o in claims.citing(number)
            )
        text = format_reference(reference, style, "text", options)
        as_printed = format_reference(reference, style, "text", _without_doi(options))
        cards.append(
            Card(
                number,
                key,
                printed,
                format_reference(reference, style, "html", options),
                text,
                tuple(_identifiers(reference, work, state)),
                status,
                lines,
                differences,
                findings.get(key, ()),
                citing,
                needs,
                bool(state and state.abstract),
                bool(printed) and fold_item(printed) != fold_item(as_printed),
                printed_spans(printed, as_printed) if printed else (),
            )
        )
    return tuple(cards)


def _without_doi(options: HouseOptions | None) -> HouseOptions:
    """The house options without DOIs: a letter's list often leaves them out, and that
    alone is no difference worth a reviewer's eye."""
    return dataclasses.replace(options or HouseOptions(), doi=False)


def _marks(claims: ClaimMap, cards: tuple[Card, ...]) -> dict[int, str]:
    """Each occurrence that cites a retracted, replaced or superseded work, and that
    status."""
    grave = {card.number: card.status for card in cards if card.status in GRAVE}
    order = ["retracted", "replaced", "superseded"]
    marks: dict[int, str] = {}
    for occurrence in claims.occurrences:
        found = [grave[n] for n in occurrence.numbers if n in grave]
        if found:
            marks[occurrence.index] = min(found, key=order.index)
    return marks
