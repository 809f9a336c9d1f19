"""The packaged NLM journal list (``data/ncbi-journal-abbreviations.json.gz``, see
``data/SOURCE.md``), read once, and the one rule the styles need from it: a journal
written as an NLM abbreviation with periods (``N. Engl. J. Med.``, the ISO form Embase,
EndNote and ISO exports give) prints as the abbreviation, without them (issue 16.2).

A module of its own, below ``styles/`` and ``check/``: the styles may not import the
checks, and both read the same list. Nothing is read at import; the first use decompresses
and parses the list (about 40 ms), every later one is a lookup."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from importlib.resources import files

__all__ = ["DATA_FILE", "catalogue_titles", "read_titles", "undotted"]

DATA_FILE = "ncbi-journal-abbreviations.json.gz"

_PERIOD = re.compile(r"\.(?=\s|$)")


def read_titles(data: bytes) -> tuple[tuple[str, str], ...]:
    """The ``(title, abbreviation)`` pairs of a CSL abbreviation file (JSON bytes)."""
    document = json.loads(data)
    table = document["default"]["container-title"]
    if not isinstance(table, dict):
        raise TypeError("the journal abbreviation file has no container-title table")
    return tuple((str(title), str(abbreviation)) for title, abbreviation in table.items())


@cache
def catalogue_titles() -> tuple[tuple[str, str], ...]:
    """Every ``(title, NLM abbreviation)`` pair of the packaged list (read on first use)."""
    compressed = (files("mi_refs") / "data" / DATA_FILE).read_bytes()
    return read_titles(gzip.decompress(compressed))


@cache
def _spellings() -> frozenset[str]:
    return frozenset(abbreviation for _, abbreviation in catalogue_titles() if abbreviation)


def undotted(name: str) -> str:
    """``name`` without the periods that end its words, when that is an NLM abbreviation
    as listed (``N. Engl. J. Med.`` gives ``N Engl J Med``, ``Int. J. Surg. Case Rep.``
    gives ``Int J Surg Case Rep``); any other name is returned as it is (``Phys. Rev.
    B - Condens. Matter`` is no listed abbreviation, ``St. Louis`` no abbreviation)."""
    if "." not in name:
        return name
    plain = " ".join(_PERIOD.sub("", name).split())
    return plain if plain != name and plain in _spellings() else name
