"""The DailyMed v2 client (issue 19 item 1) on the recorded bodies in
tests/fixtures/dailymed (PROVENANCE.md there), served by tests/fakedailymed.py or
``responses``."""

from __future__ import annotations

import json

import pytest
import responses

from mi_refs.errors import RegistryPartialError, RegistryResponseError
from mi_refs.registries.answers import validated
from mi_refs.registries.dailymed import (
    DailymedClient,
    LabelState,
    canonical_setid,
    label_from_history,
    published_iso,
    setid_from_url,
    spl_from_xml,
)
from mi_refs.registries.http import RetryPolicy

from ..fakedailymed import (
    EDECRIN,
    LIPITOR,
    LIPITOR_VERSION_ID,
    NO_TITLE,
    VITRAKVI,
    fake_dailymed,
    fixture,
)


def client(url: str, sleeps: list[float] | None = None) -> DailymedClient:
    return DailymedClient.create(
        url,
        user_agent="mi-refs-test",
        sleep=(sleeps.append if sleeps is not None else lambda s: None),
        timeout=(2.0, 2.0),
        retry=RetryPolicy(attempts=2),
    )


def test_history_recorded_vitrakvi_not_consecutive_and_null_strings() -> None:
    label = label_from_history(json.loads(fixture("v2-spls-SETID-history-json-vitrakvi")), VITRAKVI)
    assert label is not None
    assert [v["version"] for v in label["versions"]] == [3, 1]  # no version 2
    assert label["versions"][0]["published"] == "2019-05-02"
    assert label["labeler"] == "LOXO ONCOLOGY, INC."
    assert validated("dailymed", label) == label
    state = LabelState.from_documents(label)
    assert (state.version, state.published, state.effective) == (3, "2019-05-02", "")


def test_history_of_another_label_is_a_bad_answer() -> None:
    body = json.loads(fixture("v2-spls-SETID-history-json-vitrakvi"))
    with pytest.raises(RegistryResponseError, match="asked for"):
        label_from_history(body, EDECRIN)
    body["data"]["history"] = []
    assert label_from_history(body, VITRAKVI) is None  # no version: not found


def test_spl_documents_recorded() -> None:
    spl = spl_from_xml(fixture("spl-xml-rx-lipitor"), LIPITOR)
    assert spl["version"] == 11 and spl["effective"] == "2014-01-13"
    assert spl["versionId"] == LIPITOR_VERSION_ID
    assert spl["labeler"] == "Parke-Davis Div of Pfizer Inc"
    assert spl["documentType"] == "HUMAN PRESCRIPTION DRUG LABEL"
    assert "LIPITOR" in spl["title"]
    empty = spl_from_xml(fixture("spl-xml-empty-title"), NO_TITLE)
    assert empty["title"] == "" and empty["labeler"] == "Contract Pharmacy Services-PA"
    assert validated("dailymed-spl", spl) == spl
    with pytest.raises(RegistryResponseError):
        spl_from_xml(fixture("spl-xml-rx-lipitor"), NO_TITLE)  # another label's document


def test_unsafe_and_broken_xml_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><document>&a;</document>'
    with pytest.raises(RegistryResponseError, match="unsafe"):
        spl_from_xml(bomb, LIPITOR)
    with pytest.raises(RegistryResponseError):
        spl_from_xml(b"<html><body>Service unavailable", LIPITOR)


def test_client_on_the_fake_server_paced() -> None:
    sleeps: list[float] = []
    with fake_dailymed() as fake:
        dm = client(fake.url, sleeps)
        found = dm.histories([VITRAKVI, EDECRIN, "00000000-0000-0000-0000-000000000000"])
        assert found["00000000-0000-0000-0000-000000000000"] is None  # 404: not found
        assert [v["version"] for v in found[EDECRIN]["versions"]] == [3, 2, 1]
        assert found[EDECRIN]["labeler"] == "ATON PHARMA, INC."
        spl = dm.spls([f"{LIPITOR}/11"])[f"{LIPITOR}/11"]
        assert spl["effective"] == "2014-01-13"
        items = dm.search("sulfasalazine")
        assert {i["labeler"] for i in items} == {
            "CHARTWELL RX, LLC.",
            "HERITAGE PHARMACEUTICALS INC. D/B/A AVET PHARMACEUTICALS INC.",
        }
        fake.search_404 = True
        assert dm.search("nothing-of-that-name") == []  # 404: no label
        assert fake.requests[0] == f"/dailymed/spls/{VITRAKVI}/history.json?pagesize=100"
        assert fake.requests[3] == f"/dailymed/spls/{LIPITOR}.xml"
        assert "drug_name=sulfasalazine" in fake.requests[4]
    assert sleeps and min(sleeps) > 0.3  # paced: at most two requests a second


@responses.activate
def test_html_answer_is_a_bad_answer_not_found_never() -> None:
    base = "https://dm.example/v2"
    responses.get(f"{base}/spls/{LIPITOR}/history.json", body="<html>maintenance</html>")
    with pytest.raises(RegistryResponseError, match="HTML"):
        client(base).histories([LIPITOR])
    responses.get(f"{base}/spls/{VITRAKVI}/history.json", status=503)
    responses.get(f"{base}/spls/{EDECRIN}/history.json",
                  body=fixture("built-history-json-EDECRIN"), content_type="application/json")  # fmt: skip
    with pytest.raises(RegistryPartialError) as caught:
        client(base).histories([EDECRIN, VITRAKVI])
    assert EDECRIN in caught.value.answers
    assert VITRAKVI not in caught.value.answers  # unanswered: left out, never "not found"


def test_identifier_forms() -> None:
    assert canonical_setid(" C6E131FE-E7DF-4876-83F7-9156FC4E8228 ") == LIPITOR
    assert canonical_setid("c6e131fe-e7df-4876-83f7") == ""
    url = f"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={LIPITOR}&audience=pro"
    assert setid_from_url(url) == LIPITOR
    assert setid_from_url(f"https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={LIPITOR}")
    api = f"https://dailymed.nlm.nih.gov/dailymed/services/v2/spls/{LIPITOR}.xml"
    assert setid_from_url(api) == LIPITOR
    assert setid_from_url(f"https://example.org/?setid={LIPITOR}") == ""
    assert published_iso("Sep 26, 2012") == "2012-09-26"
    assert published_iso("null") == ""


def test_versions_as_text_and_a_state_from_another_version() -> None:
    """NLM's help page writes numbers as text (``"spl_version": "3"``); a document of
    another version than the history's newest gives no revision date."""
    body = {
        "data": {
            "spl": {
                "title": "EDECRIN (ETHACRYNIC ACID) TABLET [ATON PHARMA, INC.]",
                "setid": EDECRIN,
            },
            "history": [
                {"spl_version": "2", "published_date": "Mar 12, 2010"},
                {"spl_version": "3", "published_date": "Sep 26, 2012"},
                {"spl_version": "null", "published_date": "null"},
            ],
        },
        "metadata": {"total_elements": "3"},
    }
    label = label_from_history(body, EDECRIN)
    assert label is not None and [v["version"] for v in label["versions"]] == [3, 2]
    older = {"version": 2, "effective": "2010-03-01", "labeler": "Aton Pharma, Inc."}
    state = LabelState.from_documents(label, older)
    assert (state.version, state.effective, state.labeler) == (3, "", "ATON PHARMA, INC.")
