"""Online findings on recorded registry answers (tests/fixtures/api, provenance in its
SOURCES.md), served by ``responses`` with every registered request required."""

from __future__ import annotations

import json
from pathlib import Path

import responses

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.registries.http import RetryPolicy

from ..conftest import FIXTURES

API = FIXTURES / "api"
CROSSREF = "https://api.crossref.org"
EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"


def test_an_online_first_year_from_a_recorded_crossref_work_is_info(tmp_path: Path) -> None:
    """Crossref's record of 10.1136/jclinpath-2020-206745: published online 2020, in the
    2021 issue (J Clin Pathol 74(5):314-320). An entry giving 2020 is not wrong: one
    ``info`` suggesting 2021, which AMA cites. PubMed is asked for the DOI and knows no
    PMID (an empty esearch answer)."""
    work = (API / "crossref" / "works-10.1136_jclinpath-2020-206745.json").read_text()
    title = json.loads(work)["message"]["title"][0]
    bib = mi_refs.loads(
        "@article{xu, author = {Xu, J and others}, title = {" + title + "}, "
        "journal = {J Clin Pathol}, year = {2020}, volume = {74}, number = {5}, "
        "pages = {314--320}, doi = {10.1136/jclinpath-2020-206745}}"
    )
    with responses.RequestsMock(assert_all_requests_are_fired=True) as served:
        served.get(f"{CROSSREF}/works/10.1136%2Fjclinpath-2020-206745", body=work)
        served.post(
            f"{EUTILS}/esearch.fcgi",
            json={"header": {"type": "esearch", "version": "0.3"},
                  "esearchresult": {"count": "0", "retmax": "0", "retstart": "0", "idlist": []}},
        )  # fmt: skip
        registries = Registries.create(
            mailto="mi@example.org",
            pubmed_url=EUTILS,
            crossref_url=CROSSREF,
            sleep=lambda seconds: None,
            retry=RetryPolicy(attempts=1),
        )
        report = mi_refs.check(bib, registries=registries, cache_dir=tmp_path)
    (entry,) = report.entries
    found = [(f.code, f.field, f.severity.value, f.suggestion) for f in entry.findings]
    assert ("field-mismatch", "year", "info", "2021") in found
    assert not [f for f in found if f[2] == "error"], found
