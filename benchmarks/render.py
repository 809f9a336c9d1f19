#!/usr/bin/env python3
"""Benchmark: render a large BibTeX file as an AMA reference list, mi-refs vs other tools.

One run of this script

1. generates a deterministic (seeded) synthetic BibTeX file of N journal articles
   (default 10,000; ``--quick`` for 1,000) and, from the same records, a CSL-JSON file;
2. times, each tool in its own fresh subprocess, best of ``--repeat`` runs:

   * mi-refs: ``mi_refs.load(path)`` then ``mi_refs.render(bib, style="ama", format="text")``;
   * pybtex's own ``unsrt`` style to plain text (parse, template engine, text rendering);
   * citeproc-py with the CSL AMA style, from the CSL-JSON file;
   * citeproc-js (npm ``citeproc``, run by node) with the CSL AMA style and the en-US locale,
     from the CSL-JSON file (timed inside node, and the node subprocess's wall time);
   * bibtexparser v2's ``parse_file``, plain and with ``LatexDecodingMiddleware`` (context
     only: parsing, no rendering);

3. prints the machine, the tool versions, a Markdown table of the results, the first
   reference as each renderer printed it, and how many references mi-refs and citeproc-js
   print identically (a check that they do the same work).

The BibTeX-to-CSL-JSON conversion for the CSL processors is done by this harness, once,
before any timing, and is *not* included in their times (mi-refs's and pybtex's times do
include reading and decoding the BibTeX file). A tool that is not installed is reported as
such; the script still exits 0. It exits 1 only if an installed tool crashed or timed out.

No network access is needed at run time.

Usage::

    python benchmarks/render.py [--entries N | --quick] [--repeat R] [--only TOOL ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import git_state, package_version

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SRC = REPO / "src"
CITEPROC_JS_DIR = HERE / "citeproc_js"
CSL_DIR = Path(os.environ.get("MI_REFS_CSL_DIR", REPO.parent / "shared" / "csl"))
AMA_CSL = CSL_DIR / "american-medical-association.csl"
LOCALE_EN_US = CSL_DIR / "locales-en-US.xml"

DEFAULT_ENTRIES = 10_000
QUICK_ENTRIES = 1_000
DEFAULT_SEED = 20_241_009

# ---------------------------------------------------------------------------------------
# Synthetic data
# ---------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SURNAMES = _words(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King "
    "Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips "
    "Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed Cook Morgan Bell "
    "Murphy Bailey Cooper Richardson Cox Howard Ward Peterson Gray James Watson Brooks "
    "Kelly Sanders Price Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell "
    "Long Patterson Hughes Flores Washington Butler Simmons Foster Bryant Alexander Russell "
    "Griffin Hayes Myers Ford Hamilton Graham Sullivan Wallace West Cole Jordan Owens "
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Luo "
    "Kim Lee Park Choi Jung Kang Cho Yoon Tanaka Suzuki Takahashi Watanabe Ito Yamamoto "
    "Nakamura Kobayashi Sato Kumar Singh Sharma Patel Gupta Reddy Rao Das Shah Mehta "
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
    "Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein "
    "Wolf Neumann Schwarz Zimmermann Braun Hofmann Hartmann Lange Werner Krause Lehmann "
    "Dubois Durand Leroy Moreau Laurent Simon Michel Bernard Petit Roux Fournier Girard "
    "Jansen Visser Smit Bakker Nielsen Hansen Pedersen Andersen Larsen Johansson Karlsson "
    "Nilsson Eriksson Novak Horvat Kowalski Nowak Wisniewski Ivanov Petrov Cohen Levy "
    "Silva Santos Oliveira Souza Costa Pereira Almeida Ferreira Rodrigues Gomes Martins"
)

# (BibTeX spelling with LaTeX accents, Unicode spelling)
ACCENTED_SURNAMES = (
    (r"M{\"u}ller", "Müller"),
    (r"Str{\"u}{\ss}mann", "Strüßmann"),
    (r"W{\"a}sch", "Wäsch"),
    (r"Sch{\"o}nberg", "Schönberg"),
    (r"J{\"a}ger", "Jäger"),
    (r"B{\"o}hm", "Böhm"),
    (r"K{\"o}nig", "König"),
    (r"Gro{\ss}", "Groß"),
    (r"Garc{\'i}a", "García"),
    (r"Mart{\'i}nez", "Martínez"),
    (r"G{\'o}mez", "Gómez"),
    (r"P{\'e}rez", "Pérez"),
    (r"N{\'u}{\~n}ez", "Núñez"),
    (r"Pe{\~n}a", "Peña"),
    (r"Brand{\~a}o", "Brandão"),
    (r"Gon{\c{c}}alves", "Gonçalves"),
    (r"Lef{\`e}vre", "Lefèvre"),
    (r"H{\'e}bert", "Hébert"),
    (r"{\O}stergaard", "Østergaard"),
    (r"{\AA}berg", "Åberg"),
    (r"S{\o}rensen", "Sørensen"),
    (r"Dvo{\v{r}}{\'a}k", "Dvořák"),
    (r"Nov{\'a}kov{\'a}", "Nováková"),
    (r"Ko{\c{c}}", "Koç"),
    (r"{\"O}zt{\"u}rk", "Öztürk"),
    (r"Y{\i}lmaz", "Y\u0131lmaz"),
    (r"{\L}ukasiewicz", "Łukasiewicz"),
    (r"Wi{\'s}niewska", "Wiśniewska"),
)

GIVEN_NAMES = _words(
    "Anna Tim Jan Ralph Maria John David Sarah Michael Laura James Emma Robert Julia Peter "
    "Sofia Thomas Elena Daniel Clara Paul Hannah Mark Lisa Andrew Katarina Stefan Ingrid "
    "Wei Min Jing Hiroshi Yuki Akira Priya Rahul Anil Sunita Luca Giulia Marco Chiara "
    "Pierre Camille Louis Claire Lars Karin Henrik Astrid Olga Ivan Ana Pedro Joao Beatriz "
    "Ahmed Fatima Omar Leila Samuel Rachel David Miriam Kwame Amara Jose Carmen Diego Lucia"
)

ACRONYMS = _words(
    "COVID-19 HER2 CAR-T MRI DNA ITP PD-1 HIV BRCA1 EGFR ICU TNF CD38 SARS-CoV-2 HbA1c ECMO"
)
CONDITIONS = (
    "immune thrombocytopenia",
    "type 2 diabetes",
    "heart failure",
    "atrial fibrillation",
    "chronic kidney disease",
    "multiple myeloma",
    "acute myeloid leukaemia",
    "sepsis",
    "community-acquired pneumonia",
    "rheumatoid arthritis",
    "major depressive disorder",
    "hypertension",
    "asthma",
    "chronic obstructive pulmonary disease",
    "stroke",
    "breast cancer",
    "colorectal cancer",
    "psoriasis",
    "Crohn disease",
    "migraine",
    "osteoporosis",
    "obesity",
    "gestational diabetes",
    "preterm birth",
    "melanoma",
)
INTERVENTIONS = (
    "daratumumab",
    "rituximab",
    "metformin",
    "empagliflozin",
    "apixaban",
    "semaglutide",
    "dexamethasone",
    "early mobilisation",
    "telemonitoring",
    "cognitive behavioural therapy",
    "high-dose vitamin D",
    "romiplostim",
    "eltrombopag",
    "tocilizumab",
    "pembrolizumab",
    "low-dose aspirin",
    "bariatric surgery",
    "structured exercise training",
    "pharmacist-led medication review",
    "intravenous iron",
)
POPULATIONS = (
    "older adults",
    "children",
    "adolescents",
    "pregnant women",
    "critically ill patients",
    "adults in primary care",
    "kidney transplant recipients",
    "nursing home residents",
    "patients undergoing cardiac surgery",
    "health care workers",
    "veterans",
)
OUTCOMES = (
    "mortality",
    "remission",
    "hospital readmission",
    "quality of life",
    "bleeding risk",
    "cardiovascular events",
    "treatment response",
    "health care costs",
    "adverse events",
    "functional recovery",
    "relapse",
    "time to diagnosis",
)
DESIGNS = (
    "a randomized clinical trial",
    "a systematic review and meta-analysis",
    "a case series",
    "a cohort study",
    "a nationwide registry study",
    "a cross-sectional study",
    "a multicentre retrospective analysis",
    "a pooled analysis of three trials",
    "a case report",
)
TITLE_TEMPLATES = (
    "{Outcome} after {intervention} in patients with {condition}",
    "{Intervention} versus {intervention2} for {condition}: {design}",
    "Long-term {outcome} of {condition} treated with {intervention}: {design}",
    "Association of {acronym} status with {outcome} among {population}",
    "Effect of {intervention} on {outcome} in {population}: {design}",
    "{Condition} in {population}: incidence, risk factors and {outcome}",
    "Real-world use of {intervention} for {condition}",
    "Predictors of {outcome} in {acronym}-positive {condition}",
    "{Intervention} and the risk of {outcome} in {condition}: {design}",
    "Trends in {outcome} among {population} with {condition}, 2000 to 2020",
)

JOURNALS = (
    ("British Journal of Haematology", "Br J Haematol"),
    ("Blood", "Blood"),
    ("The New England Journal of Medicine", "N Engl J Med"),
    ("The Lancet", "Lancet"),
    ("JAMA", "JAMA"),
    ("JAMA Internal Medicine", "JAMA Intern Med"),
    ("JAMA Network Open", "JAMA Netw Open"),
    ("BMJ", "BMJ"),
    ("Annals of Internal Medicine", "Ann Intern Med"),
    ("Journal of Clinical Oncology", "J Clin Oncol"),
    ("The Lancet Oncology", "Lancet Oncol"),
    ("Circulation", "Circulation"),
    ("European Heart Journal", "Eur Heart J"),
    ("Journal of the American College of Cardiology", "J Am Coll Cardiol"),
    ("Diabetes Care", "Diabetes Care"),
    ("Kidney International", "Kidney Int"),
    ("American Journal of Respiratory and Critical Care Medicine", "Am J Respir Crit Care Med"),
    ("Critical Care Medicine", "Crit Care Med"),
    ("Intensive Care Medicine", "Intensive Care Med"),
    ("Clinical Infectious Diseases", "Clin Infect Dis"),
    ("The Journal of Infectious Diseases", "J Infect Dis"),
    ("Haematologica", "Haematologica"),
    ("Leukemia", "Leukemia"),
    ("American Journal of Hematology", "Am J Hematol"),
    ("Thrombosis and Haemostasis", "Thromb Haemost"),
    ("Journal of Thrombosis and Haemostasis", "J Thromb Haemost"),
    ("Annals of the Rheumatic Diseases", "Ann Rheum Dis"),
    ("Gastroenterology", "Gastroenterology"),
    ("Gut", "Gut"),
    ("Hepatology", "Hepatology"),
    ("Pediatrics", "Pediatrics"),
    ("Obstetrics and Gynecology", "Obstet Gynecol"),
    ("Neurology", "Neurology"),
    ("Stroke", "Stroke"),
    ("The Lancet Psychiatry", "Lancet Psychiatry"),
    ("PLOS ONE", "PLoS One"),
    ("Scientific Reports", "Sci Rep"),
    ("BMJ Open", "BMJ Open"),
    ("Journal of General Internal Medicine", "J Gen Intern Med"),
    (r"Deutsches {\"A}rzteblatt International", "Dtsch Arztebl Int"),
)
# Unicode forms of the journal names above that hold LaTeX.
JOURNALS_TEXT = {r"Deutsches {\"A}rzteblatt International": "Deutsches Ärzteblatt International"}


@dataclass(frozen=True)
class Person:
    """One author: the BibTeX form (may hold LaTeX) and the decoded Unicode parts."""

    bibtex: str
    family: str
    given: str


@dataclass(frozen=True)
class Article:
    """One synthetic journal article, as both BibTeX and CSL-JSON can express it."""

    key: str
    authors: tuple[Person, ...]
    and_others: bool
    title_bibtex: str
    title: str
    journal_bibtex: str
    journal: str
    shortjournal: str
    year: int
    volume: int
    number: int | None
    first_page: str
    last_page: str | None
    doi: str | None

    def to_bibtex(self) -> str:
        names = [person.bibtex for person in self.authors]
        if self.and_others:
            names.append("others")
        fields: list[tuple[str, str]] = [
            ("author", " and ".join(names)),
            ("title", self.title_bibtex),
            ("journal", self.journal_bibtex),
            ("shortjournal", self.shortjournal),
            ("year", str(self.year)),
            ("volume", str(self.volume)),
        ]
        if self.number is not None:
            fields.append(("number", str(self.number)))
        pages = (
            self.first_page if self.last_page is None else f"{self.first_page}--{self.last_page}"
        )
        fields.append(("pages", pages))
        if self.doi is not None:
            fields.append(("doi", self.doi))
        body = "".join(f"  {name:<12} = {{{value}}},\n" for name, value in fields)
        return f"@article{{{self.key},\n{body}}}\n"

    def to_csl_json(self) -> dict[str, Any]:
        # CSL-JSON has no way to say "and others" for a list that is not really longer;
        # the truncation marker is dropped, the listed names are kept.
        item: dict[str, Any] = {
            "id": self.key,
            "type": "article-journal",
            "author": [{"family": p.family, "given": p.given} for p in self.authors],
            "title": self.title,
            "container-title": self.journal,
            "container-title-short": self.shortjournal,
            "journalAbbreviation": self.shortjournal,
            "issued": {"date-parts": [[self.year]]},
            "volume": str(self.volume),
            "page": self.first_page
            if self.last_page is None
            else f"{self.first_page}-{self.last_page}",
        }
        if self.number is not None:
            item["issue"] = str(self.number)
        if self.doi is not None:
            item["DOI"] = self.doi
        return item


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()


def _given(rng: random.Random) -> str:
    first = rng.choice(GIVEN_NAMES)
    roll = rng.random()
    if roll < 0.55:
        return first
    if roll < 0.80:
        return f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}"
    if roll < 0.92:
        return first[0]
    return f"{first[0]}{rng.choice('ABCDEFGHJKLMNPRSTW')}"


def _person(rng: random.Random, *, accented: bool) -> Person:
    given = _given(rng)
    if accented:
        bibtex_family, family = rng.choice(ACCENTED_SURNAMES)
    else:
        bibtex_family = family = rng.choice(SURNAMES)
    return Person(bibtex=f"{bibtex_family}, {given}", family=family, given=given)


def _title(rng: random.Random) -> tuple[str, str]:
    """Return (BibTeX title, plain title); about 5% protect an acronym with braces."""
    template = rng.choice(TITLE_TEMPLATES)
    intervention, intervention2 = rng.sample(INTERVENTIONS, 2)
    acronym = rng.choice(ACRONYMS)
    values = {
        "outcome": rng.choice(OUTCOMES),
        "intervention": intervention,
        "intervention2": intervention2,
        "condition": rng.choice(CONDITIONS),
        "population": rng.choice(POPULATIONS),
        "design": rng.choice(DESIGNS),
    }
    values.update(
        {name.capitalize(): value[:1].upper() + value[1:] for name, value in list(values.items())}
    )
    plain = template.format(acronym=acronym, **values)
    if "{acronym}" in template and rng.random() < 0.25:
        bibtex = template.format(acronym="{" + acronym + "}", **values)
    else:
        bibtex = plain
    return bibtex, plain


def generate_articles(count: int, seed: int) -> list[Article]:
    """Deterministic synthetic journal articles (same seed and count, same articles)."""
    rng = random.Random(seed)
    articles: list[Article] = []
    used_keys: set[str] = set()
    for index in range(count):
        n_authors = min(12, max(1, int(rng.triangular(1, 13, 4))))
        accented_slots: set[int] = set()
        if rng.random() < 0.10:
            accented_slots = set(rng.sample(range(n_authors), min(n_authors, rng.randint(1, 3))))
        authors = tuple(_person(rng, accented=i in accented_slots) for i in range(n_authors))
        and_others = rng.random() < 0.05
        title_bibtex, title = _title(rng)
        journal_bibtex, shortjournal = rng.choice(JOURNALS)
        journal = JOURNALS_TEXT.get(journal_bibtex, journal_bibtex)
        year = rng.randint(1990, 2025)
        volume = rng.randint(1, 400)
        number = rng.randint(1, 24) if rng.random() < 0.85 else None
        if rng.random() < 0.15:
            first_page, last_page = f"e{rng.randint(100_000, 999_999)}", None
        else:
            start = rng.randint(1, 3_000)
            first_page, last_page = str(start), str(start + int(rng.triangular(0, 25, 6)))
            if last_page == first_page:
                last_page = None
        doi = None
        if rng.random() < 0.90:
            doi = f"10.5555/{_ascii(shortjournal)[:12]}.{year}.{index:06d}"
        base = f"{_ascii(authors[0].family)}{year}{_ascii(title.split()[0])}"
        key = base
        suffix = 0
        while key in used_keys:
            suffix += 1
            key = f"{base}{suffix}"
        used_keys.add(key)
        articles.append(
            Article(
                key=key,
                authors=authors,
                and_others=and_others,
                title_bibtex=title_bibtex,
                title=title,
                journal_bibtex=journal_bibtex,
                journal=journal,
                shortjournal=shortjournal,
                year=year,
                volume=volume,
                number=number,
                first_page=first_page,
                last_page=last_page,
                doi=doi,
            )
        )
    return articles


def write_inputs(articles: Sequence[Article], directory: Path) -> tuple[Path, Path]:
    """Write refs.bib and refs.json (CSL-JSON converted from the same records)."""
    bib_path = directory / "refs.bib"
    json_path = directory / "refs.json"
    header = f"% mi-refs benchmarks/render.py: {len(articles)} synthetic journal articles\n\n"
    bib_path.write_text(
        header + "\n".join(article.to_bibtex() for article in articles), encoding="utf-8"
    )
    json_path.write_text(
        json.dumps([article.to_csl_json() for article in articles], ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return bib_path, json_path


# ---------------------------------------------------------------------------------------
# Workers: each runs in its own subprocess and prints one JSON line on stdout.
# Phase times are seconds measured with time.perf_counter(); imports are timed apart.
# ---------------------------------------------------------------------------------------

Result = dict[str, Any]


class MissingToolError(Exception):
    """The tool is not installed (or, for mi-refs, not usable yet)."""


def _peak_rss_mib() -> float:
    # VmHWM belongs to this program's own address space; getrusage's ru_maxrss would also
    # count the forked harness process before exec.
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _write_lines(out: str | None, lines: Sequence[str]) -> None:
    if out:
        Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


def worker_mi_refs(bib: str, _json: str, out: str | None) -> Result:
    t0 = time.perf_counter()
    try:
        import mi_refs
    except ImportError as exc:
        raise MissingToolError(f"cannot import mi_refs: {exc}") from exc
    t1 = time.perf_counter()
    if not callable(getattr(mi_refs, "load", None)) or not callable(
        getattr(mi_refs, "render", None)
    ):
        raise MissingToolError("mi_refs has no load()/render() yet")
    try:
        bibliography = mi_refs.load(bib)
        t2 = time.perf_counter()
        text = mi_refs.render(bibliography, style="ama", format="text")
        t3 = time.perf_counter()
    except NotImplementedError as exc:
        raise MissingToolError(f"mi_refs is not implemented yet: {exc}") from exc
    lines = [line for line in text.splitlines() if line.strip()]
    _write_lines(out, lines)
    version = getattr(mi_refs, "__version__", None)
    return {
        "version": version,
        "module": getattr(mi_refs, "__file__", None),
        "entries": len(lines),
        "first": lines[0] if lines else "",
        "phases": {"import": t1 - t0, "load": t2 - t1, "render": t3 - t2, "total": t3 - t1},
    }


def worker_pybtex(bib: str, _json: str, out: str | None) -> Result:
    t0 = time.perf_counter()
    try:
        from pybtex.database import parse_file
        from pybtex.plugin import find_plugin
    except ImportError as exc:
        raise MissingToolError(str(exc)) from exc
    style = find_plugin("pybtex.style.formatting", "unsrt")()
    # Same output as entry.text.render_as("text"), which looks the backend plugin up again
    # (an importlib.metadata entry-point scan, ~3 ms) on every call.
    backend = find_plugin("pybtex.backends", "text")()
    t1 = time.perf_counter()
    data = parse_file(bib, bib_format="bibtex")
    t2 = time.perf_counter()
    formatted = style.format_bibliography(data)
    t3 = time.perf_counter()
    lines = [f"[{entry.label}] {entry.text.render(backend)}" for entry in formatted]
    t4 = time.perf_counter()
    _write_lines(out, lines)
    return {
        "entries": len(lines),
        "first": lines[0] if lines else "",
        "phases": {
            "import": t1 - t0,
            "parse": t2 - t1,
            "format": t3 - t2,
            "render_text": t4 - t3,
            "total": t4 - t1,
        },
    }


def worker_citeproc_py(_bib: str, json_path: str, out: str | None) -> Result:
    t0 = time.perf_counter()
    try:
        from citeproc import (
            Citation,
            CitationItem,
            CitationStylesBibliography,
            CitationStylesStyle,
            formatter,
        )
        from citeproc.source.json import CiteProcJSON
    except ImportError as exc:
        raise MissingToolError(str(exc)) from exc
    t1 = time.perf_counter()
    with Path(json_path).open(encoding="utf-8") as handle:
        items = json.load(handle)
    source = CiteProcJSON(items)
    # citeproc-py takes its locale from its own package data (en-US), not a file.
    style = CitationStylesStyle(str(AMA_CSL), validate=False)
    t2 = time.perf_counter()
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    bibliography.sort()
    # The AMA style prints the citation number itself ("1."), second-field-align="flush".
    lines = [str(entry) for entry in bibliography.bibliography()]
    t3 = time.perf_counter()
    _write_lines(out, lines)
    return {
        "entries": len(lines),
        "first": lines[0] if lines else "",
        "phases": {"import": t1 - t0, "load": t2 - t1, "bibliography": t3 - t2, "render": t3 - t1},
    }


def _bibtexparser_parse(bib: str, *, decode_latex: bool) -> Result:
    t0 = time.perf_counter()
    try:
        import bibtexparser
        from bibtexparser.middlewares import LatexDecodingMiddleware
    except ImportError as exc:
        raise MissingToolError(str(exc)) from exc
    if not hasattr(bibtexparser, "parse_file"):
        raise MissingToolError(f"bibtexparser {bibtexparser.__version__} is not v2")
    t1 = time.perf_counter()
    middleware = [LatexDecodingMiddleware()] if decode_latex else None
    library = bibtexparser.parse_file(bib, append_middleware=middleware)
    t2 = time.perf_counter()
    entries = library.entries
    first = ""
    if entries:
        first = f"{entries[0].key}: {entries[0].fields_dict['author'].value}"
    return {
        "entries": len(entries),
        "failed_blocks": len(library.failed_blocks),
        "first": first,
        "phases": {"import": t1 - t0, "parse": t2 - t1},
    }


def worker_bibtexparser(bib: str, _json: str, _out: str | None) -> Result:
    return _bibtexparser_parse(bib, decode_latex=False)


def worker_bibtexparser_latex(bib: str, _json: str, _out: str | None) -> Result:
    return _bibtexparser_parse(bib, decode_latex=True)


WORKERS: dict[str, Callable[[str, str, str | None], Result]] = {
    "mi-refs": worker_mi_refs,
    "pybtex": worker_pybtex,
    "citeproc-py": worker_citeproc_py,
    "bibtexparser": worker_bibtexparser,
    "bibtexparser-latex": worker_bibtexparser_latex,
}


def run_worker(name: str, bib: str, json_path: str, out: str | None) -> int:
    try:
        result = WORKERS[name](bib, json_path, out)
        result["status"] = "ok"
    except MissingToolError as exc:
        result = {"status": "missing", "reason": str(exc)}
    result["peak_rss_mib"] = _peak_rss_mib()
    print(json.dumps(result, ensure_ascii=False))
    return 0


# ---------------------------------------------------------------------------------------
# Harness
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the results table: a phase of a tool's best run."""

    phase: str
    description: str
    headline: bool = False


