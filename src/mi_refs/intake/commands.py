"""The ``mi-refs add`` and ``mi-refs fix`` subcommands: their arguments and handlers
(``cli.py`` registers them with :func:`add_parsers`). Each handler is one library call;
errors are :class:`~mi_refs.errors.MiRefsError` (exit 2 at the CLI's boundary)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mi_refs.intake.report import INTAKE_FORMATS, format_intake_report, intake_exit_code

if TYPE_CHECKING:
    from mi_refs.settings import Settings

# Each handler imports the library it calls: building the parser, which every command
# does, loads none of it (start-up, docs/performance.md).

__all__ = ["add_parsers"]


def _settings(bib: str | None) -> Settings:
    from mi_refs.settings import find_settings  # noqa: PLC0415 - see the imports

    return find_settings(Path(bib).parent if bib else None)


def _bib_path(bib: str | None, settings: Settings) -> Path:
    if bib:
        return Path(bib)
    return settings.bibliography_path() or Path("references.bib")


def _registry_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--offline", action="store_true", help="no network: registry data from the cache only"
    )
    parser.add_argument("--refresh", action="store_true", help="ask again even when cached")
    parser.add_argument("--cache-dir", metavar="DIR", help="where the cache lives")
    parser.add_argument("--no-cache", action="store_true", help="use no cache at all")
    parser.add_argument("--mailto", metavar="EMAIL", help="contact address for the registries")
    parser.add_argument(
        "--format", choices=list(INTAKE_FORMATS), default="text",
        help="report format (default: text)",
    )  # fmt: skip


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``add`` and ``fix``."""
    add_parser = commands.add_parser(
        "add",
        help="add entries from PMIDs, DOIs, PMCIDs, NCT numbers, DailyMed set ids or URLs",
        description="Look the identifiers up in PubMed and Crossref (one batched request "
        "each, cached; NCT numbers in ClinicalTrials.gov, set ids in DailyMed) and append "
        "one entry per work. Refused: identifiers already in the "
        ".bib, unknown ones, retracted works (unless --allow-retracted). Exit 0: all "
        "added; 1: something refused; 2: usage error or unreadable input.",
    )
    add_parser.add_argument(
        "ids", nargs="+", metavar="ID", help="PMID, DOI, PMCID, NCT, set id or URL"
    )
    add_parser.add_argument(
        "--bib", metavar="FILE", help="the .bib (default: settings, else references.bib)"
    )
    add_parser.add_argument("--dry-run", action="store_true", help="write nothing; print the diff")
    add_parser.add_argument(
        "--allow-retracted", action="store_true",
        help="add a retracted, withdrawn or removed work (with a warning)",
    )  # fmt: skip
    _registry_options(add_parser)
    add_parser.set_defaults(handler=_add)

    fix_parser = commands.add_parser(
        "fix",
        help="correct entries where PubMed and Crossref are authoritative",
        description="Check the .bib, then turn the findings the registries vouch for "
        "into edits. Without --apply, print a unified diff; with it, write only the "
        "changed values (refused if the file changed meanwhile). Protected entries and "
        "wrong-work / id-conflict findings are left for a human.",
    )
    fix_parser.add_argument(
        "bib", nargs="?", metavar="BIB",
        help="the .bib file (default: the settings' bibliography, else references.bib)",
    )  # fmt: skip
    fix_parser.add_argument("--apply", action="store_true", help="write the changes")
    fix_parser.add_argument(
        "--only", nargs="+", action="extend", metavar="CODE",
        help="fix only findings with these codes (field-mismatch, identifier-suggested, "
        "style, malformed-identifier)",
    )  # fmt: skip
    _registry_options(fix_parser)
    fix_parser.set_defaults(handler=_fix)


def _add(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from mi_refs.intake.add import add  # noqa: PLC0415 - see the imports

    settings = _settings(args.bib)
    path = _bib_path(args.bib, settings)
    report = add(
        args.ids, path, dry_run=args.dry_run, allow_retracted=args.allow_retracted,
        key_scheme=settings.key_scheme, online=not args.offline, refresh=args.refresh,
        cache_dir=args.cache_dir or settings.cache_dir, use_cache=not args.no_cache,
        mailto=args.mailto or settings.mailto,
    )  # fmt: skip
    if args.dry_run and args.format == "text":
        stdout.write(report.diff)
        stderr.write(format_intake_report(report, "text"))
    else:
        stdout.write(format_intake_report(report, args.format))
    return intake_exit_code(report)


def _fix(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from mi_refs.check.run import check  # noqa: PLC0415 - see the imports
    from mi_refs.intake.fix import fix  # noqa: PLC0415
    from mi_refs.intake.replace import fetch_replacements  # noqa: PLC0415
    from mi_refs.intake.snapshot import read_snapshot  # noqa: PLC0415

    settings = _settings(args.bib)
    path = _bib_path(args.bib, settings)
    snapshot = read_snapshot(path)
    for problem in snapshot.bibliography.problems:
        print(problem, file=stderr)
    checked = check(
        snapshot.bibliography, online=not args.offline, refresh=args.refresh,
        cache_dir=args.cache_dir or settings.cache_dir, use_cache=not args.no_cache,
        mailto=args.mailto or settings.mailto, style=settings.style, ignore=settings.ignore,
    )  # fmt: skip
    replacements = fetch_replacements(
        checked, online=not args.offline, refresh=args.refresh, use_cache=not args.no_cache,
        cache_dir=args.cache_dir or settings.cache_dir, mailto=args.mailto or settings.mailto,
    )  # fmt: skip
    report = fix(snapshot.bibliography, checked, apply=args.apply, only=args.only,
                 protect=settings.protect, replacements=replacements)  # fmt: skip
    if not args.apply and args.format == "text":
        stdout.write(report.diff)
        stderr.write(format_intake_report(report, "text"))
    else:
        stdout.write(format_intake_report(report, args.format))
    return intake_exit_code(report)
