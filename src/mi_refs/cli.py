"""The ``mi-refs`` command: a thin layer over the library, with one error boundary.

Each command is one library call. Problems in the input go to standard error as
``file:line: [key] severity: message`` and the command goes on; exit codes:
0 done, 1 errors found (``check``), 2 usage error or nothing usable could be read.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mi_refs._version import __version__
from mi_refs.errors import MiRefsError, UndefinedCitationError, UnreadableFileError
from mi_refs.files import check_output, write_atomically

if TYPE_CHECKING:
    from mi_refs.model import Bibliography
    from mi_refs.settings import Settings

# Start-up (docs/performance.md): this module imports only what every command needs. Each
# handler imports its own library modules, so `mi-refs --version` loads no style, parser,
# registry client or Word reader, and `check --offline` loads no HTTP or Word library
# (tests/test_startup.py).

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


# The commands other than review/command.py's (report, approve, watch), whose parsers'
# choices load the review package and python-docx with it: running one of these builds no
# review parser (start-up; tests/test_startup.py checks the list).
_OTHER_COMMANDS = frozenset(
    {"render", "check", "cite", "import", "export", "extract", "add", "fix", "completion"}
)


class _UsageError(Exception):
    """A command line that cannot be carried out (exit 2)."""


def _add_doi_options(parser: argparse.ArgumentParser) -> None:
    """``--doi``/``--no-doi``: the house option ``doi`` (``None``: the settings decide)."""
    doi = parser.add_mutually_exclusive_group()
    doi.add_argument("--doi", dest="doi", action="store_true", default=None, help="print DOIs")
    doi.add_argument("--no-doi", dest="doi", action="store_false", help="leave DOIs out")


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; ``command`` (the command line's first word) lets the review
    commands' parsers be left out when another command is run."""
    from mi_refs.check.command import add_check_parser  # noqa: PLC0415 - see the imports
    from mi_refs.completion import add_completion_parser  # noqa: PLC0415
    from mi_refs.intake.commands import add_parsers as add_intake_parsers  # noqa: PLC0415
    from mi_refs.styles import STYLE_NAMES  # noqa: PLC0415
    from mi_refs.styles.backends import FORMATS  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="mi-refs",
        description="Reference lists for Medical Information letters: BibTeX in, "
        "AMA and NLM/Vancouver out.",
    )
    parser.add_argument("--version", action="version", version=f"mi-refs {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    render_parser = commands.add_parser(
        "render",
        help="print the numbered reference list of a .bib file",
        description="Print the numbered reference list of a .bib file, in file order.",
    )
    render_parser.add_argument(
        "bib", nargs="?", metavar="BIB",
        help="the .bib file (default: the settings' bibliography, else references.bib)",
    )  # fmt: skip
    render_parser.add_argument(
        "--style", choices=STYLE_NAMES, help="citation style (default: settings, else ama)"
    )
    render_parser.add_argument(
        "--format",
        choices=list(FORMATS),
        help="output format (default: the -o file's suffix .txt/.md/.html/.tex, else text)",
    )
    render_parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    _add_doi_options(render_parser)
    render_parser.add_argument(
        "--et-al-min", type=int, metavar="N", help="truncate author lists of N or more names"
    )
    render_parser.add_argument(
        "--et-al-use-first", type=int, metavar="N", help="names kept before et al"
    )
    marker = render_parser.add_mutually_exclusive_group()
    marker.add_argument(
        "--abstract-marker", dest="abstract_marker", action="store_true", default=None,
        help="print [abstract] after a meeting abstract's title (default)",
    )  # fmt: skip
    marker.add_argument("--no-abstract-marker", dest="abstract_marker", action="store_false")
    render_parser.add_argument(
        "--standalone", action="store_true",
        help="with HTML: a whole page (doctype, language, UTF-8, title, print style sheet)",
    )  # fmt: skip
    render_parser.add_argument(
        "--title", metavar="TEXT", help="the standalone page's title (default: References)"
    )
    render_parser.set_defaults(handler=_render)

    add_check_parser(commands)

    cite_parser = commands.add_parser(
        "cite",
        help="number a document's citations and insert its reference list",
        description="Number the citations of a Markdown, HTML, text or Word document "
        "(pandoc syntax: [@key], [@a; @b], [@key, p. 4], narrative @key) in order of first "
        "appearance, the AMA way, and insert the reference list.",
    )
    cite_parser.add_argument(
        "document", metavar="DOC",
        help="the document (.md, .markdown, .qmd, .Rmd, .html, .txt, .docx); - reads "
        "standard input (Markdown unless --from says otherwise)",
    )  # fmt: skip
    cite_parser.add_argument(
        "--from", dest="from_format", metavar="FORMAT",
        help="the document's format: markdown, html, text, docx (or pandoc's names: "
        "commonmark, gfm, plain, html5...); default: from DOC's suffix",
    )  # fmt: skip
    cite_parser.add_argument(
        "--bib", metavar="BIB",
        help="the .bib file (default: the letter's YAML bibliography:, else settings, "
        "else references.bib)",
    )  # fmt: skip
    cite_parser.add_argument(
        "-o", "--output", metavar="OUT",
        help="write here; - is standard output (default: standard output; for .docx, DOC "
        "with .cited.docx)",
    )  # fmt: skip
    cite_parser.add_argument(
        "--style", choices=STYLE_NAMES, help="list style (default: settings, else ama)"
    )
    cite_parser.add_argument(
        "--superscript", choices=["pandoc", "html", "unicode"],
        help="superscript markup (default: ^1^ in Markdown, <sup> in HTML, Unicode in text)",
    )  # fmt: skip
    _add_doi_options(cite_parser)
    cite_parser.set_defaults(handler=_cite)
    _add_import_parsers(commands)
    _add_extract_parser(commands)
    add_intake_parsers(commands)  # add, fix
    add_completion_parser(commands, _parser)
    if command is None or command not in _OTHER_COMMANDS:
        from mi_refs.review.command import add_review_parsers  # noqa: PLC0415

        add_review_parsers(commands)  # report, approve, watch
    return parser


