"""``add NCT...`` (issue 19 item 8): full registration entries from ClinicalTrials.gov,
served by tests/fakectgov.py from the recorded v2 bodies (tests/fixtures/ctgov)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.cli import main
from mi_refs.intake.add import add, parse_identifier
from mi_refs.model import Kind

from ..fakectgov import fake_ctgov, recorded


@pytest.mark.parametrize(
    "text",
    ["NCT02552212", "nct2552212", "https://clinicaltrials.gov/study/NCT02552212",
     "https://clinicaltrials.gov/ct2/show/NCT02552212?term=x"],
)  # fmt: skip
def test_nct_numbers_and_urls_are_read(text: str) -> None:
    identifier = parse_identifier(text)
    assert identifier is not None and (identifier.kind, identifier.value) == ("nct", "NCT02552212")


def test_add_builds_a_registration_and_check_accepts_it(tmp_path: Path) -> None:
    studies = [recorded("v2-study-NCT02552212"), recorded("built-v2-study-NCT00081588")]
    with fake_ctgov(studies) as fake:
        registries = Registries.create(ctgov_url=fake.url, sleep=lambda s: None)
        bib = tmp_path / "references.bib"
        report = add(["NCT02552212", "NCT00980226", "NCT09999999"], bib,
                     registries=registries, cache_dir=tmp_path / "c")  # fmt: skip
        states = [(e.source, e.status) for e in report.entries]
        assert states == [("NCT02552212", "added"), ("NCT00980226", "added"),
                          ("NCT09999999", "refused")]  # fmt: skip
        alias = report.entries[1].outcomes[0].finding
        assert alias.code == "obsolete-identifier" and "added as NCT00081588" in alias.message
        assert report.entries[2].outcomes[0].finding.code == "id-not-found"
        text = bib.read_text(encoding="utf-8")
        assert "entrysubtype = {registration}" in text and "shorttitle = {C-AXSPAND}" in text
        assert "number = {NCT00081588}" in text and "date = {2022-08-18}" in text
        loaded = mi_refs.load(bib)
        assert {r.kind for r in loaded.references} == {Kind.REGISTRATION}
        again = add(["NCT02552212"], bib, registries=registries, cache_dir=tmp_path / "c")
        assert again.entries[0].status == "refused"  # already in the file
        before = registries.requests_made()["ctgov"]
        checked = mi_refs.check(loaded, registries=registries, cache_dir=tmp_path / "c")
        ctgov = {f.code for e in checked.entries for f in e.findings if f.source == "ctgov"}
        assert ctgov == {"trial-results"}  # C-AXSPAND's results papers are not in the file
        assert checked.requests["ctgov"] == before  # no request: the alias too was cached


def test_cli_add_nct(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with fake_ctgov([recorded("v2-study-NCT00973089")]) as fake:
        monkeypatch.setenv("MI_REFS_CTGOV_URL", fake.url)
        bib = tmp_path / "letter.bib"
        out, err = io.StringIO(), io.StringIO()
        argv = ["add", "NCT00973089", "--bib", str(bib), "--cache-dir", str(tmp_path / "c"),
                "--format", "json"]  # fmt: skip
        assert main(argv, out, err) == 0, err.getvalue()
    assert json.loads(out.getvalue())["entries"][0]["status"] == "added"
    assert "number = {NCT00973089}" in bib.read_text(encoding="utf-8")