@dataclass(frozen=True)
class Tool:
    """A competitor: how to run it and which phases go in the table."""

    name: str
    label: str
    best_by: str
    rows: tuple[Row, ...]
    node: bool = False


TOOLS: tuple[Tool, ...] = (
    Tool(
        "mi-refs",
        "mi-refs (AMA)",
        "total",
        (
            Row("load", "`load()`: parse BibTeX, decode LaTeX"),
            Row("render", '`render(style="ama", format="text")`'),
            Row("total", "load + render", headline=True),
            Row("wall", "whole subprocess (Python start, import, load, render)"),
        ),
    ),
    Tool(
        "pybtex",
        "pybtex `unsrt`",
        "total",
        (
            Row("parse", "`parse_file`"),
            Row("format", "`format_bibliography` (template engine)"),
            Row("render_text", "plain-text backend (`render_as('text')`, backend looked up once)"),
            Row("total", "parse + format + render", headline=True),
        ),
    ),
    Tool(
        "citeproc-py",
        "citeproc-py (CSL AMA)",
        "render",
        (Row("render", "CSL-JSON → text (JSON read, style load, bibliography)", headline=True),),
    ),
    Tool(
        "citeproc-js",
        "citeproc-js (CSL AMA)",
        "render",
        (
            Row(
                "render",
                "CSL-JSON → text, inside node (JSON parse, engine, updateItems, makeBibliography)",
                headline=True,
            ),
            Row("wall", "whole node subprocess (start, require, render)"),
        ),
        node=True,
    ),
    Tool(
        "bibtexparser",
        "bibtexparser v2",
        "parse",
        (Row("parse", "`parse_file` (no rendering)", headline=True),),
    ),
    Tool(
        "bibtexparser-latex",
        "bibtexparser v2 + LaTeX decoding",
        "parse",
        (Row("parse", "`parse_file` + `LatexDecodingMiddleware` (no rendering)", headline=True),),
    ),
)
TOOL_NAMES = tuple(tool.name for tool in TOOLS)


