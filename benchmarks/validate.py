#!/usr/bin/env python3
"""Benchmark: validate a 1,000-entry BibTeX list against PubMed and Crossref, mi-refs vs
bibaudit, against a local fake of both services that answers slowly and enforces NCBI's
rate limit.

One run of this script

1. generates N synthetic journal articles (default 1,000; seeded, the same every time),
   each with a DOI under ``10.5555/`` and a PMID (``90000000 + i``), and the registry
   records that describe them: esummary v2.0 documents, Crossref work messages and
   MEDLINE text (efetch ``rettype=medline``). About 2% of the BibTeX entries carry a wrong
   journal or a wrong year (half each), so both tools have something to find;
2. starts the fake registry of ``tests/fakeregistry.py`` in this process (a real HTTP
   server on 127.0.0.1) with ``--latency`` seconds added to every response and NCBI's
   ``--ncbi-rate`` requests/s enforced per client (429 with ``Retry-After: 1`` above it).
   A thin subclass below also serves what bibaudit asks for and the fake does not: efetch
   MEDLINE text, a small stand-in for the Retraction Watch export and DataCite's 404;
3. runs ``mi-refs check FILE --format json --cache-dir DIR`` in a subprocess, with
   ``MI_REFS_PUBMED_URL`` / ``MI_REFS_CROSSREF_URL`` / ``MI_REFS_MAILTO`` pointing at the
   fake: cold (empty cache), warm (same cache, same file) and edited (one entry's DOI
   changed, warm cache); the sequence ``--repeat`` times (default 3), each with a fresh
   cache;
4. runs bibaudit (``pip install bibaudit``) the same way: a subprocess of this script
   patches bibaudit's base-URL module constants to the fake, refuses any other host, then
   calls its CLI (``bibaudit check FILE --format json --cache-dir DIR``); cold, warm and
   edited, ``--bibaudit-repeat`` times (default 1: a sequence takes about 3 minutes);
5. prints the machine, the versions and Markdown tables: per tool and phase the wall
   time of the subprocess (median and range over the runs), requests to E-utilities and
   to Crossref (from the fake's own log), 429s sent, retries (requests repeated verbatim:
   beyond the minimum), how many of the planted errors each tool reported and how many
   other entries it flagged; then the ratios, the requests by endpoint, mi-refs's aims,
   the tightest NCBI window of each run and the 429s with the requests that drew them.

``--doi-only`` leaves the PMIDs out of the .bib, so PubMed is asked by DOI (esearch).

It exits 0 whatever bibaudit does (not installed, crashed, timed out: the report says
so); 2 if the fake registry cannot be imported (``pip install -e '.[test]'``).

Usage::

    python benchmarks/validate.py [--entries N] [--latency S] [--ncbi-rate R]
                                  [--workdir DIR] [--skip-bibaudit] [--doi-only]
                                  [--repeat R] [--bibaudit-repeat R] [--bibaudit-arg ARG]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import util
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from common import git_state, package_version

if TYPE_CHECKING:
    from tests.fakeregistry import FakeRegistry, LoggedRequest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

DEFAULT_ENTRIES = 1_000
DEFAULT_SEED = 20_261_124
PLANTED_SHARE = 0.02
MAILTO = "mi-refs-benchmark@example.org"
DOI_PREFIX = "10.5555/mirefs.bench."
PMID_BASE = 90_000_000
RW_PATH = "/labs/data/retractionwatch"  # Crossref Labs' Retraction Watch export
DATACITE_PATH = "/datacite/dois/"
UNSERVED_PATH = "/unserved"  # services neither tool should need here (search, books)
WORKER_FLAG = "--bibaudit-worker"

# ---------------------------------------------------------------------------------------
# Synthetic data
# ---------------------------------------------------------------------------------------


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


SURNAMES = _words(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King "
    "Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips "
    "Wang Li Zhang Liu Chen Yang Huang Zhao Kim Lee Park Choi Tanaka Suzuki Sato Kumar "
    "Singh Sharma Patel Gupta Rossi Russo Ferrari Bianchi Schmidt Schneider Fischer Weber "
    "Meyer Wagner Becker Dubois Durand Laurent Jansen Visser Nielsen Hansen Larsen "
    "Johansson Novak Kowalski Nowak Ivanov Cohen Levy Silva Santos Costa Pereira"
)
GIVEN_NAMES = _words(
    "Anna Tim Jan Ralph Maria John David Sarah Michael Laura James Emma Robert Julia Peter "
    "Sofia Thomas Elena Daniel Clara Paul Hannah Mark Lisa Andrew Stefan Ingrid Wei Min "
    "Hiroshi Yuki Priya Rahul Luca Giulia Pierre Camille Lars Karin Olga Ivan Ana Pedro"
)
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"

# (title as a BibTeX file writes it, NLM abbreviation, NLM Catalog title)
JOURNALS: tuple[tuple[str, str, str], ...] = (
    ("British Journal of Haematology", "Br J Haematol", "British journal of haematology"),
    ("Blood", "Blood", "Blood"),
    ("New England Journal of Medicine", "N Engl J Med", "The New England journal of medicine"),
    ("Lancet", "Lancet", "Lancet (London, England)"),
    ("JAMA", "JAMA", "JAMA"),
    ("JAMA Internal Medicine", "JAMA Intern Med", "JAMA internal medicine"),
    ("BMJ", "BMJ", "BMJ (Clinical research ed.)"),
    ("Annals of Internal Medicine", "Ann Intern Med", "Annals of internal medicine"),
    ("Journal of Clinical Oncology", "J Clin Oncol", "Journal of clinical oncology"),
    ("Circulation", "Circulation", "Circulation"),
    ("European Heart Journal", "Eur Heart J", "European heart journal"),
    ("Diabetes Care", "Diabetes Care", "Diabetes care"),
    ("Kidney International", "Kidney Int", "Kidney international"),
    ("Critical Care Medicine", "Crit Care Med", "Critical care medicine"),
    ("Clinical Infectious Diseases", "Clin Infect Dis", "Clinical infectious diseases"),
    ("Haematologica", "Haematologica", "Haematologica"),
    ("Leukemia", "Leukemia", "Leukemia"),
    ("American Journal of Hematology", "Am J Hematol", "American journal of hematology"),
    (
        "Journal of Thrombosis and Haemostasis",
        "J Thromb Haemost",
        "Journal of thrombosis and haemostasis : JTH",
    ),
    ("Gut", "Gut", "Gut"),
    ("Hepatology", "Hepatology", "Hepatology (Baltimore, Md.)"),
    ("Pediatrics", "Pediatrics", "Pediatrics"),
    ("Neurology", "Neurology", "Neurology"),
    ("Stroke", "Stroke", "Stroke"),
    ("Scientific Reports", "Sci Rep", "Scientific reports"),
    ("BMJ Open", "BMJ Open", "BMJ open"),
    (
        "Journal of General Internal Medicine",
        "J Gen Intern Med",
        "Journal of general internal medicine",
    ),
    ("Annals of Hematology", "Ann Hematol", "Annals of hematology"),
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
    "hypertension",
    "asthma",
    "stroke",
    "breast cancer",
    "colorectal cancer",
    "psoriasis",
    "migraine",
    "osteoporosis",
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
    "high-dose vitamin D",
    "romiplostim",
    "eltrombopag",
    "tocilizumab",
    "pembrolizumab",
    "low-dose aspirin",
    "intravenous iron",
)
POPULATIONS = (
    "older adults",
    "children",
    "pregnant women",
    "critically ill patients",
    "adults in primary care",
    "kidney transplant recipients",
    "nursing home residents",
    "health care workers",
)
OUTCOMES = (
    "mortality",
    "remission",
    "hospital readmission",
    "quality of life",
    "bleeding risk",
    "cardiovascular events",
    "treatment response",
    "adverse events",
    "relapse",
)
DESIGNS = (
    "a randomized clinical trial",
    "a systematic review and meta-analysis",
    "a cohort study",
    "a nationwide registry study",
    "a cross-sectional study",
    "a multicentre retrospective analysis",
)
TITLE_TEMPLATES = (
    "{Outcome} after {intervention} in patients with {condition}",
    "{Intervention} versus {intervention2} for {condition}: {design}",
    "Long-term {outcome} of {condition} treated with {intervention}: {design}",
    "Effect of {intervention} on {outcome} in {population}: {design}",
    "{Condition} in {population}: incidence, risk factors and {outcome}",
    "Real-world use of {intervention} for {condition}",
    "{Intervention} and the risk of {outcome} in {condition}: {design}",
    "Trends in {outcome} among {population} with {condition}, 2000 to 2020",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Author:
    family: str
    given: str  # "Anna" or "Anna M"

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.given.split())

    @property
    def medline(self) -> str:  # "Smith AM"
        return f"{self.family} {self.initials}"


@dataclass(frozen=True)
class Article:
    """One synthetic journal article: what is true about it (the registries' view)."""

    index: int
    key: str
    authors: tuple[Author, ...]
    title: str
    journal: int  # index into JOURNALS
    year: int
    month: int  # 1-12
    volume: int
    issue: int
    first_page: int
    last_page: int
    doi: str
    pmid: str

    def bibtex(
        self,
        *,
        journal: int | None = None,
        year: int | None = None,
        doi: str = "",
        pmid: bool = True,
    ) -> str:
        """The BibTeX entry, with a wrong journal, year or DOI when given; without its
        PMID when ``pmid`` is false."""
        full, abbreviation, _ = JOURNALS[self.journal if journal is None else journal]
        fields = (
            ("author", " and ".join(f"{a.family}, {a.given}" for a in self.authors)),
            ("title", self.title),
            ("journal", full),
            ("shortjournal", abbreviation),
            ("year", str(self.year if year is None else year)),
            ("volume", str(self.volume)),
            ("number", str(self.issue)),
            ("pages", f"{self.first_page}--{self.last_page}"),
            ("doi", doi or self.doi),
            ("pmid", self.pmid if pmid else ""),
        )
        body = "".join(f"  {name:<12} = {{{value}}},\n" for name, value in fields if value)
        return f"@article{{{self.key},\n{body}}}\n"

    @property
    def medline_pages(self) -> str:
        """``1618-21``: MEDLINE drops the leading digits the last page shares."""
        first, last = str(self.first_page), str(self.last_page)
        if len(first) != len(last):
            return f"{first}-{last}"
        same = next(
            (i for i, (a, b) in enumerate(zip(first, last, strict=True)) if a != b), len(last)
        )
        return f"{first}-{last[same:]}"

    def esummary(self) -> dict[str, Any]:
        """The per-uid object of esummary v2.0 JSON (shape of tests/fixtures/registry)."""
        _, abbreviation, catalog = JOURNALS[self.journal]
        names = [author.medline for author in self.authors]
        pubdate = f"{self.year} {MONTHS[self.month - 1]}"
        return {
            "uid": self.pmid,
            "pubdate": pubdate,
            "epubdate": "",
            "source": abbreviation,
            "authors": [{"name": name, "authtype": "Author", "clusterid": ""} for name in names],
            "lastauthor": names[-1],
            "title": self.title + ".",
            "sorttitle": self.title.lower(),
            "volume": str(self.volume),
            "issue": str(self.issue),
            "pages": self.medline_pages,
            "lang": ["eng"],
            "nlmuniqueid": "",
            "issn": "",
            "essn": "",
            "pubtype": ["Journal Article"],
            "recordstatus": "PubMed - indexed for MEDLINE",
            "pubstatus": "4",
            "articleids": [
                {"idtype": "pubmed", "idtypen": 1, "value": self.pmid},
                {"idtype": "doi", "idtypen": 3, "value": self.doi},
            ],
            "history": [],
            "references": [],
            "attributes": ["Has Abstract"],
            "pmcrefcount": "",
            "fulljournalname": catalog,
            "elocationid": f"doi: {self.doi}",
            "doctype": "citation",
            "sortpubdate": f"{self.year}/{self.month:02d}/01 00:00",
            "sortfirstauthor": names[0],
        }

    def crossref(self, doi: str = "") -> dict[str, Any]:
        """The ``message`` of Crossref's ``/works/{doi}`` for this article."""
        full, abbreviation, _ = JOURNALS[self.journal]
        issued = {"date-parts": [[self.year, self.month]]}
        return {
            "DOI": doi or self.doi,
            "URL": f"https://doi.org/{doi or self.doi}",
            "prefix": "10.5555",
            "source": "Crossref",
            "type": "journal-article",
            "publisher": "Fictional Test Publisher (mi-refs benchmark)",
            "title": [self.title],
            "author": [
                {
                    "given": " ".join(p if len(p) > 1 else p + "." for p in a.given.split()),
                    "family": a.family,
                    "sequence": "first" if n == 0 else "additional",
                    "affiliation": [],
                }
                for n, a in enumerate(self.authors)
            ],
            "container-title": [full],
            "short-container-title": [abbreviation],
            "volume": str(self.volume),
            "issue": str(self.issue),
            "page": f"{self.first_page}-{self.last_page}",
            "issued": issued,
            "published": issued,
            "published-print": issued,
            "member": "99999",
            "reference-count": 0,
            "is-referenced-by-count": 0,
        }

    def medline(self) -> str:
        """The MEDLINE text record (efetch ``rettype=medline``), ending with a newline."""
        _, abbreviation, catalog = JOURNALS[self.journal]
        lines = [
            ("PMID", self.pmid),
            ("OWN", "NLM"),
            ("STAT", "MEDLINE"),
            ("VI", str(self.volume)),
            ("IP", str(self.issue)),
            ("DP", f"{self.year} {MONTHS[self.month - 1]}"),
            ("TI", self.title + "."),
            ("PG", self.medline_pages),
            ("LID", f"{self.doi} [doi]"),
        ]
        for author in self.authors:
            lines += [("FAU", f"{author.family}, {author.given}"), ("AU", author.medline)]
        lines += [
            ("LA", "eng"),
            ("PT", "Journal Article"),
            ("TA", abbreviation),
            ("JT", catalog),
            ("AID", f"{self.doi} [doi]"),
            ("PST", "ppublish"),
            (
                "SO",
                f"{abbreviation}. {self.year};{self.volume}({self.issue}):{self.medline_pages}.",
            ),
        ]
        return "".join(f"{tag:<4}- {value}\n" for tag, value in lines)


@dataclass(frozen=True)
class Planted:
    """A wrong value written into the .bib on purpose."""

    field: str  # "journal" or "year"
    stored: str
    registry: str


@dataclass
class Dataset:
    articles: list[Article]
    planted: dict[str, Planted]
    edited: Article  # the entry whose DOI the "edited" phase changes
    edited_doi: str
    with_pmids: bool = True  # False: the .bib gives DOIs only (--doi-only)

    def bibtex(self, *, edited: bool = False) -> str:
        header = f"% mi-refs benchmarks/validate.py: {len(self.articles)} synthetic articles\n\n"
        entries = []
        for article in self.articles:
            wrong = self.planted.get(article.key)
            journal = year = None
            if wrong is not None and wrong.field == "journal":
                journal = next(n for n, j in enumerate(JOURNALS) if j[0] == wrong.stored)
            elif wrong is not None:
                year = int(wrong.stored)
            doi = self.edited_doi if edited and article is self.edited else ""
            entries.append(
                article.bibtex(journal=journal, year=year, doi=doi, pmid=self.with_pmids)
            )
        return header + "\n".join(entries)


def _title(rng: random.Random) -> str:
    first, second = rng.sample(INTERVENTIONS, 2)
    values = {
        "outcome": rng.choice(OUTCOMES),
        "intervention": first,
        "intervention2": second,
        "condition": rng.choice(CONDITIONS),
        "population": rng.choice(POPULATIONS),
        "design": rng.choice(DESIGNS),
    }
    values |= {name.capitalize(): value[0].upper() + value[1:] for name, value in values.items()}
    return rng.choice(TITLE_TEMPLATES).format(**values)


def _author(rng: random.Random, people: dict[tuple[str, str], Author]) -> Author:
    """A random author; one surname and first initial always name one person, written one
    way (else mi-refs's offline check rightly reports ``Novak A`` / ``Novak AM``)."""
    given = rng.choice(GIVEN_NAMES)
    if rng.random() < 0.4:
        given += " " + rng.choice(MIDDLE_INITIALS)
    author = Author(rng.choice(SURNAMES), given)
    return people.setdefault((author.family, given[0]), author)


def generate(count: int, seed: int) -> Dataset:
    """``count`` articles, deterministic for a seed; ~2% of entries planted wrong."""
    rng = random.Random(seed)
    articles = []
    people: dict[tuple[str, str], Author] = {}
    for i in range(count):
        authors = tuple(
            dict.fromkeys(_author(rng, people) for _ in range(rng.randint(1, 6)))
        )  # a person once per article
        first = rng.randint(1, 2400)
        articles.append(
            Article(
                index=i,
                key=f"{authors[0].family.lower()}{i:05d}",
                authors=authors,
                title=_title(rng),
                journal=rng.randrange(len(JOURNALS)),
                year=rng.randint(2005, 2021),
                month=rng.randint(1, 12),
                volume=rng.randint(1, 140),
                issue=rng.randint(1, 24),
                first_page=first,
                last_page=first + rng.randint(2, 14),
                doi=f"{DOI_PREFIX}{i:05d}",
                pmid=str(PMID_BASE + i),
            )
        )
    wrong = rng.sample(range(count), max(2, round(count * PLANTED_SHARE)))
    planted: dict[str, Planted] = {}
    for n, index in enumerate(wrong):
        article = articles[index]
        if n % 2 == 0:
            other = rng.choice([j for j in range(len(JOURNALS)) if j != article.journal])
            planted[article.key] = Planted(
                "journal", JOURNALS[other][0], JOURNALS[article.journal][0]
            )
        else:
            shift = rng.choice((-3, -2, 2, 3))  # never the print or online year
            planted[article.key] = Planted("year", str(article.year + shift), str(article.year))
    edited = next(a for a in articles[count // 2 :] + articles if a.key not in planted)
    return Dataset(articles, planted, edited, edited.doi + ".v2")


def retraction_watch_csv() -> str:
    """A stand-in for Crossref Labs' Retraction Watch export (the real one is ~66 MB and
    71,000 rows): its header and three rows about DOIs outside the benchmark's list."""
    columns = _words(
        "Record ID,Title,Subject,Institution,Journal,Publisher,Country,Author,URLS,"
        "ArticleType,RetractionDate,RetractionDOI,RetractionPubMedID,OriginalPaperDate,"
        "OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,Reason,Paywalled,Notes",
        ",",
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for n in range(1, 4):
        writer.writerow(
            {
                "Record ID": str(900000 + n),
                "Title": f"A retracted fictional study {n}",
                "Journal": "Blood",
                "Publisher": "Fictional Test Publisher",
                "ArticleType": "Research Article;",
                "RetractionDate": f"3/{n}/2022 0:00",
                "RetractionDOI": f"10.5555/mirefs.rw.notice.{n}",
                "OriginalPaperDate": f"1/{n}/2020 0:00",
                "OriginalPaperDOI": f"10.5555/mirefs.rw.{n}",
                "RetractionNature": "Retraction",
                "Reason": "+Concerns/Issues About Data;",
                "Paywalled": "No",
            }
        )
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# The fake registry, and what it must also serve for bibaudit
# ---------------------------------------------------------------------------------------


def import_fake() -> ModuleType:
    """``tests.fakeregistry`` (needs pytest: ``pip install -e '.[test]'``)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import tests.fakeregistry as fake

    return fake


def start_registry(
    fake: ModuleType, dataset: Dataset, *, latency: float, ncbi_rate: float | None
) -> FakeRegistry:
    """The fake with the dataset's records, plus three routes bibaudit needs and
    ``tests/fakeregistry.py`` does not have (efetch MEDLINE text, the Retraction Watch
    export, DataCite's 404 for DOIs it does not hold); started."""

    class BenchRegistry(fake.FakeRegistry):  # type: ignore[misc,name-defined]
        def __init__(self, medline: Mapping[str, str], rw_csv: str, **options: Any) -> None:
            super().__init__(**options)
            self.medline = dict(medline)
            self.rw_csv = rw_csv

        def _respond(self, entry: LoggedRequest) -> Any:
            path = entry.path
            if (
                entry.service == "pubmed"
                and path.endswith("/efetch.fcgi")
                and entry.params.get("rettype") == "medline"
            ):
                ids = [uid.strip() for uid in entry.params.get("id", "").split(",")]
                text = "\n".join(self.medline[uid] for uid in ids if uid in self.medline)
                return fake._text_reply("\n" + text if text else "", 200, fake.TEXT_TYPE)
            if path.startswith(RW_PATH):
                return fake._text_reply(self.rw_csv, 200, "text/csv; charset=UTF-8")
            if path.startswith(DATACITE_PATH):
                error = {
                    "status": "404",
                    "title": "The resource you are looking for doesn't exist.",
                }
                return fake._json_reply({"errors": [error]}, 404)
            return super()._respond(entry)

    crossref = {a.doi: a.crossref() for a in dataset.articles}
    crossref[dataset.edited_doi] = dataset.edited.crossref(dataset.edited_doi)
    registry = BenchRegistry(
        {a.pmid: a.medline() for a in dataset.articles},
        retraction_watch_csv(),
        pubmed={a.pmid: a.esummary() for a in dataset.articles},
        crossref=crossref,
        latency=latency,
        ncbi_rate_limit=ncbi_rate,
    )
    registry.start()
    return registry


# ---------------------------------------------------------------------------------------
# bibaudit worker: runs in its own subprocess (``validate.py --bibaudit-worker BASE -- ...``)
# ---------------------------------------------------------------------------------------


def bibaudit_worker(base: str, argv: Sequence[str]) -> int:
    """Point bibaudit's module-level base URLs at the fake, refuse any other host, and run
    ``bibaudit`` with ``argv``. Exit 3 if a constant it patches has moved."""
    import urllib.error
    import urllib.request

    from bibaudit import cli
    from bibaudit.registries import crossref, datacite, openlibrary, pubmed, retractions, search

    patches: list[tuple[ModuleType, str, str]] = [
        (crossref, "_API_ROOT", f"{base}/crossref"),
        (pubmed, "_EUTILS", f"{base}/eutils"),
        (pubmed, "_ESEARCH_URL", f"{base}/eutils/esearch.fcgi"),
        (pubmed, "_ESUMMARY_URL", f"{base}/eutils/esummary.fcgi"),
        (pubmed, "_EFETCH_URL", f"{base}/eutils/efetch.fcgi"),
        (datacite, "_DOIS_URL", f"{base}{DATACITE_PATH}"),
        (retractions, "_RW_CSV_URL", f"{base}{RW_PATH}"),
        (search, "_EUROPEPMC_URL", f"{base}{UNSERVED_PATH}/europepmc/search"),
        (search, "_OPENALEX_URL", f"{base}{UNSERVED_PATH}/openalex/works"),
        (openlibrary, "_API_ROOT", f"{base}{UNSERVED_PATH}/openlibrary"),
        (openlibrary, "_BOOKS_URL", f"{base}{UNSERVED_PATH}/openlibrary/api/books"),
        (openlibrary, "_SEARCH_URL", f"{base}{UNSERVED_PATH}/openlibrary/search.json"),
    ]
    for module, name, value in patches:
        if not hasattr(module, name):
            print(f"validate.py: bibaudit has no {module.__name__}.{name}", file=sys.stderr)
            return 3
        setattr(module, name, value)

    fake_host = urlsplit(base).netloc
    urlopen = urllib.request.urlopen

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


@dataclass
class Phase:
    tool: str
    name: str  # cold, warm, edited
    run: int = 1
    wall: float | None = None
    exit_code: int | None = None
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


def _settle(registry: FakeRegistry) -> None:
    """Wait until NCBI's window has forgotten the previous phase's requests."""
    log = registry.requests
    if log:
        time.sleep(max(0.0, registry.ncbi_window + 0.2 - (time.monotonic() - log[-1].time)))


def run_phase(
    registry: FakeRegistry,
    phase: Phase,
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    timeout: float,
) -> None:
    """Run one tool once; count what the fake saw while it ran."""
    _settle(registry)
    registry.clear_requests()
    print(f"  {phase.tool} {phase.name} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            list(command),
            env=dict(env),
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        phase.wall = time.perf_counter() - start
        phase.error = f"timed out after {timeout:g} s"
        stderr = exc.stderr
        phase.stderr = stderr.decode(errors="replace") if isinstance(stderr, bytes) else ""
    else:
        phase.wall = time.perf_counter() - start
        phase.exit_code = done.returncode
        phase.stderr = done.stderr
        if done.returncode not in {0, 1}:  # 1: the tool found errors, as it should
            tail = " ".join(done.stderr.strip().splitlines()[-3:])[:300]
            phase.error = f"exit code {done.returncode}: {tail}"
    time.sleep(0.1)
    requests = registry.requests
    phase.requests = requests
    services = Counter(r.service for r in requests)
    phase.eutils, phase.crossref = services["pubmed"], services["crossref"]
    phase.other = services["other"]
    phase.rate_limited = sum(1 for r in requests if r.status == 429)
    same = Counter((r.method, r.path, r.raw_query, r.body) for r in requests)
    phase.retries = sum(count - 1 for count in same.values())
    print(
        f"    {phase.wall:.2f} s, {phase.total} requests, {phase.rate_limited} x 429"
        + (f"; {phase.error}" if phase.error else ""),
        file=sys.stderr,
        flush=True,
    )


def mi_refs_findings(report: Path, planted: Mapping[str, Planted]) -> tuple[int, list[str]]:
    """(planted errors reported as a field-mismatch on their field, other entries with an
    error or warning) from mi-refs's JSON report."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found = 0
    flagged = []
    for entry in data.get("entries", []):
        key = entry.get("key")
        wrong = planted.get(key)
        fields = {f.get("field") for f in entry.get("findings", []) if f.get("code") != "style"}
        if wrong is not None:
            found += wrong.field in fields
        elif entry.get("status") in {"error", "warning"}:
            flagged.append(str(key))
    return found, flagged


BIBAUDIT_FIELDS = {"journal": "container", "year": "year"}


def bibaudit_findings(report: Path, planted: Mapping[str, Planted]) -> tuple[int, list[str]]:
    """The same from bibaudit's JSON report (journal is its ``container`` field)."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found = 0
    flagged = []
    for result in data.get("results", []):
        key = result.get("key")
        wrong = planted.get(key)
        fields = {issue.get("field") for issue in result.get("issues", [])}
        if wrong is not None:
            found += BIBAUDIT_FIELDS[wrong.field] in fields
        elif result.get("fails"):
            flagged.append(str(key))
    return found, flagged


PHASES = ("cold", "warm", "edited")


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
        cell = f"{statistics.median(walls):.2f}"
        return cell + (f" ({min(walls):.2f}–{max(walls):.2f})" if len(walls) > 1 else "")

    def most(self, attribute: str) -> int:
        return max((int(getattr(p, attribute)) for p in self.done), default=0)

    def count_cell(self, attribute: str) -> str:
        values = [int(getattr(p, attribute)) for p in self.done]
        if not values:
            return "–"
        low, high = min(values), max(values)
        return str(low) if low == high else f"{low}–{high}"

    def found_cell(self, planted: int) -> str:
        found = {p.planted_found for p in self.done if p.planted_found is not None}
        if not found:
            return "–"
        return "–".join(str(n) for n in sorted(found)) + f"/{planted}"

    def flagged_cell(self) -> str:
        counts = {len(p.other_flagged) for p in self.done if p.planted_found is not None}
        return "–".join(str(n) for n in sorted(counts)) if counts else "–"

    def errors(self) -> str:
        problems = Counter(p.error for p in self.runs if p.error)
        return "; ".join(f"{e} (x{n})" if n > 1 else e for e, n in problems.items())


@dataclass
class Tool:
    name: str
    command: Callable[[Path, Path, Path], list[str]]  # (bib, cache dir, report) -> argv
    findings: Callable[[Path, Mapping[str, Planted]], tuple[int, list[str]]]
    repeats: int = 1
    phases: list[Phase] = field(default_factory=list)
    status: str = ""  # why it did not run

    def grouped(self) -> list[Runs]:
        return [
            Runs(self.name, name, [p for p in self.phases if p.name == name])
            for name in PHASES
            if any(p.name == name for p in self.phases)
        ]


def run_tool(
    tool: Tool,
    registry: FakeRegistry,
    dataset: Dataset,
    directory: Path,
    *,
    env: Mapping[str, str],
    timeout: float,
) -> None:
    """``tool.repeats`` times, each in a fresh directory: cold (empty cache), warm (same
    cache, same file), edited (one DOI changed, same cache)."""
    for run in range(1, tool.repeats + 1):
        here = directory / f"run{run}"
        shutil.rmtree(here, ignore_errors=True)
        home = here / "home"
        home.mkdir(parents=True)
        bib, cache = here / "refs.bib", here / "cache"
        bib.write_text(dataset.bibtex(), encoding="utf-8")
        run_env = {**env, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
        for name in PHASES:
            if name == "edited":
                bib.write_text(dataset.bibtex(edited=True), encoding="utf-8")
            phase = Phase(tool.name, name, run)
            report = here / f"report-{name}.json"
            run_phase(registry, phase, tool.command(bib, cache, report), env=run_env, cwd=here,
                      timeout=timeout)  # fmt: skip
            if phase.ok:
                _read_findings(tool, phase, report, dataset)
            tool.phases.append(phase)


def _read_findings(tool: Tool, phase: Phase, report: Path, dataset: Dataset) -> None:
    try:
        phase.planted_found, flagged = tool.findings(report, dataset.planted)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        phase.error = f"no readable report ({type(exc).__name__}: {exc})"
        return
    if phase.name == "edited":
        phase.edited_flagged = dataset.edited.key in flagged
    phase.other_flagged = [key for key in flagged if key != dataset.edited.key]


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


def machine_info() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = Path("/proc/meminfo").read_text(encoding="utf-8").split()[1]
        memory = f", {int(kib) / 1024**2:.0f} GiB of memory"
    except (OSError, IndexError, ValueError):
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("CPU", f"{cpu}; nproc {usable}{memory}"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("mi-refs", package_version("mi-refs") + git_state()),
        ("bibaudit", package_version("bibaudit")),
        ("requests (mi-refs's HTTP)", package_version("requests")),
    ]


def results_table(tools: Sequence[Tool], planted: int) -> list[str]:
    lines = [
        "| tool | phase | runs | wall s | E-utilities requests | Crossref requests "
        "| other requests | 429s | retries | planted errors reported | other entries flagged |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for tool in tools:
        if tool.status:
            lines.append(f"| {tool.name} | – | – | {tool.status} | | | | | | | |")
            continue
        for runs in tool.grouped():
            errors = runs.errors()
            wall = runs.wall_cell() + (f" ({errors})" if errors else "")
            counts = " | ".join(
                runs.count_cell(name)
                for name in ("eutils", "crossref", "other", "rate_limited", "retries")
            )
            lines.append(
                f"| {tool.name} | {runs.name} | {len(runs.done)} | {wall} | {counts} "
                f"| {runs.found_cell(planted)} | {runs.flagged_cell()} |"
            )
    return lines


def ratio_table(mine: Tool, other: Tool) -> list[str]:
    lines = [
        "| phase | mi-refs s | bibaudit s | bibaudit / mi-refs (time) "
        "| mi-refs requests | bibaudit requests |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    theirs = {runs.name: runs for runs in other.grouped()}
    for runs in mine.grouped():
        their = theirs.get(runs.name)
        if their is None or runs.wall is None or their.wall is None:
            continue
        ratio = f"{their.wall / runs.wall:.1f}x" if runs.wall > 0 else "–"
        lines.append(
            f"| {runs.name} | {runs.wall:.2f} | {their.wall:.2f} | {ratio} "
            f"| {runs.count_cell('total')} | {their.count_cell('total')} |"
        )
    return lines


def aims(tool: Tool, dataset: Dataset) -> list[str]:
    """mi-refs's aims from the issue, met or not: times are medians, counts the worst
    run."""
    from mi_refs.registries import crossref, pubmed

    entries, crossref_batch = len(dataset.articles), crossref.BATCH
    phases = {runs.name: runs for runs in tool.grouped()}
    cold, warm = phases.get("cold"), phases.get("warm")
    if cold is None or warm is None or cold.wall is None or warm.wall is None:
        return ["(mi-refs did not complete its cold and warm runs)"]
    ncbi_aim = math.ceil(entries / 200)
    ncbi_why = "ceil(N/200); no DOI look-ups: every entry has a PMID"
    if not dataset.with_pmids:  # + the DOI look-ups, DOI_BATCH DOIs OR-ed per esearch
        ncbi_aim += math.ceil(entries / pubmed.DOI_BATCH)
        ncbi_why = f"ceil(N/200) + ceil(N/{pubmed.DOI_BATCH}) DOI look-ups"
    crossref_aim = math.ceil(entries / crossref_batch)
    retries, total = cold.most("retries"), cold.most("total")
    rows = [
        ("cold: E-utilities requests", f"≤ {ncbi_aim} ({ncbi_why})",
         cold.count_cell("eutils"), cold.most("eutils") <= ncbi_aim),
        ("cold: Crossref requests", f"≤ {crossref_aim} (N / batch of {crossref_batch})",
         cold.count_cell("crossref"), cold.most("crossref") <= crossref_aim),
        ("cold: retries", "< 10% of requests", f"{retries} of {total}",
         retries < 0.1 * max(total, 1)),
        ("cold: wall time", "< 15 s", f"{cold.wall_cell()} s", cold.wall < 15),
        ("cold: 429s drawn by our own pace", "0", cold.count_cell("rate_limited"),
         cold.most("rate_limited") == 0),
        ("warm: requests", "0", warm.count_cell("total"), warm.most("total") == 0),
        ("warm: wall time", "< 1 s", f"{warm.wall_cell()} s", warm.wall < 1),
    ]  # fmt: skip
    lines = ["| aim | target | measured | met |", "|---|---|---:|---|"]
    lines += [f"| {a} | {t} | {m} | {'yes' if ok else '**no**'} |" for a, t, m, ok in rows]
    edited = phases.get("edited")
    if edited is not None and edited.wall is not None:
        lines.append(
            f"| edited: time and requests | report | {edited.wall_cell()} s; "
            f"{edited.count_cell('eutils')} E-utilities + {edited.count_cell('crossref')} "
            "Crossref | – |"
        )
    return lines


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
        lines.append(
            f"- {phase.tool} {phase.name} (run {phase.run}): {len(ncbi)} E-utilities "
            f"requests; the tightest {n + 1} consecutive ones arrived within {tightest:.3f} s "
            f"(the limit refuses the {n + 1}th when that is under 1 s)"
        )
    start = phase.requests[0].time if phase.requests else 0.0
    refused = [r for r in phase.requests if r.status == 429]
    for request in refused[:12]:
        lines.append(
            f"  - 429 at +{request.time - start:.3f} s: {request.method} {request.path}"
            f"?{_params(request)}"
        )
    if len(refused) > 12:
        lines.append(f"  - ... and {len(refused) - 12} more")
    return lines


def report(args: argparse.Namespace, dataset: Dataset, tools: Sequence[Tool], workdir: Path) -> str:
    planted = dataset.planted
    kinds = Counter(p.field for p in planted.values())
    out = ["# Validation benchmark: mi-refs check vs bibaudit", ""]
    out += [f"- {name}: {value}" for name, value in machine_info()]
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
    by_name = {tool.name: tool for tool in tools}
    mine, theirs = by_name.get("mi-refs"), by_name.get("bibaudit")
    if mine is not None and theirs is not None and not theirs.status:
        out += ["", *ratio_table(mine, theirs)]
    if mine is not None:
        out += ["", "mi-refs's aims:", "", *aims(mine, dataset)]
    endpoints = endpoint_lines(tools)
    if endpoints:
        out += ["", "Requests by endpoint (first run):", "", *endpoints]
    details = [
        line for tool in tools for p in tool.phases for line in pace_lines(p, args.ncbi_rate)
    ]
    if details:
        out += ["", "NCBI pace and 429s:", "", *details]
    notes = _notes(tools)
    if notes:
        out += ["", "Notes:", "", *notes]
    kept = (
        f"Work directory: {workdir}"
        if args.workdir
        else "Work directory: removed (--workdir keeps it)"
    )
    out += ["", kept]
    return "\n".join(out) + "\n"


def endpoint_lines(tools: Sequence[Tool]) -> list[str]:
    """Requests per endpoint, per tool and phase (first run), with the 429s among them."""
    lines = []
    for tool in tools:
        for runs in tool.grouped():
            if not runs.runs or not runs.runs[0].requests:
                continue
            requests = runs.runs[0].requests
            sent = Counter(f"{r.method} {r.path}" for r in requests)
            refused = Counter(f"{r.method} {r.path}" for r in requests if r.status == 429)
            parts = [
                f"`{endpoint}` {n}"
                + (f" ({refused[endpoint]} refused)" if refused[endpoint] else "")
                for endpoint, n in sent.most_common()
            ]
            lines.append(f"- {tool.name} {runs.name}: " + ", ".join(parts))
    return lines


def _notes(tools: Sequence[Tool]) -> list[str]:
    notes = []
    for tool in tools:
        for runs in tool.grouped():
            label = f"- {tool.name} {runs.name}"
            edited = {p.edited_flagged for p in runs.done if p.edited_flagged is not None}
            if edited:
                said = " / ".join("flagged" if e else "did not flag" for e in sorted(edited))
                notes.append(f"{label}: {said} the edited entry")
            flagged = sorted({key for p in runs.done for key in p.other_flagged})
            if flagged:
                more = f" and {len(flagged) - 5} more" if len(flagged) > 5 else ""
                notes.append(f"{label} also flagged: {', '.join(flagged[:5])}{more}")
            blocked = [
                line
                for p in runs.runs
                for line in p.stderr.splitlines()
                if "blocked a request" in line
            ]
            if blocked:
                notes.append(f"{label}: {len(blocked)} requests to other hosts refused, first: "
                             f"{blocked[0]}")  # fmt: skip
            other = Counter(r.path for p in runs.runs for r in p.requests if r.service == "other")
            if other:
                listed = ", ".join(f"{path} x{n}" for path, n in other.items())
                notes.append(f"{label}: other requests (all runs): {listed}")
    return notes


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--entries",
        type=int,
        default=DEFAULT_ENTRIES,
        metavar="N",
        help=f"number of articles (default {DEFAULT_ENTRIES:,})",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.05,
        metavar="SECONDS",
        help="added to every response (default 0.05)",
    )
    parser.add_argument(
        "--ncbi-rate",
        type=float,
        default=3.0,
        metavar="R",
        help="NCBI requests/s per client before 429; 0 = unlimited (default 3)",
    )
    parser.add_argument(
        "--workdir", metavar="DIR", help="keep the .bib files, caches and reports in DIR"
    )
    parser.add_argument("--skip-bibaudit", action="store_true", help="run mi-refs only")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="R",
        help="runs of mi-refs's cold/warm/edited sequence, each with a fresh cache; times "
        "are reported as the median and range (default 3)",
    )
    parser.add_argument(
        "--bibaudit-repeat",
        type=int,
        default=1,
        metavar="R",
        help="the same for bibaudit (default 1: a sequence takes about 3 minutes)",
    )
    parser.add_argument(
        "--bibaudit-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="an extra argument for `bibaudit check` (repeatable), e.g. "
        "--bibaudit-arg=--no-retraction-check",
    )
    parser.add_argument(
        "--doi-only",
        action="store_true",
        help="leave the PMIDs out of the .bib: PubMed is then asked DOI by DOI (esearch)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed for the data")
    parser.add_argument(
        "--timeout",
        type=float,
        default=900.0,
        metavar="SECONDS",
        help="time allowed for one run of one tool (default 900)",
    )
    return parser.parse_args(argv)  # fmt: skip


def base_env(registry: FakeRegistry) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NCBI_API_KEY", "MI_REFS_DEBUG"}}
    env.update(registry.env())
    env.update(
        {
            "MI_REFS_MAILTO": MAILTO,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "NO_COLOR": "1",
            "PYTHONWARNINGS": "ignore",
        }
    )
    return env


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == [WORKER_FLAG]:
        rest = argv[3:] if argv[2:3] == ["--"] else argv[2:]
        return bibaudit_worker(argv[1], rest)
    args = parse_args(argv)
    try:
        fake = import_fake()
    except ImportError as exc:
        print(f"validate.py: cannot import tests/fakeregistry.py ({exc}); "
              "install the test extra: pip install -e '.[test]'", file=sys.stderr)  # fmt: skip
        return 2
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="mi-refs-validate-")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    dataset = generate(args.entries, args.seed)
    dataset.with_pmids = not args.doi_only
    (workdir / "refs.bib").write_text(dataset.bibtex(), encoding="utf-8")
    print(f"{len(dataset.articles)} entries in {workdir / 'refs.bib'}", file=sys.stderr)

    registry = start_registry(fake, dataset, latency=args.latency, ncbi_rate=args.ncbi_rate or None)
    tools = [Tool("mi-refs", mi_refs_command, mi_refs_findings, max(1, args.repeat))]
    bibaudit = Tool(
        "bibaudit",
        bibaudit_command(registry.base_url, args.bibaudit_arg),
        bibaudit_findings,
        max(1, args.bibaudit_repeat),
    )
    if args.skip_bibaudit:
        bibaudit.status = "skipped (--skip-bibaudit)"
    elif util.find_spec("bibaudit") is None:
        bibaudit.status = "not installed (pip install bibaudit)"
    tools.append(bibaudit)
    try:
        env = base_env(registry)
        for tool in tools:
            if not tool.status:
                run_tool(
                    tool, registry, dataset, workdir / tool.name, env=env, timeout=args.timeout
                )
    finally:
        registry.stop()
    print(report(args, dataset, tools, workdir), end="")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
