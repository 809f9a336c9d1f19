#!/usr/bin/env python3
"""Benchmark: render a large BibTeX file as an AMA reference list, mi-refs vs other tools.

One run writes N synthetic journal articles (default 10,000; ``--quick``: 1,000; seeded) as
BibTeX and, from the same records, CSL-JSON; then times each tool in fresh subprocesses,
best of ``--repeat``: mi-refs (``load`` then ``render(style="ama", format="text")``),
pybtex's ``unsrt`` style to plain text, citeproc-py and citeproc-js (npm ``citeproc``, run
by node) with the CSL AMA style from the CSL-JSON, and bibtexparser v2's ``parse_file``
plain and with ``LatexDecodingMiddleware`` (parsing only, for context). It prints the
machine, the versions, a Markdown table, the first reference as each renderer printed it
and how many lines mi-refs and citeproc-js print identically.

The BibTeX-to-CSL-JSON conversion is done before timing and is *not* in the CSL
processors' times. A tool that is not installed is reported as such (exit 0); exit 1 only
if an installed tool crashed or timed out. No network access is needed.

Usage::

    python benchmarks/render.py [--entries N | --quick] [--repeat R] [--only TOOL ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import harness as h
from harness import Result, Row, Tool

CITEPROC_JS_DIR = h.HERE / "citeproc_js"
DEFAULT_ENTRIES = 10_000
QUICK_ENTRIES = 1_000

# ---------------------------------------------------------------------------------------
# Workers: each runs in its own subprocess (``render.py --worker TOOL BIB JSON [OUT]``)
# ---------------------------------------------------------------------------------------


def _write_lines(out: str | None, lines: Sequence[str]) -> None:
    if out:
        Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _result(clock: h.Stopwatch, lines: Sequence[str], out: str | None, **extra: object) -> Result:
    _write_lines(out, lines)
    return {"entries": len(lines), "first": lines[0] if lines else "", "phases": clock.phases,
            **extra}  # fmt: skip


def worker_mi_refs(bib: str, _json: str, out: str | None) -> Result:
    clock = h.Stopwatch()
    import mi_refs

    clock.lap("import")
    h.need(mi_refs, "load", "render")
    bibliography = mi_refs.load(bib)
    clock.lap("load")
    text = mi_refs.render(bibliography, style="ama", format="text")
    clock.lap("render")
    clock.total("total", "load", "render")
    lines = [line for line in text.splitlines() if line.strip()]
    return _result(clock, lines, out, module=getattr(mi_refs, "__file__", None))


def worker_pybtex(bib: str, _json: str, out: str | None) -> Result:
    clock = h.Stopwatch()
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", "unsrt")()
    # Same output as entry.text.render_as("text"), which looks the backend plugin up again
    # (an importlib.metadata entry-point scan, ~3 ms) on every call.
    backend = find_plugin("pybtex.backends", "text")()
    clock.lap("import")
    data = parse_file(bib, bib_format="bibtex")
    clock.lap("parse")
    formatted = style.format_bibliography(data)
    clock.lap("format")
    lines = [f"[{entry.label}] {entry.text.render(backend)}" for entry in formatted]
    clock.lap("render_text")
    clock.total("total", "parse", "format", "render_text")
    return _result(clock, lines, out)


def worker_citeproc_py(_bib: str, json_path: str, out: str | None) -> Result:
    clock = h.Stopwatch()
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    clock.lap("import")
    items = json.loads(Path(json_path).read_text(encoding="utf-8"))
    source = CiteProcJSON(items)
    # citeproc-py takes its locale from its own package data (en-US), not a file.
    style = CitationStylesStyle(str(h.AMA_CSL), validate=False)
    clock.lap("load")
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    bibliography.sort()
    # The AMA style prints the citation number itself ("1."), second-field-align="flush".
    lines = [str(entry) for entry in bibliography.bibliography()]
    clock.lap("bibliography")
    clock.total("render", "load", "bibliography")
    return _result(clock, lines, out)


def _bibtexparser(bib: str, *, decode_latex: bool) -> Result:
    clock = h.Stopwatch()
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    if not hasattr(bibtexparser, "parse_file"):
        raise h.MissingToolError(f"bibtexparser {bibtexparser.__version__} is not v2")
    clock.lap("import")
    middleware = [LatexDecodingMiddleware()] if decode_latex else None
    library = bibtexparser.parse_file(bib, append_middleware=middleware)
    clock.lap("parse")
    lines = [f"{e.key}: {e.fields_dict['author'].value}" for e in library.entries]
    return _result(clock, lines, None, failed_blocks=len(library.failed_blocks))


WORKERS: dict[str, Callable[[str, str, str | None], Result]] = {
    "mi-refs": worker_mi_refs,
    "pybtex": worker_pybtex,
    "citeproc-py": worker_citeproc_py,
    "bibtexparser": lambda bib, _json, _out: _bibtexparser(bib, decode_latex=False),
    "bibtexparser-latex": lambda bib, _json, _out: _bibtexparser(bib, decode_latex=True),
}

# ---------------------------------------------------------------------------------------
# Tools and report
# ---------------------------------------------------------------------------------------

TOOLS: tuple[Tool, ...] = (
    Tool("mi-refs", "mi-refs (AMA)", "total", (
        Row("load", "`load()`: parse BibTeX, decode LaTeX"),
        Row("render", '`render(style="ama", format="text")`'),
        Row("total", "load + render", headline=True),
        Row("wall", "whole subprocess (Python start, import, load, render)"),
    )),
    Tool("pybtex", "pybtex `unsrt`", "total", (
        Row("parse", "`parse_file`"),
        Row("format", "`format_bibliography` (template engine)"),
        Row("render_text", "plain-text backend (`render_as('text')`, backend looked up once)"),
        Row("total", "parse + format + render", headline=True),
    )),
    Tool("citeproc-py", "citeproc-py (CSL AMA)", "render", (
        Row("render", "CSL-JSON → text (JSON read, style load, bibliography)", headline=True),
    )),
    Tool("citeproc-js", "citeproc-js (CSL AMA)", "render", (
        Row("render", "CSL-JSON → text, inside node (JSON parse, engine, updateItems, "
            "makeBibliography)", headline=True),
        Row("wall", "whole node subprocess (start, require, render)"),
    )),
    Tool("bibtexparser", "bibtexparser v2", "parse", (
        Row("parse", "`parse_file` (no rendering)", headline=True),
    )),
    Tool("bibtexparser-latex", "bibtexparser v2 + LaTeX decoding", "parse", (
        Row("parse", "`parse_file` + `LatexDecodingMiddleware` (no rendering)", headline=True),
    )),
)  # fmt: skip
TOOL_NAMES = tuple(tool.name for tool in TOOLS)


def command(tool: Tool, bib: Path, json_path: Path, out: Path) -> list[str] | str:
    """The subprocess's argv, or why the tool cannot run."""
    if tool.name == "citeproc-js":
        why = h.missing(programs=["node"], paths=[CITEPROC_JS_DIR / "node_modules" / "citeproc",
                                                  h.AMA_CSL, h.LOCALE_EN_US])  # fmt: skip
        if why and "node_modules" in why:
            why = "run `npm ci` in benchmarks/citeproc_js"
        script = str(CITEPROC_JS_DIR / "render.mjs")
        return why or ["node", script, str(json_path), str(h.AMA_CSL), str(h.LOCALE_EN_US),
                       str(out)]  # fmt: skip
    why = h.missing(paths=[h.AMA_CSL] if tool.name == "citeproc-py" else [])
    me = str(Path(__file__).resolve())
    return why or [sys.executable, me, "--worker", tool.name, str(bib), str(json_path), str(out)]


