#!/usr/bin/env python3
"""Benchmark: load and render a Zotero (Better BibTeX) export with abstracts, mi-refs vs
bibtexparser v2's own parse.

The file comes from ``tools/corpus/make_zotero_export.py`` (deterministic: 1,500 entries,
about 3.6 MB, an abstract of 1.5-2 KB in every entry, some LaTeX). Timed, best of
``--repeat`` in this process (warm imports, cold caches: ``parse_name``'s cache is cleared
before each run):

- ``bibtexparser.parse_string`` (no middlewares): the splitter alone;
- ``mi_refs.loads``: the same splitter plus values, names, LaTeX (only in fields that
  print), identifiers;
- ``mi_refs.loads`` + ``mi_refs.render(style="ama")`` and ``style="vancouver"``.

The target (issue #8): load within 3x of bibtexparser's parse time.

Usage::

    python benchmarks/load_export.py [--entries N] [--repeat R]
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import bibtexparser

import mi_refs
from mi_refs.bibtex.names import parse_name

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> Callable[..., str]:
    path = ROOT / "tools" / "corpus" / "make_zotero_export.py"
    spec = importlib.util.spec_from_file_location("make_zotero_export", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    make: Callable[..., str] = module.make_export
    return make


def best(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        parse_name.cache_clear()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    text = _generator()(entries=args.entries)
    size = len(text.encode("utf-8")) / 1e6
    bp = best(lambda: bibtexparser.parse_string(text), args.repeat)
    load = best(lambda: mi_refs.loads(text), args.repeat)
    ama = best(lambda: mi_refs.render(mi_refs.loads(text), style="ama"), args.repeat)
    nlm = best(lambda: mi_refs.render(mi_refs.loads(text), style="vancouver"), args.repeat)
    bib = mi_refs.loads(text)
    lines = mi_refs.render(bib, style="ama").count("\n")
    print(f"python {platform.python_version()}, {platform.machine()}; best of {args.repeat}")
    print(f"file: {args.entries} entries, {size:.1f} MB; mi-refs read {len(bib)}, rendered {lines}")
    print("| step | seconds | x bibtexparser |")
    print("|---|---|---|")
    for name, seconds in (
        ("bibtexparser.parse_string", bp),
        ("mi_refs.loads", load),
        ("mi_refs.loads + render ama", ama),
        ("mi_refs.loads + render vancouver", nlm),
    ):
        print(f"| {name} | {seconds:.3f} | {seconds / bp:.2f} |")
    return 0 if load <= 3 * bp else 1


if __name__ == "__main__":
    sys.exit(main())
