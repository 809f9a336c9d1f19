"""Online findings where the kind of answer decides the severity (issue #10), on the fake
registry (real HTTP on 127.0.0.1, records from tests/fixtures/registry): an online-first
year, a DOI PubMed confirms that Crossref does not hold, an empty registry answer."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.registries.http import RetryPolicy

from ..fakeregistry import FakeRegistry

DOI = "10.1016/j.bcmd.2023.102724"
VERNAVA = (
    "@article{vernava, author = {Vernava, I and Schmitt, CA}, title = {Daratumumab as a "
    "novel treatment option in refractory ITP}, journal = {Blood Cells Mol Dis}, "
    "year = {YEAR}, volume = {99}, pages = {102724}, IDS}\n"
)


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        yield server


def run(registry: FakeRegistry, tmp_path: Path, *, year: str = "2023", ids: str) -> list:  # type: ignore[type-arg]
    text = VERNAVA.replace("YEAR", year).replace("IDS", ids)
    registries = Registries.create(
        mailto="mi@example.org", pubmed_url=registry.pubmed_url,
        crossref_url=registry.crossref_url, sleep=lambda seconds: None, timeout=(2.0, 2.0),
        retry=RetryPolicy(attempts=2),
    )  # fmt: skip
    report = mi_refs.check(mi_refs.loads(text), registries=registries, cache_dir=tmp_path / "cache")
    (entry,) = report.entries
    return [(f.code, f.field, f.severity.value, f.suggestion) for f in entry.findings]


def test_the_online_first_year_is_info_suggesting_the_issue_year(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    """PubMed knows only the issue year (2023), Crossref also the online-first year (2022):
    the stored 2022 was an error from PubMed's record; it is an info now."""
    message = copy.deepcopy(registry.crossref[DOI])
    message["published-online"] = {"date-parts": [[2022, 12, 20]]}
    registry.add_crossref(message)
    found = run(registry, tmp_path, year="2022", ids=f"pmid = {{36669360}}, doi = {{{DOI}}}")
    assert ("field-mismatch", "year", "info", "2023") in found
    assert not [f for f in found if f[2] == "error"]


def test_a_doi_pubmed_confirms_but_crossref_lacks_is_info(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    """Registered with another DOI agency: not found in Crossref is not an error."""
    del registry.crossref[DOI]
    found = run(registry, tmp_path, ids=f"pmid = {{36669360}}, doi = {{{DOI}}}")
    assert ("id-not-found", "doi", "info", None) in found
    assert not [f for f in found if f[2] in {"error", "warning"}]


def test_an_empty_esummary_answer_is_not_asked_never_not_found(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    """``{"result": {"uids": []}}`` answers nothing: every PMID stays unverified (asked
    again next run), none is "not in PubMed"."""
    registry.fail_next("/eutils/esummary.fcgi", "empty-result", times=5)
    found = run(registry, tmp_path, ids="pmid = {36669360}")
    assert not [f for f in found if f[0] == "id-not-found"]
    assert ("unverified", None, "warning", None) in found
