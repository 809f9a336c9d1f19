"""The console script ``mi-refs-pandoc``: a pandoc JSON filter.

``pandoc letter.md --filter mi-refs-pandoc -o letter.docx`` (any output pandoc writes).
pandoc hands the document's AST as JSON on standard input (the output format as the first
argument) and reads the cited AST from standard output. What the document's metadata
says is honoured (:func:`read_options`): ``bibliography`` (from the working directory, as
pandoc reads it), ``nocite``, ``suppress-bibliography``, ``link-citations``,
``reference-section-title``, ``csl`` / ``citation-style`` when they name AMA or
Vancouver, and a ``mi-refs:`` block (``style`` and house options); ``[tool.mi-refs]`` from
the working directory upward gives the defaults. What cannot be honoured is said on
standard error. Undefined keys are reported there as ``mi-refs cite`` reports them, and
the filter exits 1 (pandoc then stops and writes nothing); a usage problem exits 2.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from mi_refs.documents.formats import CiteOptions
from mi_refs.documents.metadata import bibliography_paths, load_bibliographies
from mi_refs.errors import InvalidArgumentError, MiRefsError, UndefinedCitationError
from mi_refs.model import Bibliography
from mi_refs.settings import Settings, find_settings
from mi_refs.styles import STYLE_NAMES, HouseOptions

__all__ = ["FilterOptions", "filter_json", "main", "read_options"]

_NAME = "mi-refs-pandoc"
_CSL = (("american-medical-association", "ama"), ("ama", "ama"), ("vancouver", "vancouver"),
        ("nlm", "vancouver"), ("national-library-of-medicine", "vancouver"))  # fmt: skip
_NOT_HONOURED = {
    "references": "inline YAML references (keep them in a .bib file)",
    "citation-abbreviations": "citation-abbreviations (mi-refs prints NLM abbreviations from "
    "shortjournal and its own journal data)",
    "notes-after-punctuation": "notes-after-punctuation (superscripts follow AMA placement)",
    "link-bibliography": "link-bibliography (the list's links are mi-refs' own)",
    "citeproc": "citeproc (mi-refs numbers the citations itself)",
}


@dataclasses.dataclass(frozen=True, slots=True)
class FilterOptions:
    """What the filter uses: the bibliography files, the cite options, the list's
    placement (``suppress``, ``link``, ``title``) and what was not honoured."""

    bibliographies: tuple[Path, ...]
    options: CiteOptions
    suppress: bool = False
    link: bool = False
    title: str | None = None
    warnings: tuple[str, ...] = ()


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return bool(value)


def _style_of_csl(value: str) -> str | None:
    name = Path(value).stem.lower()
    for fragment, style in _CSL:
        if name == fragment or name.startswith(fragment + "-") or fragment in name.split("."):
            return style
    return None


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise InvalidArgumentError(
        f"bibliography: expected a file name or a list of file names, not {value!r}"
    )


def _house(block: dict[str, Any], settings: Settings) -> tuple[str | None, HouseOptions]:
    values = {key.replace("-", "_"): value for key, value in block.items() if key != "style"}
    style = block.get("style")
    if style is not None and (not isinstance(style, str) or style.lower() not in STYLE_NAMES):
        raise InvalidArgumentError(
            f"mi-refs: style: unknown style {style!r} (known: {', '.join(STYLE_NAMES)})"
        )
    try:
        house = dataclasses.replace(settings.house, **values) if values else settings.house
    except (TypeError, ValueError) as exc:
        known = ", ".join(f.name for f in dataclasses.fields(HouseOptions))
        raise InvalidArgumentError(f"mi-refs: {exc} (known: style, {known})") from exc
    return style, house


def read_options(metadata: dict[str, Any], settings: Settings) -> FilterOptions:
    """The filter's options from the document's metadata (as plain values) over the
    settings (module docstring). Raises :class:`~mi_refs.errors.InvalidArgumentError`
    for values it cannot use (an unknown style or house option)."""
    warnings = [f"not honoured: {what}" for key, what in _NOT_HONOURED.items() if key in metadata]
    style = settings.style
    for key in ("csl", "citation-style"):
        value = metadata.get(key)
        if isinstance(value, str):
            mapped = _style_of_csl(value)
            if mapped is None:
                warnings.append(
                    f"not honoured: {key}: {value} (mi-refs writes AMA or Vancouver; "
                    f"using {style}; name one with mi-refs: {{style: vancouver}})"
                )
            else:
                style = mapped
    lang = metadata.get("lang")
    if isinstance(lang, str) and not lang.lower().startswith("en"):
        warnings.append(f"not honoured: lang: {lang} (mi-refs writes English lists)")
    house = settings.house
    block = metadata.get("mi-refs")
    if block is not None:
        if not isinstance(block, dict):
            raise InvalidArgumentError(f"mi-refs: expected a mapping, not {block!r}")
        chosen, house = _house(block, settings)
        style = chosen or style
    if "bibliography" in metadata:
        paths = bibliography_paths(_names(metadata["bibliography"]), None)
    else:
        named = settings.bibliography_path() or Path("references.bib")
        paths = [named]
        if "bibliography" not in metadata and not named.is_file():
            raise InvalidArgumentError(
                "no bibliography: name it in the document's metadata (bibliography: "
                "refs.bib) or in [tool.mi-refs] bibliography"
            )
    title = metadata.get("reference-section-title")
    return FilterOptions(
        tuple(paths),
        CiteOptions(style=style, house=house),
        suppress=_flag(metadata.get("suppress-bibliography", False)),
        link=_flag(metadata.get("link-citations", False)),
        title=str(title) if title else None,
        warnings=tuple(warnings),
    )


def filter_json(
    data: str, output_format: str = "", *, warn: Callable[[str], None], report: TextIO
) -> str:
    """The cited document's JSON for pandoc's JSON ``data``. Raises
    :class:`~mi_refs.errors.UndefinedCitationError` (each problem printed to ``report``
    first) and the other :class:`~mi_refs.errors.MiRefsError` of reading options and
    bibliographies."""
    import panflute as pf  # noqa: PLC0415 - the filter's own dependency

    from mi_refs.pandoc.filter import ListPlacement, cite_ast  # noqa: PLC0415

    doc = pf.load(io.StringIO(data))
    doc.format = output_format
    metadata = doc.get_metadata(default={}) or {}
    chosen = read_options(metadata if isinstance(metadata, dict) else {}, find_settings(None))
    for message in chosen.warnings:
        warn(message)
    bibliography: Bibliography = load_bibliographies(
        chosen.bibliographies, "the document's metadata"
    )
    for problem in bibliography.problems:
        print(problem, file=report)
    placement = ListPlacement(chosen.suppress, chosen.link, chosen.title)
    cite_ast(doc, bibliography, chosen.options, placement, warn=warn)
    if "nocite" in doc.metadata.content:  # used: a citeproc run after this adds nothing
        del doc.metadata["nocite"]
    out = io.StringIO()
    pf.dump(doc, out)
    return out.getvalue()


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the filter: pandoc's JSON in, the cited JSON out; the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    err = stderr or sys.stderr
    if args[:1] in (["-h"], ["--help"]):
        print(
            f"usage: pandoc DOC --filter {_NAME} [-o OUT]\n"
            "A pandoc JSON filter: numbers the document's citations the AMA way and "
            "inserts the reference list (see mi-refs' docs/pandoc.md).",
            file=stdout or sys.stdout,
        )
        return 0

    def warn(message: str) -> None:
        print(f"{_NAME}: warning: {message}", file=err)

    try:
        source = stdin or io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
        result = filter_json(source.read(), args[0] if args else "", warn=warn, report=err)
    except UndefinedCitationError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        print(f"{_NAME}: nothing written", file=err)
        return 1
    except MiRefsError as exc:
        print(f"{_NAME}: error: {exc}", file=err)
        return 2
    except Exception as exc:  # the one boundary: a bug must not print a traceback
        if os.environ.get("MI_REFS_DEBUG"):
            raise
        print(
            f"{_NAME}: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in mi-refs; please report it with the input that caused it "
            "(set MI_REFS_DEBUG=1 to see the traceback).",
            file=err,
        )
        return 2
    out = stdout or io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
    out.write(result)
    out.flush()
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
