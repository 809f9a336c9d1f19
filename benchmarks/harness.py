"""What the benchmarks share: synthetic data, running and timing tools, machine and version
information, and the Markdown and JSON reports.

- **Data.** One seeded generator of journal articles (``generate_articles``) over one set of
  word lists (names, titles, journals), written as BibTeX or CSL-JSON. ``plain=True`` gives
  the registry-friendly variant ``validate.py`` needs: no LaTeX, no ``and others``, one
  surname and initial always one person, every article with issue, page range, DOI, month.
- **Running.** ``run_process`` (wall time, CPU time and peak RSS of a subprocess, with a
  timeout), ``measure`` (a tool ``--repeat`` times, each in a fresh process, best and median
  kept), ``worker`` (the subprocess side: phases timed with a ``Stopwatch``, one JSON line
  out), ``missing`` (tool discovery: a reason, never a crash).
- **Reports.** ``machine_info`` (CPU, OS, Python, the measured mi-refs commit, tool
  versions), ``markdown_table``, ``results_table``, ``write_json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SRC = REPO / "src"
CSL_DIR = Path(os.environ.get("MI_REFS_CSL_DIR", REPO.parent / "shared" / "csl"))
AMA_CSL = CSL_DIR / "american-medical-association.csl"
LOCALE_EN_US = CSL_DIR / "locales-en-US.xml"
DEFAULT_SEED = 20_241_009
PMID_BASE = 90_000_000

Result = dict[str, Any]

# ---------------------------------------------------------------------------------------
# Synthetic data: one set of word lists, one generator
# ---------------------------------------------------------------------------------------


def split_words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(sep) if part.strip())


SURNAMES = split_words(
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
ACCENTED_SURNAMES = tuple(
    tuple(pair.split()) for pair in split_words(
        r"""M{\"u}ller Müller; Str{\"u}{\ss}mann Strüßmann; W{\"a}sch Wäsch;
        Sch{\"o}nberg Schönberg; J{\"a}ger Jäger; B{\"o}hm Böhm; K{\"o}nig König; Gro{\ss} Groß;
        Garc{\'i}a García; Mart{\'i}nez Martínez; G{\'o}mez Gómez; P{\'e}rez Pérez;
        N{\'u}{\~n}ez Núñez; Pe{\~n}a Peña; Brand{\~a}o Brandão; Gon{\c{c}}alves Gonçalves;
        Lef{\`e}vre Lefèvre; H{\'e}bert Hébert; {\O}stergaard Østergaard; {\AA}berg Åberg;
        S{\o}rensen Sørensen; Dvo{\v{r}}{\'a}k Dvořák; Nov{\'a}kov{\'a} Nováková; Ko{\c{c}} Koç;
        {\"O}zt{\"u}rk Öztürk; Y{\i}lmaz Yılmaz; {\L}ukasiewicz Łukasiewicz;
        Wi{\'s}niewska Wiśniewska""",
        ";",
    )
)  # fmt: skip
GIVEN_NAMES = split_words(
    "Anna Tim Jan Ralph Maria John David Sarah Michael Laura James Emma Robert Julia Peter "
    "Sofia Thomas Elena Daniel Clara Paul Hannah Mark Lisa Andrew Katarina Stefan Ingrid "
    "Wei Min Jing Hiroshi Yuki Akira Priya Rahul Anil Sunita Luca Giulia Marco Chiara "
    "Pierre Camille Louis Claire Lars Karin Henrik Astrid Olga Ivan Ana Pedro Joao Beatriz "
    "Ahmed Fatima Omar Leila Samuel Rachel David Miriam Kwame Amara Jose Carmen Diego Lucia"
)
INITIALS = "ABCDEFGHJKLMNPRSTW"
ACRONYMS = split_words(
    "COVID-19 HER2 CAR-T MRI DNA ITP PD-1 HIV BRCA1 EGFR ICU TNF CD38 SARS-CoV-2 HbA1c ECMO"
)
CONDITIONS = split_words(
    "immune thrombocytopenia; type 2 diabetes; heart failure; atrial fibrillation; chronic "
    "kidney disease; multiple myeloma; acute myeloid leukaemia; sepsis; community-acquired "
    "pneumonia; rheumatoid arthritis; major depressive disorder; hypertension; asthma; chronic "
    "obstructive pulmonary disease; stroke; breast cancer; colorectal cancer; psoriasis; Crohn "
    "disease; migraine; osteoporosis; obesity; gestational diabetes; preterm birth; melanoma",
    ";",
)
INTERVENTIONS = split_words(
    "daratumumab; rituximab; metformin; empagliflozin; apixaban; semaglutide; dexamethasone; "
    "early mobilisation; telemonitoring; cognitive behavioural therapy; high-dose vitamin D; "
    "romiplostim; eltrombopag; tocilizumab; pembrolizumab; low-dose aspirin; bariatric surgery; "
    "structured exercise training; pharmacist-led medication review; intravenous iron",
    ";",
)
POPULATIONS = split_words(
    "older adults; children; adolescents; pregnant women; critically ill patients; adults in "
    "primary care; kidney transplant recipients; nursing home residents; patients undergoing "
    "cardiac surgery; health care workers; veterans",
    ";",
)
OUTCOMES = split_words(
    "mortality; remission; hospital readmission; quality of life; bleeding risk; cardiovascular "
    "events; treatment response; health care costs; adverse events; functional recovery; "
    "relapse; time to diagnosis",
    ";",
)
DESIGNS = split_words(
    "a randomized clinical trial; a systematic review and meta-analysis; a case series; a "
    "cohort study; a nationwide registry study; a cross-sectional study; a multicentre "
    "retrospective analysis; a pooled analysis of three trials; a case report",
    ";",
)
TITLE_TEMPLATES = split_words(
    """{Outcome} after {intervention} in patients with {condition};
    {Intervention} versus {intervention2} for {condition}: {design};
    Long-term {outcome} of {condition} treated with {intervention}: {design};
    Association of {acronym} status with {outcome} among {population};
    Effect of {intervention} on {outcome} in {population}: {design};
    {Condition} in {population}: incidence, risk factors and {outcome};
    Real-world use of {intervention} for {condition};
    Predictors of {outcome} in {acronym}-positive {condition};
    {Intervention} and the risk of {outcome} in {condition}: {design};
    Trends in {outcome} among {population} with {condition}, 2000 to 2020""",
    ";",
)


# (title as a BibTeX file writes it, NLM abbreviation, NLM Catalog title if not the same)
def _journal(line: str) -> tuple[str, str, str]:
    title, abbreviation, *catalog = line.split("|")
    return title, abbreviation, catalog[0] if catalog else title


JOURNALS = tuple(
    _journal(line)
    for line in r"""
British Journal of Haematology|Br J Haematol|British journal of haematology
Blood|Blood
The New England Journal of Medicine|N Engl J Med|The New England journal of medicine
The Lancet|Lancet|Lancet (London, England)
JAMA|JAMA
JAMA Internal Medicine|JAMA Intern Med|JAMA internal medicine
JAMA Network Open|JAMA Netw Open|JAMA network open
BMJ|BMJ|BMJ (Clinical research ed.)
Annals of Internal Medicine|Ann Intern Med|Annals of internal medicine
Journal of Clinical Oncology|J Clin Oncol|Journal of clinical oncology
The Lancet Oncology|Lancet Oncol|The Lancet. Oncology
Circulation|Circulation
European Heart Journal|Eur Heart J|European heart journal
Journal of the American College of Cardiology|J Am Coll Cardiol
Diabetes Care|Diabetes Care|Diabetes care
Kidney International|Kidney Int|Kidney international
American Journal of Respiratory and Critical Care Medicine|Am J Respir Crit Care Med
Critical Care Medicine|Crit Care Med|Critical care medicine
Intensive Care Medicine|Intensive Care Med|Intensive care medicine
Clinical Infectious Diseases|Clin Infect Dis|Clinical infectious diseases
The Journal of Infectious Diseases|J Infect Dis|The Journal of infectious diseases
Haematologica|Haematologica
Leukemia|Leukemia
American Journal of Hematology|Am J Hematol|American journal of hematology
Thrombosis and Haemostasis|Thromb Haemost|Thrombosis and haemostasis
Journal of Thrombosis and Haemostasis|J Thromb Haemost|Journal of thrombosis and haemostasis : JTH
Annals of the Rheumatic Diseases|Ann Rheum Dis|Annals of the rheumatic diseases
Gastroenterology|Gastroenterology
Gut|Gut
Hepatology|Hepatology|Hepatology (Baltimore, Md.)
Pediatrics|Pediatrics
Obstetrics and Gynecology|Obstet Gynecol|Obstetrics and gynecology
Neurology|Neurology
Stroke|Stroke
The Lancet Psychiatry|Lancet Psychiatry|The lancet. Psychiatry
PLOS ONE|PLoS One|PloS one
Scientific Reports|Sci Rep|Scientific reports
BMJ Open|BMJ Open|BMJ open
Journal of General Internal Medicine|J Gen Intern Med|Journal of general internal medicine
Deutsches {\"A}rzteblatt International|Dtsch Arztebl Int|Deutsches Arzteblatt international
""".strip().splitlines()
)
JOURNAL_TEXT = {r"Deutsches {\"A}rzteblatt International": "Deutsches Ärzteblatt International"}


def fill(template: str, rng: random.Random, **extra: str) -> str:
    """``template`` with random words for its ``{outcome}``, ``{Intervention}`` (capitalised),
    ``{n}``, ... fields; ``extra`` overrides them."""
    intervention, intervention2 = rng.sample(INTERVENTIONS, 2)
    outcome, outcome2 = rng.sample(OUTCOMES, 2)
    values = {
        "intervention": intervention, "intervention2": intervention2, "outcome": outcome,
        "outcome2": outcome2, "condition": rng.choice(CONDITIONS),
        "population": rng.choice(POPULATIONS), "design": rng.choice(DESIGNS),
        "acronym": rng.choice(ACRONYMS), "n": str(rng.randint(2, 60)),
        "n2": f"{rng.randint(40, 12_000):,}", "pct": str(rng.randint(3, 85)),
        "weeks": str(rng.randint(2, 52)),
    }  # fmt: skip
    values |= {k.capitalize(): v[:1].upper() + v[1:] for k, v in values.items()} | extra
    return template.format(**values)


@dataclass(frozen=True)
class Person:
    """One author: the BibTeX form (may hold LaTeX) and the decoded Unicode parts."""

    bibtex: str
    family: str
    given: str  # "Anna", "Anna M", "A" or "AM"

    @property
    def medline(self) -> str:  # "Smith AM"
        return f"{self.family} {''.join(part[0] for part in self.given.split())}"


@dataclass(frozen=True)
class Article:
    """One synthetic journal article, as BibTeX, CSL-JSON and the registries describe it."""

    index: int
    key: str
    authors: tuple[Person, ...]
    and_others: bool
    title_bibtex: str
    title: str
    journal: tuple[str, ...]  # a row of JOURNALS
    year: int
    volume: int
    number: int | None
    first_page: str
    last_page: str | None
    doi: str | None
    month: int | None = None  # plain articles only

    @property
    def pmid(self) -> str:
        return str(PMID_BASE + self.index)

    @property
    def journal_text(self) -> str:
        return JOURNAL_TEXT.get(self.journal[0], self.journal[0])

    @property
    def pages(self) -> str:
        return self.first_page if self.last_page is None else f"{self.first_page}-{self.last_page}"

    def to_bibtex(
        self, *, journal: tuple[str, ...] | None = None, year: int | None = None,
        doi: str | None = None, pmid: bool = False,
    ) -> str:  # fmt: skip
        """The entry; another journal, year or DOI when given (planted errors, edits)."""
        names = [person.bibtex for person in self.authors] + ["others"] * self.and_others
        full, abbreviation, _ = journal or self.journal
        fields = [
            ("author", " and ".join(names)), ("title", self.title_bibtex), ("journal", full),
            ("shortjournal", abbreviation), ("year", str(year or self.year)),
            ("volume", str(self.volume)), ("number", str(self.number or "")),
            ("pages", self.pages.replace("-", "--")), ("doi", doi or self.doi or ""),
            ("pmid", self.pmid if pmid else ""),
        ]  # fmt: skip
        body = "".join(f"  {name:<12} = {{{value}}},\n" for name, value in fields if value)
        return f"@article{{{self.key},\n{body}}}\n"

    def to_csl_json(self) -> dict[str, Any]:
        # CSL-JSON cannot say "and others": the marker is dropped, the listed names kept.
        item: dict[str, Any] = {
            "id": self.key, "type": "article-journal",
            "author": [{"family": p.family, "given": p.given} for p in self.authors],
            "title": self.title, "container-title": self.journal_text,
            "container-title-short": self.journal[1], "journalAbbreviation": self.journal[1],
            "issued": {"date-parts": [[self.year]]}, "volume": str(self.volume),
            "page": self.pages,
        }  # fmt: skip
        if self.number is not None:
            item["issue"] = str(self.number)
        if self.doi is not None:
            item["DOI"] = self.doi
        return item


def ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()


def _given(rng: random.Random, plain: bool) -> str:
    first = rng.choice(GIVEN_NAMES)
    roll = rng.random()
    if plain:
        return first if roll < 0.6 else f"{first} {rng.choice(INITIALS)}"
    if roll < 0.55:
        return first
    if roll < 0.80:
        return f"{first} {rng.choice(INITIALS)}"
    if roll < 0.92:
        return first[0]
    return f"{first[0]}{rng.choice(INITIALS)}"


def _person(rng: random.Random, *, accented: bool = False, plain: bool = False) -> Person:
    given = _given(rng, plain)
    if accented:
        bibtex_family, family = rng.choice(ACCENTED_SURNAMES)
    else:
        bibtex_family = family = rng.choice(SURNAMES)
    return Person(f"{bibtex_family}, {given}", family, given)


def _title(rng: random.Random, *, protect: bool) -> tuple[str, str]:
    """(BibTeX title, plain title); about 5% brace-protect an acronym when ``protect``."""
    template = rng.choice(TITLE_TEMPLATES)
    intervention, intervention2 = rng.sample(INTERVENTIONS, 2)
    acronym = rng.choice(ACRONYMS)
    values = {
        "outcome": rng.choice(OUTCOMES), "intervention": intervention,
        "intervention2": intervention2, "condition": rng.choice(CONDITIONS),
        "population": rng.choice(POPULATIONS), "design": rng.choice(DESIGNS),
    }  # fmt: skip
    values.update({k.capitalize(): v[:1].upper() + v[1:] for k, v in list(values.items())})
    plain = template.format(acronym=acronym, **values)
    if protect and "{acronym}" in template and rng.random() < 0.25:
        return template.format(acronym="{" + acronym + "}", **values), plain
    return plain, plain


def generate_articles(count: int, seed: int, *, plain: bool = False) -> list[Article]:
    """Deterministic synthetic journal articles (same count, seed and ``plain``, same
    articles). Default: 1-12 authors (~10% of entries with a LaTeX-accented name, ~5% ending
    in ``and others``), ~5% of titles with a brace-protected acronym, ~15% e-locators, ~10%
    without DOI. ``plain``: 1-6 authors (one surname and initial always one person), no
    LaTeX, every article with issue, page range, DOI and month."""
    rng = random.Random(seed)
    people: dict[tuple[str, str], Person] = {}
    journals = [j for j in JOURNALS if "\\" not in j[0]] if plain else JOURNALS
    articles: list[Article] = []
    used_keys: set[str] = set()
    for index in range(count):
        if plain:
            drawn = (_person(rng, plain=True) for _ in range(rng.randint(1, 6)))
            people_here = (people.setdefault((p.family, p.given[0]), p) for p in drawn)
            authors, and_others = tuple(dict.fromkeys(people_here)), False
        else:
            n_authors = min(12, max(1, int(rng.triangular(1, 13, 4))))
            accented: set[int] = set()
            if rng.random() < 0.10:
                accented = set(rng.sample(range(n_authors), min(n_authors, rng.randint(1, 3))))
            authors = tuple(_person(rng, accented=i in accented) for i in range(n_authors))
            and_others = rng.random() < 0.05
        title_bibtex, title = _title(rng, protect=not plain)
        journal = rng.choice(journals)
        year = rng.randint(1990, 2025)
        volume = rng.randint(1, 400)
        number = rng.randint(1, 24) if plain or rng.random() < 0.85 else None
        if not plain and rng.random() < 0.15:
            first_page, last_page = f"e{rng.randint(100_000, 999_999)}", None
        else:
            start = rng.randint(1, 3_000)
            span = int(rng.triangular(0, 25, 6))
            span = max(span, 1) if plain else span
            first_page, last_page = str(start), str(start + span) if span else None
        doi = None
        if plain or rng.random() < 0.90:
            doi = f"10.5555/{ascii_word(journal[1])[:12]}.{year}.{index:06d}"
        base = key = f"{ascii_word(authors[0].family)}{year}{ascii_word(title.split()[0])}"
        suffix = 0
        while key in used_keys:
            suffix += 1
            key = f"{base}{suffix}"
        used_keys.add(key)
        month = rng.randint(1, 12) if plain else None
        articles.append(
            Article(index, key, authors, and_others, title_bibtex, title, journal, year,
                    volume, number, first_page, last_page, doi, month)
        )  # fmt: skip
    return articles


def write_bib(articles: Sequence[Article], path: Path, script: str, **options: Any) -> Path:
    header = f"% mi-refs benchmarks/{script}: {len(articles)} synthetic journal articles\n\n"
    entries = "\n".join(article.to_bibtex(**options) for article in articles)
    path.write_text(header + entries, encoding="utf-8")
    return path


def write_csl_json(articles: Sequence[Article], path: Path) -> Path:
    items = [article.to_csl_json() for article in articles]
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# Tool discovery, versions, machine
# ---------------------------------------------------------------------------------------


def missing(
    *, modules: Iterable[str] = (), programs: Iterable[str] = (), paths: Iterable[Path] = ()
) -> str | None:
    """Why a tool cannot run (a module, program or file is missing), or None."""
    for module in modules:
        if util.find_spec(module) is None:
            return f"no Python module {module!r}"
    for program in programs:
        if shutil.which(program) is None:
            return f"{program} not found"
    for path in paths:
        if not path.exists():
            return f"missing {path}"
    return None


def package_version(distribution: str) -> str:
    """The installed version of a distribution, or ``not installed``."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def program_version(argv: Sequence[str]) -> str:
    """The first line a program prints for its version, or ``not installed``."""
    if shutil.which(argv[0]) is None:
        return "not installed"
    done = subprocess.run(list(argv), capture_output=True, text=True, check=False)
    return (done.stdout.strip().splitlines() or ["?"])[0]


def git_state() -> str:
    """``git abc1234``, with `` + uncommitted changes to src/`` when src/ differs."""
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        return ""

    def run(*args: str) -> str:
        return subprocess.run(
            [git, *args], capture_output=True, text=True, cwd=REPO, check=False
        ).stdout.strip()

    head = run("rev-parse", "--short", "HEAD")
    dirty = run("status", "--porcelain", "--", "src")
    return f"git {head}{' + uncommitted changes to src/' if dirty else ''}" if head else ""


def mi_refs_version() -> str:
    """The measured mi-refs: version and commit (the working tree's src/ when present)."""
    version = package_version("mi-refs")
    if version == "not installed" and (SRC / "mi_refs").is_dir():
        version = "working tree (src/)"
    state = git_state()
    return f"{version} ({state})" if state else version


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def machine_info(**versions: str) -> list[tuple[str, str]]:
    """CPU, OS, Python and mi-refs (with the measured commit), then ``versions``."""
    cpu, memory = platform.processor() or platform.machine(), ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        cpu = re.search(r"(?m)^model name\s*:\s*(.*)$", cpuinfo).group(1)  # type: ignore[union-attr]
        kib = Path("/proc/meminfo").read_text(encoding="utf-8").split()[1]
        memory = f", {int(kib) / 1024**2:.0f} GiB of memory"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("CPU", f"{cpu}; nproc {usable} (os.cpu_count {os.cpu_count()}){memory}"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("mi-refs", mi_refs_version()),
        *versions.items(),
    ]


# ---------------------------------------------------------------------------------------
# Running and timing
# ---------------------------------------------------------------------------------------


@dataclass
class Finished:
    """A finished subprocess: output, wall time, CPU time and peak RSS (from wait4)."""

    timed_out: bool
    returncode: int
    stdout: str
    stderr: str
    wall: float
    cpu: float  # user + system seconds
    max_rss_mib: float

    def tail(self) -> str:
        return (self.stderr.strip().splitlines() or ["(no output)"])[-1]


def worker_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for tool subprocesses: the working tree's src/ first on the path, so
    that it is what is measured, installed or not."""
    env = {**os.environ, **(extra or {})}
    if (SRC / "mi_refs").is_dir():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def run_process(
    argv: Sequence[str], *, timeout: float, cwd: Path = REPO, env: dict[str, str] | None = None
) -> Finished:
    """Run ``argv`` to its end (killed after ``timeout`` seconds)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd, env=env or worker_env())
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Finished(
            killed.is_set(), proc.returncode, out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"), wall, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
        )  # fmt: skip


class MissingToolError(Exception):
    """The tool (or the part of mi-refs it needs) is not there."""


class Stopwatch:
    """In-process phase timing: ``lap("load")`` records the seconds since the last lap."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = now - self._last
        self._last = now

    def total(self, name: str, *parts: str) -> None:
        self.phases[name] = sum(self.phases[part] for part in parts)


def peak_rss_mib() -> float:
    """This process's peak RSS. VmHWM is its own address space's; getrusage's ru_maxrss
    would also count the forked harness before exec."""
    with contextlib.suppress(OSError):
        status = Path("/proc/self/status").read_text(encoding="ascii")
        match = re.search(r"(?m)^VmHWM:\s+(\d+) kB", status)
        if match:
            return int(match.group(1)) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker(function: Callable[..., Result], *args: Any) -> int:
    """Run a worker in this (sub)process and print its result as one JSON line."""
    try:
        result = {"status": "ok", **function(*args)}
    except (MissingToolError, ImportError) as exc:
        result = {"status": "missing", "reason": str(exc)}
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result, ensure_ascii=False))
    return 0


def need(module: Any, *names: str) -> None:
    """MissingToolError unless ``module`` has every callable in ``names``."""
    absent = [name for name in names if not callable(getattr(module, name, None))]
    if absent:
        raise MissingToolError(f"{module.__name__} has no {'/'.join(absent)}() yet")


@dataclass(frozen=True)
class Row:
    """One line of a results table: a phase of a tool's best run."""

    phase: str
    description: str
    headline: bool = False


@dataclass(frozen=True)
class Tool:
    """A tool measured: its name, its label in the tables, the phase its best run is chosen
    by, and the rows it gets."""

    name: str
    label: str
    best_by: str
    rows: tuple[Row, ...]
    output: str = ""  # the file it writes in the work directory


@dataclass
class Outcome:
    """What was learnt about one tool: its runs, or why there are none."""

    tool: Tool
    status: str = "ok"  # ok | missing | error | timeout
    reason: str = ""
    runs: list[Result] = field(default_factory=list)

    @property
    def best(self) -> Result | None:
        if not self.runs:
            return None
        return min(self.runs, key=lambda run: float(run["phases"][self.tool.best_by]))

    def median(self, phase: str) -> float | None:
        values = [float(run["phases"][phase]) for run in self.runs if phase in run["phases"]]
        return statistics.median(values) if values else None

    @property
    def failed(self) -> bool:
        return self.status in {"error", "timeout"}

    def cell(self) -> str:
        """E.g. ``not installed (no Python module 'citeproc')``."""
        status = {"missing": "not installed", "timeout": "timed out"}.get(self.status, self.status)
        return (status + (f" ({self.reason})" if self.reason else "")).replace("|", "\\|")

    def to_json(self) -> Result:
        phases = self.runs[0]["phases"] if self.runs else {}
        return {"tool": self.tool.name, "status": self.status, "reason": self.reason,
                "best": self.best, "median": {p: self.median(p) for p in phases},
                "runs": self.runs}  # fmt: skip


def measure(
    tool: Tool,
    argv: Sequence[str] | str,
    *,
    repeat: int,
    timeout: float,
    cwd: Path = REPO,
    json_line: bool = True,
) -> Outcome:
    """Run ``argv`` ``repeat`` times (a string: why the tool cannot run). ``json_line``:
    the process prints its result as a JSON line (``worker``); otherwise only its wall time,
    CPU time and peak RSS are known. Every run gets ``phases["wall"]`` and ``cpu``."""
    outcome = Outcome(tool)
    if isinstance(argv, str):
        outcome.status, outcome.reason = "missing", argv
        print(f"  {tool.name}: missing: {argv}", file=sys.stderr)
        return outcome
    for attempt in range(1, repeat + 1):
        done = run_process(argv, timeout=timeout, cwd=cwd)
        if done.timed_out:
            outcome.status, outcome.reason = "timeout", f"timed out after {timeout:g} s"
            break
        result: Result = {"status": "ok" if done.returncode == 0 else "error", "phases": {}}
        result["peak_rss_mib"] = done.max_rss_mib
        if json_line:
            lines = done.stdout.strip().splitlines()
            try:
                result = json.loads(lines[-1]) if done.returncode == 0 and lines else {}
            except json.JSONDecodeError:
                result = {}
        if result.get("status") == "missing":
            outcome.status, outcome.reason = "missing", str(result.get("reason", "?"))
            break
        if result.get("status") != "ok":
            outcome.status, outcome.reason = "error", f"exit {done.returncode}: {done.tail()}"
            print(done.stderr, file=sys.stderr)
            break
        result["phases"]["wall"], result["cpu"] = done.wall, done.cpu
        outcome.runs.append(result)
        headline = result["phases"][tool.best_by]
        print(f"  {tool.name}: run {attempt}/{repeat}: {headline:.3f} s (wall {done.wall:.3f} s)",
              file=sys.stderr)  # fmt: skip
    if outcome.status != "ok":
        print(f"  {tool.name}: {outcome.status}: {outcome.reason}", file=sys.stderr)
    return outcome


# ---------------------------------------------------------------------------------------
# Reports and options
# ---------------------------------------------------------------------------------------


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]], align: str) -> list[str]:
    """A Markdown table; ``align`` has one letter per column, ``l`` or ``r``."""
    rule = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    lines = ["| " + " | ".join(header) + " |", rule]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def results_table(outcomes: Sequence[Outcome], reference: str, *, cpu: bool = False) -> str:
    """Best runs, one row per ``Row``: seconds, the ratio to mi-refs's ``reference`` phase,
    (the process's CPU seconds on ``wall`` rows), peak RSS on the headline or only row."""
    mine = next((o.best for o in outcomes if o.tool.name == "mi-refs" and o.best), None)
    base = float(mine["phases"][reference]) if mine else None
    header = ["tool", "what is timed", "seconds", "ratio to mi-refs"]
    header += ["process CPU s"] * cpu + ["peak RSS (MiB)"]
    rows = []
    for outcome in outcomes:
        best = outcome.best
        if best is None:
            rows.append([outcome.tool.label, outcome.cell()] + ["—"] * (len(header) - 2))
            continue
        for row in outcome.tool.rows:
            seconds = float(best["phases"][row.phase])
            cells = [outcome.tool.label, f"{seconds:.3f}", f"{seconds / base:.2f}" if base else "—"]
            if row.headline:
                cells = [f"**{cell}**" for cell in cells]
            shown = [cells[0], row.description, *cells[1:]]
            if cpu:
                shown.append(f"{float(best['cpu']):.3f}" if row.phase == "wall" else "")
            alone = row.headline or len(outcome.tool.rows) == 1
            shown.append(f"{float(best['peak_rss_mib']):.0f}" if alone else "")
            rows.append(shown)
    return "\n".join(markdown_table(header, rows, "llrr" + "r" * cpu + "r"))


def write_json(path: Path | None, args: argparse.Namespace, **results: Any) -> None:
    """The run as JSON: the options, the machine, and ``results``."""
    if path is None:
        return
    options = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    payload = {"script": Path(sys.argv[0]).name, "options": options,
               "machine": dict(machine_info()), **results}  # fmt: skip
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str) + "\n")
    print(f"JSON results in {path}", file=sys.stderr)


def add_common_options(
    parser: argparse.ArgumentParser, *, seed: int, timeout: float, repeat: int, repeat_help: str,
    workdir_help: str,
) -> None:  # fmt: skip
    """--repeat, --seed, --timeout, --workdir and --json, which every benchmark has."""
    parser.add_argument("--repeat", type=int, default=repeat, metavar="R", help=repeat_help)
    parser.add_argument("--seed", type=int, default=seed, help="seed for the synthetic data")
    what = f"time allowed for one run of one tool (default {timeout:g})"
    parser.add_argument("--timeout", type=float, default=timeout, metavar="SECONDS", help=what)
    parser.add_argument("--workdir", type=Path, metavar="DIR", help=workdir_help)
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results here")


@contextlib.contextmanager
def work_directory(kept: Path | None, prefix: str) -> Iterator[Path]:
    """``kept`` (created), or a temporary directory removed afterwards."""
    if kept is not None:
        kept.mkdir(parents=True, exist_ok=True)
        yield kept.resolve()
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield Path(tmp)
