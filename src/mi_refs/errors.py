"""Every exception mi-refs raises on purpose: one base class, a shallow hierarchy.

Problems *in the input* (a malformed entry, a missing field) are never exceptions: they are
:class:`mi_refs.model.Problem` records returned with the data. Exceptions are for failures
of the program or its environment, and for calls the API cannot carry out; each names the
file, entry or value involved. Foreign errors are translated at the boundary
(``raise ... from exc``).

::

    MiRefsError
    ├── InvalidArgumentError (also ValueError)   a value the API cannot use
    │   ├── UnknownStyleError                      a style name mi-refs lacks
    │   └── UnknownFormatError                     an output or report format it lacks
    ├── SettingsError                              settings that cannot be used
    ├── UnreadableFileError                        a file that cannot be read or written
    │   └── DocumentError                          a document whose citations cannot be read
    │       └── UnsupportedDocumentError           a document kind mi-refs cannot read
    ├── EntryNotFoundError (also KeyError)         ``bib["key"]`` for a key the .bib lacks
    ├── UndefinedCitationError                     a document cites keys the .bib lacks
    ├── FileChangedError                           the .bib changed since it was read
    └── RegistryError                              a registry could not be asked
        ├── RegistryUnavailableError               no answer after the retries
        ├── RegistryHTTPError                      a 4xx that retrying will not change
        ├── RegistryResponseError                  an answer not in the service's format
        └── RegistryPartialError                   some batches answered, some did not
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mi_refs.model import Problem

__all__ = [
    "DocumentError",
    "EntryNotFoundError",
    "FileChangedError",
    "InvalidArgumentError",
    "MiRefsError",
    "RegistryError",
    "RegistryHTTPError",
    "RegistryPartialError",
    "RegistryResponseError",
    "RegistryUnavailableError",
    "SettingsError",
    "UndefinedCitationError",
    "UnknownFormatError",
    "UnknownStyleError",
    "UnreadableFileError",
    "UnsupportedDocumentError",
]


class MiRefsError(Exception):
    """Base class of every exception mi-refs raises on purpose."""


class InvalidArgumentError(MiRefsError, ValueError):
    """A value passed to the API that it cannot use (an unknown key in ``order``, a house
    option of the wrong type, an ignore rule without a reason...)."""


class UnknownStyleError(InvalidArgumentError):
    """A style name that mi-refs does not have."""


class UnknownFormatError(InvalidArgumentError):
    """An output, report or document format name that mi-refs does not have."""


class SettingsError(MiRefsError):
    """A settings file (``mi-refs.toml`` or ``[tool.mi-refs]``) that cannot be used."""


class UnreadableFileError(MiRefsError):
    """A file could not be read or written at all (missing, a directory, not UTF-8...)."""


class DocumentError(UnreadableFileError):
    """A document whose citations cannot be read at all (missing, not text, damaged)."""


class UnsupportedDocumentError(DocumentError):
    """A document of a kind mi-refs cannot read (by its suffix), or an operation its
    kind does not support (the text of a Word document)."""


class EntryNotFoundError(MiRefsError, KeyError):
    """``bibliography["key"]`` for a key the bibliography does not have. Also a
    :class:`KeyError`, so ``except KeyError`` and ``dict``-like code keep working;
    ``key`` is the key asked for."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key

    def __str__(self) -> str:  # KeyError would print the message's repr
        return str(self.args[0])


class UndefinedCitationError(MiRefsError):
    """The document cites keys the bibliography does not have; nothing was written.
    ``problems`` names each key and where it is cited."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


class FileChangedError(MiRefsError):
    """The file changed on disk between reading it and writing the edits (``add``,
    ``fix --apply``): nothing was written; run the command again."""


class RegistryError(MiRefsError):
    """A registry could not be asked or did not answer usefully. ``service`` names it."""

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service


class RegistryUnavailableError(RegistryError):
    """No answer after the retries: connection errors, timeouts, 429 or 5xx."""


class RegistryHTTPError(RegistryError):
    """A 4xx answer that retrying will not change (400, 404, 414...)."""

    def __init__(self, service: str, status: int, message: str) -> None:
        super().__init__(service, message)
        self.status = status


class RegistryResponseError(RegistryError):
    """An answer that is not what the service's API promises (bad JSON, an HTML page,
    a body too large, unsafe XML)."""


class RegistryPartialError(RegistryError):
    """Some of a lookup's batches were answered and some were not. ``answers`` holds
    what was answered (identifiers not in it were not asked); ``unavailable`` is true
    when the service stopped answering altogether (later lookups need not try)."""

    def __init__(
        self, service: str, message: str, answers: Mapping[str, Any], *, unavailable: bool
    ) -> None:
        super().__init__(service, message)
        self.answers = answers
        self.unavailable = unavailable
