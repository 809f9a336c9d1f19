"""Trial registrations against ClinicalTrials.gov (issue 19 item 2), on the recorded v2
bodies in tests/fixtures/ctgov (PROVENANCE.md there) served by tests/fakectgov.py."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.model import Finding
from mi_refs.registries.ctgov import CtgovClient, canonical_nct, trial_from_study
from mi_refs.registries.http import RetryPolicy

from ..fakectgov import FIXTURES, FakeCtgov, fake_ctgov, recorded

STUDIES = [
    "v2-study-NCT00973089",  # WITHDRAWN
    "v2-study-NCT02552212",  # COMPLETED, results posted 2020-08-17
    "v2-study-NCT03475563",  # UNKNOWN
    "v2-study-NCT03418623",  # COMPLETED, no results
    "v2-study-NCT02576665-TERMINATED-whyStopped",  # TERMINATED "Sponsor decision"
    "built-v2-study-NCT00081588",  # alias NCT00980226 (built, see PROVENANCE.md)
]


def registration(key: str, nct: str, title: str, extra: str = "") -> str:
    return (
        f"@online{{{key}, entrysubtype = {{registration}}, title = {{{title}}},"
        f" organization = {{ClinicalTrials.gov}}, number = {{{nct}}},"
        f" url = {{https://clinicaltrials.gov/study/{nct}}}, date = {{2022}}{extra}}}\n"
    )


@pytest.fixture
def server() -> Iterator[FakeCtgov]:
    with fake_ctgov([recorded(name) for name in STUDIES]) as fake:
        yield fake


def clients(fake: FakeCtgov, sleeps: list[float] | None = None) -> Registries:
    def sleep(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)

    return Registries.create(
        mailto="mi@example.org",
        ctgov_url=fake.url,
        sleep=sleep,
        timeout=(2.0, 2.0),
        retry=RetryPolicy(attempts=2),
    )


def run(text: str, fake: FakeCtgov, cache: Path, **options: Any) -> mi_refs.CheckReport:
    registries = options.pop("registries", None) or clients(fake)
    return mi_refs.check(mi_refs.loads(text), registries=registries, cache_dir=cache, **options)


def findings(report: mi_refs.CheckReport, key: str) -> list[Finding]:
    """The entry's findings but the offline access-date lint of #19.6 (these registrations
    have no ``urldate``; that lint is tested in test_mikinds.py)."""
    return [
        f
        for e in report.entries
        if e.key == key
        for f in e.findings
        if not (f.code == "missing-field" and f.field == "urldate")
    ]


def codes(report: mi_refs.CheckReport, key: str) -> set[tuple[str, str]]:
    return {(f.code, f.severity.value) for f in findings(report, key)}


CAXSPAND = (
    "Multicenter Study Evaluating Certolizumab Pegol Compared to Placebo in Subjects With "
    "axSpA Without X-ray Evidence of AS"
)


def test_each_outcome(server: FakeCtgov, tmp_path: Path) -> None:
    text = "".join(
        [
            registration("exists", "NCT03418623", "Effect of GET73 on MRS Measures of Central "
                         "Glutamate and GABA in Individuals With Alcohol Use Disorder"),
            registration("unknownid", "NCT09999999", "A trial that was never registered"),
            registration("malformed", "NCT123456789", "Anything"),
            registration("alias", "NCT00980226", "An Open Label Trial of TMC114/RTV in HIV-1 "
                         "Infected, Treatment-experienced Subjects"),
            registration("withdrawn", "NCT00973089", "Alternative Treatment of Deep Carious "
                         "Lesions Based on Biological Evidences"),
            registration("terminated", "NCT02576665", "Toca 6"),
            registration("status", "NCT03475563", "BiOSS Study", ", shorttitle = {BIOSS}"),
            registration("results", "NCT02552212", CAXSPAND, ", urldate = {2019-05-01}"),
            registration("wrong", "NCT02552212", "Dapagliflozin in Patients with Heart Failure"),
        ]
    )  # fmt: skip
    report = run(text, server, tmp_path / "cache")
    assert codes(report, "exists") == set()
    assert codes(report, "unknownid") == {("id-not-found", "error")}
    assert ("malformed-identifier", "error") in codes(report, "malformed")
    (alias,) = findings(report, "alias")
    assert alias.code == "obsolete-identifier" and alias.severity.value == "warning"
    assert "NCT00980226 is an obsolete alias of NCT00081588; cite NCT00081588" in alias.message
    (withdrawn,) = findings(report, "withdrawn")
    assert withdrawn.code == "trial-status" and withdrawn.severity.value == "warning"
    assert "withdrawn" in withdrawn.message and "will not resume" in withdrawn.message
    (terminated,) = findings(report, "terminated")
    assert terminated.code == "trial-status" and '"Sponsor decision"' in terminated.message
    (status,) = findings(report, "status")
    assert status.severity.value == "info" and "last known status RECRUITING" in status.message
    (results,) = [f for f in findings(report, "results") if f.code != "trial-results"]
    assert results.code == "trial-updated" and results.severity.value == "info"
    assert "results posted 2020-08-17" in results.message and "2019-05-01" in results.message
    assert ("wrong-work", "error") in codes(report, "wrong")
    assert report.requests["ctgov"] <= 3


def test_suspended_and_update_after_access(tmp_path: Path) -> None:
    with fake_ctgov([recorded("built-v2-study-NCT02576665-SUSPENDED")]) as fake:
        text = registration("s", "NCT02576665", "Toca 6", ", urldate = {2020-01-15}")
        report = run(text, fake, tmp_path / "cache")
    got = {f.code: f for f in findings(report, "s")}
    assert got["trial-status"].severity.value == "warning"
    assert "suspended" in got["trial-status"].message
    assert "record updated 2020-02-07" in got["trial-updated"].message


def test_zotero_report_shape_and_url_only_and_lowercase(server: FakeCtgov, tmp_path: Path) -> None:
    text = (
        "@report{z, title = {Alternative Treatment of Deep Carious Lesions Based on Biological"
        " Evidences}, type = {Clinical trial registration}, number = {NCT00973089},"
        " institution = {clinicaltrials.gov}, year = 2015}\n"
        "@misc{u, title = {C-AXSPAND}, url = {https://clinicaltrials.gov/study/NCT02552212}}\n"
        + registration("lower", "nct3418623", "Effect of GET73 on MRS Measures")
    )
    report = run(text, server, tmp_path / "cache")
    assert ("trial-status", "warning") in codes(report, "z")
    # only that its results are published: the title is its acronym (test_pairs.py)
    assert {f.code for f in findings(report, "u") if f.source == "ctgov"} == {"trial-results"}
    lower = [f for f in findings(report, "lower") if f.code == "malformed-identifier"]
    assert lower[0].severity.value == "warning" and lower[0].suggestion == "NCT03418623"


def test_other_registries_are_not_malformed_ncts(server: FakeCtgov, tmp_path: Path) -> None:
    text = registration("isrctn", "ISRCTN12345678", "A trial", "").replace(
        "ClinicalTrials.gov", "ISRCTN registry"
    ) + registration("ctgov", "12345", "A trial")
    report = run(text, server, tmp_path / "cache")
    assert codes(report, "isrctn") == {("not-checkable", "info")}
    assert ("malformed-identifier", "error") in codes(report, "ctgov")
    assert server.requests == []


def test_number_and_url_naming_two_trials_conflict(server: FakeCtgov, tmp_path: Path) -> None:
    text = registration("two", "NCT03418623", "Effect of GET73 on MRS Measures").replace(
        "study/NCT03418623", "study/NCT03418624"
    )
    report = run(text, server, tmp_path / "cache")
    assert codes(report, "two") == {("id-conflict", "error")}


def test_twenty_registrations_three_requests_cold_none_warm(tmp_path: Path) -> None:
    """20 registrations: one batch, plus one alone for the batch's gap; warm: none."""
    base = recorded("v2-study-NCT03418623")
    studies = []
    for number in range(20):
        study = copy.deepcopy(base)
        study["protocolSection"]["identificationModule"]["nctId"] = f"NCT0500{number:04d}"
        studies.append(study)  # built: the recorded record under 20 numbers
    with fake_ctgov(studies) as fake:
        fake.hidden.add("NCT05000007")  # a batch that leaves one out
        title = "Effect of GET73 on MRS Measures of Central Glutamate and GABA"
        text = "".join(registration(f"t{n}", f"NCT0500{n:04d}", title) for n in range(20))
        sleeps: list[float] = []
        cold = run(text, fake, tmp_path / "cache", registries=clients(fake, sleeps))
        assert cold.requests["ctgov"] <= 3 and cold.requests["ctgov"] == len(fake.requests)
        assert fake.requests[0].startswith("/ctgov/studies?filter.ids=")
        assert fake.requests[-1] == "/ctgov/studies/NCT05000007"
        assert sleeps and min(sleeps) > 0.5  # paced: at most one request a second
        assert all(not findings(cold, e.key or "") for e in cold.entries)
        warm = run(text, fake, tmp_path / "cache")
        assert warm.requests["ctgov"] == 0 and len(fake.requests) == 2


