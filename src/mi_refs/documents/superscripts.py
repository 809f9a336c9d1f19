"""A superscript found in a finished document: what it says and where it is."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Superscript"]


@dataclass(frozen=True, slots=True)
class Superscript:
    """One superscript citation as printed (``4-15``, ``3,20``, ``1(p4)``).

    ``location`` names where it is (``paragraph 12`` in Word, ``line 40`` in text
    formats); ``before`` and ``after`` hold up to 20 characters of the surrounding text of
    the same paragraph or line, for the placement checks."""

    text: str
    location: str
    before: str = ""
    after: str = ""
