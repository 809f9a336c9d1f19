#!/usr/bin/env python3
"""Benchmark: how well mi-refs reads typed (printed) references back into fields.

Ground truth nobody here wrote: the published style examples of
``tests/conformance/styles/ama.toml`` and ``nlm.toml`` (each case: ``expected`` = the
printed string, ``bibtex`` = its fields) and the seed letter's 20 printed references
(``shared/seed/daratumumab-itp-letter.txt``, transcribed field by field in
``tests/fixtures/seed-as-printed.bib``). Each printed string goes through
:func:`mi_refs.intake.typed.parse_typed_reference`; the fields are compared, after the
loader's normalisation, with the truth: authors (surnames, initials, ``et al``), title,
journal (NLM abbreviation when the truth has one), year, volume, issue, pages, DOI.
Offline, no network. Prints per style and for journal articles the share of references
with each field exact, and the share exact on every field.

Usage::

    python benchmarks/parse_references.py [--show-misses]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tomllib

import mi_refs
from mi_refs.intake.typed import parse_typed_reference
from mi_refs.model import Reference

ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "tests" / "conformance" / "styles"
SEED_BIB = ROOT / "tests" / "fixtures" / "seed-as-printed.bib"
SEED_LETTER = ROOT.parent / "shared" / "seed" / "daratumumab-itp-letter.txt"
SEED_LIST = ROOT / "tests" / "fixtures" / "documents" / "seed-letter.md"
FIELDS = ("authors", "title", "journal", "year", "volume", "issue", "pages", "doi")
ARTICLE_KINDS = {"article", "article-online-first", "erratum", "seed"}


@dataclass(frozen=True)
class Case:
    group: str  # ama, nlm, seed
    kind: str
    printed: str
    truth: Reference


def _fold(text: str) -> str:
    text = text.replace("\u2010", "-").replace("\u2019", "'").replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().rstrip(".").casefold()


def values(reference: Reference) -> dict[str, str]:
    authors = "; ".join(
        f"{_fold(name.surname)} {name.initials(hyphen=False)}".strip() for name in reference.authors
    ) + (" et al" if reference.authors_truncated else "")
    return {
        "authors": authors,
        "title": _fold(reference.title),
        "journal": _fold(reference.journal_abbreviation),
        "year": reference.year,
        "volume": reference.volume,
        "issue": _fold(reference.issue),
        "pages": reference.pages.replace("–", "-"),
        "doi": reference.doi.lower(),
    }


def to_reference(typed_fields: dict[str, str], entry_type: str) -> Reference:
    from mi_refs.intake.extract import bibtex_entry

    text = bibtex_entry("parsed", entry_type, typed_fields)
    return mi_refs.loads(text).references[0]


def _seed_strings() -> list[str]:
    text = SEED_LIST.read_text(encoding="utf-8")
    listed = text.split("## References", 1)[1]
    return [re.sub(r"^\d+\.\s+", "", line) for line in listed.splitlines() if line.strip()]


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for group in ("ama", "nlm"):
        data = tomllib.loads((STYLES / f"{group}.toml").read_text(encoding="utf-8"))
        for case in data["case"]:
            if case.get("as_exported"):
                continue  # the entry as Zotero exports it: its title is not the printed one
            if case.get("not_extracted_yet"):
                continue  # a form `extract` does not read yet (named in the case's note)
            truth = mi_refs.loads(case["bibtex"]).references[0]
            cases.append(Case(group, case["kind"], case["expected"], truth))
    truths = mi_refs.load(SEED_BIB).references
    for printed, truth in zip(_seed_strings(), truths, strict=True):
        cases.append(Case("seed", "seed", printed, truth))
    return cases


def score(cases: Iterable[Case]) -> list[tuple[Case, dict[str, bool], dict[str, str]]]:
    out = []
    for case in cases:
        typed = parse_typed_reference(case.printed)
        got = values(to_reference(typed.fields, typed.entry_type))
        want = values(case.truth)
        out.append((case, {name: got[name] == want[name] for name in FIELDS}, got))
    return out


def table(results: list[tuple[Case, dict[str, bool], dict[str, str]]]) -> str:
    groups = {
        "AMA examples (all kinds)": [r for r in results if r[0].group == "ama"],
        "NLM examples (all kinds)": [r for r in results if r[0].group == "nlm"],
        "seed letter (20)": [r for r in results if r[0].group == "seed"],
        "journal articles (all sources)": [r for r in results if r[0].kind in ARTICLE_KINDS],
    }
    head = "| set | n | " + " | ".join(FIELDS) + " | every field |"
    lines = [head, "|" + "---|" * (len(FIELDS) + 3)]
    for name, rows in groups.items():
        n = len(rows)
        cells = [f"{100 * sum(r[1][f] for r in rows) / n:.0f}%" for f in FIELDS]
        every = sum(all(r[1].values()) for r in rows)
        lines.append(
            f"| {name} | {n} | " + " | ".join(cells) + f" | {every}/{n} ({100 * every / n:.0f}%) |"
        )
    return "\n".join(lines)


def article_accuracy(*, articles_only: bool = True) -> float:
    """The share of journal articles (or of every case) read exactly on every field."""
    rows = [r for r in score(load_cases()) if r[0].kind in ARTICLE_KINDS or not articles_only]
    return sum(all(r[1].values()) for r in rows) / len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-misses", action="store_true", help="print every wrong field")
    args = parser.parse_args(argv)
    results = score(load_cases())
    print(table(results))
    if args.show_misses:
        for case, ok, got in results:
            want = values(case.truth)
            for name in FIELDS:
                if not ok[name]:
                    print(
                        f"[{case.group}/{case.kind}] {name}: got {got[name]!r} want {want[name]!r}"
                    )
                    print(f"    {case.printed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
