"""PubMed through NCBI's E-utilities: esummary (JSON), esearch, efetch (XML), ECitMatch.

Manners: ``tool`` and ``email`` (and ``api_key`` when set) on every request; 3 requests/s
across all E-utilities (10 with an API key); id lists batched (POST above 200 ids).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from mi_refs.bibtex.normalize import normalize_doi, normalize_pages, normalize_pmcid
from mi_refs.errors import RegistryPartialError, RegistryResponseError
from mi_refs.model import Name
from mi_refs.registries.abstracts import abstracts_from_pubmed_xml
from mi_refs.registries.answers import ask_in_batches, clean_text, validated
from mi_refs.registries.http import ServiceClient, decode_json
from mi_refs.registries.records import Notice, NoticeKind, RegistryRecord

__all__ = [
    "DEFAULT_PUBMED_URL",
    "Citation",
    "PubMedClient",
    "databanks_from_pubmed_xml",
    "notices_from_pubmed_xml",
    "record_from_esummary",
]

DEFAULT_PUBMED_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
TOOL = "mi-refs"  # NCBI's ``tool`` parameter: who is asking
RATE = 3.0  # requests a second NCBI allows a caller without an API key
RATE_WITH_KEY = 10.0  # ... and with one
BATCH = 500  # ids per esummary request
POST_ABOVE = 200  # longer id lists go in a POST body (NCBI's advice; URLs have limits)
DOI_BATCH = 50  # DOIs OR-ed in one esearch term

# efetch's RefType="RetractionIn"; esummary's reftype "Retraction in" (folded alike).
_REFTYPES: Mapping[str, NoticeKind] = {
    "retractionin": NoticeKind.RETRACTION,
    "erratumin": NoticeKind.CORRECTION,
    "expressionofconcernin": NoticeKind.EXPRESSION_OF_CONCERN,
    "partialretractionin": NoticeKind.PARTIAL_RETRACTION,  # DTDs before 2016
    "retractedandrepublishedin": NoticeKind.RETRACTED_AND_REPUBLISHED,
    "correctedandrepublishedin": NoticeKind.CORRECTED_AND_REPUBLISHED,
    "updatein": NoticeKind.UPDATE,
}


def name_from_medline(text: str) -> Name:
    """``Schmitt CA`` (MEDLINE display form: surname, then initials) to a Name. The last
    word is the initials when it is short and upper case; a suffix (``Jr``, ``3rd``)
    after the initials is kept."""
    words = text.split()
    suffix = ""
    if len(words) > 2 and words[-1] in {"Jr", "Sr", "2nd", "3rd", "4th", "II", "III", "IV"}:
        suffix = words.pop()
    if len(words) >= 2 and words[-1].isupper() and len(words[-1]) <= 4:
        return Name(last=" ".join(words[:-1]), given=words[-1], suffix=suffix)
    return Name(last=" ".join(words), suffix=suffix)


def _reftype(value: object, types: Iterable[str] = ()) -> NoticeKind | None:
    """The notice kind of a CommentsCorrections RefType (efetch ``RetractionIn``,
    esummary ``Retraction in``); ``UpdateIn`` on a preprint names its published version."""
    kind = _REFTYPES.get(str(value or "").replace(" ", "").lower())
    if kind is NoticeKind.UPDATE and "Preprint" in types:
        return NoticeKind.PUBLISHED_VERSION
    return kind


_NOTICE_TYPES = frozenset(
    {"Retraction of Publication", "Published Erratum", "Expression of Concern"}
)
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


def _year(text: str) -> str:
    match = _YEAR.search(text or "")
    return match.group(1) if match else ""


def _author(author: Mapping[str, Any]) -> Name:
    name = str(author.get("name", ""))
    if author.get("authtype") == "CollectiveName":
        return Name(last=name, corporate=True)
    return name_from_medline(name)


def record_from_esummary(document: Mapping[str, Any]) -> RegistryRecord:
    """One esummary v2.0 JSON document (``result[uid]``) as a registry record (checked
    first: :class:`RegistryResponseError` when it has the wrong shape)."""
    document = validated("pubmed", document)
    ids = {
        str(item.get("idtype")): str(item.get("value", ""))
        for item in document.get("articleids", [])
    }
    authors = tuple(
        _author(author)
        for author in document.get("authors", [])
        if author.get("name") and author.get("authtype", "Author") in {"Author", "CollectiveName"}
    )
    notices = []
    types = tuple(str(kind) for kind in document.get("pubtype", []))
    for reference in document.get("references", []) or []:
        kind = _reftype(reference.get("reftype"), types)
        if kind is not None:
            notices.append(
                Notice(
                    kind,
                    pmid=str(reference.get("pmid", "") or ""),
                    source="pubmed",
                    citation=str(reference.get("refsource", "") or ""),
                )
            )
    if "Retracted Publication" in types and not any(
        n.kind is NoticeKind.RETRACTION for n in notices
    ):
        notices.append(Notice(NoticeKind.RETRACTION, source="pubmed"))
    pages = str(document.get("pages", "") or "")
    if not pages:
        location = str(document.get("elocationid", "") or "")
        pii = re.search(r"pii:\s*(\S+)", location)
        pages = pii.group(1) if pii else ""
    abbreviation = str(document.get("source", "") or "")
    return RegistryRecord(
        source="pubmed",
        identifier=str(document.get("uid", "")),
        title=str(document.get("title", "") or ""),
        authors=authors,
        journal=str(document.get("fulljournalname", "") or ""),
        journal_abbreviations=(abbreviation,) if abbreviation else (),
        year=_year(str(document.get("pubdate", ""))),
        online_year=_year(str(document.get("epubdate", ""))),
        volume=str(document.get("volume", "") or ""),
        issue=str(document.get("issue", "") or ""),
        pages=normalize_pages(pages),
        doi=normalize_doi(ids.get("doi", "")) or "",
        pmid=str(document.get("uid", "")),
        pmcid=normalize_pmcid(ids.get("pmc", "")) or "",
        types=types,
        notices=tuple(notices),
        is_notice=bool(_NOTICE_TYPES.intersection(types)),
    )


def _pubmed_xml(text: str) -> Any:
    """efetch PubMed XML parsed without entity expansion, or :class:`RegistryResponseError`."""
    try:
        return SafeElementTree.fromstring(text)
    except DefusedXmlException as exc:
        raise RegistryResponseError("pubmed", f"unsafe XML refused ({type(exc).__name__})") from exc
    except SafeElementTree.ParseError as exc:
        raise RegistryResponseError("pubmed", f"answer is not XML ({exc})") from exc
    except (ValueError, RecursionError) as exc:
        raise RegistryResponseError("pubmed", f"answer is not usable XML ({exc})") from exc


def databanks_from_pubmed_xml(text: str) -> dict[str, list[str]]:
    """The ClinicalTrials.gov numbers each article's record names (``DataBankList``,
    since 2005), per PMID, from efetch PubMed XML."""
    found: dict[str, list[str]] = {}
    for article in _pubmed_xml(text).iter("PubmedArticle"):
        pmid = clean_text(article.findtext("MedlineCitation/PMID", default="")).strip()
        numbers = [
            clean_text(number.text or "").strip().upper()
            for bank in article.iter("DataBank")
            if (bank.findtext("DataBankName") or "").strip().lower() == "clinicaltrials.gov"
            for number in bank.iter("AccessionNumber")
        ]
        found[pmid] = list(dict.fromkeys(n for n in numbers if n))
    return found


def notices_from_pubmed_xml(text: str) -> dict[str, tuple[Notice, ...]]:
    """Post-publication notices per PMID from efetch PubMed XML (CommentsCorrections and
    publication types), parsed without entity expansion."""
    root = _pubmed_xml(text)
    found: dict[str, tuple[Notice, ...]] = {}
    for article in root.iter("PubmedArticle"):
        pmid = clean_text(article.findtext("MedlineCitation/PMID", default="")).strip()
        notices = []
        types = {node.text or "" for node in article.iter("PublicationType")}
        for correction in article.iter("CommentsCorrections"):
            kind = _reftype(correction.get("RefType"), types)
            if kind is not None:
                notice_pmid = clean_text(correction.findtext("PMID", default="")).strip()
                citation = clean_text(correction.findtext("RefSource", default="")).strip()
                notices.append(Notice(kind, pmid=notice_pmid, source="pubmed", citation=citation))
        if "Retracted Publication" in types and not any(
            n.kind is NoticeKind.RETRACTION for n in notices
        ):
            notices.append(Notice(NoticeKind.RETRACTION, source="pubmed"))
        found[pmid] = tuple(notices)
    return found


def _idlist(payload: Any) -> list[str]:
    try:
        idlist = payload["esearchresult"]["idlist"]
    except (KeyError, TypeError):
        raise RegistryResponseError("pubmed", "esearch answer has no idlist") from None
    if not isinstance(idlist, list) or not all(
        isinstance(pmid, (str, int)) and str(pmid).isdigit() for pmid in idlist
    ):
        raise RegistryResponseError("pubmed", "esearch idlist is not a list of PMIDs")
    return [str(pmid) for pmid in idlist]


def _doi_of(document: Mapping[str, Any] | None) -> str:
    return record_from_esummary(document).doi.lower() if document else ""


def _term_safe(doi: str) -> bool:
    """A DOI that can be OR-ed with others in one esearch term as it is."""
    return not re.search(r'["\[\]()\s]|\b(?:OR|AND|NOT)\b', doi, flags=re.IGNORECASE)


def _term_text(doi: str) -> str:
    """A DOI as esearch phrase text: quotes and brackets cannot be escaped in a term,
    so they become spaces (the record found is checked against the DOI afterwards)."""
    return " ".join(re.sub(r'["\[\]()]', " ", doi).split())


@dataclass(frozen=True, slots=True)
class Citation:
    """An ECitMatch query: journal (title or NLM abbreviation), year, volume, first page,
    first author (``surname initials``) and our key."""

    journal: str
    year: str
    volume: str
    first_page: str
    author: str
    key: str

    def bdata(self) -> str:
        fields = (self.journal, self.year, self.volume, self.first_page, self.author, self.key)
        return "|".join(field.replace("|", " ").lower() for field in fields) + "|"


class PubMedClient:
    """NCBI E-utilities for PubMed, with NCBI's manners: 3 requests a second, 10 with an
    API key (:data:`RATE`, :data:`RATE_WITH_KEY`); ``tool`` and ``email`` on every
    request."""

    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    @classmethod
    def create(
        cls,
        base_url: str | None = None,
        *,
        user_agent: str,
        mailto: str | None = None,
        api_key: str | None = None,
        **options: Any,
    ) -> PubMedClient:
        """A client of ``base_url`` (default: NCBI's E-utilities) identifying itself as
        NCBI asks: ``tool``, ``email`` when there is an address, the API key when given
        (which also raises the pace)."""
        params = {"tool": TOOL}
        if mailto:
            params["email"] = mailto
        if api_key:
            params["api_key"] = api_key
        http = ServiceClient(
            "pubmed",
            base_url or DEFAULT_PUBMED_URL,
            rate=RATE_WITH_KEY if api_key else RATE,
            user_agent=user_agent,
            params=params,
            **options,
        )
        return cls(http)

    def _ids_request(self, endpoint: str, ids: Sequence[str], extra: Mapping[str, str]) -> Any:
        params = {"db": "pubmed", **extra, "id": ",".join(ids)}
        if len(ids) > POST_ABOVE:
            return self.http.post(endpoint, data=params)
        return self.http.get(endpoint, params=params)

    def summaries(self, pmids: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        """esummary documents by PMID (``None``: PubMed has no such PMID), validated;
        convert them with :func:`record_from_esummary`. A PMID the answer leaves out is
        left out here too (not asked, not "not found"); a bad answer is asked again once
        and then split (see :func:`~mi_refs.registries.answers.ask_in_batches`)."""
        wanted = [pmid for pmid in dict.fromkeys(str(p) for p in pmids) if pmid]
        return ask_in_batches(
            "pubmed", wanted, BATCH, self._summaries, batchable=lambda pmid: pmid.isdigit()
        )

    def _summaries(self, batch: list[str]) -> dict[str, Any]:
        response = self._ids_request("esummary.fcgi", batch, {"retmode": "json", "version": "2.0"})
        payload = decode_json("pubmed", response)
        result = payload.get("result") if isinstance(payload, dict) else None
        if not isinstance(result, dict):
            message = payload.get("error") if isinstance(payload, dict) else None
            raise RegistryResponseError(
                "pubmed",
                f"esummary answer has no result ({str(message or 'unexpected JSON')[:80]})",
            )
        out: dict[str, Any] = {}
        for pmid in batch:
            if pmid not in result:
                continue  # not answered: not asked
            document = result[pmid]
            if not isinstance(document, dict):
                raise RegistryResponseError(
                    "pubmed", f"esummary answer for {pmid} is {type(document).__name__}"
                )
            if document.get("error"):
                out[pmid] = None
                continue
            checked = validated("pubmed", document)
            if checked.get("uid", pmid) != pmid:
                raise RegistryResponseError("pubmed", f"esummary answer for {pmid} has another uid")
            out[pmid] = checked
        return out

    def pmids_for_dois(
        self, dois: Iterable[str]
    ) -> tuple[dict[str, str | None], dict[str, dict[str, Any] | None]]:
        """PMIDs of DOIs (lower-case DOI to PMID, ``None``: not in PubMed), by esearch
        with OR-ed ``[doi]`` terms and the DOIs in the found records' article ids; with the
        esummary documents read on the way (by PMID), so the caller need not ask for them
        again. DOIs that could not be asked are left out; when there are any,
        :class:`RegistryPartialError` carries ``{"mapping": ..., "documents": ...}``."""
        wanted = sorted({doi.lower() for doi in dois if doi})
        partial: RegistryPartialError | None = None
        try:
            hits = ask_in_batches("pubmed", wanted, DOI_BATCH, self._esearch, batchable=_term_safe)
        except RegistryPartialError as exc:
            hits, partial = dict(exc.answers), exc
        found_pmids = sorted({pmid for pmids in hits.values() for pmid in pmids})
        try:
            documents = self.summaries(found_pmids)
        except RegistryPartialError as exc:
            documents, partial = {**exc.answers}, partial or exc
        mapping: dict[str, str | None] = {}
        for doi, pmids in hits.items():
            if any(pmid not in documents for pmid in pmids):
                continue  # its records were not read: not asked
            mapping[doi] = next(
                (pmid for pmid in pmids if _doi_of(documents[pmid]) == doi),
                None,
            )
        if partial is not None:
            raise RegistryPartialError(
                "pubmed",
                str(partial).split(": ", 1)[-1],
                {"mapping": mapping, "documents": documents},
                unavailable=partial.unavailable,
            )
        return mapping, documents

    def _esearch(self, batch: list[str]) -> dict[str, list[str]]:
        term = " OR ".join(f'"{_term_text(doi)}"[doi]' for doi in batch)
        response = self.http.post(
            "esearch.fcgi",
            data={"db": "pubmed", "term": term, "retmode": "json", "retmax": str(len(batch) * 2)},
        )
        payload = decode_json("pubmed", response)
        try:
            idlist = payload["esearchresult"]["idlist"]
        except (KeyError, TypeError):
            raise RegistryResponseError("pubmed", "esearch answer has no idlist") from None
        if not isinstance(idlist, list) or not all(
            isinstance(pmid, (str, int)) and str(pmid).isdigit() for pmid in idlist
        ):
            raise RegistryResponseError("pubmed", "esearch idlist is not a list of PMIDs")
        pmids = [str(pmid) for pmid in idlist]
        # Which DOI each PMID belongs to is read from its record; every DOI of the batch
        # may own any of them.
        return dict.fromkeys(batch, pmids)

    def search_identifiers(self, identifiers: Iterable[str]) -> dict[str, list[str]]:
        """PMIDs esearch finds for identifiers written ``doi:10.x/y`` or ``pmcid:PMC123``,
        OR-ed in one term per batch (``"10.x/y"[doi] OR "PMC123"[pmcid]``). Every
        identifier of a batch maps to all the PMIDs its batch found: read the records
        (DOI, PMCID) to tell which is whose. Identifiers that could not be asked are left
        out (:class:`RegistryPartialError`)."""
        wanted = [i for i in dict.fromkeys(identifiers) if i.partition(":")[2]]
        return ask_in_batches(
            "pubmed",
            wanted,
            DOI_BATCH,
            self._esearch_identifiers,
            batchable=lambda i: _term_safe(i.partition(":")[2]),
        )

    def _esearch_identifiers(self, batch: list[str]) -> dict[str, list[str]]:
        terms = []
        for identifier in batch:
            kind, _, value = identifier.partition(":")
            tag = "pmcid" if kind == "pmcid" else "doi"
            terms.append(f'"{_term_text(value)}"[{tag}]')
        response = self.http.post(
            "esearch.fcgi",
            data={
                "db": "pubmed",
                "term": " OR ".join(terms),
                "retmode": "json",
                "retmax": str(len(batch) * 2),
            },
        )
        return dict.fromkeys(batch, _idlist(decode_json("pubmed", response)))

    def notices(self, pmids: Sequence[str]) -> dict[str, tuple[Notice, ...]]:
        """Notices per PMID from efetch XML (used where esummary lacks the details);
        PMIDs the answer leaves out are left out (not asked)."""
        wanted = [pmid for pmid in dict.fromkeys(pmids) if pmid]
        if not wanted:
            return {}
        return ask_in_batches(
            "pubmed", wanted, BATCH, self._notices, batchable=lambda pmid: pmid.isdigit()
        )

    def _notices(self, batch: list[str]) -> dict[str, tuple[Notice, ...]]:
        response = self._ids_request("efetch.fcgi", batch, {"retmode": "xml"})
        found = notices_from_pubmed_xml(response.text())
        return {pmid: found[pmid] for pmid in batch if pmid in found}

    def abstracts(self, pmids: Sequence[str]) -> dict[str, Any]:
        """Abstract documents per PMID from efetch XML
        (:func:`~mi_refs.registries.abstracts.abstracts_from_pubmed_xml`), batched; PMIDs
        the answer leaves out are left out (not asked)."""
        return self._efetched(pmids, abstracts_from_pubmed_xml)

    def databanks(self, pmids: Sequence[str]) -> dict[str, Any]:
        """``{"ncts": [...]}`` per PMID: the ClinicalTrials.gov numbers its record names
        (efetch XML, batched); PMIDs the answer leaves out are left out (not asked)."""
        found = self._efetched(pmids, databanks_from_pubmed_xml)
        return {pmid: {"ncts": ncts} for pmid, ncts in found.items()}

    def _efetched(
        self, pmids: Sequence[str], read: Callable[[str], Mapping[str, Any]]
    ) -> dict[str, Any]:
        """What ``read`` finds per PMID in efetch XML, batched."""
        wanted = [pmid for pmid in dict.fromkeys(pmids) if pmid]

        def batch(group: list[str]) -> dict[str, Any]:
            response = self._ids_request("efetch.fcgi", group, {"retmode": "xml"})
            found = read(response.text())
            return {pmid: found[pmid] for pmid in group if pmid in found}

        return ask_in_batches("pubmed", wanted, BATCH, batch, batchable=str.isdigit)

    def citation_match(self, citations: Sequence[Citation]) -> dict[str, str]:
        """ECitMatch: our key to the PMID PubMed matched (unmatched keys are left out)."""
        if not citations:
            return {}
        response = self.http.get(
            "ecitmatch.cgi",
            params={
                "db": "pubmed",
                "retmode": "xml",
                "bdata": "\r".join(c.bdata() for c in citations),
            },
        )
        keys = {citation.key.lower(): citation.key for citation in citations}
        matched: dict[str, str] = {}
        for line in response.text().splitlines():
            parts = line.strip().split("|")
            if len(parts) >= 7 and parts[6].strip().isdigit():
                key = keys.get(parts[5].strip().lower())
                if key is not None:
                    matched[key] = parts[6].strip()
        return matched