def versions() -> dict[str, str]:
    package_json = CITEPROC_JS_DIR / "node_modules" / "citeproc" / "package.json"
    citeproc_js = "not installed"
    if package_json.is_file():
        citeproc_js = json.loads(package_json.read_text(encoding="utf-8"))["version"]
    names = ("pybtex", "citeproc-py", "lxml", "bibtexparser", "pylatexenc")
    return {**{name: h.package_version(name) for name in names},
            "node": h.program_version(["node", "--version"]),
            "citeproc-js (npm citeproc)": citeproc_js}  # fmt: skip


def agreement(workdir: Path, outcomes: Sequence[h.Outcome]) -> list[str]:
    """How many mi-refs lines are identical to citeproc-js's (same style, same data)."""
    if not {"mi-refs", "citeproc-js"} <= {o.tool.name for o in outcomes if o.best}:
        return []
    ours = (workdir / "mi-refs.txt").read_text(encoding="utf-8").splitlines()
    theirs = (workdir / "citeproc-js.txt").read_text(encoding="utf-8").splitlines()
    same = sum(a == b for a, b in zip(ours, theirs, strict=False))
    lines = [
        f"mi-refs and citeproc-js print the same text for {same:,} of {len(theirs):,} references "
        "(a sanity check that both do the same work). Expected differences: `and others` "
        "(mi-refs prints et al; CSL-JSON cannot say it) and run-together initials such as "
        "`Smith, LJ` (mi-refs prints LJ; CSL takes one given name and prints L).",
        "",
    ]
    first = next(((a, b) for a, b in zip(ours, theirs, strict=False) if a != b), None)
    if first is not None:
        lines += ["First difference:", "", "```text", f"mi-refs:     {first[0]}",
                  f"citeproc-js: {first[1]}", "```", ""]  # fmt: skip
    return lines


