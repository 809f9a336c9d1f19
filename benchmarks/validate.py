#!/usr/bin/env python3
"""Benchmark: validate a 1,000-entry BibTeX list against PubMed and Crossref, mi-refs vs
bibaudit, against a local fake of both services that answers slowly and enforces NCBI's
rate limit.

One run writes N synthetic articles (default 1,000; the harness's generator, ``plain``:
each with a DOI and a PMID ``90000000 + i``) and the registry records describing them
(esummary v2.0 documents, Crossref work messages, MEDLINE text); about 2% of the entries
carry a wrong journal or year. It starts ``tests/fakeregistry.py`` in this process with
``--latency`` added to every response and NCBI's ``--ncbi-rate`` enforced (429 with
``Retry-After: 1``), plus the routes bibaudit needs (efetch MEDLINE, a stand-in for the
Retraction Watch export, DataCite's 404). Then each tool runs in a subprocess, cold (empty
cache), warm (same cache and file) and edited (one DOI changed), as a sequence repeated
``--repeat`` times for mi-refs (``mi-refs check --format json``, pointed at the fake by
``MI_REFS_PUBMED_URL`` / ``MI_REFS_CROSSREF_URL``) and ``--bibaudit-repeat`` times for
bibaudit (run by this script with its base-URL constants patched to the fake and every other
host refused). It prints per tool and phase the wall time (median and range), requests per
service from the fake's log, 429s, retries, planted errors reported and other entries
flagged; the ratios, requests by endpoint, mi-refs's aims and the NCBI pace.

``--doi-only`` leaves the PMIDs out of the .bib, so PubMed is asked by DOI (esearch). Exit 0
whatever bibaudit does; 2 if the fake cannot be imported (``pip install -e '.[test]'``).

Usage::

    python benchmarks/validate.py [--entries N | --quick] [--latency S] [--ncbi-rate R]
                                  [--workdir DIR] [--skip-bibaudit] [--doi-only]
                                  [--repeat R] [--bibaudit-repeat R] [--bibaudit-arg ARG]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import shutil
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import harness as h

if TYPE_CHECKING:
    from tests.fakeregistry import FakeRegistry, LoggedRequest

DEFAULT_ENTRIES, QUICK_ENTRIES = 1_000, 100
DEFAULT_SEED = 20_261_124
PLANTED_SHARE = 0.02
MAILTO = "mi-refs-benchmark@example.org"
RW_PATH = "/labs/data/retractionwatch"  # Crossref Labs' Retraction Watch export
DATACITE_PATH = "/datacite/dois/"
UNSERVED_PATH = "/unserved"  # services neither tool should need here (search, books)
WORKER_FLAG = "--bibaudit-worker"
MONTHS = h.split_words("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
# mi-refs's batch sizes (registries.crossref.BATCH, registries.pubmed.DOI_BATCH), for the aims
CROSSREF_BATCH, PUBMED_DOI_BATCH = 40, 50

# ---------------------------------------------------------------------------------------
# Data: the .bib with its planted errors, and the registry records
# ---------------------------------------------------------------------------------------


def medline_pages(article: h.Article) -> str:
    """``1618-21``: MEDLINE drops the leading digits the last page shares."""
    first, last = article.first_page, article.last_page or article.first_page
    if len(first) != len(last):
        return f"{first}-{last}"
    same = next((i for i, (a, b) in enumerate(zip(first, last, strict=True)) if a != b), 0)
    return f"{first}-{last[same:]}"


def esummary(a: h.Article) -> dict[str, Any]:
    """The per-uid object of esummary v2.0 JSON (shape of tests/fixtures/registry)."""
    names = [author.medline for author in a.authors]
    return {
        "uid": a.pmid, "pubdate": f"{a.year} {MONTHS[(a.month or 1) - 1]}", "epubdate": "",
        "source": a.journal[1], "authors": [{"name": n, "authtype": "Author", "clusterid": ""}
                                            for n in names],
        "lastauthor": names[-1], "title": a.title + ".", "sorttitle": a.title.lower(),
        "volume": str(a.volume), "issue": str(a.number), "pages": medline_pages(a),
        "lang": ["eng"], "nlmuniqueid": "", "issn": "", "essn": "",
        "pubtype": ["Journal Article"], "recordstatus": "PubMed - indexed for MEDLINE",
        "pubstatus": "4", "articleids": [{"idtype": "pubmed", "idtypen": 1, "value": a.pmid},
                                         {"idtype": "doi", "idtypen": 3, "value": a.doi}],
        "history": [], "references": [], "attributes": ["Has Abstract"], "pmcrefcount": "",
        "fulljournalname": a.journal[2], "elocationid": f"doi: {a.doi}", "doctype": "citation",
        "sortpubdate": f"{a.year}/{a.month or 1:02d}/01 00:00", "sortfirstauthor": names[0],
    }  # fmt: skip


def crossref(a: h.Article, doi: str = "") -> dict[str, Any]:
    """The ``message`` of Crossref's ``/works/{doi}`` for this article."""
    doi, issued = doi or a.doi or "", {"date-parts": [[a.year, a.month]]}
    authors = [{"given": " ".join(p if len(p) > 1 else p + "." for p in person.given.split()),
                "family": person.family, "sequence": "additional", "affiliation": []}
               for person in a.authors]  # fmt: skip
    authors[0]["sequence"] = "first"
    return {
        "DOI": doi, "URL": f"https://doi.org/{doi}", "prefix": "10.5555", "source": "Crossref",
        "type": "journal-article", "publisher": "Fictional Test Publisher (mi-refs benchmark)",
        "title": [a.title], "author": authors, "container-title": [a.journal[0]],
        "short-container-title": [a.journal[1]], "volume": str(a.volume),
        "issue": str(a.number), "page": a.pages, "issued": issued, "published": issued,
        "published-print": issued, "member": "99999", "reference-count": 0,
        "is-referenced-by-count": 0,
    }  # fmt: skip


