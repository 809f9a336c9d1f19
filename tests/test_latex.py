import pytest

from mi_refs.bibtex.latex import has_latex, to_unicode


@pytest.mark.parametrize(
    ("latex", "unicode"),
    [
        pytest.param(r"M{\"u}ller", "Müller", id="umlaut-braced"),
        pytest.param(r"M\"{u}ller", "Müller", id="umlaut-argument"),
        pytest.param(r"Stra{\ss}e", "Straße", id="eszett"),
        pytest.param(r"{\O}stergaard", "Østergaard", id="o-slash"),
        pytest.param(r"{\aa}se", "åse", id="a-ring"),
        pytest.param(r"Caf{\'e}", "Café", id="acute"),
        pytest.param(r"Fran\c{c}ois", "François", id="cedilla"),
        pytest.param(r"{\v{S}}koda", "Škoda", id="caron-nested"),
        pytest.param(r"Rock \& roll", "Rock & roll", id="ampersand"),
        pytest.param("1990--2000", "1990–2000", id="en-dash"),
        pytest.param(r"\textit{E. coli} infection", "E. coli infection", id="textit"),
        pytest.param(r"{\it Drosophila} genes", "Drosophila genes", id="font-switch"),
        pytest.param(r"\emph{in vivo}", "in vivo", id="emph"),
        pytest.param("The {BRCA1} gene in {DNA}", "The BRCA1 gene in DNA", id="protected-capitals"),
        pytest.param("Fig.~1", "Fig. 1", id="tie"),
        pytest.param("50\\% of cases", "50% of cases", id="percent"),
        pytest.param("a\n   multi-line\ttitle ", "a multi-line title", id="whitespace"),
        pytest.param("Plain title, no LaTeX", "Plain title, no LaTeX", id="plain"),
    ],
)
def test_to_unicode(latex: str, unicode: str) -> None:
    assert to_unicode(latex) == unicode


def test_plain_text_takes_the_fast_path() -> None:
    assert not has_latex("Daratumumab in refractory ITP: a case-series (n = 7)")
    assert has_latex("a--b")
    assert has_latex(r"\'e")
