"""Prescribing information against DailyMed (issue 19 item 4), on the recorded (and built,
see tests/fixtures/dailymed/PROVENANCE.md) bodies served by tests/fakedailymed.py."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.model import Finding
from mi_refs.registries.http import RetryPolicy

from ..fakectgov import fake_ctgov, recorded
from ..fakedailymed import (
    EDECRIN,
    LIPITOR,
    LIPITOR_VERSION_ID,
    VITRAKVI,
    FakeDailymed,
    fake_dailymed,
    histories,
)

LIPITOR_TITLE = "Lipitor (atorvastatin calcium) tablets"


def label(key: str, title: str, organization: str, extra: str = "") -> str:
    return (
        f"@manual{{{key}, entrysubtype = {{prescribing-information}}, title = {{{title}}},"
        f" organization = {{{organization}}}, date = {{2014-01}}{extra}}}\n"
    )


def dm(setid: str, version: int | None = None) -> str:
    out = f", eprinttype = {{dailymed}}, eprint = {{{setid}}}"
    return out + (f", version = {{{version}}}" if version is not None else "")


@pytest.fixture
def server() -> Iterator[FakeDailymed]:
    with fake_dailymed() as fake:
        yield fake


def clients(
    dailymed: str, ctgov: str | None = None, sleeps: list[float] | None = None
) -> Registries:
    return Registries.create(
        mailto="mi@example.org",
        dailymed_url=dailymed,
        ctgov_url=ctgov,
        sleep=(sleeps.append if sleeps is not None else lambda s: None),
        timeout=(2.0, 2.0),
        retry=RetryPolicy(attempts=2),
    )


def run(text: str, fake: FakeDailymed, cache: Path, **options: Any) -> mi_refs.CheckReport:
    registries = options.pop("registries", None) or clients(fake.url)
    return mi_refs.check(mi_refs.loads(text), registries=registries, cache_dir=cache, **options)


def findings(report: mi_refs.CheckReport, key: str) -> list[Finding]:
    return [f for e in report.entries if e.key == key for f in e.findings]


def codes(report: mi_refs.CheckReport, key: str) -> set[tuple[str, str]]:
    return {(f.code, f.severity.value) for f in findings(report, key)}


def test_each_outcome(server: FakeDailymed, tmp_path: Path) -> None:
    text = "".join(
        [
            label("current", LIPITOR_TITLE, "Pfizer", dm(LIPITOR, 11)),
            label("older", "Vitrakvi (larotrectinib) capsules", "Loxo Oncology", dm(VITRAKVI, 1)),
            label("unknown", LIPITOR_TITLE, "Pfizer", dm("00000000-1111-2222-3333-444444444444")),
            label("versionid", LIPITOR_TITLE, "Pfizer", dm(LIPITOR_VERSION_ID)),
            label("malformed", LIPITOR_TITLE, "Pfizer", dm("c6e131fe-e7df-4876")),
            label("upper", LIPITOR_TITLE, "Pfizer", dm(LIPITOR.upper(), 11)),
            label("repackager", LIPITOR_TITLE, "Greenstone LLC", dm(LIPITOR, 11)),
            label("otherproduct", LIPITOR_TITLE, "Loxo Oncology", dm(VITRAKVI, 3)),
            label("noversion", "Edecrin (ethacrynic acid) tablets", "Aton Pharma", dm(EDECRIN)),
            label("beyond", "Edecrin tablets", "Aton Pharma", dm(EDECRIN, 5)),
        ]
    )
    report = run(text, server, tmp_path / "cache")
    assert codes(report, "current") == set()
    (older,) = findings(report, "older")
    assert (older.code, older.severity.value, older.source) == (
        "label-updated",
        "warning",
        "dailymed",
    )
    assert (
        "DailyMed has version 3 of this label, posted 2019-05-02; you cite version 1"
        in older.message
    )
    assert codes(report, "unknown") == {("id-not-found", "error")}
    (pasted,) = [f for f in findings(report, "versionid") if f.code == "id-not-found"]
    assert "version id" in pasted.message and pasted.stored == LIPITOR_VERSION_ID
    assert ("malformed-identifier", "error") in codes(report, "malformed")
    (upper,) = findings(report, "upper")
    assert upper.code == "malformed-identifier" and upper.suggestion == LIPITOR
    (repackager,) = findings(report, "repackager")
    assert (repackager.code, repackager.field) == ("field-mismatch", "organization")
    assert "label of PARKE-DAVIS DIV OF PFIZER INC, not of Greenstone LLC" in repackager.message
    assert codes(report, "otherproduct") == {("wrong-work", "error")}
    # no version cited; dated 2014-01; EDECRIN's newest posting is 2012-09-26: nothing
    assert codes(report, "noversion") == set()
    assert codes(report, "beyond") == {("field-mismatch", "warning")}
    assert not any(path.endswith(".xml") for path in server.requests)  # never needed
    # one history a set id (5) and one search for the two not found (one product name)
    assert report.requests["dailymed"] == len(server.requests) == 6


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (
            "2013-06",
            "revised 2014-01-13 (version 11, posted 2014-01-24), after the date you cite (2013-06)",
        ),
        ("2013-12-20", "revised 2014-01-13"),
        ("2014-01-20", None),  # posted after it, but revised before: no finding
        ("2014-01", None),  # the same month: the XML is not even asked for
    ],
)
def test_label_revised_after_the_cited_date(
    server: FakeDailymed, tmp_path: Path, date: str, expected: str | None
) -> None:
    text = label("pi", LIPITOR_TITLE, "Pfizer", dm(LIPITOR)).replace("2014-01", date)
    report = run(text, server, tmp_path / "cache")
    got = [f for f in findings(report, "pi") if f.code == "label-updated"]
    if expected is None:
        assert got == []
    else:
        assert got[0].severity.value == "warning" and expected in got[0].message
    asked_xml = [p for p in server.requests if p.endswith(".xml")]
    assert len(asked_xml) == (0 if date == "2014-01" else 1)
    warm = run(text, server, tmp_path / "cache")
    assert warm.requests["dailymed"] == 0


def test_label_document_unanswered_says_so(tmp_path: Path) -> None:
    with fake_dailymed(documents={}) as fake:  # the XML 404s
        text = label("pi", LIPITOR_TITLE, "Pfizer", dm(LIPITOR)).replace("2014-01", "2013-06")
        report = run(text, fake, tmp_path / "cache")
    (got,) = [f for f in findings(report, "pi") if f.code == "label-updated"]
    assert got.severity.value == "info" and "revision date could not be read" in got.message


def test_suggestions_by_product_and_labeler(server: FakeDailymed, tmp_path: Path) -> None:
    text = "".join(
        [
            label("chartwell", "Sulfasalazine tablets", "Chartwell RX, LLC"),
            label("heritage", "Sulfasalazine tablets", "Heritage Pharmaceuticals Inc."),
            label("nobody", "Sulfasalazine tablets", "Some Other Company"),
            label("nothing", "Unheardofdrug tablets", "Pfizer"),
        ]
    )
    report = run(text, server, tmp_path / "cache")
    (chartwell,) = findings(report, "chartwell")
    assert (chartwell.code, chartwell.severity.value) == ("identifier-suggested", "info")
    assert chartwell.suggestion == "029716bd-ee1a-484c-bf1f-ec8d02d5281b"
    assert findings(report, "heritage")[0].suggestion == "071324af-5ea6-4aa9-b097-31a6fc074894"
    assert codes(report, "nobody") == {("not-checkable", "info")}
    assert codes(report, "nothing") == {("not-checkable", "info")}
    assert len(server.requests) == 2  # one search a product name
    bib = tmp_path / "letter.bib"
    bib.write_text(text, encoding="utf-8")
    fixed = mi_refs.fix(bib, run(text, server, tmp_path / "cache"))  # never an automatic fix
    assert fixed.diff == "" and bib.read_text(encoding="utf-8") == text


def test_smpc_zotero_report_and_web_page_shapes(server: FakeDailymed, tmp_path: Path) -> None:
    text = (
        "@manual{smpc, entrysubtype = {smpc}, title = {Lipitor 10 mg film-coated tablets},"
        " organization = {Viatris}, date = {2023-05}}\n"
        "@report{zotero, type = {Prescribing information}, title = {" + LIPITOR_TITLE + "},"
        " institution = {Pfizer}, date = {2014-01}, version = {8}, setid = {" + LIPITOR + "}}\n"
        "@online{web, title = {DailyMed - LIPITOR- atorvastatin calcium tablet, film coated},"
        " url = {https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=" + LIPITOR + "},"
        " urldate = {2014-03-01}}\n"
    )
    report = run(text, server, tmp_path / "cache")
    assert codes(report, "smpc") == {("not-checkable", "info")}
    assert "SmPC" in findings(report, "smpc")[0].message
    assert codes(report, "zotero") == {("label-updated", "warning")}
    assert codes(report, "web") == set()  # the page's set id checked; nothing to say
    assert len(server.requests) == 1  # one history for both entries of one label


def test_two_set_ids_conflict(server: FakeDailymed, tmp_path: Path) -> None:
    url = f", url = {{https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={VITRAKVI}}}"
    report = run(label("two", LIPITOR_TITLE, "Pfizer", dm(LIPITOR, 11) + url), server, tmp_path)
    assert ("id-conflict", "error") in codes(report, "two")


def test_unanswered_is_unverified_and_bad_answers_are_not_cached(tmp_path: Path) -> None:
    text = label("pi", LIPITOR_TITLE, "Pfizer", dm(LIPITOR, 11))
    report = mi_refs.check(mi_refs.loads(text), cache_dir=tmp_path / "c")  # closed port
    assert codes(report, "pi") == {("unverified", "warning")}
    assert any("DailyMed could not be asked" in note for note in report.notes)
    broken = histories()
    broken[LIPITOR] = {"data": "maintenance"}
    with fake_dailymed(history=broken) as fake:
        bad = run(text, fake, tmp_path / "c")
        assert codes(bad, "pi") == {("unverified", "warning")}
        fake.history = histories()
        good = run(text, fake, tmp_path / "c")  # the bad answer was not cached
        assert codes(good, "pi") == set() and good.requests["dailymed"] == 1
    offline = mi_refs.check(mi_refs.loads(text), cache_dir=tmp_path / "c", online=False)
    assert codes(offline, "pi") == set()  # the good answer, from the cache


def test_twenty_registrations_ten_labels_request_budget(tmp_path: Path) -> None:
    """The done-when of issue 19: 20 registrations and 10 prescribing-information entries
    in at most 3 ClinicalTrials.gov and 11 DailyMed requests cold, none warm. Built: the
    recorded NCT03418623 under 20 numbers, the LIPITOR history under 8 more set ids."""
    base = recorded("v2-study-NCT03418623")
    studies = []
    for number in range(20):
        study = copy.deepcopy(base)
        study["protocolSection"]["identificationModule"]["nctId"] = f"NCT0500{number:04d}"
        studies.append(study)
    history = histories()
    setids = [f"c6e131fe-e7df-4876-83f7-9156fc4e82{n:02d}" for n in range(8)]
    for setid in setids:
        history[setid] = copy.deepcopy(history[LIPITOR])
        history[setid]["data"]["spl"]["setid"] = setid
    title = "Effect of GET73 on MRS Measures of Central Glutamate and GABA"
    text = "".join(
        f"@online{{t{n}, entrysubtype = {{registration}}, title = {{{title}}},"
        f" organization = {{ClinicalTrials.gov}}, number = {{NCT0500{n:04d}}},"
        f" url = {{https://clinicaltrials.gov/study/NCT0500{n:04d}}}, date = {{2022}}}}\n"
        for n in range(20)
    )
    text += "".join(
        label(f"l{n}", LIPITOR_TITLE, "Pfizer", dm(s, 11)) for n, s in enumerate(setids)
    )
    text += label("needsxml", LIPITOR_TITLE, "Pfizer", dm(LIPITOR)).replace("2014-01", "2013-06")
    text += label("nosetid", "Sulfasalazine tablets", "Chartwell RX, LLC")
    sleeps: list[float] = []
    with fake_ctgov(studies) as ctgov, fake_dailymed(history=history) as fake:
        fake.hidden = set()
        registries = clients(fake.url, ctgov.url, sleeps)
        cold = run(text, fake, tmp_path / "cache", registries=registries)
        assert cold.requests["ctgov"] <= 3 and cold.requests["dailymed"] <= 11
        assert cold.requests["dailymed"] == len(fake.requests) == 11
        assert sum(p.endswith(".xml") for p in fake.requests) == 1
        assert sum("spls.json" in p for p in fake.requests) == 1
        assert sleeps and min(sleeps) > 0.3  # paced
        assert ("label-updated", "warning") in codes(cold, "needsxml")
        assert ("identifier-suggested", "info") in codes(cold, "nosetid")
        warm = run(text, fake, tmp_path / "cache", registries=clients(fake.url, ctgov.url))
        assert warm.requests["ctgov"] == 0 and warm.requests["dailymed"] == 0


@pytest.mark.parametrize("form", ["json", "github", "junit", "text"])
def test_cli_reports_show_label_findings(
    server: FakeDailymed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    from mi_refs.cli import main

    bib = tmp_path / "letter.bib"
    bib.write_text(label("older", "Vitrakvi capsules", "Loxo Oncology", dm(VITRAKVI, 1)))
    monkeypatch.setenv("MI_REFS_DAILYMED_URL", server.url)
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(bib), "--cache-dir", str(tmp_path / "c"), "--format", form], out, err)
    text = out.getvalue()
    assert "label-updated" in text and "version 3" in text, (text, err.getvalue())
    assert code == 0  # a warning
    if form == "json":
        entry = next(e for e in json.loads(text)["entries"] if e["key"] == "older")
        assert {f["code"] for f in entry["findings"]} == {"label-updated"}


def test_label_states_api_for_the_lock_file_and_watch(server: FakeDailymed, tmp_path: Path) -> None:
    registries = clients(server.url)
    unknown = "00000000-1111-2222-3333-444444444444"
    got = mi_refs.label_states(
        [LIPITOR.upper(), VITRAKVI, unknown], cache_dir=tmp_path, registries=registries
    )
    lipitor = got.states[LIPITOR]
    assert lipitor == mi_refs.LabelState(
        setid=LIPITOR,
        version=11,
        published="2014-01-24",
        effective="2014-01-13",
        labeler="Parke-Davis Div of Pfizer Inc",
        title="LIPITOR (ATORVASTATIN CALCIUM) TABLET, FILM COATED [PARKE-DAVIS DIV OF PFIZER INC]",
    )
    assert got.states[VITRAKVI] is not None and got.states[VITRAKVI].version == 3
    assert got.states[VITRAKVI].effective == ""  # no SPL document recorded for it (404)
    assert got.states[unknown] is None and got.unanswered == ()
    assert got.requests == 5  # three histories, two documents
    warm = mi_refs.label_states([LIPITOR], cache_dir=tmp_path, registries=clients(server.url))
    assert warm.requests == 0 and warm.states[LIPITOR] == lipitor
    down = mi_refs.label_states([LIPITOR], cache_dir=tmp_path / "other")  # closed port
    assert down.states == {} and down.unanswered == (LIPITOR,) and down.notes
    with pytest.raises(mi_refs.InvalidArgumentError, match="not a DailyMed set id"):
        mi_refs.label_states(["c6e131fe"])


def test_a_newer_label_acknowledged_stays_shown_and_never_fails(
    server: FakeDailymed, tmp_path: Path
) -> None:
    text = label("older", "Vitrakvi capsules", "Loxo Oncology", dm(VITRAKVI, 1))
    rule = {"key": "older", "code": "label-updated", "reason": "the letter discusses v1 on purpose"}
    report = run(text, server, tmp_path, acknowledge=[rule])
    (finding,) = findings(report, "older")
    assert finding.acknowledged == "the letter discusses v1 on purpose"
    assert mi_refs.exit_code(report, strict=True) == 0
    assert "acknowledged" in mi_refs.format_report(report, "json")