def _add_extract_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    extract_parser = commands.add_parser(
        "extract",
        help="read a finished letter's typed reference list into a .bib",
        description="Read the numbered reference list of a finished letter (.md, .html, "
        ".txt, .docx) into BibTeX in the letter's order, resolving journal articles with "
        "PubMed (ECitMatch) and Crossref; unresolved entries are marked unverified.",
    )
    extract_parser.add_argument("letter", metavar="LETTER", help="the letter")
    extract_parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the .bib here (default: standard output)"
    )
    extract_parser.add_argument(
        "--keyed", metavar="OUT",
        help="also write the letter with [@key] citations and the references marker",
    )  # fmt: skip
    extract_parser.add_argument(
        "--offline", action="store_true", help="ask no registry (the cache only)"
    )
    extract_parser.add_argument("--cache-dir", metavar="DIR", help="the registry cache")
    extract_parser.add_argument("--mailto", metavar="EMAIL", help="contact for the registries")
    extract_parser.add_argument(
        "--format", choices=["text", "json"], default="text",
        help="the report on standard error (text) or standard output with -o (json)",
    )  # fmt: skip
    extract_parser.set_defaults(handler=_extract)


def _extract(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from mi_refs.intake.extract import extract  # noqa: PLC0415 - loaded when used
    from mi_refs.intake.report import format_intake_report, intake_exit_code  # noqa: PLC0415

    for target in (args.output, args.keyed):
        if target is not None:
            check_output(target, [args.letter])
    settings = _settings_for(args.letter)  # as the other commands: cache-dir, mailto, key-scheme
    interactive = stderr.isatty()

    def progress(message: str) -> None:
        if interactive:
            print(f"\r\033[K{message}...", end="", file=stderr, flush=True)

    try:
        result = extract(
            args.letter, args.output, keyed=args.keyed, online=not args.offline,
            cache_dir=args.cache_dir or settings.cache_dir,
            mailto=args.mailto or settings.mailto, scheme=settings.key_scheme,
            progress=progress,
        )  # fmt: skip
    finally:
        if interactive:
            print("\r\033[K", end="", file=stderr, flush=True)
    report = format_intake_report(result.report, args.format)
    if args.output is None:
        stdout.write(result.bibtex)
        stderr.write(report)
    elif args.format == "json":
        stdout.write(report)
    else:
        stderr.write(report)
    return intake_exit_code(result.report)


def _add_import_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    import_parser = commands.add_parser(
        "import",
        help="import references from MEDLINE, RIS, CSL-JSON, EndNote XML, BBT JSON, Word",
        description="Read references from foreign files (PubMed .nbib, RIS, CSL-JSON, EndNote "
        "XML, Better BibTeX JSON, Zotero/Mendeley citations in .docx) as BibTeX: appended to "
        "--into, or printed. Duplicates of the target are merged or skipped.",
    )
    import_parser.add_argument("files", nargs="+", metavar="FILE", help="the files to import")
    import_parser.add_argument(
        "--into", metavar="FILE", help="the .bib to append to (default: print the BibTeX)"
    )
    import_parser.add_argument(
        "--resolve", action="store_true",
        help="add missing DOI/PMID through PubMed and Crossref (first author and year agree)",
    )  # fmt: skip
    import_parser.add_argument(
        "--from", dest="import_format", metavar="FORMAT",
        choices=["nbib", "ris", "csl-json", "endnote-xml", "bbt-json", "docx"],
        help="the files' format (default: told from content and suffix)",
    )  # fmt: skip
    import_parser.add_argument("--cache-dir", metavar="DIR", help="the registry cache")
    import_parser.add_argument("--mailto", metavar="EMAIL", help="contact for the registries")
    import_parser.add_argument(
        "--keep-all",
        action="store_true",
        help="keep personal data (e-mail and postal addresses) the export carries",
    )
    import_parser.add_argument(
        "--format", choices=["text", "json"], default="text",
        help="the report: on standard error without --into, on standard output with it",
    )  # fmt: skip
    import_parser.set_defaults(handler=_import)

    export_parser = commands.add_parser(
        "export",
        help="write a .bib as CSL-JSON or RIS",
        description="Write the entries of a .bib file as CSL-JSON or RIS.",
    )
    export_parser.add_argument(
        "bib", nargs="?", metavar="BIB",
        help="the .bib file (default: the settings' bibliography, else references.bib)",
    )  # fmt: skip
    export_parser.add_argument(
        "--format", choices=["csl-json", "ris"], required=True, help="the output format"
    )
    export_parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    export_parser.set_defaults(handler=_export)


def _import(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from mi_refs.intake.importing import import_files  # noqa: PLC0415 - loaded when used
    from mi_refs.intake.report import format_intake_report, intake_exit_code  # noqa: PLC0415

    if args.into is not None and Path(args.into).exists():
        check_output(args.into, args.files)
    settings = _settings_for(args.into)  # as the other commands: cache-dir, mailto, key-scheme
    result = import_files(
        args.files, args.into, resolve=args.resolve, format=args.import_format,
        scheme=settings.key_scheme, cache_dir=args.cache_dir or settings.cache_dir,
        mailto=args.mailto or settings.mailto, keep_all=args.keep_all,
        keep_text=args.into is None,  # with --into the text is written, not printed
    )  # fmt: skip
    report = format_intake_report(result.report, args.format)
    if args.into is None:
        stdout.write(result.bibtex)
        stderr.write(report)
    else:
        stdout.write(report)
    return intake_exit_code(result.report)


def _export(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from mi_refs.importers.export import export  # noqa: PLC0415 - loaded when used

    path = _bibliography_path(args, _settings_for(args.bib))
    bibliography = _load_usable(path, stderr)
    text = export(bibliography, args.format)
    if args.output:
        check_output(args.output, [str(path)])
        write_atomically(args.output, text)
    else:
        stdout.write(text)
    return EXIT_OK


def _settings_for(bib: str | None) -> Settings:
    from mi_refs.settings import find_settings  # noqa: PLC0415 - see the imports

    start = Path(bib).parent if bib else None
    return find_settings(start)


def _bibliography_path(args: argparse.Namespace, settings: Settings) -> Path:
    if args.bib:
        return Path(args.bib)
    return settings.bibliography_path() or Path("references.bib")


def _report_problems(bibliography: Bibliography, stream: TextIO) -> None:
    for problem in bibliography.problems:
        print(problem, file=stream)


def _load_usable(path: Path, stderr: TextIO) -> Bibliography:
    from mi_refs.bibtex import load  # noqa: PLC0415 - see the imports

    bibliography = load(path)
    _report_problems(bibliography, stderr)
    if not bibliography.references and bibliography.problems:
        raise _UsageError(f"{path}: no entry could be read")
    return bibliography


def _render(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from mi_refs.documents.cite import list_output_format  # noqa: PLC0415 - see the imports
    from mi_refs.styles.render import render, unreadable_entries  # noqa: PLC0415

    settings = _settings_for(args.bib)
    path = _bibliography_path(args, settings)
    if args.output:
        check_output(args.output, [path])
    list_format = list_output_format(args.output, args.format)  # before any reading
    if args.standalone and list_format != "html":
        raise _UsageError(f"--standalone: only for HTML (--format html), not {list_format}")
    if args.title is not None and not args.standalone:
        raise _UsageError("--title: only with --standalone")
    bibliography = _load_usable(path, stderr)
    changes = {
        name: getattr(args, name)
        for name in ("doi", "et_al_min", "et_al_use_first", "abstract_marker")
        if getattr(args, name) is not None
    }
    try:
        options = dataclasses.replace(settings.house, **changes)
    except ValueError as exc:
        raise _UsageError(str(exc)) from exc
    text = render(
        bibliography, style=args.style or settings.style, format=list_format, options=options
    )
    if args.standalone:
        from mi_refs.styles.page import standalone_html  # noqa: PLC0415 - see the imports

        text = standalone_html(text, args.title or "References")
    if args.output:
        check_output(args.output, [path])
        write_atomically(args.output, text)
    else:
        stdout.write(text)
    unreadable = unreadable_entries(bibliography)
    for item in unreadable:  # kept its number as a placeholder line: never renumbered
        print(f"{path}:{item.line}: entry cannot be read; listed as a placeholder", file=stderr)
    return EXIT_FINDINGS if unreadable else EXIT_OK


def _cite_bibliography(
    args: argparse.Namespace, settings: Settings, text: str | None, stderr: TextIO
) -> tuple[Bibliography, list[Path]]:
    """``--bib``, else the letter's YAML ``bibliography:`` (from the letter's folder; for
    standard input, the current directory), else the settings', else references.bib."""
    from mi_refs.documents.metadata import (  # noqa: PLC0415 - see the imports
        bibliography_names,
        bibliography_paths,
        load_bibliographies,
    )

    if args.bib:
        return _load_usable(Path(args.bib), stderr), [Path(args.bib)]
    stdin = args.document == "-"
    named = (
        bibliography_paths(bibliography_names(text, "<stdin>" if stdin else args.document),
                           None if stdin else Path(args.document).parent)
        if text is not None else []
    )  # fmt: skip
    if named:
        bibliography = load_bibliographies(named, "<stdin>" if stdin else args.document)
        _report_problems(bibliography, stderr)
        return bibliography, named
    path = settings.bibliography_path() or Path("references.bib")
    return _load_usable(path, stderr), [path]


def _read_document(args: argparse.Namespace, kind: str) -> str | bytes | None:
    """The document's text (bytes for Word) when it is read here: standard input, and a
    Markdown file (for its YAML ``bibliography:``, unless ``--bib`` is given)."""
    if args.document == "-":
        if kind == "docx":
            return sys.stdin.buffer.read()
        data = sys.stdin.buffer.read()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(f"<stdin>: not UTF-8 text: {exc}") from exc
    if kind == "markdown" and not args.bib:
        try:
            return Path(args.document).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UnreadableFileError(f"{args.document}: cannot read: {exc}") from exc
    return None


def _cite(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from mi_refs.documents.cite import (  # noqa: PLC0415 - see the imports
        cite_docx,
        cite_file,
        cite_text,
        document_format,
        require_same_format,
    )
    from mi_refs.documents.formats import CiteOptions  # noqa: PLC0415

    stdin = args.document == "-"
    settings = _settings_for(args.bib or args.document)
    kind = (
        document_format(args.document, args.from_format)
        if not stdin or args.from_format else "markdown"
    )  # fmt: skip
    output = None if args.output == "-" else args.output
    if output is None and kind == "docx" and not stdin and args.output is None:
        output = str(Path(args.document).with_suffix(".cited.docx"))
    if output is not None:
        require_same_format(output, kind, "<stdin>" if stdin else args.document)
        check_output(output, [] if stdin else [args.document])
    source = _read_document(args, kind)
    text = source if isinstance(source, str) and kind == "markdown" else None
    bibliography, bib_paths = _cite_bibliography(args, settings, text, stderr)
    if output is not None:
        check_output(output, [*([] if stdin else [args.document]), *bib_paths])
    house = (
        settings.house if args.doi is None else dataclasses.replace(settings.house, doi=args.doi)
    )
    options = CiteOptions(
        style=args.style or settings.style, house=house, superscript=args.superscript,
        link=settings.link_citations,
    )  # fmt: skip
    try:
        if source is None:
            result = cite_file(args.document, bibliography, output, format=kind, options=options)
        elif isinstance(source, bytes):
            result = cite_docx(source, bibliography, options=options)
        else:
            assert kind != "docx"  # a Word document is read as bytes
            name = "<stdin>" if stdin else args.document
            result = cite_text(source, bibliography, format=kind, options=options, source=name)
        if source is not None and output is not None:
            write_atomically(output, result.content)
    except UndefinedCitationError as exc:
        for problem in exc.problems:
            print(problem, file=stderr)
        print("mi-refs: nothing written", file=stderr)
        return EXIT_FINDINGS
    _emit(result.content, output, stdout, stderr)
    return EXIT_OK


def _emit(content: str | bytes, output: str | None, stdout: TextIO, stderr: TextIO) -> None:
    """Say where the document was written, or write it to standard output (a Word
    document's bytes only when that is not a terminal)."""
    if output is not None:
        print(f"mi-refs: wrote {output}", file=stderr)
    elif isinstance(content, bytes):
        if stdout.isatty():
            raise _UsageError("a Word document is not written to a terminal: give -o FILE")
        stdout.flush()
        getattr(stdout, "buffer", sys.stdout.buffer).write(content)
    else:
        stdout.write(content)


_PATH_OPTIONS = ("output", "keyed", "into", "bib", "cache_dir")


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments[:1] == ["--version"]:  # argparse's answer, without building the parser
        print(f"mi-refs {__version__}", file=out)  # (whose choices load the styles)
        return EXIT_OK
    command = next((word for word in arguments if not word.startswith("-")), None)
    try:
        args = _parser(command).parse_args(arguments)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    for name in _PATH_OPTIONS:  # "-o ''" is no file: never standard output by accident
        if getattr(args, name, None) == "":
            print(f"mi-refs: error: --{name.replace('_', '-')}: an empty path", file=err)
            return EXIT_USAGE
    try:
        code: int = args.handler(args, out, err)
    except (MiRefsError, _UsageError) as exc:
        print(f"mi-refs: error: {exc}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mi-refs: interrupted", file=err)
        return 130
    except Exception as exc:  # the one boundary: a bug must not print a traceback
        if os.environ.get("MI_REFS_DEBUG"):
            raise
        print(
            f"mi-refs: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in mi-refs; please report it with the input that caused it "
            "(set MI_REFS_DEBUG=1 to see the traceback).",
            file=err,
        )
        return EXIT_USAGE
    return code


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
