"""NLM journal abbreviations: which names are NLM abbreviations, the abbreviation of a full
title, the abbreviation a misspelt name most likely means, and journal equivalence.

The data is the NLM Catalog's list of 37,868 journals (2021; see ``data/SOURCE.md``),
packaged gzip-compressed. :func:`journal_index` builds a :class:`JournalIndex` from it
once, on first use (never at import), in about 0.25 s on an idle machine. Every method
of the index is pure.

Names are compared *folded* (:func:`fold`): case, diacritics, ``&``/``and`` and
punctuation are ignored, so ``Blood cells, molecules & diseases``, ``Blood Cells,
Molecules and Diseases`` and ``BLOOD CELLS MOLECULES AND DISEASES`` are one title, and
``Blood Cells Mol. Dis.`` (the ISO form) is the NLM abbreviation ``Blood Cells Mol Dis``.
Titles are also found without a leading ``The``, without the NLM subtitle after `` : ``
and without a trailing qualifier in parentheses (``Lancet (London, England)``); a name not
found so is looked up as a variant of one listed title (British/American spelling, word
order, a designator's word, a descriptive subtitle: :mod:`.journal_keys`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from types import MappingProxyType

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from mi_refs.check.journal_forms import (
    acronym_before,
    initialism,
    parallel_title,
    publisher_name,
    renamed_to,
    spelled_by_initials,
    without_marks,
)
from mi_refs.check.journal_keys import (
    main_title,
    subtitle_fits,
    subtitled,
    title_keys,
    variant_keys,
    without_body,
    without_the,
)
from mi_refs.check.journal_near import (
    cut_before_qualifier,
    cut_short_key,
    from_year,
    letters_joined,
    long_enough_to_cut,
    publisher_parts,
    sections_of,
    shortens,
    typo_allowed,
    unqualified,
    words_abbreviate,
)
from mi_refs.check.journal_record import JournalRecord, title_family, written_with_accents
from mi_refs.check.journal_tables import (
    by_initials,
    fuzzy_candidates,
    initials,
    joined_table,
    preferred_spelling,
    variant_table,
)
from mi_refs.check.text import fold
from mi_refs.nlm import DATA_FILE, catalogue_titles

__all__ = [
    "DATA_FILE",
    "JournalIndex",
    "JournalRecord",
    "abbreviation_for",
    "closest_abbreviation",
    "fold",
    "from_year",
    "is_nlm_abbreviation",
    "journal_index",
    "load_journal_index",
    "same_journal",
    "unqualified",
]

# closest_abbreviation: the score (rapidfuzz ratio, 0-100, on folded strings) a candidate
# needs; less for one whose words abbreviate the query's in order (a stronger sign).
_FUZZY_CUTOFF = 93.0
_FUZZY_CUTOFF_WORDWISE = 85.0
_FUZZY_LIMIT = 10
# A one-word typo (issue 16.2; the rules: journal_near.typo_allowed): names at most this
# many edits apart, and only one journal so near.
_TYPO_EDITS = 2
# A name cut short by an exporter (``Bio-medical …``): no short form of a listed name.
_ELLIPSIS = re.compile("\u2026|\\.\\.\\.")
# A hyphen inside a word (``bio-medical``): NLM's title and the writer's may differ in it.
_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")


@dataclass(frozen=True, slots=True)
class JournalIndex:
    """Journal titles and NLM abbreviations, folded for lookup (build with
    :meth:`from_titles`; :func:`journal_index` gives the packaged list's index).

    ``abbreviations``: folded NLM abbreviation to its NLM spelling (of two that fold
    alike, the one without periods, then with more capitals). ``spellings``: every
    abbreviation as listed. ``qualified``: folded abbreviation without its parenthesised
    qualifier (``transfusion`` for ``Transfusion (Paris)``) to the NLM spelling.
    ``titles``: folded title key (:func:`title_keys`) to the NLM abbreviations of the
    journals with that title (empty: a listed journal with no abbreviation; more than one:
    the key is ambiguous). ``candidates``: for the fuzzy search, by first character, the
    folded names and the abbreviation each stands for. ``compact``: the keys of hyphenated
    titles with their hyphens dropped (``bio-medical`` is ``biomedical``), to the
    abbreviations. ``families``:
    folded abbreviation without its qualifier to every listed abbreviation that shares it
    (``J Appl Physiol`` and ``J Appl Physiol (1985)``). ``listed_titles``: each
    abbreviation's titles as NLM writes them. ``sections``: an abbreviation to its
    title's sections' abbreviations (:func:`~mi_refs.check.journal_near.sections_of`).
    ``cut_short``: sorted (:func:`~mi_refs.check.journal_near.cut_short_key`, the
    abbreviation) pairs, for titles cut short. ``variants``: the keys of titles' variants
    (:func:`~mi_refs.check.journal_keys.variant_keys`: British spelling, a designator's
    word, word order) that are not the titles' own keys, to the abbreviations.
    ``joined``: folded abbreviations with their single letters joined (``proc natl acad sci
    usa``), to the NLM spelling (``Proc Natl Acad Sci U S A``).
    """

    abbreviations: Mapping[str, str]
    spellings: frozenset[str]
    qualified: Mapping[str, str]
    titles: Mapping[str, tuple[str, ...]]
    candidates: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]
    compact: Mapping[str, tuple[str, ...]]
    families: Mapping[str, tuple[str, ...]]
    listed_titles: Mapping[str, tuple[str, ...]]
    sections: Mapping[str, tuple[str, ...]]
    cut_short: tuple[tuple[str, str], ...]
    variants: Mapping[str, tuple[str, ...]]
    joined: Mapping[str, str]
    _near: dict[str, tuple[tuple[str, float, str], ...]] = field(  # searches of this run
        default_factory=dict, init=False, compare=False, repr=False
    )
    _by_initials: dict[str, tuple[tuple[str, str], ...]] = field(  # built on first use
        default_factory=dict, init=False, compare=False, repr=False
    )

    @classmethod
    def from_titles(cls, titles: Iterable[tuple[str, str]]) -> JournalIndex:
        """An index of ``(title, abbreviation)`` pairs (an empty abbreviation: the journal
        has none). A title's own keys win over keys shared through its subtitle or
        qualifier being dropped."""
        titles = tuple(titles)
        abbreviations: dict[str, str] = {}
        spellings: set[str] = set()
        qualified: dict[str, str] = {}
        levels: tuple[dict[str, list[str]], ...] = ({}, {}, {}, {})
        families: dict[str, list[str]] = {}
        listed_titles: dict[str, list[str]] = {}
        for title, listed in titles:
            abbreviation = listed.strip()
            if abbreviation:
                listed_titles.setdefault(abbreviation, []).append(title)
                spellings.add(abbreviation)
                folded = fold(abbreviation)
                known = abbreviations.get(folded)
                if known is None or preferred_spelling(abbreviation) > preferred_spelling(known):
                    abbreviations[folded] = abbreviation
                bare = unqualified(abbreviation)
                base = folded if bare == abbreviation else fold(bare)
                if bare != abbreviation:
                    qualified.setdefault(base, abbreviation)
                family = families.setdefault(base, [])
                if abbreviation not in family:
                    family.append(abbreviation)
            for level, key in title_keys(title):
                found = levels[level].setdefault(key, [])
                if abbreviation and abbreviation not in found:
                    found.append(abbreviation)
        merged: dict[str, tuple[str, ...]] = {}
        for keys in reversed(levels):  # the most specific level wins a shared key
            merged.update((key, tuple(found)) for key, found in keys.items())
        compact: dict[str, list[str]] = {}
        for title, listed in titles:
            if not _HYPHEN.search(title) or not listed.strip():
                continue
            for _, key in title_keys(_HYPHEN.sub("", title)):
                hyphenless = compact.setdefault(key, [])
                if listed.strip() not in hyphenless:
                    hyphenless.append(listed.strip())
        return cls(
            abbreviations=MappingProxyType(abbreviations),
            spellings=frozenset(spellings),
            qualified=MappingProxyType(qualified),
            titles=MappingProxyType(merged),
            candidates=MappingProxyType(fuzzy_candidates(abbreviations, merged)),
            compact=MappingProxyType({key: tuple(found) for key, found in compact.items()}),
            families=MappingProxyType({key: tuple(found) for key, found in families.items()}),
            listed_titles=MappingProxyType(
                {key: tuple(found) for key, found in listed_titles.items()}
            ),
            sections=MappingProxyType(sections_of(titles)),
            cut_short=tuple(
                sorted({(cut_short_key(t), a.strip()) for t, a in titles if a.strip()})
            ),
            variants=MappingProxyType(variant_table(titles)),
            joined=MappingProxyType(joined_table(spellings)),
        )

    def nlm_spelling(self, name: str) -> str | None:
        """The NLM spelling of an abbreviation written with other case or punctuation
        (``br. j. haematol.`` gives ``Br J Haematol``); ``None`` if it is not one."""
        if name.strip() in self.spellings:
            return name.strip()
        folded = fold(name)
        if not folded:
            return None
        found = self.abbreviations.get(folded) or self.qualified.get(folded)
        if found is None and unqualified(name) != name:
            bare = fold(unqualified(name))
            found = self.abbreviations.get(bare) or self.qualified.get(bare)
        return found

    def is_nlm_abbreviation(self, name: str) -> bool:
        """Whether ``name`` is an NLM abbreviation, up to case and punctuation: ``N Engl J
        Med`` and ``N. Engl. J. Med.`` are; ``New Engl J Med`` is not. A parenthesised
        qualifier may be given or left out (``Transfusion`` for ``Transfusion (Paris)``,
        ``Medicine (Baltimore)`` for ``Medicine``): the 2021 list keeps only one of two
        journals with the same title."""
        return self.nlm_spelling(name) is not None

    def _title_abbreviations(self, name: str) -> tuple[str, ...] | None:
        keys = [key for _, key in title_keys(name)]
        for key in keys:
            found = self.titles.get(key)
            if found is not None:
                return found
        for _, key in title_keys(_HYPHEN.sub("", name)):  # "bio-medical" is "biomedical"
            found = self.compact.get(key)
            if found is not None:
                return found
        return None

    def is_known_title(self, name: str) -> bool:
        """Whether ``name`` is the title of a listed journal (abbreviation or not)."""
        return self._title_abbreviations(name) is not None

    def abbreviation_for(self, title: str) -> str | None:
        """The NLM abbreviation of a full journal title: ``The New England journal of
        medicine`` and ``New England Journal of Medicine`` give ``N Engl J Med``. ``None``
        when the title is not listed, has no abbreviation, or names several journals."""
        found = self._title_abbreviations(title)
        return found[0] if found is not None and len(found) == 1 else None

    def closest_abbreviation(self, name: str) -> str | None:
        """The NLM abbreviation ``name`` most likely means.

        A listed abbreviation gives its NLM spelling, a listed title its abbreviation.
        Otherwise the folded name is compared (rapidfuzz ratio) with every folded
        abbreviation and title of the same first character: a candidate whose words
        abbreviate the name's word by word needs a score of 85, any other 93. Among those,
        word-by-word abbreviations win, then the same first word, then the same number of
        words, then the score. ``New Engl J Med`` gives ``N Engl J Med``, ``Transfus Med
        Hemotherapy`` gives ``Transfus Med Hemother``; ``Journal of Made Up Things`` gives
        ``None``. A misspelt first letter is not found.
        """
        spelling = self.nlm_spelling(name)
        if spelling is not None:
            return spelling
        found = self._title_abbreviations(name)
        if found is not None:
            return found[0] if len(found) == 1 else None
        query = without_the(fold(name))
        if not query:
            return None
        matches = self._fuzzy_matches(query)
        first_word, word_count = query.split()[0], len(query.split())
        ranked = []
        for choice, score, target in matches:
            wordwise = words_abbreviate(query, choice)
            if wordwise or score >= _FUZZY_CUTOFF:
                words = choice.split()
                rank = (wordwise, words[0] == first_word, len(words) == word_count, score)
                ranked.append((rank, target))
        if not ranked:
            return None
        return max(ranked, key=lambda item: item[0])[1]

    def abbreviated_as_listed(self, name: str) -> str | None:
        """The NLM abbreviation ``name`` abbreviates or spells out word by word, when the
        list makes that certain: each word of one a prefix of the other's word at the same
        place (``New Engl J Med`` for ``N Engl J Med``, ``Transfus Med Hemotherapy`` for
        ``Transfus Med Hemother``), and only one listed abbreviation so. Letters in common
        do not count: ``J Am Ceramic Soc`` is not ``J Am Chem Soc``, ``Ser B`` not ``Ser
        A``. ``None`` otherwise."""
        query = without_the(fold(name))
        if len(query.split()) < 2:  # one word: a prefix is no evidence (EuR is not EURE)
            return None
        found = {
            target
            for choice, _, target in self._fuzzy_matches(query)
            if words_abbreviate(query, choice)
        }
        if not found and not _ELLIPSIS.search(name):  # a short form far by letters: Nat Meth
            if not self._by_initials:
                self._by_initials.update(by_initials(self.candidates))
            found = {
                target
                for choice, target in self._by_initials.get(initials(query), ())
                if shortens(query, choice)
            }
        return found.pop() if len(found) == 1 else None

    def resolve(self, name: str) -> JournalRecord:
        """Everything the catalogue knows of ``name``, looked up once: see
        :class:`JournalRecord`. A publisher's prefix or suffix is tried only when the whole
        name is not found; a typo only when nothing else is. A name with a trademark sign or
        a pasted volume or issue is resolved without them (``how``: ``debris``), a title
        followed by its parallel title as the title (``parallel``): :mod:`.journal_forms`."""
        plain = without_marks(name)
        if plain != name and plain:
            cleaned = self.resolve(plain)
            if cleaned.how != "unknown":
                return replace(cleaned, name=name, how="debris", matched=plain, dotted=False)
        spelling = self.nlm_spelling(name)
        if spelling is not None:
            dotted = "." in name and " ".join(name.replace(".", " ").split()) == spelling
            return self._record(name, "abbreviation", spelling, dotted=dotted)
        found = self._title_abbreviations(name)
        if found is not None:
            if len(found) == 1:
                return self._renamed(self._by_accents(self._record(name, "title", found[0])))
            how = "title" if found else "no-abbreviation"
            return JournalRecord(name, how, family=tuple((a, from_year(a)) for a in found))
        head = parallel_title(name)
        if head is not None and self._title_abbreviations(head):
            return replace(self.resolve(head), name=name, how="parallel", matched=head)
        spelling = self.joined.get(letters_joined(fold(name)))
        if spelling is not None:
            return self._record(name, "joined", spelling, matched=spelling)
        found_as = self._parts(name) or self._variant(name) or self._branded(name)
        if found_as is not None:
            return found_as
        meant = self.abbreviated_as_listed(name)
        if meant is not None:
            return self._record(name, "abbreviated", meant)
        cut = self._cut_short(name)
        if cut is not None:
            return cut
        typo = self._typo(name)
        if typo is not None:
            return typo
        return JournalRecord(name, "publisher" if publisher_name(name) else "unknown")

    def _record(
        self, name: str, how: str, abbreviation: str, *, matched: str = "", dotted: bool = False
    ) -> JournalRecord:
        return JournalRecord(
            name,
            how,
            abbreviation,
            family=title_family(abbreviation, self.listed_titles, self.families),
            titles=self.listed_titles.get(abbreviation, ()),
            matched=matched,
            dotted=dotted,
            sections=self.sections.get(abbreviation, ()),
        )

    def _by_accents(self, record: JournalRecord) -> JournalRecord:
        """The record of the one journal :func:`written_with_accents` picks, if any."""
        member = written_with_accents(record.name, record.family, self.listed_titles)
        if member is None:
            return record
        found = self._record(record.name, record.how, member[0])
        return replace(found, family=(member,))

    def _renamed(self, record: JournalRecord) -> JournalRecord:
        """A title renamed to its initials (:func:`~.journal_forms.initialism`: ``JAMA``,
        ``BMJ``): that listed journal joins the record's family, undated."""
        acronym = initialism(record.name)
        later = self.nlm_spelling(acronym) if len(acronym) >= 3 else None
        titles = self.listed_titles.get(later or "", ())
        if later in {None, record.abbreviation} or not any(
            renamed_to(record.name, later or "", t) for t in titles
        ):
            return record
        return replace(record, family=(*record.family, (later or "", None)))

    def _variant(self, name: str) -> JournalRecord | None:
        """The one listed journal a variant of ``name`` names (British or American
        spelling, a designator's word, word order: :mod:`~mi_refs.check.journal_keys`),
        when the name as written is not listed; ``None`` when none or several."""
        found = self._variants_of(name)
        split = subtitled(name)
        if not found and split is not None:  # a descriptive subtitle dropped, where it fits
            found = self._variants_of(split[0]) | set(self.titles.get(fold(split[0]), ()))
            if len(found) == 1 and not subtitle_fits(split[1], self._titles_of(found)):
                return None
        if len(found) != 1:
            return None
        abbreviation = found.pop()
        matched = main_title(self.listed_titles.get(abbreviation, (abbreviation,))[0])
        return self._record(name, "variant", abbreviation, matched=matched)

    def _variants_of(self, name: str) -> set[str]:
        own = [key for _, key in title_keys(name)]
        found: set[str] = set()
        for key in variant_keys(name, own=own):
            if key not in own:
                found.update(self.titles.get(key, ()))
            found.update(self.variants.get(key, ()))
        for form in without_body(name):  # a society's name dropped, as NLM's later titles do
            for key in (*(key for _, key in title_keys(form)), *variant_keys(form)):
                found.update(self.titles.get(key, ()))
                found.update(self.variants.get(key, ()))
        return found

    def _titles_of(self, abbreviations: set[str]) -> list[str]:
        return [t for a in sorted(abbreviations) for t in self.listed_titles.get(a, ())]

    def _parts(self, name: str) -> JournalRecord | None:
        """``JAMA - Journal of the American Medical Association``, ``PACE - Pacing and
        clinical electrophysiology``: the journal its parts name, when they name one (a
        part written exactly as an NLM abbreviation wins over a part that is a title)."""
        pieces = publisher_parts(name)
        if len(pieces) < 2:
            return None
        named: dict[str, str] = {}
        exact: list[str] = []
        for piece in pieces:
            # a part counts as an NLM abbreviation written exactly (JAMA; an acronym in any case,
            # Bmj) or as a title of 2 words or more: "Chem." of "Chem. - Eur. J." is no journal
            spelling = self.abbreviations.get(fold(piece), "") if piece.isalpha() else ""
            listed = piece if piece in self.spellings else spelling if spelling.isupper() else ""
            if listed:
                exact.append(listed)
                found: tuple[str, ...] | None = (listed,)
            elif len(fold(piece).split()) >= 2:  # a one-word title ("Chem") is too weak
                found = self._title_abbreviations(piece)
            else:
                found = None
            if found is not None and len(found) == 1:
                named.setdefault(found[0], piece)
        if len(named) == 1:
            ((abbreviation, piece),) = named.items()
        elif len(named) > 1 and len(set(exact)) == 1:
            abbreviation, piece = exact[0], named[exact[0]]
        else:
            return None
        return self._record(name, "parts", abbreviation, matched=piece)

    def _branded(self, name: str) -> JournalRecord | None:
        """``EP Europace``: a brand's acronym before one listed journal's name, the acronym
        spelled by initials in NLM's title (:func:`~.journal_forms.spelled_by_initials`)."""
        split = acronym_before(name)
        found = self._title_abbreviations(split[1]) if split is not None else None
        if split is None or found is None or len(found) != 1:
            return None
        if not any(spelled_by_initials(split[0], t) for t in self.listed_titles.get(found[0], ())):
            return None
        return self._record(name, "parts", found[0], matched=split[1])

    def _typo(self, name: str) -> JournalRecord | None:
        """The one listed name ``name`` misspells in one word (issue 16.2; how near is
        :func:`~mi_refs.check.journal_near.typo_allowed`), and no other listed journal so
        near (rapidfuzz Levenshtein). A misspelt first letter is not found."""
        query = without_the(fold(name))
        if not query:
            return None
        words = query.split()
        choices, targets = self.candidates.get(query[0], ((), ()))
        matches = process.extract(
            query,
            choices,
            scorer=Levenshtein.distance,
            score_cutoff=_TYPO_EDITS,
            limit=_FUZZY_LIMIT,
        )
        found: dict[str, str] = {}
        for choice, _, position in matches:
            if typo_allowed(words, choice.split()):
                found.setdefault(targets[position], choice)
        if len(found) != 1:
            return None
        ((abbreviation, choice),) = found.items()
        spelled = [  # NLM's own spelling of the name the typo is near
            title
            for title in self.listed_titles.get(abbreviation, ())
            if choice in {key for _, key in title_keys(title)}
        ]
        matched = (spelled or [abbreviation])[0].split(" : ")[0]
        return self._record(name, "typo", abbreviation, matched=matched)

    def _cut_short(self, name: str) -> JournalRecord | None:
        """The one listed title ``name`` is the beginning of, cut before an ``of ...``
        qualifier inside a run of words NLM writes without punctuation (``Proceedings of
        the National Academy of Sciences``; issue 16.2,
        :func:`~mi_refs.check.journal_near.cut_before_qualifier`)."""
        query = without_the(fold(name))
        if not long_enough_to_cut(query):
            return None
        start = bisect_left(self.cut_short, (query + " ",))
        found: set[str] = set()
        for key, abbreviation in self.cut_short[start:]:
            if not key.startswith(query + " "):
                break
            if not cut_before_qualifier(key, query):
                continue
            found.add(abbreviation)
            if len(found) > 1:
                return None
        if len(found) != 1:
            return None
        abbreviation = found.pop()
        matched = self.listed_titles.get(abbreviation, (abbreviation,))[0].split(" : ")[0]
        return self._record(name, "cut-short", abbreviation, matched=matched)

    def _fuzzy_matches(self, query: str) -> tuple[tuple[str, float, str], ...]:
        """``(choice, score, abbreviation)``: folded names near the folded ``query``."""
        if query not in self._near:
            cut, top = _FUZZY_CUTOFF_WORDWISE, _FUZZY_LIMIT  # same first character, ratio >= cut
            if len(self._near) >= 4096:  # not saved with the index; bounded in a long process
                self._near.clear()
            choices, targets = self.candidates.get(query[0], ((), ()))
            found = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cut, limit=top)
            self._near[query] = tuple((choice, score, targets[i]) for choice, score, i in found)
        return self._near[query]

    def _identities(self, name: str) -> set[str]:
        """The folded names ``name`` stands for: itself, and the NLM abbreviations it is
        (as an abbreviation) or has (as a title)."""
        found = {without_the(fold(name))}
        spelling = self.nlm_spelling(name)
        if spelling is not None:
            found.add(fold(spelling))
        found.update(fold(abbreviation) for abbreviation in self._title_abbreviations(name) or ())
        return found

    def same_journal(self, a: str, b: str) -> bool:
        """Whether two journal names name one journal: equal when folded, or a full title,
        its NLM abbreviation and its ISO-style abbreviation (``Blood cells, molecules &
        diseases``, ``Blood Cells Mol Dis``, ``Blood Cells Mol. Dis.``). A parenthesised
        qualifier on one side only is ignored (``Medicine`` and ``Medicine (Baltimore)``).
        Names not in the list are equal only when they fold equal, or when one is a
        misspelt abbreviation of the other's NLM abbreviation word by word (``New Engl J
        Med`` and ``New England Journal of Medicine``: the journal is right, its
        abbreviation is a style matter, which the offline check reports)."""
        left, right = self._identities(a), self._identities(b)
        return bool(
            left & right
            or without_the(fold(unqualified(a))) in right
            or without_the(fold(unqualified(b))) in left
            or self._misabbreviates(a, b)
            or self._misabbreviates(b, a)
        )

    def _misabbreviates(self, name: str, other: str) -> bool:
        """``name`` is not listed, and abbreviates word by word exactly one NLM
        abbreviation (:meth:`abbreviated_as_listed`), which ``other`` is or has."""
        if self._identities(name) != {without_the(fold(name))}:
            return False  # listed: a different listed journal is a different journal
        meant = self.abbreviated_as_listed(name)
        return meant is not None and fold(meant) in self._identities(other)


