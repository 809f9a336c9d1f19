"""A registry's records as a new entry: the one conversion from what PubMed and Crossref
say about a work to a :class:`~mi_refs.model.Reference` in this project's BibTeX
conventions (``docs/bibtex.md``). Used by ``add`` and, for resolved entries, by
``import --resolve`` and ``extract``. Pure.

Who is trusted for what:

- PubMed: the title, the year, volume and issue, the NLM journal abbreviation
  (``shortjournal``), PMID and PMCID, publication types and notices; the authors when its
  names are fuller than Crossref's (efetch full names) or Crossref has none;
- Crossref: the DOI, pages and e-locators (full ranges), the full journal title
  (``journal``), authors with given names.

Either record may be missing; the other then supplies everything it can.
"""

from __future__ import annotations

from mi_refs.bibtex.canonical import canonical_pages, canonical_title, page_relation
from mi_refs.bibtex.normalize import normalize_doi
from mi_refs.check.journals import abbreviation_for
from mi_refs.model import Kind, Name, Reference
from mi_refs.registries.records import RegistryRecord

__all__ = ["reference_from_records"]


def _fullness(names: tuple[Name, ...]) -> int:
    """How much of the given names a list spells out (initials count 1 each)."""
    return sum(len(name.given.replace(".", "").replace(" ", "")) for name in names)


def _authors(pubmed: RegistryRecord | None, crossref: RegistryRecord | None) -> tuple[Name, ...]:
    ours = pubmed.authors if pubmed else ()
    theirs = crossref.authors if crossref else ()
    if not ours:
        return theirs
    if theirs and len(theirs) == len(ours) and _fullness(theirs) > _fullness(ours):
        return theirs
    return ours


def _pages(pubmed: RegistryRecord | None, crossref: RegistryRecord | None) -> str:
    """Crossref's pages (full ranges, e-locators), PubMed's where Crossref has none or
    only the first page of PubMed's range; always the canonical (full) form."""
    theirs = canonical_pages(crossref.pages) if crossref and crossref.pages else ""
    ours = canonical_pages(pubmed.pages) if pubmed and pubmed.pages else ""
    if theirs and ours and "-" in ours and page_relation(theirs, ours) == "first-page":
        return ours
    return theirs or ours


def _first(*values: str) -> str:
    return next((value for value in values if value), "")


def reference_from_records(
    pubmed: RegistryRecord | None, crossref: RegistryRecord | None, key: str = ""
) -> Reference:
    """One journal article from a PubMed and a Crossref record of the same work (either
    may be ``None``, not both), with ``key`` (give ``""`` and make one with
    :func:`mi_refs.bibtex.keys.make_key` from the result)."""
    if pubmed is None and crossref is None:
        raise ValueError("reference_from_records needs at least one record")
    journal = _first(crossref.journal if crossref else "", pubmed.journal if pubmed else "")
    nlm = pubmed.journal_abbreviations[0] if pubmed and pubmed.journal_abbreviations else ""
    shortjournal = nlm or (abbreviation_for(journal) or "" if journal else "")
    if shortjournal == journal:
        shortjournal = ""
    doi = (
        normalize_doi(_first(crossref.doi if crossref else "", pubmed.doi if pubmed else "")) or ""
    )
    p = pubmed or RegistryRecord("pubmed", "")
    c = crossref or RegistryRecord("crossref", "")
    authors = _authors(pubmed, crossref)
    text = {
        "title": canonical_title(_first(p.title, c.title)),
        "journal": journal,
        "shortjournal": shortjournal,
        "year": _first(p.year, c.year, p.online_year, c.online_year),
        "volume": _first(p.volume, c.volume),
        "number": _first(p.issue, c.issue),
        "pages": _pages(pubmed, crossref),
        "doi": doi,
        "pmid": p.pmid,
        "pmcid": p.pmcid,
    }
    author_field = " and ".join(_bibtex_name(name) for name in authors)
    fields: tuple[tuple[str, str], ...] = (("author", author_field),) if author_field else ()
    fields += tuple((name, value) for name, value in text.items() if value)
    return Reference(
        key=key,
        entry_type="article",
        kind=Kind.ARTICLE,
        authors=authors,
        title=text["title"],
        journal=text["journal"],
        shortjournal=text["shortjournal"],
        year=text["year"],
        volume=text["volume"],
        issue=text["number"],
        pages=text["pages"],
        doi=text["doi"],
        pmid=text["pmid"],
        pmcid=text["pmcid"],
        fields=fields,
    )


def _bibtex_name(name: Name) -> str:
    if name.corporate:
        return "{" + name.last + "}"
    return str(name)
