"""The ``mi-refs check`` subcommand: its arguments and handler (``cli.py`` registers it
with :func:`add_check_parser`). One library call per .bib (:func:`~mi_refs.check.run.
check`, each with the settings of its own folder), the documents, one combined report.

CI outputs: the report (``--format``), ``::error`` / JUnit failures for whatever fails
the run (:func:`~mi_refs.check.report.fails`), and, when ``GITHUB_STEP_SUMMARY`` names a
file, a Markdown summary appended to it. On a terminal, a progress bar on standard error.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mi_refs.check.report import REPORT_FORMATS, CheckReport, combine, exit_code, format_report
from mi_refs.errors import InvalidArgumentError, UnreadableFileError
from mi_refs.files import check_output, same_file, write_atomically
from mi_refs.model import Bibliography

if TYPE_CHECKING:
    from mi_refs.settings import Settings

# The parser is built by every command; the checking itself (bibtex, registries, styles,
# the letter readers) is imported by the handler when used (start-up, docs/performance.md).

__all__ = ["add_check_parser"]

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def add_check_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``check``."""
    from mi_refs.styles import STYLE_NAMES  # noqa: PLC0415 - see the imports

    parser = commands.add_parser(
        "check",
        help="validate every reference against PubMed and Crossref",
        description="Validate every reference: offline checks, then PubMed and Crossref "
        "(answers cached). Exit 0: no error; 1: at least one error (--strict: or any "
        "warning or unverified entry); 2: usage error or unreadable input.",
    )
    parser.add_argument(
        "bib", nargs="*", metavar="BIB",
        help="the .bib files (default: the settings' bibliography, else references.bib)",
    )  # fmt: skip
    parser.add_argument(
        "--doc", action="append", default=[], metavar="FILE",
        help="check a finished letter's citation numbers against its own list (.md, .html, "
        ".txt, .docx), and of the .bib only the entries the letters' lists print; repeatable",
    )  # fmt: skip
    parser.add_argument(
        "--all-entries", action="store_true",
        help="with --doc: also check the entries no letter cites (each .bib whole)",
    )  # fmt: skip
    parser.add_argument(
        "--offline", action="store_true", help="no network: registry data from the cache only"
    )
    parser.add_argument(
        "--refresh", action="store_true", help="ask the registries again even for cached entries"
    )
    parser.add_argument("--cache-dir", metavar="DIR", help="where the cache lives")
    parser.add_argument("--no-cache", action="store_true", help="use no cache at all")
    parser.add_argument(
        "--mailto", metavar="EMAIL", help="contact address for Crossref and NCBI (MI_REFS_MAILTO)"
    )
    parser.add_argument(
        "--format", choices=list(REPORT_FORMATS), default="text",
        help="report format (default: text)",
    )  # fmt: skip
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    parser.add_argument(
        "--strict", action="store_true", help="also fail on warnings and unverified entries"
    )
    parser.add_argument(
        "--style", choices=STYLE_NAMES,
        help="the style the list is for (default: settings, else ama)",
    )  # fmt: skip
    parser.set_defaults(handler=_check)


def _bibliographies(args: argparse.Namespace) -> list[tuple[Path, Settings, Bibliography]]:
    """Each .bib with the settings of its folder; with none named, those the letters
    (``--doc``) name in their YAML ``bibliography:``, else the settings' bibliography
    (else references.bib), unless only documents are checked and it is not there."""
    from mi_refs.bibtex import load  # noqa: PLC0415 - see the imports
    from mi_refs.settings import find_settings  # noqa: PLC0415

    letters = []
    if args.doc and not args.bib:
        from mi_refs.documents.metadata import letters_bibliographies  # noqa: PLC0415

        letters = letters_bibliographies(args.doc)
    if args.bib or letters:  # named, else the letters' own YAML bibliography:
        named = [(Path(bib), find_settings(Path(bib).parent)) for bib in args.bib or letters]
    else:
        settings = find_settings(None)
        path = settings.bibliography_path() or Path("references.bib")
        if args.doc and not path.exists():
            return []
        named = [(path, settings)]
    loaded = []
    for path, settings in named:
        bibliography = load(path)
        if not bibliography.references and bibliography.problems:
            raise UnreadableFileError(
                f"{path}: no entry could be read ("
                + "; ".join(str(problem) for problem in bibliography.problems[:3])
                + ")"
            )
        loaded.append((path, settings, bibliography))
    return loaded