def load_journal_index() -> JournalIndex:
    """Build the index of the packaged NLM list (``mi_refs/data``); each call builds anew
    (use :func:`journal_index` for the shared one)."""
    return JournalIndex.from_titles(catalogue_titles())


@cache
def journal_index() -> JournalIndex:
    """The packaged list's index, once per process: the prebuilt copy (:mod:`.prebuilt`)
    if built from this list and code, else built in memory. Nothing is written."""
    from mi_refs.check.prebuilt import shipped_index  # noqa: PLC0415 - it imports this module

    return shipped_index() or load_journal_index()


def is_nlm_abbreviation(name: str) -> bool:
    """:meth:`JournalIndex.is_nlm_abbreviation` on the packaged list."""
    return journal_index().is_nlm_abbreviation(name)


def abbreviation_for(title: str) -> str | None:
    """:meth:`JournalIndex.abbreviation_for` on the packaged list."""
    return journal_index().abbreviation_for(title)


def closest_abbreviation(name: str) -> str | None:
    """:meth:`JournalIndex.closest_abbreviation` on the packaged list."""
    return journal_index().closest_abbreviation(name)


def same_journal(a: str, b: str) -> bool:
    """:meth:`JournalIndex.same_journal` on the packaged list."""
    return journal_index().same_journal(a, b)
