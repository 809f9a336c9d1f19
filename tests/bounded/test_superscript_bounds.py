"""``check --doc`` reads HTML ``<sup>`` superscripts in linear time (issue 22 item 6): an
unclosed ``<sup`` or ``<`` no longer rescans the rest of the letter, and the spans found
are exactly those of the lazy pattern the reader used before."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mi_refs.documents.superscripts import (
    _strip_tags,
    document_listing,
    sup_spans,
    superscripts_html,
)
from tests.bounded.timing import assert_linear

OLD_SUP = re.compile(r"(?is)<sup\b[^>]*>(?P<body>.*?)</sup\s*>")


def test_unclosed_sup_openers_cost_linear_time() -> None:
    assert_linear(lambda n: lambda: sup_spans("<sup " * n + "x"), 20_000)
    assert_linear(lambda n: lambda: sup_spans("<sup>1" * n), 20_000)
    assert_linear(lambda n: lambda: superscripts_html("<p>" + "<sup" * n + "</p>"), 5_000)


def test_unclosed_comments_cost_linear_time_and_hide_the_rest() -> None:
    """Thousands of ``<!--`` never closed: html.parser rescanned the rest for ``-->`` at
    each (20,000 took 10 s). An unclosed comment runs to the end of the file, as a browser
    reads it: a superscript before it is read, none after it."""
    head = "<p>Shown.<sup>1</sup></p>"
    assert_linear(lambda n: lambda: superscripts_html(head + "<!--" * n), 2_500)
    assert_linear(lambda n: lambda: document_listing(head + "<!--" * n, "html"), 2_500)
    found = superscripts_html(head + "<!-- a --><p>Two.<sup>2</sup></p><!-- <p>x.<sup>3</sup>")
    assert [s.text for s in found] == ["1", "2"]


def test_unclosed_tags_cost_linear_time() -> None:
    assert_linear(lambda n: lambda: _strip_tags("<" * n + "x>"), 20_000)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<sup>", "<SUP class='a'>", "</sup>", "</sup >", "<sup",
                                 ">", "1", ",", " ", "<b>", "</b>", "\n", "<"]),
               max_size=40).map("".join))  # fmt: skip
def test_spans_are_what_the_lazy_pattern_found(text: str) -> None:
    old = [(m.start(), m.end(), _strip_tags(m.group("body"))) for m in OLD_SUP.finditer(text)]
    assert sup_spans(text) == old
