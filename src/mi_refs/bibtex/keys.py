"""Citation keys for new entries: one scheme for every way a reference gets in (``add``,
``import``, ``extract``), never clashing with a key already taken.

The default scheme is ``{surname}{year}{word}``: the first author's surname (particles
kept, accents and punctuation dropped, lower case), the year, and the first word of the
title that is not a stop word: ``vernava2023daratumumab``. A team may set its own scheme
in ``[tool.mi-refs] key-scheme`` with the placeholders ``{surname}``, ``{year}``,
``{word}``, ``{words}`` (first three words), ``{pmid}`` and ``{doi}``. A clash gets
``b``, ``c``... (``vernava2023daratumumabb``), as Better BibTeX does.
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections.abc import Container

from mi_refs.errors import InvalidArgumentError
from mi_refs.model import Reference

__all__ = ["DEFAULT_SCHEME", "PLACEHOLDERS", "make_key", "validate_scheme"]

DEFAULT_SCHEME = "{surname}{year}{word}"
PLACEHOLDERS = frozenset({"surname", "year", "word", "words", "pmid", "doi"})

_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``Strüßmann`` gives ``strussmann``."""
    if text.isascii():  # nothing to decompose
        if text.isalnum():  # letters and digits only: nothing to remove
            return text.lower()
        return _NOT_KEY.sub("", text.lower())
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_KEY.sub("", plain.lower())


def _title_words(title: str, wanted: int = 3) -> list[str]:
    """The first ``wanted`` words of a title that are not stop words, as ASCII."""
    words: list[str] = []
    for word in title.split():
        plain = _ascii(word)
        if plain and plain not in _STOP_WORDS:
            words.append(plain)
            if len(words) == wanted:
                break
    return words


@functools.lru_cache(maxsize=64)
def validate_scheme(scheme: str) -> str:
    """``scheme`` if it is usable, else :class:`~mi_refs.errors.InvalidArgumentError`
    naming the unknown placeholder."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(scheme) if name is not None}
    except ValueError as exc:
        raise InvalidArgumentError(f"key scheme {scheme!r}: {exc}") from exc
    unknown = sorted(names - PLACEHOLDERS)
    if unknown:
        known = ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS))
        raise InvalidArgumentError(
            f"key scheme {scheme!r}: unknown placeholder(s) {', '.join(unknown)} (known: {known})"
        )
    if not names:
        raise InvalidArgumentError(f"key scheme {scheme!r} has no placeholder")
    return scheme


@functools.lru_cache(maxsize=64)
def _placeholders(scheme: str) -> frozenset[str]:
    """The placeholders ``scheme`` names (validated: see :func:`validate_scheme`)."""
    validate_scheme(scheme)
    return frozenset(name for _, name, _, _ in string.Formatter().parse(scheme) if name)


def make_key(reference: Reference, taken: Container[str] = (), scheme: str = DEFAULT_SCHEME) -> str:
    """A key for ``reference`` by ``scheme`` that is not in ``taken``.

    >>> from mi_refs.model import Kind, Name, Reference
    >>> ref = Reference("", "article", Kind.ARTICLE, authors=(Name("Vernava", "I"),),
    ...                 title="Daratumumab as a novel treatment", year="2023")
    >>> make_key(ref)
    'vernava2023daratumumab'
    >>> make_key(ref, taken={"vernava2023daratumumab"})
    'vernava2023daratumumabb'
    """
    wanted = _placeholders(scheme)
    values: dict[str, str] = {}  # only what the scheme names: a key per imported record
    if "surname" in wanted:
        first = reference.authors[0] if reference.authors else None
        values["surname"] = (
            _ascii(first.surname if first else "") or _ascii(reference.organization) or "anon"
        )
    if "year" in wanted:
        values["year"] = _ascii(reference.year) or "nd"
    if "word" in wanted or "words" in wanted:
        words = _title_words(reference.title, 3 if "words" in wanted else 1)
        values["word"] = words[0] if words else ""
        values["words"] = "".join(words[:3])
    if "pmid" in wanted:
        values["pmid"] = reference.pmid
    if "doi" in wanted:
        values["doi"] = _ascii(reference.doi)
    base = scheme.format(**values) or "ref"
    key, suffix = base, 0
    while key in taken:
        suffix += 1
        key = base + _letters(suffix)
    return key


def _letters(number: int) -> str:
    """1 -> ``b``, 2 -> ``c``, ..., 25 -> ``z``, 26 -> ``zb``: never ``a``, so the first
    clash reads as a second work."""
    out = ""
    while number > 25:
        out += "z"
        number -= 25
    return out + "abcdefghijklmnopqrstuvwxyz"[number]
