"""Checking the superscript numbers of a finished document: extraction from Markdown, HTML
and plain text, the AMA numbering rules, and the seed letter with faults seeded in it."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

from mi_refs.check.report import CheckReport, DocumentReport, to_json
from mi_refs.documents.letters import check_document
from mi_refs.documents.numbering import (
    check_numbering,
    count_listed_references,
    is_citation,
    read_document,
    superscripts_html,
    superscripts_markdown,
    superscripts_text,
)
from mi_refs.documents.superscripts import Superscript
from mi_refs.errors import DocumentError, MiRefsError, UnsupportedDocumentError
from mi_refs.model import Finding, Severity

from ..conftest import ROOT, build_docx

DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"
SUFFIX = {"markdown": "md", "html": "html", "text": "txt"}
UNICODE = str.maketrans("0123456789-,", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒")

# The seed letter's superscripts, by line of the Markdown fixture.
SEED_MARKDOWN = [
    (8, "1"), (9, "2"), (11, "3"), (14, "4-15"), (15, "16-18"), (16, "19"), (20, "1"),
    (25, "1"), (39, "2"), (51, "3"), (55, "20"), (56, "3"), (57, "20"), (58, "3"),
    (60, "3,20"), (63, "3"), (64, "20"), (65, "3,20"), (66, "3,20"), (67, "3,20"),
    (68, "3,20"), (74, "3"), (77, "3"), (81, "3"),
]  # fmt: skip
SEED_HTML_LINES = [13, 14, 18, 23, 24, 25, 28, 33, 45, 61, 64, 65, 66, 67, 71, 76, 77, 78, 79, 80, 81, 86, 91, 95]  # fmt: skip
SEED_TEXT_LINES = [8, 9, 11, 14, 15, 16, 20, 25, 38, 50, 54, 55, 56, 57, 59, 62, 63, 64, 65, 66, 67, 73, 76, 80]  # fmt: skip
SEED_LINES = {
    "markdown": [line for line, _ in SEED_MARKDOWN],
    "html": SEED_HTML_LINES,
    "text": SEED_TEXT_LINES,
}
COLON_LINE = {"markdown": 60, "html": 71, "text": 59}  # `study:^3,20^`, the letter's one slip


def in_kind(kind: str, markdown: str) -> str:
    """Text written with pandoc superscripts (``^4-15^``) as the given kind writes it."""
    if kind == "html":
        return re.sub(r"\^([^^]+)\^", r"<sup>\1</sup>", markdown)
    if kind == "text":
        return re.sub(r"\^([^^]+)\^", lambda m: m.group(1).translate(UNICODE), markdown)
    return markdown


def seed(kind: str) -> str:
    return (DOCUMENTS / f"seed-letter.{SUFFIX[kind]}").read_text(encoding="utf-8")


def line_of(text: str, anchor: str) -> str:
    assert text.count(anchor) == 1, anchor
    return f"line {text[: text.index(anchor)].count(chr(10)) + 1}"


def serious(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.severity in {Severity.ERROR, Severity.WARNING}]


# --- the seed letter --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["markdown", "html", "text"])
def test_every_superscript_of_the_seed_letter_is_found(kind: str) -> None:
    superscripts, found_kind = read_document(DOCUMENTS / f"seed-letter.{SUFFIX[kind]}")
    assert found_kind == kind
    texts = [text if kind != "text" else text.translate(UNICODE) for _, text in SEED_MARKDOWN]
    assert [s.text for s in superscripts] == texts
    assert [s.location for s in superscripts] == [f"line {n}" for n in SEED_LINES[kind]]


@pytest.mark.parametrize("kind", ["markdown", "html", "text"])
def test_the_seed_letter_is_numbered_correctly(kind: str) -> None:
    """1..20 in order of first citation, clusters well formed, every reference cited; the
    only finding is the placement after a colon (`study:^3,20^`), which AMA puts before."""
    findings = check_document(DOCUMENTS / f"seed-letter.{SUFFIX[kind]}")
    assert not [f for f in findings if f.severity is Severity.ERROR]
    [colon] = serious(findings)
    assert colon.severity is Severity.WARNING
    assert colon.location == f"line {COLON_LINE[kind]}"
    assert colon.suggestion == in_kind(kind, "study^3,20^:")
    assert (colon.code, colon.source) == ("citation", "document")


@pytest.mark.parametrize("kind", ["markdown", "html", "text"])
def test_the_seed_letter_lists_twenty_references(kind: str) -> None:
    assert count_listed_references(seed(kind), kind) == 20


def test_the_seed_letter_against_a_bibliography_of_twenty_keys() -> None:
    keys = [f"ref{n}" for n in range(1, 21)]
    findings = check_document(DOCUMENTS / "seed-letter.md", keys=keys)
    assert [f.location for f in serious(findings)] == ["line 60"]


def test_a_list_of_another_length_than_the_bibliography_is_reported() -> None:
    findings = check_document(DOCUMENTS / "seed-letter.md", references=21)
    messages = [f.message for f in serious(findings)]
    assert any("has 20 numbered references, but the bibliography has 21" in m for m in messages)
    assert any(m.startswith("Reference 21 of the 21-reference list") for m in messages)


# --- the seed letter with faults seeded in it -------------------------------------------------

# (id, replacements (old, new, count; pandoc notation), the anchor whose line is the
#  finding's location, severity, words of the message, suggestion, suggestion is a cluster)
FAULTS = [
    ("swapped-2-3", [("(2024)^2^", "(2024)^3^", 1), ("(2022)^3^", "(2022)^2^", 1)],
     "(2024)^3^ reported a retrospective", Severity.ERROR, "Numbers 2 and 3 are swapped", None, False),
    ("19-never-cited", [("below.^19^", "below.", 1)],
     "included.^20^", Severity.ERROR, "Reference 19 is never cited", None, False),
    ("21-beyond-the-list", [("serious AEs were reported.^3^", "serious AEs were reported.^3,21^", 1)],
     "reported.^3,21^", Severity.ERROR, "number 21, which is not in the reference list", None, False),
    ("en-dash-4-15", [("below.^4-15^", "below.^4–15^", 1)],
     "below.^4–15^", Severity.ERROR, "an en dash joins the run 4–15", "4-15", True),
    ("before-the-period", [("below.^4-15^", "below^4-15^.", 1)],
     "below^4-15^.", Severity.WARNING, "comes before a period", "below.^4-15^", False),
    ("run-of-two-1-2", [("(2024)^2^", "(2024)^1-2^", 1)],
     "(2024)^1-2^", Severity.ERROR, "the run 1-2 has only two numbers", "1,2", True),
    ("run-written-out-16-17-18", [("below.^16-18^", "below.^16,17,18^", 1)],
     "below.^16,17,18^", Severity.ERROR, "written out instead of as a run (16-18)", "16-18", True),
    ("descending-20-3", [("study.^3,20^", "study.^20,3^", 1)],
     "study.^20,3^", Severity.ERROR, "not in ascending order", "3,20", True),
    ("before-a-comma", [("(2024)^1^ reported a case series", "(2024)^1^, reported a case series", 1)],
     "(2024)^1^, reported a case series", Severity.WARNING, "comes before a comma", "(2024),^1^", False),
    ("space-after-comma", [("failure.^3,20^", "failure.^3, 20^", 1)],
     "failure.^3, 20^", Severity.ERROR, "it has spaces", "3,20", True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "replacements", "anchor", "severity", "words", "suggestion", "cluster"),
    [
        pytest.param(kind, *fault[1:], id=f"{fault[0]}-{kind}")
        for fault in FAULTS
        for kind in ("markdown", "html", "text")
        if not (kind == "text" and fault[0] == "space-after-comma")  # no Unicode space
    ],
)
def test_a_seeded_fault_is_caught_where_it_is(
    kind: str,
    replacements: list[tuple[str, str, int]],
    anchor: str,
    severity: Severity,
    words: str,
    suggestion: str | None,
    cluster: bool,
    tmp_path: Path,
) -> None:
    text = seed(kind)
    for wrong, right, count in replacements:
        old, new = in_kind(kind, wrong), in_kind(kind, right)
        assert old in text
        text = text.replace(old, new, count)
    document = tmp_path / f"letter.{SUFFIX[kind]}"
    document.write_text(text, encoding="utf-8")
    findings = [
        f for f in serious(check_document(document))
        if f.location != f"line {COLON_LINE[kind]}"
    ]  # fmt: skip
    assert len(findings) == 1, [f.message for f in findings]
    [finding] = findings
    assert finding.severity is severity
    assert finding.location == line_of(text, in_kind(kind, anchor))
    assert words in finding.message
    assert finding.location in finding.message
    if suggestion is not None:
        expected = suggestion.translate(UNICODE) if cluster and kind == "text" else suggestion
        assert finding.suggestion == (expected if cluster else in_kind(kind, suggestion))


# --- extraction -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "before", "after", "expected"),
    [
        ("1", "et al (2024)", " reported", True),
        ("4-15", "below.", "", True),
        ("3,20", "study.", "", True),
        ("1(p4)", "shown.", "", True),
        ("1,3-5", "word.", "", True),
        ("4–15", "below.", "", True),  # a citation, written wrongly: reported, not ignored
        ("1, 3", "word.", "", True),
        ("⁴⁻¹⁵", "below.", "", True),
        ("th", "the 5", "", False),
        ("®", "MEDLINE", ",", False),
        ("TM", "Brand", "", False),
        ("a", "Table 1", "", False),
        ("*", "value", "", False),
        ("9", "30x10", "/L", False),
        ("9", "≥50×10", "/L", False),
        ("12", "10", "/L", False),
        ("-1", "mL", "", False),
        ("2", "mg/m", " on day 1", False),
        ("3", "cells/mm", "", False),
        ("2", "Ca", "⁺", False),
        ("18", "a ", "F-FDG scan", False),
        ("125", "(", "I)", False),
        ("3", "below.", "The next", True),
        ("2", "as shown in", " the", True),
        ("", "", "", False),
    ],
    ids=[
        "narrative", "run", "pair", "locator", "mixed", "en-dash", "spaces", "unicode",
        "ordinal-th", "registered", "trademark", "footnote-letter", "asterisk",
        "exponent-x10", "exponent-times", "exponent-after-digit", "negative-exponent",
        "area-m2", "volume-mm3", "ion-charge", "isotope", "isotope-in-parentheses",
        "no-space-after", "after-the-word-in", "empty",
    ],
)  # fmt: skip
def test_what_reads_as_a_citation(text: str, before: str, after: str, expected: bool) -> None:
    assert is_citation(text, before, after) is expected


def test_markdown_superscripts_and_their_context() -> None:
    text = (
        "A claim.^1^ Another,^2^ and <sup>3</sup>.\n"
        "Counts of 30x10^9^/L, the 5^th^ dose, 1800 mg/m^2^, DRUG^®^.\n"
        "Quoted `code^4^` and a footnote[^5] are no citations; a run¹˒³⁻⁵ is.\n"
        "```\nfenced^6^\n```\n"
        "<!-- hidden^7^ -->\n"
        "Last^8^\n"
    )
    found = superscripts_markdown(text)
    assert [(s.text, s.location) for s in found] == [
        ("1", "line 1"), ("2", "line 1"), ("3", "line 1"), ("¹˒³⁻⁵", "line 3"), ("8", "line 8"),
    ]  # fmt: skip
    assert (found[0].before, found[0].after) == ("A claim.", " Another,^2^ and 3.")
    assert found[2].before.endswith("and ") and found[2].after == "."
    assert found[4].after == ""


def test_markdown_context_is_twenty_characters_of_the_same_line() -> None:
    [found] = superscripts_markdown("x" * 30 + "^1^" + "y" * 30 + "\nnext line")
    assert (found.before, found.after) == ("x" * 20, "y" * 20)


def test_html_superscripts_with_tags_stripped_around_them() -> None:
    text = (
        "<html><head><title>Not^1^</title><style>sup{color:red}</style></head><body>\n"
        "<p>First <em>claim</em>.<sup>1</sup> Then\n"
        "a run<sup>4&ndash;15</sup>; units 10<sup>9</sup>/L and 5<sup>th</sup>.</p>\n"
        '<p>Linked<sup><a href="#r2">2</a></sup>, split <sup>3,</sup><sup>4</sup></p>\n'
        "<script>var x = '<sup>9</sup>';</script><code><sup>8</sup></code>\n"
        "<p>MEDLINE<sup>®</sup> and a pasted one.²</p>\n"
        "</body></html>\n"
    )
    found = superscripts_html(text)
    assert [(s.text, s.location) for s in found] == [
        ("1", "line 2"), ("4–15", "line 3"), ("2", "line 4"), ("3,4", "line 4"), ("²", "line 6"),
    ]  # fmt: skip
    first, run, linked, _, _ = found
    assert (first.before, first.after) == ("First claim.", " Then a run4–15; uni")
    assert run.after.startswith("; units")
    assert (linked.before, linked.after[:1]) == ("Linked", ",")


def test_text_superscripts() -> None:
    text = "Claim.¹ Cluster.¹˒³⁻⁵ Plain comma.¹,³ Caret.^2^\n30×10⁹/L, 1800 mg/m², Ca²⁺, x²ⁿ.\n"
    found = superscripts_text(text)
    assert [s.text for s in found] == ["¹", "¹˒³⁻⁵", "¹,³", "2"]
    assert {s.location for s in found} == {"line 1"}


# --- the rules, one by one --------------------------------------------------------------------


def sup(text: str, line: int = 1, before: str = "word", after: str = " next") -> Superscript:
    return Superscript(text, f"line {line}", before, after)


def check(*texts: str, references: int | None = None, kind: str = "markdown") -> list[Finding]:
    superscripts = [sup(text, line) for line, text in enumerate(texts, start=1)]
    return check_numbering(superscripts, references=references, path="letter.md", kind=kind)


@pytest.mark.parametrize(
    ("cluster", "words", "suggestion"),
    [
        ("1–3", "an en dash joins the run 1–3 (use a hyphen)", "1-3"),
        ("1—3", "an em dash joins the run 1—3", "1-3"),
        ("1‐3", "a Unicode hyphen (U+2010) joins the run", "1-3"),
        ("1-2", "the run 1-2 has only two numbers (write 1,2)", "1,2"),
        ("1,2,3", "written out instead of as a run (1-3)", "1-3"),
        ("1-2,3", "the run 1-2 has only two numbers", "1-3"),
        ("1-3,4", "written out instead of as a run (1-4)", "1-4"),
        ("2,1", "not in ascending order", "1,2"),
        ("3-1", "the run 3-1 is descending", "1-3"),
        ("1,1", "it cites 1 more than once", "1"),
        ("2-2", "the run 2-2 names one number", "2"),
        ("1, 2", "it has spaces", "1,2"),
        ("1 (p4)", "it has spaces", "1(p4)"),
        ("1;2", "semicolons", "1,2"),
        ("01", "it is not in the AMA form", "1"),
    ],
    ids=[
        "en-dash", "em-dash", "unicode-hyphen", "run-of-two", "run-written-out",
        "run-of-two-then-one", "run-then-next", "descending", "descending-run", "duplicate",
        "run-of-one", "space", "space-before-locator", "semicolon", "leading-zero",
    ],
)  # fmt: skip
def test_a_malformed_cluster_is_an_error_with_its_right_form(
    cluster: str, words: str, suggestion: str
) -> None:
    numbers = sorted({int(n) for n in re.findall(r"\d+", cluster) if int(n)})
    lead = [str(n) for n in range(1, numbers[0])]
    findings = check(*lead, cluster)
    [finding] = [f for f in findings if f.stored == cluster]
    assert finding.severity is Severity.ERROR
    assert words in finding.message
    assert finding.suggestion == suggestion
    assert finding.message.startswith(f"The superscript {cluster} at line {len(lead) + 1} ")
    assert finding.message.endswith(f"Write {suggestion}.")


@pytest.mark.parametrize(
    "cluster", ["1", "1,2", "1-3", "1-4", "1(p4)", "1(pp3-5),2", "1,2(table 2),3"], ids=str
)
def test_a_well_formed_cluster_passes(cluster: str) -> None:
    assert check(cluster) == []


@pytest.mark.parametrize("cluster", ["1,3-5", "1-3,5,7-9", "2,4", "10,12-14"], ids=str)
def test_a_well_formed_cluster_is_not_malformed(cluster: str) -> None:
    assert not [f for f in check(cluster) if "the AMA way" in f.message]


def test_a_unicode_cluster_is_read_and_suggested_in_unicode() -> None:
    [finding] = check("¹⁻²", kind="text")
    assert finding.suggestion == "¹˒²"
    assert "the run 1-2 has only two numbers" in finding.message


@pytest.mark.parametrize(
    ("clusters", "location", "words"),
    [
        (["1", "3", "2"], "line 2", "Numbers 2 and 3 are swapped: 3 is first cited at line 2 (superscript 3), before 2 (first cited at line 3)"),
        (["1", "5", "2", "3", "4"], "line 2", "Number 5 is first cited at line 2 (superscript 5), before numbers 2, 3 and 4 (first cited at line 3, line 4 and line 5)"),
        (["2", "1"], "line 1", "Numbers 1 and 2 are swapped"),
        (["1", "3", "4", "2"], "line 2", "Number 3 is first cited at line 2 (superscript 3), before number 2 (first cited at line 4)"),
        (["1,3", "2"], "line 1", "Numbers 2 and 3 are swapped: 3 is first cited at line 1 (superscript 1,3)"),
        (["1,5", "2,3", "4"], "line 1", "Number 5 is first cited at line 1 (superscript 1,5), before numbers 2, 3 and 4 (first cited at line 2 and line 3)"),
        (["1,4", "2", "3"], "line 1", "Number 4 is first cited at line 1 (superscript 1,4), before numbers 2 and 3 (first cited at line 2 and line 3)"),
    ],
    ids=["swap", "five-before-two-to-four", "swap-at-start", "three-then-four-before-two", "swap-within-a-cluster", "same-place-named-once", "jump-within-a-cluster"],
)  # fmt: skip
def test_numbers_out_of_the_order_of_first_citation(
    clusters: list[str], location: str, words: str
) -> None:
    [finding] = check(*clusters)
    assert finding.severity is Severity.ERROR
    assert finding.location == location
    assert words in finding.message


@pytest.mark.parametrize(
    "clusters",
    [["1", "2", "1", "3"], ["1-3", "2", "4"], ["1", "2,3", "1,4"], ["1(p4)", "1,2"]],
    ids=["reused", "reused-inside-a-run", "reused-in-a-cluster", "reused-with-a-locator"],
)
def test_a_number_cited_again_keeps_its_place(clusters: list[str]) -> None:
    assert check(*clusters) == []


def test_numbers_beyond_the_list_are_errors() -> None:
    findings = check("1", "2,3", "0", references=2)
    assert [(f.severity, f.location) for f in findings] == [
        (Severity.ERROR, "line 2"),
        (Severity.ERROR, "line 3"),
    ]
    assert "cites number 3, which is not in the reference list, which has 2" in findings[0].message
    assert "cites number 0" in findings[1].message


def test_numbers_beyond_the_list_do_not_count_as_out_of_order() -> None:
    assert [f.location for f in check("1", "21", "2", references=20) if "order" in f.message] == []


def test_references_never_cited() -> None:
    findings = check("1", "2", "5", references=7)
    assert [(f.severity, f.location) for f in findings] == [
        (Severity.ERROR, "line 3"),
        (Severity.ERROR, "reference list"),
    ]
    assert findings[0].message == (
        "References 3 and 4 are never cited: the numbers jump from 2 to 5 at line 3 "
        "(superscript 5)."
    )
    assert findings[1].message == (
        "References 6 and 7 of the 7-reference list of letter.md are never cited "
        "(the highest number cited is 5)."
    )


def test_references_never_cited_are_named_by_their_keys() -> None:
    keys = ["a", "b", "c"]
    superscripts = [sup("1"), sup("3", 2)]
    [finding] = check_numbering(superscripts, references=None, keys=keys, path="x.md")
    assert finding.key == "b"
    assert finding.message.startswith("Reference 2 (b) is never cited")


def test_a_gap_is_found_without_knowing_the_list() -> None:
    [finding] = check("1", "3")
    assert finding.message.startswith("Reference 2 is never cited")


def test_a_document_without_citations() -> None:
    [finding] = check_numbering([], references=3, path="x.md", list_location="line 9")
    assert finding.location == "line 9"
    assert finding.message == (
        "References 1-3 of the 3-reference list of x.md are never cited: no citation "
        "cites any reference."
    )


@pytest.mark.parametrize(
    ("before", "after", "kind", "words", "suggestion"),
    [
        ("the outcomes", ". Next", "markdown", "comes before a period", "outcomes.^1^"),
        ("the outcomes", ", and", "markdown", "comes before a comma", "outcomes,^1^"),
        ("**outcomes**", "**.", "markdown", "comes before a period", "**outcomes.^1^"),
        ("the study:", "", "markdown", "comes after a colon", "study^1^:"),
        ("the study; ", " and", "html", "comes after a semicolon", "study<sup>1</sup>;"),
        ("the outcomes", ".", "docx", "comes before a period", "outcomes.¹"),
    ],
    ids=["period", "comma", "bold", "colon", "semicolon-html", "word-unicode"],
)  # fmt: skip
def test_placement_against_punctuation(
    before: str, after: str, kind: str, words: str, suggestion: str
) -> None:
    superscripts = [Superscript("1", "paragraph 3", before, after)]
    [finding] = check_numbering(superscripts, references=1, path="x", kind=kind)
    assert finding.severity is Severity.WARNING
    assert finding.location == "paragraph 3"
    assert finding.line is None
    assert words in finding.message
    assert finding.suggestion == suggestion


@pytest.mark.parametrize(
    ("before", "after"),
    [("outcomes.", " Next"), ("outcomes,", " and"), ("(2024)", " reported"), ("study", ":"), ("", "")],
    ids=["after-period", "after-comma", "narrative", "before-colon", "alone"],
)  # fmt: skip
def test_placement_the_ama_way_passes(before: str, after: str) -> None:
    assert (
        check_numbering([Superscript("1", "line 1", before, after)], references=1, path="x") == []
    )


def test_findings_are_in_document_order_and_reported_as_json() -> None:
    findings = check("1", "3–4", "2", references=4)
    assert [f.location for f in findings] == ["line 2", "line 2"]
    report = CheckReport(
        path=None, entries=(), documents=(DocumentReport("x.md", tuple(findings)),)
    )
    assert '"location": "line 2"' in to_json(report)
    assert all(f.code == "citation" and f.source == "document" and f.line == 2 for f in findings)


# --- the document's own reference list ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Body.^1^\n\n## References\n\n1. A.\n2. B.\n3. C.\n", "markdown", 3),
        ("Body.\n\n**References**\n\n1. A.\n\n   continued 2 lines\n2. B.\n", "markdown", 2),
        ("Body.\n\n# References\n\n1. A.\n\n# Appendix\n\n2. Not a reference.\n", "markdown", 1),
        ("Body.\n\nReferences\n1 A.\n2 B.\n", "text", 2),
        ("Body.\n\nREFERENCES:\n[1] A.\n[2] B.\n", "text", 2),
        ("<h2>References</h2><ol><li>A</li><li>B</li></ol>", "html", 2),
        ("<p><b>References</b></p><p>1. A</p><p>2. B</p>", "html", 2),
        ("Body with no list.\n", "markdown", None),
        ("## References\n\n- A\n- B\n", "markdown", None),
    ],
    ids=["markdown", "continuation", "next-heading", "text", "bracketed", "html-ol", "html-paragraphs", "none", "unnumbered"],
)  # fmt: skip
def test_count_listed_references(text: str, kind: str, expected: int | None) -> None:
    assert count_listed_references(text, kind) == expected


def test_superscripts_inside_the_documents_own_list_are_not_checked(tmp_path: Path) -> None:
    document = tmp_path / "letter.md"
    document.write_text("Claim.^1^\n\n## References\n\n1. A title with CD38^7^ in it.\n")
    assert check_document(document) == ()


# --- reading files --------------------------------------------------------------------------


def test_an_unknown_suffix_is_a_clear_error(tmp_path: Path) -> None:
    document = tmp_path / "letter.pdf"
    document.write_bytes(b"%PDF")
    with pytest.raises(
        UnsupportedDocumentError, match=r"letter\.pdf: cannot check citations in a \.pdf file"
    ):
        read_document(document)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"missing\.md: cannot read"):
        read_document(tmp_path / "missing.md")
    with pytest.raises(DocumentError, match=r"missing\.docx: cannot read"):
        read_document(tmp_path / "missing.docx")


def test_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder.html"
    folder.mkdir()
    with pytest.raises(MiRefsError, match=r"folder\.html: cannot read"):
        read_document(folder)


def test_text_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    document = tmp_path / "letter.txt"
    document.write_bytes(b"line one\nStr\xfc\xdfmann\n")
    with pytest.raises(DocumentError, match=r"letter\.txt: .*not UTF-8 .*line 2"):
        read_document(document)


def test_html_in_its_declared_charset_is_read(tmp_path: Path) -> None:
    document = tmp_path / "letter.htm"
    document.write_bytes(
        b'<html><head><meta charset="windows-1252"></head>'
        b"<body><p>Str\xfc\xdfmann et al (2024)<sup>1</sup> \x96 text.</p></body></html>"
    )
    [found], kind = read_document(document)
    assert (kind, found.text, found.before) == ("html", "1", "rüßmann et al (2024)")


def test_docx_is_read_through_the_docx_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "letter.docx"
    document.write_bytes(b"PK")
    fake = types.ModuleType("mi_refs.documents.docx")
    fake.superscripts_docx = lambda path: [  # type: ignore[attr-defined]
        Superscript("1", "paragraph 2", "claim.", ""),
        Superscript("1-2", "paragraph 5", "more.", ""),
    ]
    monkeypatch.setitem(sys.modules, "mi_refs.documents.docx", fake)
    superscripts, kind = read_document(document)
    assert (kind, [s.location for s in superscripts]) == ("docx", ["paragraph 2", "paragraph 5"])


def test_a_word_letter_is_checked_against_its_own_list(tmp_path: Path) -> None:
    """The finding names the paragraph and quotes the sentence; a Word letter has no lines."""
    letter = "Claim.^1^\n\nMore.^1-2^\n\nReferences\n\n1. A\n\n2. B\n"
    [finding] = check_document(build_docx(letter, tmp_path / "letter.docx"))
    assert (finding.location, finding.suggestion, finding.line) == ("paragraph 2", "1,2", None)
    assert 'paragraph 2 (in "More.¹⁻²")' in finding.message


def test_docx_without_the_docx_module_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "letter.docx"
    document.write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "mi_refs.documents.docx", None)
    with pytest.raises(
        UnsupportedDocumentError, match=r"letter\.docx: cannot check a Word document"
    ):
        read_document(document)


def test_a_damaged_docx_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    def damaged(path: Path) -> list[Superscript]:
        raise zipfile.BadZipFile("File is not a zip file")

    document = tmp_path / "letter.docx"
    document.write_bytes(b"not a zip")
    fake = types.ModuleType("mi_refs.documents.docx")
    fake.superscripts_docx = damaged  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mi_refs.documents.docx", fake)
    with pytest.raises(DocumentError, match=r"letter\.docx: cannot read the Word document"):
        read_document(document)


def test_words_in_a_superscript_warn_and_a_bad_run_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A superscript with words (pandoc's AMA form, ``^see 1(p4) and passim^``) is a
    house-style question, not a wrong number; mi-refs writes the words outside it."""
    import mi_refs

    bib = mi_refs.load(ROOT / "references.bib")
    cited = mi_refs.cite_text(
        "Remissions [see @strussmann2024case, p. 4 and passim].\n\nMore [@vernava2023novel].\n",
        bib,
    )
    letter = tmp_path / "letter.md"
    letter.write_text(cited.text, encoding="utf-8")
    assert cited.text.startswith("Remissions see^1(p4)^ and passim.\n\nMore.^2^")
    (report,) = mi_refs.check_documents([letter])
    assert report.findings == ()
    letter.write_text(
        "Remissions.^see\\ 1(p4)\\ and\\ passim^\n\nMore.^2^\n\n## References\n\n1. A\n2. B\n",
        encoding="utf-8",
    )
    (report,) = mi_refs.check_documents([letter])
    worded = [f for f in report.findings if "holds words" in f.message]
    assert [f.severity for f in worded] == [mi_refs.Severity.WARNING]
    letter.write_text("A.^1,2,3^\n\n## References\n\n1. A\n2. B\n3. C\n", encoding="utf-8")
    (report,) = mi_refs.check_documents([letter])
    assert [f.severity for f in report.findings] == [mi_refs.Severity.ERROR]
