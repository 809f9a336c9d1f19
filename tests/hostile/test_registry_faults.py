"""Registry answers that are wrong, hostile or slow (issue #11): never a crash, never a
bad answer cached, never the key sent elsewhere; what did answer is kept."""

from __future__ import annotations

import io
import sqlite3
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.registries import crossref as crossref_module
from mi_refs.registries.http import RetryPolicy, ServiceClient, _retry_after
from tests.fakeregistry import FORGED_TITLE, FakeRegistry
from tests.hostile.conftest import clients, codes, entry, run_check

PMID = "pmid = {36669360}"
DOI = "doi = {10.1016/j.bcmd.2023.102724}"
MANGLED = ["wrong-shape", "wrong-type", "deep-json", "bad-gzip"]


def cached_rows(cache: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(cache / "registry.sqlite3") as connection:
        return connection.execute("SELECT service, identifier, document FROM documents").fetchall()


@pytest.mark.parametrize("kind", MANGLED)
@pytest.mark.parametrize(
    ("path", "ids"), [("/eutils/esummary.fcgi", PMID), ("/crossref/works", DOI)]
)
def test_a_bad_answer_is_a_note_never_cached_never_a_crash(
    registry: FakeRegistry, tmp_path: Path, kind: str, path: str, ids: str
) -> None:
    registry.fail_next(path, kind, times=2)  # asked twice: both bad
    report = run_check(entry(ids), registry, tmp_path)
    assert "unverified" in codes(report)
    assert any("could not be asked" in note for note in report.notes), report.notes
    service = "pubmed" if "eutils" in path else "crossref"
    assert [row for row in cached_rows(tmp_path) if row[0] == service] == []
    # the next run (offline too) does not crash, and a later good answer is used
    offline = run_check(entry(ids), registry, tmp_path, online=False)
    assert "unverified" in codes(offline)
    assert "unverified" not in codes(run_check(entry(ids), registry, tmp_path))
    assert mi_refs.format_report(report, "text")


@pytest.mark.parametrize("kind", MANGLED)
def test_one_bad_answer_is_asked_again_once(
    registry: FakeRegistry, tmp_path: Path, kind: str
) -> None:
    registry.fail_next("/eutils/esummary.fcgi", kind)
    report = run_check(entry(PMID), registry, tmp_path)
    assert "unverified" not in codes(report)
    assert len(registry.requests_to("/eutils/esummary.fcgi")) == 2


def test_a_lone_surrogate_is_replaced_not_a_crash(registry: FakeRegistry, tmp_path: Path) -> None:
    registry.fail_next("/eutils/esummary.fcgi", "lone-surrogate")
    registry.fail_next("/crossref/works", "lone-surrogate")
    report = run_check(entry(f"{PMID}, {DOI}"), registry, tmp_path)
    for fmt in ("text", "json", "github", "junit"):
        mi_refs.format_report(report, fmt).encode("utf-8")  # never a UnicodeEncodeError
    for _, _, document in cached_rows(tmp_path):
        assert "\\ud800" not in (document or "")


def test_an_empty_answer_is_not_asked_never_not_found(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    registry.fail_next("/eutils/esummary.fcgi", "empty-result", times=2)
    report = run_check(entry(PMID), registry, tmp_path)
    assert "id-not-found" not in codes(report)
    assert "unverified" in codes(report)
    assert [row for row in cached_rows(tmp_path) if row[0] == "pubmed"] == []


def test_control_characters_never_reach_a_report(registry: FakeRegistry, tmp_path: Path) -> None:
    registry.fail_next("/eutils/esummary.fcgi", "control-chars", times=2)
    registry.fail_next("/crossref/works", "control-chars", times=2)
    bib = entry(f"{PMID}, {DOI}")
    report = run_check(bib, registry, tmp_path)
    text = mi_refs.format_report(report, "text")
    assert not any(char in text for char in "\x1b\x00\x07\r")
    assert "\nreferences.bib:1: forged" not in text
    ET.fromstring(mi_refs.format_report(report, "junit"))  # well-formed
    github = mi_refs.format_report(report, "github")
    assert all(line.startswith("::") for line in github.splitlines())
    assert FORGED_TITLE not in mi_refs.format_report(report, "json")


def test_partial_failures_keep_what_answered(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crossref_module, "BATCH", 1)
    dois = ["10.1016/j.bcmd.2023.102724", *sorted(registry.crossref)[:3]]
    registry.fail_next("/crossref/works", "wrong-shape", times=2)  # the first batch, twice
    client = clients(registry).crossref
    with pytest.raises(mi_refs.RegistryPartialError) as caught:
        client.works(dois)
    answered = caught.value.answers
    assert len(answered) == len({d.lower() for d in dois}) - 1  # the others are kept
    assert all(value is not None for value in answered.values())


def test_a_refused_batch_is_split_not_asked_one_by_one(registry: FakeRegistry) -> None:
    good = sorted(registry.crossref)[:7]
    found = clients(registry).crossref.works([*good, "10.5555/x,y", "not-a-doi"])
    assert all(found[doi.lower()] for doi in good)
    assert found["10.5555/x,y"] is None  # asked alone, by /works/{doi}: not in Crossref
    batch_requests = [r for r in registry.requests_to("/crossref/works") if "filter" in r.query]
    assert len(batch_requests) < 8  # halves, not one request per DOI
    assert not any("10.5555/x,y" in r.query.get("filter", "") for r in batch_requests)


def test_a_comma_doi_is_never_split_inside_a_filter(registry: FakeRegistry) -> None:
    registry.add_crossref({**registry.crossref[sorted(registry.crossref)[0]], "DOI": "10.5555/a,b"})
    found = clients(registry).crossref.works(["10.5555/a,b"])
    assert found["10.5555/a,b"] is not None
    assert registry.requests_to("/crossref/works/")


def test_a_quote_in_a_doi_does_not_break_the_esearch_term(registry: FakeRegistry) -> None:
    mapping, _ = clients(registry).pubmed.pmids_for_dois(
        ["10.1016/j.bcmd.2023.102724", '10.5555/a"b OR x']
    )
    assert mapping["10.1016/j.bcmd.2023.102724"] == "36669360"
    terms = [r.form.get("term", "") for r in registry.requests_to("/eutils/esearch.fcgi")]
    assert all(term.count('"') % 2 == 0 for term in terms)
    assert any('"10.5555/a b or x"[doi]' in term for term in terms)  # asked alone


def test_retry_after_junk_is_ignored(registry: FakeRegistry, tmp_path: Path) -> None:
    registry.fail_next("/eutils/esummary.fcgi", "retry-after-junk")
    assert "unverified" not in codes(run_check(entry(PMID), registry, tmp_path))
    assert _retry_after({"retry-after": "soon-ish"}, time.time) is None
    assert (_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, lambda: 0.0) or 0) > 0
    assert _retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, lambda: 2e9) == 0.0
    assert _retry_after({"retry-after": "nan"}, time.time) is None


