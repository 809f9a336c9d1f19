"""Render the published style examples in tests/conformance/styles/ and show what differs.

For each style (AMA: ``ama.toml``; NLM: ``nlm.toml``) this prints the number of cases, how
many mi-refs renders exactly as the source prints them, and for every other case the
expected and the rendered line: the worklist for whoever fixes the renderer.

Usage (from the repository root):

    .venv/bin/python tools/style_conformance.py [--style ama|vancouver] [--ids]

``--ids`` prints only the ids that differ (the KNOWN_FAILURES sets of the test).
``--csl`` also counts how many cases citeproc-js matches with the official CSL styles
(american-medical-association.csl, nlm-citation-sequence.csl), using the converter and
node script of tools/csl_check (run ``npm ci`` there first). Offline either way.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import mi_refs

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "conformance" / "styles"
STYLE_FILES = {"ama": "ama.toml", "vancouver": "nlm.toml"}
STYLE_CSL = {"ama": "american-medical-association.csl", "vancouver": "nlm-citation-sequence.csl"}
NUMBER = re.compile(r"^\d+\.\s")


def load_cases(style: str) -> list[dict[str, Any]]:
    """The cases of one style, in file order."""
    path = CASES_DIR / STYLE_FILES[style]
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return list(data.get("case", []))


def house_options(values: dict[str, Any]) -> mi_refs.HouseOptions:
    """HouseOptions from a case's ``options`` table; names HouseOptions lacks are left out."""
    known = {field.name for field in dataclasses.fields(mi_refs.HouseOptions)}
    return mi_refs.HouseOptions(**{k: v for k, v in values.items() if k in known})


def render_case(case: dict[str, Any], style: str) -> str:
    """The case rendered as text, without its leading ``1. `` (empty if nothing rendered)."""
    bibliography = mi_refs.loads(case["bibtex"])
    text = mi_refs.render(
        bibliography,
        style=style,
        format="text",
        options=house_options(case.get("options", {})),
    )
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(NUMBER.sub("", line, count=1) for line in lines)


def csl_matches(style: str, cases: list[dict[str, Any]], csl_dir: Path) -> int:
    """How many cases citeproc-js renders exactly as expected (tools/csl_check converter)."""
    spec = importlib.util.spec_from_file_location("csl_check", ROOT / "tools/csl_check/check.py")
    assert spec is not None and spec.loader is not None
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    matched = 0
    for case in cases:
        options = case.get("options", {})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "case.bib"
            path.write_text(case["bibtex"], encoding="utf-8")
            try:
                entries = check.load_bib(path)
            except ValueError:
                continue
        items = []
        et_al_min = options.get("et_al_min") or check.DEFAULT_ET_AL[style][0]
        for entry_type, key, fields in entries:
            try:
                converted = check.to_csl(entry_type, key, fields, style, options)
            except (ValueError, KeyError):  # a field the converter cannot read: no match
                converted = None
            if converted is None:
                continue
            item, others = converted
            if others:
                check.pad_for_others(item, et_al_min)
            items.append(item)
        if not items:
            continue
        patch = None
        if "et_al_min" in options:
            patch = (et_al_min, check.DEFAULT_ET_AL[style][1])
        rendered = check.render(items, style, csl_dir, patch)
        if rendered and rendered[0] == case["expected"]:
            matched += 1
    return matched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=sorted(STYLE_FILES), action="append")
    parser.add_argument("--ids", action="store_true", help="print only the failing ids")
    parser.add_argument("--csl", action="store_true", help="also count citeproc-js matches")
    parser.add_argument("--csl-dir", type=Path, default=Path("/work/shared/csl"))
    args = parser.parse_args(argv)
    for style in args.style or list(STYLE_FILES):
        cases = load_cases(style)
        failures: list[tuple[str, str, str]] = []
        for case in cases:
            try:
                got = render_case(case, style)
            except Exception as error:
                got = f"<error: {type(error).__name__}: {error}>"
            if got != case["expected"]:
                failures.append((case["id"], case["expected"], got))
        matched = len(cases) - len(failures)
        print(f"{style}: {len(cases)} cases, {matched} matched, {len(failures)} differ")
        held = [case["id"] for case in cases if case.get("holdout")]
        if held:
            failed = {case_id for case_id, _, _ in failures}
            held_matched = sum(case_id not in failed for case_id in held)
            print(f"{style}: holdout (never tuned on) {held_matched} of {len(held)} matched")
        if args.csl:
            csl = csl_matches(style, cases, args.csl_dir)
            print(f"{style}: citeproc-js ({STYLE_CSL[style]}) matches {csl} of {len(cases)}")
        for case_id, expected, got in failures:
            if args.ids:
                print(f"  {case_id}")
                continue
            print(f"\n  [{case_id}]")
            print(f"  expected: {expected}")
            print(f"  got:      {got or '<nothing rendered>'}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
