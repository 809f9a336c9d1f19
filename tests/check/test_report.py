"""Report formats, statuses, exit codes and ignore rules (pure)."""

import json
import xml.etree.ElementTree as ET

import pytest

import mi_refs
from mi_refs import CheckReport, EntryReport, Finding, Severity
from mi_refs.check.findings import IgnoreRule
from mi_refs.check.report import exit_code, format_report

ERROR = Finding("field-mismatch", Severity.ERROR, "journal 'Lancet' is not the journal pubmed has",
                key="vernava2023", line=41, field="journal", stored="Lancet",
                registry="Blood Cells Mol Dis", source="pubmed", suggestion="Blood Cells Mol Dis")  # fmt: skip
WARNING = Finding("style", Severity.WARNING, "'New Engl J Med' is not an NLM abbreviation, fix it: now",
                  key="ostendorf2020", line=90, field="journal", suggestion="N Engl J Med")  # fmt: skip
UNVERIFIED = Finding(
    "unverified", Severity.WARNING, "PMID 1: PubMed could not be asked", key="x", line=7
)
INFO = Finding("not-checkable", Severity.INFO, "web pages are in no registry", key="web", line=3)


def report(*entries: EntryReport) -> CheckReport:
    return CheckReport(path="references.bib", entries=entries, version="9.9")


FULL = report(
    EntryReport("vernava2023", 41, (ERROR,)),
    EntryReport("ostendorf2020", 90, (WARNING,)),
    EntryReport("x", 7, (UNVERIFIED,)),
    EntryReport("web", 3, (INFO,)),
    EntryReport("fine", 1, ()),
)


def test_statuses_and_counts() -> None:
    assert [entry.status for entry in FULL.entries] == [
        "error",
        "warning",
        "unverified",
        "not-checkable",
        "ok",
    ]
    assert (FULL.errors, FULL.warnings, FULL.unverified, FULL.entry_count) == (1, 1, 1, 5)


@pytest.mark.parametrize(
    ("entries", "strict", "code"),
    [
        ((EntryReport("a", 1, (ERROR,)),), False, 1),
        ((EntryReport("a", 1, (WARNING,)),), False, 0),
        ((EntryReport("a", 1, (WARNING,)),), True, 1),
        ((EntryReport("a", 1, (UNVERIFIED,)),), False, 0),
        ((EntryReport("a", 1, (UNVERIFIED,)),), True, 1),
        ((EntryReport("a", 1, (INFO,)),), True, 0),
        ((), True, 0),
    ],
)
def test_exit_codes(entries: tuple[EntryReport, ...], strict: bool, code: int) -> None:
    assert exit_code(report(*entries), strict=strict) == code


def test_json_contract() -> None:
    data = json.loads(format_report(FULL, "json"))
    assert data["tool"] == {"name": "mi-refs", "version": "9.9"}
    assert data["summary"] == {
        "entries": 5,
        "errors": 1,
        "warnings": 1,
        "unverified": 1,
        "statuses": {"error": 1, "warning": 1, "unverified": 1, "not-checkable": 1, "ok": 1},
        "findings": {"error": 1, "warning": 1, "unverified": 1, "info": 1},
    }
    first = data["entries"][0]
    assert (first["key"], first["line"], first["status"]) == ("vernava2023", 41, "error")
    assert first["findings"][0] == {
        "code": "field-mismatch", "severity": "error", "field": "journal", "stored": "Lancet",
        "registry": "Blood Cells Mol Dis", "source": "pubmed", "message": ERROR.message,
        "suggestion": "Blood Cells Mol Dis", "line": 41,
    }  # fmt: skip


def test_text_report_groups_by_entry_with_stored_and_registry_values() -> None:
    text = format_report(FULL, "text")
    assert "references.bib:41: vernava2023: error" in text
    assert (
        "  error field-mismatch [journal]: journal 'Lancet' is not the journal pubmed has" in text
    )
    assert "      stored:   Lancet\n      pubmed:   Blood Cells Mol Dis" in text
    assert "      suggest:  N Engl J Med" in text
    assert text.endswith(
        "5 entries: 1 with errors, 1 with warnings, 1 unverified, 1 not checkable, 1 ok; "
        "4 findings: 1 error, 1 warning, 1 unverified, 1 info\n"
    )
    assert "\033[" not in text
    assert "\033[31m" in format_report(FULL, "text", colour=True)


def test_github_annotations_escape_their_properties() -> None:
    lines = format_report(FULL, "github").splitlines()
    assert lines[0] == (
        "::error file=references.bib,line=41,title=field-mismatch [vernava2023]::"
        "journal 'Lancet' is not the journal pubmed has"
    )
    assert lines[1].startswith(
        "::warning file=references.bib,line=90,title=style [ostendorf2020]::"
    )
    assert lines[1].endswith("fix it: now")  # ':' is escaped in properties only
    assert any(line.startswith("::notice ") for line in lines)


def test_junit_is_valid_xml_with_one_failure() -> None:
    root = ET.fromstring(format_report(FULL, "junit"))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("5", "1")
    failure = suite.find("testcase[@name='vernava2023']/failure")
    assert failure is not None and "field-mismatch" in (failure.get("message") or "")


def test_unknown_format() -> None:
    with pytest.raises(mi_refs.UnknownFormatError, match="unknown report format"):
        format_report(FULL, "yaml")


def test_ignore_rules_need_a_reason_and_a_target() -> None:
    assert IgnoreRule.from_mapping({"key": "a", "reason": "checked by hand"}) == IgnoreRule(
        "checked by hand", "a"
    )
    for bad in ({"key": "a"}, {"reason": "why"}, {"key": "a", "reason": " "}):
        with pytest.raises(ValueError, match=r"a reason is required|would match every entry"):
            IgnoreRule.from_mapping(bad)


def test_ignored_findings_leave_the_counts_and_are_listed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bib = mi_refs.loads(
        "@article{a, author = {Smith, J}, title = {T}, journal = {New Engl J Med}, year = 2020, pages = {1--400}}"
    )
    plain = mi_refs.check(bib, online=False, cache_dir=tmp_path)
    assert {f.code for f in plain.findings()} >= {"style", "implausible-value"}
    rules = [
        {"code": "style", "reason": "house style"},
        {"key": "a", "code": "implausible-value", "reason": "a monograph issue"},
    ]
    report = mi_refs.check(bib, online=False, cache_dir=tmp_path, ignore=rules)
    assert {f.code for f in report.findings()} == {"unverified"}
    assert sorted(reason for _, reason in report.ignored) == ["a monograph issue", "house style"]
    assert json.loads(format_report(report, "json"))["ignored"][0]["reason"] in {
        "house style",
        "a monograph issue",
    }


def test_document_findings_in_github_annotations_carry_their_line() -> None:
    from mi_refs.check.report import DocumentReport

    finding = Finding(
        "citation",
        Severity.WARNING,
        "after a colon",
        line=60,
        location="line 60",
        source="document",
    )
    docx_finding = Finding(
        "citation", Severity.ERROR, "3 before 2", location="paragraph 4", source="document"
    )
    text = format_report(
        CheckReport(
            path=None,
            entries=(),
            documents=(
                DocumentReport("letter.md", (finding,)),
                DocumentReport("l.docx", (docx_finding,)),
            ),
        ),
        "github",
    )
    assert text.splitlines() == [
        "::warning file=letter.md,line=60,title=citation::line 60: after a colon",
        "::error file=l.docx,title=citation::paragraph 4: 3 before 2",
    ]
