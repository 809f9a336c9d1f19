"""``check`` end to end against a local fake registry (real HTTP on 127.0.0.1) serving
records built from the seed letter's confirmed facts (tests/fixtures/registry)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.cli import main
from mi_refs.registries.http import RetryPolicy

from ..conftest import FIXTURES, ROOT
from ..fakeregistry import FakeRegistry


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        yield server


def clients(server: FakeRegistry, **options: object) -> Registries:
    """Clients pointed at the fake, with no real waiting between retries."""
    return Registries.create(
        mailto="mi@example.org", pubmed_url=server.pubmed_url, crossref_url=server.crossref_url,
        sleep=lambda seconds: None, timeout=(2.0, 2.0), retry=RetryPolicy(attempts=3), **options,
    )  # fmt: skip


def run_check(
    text: str, server: FakeRegistry, tmp_path: Path, **options: object
) -> mi_refs.CheckReport:
    bib = mi_refs.loads(text)
    return mi_refs.check(bib, registries=clients(server), cache_dir=tmp_path / "cache", **options)  # type: ignore[arg-type]


def codes(report: mi_refs.CheckReport, key: str) -> list[tuple[str, str | None, str]]:
    entry = next(entry for entry in report.entries if entry.key == key)
    return [(f.code, f.field, f.severity.value) for f in entry.findings]


ARTICLE = "@article{{{key}, author = {{{authors}}}, title = {{{title}}}, journal = {{{journal}}}, year = {year}, volume = {{{volume}}}, pages = {{{pages}}}, {ids}}}\n"


def article(key: str, ids: str, *, authors: str = "Vernava, I and Schmitt, CA", title: str = "Daratumumab as a novel treatment option in refractory ITP",
            journal: str = "Blood Cells Mol Dis", year: int = 2023, volume: str = "99", pages: str = "102724") -> str:  # fmt: skip
    return ARTICLE.format(
        key=key,
        authors=authors,
        title=title,
        journal=journal,
        year=year,
        volume=volume,
        pages=pages,
        ids=ids,
    )


# --- the seed letter ------------------------------------------------------------------


def test_as_printed_seed_list_reports_reference_4_s_wrong_journal(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    """The seed list as printed (no identifiers): Crossref's bibliographic search finds
    reference 4, first author and year agree, and its journal is wrong: an error."""
    bib = mi_refs.load(FIXTURES / "seed-as-printed.bib")
    report = mi_refs.check(bib, registries=clients(registry), cache_dir=tmp_path)
    vernava = codes(report, "vernava2023novel")
    assert ("identifier-suggested", "doi", "info") in vernava
    assert ("field-mismatch", "journal", "error") in vernava
    finding = next(
        f
        for e in report.entries
        if e.key == "vernava2023novel"
        for f in e.findings
        if f.field == "journal"
    )
    assert (finding.stored, finding.registry, finding.suggestion) == (
        "Lancet",
        "Blood Cells Mol Dis",
        "Blood Cells Mol Dis",
    )
    # Every entry's findings, exactly: nothing missing and no false alarm. The printed
    # errors shared/seed/README.md names: #4's journal (error), #9 and #15's non-NLM
    # abbreviations (the journal itself is right: style warnings, no mismatch), #2's whole
    # supplement as pages, #20's garbled author list, #11/#18 one person two ways.
    unverified = ("unverified", None, "warning")
    expected = {
        "strussmann2024case": [unverified],
        "strussmann2024remissions": [("implausible-value", "pages", "warning"), unverified],
        "tsykunova2022dart": [("not-checkable", None, "info")],
        "vernava2023novel": [
            ("field-mismatch", "journal", "error"),
            ("identifier-suggested", "doi", "info"),
        ],
        "shino2023sequential": [unverified],
        "alexander2023sustained": [unverified],
        "migdady2018case": [("not-checkable", None, "info")],
        "blennerhassett2019evans": [unverified],
        "ostendorf2020targeting": [
            ("identifier-suggested", "doi", "info"),
            ("style", "journal", "warning"),
        ],
        "rieger2021rituximab": [unverified],
        "khandelwal2021cytopenias": [unverified],
        "strussmann2023longterm": [unverified],
        "hu2024early": [("identifier-suggested", "pmid", "info")],
        "frioni2024posttransplant": [("style", "journal", "warning"), unverified],
        "milito2019purpura": [
            ("identifier-suggested", "doi", "info"),
            ("identifier-suggested", "pmid", "info"),
        ],
        "evenor2022cytopenias": [unverified],
        "crickx2021original": [("identifier-suggested", "doi", "info")],
        "teusink2021autoimmunity": [("inconsistent-name", "author", "info"), unverified],
        "canalesherrerias2022plasma": [unverified],
        "tsykunova2021dart": [
            ("malformed-name", "author", "error"),
            ("not-checkable", None, "info"),
        ],
    }
    assert {entry.key: sorted(codes(report, entry.key)) for entry in report.entries} == expected
    assert mi_refs.exit_code(report) == 1


def test_corrected_references_bib_has_no_error(registry: FakeRegistry, tmp_path: Path) -> None:
    report = mi_refs.check(
        mi_refs.load(ROOT / "references.bib"), registries=clients(registry), cache_dir=tmp_path
    )
    errors = [
        (e.key, f.code, f.message)
        for e in report.entries
        for f in e.findings
        if f.severity is mi_refs.Severity.ERROR
    ]
    assert errors == []
    assert codes(report, "vernava2023novel") == []  # PMID and DOI agree with PubMed and Crossref
    # one batch per service for the identified entries; searches only for the others
    batches = [
        r for r in registry.requests if "filter" in r.params or r.path.endswith("esummary.fcgi")
    ]
    assert len(batches) <= 3
    unidentified = [
        r
        for r in mi_refs.load(ROOT / "references.bib")
        if r.kind is mi_refs.Kind.ARTICLE and not (r.doi or r.pmid)
    ]
    searches = [r for r in registry.requests if "query.bibliographic" in r.params]
    assert len(searches) == len(unidentified)


# --- post-publication status ----------------------------------------------------------


RETRACTED = article(
    "retracted", "doi = {10.5555/mirefs.2021.0931}, pmid = {9999931}", authors="Okafor, N and others",
    title="x", journal="J Fict Haematol", year=2021, volume="11", pages="101--109",
)  # fmt: skip


def test_a_retracted_work_is_an_error_with_the_notice(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    document = registry.pubmed["9999931"]
    text = RETRACTED.replace("title = {x}", "title = {" + document["title"].rstrip(".") + "}")
    text = text.replace(
        "Okafor, N and others",
        document["authors"][0]["name"].split()[0]
        + ", "
        + document["authors"][0]["name"].split()[-1]
        + " and others",
    )
    report = run_check(text, registry, tmp_path)
    retracted = [f for e in report.entries for f in e.findings if f.code == "retracted"]
    assert retracted and all(f.severity is mi_refs.Severity.ERROR for f in retracted)
    assert any("10.5555/mirefs.2022.0932" in f.message or "9999932" in f.message for f in retracted)


@pytest.mark.parametrize(
    ("doi", "pmid", "code"),
    [
        ("10.5555/mirefs.2020.0933", "9999933", "expression-of-concern"),
        ("10.5555/mirefs.2019.0935", "9999935", "corrected"),
    ],
)
def test_concern_and_correction(
    registry: FakeRegistry, tmp_path: Path, doi: str, pmid: str, code: str
) -> None:
    report = run_check(
        f"@article{{w, title = {{T}}, journal = {{J Fict Haematol}}, year = 2020, doi = {{{doi}}}, pmid = {{{pmid}}}}}",
        registry,
        tmp_path,
    )
    assert code in {f.code for e in report.entries for f in e.findings}


@pytest.mark.parametrize(
    ("doi", "pmid"),
    [("10.5555/mirefs.2022.0932", "9999932"), ("10.5555/mirefs.2023.0934", "9999934")],
)
def test_a_cited_notice_is_not_flagged(
    registry: FakeRegistry, tmp_path: Path, doi: str, pmid: str
) -> None:
    report = run_check(
        f"@article{{n, title = {{T}}, journal = {{J Fict Haematol}}, year = 2022, doi = {{{doi}}}, pmid = {{{pmid}}}}}",
        registry,
        tmp_path,
    )
    assert not {"retracted", "expression-of-concern"} & {
        f.code for e in report.entries for f in e.findings
    }


# --- identifiers ----------------------------------------------------------------------


def test_unknown_identifiers(registry: FakeRegistry, tmp_path: Path) -> None:
    report = run_check(
        article("x", "doi = {10.5555/does.not.exist}, pmid = {9999999}"), registry, tmp_path
    )
    assert {("id-not-found", "pmid", "error"), ("id-not-found", "doi", "error")} <= set(
        codes(report, "x")
    )


def test_wrong_work(registry: FakeRegistry, tmp_path: Path) -> None:
    text = article("x", "pmid = {30915450}")  # Milito's PMID on Vernava's entry
    assert ("wrong-work", None, "error") in codes(run_check(text, registry, tmp_path), "x")


def test_pmid_and_doi_of_different_works_conflict(registry: FakeRegistry, tmp_path: Path) -> None:
    text = article("x", "pmid = {30915450}, doi = {10.1056/NEJMoa2023325}", authors="Milito, C and others",
                   title="Post-transfusion purpura mimicking idiopathic thrombocytopenic purpura: a case report",
                   journal="Lab Med", year=2019, volume="50", pages="396--400")  # fmt: skip
    assert ("id-conflict", "pmid", "error") in codes(run_check(text, registry, tmp_path), "x")


def test_doi_only_entry_is_found_in_pubmed_too(registry: FakeRegistry, tmp_path: Path) -> None:
    report = run_check(
        article("x", "doi = {10.1016/j.bcmd.2023.102724}", journal="Lancet"), registry, tmp_path
    )
    sources = {f.source for e in report.entries for f in e.findings if f.code == "field-mismatch"}
    assert sources == {"pubmed"}  # one finding per field; PubMed was found through esearch
    assert any(r.path.endswith("esearch.fcgi") for r in registry.requests)


# --- the cache ------------------------------------------------------------------------


def test_warm_cache_makes_no_request_and_an_edit_refetches_one_entry(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    mi_refs.check(mi_refs.loads(text), registries=clients(registry), cache_dir=tmp_path)
    registry.clear_requests()
    warm = mi_refs.check(mi_refs.loads(text), registries=clients(registry), cache_dir=tmp_path)
    assert registry.requests == []
    assert warm.requests == {"pubmed": 0, "crossref": 0, "ctgov": 0, "dailymed": 0, "retries": 0}
    assert "{38831655}" in text
    edited = text.replace("{38831655}", "{9999935}")  # one entry's PMID edited
    mi_refs.check(mi_refs.loads(edited), registries=clients(registry), cache_dir=tmp_path)
    # the PMID-only entry's record, then Crossref for the DOI PubMed gives it (issue 22)
    assert [r.path for r in registry.requests] == [
        "/eutils/esummary.fcgi",
        "/crossref/works/10.5555%2Fmirefs.2019.0935",
    ]
    assert registry.requests[0].params["id"] == "9999935"


def test_offline_uses_the_cache_and_marks_the_rest_unverified(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    bib = mi_refs.load(ROOT / "references.bib")
    cold = mi_refs.check(bib, online=False, cache_dir=tmp_path)
    assert {f.code for f in cold.findings()} >= {"unverified"}
    assert ("unverified", None, "warning") in [
        (f.code, f.field, f.severity.value)
        for e in cold.entries
        if e.key == "vernava2023novel"
        for f in e.findings
    ]
    mi_refs.check(bib, registries=clients(registry), cache_dir=tmp_path)
    warm = mi_refs.check(bib, online=False, cache_dir=tmp_path)
    assert codes(warm, "vernava2023novel") == []


def test_a_corrupt_cache_is_rebuilt(registry: FakeRegistry, tmp_path: Path) -> None:
    (tmp_path / "registry.sqlite3").write_bytes(b"this is not a database" * 100)
    report = mi_refs.check(
        mi_refs.load(ROOT / "references.bib"), registries=clients(registry), cache_dir=tmp_path
    )
    assert any("rebuilt" in note for note in report.notes)
    assert codes(report, "vernava2023novel") == []


# --- faults: each ends as a clear finding, never a traceback --------------------------

FAULTS = [
    "status:429",
    "status:500",
    "status:502",
    "status:503",
    "timeout",
    "reset",
    "truncated-json",
    "html-200",
    "empty",
]


@pytest.mark.parametrize("kind", FAULTS)
def test_a_fault_then_success_recovers_or_is_reported(
    registry: FakeRegistry, tmp_path: Path, kind: str
) -> None:
    registry.timeout_fault_seconds = 3.0
    garbage = not (kind.startswith("status:") or kind in {"timeout", "reset"})
    # garbage with status 200 is asked for once more: twice is a fault
    registry.fail_next("/eutils/esummary.fcgi", kind, times=2 if garbage else 1)
    report = run_check(article("x", "pmid = {36669360}"), registry, tmp_path)
    found = codes(report, "x")
    if kind == "timeout":  # issue 22: a service that timed out is given up for the run
        assert found == [("unverified", None, "warning")]
        assert any("not asked again" in note for note in report.notes)
    elif not garbage:
        assert found == []  # retried, then PubMed answered
    else:  # garbage twice: the entry is unverified, with why
        assert found == [("unverified", None, "warning")]
        assert any("PubMed could not be asked" in note for note in report.notes)


def test_retries_run_out_into_unverified(registry: FakeRegistry, tmp_path: Path) -> None:
    registry.fail_next("/eutils/esummary.fcgi", "status:503", times=5)
    report = run_check(article("x", "pmid = {36669360}"), registry, tmp_path)
    assert codes(report, "x") == [("unverified", None, "warning")]
    assert any("HTTP 503 (3 attempts" in note for note in report.notes)


def test_429_retry_after_is_honoured(registry: FakeRegistry, tmp_path: Path) -> None:
    waits: list[float] = []
    registry.fail_next("/crossref/works", "status:429")
    registries = Registries.create(pubmed_url=registry.pubmed_url, crossref_url=registry.crossref_url,
                                   sleep=waits.append, retry=RetryPolicy(attempts=3))  # fmt: skip
    report = mi_refs.check(mi_refs.loads(article("x", "doi = {10.1016/j.bcmd.2023.102724}")),
                           registries=registries, cache_dir=tmp_path)  # fmt: skip
    assert 1.0 in waits  # the fake's Retry-After
    assert codes(report, "x") == []


def test_xml_entity_expansion_is_refused_cleanly(registry: FakeRegistry) -> None:
    registry.fail_next("/eutils/efetch.fcgi", "xml-bomb", times=2)  # asked twice
    with pytest.raises(mi_refs.MiRefsError, match="unsafe XML"):
        clients(registry).pubmed.notices(["9999931"])


def test_cli_against_the_fake_registry(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in registry.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [
            "check",
            str(FIXTURES / "seed-as-printed.bib"),
            "--format",
            "json",
            "--cache-dir",
            str(tmp_path),
        ],
        out,
        err,
    )
    assert code == 1
    data = json.loads(out.getvalue())
    assert data["tool"]["name"] == "mi-refs"
    assert data["summary"]["errors"] >= 2
    vernava = next(entry for entry in data["entries"] if entry["key"] == "vernava2023novel")
    assert vernava["status"] == "error"
    journal = next(f for f in vernava["findings"] if f["field"] == "journal")
    assert (journal["code"], journal["stored"], journal["registry"], journal["source"]) == (
        "field-mismatch",
        "Lancet",
        "Blood Cells Mol Dis",
        "crossref",
    )
    esummary = [r for r in registry.requests if r.path.endswith("esummary.fcgi")]
    assert all(
        r.params.get("tool") == "mi-refs" and r.params.get("email") == "mi@example.org"
        for r in esummary
    )
    crossref = [r for r in registry.requests if r.path.startswith("/crossref")]
    assert crossref and all(r.params.get("mailto") == "mi@example.org" for r in crossref)


def test_efetch_gives_the_notice_when_esummary_names_none(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    document = {
        key: value for key, value in registry.pubmed["9999931"].items() if key != "references"
    }
    registry.add_pubmed(document)  # "Retracted Publication" without the notice's PMID
    report = run_check(
        "@article{r, title = {T}, journal = {J Fict Haematol}, year = 2021, pmid = {9999931}}",
        registry,
        tmp_path,
    )
    retracted = [f for f in report.findings() if f.code == "retracted"]
    assert retracted and "PMID 9999932" in retracted[0].message
    assert any(r.path.endswith("efetch.fcgi") for r in registry.requests)


def test_an_xml_bomb_from_efetch_ends_as_a_note_not_a_traceback(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    document = {
        key: value for key, value in registry.pubmed["9999931"].items() if key != "references"
    }
    registry.add_pubmed(document)  # esummary names no notice, so efetch is asked for details
    registry.fail_next("/eutils/efetch.fcgi", "xml-bomb", times=2)  # asked twice
    report = run_check(
        "@article{r, title = {T}, journal = {J Fict Haematol}, year = 2021, pmid = {9999931}}",
        registry,
        tmp_path,
    )
    assert [f.code for f in report.findings() if f.code == "retracted"] == [
        "retracted"
    ]  # from esummary's pubtype
    assert any("unsafe XML refused" in note for note in report.notes)
    assert mi_refs.exit_code(report) == 1
