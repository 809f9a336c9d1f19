"""Real recorded registry records, for the loop tests (issue #15): every PubMed efetch
article and every Crossref work recorded in ``tests/fixtures/api`` and
``../shared/fixtures`` (provenance: their ``SOURCES.md``), read as the clients read them.

PubMed efetch XML is also turned into the esummary v2.0 object the fake registry serves
(``esummary_from_efetch``): the values (title with PubMed's trailing period, MEDLINE's
abbreviated page range, NLM abbreviation, authors, identifiers) are the recorded ones;
only the envelope is esummary's. Nothing here touches the network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import fromstring

from mi_refs.registries.crossref import record_from_work
from mi_refs.registries.pubmed import record_from_esummary
from mi_refs.registries.records import RegistryRecord

from .conftest import FIXTURES, ROOT

SHARED = ROOT.parent / "shared" / "fixtures"
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def efetch_files() -> list[Path]:
    paths = [*sorted((FIXTURES / "api" / "ncbi-eutils").glob("efetch-pubmed-*.xml"))]
    paths += sorted((SHARED / "api2" / "pubmed").glob("efetch-pubmed-*.xml"))
    return [path for path in paths if "invalid-id" not in path.name]


def esummary_from_efetch(article: Any) -> dict[str, Any]:
    """One ``PubmedArticle`` element as the esummary v2.0 per-uid object."""
    citation = article.find("MedlineCitation")
    pmid = _text(citation.find("PMID"))
    journal = citation.find("Article/Journal")
    issue = journal.find("JournalIssue")
    year = _text(issue.find("PubDate/Year")) or _text(issue.find("PubDate/MedlineDate"))[:4]
    month = _text(issue.find("PubDate/Month"))
    authors = []
    for author in citation.findall("Article/AuthorList/Author"):
        if author.find("CollectiveName") is not None:
            authors.append(
                {"name": _text(author.find("CollectiveName")), "authtype": "CollectiveName"}
            )
        elif author.find("LastName") is not None:
            name = f"{_text(author.find('LastName'))} {_text(author.find('Initials'))}".strip()
            authors.append({"name": name, "authtype": "Author"})
    ids = [{"idtype": "pubmed", "idtypen": 1, "value": pmid}]
    for item in article.findall("PubmedData/ArticleIdList/ArticleId"):
        kind = item.get("IdType")
        if kind in {"doi", "pmc"}:
            ids.append({"idtype": kind, "idtypen": 3, "value": _text(item)})
    return {
        "uid": pmid,
        "pubdate": f"{year} {month}".strip() if month in _MONTHS else year,
        "source": _text(citation.find("MedlineJournalInfo/MedlineTA")),
        "authors": authors,
        "title": _text(citation.find("Article/ArticleTitle")),
        "volume": _text(issue.find("Volume")),
        "issue": _text(issue.find("Issue")),
        "pages": _text(citation.find("Article/Pagination/MedlinePgn")),
        "pubtype": [
            _text(t) for t in citation.findall("Article/PublicationTypeList/PublicationType")
        ],
        "articleids": ids,
        "fulljournalname": _text(journal.find("Title")),
    }


def pubmed_documents() -> Iterator[dict[str, Any]]:
    """Every recorded PubMed article as an esummary object: the efetch articles and the
    one real esummary recording (28806736)."""
    for path in efetch_files():
        root = fromstring(path.read_bytes())
        for article in root.iter("PubmedArticle"):
            yield esummary_from_efetch(article)
    summary = (
        SHARED
        / "api2"
        / "pubmed"
        / ("esummary-pubmed-json-28806736-articleids-doi-pii-empty-references-journal-club.json")
    )
    data = json.loads(summary.read_text(encoding="utf-8"))["result"]
    for uid in data["uids"]:
        yield data[uid]


def crossref_works() -> Iterator[dict[str, Any]]:
    """Every recorded Crossref work of type journal-article (single works and the items
    of work lists)."""
    paths = [*sorted((FIXTURES / "api" / "crossref").glob("*.json"))]
    paths += sorted((SHARED / "api2" / "crossref").glob("*.json"))
    seen: set[str] = set()
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        message = data.get("message", data) if isinstance(data, dict) else {}
        items = message.get("items") if isinstance(message, dict) else None
        for work in items if isinstance(items, list) else [message]:
            if not isinstance(work, dict) or work.get("type") != "journal-article":
                continue
            doi = str(work.get("DOI", "")).lower()
            if doi and doi not in seen and work.get("title") and work.get("author"):
                seen.add(doi)
                yield work


def recorded_records() -> list[RegistryRecord]:
    """Every recorded article as the registry record the check compares with."""
    records = [record_from_esummary(document) for document in pubmed_documents()]
    records += [record_from_work(work) for work in crossref_works()]
    return [record for record in records if record.title]
