"""What a registry says about a work, in one shape for PubMed and Crossref.

Converters from each service's JSON or XML live beside their client
(``pubmed.record_from_esummary``, ``crossref.record_from_work``); the comparer only ever
sees these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from mi_refs.model import Name

__all__ = ["Notice", "NoticeKind", "RegistryRecord"]


class NoticeKind(str, Enum):
    """A post-publication notice about a work."""

    RETRACTION = "retraction"
    WITHDRAWAL = "withdrawal"
    REMOVAL = "removal"
    EXPRESSION_OF_CONCERN = "expression-of-concern"
    CORRECTION = "correction"
    PARTIAL_RETRACTION = "partial-retraction"
    # The notice's DOI/PMID is the replacement to cite instead (issue 19.5):
    RETRACTED_AND_REPUBLISHED = "retracted-and-republished"
    CORRECTED_AND_REPUBLISHED = "corrected-and-republished"
    UPDATE = "update"  # a newer version: PubMed UpdateIn, Crossref new_version/new_edition
    PUBLISHED_VERSION = "published-version"  # a preprint's journal article
    OTHER = "other-update"  # a Crossref update type mi-refs does not know (kept, never silent)

    @property
    def replaces(self) -> bool:
        """The notice names the work to cite instead, not a notice about this one."""
        return self in _REPLACING


_REPLACING = frozenset(
    {
        NoticeKind.RETRACTED_AND_REPUBLISHED,
        NoticeKind.CORRECTED_AND_REPUBLISHED,
        NoticeKind.UPDATE,
        NoticeKind.PUBLISHED_VERSION,
    }
)


@dataclass(frozen=True, slots=True)
class Notice:
    """A retraction, correction... of the work: the notice's own DOI or PMID and date."""

    kind: NoticeKind
    doi: str = ""
    pmid: str = ""
    date: str = ""  # ISO date or year, as the registry gives it
    source: str = ""  # "pubmed", "crossref", "retraction-watch", "publisher"
    citation: str = ""  # where the notice appeared, when no identifier is given
    label: str = ""  # the registry's own type when it is not one mi-refs names (OTHER)


@dataclass(frozen=True, slots=True)
class RegistryRecord:
    """A registry's metadata for one work.

    ``journal`` is the full title; ``journal_abbreviations`` the NLM (MEDLINE TA) and ISO
    abbreviations the registry gives. ``year`` is the issue's year, ``online_year`` the
    year of online publication when the registry gives it. ``pages`` is a page range or
    e-locator / article number, hyphen-separated.
    """

    source: str  # "pubmed" or "crossref"
    identifier: str  # the PMID or DOI the record was fetched by
    title: str = ""
    authors: tuple[Name, ...] = ()
    journal: str = ""
    journal_abbreviations: tuple[str, ...] = ()
    year: str = ""
    online_year: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    types: tuple[str, ...] = ()  # PubMed publication types / Crossref work type
    notices: tuple[Notice, ...] = ()
    is_notice: bool = False  # the record is itself a retraction/correction notice
    extra: tuple[tuple[str, str], ...] = field(default=())
