"""Cross-check the golden expectations against citeproc-js and the official CSL styles.

For every case in tests/golden/cases this script converts `input.bib` to CSL-JSON with
its own small converter (independent of mi_refs: bibtexparser v2 for the syntax,
latexcodec for LaTeX), renders it with citeproc-js (render.mjs) using

    /work/shared/csl/american-medical-association.csl   -> compared with ama.txt
    /work/shared/csl/nlm-citation-sequence.csl          -> compared with vancouver.txt
    /work/shared/csl/locales-en-US.xml

and prints, per case and style, `agree` or `differs` with both strings. House options from
`options.toml` are honoured (doi, abstract_marker by leaving the data out; et_al_min and
et_al_use_first by patching the style's <bibliography> element).

Usage (from the repository root, after `npm install` in tools/csl_check):

    .venv/bin/python tools/csl_check/check.py [CASE ...] [--csl-dir DIR] [--summary]

The exit status is 0 even when entries differ: differences are expected (see
tests/golden/CSL-CHECK.md for why each one stands) and must be judged by hand.
"""

from __future__ import annotations

import argparse
import codecs
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import bibtexparser
import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASES = ROOT / "tests" / "golden" / "cases"
DEFAULT_CSL_DIR = Path("/work/shared/csl")
STYLE_FILES = {
    "ama": "american-medical-association.csl",
    "vancouver": "nlm-citation-sequence.csl",
}
DEFAULT_ET_AL = {"ama": (7, 3), "vancouver": (7, 6)}

MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTHS = {name[:3]: i for i, name in enumerate(MONTH_NAMES, start=1)}

# A stand-in author used to make citeproc-js print "et al" for `and others` (CSL has no
# way to say "this list is truncated"); it is removed again from the rendered text.
PLACEHOLDER = {"family": "Zzplaceholder", "given": "Z"}
PLACEHOLDER_TEXT = re.compile(r", Zzplaceholder Z\b")


# --------------------------------------------------------------------------- BibTeX values


