"""Print the citation-syntax conformance worklist: cases, passed, and each failure.

Runs every case of ``tests/conformance/citations/cases.toml`` through mi-refs (the same
comparison as ``tests/conformance/test_pandoc_citations.py``) and prints, per failing case,
its source, input, what pandoc gave and what mi-refs gave. Also says which ids in
``KNOWN_FAILURES`` now pass (remove them) and which failures are not listed there (add
them, or fix them)::

    python tools/citation_conformance.py            # the worklist
    python tools/citation_conformance.py --ids      # failing ids only, one per line
    python tools/citation_conformance.py --summary  # the counts only

It also cites every case and checks the result as a finished letter (``check --doc``, in
Markdown, HTML and Word: ``tests/conformance/test_cite_then_check.py``) and reports how
many cases ``check --doc`` accepts unchanged (no finding), and lists the others.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tempfile

from tests.conformance import test_cite_then_check as property_
from tests.conformance import test_pandoc_citations as conformance


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", action="store_true", help="print failing ids only")
    parser.add_argument("--summary", action="store_true", help="print the counts only")
    args = parser.parse_args(argv)

    cases = conformance.load_cases()
    outcomes = [conformance.run_case(case) for case in cases]
    failures = [outcome for outcome in outcomes if not outcome.passed]
    failing = {outcome.case["id"] for outcome in failures}
    if args.ids:
        for outcome in failures:
            print(outcome.case["id"])
        return 0
    if not args.summary:
        for outcome in failures:
            case = outcome.case
            print(f"== {case['id']}")
            print(f"   source: {case['source']}")
            if case.get("note"):
                print(
                    textwrap.fill(
                        case["note"], 96, initial_indent="   note: ", subsequent_indent="         "
                    )
                )
            print(textwrap.indent(case["markdown"].rstrip("\n"), "   | "))
            if case.get("undefined"):
                print(f"   expected: UndefinedCitationError naming {case['undefined']}")
            else:
                print(f"   expected clusters:   {case['clusters']}")
                print(f"   got clusters:        {outcome.clusters}")
                print(f"   expected references: {case['references']}")
                print(f"   got references:      {outcome.references}")
            for problem in outcome.problems:
                print(f"   - {problem}")
            print()
    print(f"cases: {len(cases)}")
    print(f"passed: {len(cases) - len(failures)}")
    print(f"failed: {len(failures)}")
    report_check(cases, verbose=not args.summary and not args.ids)
    fixed = sorted(conformance.KNOWN_FAILURES - failing)
    unlisted = sorted(failing - conformance.KNOWN_FAILURES)
    if fixed:
        print(f"now passing, remove from KNOWN_FAILURES: {', '.join(fixed)}")
    if unlisted:
        print(f"failing but not in KNOWN_FAILURES: {', '.join(unlisted)}")
    return 0


def report_check(cases: list[dict[str, object]], *, verbose: bool) -> None:
    """How many cases ``check --doc`` accepts unchanged after ``cite``, per format."""
    for kind in property_.KINDS:
        accepted = cited = 0
        others: list[str] = []
        for case in cases:
            with tempfile.TemporaryDirectory() as directory:
                findings = property_.cite_then_check(case, kind, Path(directory))
            if findings is None:
                continue
            cited += 1
            if not findings:
                accepted += 1
                continue
            expected = (case["id"], kind) in property_.ACCEPTED_FINDINGS
            others.append(f"{case['id']}{' (expected: nocite)' if expected else ''}")
            if verbose:
                print(f"== check --doc ({kind}) {case['id']}")
                for finding in findings:
                    print(f"   - {finding}")
        print(f"check --doc accepts unchanged ({kind}): {accepted} of {cited} cited cases")
        if others:
            print(f"   with findings: {', '.join(others)}")


if __name__ == "__main__":
    raise SystemExit(main())
