"""Registry clients against real recorded answers (tests/fixtures/api), with the
requests they send pinned: identity (tool, email, mailto), batches, methods."""

import json

import pytest
import responses
from responses import matchers

from mi_refs.errors import RegistryHTTPError, RegistryResponseError
from mi_refs.registries.crossref import CrossrefClient, record_from_work
from mi_refs.registries.http import RetryPolicy, ServiceClient
from mi_refs.registries.pubmed import Citation, PubMedClient, notices_from_pubmed_xml
from mi_refs.registries.records import NoticeKind

from ..conftest import FIXTURES

API = FIXTURES / "api"
EUTILS = "https://eutils.test/entrez/eutils"
CROSSREF = "https://crossref.test"


def body(path: str) -> bytes:
    return (API / path).read_bytes()


def service(name: str, base: str, params: dict[str, str]) -> ServiceClient:
    return ServiceClient(
        name, base, rate=1000.0, user_agent="mi-refs/test (mailto:mi@example.org)", params=params,
        sleep=lambda s: None, retry=RetryPolicy(attempts=2),
    )  # fmt: skip


@pytest.fixture
def pubmed() -> PubMedClient:
    return PubMedClient(service("pubmed", EUTILS, {"tool": "mi-refs", "email": "mi@example.org"}))


@pytest.fixture
def crossref() -> CrossrefClient:
    return CrossrefClient(service("crossref", CROSSREF, {"mailto": "mi@example.org"}))


# --- Crossref -------------------------------------------------------------------------


def test_crossref_correction_is_a_notice_with_its_doi_and_date() -> None:
    message = json.loads(body("crossref/works-10.1073_pnas.1414271111-updated-by-correction.json"))[
        "message"
    ]
    record = record_from_work(message)
    assert record.doi == "10.1073/pnas.1414271111"
    assert record.title.startswith("Developing functional musculoskeletal tissues")
    assert record.journal == "Proceedings of the National Academy of Sciences"
    assert record.journal_abbreviations == ("Proc. Natl. Acad. Sci. U.S.A.",)
    assert (record.year, record.online_year, record.volume, record.issue) == (
        "2014",
        "2014",
        "111",
        "45",
    )
    assert record.authors[0].last == "Makris" and record.authors[0].given == "Eleftherios A."
    (notice,) = record.notices
    assert (notice.kind, notice.doi, notice.date, notice.source) == (
        NoticeKind.CORRECTION,
        "10.1073/pnas.1507001112",
        "2015-05-04",
        "publisher",
    )
    assert not record.is_notice


def test_crossref_correction_notices_are_marked_as_notices() -> None:
    items = json.loads(
        body("crossref/journals-1932-6203-works-cursor-page1-corrections-update-to.json")
    )["message"]["items"]
    records = [record_from_work(item) for item in items]
    assert sum(record.is_notice for record in records) == 8


@responses.activate(assert_all_requests_are_fired=True)
def test_crossref_work_by_doi_with_mailto(crossref: CrossrefClient) -> None:
    responses.get(
        f"{CROSSREF}/works/10.1073%2Fpnas.1414271111",
        match=[matchers.query_param_matcher({"mailto": "mi@example.org"})],
        body=body("crossref/works-10.1073_pnas.1414271111-updated-by-correction.json"),
        headers={"x-rate-limit-limit": "5", "x-rate-limit-interval": "1s"},
    )
    work = crossref.work("10.1073/pnas.1414271111")
    assert work is not None and work["DOI"] == "10.1073/pnas.1414271111"
    assert responses.calls[0].request.headers["User-Agent"].endswith("(mailto:mi@example.org)")
    assert crossref.http.limiter.interval == pytest.approx(1.1 / 5)  # paced by Crossref's headers


@responses.activate(assert_all_requests_are_fired=True)
def test_crossref_unknown_doi_is_none(crossref: CrossrefClient) -> None:
    responses.get(
        f"{CROSSREF}/works/10.1371%2Fnotarealdoi",
        status=404,
        body=body("crossref/works-404-10.1371_notarealdoi.txt"),
    )
    assert crossref.work("10.1371/notarealdoi") is None


