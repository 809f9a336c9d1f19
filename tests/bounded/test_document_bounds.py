"""Document scanners find closers once (issue 22): unclosed ``<code>``, ``\\begin{x}``
and ``<!--`` cost linear time, and the spans found are those of the lazy patterns."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mi_refs
from mi_refs.documents.scan import closed_spans, html_comments, html_elements, html_tags
from tests.bounded.timing import assert_linear

BIB = mi_refs.loads("@article{a, author = {Smith, John}, title = {T}, journal = {J}, year = 2020}")

CASES = {  # the issue's inputs (and '<' alone): format, head, repeated opener, count, small
    "html-code": ("html", "<p>x [@a]</p>", "<code>", 40_000, 2_500),
    "markdown-begin": ("markdown", "x [@a]\n\n", "\\begin{x}", 40_000, 2_500),
    "markdown-comment": ("markdown", "x [@a]\n\n", "<!--", 80_000, 2_500),
    "html-comment": ("html", "<p>x [@a]</p>", "<!--", 80_000, 2_500),
    "html-lt": ("html", "<p>x [@a]</p>", "<", 200_000, 10_000),
    "markdown-lt": ("markdown", "x [@a]\n\n", "<", 200_000, 10_000),
}


def citing(name: str) -> Callable[[int], Callable[[], object]]:
    kind, head, opener, _, _ = CASES[name]
    return lambda count: lambda: mi_refs.cite_text(head + opener * count, BIB, format=kind)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(CASES))
def test_unclosed_openers_cost_linear_time(name: str) -> None:
    assert_linear(citing(name), CASES[name][4])


@pytest.mark.parametrize("name", list(CASES))
def test_the_issues_sizes_finish_in_seconds_and_still_cite(name: str) -> None:
    kind, head, opener, count, _ = CASES[name]
    start = time.perf_counter()
    cited = mi_refs.cite_text(head + opener * count, BIB, format=kind)  # type: ignore[arg-type]
    assert time.perf_counter() - start < 10  # over 40 s each before
    assert "Smith J" in str(cited.text)


PIECES = ["<!--", "-->", "--", "<code>", "</code >", "</CODE>", "<codex>", "<de>", "</de>"]
PIECES += ["\\begin{x}", "\\end{x}", "\\begin{y}", "\\end{y}", "<", ">", "a", "\n", "-", "!"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_comments_are_what_the_lazy_pattern_finds(text: str) -> None:
    expected = [m.span() for m in re.finditer(r"(?s)<!--.*?-->", text)]
    assert list(html_comments(text)) == expected


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_elements_are_what_the_lazy_pattern_finds(text: str) -> None:
    expected = [m.span() for m in re.finditer(r"(?is)<(code|de)\b.*?</\1\s*>", text)]
    assert list(html_elements(text, ("code", "de"))) == expected


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_tex_environments_and_tags_are_what_the_patterns_find(text: str) -> None:
    pattern = r"(?s)\\begin\{(?P<env>[^{}]+)\}.*?\\end\{(?P=env)\}"
    opener = re.compile(r"\\begin\{(?P<key>[^{}]+)\}")
    closer = re.compile(r"\\end\{(?P<key>[^{}]+)\}")
    assert list(closed_spans(text, opener, closer)) == [
        m.span() for m in re.finditer(pattern, text)
    ]
    assert list(html_tags(text)) == [m.span() for m in re.finditer(r"<[^>]*>", text)]


def test_code_spans_cost_linear_time_where_the_pattern_was_exponential() -> None:
    # an unclosed run of five backticks followed by runs of four: the lazy pattern with a
    # nested repeat tried every way to split the runs (20 of them took minutes)
    def make(count: int) -> Callable[[], object]:
        text = "x [@a] `````" + "````x" * count
        return lambda: mi_refs.cite_text(text, BIB, format="markdown")

    assert_linear(make, 2_000)


BACKTICK_PIECES = st.lists(st.sampled_from(["`", "``", "```", "a", " ", "\n"]), max_size=14)


@settings(max_examples=500, deadline=None)
@given(BACKTICK_PIECES.map("".join))
def test_code_spans_are_what_the_pattern_found(text: str) -> None:
    from mi_refs.documents.scan import code_spans

    pattern = r"(?<!`)(`+)(?!`)(?:[^`]|(?!\1)`+)+?(?<!`)\1(?!`)"
    assert code_spans(text) == [m.span() for m in re.finditer(pattern, text)]
