"""List the offline findings of some codes (warning and error) over a corpus of .bib files,
or compare two such lists: what a rule change adds and removes on real libraries.

    PYTHONPATH=<tree>/src python tools/corpus/offline_findings.py list /work/corpus/bib \\
        --codes malformed-name implausible-value --out after.json
    python tools/corpus/offline_findings.py diff before.json after.json

``list`` reads every file under the directory (recursively, ``*.bib`` and the other names
build_corpus.py writes), runs :func:`mi_refs.check.offline.check_offline` on it (the date
fixed, so that two runs compare) and writes one row per finding: file, key, code, severity,
message. ``diff`` prints the rows only one of the two lists holds (run ``list`` once with the
old tree's ``src`` on PYTHONPATH and once with the new one's)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import mi_refs
from mi_refs.check.offline import check_offline

TODAY = dt.date(2026, 11, 1)


def list_findings(corpus: Path, codes: set[str]) -> list[list[str]]:
    rows = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        try:
            bibliography = mi_refs.load(path)
        except Exception as error:  # a tool over foreign files: say so and go on
            print(f"{path}: not read ({error})", file=sys.stderr)
            continue
        for finding in check_offline(bibliography, today=TODAY):
            if finding.code in codes and finding.severity.value in {"warning", "error"}:
                name = str(path.relative_to(corpus))
                rows.append([name, finding.key or "", finding.code, finding.severity.value,
                             finding.message])  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list")
    listing.add_argument("corpus", type=Path)
    listing.add_argument("--codes", nargs="+", required=True)
    listing.add_argument("--out", type=Path, required=True)
    diff = verbs.add_parser("diff")
    diff.add_argument("before", type=Path)
    diff.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.verb == "list":
        rows = list_findings(args.corpus, set(args.codes))
        args.out.write_text(json.dumps(rows, indent=0, ensure_ascii=False), encoding="utf-8")
        print(f"{len(rows)} findings")
        return 0
    before = {tuple(row) for row in json.loads(args.before.read_text(encoding="utf-8"))}
    after = {tuple(row) for row in json.loads(args.after.read_text(encoding="utf-8"))}
    for sign, rows in (("-", before - after), ("+", after - before)):
        for row in sorted(rows):
            print(sign, " | ".join(row))
    added, removed = len(after - before), len(before - after)
    print(f"before {len(before)}, after {len(after)}: +{added} -{removed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