@responses.activate(assert_all_requests_are_fired=True)
def test_crossref_batches_dois_in_one_filter(crossref: CrossrefClient) -> None:
    items = json.loads(
        body("crossref/journals-1932-6203-works-cursor-page1-corrections-update-to.json")
    )["message"]["items"][:3]
    dois = [item["DOI"] for item in items]
    responses.get(
        f"{CROSSREF}/works",
        match=[matchers.query_param_matcher({
            "filter": ",".join(f"doi:{doi.lower()}" for doi in dois), "rows": "3", "mailto": "mi@example.org"})],
        json={"status": "ok", "message-type": "work-list", "message": {"items": items}},
    )  # fmt: skip
    works = crossref.works([*dois, dois[0]])
    assert list(works) == [doi.lower() for doi in dois]
    assert all(works.values())
    assert len(responses.calls) == 1


@responses.activate(assert_all_requests_are_fired=True)
def test_crossref_refused_batch_falls_back_to_one_by_one(crossref: CrossrefClient) -> None:
    responses.get(
        f"{CROSSREF}/works",
        status=400,
        json={"status": "failed", "message-type": "validation-failure"},
    )
    responses.get(
        f"{CROSSREF}/works/10.1073%2Fpnas.1414271111",
        body=body("crossref/works-10.1073_pnas.1414271111-updated-by-correction.json"),
    )
    responses.get(f"{CROSSREF}/works/not-a-doi", status=404, body="Resource not found.")
    works = crossref.works(["10.1073/pnas.1414271111", "not-a-doi"])
    assert works["not-a-doi"] is None
    assert works["10.1073/pnas.1414271111"] is not None
    assert len(responses.calls) == 3


@responses.activate(assert_all_requests_are_fired=True)
def test_crossref_bibliographic_search_asks_for_two_rows(crossref: CrossrefClient) -> None:
    responses.get(
        f"{CROSSREF}/works",
        match=[
            matchers.query_param_matcher(
                {"query.bibliographic": "ecology", "rows": "2", "mailto": "mi@example.org"}
            )
        ],
        body=body("crossref/works-query-ecology-rows2.json"),
    )
    items = crossref.search("ecology")
    assert len(items) == 2
    assert all("score" in item for item in items)


# --- PubMed ---------------------------------------------------------------------------


@responses.activate(assert_all_requests_are_fired=True)
def test_esummary_envelope_with_tool_and_email(pubmed: PubMedClient) -> None:
    envelope = json.loads(body("ncbi-eutils/esummary-pmc-json-v2.0-many-ids-fulltext.json"))
    uids = envelope["result"]["uids"][:3]
    responses.get(
        f"{EUTILS}/esummary.fcgi",
        match=[matchers.query_param_matcher({
            "db": "pubmed", "retmode": "json", "version": "2.0", "id": ",".join([*uids, "1"]),
            "tool": "mi-refs", "email": "mi@example.org"})],
        json={"result": {"uids": uids, **{uid: envelope["result"][uid] for uid in uids},
                         "1": {"uid": "1", "error": "cannot get document summary"}}},
    )  # fmt: skip
    documents = pubmed.summaries([*uids, "1"])
    assert [uid for uid, doc in documents.items() if doc] == uids
    assert documents["1"] is None


@responses.activate(assert_all_requests_are_fired=True)
def test_more_than_200_ids_are_posted(pubmed: PubMedClient) -> None:
    ids = [str(n) for n in range(1000, 1250)]
    responses.post(
        f"{EUTILS}/esummary.fcgi",
        match=[matchers.urlencoded_params_matcher({
            "db": "pubmed", "retmode": "json", "version": "2.0", "id": ",".join(ids),
            "tool": "mi-refs", "email": "mi@example.org"})],
        json={"result": {"uids": []}},
    )  # fmt: skip
    assert pubmed.summaries(ids) == {}  # an empty answer: not asked, never "not found"
    assert len(responses.calls) == 1


