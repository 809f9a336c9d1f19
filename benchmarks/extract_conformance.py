#!/usr/bin/env python3
"""Benchmark: ``mi-refs extract`` on real published documents (issue 18).

Ground truth nobody here wrote: ``tests/conformance/extract/{suite,holdout}/`` (source
and licence of each document in its README). Each document goes through
:func:`mi_refs.extract` offline; the entries are compared, in list order, with the
hand-judged expectation (``<name>.toml``):

- **found**: the list was found and the entry exists at that number;
- **kind**: the entry's :class:`~mi_refs.model.Kind` is the judged kind;
- **fields**: each judged field equals the entry's (authors as surname + initials +
  ``et al``; dashes, spaces and a final period folded); a journal article is *all right*
  when every judged field is;
- **round trip**: the entry rendered in the document's style (AMA or NLM, whichever gives
  back more lines of that document) equals the printed line after folding typography
  (dashes, spaces, italics markup, the trailing period, PubMed Central's link labels).

Usage::

    python benchmarks/extract_conformance.py [--show-misses] [--set suite|holdout]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

import mi_refs
from mi_refs.bibtex.normalize import expand_page_range
from mi_refs.model import Kind, Reference

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tests" / "conformance" / "extract"
KINDS = {
    "article": {Kind.ARTICLE},
    "abstract": {Kind.ABSTRACT},
    "pi": {Kind.PRESCRIBING_INFORMATION},
    "data-on-file": {Kind.DATA_ON_FILE},
    "presentation": {Kind.PRESENTATION},
    "proceedings-paper": {Kind.PROCEEDINGS_PAPER},
    "registration": {Kind.REGISTRATION},
    "online": {Kind.WEBPAGE, Kind.PREPRINT},
    "book": {Kind.BOOK},
    "chapter": {Kind.CHAPTER},
    "report": {Kind.REPORT},
    "software": {Kind.SOFTWARE},
    # a stand-alone document printed without container or publisher: report or generic
    "document": {Kind.REPORT, Kind.GENERIC},
}
_LINK_LABELS = re.compile(r"\[(?:DOI|PubMed|PMC free article|Google Scholar)\]")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    text = _LINK_LABELS.sub(" ", text)
    text = re.sub(r"\bdoi:\s+", "doi:", text, flags=re.I)
    text = re.sub(r"</?(?:em|i|b|strong|span)>|[*_]", "", text)
    text = re.sub(r"\s+(?=[.,;:])", "", text)  # a space before punctuation (``(ICBAIE) .``)
    return re.sub(r"\s+", " ", text).strip().rstrip(".").strip().casefold()


def _pages(text: str) -> str:
    text = fold(text).replace("--", "-")
    return expand_page_range(text) if re.fullmatch(r"\w+-\w+", text) else text


def authors_of(reference: Reference) -> str:
    names = [
        f"{name.surname} {name.initials(hyphen=True).replace('.', '')}".strip()
        for name in reference.authors
        if name.initials() or len(reference.authors) == 1
    ]
    names = [re.sub(r"\s+", " ", n).replace("- ", "-") for n in names]
    return fold(", ".join(names) + (", et al" if reference.authors_truncated else ""))


def printed_authors(text: str) -> str:
    text = re.sub(r";.*$", "", text)
    text = re.sub(r"(?<=\w) (Jr|Sr|II|III|IV)\b", "", text)
    return fold(text)


def value(reference: Reference, name: str) -> str:
    if name == "author":
        return authors_of(reference)
    if name == "issue":
        return fold(reference.issue or "")
    if name == "pages":
        return _pages(reference.pages or reference.get("eid") or "")
    if name == "title":
        return fold(reference.title or "")
    if name == "year":
        return str(reference.year or "")
    if name == "organization":
        raw = reference.get("organization") or reference.get("institution") or ""
        if not raw and reference.authors:
            raw = " ".join(str(a.surname) for a in reference.authors)
        return fold(raw).rstrip(",").replace(",", "")
    return fold(reference.get(name) or "")


def expected_value(name: str, raw: str) -> str:
    if name == "author":
        return printed_authors(raw)
    if name == "pages":
        return _pages(raw)
    if name == "organization":
        return fold(raw).replace(",", "")
    return fold(raw)


@dataclass
class Tally:
    refs: int = 0
    found: int = 0
    kind_right: int = 0
    articles: int = 0
    articles_right: int = 0
    round_trip: int = 0
    crashes: int = 0
    per_kind: Counter[str] = field(default_factory=Counter)
    per_kind_right: Counter[str] = field(default_factory=Counter)
    per_field: Counter[str] = field(default_factory=Counter)
    per_field_right: Counter[str] = field(default_factory=Counter)
    per_kind_trip: Counter[str] = field(default_factory=Counter)
    documents: list[str] = field(default_factory=list)  # per document: its round trip
    misses: list[str] = field(default_factory=list)


def _printed_lines(extraction: mi_refs.Extraction) -> list[str]:
    return [typed.text for typed in extraction.typed]


def _round_trips(references: list[Reference], printed: list[str]) -> tuple[str, list[bool]]:
    """The style (AMA or NLM) that gives back more printed lines, and which it gives back."""
    best: tuple[str, list[bool]] = ("ama", [])
    for style in ("ama", "nlm"):
        lines = [text for _, _, text in mi_refs.styles.render.render_entries(references, style)]
        same = [fold(a) == fold(b) for a, b in zip(lines, printed, strict=False)]
        if sum(same) > sum(best[1]):
            best = (style, same)
    return best


def measure(group: str, tally: Tally) -> None:  # noqa: PLR0912 - one pass per reference
    for truth_path in sorted((SUITE / group).glob("*.toml")):
        truth = tomllib.loads(truth_path.read_text(encoding="utf-8"))
        expected = truth["ref"]
        tally.refs += len(expected)
        for judged in expected:  # counted whether or not the document is read
            tally.per_kind[judged["kind"]] += 1
            tally.articles += judged["kind"] == "article"
        try:
            result = mi_refs.extract(
                SUITE / group / truth["document"], online=False, use_cache=False
            )
            references = list(mi_refs.loads(result.bibtex).references)
        except mi_refs.MiRefsError as exc:
            tally.misses.append(f"{truth['document']}: {exc}")
            continue
        except Exception as exc:
            tally.crashes += 1
            tally.misses.append(f"{truth['document']}: CRASH {type(exc).__name__}: {exc}")
            continue
        style, same = _round_trips(references, _printed_lines(result))
        tally.round_trip += sum(same)
        tally.documents.append(
            f"{truth['document']} {sum(same)}/{len(expected)}"
            + (f" ({style.upper()})" if any(same) else "")
        )
        for number, judged in enumerate(expected, 1):
            if number <= len(same) and same[number - 1]:
                tally.per_kind_trip[judged["kind"]] += 1
            kind = judged["kind"]
            if number > len(references):
                tally.misses.append(f"{truth['document']} #{number}: not found")
                continue
            tally.found += 1
            reference = references[number - 1]
            if reference.kind in KINDS[kind]:
                tally.kind_right += 1
                tally.per_kind_right[kind] += 1
            else:
                tally.misses.append(
                    f"{truth['document']} #{number}: kind {reference.kind.value}, judged {kind}"
                )
            all_right = True
            for name, raw in judged.items():
                if name == "kind":
                    continue
                tally.per_field[name] += 1
                mine, theirs = value(reference, name), expected_value(name, raw)
                if mine == theirs:
                    tally.per_field_right[name] += 1
                else:
                    all_right = False
                    tally.misses.append(
                        f"{truth['document']} #{number} {name}: {mine!r} != {theirs!r}"
                    )
            if kind == "article" and all_right:
                tally.articles_right += 1


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def report(group: str, tally: Tally) -> str:
    lines = [
        f"## {group}",
        f"references found: {_pct(tally.found, tally.refs)}",
        f"kind right: {_pct(tally.kind_right, tally.refs)}",
        f"journal articles right on every printed field: "
        f"{_pct(tally.articles_right, tally.articles)}",
        f"round trip (render in the document's style gives the printed line): "
        f"{_pct(tally.round_trip, tally.refs)}",
        f"crashes: {tally.crashes}",
        "per kind: "
        + ", ".join(
            f"{k} {_pct(tally.per_kind_right[k], n)}" for k, n in sorted(tally.per_kind.items())
        ),
        "per field: "
        + ", ".join(
            f"{k} {_pct(tally.per_field_right[k], n)}" for k, n in sorted(tally.per_field.items())
        ),
        "round trip per kind: "
        + ", ".join(
            f"{k} {_pct(tally.per_kind_trip[k], n)}" for k, n in sorted(tally.per_kind.items())
        ),
        "round trip per document: " + ", ".join(tally.documents),
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--set", choices=("suite", "holdout"), action="append")
    args = parser.parse_args()
    for group in args.set or ["suite", "holdout"]:
        tally = Tally()
        measure(group, tally)
        print(report(group, tally))
        if args.show_misses:
            print("\n".join("  " + miss for miss in tally.misses))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
