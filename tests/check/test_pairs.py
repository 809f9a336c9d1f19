"""Papers and trials together (issue 19 item 3): the recorded efetch XML of PMID 22663011
(METRIC, NEJM 2012; DataBankList NCT01245062; ../shared/fixtures/api2/pubmed, SOURCES.md)
served by tests/fakeregistry.py, the recorded ClinicalTrials.gov v2 records by
tests/fakectgov.py (NCT02552212: RESULT 35296532, 35733363; DERIVED 34715908, 30848558)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring

import mi_refs
from mi_refs.check.pairs import one_slip_apart
from mi_refs.check.run import Registries
from mi_refs.model import Finding
from mi_refs.registries.pubmed import databanks_from_pubmed_xml

from ..fakectgov import fake_ctgov, recorded
from ..fakeregistry import FakeRegistry
from ..recorded import SHARED, esummary_from_efetch

METRIC = (
    SHARED / "api2" / "pubmed" / "efetch-pubmed-22663011-DataBank-NCT01245062-CommentIn-biomcp.xml"
)
CAXSPAND = (
    "Multicenter Study Evaluating Certolizumab Pegol Compared to Placebo in Subjects With "
    "axSpA Without X-ray Evidence of AS"
)


def registration(key: str, nct: str, title: str) -> str:
    return (
        f"@online{{{key}, entrysubtype = {{registration}}, title = {{{title}}},"
        f" organization = {{ClinicalTrials.gov}}, number = {{{nct}}},"
        f" url = {{https://clinicaltrials.gov/study/{nct}}}, date = {{2022}},"
        f" urldate = {{2026-01-01}}}}\n"
    )


def article(key: str, pmid: str, extra: str = "") -> str:
    return (
        f"@article{{{key}, author = {{Flaherty, K T}}, title = {{Improved survival with MEK"
        f" inhibition in BRAF-mutated melanoma}}, journal = {{N Engl J Med}}, year = {{2012}},"
        f" volume = {{367}}, number = {{2}}, pages = {{107--114}}, pmid = {{{pmid}}}{extra}}}\n"
    )


@pytest.fixture
def servers() -> Iterator[tuple[FakeRegistry, Any]]:
    xml = METRIC.read_text(encoding="utf-8")
    summary = esummary_from_efetch(next(fromstring(xml.encode()).iter("PubmedArticle")))
    slip = copy.deepcopy(recorded("v2-study-NCT03418623"))  # built: another trial's number
    slip["protocolSection"]["identificationModule"]["nctId"] = "NCT01245026"
    studies = [recorded("v2-study-NCT02552212"), slip]
    pubmed_server = FakeRegistry(pubmed={"22663011": summary}, pubmed_xml={"22663011": xml})
    with pubmed_server as pubmed, fake_ctgov(studies) as ctgov:
        yield pubmed, ctgov


def run(text: str, servers: tuple[FakeRegistry, Any], cache: Path) -> mi_refs.CheckReport:
    pubmed, ctgov = servers
    registries = Registries.create(
        pubmed_url=pubmed.pubmed_url, crossref_url=pubmed.crossref_url, ctgov_url=ctgov.url,
        sleep=lambda s: None,
    )  # fmt: skip
    return mi_refs.check(mi_refs.loads(text), registries=registries, cache_dir=cache)


def found(report: mi_refs.CheckReport, key: str, *codes: str) -> list[Finding]:
    return [f for e in report.entries if e.key == key for f in e.findings if f.code in codes]


def test_databanks_read_from_recorded_efetch() -> None:
    assert databanks_from_pubmed_xml(METRIC.read_text(encoding="utf-8")) == {
        "22663011": ["NCT01245062"]
    }


def test_completed_registration_with_results_not_cited(servers: Any, tmp_path: Path) -> None:
    alone = run(registration("caxspand", "NCT02552212", CAXSPAND), servers, tmp_path / "a")
    (results,) = found(alone, "caxspand", "trial-results")
    assert results.severity.value == "info"
    assert "PMID 35296532, PMID 35733363" in results.message
    assert "34715908" not in results.message and "30848558" not in results.message  # DERIVED
    derived = registration("caxspand", "NCT02552212", CAXSPAND) + article("d", "30848558")
    still = run(derived, servers, tmp_path / "b")  # a DERIVED paper is not its results
    assert found(still, "caxspand", "trial-results")
    cited = registration("caxspand", "NCT02552212", CAXSPAND) + article("r", "35733363")
    assert not found(run(cited, servers, tmp_path / "c"), "caxspand", "trial-results")


def test_article_naming_another_trial_in_its_note(servers: Any, tmp_path: Path) -> None:
    text = article("metric", "22663011", ", note = {ClinicalTrials.gov NCT01245026}")
    (conflict,) = found(run(text, servers, tmp_path), "metric", "id-conflict")
    assert conflict.severity.value == "warning" and "NCT01245062" in conflict.message


def test_registration_one_slip_from_the_papers_trial(servers: Any, tmp_path: Path) -> None:
    title = "Effect of GET73 on MRS Measures of Central Glutamate and GABA"
    text = article("metric", "22663011") + registration("reg", "NCT01245026", title)
    report = run(text, servers, tmp_path / "a")
    (slip,) = found(report, "reg", "id-conflict")
    assert slip.suggestion == "NCT01245062" and "metric" in slip.message
    pubmed, _ = servers
    assert sum(r.path.endswith("efetch.fcgi") for r in pubmed.requests) == 1
    typo = article("metric", "22663011") + registration("reg", "NCT01245063", "METRIC")
    (unknown,) = found(run(typo, servers, tmp_path / "b"), "reg", "id-conflict")
    assert unknown.suggestion == "NCT01245062"  # not found at CT.gov, and one slip away


def test_no_registration_no_databank_request(servers: Any, tmp_path: Path) -> None:
    pubmed, _ = servers
    report = run(article("metric", "22663011"), servers, tmp_path)
    assert not found(report, "metric", "id-conflict", "trial-results")
    assert not any(r.path.endswith("efetch.fcgi") for r in pubmed.requests)


def test_one_slip_apart() -> None:
    assert one_slip_apart("NCT01245062", "NCT01245026")  # neighbours swapped
    assert one_slip_apart("NCT01245062", "NCT01245063")  # one digit
    assert not one_slip_apart("NCT01245062", "NCT01254026")
    assert not one_slip_apart("NCT01245062", "NCT01245062")