def medline(a: h.Article) -> str:
    """The MEDLINE text record (efetch ``rettype=medline``), ending with a newline."""
    date, pages = f"{a.year} {MONTHS[(a.month or 1) - 1]}", medline_pages(a)
    lines = [("PMID", a.pmid), ("OWN", "NLM"), ("STAT", "MEDLINE"), ("VI", str(a.volume)),
             ("IP", str(a.number)), ("DP", date), ("TI", a.title + "."), ("PG", pages),
             ("LID", f"{a.doi} [doi]")]  # fmt: skip
    for author in a.authors:
        lines += [("FAU", f"{author.family}, {author.given}"), ("AU", author.medline)]
    lines += [("LA", "eng"), ("PT", "Journal Article"), ("TA", a.journal[1]),
              ("JT", a.journal[2]), ("AID", f"{a.doi} [doi]"), ("PST", "ppublish"),
              ("SO", f"{a.journal[1]}. {a.year};{a.volume}({a.number}):{pages}.")]  # fmt: skip
    return "".join(f"{tag:<4}- {value}\n" for tag, value in lines)


@dataclass(frozen=True)
class Planted:
    """A wrong value written into the .bib on purpose."""

    field: str  # "journal" or "year"
    stored: str
    registry: str


@dataclass
class Dataset:
    articles: list[h.Article]
    planted: dict[str, Planted]
    edited: h.Article  # the entry whose DOI the "edited" phase changes
    edited_doi: str
    with_pmids: bool = True  # False: the .bib gives DOIs only (--doi-only)

    def bibtex(self, *, edited: bool = False) -> str:
        journals = {journal[0]: journal for journal in h.JOURNALS}
        header = f"% mi-refs benchmarks/validate.py: {len(self.articles)} synthetic articles\n\n"
        entries = []
        for article in self.articles:
            wrong = self.planted.get(article.key)
            journal = journals[wrong.stored] if wrong and wrong.field == "journal" else None
            year = int(wrong.stored) if wrong and wrong.field == "year" else None
            doi = self.edited_doi if edited and article is self.edited else None
            entries.append(article.to_bibtex(journal=journal, year=year, doi=doi,
                                             pmid=self.with_pmids))  # fmt: skip
        return header + "\n".join(entries)


