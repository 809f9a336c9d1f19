import pytest
from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import Person

from mi_refs.bibtex.names import parse_name, parse_names, read_names
from mi_refs.model import Name


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        pytest.param("Vernava, Ilaria", Name("Vernava", "Ilaria"), id="last-comma-first"),
        pytest.param("Ilaria Vernava", Name("Vernava", "Ilaria"), id="first-last"),
        pytest.param(r"Str{\"u}{\ss}mann, Tim", Name("Strüßmann", "Tim"), id="latex-accents"),
        pytest.param("van der Berg, Anna", Name("Berg", "Anna", particle="van der"), id="particle"),
        pytest.param(
            "Anna van der Berg", Name("Berg", "Anna", particle="van der"), id="particle-first-last"
        ),
        pytest.param("Bussel, Jr, James B.", Name("Bussel", "James B.", suffix="Jr"), id="suffix"),
        pytest.param(
            "{World Health Organization}",
            Name("World Health Organization", corporate=True),
            id="corporate",
        ),
        pytest.param(
            "{Janssen Research \\& Development}",
            Name("Janssen Research & Development", corporate=True),
            id="corporate-latex",
        ),
        pytest.param("Tran, HTT", Name("Tran", "HTT"), id="initials-as-given"),
        pytest.param("Even-Or, Ehud", Name("Even-Or", "Ehud"), id="hyphenated-surname"),
        pytest.param(
            "Canales-Herrerias, Pablo",
            Name("Canales-Herrerias", "Pablo"),
            id="hyphenated-surname-2",
        ),
        pytest.param("Teusink-Cross, A", Name("Teusink-Cross", "A"), id="initial-only"),
    ],
)
def test_parse_name(raw: str, name: Name) -> None:
    assert parse_name(raw) == name


def test_and_others_marks_a_truncated_list() -> None:
    names, truncated, _ = parse_names("Tsykunova, G and Holme, PA and others")
    assert [name.last for name in names] == ["Tsykunova", "Holme"]
    assert truncated


def test_braces_protect_and_inside_a_corporate_name() -> None:
    names, truncated, _ = parse_names("{Food and Drug Administration} and Smith, John")
    assert names == (Name("Food and Drug Administration", corporate=True), Name("Smith", "John"))
    assert not truncated


def test_a_name_with_too_many_commas_is_kept_as_written() -> None:
    names, _, unreadable = parse_names("Smith, J, Jones, K and Lee, A")
    assert unreadable == ["Smith, J, Jones, K"]
    assert names == (Name("Smith, J, Jones, K", corporate=True), Name("Lee", "A"))


@pytest.mark.parametrize(
    ("given", "ama", "nlm"),
    [("James B.", "JB", "JB"), ("J. B.", "JB", "JB"), ("J.B.", "JB", "JB"), ("Jean-Pierre", "J-P", "JP"),
     ("HTT", "HTT", "HTT"), ("Hoa Thi Tuyet", "HTT", "HTT"), ("", "", ""), ("ilaria", "I", "I")],
)  # fmt: skip
def test_initials(given: str, ama: str, nlm: str) -> None:
    name = Name("X", given)
    assert name.initials(hyphen=True) == ama
    assert name.initials(hyphen=False) == nlm


_word = st.from_regex(r"[A-Z][a-zà-ÿ]{0,9}(-[A-Z][a-z]{1,6})?", fullmatch=True)


@given(
    surname=st.lists(_word, min_size=1, max_size=2),
    given_names=st.lists(_word, min_size=1, max_size=3),
)
def test_fast_path_agrees_with_pybtex(surname: list[str], given_names: list[str]) -> None:
    """The plain ``Surname, Given`` form is split without pybtex: it must agree with it."""
    raw = f"{' '.join(surname)}, {' '.join(given_names)}"
    person = Person(raw)
    name = parse_name(raw)
    assert name.last == " ".join(person.last_names)
    assert name.given == " ".join(person.first_names + person.middle_names)
    assert name.particle == " ".join(person.prelast_names) == ""
    assert name.suffix == ""


def test_biblatex_extended_names() -> None:
    assert parse_name("family=Wyse, given=D. G.") == Name(last="Wyse", given="D. G.")
    assert parse_name("given={Anna}, family={Berg}, prefix={van der}, useprefix=true") == Name(
        last="Berg", given="Anna", particle="van der"
    )


def test_suffix_after_given_name_is_read_and_named() -> None:
    read = read_names("Smith, J. A., Jr. and Doe, Jane")
    assert read.names[0] == Name(last="Smith", given="J. A.", suffix="Jr")
    assert read.suffix_moved == ["Smith, J. A., Jr."]
    assert read_names("Bussel, Jr, James B.").suffix_moved == []
