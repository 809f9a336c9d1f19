"""What the NLM catalogue knows of one journal name, resolved once (issue 16.2):
:class:`JournalRecord`, which :meth:`mi_refs.check.journals.JournalIndex.resolve` gives
and the style check judges from, and the abbreviation it tells is current in an entry's
year, and the family of abbreviations one title has had (:func:`title_family`). Pure; no
data of its own."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from mi_refs.check.journal_keys import without_the
from mi_refs.check.journal_near import from_year, unqualified
from mi_refs.check.text import fold

__all__ = ["JournalRecord", "accented", "title_family", "written_with_accents"]

_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class JournalRecord:
    """What the catalogue knows of one journal name, resolved once (issue 16.2).

    ``how``: ``abbreviation`` (an NLM abbreviation, up to case, punctuation and a
    qualifier), ``title`` (a listed title, after folding case, punctuation, hyphens,
    ``&``/``and``, a leading ``The``, NLM's subtitle and qualifier), ``abbreviated`` (a
    word-by-word abbreviation of one listed name), ``typo`` (one word at most two edits
    from one listed name's), ``parts`` (a publisher's prefix or suffix around a listed
    name), ``no-abbreviation`` (a listed title without one), ``unknown``. ``abbreviation``
    is the NLM abbreviation the name stands for (``None``: none, or several); ``family``
    the listed abbreviations that share its title, each with the first year its qualifier
    or its NLM title's qualifier names (``J Appl Physiol``, ``J Appl Physiol (1985)``;
    :func:`title_family`); ``titles`` NLM's titles of
    the abbreviation; ``matched`` the listed name a typo or part matched; ``dotted``
    whether the name is the abbreviation written with periods (``N. Engl. J. Med.``);
    ``sections`` the abbreviations of the sections NLM split the title into (``J Bone
    Joint Surg Am``, ``... Br``). ``how`` may also be ``cut-short`` (the beginning of
    one listed title), ``variant`` (one listed title in other
    spelling or word order) or ``joined`` (an NLM abbreviation with its single letters
    joined or split: ``Proc. Natl. Acad. Sci. USA``). The packaged 2021 list has no NLM
    IDs and no title history beyond qualifiers and sections."""

    name: str
    how: str
    abbreviation: str | None = None
    family: tuple[tuple[str, int | None], ...] = ()
    titles: tuple[str, ...] = ()
    matched: str = ""
    dotted: bool = False
    sections: tuple[str, ...] = ()

    def started(self, spelling: str) -> int | None:
        """The first year the catalogue gives ``spelling``'s title (a qualifier's year, of
        the abbreviation or of its NLM title), ``None`` when it gives none."""
        return next((start for member, start in self.family if member == spelling), None)

    def current(self, year: int | None) -> str | None:
        """The abbreviation current in ``year`` as far as the catalogue can tell: the only
        one; else the family member whose qualifier's year is the latest not after
        ``year`` (before every such year: the one member without a year). ``None`` when
        the catalogue cannot tell (no year, or members without years: ``Br Med J`` and
        ``Br Med J (Clin Res Ed)``; a title split into sections on a date not listed)."""
        if self.sections:
            return None
        if len(self.family) <= 1:
            return self.abbreviation
        if self.side_by_side():
            return self.abbreviation
        dated = [(start, spelling) for spelling, start in self.family if start is not None]
        if not dated or year is None:
            return None
        started = [item for item in dated if item[0] <= year]
        if started:
            return max(started)[1]
        undated = [spelling for spelling, start in self.family if start is None]
        return undated[0] if len(undated) == 1 else None

    def side_by_side(self) -> bool:
        """Whether the name names one of journals that ran side by side under one title:
        every member of the family carries a qualifier, none NLM's plain abbreviation
        (``Spine (Phila Pa 1976)``, ``Spine (Phila Pa 1986)``), and the name is the one
        member's (``Spine``, NLM's title of the 1976 journal). Where a title passed from one
        journal to the next, one of them holds the plain abbreviation: the earlier (``J Appl
        Physiol``, then ``J Appl Physiol (1985)``) or the later, the earlier dated to make
        room (``Discrete Appl Math (1979)``, then ``Discrete Appl Math``)."""
        members = [spelling for spelling, _ in self.family]
        return (
            self.abbreviation in members
            and self.how in {"abbreviation", "title"}
            and all(unqualified(spelling) != spelling for spelling in members)
        )


def title_family(
    abbreviation: str,
    listed_titles: Mapping[str, tuple[str, ...]],
    families: Mapping[str, tuple[str, ...]],
) -> tuple[tuple[str, int | None], ...]:
    """The listed abbreviations of one title reused (issue 16.2): those sharing
    ``abbreviation``'s base (``families``: folded base to abbreviations) whose NLM title
    (``listed_titles``) is its title with a qualifier (``Journal of applied physiology`` and
    ``... (Bethesda, Md. : 1985)``; ``British medical journal`` and ``... (Clinical research
    ed.)``), each with its first year (:func:`_started`). Only ``abbreviation`` itself when
    its own title already carries a qualifier (``Science (New York, N.Y.)``: NLM's main
    record) or none shares its title (``J Physiol`` and ``J Physiol (Paris)`` are two
    journals). A title's year dates the family only when it dates every member: an undated
    abbreviation beside one dated by its title may be the earlier title or the later (``Am J
    Public Health`` is the title since 1971, ``Am J Public Health (N Y)`` the one of 1912);
    then only the abbreviations' own years count, an undated one taken as the earliest."""
    own = listed_titles.get(abbreviation, ())
    single = ((abbreviation, from_year(abbreviation)),)
    if not own or any(unqualified(title) != title for title in own):
        return single
    base = {without_the(fold(title)) for title in own}
    members = [
        member
        for member in families.get(fold(unqualified(abbreviation)), ())
        if member == abbreviation
        or any(
            without_the(fold(unqualified(title))) in base for title in listed_titles.get(member, ())
        )
    ]
    if not members:
        return single
    dated = [(member, _started(member, listed_titles)) for member in members]
    if all(start is not None for _, start in dated):
        return tuple(dated)
    return tuple((member, from_year(member)) for member in members)


