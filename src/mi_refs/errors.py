"""The exceptions mi-refs raises: one base class and a shallow hierarchy.

Problems *in the input* (a malformed entry, a missing field) are never exceptions: they are
:class:`mi_refs.model.Problem` records returned with the data. Exceptions are for failures
of the program or its environment, and always name the file involved.
"""

from __future__ import annotations

__all__ = [
    "MiRefsError",
    "SettingsError",
    "UnknownFormatError",
    "UnknownStyleError",
    "UnreadableFileError",
]


class MiRefsError(Exception):
    """Base class of every exception mi-refs raises on purpose."""


class UnreadableFileError(MiRefsError):
    """A file could not be read or written at all (missing, a directory, not UTF-8...)."""


class UnknownStyleError(MiRefsError, ValueError):
    """A style name that mi-refs does not have."""


class UnknownFormatError(MiRefsError, ValueError):
    """An output format name that mi-refs does not have."""


class SettingsError(MiRefsError):
    """A settings file (``mi-refs.toml`` or ``[tool.mi-refs]``) that cannot be used."""
