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
from mi_refs.check.report import CheckReport, EntryReport
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

__all__ = [
    "AcknowledgeRule",
    "Approval",
    "Bibliography",
    "CheckReport",
    "CitationRegistry",
    "CiteOptions",
    "CitedDocument",
    "DocumentError",
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
