# ruff: noqa: E501
"""Holdout 8 (issue 16): print each sampled entry with what a reviewer checks it against.

For each entry listed by holdout8_sample.py: the entry as written (fields no offline check
reads left out), the other entries of its file under the same key, with the same DOI or
PMID, or with a near title (rapidfuzz ratio >= 85 on folded titles), each author's other
forms in the file (same folded surname and first initial, written another way), and the
journal name against the NLM list in shared/data (title or abbreviation, case folded).
bibtexparser v2 and rapidfuzz only; no mi-refs code.

Usage: python tools/corpus/holdout8_candidates.py DIR SAMPLE.tsv JOURNALS.json
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from rapidfuzz import fuzz

SKIP = {
    "abstract",
    "file",
    "keywords",
    "note",
    "copyright",
    "annote",
    "mendeley-groups",
    "mendeley-tags",
    "urldate",
    "shorttitle",
    "date-added",
    "date-modified",
    "st",
    "address",
    "bdsk-url-1",
    "bdsk-url-2",
    "bdsk-file-1",
    "language",
    "la",
    "dp",
}
ACCENTS = {r"\'": "\u0301", r"\`": "\u0300", r"\"": "\u0308", r"\^": "\u0302", r"\~": "\u0303"}


def fold(text: str) -> str:
    text = re.sub(r"\\[a-zA-Z]+\s*|\\.", "", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split().__str__()


def words(text: str) -> str:
    text = re.sub(r"\\[a-zA-Z]+\s*|\\.", "", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


def split_names(field: str) -> list[str]:
    depth, out, cur, i = 0, [], "", 0
    while i < len(field):
        c = field[i]
        depth += c == "{"
        depth -= c == "}"
        if depth == 0 and re.match(r"\s+and\s+", field[i:]) and (i == 0 or field[i].isspace()):
            m = re.match(r"\s+and\s+", field[i:])
            out.append(cur.strip())
            cur = ""
            i += m.end()
            continue
        cur += c
        i += 1
    out.append(cur.strip())
    return [n for n in out if n]


def surname_initial(name: str) -> tuple[str, str]:
    n = name.strip().strip("{}")
    if "," in n:
        last, first = n.split(",", 1)
    else:
        parts = n.split()
        last, first = (parts[-1], " ".join(parts[:-1])) if parts else ("", "")
    f = words(first)
    return words(last), f[:1]


def load(root: Path, source: str) -> list[dict[str, str]]:
    library = bibtexparser.parse_string((root / source).read_text(encoding="utf-8"))
    blocks = [b for b in library.blocks if isinstance(b, Entry)]
    blocks += [b for b in library.failed_blocks if isinstance(b, DuplicateBlockKeyBlock)]
    blocks.sort(key=lambda b: b.start_line)
    rows = []
    for b in blocks:
        entry = b
        if not isinstance(b, Entry):  # a key written again: read its own text alone
            parsed = bibtexparser.parse_string(b.raw)
            entry = parsed.entries[0] if parsed.entries else None
        if entry is None:
            continue
        row = {f.key.lower(): str(f.value) for f in entry.fields}
        row["_key"], row["_type"], row["_line"] = entry.key, entry.entry_type, str(b.start_line + 1)
        row["_raw"] = b.raw
        rows.append(row)
    return rows


def main() -> None:  # noqa: PLR0912 (one report, read top to bottom)
    root, sample, jpath = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    journals = json.loads(jpath.read_text())["default"]["container-title"]
    titles = {k.lower(): v for k, v in journals.items()}
    abbrevs = {v.lower(): v for v in journals.values()}
    files: dict[str, list[dict[str, str]]] = {}
    for line in sample.read_text().splitlines():
        if line.startswith("#"):
            continue
        index, source, key, start = line.split("\t")
        rows = files.setdefault(source, load(root, source))
        me = next(r for r in rows if r["_key"] == key and r["_line"] == start)
        print("=" * 100)
        print(f"#{index} {source} {key} line {start}")
        raw = me["_raw"]
        skip = re.compile(r"\s*(" + "|".join(map(re.escape, SKIP)) + r")\s*=", re.I)
        kept = [text for text in raw.splitlines() if not skip.match(text)]
        print("\n".join(k[:400] for k in kept))
        same_key = [r for r in rows if r["_key"] == key and r is not me]
        for r in same_key:
            print(f"  SAME KEY at line {r['_line']}: {r.get('title', '')[:120]}")
        for idf in ("doi", "pmid", "an"):
            v = me.get(idf, "").strip().lower()
            if v:
                for r in rows:
                    if r is not me and r.get(idf, "").strip().lower() == v:
                        print(
                            f"  SAME {idf} {r['_key']} line {r['_line']}: {r.get('title', '')[:100]} | {r.get('year', '')} {r.get('volume', '')} {r.get('pages', '')}"
                        )
        t = words(me.get("title", ""))
        if len(t) > 10:
            for r in rows:
                if r is me:
                    continue
                u = words(r.get("title", ""))
                if u and fuzz.ratio(t, u) >= 85:
                    print(
                        f"  NEAR TITLE {fuzz.ratio(t, u):.0f} {r['_key']} line {r['_line']}: {r.get('title', '')[:100]} | {r.get('author', '')[:60]} | {r.get('year', '')} {r.get('journal', '')} {r.get('volume', '')} {r.get('pages', '')} doi={r.get('doi', '')}"
                    )
        forms: dict[tuple[str, str], set[str]] = defaultdict(set)
        for r in rows:
            for fld in ("author", "editor"):
                for n in split_names(r.get(fld, "")):
                    forms[surname_initial(n)].add(n)
        for fld in ("author", "editor"):
            for n in split_names(me.get(fld, "")):
                others = forms[surname_initial(n)] - {n}
                if others:
                    print(f"  NAME {n!r} also: {sorted(others)[:6]}")
        j = me.get("journal", "") or me.get("journaltitle", "")
        if j:
            jj = re.sub(r"[{}]", "", j).strip()
            if jj.lower() in abbrevs:
                print(
                    f"  JOURNAL {jj!r}: NLM abbreviation {abbrevs[jj.lower()]!r}"
                    + ("" if abbrevs[jj.lower()] == jj else " (case differs)")
                )
            elif jj.lower() in titles:
                print(f"  JOURNAL {jj!r}: NLM title -> {titles[jj.lower()]!r}")
            else:
                tt = jj.lower().removeprefix("the ")
                hits = [k for k in titles if k.removeprefix("the ") == tt]
                print(
                    f"  JOURNAL {jj!r}: not listed as written"
                    + (
                        f"; article-less title {hits[:2]} -> {[titles[h] for h in hits[:2]]}"
                        if hits
                        else ""
                    )
                )


if __name__ == "__main__":
    main()
