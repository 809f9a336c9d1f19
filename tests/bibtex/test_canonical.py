"""One canonical form and one equivalence per field (issue #15, item 1): the page ranges,
titles and identifiers of the issue's reproductions, and the forms real records take
(tests/fixtures/api, ../shared/fixtures: MEDLINE's abbreviated ranges, Crossref's JATS
title markup, PubMed's trailing period, lower-cased Crossref DOIs)."""

from __future__ import annotations

import pytest

from mi_refs.bibtex.canonical import (
    canonical_pages,
    canonical_title,
    first_page,
    identifier_debris,
    page_relation,
    same_doi,
    same_pages,
)
from mi_refs.bibtex.repair import missing_comma_repairs


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("e84-e89", "e84-9", "same"),  # issue #15: check and fix flipped forever on these
        ("e84-e89", "e84–e89", "same"),
        ("e84-9", "e84–e89", "same"),
        ("e48-e51", "e48-51", "same"),  # a correct entry reported as a mismatch
        ("1618-21", "1618-1621", "same"),
        ("333-6", "333-336", "same"),  # issue #16: the same article exported twice
        ("84-89", "e84-e89", "same"),  # a registry without the e
        ("2301", "2301-2315", "first-page"),  # issue #16: a first page alone
        ("2301-2315", "2301", "first-page"),
        ("1149-1155", "1149-1160", "same-start"),
        ("1149-1155", "1150-1155", "different"),
        ("e00340-10", "e00340-e00310", "different"),  # an ASM e-locator is not a range
        ("", "12-14", "same"),
    ],
)
def test_page_relation(a: str, b: str, relation: str) -> None:
    assert page_relation(a, b) == relation
    assert page_relation(b, a) == relation
    assert same_pages(a, b) is (relation in {"same", "first-page"})


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("e84-9", "e84-e89"),
        ("e84--e89", "e84-e89"),
        ("e84–e89", "e84-e89"),
        ("1618--21", "1618-1621"),
        ("903-9", "903-909"),  # MEDLINE's form (efetch 18487186, tests/fixtures/api)
        ("S459-60", "S459-S460"),
        ("e0182390", "e0182390"),  # PLoS One e-locator (esummary 28806736)
        ("e00340-10", "e00340-10"),  # ASM's hyphenated e-locator stays whole
        ("e00562-20", "e00562-20"),  # the same form in a real PMC esummary
        ("m3379", "m3379"),
        ("2301", "2301"),
    ],
)
def test_canonical_pages_are_full_ranges(raw: str, canonical: str) -> None:
    assert canonical_pages(raw) == canonical
    assert canonical_pages(canonical) == canonical  # idempotent


def test_first_page() -> None:
    assert first_page("e84-9") == "84"
    assert first_page("333--6") == "333"
    assert first_page("") == ""


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        # PubMed ends every title with a period (efetch 22663011, tests/fixtures/api)
        ("Improved survival with MEK inhibition in BRAF-mutated melanoma.",
         "Improved survival with MEK inhibition in BRAF-mutated melanoma"),
        # Crossref's JATS markup (works-10.1136_jclinpath-2020-206745.json)
        ("Construction of a reference material panel for detecting\n                    "
         "<i>KRAS</i>\n                    /\n                    <i>NRAS</i>\n"
         "                    mutations in plasma ctDNA",
         "Construction of a reference material panel for detecting KRAS/NRAS mutations "
         "in plasma ctDNA"),
        ("Is it safe?", "Is it safe?"),
        ("Trends in the U.S.", "Trends in the U.S."),
        ("To be continued...", "To be continued..."),
        ("Smith &amp; Jones revisited.", "Smith & Jones revisited"),
    ],
)  # fmt: skip
def test_canonical_title(raw: str, canonical: str) -> None:
    assert canonical_title(raw) == canonical
    assert canonical_title(canonical) == canonical


@pytest.mark.parametrize(
    ("field", "raw", "clean"),
    [
        ("doi", "10.1056/NEJMoa042176 [doi]", "10.1056/NEJMoa042176"),  # issue #16
        ("doi", "http://dx.doi.org/10.1056/NEJMoa042176", "10.1056/NEJMoa042176"),
        ("doi", "https://doi.org/10.1056/NEJMoa042176", "10.1056/NEJMoa042176"),
        ("doi", "doi:10.1056/NEJMoa042176", "10.1056/NEJMoa042176"),
        ("doi", "S0140-6736(20)30183-5 [pii] 10.1016/S0140-6736(20)30183-5 [doi]",
         "10.1016/S0140-6736(20)30183-5"),
        ("doi", "10.1056/NEJMoa042176", None),  # already bare
        ("doi", "10.1056/nejmoa042176", None),  # case is not debris
        ("doi", "not a doi", None),  # malformed-identifier, not debris
        ("pmid", "PMID: 36669360", "36669360"),
        ("pmid", "36669360 [pmid]", "36669360"),
        ("pmid", "36669360", None),
        ("pmcid", "PMC9197514", None),
    ],
)  # fmt: skip
def test_identifier_debris(field: str, raw: str, clean: str | None) -> None:
    assert identifier_debris(field, raw) == clean


def test_dois_compare_ignoring_case_and_debris() -> None:
    # Crossref serves DOIs lower-cased (tests/fixtures/registry/README.md)
    assert same_doi("10.1056/NEJMoa2023325", "10.1056/nejmoa2023325")
    assert same_doi("https://doi.org/10.1056/NEJMoa2023325", "10.1056/nejmoa2023325 [doi]")
    assert not same_doi("10.1056/NEJMoa2023325", "10.1056/NEJMoa2023326")
    assert not same_doi("", "")


def test_a_missing_comma_is_put_back_and_nothing_else_changes() -> None:
    text = (
        "@article{a,\n  journal = {Lancet}\n  year = {2023},\n  volume = {99},\n}\n"
        "@article{b, title={x} year=2020 volume = {3}, pages={1}}\n"
        "@article{c,\n  title = {fine},\n}\n"
    )
    repaired, where = missing_comma_repairs(text)
    assert where == {"a": ["year"], "b": ["year", "volume"]}
    assert repaired == text.replace("{Lancet}\n", "{Lancet},\n").replace(
        "{x} year=2020 volume", "{x}, year=2020, volume"
    )
    assert missing_comma_repairs(repaired) == (repaired, {})
