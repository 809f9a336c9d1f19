"""Citation keys for new entries: one scheme for add, import and extract."""

import pytest

import mi_refs
from mi_refs.bibtex.keys import make_key, validate_scheme
from mi_refs.model import Kind, Name, Reference

REF = Reference(
    "",
    "article",
    Kind.ARTICLE,
    authors=(Name("Strüßmann", "Tim"), Name("Heinz", "J")),
    title="The long-term complete remissions of refractory ITP",
    year="2024",
    pmid="38462907",
    doi="10.1111/bjh.19404",
)


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("{surname}{year}{word}", "strussmann2024longterm"),
        ("{surname}{year}{words}", "strussmann2024longtermcompleteremissions"),
        ("{surname}_{year}", "strussmann_2024"),
        ("pmid{pmid}", "pmid38462907"),
    ],
)
def test_schemes(scheme: str, expected: str) -> None:
    assert make_key(REF, scheme=scheme) == expected


def test_clashes_get_letters_never_a_taken_key() -> None:
    taken = {"strussmann2024longterm", "strussmann2024longtermb"}
    assert make_key(REF, taken) == "strussmann2024longtermc"


def test_particles_group_authors_and_missing_data() -> None:
    van = Reference(
        "", "article", Kind.ARTICLE, authors=(Name("Berg", "A", "van der"),), year="2020"
    )
    assert make_key(van) == "vanderberg2020"
    group = Reference("", "report", Kind.REPORT, organization="World Health Organization")
    assert make_key(group) == "worldhealthorganizationnd"


def test_a_bad_scheme_is_a_clear_error() -> None:
    with pytest.raises(mi_refs.InvalidArgumentError, match="unknown placeholder"):
        validate_scheme("{author}{year}")
    with pytest.raises(mi_refs.InvalidArgumentError, match="no placeholder"):
        validate_scheme("fixed")