def _started(abbreviation: str, listed_titles: Mapping[str, tuple[str, ...]]) -> int | None:
    """The first year of a listed abbreviation's title, as NLM's qualifiers tell it: the
    abbreviation's (``J Appl Physiol (1985)``), else its title's (``Journal of acquired
    immune deficiency syndromes (1999)``, whose abbreviation has none)."""
    years = [from_year(abbreviation)]
    years += [from_year(title) for title in listed_titles.get(abbreviation, ())]
    return next((year for year in years if year is not None), None)


def accented(name: str) -> str:
    """A name folded as :func:`~mi_refs.check.text.fold` folds it but keeping its accents
    (``Acta oncológica`` gives ``acta oncológica``, ``Acta Oncologica`` ``acta
    oncologica``), without a leading ``the``: two listed titles that fold alike may differ in
    them and be two journals."""
    text = unicodedata.normalize("NFC", name).lower().replace("&", " and ")
    return without_the(" ".join(_NOT_WORD.sub(" ", text).split()))


def written_with_accents(
    name: str,
    family: tuple[tuple[str, int | None], ...],
    listed_titles: Mapping[str, tuple[str, ...]],
) -> tuple[str, int | None] | None:
    """Of a title filed under several journals whose NLM titles differ only in accents
    (``Acta oncologica (Stockholm, Sweden)``, ``Acta Oncol``; the Spanish ``Acta
    oncológica``, ``Acta Oncol (Madr)``), the one written as ``name`` is, accents and all,
    when exactly one is; else ``None``."""
    if len(family) < 2:
        return None
    wanted = accented(name)
    same = [
        (member, start)
        for member, start in family
        if any(accented(unqualified(title)) == wanted for title in listed_titles.get(member, ()))
    ]
    return same[0] if len(same) == 1 else None
