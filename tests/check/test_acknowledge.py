"""Acknowledged findings (issue 19.7): a writer acknowledges one finding (code) of one
entry (key) with a reason in the settings; it stays in every report, marked, and no longer
fails the run (``--strict`` included). ``ignore`` hides; ``acknowledge`` shows."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.cli import main

from ..fakeregistry import FakeRegistry

# The constructed retracted record 9999931 of tests/fixtures/registry (PubMed and Crossref).
BIB = (
    "@article{testwell2021, author = {Testwell, A and Mockford, BC and Fakhri, D},"
    " title = {Daratumumab for refractory immune thrombocytopenia in a fictional cohort of 12"
    " adults}, journal = {J Fict Haematol}, year = 2021, volume = {11}, number = {4},"
    " pages = {101--109}, doi = {10.5555/mirefs.2021.0931}, pmid = {9999931}}\n"
)
ACK = {"key": "testwell2021", "code": "retracted", "reason": "discussed on purpose"}
SETTINGS = (
    '[tool.mi-refs]\nacknowledge = [{key = "testwell2021", code = "retracted",'
    ' reason = "discussed on purpose"}]\n'
)


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        yield server


def _check(server: FakeRegistry, tmp_path: Path, **options: object) -> mi_refs.CheckReport:
    registries = Registries.create(mailto="mi@example.org", pubmed_url=server.pubmed_url,
                                   crossref_url=server.crossref_url, sleep=lambda s: None)  # fmt: skip
    return mi_refs.check(mi_refs.loads(BIB), registries=registries,
                         cache_dir=tmp_path / "cache", settings=False, **options)  # type: ignore[arg-type]  # fmt: skip


def test_acknowledged_is_shown_in_every_format_and_never_fails(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    before = _check(registry, tmp_path)
    assert mi_refs.exit_code(before) == 1
    report = _check(registry, tmp_path, acknowledge=[ACK])
    retracted = [f for f in report.findings() if f.code == "retracted"]
    assert len(retracted) == 2  # PubMed's and Crossref's: both kept, both acknowledged
    assert all(f.acknowledged == "discussed on purpose" for f in retracted)
    assert mi_refs.exit_code(report) == 0
    assert mi_refs.exit_code(report, strict=True) == 0
    assert report.errors == 0 and report.acknowledged == 2
    text = mi_refs.format_report(report, "text")
    assert "(acknowledged: discussed on purpose)" in text and "2 findings acknowledged" in text
    data = json.loads(mi_refs.format_report(report, "json"))
    findings = data["entries"][0]["findings"]
    assert [f["acknowledged"] for f in findings if f["code"] == "retracted"] == [
        "discussed on purpose"
    ] * 2
    assert data["summary"]["acknowledged"] == 2 and data["summary"]["errors"] == 0
    github = mi_refs.format_report(report, "github", strict=True)
    assert "::error" not in github
    assert github.count("::notice") >= 2 and "acknowledged: discussed on purpose" in github
    junit = ET.fromstring(mi_refs.format_report(report, "junit", strict=True))
    assert not list(junit.iter("failure"))
    assert all(s.get("failures") in {None, "0"} for s in junit.iter("testsuite"))
    assert "acknowledged: discussed on purpose" in mi_refs.format_report(report, "junit")
    assert "| acknowledged |" in mi_refs.format_report(report, "markdown")


def test_ignore_hides_acknowledge_shows(registry: FakeRegistry, tmp_path: Path) -> None:
    ignored = _check(registry, tmp_path, ignore=[ACK])
    assert not [f for f in ignored.findings() if f.code == "retracted"]
    assert len(ignored.ignored) == 2


def test_only_the_named_entry_and_code(registry: FakeRegistry, tmp_path: Path) -> None:
    other = {**ACK, "key": "someone-else"}
    report = _check(registry, tmp_path, acknowledge=[other])
    assert mi_refs.exit_code(report) == 1
    assert any("matched no finding" in note for note in report.notes)
    style = {**ACK, "code": "style"}
    report = _check(registry, tmp_path, acknowledge=[style])
    assert mi_refs.exit_code(report) == 1  # the retraction is not the style finding


def test_cli_reads_the_settings(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in registry.env().items():
        monkeypatch.setenv(name, value)
    (tmp_path / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", str(bib), "--strict", "--format", "github", "--cache-dir", str(tmp_path / "c")]
    code = main(argv, out, err)
    assert code == 0, out.getvalue() + err.getvalue()
    assert "acknowledged: discussed on purpose" in out.getvalue()


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('{kye = "a", code = "retracted", reason = "r"}', "unknown field(s) kye"),
        ('{key = "", code = "retracted", reason = "r"}', "key must be non-empty text"),
        ('{key = "a", code = " ", reason = "r"}', "code must be non-empty text"),
        ('{key = "a", code = "retracted", reason = ""}', "reason must be non-empty text"),
        ('{code = "retracted", reason = "r"}', "key must be non-empty text, not missing"),
        ('{key = "a", code = "retracted-paper", reason = "r"}', "unknown code"),
        ('"a"', "expected a table"),
    ],
    ids=["misspelt", "empty-key", "blank-code", "empty-reason", "no-key", "unknown-code", "text"],
)
def test_an_unusable_acknowledge_rule_is_a_usage_error(
    tmp_path: Path, rule: str, expected: str
) -> None:
    (tmp_path / "r.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.mi-refs]\nacknowledge = [{rule}]\n",
                                             encoding="utf-8")  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(tmp_path / "r.bib"), "--offline", "--no-cache"], out, err)
    assert code == 2
    assert "acknowledge (rule 1)" in err.getvalue() and expected in err.getvalue()
    assert "internal error" not in err.getvalue()


def test_the_api_refuses_the_same_rules() -> None:
    with pytest.raises(mi_refs.InvalidArgumentError, match="reason"):
        mi_refs.AcknowledgeRule("a", "retracted", " ")
    with pytest.raises(mi_refs.InvalidArgumentError, match="unknown field"):
        mi_refs.AcknowledgeRule.from_mapping({"key": "a", "code": "retracted", "why": "x"})
