#!/usr/bin/env python3
"""Benchmark: cite a large Markdown document (number its citations, insert its AMA list),
mi-refs vs ``pandoc --citeproc``.

One run writes N synthetic journal articles (default 1,000; the harness's generator and
seed, as ``render.py``) and a Markdown letter of about 1 MB with M citations (default 5,000;
seeded): a title, an e-mail address and a URL (not citations), headings, prose, bulleted and
numbered lists, pandoc citations of every form (``[@key]``, clusters ``[@a; @b]`` of 2 to
12 keys, locators ``[@key, p. 4]``, narrative ``@key`` and ``@key [p. 4]``), every article
cited at least once, the list where the ``::: {#refs}`` block is. It then times, each in a
fresh process, best of ``--repeat``: mi-refs's API (``mi_refs.load(bib)`` then
``mi_refs.cite_text(text, bib)``, inside the subprocess, and its wall time), the
``mi-refs cite`` command, ``pandoc --citeproc`` with the CSL AMA style and the same .bib,
and pandoc without citeproc (context); checks each output (a superscript per citation, a
list entry per cited article, the numbers mi-refs and pandoc agree on) and prints the
machine, a Markdown table and the checks.

A missing tool is reported as such (exit 0); exit 1 if a tool that is there crashed or
timed out, or mi-refs wrote the wrong number of superscripts or list entries.

Usage::

    python benchmarks/cite.py [--citations M] [--references N] [--quick] [--repeat R]
                              [--workdir DIR] [--skip-pandoc]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import harness as h
from harness import Result, Row, Tool

DEFAULT_CITATIONS = 5_000
DEFAULT_REFERENCES = 1_000
QUICK_CITATIONS, QUICK_REFERENCES = 500, 100
TARGET_SECONDS = 1.0

# ---------------------------------------------------------------------------------------
# Synthetic document
# ---------------------------------------------------------------------------------------

SECTIONS = h.split_words(
    "Background; Disease overview and epidemiology; Mechanism of action; Efficacy in "
    "randomized clinical trials; Real-world evidence; Safety and tolerability; Use in special "
    "populations; Dosing and administration; Drug interactions; Comparative effectiveness; "
    "Guideline recommendations; Health economics; Ongoing studies; Off-label use; Summary of "
    "the evidence",
    ";",
)
SUBSECTIONS = h.split_words(
    "Adults; Older adults; Children and adolescents; Pregnancy and lactation; Renal "
    "impairment; Hepatic impairment; Long-term follow-up; Subgroup analyses; Observational "
    "cohorts; Case reports and case series; Meta-analyses; Adverse events of special interest",
    ";",
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
SHOWCASE = (
    "This response summarizes the published evidence on {intervention} in {condition}{c1}. "
    "Several randomized trials are relevant{c2}: their results are summarized below. "
    "{n3} reported {outcome} in {population}{c4}. Guidelines differ in their "
    "recommendations{c5}, and some data are unpublished{c6}."
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
        return h.fill(rng.choice(NARRATIVE_SENTENCES), rng, n=citation)
    return h.fill(rng.choice(BRACKETED_SENTENCES), rng, c=citation)


def _body(shapes: Sequence[Shape], chosen: Sequence[Sequence[str]], position: int,
          doc: Document, rng: random.Random) -> list[str]:  # fmt: skip
    """The letter's sections from citation ``position`` on: headings, paragraphs (about
    30% of their sentences without a citation) and lists (one citation per item)."""
    out: list[str] = []
    section = blocks_left = 0
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
                    sentences.append(h.fill(rng.choice(PLAIN_SENTENCES), rng))
                else:
                    sentences.append(_sentence(shapes[position], chosen[position], rng))
                    position += 1
            out += [" ".join(sentences), ""]
            doc.paragraphs += 1
        else:
            items = []
            for number in range(1, rng.randint(3, 6) + 1):
                if position >= len(shapes):
                    break
                marker = f"{number}." if roll >= 0.92 else "-"
                items.append(f"{marker} {_sentence(shapes[position], chosen[position], rng)}")
                position += 1
            out += [*items, ""]
            doc.list_items += len(items)
    return out


def generate_document(articles: Sequence[h.Article], citations: int, seed: int) -> Document:
    """A Markdown MI letter with ``citations`` citations of ``articles`` (seeded)."""
    rng = random.Random(seed + 1)
    keys = [article.key for article in articles]
    forms = ((0, 1, 0), (0, 4, 0), (1, 1, 0), (0, 1, 1), (0, 2, 0), (0, 2, 1))
    showcase = [Shape(bool(n), (bool(loc),) + (False,) * (size - 1)) for n, size, loc in forms]
    shapes = showcase[: min(len(showcase), citations)]
    shapes += _plan(citations - len(shapes), len(keys), rng)
    chosen = _assign_keys(shapes, keys, rng)
    doc = Document(
        text="", citations=len(shapes),
        cited_keys=len({key for cluster in chosen for key in cluster}),
        key_uses=sum(len(cluster) for cluster in chosen),
        narrative=sum(shape.narrative for shape in shapes),
        clusters=sum(len(shape.locators) > 1 for shape in shapes),
        with_locator=sum(any(shape.locators) for shape in shapes), headings=2,
    )  # fmt: skip
    title = h.fill("{Intervention} in {condition}", rng)
    out = [f"# Medical information response: {title}", "",
           "Prepared by Medical Information for a health care professional. Questions: "
           "medinfo@example.org or <https://www.example.org/medical-information>.", "",
           "## Summary", ""]  # fmt: skip
    position = 0
    if len(shapes) >= len(showcase):
        fields = {f"c{i}": _citation(shapes[i - 1], chosen[i - 1], rng) for i in (1, 2, 4, 5, 6)}
        fields["n3"] = _citation(shapes[2], chosen[2], rng)
        out += [h.fill(SHOWCASE, rng, **fields), ""]
        doc.paragraphs += 1
        position = len(showcase)
    out += _body(shapes, chosen, position, doc, rng)
    out += ["## References", "", "::: {#refs}", ":::", ""]
    doc.headings += 1
    doc.text = "\n".join(out)
    return doc


# ---------------------------------------------------------------------------------------
# Worker (mi-refs's API, in its own subprocess) and tools
# ---------------------------------------------------------------------------------------


def worker_mi_refs(doc: str, bib: str, out: str) -> Result:
    clock = h.Stopwatch()
    import mi_refs

    clock.lap("import")
    h.need(mi_refs, "load", "cite_text")
    bibliography = mi_refs.load(bib)
    clock.lap("load")
    text = Path(doc).read_text(encoding="utf-8")
    cited = mi_refs.cite_text(text, bibliography, format="markdown").text
    clock.lap("cite")
    clock.total("total", "load", "cite")
    Path(out).write_text(cited, encoding="utf-8")
    return {"module": getattr(mi_refs, "__file__", None), "phases": clock.phases}


TOOLS: tuple[Tool, ...] = (
    Tool("mi-refs", "mi-refs (AMA)", "total", (
        Row("load", "`mi_refs.load(bib)`: parse the BibTeX, decode LaTeX"),
        Row("cite", "`mi_refs.cite_text(doc, bib)`: read, find, number, place, render the list"),
        Row("total", "load + cite", headline=True),
        Row("wall", "whole subprocess (Python start, import, load, cite, write)"),
    ), "mi-refs.md"),
    Tool("mi-refs-cli", "`mi-refs cite` command", "wall", (
        Row("wall", "whole process: `mi-refs cite DOC --bib BIB -o OUT`"),
    ), "mi-refs-cli.md"),
    Tool("pandoc", "pandoc --citeproc (CSL AMA)", "wall", (
        Row("wall", "whole process: read Markdown + BibTeX, citeproc, write Markdown",
            headline=True),
    ), "pandoc.md"),
    Tool("pandoc-plain", "pandoc, no citeproc", "wall", (
        Row("wall", "whole process: Markdown → Markdown only (context)"),
    ), "pandoc-plain.md"),
)  # fmt: skip


@dataclass
class Pandoc:
    """How pandoc will be run, or why not."""

    argv_base: list[str] = field(default_factory=list)
    citeproc: list[str] = field(default_factory=list)
    version: str = "not installed"
    reason: str = ""
    bibliography: Path | None = None
    notes: list[str] = field(default_factory=list)


def prepare_pandoc(bib: Path, articles: Sequence[h.Article], workdir: Path) -> Pandoc:
    """Find pandoc and its citeproc option; check that its BibTeX reader reads the .bib
    (else give it CSL-JSON of the same records, made before timing)."""
    setup = Pandoc()
    if why := h.missing(programs=["pandoc"], paths=[h.AMA_CSL]):
        setup.reason = why + (" (apt-get install pandoc)" if "pandoc" in why else "")
        return setup
    done = subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=False)
    text = done.stdout
    setup.version = (text.splitlines() or ["pandoc ?"])[0]
    if library := re.search(r"citeproc ([\d.]+)", text):
        setup.version += f" (Haskell citeproc {library.group(1)})"
    version = tuple(int(part) for part in re.findall(r"\d+", setup.version.split()[1])[:4])
    if version >= (2, 11):
        setup.citeproc = ["--citeproc"]
    elif h.missing(programs=["pandoc-citeproc"]) is None:
        setup.citeproc = ["--filter", "pandoc-citeproc"]
    else:
        setup.reason = f"{setup.version} is older than 2.11 and pandoc-citeproc is missing"
        return setup
    # -citations: write the citeproc result, not pandoc citations; keep the line breaks.
    setup.argv_base = ["pandoc", "-f", "markdown", "-t", "markdown-citations", "--wrap=preserve"]
    probe = subprocess.run(["pandoc", "-f", "bibtex", "-t", "csljson", str(bib)],
                           capture_output=True, text=True, check=False)  # fmt: skip
    try:
        count = len(json.loads(probe.stdout)) if probe.returncode == 0 else -1
    except json.JSONDecodeError:
        count = -1
    if count == len(articles):
        setup.bibliography = bib
        setup.notes.append(f"pandoc's BibTeX reader read all {count:,} entries of refs.bib; "
                           "pandoc was given the same .bib as mi-refs.")  # fmt: skip
    else:
        setup.bibliography = h.write_csl_json(articles, workdir / "refs.json")
        why = (probe.stderr.strip().splitlines() or [f"{count} entries read"])[-1]
        setup.notes.append(f"pandoc's BibTeX reader failed on refs.bib ({why}); pandoc was "
                           "given the same records as CSL-JSON (refs.json), converted by this "
                           "harness before timing.")  # fmt: skip
    return setup


def command(tool: Tool, doc: Path, bib: Path, out: Path, setup: Pandoc) -> list[str] | str:
    """The argv (run in the work directory, so that no mi-refs settings file applies), or
    why the tool cannot run."""
    if tool.name == "mi-refs":
        return [sys.executable, str(Path(__file__).resolve()), "--worker", str(doc), str(bib),
                str(out)]  # fmt: skip
    if tool.name == "mi-refs-cli":
        return [sys.executable, "-m", "mi_refs", "cite", str(doc), "--bib", str(bib), "-o",
                str(out)]  # fmt: skip
    if not setup.argv_base:
        return setup.reason
    extra = [*setup.citeproc, "--csl", str(h.AMA_CSL), "--bibliography", str(setup.bibliography)]
    extra = extra if tool.name == "pandoc" else []
    return [*setup.argv_base, *extra, str(doc), "-o", str(out)]


# ---------------------------------------------------------------------------------------
# Checking the outputs, report
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
        superscripts=_SUPERSCRIPT.findall(body), entries=len(entries),
        first_entry=entries[0] if entries else "",
        first_paragraph=paragraphs[0].strip() if paragraphs else "",
        after_punctuation=len(re.findall(r"[.,]" + _SUPERSCRIPT.pattern, body)),
        before_punctuation=len(re.findall(_SUPERSCRIPT.pattern + r"[.,]", body)),
    )  # fmt: skip


def cited_numbers(superscript: str) -> frozenset[int]:
    """The reference numbers a superscript stands for, locators left out:
    ``1-3,5(p4)`` and pandoc's ``1--3,5,\\ p.\\ 4`` both give {1, 2, 3, 5}."""
    numbers: set[int] = set()
    for part in superscript.replace("\\ ", " ").replace("–", "-").split(","):
        run = re.match(r"\s*(\d+)(?:-+(\d+))?", part)
        if run is not None:  # else a locator's own text, such as " table 3"
            first = int(run.group(1))
            numbers.update(range(first, int(run.group(2) or first) + 1))
    return frozenset(numbers)


