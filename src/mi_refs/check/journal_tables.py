"""The lookup tables :class:`mi_refs.check.journals.JournalIndex` builds from the NLM list
besides its title keys (issue 16.2): which of two spellings of one abbreviation to suggest,
the keys of titles' variants, abbreviations with their single letters joined, the fuzzy
search's candidates, and the names by the initials of their words (for a name whose every
word begins one listed name's word: ``Nat Meth`` for ``Nat Methods``). Pure; no data of its
own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from mi_refs.check.journal_keys import title_keys, variant_keys
from mi_refs.check.journal_near import letters_joined
from mi_refs.check.text import fold

# A place in single letters ending an NLM abbreviation (``Proc Natl Acad Sci U S A``, ``J Mar
# Biol Assoc U K``, ``Carbon N Y``): countries and states NLM writes so. Other runs of single
# letters are words (``Drugs R D``, ``Cost Qual Q J``) or designators (``Eur Phys J B``).
_TRAILING_PLACE = re.compile(r"(.*\w\w)((?: [A-Z]){2,3})")
_PLACES = frozenset(
    {
        "USA",
        "US",
        "UK",
        "GB",
        "NY",
        "NZ",
        "NJ",
        "NC",
        "NSW",
        "PR",
        "DC",
        "BC",
        "SC",
        "NH",
        "NM",
        "RI",
    }
)

__all__ = [
    "by_initials",
    "fuzzy_candidates",
    "initials",
    "joined_table",
    "preferred_spelling",
    "variant_table",
]


def preferred_spelling(abbreviation: str) -> tuple[bool, int]:
    """Of two abbreviations that fold alike, the one to suggest: no periods or brackets
    (``Can J Criminol`` over ``Can J. Criminol``), then more capitals (``Acta Radiol``
    over ``Acta radiol``)."""
    plain = not any(mark in abbreviation for mark in ".[]")
    return plain, sum(char.isupper() for char in abbreviation)


def variant_table(titles: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """The keys of listed titles' variants that are not their own keys, to the
    abbreviations (:attr:`JournalIndex.variants`)."""
    variants: dict[str, list[str]] = {}
    for title, listed in titles:
        if listed.strip():
            own = [key for _, key in title_keys(title)]
            for key in variant_keys(title, listed=True, own=own):
                if key not in own and listed.strip() not in variants.setdefault(key, []):
                    variants[key].append(listed.strip())
    return {key: tuple(found) for key, found in variants.items()}


def joined_table(spellings: Iterable[str]) -> dict[str, str]:
    """Folded abbreviations with their runs of single letters joined, where that changes
    them (``proc natl acad sci usa`` for ``Proc Natl Acad Sci U S A``), and without the
    place in single letters NLM ends them with (``proc natl acad sci``; ``j mar biol
    assoc`` for ``J Mar Biol Assoc U K``), to the NLM spelling; a key two abbreviations
    share is left out (:attr:`JournalIndex.joined`)."""
    found: dict[str, set[str]] = {}
    for spelling in spellings:
        folded = fold(spelling)
        if letters_joined(folded) != folded:
            found.setdefault(letters_joined(folded), set()).add(spelling)
        place = _TRAILING_PLACE.fullmatch(spelling)
        if place is not None and place[2].replace(" ", "") in _PLACES:
            found.setdefault(letters_joined(fold(place[1])), set()).add(spelling)
    return {key: next(iter(names)) for key, names in found.items() if len(names) == 1}


def fuzzy_candidates(
    abbreviations: Mapping[str, str], titles: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Folded abbreviations and unambiguous title keys, by first character, each with the
    abbreviation it stands for (abbreviations first, so an abbreviation wins a tie)."""
    named: dict[str, str] = dict(abbreviations)
    for key, found in titles.items():
        if len(found) == 1:
            named.setdefault(key, found[0])
    grouped: dict[str, tuple[list[str], list[str]]] = {}
    for folded, abbreviation in named.items():
        if folded:
            choices, targets = grouped.setdefault(folded[0], ([], []))
            choices.append(folded)
            targets.append(abbreviation)
    return {first: (tuple(c), tuple(t)) for first, (c, t) in grouped.items()}


def initials(folded: str) -> str:
    """The first letters of a folded name's words: ``nat meth`` gives ``nm``."""
    return "".join(word[0] for word in folded.split())


def by_initials(
    candidates: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, tuple[tuple[str, str], ...]]:
    """The fuzzy search's candidates (folded name, abbreviation) by :func:`initials`, for
    names of two words or more."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for choices, targets in candidates.values():
        for choice, target in zip(choices, targets, strict=True):
            if " " in choice:
                grouped.setdefault(initials(choice), []).append((choice, target))
    return {key: tuple(found) for key, found in grouped.items()}
