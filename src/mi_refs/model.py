"""The reference model: typed, frozen records for names, references, problems and a
bibliography.

Records compare by value (dataclass equality over every field), so "was this entry
edited?" is ``new != old``; :func:`mi_refs.save` relies on that to keep the exact text of
untouched entries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from mi_refs.errors import EntryNotFoundError, InvalidArgumentError

__all__ = [
    "CODES",
    "Bibliography",
    "Finding",
    "Kind",
    "Name",
    "Problem",
    "Reference",
    "Severity",
]


class Kind(str, Enum):
    """What a reference is, decided from its entry type and ``entrysubtype``."""

    ARTICLE = "article"
    ABSTRACT = "abstract"  # a meeting abstract published in a journal (supplement)
    PRESENTATION = "presentation"  # presented at a meeting, not published in a journal
    BOOK = "book"
    CHAPTER = "chapter"
    WEBPAGE = "webpage"
    REGISTRATION = "registration"  # a trial registration (ClinicalTrials.gov...)
    PRESCRIBING_INFORMATION = "prescribing-information"  # package insert, SmPC
    DATA_ON_FILE = "data-on-file"
    REPORT = "report"  # also government and agency documents
    PROCEEDINGS_PAPER = "proceedings-paper"  # published in a proceedings volume
    THESIS = "thesis"
    NEWSPAPER = "newspaper"  # newspaper, magazine or blog article
    DATABASE = "database"  # an entry in a database (drug databases, ...)
    PREPRINT = "preprint"  # preprints and repository items (arXiv, bioRxiv, medRxiv, Zenodo)
    DATASET = "dataset"
    SOFTWARE = "software"
    PATENT = "patent"
    PERSONAL_COMMUNICATION = "personal-communication"
    GENERIC = "generic"  # any other entry: printed from the fields it has


class Severity(str, Enum):
    """How serious a problem or finding is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@lru_cache(maxsize=8192)
def _initials(given: str, hyphen: bool) -> str:
    out: list[str] = []
    for word in given.split():
        groups = []
        for group in word.split("-"):
            pieces = [piece for piece in group.split(".") if piece]
            if len(pieces) == 1 and "." not in group and _are_initials(pieces[0]):
                groups.append(pieces[0])
            else:
                firsts = (piece[0] for piece in pieces if piece[0].isalpha())
                groups.append("".join(first.upper() for first in firsts))
        out.append(("-" if hyphen else "").join(group for group in groups if group))
    return "".join(out)


def _are_initials(word: str) -> bool:
    """``JB``, ``HTT``: up to three capital letters written without periods."""
    return len(word) <= 3 and word.isalpha() and word.isupper()


# A lineage among given names, in the case a lineage is written in (``Vi`` is a given name).
_GIVEN_LINEAGE = re.compile(
    r"^(?:Jr|JR|Sr|SR|Jnr|Snr|II|III|IV|VI|VII|VIII|\d(?:st|nd|rd|th))\.?,?$"
)


@dataclass(frozen=True, slots=True)
class Name:
    """A person's or a group's name, as BibTeX's name rules split it.

    ``given`` holds the first and middle names as written (``"James B."``), ``particle``
    the lower-case von part (``"van der"``), ``suffix`` the Jr part. A corporate author
    (``{World Health Organization}`` in BibTeX) has only ``last`` and ``corporate=True``.
    """

    last: str
    given: str = ""
    particle: str = ""
    suffix: str = ""
    corporate: bool = False

    def initials(self, *, hyphen: bool = True) -> str:
        """Initials without periods: ``James B.`` and ``J.B.`` give ``JB``, ``Jean-Pierre``
        and ``S.-Y.`` give ``J-P`` and ``S-Y`` (``JP``, ``SY`` with ``hyphen=False``); a
        given name already written as capital initials (``HTT``) stays as it is."""
        return _initials(self.given, hyphen)

    def lineage_in_given(self) -> str | None:
        """A lineage written as the last given name (``Kuttesch, J F Jr``, PubMed's
        ``Morse, Herbert C 3rd``), which BibTeX reads as one more given name: the lineage,
        or ``None``."""
        words = self.given.split()
        if len(words) >= 2 and _GIVEN_LINEAGE.match(words[-1]):
            return words[-1].rstrip(",")
        return None

    @property
    def surname(self) -> str:
        """The surname with its particle: ``van der Berg``."""
        return f"{self.particle} {self.last}" if self.particle else self.last

    def __str__(self) -> str:
        if self.corporate:
            return self.last
        parts = [self.surname, self.suffix, self.given]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the input, with where it is: file, line, entry key, field.

    ``code`` uses the finding codes of the JSON report contract (``parse-error``,
    ``duplicate-entry``, ``missing-field``, ``malformed-identifier``...).
    """

    code: str
    message: str
    file: str
    line: int | None = None
    key: str | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f" [{self.key}]" if self.key else ""
        return f"{where}:{what} {self.severity.value}: {self.message}"


CODES: frozenset[str] = frozenset(
    {
        "parse-error",
        "missing-field",
        "malformed-identifier",
        "duplicate-entry",
        "field-mismatch",
        "wrong-work",
        "id-conflict",
        "id-not-found",
        "retracted",
        "expression-of-concern",
        "corrected",
        "superseded",  # a newer version or a preprint's published version exists (#19.5)
        "identifier-suggested",
        "unverified",
        "style",
        "citation",
        "implausible-value",
        "malformed-name",
        "inconsistent-name",
        "not-checkable",
        "field-kept",  # import: data without a BibTeX place, kept in a named field
        "unresolved",  # import --resolve: no identifier found that agrees
        "shared-identifier",  # one DOI/PMID on two entries that are different parts (#16)
        "obsolete-identifier",  # an NCT that is an alias of another registration (#19)
        "trial-status",  # a registration withdrawn, terminated, suspended, unknown (#19)
        "trial-updated",  # results or an update posted after the urldate (#19)
        "entry-edited",  # watch: an approved letter's entry edited or removed since (#21)
        "trial-results",  # a completed registration's results publications, not cited (#19)
        "label-updated",  # DailyMed has a newer label version than the one cited (#19)
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing ``check`` found. ``stored`` is the value in the .bib, ``registry`` the
    value a registry holds, ``source`` where the finding comes from (``bibtex``,
    ``offline``, ``pubmed``, ``crossref``), ``suggestion`` the value to use instead."""

    code: str
    severity: Severity
    message: str
    key: str | None = None
    line: int | None = None
    field: str | None = None
    stored: str | None = None
    registry: str | None = None
    source: str = "offline"
    suggestion: str | None = None
    location: str | None = None  # documents: "paragraph 12", "line 40"
    # The reason a writer acknowledged this finding in the settings (``acknowledge``):
    # shown in every report, never failing the run (issue 19.7).
    acknowledged: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise InvalidArgumentError(f"unknown finding code {self.code!r}")


