#!/usr/bin/env python3
"""Benchmark: how often a number of a citing sentence is found in the abstract it cites
(issue 21, the review report's "needs review").

The material is real, and nobody here wrote it (``tests/fixtures/needs-review/SOURCES.md``):
``checkcovid``, journalists' sentences from news articles with the abstracts of the studies
they report (Check-COVID), and ``scifact``, expert-written claims (each written from a
citing sentence of a biomedical paper) with the PubMed abstracts of the works those
sentences cite (SciFact). Each sentence/abstract pair goes through the function
``mi-refs report`` calls for a citing sentence and a work's abstract,
:func:`mi_refs.review.numbers.look_up` (the abstract as one unlabelled section, as the
report holds an unstructured abstract); nothing is re-implemented here.

Reported per material, for the tuning split (``train``) and the held-out split (``dev``
and ``test``, not looked at while the rules were written) and both together:

- claims, and numbers per claim (all claims; numeric claims alone);
- pairs (claim, cited abstract) whose claim holds a number, the numbers looked up, the
  share *found* in the cited abstract, the share of pairs with *every* number found;
- by SciFact label (the abstract supports the claim, refutes it, or says too little);
- the chance baseline: each number of each claim looked up in every *other* abstract of
  the material (abstracts the claim does not cite): the share found there;
- the hand check (``{material}-handcheck.json``): 15 *found* and 15 *not found* verdicts
  drawn at random (seed 21), judged by reading the claim and the abstract: is a *found*
  the same quantity, is a *not found* really absent? Verdicts the code no longer gives are
  reported as stale.

Usage, from the repository root::

    python benchmarks/needs_review.py [--dataset scifact|checkcovid] [--json FILE]
                                      [--show tuning|held-out|all|sample]

Offline; prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from mi_refs.review.numbers import claim_numbers, look_up  # noqa: E402

MATERIAL = ROOT / "tests" / "fixtures" / "needs-review"
DATASETS = ("scifact", "checkcovid")
SPLITS = {"tuning": ("train",), "held-out": ("dev", "test"), "all": ("train", "dev", "test")}
SAMPLE_SEED = 21
SAMPLE_SIZE = 15  # of each verdict, found and not found


@dataclass(frozen=True, slots=True)
class Claim:
    id: int | str
    split: str
    labels: tuple[str, ...]
    text: str
    cited: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """One number of one claim looked up in one cited abstract."""

    claim: int | str
    doc: str
    number: str
    found: bool
    where: str


def load(dataset: str = "scifact", folder: Path = MATERIAL) -> tuple[list[Claim], dict[str, str]]:
    """The claims and abstracts of ``dataset`` (``scifact`` or ``checkcovid``)."""
    claims = [
        Claim(r["id"], r["split"], tuple(r["labels"]), r["claim"], tuple(r["cited_doc_ids"]))
        for r in _jsonl(folder / f"{dataset}-claims.jsonl")
    ]
    abstracts = {r["doc_id"]: r["text"] for r in _jsonl(folder / f"{dataset}-abstracts.jsonl")}
    return claims, abstracts


def _jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def sections(text: str) -> tuple[tuple[str, str], ...]:
    return (("", text),)


def verdicts(claims: Sequence[Claim], abstracts: dict[str, str]) -> list[Verdict]:
    out = []
    for claim in claims:
        for doc in claim.cited:
            for check in look_up(claim.text, sections(abstracts[doc])):
                out.append(Verdict(claim.id, doc, check.text, check.found, check.where))
    return out


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def kind(number: str) -> str:
    """``%`` (a percentage), ``small`` (up to 10, and fractions: match by chance) or
    ``large``."""
    if number.endswith("%"):
        return "%"
    if "/" in number:
        return "small"
    value = float(number.replace(",", "").replace(" ", "").replace("·", "."))
    return "small" if value <= 10 else "large"


def measure(
    claims: Sequence[Claim], abstracts: dict[str, str], *, chance: bool = True
) -> dict[str, Any]:
    """The figures of one split (``chance``: with the chance baseline, the slow part)."""
    counts = [len(claim_numbers(c.text)) for c in claims]
    numeric = [c for c, n in zip(claims, counts, strict=True) if n]
    pairs = [(c, d) for c in numeric for d in c.cited]
    looked = found = every = 0
    by_label: dict[str, list[int]] = {}
    for claim, doc in pairs:
        checks = look_up(claim.text, sections(abstracts[doc]))
        hits = sum(check.found for check in checks)
        looked += len(checks)
        found += hits
        every += hits == len(checks)
        label = "/".join(claim.labels)
        row = by_label.setdefault(label, [0, 0, 0, 0])
        row[0] += 1
        row[1] += len(checks)
        row[2] += hits
        row[3] += hits == len(checks)
    by_kind = {name: [0, 0, 0, 0] for name in ("small", "large", "%")}
    for claim, doc in pairs:
        for check in look_up(claim.text, sections(abstracts[doc])):
            by_kind[kind(check.text)][0] += 1
            by_kind[kind(check.text)][1] += check.found
    chance_looked = chance_found = 0
    for claim in numeric if chance else ():
        for doc in sorted(abstracts):
            if doc in claim.cited:
                continue
            for check in look_up(claim.text, sections(abstracts[doc])):
                chance_looked += 1
                chance_found += check.found
                by_kind[kind(check.text)][2] += 1
                by_kind[kind(check.text)][3] += check.found
    return {
        "claims": len(claims),
        "numbers": sum(counts),
        "numeric_claims": len(numeric),
        "pairs": len(pairs),
        "looked_up": looked,
        "found": found,
        "every_found": every,
        "chance_looked_up": chance_looked,
        "chance_found": chance_found,
        "by_label": {k: dict(zip(("pairs", "numbers", "found", "every"), v, strict=True))
                     for k, v in sorted(by_label.items())},
        "by_kind": {k: dict(zip(("looked_up", "found", "chance_looked_up", "chance_found"), v,
                                strict=True)) for k, v in by_kind.items()},
    }  # fmt: skip


def sample(all_verdicts: Sequence[Verdict]) -> list[Verdict]:
    """The verdicts of the hand check: ``SAMPLE_SIZE`` found and ``SAMPLE_SIZE`` not found
    (all of either when there are fewer), drawn with ``SAMPLE_SEED``."""
    ordered = sorted(all_verdicts, key=lambda v: (v.claim, v.doc, v.number))
    rng = random.Random(SAMPLE_SEED)
    chosen: list[Verdict] = []
    for found in (True, False):
        pool = [v for v in ordered if v.found is found]
        chosen += rng.sample(pool, min(SAMPLE_SIZE, len(pool)))
    return sorted(chosen, key=lambda v: (v.claim, v.doc, v.number))


def hand_check(
    all_verdicts: Sequence[Verdict], dataset: str = "scifact", folder: Path = MATERIAL
) -> dict[str, Any]:
    """The recorded judgements (``{dataset}-handcheck.json``) against the verdicts the code
    gives now."""
    path = folder / f"{dataset}-handcheck.json"
    recorded = json.loads(path.read_text("utf-8"))["verdicts"] if path.exists() else []
    now = {(v.claim, v.doc, v.number): v.found for v in all_verdicts}
    stale = [r for r in recorded if now.get((r["claim"], r["doc"], r["number"])) != r["found"]]
    judged = [r for r in recorded if r not in stale]
    found = [r for r in judged if r["found"]]
    missed = [r for r in judged if not r["found"]]
    return {
        "judged": len(judged),
        "stale": len(stale),
        "found": len(found),
        "found_right": sum(r["right"] for r in found),
        "not_found": len(missed),
        "not_found_right": sum(r["right"] for r in missed),
    }


def report(claims: Sequence[Claim], abstracts: dict[str, str], dataset: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, splits in SPLITS.items():
        result[name] = measure([c for c in claims if c.split in splits], abstracts)
    result["hand_check"] = hand_check(verdicts(claims, abstracts), dataset)
    return result


def markdown(result: dict[str, Any], dataset: str) -> str:
    lines = [
        f"### {dataset}",
        "",
        "| split | claims | numbers per claim | numeric claims | pairs | numbers found "
        "in the cited abstract | pairs with every number found | found in an unrelated "
        "abstract (chance) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in SPLITS:
        r = result[name]
        lines.append(
            f"| {name} | {r['claims']} | {r['numbers'] / r['claims']:.2f} "
            f"({r['numbers'] / max(r['numeric_claims'], 1):.2f} in numeric claims) | "
            f"{r['numeric_claims']} | {r['pairs']} | {_share(r['found'], r['looked_up'])} | "
            f"{_share(r['every_found'], r['pairs'])} | "
            f"{_share(r['chance_found'], r['chance_looked_up'])} |"
        )
    lines += ["", "| label (all splits) | pairs | numbers found | every number found |",
              "|---|---|---|---|"]  # fmt: skip
    for label, row in result["all"]["by_label"].items():
        lines.append(
            f"| {label} | {row['pairs']} | {_share(row['found'], row['numbers'])} | "
            f"{_share(row['every'], row['pairs'])} |"
        )
    lines += ["", "| number (all splits) | found in the cited abstract | found in an unrelated "
              "abstract (chance) |", "|---|---|---|"]  # fmt: skip
    names = {"small": "up to 10", "large": "above 10", "%": "percentages"}
    for name, row in result["all"]["by_kind"].items():
        lines.append(
            f"| {names[name]} | {_share(row['found'], row['looked_up'])} | "
            f"{_share(row['chance_found'], row['chance_looked_up'])} |"
        )
    hc = result["hand_check"]
    lines += [
        "",
        f"Hand check ({hc['judged']} verdicts judged, {hc['stale']} stale): found and the "
        f"same quantity {_share(hc['found_right'], hc['found'])} (precision); not found and "
        f"really absent {_share(hc['not_found_right'], hc['not_found'])}.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--show", choices=[*SPLITS, "sample"], help="print every verdict of a split, or "
        "the hand-check sample, for reading",
    )  # fmt: skip
    parser.add_argument("--dataset", action="append", choices=DATASETS, help="one material "
                        "only (default: both)")  # fmt: skip
    args = parser.parse_args(argv)
    results = {}
    for dataset in args.dataset or DATASETS:
        claims, abstracts = load(dataset)
        results[dataset] = report(claims, abstracts, dataset)
        print(markdown(results[dataset], dataset) + "\n")
        if args.show:
            if args.show == "sample":
                shown = sample(verdicts(claims, abstracts))
            else:
                chosen = [c for c in claims if c.split in SPLITS[args.show]]
                shown = verdicts(chosen, abstracts)
            text = {c.id: c.text for c in claims}
            for v in shown:
                print(f"\n{v.claim} {v.doc} {v.number!r} {'FOUND' if v.found else 'not found'}")
                print(f"  claim: {text[v.claim]}")
                if v.where:
                    print(f"  where: {v.where}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
