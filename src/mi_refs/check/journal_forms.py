"""Journal names written with more than the journal's name, or with something else in its
place (issue 16.2): what :meth:`mi_refs.check.journals.JournalIndex.resolve` strips before
it looks a name up again, and what it recognises as no journal at all. Pure; no data of its
own.

- **Marks and export debris**: a trademark sign (``PAIN®``, written ``PAIN{\\textregistered}``),
  the volume and issue an export pasted after the name (``Oncotarget; Vol 5, No 15``). The
  name without them is looked up; the style prints the field as written, marks and all, so
  what is found is a warning with the abbreviation.
- **A parallel title**: NLM's title followed by the same title in another language after a
  period (``International journal of cancer. Journal international du cancer``, PubMed's
  long form): every word of the first title that is not a short word has a word in the rest
  beginning with the same four letters, British and American spellings alike
  (``canadian``/``canadien``, ``anaesthesia``/``anesthesie``). A part or section
  (``. Part A``, ``. Supplement``) shares no such words and is no parallel title.
- **A brand's acronym before the name**: capitals the publisher puts before NLM's title
  (``EP Europace``: NLM's ``Europace : European pacing, arrhythmias, and cardiac
  electrophysiology ...``), when the letters are the initials of consecutive words of NLM's
  full title, subtitles included (short words left out), and the rest is one listed
  journal. ``BMJ Mental Health`` is not NLM's ``Mental health``: its title spells no BMJ.
- **A title renamed to its initials**: ``Journal of the American Medical Association`` became
  ``JAMA`` (1960), ``British medical journal`` ``BMJ`` (1988), ``Canadian Medical Association
  journal`` ``CMAJ``: when NLM lists a journal whose own title is the initials of the name's
  words (short words left out), and that title is the initials alone or followed by the
  name (``CMAJ : Canadian Medical Association journal ...``; not ``JOP : Journal of the
  pancreas`` for ``Journal of Oncology Practice``), the name has had both titles, which the
  2021 list does not date: no single abbreviation can be suggested.
- **A publisher as the journal** (``Nature Publishing Group``, ``Elsevier``): a name whose
  last word is one a company's name ends in (``Press``, ``Publishing``, ``Publishers``,
  ``Verlag``, ``Inc``, ``Ltd``, ``GmbH``...) or that is one of the large medical publishers'
  names, when no listed journal has the name and no word of it names a serial (``Journal of
  Scholarly Publishing``) and it has no parenthesis (``Modern Language Journal (John Wiley
  & Sons, Inc.)`` names the journal).
"""

from __future__ import annotations

import re

from mi_refs.check.journal_keys import american
from mi_refs.check.text import fold

__all__ = [
    "acronym_before",
    "initialism",
    "parallel_title",
    "publisher_name",
    "renamed_to",
    "spelled_by_initials",
    "without_marks",
]

# Trademark and copyright signs: never part of a journal's name as NLM writes it.
_MARKS = re.compile("\\s*[\u00ae\u2122\u00a9\u2120]")
# The volume or issue pasted after a name: a separator, then "Vol", "No", "Issue" and a
# number, to the end (anchored at the separator, one run of anything after: linear).
_ISSUE_DEBRIS = re.compile(
    r"(?:\s*[;,]|\s)\s*(?:vol(?:ume)?|no|nr|issue|iss|num(?:ber)?)\b\.?\s*\d.*$",
    re.IGNORECASE | re.DOTALL,
)
# A parallel title follows NLM's title after ". ".
_PERIOD = re.compile(r"\.\s+")
# Words a parallel title need not repeat; the letters two spellings of one word share.
_SHORT_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "at",
        "d",
        "de",
        "der",
        "des",
        "du",
        "et",
        "for",
        "in",
        "l",
        "of",
        "on",
        "the",
    }
)
_SAME_START = 4
# Words that name a serial: a name with one is a journal's (``Journal of Scholarly
# Publishing``), or a journal with its publisher in parentheses.
_SERIAL_WORDS = frozenset(
    {
        "journal",
        "review",
        "reviews",
        "letters",
        "bulletin",
        "proceedings",
        "annals",
        "archives",
        "magazine",
        "quarterly",
        "transactions",
        "studies",
        "research",
    }
)
# An acronym in capitals before the rest of a name, and the words initials skip.
_ACRONYM = re.compile(r"([A-Z]{2,6})\s+(\S.*)", re.DOTALL)
_UNINITIALED = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to"})
# The last word of a company's name, folded; and the large medical publishers' names.
_COMPANY_WORDS = frozenset(
    {
        "press",
        "publishing",
        "publishers",
        "publisher",
        "verlag",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "limited",
        "corporation",
    }
)
_PUBLISHERS = frozenset(
    {
        "elsevier",
        "elsevier ltd",
        "elsevier bv",
        "elsevier inc",
        "springer",
        "springer nature",
        "springer verlag",
        "wiley",
        "john wiley and sons",
        "wiley blackwell",
        "blackwell publishing",
        "taylor and francis",
        "sage",
        "sage publications",
        "wolters kluwer",
        "lippincott williams and wilkins",
        "oxford university press",
        "cambridge university press",
        "nature publishing group",
        "public library of science",
        "biomed central",
        "mdpi",
        "mdpi ag",
        "frontiers media sa",
        "frontiers media",
        "karger",
        "s karger ag",
        "thieme",
        "hindawi",
        "informa healthcare",
        "bmj publishing group",
        "bmj publishing group ltd",
        "american medical association",
        "massachusetts medical society",
        "cell press",
    }
)