def split_concatenation(raw: str) -> list[str]:
    """Split a raw BibTeX value on top-level `#`."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return [p.strip() for p in parts]


def resolve(raw: str, strings: dict[str, str]) -> str:
    """A raw BibTeX value (braces, quotes, macros, `#`) as its LaTeX source text."""
    out = []
    for piece in split_concatenation(raw):
        if (piece[:1], piece[-1:]) in (("{", "}"), ('"', '"')):
            out.append(piece[1:-1])
        elif piece.isdigit():
            out.append(piece)
        elif piece.lower() in strings:
            out.append(strings[piece.lower()])
        elif piece.lower() in MONTHS:
            out.append(str(MONTHS[piece.lower()]))
        else:
            raise ValueError(f"undefined macro {piece!r}")
    return "".join(out)


def delatex(text: str) -> str:
    """LaTeX source to plain Unicode text (accents, \\&, --, \\textit{}, braces)."""
    text = codecs.decode(text, "ulatex")
    text = re.sub(r"\\(?:textit|emph|textbf|textrm|textsc)\s*", "", text)
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip()


def load_bib(path: Path) -> list[tuple[str, str, dict[str, str]]]:
    """Entries as (entry type, key, {field: LaTeX source}) in file order."""
    library = bibtexparser.parse_file(str(path), parse_stack=[])
    if library.failed_blocks:
        raise ValueError(f"{path}: could not parse {library.failed_blocks}")
    strings: dict[str, str] = {}
    for block in library.strings:
        strings[block.key.lower()] = resolve(block.value, strings)
    entries = []
    for entry in library.entries:
        fields = {f.key.lower(): resolve(f.value, strings) for f in entry.fields}
        entries.append((entry.entry_type.lower(), entry.key, fields))
    return entries


# --------------------------------------------------------------------------- conversion


def csl_names(source: str) -> tuple[list[dict[str, str]], bool]:
    """BibTeX names as CSL names, and whether the list ended in `and others`."""
    names, others = [], False
    for raw in split_multiple_persons_names(source):
        if raw.strip() == "others":
            others = True
            continue
        if raw.startswith("{") and raw.endswith("}") and raw.count("{") == 1:
            names.append({"literal": delatex(raw)})
            continue
        parts = parse_single_name_into_parts(raw)
        name = {"family": delatex(" ".join(parts.last))}
        if parts.first:
            name["given"] = delatex(" ".join(parts.first))
        if parts.von:
            name["non-dropping-particle"] = delatex(" ".join(parts.von))
        if parts.jr:
            name["suffix"] = delatex(" ".join(parts.jr))
        names.append(name)
    return names, others


def csl_date(fields: dict[str, str], date_field: str = "date") -> dict[str, Any] | None:
    parts: list[int] = []
    if date_field in fields:
        parts = [int(p) for p in fields[date_field].split("-")]
    elif "year" in fields:
        parts = [int(fields["year"])]
        month = fields.get("month", "").strip().lower()
        if month:
            parts.append(int(month) if month.isdigit() else MONTHS[month[:3]])
            if fields.get("day"):
                parts.append(int(fields["day"]))
    return {"date-parts": [parts]} if parts else None


def normalise_doi(doi: str) -> str:
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.I)


def _article(
    item: dict[str, Any],
    text: dict[str, str],
    fields: dict[str, str],
    subtype: str,
    options: dict[str, Any],
) -> None:
    item["type"] = "article-journal"
    item["container-title"] = text.get("journal") or text.get("shortjournal", "")
    if "shortjournal" in text:
        item["container-title-short"] = text["shortjournal"]
    if "volume" in text:
        item["volume"] = text["volume"]
    number = text.get("number", "")
    supplement = re.fullmatch(r"suppl(?:ement)?[\s_.]*(\d*)", number, flags=re.IGNORECASE)
    if supplement:
        item["supplement-number"] = supplement.group(1) or "suppl"
    elif number:
        item["issue"] = number
    if "eid" in text and "pages" not in fields:
        item["number"] = text["eid"]
    if subtype == "abstract" and options.get("abstract_marker", True):
        item["genre"] = "abstract"


def _monograph(item: dict[str, Any], text: dict[str, str], csl_type: str) -> None:
    item["type"] = csl_type
    if csl_type == "chapter":
        item["container-title"] = text.get("booktitle", "")
    if csl_type == "report":
        item["publisher"] = text.get("institution") or text.get("publisher", "")
        if "number" in text:
            item["number"] = text["number"]
    for field, csl in (
        ("edition", "edition"),
        ("publisher", "publisher"),
        ("address", "publisher-place"),
    ):
        if field in text:
            item.setdefault(csl, text[field])


def _speech(item: dict[str, Any], text: dict[str, str], fields: dict[str, str]) -> None:
    item["type"] = "speech"
    item["event-title"] = text.get("eventtitle") or text.get("booktitle", "")
    if "venue" in text:
        item["event-place"] = text["venue"]
    if "eventdate" in fields:
        item["issued"] = csl_date(fields, "eventdate")


def _document(item: dict[str, Any], text: dict[str, str], genre: str) -> None:
    item["type"] = "document"
    item["genre"] = genre
    item["publisher"] = text.get("organization", "")
    if "number" in text:
        item["number"] = text["number"]


def _webpage(item: dict[str, Any], text: dict[str, str], subtype: str, style: str) -> None:
    item["type"] = "webpage"
    site = text.get("organization")
    if subtype == "registration":
        site = site or "ClinicalTrials.gov"
        item["number"] = text.get("number", "")
    if site:
        # AMA's CSL prints the website as container-title; NLM's CSL treats a
        # container-title as "part of a website" (Citing Medicine ch. 25), so the
        # homepage form that docs/styles.md shows needs the site as publisher instead.
        item["container-title" if style == "ama" else "publisher"] = site


def to_csl(
    entry_type: str, key: str, fields: dict[str, str], style: str, options: dict[str, Any]
) -> tuple[dict[str, Any], bool] | None:
    """One entry as a CSL-JSON item and its `and others` flag (None: type mi-refs skips)."""
    subtype = fields.get("entrysubtype", "").strip().lower()
    text = {k: delatex(v) for k, v in fields.items() if k not in ("url", "pages", "doi")}
    item: dict[str, Any] = {"id": key}
    others = False
    for role in ("author", "editor"):
        if role in fields:
            item[role], role_others = csl_names(fields[role])
            others = others or role_others
    for csl, value in (
        ("title", text.get("title")),
        ("issued", csl_date(fields)),
        ("accessed", csl_date(fields, "urldate") if "urldate" in fields else None),
        ("URL", fields.get("url", "").strip()),
        ("page", fields.get("pages", "").replace("--", "-")),
    ):
        if value:
            item[csl] = value
    if "doi" in fields and options.get("doi", True):
        item["DOI"] = normalise_doi(fields["doi"])

    if entry_type == "article":
        _article(item, text, fields, subtype, options)
    elif entry_type in MONOGRAPHS:
        _monograph(item, text, MONOGRAPHS[entry_type])
    elif entry_type == "inproceedings":
        _speech(item, text, fields)
    elif entry_type == "manual":
        _document(item, text, text.get("type", "Prescribing information"))
    elif entry_type == "misc" and subtype == "data-on-file":
        _document(item, text, "Data on file")
    elif entry_type in ("online", "www", "electronic", "misc"):
        _webpage(item, text, subtype, style)
    else:
        return None
    return item, others


MONOGRAPHS = {
    "book": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "report": "report",
    "techreport": "report",
}


def pad_for_others(item: dict[str, Any], et_al_min: int) -> None:
    for role in ("author", "editor"):
        if role in item:
            names = item[role]
            names.extend([dict(PLACEHOLDER)] * max(et_al_min - len(names), 1))
            return


# --------------------------------------------------------------------------- rendering


def render(
    items: list[dict[str, Any]], style: str, csl_dir: Path, et_al: tuple[int, int] | None
) -> list[str]:
    request = {
        "style": str(csl_dir / STYLE_FILES[style]),
        "locale": str(csl_dir / "locales-en-US.xml"),
        "items": items,
        "et_al_min": et_al[0] if et_al else None,
        "et_al_use_first": et_al[1] if et_al else None,
    }
    result = subprocess.run(
        ["node", str(HERE / "render.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
    )
    return [PLACEHOLDER_TEXT.sub("", entry) for entry in json.loads(result.stdout)]


# Systematic differences that are understood once (tests/golden/CSL-CHECK.md explains why our
# expectation stands) and only labelled here, so that other differences stand out.
QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
KNOWN_DIFFERENCES = [
    ("en dash in range", lambda s: s.replace("\u2013", "-")),
    ("typographic quotes", lambda s: s.translate(QUOTES)),
]


def explain(ours: str, csl: str) -> list[str] | None:
    """Labels of the known differences that account for ours != csl (None if they do not)."""
    labels = []
    for label, normalise in KNOWN_DIFFERENCES:
        new_ours, new_csl = normalise(ours), normalise(csl)
        if (new_ours, new_csl) != (ours, csl):
            labels.append(label)
        ours, csl = new_ours, new_csl
    return labels if ours == csl else None


def expected_entries(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [re.sub(r"^\d+\. ", "", line) for line in lines]


def check_case(case: Path, csl_dir: Path) -> list[dict[str, Any]]:
    options_path = case / "options.toml"
    options = {}
    if options_path.is_file():
        options = tomllib.loads(options_path.read_text(encoding="utf-8"))
    entries = load_bib(case / "input.bib")
    results = []
    for style in STYLE_FILES:
        expected_path = case / f"{style}.txt"
        if not expected_path.is_file():
            continue
        default_min, default_first = DEFAULT_ET_AL[style]
        et_al_min = options.get("et_al_min") or default_min
        et_al_first = options.get("et_al_use_first") or default_first
        items = []
        for entry_type, key, fields in entries:
            converted = to_csl(entry_type, key, fields, style, options)
            if converted is None:
                continue
            item, others = converted
            if others:
                pad_for_others(item, et_al_min)
            items.append(item)
        patched = "et_al_min" in options or "et_al_use_first" in options
        patch = (et_al_min, et_al_first) if patched else None
        rendered = render(items, style, csl_dir, patch)
        expected = expected_entries(expected_path)
        pairs = []
        for i in range(max(len(rendered), len(expected))):
            ours = expected[i] if i < len(expected) else "<missing>"
            csl = rendered[i] if i < len(rendered) else "<missing>"
            pairs.append(
                {
                    "n": i + 1,
                    "ours": ours,
                    "csl": csl,
                    "agree": ours == csl,
                    "known": None if ours == csl else explain(ours, csl),
                }
            )
        results.append(
            {
                "case": case.name,
                "style": style,
                "entries": pairs,
                "agree": all(p["agree"] for p in pairs),
            }
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--csl-dir", type=Path, default=DEFAULT_CSL_DIR)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    cases = (
        [CASES / name for name in args.cases]
        if args.cases
        else sorted(p for p in CASES.iterdir() if p.is_dir())
    )
    results = [r for case in cases for r in check_case(case, args.csl_dir)]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    only_known = 0
    for r in results:
        if r["agree"]:
            print(f"{r['case']} [{r['style']}]: agree")
            continue
        labels = [p["known"] for p in r["entries"] if not p["agree"]]
        if all(label is not None for label in labels):
            only_known += 1
            known = sorted({item for label in labels for item in label})
            print(f"{r['case']} [{r['style']}]: differs (known only: {', '.join(known)})")
        else:
            print(f"{r['case']} [{r['style']}]: differs")
        for p in r["entries"]:
            if not p["agree"]:
                note = f"  [known: {', '.join(p['known'])}]" if p["known"] else ""
                print(f"  {p['n']}. ours: {p['ours']}{note}")
                print(f"  {p['n']}. csl:  {p['csl']}")
    agree = sum(r["agree"] for r in results)
    print(
        f"\n{len(results)} case/style pairs: {agree} agree, {only_known} differ only by the known "
        f"systematic differences, {len(results) - agree - only_known} differ otherwise"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
