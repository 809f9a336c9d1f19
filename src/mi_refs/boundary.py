"""The public API's boundary for the functions that take no settings: each exported
function checks what it is given before the library sees it, so an argument of the wrong
kind is an :class:`~mi_refs.errors.InvalidArgumentError` naming the function, the
argument, what was given and what is expected, never an ``AttributeError`` or
``TypeError`` from deep inside (``format_report(bib)``, ``import_file(None)``). The
functions themselves are unchanged; ``mi_refs`` exports these checked forms.
(:mod:`mi_refs.api` does the same for the functions that read settings.)"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from mi_refs.bibtex.read import parse_bibtex as _parse_bibtex
from mi_refs.bibtex.write import format_bibtex as _format_bibtex
from mi_refs.check.report import CheckReport
from mi_refs.check.report import exit_code as _exit_code
from mi_refs.check.report import fails as _fails
from mi_refs.check.report import format_report as _format_report
from mi_refs.citations import format_cluster as _format_cluster
from mi_refs.errors import InvalidArgumentError
from mi_refs.importers.export import export as _export
from mi_refs.intake.add import add as _add
from mi_refs.intake.extract import extract as _extract
from mi_refs.intake.fix import fix as _fix
from mi_refs.intake.importing import import_file as _import_file
from mi_refs.intake.importing import import_files as _import_files
from mi_refs.intake.replace import fetch_replacements as _fetch_replacements
from mi_refs.intake.report import IntakeReport
from mi_refs.intake.report import format_intake_report as _format_intake_report
from mi_refs.intake.report import intake_exit_code as _intake_exit_code
from mi_refs.model import Bibliography, Finding, Reference
from mi_refs.styles.render import format_reference as _format_reference

__all__ = [
    "add",
    "exit_code",
    "export",
    "extract",
    "fails",
    "fetch_replacements",
    "fix",
    "format_bibtex",
    "format_cluster",
    "format_intake_report",
    "format_reference",
    "format_report",
    "import_file",
    "import_files",
    "intake_exit_code",
    "parse_bibtex",
]

F = TypeVar("F", bound=Callable[..., Any])
Rule = tuple[Callable[[object], bool], str]  # (test, what is expected)


def _path(value: object) -> bool:
    return isinstance(value, (str, os.PathLike))


def _paths(value: object) -> bool:
    return isinstance(value, (list, tuple)) and all(_path(item) for item in value)


def _texts(value: object) -> bool:
    """Several strings (one string alone is not several; a list's items are checked)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(isinstance(item, str) for item in value)
    return isinstance(value, Iterator)  # a generator: its items are add's to check


def _numbers(value: object) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes)) and all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    )  # fmt: skip


def _kind(value: type) -> Callable[[object], bool]:
    return lambda given: isinstance(given, value)


PATH: Rule = (_path, "a path (str or pathlib.Path)")
BIBLIOGRAPHY: Rule = (_kind(Bibliography), "a Bibliography (from mi_refs.load or loads)")
TEXT: Rule = (_kind(str), "text (str)")
CHECK_REPORT: Rule = (_kind(CheckReport), "a CheckReport (from mi_refs.check)")
INTAKE_REPORT: Rule = (_kind(IntakeReport), "an IntakeReport (from add, fix or import)")


def _given(value: object) -> str:
    if isinstance(value, (bytes, bytearray)):
        return "bytes (decode them first: data.decode('utf-8'))"
    return type(value).__name__


def checked(**rules: Rule) -> Callable[[F], F]:
    """Check the named arguments of a public function (and its call's shape)."""

    def wrap(function: F) -> F:
        signature = inspect.signature(function)
        name = function.__name__

        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError as exc:
                raise InvalidArgumentError(f"{name}{signature}: {exc}") from None
            for argument, (test, expected) in rules.items():
                if argument in bound.arguments and not test(bound.arguments[argument]):
                    given = _given(bound.arguments[argument])
                    raise InvalidArgumentError(
                        f"{name}: {argument} must be {expected}, not {given}"
                    )
            return function(*args, **kwargs)

        return call  # type: ignore[return-value]

    return wrap


add = checked(
    ids=(_texts, "a list of identifiers (PMIDs, DOIs, PMCIDs or their URLs)"), bib_path=PATH
)(_add)
import_file = checked(path=PATH)(_import_file)
import_files = checked(paths=(_paths, "a list of paths"))(_import_files)
export = checked(bibliography=BIBLIOGRAPHY, format=TEXT)(_export)
extract = checked(letter_path=PATH)(_extract)
fix = checked(
    bib=(lambda value: _path(value) or isinstance(value, Bibliography), "a Bibliography or a path"),
    report=CHECK_REPORT,
)(_fix)
fetch_replacements = checked(report=CHECK_REPORT)(_fetch_replacements)
format_bibtex = checked(bibliography=BIBLIOGRAPHY)(_format_bibtex)
format_cluster = checked(numbers=(_numbers, "whole numbers (a list of int)"))(_format_cluster)
format_reference = checked(reference=(_kind(Reference), "a Reference (an item of a Bibliography)"))(
    _format_reference
)
format_report = checked(report=CHECK_REPORT, format=TEXT)(_format_report)
exit_code = checked(report=CHECK_REPORT)(_exit_code)
fails = checked(finding=(_kind(Finding), "a Finding"))(_fails)
intake_exit_code = checked(report=INTAKE_REPORT)(_intake_exit_code)
format_intake_report = checked(report=INTAKE_REPORT, format=TEXT)(_format_intake_report)
parse_bibtex = checked(text=TEXT, source=TEXT)(_parse_bibtex)