def without_marks(name: str) -> str:
    """A name without trademark signs and pasted volume or issue (module docstring):
    ``PAIN®`` gives ``PAIN``, ``Oncotarget; Vol 5, No 15`` gives ``Oncotarget``; a name
    without them is returned as it is."""
    plain = _MARKS.sub("", name) if _MARKS.search(name) else name
    found = _ISSUE_DEBRIS.search(plain)
    if found is not None and found.start() > 0:
        plain = plain[: found.start()]
    return plain.strip() if plain != name else name


def parallel_title(name: str) -> str | None:
    """The title before a parallel title in another language (module docstring), or
    ``None``: ``International journal of cancer. Journal international du cancer`` gives
    ``International journal of cancer``."""
    pieces = _PERIOD.split(name.strip(), 1)
    if len(pieces) != 2:
        return None
    head, rest = pieces
    words = [word for word in american(fold(head)).split() if word not in _SHORT_WORDS]
    others = [word for word in american(fold(rest)).split() if word not in _SHORT_WORDS]
    if len(words) < 2 or abs(len(words) - len(others)) > 1:
        return None
    starts = {word[:_SAME_START] for word in others}
    return head if all(word[:_SAME_START] in starts for word in words) else None


def publisher_name(name: str) -> bool:
    """Whether a name is a publisher's rather than a journal's (module docstring)."""
    folded = fold(name)
    words = folded.split()
    if not words or "(" in name or _SERIAL_WORDS & set(words):
        return False
    return folded in _PUBLISHERS or (len(words) >= 2 and words[-1] in _COMPANY_WORDS)


def acronym_before(name: str) -> tuple[str, str] | None:
    """A name's leading acronym in capitals and the rest: ``EP Europace`` gives ``('EP',
    'Europace')``; ``None`` for a name of another shape."""
    found = _ACRONYM.fullmatch(name.strip())
    return (found[1], found[2]) if found is not None else None


def spelled_by_initials(acronym: str, title: str) -> bool:
    """Whether an acronym's letters are the initials of consecutive words of a title, short
    words left out (``EP`` in ``Europace : European pacing, arrhythmias, ...``)."""
    letters = "".join(word[0] for word in fold(title).split() if word not in _UNINITIALED)
    return acronym.lower() in letters


def initialism(name: str) -> str:
    """The capitals of a title's words, short words left out, before NLM's subtitle:
    ``Journal of the American Medical Association`` gives ``JAMA``."""
    return "".join(
        w[0] for w in fold(name.split(" : ", maxsplit=1)[0]).split() if w not in _UNINITIALED
    ).upper()


def renamed_to(name: str, acronym: str, title: str) -> bool:
    """Whether NLM's ``title`` of the journal abbreviated ``acronym`` is the title ``name``
    was renamed to (module docstring): the initials alone (``JAMA``, ``BMJ (Clinical research
    ed.)``) or followed by the name as a subtitle (``CMAJ : Canadian Medical Association
    journal = ...``)."""
    head, _, rest = title.partition(" : ")
    if fold(head.split(" (", 1)[0]) != fold(acronym):
        return False
    wanted = fold(name.split(" : ", 1)[0]).removeprefix("the ")
    return not rest or fold(rest).removeprefix("the ").startswith(wanted)