def checks_section(
    outcomes: Sequence[h.Outcome], doc: Document, workdir: Path
) -> tuple[list[str], bool]:
    """The output checks as Markdown lines, and whether a check of mi-refs failed."""
    lines, failed, checks = ["## Checks", ""], False, {}
    for outcome in outcomes:
        name = outcome.tool.name
        check = None
        if outcome.best is not None and name != "pandoc-plain":
            check = check_output(workdir / outcome.tool.output, pandoc=name == "pandoc")
        if check is None:
            continue
        checks[name] = check
        ok = len(check.superscripts) == doc.citations and check.entries == doc.cited_keys
        failed = failed or (name.startswith("mi-refs") and not ok)
        lines.append(
            f"- {outcome.tool.label}: {len(check.superscripts):,} superscripts (expected "
            f"{doc.citations:,}), {check.entries:,} list entries (expected "
            f"{doc.cited_keys:,}): {'ok' if ok else '**wrong**'}; {check.after_punctuation:,} "
            f"superscripts after a period or comma, {check.before_punctuation:,} before one"
        )
    ours, theirs = checks.get("mi-refs"), checks.get("pandoc")
    if ours is not None and theirs is not None:
        pairs = list(zip(ours.superscripts, theirs.superscripts, strict=False))
        same = sum(cited_numbers(a) == cited_numbers(b) for a, b in pairs)
        identical = sum(a == b for a, b in pairs)
        lines += ["", f"mi-refs and pandoc cite the same reference numbers in {same:,} of "
                  f"{len(ours.superscripts):,} superscripts (both number by first citation); "
                  f"{identical:,} are written identically (pandoc writes runs `1--3`, an en dash "
                  "in its Markdown, and some locators as `6, table 3`)."]  # fmt: skip
    samples = [f"{o.tool.label}:\n\n{checks[o.tool.name].first_paragraph}\n\n"
               f"    {checks[o.tool.name].first_entry}\n"
               for o in outcomes if o.tool.name in set(checks) - {"mi-refs-cli"}]  # fmt: skip
    lines.append("")
    if samples:
        lines += ["## First paragraph and first reference as written", "", "````markdown",
                  *samples, "````", ""]  # fmt: skip
    return lines, failed


