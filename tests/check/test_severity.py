"""Severity is a promise (issue 10): ``error`` only for what is certainly wrong."""

from __future__ import annotations

import mi_refs
from mi_refs.check.compare import compare
from mi_refs.check.journals import same_journal
from mi_refs.check.verify import _one_registry_against
from mi_refs.model import Kind, Name, Reference, Severity
from mi_refs.registries.records import RegistryRecord

ENTRY = Reference(
    "k",
    "article",
    Kind.ARTICLE,
    authors=(Name("Vernava", "I"),),
    title="Daratumumab as a novel treatment option in refractory ITP",
    journal="Blood Cells Mol Dis",
    year="2023",
    volume="99",
    pages="102724",
    doi="10.1016/j.bcmd.2023.102724",
    pmid="36669360",
)


def record(source: str, volume: str) -> RegistryRecord:
    return RegistryRecord(
        source,
        "x",
        title=ENTRY.title,
        authors=ENTRY.authors,
        journal="Blood Cells Mol Dis",
        year="2023",
        volume=volume,
        pages="102724",
        doi=ENTRY.doi,
        pmid=ENTRY.pmid,
    )


def findings(*records: RegistryRecord) -> list[tuple[str | None, str, str]]:
    compared = [f for r in records for f in compare(ENTRY, r, same_journal, r.source)]
    return [(f.field, f.source, f.severity.value) for f in _one_registry_against(compared, records)]


def test_a_field_one_registry_contradicts_and_the_other_confirms_is_a_warning() -> None:
    assert findings(record("pubmed", "99"), record("crossref", "98")) == [
        ("volume", "crossref", "warning")
    ]


def test_a_field_every_registry_contradicts_is_an_error() -> None:
    assert findings(record("pubmed", "98"), record("crossref", "98")) == [
        ("volume", "pubmed", "error"),
        ("volume", "crossref", "error"),
    ]
    assert findings(record("crossref", "98")) == [("volume", "crossref", "error")]


def test_prescribing_information_as_misc_without_url_is_no_error() -> None:
    """A package insert typed @misc with publisher and address but no URL was accused of
    lacking the URL a web page needs."""
    bib = mi_refs.loads(
        "@misc{doptelet, title = {Doptelet (avatrombopag) [prescribing information]},"
        " publisher = {Sobi Inc}, address = {Durham, NC}, year = {2021}}"
    )
    report = mi_refs.check(bib, online=False, use_cache=False)
    severities = [f.severity for e in report.entries for f in e.findings]
    assert Severity.ERROR not in severities
    assert not [p for p in bib.problems if "url" in p.message]
