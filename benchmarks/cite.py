#!/usr/bin/env python3
"""Benchmark: cite a large Markdown document (number its citations, insert its AMA list),
mi-refs vs ``pandoc --citeproc``.

One run of this script

1. generates, deterministically (seeded), a BibTeX file of N journal articles (default
   1,000; the generator of ``benchmarks/render.py``) and a Markdown document of about
   1 MB with M citations (default 5,000) over those articles: a title, an e-mail address
   and a URL (not citations), headings, paragraphs of prose, bulleted and numbered lists,
   and pandoc citations of every form, ``[@key]``, clusters ``[@a; @b; ...]`` of 2 to 12
   keys, locators ``[@key, p. 4]``, ``[@a, pp. 12-14; @b]``, ``[@key, fig. 2]``, narrative
   ``@key`` and ``@key [p. 4]``, keys cited again and again; every article is cited at
   least once; the list goes where the document's ``::: {#refs}`` block is;
2. times, each in a fresh subprocess, best of ``--repeat`` runs:

   * mi-refs through its API, ``mi_refs.load(bib)`` then ``mi_refs.cite(doc, bib)``, timed
     inside the subprocess (imports apart), and the subprocess's wall time;
   * the ``mi-refs cite DOC --bib BIB -o OUT`` command (``python -m mi_refs``), wall time;
   * ``pandoc --citeproc`` with ``american-medical-association.csl`` and the same .bib,
     Markdown to Markdown, wall time (pandoc is a native program; it cannot be timed from
     inside); and, for context, pandoc Markdown to Markdown without ``--citeproc``;

3. checks each output: as many superscripts as citations, as many list entries as cited
   articles, and how many superscripts mi-refs and pandoc number identically;
4. prints the machine, a Markdown table of the results (seconds and the ratio to mi-refs's
   load + cite), the checks, and the first paragraph as each tool wrote it.

A tool that is missing (pandoc not installed, mi-refs without ``cite``) is reported as such
and the script exits 0; it exits 1 only if a tool that is there crashed, timed out or
produced the wrong number of superscripts or list entries. No network access is needed.

Usage::

    python benchmarks/cite.py [--citations M] [--references N] [--repeat R]
                              [--workdir DIR] [--skip-pandoc]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SRC = REPO / "src"
CSL_DIR = Path(os.environ.get("MI_REFS_CSL_DIR", REPO.parent / "shared" / "csl"))
AMA_CSL = CSL_DIR / "american-medical-association.csl"

DEFAULT_CITATIONS = 5_000
DEFAULT_REFERENCES = 1_000
DEFAULT_SEED = 20_241_009
TARGET_SECONDS = 1.0


def _load_render_module() -> ModuleType:
    """benchmarks/render.py, for its article generator and machine description."""
    name = "mi_refs_benchmark_render"
    spec = importlib.util.spec_from_file_location(name, HERE / "render.py")
    if spec is None or spec.loader is None:  # pragma: no cover - the file is next to this one
        raise ImportError(f"cannot load {HERE / 'render.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


RENDER = _load_render_module()

# ---------------------------------------------------------------------------------------
# Synthetic document
# ---------------------------------------------------------------------------------------

SECTIONS = (
    "Background",
    "Disease overview and epidemiology",
    "Mechanism of action",
    "Efficacy in randomized clinical trials",
    "Real-world evidence",
    "Safety and tolerability",
    "Use in special populations",
    "Dosing and administration",
    "Drug interactions",
    "Comparative effectiveness",
    "Guideline recommendations",
    "Health economics",
    "Ongoing studies",
    "Off-label use",
    "Summary of the evidence",
)
SUBSECTIONS = (
    "Adults",
    "Older adults",
    "Children and adolescents",
    "Pregnancy and lactation",
    "Renal impairment",
    "Hepatic impairment",
    "Long-term follow-up",
    "Subgroup analyses",
    "Observational cohorts",
    "Case reports and case series",
    "Meta-analyses",
    "Adverse events of special interest",
)

# Sentences that end on, or hold, a bracketed citation ({c} is " [@key...]"): the
# citation before a period (most), before a comma, before a colon or a semicolon.
BRACKETED_SENTENCES = (
    "{Intervention} reduced {outcome} in {population} with {condition}{c}.",
    "The effect of {intervention} on {outcome} was consistent across subgroups defined by "
    "age, sex and baseline {acronym} status{c}.",
    "Rates of {outcome} were similar with {intervention} and {intervention2}{c}.",
    "No new safety signals were identified in {population} treated with {intervention}{c}.",
    "{Condition} affects an estimated {n} per 100,000 {population} each year{c}.",
    "Several guidelines recommend {intervention} as second-line therapy for {condition}{c}.",
    "In {design}, {outcome} improved by {pct}% with {intervention} compared with placebo{c}.",
    "Median time to response was {weeks} weeks, and responses were durable in most "
    "{population}{c}.",
    "Discontinuation because of adverse events occurred in {pct}% of patients receiving "
    "{intervention}{c}.",
    "The association between {acronym} status and {outcome} remained after adjustment for "
    "age, comorbidity and prior therapy{c}.",
    "Data on {intervention} in {population} with {condition} come mainly from {design}{c}.",
    "Pharmacokinetic exposure to {intervention} was not affected by mild renal impairment{c}.",
    "In {design} of {n2} {population}{c}, {intervention} was associated with lower {outcome}.",
    "Compared with {intervention2}{c}, {intervention} had a similar effect on {outcome}.",
    "Among {population} with {condition}{c}, the risk of {outcome} rose with age.",
    "Three findings are relevant to this question{c}: {outcome} fell, {outcome2} did not "
    "change and no new safety signals emerged.",
    "The evidence for {intervention} in {condition} is mostly observational{c}; randomized "
    "data in {population} are limited.",
    "Two approaches have been studied{c}: {intervention} and {intervention2}.",
)
# Sentences with a narrative citation ({n} is "@key" or "@key [p. 4]").
NARRATIVE_SENTENCES = (
    "{n} reported {outcome} in {population} with {condition} treated with {intervention}.",
    "In {design}, {n} found no difference in {outcome} between {intervention} and {intervention2}.",
    "As described by {n}, {intervention} was generally well tolerated.",
    "{n} observed a response rate of {pct}% among {population} with {condition}.",
    "The largest cohort to date, from {n}, followed {n2} {population} for a median of "
    "{weeks} months.",
)
# Sentences without a citation.
PLAIN_SENTENCES = (
    "The product is not approved for this indication in every country.",
    "Interpretation is limited by small sample sizes and short follow-up.",
    "Please refer to the local prescribing information for dosing recommendations.",
    "Most of these studies enrolled patients who had received at least two prior lines of therapy.",
    "Heterogeneity between studies was moderate, and the certainty of the evidence was "
    "graded as low.",
    "These results should be interpreted with caution because of the retrospective design.",
    "The company does not recommend the use of its products outside their approved labelling.",
    "Definitions of response varied between studies.",
    "Follow-up ranged from {weeks} weeks to {n} months.",
    "Outcomes were assessed by investigators and were not centrally adjudicated.",
)
LOCATORS = (
    ("p.", lambda rng: str(rng.randint(1, 40))),
    ("pp.", lambda rng: f"{(start := rng.randint(1, 30))}-{start + rng.randint(1, 5)}"),
    ("fig.", lambda rng: str(rng.randint(1, 6))),
    ("table", lambda rng: str(rng.randint(1, 5))),
)


@dataclass(frozen=True)
class Shape:
    """One citation before its keys are chosen: narrative or bracketed, how many keys,
    which of them carry a locator."""

    narrative: bool
    locators: tuple[bool, ...]


@dataclass
class Document:
    """The generated Markdown and what a correct citer must make of it."""

    text: str
    citations: int  # superscripts expected
    cited_keys: int  # list entries expected
    key_uses: int
    narrative: int
    clusters: int
    with_locator: int
    paragraphs: int = 0
    list_items: int = 0
    headings: int = 0


def _plan(count: int, references: int, rng: random.Random) -> list[Shape]:
    """The citations' forms: about 8% narrative, 50% one key, 42% clusters of 2 to 12."""
    shapes: list[Shape] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.08:
            shapes.append(Shape(True, (rng.random() < 0.2,)))
        elif roll < 0.58:
            shapes.append(Shape(False, (rng.random() < 0.12,)))
        else:
            size = min(12, references, max(2, int(rng.triangular(2, 13, 2))))
            shapes.append(Shape(False, tuple(rng.random() < 0.05 for _ in range(size))))
    return shapes


