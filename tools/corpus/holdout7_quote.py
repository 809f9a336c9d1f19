"""Holdout 7 (issue 16): print entries of a .bib file as the labels quote them.

    python tools/corpus/holdout7_quote.py FILE KEY [KEY ...]

Each entry is re-serialised field by field in file order from bibtexparser's values
(enclosing braces or quotes removed, written back in braces, line breaks inside values
kept), leaving out fields no offline check reads. A key written twice prints both
entries. bibtexparser (v2) only: never mi_refs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry

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
    "owner",
    "timestamp",
    "medline-pst",
}


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


RAW: set[int] = set()


def all_entries(path: Path) -> list[Entry]:
    """Entries in file order; a key's second entry comes unprocessed (enclosing kept)."""
    lib = bibtexparser.parse_string(read_text(path))
    out = list(lib.entries)
    for b in lib.failed_blocks:
        if isinstance(b, DuplicateBlockKeyBlock):
            out.append(b.ignore_error_block)
            RAW.add(id(b.ignore_error_block))
    out.sort(key=lambda e: e.start_line)
    return out


def unwrap(value: str) -> str:
    """Strip one pair of enclosing quotes or braces (blocks bibtexparser left unprocessed)."""
    v = str(value)
    if len(v) >= 2 and v[0] == '"' and v[-1] == '"' and '" #' not in v and '# "' not in v:
        return v[1:-1]
    if len(v) >= 2 and v[0] == "{" and v[-1] == "}":
        depth = 0
        for i, c in enumerate(v):
            depth += c == "{"
            depth -= c == "}"
            if depth == 0 and i < len(v) - 1:
                return v
        return v[1:-1]
    return v


def render(value: str) -> str:
    """Braces around the value; a concatenation with a macro (`"6~" # apr`) as written."""
    if re.search(r'"\s*#|#\s*"|^\w+\s*#|#\s*\w+$', value):
        return value
    return "{" + value + "}"


def quote(e: Entry) -> str:
    lines = [f"@{e.entry_type}{{{e.key},"]
    fields = [f for f in e.fields if f.key.lower() not in SKIP]
    for i, f in enumerate(fields):
        end = "," if i < len(fields) - 1 else ""
        value = unwrap(f.value) if id(e) in RAW else str(f.value)
        lines.append(f"\t{f.key} = {render(value)}{end}")
    lines.append("}")
    return "\n".join(lines)


def main() -> int:
    path = Path(sys.argv[1])
    keys = sys.argv[2:]
    entries = all_entries(path)
    for k in keys:
        for e in entries:
            if e.key == k:
                print(quote(e))
                print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
