"""mi-refs: reference lists for Medical Information letters.

Load a .bib file, render it as a numbered AMA or NLM/Vancouver reference list, number
citations by first appearance::

    import mi_refs

    bib = mi_refs.load("references.bib")
    for problem in bib.problems:
        print(problem)
    print(mi_refs.render(bib, style="ama", format="text"))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names, for type checkers; at run time each is imported when first used
    from mi_refs._version import __version__
    from mi_refs.api import (
        Options,
        check,
        check_documents,
        cite_docx,
        cite_file,
        cite_text,
        letter_bibliography,
        load,
        loads,
        render,
        save,
        yaml_bibliography,
    )
    from mi_refs.boundary import (
        add,
        exit_code,
        export,
        extract,
        fails,
        fetch_replacements,
        fix,
        format_bibtex,
        format_cluster,
        format_intake_report,
        format_reference,
        format_report,
        import_file,
        import_files,
        intake_exit_code,
        parse_bibtex,
    )
    from mi_refs.check.findings import AcknowledgeRule, IgnoreRule
    from mi_refs.check.labelstate import LabelStates, label_states
    from mi_refs.check.report import CheckReport, DocumentReport, EntryReport
    from mi_refs.check.run import Registries
    from mi_refs.citations import CitationRegistry
    from mi_refs.documents.cite import CitedDocument
    from mi_refs.documents.formats import CiteOptions
    from mi_refs.errors import (
        DocumentError,
        EntryNotFoundError,
        FileChangedError,
        InvalidArgumentError,
        MiRefsError,
        RegistryError,
        RegistryHTTPError,
        RegistryPartialError,
        RegistryResponseError,
        RegistryUnavailableError,
        SettingsError,
        UndefinedCitationError,
        UnknownFormatError,
        UnknownStyleError,
        UnreadableFileError,
        UnsupportedDocumentError,
    )
    from mi_refs.intake.extract import Extraction
    from mi_refs.intake.importing import ImportResult
    from mi_refs.intake.report import IntakeEntry, IntakeReport
    from mi_refs.model import Bibliography, Finding, Kind, Name, Problem, Reference, Severity
    from mi_refs.registries.dailymed import LabelState
    from mi_refs.review.api import approve, review, watch
    from mi_refs.review.approve import Approval
    from mi_refs.review.formats import format_review
    from mi_refs.review.model import Review
    from mi_refs.review.watch import WatchReport
    from mi_refs.review.watchreport import format_watch, watch_exit_code
    from mi_refs.settings import Settings, find_settings
    from mi_refs.styles import HouseOptions

# Where each public name lives. ``import mi_refs`` (and so every ``mi-refs`` command, whose
# module is inside this package) loads none of them: a name's module is imported the first
# time the name is used (PEP 562), so ``mi-refs --version`` never pays for requests,
# python-docx or lxml (docs/performance.md, "Start-up"). A name added to the public API
# goes into the imports above, this table and ``__all__`` (tests/test_public_names.py checks
# that the three agree; tests/test_startup.py that each name loads).
_WHERE = {
    "AcknowledgeRule": "mi_refs.check.findings",
    "Approval": "mi_refs.review.approve",
    "Bibliography": "mi_refs.model",
    "CheckReport": "mi_refs.check.report",
    "CitationRegistry": "mi_refs.citations",
    "CiteOptions": "mi_refs.documents.formats",
    "CitedDocument": "mi_refs.documents.cite",
    "DocumentError": "mi_refs.errors",
    "DocumentReport": "mi_refs.check.report",
    "EntryNotFoundError": "mi_refs.errors",
    "EntryReport": "mi_refs.check.report",
    "Extraction": "mi_refs.intake.extract",
    "FileChangedError": "mi_refs.errors",
    "Finding": "mi_refs.model",
    "HouseOptions": "mi_refs.styles",
    "IgnoreRule": "mi_refs.check.findings",
    "ImportResult": "mi_refs.intake.importing",
    "IntakeEntry": "mi_refs.intake.report",
    "IntakeReport": "mi_refs.intake.report",
    "InvalidArgumentError": "mi_refs.errors",
    "Kind": "mi_refs.model",
    "LabelState": "mi_refs.registries.dailymed",
    "LabelStates": "mi_refs.check.labelstate",
    "MiRefsError": "mi_refs.errors",
    "Name": "mi_refs.model",
    "Options": "mi_refs.api",
    "Problem": "mi_refs.model",
    "Reference": "mi_refs.model",
    "Registries": "mi_refs.check.run",
    "RegistryError": "mi_refs.errors",
    "RegistryHTTPError": "mi_refs.errors",
    "RegistryPartialError": "mi_refs.errors",
    "RegistryResponseError": "mi_refs.errors",
    "RegistryUnavailableError": "mi_refs.errors",
    "Review": "mi_refs.review.model",
    "Settings": "mi_refs.settings",
    "SettingsError": "mi_refs.errors",
    "Severity": "mi_refs.model",
    "UndefinedCitationError": "mi_refs.errors",
    "UnknownFormatError": "mi_refs.errors",
    "UnknownStyleError": "mi_refs.errors",
    "UnreadableFileError": "mi_refs.errors",
    "UnsupportedDocumentError": "mi_refs.errors",
    "WatchReport": "mi_refs.review.watch",
    "__version__": "mi_refs._version",
    "add": "mi_refs.boundary",
    "approve": "mi_refs.review.api",
    "check": "mi_refs.api",
    "check_documents": "mi_refs.api",
    "cite_docx": "mi_refs.api",
    "cite_file": "mi_refs.api",
    "cite_text": "mi_refs.api",
    "exit_code": "mi_refs.boundary",
    "export": "mi_refs.boundary",
    "extract": "mi_refs.boundary",
    "fails": "mi_refs.boundary",
    "fetch_replacements": "mi_refs.boundary",
    "find_settings": "mi_refs.settings",
    "fix": "mi_refs.boundary",
    "format_bibtex": "mi_refs.boundary",
    "format_cluster": "mi_refs.boundary",
    "format_intake_report": "mi_refs.boundary",
    "format_reference": "mi_refs.boundary",
    "format_report": "mi_refs.boundary",
    "format_review": "mi_refs.review.formats",
    "format_watch": "mi_refs.review.watchreport",
    "import_file": "mi_refs.boundary",
    "import_files": "mi_refs.boundary",
    "intake_exit_code": "mi_refs.boundary",
    "label_states": "mi_refs.check.labelstate",
    "letter_bibliography": "mi_refs.api",
    "load": "mi_refs.api",
    "loads": "mi_refs.api",
    "parse_bibtex": "mi_refs.boundary",
    "render": "mi_refs.api",
    "review": "mi_refs.review.api",
    "save": "mi_refs.api",
    "watch": "mi_refs.review.api",
    "watch_exit_code": "mi_refs.review.watchreport",
    "yaml_bibliography": "mi_refs.api",
}

# ``check`` and ``review`` name both a function and a subpackage (mi_refs.check,
# mi_refs.review). Importing a subpackage the first time sets it as an attribute of its
# parent, which would hide the function once anything imports mi_refs.check.*; import the
# (empty) subpackages now and drop the attributes, so ``mi_refs.check`` is the function.
for _both in ("check", "review"):
    importlib.import_module(f"mi_refs.{_both}")
    del globals()[_both]
del _both

__all__ = [
    "AcknowledgeRule",
    "Approval",
    "Bibliography",
    "CheckReport",
    "CitationRegistry",
    "CiteOptions",
    "CitedDocument",
    "DocumentError",
    "DocumentReport",
    "EntryNotFoundError",
    "EntryReport",
    "Extraction",
    "FileChangedError",
    "Finding",
    "HouseOptions",
    "IgnoreRule",
    "ImportResult",
    "IntakeEntry",
    "IntakeReport",
    "InvalidArgumentError",
    "Kind",
    "LabelState",
    "LabelStates",
    "MiRefsError",
    "Name",
    "Options",
    "Problem",
    "Reference",
    "Registries",
    "RegistryError",
    "RegistryHTTPError",
    "RegistryPartialError",
    "RegistryResponseError",
    "RegistryUnavailableError",
    "Review",
    "Settings",
    "SettingsError",
    "Severity",
    "UndefinedCitationError",
    "UnknownFormatError",
    "UnknownStyleError",
    "UnreadableFileError",
    "UnsupportedDocumentError",
    "WatchReport",
    "__version__",
    "add",
    "approve",
    "check",
    "check_documents",
    "cite_docx",
    "cite_file",
    "cite_text",
    "exit_code",
    "export",
    "extract",
    "fails",
    "fetch_replacements",
    "find_settings",
    "fix",
    "format_bibtex",
    "format_cluster",
    "format_intake_report",
    "format_reference",
    "format_report",
    "format_review",
    "format_watch",
    "import_file",
    "import_files",
    "intake_exit_code",
    "label_states",
    "letter_bibliography",
    "load",
    "loads",
    "parse_bibtex",
    "render",
    "review",
    "save",
    "watch",
    "watch_exit_code",
    "yaml_bibliography",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is asked for."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'mi_refs' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
