"""The public entry points that take settings, as the command line uses them.

``render``, ``cite_text``, ``cite_docx``, ``cite_file``, ``check`` and
``check_documents`` read ``[tool.mi-refs]`` (``pyproject.toml`` or ``mi-refs.toml``) from
the file's folder upward by default, exactly as ``mi-refs`` does, so a script and the
command line make the same bytes. ``settings=False`` turns that off (the built-in
defaults); a :class:`~mi_refs.settings.Settings` uses those settings. Arguments given
explicitly win over settings, as options do on the command line.

One options type, :class:`~mi_refs.documents.formats.CiteOptions` (also exported as
``Options``), is accepted everywhere: ``render`` uses its style and house options, the
``cite_*`` functions all of it; a bare :class:`~mi_refs.styles.HouseOptions` is taken as
its house options. Arguments of the wrong kind are refused here, at the boundary, with
:class:`~mi_refs.errors.InvalidArgumentError` saying what was given and what was expected:
every error a public function raises is a :class:`~mi_refs.errors.MiRefsError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from mi_refs.bibtex import load as _load
from mi_refs.bibtex import parse_bibtex
from mi_refs.bibtex import save as _save
from mi_refs.check import run
from mi_refs.check.findings import AcknowledgeRule, IgnoreRule
from mi_refs.check.report import CheckReport, DocumentReport
from mi_refs.citations import CitationRegistry
from mi_refs.documents import cite as citing
from mi_refs.documents import metadata
from mi_refs.documents.formats import CiteOptions, DocumentFormat, TextKind
from mi_refs.errors import InvalidArgumentError, UnreadableFileError
from mi_refs.model import Bibliography, Reference
from mi_refs.registries.lookup import Registries
from mi_refs.settings import Settings, find_settings
from mi_refs.styles import HouseOptions, Style
from mi_refs.styles import render as styles_render
from mi_refs.styles.page import standalone_html

__all__ = [
    "Options",
    "SettingsChoice",
    "check",
    "check_documents",
    "cite_docx",
    "cite_file",
    "cite_text",
    "letter_bibliography",
    "load",
    "loads",
    "render",
    "save",
    "settings_for",
    "yaml_bibliography",
]

Options = CiteOptions
"""The one options type: style, house options, superscript markup, narrative form,
heading."""

SettingsChoice = Settings | bool | None
"""``None`` or ``True``: the settings from the file's folder upward; ``False``: none (the
built-in defaults); a :class:`Settings`: those."""

PathLike = str | os.PathLike[str]


def _kind(value: object) -> str:
    return type(value).__name__


def settings_for(settings: SettingsChoice, *files: PathLike | None) -> Settings:
    """The settings that apply: given, none (``False``), or found from the folder of the
    first of ``files`` that is known (``None``/``True``; no file: the defaults)."""
    if isinstance(settings, Settings):
        return settings
    if settings is False:
        return Settings()
    if settings is None or settings is True:
        for file in files:
            if file is not None:
                return find_settings(Path(file).parent)
        return Settings()
    raise InvalidArgumentError(
        f"settings: expected a Settings, True or None (read them from the file's folder "
        f"upward) or False (none), not {_kind(settings)} {settings!r}"
    )


def _bibliography(value: object, function: str) -> Bibliography:
    if isinstance(value, Bibliography):
        return value
    if isinstance(value, (str, bytes, os.PathLike)):
        raise InvalidArgumentError(
            f"{function}: expected a Bibliography (from mi_refs.load(path) or "
            f"mi_refs.loads(text)), not {_kind(value)}; read a .bib file with load() first"
        )
    if isinstance(value, Iterable):
        items = tuple(value)
        if all(isinstance(item, Reference) for item in items):
            return Bibliography(items)
    raise InvalidArgumentError(
        f"{function}: expected a Bibliography (or Reference records), not {_kind(value)}"
    )


def _options(function: str, options: object, style: str | None, settings: Settings) -> CiteOptions:
    """One :class:`CiteOptions` from what was given: ``style`` wins, then the options'
    own style, then the settings'; the options' house options, else the settings'."""
    link = settings.link_citations
    if options is None:
        chosen = CiteOptions(style=settings.style, house=settings.house, link=link)
    elif isinstance(options, CiteOptions):  # what the options leave open, the settings say
        chosen = dataclasses.replace(
            options,
            style=options.style if options.style is not None else settings.style,
            house=options.house if options.house is not None else settings.house,
            link=options.link if options.link is not None else link,
        )
    elif isinstance(options, HouseOptions):
        chosen = CiteOptions(style=settings.style, house=options, link=link)
    else:
        raise InvalidArgumentError(
            f"{function}: options must be mi_refs.Options (CiteOptions) or HouseOptions, "
            f"not {_kind(options)}"
        )
    if style is not None:
        if not isinstance(style, str):
            raise InvalidArgumentError(f"{function}: style must be a style name, not {style!r}")
        chosen = dataclasses.replace(chosen, style=style)
    return chosen