def _assign_keys(
    shapes: Sequence[Shape], keys: Sequence[str], rng: random.Random
) -> list[list[str]]:
    """Keys for every citation: new keys spread evenly over the document so that every key
    is cited when there are enough slots, the others cited again (recent ones more often);
    the keys of one cluster are distinct."""
    fresh = list(keys)
    rng.shuffle(fresh)
    fresh.reverse()  # pop() from the end
    cited: list[str] = []
    slots = sum(len(shape.locators) for shape in shapes)
    used = 0
    chosen: list[list[str]] = []
    for shape in shapes:
        cluster: list[str] = []
        for _ in shape.locators:
            remaining = slots - used
            used += 1
            want_new = bool(fresh) and (
                len(fresh) >= remaining or rng.random() < len(fresh) / remaining * 1.05
            )
            candidates = [key for key in cited[-60:] if key not in cluster]
            if not want_new and rng.random() < 0.3:
                candidates = [key for key in cited if key not in cluster]
            if want_new or not candidates:
                if fresh:
                    key = fresh.pop()
                    cited.append(key)
                else:  # fewer keys than a cluster needs: any other cited key
                    key = rng.choice([key for key in cited if key not in cluster])
            else:
                key = rng.choice(candidates)
            cluster.append(key)
        chosen.append(cluster)
    return chosen


