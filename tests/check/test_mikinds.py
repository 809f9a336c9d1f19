"""MI-kind lints, offline (issue 19.6): data on file, access dates, presentations and
posters, abstract numbers, prescribing information dated by year. Entries as
docs/bibtex.md writes each kind (and Better BibTeX's presentation shape, per
mi-sources.md section 5); false alarms measured on the seed and tests/fixtures."""

from __future__ import annotations

import mi_refs
from mi_refs.check.mikinds import mi_kind_findings
from mi_refs.check.offline import check_offline
from mi_refs.model import Kind

from ..conftest import FIXTURES, ROOT


def lints(text: str) -> list[tuple[str, str, str]]:
    bib = mi_refs.loads(text)
    return [
        (f.key or "", f.field or "", f.severity.value) for f in mi_kind_findings(bib.references)
    ]


def test_data_on_file() -> None:
    assert lints(
        "@misc{d, entrysubtype = {data-on-file}, organization = {Janssen Biotech, Inc},"
        " title = {Integrated summary}, year = {2024}}"
    ) == [("d", "number", "warning"), ("d", "version", "info"), ("d", "date", "warning")]
    assert (
        lints(
            "@misc{d, entrysubtype = {data-on-file}, organization = {Janssen Biotech, Inc},"
            " number = {DOF-2025-01}, version = {2}, date = {2025-03-14}}"
        )
        == []
    )


def test_access_dates() -> None:
    assert lints(
        "@online{w, title = {ITP guide}, url = {https://example.org/itp}, year = 2023}"
    ) == [("w", "urldate", "warning")]
    assert lints(
        "@online{r, entrysubtype = {registration}, title = {A study}, number = {NCT04703621},"
        " url = {https://clinicaltrials.gov/study/NCT04703621}}"
    ) == [("r", "urldate", "warning")]
    assert (
        lints(
            "@online{w, title = {ITP guide}, url = {https://example.org/itp},"
            " urldate = {2025-05-09}}"
        )
        == []
    )


def test_better_bibtex_unpublished_with_eventtitle_is_a_presentation() -> None:
    text = (
        "@unpublished{p, author = {Doe, J}, title = {Daratumumab in ITP}, type = {Poster},"
        " eventtitle = {ASH Annual Meeting}, venue = {San Diego, CA}, year = {2023}}"
    )
    assert mi_refs.loads(text)["p"].kind is Kind.PRESENTATION
    assert lints(text) == [("p", "eventdate", "warning")]
    dated = text.replace("year = {2023}", "eventdate = {2023-12-09/2023-12-12}, year = {2023}")
    assert lints(dated) == []
    assert (
        mi_refs.loads("@unpublished{u, title = {A draft}, year = 2020}")["u"].kind is Kind.GENERIC
    )


def test_presentation_without_place_is_info() -> None:
    assert lints(
        "@inproceedings{p, title = {T}, eventtitle = {EHA Congress}, date = {2022-06-09}}"
    ) == [("p", "venue", "info")]


def test_abstract_number() -> None:
    base = "@article{a, entrysubtype = {abstract}, title = {T}, journal = {Blood}, year = 2021, "
    assert lints(base + "pages = {2088}}") == []  # the seed's tsykunova2021dart
    assert lints(base + "eid = {2088}, pages = {3978--3979}}") == []
    assert lints(base + "pages = {3978--3979}}") == []  # the pages locate it (seed style)
    assert lints(base + "volume = {138}}") == [("a", "eid", "warning")]


def test_prescribing_information_by_year_only() -> None:
    pi = (
        "@manual{pi, title = {Darzalex}, type = {Prescribing information},"
        " organization = {Janssen Biotech, Inc}, year = {2024}}"
    )
    assert lints(pi) == [("pi", "date", "warning")]
    assert lints(pi.replace("year = {2024}", "date = {2024-11}")) == []


def test_no_new_warnings_on_the_seed_and_fixtures() -> None:
    """The seed's own entries get no new finding; the fixtures get exactly the ones that
    are true (messy.bib's data on file has no version and a year-only date)."""
    seed = mi_refs.load(ROOT / "references.bib")
    found = mi_kind_findings(seed.references)
    assert found == []
    messy = mi_refs.load(FIXTURES / "messy.bib")
    assert {(f.key, f.field, f.severity.value) for f in mi_kind_findings(messy.references)} == {
        ("dof2024", "version", "info"),
        ("dof2024", "date", "warning"),
    }


def test_reached_through_check_offline() -> None:
    bib = mi_refs.loads("@online{w, title = {ITP guide}, url = {https://example.org/itp}}")
    assert any(f.field == "urldate" and f.code == "missing-field" for f in check_offline(bib))
