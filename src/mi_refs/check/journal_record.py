"""What the NLM catalogue knows of one journal name, resolved once (issue 16.2):
:class:`JournalRecord`, which :meth:`mi_refs.check.journals.JournalIndex.resolve` gives
and the style check judges from, and the abbreviation it tells is current in an entry's
year. Pure; no data of its own."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["JournalRecord"]


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
    names (``J Appl Physiol``, ``J Appl Physiol (1985)``); ``titles`` NLM's titles of
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
        dated = [(start, spelling) for spelling, start in self.family if start is not None]
        if not dated or year is None:
            return None
        started = [item for item in dated if item[0] <= year]
        if started:
            return max(started)[1]
        undated = [spelling for spelling, start in self.family if start is None]
        return undated[0] if len(undated) == 1 else None
