"""The fake PubMed/Crossref server itself: schemas, manners and faults.

Plain ``requests`` against ``tests/fakeregistry.py`` on 127.0.0.1; nothing touches the
network. The whole file runs in a few seconds (the slowest tests wait 0.2-0.5 s).
"""

from __future__ import annotations

import json
import re
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .. import fakeregistry
from ..fakeregistry import FAULT_KINDS, REGISTRY_FIXTURES, FakeRegistry

requests = pytest.importorskip("requests")

# The shared fixture, registered for this module the way any test module can use it.
fake_registry = fakeregistry.fake_registry

API_FIXTURES = Path(__file__).parent.parent / "fixtures" / "api"

VERNAVA_DOI = "10.1016/j.bcmd.2023.102724"
MILITO_DOI = "10.1093/labmed/lmz004"
NEJM_DOI = "10.1056/NEJMoa2023325"  # as the seed prints it; Crossref serves it lower-cased
RETRACTED_DOI = "10.5555/mirefs.2021.0931"
RETRACTION_NOTICE_DOI = "10.5555/mirefs.2022.0932"


@pytest.fixture
def registry():
    with FakeRegistry.from_fixtures() as server:
        yield server


def _get(server: FakeRegistry, service: str, path: str, **kwargs):
    base = server.pubmed_url if service == "pubmed" else server.crossref_url
    kwargs.setdefault("timeout", 5)
    return requests.get(f"{base}/{path}", **kwargs)


# ---------------------------------------------------------------- fixtures on disk


def test_api_copy_has_every_recording_that_sources_md_lists():
    sources = (API_FIXTURES / "SOURCES.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| ([\w.\-]+\.(?:json|txt|xml|html)) \|", sources, re.MULTILINE))
    present = {path.name for path in API_FIXTURES.rglob("*") if path.is_file()}
    assert len(listed) >= 30
    assert listed <= present
    assert (API_FIXTURES / "README.md").is_file()


def test_registry_records_are_named_after_their_identifiers():
    for path in (REGISTRY_FIXTURES / "pubmed").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["uid"] == path.stem
        assert {"pubmed"} <= {article_id["idtype"] for article_id in record["articleids"]}
        for author in record.get("authors", []):
            assert set(author) >= {"name", "authtype"}
    for path in (REGISTRY_FIXTURES / "crossref").glob("*.json"):
        message = json.loads(path.read_text(encoding="utf-8"))
        assert message["DOI"].replace("/", "_") == path.stem
        assert message["DOI"] == message["DOI"].lower()  # Crossref serves lower-case DOIs
    for path in (REGISTRY_FIXTURES / "pubmed-xml").glob("*.xml"):
        root = ET.fromstring(path.read_bytes())
        assert root.tag == "PubmedArticleSet"
        assert root.findtext("PubmedArticle/MedlineCitation/PMID") == path.stem
    readme = (REGISTRY_FIXTURES / "README.md").read_text(encoding="utf-8")
    for path in REGISTRY_FIXTURES.rglob("*.*"):
        if path.name != "README.md":
            assert f"{path.parent.name}/{path.name}" in readme, path


# ---------------------------------------------------------------- E-utilities