@dataclass
class Outcome:
    """What the harness learnt about one tool: its best run, or why there is none."""

    tool: Tool
    status: str = "ok"  # ok | missing | error | timeout
    reason: str = ""
    runs: list[Result] = field(default_factory=list)

    @property
    def best(self) -> Result | None:
        if not self.runs:
            return None
        return min(self.runs, key=lambda run: float(run["phases"][self.tool.best_by]))


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    if (SRC / "mi_refs").is_dir():
        # Benchmark the working tree even if mi-refs is not installed (or installed elsewhere).
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def _command(tool: Tool, bib: Path, json_path: Path, out: Path | None) -> list[str] | str:
    """The subprocess's argv, or a string saying why the tool cannot run."""
    if tool.node:
        node = shutil.which("node")
        if node is None:
            return "node not found"
        if not (CITEPROC_JS_DIR / "node_modules" / "citeproc").is_dir():
            return "run `npm ci` in benchmarks/citeproc_js"
        if not AMA_CSL.is_file() or not LOCALE_EN_US.is_file():
            return f"missing CSL files in {CSL_DIR}"
        argv = [
            node,
            str(CITEPROC_JS_DIR / "render.mjs"),
            str(json_path),
            str(AMA_CSL),
            str(LOCALE_EN_US),
        ]
    else:
        if tool.name == "citeproc-py" and not AMA_CSL.is_file():
            return f"missing {AMA_CSL}"
        argv = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            tool.name,
            str(bib),
            str(json_path),
        ]
    if out is not None:
        argv.append(str(out))
    return argv