def _text_argument(value: object, function: str, what: str) -> str:
    if isinstance(value, str):
        return value
    hint = (
        f"; decode it first (data.decode('utf-8')){what}"
        if isinstance(value, (bytes, bytearray))
        else ""
    )
    raise InvalidArgumentError(f"{function}: expected text (str), not {_kind(value)}{hint}")


def _path_argument(value: object, function: str, name: str) -> PathLike:
    if isinstance(value, (str, os.PathLike)):
        return value
    raise InvalidArgumentError(
        f"{function}: {name} must be a path (str or pathlib.Path), not {_kind(value)}"
    )


def load(path: PathLike) -> Bibliography:
    """Read a .bib file (:func:`mi_refs.bibtex.load`); the path is checked first."""
    return _load(_path_argument(path, "load", "path"))


def loads(text: str, source: str = "<string>") -> Bibliography:
    """Parse BibTeX text (:func:`mi_refs.bibtex.parse_bibtex`)."""
    checked = _text_argument(text, "loads", ", or read the file with mi_refs.load(path)")
    return parse_bibtex(checked, source=_text_argument(source, "loads", ""))


def save(bibliography: Bibliography, path: PathLike | None = None) -> None:
    """Write a bibliography (:func:`mi_refs.bibtex.save`)."""
    _save(
        _bibliography(bibliography, "save"),
        None if path is None else _path_argument(path, "save", "path"),
    )


def render(
    bibliography: Bibliography | Iterable[Reference],
    style: str | Style | None = None,
    format: str = "text",
    options: CiteOptions | HouseOptions | None = None,
    order: CitationRegistry | Sequence[str] | None = None,
    *,
    settings: SettingsChoice = None,
    standalone: bool = False,
    title: str = "References",
) -> str:
    """The numbered reference list (:func:`mi_refs.styles.render.render`), with the
    style and house options of the settings from the .bib's folder upward unless
    ``style``/``options`` say otherwise or ``settings=False``. ``standalone=True`` (HTML
    only) gives a whole page titled ``title`` (:func:`~mi_refs.styles.page.
    standalone_html`); for another format it is an :class:`InvalidArgumentError`."""
    bib = _bibliography(bibliography, "render")
    chosen = settings_for(settings, bib.path)
    list_format = _format(format, "render")
    if standalone is not False and (standalone is not True or list_format.lower() != "html"):
        raise InvalidArgumentError(
            f"render: standalone=True is for format='html' only (given {standalone!r} "
            f"with format={list_format!r})"
        )
    if not isinstance(title, str):
        raise InvalidArgumentError(f"render: title must be text, not {title!r}")
    if isinstance(style, Style):
        house = _options("render", options, None, chosen).house
        text = styles_render.render(bib, style, list_format, house, order)
    else:
        cite_options = _options("render", options, style, chosen)
        text = styles_render.render(
            bib, cite_options.style or "ama", list_format, cite_options.house, order
        )
    return standalone_html(text, title) if standalone else text


