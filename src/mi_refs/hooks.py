"""``mi-refs-check-doc``: the pre-commit hook for letters.

pre-commit appends the changed files to a hook's command line, but ``check`` takes each
letter as ``--doc FILE`` (repeatable). This entry point turns every argument that names a
document (``.md``, ``.markdown``, ``.html``, ``.htm``, ``.txt``, ``.docx``) into ``--doc
FILE`` and passes the rest to ``mi-refs check`` unchanged, so ``mi-refs-check-doc --offline
a.md b.docx`` runs ``mi-refs check --offline --doc a.md --doc b.docx`` (against the
settings' bibliography, else ``references.bib``): the letters and the entries their lists
print, as ``check --doc`` judges them (the ``mi-refs-check`` hook checks a staged .bib
whole). A document name that is the value of an option (``-o report.md``) stays that
option's value.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from mi_refs.cli import main

DOCUMENT_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt", ".docx")
# check's options that take a value: the argument after one is never a letter
_VALUED = frozenset({"-o", "--output", "--doc", "--cache-dir", "--mailto", "--format", "--style"})


def doc_arguments(argv: Sequence[str]) -> list[str]:
    """``check``'s arguments for *argv*: each document named as ``--doc FILE``."""
    arguments: list[str] = []
    previous = ""
    for argument in argv:
        if previous not in _VALUED and argument.lower().endswith(DOCUMENT_SUFFIXES):
            arguments += ["--doc", argument]
        else:
            arguments.append(argument)
        previous = argument
    return ["check", *arguments]


def check_doc() -> None:
    """Console-script entry point (``mi-refs-check-doc``)."""
    sys.exit(main(doc_arguments(sys.argv[1:])))