def run_tool(
    tool: Tool, bib: Path, json_path: Path, *, repeat: int, timeout: float, workdir: Path
) -> Outcome:
    outcome = Outcome(tool)
    out = workdir / f"{tool.name}.txt"
    argv = _command(tool, bib, json_path, out)
    if isinstance(argv, str):
        outcome.status, outcome.reason = "missing", argv
        print(f"  {tool.name}: {argv}", file=sys.stderr)
        return outcome
    for attempt in range(1, repeat + 1):
        start = time.perf_counter()
        try:
            proc = subprocess.run(
                argv,
                capture_output=True,
                text=True,
                timeout=timeout,
                env=_worker_env(),
                cwd=REPO,
                check=False,
            )
        except subprocess.TimeoutExpired:
            outcome.status, outcome.reason = "timeout", f"timed out after {timeout:g} s"
            break
        wall = time.perf_counter() - start
        lines = proc.stdout.strip().splitlines()
        try:
            result: Result = json.loads(lines[-1]) if proc.returncode == 0 and lines else {}
        except json.JSONDecodeError:
            result = {}
        if result.get("status") == "missing":
            outcome.status, outcome.reason = "missing", str(result.get("reason", "?"))
            break
        if result.get("status") != "ok":
            tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
            outcome.status, outcome.reason = "error", f"exit {proc.returncode}: {tail}"
            print(proc.stderr, file=sys.stderr)
            break
        result["phases"]["wall"] = wall
        outcome.runs.append(result)
        headline = result["phases"][tool.best_by]
        print(
            f"  {tool.name}: run {attempt}/{repeat}: {headline:.3f} s (wall {wall:.3f} s)",
            file=sys.stderr,
        )
    if outcome.status != "ok":
        print(f"  {tool.name}: {outcome.status}: {outcome.reason}", file=sys.stderr)
    return outcome