def _format(value: object, function: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{function}: format must be a format name, not {value!r}")
    return value


def yaml_bibliography(
    text: str, *, base: PathLike | None = None, source: str = "<string>"
) -> Bibliography | None:
    """The bibliography a Markdown letter's text names in its YAML metadata
    (``bibliography:``, one file or a list, merged), read from ``base`` (default: the
    current directory, as for standard input); ``None`` when it names none. Raises
    :class:`~mi_refs.errors.UnreadableFileError` naming a missing file,
    :class:`~mi_refs.errors.DocumentError` for metadata that is not YAML."""
    checked = _text_argument(text, "yaml_bibliography", "")
    names = metadata.bibliography_names(checked, str(source))
    if not names:
        return None
    return metadata.load_bibliographies(metadata.bibliography_paths(names, base), str(source))


def letter_bibliography(path: PathLike) -> Bibliography | None:
    """The bibliography the Markdown letter at ``path`` (.md, .markdown, .qmd, .Rmd)
    names in its YAML metadata, from the letter's folder (:func:`yaml_bibliography`);
    ``None`` when it names none or is not Markdown."""
    letter = Path(_path_argument(path, "letter_bibliography", "path"))
    if citing.document_format(letter) != "markdown":
        return None
    try:
        text = letter.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(f"{letter}: cannot read: {exc}") from exc
    return yaml_bibliography(text, base=letter.parent, source=str(letter))


def _or_settings(
    found: Bibliography | None, settings: SettingsChoice, function: str, *files: PathLike | None
) -> Bibliography:
    """The letter's own bibliography, else the settings' (as ``mi-refs cite``)."""
    if found is not None:
        return found
    named = settings_for(settings, *files).bibliography_path()
    if named is None or not named.is_file():
        raise InvalidArgumentError(
            f"{function}: no bibliography given, the letter names none in its YAML "
            "metadata (bibliography:) and the settings name none that exists"
        )
    return _load(named)


def cite_text(
    text: str,
    bibliography: Bibliography | None = None,
    *,
    format: TextKind = "markdown",
    style: str | None = None,
    options: CiteOptions | HouseOptions | None = None,
    source: str = "<string>",
    settings: SettingsChoice = None,
) -> citing.CitedDocument:
    """Number the citations of ``text`` (:func:`mi_refs.documents.cite.cite_text`) with
    the settings from the .bib's folder upward. With no ``bibliography``, a Markdown
    text's YAML ``bibliography:`` (from the current directory), else the settings'."""
    checked = _text_argument(text, "cite_text", "; a Word document goes to cite_docx")
    if bibliography is None:
        found = yaml_bibliography(checked, source=str(source)) if format == "markdown" else None
        bibliography = _or_settings(found, settings, "cite_text", ".")
    bib = _bibliography(bibliography, "cite_text")
    chosen = _options("cite_text", options, style, settings_for(settings, bib.path))
    return citing.cite_text(checked, bib, format=format, options=chosen, source=str(source))


def cite_docx(
    document: PathLike | bytes | BinaryIO,
    bibliography: Bibliography,
    *,
    style: str | None = None,
    options: CiteOptions | HouseOptions | None = None,
    settings: SettingsChoice = None,
) -> citing.CitedDocument:
    """Number the citations of a Word document (:func:`mi_refs.documents.cite.
    cite_docx`) with the settings from the .bib's (else the document's) folder upward."""
    if not isinstance(document, (str, os.PathLike, bytes)) and not hasattr(document, "read"):
        raise InvalidArgumentError(
            f"cite_docx: document must be a path, the .docx's bytes or a binary stream, "
            f"not {_kind(document)}"
        )
    bib = _bibliography(bibliography, "cite_docx")
    where = document if isinstance(document, (str, os.PathLike)) else None
    chosen = _options("cite_docx", options, style, settings_for(settings, bib.path, where))
    return citing.cite_docx(document, bib, options=chosen)


def cite_file(
    path: PathLike,
    bibliography: Bibliography | None = None,
    output: PathLike | None = None,
    *,
    style: str | None = None,
    format: DocumentFormat | None = None,
    options: CiteOptions | HouseOptions | None = None,
    settings: SettingsChoice = None,
) -> citing.CitedDocument:
    """Cite the document at ``path`` (:func:`mi_refs.documents.cite.cite_file`) with the
    settings from the .bib's (else the document's) folder upward, as ``mi-refs cite``.
    With no ``bibliography``, the letter's YAML ``bibliography:``
    (:func:`letter_bibliography`), else the settings'."""
    source = _path_argument(path, "cite_file", "path")
    target = None if output is None else _path_argument(output, "cite_file", "output")
    if bibliography is None:
        named = letter_bibliography(source) if format in (None, "markdown") else None
        bibliography = _or_settings(named, settings, "cite_file", source)
    bib = _bibliography(bibliography, "cite_file")
    chosen = _options("cite_file", options, style, settings_for(settings, bib.path, source))
    return citing.cite_file(source, bib, target, format=format, options=chosen)


def check(
    bibliography: Bibliography,
    *,
    online: bool = True,
    refresh: bool = False,
    cache_dir: PathLike | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    api_key: str | None = None,
    style: str | None = None,
    ignore: Iterable[IgnoreRule | Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
    registries: Registries | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    settings: SettingsChoice = None,
    acknowledge: Iterable[AcknowledgeRule | Mapping[str, Any]] | None = None,
    documents: Iterable[DocumentReport] | None = None,
    all_entries: bool = False,
) -> CheckReport:
    """Check every entry (:func:`mi_refs.check.run.check`). ``style``, ``ignore``,
    ``acknowledge``, ``mailto`` and ``cache_dir`` default to the settings from the .bib's
    folder upward, as ``mi-refs check`` does.

    ``documents`` (from :func:`check_documents`), as ``mi-refs check BIB --doc LETTER``:
    the report holds the letters, and of the .bib only the entries their lists print are
    judged; the others are listed in the report's ``uncited`` and named in one note.
    ``all_entries=True`` (``--all-entries``) judges every entry all the same."""
    bib = _bibliography(bibliography, "check")
    letters = _documents(documents)
    cited = None if letters is None or all_entries else run.cited_keys(letters)
    chosen = settings_for(settings, bib.path)
    rules = chosen.ignore if ignore is None else ignore
    if isinstance(rules, (str, bytes, Mapping)):
        raise InvalidArgumentError(
            f"check: ignore must be a list of IgnoreRule or tables, not {_kind(rules)}"
        )
    report = run.check(
        bib, online=online, refresh=refresh, cache_dir=_directory(cache_dir or chosen.cache_dir),
        use_cache=use_cache, mailto=mailto or chosen.mailto, api_key=api_key,
        style=style or chosen.style, ignore=rules, today=today, registries=registries,
        progress=progress,
        acknowledge=chosen.acknowledge if acknowledge is None else acknowledge, cited=cited,
    )  # fmt: skip
    return report if letters is None else dataclasses.replace(report, documents=letters)


def _documents(documents: Iterable[DocumentReport] | None) -> tuple[DocumentReport, ...] | None:
    if documents is None:
        return None
    if isinstance(documents, DocumentReport):
        documents = [documents]
    if not isinstance(documents, Iterable) or isinstance(documents, (str, bytes, Mapping)):
        raise InvalidArgumentError(
            f"check: documents must be the reports check_documents returns, not {_kind(documents)}"
        )
    letters = tuple(documents)
    for letter in letters:
        if not isinstance(letter, DocumentReport):
            raise InvalidArgumentError(
                "check: each of documents must be a DocumentReport (from check_documents), "
                f"not {_kind(letter)}"
            )
    return letters


def _directory(value: PathLike | None) -> Path | None:
    return None if value is None else Path(value)


def check_documents(
    paths: Iterable[PathLike],
    bibliography: Bibliography | None = None,
    *,
    settings: SettingsChoice = None,
) -> tuple[DocumentReport, ...]:
    """Check finished letters (:func:`mi_refs.check.run.check_documents`). With no
    bibliography, the settings' ``bibliography`` (from the first letter's folder upward)
    is used when it exists, as ``mi-refs check --doc`` does; else each letter's own list.
    The letters' own YAML ``bibliography:`` comes before the settings'."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one letter named alone is still one letter, not its characters
    if not isinstance(paths, Iterable) or isinstance(paths, bytes):
        raise InvalidArgumentError(
            f"check_documents: paths must be a list of paths, not {_kind(paths)}"
        )
    letters = [_path_argument(path, "check_documents", "each path") for path in paths]
    if bibliography is not None:
        return run.check_documents(letters, _bibliography(bibliography, "check_documents"))
    own = metadata.letters_bibliographies(letters)
    if own:
        return run.check_documents(letters, metadata.load_bibliographies(own, str(letters[0])))
    chosen = settings_for(settings, *letters[:1])
    named = chosen.bibliography_path()
    found = _load(named) if named is not None and named.is_file() else None
    return run.check_documents(letters, found)
