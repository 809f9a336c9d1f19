"""Compute the expectations of ``cases.toml`` with real pandoc, and write ``refs.bib``.

Not a test and not run by the test suite (no test runs pandoc). Run it after editing a
case's input::

    PANDOC=/path/to/pandoc python tests/conformance/citations/derive.py

For every case it parses the Markdown with pandoc to find the citation keys (``refs.bib``
gets one fictional entry per key, title token ``fixtNNN``), then runs
``pandoc --citeproc --csl american-medical-association.csl`` to JSON and reads the AST:
each Cite element's rendered superscript (AMA prints only superscript numbers, with
locators and any prefix or suffix) becomes a cluster, and the ``ref-KEY`` divs of the
``refs`` div give the list order. Inputs, ``source``, ``note``, ``unchanged``,
``bib_keys``, ``undefined``, ``list_after`` and ``list_before`` are kept as written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import tomllib

HERE = Path(__file__).resolve().parent
CSL = Path(os.environ.get("CSL_DIR", "/work/shared/csl")) / "american-medical-association.csl"
PANDOC = os.environ.get("PANDOC", "pandoc")
FIELD_ORDER = [
    "id",
    "source",
    "note",
    "markdown",
    "bib_keys",
    "undefined",
    "clusters",
    "references",
    "unchanged",
    "list_after",
    "list_before",
]
SURNAMES = [
    "Abbot",
    "Barlow",
    "Castell",
    "Dunmore",
    "Ellery",
    "Fairlie",
    "Garrow",
    "Hollis",
    "Ingram",
    "Jessop",
    "Kirkby",
    "Lowther",
]
MARKDOWN_OUT = ["-t", "markdown-citations", "--wrap=none"]
FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:", re.MULTILINE)


QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def normalize_cluster(text: str) -> str:
    """As ``normalize_cluster`` in ``test_pandoc_citations.py`` (keep the two the same)."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = text.replace("--", "\u2013").replace("\u2013", "-")
    text = text.translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def pandoc(args: list[str], text: str) -> tuple[str, str]:
    done = subprocess.run(
        [PANDOC, "-f", "markdown", *args], input=text, capture_output=True, text=True, check=True
    )
    return done.stdout, done.stderr


def walk(node: Any, visit: Any, in_note: bool = False) -> None:
    """Visit every element of a pandoc JSON AST in document order (note text where the
    note is referenced); ``visit(element, in_note)`` returns True to stop descending."""
    if isinstance(node, list):
        for child in node:
            walk(child, visit, in_note)
    elif isinstance(node, dict):
        if "t" in node and visit(node, in_note):
            return
        walk(node.get("c"), visit, in_note or node.get("t") == "Note")
        if "blocks" in node:
            walk(node["blocks"], visit, in_note)
        if "meta" in node:
            walk(list(node["meta"].values()), visit, in_note)


def cited_keys(markdown: str) -> list[str]:
    """Keys pandoc reads as citations (body and metadata, e.g. ``nocite``), in order."""
    out, _ = pandoc(["-t", "json"], markdown)
    keys: list[str] = []

    def visit(element: dict[str, Any], _in_note: bool) -> bool:
        if element["t"] == "Cite":
            for citation in element["c"][0]:
                if citation["citationId"] not in keys and citation["citationId"] != "*":
                    keys.append(citation["citationId"])
        return False

    walk(json.loads(out), visit)
    return keys


def bib_entry(key: str, number: int) -> str:
    count = number % 4 + 1  # one to four authors: narrative forms differ
    authors = " and ".join(
        f"{SURNAMES[(number + i) % len(SURNAMES)]}, {chr(65 + (number + i) % 26)}"
        for i in range(count)
    )
    return (
        f"@article{{{key},\n"
        f"  author = {{{authors}}},\n"
        f"  title = {{Conformance fixture fixt{number:03d}}},\n"
        f"  journal = {{J Conform Tests}},\n"
        f"  year = {{{1990 + number % 35}}},\n"
        f"  volume = {{{number}}},\n"
        f"  pages = {{{number}-{number + 9}}}\n"
        "}\n"
    )


def render_inlines(groups: list[list[Any]], api: list[int]) -> list[str]:
    """Each inline list as Markdown (pandoc's writer), one per group."""
    if not groups:
        return []
    blocks = [{"t": "Para", "c": inlines} for inlines in groups]
    doc = {"pandoc-api-version": api, "meta": {}, "blocks": blocks}
    done = subprocess.run(
        [PANDOC, "-f", "json", "-t", "markdown-citations-smart", "--wrap=none"],
        input=json.dumps(doc),
        capture_output=True,
        text=True,
        check=True,
    )
    parts = done.stdout.strip().split("\n\n")
    assert len(parts) == len(groups), (parts, groups)
    return parts


