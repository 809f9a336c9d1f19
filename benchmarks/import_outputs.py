#!/usr/bin/env python3
"""Every output of ``import``, written to a directory, to compare two versions of the code
byte for byte (issue 22: the import's shortcuts must not change what it writes).

Run it once with the code before a change and once with the code after (``PYTHONPATH``
naming each ``src``), then compare the two directories::

    PYTHONPATH=/tmp/before/src python benchmarks/import_outputs.py --out /tmp/outputs-before
    PYTHONPATH=src python benchmarks/import_outputs.py --out /tmp/outputs-after
    diff -r /tmp/outputs-before /tmp/outputs-after && echo identical

What is imported: every real export in ``tests/fixtures/imports`` and
``../shared/fixtures/api2`` (each file alone, and all of them together), a few damaged
files written here, and the benchmark's generated files of every format
(``import_scale.py``'s writers, ``--entries`` records, 3,000 by default). Each is imported
into no file (the printed BibTeX, the text and JSON reports) and into a copy of every
``tests/fixtures/*.bib`` (the file written and both reports); the generated files also
into the .bib their MEDLINE file gives (every record a duplicate) and each twice into one
new .bib. An import that fails writes its error's type and message instead. The target
files are imported into under one fixed work directory (``--work``), so the paths in the
reports are the same from run to run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import harness
import import_scale

FIXTURES = harness.REPO / "tests" / "fixtures"
SHARED = harness.REPO.parent / "shared" / "fixtures" / "api2"
SHARED_FORMATS = ("csl-json", "endnote-xml", "nbib", "ris", "zotero", "zotero-bbt", "docx")

# Damaged or odd inputs, beside the real exports: (name, text).
ODD = (
    ("no-er.ris", "TY  - JOUR\nTI  - A title\nAU  - Smith, John\nPY  - 2020\n"),
    (
        "and-case.ris",
        "TY  - JOUR\nTI  - Names\nAU  - Smith AND Jones, A\nAU  - van der Berg, Jan\n"
        "AU  - Müller,  Ann\tB\nAU  - {World Health Organization}\nPY  - 2020\nJO  - J\nER  - \n",
    ),
    (
        "pages.ris",
        "TY  - JOUR\nTI  - Pages\nAU  - Smith, John\nPY  - 2020\nSP  - 1618\nEP  - 21\n"
        "JO  - J\nER  - \nTY  - JOUR\nTI  - E pages\nAU  - Lee, K\nPY  - 2021\nSP  - e84–9\n"
        "JO  - J\nER  - \nTY  - JOUR\nTI  - 50% of a_b & c$ #1 -- x\nPY  - 2019\nSP  - S12 - S14\n"
        "JO  - J & K\nDO  - 10.1/x_y\nER  - \n",
    ),
    ("cut.json", '[{"type": "article-journal", "title": "A"}, {"type": '),
    (
        "suffix.nbib",
        "PMID- 1\nTI  - A title.\nFAU - Smith, John A, Jr\nFAU - Doe, J., III\n"
        "AU  - Doe J\nDP  - 2020 Jan\nJT  - J\nPG  - 342-6\n\nPMID- 2\nTI  - Other\n"
        "FAU - Smith and Sons, Ltd\nDP  - 2019\nJT  - J\n",
    ),
)


def _inputs(work: Path, entries: int) -> list[Path]:
    found = [path for path in sorted((FIXTURES / "imports").iterdir()) if path.suffix != ".md"]
    for name in SHARED_FORMATS:
        if (SHARED / name).is_dir():
            found += sorted(path for path in (SHARED / name).iterdir() if path.is_file())
    odd = work / "odd"
    odd.mkdir()
    for name, text in ODD:
        (odd / name).write_text(text, encoding="utf-8")
        found.append(odd / name)
    return found


def _generated(work: Path, entries: int) -> list[Path]:
    generated = work / "generated"
    generated.mkdir()
    articles = harness.generate_articles(entries, harness.DEFAULT_SEED)
    paths = []
    for name, (suffix, write) in import_scale.FORMATS.items():
        path = generated / f"{name}{suffix}"
        path.write_text(write(articles), encoding="utf-8")
        paths.append(path)
    return paths


def _import(
    out: Path, name: str, paths: Sequence[Path], into: Path | None, *, keep_text: bool = True
) -> None:
    from mi_refs.errors import MiRefsError
    from mi_refs.intake.importing import import_files
    from mi_refs.intake.report import format_intake_report

    try:
        result = import_files(list(paths), into, keep_text=keep_text)
    except MiRefsError as error:
        (out / f"{name}.error").write_text(f"{type(error).__name__}: {error}\n", "utf-8")
        return
    (out / f"{name}.printed.bib").write_text(result.bibtex, "utf-8")
    (out / f"{name}.report.txt").write_text(format_intake_report(result.report, "text"), "utf-8")
    (out / f"{name}.report.json").write_text(format_intake_report(result.report, "json"), "utf-8")
    if into is not None and into.exists():
        shutil.copyfile(into, out / f"{name}.written.bib")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="the directory to fill")
    parser.add_argument("--work", type=Path, default=Path("/tmp/mi-refs-import-outputs"))
    parser.add_argument("--entries", type=int, default=3_000)
    args = parser.parse_args(argv)
    for directory in (args.out, args.work):
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
    inputs = _inputs(args.work, args.entries)
    targets = sorted(FIXTURES.glob("*.bib"))

    def into(target: Path | None, label: str) -> Path | None:
        if target is None:
            return None
        copy = args.work / "targets" / f"{label}-{target.name}"
        copy.parent.mkdir(exist_ok=True)
        copy.unlink(missing_ok=True)
        shutil.copyfile(target, copy)
        return copy

    for index, path in enumerate(inputs):
        label = f"{index:03d}-{path.name}"
        _import(args.out, label, [path], None)
        for target in targets:
            _import(args.out, f"{label}-into-{target.stem}", [path], into(target, label))
    readable = [
        path
        for index, path in enumerate(inputs)
        if not (args.out / f"{index:03d}-{path.name}.error").exists()
    ]
    for target in (None, *targets):
        name = f"all-into-{target.stem if target else 'nothing'}"
        _import(args.out, name, readable, into(target, "all"))
    generated = _generated(args.work, args.entries)
    mine = args.work / "targets" / "generated.bib"
    for path in generated:
        _import(args.out, f"gen-{path.name}", [path], None)
        twice = args.work / "targets" / f"twice-{path.name}.bib"
        twice.unlink(missing_ok=True)
        _import(args.out, f"gen-{path.name}-once", [path], twice, keep_text=False)
        _import(args.out, f"gen-{path.name}-twice", [path], twice)
    mine.unlink(missing_ok=True)
    _import(args.out, "gen-nbib-into-new", [generated[0]], mine, keep_text=False)
    for path in generated[1:]:
        copy = args.work / "targets" / f"dup-{path.name}.bib"
        shutil.copyfile(mine, copy)
        _import(args.out, f"gen-{path.name}-into-nbib", [path], copy)
    count = sum(1 for _ in args.out.iterdir())
    print(f"{count} files in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
