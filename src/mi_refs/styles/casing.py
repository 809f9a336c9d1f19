"""Sentence case for titles stored in title case (what Better BibTeX exports).

AMA and NLM print article titles in sentence case; Better BibTeX and many hand-written
.bib files store English titles in title case, protecting the words that must keep their
capitals with braces (``{{Google Flu Trends}}``). pandoc's BibTeX reader turns such
titles back into sentence case; so does :func:`sentence_case`, with the same exceptions:

- words inside braces (the loader records them in ``Reference.case_protected``, see
  :func:`mi_refs.bibtex.fields.protected_words`);
- acronyms and words with a capital after the first letter (``DNA``, ``mRNA``,
  ``COVID-19``, ``iPhone``, ``McDonald``);
- the first word, and the first word after a sentence end (``?``, ``!``, ``.``);
- proper names it can know without braces (AMA 11 3.9.1 capitalises only the first word,
  proper names, trial names and abbreviations; :mod:`mi_refs.styles.propernames`):
  eponyms (``Parkinson``, ``Crohn's``, ``non-Hodgkin``, ``Down syndrome``), places and
  peoples (``Norway``, ``United States``), days and months; the people a title names
  after a role and a colon (``Chairs: Mary Tully and Brit Cadman``) or after an
  honorific (``Professor Jane Doe``).

A subtitle after a colon starts in lower case (AMA 11 3.10: "for journal articles the
subtitle begins with a lowercase letter" unless it is a proper name), as NLM prints it.

Only a title that *looks* title-cased is changed (:func:`looks_title_cased`): a title
already in sentence case keeps its capitals, which are then proper nouns (``Bruton's``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from mi_refs.styles.propernames import (
    EPONYMS_BEFORE,
    HONORIFICS,
    NAME_ROLES,
    PROPER_PHRASES,
    PROPER_WORDS,
)

__all__ = ["MINOR_WORDS", "is_proper", "looks_title_cased", "sentence_case"]

# Words title case leaves in lower case (articles, prepositions, conjunctions).
_MINOR = (
    "a an and as at but by en for from if in into nor of on or per the to v vs via with "
    "within without over upon up out off than among between toward towards during about "
    "after before under through against across onto versus so yet"
)
MINOR_WORDS = frozenset(_MINOR.split(" "))
_WORD = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")
_STEM = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
# A word after the first that starts with a capital (after an opening quote or bracket).
_CAPITALISED = re.compile(r"\s[\"'(\[“‘]?[A-ZÀ-ÞĀ-Ž]")
_POSSESSIVE = re.compile(r"(?:['’]s?)$")  # Crohn's, Crohn’s, Graves'
_DASHES = frozenset({"-", "–", "—", "--"})  # a dash between words ends a names list


def _core(word: str) -> str:
    """The word without the punctuation around it: ``(Omaha,`` gives ``Omaha``."""
    return word.strip("()[]{}\"'“”‘’.,;:!?")


def _first_letter(word: str) -> int:
    match = _LETTER.search(word)
    return -1 if match is None else match.start()


def _is_protected(core: str, protected: Collection[str]) -> bool:
    if core in protected:
        return True
    stem = _STEM.match(core)  # Bruton's: the braces held {Bruton}
    return stem is not None and stem.group() in protected


def _keeps_case(core: str, protected: Collection[str]) -> bool:
    """An acronym, a word with an inner capital or with digits and capitals (``4U``,
    ``COVID-19``), a capital letter as a word (``X-ray``), a protected word, or a word with
    no letters: printed as stored."""
    if not core or (protected and _is_protected(core, protected)):
        return True
    if core.isalpha():  # the common case: a plain word
        return len(core) > 1 and not core[1:].islower()
    return _keeps_case_mixed(core)


@lru_cache(maxsize=4096)
def _keeps_case_mixed(core: str) -> bool:
    """:func:`_keeps_case` for a word with more than letters (hyphens, digits, quotes)."""
    first = _first_letter(core)
    if first < 0:
        return True
    if _DIGIT.search(core) and _has_upper(core):
        return True
    rest = core[first + 1 :]
    if rest.startswith("-") and core[first].isupper():
        return True  # X-ray, T-cell, B-cell
    head, _, tail = rest.partition("-")
    if _has_upper(head):
        return True
    return any(_is_acronym_part(part) for part in tail.split("-")) if tail else False


def _has_upper(text: str) -> bool:
    return text != text.lower()


def _is_acronym_part(part: str) -> bool:
    """A part of a hyphenated word that keeps its capitals: ``CD38`` in ``Anti-CD38``,
    ``mRNA`` in ``Anti-mRNA``."""
    letters = [char for char in part if char.isalpha()]
    return len(letters) > 1 and any(char.isupper() for char in part[1:])


def looks_title_cased(title: str, protected: Collection[str] = ()) -> bool:
    """Whether ``title`` reads as title case: at least three words past the first that
    title case capitalises (not ``of``, ``and``, ``the``...; not acronyms, protected
    words or single letters), all of them capitalised (all but one when five or more)."""
    if len(_CAPITALISED.findall(title)) < 3:
        return False  # the common case, a title in sentence case: one cheap scan
    content = lower = 0
    for index, match in enumerate(_WORD.finditer(title)):
        core = _core(match.group())
        if index == 0 or len(core) < 2 or core.lower() in MINOR_WORDS:
            continue
        if _keeps_case(core, protected):
            continue
        content += 1
        if not core[_first_letter(core)].isupper():
            lower += 1
            if lower > 1:
                return False
    return content >= 3 and lower <= (1 if content >= 5 else 0)


def _ends_sentence(word: str) -> bool:
    """``?``, ``!``, or a period after a lower-case letter (not ``U.S.``)."""
    text = word.rstrip("\"'”’)]")
    if text.endswith(("?", "!")):
        return True
    return text.endswith(".") and len(text) > 2 and text[-2].islower() and "." not in text[:-1]


def _lower_first(word: str) -> str:
    first = _first_letter(word)
    return word[:first] + word[first].lower() + word[first + 1 :]


def sentence_case(title: str, protected: Collection[str] = ()) -> str:
    """``title`` in sentence case if it looks title-cased, else unchanged: ``Sustained
    Platelet Responses after Anti-CD38 Therapy`` gives ``Sustained platelet responses
    after anti-CD38 therapy``."""
    if not looks_title_cased(title, protected):
        return title
    matches = list(_WORD.finditer(title))
    named = _named([match.group() for match in matches])
    out: list[str] = []
    boundary = True  # the next word starts a sentence
    position = 0
    for index, match in enumerate(matches):
        out.append(title[position : match.start()])
        position = match.end()
        word = match.group()
        core = _core(word)
        if (
            _first_letter(word) >= 0
            and not _keeps_case(core, protected)
            and index not in named
            and not is_proper(core)
        ):
            if not boundary and not is_proper(_core(word.split("-", 1)[0])):
                word = _lower_first(word)
            word = _lower_parts(word, protected)
        if _first_letter(word) >= 0:
            boundary = _ends_sentence(word)
        out.append(word)
    out.append(title[position:])
    return "".join(out)


def is_proper(core: str) -> bool:
    """A proper name sentence case keeps (:data:`~mi_refs.styles.propernames.
    PROPER_WORDS`), also in the possessive (``Crohn's``)."""
    return core in PROPER_WORDS or _POSSESSIVE.sub("", core) in PROPER_WORDS


def _named(words: Sequence[str]) -> set[int]:
    """The positions of words kept for the words around them: proper names of several
    words (``New Zealand``), eponyms before their noun (``Down syndrome``), the people
    named after a role and a colon (``Chairs: Mary Tully and Brit Cadman``, up to a dash
    or a sentence end) or after an honorific (``Professor Jane Doe``)."""
    cores = [_core(word) for word in words]
    kept: set[int] = set()
    for index, word in enumerate(words):
        core = cores[index]
        for phrase in PROPER_PHRASES:
            if tuple(cores[index : index + len(phrase)]) == phrase:
                kept.update(range(index, index + len(phrase)))
        after = cores[index + 1].lower() if index + 1 < len(words) else ""
        if after in EPONYMS_BEFORE.get(_POSSESSIVE.sub("", core), ()):
            kept.add(index)
        if word.endswith(":") and core.lower() in NAME_ROLES:
            kept.update(_names_after(words, index + 1, limit=len(words), joined=True))
        elif core in HONORIFICS or word in HONORIFICS:
            kept.add(index)
            kept.update(_names_after(words, index + 1, limit=3, joined=False))
    return kept


def _names_after(words: Sequence[str], start: int, *, limit: int, joined: bool) -> list[int]:
    """The capitalised words from ``start`` on (``joined``: with ``and`` between them),
    up to a dash, a sentence end or a word in lower case; at most ``limit`` words."""
    found: list[int] = []
    for index in range(start, len(words)):
        word = words[index]
        if word in _DASHES or len(found) >= limit:
            break
        first = _first_letter(word)
        if first >= 0 and word[first].isupper():
            found.append(index)
        elif not joined or _core(word).lower() not in {"and", "&"}:
            break
        if word.rstrip("\"'”’)]").endswith((";", ".", "?", "!")):
            break
    return found


def _lower_parts(word: str, protected: Collection[str]) -> str:
    """``Influenza-Like-Illness`` gives ``Influenza-like-illness``: the parts after the
    first hyphen; a part that is an acronym (``Anti-CD38``) keeps its capitals."""
    if "-" not in word:
        return word
    head, *parts = word.split("-")
    for index, part in enumerate(parts):
        if (
            _first_letter(part) >= 0
            and not _is_acronym_part(part)
            and part not in protected
            and not is_proper(_core(part))
        ):
            parts[index] = _lower_first(part)
    return "-".join([head, *parts])


def lowered_words(title: str, printed: str) -> list[str]:
    """The words of ``title`` that sentence case (``printed``) wrote in lower case."""
    return [
        _core(stored.group())
        for stored, shown in zip(_WORD.finditer(title), _WORD.finditer(printed), strict=False)
        if stored.group() != shown.group()
    ]


def capitalised_inside(title: str) -> tuple[set[str], set[str]]:
    """The words a title clearly in sentence case (three words in lower case or more past
    the first, over twice as many as the capitalised ones) capitalises where a sentence
    goes on (not first, not after ``.``, ``?``, ``!`` or ``:``, not after another
    capitalised word; no acronym): its proper names; and the words it writes in lower
    case there. Both empty for any other title."""
    found: set[str] = set()
    lowered: set[str] = set()
    boundary = True
    after_capital = False  # the word before is capitalised: a name's second word (GaAs Nanowires)
    for match in _WORD.finditer(title):
        word = match.group()
        first = _first_letter(word)
        if first < 0:
            continue
        core = _POSSESSIVE.sub("", _core(word))
        if not boundary and len(core) > 1 and core.lower() not in MINOR_WORDS:
            if word[first].islower():
                lowered.add(core)
            elif core[1:].islower() and not after_capital:
                found.add(core)
        after_capital = word[first].isupper() and not boundary
        boundary = _ends_sentence(word) or word.endswith(":")
    if len(lowered) >= 3 and len(lowered) > 2 * len(found):
        return found, lowered
    return set(), set()
