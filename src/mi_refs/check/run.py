"""``check``: every reference against PubMed and Crossref, plus the offline checks;
``check_documents``: the superscript numbering of finished letters.

The orchestration only: which entries go to which registry (:mod:`.verify` judges one
entry, :mod:`.suggest` finds identifiers for entries without them), the cached lookups
(:mod:`mi_refs.registries.lookup`), and the ignore rules. The command line composes the two
checks into one report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from mi_refs._version import __version__
from mi_refs.check.chains import follow_chains_by_key
from mi_refs.check.findings import (
    AcknowledgeRule,
    IgnoreRule,
    acknowledged,
    finding_from_problem,
)
from mi_refs.check.labels import check_labels, is_label
from mi_refs.check.offline import check_offline
from mi_refs.check.pairs import check_pairs
from mi_refs.check.report import CheckReport, DocumentReport, EntryReport
from mi_refs.check.suggest import suggest_identifiers
from mi_refs.check.trials import check_trials
from mi_refs.check.verify import (
    REGISTRY_KINDS,
    check_one,
    not_checkable,
    without_identifiers,
)
from mi_refs.model import Bibliography, Finding
from mi_refs.registries.lookup import Lookup, Registries, gather
from mi_refs.registries.records import RegistryRecord
from mi_refs.registries.session import open_lookup

__all__ = ["Registries", "check", "check_documents", "cited_keys"]


def check(
    bibliography: Bibliography,
    *,
    online: bool = True,
    refresh: bool = False,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    api_key: str | None = None,
    style: str = "ama",
    ignore: Iterable[IgnoreRule | Mapping[str, Any]] = (),
    today: dt.date | None = None,
    registries: Registries | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    acknowledge: Iterable[AcknowledgeRule | Mapping[str, Any]] = (),
    cited: Collection[str] | None = None,
) -> CheckReport:
    """Check every entry: offline checks always; PubMed and Crossref when ``online``
    (answers cached in ``cache_dir``, by default the user cache directory); with
    ``online=False`` registry data come from the cache only and uncached entries are
    ``unverified``. Documents are checked by :func:`check_documents`. ``progress`` is
    called as each step of the run starts, with what it does, the steps done and the
    steps in all (``progress("Crossref: 12 DOIs", 1, 4)``).

    ``acknowledge`` rules mark one finding of one entry acknowledged (kept in the report,
    never failing the run); ``ignore`` rules hide findings.

    ``cited`` (the keys the letters' lists print, :attr:`DocumentReport.cited`) judges
    those entries only, as ``check --doc`` does: the others are not checked at all (no
    request, no finding) and are listed in the report's ``uncited``, which every report
    format names in one note. Problems that belong to no entry (text the reader could not
    read as one) are still reported.

    Raises :class:`~mi_refs.errors.InvalidArgumentError` for an ignore rule that is not a
    table with a reason and a key or code, or an acknowledge rule without all three."""
    rules = [
        rule if isinstance(rule, IgnoreRule) else IgnoreRule.from_mapping(rule) for rule in ignore
    ]
    acks = [
        rule if isinstance(rule, AcknowledgeRule) else AcknowledgeRule.from_mapping(rule)
        for rule in acknowledge
    ]
    notes: list[str] = []
    uncited: tuple[EntryReport, ...] = ()
    if cited is not None:
        bibliography, uncited = _cited_only(bibliography, set(cited))
    with open_lookup(
        online=online, refresh=refresh, cache_dir=cache_dir, use_cache=use_cache,
        mailto=mailto, api_key=api_key, registries=registries,
    ) as (run, cache_notes):  # fmt: skip
        notes += cache_notes
        registries = run.registries
        if registries is not None and not registries.crossref.http.params.get("mailto"):
            notes.append(
                "no contact address: set MI_REFS_MAILTO (or --mailto) to use Crossref's polite pool"
            )
        by_key = _check_entries(bibliography, run, style, today, _steps(progress))
    notes += run.notes()
    entries, ignored = _apply_ignore_rules(by_key, rules)
    if acks:
        used: set[int] = set()
        entries = [
            dataclasses.replace(e, findings=tuple(acknowledged(e.findings, acks, used)))
            for e in entries
        ]
        notes += [
            f"acknowledge rule {rule.describe()} matched no finding (stale? remove it)"
            for index, rule in enumerate(acks)
            if index not in used and not _left_out(rule.key, uncited)
        ]
    return CheckReport(
        path=bibliography.path,
        entries=tuple(entries),
        ignored=tuple(ignored),
        notes=tuple(notes),
        version=__version__,
        requests=registries.requests_made() if registries is not None and online else {},
        uncited=uncited,
    )


def _cited_only(
    bibliography: Bibliography, cited: set[str]
) -> tuple[Bibliography, tuple[EntryReport, ...]]:
    """The bibliography narrowed to the cited entries, and the entries left out. The
    problems met reading it are kept but those of a left-out entry (one the reader could
    not read as an entry may be what a letter cites)."""
    kept = tuple(reference for reference in bibliography.references if reference.key in cited)
    out = tuple(
        EntryReport(reference.key, reference.line)
        for reference in bibliography.references
        if reference.key not in cited
    )
    left_out = {entry.key for entry in out}
    problems = tuple(p for p in bibliography.problems if p.key is None or p.key not in left_out)
    return dataclasses.replace(bibliography, references=kept, problems=problems), out


def _left_out(key: str | None, uncited: Sequence[EntryReport]) -> bool:
    """Whether an acknowledge rule is about an entry that was not checked (not stale)."""
    return key is not None and any(entry.key == key for entry in uncited)


_STEPS = 4  # PubMed by PMID, Crossref by DOI, PubMed by DOI, matching without identifiers
_STEP_MARK = re.compile(r"\s*\(\d+/\d+\)$")


def _steps(progress: Callable[[str, int, int], None] | None) -> Callable[[str], None]:
    """The run's step messages as ``progress(message, done, total)`` calls."""
    done = 0

    def say(message: str) -> None:
        nonlocal done
        if progress is not None:
            progress(_STEP_MARK.sub("", message), done, max(_STEPS, done + 1))
        done += 1

    return say


def _apply_ignore_rules(
    by_key: Mapping[tuple[str | None, int | None], list[Finding]], rules: Sequence[IgnoreRule]
) -> tuple[list[EntryReport], list[tuple[Finding, str]]]:
    """Entry reports without the findings a team has accepted, and those findings with
    the reason given."""
    entries: list[EntryReport] = []
    ignored: list[tuple[Finding, str]] = []
    for (key, line), findings in by_key.items():
        kept = []
        for finding in findings:
            rule = next((rule for rule in rules if rule.matches(finding)), None)
            if rule is None:
                kept.append(finding)
            else:
                ignored.append((finding, rule.reason))
        entries.append(EntryReport(key, line, tuple(kept)))
    return entries, ignored


def check_documents(
    paths: Iterable[str | os.PathLike[str]], bibliography: Bibliography | None = None
) -> tuple[DocumentReport, ...]:
    """Check the superscript citation numbers of documents (Markdown, HTML, text or Word
    files), each against its own reference list; the bibliography only names the list's
    items (entries a letter does not cite never fail it; each report's ``listed`` says
    which entry each item is, and an item no entry matches is an ``info`` finding).
    Raises :class:`~mi_refs.errors.DocumentError` for a document that cannot be read."""
    paths = list(paths)
    if not paths:
        return ()
    # Imported here: the document readers load python-docx, lxml and markdown-it, which a
    # check of .bib files alone never needs (start-up, docs/performance.md).
    from mi_refs.documents.letters import check_document, check_letter  # noqa: PLC0415

    if bibliography is None:
        return tuple(DocumentReport(str(path), check_document(path)) for path in paths)
    reports = []
    for path in paths:
        findings, listed = check_letter(path, bibliography=bibliography)
        reports.append(DocumentReport(str(path), findings, listed))
    return tuple(reports)


def cited_keys(documents: Iterable[DocumentReport]) -> set[str]:
    """The keys of the entries the letters' lists print (what ``check --doc`` judges)."""
    return {key for document in documents for key in document.cited}


def _check_entries(
    bibliography: Bibliography,
    run: Lookup,
    style: str,
    today: dt.date | None,
    say: Callable[[str], None],
) -> dict[tuple[str | None, int | None], list[Finding]]:
    references = list(bibliography.references)
    by_key: dict[tuple[str | None, int | None], list[Finding]] = {
        (reference.key, reference.line): [] for reference in references
    }
    line_of = {reference.key: reference.line for reference in references}

    def add(finding: Finding) -> None:
        if finding.key is not None and finding.key in line_of:
            by_key[(finding.key, line_of[finding.key])].append(finding)
        else:
            by_key.setdefault((finding.key, finding.line), []).append(finding)

    for problem in bibliography.problems:
        add(finding_from_problem(problem))
    for finding in check_offline(bibliography, style=style, today=today):
        add(finding)
    for reference in references:
        unheld = None if is_label(reference) else not_checkable(reference)
        if unheld is not None:
            add(unheld)

    checkable = [r for r in references if r.kind in REGISTRY_KINDS and (r.pmid or r.doi)]
    answers = gather(
        [r.pmid for r in checkable if r.pmid],
        [r.doi.lower() for r in checkable if r.doi],
        [r.doi.lower() for r in checkable if r.doi and not r.pmid],
        run,
        say,
        need_doi=[r.pmid for r in checkable if r.pmid and not r.doi],
    )
    for reference in checkable:
        for finding in check_one(reference, run, answers):
            add(finding)
    trials: dict[str, Any] = {}
    for finding in check_trials(references, run, say, seen=trials):
        add(finding)
    for finding in check_pairs(references, run, answers, trials):  # papers and trials
        add(finding)
    for finding in check_labels(references, run, say):
        add(finding)
    follow_chains_by_key(by_key, run)  # superseded: the newest version of a chain (#19.5)

    suggested: dict[str, tuple[list[Finding], list[RegistryRecord]]] = {}
    if run.online:
        say("PubMed and Crossref: matching the entries without identifiers (4/4)")
        suggested = suggest_identifiers(references, run)
    for reference in references:
        for finding in without_identifiers(reference, run, suggested.get(reference.key)):
            add(finding)
    return by_key
