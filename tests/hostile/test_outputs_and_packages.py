"""Outputs are inert, reports stay well-formed, Word packages are checked before they are
unpacked, and a fuzzer finds no crash (issue #11)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mi_refs
from mi_refs.check.report import CheckReport, DocumentReport, EntryReport, exit_code
from mi_refs.documents import package_limits
from mi_refs.errors import RegistryResponseError
from mi_refs.model import Finding, Severity
from mi_refs.registries.answers import SCHEMAS, validated
from mi_refs.registries.crossref import record_from_work
from mi_refs.registries.pubmed import record_from_esummary
from mi_refs.styles.backends import escape_latex, escape_latex_key, safe_url

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "DATA:text/html,<script>",
    'https://x.org/"><img src=x onerror=alert(1)>',
    "https://x.org/<img src=x onerror=alert(1)>",
    "vbscript:msgbox",
]


def bib_with(field: str, value: str) -> mi_refs.Bibliography:
    text = (
        "@misc{k, author = {Doe, J}, title = {T}, year = 2020, "
        f"howpublished = {{Web}}, {field} = {{{value}}}}}\n"
    )
    return mi_refs.loads(text)


@pytest.mark.parametrize("url", HOSTILE_URLS)
@pytest.mark.parametrize("fmt", ["html", "markdown", "latex"])
def test_hostile_urls_never_become_links(url: str, fmt: str) -> None:
    out = mi_refs.render(bib_with("url", url), format=fmt)
    if fmt == "html":
        assert "<img" not in out
    if fmt == "markdown":  # a "<" is escaped: pandoc and CommonMark print it
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == "<" and i)
    assert "<a href" not in out and "](" not in out
    assert "\\url{" not in out and "\\href{" not in out
    assert safe_url(url) is None


@pytest.mark.parametrize("fmt", ["html", "markdown", "latex"])
def test_http_and_doi_urls_are_links(fmt: str) -> None:
    out = mi_refs.render(bib_with("url", "https://example.org/a_b%20c#x"), format=fmt)
    assert {"html": "<a href=", "markdown": "<https://", "latex": "\\url{"}[fmt] in out


def test_markup_in_fields_is_text_everywhere() -> None:
    bib = bib_with("note", "<script>alert(1)</script> &amp; [x](javascript:y)")
    html = mi_refs.render(bib, format="html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    markdown = mi_refs.render(bib, format="markdown")
    assert "\\<script>" in markdown and " <script>" not in markdown
    assert "[x](javascript" not in markdown  # the brackets are escaped


@pytest.mark.parametrize(
    "value",
    [
        r"\textbackslash input\{/etc/passwd\}",
        r"\immediate\write18{rm -rf /}",
        "a ^ b } c { d",
        "50% of #1 & _x_ ~ $y$",
    ],
)
def test_latex_output_is_inert(value: str) -> None:
    out = mi_refs.render(bib_with("note", value), format="latex")
    body = out.split("\n", 1)[1]
    assert "\\input{" not in body and "\\write18" not in body and "\\immediate" not in body
    depth = 0
    for index, char in enumerate(body):
        if char in "{}" and body[index - 1] != "\\":
            depth += 1 if char == "{" else -1
            assert depth >= 0
    assert depth == 0
    for char in "^%#&_$":
        assert all(
            body[i - 1] == "\\" or body[i - 2 : i] == "xt"
            for i, c in enumerate(body)
            if c == char and i
        )


def test_latex_escapes_every_special_and_keys() -> None:
    assert escape_latex("\\^{}%#&_~$") == (
        "\\textbackslash{}\\textasciicircum{}\\{\\}\\%\\#\\&\\_\\textasciitilde{}\\$"
    )
    assert escape_latex("a\x00b\x1bc") == "a b c"
    assert escape_latex_key("a%b#c_d&e") == "a-b-c_d-e"


def test_text_output_strips_control_characters() -> None:
    out = mi_refs.render(bib_with("note", "bell\x07 esc\x1b[2J"), format="text")
    assert "\x07" not in out and "\x1b" not in out


def test_a_nul_next_to_a_backslash_is_not_a_brace() -> None:
    bib = mi_refs.loads("@article{a, title = {A\\\x00b and \x00\\c}, journal = {J}, year = 2020}")
    assert "{" not in bib.references[0].title


# -- reports -----------------------------------------------------------------------------


def finding(message: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code="field-mismatch", severity=severity, message=message)


def test_junit_counts_document_failures_and_stays_well_formed() -> None:
    report = CheckReport(
        path="r.bib",
        entries=(EntryReport("k\x1bey", 1, (finding("ok", Severity.WARNING),)),),
        documents=(DocumentReport("letter.md", (finding("bad \x00 number\x07"),)),),
    )
    assert exit_code(report) == 1
    root = ET.fromstring(mi_refs.format_report(report, "junit"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "1" and suite.get("tests") == "2"


def test_the_text_report_cannot_be_forged() -> None:
    report = CheckReport(
        path="r.bib", entries=(EntryReport("k", 1, (finding("x\r\nr.bib:9: z: ok\x1b[0m"),)),)
    )
    text = mi_refs.format_report(report, "text")
    assert "\nr.bib:9" not in text and "\x1b" not in text and "\r" not in text
    json.loads(mi_refs.format_report(report, "json"))


# -- Word packages -----------------------------------------------------------------------


def docx_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_compression_bomb_is_refused_before_unpacking() -> None:
    data = docx_bytes({"word/media/image1.png": b"\0" * (4 * 1024 * 1024)})
    with pytest.raises(mi_refs.DocumentError, match="compressed"):
        package_limits.check_package(data, "bomb.docx")
    with pytest.raises(mi_refs.MiRefsError):
        mi_refs.cite_docx(data, mi_refs.loads(""))


def test_part_total_and_entry_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_limits, "MAX_XML_PART_BYTES", 1000)
    with pytest.raises(mi_refs.DocumentError, match="unpacks to"):
        package_limits.check_package(docx_bytes({"word/document.xml": b"<a/>" * 400}), "d")
    monkeypatch.setattr(package_limits, "MAX_ENTRIES", 3)
    many = docx_bytes({f"p{n}.bin": b"x" for n in range(4)})
    with pytest.raises(mi_refs.DocumentError, match="parts"):
        package_limits.check_package(many, "d")
    monkeypatch.setattr(package_limits, "MAX_ENTRIES", 5000)
    monkeypatch.setattr(package_limits, "MAX_TOTAL_BYTES", 1500)
    total = docx_bytes({f"p{n}.bin": bytes(range(256)) * 2 for n in range(3)})
    with pytest.raises(mi_refs.DocumentError, match="more than"):
        package_limits.check_package(total, "d")


def test_billion_laughs_in_footnotes_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:footnotes>&b;</w:footnotes>'
    )
    data = docx_bytes({"[Content_Types].xml": b"<Types/>", "word/footnotes.xml": laughs})
    with pytest.raises(mi_refs.DocumentError, match="DTD"):
        package_limits.check_package(data, "laughs.docx")


def test_the_seed_word_document_passes(tmp_path: Path) -> None:
    for path in Path(__file__).parents[1].rglob("*.docx"):
        package_limits.check_package(path.read_bytes(), path.name)


# -- fuzzing -----------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)
FIELDS = ["title", "authors", "articleids", "references", "pubtype", "DOI", "author", "issued",
          "updated-by", "container-title", "page", "pages", "uid", "source"]  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6), st.sampled_from(sorted(SCHEMAS)))
def test_fuzzed_answers_are_validated_or_refused(document: dict[str, object], kind: str) -> None:
    try:
        checked = validated(kind, document)
    except RegistryResponseError:
        return
    json.dumps(checked).encode("utf-8")  # storable and printable
    if kind == "pubmed":
        record_from_esummary(checked)
    elif kind == "crossref":
        record_from_work(checked)


FIELD_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from("\\{}%#&_^~$\x00\x1b"),
    max_size=40,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(FIELD_TEXT, st.sampled_from(["title", "note", "url", "journal", "author", "doi", "pages"]))
def test_fuzzed_bib_fields_render_everywhere(value: str, field: str) -> None:
    text = (
        "@article{k, title = {T}, journal = {J}, year = 2020, "
        + field
        + " = {"
        + value.replace("{", "").replace("}", "")
        + "}}"
    )
    bib = mi_refs.loads(text)
    for fmt in ("text", "markdown", "html", "latex"):
        out = mi_refs.render(bib, format=fmt)
        assert "\x1b" not in out and "\x00" not in out
