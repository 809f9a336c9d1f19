"""The folded keys a journal name is looked up by in the NLM list (issue 16.2): the keys of
a name as written (:func:`title_keys`) and the looser keys of its variants
(:func:`variant_keys`), which :class:`mi_refs.check.journals.JournalIndex` tries only when
no key of the name itself is listed, and only when they name exactly one journal. Pure; no
data of its own.

Variants are spellings of one title that NLM and publishers write differently:

- **British and American spelling** (:func:`american`): ``International Journal of
  Gynecology & Obstetrics`` is NLM's ``International journal of gynaecology and
  obstetrics``; ``Behavioral`` and ``Behavioural``, ``Tumor`` and ``Tumour``, ``Center``
  and ``Centre``, ``Organization`` and ``Organisation``, ``Pediatric`` and ``Paediatric``,
  ``Esophagus`` and ``Oesophagus``. Both sides are folded alike, so a word folded that is
  no such spelling (``exercise``) still matches only itself.
- **A designator's word** (``Series A``, ``Section B``, ``Part C``): the letter alone is
  the same designator (``Journal of the Royal Statistical Society: Series A`` and ``...
  Society A``).
- **A descriptive subtitle** after a colon or a spaced dash, which says whose journal it
  is rather than naming it (``Injury: International Journal of the Care of the
  Injured``; NLM's ``International journal of gynaecology and obstetrics: the official
  organ of ...``): the title before it. A subtitle that names a part or a subject
  (``Journal of Physics: Conference Series``, ``Alzheimer's & Dementia: Translational
  Research & Clinical Interventions``) is kept. A name's own subtitle is dropped only
  where :func:`subtitle_fits` (a society's journal may be another of the same name).
- **A society's name**: NLM keeps a place its society's journal has dropped (``Philosophical
  transactions of the Royal Society of London. Series B, ...``, which the Royal Society
  calls ``Philosophical Transactions of the Royal Society B: ...``), and has given later
  titles without the society (``Proceedings. Biological sciences``, which the society calls
  ``Proceedings of the Royal Society B: Biological Sciences``): a listed title is also found
  without an ``of <Place>`` before its designator, and a name also as its first words and
  what follows its designator (:func:`without_body`); the index takes a variant only when it
  names one journal, so a name both read as (``Proceedings of the Royal Society B``: the
  title before 1990 and the one after) names none.
- **An ``and``** (``&``) one title has between words and the other lacks: NLM's, which an
  export lost (``Time Society``, ``Exposure Health``), or the name's, in a name of three
  words without it (``Cancer and Metastasis Reviews``, NLM's ``Cancer metastasis
  reviews``; not ``Information & Management``, another journal than NLM's ``Information
  management``).
- **Word order**: the same words, four or more besides the short ones (``of``, ``and``,
  ...), the first two in place, the rest in another order (``Cancer Epidemiology and
  Prevention Biomarkers``, the publisher's title, is NLM's ``Cancer epidemiology,
  biomarkers & prevention``). Two titles whose first words differ (``Clinical and
  Experimental ...``, ``Experimental and Clinical ...``) are not variants of each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from mi_refs.check.journal_near import unqualified, without_articles
from mi_refs.check.text import fold

__all__ = [
    "american",
    "main_title",
    "subtitle_fits",
    "subtitled",
    "title_keys",
    "variant_keys",
    "without_body",
    "without_the",
]

# British spellings, as folded words, to the American ones (both sides of a comparison are
# folded the same way): ae/oe inside a word (haematology, gynaecology, oesophagus,
# diarrhoea, coeliac, foetal), -our(al) (behaviour, tumour, colour), -tre (centre, fibre),
# -ise/-isation (organisation, randomised), -yse (analyse), -mme (programme), ageing.
_SPELLINGS = (
    (re.compile(r"(?<=[a-z])ae(?=[a-z])"), "e"),
    (re.compile(r"^oe(?=[a-z])|(?<=rrh)oe|(?<=^c)oe(?=l)|(?<=^f)oe(?=t)"), "e"),
    (re.compile(r"(?<=[a-z]{3})our(?=(?:s|al|ally|ed|ing|ist|ists|ism|ite|able)?$)"), "or"),
    (re.compile(r"(?<=[a-z]{3})tre(?=s?$)"), "ter"),
    (re.compile(r"(?<=[a-z]{3})is(?=(?:e|ed|es|ing|ation|ations|er|ers)$)"), "iz"),
    (re.compile(r"(?<=[a-z]{3})ys(?=(?:e|ed|es|ing)$)"), "yz"),
    (re.compile(r"(?<=[a-z]{4})mme(?=s?$)"), "m"),
    (re.compile(r"^ageing$"), "aging"),
)
# A subtitle that says whose journal it is: "(the/an) (official) (international) journal
# of", "official organ of", "a publication of" (anchored, no nested repetition: linear).
_SUBTITLE = re.compile(r"\s*(?::|\s[-\u2013\u2014])\s*")
_DESCRIPTIVE = re.compile(
    r"(?:(?:an?|the)\s+)?(?:official\s+)?(?:(?:international|interdisciplinary)\s+)?"
    r"(?:journal|organ|publication|bulletin)\s+(?:of|for)\s",
    re.IGNORECASE,
)
# A body a society's journal names in its subtitle.
_BODY = re.compile(
    r"\b(?:society|association|federation|college|academy|institute|council|foundation)\b",
    re.IGNORECASE,
)
# Words that name a designator: dropped before a letter or a Roman numeral.
_DESIGNATOR_WORDS = frozenset({"series", "section", "sect", "part", "ser", "pt"})
_DESIGNATOR = re.compile(r"\b(?:series|section|sect|part|ser|pt)\s+(?=(?:[a-z]|[ivx]+)(?:\s|$))")
# A place ending a society's name before NLM's designator (``... Society of London. Series
# B``); a society's name between a name's first words and a designator letter before a colon
# (``Proceedings of the Royal Society B: Biological Sciences``; lazy runs on a short name).
_PLACE_BEFORE_DESIGNATOR = re.compile(
    r"\s+of\s+[A-Z][\w'-]+(?=\.\s+(?:Series|Section|Part|Sect|Ser)\b)"
)
_BODY_BEFORE_LETTER = re.compile(r"(\w[\w ]*?)\s+(?i:of\s+the)\s+[^:]+?\s+([A-Z])\s*:\s*(\S.*)")
_LONGEST_BODY_NAME = 200
# Short words a reordered title may move with its subject words; and how many other words
# two titles must share, and how many at the start must stay in place.
# ("a" is no such word: it is also a designator, ``Journal of Zhejiang University Science A``
# is not NLM's undivided ``Journal of Zhejiang University. Science``).
_SHORT_WORDS = frozenset({"and", "at", "for", "in", "of", "on", "the", "to", "with"})
_REORDERED_WORDS = 4
_IN_PLACE = 2
# The mark on a word-order key: never in a folded name (letters, digits and spaces only).
_REORDERED = "~ "


def without_the(folded: str) -> str:
    """A folded name without a leading ``the``."""
    return folded[4:] if folded.startswith("the ") else folded


def title_keys(name: str) -> Iterator[tuple[int, str]]:
    """The folded keys a journal name is looked up by, with their level (lower is more
    specific): 0 the whole name; 1 without a leading ``The``; 2 the name before an NLM
    subtitle (`` : ``) or a parallel title (`` = ``), and without a trailing qualifier in
    parentheses, each without a leading ``The``; 3 each of those without the articles
    inside it (``Journal of Acoustical Society of America``)."""
    folded = fold(name)
    keys = [(0, folded)]
    if without_the(folded) != folded:
        keys.append((1, without_the(folded)))
    main = name.split(" : ", 1)[0].split(" = ", 1)[0]
    if main != name:
        keys.append((2, without_the(fold(main))))
    bare = unqualified(main)
    if bare != main:
        keys.append((2, without_the(fold(bare))))
    yield from keys
    seen = {key for _, key in keys}
    for _, key in keys:
        plain = without_articles(key)
        if plain not in seen:
            seen.add(plain)
            yield 3, plain


def american(folded: str) -> str:
    """A folded name in American spelling, designators' words dropped: ``international
    journal of gynaecology and obstetrics`` gives ``international journal of gynecology
    and obstetrics``, ``journal of the royal statistical society series a`` gives
    ``journal of the royal statistical society a``."""
    spelled = " ".join(_american_word(word) for word in folded.split())
    return _DESIGNATOR.sub("", spelled) if _DESIGNATOR_WORDS & set(spelled.split()) else spelled


@lru_cache(maxsize=65536)  # building the index spells ~300,000 words, few of them distinct
def _american_word(word: str) -> str:
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


def _reordered(key: str) -> str | None:
    """The word-order key of a folded key: its first words in place, the others sorted,
    short words left out; ``None`` for a name with too few words to tell."""
    words = [word for word in key.split() if word not in _SHORT_WORDS]
    if len(words) < _REORDERED_WORDS:
        return None
    return _REORDERED + " ".join(words[:_IN_PLACE] + sorted(words[_IN_PLACE:]))


def _without_and(key: str, *, listed: bool) -> str | None:
    """A folded key without the ``and`` between its words (``cancer and metastasis
    reviews`` for NLM's ``cancer metastasis reviews``), ``None`` when it has none or is
    left too short: two words for a ``listed`` title (an export that lost the ``&`` of
    ``Time & society``, ``Exposure and health``), three for a name (``Information &
    Management`` is not NLM's ``Information management``). An ``and`` first or last is
    kept: a name cut short (``Journal of Management and …``) is not the title before it."""
    words = key.split()
    kept = [word for i, word in enumerate(words) if word != "and" or i in {0, len(words) - 1}]
    shortest = 2 if listed else 3
    return " ".join(kept) if len(kept) != len(words) and len(kept) >= shortest else None


def subtitled(name: str) -> tuple[str, str] | None:
    """A name's title and its descriptive subtitle (module docstring), or ``None``:
    ``Injury: International Journal of the Care of the Injured`` gives ``('Injury',
    'International Journal of the Care of the Injured')``."""
    pieces = _SUBTITLE.split(name.split(" : ", 1)[0], 1)
    if len(pieces) == 2 and _DESCRIPTIVE.match(pieces[1]) and pieces[0].strip():
        return pieces[0], pieces[1]
    return None


def main_title(name: str) -> str:
    """A title without NLM's subtitle (after `` : ``) and without a descriptive subtitle:
    ``International journal of gynaecology and obstetrics: the official organ of ...``
    gives ``International journal of gynaecology and obstetrics``."""
    found = subtitled(name)
    return found[0] if found is not None else name.split(" : ", 1)[0]


def subtitle_fits(subtitle: str, listed: Sequence[str]) -> bool:
    """Whether a name's descriptive subtitle may be dropped to match a listed journal
    whose NLM titles are ``listed``: NLM's own subtitle begins as the name's does
    (``Arthroscopy: The Journal of Arthroscopic & Related Surgery``); else NLM's title has
    no subtitle and no qualifier, and the name's subtitle names no society or other body
    (a society's journal NLM lists under the same short title is often another journal:
    ``Reading & Writing: Journal of the Reading Association of South Africa`` is not
    NLM's ``Reading and writing``, ``Source: Journal of Vertebrate Paleontology`` not
    ``Source (United Nations Development Programme)``)."""
    wanted = fold(subtitle)
    for title in listed:
        own = subtitled(title)
        rest = own[1] if own is not None else title.partition(" : ")[2]
        if rest and fold(rest).startswith(wanted):
            return True
    return not _BODY.search(subtitle) and all(
        subtitled(title) is None and " : " not in title and unqualified(title) == title
        for title in listed
    )


def variant_keys(name: str, *, listed: bool = False, own: Sequence[str] | None = None) -> list[str]:
    """The keys of a name's variants (module docstring): each key of :func:`title_keys` in
    American spelling without designators' words (the same key when there is nothing to
    change), and its word-order key, in a fixed order (the index is built alike each
    time). A ``listed`` (NLM) title's keys include those of its title without a
    descriptive subtitle. ``own``: the name's :func:`title_keys`, when already made."""
    found: list[str] = []
    keys = list(own) if own is not None else [key for _, key in title_keys(name)]
    if listed and main_title(name) != name:
        keys.extend(key for _, key in title_keys(main_title(name)))
    placeless = _PLACE_BEFORE_DESIGNATOR.sub("", name) if listed else name
    if placeless != name:
        keys.extend(key for _, key in title_keys(placeless))
    for key in keys:
        spelled = american(key)
        for variant in (spelled, _reordered(spelled), _without_and(spelled, listed=listed)):
            if variant is not None and variant not in found:
                found.append(variant)
    return found


def without_body(name: str) -> tuple[str, ...]:
    """A name without the society's name between its first words and a designator letter
    (module docstring): ``Proceedings of the Royal Society B: Biological Sciences`` gives
    ``Proceedings B: Biological Sciences`` and ``Proceedings: Biological Sciences``; a name
    of another shape gives none."""
    found = _BODY_BEFORE_LETTER.fullmatch(name.strip()) if len(name) <= _LONGEST_BODY_NAME else None
    if found is None:
        return ()
    head, letter, rest = found.groups()
    return (f"{head} {letter}: {rest}", f"{head}: {rest}")
