"""No verdict without asking (issue 22, item 1): every service that could hold an entry's
status and was not asked, or did not answer, makes the entry ``unverified``, whatever the
other service said. The reproductions of the issue, on the fake registry (127.0.0.1):
a retracted work is never ``ok`` with any one service down or its search failing.

The records are the constructed notice case 9999931 / 10.5555/mirefs.2021.0931 of
``tests/fixtures/registry/`` (README there), with the retraction removed from one
service's copy so that only the other knows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import mi_refs
from tests.fakeregistry import FakeRegistry
from tests.hostile.conftest import clients, run_check

PMID = "9999931"
DOI = "10.5555/mirefs.2021.0931"
FIELDS = (
    "author = {Testwell, Ada and Mockford, Bram C. and Fakhri, Dana}, title = {Daratumumab "
    "for refractory immune thrombocytopenia in a fictional cohort of 12 adults}, journal = "
    "{J Fict Haematol}, year = 2021, volume = 11, number = 4, pages = {101--109}"
)


def bib(ids: str = "") -> str:
    return "@article{x, " + FIELDS + (", " + ids if ids else "") + "}\n"


def retracted_in_pubmed_only(registry: FakeRegistry) -> None:
    work: dict[str, Any] = dict(registry.crossref[DOI])
    work.pop("updated-by", None)
    registry.add_crossref(work)


def retracted_in_crossref_only(registry: FakeRegistry) -> None:
    document: dict[str, Any] = dict(registry.pubmed[PMID])
    document["pubtype"] = ["Journal Article"]
    document["references"] = []
    registry.add_pubmed(document)


def status(report: mi_refs.CheckReport) -> str:
    return next(entry for entry in report.entries if entry.key == "x").status


def test_doi_only_entry_retracted_in_pubmed_only_with_pubmed_down_is_not_ok(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    retracted_in_pubmed_only(registry)
    registry.fail_next("/eutils/", "status:500", times=50)
    report = run_check(bib(f"doi = {{{DOI}}}"), registry, tmp_path)
    assert status(report) == "unverified"  # was "ok": Crossref alone said nothing
    assert mi_refs.exit_code(report, strict=True) == 1
    [finding] = [f for f in report.findings() if f.code == "unverified"]
    assert "PubMed" in finding.message


def test_entry_without_identifiers_retracted_in_crossref_only_with_search_down_is_not_ok(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    retracted_in_crossref_only(registry)
    registry.fail_next("/crossref/works", "status:503", times=50)
    report = run_check(bib(), registry, tmp_path)
    assert status(report) == "unverified"  # was "ok": PubMed's match had no retraction
    assert mi_refs.exit_code(report, strict=True) == 1
    assert any("Crossref" in f.message for f in report.findings() if f.code == "unverified")


def test_entry_without_identifiers_retracted_in_pubmed_only_with_citmatch_down_is_not_ok(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    retracted_in_pubmed_only(registry)
    registry.fail_next("/eutils/", "status:503", times=50)
    report = run_check(bib(), registry, tmp_path)
    assert status(report) == "unverified"


def test_pmid_only_entry_retracted_in_crossref_only_is_retracted(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    retracted_in_crossref_only(registry)
    report = run_check(bib(f"pmid = {{{PMID}}}"), registry, tmp_path)
    assert status(report) == "error"  # was "ok": Crossref never asked about PubMed's DOI
    assert [f.source for f in report.findings() if f.code == "retracted"] == ["crossref"]
    crossref = [r for r in registry.requests if r.path.startswith("/crossref")]
    assert len(crossref) == 1  # one batch, with the entries' own DOIs


def test_pmid_only_entry_with_crossref_down_is_unverified(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    retracted_in_crossref_only(registry)
    registry.fail_next("/crossref/", "status:503", times=50)
    report = run_check(bib(f"pmid = {{{PMID}}}"), registry, tmp_path)
    assert status(report) == "unverified"
    assert mi_refs.exit_code(report, strict=True) == 1


@pytest.mark.parametrize("down", ["/eutils/", "/crossref/"])
@pytest.mark.parametrize("ids", [f"doi = {{{DOI}}}", f"pmid = {{{PMID}}}", ""])
def test_with_any_one_service_down_a_retracted_work_is_never_ok(
    registry: FakeRegistry, tmp_path: Path, down: str, ids: str
) -> None:
    if down == "/eutils/":
        retracted_in_pubmed_only(registry)
    else:
        retracted_in_crossref_only(registry)
    registry.fail_next(down, "status:503", times=50)
    report = run_check(bib(ids), registry, tmp_path)
    assert status(report) in {"error", "unverified"}
    assert mi_refs.exit_code(report, strict=True) == 1


@pytest.mark.parametrize("ids", [f"doi = {{{DOI}}}", f"pmid = {{{PMID}}}", ""])
def test_a_cached_answer_counts_as_asked(registry: FakeRegistry, tmp_path: Path, ids: str) -> None:
    retracted_in_crossref_only(registry)
    first = run_check(bib(ids), registry, tmp_path)
    registry.clear_requests()
    registry.fail_next("/", "status:503", times=50)  # everything down: the cache answers
    warm = run_check(bib(ids), registry, tmp_path)
    assert registry.requests == []
    assert status(warm) == status(first)
    offline = run_check(bib(ids), registry, tmp_path, online=False)
    if ids:
        assert status(offline) == status(first) == "error"


def test_a_cold_cache_offline_is_unverified(registry: FakeRegistry, tmp_path: Path) -> None:
    report = run_check(bib(f"doi = {{{DOI}}}"), registry, tmp_path, online=False)
    assert status(report) == "unverified"


def test_add_with_pubmed_down_says_the_status_is_unknown(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    """``add`` of a DOI whose retraction PubMed alone records, PubMed answering 500: the
    entry was added with "PubMed has no record of it"; now it says PubMed could not be
    asked (a warning on the added entry)."""
    retracted_in_pubmed_only(registry)
    registry.fail_next("/eutils/", "status:500", times=50)
    report = mi_refs.add(
        [DOI], tmp_path / "new.bib", cache_dir=tmp_path / "c", registries=clients(registry)
    )
    [entry] = report.entries
    codes = [outcome.finding.code for outcome in entry.outcomes]
    assert "unverified" in codes
    assert not any("has no record" in o.finding.message for o in entry.outcomes)
