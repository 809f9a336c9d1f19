"""Offline checks: what can be found wrong in a bibliography without asking a registry.

:func:`check_offline` runs six small checks in order and returns their findings sorted
by line and key (all with ``source="offline"``):

- :func:`~.duplicates.duplicate_works`: one work listed twice (``duplicate-entry``), one
  identifier on two parts (``shared-identifier``);
- :func:`~.duplicates.export_debris`: identifiers carrying export debris (``style``);
- :func:`~.values.implausible_values`: page spans, years and access dates that cannot be right
  (``implausible-value``);
- :func:`~.names.malformed_names`: author or editor strings that do not read as one person
  (``malformed-name``);
- :func:`~.namevariants.inconsistent_names`: one person written two ways across the list
  (``inconsistent-name``);
- :func:`journal_abbreviations`: journal names the style cannot print as NLM
  abbreviations (``style``);
- :func:`title_cased_titles`: article titles stored in title case (``style``, info).

Every function here is pure: the same references (and ``today``) give the same findings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mi_refs.check.duplicates import duplicate_works, export_debris
from mi_refs.check.findings import offline_finding
from mi_refs.check.journals import (
    JournalIndex,
    JournalRecord,
    journal_index,
    unqualified,
)
from mi_refs.check.mikinds import mi_kind_findings
from mi_refs.check.names import malformed_names
from mi_refs.check.namevariants import inconsistent_names
from mi_refs.check.text import fold
from mi_refs.check.values import implausible_values
from mi_refs.model import Bibliography, Finding, Kind, Reference, Severity
from mi_refs.styles import get_style
from mi_refs.styles.base import HouseOptions, title_text
from mi_refs.styles.casing import capitalised_inside, lowered_words

__all__ = [
    "check_offline",
    "duplicate_works",
    "export_debris",
    "implausible_values",
    "inconsistent_names",
    "journal_abbreviations",
    "malformed_names",
    "title_cased_titles",
]


# Styles that print journal names as NLM abbreviations (shortjournal, else journal), and
# how messages name them.
_ABBREVIATING_STYLES: Mapping[str, str] = {"ama": "AMA", "vancouver": "NLM"}
_JOURNAL_KINDS = frozenset({Kind.ARTICLE, Kind.ABSTRACT})
# A journal field the reader could not read (an undefined @string macro: ``journal =
# science`` with its macro file apart) has its parse-error; its name is not judged again.
_JOURNAL_FIELDS = frozenset({"journal", "journaltitle", "shortjournal"})

_PUNCTUATION = re.compile(r"[^\w()]+")
# A journal field holding a link or a DOI, not a name (issue 16: a DOI URL as the journal).
_LINK = re.compile(r"\s*(?:https?://|www\.|doi:\s*10\.|10\.\d{4,9}/)", re.IGNORECASE)


def check_offline(
    bibliography: Bibliography, *, style: str = "ama", today: dt.date | None = None
) -> list[Finding]:
    """Everything that can be checked without a registry, as findings sorted by (line,
    key) in check order within an entry. ``style`` decides whether journals must be NLM
    abbreviations (``ama`` and ``vancouver`` both print them); an unknown style raises
    :class:`~mi_refs.errors.UnknownStyleError`. ``today`` (default: the current date)
    is what a year "in the future" is measured against. No network, no files."""
    style_name = get_style(style).name
    references = bibliography.references
    findings = [
        *duplicate_works(references),
        *export_debris(references),
        *implausible_values(references, today=today or dt.date.today()),
        *malformed_names(bibliography),
        *inconsistent_names(references),
        *title_cased_titles(references),
        *mi_kind_findings(references),
    ]
    label = _ABBREVIATING_STYLES.get(style_name)
    if label is not None:
        unread = frozenset(
            problem.key for problem in bibliography.problems if problem.field in _JOURNAL_FIELDS
        )
        journals = [reference for reference in references if reference.key not in unread]
        findings.extend(journal_abbreviations(journals, journal_index(), style_label=label))
    return sorted(findings, key=_position)


def _position(finding: Finding) -> tuple[bool, int, str]:
    return (finding.line is None, finding.line or 0, finding.key or "")


# --- journal abbreviations ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Verdict:
    severity: Severity
    message: str
    field: str
    stored: str
    suggestion: str | None = None


def _printed_differently(printed: str, spelling: str, index: JournalIndex) -> Severity | None:
    """How wrong a name that is an NLM abbreviation up to case, punctuation and a
    qualifier still prints: a MEDLINE title's qualifier (``Lancet (London, England)``,
    ``BMJ (Clinical research ed.)``) or an acronym's lost capitals (``Jama`` for
    ``JAMA``, ``Rna`` for ``RNA``) is a warning, and so is a name of several words written
    wholly in lower case (``j nanosci nanotechnol``: the style prints it so); other capitals
    (``NeuroImage``, ``PLOS ONE``: the journal's own styling) an info, and so is one word in
    lower case (``bioinformatics``, but also ``genesis`` and ``animal``, which their
    publishers style so, and placeholders: ``future``, ``ms``). Punctuation and spacing do
    not count (``N. Engl. J. Med.`` is the ISO form of ``N Engl J Med``)."""
    if _all_lower_case(printed, spelling) or _catalogue_case(printed, spelling, index):
        return Severity.WARNING
    if printed.rstrip().endswith(")"):
        # a qualifier counts when the whole name is the journal's listed (MEDLINE) title
        if index.titles.get(fold(printed)) != (spelling,):
            return None
        if fold(printed) != fold(spelling):
            return Severity.WARNING
    else:
        spelling = unqualified(spelling)  # the 2021 list keeps one of two same titles
    plain = _PUNCTUATION.sub(" ", printed).split()
    listed = _PUNCTUATION.sub(" ", spelling).split()
    if plain == listed:
        return None
    if len(plain) == len(listed) and any(
        len(nlm) > 1 and nlm.isupper() and not mine.isupper()
        for mine, nlm in zip(plain, listed, strict=True)
    ):
        return Severity.WARNING
    return Severity.INFO


def _all_lower_case(printed: str, spelling: str) -> bool:
    """A name of two words or more with no capital, the NLM abbreviation itself up to
    case and punctuation (not its qualifier's base: ``omega`` is not shown to be ``Omega
    (Westport)``), where NLM writes capitals."""
    return (
        printed == printed.lower()
        and spelling != spelling.lower()
        and len(_PUNCTUATION.sub(" ", printed).split()) >= 2
        and fold(printed) == fold(spelling)
    )


def _catalogue_case(printed: str, spelling: str, index: JournalIndex) -> bool:
    """NLM's title written as the catalogue writes it, in sentence case (``PloS one``),
    with a word in lower case where the abbreviation has a capital (``PLoS One``): the
    title, not the journal's own styling (``PLOS ONE``, ``eLife``), which the style would
    print with the catalogue's lower case."""
    if printed.strip() not in index.listed_titles.get(spelling, ()):
        return False
    plain = _PUNCTUATION.sub(" ", printed).split()
    listed = _PUNCTUATION.sub(" ", spelling).split()
    return len(plain) == len(listed) and any(
        mine.islower() and not nlm.islower() for mine, nlm in zip(plain, listed, strict=True)
    )


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) == 4 else None