def _locator(rng: random.Random) -> str:
    label, value = rng.choice(LOCATORS)
    return f"{label} {value(rng)}"


def _fill(template: str, rng: random.Random, **extra: str) -> str:
    intervention, intervention2 = rng.sample(RENDER.INTERVENTIONS, 2)
    outcome, outcome2 = rng.sample(RENDER.OUTCOMES, 2)
    values = {
        "intervention": intervention,
        "intervention2": intervention2,
        "outcome": outcome,
        "outcome2": outcome2,
        "condition": rng.choice(RENDER.CONDITIONS),
        "population": rng.choice(RENDER.POPULATIONS),
        "design": rng.choice(RENDER.DESIGNS),
        "acronym": rng.choice(RENDER.ACRONYMS),
        "n": str(rng.randint(2, 60)),
        "n2": f"{rng.randint(40, 12_000):,}",
        "pct": str(rng.randint(3, 85)),
        "weeks": str(rng.randint(2, 52)),
    }
    values.update({name.capitalize(): v[:1].upper() + v[1:] for name, v in list(values.items())})
    values.update(extra)
    return template.format(**values)


def _citation(shape: Shape, keys: Sequence[str], rng: random.Random) -> str:
    if shape.narrative:
        return f"@{keys[0]}" + (f" [{_locator(rng)}]" if shape.locators[0] else "")
    items = [
        f"@{key}, {_locator(rng)}" if located else f"@{key}"
        for key, located in zip(keys, shape.locators, strict=True)
    ]
    return f" [{'; '.join(items)}]"


def _sentence(shape: Shape, keys: Sequence[str], rng: random.Random) -> str:
    citation = _citation(shape, keys, rng)
    if shape.narrative:
        return _fill(rng.choice(NARRATIVE_SENTENCES), rng, n=citation)
    return _fill(rng.choice(BRACKETED_SENTENCES), rng, c=citation)


def _body(
    shapes: Sequence[Shape],
    chosen: Sequence[Sequence[str]],
    position: int,
    doc: Document,
    rng: random.Random,
) -> list[str]:
    """The letter's sections from citation ``position`` on: headings, paragraphs (about
    30% of their sentences without a citation) and lists (one citation per item)."""
    out: list[str] = []
    section = 0
    blocks_left = 0
    while position < len(shapes):
        if blocks_left == 0:
            section += 1
            out += [f"## {section}. {SECTIONS[(section - 1) % len(SECTIONS)]}", ""]
            doc.headings += 1
            blocks_left = rng.randint(12, 30)
        elif rng.random() < 0.15:
            out += [f"### {rng.choice(SUBSECTIONS)}", ""]
            doc.headings += 1
        blocks_left -= 1
        roll = rng.random()
        if roll < 0.80:
            sentences = []
            for _ in range(rng.randint(3, 7)):
                if rng.random() < 0.3 or position >= len(shapes):
                    sentences.append(_fill(rng.choice(PLAIN_SENTENCES), rng))
                else:
                    sentences.append(_sentence(shapes[position], chosen[position], rng))
                    position += 1
            out += [" ".join(sentences), ""]
            doc.paragraphs += 1
        else:
            numbered = roll >= 0.92
            items = []
            for number in range(1, rng.randint(3, 6) + 1):
                if position >= len(shapes):
                    break
                marker = f"{number}." if numbered else "-"
                items.append(f"{marker} {_sentence(shapes[position], chosen[position], rng)}")
                position += 1
            out += [*items, ""]
            doc.list_items += len(items)
    return out


SHOWCASE = (
    "This response summarizes the published evidence on {intervention} in {condition}{c1}. "
    "Several randomized trials are relevant{c2}: their results are summarized below. "
    "{n3} reported {outcome} in {population}{c4}. Guidelines differ in their "
    "recommendations{c5}, and some data are unpublished{c6}."
)