@dataclass(frozen=True, slots=True)
class Reference:
    """One bibliography entry, decoded to Unicode and normalised.

    Every text field is ``""`` when absent; identifiers are in normal form (bare DOI,
    digits-only PMID, ``PMC``-prefixed PMCID). ``fields`` holds every field of the entry
    in file order, known or not, by lower-case name: decoded to Unicode for the fields
    that print or are checked (:data:`mi_refs.bibtex.fields.DECODED_FIELDS`), the others
    (abstracts, keywords, file paths...) as written with whitespace runs collapsed.
    """

    key: str
    entry_type: str
    kind: Kind
    authors: tuple[Name, ...] = ()
    authors_truncated: bool = False  # the list ended with "and others"
    editors: tuple[Name, ...] = ()
    editors_truncated: bool = False
    title: str = ""
    journal: str = ""
    shortjournal: str = ""
    booktitle: str = ""
    year: str = ""
    month: int | None = None
    day: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    edition: str = ""
    publisher: str = ""
    address: str = ""
    organization: str = ""
    number: str = ""
    type: str = ""
    eventtitle: str = ""
    venue: str = ""
    url: str = ""
    urldate: dt.date | None = None
    note: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    line: int | None = None
    fields: tuple[tuple[str, str], ...] = ()
    month_end: int | None = None  # the last month of a range (PubMed's ``Jul-Sep``)
    # Words of ``title`` written in braces ({DNA}, {{Omaha}}): sentence case keeps them.
    case_protected: frozenset[str] = frozenset()
    event_days: tuple[int, int] | None = None  # a meeting's days: month = {May 2-8}

    def get(self, name: str, default: str = "") -> str:
        """The decoded value of any field by its BibTeX name (``fields``), or ``default``."""
        for key, value in self.fields:
            if key == name:
                return value
        return default

    @property
    def journal_abbreviation(self) -> str:
        """``shortjournal`` when present, else ``journal``: what AMA and NLM print."""
        return self.shortjournal or self.journal


@dataclass(frozen=True, slots=True)
class Bibliography:
    """The references of one .bib file in file order, with the problems met reading it.

    Iterating gives the references; ``bib["key"]`` finds one by key. ``path`` is the file
    it was read from (``None`` for a string). ``source`` keeps the original text so that
    :func:`mi_refs.save` can write untouched entries back byte for byte.
    """

    references: tuple[Reference, ...] = ()
    problems: tuple[Problem, ...] = ()
    path: str | None = None
    source: SourceText | None = field(default=None, repr=False, compare=False)

    def __iter__(self) -> Iterator[Reference]:
        return iter(self.references)

    def __len__(self) -> int:
        return len(self.references)

    def __getitem__(self, key: str) -> Reference:
        """The reference with ``key``; :class:`~mi_refs.errors.EntryNotFoundError` (also
        a ``KeyError``) naming the key and the file when there is none."""
        for reference in self.references:
            if reference.key == key:
                return reference
        where = self.path or "the bibliography"
        raise EntryNotFoundError(
            str(key), f"no entry with key {key!r} in {where} ({len(self)} entries)"
        )

    def __contains__(self, key: object) -> bool:
        return any(reference.key == key for reference in self.references)

    @property
    def keys(self) -> tuple[str, ...]:
        """The entry keys in file order."""
        return tuple(reference.key for reference in self.references)

    def replace(self, *references: Reference) -> Bibliography:
        """A copy with the references of the same keys replaced and new keys appended."""
        new = {reference.key: reference for reference in references}
        kept = tuple(new.pop(ref.key, ref) for ref in self.references)
        return Bibliography(kept + tuple(new.values()), self.problems, self.path, self.source)

    def without(self, *keys: str) -> Bibliography:
        """A copy without the references of these keys."""
        drop = set(keys)
        kept = tuple(ref for ref in self.references if ref.key not in drop)
        return Bibliography(kept, self.problems, self.path, self.source)


@dataclass(frozen=True, slots=True)
class SourceBlock:
    """One block of the original file: its exact text and, for an entry, the key and the
    reference it was loaded as (``None`` for comments, strings, preambles, failed blocks)."""

    text: str
    key: str | None = None
    reference: Reference | None = None


@dataclass(frozen=True, slots=True)
class SourceText:
    """The original file as a sequence of blocks whose texts concatenate to the file, and
    the encoding it was read with (``save`` writes it back the same way)."""

    blocks: tuple[SourceBlock, ...]
    encoding: str = "utf-8"
    digest: str = ""  # SHA-256 of the bytes read ("" for text not read from a file)
