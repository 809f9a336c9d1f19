"""Compare a stored reference with registry records: pure, findings out.

Normalisation before comparing: case, punctuation, diacritics, markup in registry titles,
a trailing period; page ranges and DOIs through :mod:`mi_refs.bibtex.canonical` (the one
equivalence per field: ``e84-9`` is ``e84-e89``, a first page alone agrees with its
range, DOIs ignore case; suggested values are the canonical forms ``fix`` writes); a
journal's full title, NLM and ISO abbreviations are the same journal; the year may be
the print or the online year. Every wrong field is reported, each at its own severity:
more being wrong never softens a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from rapidfuzz import fuzz

from mi_refs.bibtex.canonical import canonical_pages, canonical_title, page_relation, same_doi
from mi_refs.check.text import TITLE_CLOSE, TITLE_OTHER_WORK, TITLE_SAME, fold
from mi_refs.model import Finding, Name, Reference, Severity
from mi_refs.registries.records import RegistryRecord

__all__ = ["compare", "fold", "same_title", "title_similarity"]


def title_similarity(a: str, b: str) -> float:
    """0-100: how alike two titles are in their canonical forms (markup and entities out:
    ``La<sub>0.7</sub>Sr`` is ``La0.7Sr``), once folded. The same text is 100."""
    if a == b:
        return 100.0
    return float(fuzz.ratio(_title_form(a), _title_form(b)))


@lru_cache(maxsize=4096)
def _title_form(title: str) -> str:
    """A title as :func:`title_similarity` compares it; kept, because an entry's title is
    compared with each registry's record, and twice with each (start-up)."""
    return fold(canonical_title(title))


def same_title(a: str, b: str) -> bool:
    return title_similarity(a, b) >= TITLE_SAME


def _name_form(name: Name) -> str:
    return name.last if name.corporate else f"{name.surname} {name.initials(hyphen=False)}".strip()


def _surname_key(name: Name) -> str:
    return fold(name.surname)


def _same_surname(mine: Name, theirs: Name) -> bool:
    """Equal once folded (the same text needs no folding: most names are written alike)."""
    return mine.surname == theirs.surname or _surname_key(mine) == _surname_key(theirs)


def _finding(
    reference: Reference,
    record: RegistryRecord,
    *,
    field: str,
    stored: str,
    registry: str,
    message: str,
    severity: Severity = Severity.ERROR,
) -> Finding:
    return Finding(
        code="field-mismatch",
        severity=severity,
        message=message,
        key=reference.key,
        line=reference.line,
        field=field,
        stored=stored,
        registry=registry,
        source=record.source,
        suggestion=registry,
    )


def _title(reference: Reference, record: RegistryRecord, score: float | None) -> list[Finding]:
    """``score``: :func:`title_similarity` of the two titles (``None``: one is empty)."""
    if score is None or score >= TITLE_SAME:
        return []
    message = f"title differs from {record.source} ({score:.0f}% alike)"
    severity = Severity.WARNING if score >= TITLE_CLOSE else Severity.ERROR
    registry = canonical_title(record.title)
    return [
        _finding(
            reference,
            record,
            field="title",
            stored=reference.title,
            registry=registry,
            message=message,
            severity=severity,
        )
    ]


def _pair(index: int, mine: Name, theirs: Name, source: str, what: str = "") -> str:
    return f"author {index}{what}: {_name_form(mine)!r}, {source} {_name_form(theirs)!r}"


def _authors(reference: Reference, record: RegistryRecord) -> list[Finding]:
    stored, found = reference.authors, record.authors
    if not stored or not found:
        return []
    problems: list[str] = []
    severity = Severity.WARNING
    for index, (mine, theirs) in enumerate(zip(stored, found, strict=False), start=1):
        if mine == theirs:
            continue  # the same name (as most are): nothing to compare
        if mine.corporate or theirs.corporate:
            if fold(mine.last) != fold(theirs.last):
                problems.append(_pair(index, mine, theirs, record.source))
                severity = Severity.ERROR
            continue
        my_initials, their_initials = mine.initials(hyphen=False), theirs.initials(hyphen=False)
        if not _same_surname(mine, theirs) or my_initials[:1] != their_initials[:1]:
            problems.append(_pair(index, mine, theirs, record.source))
            severity = Severity.ERROR
        elif my_initials and my_initials != their_initials:
            problems.append(_pair(index, mine, theirs, record.source, " initials"))
    if len(stored) > len(found):
        problems.append(f"{len(stored)} authors stored, {record.source} lists {len(found)}")
        severity = Severity.ERROR
    elif len(stored) < len(found) and not reference.authors_truncated:
        problems.append(
            f"{len(stored)} authors stored, {record.source} lists {len(found)} "
            "(end the list with 'and others' if it is cut on purpose)"
        )
    if not problems:
        return []
    return [
        _finding(
            reference,
            record,
            field="author",
            stored=", ".join(_name_form(name) for name in stored),
            registry=", ".join(_name_form(name) for name in found),
            message="authors differ: " + "; ".join(problems),
            severity=severity,
        )
    ]