def generate_document(
    articles: Sequence[Any], citations: int, seed: int, *, workdir: Path | None = None
) -> Document:
    """A Markdown MI letter with ``citations`` citations of ``articles`` (seeded)."""
    rng = random.Random(seed + 1)
    keys = [article.key for article in articles]
    showcase = [
        Shape(False, (False,)),
        Shape(False, (False, False, False, False)),
        Shape(True, (False,)),
        Shape(False, (True,)),
        Shape(False, (False, False)),
        Shape(False, (True, False)),
    ]
    shapes = showcase[: min(len(showcase), citations)]
    shapes += _plan(citations - len(shapes), len(keys), rng)
    chosen = _assign_keys(shapes, keys, rng)
    doc = Document(
        text="",
        citations=len(shapes),
        cited_keys=len({key for cluster in chosen for key in cluster}),
        key_uses=sum(len(cluster) for cluster in chosen),
        narrative=sum(shape.narrative for shape in shapes),
        clusters=sum(len(shape.locators) > 1 for shape in shapes),
        with_locator=sum(any(shape.locators) for shape in shapes),
    )
    title = _fill("{Intervention} in {condition}", rng)
    out = [
        f"# Medical information response: {title}",
        "",
        "Prepared by Medical Information for a health care professional. Questions: "
        "medinfo@example.org or <https://www.example.org/medical-information>.",
        "",
        "## Summary",
        "",
    ]
    doc.headings = 2
    position = 0
    if len(shapes) >= len(showcase):
        fields = {f"c{i}": _citation(shapes[i - 1], chosen[i - 1], rng) for i in (1, 2, 4, 5, 6)}
        fields["n3"] = _citation(shapes[2], chosen[2], rng)
        out += [_fill(SHOWCASE, rng, **fields), ""]
        doc.paragraphs += 1
        position = len(showcase)
    out += _body(shapes, chosen, position, doc, rng)
    out += ["## References", "", "::: {#refs}", ":::", ""]
    doc.headings += 1
    doc.text = "\n".join(out)
    if workdir is not None:
        (workdir / "letter.md").write_text(doc.text, encoding="utf-8")
    return doc


def write_inputs(
    references: int, citations: int, seed: int, workdir: Path
) -> tuple[Path, Path, Document]:
    """refs.bib (``references`` articles) and letter.md (``citations`` citations)."""
    articles = RENDER.generate_articles(references, seed)
    bib = workdir / "refs.bib"
    header = f"% mi-refs benchmarks/cite.py: {len(articles)} synthetic journal articles\n\n"
    bib.write_text(header + "\n".join(a.to_bibtex() for a in articles), encoding="utf-8")
    doc = generate_document(articles, citations, seed, workdir=workdir)
    return bib, workdir / "letter.md", doc


def write_csl_json(references: int, seed: int, workdir: Path) -> Path:
    """The same articles as CSL-JSON (for a pandoc whose BibTeX reader fails)."""
    path = workdir / "refs.json"
    items = [a.to_csl_json() for a in RENDER.generate_articles(references, seed)]
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# Worker: mi-refs's API, in its own subprocess; prints one JSON line.
# ---------------------------------------------------------------------------------------