def test_retry_after_uses_the_injected_wall_clock() -> None:
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert _retry_after({"retry-after": date}, lambda: 1445412480.0 - 30) == pytest.approx(30)


def test_a_trickling_answer_is_cut_at_the_deadline(registry: FakeRegistry, tmp_path: Path) -> None:
    registry.trickle_seconds = 0.5
    registry.fail_next("/eutils/esummary.fcgi", "trickle", times=2)
    report = run_check(entry(PMID), registry, tmp_path, deadline=1.0)
    assert "unverified" in codes(report)  # without the deadline the trickle never ends


def test_the_run_deadline_stops_asking(registry: FakeRegistry, tmp_path: Path) -> None:
    now = [0.0]
    report = run_check(
        entry(f"{PMID}, {DOI}"), registry, tmp_path, clock=lambda: now[0], run_deadline=-1.0
    )
    assert "unverified" in codes(report)
    assert registry.requests == []
    assert any("time limit" in note for note in report.notes)


def test_a_redirect_to_another_host_is_not_followed(registry: FakeRegistry, tmp_path: Path) -> None:
    with FakeRegistry() as elsewhere:
        registry.redirect_target = elsewhere.base_url
        registry.fail_next("/eutils/esearch.fcgi", "redirect-other-host", times=4)
        registry.fail_next("/crossref/works", "redirect-other-host", times=4)
        report = mi_refs.check(
            mi_refs.loads(entry(DOI)),
            registries=clients(registry, api_key="SECRET-KEY"),
            cache_dir=tmp_path,
        )
        assert elsewhere.requests == []
    text = mi_refs.format_report(report, "json")
    assert "SECRET-KEY" not in text
    assert any("not followed" in note for note in report.notes)