def derive(case: dict[str, Any], bib: Path) -> dict[str, Any]:
    markdown = case["markdown"]
    out, err = pandoc(
        ["--citeproc", "--csl", str(CSL), "--bibliography", str(bib), "-t", "json"], markdown
    )
    if case.get("undefined"):
        for key in case["undefined"]:
            assert f"{key} not found" in err, (case["id"], err)
        return {}
    assert "not found" not in err, (case["id"], err)
    doc = json.loads(out)
    found: list[tuple[bool, list[Any]]] = []
    refs: list[str] = []

    def visit(element: dict[str, Any], in_note: bool) -> bool:
        if element["t"] == "Cite":
            found.append((in_note, element["c"][1]))
            return True
        if element["t"] == "Div" and element["c"][0][0] == "refs":
            for child in element["c"][1]:
                if child["t"] == "Div" and child["c"][0][0].startswith("ref-"):
                    refs.append(child["c"][0][0].removeprefix("ref-"))
            return True
        return False

    walk(doc["blocks"], visit)
    if FOOTNOTE_DEFINITION.search(markdown):
        # Definitions sit at the end of these inputs: their clusters come last in the text.
        assert "^[" not in markdown, case["id"]
        found = [item for item in found if not item[0]] + [item for item in found if item[0]]
    rendered = render_inlines([inlines for _, inlines in found], doc["pandoc-api-version"])
    clusters = []
    for text in rendered:
        match = re.fullmatch(r"\^(?!\[)((?:\\.|[^ \t\r\n^\\])+)\^", text)
        assert match, (case["id"], text)
        clusters.append(normalize_cluster(match.group(1)))
    for piece in case.get("unchanged", []):
        assert piece in markdown, (case["id"], piece)
    if case.get("list_after") or case.get("list_before"):
        md, _ = pandoc(
            ["--citeproc", "--csl", str(CSL), "--bibliography", str(bib), *MARKDOWN_OUT],
            markdown,
        )
        first = md.find("#ref-")
        if case.get("list_after"):
            words = re.sub(r"\{.*?\}|[#=]", "", case["list_after"]).strip()
            assert md.rfind(words, 0, first) >= 0, (case["id"], md)
        if case.get("list_before"):
            assert md.find(case["list_before"], first) > first, (case["id"], md)
    return {"clusters": clusters, "references": refs}


def toml_string(text: str) -> str:
    if "\n" in text:
        if "'''" not in text and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text):
            return "'''\n" + text + "'''"
        escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        return '"""\n' + escaped + '"""'
    return json.dumps(text, ensure_ascii=False)


def toml_value(value: Any) -> str:
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [toml_value(item) for item in value]
        one_line = "[" + ", ".join(items) + "]"
        if len(one_line) <= 90:
            return one_line
        return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
    raise TypeError(value)


def write_cases(path: Path, header: dict[str, str], cases: list[dict[str, Any]]) -> None:
    lines = [
        "# Citation syntax conformance cases. Inputs are quoted from (or built on) the named",
        "# sources; `clusters` and `references` were computed with pandoc (derive.py).",
        "",
    ]
    lines += [f"{name} = {toml_value(value)}" for name, value in header.items()]
    for case in cases:
        lines += ["", "[[case]]"]
        for name in FIELD_ORDER:
            if name in case and case[name] is not None:
                lines.append(f"{name} = {toml_value(case[name])}")
        unknown = set(case) - set(FIELD_ORDER)
        assert not unknown, (case["id"], unknown)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    cases_file = HERE / "cases.toml"
    data = tomllib.loads(cases_file.read_text(encoding="utf-8"))
    cases = data.pop("case")
    keys: list[str] = []
    for case in cases:
        undefined = set(case.get("undefined", []))
        for key in [*cited_keys(case["markdown"]), *case.get("bib_keys", [])]:
            if key not in keys and key not in undefined:
                keys.append(key)
    entries = {key: bib_entry(key, number) for number, key in enumerate(keys, start=1)}
    bib_file = HERE / "refs.bib"
    bib_file.write_text(
        "% Fictional entries for the citation conformance cases (written by derive.py).\n\n"
        + "\n".join(entries.values()),
        encoding="utf-8",
    )
    version = subprocess.run([PANDOC, "--version"], capture_output=True, text=True, check=True)
    data["pandoc"] = version.stdout.splitlines()[0]
    data["csl"] = "american-medical-association.csl"
    with tempfile.TemporaryDirectory() as scratch:
        for case in cases:
            bib = bib_file
            if "bib_keys" in case:
                bib = Path(scratch) / f"{case['id']}.bib"
                bib.write_text("\n".join(entries[key] for key in case["bib_keys"]))
            case.update(derive(case, bib))
    write_cases(cases_file, data, cases)
    print(f"{len(cases)} cases, {len(keys)} keys, {data['pandoc']}")


if __name__ == "__main__":
    main()