def _abbreviation_verdict(
    record: JournalRecord, field: str, year: int | None, index: JournalIndex, style_label: str
) -> _Verdict | None:
    """A name that is an NLM abbreviation: another of its title's abbreviations is the one
    of the entry's year (warning); written with periods (warning, issue 16.2: the style
    prints it without, but pandoc, Zotero and every other tool that reads the .bib prints
    the periods; ``fix`` writes the plain form); otherwise as :func:`_printed_differently`."""
    printed, spelling = record.name, record.abbreviation or ""
    current = record.current(year)
    started = record.started(current) if current is not None else None
    if current is not None and current != spelling and started is not None:
        message = (
            f"{field} {printed!r} is an NLM abbreviation of this title, but a {year} article is "
            f"in {current!r} (the title from {started}): use shortjournal = {{{current}}}"
        )
        return _Verdict(Severity.WARNING, message, field, printed, current)
    if record.dotted:
        message = (
            f"{field} {printed!r} is the NLM abbreviation written with periods; {style_label} "
            f"prints {spelling!r}, and other tools print what the .bib holds: use "
            f"shortjournal = {{{spelling}}}"
        )
        return _Verdict(Severity.WARNING, message, field, printed, spelling)
    severity = _printed_differently(printed, spelling, index)
    if severity is None:
        return None
    message = (
        f"{field} {printed!r} is printed as written; the NLM abbreviation is "
        f"{spelling!r}: use shortjournal = {{{spelling}}}"
    )
    return _Verdict(severity, message, field, printed, spelling)