def report(outcomes: Sequence[h.Outcome], *, doc: Document, machine: list[tuple[str, str]],
           args: argparse.Namespace, bib: Path, doc_path: Path, setup: Pandoc,
           workdir: Path) -> tuple[str, bool]:  # fmt: skip
    parts = [
        f"# mi-refs cite benchmark: {doc.citations:,} citations of {args.references:,} articles",
        "", "## Machine", "", *[f"- {name}: {value}" for name, value in machine], "",
        "## Data", "",
        f"- refs.bib: {args.references:,} `@article` entries, seed {args.seed}, "
        f"{bib.stat().st_size / 1e6:.2f} MB",
        f"- letter.md: {doc_path.stat().st_size / 1e6:.2f} MB, {doc.citations:,} citations "
        f"({doc.narrative:,} narrative, {doc.clusters:,} clusters of 2-12 keys, "
        f"{doc.with_locator:,} with a locator), {doc.key_uses:,} keys cited, "
        f"{doc.cited_keys:,} distinct; {doc.paragraphs:,} paragraphs, {doc.list_items:,} "
        f"list items, {doc.headings:,} headings",
        *[f"- {note}" for note in setup.notes], "", "## Results", "",
        f"Best of {args.repeat} runs, each in a fresh process. The mi-refs API rows are timed "
        "inside the subprocess (imports apart); the other rows are the wall time of the whole "
        "process. The ratio is seconds divided by mi-refs's load + cite. *Process CPU* is the "
        "user + system time of the whole process (from `wait4`): less sensitive than wall "
        "time to other work on the machine.", "", h.results_table(outcomes, "total", cpu=True),
        "",
    ]  # fmt: skip
    best = {o.tool.name: o.best for o in outcomes if o.best is not None}
    if "mi-refs" in best:
        total = float(best["mi-refs"]["phases"]["total"])
        verdict = "under" if total < TARGET_SECONDS else "**over**"
        parts.append(f"mi-refs load + cite: {total:.3f} s, {verdict} the "
                     f"{TARGET_SECONDS:g}-second target.")  # fmt: skip
        if "pandoc" in best:
            ratio = best["pandoc"]["phases"]["wall"] / best["mi-refs"]["phases"]["wall"]
            parts.append(f"Whole process against whole process, pandoc takes {ratio:.2f} "
                         "times as long as mi-refs.")  # fmt: skip
        parts.append("")
    lines, failed = checks_section(outcomes, doc, workdir)
    return "\n".join(parts + lines), failed


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--citations",
        type=int,
        default=DEFAULT_CITATIONS,
        metavar="M",
        help=f"citations in the document (default {DEFAULT_CITATIONS:,})",
    )
    parser.add_argument(
        "--references",
        type=int,
        default=DEFAULT_REFERENCES,
        metavar="N",
        help=f"articles in the .bib (default {DEFAULT_REFERENCES:,})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_CITATIONS:,} citations of {QUICK_REFERENCES:,} articles (a smoke run)",
    )
    h.add_common_options(
        parser,
        seed=h.DEFAULT_SEED,
        timeout=600,
        repeat=3,
        repeat_help="runs per tool, best is reported (default 3)",
        workdir_help="keep refs.bib, letter.md and each tool's output (TOOL.md) here",
    )
    parser.add_argument("--skip-pandoc", action="store_true", help="time mi-refs only")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("worker_args", nargs="*", help=argparse.SUPPRESS)  # fmt: skip
    args = parser.parse_args(argv)
    if args.quick:
        args.citations, args.references = QUICK_CITATIONS, QUICK_REFERENCES
    if args.citations < 1 or args.references < 1 or args.repeat < 1:
        parser.error("--citations, --references and --repeat must be positive")
    if args.worker_args and not args.worker:
        parser.error("unexpected positional arguments")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return h.worker(worker_mi_refs, *args.worker_args)
    with h.work_directory(args.workdir, "mi-refs-cite-bench-") as workdir:
        print(f"Generating {args.references:,} articles and a document with "
              f"{args.citations:,} citations (seed {args.seed}) in {workdir} ...",
              file=sys.stderr)  # fmt: skip
        articles = h.generate_articles(args.references, args.seed)
        bib = h.write_bib(articles, workdir / "refs.bib", "cite.py")
        doc = generate_document(articles, args.citations, args.seed)
        doc_path = workdir / "letter.md"
        doc_path.write_text(doc.text, encoding="utf-8")
        if doc.cited_keys < args.references:
            print(f"  note: {args.citations:,} citations cite only {doc.cited_keys:,} of the "
                  f"{args.references:,} articles", file=sys.stderr)  # fmt: skip
        setup = Pandoc(version="skipped (--skip-pandoc)", reason="skipped (--skip-pandoc)")
        if not args.skip_pandoc:
            setup = prepare_pandoc(bib, articles, workdir)
        machine = h.machine_info(pandoc=setup.version)
        machine.append(("load average before the runs", h.load_average()))
        outcomes = []
        for tool in TOOLS:
            if not (args.skip_pandoc and tool.name.startswith("pandoc")):
                print(f"Timing {tool.name} ...", file=sys.stderr)
                argv_ = command(tool, doc_path, bib, workdir / tool.output, setup)
                run = h.measure(tool, argv_, repeat=args.repeat, timeout=args.timeout,
                                cwd=workdir, json_line=tool.name == "mi-refs")  # fmt: skip
                outcomes.append(run)
        # other work on the machine skews the times
        machine.append(("load average after the runs", h.load_average()))
        text, failed = report(outcomes, doc=doc, machine=machine, args=args, bib=bib,
                              doc_path=doc_path, setup=setup, workdir=workdir)  # fmt: skip
        print(text)
    h.write_json(args.json, args, outcomes=[o.to_json() for o in outcomes], checks_failed=failed)
    crashed = any(o.failed for o in outcomes if o.tool.name in {"mi-refs", "mi-refs-cli", "pandoc"})
    return 1 if crashed or failed else 0


if __name__ == "__main__":
    sys.exit(main())
