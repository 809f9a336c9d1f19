"""Sentence case for titles stored in title case (what Better BibTeX exports).

AMA and NLM print article titles in sentence case; Better BibTeX and many hand-written
.bib files store English titles in title case, protecting the words that must keep their
capitals with braces (``{{Google Flu Trends}}``). pandoc's BibTeX reader turns such
titles back into sentence case; so does :func:`sentence_case`, with the same exceptions:

- words inside braces (the loader records them in ``Reference.case_protected``, see
  :func:`mi_refs.bibtex.fields.protected_words`);
- acronyms and words with a capital after the first letter (``DNA``, ``mRNA``,
  ``COVID-19``, ``iPhone``, ``McDonald``);
- the first word, and the first word after a sentence end (``?``, ``!``, ``.``).

Only a title that *looks* title-cased is changed (:func:`looks_title_cased`): a title
already in sentence case keeps its capitals, which are then proper nouns (``Bruton's``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

__all__ = ["MINOR_WORDS", "looks_title_cased", "sentence_case"]

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
    out: list[str] = []
    boundary = True  # the next word starts a sentence
    position = 0
    for match in _WORD.finditer(title):
        out.append(title[position : match.start()])
        position = match.end()
        word = match.group()
        core = _core(word)
        if _first_letter(word) >= 0 and not _keeps_case(core, protected):
            if not boundary:
                word = _lower_first(word)
            word = _lower_parts(word, protected)
        if _first_letter(word) >= 0:
            boundary = _ends_sentence(word)
        out.append(word)
    out.append(title[position:])
    return "".join(out)


def _lower_parts(word: str, protected: Collection[str]) -> str:
    """``Influenza-Like-Illness`` gives ``Influenza-like-illness``: the parts after the
    first hyphen; a part that is an acronym (``Anti-CD38``) keeps its capitals."""
    if "-" not in word:
        return word
    head, *parts = word.split("-")
    for index, part in enumerate(parts):
        if _first_letter(part) >= 0 and not _is_acronym_part(part) and part not in protected:
            parts[index] = _lower_first(part)
    return "-".join([head, *parts])
