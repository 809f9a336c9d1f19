"""The one folding of text the checks compare in (journal titles, work titles, surnames),
and the thresholds the checks share, each named once with the reason for its value.

:func:`fold` used to exist twice (``compare.fold`` and ``journals.fold``) and the two
disagreed on ``&`` (``Blood cells, molecules & diseases`` folded to ``... diseases`` in
one and ``... and diseases`` in the other) and on ``ø``/``æ``/``ł``: a title matched as a
journal did not match as a work title. There is now only this one.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "TITLE_CLOSE",
    "TITLE_DIFFERENT_MATCH",
    "TITLE_OTHER_WORK",
    "TITLE_SAME",
    "fold",
    "strip_markup",
]

# --- title similarity thresholds (rapidfuzz ratio, 0-100, on folded titles) -------------
# At or above: the same title (typography, a dropped subtitle word, British/American
# spelling). Also what two entries of one list need to be reported as one work twice.
TITLE_SAME = 95.0
# At or above (and below TITLE_SAME): the same title written a little differently, a
# warning rather than an error when compared with a registry.
TITLE_CLOSE = 80.0
# Below (and another first author): the identifier names another work. Low, because a
# registry title with its subtitle and a stored one without can fall to 60.
TITLE_OTHER_WORK = 55.0
# Below: a match found without identifiers (first author and year agreeing) is another
# work all the same; slightly above TITLE_OTHER_WORK because there is no identifier.
TITLE_DIFFERENT_MATCH = 60.0

# ASCII bytes that are not letters or digits become spaces (bytes.translate is the
# fastest way to do it; the journal index folds ~80,000 strings when it is built).
_ASCII_TO_SPACE = bytes(c if c < 128 and chr(c).isalnum() else 32 for c in range(256))
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_WORD = re.compile(r"[\W_]+")
_TAGS = re.compile(r"<[^<>]+>")  # to the next ">", no "<" inside: linear
# Letters NFKD does not decompose that readers treat as their base letter.
_BASE_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "đ": "d", "ı": "i", "œ": "oe"})


def strip_markup(text: str) -> str:
    """``<i>In vitro</i> study`` gives `` In vitro  study`` (registry titles carry tags)."""
    return _TAGS.sub(" ", text) if "<" in text else text


def fold(text: str) -> str:
    """The form names and titles are compared in: lower case, no diacritics (``ß`` is
    ``ss``, ``ø`` is ``o``), ``&`` as ``and``, every run of punctuation and space one
    space, no leading or trailing space. ``Blood cells, molecules & diseases`` gives
    ``blood cells molecules and diseases``; ``Br. J. Haematol.`` gives ``br j haematol``.
    Markup tags (registry titles carry ``<i>``) are removed first."""
    if "<" in text:
        text = strip_markup(text)
    if not text.isascii():
        plain = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()
        plain = plain.translate(_BASE_LETTERS)
        if not plain.isascii():  # letters of another script: kept
            return " ".join(_NOT_WORD.sub(" ", plain.replace("&", " and ")).split())
        text = plain
    folded = text.lower().replace("&", " and ").encode("ascii").translate(_ASCII_TO_SPACE)
    return " ".join(folded.decode("ascii").split())
