import pytest

from mi_refs.bibtex.values import ValueSyntaxError, resolve_value

MACROS = {"bjh": "Br J Haematol", "blood": "Blood"}


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("{Plain}", "Plain"),
        ('"Quoted"', "Quoted"),
        ("2020", "2020"),
        ("bjh", "Br J Haematol"),
        ("BJH", "Br J Haematol"),
        ('blood # " Adv"', "Blood Adv"),
        ('{A} # "B" # {C}', "ABC"),
        ("oct", "October"),
        ("{The {BRCA1} gene}", "The {BRCA1} gene"),
        ('"He said {"}hi{"}"', 'He said {"}hi{"}'),
    ],
)
def test_resolve(raw: str, value: str) -> None:
    assert resolve_value(raw, MACROS) == (value, [])


def test_undefined_macro_is_reported_and_kept() -> None:
    assert resolve_value("jama # { Netw Open}", MACROS) == ("jama Netw Open", ["jama"])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{x} year = 2020", "unexpected text after the value"),
        ("{unclosed", "unbalanced braces"),
        ('"unclosed', "unterminated quoted value"),
        ("{a} #", "ends with '#'"),
        ("", "empty value"),
    ],
)
def test_bad_values(raw: str, message: str) -> None:
    result = resolve_value(raw, MACROS)
    assert isinstance(result, ValueSyntaxError)
    assert message in result.message