def _peak_rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_mi_refs(doc: str, bib: str, out: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        import mi_refs
    except ImportError as exc:
        return {"status": "missing", "reason": f"cannot import mi_refs: {exc}"}
    t1 = time.perf_counter()
    if not callable(getattr(mi_refs, "cite", None)):
        return {"status": "missing", "reason": "mi_refs has no cite() yet"}
    bibliography = mi_refs.load(bib)
    t2 = time.perf_counter()
    result = mi_refs.cite(doc, bibliography)
    text = result.text
    t3 = time.perf_counter()
    Path(out).write_text(text, encoding="utf-8")
    return {
        "status": "ok",
        "version": getattr(mi_refs, "__version__", None),
        "module": getattr(mi_refs, "__file__", None),
        "phases": {"import": t1 - t0, "load": t2 - t1, "cite": t3 - t2, "total": t3 - t1},
        "peak_rss_mib": _peak_rss_mib(),
    }


# ---------------------------------------------------------------------------------------
# Harness
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    phase: str
    description: str
    headline: bool = False


@dataclass(frozen=True)
class Tool:
    name: str
    label: str
    best_by: str
    rows: tuple[Row, ...]
    output: str  # file name in the work directory


TOOLS: tuple[Tool, ...] = (
    Tool(
        "mi-refs",
        "mi-refs (AMA)",
        "total",
        (
            Row("load", "`mi_refs.load(bib)`: parse the BibTeX, decode LaTeX"),
            Row("cite", "`mi_refs.cite(doc, bib)`: find, number, place, render the list"),
            Row("total", "load + cite", headline=True),
            Row("wall", "whole subprocess (Python start, import, load, cite, write)"),
        ),
        "mi-refs.md",
    ),
    Tool(
        "mi-refs-cli",
        "`mi-refs cite` command",
        "wall",
        (Row("wall", "whole process: `mi-refs cite DOC --bib BIB -o OUT`"),),
        "mi-refs-cli.md",
    ),
    Tool(
        "pandoc",
        "pandoc --citeproc (CSL AMA)",
        "wall",
        (
            Row(
                "wall",
                "whole process: read Markdown + BibTeX, citeproc, write Markdown",
                headline=True,
            ),
        ),
        "pandoc.md",
    ),
    Tool(
        "pandoc-plain",
        "pandoc, no citeproc",
        "wall",
        (Row("wall", "whole process: Markdown → Markdown only (context)"),),
        "pandoc-plain.md",
    ),
)


@dataclass
class Outcome:
    tool: Tool
    status: str = "ok"  # ok | missing | error | timeout
    reason: str = ""
    runs: list[dict[str, Any]] = field(default_factory=list)
    stderr: str = ""

    @property
    def best(self) -> dict[str, Any] | None:
        if not self.runs:
            return None
        return min(self.runs, key=lambda run: float(run["phases"][self.tool.best_by]))


@dataclass
class Finished:
    timed_out: bool
    returncode: int
    stdout: str
    stderr: str
    wall: float
    cpu: float  # user + system seconds
    max_rss_mib: float


def run_process(argv: Sequence[str], *, timeout: float, cwd: Path, env: dict[str, str]) -> Finished:
    """Run argv; its wall time and, from wait4(), its peak RSS (ru_maxrss)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd, env=env)
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
            killed.is_set(),
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
        )


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    if (SRC / "mi_refs").is_dir():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def pandoc_version(pandoc: str) -> tuple[tuple[int, ...], str]:
    text = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=False).stdout
    first = text.splitlines()[0] if text else "pandoc ?"
    numbers = tuple(int(part) for part in re.findall(r"\d+", first.split()[-1])[:4])
    library = re.search(r"citeproc ([\d.]+)", text)
    described = first + (f" (Haskell citeproc {library.group(1)})" if library else "")
    return numbers, described


@dataclass
class Pandoc:
    """How pandoc will be run, or why not."""

    argv_base: list[str] = field(default_factory=list)
    citeproc: list[str] = field(default_factory=list)
    version: str = "not installed"
    reason: str = ""
    bibliography: Path | None = None
    notes: list[str] = field(default_factory=list)


def prepare_pandoc(bib: Path, references: int, seed: int, workdir: Path) -> Pandoc:
    """Find pandoc, its citeproc option, and check that its BibTeX reader reads the .bib
    (else fall back to CSL-JSON made by this harness)."""
    setup = Pandoc()
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        setup.reason = "pandoc not found (apt-get install pandoc)"
        return setup
    version, setup.version = pandoc_version(pandoc)
    if version >= (2, 11):
        setup.citeproc = ["--citeproc"]
    elif shutil.which("pandoc-citeproc"):
        setup.citeproc = ["--filter", "pandoc-citeproc"]
    else:
        setup.reason = f"{setup.version} is older than 2.11 and pandoc-citeproc is missing"
        return setup
    if not AMA_CSL.is_file():
        setup.reason = f"missing {AMA_CSL}"
        return setup
    # -citations: write the citeproc result, not pandoc citations; preserve line breaks
    # as mi-refs does.
    setup.argv_base = [pandoc, "-f", "markdown", "-t", "markdown-citations", "--wrap=preserve"]
    probe = subprocess.run(
        [pandoc, "-f", "bibtex", "-t", "csljson", str(bib)],
        capture_output=True,
        text=True,
        check=False,
    )
    count = -1
    if probe.returncode == 0:
        try:
            count = len(json.loads(probe.stdout))
        except json.JSONDecodeError:
            count = -1
    if count == references:
        setup.bibliography = bib
        setup.notes.append(
            f"pandoc's BibTeX reader read all {references:,} entries of refs.bib; pandoc was "
            "given the same .bib as mi-refs."
        )
    else:
        setup.bibliography = write_csl_json(references, seed, workdir)
        why = probe.stderr.strip().splitlines()[-1:] or [f"{count} entries read"]
        setup.notes.append(
            f"pandoc's BibTeX reader failed on refs.bib ({why[0]}); pandoc was given the same "
            "records as CSL-JSON (refs.json), converted by this harness before timing."
        )
    return setup


def command(
    tool: Tool, doc: Path, bib: Path, out: Path, setup: Pandoc
) -> tuple[list[str], Path] | str:
    """(argv, working directory), or why the tool cannot run."""
    if tool.name == "mi-refs":
        me = str(Path(__file__).resolve())
        return [sys.executable, me, "--worker", str(doc), str(bib), str(out)], REPO
    if tool.name == "mi-refs-cli":
        # In the work directory: no mi-refs settings file applies, as with the API.
        argv = [sys.executable, "-m", "mi_refs", "cite", str(doc), "--bib", str(bib)]
        return [*argv, "-o", str(out)], out.parent
    if not setup.argv_base:
        return setup.reason
    if tool.name == "pandoc":
        assert setup.bibliography is not None
        extra = [*setup.citeproc, "--csl", str(AMA_CSL), "--bibliography", str(setup.bibliography)]
        return [*setup.argv_base, *extra, str(doc), "-o", str(out)], out.parent
    return [*setup.argv_base, str(doc), "-o", str(out)], out.parent


def run_tool(
    tool: Tool, doc: Path, bib: Path, setup: Pandoc, *, repeat: int, timeout: float, workdir: Path
) -> Outcome:
    outcome = Outcome(tool)
    out = workdir / tool.output
    planned = command(tool, doc, bib, out, setup)
    if isinstance(planned, str):
        outcome.status, outcome.reason = "missing", planned
        print(f"  {tool.name}: {planned}", file=sys.stderr)
        return outcome
    argv, cwd = planned
    for attempt in range(1, repeat + 1):
        done = run_process(argv, timeout=timeout, cwd=cwd, env=_worker_env())
        if done.timed_out:
            outcome.status, outcome.reason = "timeout", f"timed out after {timeout:g} s"
            break
        outcome.stderr = done.stderr
        if tool.name == "mi-refs":
            lines = done.stdout.strip().splitlines()
            try:
                result = json.loads(lines[-1]) if done.returncode == 0 and lines else {}
            except json.JSONDecodeError:
                result = {}
            if result.get("status") == "missing":
                outcome.status, outcome.reason = "missing", str(result.get("reason"))
                break
        else:
            result = {"status": "ok" if done.returncode == 0 else "error", "phases": {}}
            result["peak_rss_mib"] = done.max_rss_mib
            if tool.name == "mi-refs-cli" and "invalid choice: 'cite'" in done.stderr:
                outcome.status, outcome.reason = "missing", "mi-refs has no cite command yet"
                break
        if result.get("status") != "ok":
            tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            outcome.status, outcome.reason = "error", f"exit {done.returncode}: {tail}"
            print(done.stderr, file=sys.stderr)
            break
        result["phases"]["wall"] = done.wall
        result["cpu"] = done.cpu
        outcome.runs.append(result)
        headline = result["phases"][tool.best_by]
        print(
            f"  {tool.name}: run {attempt}/{repeat}: {headline:.3f} s (wall {done.wall:.3f} s)",
            file=sys.stderr,
        )
    if outcome.status != "ok":
        print(f"  {tool.name}: {outcome.status}: {outcome.reason}", file=sys.stderr)
    return outcome


# ---------------------------------------------------------------------------------------
# Checking the outputs
# ---------------------------------------------------------------------------------------

# ^...^ with no unescaped space inside (pandoc writes "^6,\\ table\\ 3^").
_SUPERSCRIPT = re.compile(r"\^((?:[^\s^\\]|\\.)+)\^")
_REFERENCES_HEADING = re.compile(r"(?m)^## References[ \t]*$")


@dataclass
class Check:
    superscripts: list[str]
    entries: int
    first_entry: str
    first_paragraph: str
    after_punctuation: int  # superscripts right after . or ,
    before_punctuation: int  # superscripts right before . or ,


def check_output(path: Path, *, pandoc: bool) -> Check | None:
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    heading = _REFERENCES_HEADING.search(text)
    body, listing = (text[: heading.start()], text[heading.end() :]) if heading else (text, "")
    if pandoc:
        entries = re.findall(r"(?m)^::: \{#ref-\S+ \.csl-entry\}\n(.*)$", listing)
        entries = [re.sub(r"\]\{\.csl-[\w-]+\}", "", entry) for entry in entries]
        entries = [re.sub(r"^\[(\d+\. )\[", r"\1", entry) for entry in entries]
    else:
        entries = re.findall(r"(?m)^\d+\. .*$", listing)
    paragraphs = [p for p in body.split("\n\n") if "^" in p]
    return Check(
        superscripts=_SUPERSCRIPT.findall(body),
        entries=len(entries),
        first_entry=entries[0] if entries else "",
        first_paragraph=paragraphs[0].strip() if paragraphs else "",
        after_punctuation=len(re.findall(r"[.,]" + _SUPERSCRIPT.pattern, body)),
        before_punctuation=len(re.findall(_SUPERSCRIPT.pattern + r"[.,]", body)),
    )


def cited_numbers(superscript: str) -> frozenset[int]:
    """The reference numbers a superscript stands for, locators left out:
    ``1-3,5(p4)`` and pandoc's ``1--3,5,\\ p.\\ 4`` both give {1, 2, 3, 5}."""
    numbers: set[int] = set()
    for part in superscript.replace("\\ ", " ").replace("–", "-").split(","):
        run = re.match(r"\s*(\d+)(?:-+(\d+))?", part)
        if run is None:  # a locator's own text, such as " table 3"
            continue
        first = int(run.group(1))
        numbers.update(range(first, int(run.group(2) or first) + 1))
    return frozenset(numbers)


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------


def machine_info(setup: Pandoc) -> list[tuple[str, str]]:
    wanted = {"CPU", "OS", "Python", "mi-refs"}
    info = [(name, value) for name, value in RENDER.machine_info() if name in wanted]
    info.append(("pandoc", setup.version))
    if hasattr(os, "getloadavg"):
        info.append(("load average before the runs", " ".join(f"{x:.2f}" for x in os.getloadavg())))
    return info


def results_table(outcomes: Sequence[Outcome]) -> str:
    reference = None
    for outcome in outcomes:
        if outcome.tool.name == "mi-refs" and outcome.best is not None:
            reference = float(outcome.best["phases"]["total"])
    lines = [
        "| tool | what is timed | seconds | ratio to mi-refs | process CPU s | peak RSS (MiB) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for outcome in outcomes:
        best = outcome.best
        if best is None:
            status = {"missing": "not installed", "timeout": "timed out"}.get(
                outcome.status, outcome.status
            )
            reason = f"{status} ({outcome.reason})".replace("|", "\\|")
            lines.append(f"| {outcome.tool.label} | {reason} | — | — | — | — |")
            continue
        for row in outcome.tool.rows:
            seconds = float(best["phases"][row.phase])
            ratio = f"{seconds / reference:.2f}" if reference else "—"
            value = f"{seconds:.3f}"
            label = outcome.tool.label
            if row.headline:
                label, value, ratio = f"**{label}**", f"**{value}**", f"**{ratio}**"
            rss = ""
            if row.headline or len(outcome.tool.rows) == 1:
                rss = f"{float(best['peak_rss_mib']):.0f}"
            cpu = f"{float(best['cpu']):.3f}" if row.phase == "wall" else ""
            lines.append(f"| {label} | {row.description} | {value} | {ratio} | {cpu} | {rss} |")
    return "\n".join(lines)


def checks_section(
    outcomes: Sequence[Outcome], doc: Document, workdir: Path
) -> tuple[list[str], bool]:
    """The output checks as Markdown lines, and whether a check failed."""
    lines = ["## Checks", ""]
    failed = False
    checks: dict[str, Check] = {}
    for outcome in outcomes:
        if outcome.best is None or outcome.tool.name == "pandoc-plain":
            continue
        check = check_output(workdir / outcome.tool.output, pandoc=outcome.tool.name == "pandoc")
        if check is None:
            continue
        checks[outcome.tool.name] = check
        sup_ok = len(check.superscripts) == doc.citations
        list_ok = check.entries == doc.cited_keys
        verdict = "ok" if sup_ok and list_ok else "**wrong**"
        if outcome.tool.name.startswith("mi-refs") and verdict != "ok":
            failed = True
        lines.append(
            f"- {outcome.tool.label}: {len(check.superscripts):,} superscripts (expected "
            f"{doc.citations:,}), {check.entries:,} list entries (expected "
            f"{doc.cited_keys:,}): {verdict}; {check.after_punctuation:,} superscripts "
            f"after a period or comma, {check.before_punctuation:,} before one"
        )
    ours, theirs = checks.get("mi-refs"), checks.get("pandoc")
    if ours is not None and theirs is not None:
        pairs = list(zip(ours.superscripts, theirs.superscripts, strict=False))
        same = sum(cited_numbers(a) == cited_numbers(b) for a, b in pairs)
        identical = sum(a == b for a, b in pairs)
        lines += [
            "",
            f"mi-refs and pandoc cite the same reference numbers in {same:,} of "
            f"{len(ours.superscripts):,} superscripts (both number by first citation); "
            f"{identical:,} are written identically (pandoc writes runs `1--3`, an en dash in "
            "its Markdown, and some locators as `6, table 3`).",
        ]
    lines.append("")
    samples = [
        f"{outcome.tool.label}:\n\n{checks[outcome.tool.name].first_paragraph}\n\n"
        f"    {checks[outcome.tool.name].first_entry}\n"
        for outcome in outcomes
        if outcome.tool.name in checks and outcome.tool.name != "mi-refs-cli"
    ]
    if samples:
        lines += [
            "## First paragraph and first reference as written",
            "",
            "````markdown",
            *samples,
            "````",
            "",
        ]
    return lines, failed


def report(
    outcomes: Sequence[Outcome],
    *,
    doc: Document,
    machine: Sequence[tuple[str, str]],
    args: argparse.Namespace,
    bib: Path,
    doc_path: Path,
    setup: Pandoc,
    workdir: Path,
) -> tuple[str, bool]:
    parts = [
        f"# mi-refs cite benchmark: {doc.citations:,} citations of {args.references:,} articles",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in machine],
        "",
        "## Data",
        "",
        f"- refs.bib: {args.references:,} `@article` entries, seed {args.seed}, "
        f"{bib.stat().st_size / 1e6:.2f} MB",
        f"- letter.md: {doc_path.stat().st_size / 1e6:.2f} MB, {doc.citations:,} citations "
        f"({doc.narrative:,} narrative, {doc.clusters:,} clusters of 2-12 keys, "
        f"{doc.with_locator:,} with a locator), {doc.key_uses:,} keys cited, "
        f"{doc.cited_keys:,} distinct; {doc.paragraphs:,} paragraphs, {doc.list_items:,} "
        f"list items, {doc.headings:,} headings",
        *[f"- {note}" for note in setup.notes],
        "",
        "## Results",
        "",
        f"Best of {args.repeat} runs, each in a fresh process. The mi-refs API rows are timed "
        "inside the subprocess (imports apart); the other rows are the wall time of the whole "
        "process. The ratio is seconds divided by mi-refs's load + cite. *Process CPU* is the "
        "user + system time of the whole process (from `wait4`): less sensitive than wall "
        "time to other work on the machine.",
        "",
        results_table(outcomes),
        "",
    ]
    best = {o.tool.name: o.best for o in outcomes if o.best is not None}
    if "mi-refs" in best:
        total = float(best["mi-refs"]["phases"]["total"])
        verdict = "under" if total < TARGET_SECONDS else "**over**"
        parts.append(
            f"mi-refs load + cite: {total:.3f} s, {verdict} the {TARGET_SECONDS:g}-second target."
        )
        if "pandoc" in best:
            ours = float(best["mi-refs"]["phases"]["wall"])
            theirs = float(best["pandoc"]["phases"]["wall"])
            parts.append(
                f"Whole process against whole process, pandoc takes {theirs / ours:.2f} times "
                "as long as mi-refs."
            )
        parts.append("")
    lines, failed = checks_section(outcomes, doc, workdir)
    parts += lines
    return "\n".join(parts), failed


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--citations",
        type=int,
        default=DEFAULT_CITATIONS,
        help=f"citations in the document (default {DEFAULT_CITATIONS:,})",
    )
    parser.add_argument(
        "--references",
        type=int,
        default=DEFAULT_REFERENCES,
        help=f"articles in the .bib (default {DEFAULT_REFERENCES:,})",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per tool, best is reported (default 3)"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="random seed for the synthetic data"
    )
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="seconds allowed per run (default 600)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep refs.bib, letter.md and each tool's output (TOOL.md) here",
    )
    parser.add_argument("--skip-pandoc", action="store_true", help="time mi-refs only")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("worker_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.citations < 1 or args.references < 1 or args.repeat < 1:
        parser.error("--citations, --references and --repeat must be positive")
    if args.worker_args and not args.worker:
        parser.error("unexpected positional arguments")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        doc, bib, out = args.worker_args
        print(json.dumps(worker_mi_refs(doc, bib, out), ensure_ascii=False))
        return 0
    with tempfile.TemporaryDirectory(prefix="mi-refs-cite-bench-") as tmp:
        workdir = (args.workdir or Path(tmp)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        print(
            f"Generating {args.references:,} articles and a document with "
            f"{args.citations:,} citations (seed {args.seed}) in {workdir} ...",
            file=sys.stderr,
        )
        bib, doc_path, doc = write_inputs(args.references, args.citations, args.seed, workdir)
        if doc.cited_keys < args.references:
            print(
                f"  note: {args.citations:,} citations cite only {doc.cited_keys:,} of the "
                f"{args.references:,} articles",
                file=sys.stderr,
            )
        setup = Pandoc(version="skipped (--skip-pandoc)", reason="skipped (--skip-pandoc)")
        if not args.skip_pandoc:
            setup = prepare_pandoc(bib, args.references, args.seed, workdir)
        machine = machine_info(setup)
        outcomes = []
        for tool in TOOLS:
            if args.skip_pandoc and tool.name.startswith("pandoc"):
                continue
            print(f"Timing {tool.name} ...", file=sys.stderr)
            outcomes.append(
                run_tool(
                    tool,
                    doc_path,
                    bib,
                    setup,
                    repeat=args.repeat,
                    timeout=args.timeout,
                    workdir=workdir,
                )
            )
        if hasattr(os, "getloadavg"):  # other work on the machine skews the times
            after = " ".join(f"{x:.2f}" for x in os.getloadavg())
            machine.append(("load average after the runs", after))
        text, failed = report(
            outcomes,
            doc=doc,
            machine=machine,
            args=args,
            bib=bib,
            doc_path=doc_path,
            setup=setup,
            workdir=workdir,
        )
        print(text)
    crashed = any(
        outcome.status in {"error", "timeout"}
        for outcome in outcomes
        if outcome.tool.name.startswith("mi-refs") or outcome.tool.name == "pandoc"
    )
    return 1 if crashed or failed else 0


if __name__ == "__main__":
    sys.exit(main())