def generate(count: int, seed: int) -> Dataset:
    """``count`` articles, deterministic for a seed; ~2% of entries planted wrong."""
    articles = h.generate_articles(count, seed, plain=True)
    rng = random.Random(seed + 2)
    planted: dict[str, Planted] = {}
    for n, index in enumerate(rng.sample(range(count), max(2, round(count * PLANTED_SHARE)))):
        article = articles[index]
        if n % 2 == 0:
            journals = [j for j in h.JOURNALS if j != article.journal and "\\" not in j[0]]
            planted[article.key] = Planted("journal", rng.choice(journals)[0], article.journal[0])
        else:
            shift = rng.choice((-3, -2, 2, 3))  # never the print or online year
            planted[article.key] = Planted("year", str(article.year + shift), str(article.year))
    edited = next(a for a in articles[count // 2 :] + articles if a.key not in planted)
    return Dataset(articles, planted, edited, f"{edited.doi}.v2")


def retraction_watch_csv() -> str:
    """A stand-in for Crossref Labs' Retraction Watch export (the real one is ~66 MB and
    71,000 rows): its header and three rows about DOIs outside the benchmark's list."""
    columns = h.split_words(
        "Record ID,Title,Subject,Institution,Journal,Publisher,Country,Author,URLS,"
        "ArticleType,RetractionDate,RetractionDOI,RetractionPubMedID,OriginalPaperDate,"
        "OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,Reason,Paywalled,Notes", ","
    )  # fmt: skip
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for n in range(1, 4):
        writer.writerow({
            "Record ID": str(900000 + n), "Title": f"A retracted fictional study {n}",
            "Journal": "Blood", "Publisher": "Fictional Test Publisher",
            "ArticleType": "Research Article;", "RetractionDate": f"3/{n}/2022 0:00",
            "RetractionDOI": f"10.5555/mirefs.rw.notice.{n}",
            "OriginalPaperDate": f"1/{n}/2020 0:00",
            "OriginalPaperDOI": f"10.5555/mirefs.rw.{n}", "RetractionNature": "Retraction",
            "Reason": "+Concerns/Issues About Data;", "Paywalled": "No",
        })  # fmt: skip
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# The fake registry, with what bibaudit also needs; the bibaudit worker
# ---------------------------------------------------------------------------------------


def start_registry(fake: ModuleType, dataset: Dataset, *, latency: float,
                   ncbi_rate: float | None) -> FakeRegistry:  # fmt: skip
    """The fake with the dataset's records plus efetch MEDLINE text, the Retraction Watch
    export and DataCite's 404, which bibaudit asks for; started."""
    medline_text = {a.pmid: medline(a) for a in dataset.articles}
    rw_csv = retraction_watch_csv()

    class BenchRegistry(fake.FakeRegistry):  # type: ignore[misc,name-defined]
        def _respond(self, entry: LoggedRequest) -> Any:
            path = entry.path
            if path.endswith("/efetch.fcgi") and entry.params.get("rettype") == "medline":
                ids = [uid.strip() for uid in entry.params.get("id", "").split(",")]
                text = "\n".join(medline_text[uid] for uid in ids if uid in medline_text)
                return fake._text_reply("\n" + text if text else "", 200, fake.TEXT_TYPE)
            if path.startswith(RW_PATH):
                return fake._text_reply(rw_csv, 200, "text/csv; charset=UTF-8")
            if path.startswith(DATACITE_PATH):
                title = "The resource you are looking for doesn't exist."
                return fake._json_reply({"errors": [{"status": "404", "title": title}]}, 404)
            return super()._respond(entry)

    works = {a.doi: crossref(a) for a in dataset.articles}
    works[dataset.edited_doi] = crossref(dataset.edited, dataset.edited_doi)
    summaries = {a.pmid: esummary(a) for a in dataset.articles}
    registry = BenchRegistry(pubmed=summaries, crossref=works, latency=latency,
                             ncbi_rate_limit=ncbi_rate)  # fmt: skip
    return registry.start()


def bibaudit_worker(base: str, argv: Sequence[str]) -> int:
    """Point bibaudit's module-level base URLs at the fake, refuse any other host, and run
    ``bibaudit`` with ``argv``. Exit 3 if a constant it patches has moved."""
    import urllib.error
    import urllib.request

    from bibaudit import cli
    from bibaudit.registries import crossref, datacite, openlibrary, pubmed, retractions, search

    unserved = f"{base}{UNSERVED_PATH}"
    patches: list[tuple[ModuleType, str, str]] = [
        (crossref, "_API_ROOT", f"{base}/crossref"), (pubmed, "_EUTILS", f"{base}/eutils"),
        (pubmed, "_ESEARCH_URL", f"{base}/eutils/esearch.fcgi"),
        (pubmed, "_ESUMMARY_URL", f"{base}/eutils/esummary.fcgi"),
        (pubmed, "_EFETCH_URL", f"{base}/eutils/efetch.fcgi"),
        (datacite, "_DOIS_URL", f"{base}{DATACITE_PATH}"),
        (retractions, "_RW_CSV_URL", f"{base}{RW_PATH}"),
        (search, "_EUROPEPMC_URL", f"{unserved}/europepmc/search"),
        (search, "_OPENALEX_URL", f"{unserved}/openalex/works"),
        (openlibrary, "_API_ROOT", f"{unserved}/openlibrary"),
        (openlibrary, "_BOOKS_URL", f"{unserved}/openlibrary/api/books"),
        (openlibrary, "_SEARCH_URL", f"{unserved}/openlibrary/search.json"),
    ]  # fmt: skip
    for module, name, value in patches:
        if not hasattr(module, name):
            print(f"validate.py: bibaudit has no {module.__name__}.{name}", file=sys.stderr)
            return 3
        setattr(module, name, value)
    fake_host, urlopen = urlsplit(base).netloc, urllib.request.urlopen

    def guarded(request: Any, *args: Any, **kwargs: Any) -> Any:
        url = request if isinstance(request, str) else request.full_url
        if urlsplit(url).netloc != fake_host:
            print(f"validate.py: blocked a request to {url}", file=sys.stderr)
            raise urllib.error.URLError("blocked by the benchmark: not the fake registry")
        return urlopen(request, *args, **kwargs)

    urllib.request.urlopen = guarded  # type: ignore[assignment]
    return int(cli.main(list(argv)))


# ---------------------------------------------------------------------------------------
# Phases
# ---------------------------------------------------------------------------------------

PHASES = ("cold", "warm", "edited")
COUNTS = ("eutils", "crossref", "other", "rate_limited", "retries")


@dataclass
class Phase:
    tool: str
    name: str  # cold, warm, edited
    run: int = 1
    wall: float | None = None
    error: str = ""
    eutils: int = 0
    crossref: int = 0
    other: int = 0
    rate_limited: int = 0
    retries: int = 0
    planted_found: int | None = None
    other_flagged: list[str] = field(default_factory=list)
    edited_flagged: bool | None = None  # edited phase: whether the edited entry is flagged
    requests: list[LoggedRequest] = field(default_factory=list)
    stderr: str = ""

    @property
    def total(self) -> int:
        return self.eutils + self.crossref + self.other

    @property
    def ok(self) -> bool:
        return self.wall is not None and not self.error


def run_phase(registry: FakeRegistry, phase: Phase, command: Sequence[str], *,
              env: dict[str, str], cwd: Path, timeout: float) -> None:  # fmt: skip
    """Run one tool once; count what the fake saw while it ran."""
    if log := registry.requests:  # wait until NCBI's window forgets the previous phase
        time.sleep(max(0.0, registry.ncbi_window + 0.2 - (time.monotonic() - log[-1].time)))
    registry.clear_requests()
    print(f"  {phase.tool} {phase.name} ...", file=sys.stderr, flush=True)
    done = h.run_process(command, timeout=timeout, cwd=cwd, env=env)
    phase.wall, phase.stderr = done.wall, done.stderr
    if done.timed_out:
        phase.error = f"timed out after {timeout:g} s"
    elif done.returncode not in {0, 1}:  # 1: the tool found errors, as it should
        tail = " ".join(done.stderr.strip().splitlines()[-3:])[:300]
        phase.error = f"exit code {done.returncode}: {tail}"
    time.sleep(0.1)
    phase.requests = requests = registry.requests
    services = Counter(r.service for r in requests)
    phase.eutils, phase.crossref = services["pubmed"], services["crossref"]
    phase.other = services["other"]
    phase.rate_limited = sum(1 for r in requests if r.status == 429)
    same = Counter((r.method, r.path, r.raw_query, r.body) for r in requests)
    phase.retries = sum(count - 1 for count in same.values())
    print(f"    {phase.wall:.2f} s, {phase.total} requests, {phase.rate_limited} x 429"
          + (f"; {phase.error}" if phase.error else ""), file=sys.stderr, flush=True)  # fmt: skip


def mi_refs_findings(report: Path, planted: Mapping[str, Planted]) -> tuple[int, list[str]]:
    """(planted errors reported as a finding on their field, other entries with an error or
    warning) from mi-refs's JSON report."""
    found, flagged = 0, []
    for entry in json.loads(report.read_text(encoding="utf-8")).get("entries", []):
        key, wrong = entry.get("key"), planted.get(entry.get("key"))
        fields = {f.get("field") for f in entry.get("findings", []) if f.get("code") != "style"}
        if wrong is not None:
            found += wrong.field in fields
        elif entry.get("status") in {"error", "warning"}:
            flagged.append(str(key))
    return found, flagged


def bibaudit_findings(report: Path, planted: Mapping[str, Planted]) -> tuple[int, list[str]]:
    """The same from bibaudit's JSON report (journal is its ``container`` field)."""
    found, flagged = 0, []
    for result in json.loads(report.read_text(encoding="utf-8")).get("results", []):
        key, wrong = result.get("key"), planted.get(result.get("key"))
        fields = {issue.get("field") for issue in result.get("issues", [])}
        if wrong is not None:
            found += {"journal": "container", "year": "year"}[wrong.field] in fields
        elif result.get("fails"):
            flagged.append(str(key))
    return found, flagged


@dataclass
class Runs:
    """One tool's phase over its repeated runs: medians and ranges."""

    tool: str
    name: str
    runs: list[Phase]

    @property
    def done(self) -> list[Phase]:
        return [p for p in self.runs if p.ok]

    @property
    def wall(self) -> float | None:
        walls = [p.wall for p in self.done if p.wall is not None]
        return statistics.median(walls) if walls else None

    def wall_cell(self) -> str:
        walls = [p.wall for p in self.done if p.wall is not None]
        if not walls:
            return "–"
        spread = f" ({min(walls):.2f}–{max(walls):.2f})" if len(walls) > 1 else ""
        return f"{statistics.median(walls):.2f}{spread}"

    def most(self, attribute: str) -> int:
        return max((int(getattr(p, attribute)) for p in self.done), default=0)

    def count_cell(self, attribute: str) -> str:
        values = [int(getattr(p, attribute)) for p in self.done]
        low, high = (min(values), max(values)) if values else (None, None)
        return "–" if low is None else str(low) if low == high else f"{low}–{high}"

    def found_cell(self, planted: int) -> str:
        found = sorted({p.planted_found for p in self.done if p.planted_found is not None})
        return "–".join(map(str, found)) + f"/{planted}" if found else "–"

    def flagged_cell(self) -> str:
        counts = sorted({len(p.other_flagged) for p in self.done if p.planted_found is not None})
        return "–".join(map(str, counts)) if counts else "–"

    def errors(self) -> str:
        problems = Counter(p.error for p in self.runs if p.error)
        return "; ".join(f"{e} (x{n})" if n > 1 else e for e, n in problems.items())


@dataclass
class Checker:
    """A tool measured: how to run it, how to read its report, its phases."""

    name: str
    command: Callable[[Path, Path, Path], list[str]]  # (bib, cache dir, report) -> argv
    findings: Callable[[Path, Mapping[str, Planted]], tuple[int, list[str]]]
    repeats: int = 1
    phases: list[Phase] = field(default_factory=list)
    status: str = ""  # why it did not run

    def grouped(self) -> list[Runs]:
        return [Runs(self.name, name, [p for p in self.phases if p.name == name])
                for name in PHASES if any(p.name == name for p in self.phases)]  # fmt: skip

    def run(self, registry: FakeRegistry, dataset: Dataset, directory: Path, *,
            env: Mapping[str, str], timeout: float) -> None:  # fmt: skip
        """``repeats`` times, each in a fresh directory: cold (empty cache), warm (same
        cache, same file), edited (one DOI changed, same cache)."""
        for run in range(1, self.repeats + 1):
            here = directory / f"run{run}"
            shutil.rmtree(here, ignore_errors=True)
            (here / "home").mkdir(parents=True)
            bib, cache = here / "refs.bib", here / "cache"
            bib.write_text(dataset.bibtex(), encoding="utf-8")
            home = str(here / "home")
            run_env = {**env, "HOME": home, "XDG_CACHE_HOME": f"{home}/.cache"}
            for name in PHASES:
                if name == "edited":
                    bib.write_text(dataset.bibtex(edited=True), encoding="utf-8")
                phase, report = Phase(self.name, name, run), here / f"report-{name}.json"
                run_phase(registry, phase, self.command(bib, cache, report), env=run_env,
                          cwd=here, timeout=timeout)  # fmt: skip
                if phase.ok:
                    try:
                        phase.planted_found, flagged = self.findings(report, dataset.planted)
                    except (OSError, ValueError, KeyError, TypeError) as exc:
                        phase.error = f"no readable report ({type(exc).__name__}: {exc})"
                    else:
                        if name == "edited":
                            phase.edited_flagged = dataset.edited.key in flagged
                        phase.other_flagged = [k for k in flagged if k != dataset.edited.key]
                self.phases.append(phase)


def mi_refs_command(bib: Path, cache: Path, report: Path) -> list[str]:
    script = Path(sys.executable).with_name("mi-refs")
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "mi_refs"]
    return [*launcher, "check", str(bib), "--format", "json", "-o", str(report),
            "--cache-dir", str(cache)]  # fmt: skip


def bibaudit_command(base: str, extra: Sequence[str]) -> Callable[[Path, Path, Path], list[str]]:
    def command(bib: Path, cache: Path, report: Path) -> list[str]:
        return [sys.executable, str(Path(__file__).resolve()), WORKER_FLAG, base, "--",
                "check", str(bib), "--format", "json", "-o", str(report),
                "--cache-dir", str(cache), "--mailto", MAILTO, *extra]  # fmt: skip

    return command


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------


def results_table(tools: Sequence[Checker], planted: int) -> list[str]:
    header = ["tool", "phase", "runs", "wall s", "E-utilities requests", "Crossref requests",
              "other requests", "429s", "retries", "planted errors reported",
              "other entries flagged"]  # fmt: skip
    rows: list[list[Any]] = []
    for tool in tools:
        if tool.status:
            rows.append([tool.name, "–", "–", tool.status] + [""] * 7)
        for runs in tool.grouped():
            errors = runs.errors()
            wall = runs.wall_cell() + (f" ({errors})" if errors else "")
            counts = [runs.count_cell(name) for name in COUNTS]
            rows.append([tool.name, runs.name, len(runs.done), wall, *counts,
                         runs.found_cell(planted), runs.flagged_cell()])  # fmt: skip
    return h.markdown_table(header, rows, "llr" + "r" * 8)


def ratio_table(mine: Checker, other: Checker) -> list[str]:
    header = ["phase", "mi-refs s", "bibaudit s", "bibaudit / mi-refs (time)",
              "mi-refs requests", "bibaudit requests"]  # fmt: skip
    theirs = {runs.name: runs for runs in other.grouped()}
    rows = []
    for runs in mine.grouped():
        their = theirs.get(runs.name)
        if their is not None and runs.wall is not None and their.wall is not None:
            ratio = f"{their.wall / runs.wall:.1f}x" if runs.wall > 0 else "–"
            rows.append([runs.name, f"{runs.wall:.2f}", f"{their.wall:.2f}", ratio,
                         runs.count_cell("total"), their.count_cell("total")])  # fmt: skip
    return h.markdown_table(header, rows, "lrrrrr")


def aims(tool: Checker, dataset: Dataset) -> list[str]:
    """mi-refs's aims, met or not: times are medians, counts the worst run."""
    entries = len(dataset.articles)
    phases = {runs.name: runs for runs in tool.grouped()}
    cold, warm = phases.get("cold"), phases.get("warm")
    if cold is None or warm is None or cold.wall is None or warm.wall is None:
        return ["(mi-refs did not complete its cold and warm runs)"]
    ncbi_aim = math.ceil(entries / 200)
    ncbi_why = "ceil(N/200); no DOI look-ups: every entry has a PMID"
    if not dataset.with_pmids:  # + the DOI look-ups, PUBMED_DOI_BATCH DOIs OR-ed per esearch
        ncbi_aim += math.ceil(entries / PUBMED_DOI_BATCH)
        ncbi_why = f"ceil(N/200) + ceil(N/{PUBMED_DOI_BATCH}) DOI look-ups"
    crossref_aim = math.ceil(entries / CROSSREF_BATCH)
    retries, total = cold.most("retries"), cold.most("total")
    rows = [
        ("cold: E-utilities requests", f"≤ {ncbi_aim} ({ncbi_why})",
         cold.count_cell("eutils"), cold.most("eutils") <= ncbi_aim),
        ("cold: Crossref requests", f"≤ {crossref_aim} (N / batch of {CROSSREF_BATCH})",
         cold.count_cell("crossref"), cold.most("crossref") <= crossref_aim),
        ("cold: retries", "< 10% of requests", f"{retries} of {total}",
         retries < 0.1 * max(total, 1)),
        ("cold: wall time", "< 15 s", f"{cold.wall_cell()} s", cold.wall < 15),
        ("cold: 429s drawn by our own pace", "0", cold.count_cell("rate_limited"),
         cold.most("rate_limited") == 0),
        ("warm: requests", "0", warm.count_cell("total"), warm.most("total") == 0),
        ("warm: wall time", "< 1 s", f"{warm.wall_cell()} s", warm.wall < 1),
    ]  # fmt: skip
    table = [(a, t, m, "yes" if ok else "**no**") for a, t, m, ok in rows]
    edited = phases.get("edited")
    if edited is not None and edited.wall is not None:
        measured = (f"{edited.wall_cell()} s; {edited.count_cell('eutils')} E-utilities + "
                    f"{edited.count_cell('crossref')} Crossref")  # fmt: skip
        table.append(("edited: time and requests", "report", measured, "–"))
    return h.markdown_table(["aim", "target", "measured", "met"], table, "llrl")


def _params(request: LoggedRequest) -> str:
    """The request's parameters, long values summarised (``id=<200 ids>``)."""
    parts = []
    for name, value in request.params.items():
        shown = value
        if name == "id" and value.count(",") >= 3:
            shown = f"<{value.count(',') + 1} ids>"
        elif name == "term" and " OR " in value:
            shown = f"<{value.count(' OR ') + 1} OR-ed terms>"
        elif name == "filter" and value.count(",") >= 3:
            shown = f"<{value.count(',') + 1} doi: filters>"
        elif len(value) > 60:
            shown = value[:57] + "..."
        parts.append(f"{name}={shown}")
    return "&".join(parts)


def pace_lines(phase: Phase, ncbi_rate: float | None) -> list[str]:
    """The tightest NCBI window of the phase, and each 429 with the request that drew it."""
    lines: list[str] = []
    ncbi = [r for r in phase.requests if r.service == "pubmed"]
    if ncbi_rate and len(ncbi) > int(ncbi_rate):
        n = int(ncbi_rate)
        tightest = min(ncbi[k + n].time - ncbi[k].time for k in range(len(ncbi) - n))
        lines.append(f"- {phase.tool} {phase.name} (run {phase.run}): {len(ncbi)} E-utilities "
                     f"requests; the tightest {n + 1} consecutive ones arrived within "
                     f"{tightest:.3f} s (the limit refuses the {n + 1}th when that is under "
                     "1 s)")  # fmt: skip
    start = phase.requests[0].time if phase.requests else 0.0
    refused = [r for r in phase.requests if r.status == 429]
    lines += [f"  - 429 at +{r.time - start:.3f} s: {r.method} {r.path}?{_params(r)}"
              for r in refused[:12]]  # fmt: skip
    if len(refused) > 12:
        lines.append(f"  - ... and {len(refused) - 12} more")
    return lines


def endpoint_lines(tools: Sequence[Checker]) -> list[str]:
    """Requests per endpoint, per tool and phase (first run), with the 429s among them."""
    lines = []
    for tool in tools:
        for runs in tool.grouped():
            if not runs.runs or not runs.runs[0].requests:
                continue
            requests = runs.runs[0].requests
            sent = Counter(f"{r.method} {r.path}" for r in requests)
            refused = Counter(f"{r.method} {r.path}" for r in requests if r.status == 429)
            parts = [f"`{ep}` {n}" + (f" ({refused[ep]} refused)" if refused[ep] else "")
                     for ep, n in sent.most_common()]  # fmt: skip
            lines.append(f"- {tool.name} {runs.name}: " + ", ".join(parts))
    return lines


def notes(tools: Sequence[Checker]) -> list[str]:
    out = []
    for tool in tools:
        for runs in tool.grouped():
            label = f"- {tool.name} {runs.name}"
            edited = {p.edited_flagged for p in runs.done if p.edited_flagged is not None}
            if edited:
                said = " / ".join("flagged" if e else "did not flag" for e in sorted(edited))
                out.append(f"{label}: {said} the edited entry")
            flagged = sorted({key for p in runs.done for key in p.other_flagged})
            if flagged:
                more = f" and {len(flagged) - 5} more" if len(flagged) > 5 else ""
                out.append(f"{label} also flagged: {', '.join(flagged[:5])}{more}")
            blocked = [line for p in runs.runs for line in p.stderr.splitlines()
                       if "blocked a request" in line]  # fmt: skip
            if blocked:
                out.append(f"{label}: {len(blocked)} requests to other hosts refused, first: "
                           f"{blocked[0]}")  # fmt: skip
            other = Counter(r.path for p in runs.runs for r in p.requests if r.service == "other")
            if other:
                listed = ", ".join(f"{path} x{n}" for path, n in other.items())
                out.append(f"{label}: other requests (all runs): {listed}")
    return out


def report(args: argparse.Namespace, dataset: Dataset, tools: Sequence[Checker]) -> str:
    planted = dataset.planted
    kinds = Counter(p.field for p in planted.values())
    versions = {"bibaudit": h.package_version("bibaudit"),
                "requests (mi-refs's HTTP)": h.package_version("requests")}  # fmt: skip
    out = ["# Validation benchmark: mi-refs check vs bibaudit", ""]
    out += [f"- {name}: {value}" for name, value in h.machine_info(**versions)]
    ncbi = "unlimited" if not args.ncbi_rate else f"{args.ncbi_rate:g} requests/s per client"
    out += [
        "",
        f"{len(dataset.articles)} synthetic `@article` entries (seed {args.seed}), each with a "
        f"DOI {'and a PMID' if dataset.with_pmids else '(PMIDs left out: --doi-only)'}; "
        f"{len(planted)} planted errors ({kinds['journal']} wrong journal, "
        f"{kinds['year']} wrong year). Fake registry: {args.latency * 1000:g} ms latency on "
        f"every response, NCBI limit {ncbi} (429 with Retry-After: 1 above it). Edited phase: "
        f"`{dataset.edited.key}`'s DOI changed from {dataset.edited.doi} to "
        f"{dataset.edited_doi} (a DOI Crossref holds), warm cache. Each tool's sequence "
        "(cold, warm, edited) ran the number of times in the runs column, each with a fresh "
        "cache; wall s is the median (range) of the subprocess's wall time, Python start-up "
        "included; request columns give the range.",
        "",
    ]
    if args.bibaudit_arg:
        out += [f"bibaudit ran with: {' '.join(args.bibaudit_arg)}", ""]
    out += results_table(tools, len(planted))
    mine, theirs = tools[0], tools[1]
    if not theirs.status:
        out += ["", *ratio_table(mine, theirs)]
    out += ["", "mi-refs's aims:", "", *aims(mine, dataset)]
    sections = [("Requests by endpoint (first run):", endpoint_lines(tools)),
                ("NCBI pace and 429s:", [line for tool in tools for p in tool.phases
                                         for line in pace_lines(p, args.ncbi_rate)]),
                ("Notes:", notes(tools))]  # fmt: skip
    for title, lines in sections:
        out += ["", title, "", *lines] if lines else []
    kept = args.workdir or "removed (--workdir keeps it)"
    return "\n".join([*out, "", f"Work directory: {kept}"]) + "\n"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    add = parser.add_argument
    # fmt: off
    add("--entries", type=int, default=DEFAULT_ENTRIES, metavar="N",
        help=f"number of articles (default {DEFAULT_ENTRIES:,})")
    add("--quick", action="store_true",
        help=f"{QUICK_ENTRIES} articles, mi-refs's sequence once (a smoke run)")
    add("--latency", type=float, default=0.05, metavar="SECONDS",
        help="added to every response (default 0.05)")
    add("--ncbi-rate", type=float, default=3.0, metavar="R",
        help="NCBI requests/s per client before 429; 0 = unlimited (default 3)")
    add("--skip-bibaudit", action="store_true", help="run mi-refs only")
    add("--bibaudit-repeat", type=int, default=1, metavar="R",
        help="the same for bibaudit (default 1: a sequence takes about 3 minutes)")
    add("--bibaudit-arg", action="append", default=[], metavar="ARG",
        help="an extra argument for `bibaudit check` (repeatable), e.g. "
        "--bibaudit-arg=--no-retraction-check")
    add("--doi-only", action="store_true",
        help="leave the PMIDs out of the .bib: PubMed is then asked DOI by DOI (esearch)")
    h.add_common_options(parser, seed=DEFAULT_SEED, timeout=900, repeat=3,
                         repeat_help="runs of mi-refs's cold/warm/edited sequence, each with a "
                         "fresh cache; times are reported as the median and range (default 3)",
                         workdir_help="keep the .bib files, caches and reports in DIR")
    # fmt: on
    args = parser.parse_args(argv)
    if args.quick:
        args.entries, args.repeat = QUICK_ENTRIES, 1
    return args


def base_env(registry: FakeRegistry) -> dict[str, str]:
    env = h.worker_env(registry.env())
    for name in ("NCBI_API_KEY", "MI_REFS_DEBUG"):
        env.pop(name, None)
    local = "127.0.0.1,localhost"
    env.update({"MI_REFS_MAILTO": MAILTO, "NO_PROXY": local, "no_proxy": local, "NO_COLOR": "1",
                "PYTHONWARNINGS": "ignore"})  # fmt: skip
    return env


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == [WORKER_FLAG]:
        return bibaudit_worker(argv[1], argv[3:] if argv[2:3] == ["--"] else argv[2:])
    args = parse_args(argv)
    try:
        sys.path.insert(0, str(h.REPO))
        import tests.fakeregistry as fake
    except ImportError as exc:
        print(f"validate.py: cannot import tests/fakeregistry.py ({exc}); "
              "install the test extra: pip install -e '.[test]'", file=sys.stderr)  # fmt: skip
        return 2
    dataset = generate(args.entries, args.seed)
    dataset.with_pmids = not args.doi_only
    with h.work_directory(args.workdir, "mi-refs-validate-") as workdir:
        (workdir / "refs.bib").write_text(dataset.bibtex(), encoding="utf-8")
        print(f"{len(dataset.articles)} entries in {workdir / 'refs.bib'}", file=sys.stderr)
        registry = start_registry(fake, dataset, latency=args.latency,
                                  ncbi_rate=args.ncbi_rate or None)  # fmt: skip
        tools = [Checker("mi-refs", mi_refs_command, mi_refs_findings, max(1, args.repeat)),
                 Checker("bibaudit", bibaudit_command(registry.base_url, args.bibaudit_arg),
                         bibaudit_findings, max(1, args.bibaudit_repeat))]  # fmt: skip
        if args.skip_bibaudit:
            tools[1].status = "skipped (--skip-bibaudit)"
        elif why := h.missing(modules=["bibaudit"]):
            tools[1].status = f"not installed ({why}; pip install bibaudit)"
        try:
            env = base_env(registry)
            for tool in tools:
                if not tool.status:
                    tool.run(registry, dataset, workdir / tool.name, env=env, timeout=args.timeout)
        finally:
            registry.stop()
        print(report(args, dataset, tools), end="")
    h.write_json(args.json, args, tools=[
        {"tool": t.name, "status": t.status,
         "phases": [{k: v for k, v in vars(p).items() if k not in {"requests", "stderr"}}
                    for p in t.phases]} for t in tools])  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