def machine_info() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    node = shutil.which("node")
    node_version = "not installed"
    if node is not None:
        node_version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    citeproc_js = "not installed"
    package_json = CITEPROC_JS_DIR / "node_modules" / "citeproc" / "package.json"
    if package_json.is_file():
        citeproc_js = json.loads(package_json.read_text(encoding="utf-8"))["version"]
    mi_refs = package_version("mi-refs")
    if mi_refs == "not installed" and (SRC / "mi_refs").is_dir():
        mi_refs = "working tree (src/)"
    mi_refs += git_state()
    return [
        ("CPU", f"{cpu}; nproc {usable} (os.cpu_count {os.cpu_count()})"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("mi-refs", mi_refs),
        ("pybtex", package_version("pybtex")),
        ("citeproc-py", package_version("citeproc-py")),
        ("lxml", package_version("lxml")),
        ("bibtexparser", package_version("bibtexparser")),
        ("pylatexenc", package_version("pylatexenc")),
        ("node", node_version),
        ("citeproc-js (npm citeproc)", citeproc_js),
    ]


def _cell_status(outcome: Outcome) -> str:
    """E.g. "not installed (No module named 'citeproc')"."""
    return {"missing": "not installed", "timeout": "timed out"}.get(
        outcome.status, outcome.status
    ) + (f" ({outcome.reason})" if outcome.reason else "")


def results_table(outcomes: Sequence[Outcome]) -> str:
    reference: float | None = None
    for outcome in outcomes:
        best = outcome.best
        if outcome.tool.name == "mi-refs" and best is not None:
            reference = float(best["phases"]["total"])
    lines = [
        "| tool | what is timed | seconds | ratio to mi-refs | peak RSS (MiB) |",
        "|---|---|---:|---:|---:|",
    ]
    for outcome in outcomes:
        best = outcome.best
        if best is None:
            status = _cell_status(outcome).replace("|", "\\|")
            if outcome.tool.name == "mi-refs" and outcome.status == "missing":
                status = f"pending: {outcome.reason}"
            lines.append(f"| {outcome.tool.label} | {status} | — | — | — |")
            continue
        for row in outcome.tool.rows:
            seconds = float(best["phases"][row.phase])
            ratio = f"{seconds / reference:.2f}" if reference else "—"
            value = f"{seconds:.3f}"
            label = outcome.tool.label
            if row.headline:
                label, value, ratio = f"**{label}**", f"**{value}**", f"**{ratio}**"
            rss = f"{float(best['peak_rss_mib']):.0f}" if row.headline else ""
            lines.append(f"| {label} | {row.description} | {value} | {ratio} | {rss} |")
    return "\n".join(lines)


def agreement(workdir: Path, outcomes: Sequence[Outcome]) -> list[str]:
    """How many mi-refs lines are identical to citeproc-js's (same style, same data)."""
    ran = {outcome.tool.name for outcome in outcomes if outcome.best is not None}
    if not {"mi-refs", "citeproc-js"} <= ran:
        return []
    ours = (workdir / "mi-refs.txt").read_text(encoding="utf-8").splitlines()
    theirs = (workdir / "citeproc-js.txt").read_text(encoding="utf-8").splitlines()
    same = sum(a == b for a, b in zip(ours, theirs, strict=False))
    lines = [
        f"mi-refs and citeproc-js print the same text for {same:,} of {len(theirs):,} references "
        "(a sanity check that both do the same work). Expected differences: `and others` "
        "(mi-refs prints et al; CSL-JSON cannot say it) and run-together initials such as "
        "`Smith, LJ` (mi-refs prints LJ; CSL takes one given name and prints L).",
        "",
    ]
    first = next(((a, b) for a, b in zip(ours, theirs, strict=False) if a != b), None)
    if first is not None:
        lines += ["First difference:", "", "```text", f"mi-refs:     {first[0]}"]
        lines += [f"citeproc-js: {first[1]}", "```", ""]
    return lines


def report(
    outcomes: Sequence[Outcome],
    *,
    machine: Sequence[tuple[str, str]],
    entries: int,
    repeat: int,
    seed: int,
    bib: Path,
    workdir: Path,
) -> str:
    parts = [
        f"# mi-refs render benchmark: {entries:,} journal articles",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in machine],
        "",
        "## Results",
        "",
        f"Synthetic data: {entries:,} `@article` entries, seed {seed}, "
        f"{bib.stat().st_size / 1e6:.1f} MB of BibTeX. Best of {repeat} runs, each tool in a "
        "fresh subprocess; seconds are measured inside the tool's process and exclude "
        "interpreter start-up and imports (except the *whole subprocess* rows). The ratio is "
        "seconds divided by mi-refs load + render. The CSL processors read CSL-JSON that the "
        "harness converted from the same records before timing (the conversion is **not** "
        "included in their times); mi-refs and pybtex start from the BibTeX file.",
        "",
        results_table(outcomes),
        "",
    ]
    counts = []
    for outcome in outcomes:
        best = outcome.best
        if best is None:
            continue
        note = f"- {outcome.tool.label}: {best['entries']:,} entries out"
        if best.get("failed_blocks"):
            note += f", {best['failed_blocks']} failed blocks"
        if best["entries"] != entries:
            note += f" (**expected {entries:,}**)"
        if best.get("module"):
            note += f"; module {best['module']}"
        counts.append(note)
    if counts:
        parts += ["Entries produced:", "", *counts, ""]
    samples = [
        f"{outcome.tool.label}:\n  {outcome.best['first']}"
        for outcome in outcomes
        if outcome.best is not None and not outcome.tool.name.startswith("bibtexparser")
    ]
    if samples:
        parts += ["## First reference as rendered", "", "```text", *samples, "```", ""]
    parts += agreement(workdir, outcomes)
    return "\n".join(parts)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--entries", type=int, default=DEFAULT_ENTRIES, help="number of articles (default 10,000)"
    )
    size.add_argument("--quick", action="store_true", help=f"use {QUICK_ENTRIES:,} articles")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per tool, best is reported (default 3)"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="random seed for the synthetic data"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=TOOL_NAMES,
        metavar="TOOL",
        help=f"run only these: {', '.join(TOOL_NAMES)}",
    )
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds allowed per run (default 900)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep refs.bib, refs.json and each renderer's output (TOOL.txt) here",
    )
    parser.add_argument("--worker", choices=tuple(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("worker_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.entries = QUICK_ENTRIES
    if args.entries < 1 or args.repeat < 1:
        parser.error("--entries and --repeat must be positive")
    if args.worker_args and not args.worker:
        parser.error("unexpected positional arguments")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        bib, json_path, *rest = args.worker_args
        return run_worker(args.worker, bib, json_path, rest[0] if rest else None)

    selected = [tool for tool in TOOLS if args.only is None or tool.name in args.only]
    with tempfile.TemporaryDirectory(prefix="mi-refs-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        print(
            f"Generating {args.entries:,} articles (seed {args.seed}) in {workdir} ...",
            file=sys.stderr,
        )
        bib, json_path = write_inputs(generate_articles(args.entries, args.seed), workdir)
        machine = machine_info()  # before the runs: the git state of the code measured
        outcomes = []
        for tool in selected:
            print(f"Timing {tool.name} ...", file=sys.stderr)
            outcomes.append(
                run_tool(
                    tool,
                    bib,
                    json_path,
                    repeat=args.repeat,
                    timeout=args.timeout,
                    workdir=workdir,
                )
            )
        print(
            report(
                outcomes,
                machine=machine,
                entries=args.entries,
                repeat=args.repeat,
                seed=args.seed,
                bib=bib,
                workdir=workdir,
            )
        )
    return 1 if any(outcome.status in {"error", "timeout"} for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
