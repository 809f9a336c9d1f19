"""The ``report``, ``approve`` and ``watch`` subcommands: arguments and thin handlers
(``cli.py`` registers them with :func:`add_review_parsers`). Exit codes as for
``check``: 0 done, 1 done with errors found (``watch``: a change at warning or above),
2 usage or unreadable input."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from mi_refs.bibtex import load
from mi_refs.check.report import clean, fails
from mi_refs.errors import UnreadableFileError
from mi_refs.files import check_output, write_atomically
from mi_refs.model import Bibliography
from mi_refs.review.approve import approve_letter
from mi_refs.review.build import review_letter
from mi_refs.review.formats import REVIEW_FORMATS, format_review
from mi_refs.review.watch import find_locks, watch_locks
from mi_refs.review.watchreport import WATCH_FORMATS, format_watch, watch_exit_code
from mi_refs.settings import Settings, find_settings
from mi_refs.styles import STYLE_NAMES

__all__ = ["add_review_parsers"]


def _registry_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--offline", action="store_true", help="no network: registry data from the cache only"
    )
    parser.add_argument("--cache-dir", metavar="DIR", help="where the cache lives")
    parser.add_argument(
        "--mailto", metavar="EMAIL", help="contact address for Crossref and NCBI (MI_REFS_MAILTO)"
    )


def _letter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("letter", metavar="LETTER", help="the letter (.md, .html, .txt, .docx)")
    parser.add_argument(
        "--bib", metavar="BIB",
        help="the .bib naming the list's items (default: settings, else references.bib)",
    )  # fmt: skip
    parser.add_argument(
        "--style", choices=STYLE_NAMES, help="list style (default: settings, else ama)"
    )
    _registry_options(parser)


def add_review_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``report`` (``approve`` and ``watch`` beside it)."""
    report = commands.add_parser(
        "report",
        help="a reviewer's report of a letter: references, statuses, claim map",
        description="Write the review report of a finished letter: one card per reference "
        "of its list (status with dates and evidence, differences from the registries), "
        "every sentence citing it, and the numbers of each sentence looked up in the cited "
        "PubMed abstract. HTML (self-contained), JSON, or the claim map as CSV. Exit 0: no "
        "error found; 1: errors found; 2: usage error or unreadable input.",
    )
    _letter_options(report)
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write here (default: standard output)"
    )
    report.add_argument(
        "--format", choices=list(REVIEW_FORMATS),
        help="html, json or csv (default: the -o file's suffix, else html)",
    )  # fmt: skip
    report.set_defaults(handler=_report)

    approve = commands.add_parser(
        "approve",
        help="record what is true of a letter's references now, in a lock file",
        description="Check a finished letter against its own list (as check --doc does) and, "
        "when nothing fails (or what fails is acknowledged in the settings), write its lock "
        "file: each reference's identifiers, a hash of its entry and the registries' state "
        "(notices with ids and dates, publication types, trial status and results date, "
        "label set id and version). Exit 0: approved; 1: refused (the failing findings are "
        "listed); 2: usage error or unreadable input.",
    )
    _letter_options(approve)
    approve.add_argument(
        "-o", "--output", metavar="LOCK",
        help="the lock file (default: <letter>.refs.lock.json beside the letter)",
    )  # fmt: skip
    approve.set_defaults(handler=_approve)

    watch = commands.add_parser(
        "watch",
        help="report what changed since approval, for every approved letter",
        description="Ask the registries again about every work the lock files name (each "
        "distinct work once, batched) and report only what changed since approval: new "
        "retractions, expressions of concern, corrections and newer versions, preprints "
        "published, newer labels, trial status changes and results, entries edited. Exit 0: "
        "nothing at warning or above; 1: a change at warning or above; 2: usage error or "
        "unreadable input.",
    )
    watch.add_argument(
        "locks", nargs="*", metavar="LOCK",
        help="lock files (default: every *.refs.lock.json under the current folder)",
    )  # fmt: skip
    _registry_options(watch)
    watch.add_argument(
        "--format", choices=list(WATCH_FORMATS), default="text",
        help="report format (default: text)",
    )  # fmt: skip
    watch.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    watch.set_defaults(handler=_watch)


def letter_inputs(args: argparse.Namespace) -> tuple[Settings, Path, Bibliography]:
    """The settings from the letter's folder up, the .bib path and its entries."""
    settings = find_settings(Path(args.letter).parent)
    path = Path(args.bib) if args.bib else settings.bibliography_path() or Path("references.bib")
    bibliography = load(path)
    if not bibliography.references:
        why = "; ".join(str(p) for p in bibliography.problems[:3]) or "it holds no entry"
        raise UnreadableFileError(f"{path}: no entry could be read ({why})")
    return settings, path, bibliography


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    return suffix if suffix in REVIEW_FORMATS else "html"


def _report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    settings, path, bibliography = letter_inputs(args)
    if args.output:
        check_output(args.output, [args.letter, path])
    fmt = _format(args)
    review = review_letter(
        args.letter, bibliography, online=not args.offline,
        cache_dir=args.cache_dir or settings.cache_dir, mailto=args.mailto or settings.mailto,
        style=args.style or settings.style, options=settings.house, ignore=settings.ignore,
        acknowledge=settings.acknowledge,
    )  # fmt: skip
    text = format_review(review, fmt)
    if args.output:
        write_atomically(args.output, text)
        print(f"mi-refs: wrote {args.output}", file=stderr)
    else:
        stdout.write(text)
    findings = [f for card in review.cards for f in card.findings] + list(review.letter_findings)
    return int(any(fails(finding) for finding in findings))


def _approve(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    settings, _, bibliography = letter_inputs(args)
    approval = approve_letter(
        args.letter, bibliography, output=args.output, online=not args.offline,
        cache_dir=args.cache_dir or settings.cache_dir, mailto=args.mailto or settings.mailto,
        style=args.style or settings.style, ignore=settings.ignore,
        acknowledge=settings.acknowledge,
    )  # fmt: skip
    for note in approval.notes:
        print(f"note: {clean(note)}", file=stderr)
    if approval.lock is not None:
        print(
            f"approved {clean(args.letter)}: {approval.references} references recorded in "
            f"{clean(approval.lock)}",
            file=stdout,
        )
        return 0
    print(f"not approved: {clean(args.letter)}", file=stdout)
    for number in approval.unmatched:
        print(f"  list item {number} matches no entry of {clean(bibliography.path)}", file=stdout)
    for finding in approval.failing:
        where = finding.key or finding.location or ""
        print(f"  {finding.severity.value} {finding.code} [{clean(where)}]: "
              f"{clean(finding.message)}", file=stdout)  # fmt: skip
    print(
        "fix them, or acknowledge a finding in the settings (acknowledge = [{key, code, "
        "reason}]) to approve with it",
        file=stdout,
    )
    return 1


def _watch(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    locks = [Path(path) for path in args.locks] or find_locks(".")
    if not locks:
        raise UnreadableFileError(
            "no lock file to watch: none named and no *.refs.lock.json under the current "
            "folder (write one with mi-refs approve LETTER)"
        )
    if args.output:
        check_output(args.output, locks)
    settings = find_settings(None)
    report = watch_locks(
        locks, online=not args.offline, cache_dir=args.cache_dir or settings.cache_dir,
        mailto=args.mailto or settings.mailto,
    )  # fmt: skip
    text = format_watch(report, args.format)
    if args.output:
        write_atomically(args.output, text)
    else:
        stdout.write(text)
    return watch_exit_code(report)
