"""How near a journal name must be to a listed one before the catalogue may vouch for it
(issue 16.2): the rules :class:`mi_refs.check.journals.JournalIndex` applies to a name it
does not find as written. Pure; no data of its own.

- A **typo** is one word of the name at most two edits from the listed name's word at the
  same place, every other word equal. What agrees must outweigh what differs: in a name of
  several words a word of 8 letters or more may differ by two edits; a shorter word (5
  letters or more) by one edit when at least three other words of 4 letters or more agree
  (``Journal of Verbal Learning and Vernal Behavior``); a one-word name, which has nothing
  else to agree, by one edit per 10 letters (``Neropsychologia``; not ``Robotics`` for
  ``Robotica``, not ``Nanoscape`` for ``Nanoscale``, both journals of their own). Except
  for a long word in a longer name, the edit may not touch the word's last letter: an
  ending changed is another word (``Physics``/``Physic``, ``Robotics``/``Robotica``).
- A **one-word name** is never a word-by-word abbreviation of a listed one-word name: a
  prefix of one word is no evidence (``EuR`` is not ``EURE``, ``Horizont`` not
  ``Horizon``, ``TiCS`` not ``TIC``); it needs an exact hit or a typo as above.
- A title **cut short** (``Proceedings of the National Academy of Sciences``): the name,
  three words or more, is the beginning of exactly one listed title, cut before an ``of
  ...`` qualifier inside a run of words that NLM writes without punctuation. A name that
  stops where NLM's title has a part separator (``Proceedings of the National Academy of
  Sciences, India. Section B``) names the stem of the sections, not one of them; a name
  that drops a subject (``Journal of Phase Equilibria`` of ``... and diffusion``, the
  journal's later title; ``Theory of Computing`` of ``... systems``, another journal) is
  another title.
- A title's **sections**: ``The Journal of bone and joint surgery`` became its
  ``. American volume`` and ``. British volume``; ``American journal of medical
  genetics`` its parts A, B and C. The listed titles that continue a listed title after
  ``. `` and a designator (``Part``, ``Section``, ``Series``, a letter, a Roman numeral,
  ``... volume``), with an abbreviation continuing its abbreviation, are titles the name
  has had: the list has no dates for the split, so no single abbreviation can be
  suggested. Supplements and sister journals (``Mayo Clinic proceedings. Innovations,
  quality & outcomes``; a single section beside a title that goes on: ``J Pediatr Orthop
  B``) are not sections.
- A publisher's **prefix or suffix** (:func:`publisher_parts`): the name's parts around a
  spaced dash (``PACE - Pacing and Clinical Electrophysiology``), or an acronym before a
  colon or a dash whose letters are the initials of the title after it, short words left
  out (``JAMA: The Journal of the American Medical Association``, ``JNCI: Journal of the
  National Cancer Institute``, ``Bmj-British Medical Journal``; an acronym in capitals
  before a space too: ``JNCCN Journal of the National Comprehensive Cancer Network``);
  not ``Bio-Medical Materials`` nor ``Journal of Physics: Conference Series``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import Levenshtein

from mi_refs.check.text import fold

__all__ = [
    "ARTICLES",
    "cut_before_qualifier",
    "cut_short_key",
    "from_year",
    "letters_joined",
    "long_enough_to_cut",
    "publisher_parts",
    "sections_of",
    "shortens",
    "typo_allowed",
    "unqualified",
    "without_articles",
    "words_abbreviate",
]

# A long word in a name of several words: at most this many edits.
_LONG_WORD = 8
_LONG_EDITS = 2
# A shorter word: one edit, with this many other words of at least _AGREEING_LETTERS
# letters agreeing.
_SHORT_WORD = 5
_AGREEING_WORDS = 3
_AGREEING_LETTERS = 4
# A one-word name: one edit per this many letters.
_LETTERS_PER_EDIT = 10
# A title cut short: at least this many words (after a leading "the").
_CUT_SHORT_WORDS = 3
# Where NLM's title has a part separator: the run of words a cut may end inside.
_PART_SEPARATOR = re.compile(r"[.,:;=(\[]")
# A section of a title: ". " and a designator (". Part A", ". Section B", ". Series A",
# ". A, Physics", ". American volume"); not a supplement, not a sister journal
# (". Innovations, quality & outcomes", ". Conference on ...").
_SECTION = re.compile(
    r"\.\s+(?=(?:part|pt|section|sect|series|ser)\b|[A-Z]\b|[IVX]+\b|[^.,:;]*\bvolume\b)",
    re.IGNORECASE,
)
# A first year in a title's or abbreviation's qualifier: ``J Appl Physiol (1985)``,
# ``Journal of applied physiology (Bethesda, Md. : 1985)``.
_FROM_YEAR = re.compile(r"\((?:[^()]*\D)?(1[6-9]\d\d|20\d\d)\)\s*$")
# The English article folded away inside titles, as a leading "The" already is.
ARTICLES = frozenset({"the"})
# A publisher's prefix or suffix: ``JAMA - Journal of ...``, ``PACE - Pacing and ...``.
_PARTS = re.compile(r"(?<!\s)\s+[-\u2013\u2014]\s+")  # from a run's start: linear
# An acronym before the title it abbreviates: ``JNCI: Journal of ...``, ``Bmj-British ...``
# (anchored, no nested repetition: linear).
_ACRONYM_PREFIX = re.compile(r"([A-Za-z]{2,8})\s*[:\u2013\u2014-]\s*(\S.*)", re.DOTALL)
# The same with a space only, the acronym in capitals: ``JNCCN Journal of the National ...``.
_SPACED_ACRONYM = re.compile(r"([A-Z]{2,8})\s+(\S.*)", re.DOTALL)
# A run of two or more one-letter words (anchored by word boundaries: linear).
_SINGLE_LETTERS = re.compile(r"\b[a-z](?: [a-z])+\b")
# Words an acronym leaves out.
_UNINITIALED = frozenset({"a", "an", "and", "for", "in", "of", "on", "the"})


def publisher_parts(name: str) -> list[str]:
    """The parts of a journal name with a publisher's prefix or suffix (module docstring):
    ``['JAMA', 'The Journal of the American Medical Association']``; the name alone when it
    has none."""
    pieces = [piece.strip() for piece in _PARTS.split(name) if piece.strip()]
    if len(pieces) >= 2:
        return pieces
    found = _ACRONYM_PREFIX.fullmatch(name.strip()) or _SPACED_ACRONYM.fullmatch(name.strip())
    if found is not None:
        initials = "".join(w[0] for w in fold(found[2]).split() if w not in _UNINITIALED)
        if initials == found[1].lower():
            return [found[1], found[2]]
    return pieces


def letters_joined(folded: str) -> str:
    """A folded abbreviation with each run of single letters written as one word: ``proc
    natl acad sci u s a`` gives ``proc natl acad sci usa`` (the ISO form ``Proc. Natl.
    Acad. Sci. USA`` of NLM's ``Proc Natl Acad Sci U S A``)."""
    return _SINGLE_LETTERS.sub(lambda run: run[0].replace(" ", ""), folded)


def without_articles(folded: str) -> str:
    """A folded name without its English articles: ``journal of the acoustical society of
    america`` gives ``journal of acoustical society of america``."""
    return " ".join(word for word in folded.split() if word not in ARTICLES)


def _ending_kept(mine: str, listed: str) -> bool:
    """Whether one edit between two words leaves their last letters alone (the edit is
    inside the word, not its ending)."""
    return bool(mine and listed) and mine[-1] == listed[-1]


def typo_allowed(words: Sequence[str], other: Sequence[str]) -> bool:
    """Whether the folded words of a name misspell a listed name's folded words in one
    word, by the rules of the module docstring."""
    if len(words) != len(other):
        return False
    differing = [(a, b) for a, b in zip(words, other, strict=True) if a != b]
    if len(differing) != 1:
        return False
    mine, listed = differing[0]
    edits = Levenshtein.distance(mine, listed)
    longest = max(len(mine), len(listed))
    if len(words) == 1:
        return edits * _LETTERS_PER_EDIT <= longest and _ending_kept(mine, listed)
    if longest >= _LONG_WORD and edits <= _LONG_EDITS:
        return True
    agreeing = sum(1 for a, b in zip(words, other, strict=True) if a == b and len(a) >= 4)
    return (
        edits == 1
        and min(len(mine), len(listed)) >= _SHORT_WORD
        and agreeing >= _AGREEING_WORDS
        and _ending_kept(mine, listed)
    )


def cut_short_key(title: str) -> str:
    """The folded run of words a cut-short name may end inside: the title up to NLM's
    first part separator, without a leading ``The``."""
    folded = fold(_PART_SEPARATOR.split(title, 1)[0])
    return folded[4:] if folded.startswith("the ") else folded


def cut_before_qualifier(key: str, query: str) -> bool:
    """Whether what a cut-short name drops from a listed title's key is an ``of ...``
    qualifier (``of the United States of America``): the body or place the title belongs
    to. A dropped subject or head noun (``... and diffusion``, ``... and radium therapy``,
    ``... systems``, ``... culture``) makes another title, often the journal's later one
    (``Journal of phase equilibria`` became ``... and diffusion``)."""
    return key.startswith(query + " of ")


def long_enough_to_cut(query: str) -> bool:
    """Whether a folded name has words enough to be taken for a title cut short."""
    return len(query.split()) >= _CUT_SHORT_WORDS


def sections_of(titles: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Each listed abbreviation whose title NLM continues in sections, to the sections'
    abbreviations (``J Bone Joint Surg``: ``J Bone Joint Surg Am``, ``J Bone Joint Surg
    Br``). A section's title is the parent's title, ``. ``, a designator, more; its
    abbreviation is the parent's, a space, more."""
    pairs = [(title, abbreviation.strip()) for title, abbreviation in titles]
    parents: dict[str, list[str]] = {}
    for title, abbreviation in pairs:
        if abbreviation:
            parents.setdefault(title.casefold(), []).append(abbreviation)
    found: dict[str, list[str]] = {}
    for title, abbreviation in pairs:
        if not abbreviation or ". " not in title:
            continue
        for separator in _SECTION.finditer(title):
            for parent in parents.get(title[: separator.start()].casefold(), ()):
                if abbreviation.startswith(parent + " "):
                    members = found.setdefault(parent, [])
                    if abbreviation not in members:
                        members.append(abbreviation)
    # a split gives two sections or more; one section beside a title that goes on is a
    # sister journal (J Endourol B Videourol, J Pediatr Orthop B)
    return {parent: tuple(members) for parent, members in found.items() if len(members) > 1}


def unqualified(name: str) -> str:
    """``Lancet (London, England)`` gives ``Lancet``; a name without a trailing
    parenthesised qualifier is returned as it is."""
    text = name.rstrip()
    if not text.endswith(")"):
        return name
    opening = text.rfind("(")
    return text[:opening].rstrip() if opening > 0 else name


def from_year(abbreviation: str) -> int | None:
    """The first year a listed abbreviation's qualifier names: ``J Appl Physiol (1985)``
    gives 1985; ``Br Med J (Clin Res Ed)`` and ``BMJ`` give ``None``."""
    match = _FROM_YEAR.search(abbreviation)
    return int(match.group(1)) if match else None


def words_abbreviate(query: str, candidate: str) -> bool:
    """Whether two folded names have the same number of words and each word of one is a
    prefix of the other's word at the same place (``new engl j med``/``n engl j med``,
    ``transfus med hemotherapy``/``transfus med hemother``)."""
    left, right = query.split(), candidate.split()
    return len(left) == len(right) and all(
        a.startswith(b) or b.startswith(a) for a, b in zip(left, right, strict=True)
    )


# A word a short form cuts: at least this many letters kept (``Meth`` of ``Methods``; ``SC``
# is no evidence of ``Sci``).
_CUT_WORD = 3


def shortens(query: str, candidate: str) -> bool:
    """Whether a folded name is a short form of a folded listed name: as many words, each a
    prefix of the listed word at the same place (``nat meth`` of ``nat methods`` and of
    ``nature methods``), a word cut keeping at least three letters. The other way round (a
    full word beside an abbreviated one: ``digital discovery`` and ``dig dis``) is no
    evidence: an abbreviation begins many titles."""
    left, right = query.split(), candidate.split()
    return len(left) == len(right) and all(
        b.startswith(a) and (a == b or len(a) >= _CUT_WORD)
        for a, b in zip(left, right, strict=True)
    )