def _several(record: JournalRecord, year: int | None, index: JournalIndex) -> str:
    """Which titles the name has had, as far as the NLM list tells, and that it cannot
    tell which one the entry's year is in (issue 16.2)."""
    when = f"a {year} article" if year is not None else "an article without a year"
    if record.sections:
        titles = "; ".join(
            f"{(index.listed_titles.get(spelling) or (spelling,))[0]!r} ({spelling})"
            for spelling in (record.abbreviation or "", *record.sections)
            if spelling
        )
        return (
            f"the name has had these titles in the NLM list: {titles}; the list has no "
            f"dates for them and cannot tell which one {when} is in: no suggestion"
        )
    names = ", ".join(spelling for spelling, _ in record.family)
    return (
        f"the NLM list files it under {names} and cannot tell which one {when} is in: no suggestion"
    )


_FOUND_AS = {
    "title": "is a full title",
    "typo": "looks like a typo of the listed title {matched!r}",
    "parts": "has a prefix or suffix around {matched!r}",
    "cut-short": "looks like the listed title {matched!r} cut short",
    "joined": "is the NLM abbreviation {matched!r} with its single letters joined or split, or "
    "without the place it ends with",
    "variant": "is the listed title {matched!r} written another way (spelling, word order "
    "or subtitle)",
    "debris": "is {matched!r} with a trademark sign or a pasted volume or issue, which the "
    "style prints as written",
    "parallel": "is the listed title {matched!r} followed by its parallel title in another "
    "language",
}


def _journal_verdict(
    journal: str,
    shortjournal: str,
    year: int | None,
    *,
    index: JournalIndex,
    style_label: str,
    resolve: Callable[[str], JournalRecord],
) -> _Verdict | None:
    """What is wrong with an entry's journal for a style that prints NLM abbreviations,
    or ``None``: judged from what the catalogue knows of the name, resolved once
    (:meth:`JournalIndex.resolve`). Pure: a function of the fields, the year and the
    index."""
    printed = shortjournal or journal
    field = "shortjournal" if shortjournal else "journal"
    if not printed:
        return None
    if _LINK.match(printed):
        message = (
            f"{field} {printed!r} is a link or a DOI, not a journal's name: move it to url "
            "or doi and give the journal (a web page is @online)"
        )
        return _Verdict(Severity.WARNING, message, field, printed)
    record = resolve(printed)
    if record.how == "abbreviation":
        if shortjournal and journal:
            full = resolve(journal)
            listed = full.abbreviation if full.how in {"abbreviation", "title"} else None
            if listed is not None and not index.same_journal(listed, printed):
                message = (
                    f"shortjournal {printed!r} is not the NLM abbreviation of journal "
                    f"{journal!r} ({listed!r}): one of the two is wrong"
                )
                return _Verdict(Severity.WARNING, message, field, printed, listed)
        return _abbreviation_verdict(record, field, year, index, style_label)
    found_as = _FOUND_AS.get(record.how)
    if found_as is not None and (record.abbreviation or record.current(year)):
        current = record.current(year)
        what = f"{field} {printed!r} {found_as.format(matched=record.matched)}"
        action = "use" if shortjournal else "add"
        if current is None:
            message = (
                f"{what}; {style_label} prints an NLM abbreviation, but "
                f"{_several(record, year, index)}"
            )
            return _Verdict(Severity.WARNING, message, field, printed)
        message = (
            f"{what}; {style_label} prints the NLM abbreviation: {action} shortjournal = "
            f"{{{current}}}"
        )
        return _Verdict(Severity.WARNING, message, field, printed, current)
    if shortjournal and journal:
        full = resolve(journal)
        abbreviation = full.current(year) if full.how == "title" else None
        if abbreviation is not None:
            message = (
                f"shortjournal {printed!r} is not an NLM abbreviation; the NLM abbreviation "
                f"of {journal!r} is {abbreviation!r}"
            )
            return _Verdict(Severity.WARNING, message, field, printed, abbreviation)
    if record.how == "abbreviated" and record.abbreviation is not None:
        meant = record.current(year) or record.abbreviation
        message = f"{printed!r} is not an NLM abbreviation; did you mean {meant!r}?"
        return _Verdict(Severity.WARNING, message, field, printed, meant)
    return _unchecked(record, field)


