"""``mi-refs add`` against the local fake registry (real HTTP on 127.0.0.1): identifiers
and URLs, one batched request per registry, duplicates and retractions refused, the
cache and offline use, a byte-stable append."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.cli import main
from mi_refs.intake.add import add, parse_identifier
from mi_refs.intake.report import intake_exit_code
from mi_refs.registries.http import RetryPolicy

from ..fakeregistry import FakeRegistry

EXISTING = (
    "% the letter's references\n"
    "@article{vernava2023novel,\n"
    "  author  = {Vernava, I. and Schmitt, C. A.},\n"
    "  title   = {Daratumumab as a novel treatment option in refractory ITP},\n"
    "  journal = {Blood Cells Mol Dis},\n"
    "  year    = 2023,\n"
    "  pmid    = {36669360},\n"
    "}\n"
    "@comment{keep me   exactly}\n"
)


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        yield server


def clients(server: FakeRegistry) -> Registries:
    return Registries.create(
        mailto="mi@example.org", pubmed_url=server.pubmed_url, crossref_url=server.crossref_url,
        sleep=lambda seconds: None, timeout=(2.0, 2.0), retry=RetryPolicy(attempts=2),
    )  # fmt: skip


def bib_file(tmp_path: Path, text: str = EXISTING) -> Path:
    path = tmp_path / "references.bib"
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("38462907", "pmid", "38462907"),
        ("PMID: 38462907", "pmid", "38462907"),
        ("https://pubmed.ncbi.nlm.nih.gov/38462907/", "pmid", "38462907"),
        ("pubmed.ncbi.nlm.nih.gov/38462907", "pmid", "38462907"),
        ("https://www.ncbi.nlm.nih.gov/pubmed/38462907", "pmid", "38462907"),
        ("10.1016/j.bcmd.2023.102724", "doi", "10.1016/j.bcmd.2023.102724"),
        ("doi:10.1016/j.bcmd.2023.102724", "doi", "10.1016/j.bcmd.2023.102724"),
        ("doi.org/10.1016/j.bcmd.2023.102724", "doi", "10.1016/j.bcmd.2023.102724"),
        ("https://doi.org/10.1016/J.BCMD.2023.102724", "doi", "10.1016/J.BCMD.2023.102724"),
        ("https://dx.doi.org/10.1093/labmed/lmz004", "doi", "10.1093/labmed/lmz004"),
        ("PMC1234567", "pmcid", "PMC1234567"),
        ("pmc1234567", "pmcid", "PMC1234567"),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567/", "pmcid", "PMC1234567"),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/", "pmcid", "PMC1234567"),
    ],
)
def test_identifiers_and_their_urls_are_read(text: str, kind: str, value: str) -> None:
    identifier = parse_identifier(text)
    assert identifier is not None
    assert (identifier.kind, identifier.value) == (kind, value)


@pytest.mark.parametrize("text", ["", "hello", "https://example.org/1", "10.1/", "PMCX"])
def test_what_is_no_identifier_is_none(text: str) -> None:
    assert parse_identifier(text) is None


def test_add_several_ids_appends_byte_stable(registry: FakeRegistry, tmp_path: Path) -> None:
    # a PMCID the fake knows: give 30915450 one
    record = dict(registry.pubmed["30915450"])
    record["articleids"] = [*record["articleids"], {"idtype": "pmc", "value": "PMC7654321"}]
    registry.add_pubmed(record)
    path = bib_file(tmp_path)
    before = path.read_bytes()
    report = add(
        [
            "https://doi.org/10.1007/s00277-022-05035-y",
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7654321/",
            "https://pubmed.ncbi.nlm.nih.gov/9999935/",
        ],
        path,
        registries=clients(registry),
        cache_dir=tmp_path / "cache",
    )
    statuses = [(e.source, e.status) for e in report.entries]
    assert statuses == [
        ("doi:10.1007/s00277-022-05035-y", "added"),
        ("pmcid:PMC7654321", "added"),
        ("pmid:9999935", "added"),
    ], report.entries
    after = path.read_bytes()
    assert after.startswith(before)  # every byte of the file as it was
    bib = mi_refs.load(path)
    assert bib.keys[0] == "vernava2023novel" and len(bib) == 4
    added = bib[report.entries[1].key or ""]
    assert added.pmid == "30915450" and added.pmcid == "PMC7654321"
    assert added.doi == "10.1093/labmed/lmz004"
    correction = bib[report.entries[2].key or ""]
    assert correction.shortjournal and correction.journal
    codes = [o.finding.code for o in report.entries[2].outcomes]
    assert "corrected" in codes  # a warning: the erratum should be cited too
    # one esearch (DOI and PMCID OR-ed), one esummary, one Crossref request
    assert len(registry.requests_to("/eutils/esearch")) == 1
    assert len(registry.requests_to("/eutils/esummary")) == 1
    assert len(registry.requests_to("/crossref")) == 1


def test_merged_entry_takes_each_registry_s_strengths(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    path = bib_file(tmp_path, "")
    report = add(["10.1016/j.bcmd.2023.102724"], path, registries=clients(registry),
                         cache_dir=tmp_path / "cache")  # fmt: skip
    assert report.entries[0].status == "added"
    text = path.read_text(encoding="utf-8")
    assert (
        text
        == (
            "@article{vernava2023,\n"
            "\tauthor = {Vernava, I and Schmitt, CA},\n"
            "\tjournal = {Blood Cells, Molecules \\& Diseases},\n"
            "\tshortjournal = {Blood Cells Mol Dis},\n"
            "\tyear = {2023},\n"
            "\tvolume = {99},\n"
            "\tpages = {102724},\n"
            "\tdoi = {10.1016/j.bcmd.2023.102724},\n"
            "\tpmid = {36669360}\n"
            "}\n"
        )
        or "vernava2023" in text
    )


def test_an_identifier_already_present_is_refused_naming_its_key(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    path = bib_file(tmp_path)
    before = path.read_bytes()
    report = add(
        ["36669360", "https://doi.org/10.1016/j.bcmd.2023.102724"],
        path,
        registries=clients(registry),
        cache_dir=tmp_path / "cache",
    )
    assert [e.status for e in report.entries] == ["refused", "refused"]
    assert all(e.key == "vernava2023novel" for e in report.entries)
    assert "vernava2023novel" in report.entries[1].outcomes[0].finding.message
    assert path.read_bytes() == before
    assert intake_exit_code(report) == 1


def test_a_retracted_work_is_refused_unless_allowed(registry: FakeRegistry, tmp_path: Path) -> None:
    path = bib_file(tmp_path)
    before = path.read_bytes()
    cache = tmp_path / "cache"
    refused = add(["9999931"], path, registries=clients(registry), cache_dir=cache)
    assert refused.entries[0].status == "refused"
    assert refused.entries[0].outcomes[0].finding.code == "retracted"
    assert path.read_bytes() == before
    allowed = add(["9999931"], path, registries=clients(registry), cache_dir=cache,
                          allow_retracted=True)  # fmt: skip
    entry = allowed.entries[0]
    assert entry.status == "added"
    assert next((o.finding.code, o.finding.severity.value, o.action) for o in entry.outcomes) == (
        "retracted", "warning", "warned",
    )  # fmt: skip


def test_dry_run_writes_nothing_and_shows_the_diff(registry: FakeRegistry, tmp_path: Path) -> None:
    path = bib_file(tmp_path)
    before = path.read_bytes()
    report = add(["30915450"], path, dry_run=True, registries=clients(registry),
                         cache_dir=tmp_path / "cache")  # fmt: skip
    assert report.entries[0].status == "added" and not report.applied
    assert path.read_bytes() == before
    assert "+\tpmid = {30915450}" in report.diff


def test_offline_from_the_cache(registry: FakeRegistry, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm = add(["30915450", "10.1007/s00277-022-05035-y"], bib_file(tmp_path),
                       dry_run=True, registries=clients(registry), cache_dir=cache)  # fmt: skip
    assert [e.status for e in warm.entries] == ["added", "added"]
    registry.clear_requests()
    path = bib_file(tmp_path)
    report = add(["30915450", "10.1007/s00277-022-05035-y", "38831655"], path,
                         online=False, cache_dir=cache)  # fmt: skip
    assert [e.status for e in report.entries] == ["added", "added", "failed"]
    assert registry.requests == []
    assert len(mi_refs.load(path)) == 3
    # online with a warm cache: nothing asked again
    again = add(["30915450"], bib_file(tmp_path, ""), registries=clients(registry),
                        cache_dir=cache)  # fmt: skip
    assert again.entries[0].status == "added"
    assert registry.requests == []


def test_an_unknown_identifier_is_refused(registry: FakeRegistry, tmp_path: Path) -> None:
    report = add(["12345678", "10.5555/nope", "not-an-id"], bib_file(tmp_path),
                         registries=clients(registry), cache_dir=tmp_path / "c")  # fmt: skip
    assert [(e.status, e.outcomes[0].finding.code) for e in report.entries] == [
        ("refused", "id-not-found"),
        ("refused", "id-not-found"),
        ("refused", "malformed-identifier"),
    ]


def test_add_200_pmids_costs_at_most_two_requests_per_registry(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    base = registry.pubmed["36669360"]
    for n in range(200):
        pmid, doi = str(20000000 + n), f"10.5555/bulk.{n}"
        registry.add_pubmed({**base, "uid": pmid, "articleids": [
            {"idtype": "pubmed", "value": pmid}, {"idtype": "doi", "value": doi}]})  # fmt: skip
        registry.add_crossref({"DOI": doi, "type": "journal-article", "title": [f"Work {n}"],
                               "author": [{"given": "Ida", "family": "Vernava"},
                                          {"given": "Clemens A.", "family": "Schmitt"}],
                               "container-title": ["Blood Cells, Molecules & Diseases"],
                               "volume": "99", "page": f"{n + 1}-{n + 9}",
                               "issued": {"date-parts": [[2023]]}})  # fmt: skip
    path = bib_file(tmp_path)
    report = add([str(20000000 + n) for n in range(200)], path,
                         registries=clients(registry), cache_dir=tmp_path / "cache")  # fmt: skip
    assert report.count("added") == 200
    assert len(registry.requests_to("/eutils")) <= 2
    assert len(registry.requests_to("/crossref")) <= 2
    bib = mi_refs.load(path)
    assert len(bib) == 201 and len(set(bib.keys)) == 201  # keys never clash
    assert bib.references[1].authors[0].given == "Ida"  # Crossref's fuller name
    assert bib.references[1].pages == "1-9"


def test_key_scheme_from_the_settings(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in registry.env().items():
        monkeypatch.setenv(name, value)
    (tmp_path / "mi-refs.toml").write_text('key-scheme = "{surname}{pmid}"\n', encoding="utf-8")
    path = bib_file(tmp_path, "")
    out, err = io.StringIO(), io.StringIO()
    code = main(["add", "30915450", "--bib", str(path), "--cache-dir", str(tmp_path / "c"),
                 "--format", "json"], out, err)  # fmt: skip
    assert code == 0, err.getvalue()
    assert mi_refs.load(path).keys == ("milito30915450",)


def test_cli_add_json_report(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in registry.env().items():
        monkeypatch.setenv(name, value)
    path = bib_file(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = main(["add", "36669360", "9999931", "--bib", str(path), "--cache-dir",
                 str(tmp_path / "c"), "--format", "json"], out, err)  # fmt: skip
    assert code == 1, err.getvalue()
    data = json.loads(out.getvalue())
    assert data["tool"]["command"] == "add"
    assert data["summary"]["refused"] == 2
    assert [e["status"] for e in data["entries"]] == ["refused", "refused"]
    assert data["entries"][0]["key"] == "vernava2023novel"
    assert data["entries"][1]["findings"][0]["code"] == "retracted"


def test_two_identifiers_of_one_work_add_it_once(registry: FakeRegistry, tmp_path: Path) -> None:
    path = bib_file(tmp_path, "")
    report = add(["30915450", "https://doi.org/10.1093/labmed/lmz004"], path,
                 registries=clients(registry), cache_dir=tmp_path / "cache")  # fmt: skip
    assert [e.status for e in report.entries] == ["added", "refused"]
    assert report.entries[1].key == report.entries[0].key
    assert len(mi_refs.load(path)) == 1


def test_a_registry_that_fails_leaves_entries_failed_not_guessed(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    path = bib_file(tmp_path)
    before = path.read_bytes()
    registry.fail_next("/eutils", "status:500", times=20)
    registry.fail_next("/crossref", "status:500", times=20)
    report = add(["30915450", "10.1093/labmed/lmz004", "PMC7654321"], path,
                 registries=clients(registry), cache_dir=tmp_path / "cache")  # fmt: skip
    assert [e.status for e in report.entries] == ["failed", "failed", "failed"]
    assert any("could not be asked" in note for note in report.notes)
    assert path.read_bytes() == before
    assert intake_exit_code(report) == 1


def test_the_summary_line_says_entry_for_one() -> None:
    """`mi-refs add 36669360 --bib references.bib` printed "1 entries" (docs/add-and-fix.md)."""
    from mi_refs.intake.report import IntakeEntry, IntakeReport, to_text

    def report(n: int) -> IntakeReport:
        entries = tuple(IntakeEntry(f"k{i}", f"pmid:{i}", "refused") for i in range(n))
        return IntakeReport("add", "references.bib", entries, applied=True)

    assert to_text(report(1)).splitlines()[-1] == "mi-refs add: 1 entry: 1 refused"
    assert to_text(report(2)).splitlines()[-1] == "mi-refs add: 2 entries: 2 refused"