@responses.activate(assert_all_requests_are_fired=True)
def test_414_is_not_retried(pubmed: PubMedClient) -> None:
    responses.get(
        f"{EUTILS}/esummary.fcgi",
        status=414,
        body=body("ncbi-eutils/esummary-pmc-json-414-request-uri-too-large-fulltext.html"),
    )
    with pytest.raises(RegistryHTTPError) as caught:
        pubmed.summaries(["1"])
    assert caught.value.status == 414
    assert len(responses.calls) == 1


@responses.activate(assert_all_requests_are_fired=True)
def test_an_html_page_with_status_200_is_garbage(pubmed: PubMedClient) -> None:
    responses.get(
        f"{EUTILS}/esummary.fcgi",
        body=body("ncbi-eutils/esummary-pmc-json-414-request-uri-too-large-fulltext.html"),
    )
    with pytest.raises(RegistryResponseError, match="HTML page"):
        pubmed.summaries(["1"])


def test_erratum_in_efetch_xml() -> None:
    notices = notices_from_pubmed_xml(
        body("ncbi-eutils/efetch-pubmed-6ids-with-ErratumIn-hawc.xml").decode()
    )
    assert len(notices) == 6
    corrected = {pmid: n for pmid, n in notices.items() if n}
    ((pmid, (notice,)),) = corrected.items()
    assert pmid == "18239126"
    assert notice.kind is NoticeKind.CORRECTION
    assert notice.citation == "Science.2008 Apr 18;320(5874):316"


def test_entity_expansion_is_refused() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            "<PubmedArticleSet>&lol2;</PubmedArticleSet>")  # fmt: skip
    with pytest.raises(RegistryResponseError, match="unsafe XML"):
        notices_from_pubmed_xml(bomb)


@responses.activate(assert_all_requests_are_fired=True)
def test_ecitmatch_parses_matches_and_misses(pubmed: PubMedClient) -> None:
    citations = [
        Citation("proc natl acad sci u s a", "1991", "88", "3248", "mann bj", "Art1"),
        Citation("fake journal", "2000", "1", "1", "nobody", "ref2"),
        Citation("n engl j med", "2020", "382", "727", "zhu n", "Art4"),
    ]
    responses.get(
        f"{EUTILS}/ecitmatch.cgi",
        match=[matchers.query_param_matcher({
            "db": "pubmed", "retmode": "xml", "tool": "mi-refs", "email": "mi@example.org",
            "bdata": "\r".join(c.bdata() for c in citations)})],
        body=body("ncbi-ecitmatch/ecitmatch-citmatch_mixed-pubmed-client.txt"),
    )  # fmt: skip
    assert pubmed.citation_match(citations) == {"Art1": "2014248", "Art4": "31978945"}


@responses.activate(assert_all_requests_are_fired=True)
def test_doi_to_pmid_via_esearch_and_article_ids(pubmed: PubMedClient) -> None:
    responses.post(
        f"{EUTILS}/esearch.fcgi",
        match=[matchers.urlencoded_params_matcher({
            "db": "pubmed", "term": '"10.1016/j.bcmd.2023.102724"[doi]', "retmode": "json", "retmax": "2",
            "tool": "mi-refs", "email": "mi@example.org"})],
        json={"esearchresult": {"count": "1", "idlist": ["36669360"]}},
    )  # fmt: skip
    document = {"uid": "36669360", "title": "Daratumumab as a novel treatment option in refractory ITP.",
                "articleids": [{"idtype": "doi", "value": "10.1016/j.bcmd.2023.102724"}]}  # fmt: skip
    responses.get(
        f"{EUTILS}/esummary.fcgi", json={"result": {"uids": ["36669360"], "36669360": document}}
    )
    mapping, documents = pubmed.pmids_for_dois(["10.1016/J.BCMD.2023.102724"])
    assert mapping == {"10.1016/j.bcmd.2023.102724": "36669360"}
    assert documents["36669360"] == document