def test_esummary_returns_the_v2_json_envelope(registry):
    response = _get(
        registry,
        "pubmed",
        "esummary.fcgi",
        params={"db": "pubmed", "retmode": "json", "version": "2.0", "id": "36669360,1,38831655"},
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    payload = response.json()
    assert payload["header"] == {"type": "esummary", "version": "0.3"}
    result = payload["result"]
    assert result["uids"] == ["36669360", "1", "38831655"]
    assert result["1"] == {"uid": "1", "error": "cannot get document summary"}
    vernava = result["36669360"]
    assert vernava["source"] == "Blood Cells Mol Dis"
    assert vernava["fulljournalname"] == "Blood cells, molecules & diseases"
    assert (vernava["volume"], vernava["pages"]) == ("99", "102724")
    assert "issue" not in vernava  # article number, no issue
    assert [a["name"] for a in vernava["authors"]] == ["Vernava I", "Schmitt CA"]
    assert {"idtype": "doi", "idtypen": 3, "value": VERNAVA_DOI} in vernava["articleids"]
    assert "Case Reports" in vernava["pubtype"]
    hu = result["38831655"]
    assert (hu["source"], hu["pubdate"], hu["volume"], hu["issue"], hu["pages"]) == (
        "Br J Haematol",
        "2024 Jul",
        "205",
        "1",
        "300-305",
    )
    assert len(hu["authors"]) == 9
    assert hu["lastauthor"] == "Wu R"


def test_esummary_takes_long_id_lists_by_post(registry):
    ids = [str(40000000 + n) for n in range(250)] + ["30915450"]
    response = requests.post(
        f"{registry.pubmed_url}/esummary.fcgi",
        data={"db": "pubmed", "retmode": "json", "id": ",".join(ids)},
        timeout=5,
    )
    result = response.json()["result"]
    assert len(result["uids"]) == 251
    assert result["30915450"]["title"].startswith("Post-Transfusion Purpura")
    logged = registry.requests[-1]
    assert logged.method == "POST"
    assert logged.form["id"].endswith(",30915450")
    assert logged.params["db"] == "pubmed"


def test_esummary_with_no_ids_says_so(registry):
    payload = _get(
        registry, "pubmed", "esummary.fcgi", params={"db": "pubmed", "retmode": "json", "id": ""}
    ).json()
    assert payload["esummaryresult"] == ["Empty id list - nothing todo"]


def test_esearch_finds_or_ed_dois_case_insensitively(registry):
    term = f'"{VERNAVA_DOI.upper()}"[doi] OR "{MILITO_DOI}"[doi] OR "10.5555/nothing"[doi]'
    response = requests.post(
        f"{registry.pubmed_url}/esearch.fcgi",
        data={"db": "pubmed", "term": term, "retmode": "json", "retmax": "6"},
        timeout=5,
    )
    result = response.json()["esearchresult"]
    assert result["count"] == "2"
    assert result["idlist"] == ["36669360", "30915450"]
    assert (result["retmax"], result["retstart"]) == ("2", "0")
    assert result["errorlist"]["phrasesnotfound"] == ["10.5555/nothing"]


def test_esearch_without_hits_has_an_empty_idlist(registry):
    result = _get(
        registry,
        "pubmed",
        "esearch.fcgi",
        params={"db": "pubmed", "term": "10.5555/none[aid]", "retmode": "json"},
    ).json()["esearchresult"]
    assert (result["count"], result["idlist"]) == ("0", [])
    assert result["warninglist"]["outputmessages"] == ["No items found."]


def test_efetch_serves_the_retraction_case_as_pubmed_xml(registry):
    response = _get(
        registry,
        "pubmed",
        "efetch.fcgi",
        params={"db": "pubmed", "retmode": "xml", "id": "9999931,9999932,36669360"},
    )
    assert response.headers["Content-Type"].startswith("text/xml")
    assert response.text.startswith('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet')
    root = ET.fromstring(response.content)
    articles = root.findall("PubmedArticle")
    assert [a.findtext("MedlineCitation/PMID") for a in articles] == ["9999931", "9999932"]
    retracted, notice = (a.find("MedlineCitation") for a in articles)
    types = [t.text for t in retracted.iter("PublicationType")]
    assert "Retracted Publication" in types
    link = retracted.find("CommentsCorrectionsList/CommentsCorrections")
    assert (link.get("RefType"), link.findtext("PMID")) == ("RetractionIn", "9999932")
    notice_types = [t.text for t in notice.iter("PublicationType")]
    assert notice_types == ["Retraction of Publication"]
    assert notice.find("CommentsCorrectionsList/CommentsCorrections").get("RefType") == (
        "RetractionOf"
    )


def test_ecitmatch_answers_in_the_recorded_text_format(registry):
    recorded = API_FIXTURES / "ncbi-ecitmatch" / "ecitmatch-citmatch_mixed-pubmed-client.txt"
    assert "NOT_FOUND;INVALID_JOURNAL" in recorded.read_text(encoding="utf-8")
    bdata = "\r".join(
        [
            "blood cells mol dis|2023|99|102724|vernava i|Vern4|",
            "j fict haematol|2021|11|101|testwell|ret|",
            "br j haematol|2024|205|999|hu y|wrongpage|",
            "fake journal|2000|1|1|nobody|ref2|",
        ]
    )
    response = _get(
        registry,
        "pubmed",
        "ecitmatch.cgi",
        params={"db": "pubmed", "retmode": "xml", "bdata": bdata},
    )
    assert response.text.splitlines() == [
        "blood cells mol dis|2023|99|102724|vernava i|Vern4|36669360",
        "j fict haematol|2021|11|101|testwell|ret|9999931",
        "br j haematol|2024|205|999|hu y|wrongpage|NOT_FOUND",
        "fake journal|2000|1|1||ref2|NOT_FOUND;INVALID_JOURNAL",
    ]
    logged = registry.requests[-1]
    assert logged.raw_query.count("%0D") == 3
    assert logged.query["bdata"].count("\r") == 3


# ---------------------------------------------------------------- Crossref


def test_crossref_filter_batch_returns_the_known_works(registry):
    response = _get(
        registry,
        "crossref",
        "works",
        params={
            "filter": f"doi:{NEJM_DOI},doi:{VERNAVA_DOI},doi:10.5555/unknown",
            "rows": "3",
            "mailto": "mi@example.org",
        },
    )
    assert response.status_code == 200
    assert response.headers["x-rate-limit-limit"] == "50"
    assert response.headers["x-rate-limit-interval"] == "1s"
    payload = response.json()
    assert (payload["status"], payload["message-type"]) == ("ok", "work-list")
    message = payload["message"]
    assert message["total-results"] == 2
    assert message["items-per-page"] == 3
    assert [item["DOI"] for item in message["items"]] == [
        "10.1016/j.bcmd.2023.102724",
        "10.1056/nejmoa2023325",
    ]
    nejm = message["items"][1]
    assert nejm["title"] == [
        "Targeting CD38 with Daratumumab in Refractory Systemic Lupus Erythematosus"
    ]
    assert (nejm["volume"], nejm["issue"], nejm["page"]) == ("383", "12", "1149-1155")
    assert [a["family"] for a in nejm["author"][:3]] == ["Ostendorf", "Burns", "Durek"]
    assert nejm["author"][0]["sequence"] == "first"
    assert registry.requests[-1].query["mailto"] == "mi@example.org"


def test_crossref_filter_with_a_malformed_doi_fails_the_whole_batch(registry):
    response = _get(
        registry, "crossref", "works", params={"filter": f"doi:{VERNAVA_DOI},doi:not-a-doi"}
    )
    assert response.status_code == 400
    assert response.headers["x-rate-limit-limit"] == "50"
    payload = response.json()
    assert (payload["status"], payload["message-type"]) == ("failed", "validation-failure")
    assert payload["message"][0]["type"] == "doi-not-valid"
    assert payload["message"][0]["value"] == "not-a-doi"


def test_crossref_single_work_and_404(registry):
    quoted = requests.utils.quote(NEJM_DOI, safe="")
    found = _get(registry, "crossref", f"works/{quoted}")
    assert found.status_code == 200
    assert found.json()["message-type"] == "work"
    assert found.json()["message"]["DOI"] == "10.1056/nejmoa2023325"
    raw = _get(registry, "crossref", f"works/{VERNAVA_DOI}")
    message = raw.json()["message"]
    assert message["article-number"] == "102724"
    assert "page" not in message
    assert message["issued"] == {"date-parts": [[2023, 3]]}
    missing = _get(registry, "crossref", "works/10.1371/notarealdoi")
    assert missing.status_code == 404
    recorded = API_FIXTURES / "crossref" / "works-404-10.1371_notarealdoi.txt"
    assert missing.content == recorded.read_bytes() == b"Resource not found."
    assert missing.headers["x-rate-limit-interval"] == "1s"


def test_crossref_refuses_select_on_a_single_work(registry):
    response = _get(registry, "crossref", f"works/{VERNAVA_DOI}", params={"select": "DOI"})
    assert response.status_code == 400
    assert response.json()["message"][0]["type"] == "parameter-not-allowed"


def test_crossref_bibliographic_query_ranks_by_overlap(registry):
    response = _get(
        registry,
        "crossref",
        "works",
        params={
            "query.bibliographic": "Milito Post-transfusion purpura mimicking ITP Lab Med 2019 50 396",
            "rows": "2",
        },
    )
    message = response.json()["message"]
    assert message["items-per-page"] == 2
    assert len(message["items"]) <= 2
    best = message["items"][0]
    assert best["DOI"] == MILITO_DOI
    assert best["score"] > message["items"][1]["score"] > 0


def test_notices_are_linked_both_ways_and_notices_are_not_retracted(registry):
    retracted = _get(registry, "crossref", f"works/{RETRACTED_DOI}").json()["message"]
    updates = retracted["updated-by"]
    assert {(u["type"], u["source"]) for u in updates} == {
        ("retraction", "publisher"),
        ("retraction", "retraction-watch"),
    }
    assert {u["DOI"] for u in updates} == {RETRACTION_NOTICE_DOI}
    notice = _get(registry, "crossref", f"works/{RETRACTION_NOTICE_DOI}").json()["message"]
    assert "updated-by" not in notice
    assert notice["update-to"][0]["DOI"] == RETRACTED_DOI
    summaries = _get(
        registry,
        "pubmed",
        "esummary.fcgi",
        params={
            "db": "pubmed",
            "retmode": "json",
            "id": "9999931,9999932,9999933,9999934,9999935,9999936",
        },
    ).json()["result"]
    assert "Retracted Publication" in summaries["9999931"]["pubtype"]
    assert summaries["9999931"]["references"][0]["reftype"] == "Retraction in"
    assert summaries["9999931"]["references"][0]["pmid"] == 9999932
    assert summaries["9999932"]["pubtype"] == ["Retraction of Publication"]
    assert summaries["9999933"]["references"][0]["reftype"] == "Expression of concern in"
    assert summaries["9999934"]["pubtype"] == ["Expression of Concern"]
    assert summaries["9999935"]["references"][0]["reftype"] == "Erratum in"
    assert summaries["9999936"]["pubtype"] == ["Published Erratum"]
    kinds = {
        doi: _get(registry, "crossref", f"works/{doi}").json()["message"]["updated-by"][0]["type"]
        for doi in ("10.5555/mirefs.2020.0933", "10.5555/mirefs.2019.0935")
    }
    assert kinds == {
        "10.5555/mirefs.2020.0933": "expression_of_concern",
        "10.5555/mirefs.2019.0935": "correction",
    }


# ---------------------------------------------------------------- manners


def test_ncbi_rate_limit_answers_429_with_retry_after(registry):
    registry.ncbi_rate_limit = 3
    params = {"db": "pubmed", "retmode": "json", "id": "36669360"}
    statuses = [_get(registry, "pubmed", "esummary.fcgi", params=params) for _ in range(5)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429, 429]
    refused = statuses[3]
    assert refused.headers["Retry-After"] == "1"
    body = refused.json()
    assert (body["error"], body["count"], body["limit"]) == ("API rate limit exceeded", "4", "3")
    assert registry.rate_limited == 2
    registry.ncbi_window = 0.05  # shrink the 1 s window so that it passes quickly
    time.sleep(0.1)
    assert _get(registry, "pubmed", "esummary.fcgi", params=params).status_code == 200


def test_api_key_raises_the_ncbi_limit_to_ten(registry):
    registry.ncbi_rate_limit = 3
    params = {"db": "pubmed", "retmode": "json", "id": "36669360", "api_key": "k3y"}
    codes = [
        _get(registry, "pubmed", "esummary.fcgi", params=params).status_code for _ in range(11)
    ]
    assert codes == [200] * 10 + [429]
    assert registry.rate_limited == 1


def test_crossref_is_not_counted_by_the_ncbi_limiter(registry):
    registry.ncbi_rate_limit = 1
    codes = [_get(registry, "crossref", f"works/{VERNAVA_DOI}").status_code for _ in range(3)]
    assert codes == [200, 200, 200]


def test_latency_is_added_to_every_response(registry):
    registry.latency = 0.2
    start = time.monotonic()
    _get(registry, "crossref", f"works/{VERNAVA_DOI}")
    assert time.monotonic() - start >= 0.2


def test_concurrency_is_measured(registry):
    registry.latency = 0.2
    threads = [
        threading.Thread(target=_get, args=(registry, "crossref", f"works/{VERNAVA_DOI}"))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert registry.max_in_flight["crossref"] == 3


# ---------------------------------------------------------------- faults


ESUMMARY = {"db": "pubmed", "retmode": "json", "id": "36669360"}


@pytest.mark.parametrize(
    ("kind", "status", "content_type"),
    [
        ("status:429", 429, "application/json"),
        ("status:500", 500, "text/plain"),
        ("status:502", 502, "text/html"),
        ("status:503", 503, "text/html"),
        ("html-200", 200, "text/html"),
        ("empty", 200, "application/json"),
    ],
)
def test_status_faults(registry, kind, status, content_type):
    registry.fail_next("/eutils/esummary.fcgi", kind)
    response = _get(registry, "pubmed", "esummary.fcgi", params=ESUMMARY)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith(content_type)
    if kind == "status:429":
        assert response.headers["Retry-After"] == "1"
        assert response.json()["error"] == "API rate limit exceeded"
    if kind == "empty":
        assert response.content == b""
    if kind == "html-200":
        assert response.text.startswith("<!DOCTYPE html>")
    entry = registry.requests[-1]
    assert (entry.fault, entry.status) == (kind, status)
    # the fault is used up: the next request is answered normally
    assert _get(registry, "pubmed", "esummary.fcgi", params=ESUMMARY).json()["result"]["uids"]


def test_crossref_429_fault_keeps_crossref_headers(registry):
    registry.fail_next("/crossref/works", "status:429")
    response = _get(registry, "crossref", f"works/{VERNAVA_DOI}")
    assert (response.status_code, response.headers["Retry-After"]) == (429, "1")
    assert response.headers["x-rate-limit-limit"] == "50"


def test_truncated_json_is_half_a_body(registry):
    whole = _get(registry, "crossref", f"works/{VERNAVA_DOI}").content
    registry.fail_next("/crossref/works", "truncated-json")
    response = _get(registry, "crossref", f"works/{VERNAVA_DOI}")
    assert response.status_code == 200
    assert response.content == whole[: len(whole) // 2]
    with pytest.raises(ValueError):
        json.loads(response.content)


def test_xml_bomb_declares_nested_entities(registry):
    registry.fail_next("/eutils/efetch.fcgi", "xml-bomb")
    response = _get(registry, "pubmed", "efetch.fcgi", params={"db": "pubmed", "id": "9999931"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    text = response.text
    assert "<!DOCTYPE PubmedArticleSet [" in text
    assert text.count("<!ENTITY") == 10
    assert '<!ENTITY lol9 "' + "&lol8;" * 10 + '">' in text
    assert "&lol9;" in text.split("]>", 1)[1]


def test_reset_closes_the_connection_without_a_response(registry):
    registry.fail_next("/crossref", "reset")
    with pytest.raises(requests.exceptions.ConnectionError):
        _get(registry, "crossref", f"works/{VERNAVA_DOI}")
    entry = registry.requests[-1]
    assert (entry.fault, entry.status) == ("reset", None)


def test_timeout_fault_times_the_client_out_quickly(registry):
    registry.fail_next("/eutils/", "timeout")
    with pytest.raises(requests.exceptions.Timeout):
        _get(registry, "pubmed", "esummary.fcgi", params=ESUMMARY, timeout=0.3)


def test_faults_match_their_path_prefix_and_repeat(registry):
    registry.fail_next("/crossref/works", "status:503", times=2)
    assert _get(registry, "pubmed", "esummary.fcgi", params=ESUMMARY).status_code == 200
    codes = [_get(registry, "crossref", f"works/{VERNAVA_DOI}").status_code for _ in range(3)]
    assert codes == [503, 503, 200]
    assert registry.pending_faults == []


def test_unknown_fault_kind_is_refused(registry):
    with pytest.raises(ValueError, match="unknown fault kind"):
        registry.fail_next("/eutils", "explode")
    assert set(FAULT_KINDS) >= {"timeout", "reset", "truncated-json", "xml-bomb", "empty"}


def test_stop_does_not_wait_for_a_stalled_request():
    server = FakeRegistry.from_fixtures().start()
    server.fail_next("", "timeout")
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(_get(server, "pubmed", "esummary.fcgi", params=ESUMMARY, timeout=10))
        except requests.exceptions.RequestException as exc:
            outcome.append(exc)

    client = threading.Thread(target=call)
    client.start()
    deadline = time.monotonic() + 2
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    server.stop()
    client.join(timeout=3)
    assert not client.is_alive()
    assert isinstance(outcome[0], requests.exceptions.ConnectionError)


# ---------------------------------------------------------------- log and fixture


def test_the_log_records_every_request(registry):
    _get(registry, "crossref", "works", params={"filter": f"doi:{VERNAVA_DOI}", "rows": "1"})
    registry.fail_next("/eutils", "status:500")
    _get(
        registry,
        "pubmed",
        "esearch.fcgi",
        params={"db": "pubmed", "term": "x[doi]", "retmode": "json"},
    )
    first, second = registry.requests
    assert (first.method, first.path, first.service) == ("GET", "/crossref/works", "crossref")
    assert first.query == {"filter": f"doi:{VERNAVA_DOI}", "rows": "1"}
    assert (first.status, first.fault) == (200, None)
    assert (second.path, second.status, second.fault) == ("/eutils/esearch.fcgi", 500, "status:500")
    assert second.query["term"] == "x[doi]"
    assert first.time <= second.time
    assert registry.requests_to("/eutils") == [second]
    assert registry.statuses[500] == 1
    registry.clear_requests()
    assert registry.requests == []


def test_repeated_ids_are_joined_in_the_log_and_read_as_a_list(registry):
    response = _get(
        registry,
        "pubmed",
        "esummary.fcgi",
        params=[("db", "pubmed"), ("retmode", "json"), ("id", "36669360"), ("id", "30915450")],
    )
    assert response.json()["result"]["uids"] == ["36669360", "30915450"]
    assert registry.requests[-1].query_multi["id"] == ["36669360", "30915450"]


def test_the_shared_fixture_serves_the_records(fake_registry):
    assert fake_registry.pubmed_url.endswith("/eutils")
    assert fake_registry.crossref_url.startswith("http://127.0.0.1:")
    assert fake_registry.env()["MI_REFS_CROSSREF_URL"] == fake_registry.crossref_url
    response = _get(fake_registry, "crossref", "works/10.3389/fimmu.2022.879994")
    assert response.json()["message"]["article-number"] == "879994"


def test_a_hand_built_dataset():
    record = {"uid": "9999990", "source": "Test J", "authors": [], "articleids": []}
    with FakeRegistry(pubmed={"9999990": record}, crossref={}) as server:
        payload = _get(
            server,
            "pubmed",
            "esummary.fcgi",
            params={"db": "pubmed", "retmode": "json", "id": "9999990"},
        ).json()
        assert payload["result"]["9999990"] == record
        assert _get(server, "crossref", f"works/{VERNAVA_DOI}").status_code == 404
