"""Superseded evidence (issue 19.5): retracted and republished, corrected and republished,
updates, preprints since published, Retraction Watch notices; on the recorded bodies of
``tests/fixtures/api2-notices`` (SOURCES.md there) and on records built to the documented
schemas, served by the fake registry."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from mi_refs.check.notices import replacement_of, status_findings
from mi_refs.check.run import Registries
from mi_refs.cli import main
from mi_refs.registries.crossref import record_from_work
from mi_refs.registries.http import RetryPolicy
from mi_refs.registries.pubmed import notices_from_pubmed_xml, record_from_esummary
from mi_refs.registries.records import NoticeKind, RegistryRecord

from ..conftest import FIXTURES
from ..fakeregistry import FakeRegistry

RECORDED = FIXTURES / "api2-notices"
TEMPLATE = FIXTURES / "registry" / "pubmed" / "9999931.json"


def _ref(key: str = "x") -> mi_refs.Reference:
    return mi_refs.loads(f"@article{{{key}, title = {{T}}, journal = {{J}}, year = 2020}}")[key]


def _findings(record: RegistryRecord) -> list[mi_refs.Finding]:
    return status_findings(_ref(), [record])


def _summary(pmid: str, title: str, pubtype: list[str], refs: list[tuple[str, str]]) -> Any:
    """An esummary v2.0 document built on the constructed template (schema:
    tests/fixtures/registry/README.md)."""
    document = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    document = copy.deepcopy(document)
    document.update(uid=pmid, title=title, pubtype=pubtype, elocationid="")
    document["articleids"] = [{"idtype": "pubmed", "idtypen": 1, "value": pmid}]
    document["references"] = [
        {"refsource": f"J Fict Haematol. 2022. PMID {ref}", "reftype": kind, "pmid": int(ref),
         "note": ""} for kind, ref in refs
    ]  # fmt: skip
    return document


# -- recorded bodies -------------------------------------------------------------------


def test_update_in_x4_on_a_living_guideline_names_the_newest() -> None:
    text = (RECORDED / "efetch-pubmed-32887691-UpdateIn-x4-ErratumIn-CommentIn-living-guideline-pubmed-client.xml").read_text(encoding="utf-8")  # fmt: skip
    notices = notices_from_pubmed_xml(text)["32887691"]
    updates = [n.pmid for n in notices if n.kind is NoticeKind.UPDATE]
    assert updates == ["33214213", "33789884", "34230027", "34556469"]
    record = RegistryRecord("pubmed", "32887691", notices=notices)
    found = _findings(record)
    superseded = [f for f in found if f.code == "superseded"]
    assert len(superseded) == 1
    assert (superseded[0].field, superseded[0].suggestion) == ("pmid", "34556469")
    assert "cite instead: PMID 34556469" in superseded[0].message
    assert "PMID 33214213" in superseded[0].message  # the earlier links are listed
    assert [f.code for f in found if f.code != "superseded"] == ["corrected"]  # ErratumIn


def test_update_of_is_not_reported() -> None:
    text = (RECORDED / "efetch-pubmed-36156117-UpdateOf-ResearchSquare-preprint-metapub.xml").read_text(encoding="utf-8")  # fmt: skip
    notices = notices_from_pubmed_xml(text)["36156117"]
    assert notices == ()


def test_retraction_in_2011_dtd_has_no_replacement() -> None:
    text = (RECORDED / "efetch-pubmed-993-RetractionIn-Retracted-Publication-2011-DTD-neilfws.xml").read_text(encoding="utf-8")  # fmt: skip
    record = RegistryRecord("pubmed", "993", notices=notices_from_pubmed_xml(text)["993"])
    (finding,) = _findings(record)
    assert (finding.code, finding.severity.value, finding.suggestion) == (
        "retracted",
        "error",
        None,
    )
    assert "PMID 195582" in finding.message and "from PubMed" in finding.message


def test_retraction_watch_is_named_as_the_source() -> None:
    body = json.loads((RECORDED / "updated-by-retraction-watch-record-id-10.1021_am300292v-crossref-community-example.json").read_text(encoding="utf-8"))  # fmt: skip
    record = record_from_work({"DOI": "10.1021/am300292v", **body})
    (finding,) = _findings(record)
    assert finding.code == "retracted"
    assert "Retraction Watch" in finding.message and "2019-07-26" in finding.message


def test_date_time_only_and_two_notices_of_different_kinds() -> None:
    body = json.loads((RECORDED / "updated-by-wakefield-correction-and-retraction-retraction-watch-observed-paper-preflight.json").read_text(encoding="utf-8"))  # fmt: skip
    record = record_from_work({"DOI": "10.1016/s0140-6736(97)11096-0", **body})
    assert [(n.kind, n.date) for n in record.notices] == [
        (NoticeKind.CORRECTION, "2004-03-06"),
        (NoticeKind.RETRACTION, "2010-02-06"),
    ]
    assert sorted(f.code for f in _findings(record)) == ["corrected", "retracted"]


def test_is_preprint_of_in_a_recorded_work_list() -> None:
    body = json.loads((RECORDED / "funders-100000001-works-cursor-page2-is-preprint-of-has-review-rcrossref.json").read_text(encoding="utf-8"))  # fmt: skip
    found = {}
    for item in body["message"]["items"]:
        record = record_from_work(item)
        for finding in _findings(record):
            found[record.doi] = (finding.code, finding.field, finding.suggestion)
    assert found == {
        "10.5194/acp-2021-781": ("superseded", "doi", "10.5194/acp-22-2365-2022"),
        "10.1002/essoar.10503377.3": ("superseded", "doi", "10.1029/2020JG005891"),
    }


# -- constructed to the documented schemas ---------------------------------------------


def test_retracted_and_republished_points_to_the_new_pmid() -> None:
    document = _summary("23432189", "Primary prevention.", ["Journal Article", "Retracted Publication"],
                        [("Retraction in", "29897867"), ("Retracted and republished in", "29897866")])  # fmt: skip
    findings = _findings(record_from_esummary(document))
    assert len(findings) == 1  # the retraction and the replacement: one error
    finding = findings[0]
    assert (finding.code, finding.severity.value, finding.suggestion) == (
        "retracted", "error", "29897866")  # fmt: skip
    assert "cite instead: PMID 29897866" in finding.message
    assert "PMID 29897867" in finding.message  # the retraction notice is still named
    assert replacement_of(finding) is None  # fix never replaces a retracted work


def test_corrected_and_republished_is_a_fixable_replacement() -> None:
    document = _summary("9999941", "A corrected trial.", ["Journal Article"],
                        [("Corrected and republished in", "9999942")])  # fmt: skip
    (finding,) = _findings(record_from_esummary(document))
    assert (finding.code, finding.severity.value) == ("corrected", "warning")
    assert replacement_of(finding) == ("pmid", "9999942")


def test_expression_of_concern() -> None:
    document = _summary("9999943", "A concerning trial.", ["Journal Article"],
                        [("Expression of concern in", "9999944")])  # fmt: skip
    (finding,) = _findings(record_from_esummary(document))
    assert (finding.code, finding.severity.value) == ("expression-of-concern", "warning")
    assert replacement_of(finding) is None


def test_update_in_on_a_preprint_is_its_published_version() -> None:
    document = _summary("9999945", "A preprint.", ["Preprint"], [("Update in", "9999946")])
    (finding,) = _findings(record_from_esummary(document))
    assert finding.code == "superseded" and "preprint since published" in finding.message
    assert replacement_of(finding) == ("pmid", "9999946")


def test_publisher_and_retraction_watch_notice_merged() -> None:
    updated = {"date-parts": [[2020, 5, 4]]}
    work = {
        "DOI": "10.5555/mirefs.rw.1",
        "updated-by": [
            {"DOI": "10.5555/mirefs.rw.notice", "type": "retraction", "source": "publisher",
             "updated": updated},
            {"DOI": "10.5555/MIREFS.RW.NOTICE", "type": "Retraction", "source": "retraction-watch",
             "updated": {"date-time": "2020-05-04T00:00:00Z"}, "record-id": "1"},
            {"DOI": "10.5555/mirefs.rw.v2", "type": "new-version", "source": "publisher"},
            {"DOI": "10.5555/mirefs.rw.add", "type": "addendum", "source": "publisher"},
            {"DOI": "10.5555/mirefs.rw.part", "type": "partial_retraction", "source": "publisher"},
        ],
    }  # fmt: skip
    found = {(f.code, f.severity.value): f for f in _findings(record_from_work(work))}
    retraction = found[("retracted", "error")]
    assert "the publisher (via Crossref) and Retraction Watch (via Crossref)" in retraction.message
    assert "2020-05-04" in retraction.message
    assert found[("superseded", "warning")].suggestion == "10.5555/mirefs.rw.v2"
    assert "'addendum'" in found[("corrected", "info")].message  # unknown type kept, not silent
    assert "partly retracted" in found[("retracted", "warning")].message
    assert len(found) == 4


# -- end to end: fake registry, every report format, CLI --------------------------------


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        server.add_pubmed(_summary("9999945", "A preprint.", ["Preprint"], [("Update in", "9999946")]))  # fmt: skip
        predimed = _summary("23432189", "Primary prevention.", ["Journal Article", "Retracted Publication"],
                            [("Retracted and republished in", "29897866")])  # fmt: skip
        server.add_pubmed(predimed)
        server.add_pubmed(_summary("9999946", "A published trial.", ["Journal Article"], []))
        corrected = _summary("9999941", "A corrected trial.", ["Journal Article"],
                             [("Corrected and republished in", "9999942")])  # fmt: skip
        server.add_pubmed(corrected)
        server.add_pubmed(_summary("9999942", "The corrected trial, republished.", ["Journal Article"], []))  # fmt: skip
        yield server


BIB = (
    "@online{pre, title = {A preprint}, author = {Testwell, A}, year = 2021, pmid = {9999945},"
    " pubstate = {prepublished}, eprinttype = {medrxiv}, eprint = {2021.01.01.1},"
    " keywords = {mine}}\n"
    "@article{predimed, title = {Primary prevention}, author = {Testwell, A}, journal = {J Fict Haematol},"
    " year = 2021, pmid = {23432189}}\n"
)


def _registries(server: FakeRegistry) -> Registries:
    return Registries.create(mailto="mi@example.org", pubmed_url=server.pubmed_url,
                             crossref_url=server.crossref_url, sleep=lambda s: None,
                             timeout=(2.0, 2.0), retry=RetryPolicy(attempts=2))  # fmt: skip


def test_every_report_format_carries_the_findings(registry: FakeRegistry, tmp_path: Path) -> None:
    report = mi_refs.check(mi_refs.loads(BIB), registries=_registries(registry),
                           cache_dir=tmp_path / "cache")  # fmt: skip
    codes = {(f.key, f.code) for f in report.findings()}
    assert {("pre", "superseded"), ("predimed", "retracted")} <= codes
    data = json.loads(mi_refs.format_report(report, "json"))
    pre = next(e for e in data["entries"] if e["key"] == "pre")
    superseded = next(f for f in pre["findings"] if f["code"] == "superseded")
    assert superseded["suggestion"] == "9999946"
    assert "superseded" in mi_refs.format_report(report, "text")
    github = mi_refs.format_report(report, "github")
    assert "::warning" in github and "cite instead: PMID 9999946" in github
    junit = mi_refs.format_report(report, "junit")
    assert "superseded" in junit and "29897866" in junit


def test_cli_reports_what_to_cite_instead(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in registry.env().items():
        monkeypatch.setenv(name, value)
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(bib), "--cache-dir", str(tmp_path / "c")], out, err)
    assert code == 1, err.getvalue()
    assert "cite instead: PMID 29897866" in out.getvalue()


FIX_BIB = BIB + (
    "@article{fixed, title = {A corrected trial}, author = {Testwell, A}, journal = {J Fict Haematol},"
    " year = 2021, pmid = {9999941}}\n"
)


def test_fix_replaces_preprint_and_republished_never_the_retracted(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(FIX_BIB, encoding="utf-8")
    bib = mi_refs.load(path)
    registries = _registries(registry)
    report = mi_refs.check(bib, registries=registries, cache_dir=tmp_path / "cache")
    replacements = mi_refs.fetch_replacements(report, registries=registries,
                                              cache_dir=tmp_path / "cache")  # fmt: skip
    assert set(replacements) == {"pmid:9999946", "pmid:9999942"}  # not the retracted one's
    result = mi_refs.fix(bib, report, apply=True, replacements=replacements)
    after = mi_refs.load(path)
    pre = after["pre"]
    assert (pre.entry_type, pre.title, pre.pmid) == ("article", "A published trial", "9999946")
    assert pre.get("keywords") == "mine" and not pre.get("eprint") and not pre.get("pubstate")
    assert after["fixed"].pmid == "9999942"
    assert after["predimed"].pmid == "23432189"  # retracted: never replaced
    assert "+@article{pre," in result.diff and "-@online{pre," in result.diff
    outcome = next(o for e in result.entries if e.key == "pre" for o in e.outcomes
                   if o.finding.code == "superseded")  # fmt: skip
    assert outcome.action == "changed" and "eprint" in outcome.reason


def test_fix_without_replacements_leaves_the_entry(registry: FakeRegistry, tmp_path: Path) -> None:
    bib = mi_refs.loads(FIX_BIB)
    path = tmp_path / "refs.bib"
    path.write_text(FIX_BIB, encoding="utf-8")
    bib = mi_refs.load(path)
    report = mi_refs.check(bib, registries=_registries(registry), cache_dir=tmp_path / "c")
    result = mi_refs.fix(bib, report)
    assert "pmid = {9999946}" not in result.diff


def test_cli_fix_shows_the_replacement_in_the_diff(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in registry.env().items():
        monkeypatch.setenv(name, value)
    bib = tmp_path / "refs.bib"
    bib.write_text(FIX_BIB, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    main(["fix", str(bib), "--cache-dir", str(tmp_path / "c")], out, err)
    assert "+  pmid = {9999946}" in out.getvalue() or "pmid = {9999946}" in out.getvalue()
    assert "23432189" not in [
        line[1:].strip() for line in out.getvalue().splitlines() if line.startswith("+")
    ]
    assert bib.read_text(encoding="utf-8") == FIX_BIB  # no --apply: nothing written


def test_an_update_chain_is_followed_to_the_newest_version(tmp_path: Path) -> None:
    """A Cochrane-style chain (constructed): 9999951 -> 9999952 -> 9999953 -> 9999954."""
    with FakeRegistry.from_fixtures() as server:
        for pmid, newer in (("9999951", "9999952"), ("9999952", "9999953"), ("9999953", "9999954")):
            server.add_pubmed(_summary(pmid, f"Review {pmid}.", ["Journal Article", "Review"],
                                       [("Update in", newer)]))  # fmt: skip
        server.add_pubmed(_summary("9999954", "Review 9999954.", ["Journal Article", "Review"], []))
        bib = "@article{r, title = {Review 9999951}, author = {Testwell, A}, journal = {J Fict Haematol}, year = 2021, pmid = {9999951}}"
        report = mi_refs.check(mi_refs.loads(bib), registries=_registries(server),
                               cache_dir=tmp_path / "cache")  # fmt: skip
        (finding,) = [f for f in report.findings() if f.code == "superseded"]
        assert finding.suggestion == "9999954"
        assert "cite instead: PMID 9999954" in finding.message
        assert "PMID 9999952, PMID 9999953" in finding.message
        esummary = [r for r in server.requests if r.path.endswith("esummary.fcgi")]
        assert len(esummary) == 4  # the entry, then one request a hop (3 hops, the last ends it)
        server.clear_requests()
        mi_refs.check(
            mi_refs.loads(bib), registries=_registries(server), cache_dir=tmp_path / "cache"
        )
        assert not [r for r in server.requests if r.path.endswith("esummary.fcgi")]  # warm


def test_a_crossref_preprint_is_replaced_by_its_published_version(tmp_path: Path) -> None:
    """Constructed to the Crossref work schema: the relation id written as a doi.org URL
    in upper case (mi-sources.md 3.3: ids vary in case and carry https://doi.org/)."""
    preprint = {
        "DOI": "10.5555/mirefs.pre.1", "type": "posted-content", "subtype": "preprint",
        "title": ["A preprint on ITP"], "author": [{"family": "Testwell", "given": "A"}],
        "issued": {"date-parts": [[2022, 1, 5]]},
        "relation": {"is-preprint-of": [{"id-type": "doi", "id": "https://doi.org/10.5555/MIREFS.PUB.1",
                                         "asserted-by": "subject"}]},
    }  # fmt: skip
    published = {
        "DOI": "10.5555/mirefs.pub.1", "type": "journal-article", "title": ["ITP, published"],
        "author": [{"family": "Testwell", "given": "A"}], "container-title": ["Journal of fictional haematology"],
        "short-container-title": ["J Fict Haematol"], "volume": "12", "page": "1-9",
        "issued": {"date-parts": [[2022, 6, 1]]},
    }  # fmt: skip
    with FakeRegistry.from_fixtures() as server:
        server.add_crossref(preprint)
        server.add_crossref(published)
        path = tmp_path / "refs.bib"
        path.write_text(
            "@online{p, title = {A preprint on ITP}, author = {Testwell, A}, year = 2022,"
            " doi = {10.5555/mirefs.pre.1}, pubstate = {prepublished}, eprinttype = {medrxiv},"
            " eprint = {2022.01.05.1}}\n",
            encoding="utf-8",
        )
        bib = mi_refs.load(path)
        registries = _registries(server)
        report = mi_refs.check(bib, registries=registries, cache_dir=tmp_path / "c")
        (finding,) = [f for f in report.findings() if f.code == "superseded"]
        assert finding.suggestion is not None
        assert finding.suggestion.lower() == "10.5555/mirefs.pub.1"
        replacements = mi_refs.fetch_replacements(report, registries=registries,
                                                  cache_dir=tmp_path / "c")  # fmt: skip
        mi_refs.fix(bib, report, apply=True, replacements=replacements)
        after = mi_refs.load(path)["p"]
        assert (after.entry_type, after.doi.lower(), after.volume) == (
            "article",
            "10.5555/mirefs.pub.1",
            "12",
        )


def test_a_crossref_new_version_chain_is_followed(tmp_path: Path) -> None:
    """Constructed to the Crossref work schema (updated-by type new_version, then
    new_edition, dates as date-parts and as date-time only): edition 1 -> 2 -> 3."""

    def work(n: int, updated_by: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "DOI": f"10.5555/mirefs.ed{n}", "type": "book", "title": [f"Guideline edition {n}"],
            "author": [{"family": "Testwell", "given": "A"}],
            "issued": {"date-parts": [[2018 + 2 * n]]}, "updated-by": updated_by,
        }  # fmt: skip

    first = work(1, [{"type": "new_version", "DOI": "10.5555/MIREFS.ED2", "source": "publisher",
                      "updated": {"date-parts": [[2022, 3, 2]]}}])  # fmt: skip
    second = work(2, [{"type": "new-edition", "DOI": "10.5555/mirefs.ed3", "source": "publisher",
                       "updated": {"date-time": "2024-05-01T00:00:00Z"}}])  # fmt: skip
    with FakeRegistry.from_fixtures() as server:
        for item in (first, second, work(3, [])):
            server.add_crossref(item)
        bib = ("@book{g, title = {Guideline edition 1}, author = {Testwell, A}, year = 2020,"
               " publisher = {Fict}, doi = {10.5555/mirefs.ed1}}")  # fmt: skip
        report = mi_refs.check(mi_refs.loads(bib), registries=_registries(server),
                               cache_dir=tmp_path / "cache")  # fmt: skip
        (finding,) = [f for f in report.findings() if f.code == "superseded"]
        assert finding.field == "doi" and finding.suggestion == "10.5555/mirefs.ed3"
        assert "cite instead: doi:10.5555/mirefs.ed3, the newest version" in finding.message
        assert "updated in turn: doi:10.5555/mirefs.ed2" in finding.message
        assert "2022-03-02" in finding.message  # the update's date, against the cited 2020
        server.clear_requests()
        mi_refs.check(
            mi_refs.loads(bib), registries=_registries(server), cache_dir=tmp_path / "cache"
        )
        assert not [r for r in server.requests if "/works" in r.path]  # warm


def test_cli_reports_mi_kind_lints(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{dof, entrysubtype = {data-on-file}, organization = {Example Inc}, year = 2024}\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["check", str(bib), "--offline", "--no-cache", "--format", "github", "--strict"], out, err
    )
    assert code == 1
    assert "title=missing-field [dof]" in out.getvalue() and "document number" in out.getvalue()