def _outputs(args: argparse.Namespace, inputs: list[Path]) -> str | None:
    """Refuse an output that is an input, and a report that is the step summary (two
    outputs in one file); the step summary's path, if one is set."""
    summary = os.environ.get(STEP_SUMMARY) or None
    for target in (args.output, summary):
        if target is not None:
            check_output(target, [*inputs, *args.doc])
    if args.output and summary and _one_file(args.output, summary):
        raise InvalidArgumentError(
            f"-o {args.output}: is also {STEP_SUMMARY} ({summary}); the report and the step "
            "summary cannot be one file"
        )
    return summary


def _one_file(a: str, b: str) -> bool:
    return same_file(a, b) or Path(a).resolve() == Path(b).resolve()


def _check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from mi_refs.check.run import check_documents, cited_keys  # noqa: PLC0415 - see the imports
    from mi_refs.console import ProgressBar  # noqa: PLC0415
    from mi_refs.registries import http  # noqa: PLC0415

    loaded = _bibliographies(args)
    summary = _outputs(args, [path for path, _, _ in loaded])
    documents = check_documents(args.doc, _merged([bib for _, _, bib in loaded]))
    cited = cited_keys(documents) if args.doc and not args.all_entries else None
    reports: list[CheckReport] = []
    bar = ProgressBar(stderr, enabled=not args.offline)
    previous_reporter = http.wait_reporter
    try:
        with bar:
            if bar.shown:  # long waits (rate limits, Retry-After) show on the bar
                http.wait_reporter = bar.say
            for number, (path, settings, bibliography) in enumerate(loaded, start=1):
                label = f"{path.name}: " if len(loaded) > 1 else ""

                def progress(message: str, done: int, total: int, label: str = label) -> None:
                    bar.update(f"{label}{message}", done, total)

                reports.append(_check_one(args, settings, bibliography, progress, cited))
                bar.update(f"{path.name}: done", number, len(loaded))
    finally:
        http.wait_reporter = previous_reporter
    report = combine(reports) if reports else CheckReport(path=None, entries=(), version="")
    report = dataclasses.replace(report, documents=documents)
    colour = (
        args.format == "text" and not args.output and stdout.isatty()
        and not os.environ.get("NO_COLOR")
    )  # fmt: skip
    text = format_report(report, args.format, colour=colour, strict=args.strict)
    if args.output:
        write_atomically(args.output, text)
    else:
        stdout.write(text)
    if summary:
        _append(summary, format_report(report, "markdown", strict=args.strict))
    return exit_code(report, strict=args.strict)


def _check_one(
    args: argparse.Namespace,
    settings: Settings,
    bibliography: Bibliography,
    progress: Callable[[str, int, int], None],
    cited: set[str] | None,
) -> CheckReport:
    from mi_refs.check.run import check  # noqa: PLC0415 - see the imports

    return check(
        bibliography,
        online=not args.offline,
        refresh=args.refresh,
        cache_dir=args.cache_dir or settings.cache_dir,
        use_cache=not args.no_cache,
        mailto=args.mailto or settings.mailto,
        style=args.style or settings.style,
        ignore=settings.ignore,
        progress=progress,
        acknowledge=settings.acknowledge,
        cited=cited,
    )


def _merged(bibliographies: list[Bibliography]) -> Bibliography | None:
    """The one bibliography the documents are checked against (several: all entries)."""
    if not bibliographies:
        return None
    if len(bibliographies) == 1:
        return bibliographies[0]
    from mi_refs.documents.metadata import merge  # noqa: PLC0415 - see the imports

    return merge(bibliographies)


def _append(path: str, text: str) -> None:
    """Append to the step summary (GitHub collects what every step appends)."""
    try:
        with Path(path).open("a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError as exc:
        raise UnreadableFileError(
            f"{STEP_SUMMARY}={path}: cannot append the summary: {exc.strerror or exc}"
        ) from exc