def _journal(
    reference: Reference, record: RegistryRecord, same_journal: Callable[[str, str], bool]
) -> list[Finding]:
    stored = reference.journal_abbreviation
    if not stored or not (record.journal or record.journal_abbreviations):
        return []
    candidates = [record.journal, *record.journal_abbreviations]
    mine = [name for name in (reference.shortjournal, reference.journal) if name]
    if any(same_journal(a, b) for a in mine for b in candidates if b):
        return []
    shown = record.journal_abbreviations[0] if record.journal_abbreviations else record.journal
    message = (
        f"journal {stored!r} is not the journal {record.source} has ({record.journal or shown})"
    )
    return [
        _finding(reference, record, field="journal", stored=stored, registry=shown, message=message)
    ]


def _plain(value: str) -> str:
    return fold(value).replace(" ", "")


def _simple_field(reference: Reference, record: RegistryRecord, field: str) -> list[Finding]:
    stored = getattr(reference, field)
    registry = getattr(record, field)
    if not stored or not registry or stored == registry or _plain(stored) == _plain(registry):
        return []
    message = f"{field} {stored!r}, {record.source} {registry!r}"
    return [
        _finding(reference, record, field=field, stored=stored, registry=registry, message=message)
    ]


def _year(reference: Reference, record: RegistryRecord) -> list[Finding]:
    """The stored year against the issue year; the online-first year is not wrong (an
    ``info`` suggesting the issue year, which AMA cites)."""
    if not reference.year or not record.year or reference.year == record.year:
        return []
    if reference.year == record.online_year:
        message = (
            f"year {reference.year} is the online-first year; the issue year is "
            f"{record.year}, which AMA cites"
        )
        return [
            _finding(
                reference, record, field="year", stored=reference.year, registry=record.year,
                message=message, severity=Severity.INFO,
            )
        ]  # fmt: skip
    both = record.year + (f" (online {record.online_year})" if record.online_year else "")
    message = f"year {reference.year}, {record.source} {both}"
    return [
        _finding(
            reference, record, field="year", stored=reference.year, registry=record.year,
            message=message,
        )
    ]  # fmt: skip


def _pages(reference: Reference, record: RegistryRecord) -> list[Finding]:
    """Pages compared in their canonical forms (:func:`~mi_refs.bibtex.canonical.
    page_relation`): one range written two ways is no finding; the first page alone
    where the registry has the range is an info (suggesting the range); a range where the
    registry has only its first page is no finding (the entry says more)."""
    if not reference.pages or not record.pages or reference.pages == record.pages:
        return []
    registry = canonical_pages(record.pages)
    if canonical_pages(reference.pages) == registry:
        return []  # one range written two ways (page_relation's "same", made cheaply)
    relation = page_relation(reference.pages, record.pages)
    if relation == "same" or (relation == "first-page" and "-" not in registry):
        return []
    severity = {
        "first-page": Severity.INFO,
        "same-start": Severity.WARNING,
    }.get(relation, Severity.ERROR)
    message = f"pages {reference.pages!r}, {record.source} {registry!r}"
    if relation == "first-page":
        message += " (the entry gives the first page only)"
    return [
        _finding(
            reference,
            record,
            field="pages",
            stored=reference.pages,
            registry=registry,
            message=message,
            severity=severity,
        )
    ]


def _identifiers(reference: Reference, record: RegistryRecord) -> list[Finding]:
    findings = []
    if reference.doi and record.doi and not same_doi(reference.doi, record.doi):
        message = f"DOI {reference.doi}, {record.source} {record.doi}"
        findings.append(
            _finding(
                reference, record, field="doi", stored=reference.doi, registry=record.doi,
                message=message,
            )
        )  # fmt: skip
    if reference.pmid and record.pmid and reference.pmid != record.pmid:
        message = f"PMID {reference.pmid}, {record.source} {record.pmid}"
        findings.append(
            _finding(
                reference, record, field="pmid", stored=reference.pmid, registry=record.pmid,
                message=message,
            )
        )  # fmt: skip
    return findings


def is_other_work(reference: Reference, record: RegistryRecord, score: float | None) -> bool:
    """The record is plainly another work: unlike titles (``score``, as for
    :func:`_title`) and another first author."""
    if score is None or score >= TITLE_OTHER_WORK:
        return False
    if reference.authors and record.authors:
        return not _same_surname(reference.authors[0], record.authors[0])
    return True


def compare(
    reference: Reference,
    record: RegistryRecord,
    same_journal: Callable[[str, str], bool],
    identifier: str,
) -> list[Finding]:
    """Findings for ``reference`` against ``record`` (fetched by ``identifier``, e.g.
    ``PMID 36669360``). A record that is plainly another work gives one ``wrong-work``
    finding instead of a list of mismatched fields."""
    score = (
        title_similarity(reference.title, record.title)
        if reference.title and record.title
        else None
    )
    if is_other_work(reference, record, score):
        first = _name_form(record.authors[0]) if record.authors else "?"
        return [
            Finding(
                code="wrong-work",
                severity=Severity.ERROR,
                message=(
                    f"{identifier} is another work in {record.source}: "
                    f"{first}, {canonical_title(record.title)!r} ({record.journal} {record.year})"
                ),
                key=reference.key,
                line=reference.line,
                stored=reference.title,
                registry=canonical_title(record.title),
                source=record.source,
            )
        ]
    return [
        *_title(reference, record, score),
        *_authors(reference, record),
        *_journal(reference, record, same_journal),
        *_year(reference, record),
        *_simple_field(reference, record, "volume"),
        *_simple_field(reference, record, "issue"),
        *_pages(reference, record),
        *_identifiers(reference, record),
    ]
