"""Holdout 7 (issue 16): list candidates for hand judgement in a directory of .bib files.

Written for the blind labelling of holdout 7 and run BEFORE mi-refs was run on its
libraries: it uses bibtexparser (v2) and rapidfuzz only, never mi_refs, and decides
nothing. It prints what a reviewer then reads by hand: keys written twice, one DOI or
PMID on several entries, near-identical titles, name forms that look odd, name variants
sharing a folded surname, page values and years worth a look, identifier debris, and
every journal name with what the NLM list knows of it.

    python tools/corpus/holdout7_scan.py DIR [--nlm ../shared/data/ncbi-journal-abbreviations.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from rapidfuzz import fuzz


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def entries_of(path: Path) -> list[Entry]:
    lib = bibtexparser.parse_string(read_text(path))
    out = list(lib.entries)
    for block in lib.failed_blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            out.append(block.ignore_error_block)
        else:
            print(f"  FAILED BLOCK {path.name}: {type(block).__name__} {block.raw[:120]!r}")
    out.sort(key=lambda e: e.start_line)
    return out


def field(e: Entry, name: str) -> str:
    for f in e.fields:
        if f.key.lower() == name:
            v = str(f.value)
            if len(v) >= 2 and v[0] == '"' and v[-1] == '"' and '" #' not in v:
                v = v[1:-1]
            return v
    return ""


def fold(s: str) -> str:
    s = re.sub(r"\\[a-zA-Z]+\s*|[{}\\'\"`^~]", "", s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def split_names(author: str) -> list[str]:
    names, depth, cur = [], 0, ""
    tokens = re.split(r"(\{|\}|\s+and\s+)", author)
    for t in tokens:
        if t == "{":
            depth += 1
        elif t == "}":
            depth -= 1
        if re.fullmatch(r"\s+and\s+", t or "") and depth == 0:
            names.append(cur.strip())
            cur = ""
        else:
            cur += t
    if cur.strip():
        names.append(cur.strip())
    return [re.sub(r"\s+", " ", n) for n in names]


def surname_given(name: str) -> tuple[str, str]:
    depth, parts, cur = 0, [], ""
    for c in name:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    parts.append(cur)
    if len(parts) >= 2:
        return parts[0].strip(), ",".join(parts[1:]).strip()
    words = name.split()
    if len(words) == 1:
        return words[0], ""
    return words[-1], " ".join(words[:-1])


def initials(given: str) -> str:
    g = fold(given).replace("-", " ")
    return "".join(w[0] for w in g.split() if w)


ODD_NAME = [
    (r"\bet\.? ?al\b|\bothers\b", "et al / others"),
    (r";", "semicolon"),
    (r"\b(null|none|unknown|anonymous|n/?a)\b", "placeholder"),
    (r"\d", "digit"),
    (r"@|https?:|www\.", "email/url"),
    (
        r"\b(university|department|hospital|institute|center|centre|group|consortium|committee|"
        r"investigators|society|association|organi[sz]ation|team|working|collaborat|network|"
        r"council|agency|foundation|study|trial|board|panel|task force)\b",
        "group word",
    ),
    (r"\b(dr|prof|md|phd|msc|rn|mph)\b\.?", "title/degree"),
    (r"\\[a-zA-Z]", "latex macro"),
    (r"[{}]", "braces"),
]


def scan_names(path: Path, entries: list[Entry]) -> None:  # noqa: PLR0912, PLR0915
    print(f"\n## names: {path.name}")
    forms: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for e in entries:
        for role in ("author", "editor"):
            value = field(e, role)
            if not value:
                continue
            names = split_names(value)
            for n in names:
                sur, giv = surname_given(n)
                reasons = [label for rx, label in ODD_NAME if re.search(rx, n, re.I)]
                if n.count(",") > 1:
                    reasons.append("two commas")
                if "," not in n and len(n.split()) > 3:
                    reasons.append("many words, no comma")
                if "," not in n and len(n.split()) == 1:
                    reasons.append("one word")
                if re.fullmatch(r"[A-Z]{1,3}", sur.strip("{} .")):
                    reasons.append("surname like initials")
                if (
                    giv
                    and re.fullmatch(r"[A-Z][a-z]", giv.strip())
                    and giv.strip()
                    not in (
                        "Jo",
                        "Ed",
                        "Al",
                        "Or",
                        "Li",
                        "Yu",
                        "Xu",
                        "Bo",
                        "Wu",
                        "Ye",
                        "An",
                        "Ji",
                        "Su",
                    )
                ):
                    reasons.append("two-letter given")
                if re.search(r"[A-Z]{2,}[a-z]", giv):
                    reasons.append("glued initials?")
                if (
                    giv
                    and giv[:1].islower()
                    and not giv.startswith(
                        ("van", "von", "de", "da", "di", "du", "le", "la", "del", "der")
                    )
                ):
                    reasons.append("lower-case given")
                if (
                    sur
                    and sur[:1].islower()
                    and not re.match(
                        r"(van|von|de|da|di|du|le|la|del|der|den|dos|das|ter|ten|op|zu|y|d')\b", sur
                    )
                ):
                    reasons.append("lower-case surname")
                if re.search(r"\b(Jr|Sr|II|III|IV|3rd|2nd)\b", n):
                    reasons.append("lineage")
                if re.search(r"\?|\ufffd", n):
                    reasons.append("lost char")
                if len(names) > 1 and n.strip() in ("", ","):
                    reasons.append("empty")
                if reasons:
                    print(f"  {e.key} [{role}] {n!r}: {', '.join(reasons)}")
                fs = fold(sur)
                if fs:
                    first = initials(giv)[:1]
                    forms[(fs, first)][f"{sur}, {giv}"].append(e.key)
    print(f"\n## name variants: {path.name}")
    for (fs, first), variants in sorted(forms.items()):
        if len(variants) < 2:
            continue
        vs = list(variants)
        raw_surs = {surname_given(v)[0] for v in vs}
        inits = {initials(surname_given(v)[1]) for v in vs}
        givs = {fold(surname_given(v)[1]) for v in vs}
        flag = []
        if len(set(raw_surs)) > 1:
            flag.append("surname written differently")
        if len(inits) > 1:
            flag.append("initials differ")
        full = {g for g in givs if len(g.split()[0] if g.split() else "") > 1}
        if len(full) > 1:
            flag.append("full given names differ")
        accent = {surname_given(v)[1] for v in vs}
        if len({fold(a) for a in accent}) < len(accent):
            flag.append("given differs by accents/case only")
        if flag:
            shown = "; ".join(f"{v!r} ({','.join(sorted(set(variants[v])))[:80]})" for v in vs)
            print(f"  [{fs} {first}] {' / '.join(flag)}: {shown}")
    # near surnames (one edit apart) with same initials
    keys = sorted(set(forms))
    by_first = defaultdict(list)
    for fs, first in keys:
        by_first[first].append(fs)
    for first, found in by_first.items():
        surs = sorted(set(found))
        for i, a in enumerate(surs):
            for b in surs[i + 1 :]:
                if abs(len(a) - len(b)) <= 1 and len(a) >= 5 and fuzz.ratio(a, b) >= 88:
                    va = list(forms[(a, first)])
                    vb = list(forms[(b, first)])
                    print(f"  NEAR [{first}] {va} ~ {vb}")


def norm_doi(d: str) -> str:
    d = d.strip().lower()
    d = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", d)
    return re.sub(r"\s*\[doi\]$", "", d)


def scan_ids(path: Path, entries: list[Entry]) -> None:  # noqa: PLR0912
    print(f"\n## keys, identifiers, titles: {path.name}")
    seen_keys: dict[str, int] = defaultdict(int)
    for e in entries:
        seen_keys[e.key] += 1
    for k, n in seen_keys.items():
        if n > 1:
            print(f"  KEY TWICE {k} x{n}")
    for name in ("doi", "pmid", "pmcid", "eprint"):
        by: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            v = field(e, name)
            if v:
                by[norm_doi(v) if name == "doi" else v.strip().lower()].append(e)
        for v, es in by.items():
            if len(es) > 1:
                desc = " | ".join(
                    f"{e.key}: {field(e, 'title')[:60]!r} {field(e, 'year')} "
                    f"v{field(e, 'volume')} p{field(e, 'pages')}"
                    for e in es
                )
                print(f"  SAME {name.upper()} {v}: {desc}")
    titled = [(e, fold(field(e, "title"))) for e in entries if field(e, "title")]
    for i, (a, ta) in enumerate(titled):
        for b, tb in titled[i + 1 :]:
            if len(ta) < 12 or len(tb) < 12:
                continue
            if abs(len(ta) - len(tb)) > 0.3 * max(len(ta), len(tb)):
                continue
            r = fuzz.ratio(ta, tb)
            if r >= 88:
                print(
                    f"  NEAR TITLE {r:.0f}: {a.key} ({field(a, 'year')}, doi {field(a, 'doi')}) ~ "
                    f"{b.key} ({field(b, 'year')}, doi {field(b, 'doi')}): "
                    f"{field(a, 'title')[:70]!r} / {field(b, 'title')[:70]!r}"
                )
    for e in entries:
        for name in ("doi", "pmid", "pmcid"):
            v = field(e, name)
            if not v:
                continue
            if name == "doi" and not re.fullmatch(r"10\.\d{4,9}/\S+", v.strip()):
                print(f"  ODD DOI {e.key}: {v!r}")
            if name == "doi" and re.search(r"\s|\[|doi:|http", v):
                print(f"  DOI DEBRIS {e.key}: {v!r}")
            if name == "pmid" and not re.fullmatch(r"\d{1,8}", v.strip()):
                print(f"  ODD PMID {e.key}: {v!r}")
            if name == "pmcid" and not re.fullmatch(r"PMC\d+", v.strip()):
                print(f"  ODD PMCID {e.key}: {v!r}")


def expand_end(start: str, end: str) -> str:
    if len(end) < len(start):
        return start[: len(start) - len(end)] + end
    return end


def scan_values(path: Path, entries: list[Entry]) -> None:
    print(f"\n## pages and years: {path.name}")
    for e in entries:
        p = field(e, "pages").strip()
        if p:
            m = re.fullmatch(r"([A-Za-z]?)(\d+)\s*(?:-+|–|—)\s*([A-Za-z]?)(\d+)", p)
            if m:
                s, t = int(m.group(2)), int(expand_end(m.group(2), m.group(4)))
                if t < s:
                    print(f"  RANGE BACKWARDS {e.key}: {p!r} ({e.entry_type})")
                elif t - s + 1 > 60:
                    print(
                        f"  LONG RANGE {t - s + 1} {e.key}: {p!r} ({e.entry_type}, "
                        f"{field(e, 'journal')[:40]!r}, {field(e, 'title')[:60]!r})"
                    )
            elif not re.fullmatch(r"[A-Za-z]{0,2}\d+[A-Za-z]?", p):
                print(f"  ODD PAGES {e.key}: {p!r} ({e.entry_type}, {field(e, 'journal')[:40]!r})")
        y = field(e, "year").strip()
        if y and not re.fullmatch(r"(1[6-9]|20)\d\d", y):
            print(f"  ODD YEAR {e.key}: {y!r}")
        elif y and int(y) > 2026:
            print(f"  FUTURE YEAR {e.key}: {y!r}")
        elif y and int(y) < 1900:
            print(f"  OLD YEAR {e.key}: {y!r} {field(e, 'title')[:60]!r}")
        for name in ("volume", "number"):
            v = field(e, name).strip()
            if v and not re.fullmatch(r"[0-9]+[A-Za-z]?(-[0-9]+)?", v):
                print(f"  ODD {name.upper()} {e.key}: {v!r}")


def nlm_index(path: Path) -> tuple[dict[str, str], dict[str, set[str]], set[str]]:
    data = json.loads(path.read_text())["default"]["container-title"]
    by_title: dict[str, set[str]] = defaultdict(set)
    abbrevs: dict[str, str] = {}
    exact_abbrevs: set[str] = set()
    for title, abbr in data.items():
        t = title.split(" : ")[0]
        key = jfold(t)
        by_title[key].add(abbr)
        by_title[jfold(title)].add(abbr)
        if abbr:
            abbrevs[jfold(abbr)] = abbr
            exact_abbrevs.add(abbr)
    return abbrevs, by_title, exact_abbrevs


def jfold(s: str) -> str:
    s = re.sub(r"[{}\\]", "", s)
    s = s.replace("&", " and ")
    s = fold(s)
    return re.sub(r"^the ", "", s)


def scan_journals(
    path: Path, entries: list[Entry], nlm: tuple[dict[str, str], dict[str, set[str]], set[str]]
) -> None:
    abbrevs, by_title, exact = nlm
    print(f"\n## journals: {path.name}")
    counts: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        for name in ("journal", "journaltitle", "shortjournal"):
            j = field(e, name)
            if j:
                counts[f"{name}={j}"].append(f"{e.key}:{field(e, 'year')}")
    for j, keys in sorted(counts.items(), key=lambda kv: -len(kv[1])):
        name = j.split("=", 1)[1]
        plain = re.sub(r"[{}]", "", name)
        if plain in exact:
            verdict = "EXACT NLM ABBREV"
        elif jfold(plain) in abbrevs and "." in plain:
            verdict = f"ABBREV WITH PERIODS -> {abbrevs[jfold(plain)]}"
        elif jfold(plain) in abbrevs:
            verdict = f"ABBREV OTHER CASE/PUNCT -> {abbrevs[jfold(plain)]}"
        elif jfold(plain) in by_title:
            verdict = f"FULL TITLE -> {sorted(by_title[jfold(plain)])}"
        else:
            verdict = "NOT FOUND"
        print(f"  {len(keys):4d} {j!r}: {verdict}   e.g. {keys[:3]}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument(
        "--nlm",
        default=str(
            Path(__file__).resolve().parents[3] / "shared/data/ncbi-journal-abbreviations.json"
        ),
    )
    ap.add_argument("--only", nargs="*", default=["ids", "values", "names", "journals"])
    args = ap.parse_args()
    nlm = nlm_index(Path(args.nlm)) if "journals" in args.only else None
    for path in sorted(Path(args.dir).glob("*.bib")):
        entries = entries_of(path)
        print(f"\n# {path.name}: {len(entries)} entries")
        if "ids" in args.only:
            scan_ids(path, entries)
        if "values" in args.only:
            scan_values(path, entries)
        if "names" in args.only:
            scan_names(path, entries)
        if "journals" in args.only and nlm is not None:
            scan_journals(path, entries, nlm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