def test_a_redirect_on_the_same_host_is_followed_for_get(registry: FakeRegistry) -> None:
    registry.fail_next("/crossref/works/", "redirect-same-host")
    assert clients(registry).crossref.work("10.1016/j.bcmd.2023.102724") is not None


def test_crossref_pace_headers_have_a_floor(registry: FakeRegistry) -> None:
    registry.crossref_rate_limit, registry.crossref_rate_interval = "1", "3600s"
    client = clients(registry).crossref
    client.works(["10.1016/j.bcmd.2023.102724"])
    assert client.http.limiter.interval <= 1.1 / crossref_module.MIN_RATE


def test_long_waits_are_announced(monkeypatch: pytest.MonkeyPatch) -> None:
    from mi_refs.registries import http

    heard: list[str] = []
    monkeypatch.setattr(http, "wait_reporter", heard.append)
    client = ServiceClient("crossref", "http://127.0.0.1:9", rate=1.0, user_agent="t",
                           sleep=lambda s: None, retry=RetryPolicy(attempts=1))  # fmt: skip
    client._pause(30.0, "Retry-After", "works")
    assert heard == ["crossref: waiting 30 s (Retry-After)"]


def test_processes_sharing_a_cache_share_the_pace(tmp_path: Path) -> None:
    from mi_refs.registries.http import SharedPace

    pace = SharedPace(tmp_path / "pace-pubmed.lock")
    first = pace.reserve(1000.0, 0.5)
    second = SharedPace(tmp_path / "pace-pubmed.lock").reserve(1000.0, 0.5)  # another process
    assert (first, second) == (1000.0, 1000.5)


def test_a_check_shares_the_pace_file_in_the_cache(registry: FakeRegistry, tmp_path: Path) -> None:
    run_check(entry(PMID), registry, tmp_path)
    assert (tmp_path / "pace-pubmed.lock").exists()


def test_bad_service_urls_are_usage_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bib = tmp_path / "r.bib"
    bib.write_text(entry(PMID), encoding="utf-8")
    for name, value in [
        ("MI_REFS_PUBMED_URL", "htp://eutils.example"),
        ("MI_REFS_CROSSREF_URL", "http://127.0.0.1:99999"),
        ("MI_REFS_CROSSREF_URL", "http://:80/"),
        ("MI_REFS_RUN_DEADLINE", "soon"),
    ]:
        monkeypatch.setenv(name, value)
        err = io.StringIO()
        assert (
            main(["check", str(bib), "--cache-dir", str(tmp_path / "c")], io.StringIO(), err) == 2
        )
        assert name in err.getvalue() and "internal error" not in err.getvalue()
        monkeypatch.delenv(name)


def test_the_api_key_is_never_in_the_cache_or_a_message(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    registry.fail_next("/eutils/esummary.fcgi", "status:503", times=9)
    report = mi_refs.check(
        mi_refs.loads(entry(PMID)),
        registries=clients(registry, api_key="SECRET-KEY"),
        cache_dir=tmp_path,
    )
    for fmt in ("text", "json", "github", "junit"):
        assert "SECRET-KEY" not in mi_refs.format_report(report, fmt)
    assert b"SECRET-KEY" not in (tmp_path / "registry.sqlite3").read_bytes()