def _unchecked(record: JournalRecord, field: str) -> _Verdict:
    """A name the catalogue gives no abbreviation for: a publisher's (warning: the field
    names no journal), else one that cannot be checked (info)."""
    printed = record.name
    if record.how == "publisher":
        message = (
            f"{field} {printed!r} is a publisher's name, not a journal's: give the journal's "
            "name (its DOI or the article's first page names it)"
        )
        return _Verdict(Severity.WARNING, message, field, printed)
    if record.how in {"title", "no-abbreviation"}:
        message = (
            f"journal {printed!r} has no single NLM abbreviation in the NLM list (2021): "
            "cannot check it; give shortjournal"
        )
    else:
        message = (
            f"journal {printed!r} is not in the NLM list (2021): cannot check its abbreviation"
        )
    return _Verdict(Severity.INFO, message, field, printed)


def journal_abbreviations(
    references: Sequence[Reference], index: JournalIndex, *, style_label: str = "AMA"
) -> list[Finding]:
    """Journal names a style that prints NLM abbreviations (``shortjournal``, else
    ``journal``) cannot print right, for articles and meeting abstracts (``style``
    findings): a full title with no ``shortjournal`` (warning, suggesting the
    abbreviation); a name that is not an NLM abbreviation but close to one (warning,
    suggesting it); a ``shortjournal`` that is not the abbreviation of a listed
    ``journal`` (warning); a name not in the 2021 NLM list (info: cannot be checked).
    ``style_label`` names the style in messages."""
    records: dict[str, JournalRecord] = {}

    def resolve(name: str) -> JournalRecord:  # each name looked up once per run
        if name not in records:
            records[name] = index.resolve(name)
        return records[name]

    verdicts: dict[tuple[str, str, int | None], _Verdict | None] = {}
    findings: list[Finding] = []
    for reference in references:
        if reference.kind not in _JOURNAL_KINDS:
            continue
        pair = (reference.journal, reference.shortjournal, _year(reference.year))
        if pair not in verdicts:
            verdicts[pair] = _journal_verdict(
                *pair, index=index, style_label=style_label, resolve=resolve
            )
        verdict = verdicts[pair]
        if verdict is not None:
            findings.append(
                offline_finding(
                    reference,
                    "style",
                    verdict.severity,
                    verdict.message,
                    field=verdict.field,
                    stored=verdict.stored,
                    suggestion=verdict.suggestion,
                )
            )
    return findings


# --- titles in title case -----------------------------------------------------------


def title_cased_titles(references: Sequence[Reference]) -> list[Finding]:
    """Article titles that look title-cased (Better BibTeX's export of English titles):
    AMA and NLM print them in sentence case, which rendering does (``style``, info, with
    the sentence-case title as the suggestion) unless the house option
    ``sentence_case`` is off. Words that must keep their capitals go in braces.

    When unsure, no suggestion: a word sentence case would lower that another title of
    the list, in sentence case, capitalises mid-sentence and no such title writes in
    lower case (a proper name there: ``Olmsted``, ``Pseudomonas``) leaves the finding
    without one, naming the word to brace."""
    options = HouseOptions()
    changed = []
    for reference in references:
        printed = title_text(reference, options)
        if printed != reference.title:
            changed.append((reference, printed))
    if not changed:
        return []
    titled = {id(reference) for reference, _ in changed}
    capitalised: set[str] = set()
    lowered: set[str] = set()
    for reference in references:
        if id(reference) not in titled and reference.title:
            upper, lower = capitalised_inside(reference.title)
            capitalised |= upper
            lowered |= lower
    proper = {word for word in capitalised if word.lower() not in lowered}
    findings: list[Finding] = []
    for reference, printed in changed:
        message = (
            "the title looks title-cased; AMA and NLM print article titles in sentence "
            "case, as the rendered list does: braces keep a word's capitals ({Oslo})"
        )
        doubts = sorted({w for w in lowered_words(reference.title, printed) if w in proper})
        if doubts:
            named = ", ".join(f"{{{word}}}" for word in doubts)
            message += (
                f"; {named} {'is' if len(doubts) == 1 else 'are'} capitalised mid-title in "
                "another entry (a proper name?): brace what is one, no suggestion is made"
            )
        findings.append(
            offline_finding(
                reference,
                "style",
                Severity.INFO,
                message,
                field="title",
                stored=reference.title,
                suggestion=None if doubts else printed,
            )
        )
    return findings