def test_unanswered_is_unverified(tmp_path: Path) -> None:
    report = mi_refs.check(
        mi_refs.loads(registration("x", "NCT02552212", CAXSPAND)), cache_dir=tmp_path / "c"
    )  # the conftest points ClinicalTrials.gov at a closed port
    assert codes(report, "x") == {("unverified", "warning")}
    assert any("ClinicalTrials.gov could not be asked" in note for note in report.notes)


@responses.activate
def test_client_on_recorded_bodies() -> None:
    """The client alone (``responses``): a fields= answer has no hasResults (absent is
    not asked: None, never False); 404 and 400 plain text are never parsed."""
    base = "https://ct.example/api/v2"
    subset = recorded("v2-study-NCT02576665-TERMINATED-fields-subset")
    responses.get(f"{base}/studies", json={"studies": [subset]})
    responses.get(
        f"{base}/studies/NCT09999999",
        body=(FIXTURES / "built-404-NCT99999999.txt").read_text().replace("99999999", "09999999"),
        status=404,
        content_type="text/plain",
    )
    client = CtgovClient.create(base, user_agent="t", sleep=lambda s: None)
    answers = client.studies(["NCT02576665", "NCT09999999"])
    assert answers["NCT09999999"] is None
    assert answers["NCT02576665"]["hasResults"] is None
    assert answers["NCT02576665"]["overallStatus"] == "TERMINATED"
    assert len(responses.calls) == 2
    full = json.loads((FIXTURES / "v2-study-NCT02552212-COMPLETED-hasResults-acronym-RESULT-"
                       "DERIVED-refs-aact.json").read_text())  # fmt: skip
    trial = trial_from_study(full)
    assert trial["hasResults"] is True and trial["acronym"] == "C-AXSPAND"
    assert trial["resultsFirstPosted"] == "2020-08-17"


def test_canonical_nct() -> None:
    assert canonical_nct("nct4437511") == "NCT04437511"
    assert canonical_nct("NCT04437511") == "NCT04437511"
    assert canonical_nct("04437511") == ""
    assert canonical_nct("NCT123456789") == ""


@pytest.mark.parametrize("form", ["json", "github", "junit", "text"])
def test_cli_reports_show_trial_findings(
    server: FakeCtgov, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    import io

    from mi_refs.cli import main

    bib = tmp_path / "letter.bib"
    bib.write_text(
        registration("withdrawn", "NCT00973089", "Alternative Treatment of Deep Carious "
                     "Lesions Based on Biological Evidences"),
        encoding="utf-8",
    )  # fmt: skip
    monkeypatch.setenv("MI_REFS_CTGOV_URL", server.url)
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", str(bib), "--cache-dir", str(tmp_path / "c"), "--format", form]
    code = main(argv, out, err)
    text = out.getvalue()
    assert "trial-status" in text and "will not resume" in text, (text, err.getvalue())
    assert code in (0, 1)
    if form == "json":
        entry = next(e for e in json.loads(text)["entries"] if e["key"] == "withdrawn")
        assert {f["code"] for f in entry["findings"]} - {"missing-field"} == {"trial-status"}
