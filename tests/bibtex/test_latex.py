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


@pytest.mark.parametrize(
    ("latex", "unicode"),
    [
        pytest.param(r"a \textless{} b \textgreater{} c", "a < b > c", id="textless"),
        pytest.param(r"\$5 fee", "$5 fee", id="escaped-dollar"),
        pytest.param(r"Na$^+$ and K$^{+}$", "Na⁺ and K⁺", id="superscript"),
        pytest.param(r"CO$_2$ and $^{125}$I", "CO₂ and ¹²⁵I", id="subscript"),
        pytest.param(r"$\alpha$-synuclein $\geq$ 2", "α-synuclein ≥ 2", id="greek-in-math"),
        pytest.param(r"\emph{A} 50\% fall", "A 50% fall", id="escaped-percent"),
        pytest.param(r"\emph{A} rise in 20% of \textbf{cases}", "A rise in 20% of cases",
                     id="bare-percent-does-not-cut"),
        pytest.param(r"\textmu g and 5 \textdegree{}C", "µg and 5 °C", id="text-symbols"),
        pytest.param(r"S{\textasciicaron}ourek, Ond{\textasciicaron}rej", "Šourek, Ondřej",
                     id="spacing-caron"),
        pytest.param(r"in \{EEG\} studies", "in EEG studies", id="escaped-protective-braces"),
        pytest.param(r"a \{ b", "a { b", id="lone-escaped-brace-kept"),
    ],
)  # fmt: skip
def test_text_symbols_and_math(latex: str, unicode: str) -> None:
    assert to_unicode(latex) == unicode


@pytest.mark.parametrize(
    ("latex", "unicode"),
    [
        pytest.param(r"\proglang{R} package", "R package", id="unknown-command-dropped"),
        pytest.param(r"line\\break", "line break", id="forced-line-break"),
        pytest.param(r"Arnatkevi\u{c}i\=ut\.{e}", "Arnatkevic\u0306iūtė", id="uncomposable-accent"),
        pytest.param(r"Intel\(^\textregistered\) Optane", "Intel® Optane", id="inline-math-parens"),
    ],
)  # fmt: skip
def test_commands_latexcodec_leaves(latex: str, unicode: str) -> None:
    assert to_unicode(latex) == unicode
