"""Regular expressions over user text cost linear time (issue 22 item 6): each input
here is one a pattern took seconds to minutes on (a pattern's nested or adjacent repeats,
or a lazy scan re-run from every position); each must finish in about a second now.

The sizes are those of the commit that made each linear; its message gives the time
before. Where a pattern was rewritten, a property test holds the new code to what the old
pattern matched (the old pattern is kept here as the reference)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mi_refs
from mi_refs.bibtex import canonical, names, normalize
from mi_refs.check import text as check_text
from mi_refs.documents import clusters, markdown, scan, superscripts, syntax
from mi_refs.documents.docx import superscripts as docx_superscripts
from mi_refs.importers import personal

BIB = mi_refs.loads("@article{a, author = {Smith, John}, title = {T}, journal = {J}, year = 2020}")
N = 20_000

CASES: dict[str, Callable[[], object]] = {
    # documents: whole letters
    "fenced code: a line of backticks": lambda: syntax.mask_markdown_code("`" * N + "\n"),
    "fenced code: runs of falling length": lambda: syntax.mask_markdown_code(
        "".join("`" * k + "\n" for k in range(400, 3, -1)) * 3
    ),
    "code spans: unclosed runs": lambda: syntax.mask_markdown_code("``a" * N),
    "div opener: spaces before a word": lambda: markdown.read_markdown(":::0" + " " * N + "x\n"),
    "div openers: many lines": lambda: markdown.read_markdown((":::0" + " " * 100 + "x\n") * 1000),
    "div closers: one long line": lambda: markdown.read_markdown(
        "::: {#refs}\n" + ":" * N * 5 + "x\n"
    ),
    "note references: unclosed [^": lambda: markdown.read_markdown("[^" * N),
    "note markers in superscripts": lambda: superscripts.superscripts_markdown("[^" * N),
    "yaml: opener, no closer": lambda: markdown.read_markdown("---\na: b\n" + "\n" * N * 2),
    "yaml: nocite continuation lines": lambda: markdown.read_markdown(
        "---\nnocite: |\n" + "  @a\n" * N + "..."
    ),
    "references heading padded": lambda: superscripts.count_listed_references(
        "References" + " " * N + ":x\n\n1. A\n"
    ),
    "refs div: blank lines": lambda: mi_refs.cite_text(
        "x [@a]\n\n::: {#refs}\n" + "\n" * N * 2 + ":::\n", BIB, format="markdown"
    ),
    # a letter's own list: each continuation line copied its entry (200,000 lines: 6.8 s)
    "letter list: continuation lines": lambda: superscripts._listing(
        "References\n1. a\n" + "bcdefgh\n" * N * 10
    ),
    "cluster words": lambda: clusters.parse_cluster("ab " * N + "1"),
    "cluster separators": lambda: clusters.parse_cluster("1 a" + " " * N + "x,2"),
    # a Word letter's References heading (cubic: 2,000 spaces 12.5 s)
    "word heading padded": lambda: docx_superscripts._listing(
        [("References" + " " * N + "x", "paragraph 1", False)]
    ),
    # bibtex: one field's value
    "pmcid padded": lambda: normalize.normalize_pmcid("pmcid" + " " * N + "x"),
    "pages padded": lambda: normalize.normalize_pages("1" + " " * N + "x"),
    "cited by padded": lambda: normalize.strip_export_metadata("Cited By" + " " * N + "x"),
    "title: unclosed <": lambda: canonical.canonical_title("<" * N * 5),
    "title: spaces and a line break": lambda: canonical.canonical_title(
        "<i>a</i>" + " " * N + "b\n" + " " * N + "c"
    ),
    "names: spaces": lambda: names.read_names("A" + " " * N + "B"),
    # keyless entries on one line: each tried every x from none (4,000 entries: 7.1 s)
    "generated keys: one line": lambda: mi_refs.loads(
        "@article{, author = {A B}, title = {T}, year = 2020}" * (N // 5)
    ),
    "generated key: spaces": lambda: mi_refs.loads(
        "@article{, author = {A" + " " * N + "B}, title = {T}, year = 2020}"
    ),
    "doi: a long word and a [": lambda: normalize.normalize_doi("a" * N + "["),  # 2.9 s
    # check
    "markup: unclosed <": lambda: check_text.strip_markup("<" * N * 5),
    # importers: a note or an x- field of an imported record
    "e-mail: a long run": lambda: personal._scrub("a" * N * 5 + " x@example.org"),
    "e-mail label padded": lambda: personal._scrub("x@example.org e-mail" + " " * N + "x"),
    "comma padded": lambda: personal._scrub("x@example.org a" + " " * N + "x,"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_pathological_input_finishes_in_about_a_second(name: str) -> None:
    start = time.process_time()  # processor time: wall time grows with the machine's load
    CASES[name]()
    assert time.process_time() - start < 2.0


def _old_spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(pattern, text)]


FENCE_TEXT = st.lists(
    st.sampled_from(["`", "``", "```", "````", "~~~", "~~~~", " ", "\t", "a", "\n", "\n```"]),
    max_size=25,
).map("".join)


@settings(max_examples=250, deadline=None)
@given(FENCE_TEXT)
def test_fenced_code_is_what_the_pattern_found(text: str) -> None:
    old = r"(?ms)^[ \t]*(```+|~~~+).*?^[ \t]*\1[^\n]*$"
    assert scan.fenced_code(text) == _old_spans(old, text)


@settings(max_examples=250, deadline=None)
@given(FENCE_TEXT)
def test_inline_code_is_what_the_pattern_found(text: str) -> None:
    assert scan.inline_code(text) == _old_spans(r"(`+)(?:(?!\1).)+?\1", text)


def _sub(pattern: str | re.Pattern[str], replacement: str) -> Callable[[str], object]:
    return lambda text: re.sub(pattern, replacement, text)


def _split(pattern: str | re.Pattern[str]) -> Callable[[str], object]:
    return lambda text: re.split(pattern, text)


def _match(pattern: str | re.Pattern[str]) -> Callable[[str], object]:
    def groups(text: str) -> object:
        found = re.match(pattern, text)
        return found and found.groups()

    return groups


def _old_div_attributes(text: str) -> object:
    old = r"(?m)^(?P<fence>:{3,})[ \t]*(?P<attributes>\{[^}\n]*\}|[^\s:][^\n]*?)[ \t]*:*[ \t]*$"
    return [(m.span(), m.group("attributes")) for m in re.finditer(old, text)]


def _new_div_attributes(text: str) -> object:
    return [
        (m.span(), markdown._attributes(m.group("rest"))) for m in markdown._DIV_OPEN.finditer(text)
    ]


OLD_TOKEN = (
    r"(?P<number>\d+)(?:(?P<gap>\s*)\((?P<locator>(?:[^()\n]|\([^()\n]*\))*)\))?"
    rf"|\s*(?P<sep>[,;{clusters._DASHES}])\s*"
)

# name: (old, new, pieces the text is made of)
REWRITES: dict[str, tuple[Callable[[str], object], Callable[[str], object], list[str]]] = {
    "pmcid": (
        _match(r"(?i)^(?:pmcid:?\s*)?(?:pmc)?\s*(\d{1,9})(?:\s*\[(?:pmc|pmcid)\])?$"),
        _match(normalize._PMCID),
        ["pmcid", "pmc", ":", " ", "\n", "1", "23", "[pmc]", "[pmcid]", "x"],
    ),
    "dashes": (
        _sub(r"\s*(?:-{1,3}|[\u2010-\u2015\u2212])\s*", "-"),
        _sub(normalize._DASHES, "-"),
        [" ", "\t", "-", "--", "\u2013", "1", "a"],
    ),
    "cited by": (
        _sub(r"(?i)\bCited By(?:\s*\(since \d{4}\))?\s*:?\s*\d+\b\.?", "#"),
        _sub(normalize.EXPORT_METADATA[1], "#"),
        ["Cited By", " ", ":", "3", "(since 2001)", ".", "x"],
    ),
    "slash": (
        _sub(r"\s*\n\s*(?=[/)\]])|(?<=[/(\[])\s*\n\s*", ""),
        _sub(canonical._BROKEN_AROUND_SLASH, ""),
        [" ", "\n", "/", "(", ")", "]", "a"],
    ),
    "and": (
        _split(r"(?i)\s+and\s+"),
        _split(names._AND),
        [" ", "\t", "and", "AND", "a", "b"],
    ),
    "cluster words": (
        _sub(r"[^\W\d_]+(?![^()]*\))", " "),
        clusters._without_words,
        ["a", "bc", " ", "(", ")", "1", ","],
    ),
    "cluster separators": (
        _sub(r"\s*([,;])\s*", r"\1"),
        _sub(clusters._SEPARATOR, r"\1"),
        [" ", "\t", ",", ";", "1", "a"],
    ),
    "note references": (
        lambda text: [(m.start(), m.group(1)) for m in re.finditer(r"\[\^([^\]\s]+)\](?!:)", text)],
        lambda text: list(markdown._note_references(text)),
        ["[^", "[", "^", "]", ":", " ", "a", "\n"],
    ),
    "note marks": (
        lambda text: _old_spans(r"\[\^[^\]\n]*\]", text),
        lambda text: list(superscripts._note_marks(text)),
        ["[^", "[", "^", "]", " ", "a", "\n"],
    ),
    "cluster tokens": (
        lambda text: [m.groupdict() for m in re.finditer(OLD_TOKEN, text)],
        lambda text: [m.groupdict() for m in clusters._TOKEN.finditer(text)],
        ["1", "23", " ", "\t", "(", ")", "p4", ",", ";", "-", "\u2013", "a"],
    ),
    "tagged identifiers": (
        lambda text: [
            m.groups() for m in re.finditer(r"(\S+)\s*\[(doi|pii|pmid|pmc|pmcid|mid)\]", text, re.I)
        ],
        lambda text: [m.groups() for m in normalize._TAGGED.finditer(text)],
        ["a", "10.1/x", " ", "[", "]", "[doi]", "[pii]", "[DOI]", "[x]", "\t"],
    ),
    "word heading": (
        lambda text: superscripts._HEADING.fullmatch(text.strip()) is not None,
        lambda text: superscripts._HEADING.fullmatch(superscripts._spaced(text)) is not None,
        [" ", "\t", "#", "##", "*", "_", ":", "References", "Bibliography", "x", "\n"],
    ),
    "e-mails": (
        lambda text: _old_spans(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", text),
        personal._emails,
        ["a", "_", ".", "+", "-", "@", "b", ".c", " ", "é", "@@"],
    ),
    "div attributes": (
        _old_div_attributes,
        _new_div_attributes,
        [":::", ":", " ", "\t", "{#refs}", "{", "}", "a", "\n"],
    ),
}


@pytest.mark.parametrize("name", list(REWRITES))
def test_a_rewrite_finds_what_the_old_pattern_found(name: str) -> None:
    old, new, pieces = REWRITES[name]

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=16).map("".join))
    def same(text: str) -> None:
        assert new(text) == old(text)

    same()
