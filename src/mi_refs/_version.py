"""The installed version of mi-refs (from the package metadata)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("mi-refs")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"
