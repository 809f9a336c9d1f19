#!/usr/bin/env python3
"""Benchmark: importing 200,000 records (issue 22: "200,000-record imports take over a
minute and a gigabyte").

The same seeded journal articles as the other benchmarks (``harness.generate_articles``)
are written as PubMed MEDLINE (.nbib), RIS, CSL-JSON, EndNote XML and Better BibTeX
JSON; each file is imported by
``python -m mi_refs import FILE --into OUT.bib`` in a fresh subprocess (the whole command:
interpreter start-up, reading, duplicate checks against the target, writing), and its wall
time, CPU time and peak RSS are reported. The aim: linear growth (``--entries`` at two
sizes shows it) and, at 200,000 records, under 30 s and 1 GB each.

The files are written by a subprocess of their own, before the first import: the peak
RSS ``wait4`` reports for a child starts from the memory of the process that started it
(Linux keeps the larger across ``exec``), so a benchmark holding 200,000 generated
articles and a 140 MB text reported its own peak for every format written after the
largest (at 50,000 records, 288 MiB for each of four formats whose imports peak at 221 to
272 MiB).

Usage::

    python benchmarks/import_scale.py [--entries N] [--formats nbib,ris,csl-json,...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import harness

FORMATS: dict[str, tuple[str, Callable[[list[harness.Article]], str]]] = {}


def nbib(articles: list[harness.Article]) -> str:
    out: list[str] = []
    for article in articles:
        lines = [f"PMID- {harness.PMID_BASE + article.index}", f"TI  - {article.title}"]
        for person in article.authors:
            lines.append(f"FAU - {person.family}, {person.given}")
            lines.append(f"AU  - {person.family} {person.given[:1]}")
        lines += [
            f"JT  - {article.journal_text}",
            f"TA  - {article.journal[1]}",
            f"DP  - {article.year}",
            f"VI  - {article.volume}",
            f"PG  - {article.pages}",
            "PT  - Journal Article",
        ]
        if article.number is not None:
            lines.append(f"IP  - {article.number}")
        if article.doi:
            lines.append(f"AID - {article.doi} [doi]")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def ris(articles: list[harness.Article]) -> str:
    out: list[str] = []
    for article in articles:
        lines = ["TY  - JOUR", f"TI  - {article.title}"]
        lines += [f"AU  - {p.family}, {p.given}" for p in article.authors]
        lines += [
            f"JO  - {article.journal_text}",
            f"J2  - {article.journal[1]}",
            f"PY  - {article.year}",
            f"VL  - {article.volume}",
            f"SP  - {article.first_page}",
        ]
        if article.last_page:
            lines.append(f"EP  - {article.last_page}")
        if article.number is not None:
            lines.append(f"IS  - {article.number}")
        if article.doi:
            lines.append(f"DO  - {article.doi}")
        lines.append("ER  - ")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def csl_json(articles: list[harness.Article]) -> str:
    return json.dumps([article.to_csl_json() for article in articles])


def endnote_xml(articles: list[harness.Article]) -> str:
    """EndNote's XML export: one ``<record>`` an article, journal articles (type 17)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<xml><records>']
    for article in articles:
        authors = "".join(
            f"<author>{escape(p.family)}, {escape(p.given)}</author>" for p in article.authors
        )
        out.append(
            f'<record><ref-type name="Journal Article">17</ref-type>'
            f"<contributors><authors>{authors}</authors></contributors>"
            f"<titles><title>{escape(article.title)}</title>"
            f"<secondary-title>{escape(article.journal_text)}</secondary-title></titles>"
            f"<periodical><full-title>{escape(article.journal_text)}</full-title>"
            f"<abbr-1>{escape(article.journal[1])}</abbr-1></periodical>"
            f"<pages>{escape(article.pages)}</pages><volume>{article.volume}</volume>"
            + (f"<number>{article.number}</number>" if article.number is not None else "")
            + f"<dates><year>{article.year}</year></dates>"
            + (
                f"<electronic-resource-num>{escape(article.doi)}</electronic-resource-num>"
                if article.doi
                else ""
            )
            + "</record>"
        )
    out.append("</records></xml>\n")
    return "\n".join(out)


def bbt_json(articles: list[harness.Article]) -> str:
    """Better BibTeX JSON: Zotero's journal articles with their creators."""
    items = []
    for article in articles:
        item: dict[str, object] = {
            "itemType": "journalArticle",
            "title": article.title,
            "creators": [
                {"creatorType": "author", "firstName": p.given, "lastName": p.family}
                for p in article.authors
            ],
            "publicationTitle": article.journal_text,
            "journalAbbreviation": article.journal[1],
            "date": str(article.year),
            "volume": str(article.volume),
            "pages": article.pages,
        }
        if article.number is not None:
            item["issue"] = str(article.number)
        if article.doi:
            item["DOI"] = article.doi
        items.append(item)
    return json.dumps({"config": {"label": "BetterBibTeX JSON"}, "items": items})


FORMATS = {
    "nbib": (".nbib", nbib),
    "ris": (".ris", ris),
    "csl-json": (".json", csl_json),
    "endnote-xml": (".xml", endnote_xml),
    "bbt-json": (".json", bbt_json),
}


def write_inputs(entries: int, formats: list[str], work: Path) -> None:
    """The input files, one a format, in ``work``."""
    articles = harness.generate_articles(entries, harness.DEFAULT_SEED)
    for name in formats:
        suffix, write = FORMATS[name]
        (work / f"{name}{suffix}").write_text(write(articles), encoding="utf-8")


def run(entries: int, formats: list[str], timeout: float) -> list[dict[str, object]]:
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as work:
        argv = [sys.executable, __file__, "--entries", str(entries), "--formats", ",".join(formats)]
        subprocess.run([*argv, "--write-inputs", work], check=True)  # this process stays small
        for name in formats:
            suffix, _ = FORMATS[name]
            source = Path(work) / f"{name}{suffix}"
            target = Path(work) / f"{name}.bib"
            argv = [sys.executable, "-m", "mi_refs", "import", str(source), "--into", str(target)]
            done = harness.run_process(argv, timeout=timeout)
            written = target.read_text(encoding="utf-8").count("\n@") + 1 if target.exists() else 0
            results.append(
                {
                    "format": name,
                    "records": entries,
                    "megabytes": round(source.stat().st_size / 1e6, 1),
                    "exit": done.returncode,
                    "timed_out": done.timed_out,
                    "wall_s": round(done.wall, 2),
                    "cpu_s": round(done.cpu, 2),
                    "peak_rss_mib": round(done.max_rss_mib),
                    "entries_written": written,
                }
            )
            print(json.dumps(results[-1]), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--write-inputs", type=Path, help=argparse.SUPPRESS)  # run's helper
    args = parser.parse_args(argv)
    if args.write_inputs:
        write_inputs(args.entries, args.formats.split(","), args.write_inputs)
        return 0
    results = run(args.entries, args.formats.split(","), args.timeout)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