def report(outcomes: Sequence[h.Outcome], machine: list[tuple[str, str]],
           args: argparse.Namespace, bib: Path, workdir: Path) -> str:  # fmt: skip
    parts = [
        f"# mi-refs render benchmark: {args.entries:,} journal articles", "", "## Machine", "",
        *[f"- {name}: {value}" for name, value in machine], "", "## Results", "",
        f"Synthetic data: {args.entries:,} `@article` entries, seed {args.seed}, "
        f"{bib.stat().st_size / 1e6:.1f} MB of BibTeX. Best of {args.repeat} runs, each tool "
        "in a fresh subprocess; seconds are measured inside the tool's process and exclude "
        "interpreter start-up and imports (except the *whole subprocess* rows). The ratio is "
        "seconds divided by mi-refs load + render. The CSL processors read CSL-JSON that the "
        "harness converted from the same records before timing (the conversion is **not** "
        "included in their times); mi-refs and pybtex start from the BibTeX file.",
        "", h.results_table(outcomes, "total"), "", "Entries produced:", "",
    ]  # fmt: skip
    for outcome in outcomes:
        if (best := outcome.best) is not None:
            note = f"- {outcome.tool.label}: {best['entries']:,} entries out"
            note += f", {best['failed_blocks']} failed blocks" if best.get("failed_blocks") else ""
            note += f" (**expected {args.entries:,}**)" if best["entries"] != args.entries else ""
            parts.append(note + (f"; module {best['module']}" if best.get("module") else ""))
    samples = [f"{o.tool.label}:\n  {o.best['first']}" for o in outcomes
               if o.best is not None and not o.tool.name.startswith("bibtexparser")]  # fmt: skip
    if samples:
        parts += ["", "## First reference as rendered", "", "```text", *samples, "```", ""]
    return "\n".join(parts + agreement(workdir, outcomes))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--entries", type=int, default=DEFAULT_ENTRIES, metavar="N",
                      help=f"number of articles (default {DEFAULT_ENTRIES:,})")  # fmt: skip
    size.add_argument("--quick", action="store_true", help=f"use {QUICK_ENTRIES:,} articles")
    h.add_common_options(parser, seed=h.DEFAULT_SEED, timeout=900, repeat=3,
                         repeat_help="runs per tool, best is reported (default 3)",
                         workdir_help="keep refs.bib, refs.json and each renderer's output "
                         "(TOOL.txt) here")  # fmt: skip
    parser.add_argument("--only", nargs="+", choices=TOOL_NAMES, metavar="TOOL",
                        help=f"run only these: {', '.join(TOOL_NAMES)}")  # fmt: skip
    parser.add_argument("--worker", choices=tuple(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("worker_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.entries = QUICK_ENTRIES if args.quick else args.entries
    if args.entries < 1 or args.repeat < 1:
        parser.error("--entries and --repeat must be positive")
    if args.worker_args and not args.worker:
        parser.error("unexpected positional arguments")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        bib, json_path, *rest = args.worker_args
        return h.worker(WORKERS[args.worker], bib, json_path, rest[0] if rest else None)
    with h.work_directory(args.workdir, "mi-refs-bench-") as workdir:
        print(f"Generating {args.entries:,} articles (seed {args.seed}) in {workdir} ...",
              file=sys.stderr)  # fmt: skip
        articles = h.generate_articles(args.entries, args.seed)
        bib = h.write_bib(articles, workdir / "refs.bib", "render.py")
        json_path = h.write_csl_json(articles, workdir / "refs.json")
        machine = h.machine_info(**versions())  # before the runs: the code measured
        outcomes = []
        for tool in TOOLS:
            if args.only is None or tool.name in args.only:
                print(f"Timing {tool.name} ...", file=sys.stderr)
                argv_ = command(tool, bib, json_path, workdir / f"{tool.name}.txt")
                outcomes.append(h.measure(tool, argv_, repeat=args.repeat, timeout=args.timeout))
        print(report(outcomes, machine, args, bib, workdir))
    h.write_json(args.json, args, outcomes=[o.to_json() for o in outcomes])
    return 1 if any(outcome.failed for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
