"""Registry author names to :class:`~mi_refs.model.Name` records."""

from __future__ import annotations

from mi_refs.model import Name

__all__ = ["name_from_medline"]


def name_from_medline(text: str) -> Name:
    """``Schmitt CA`` (MEDLINE display form: surname, then initials) to a Name. The last
    word is the initials when it is short and upper case; a suffix (``Jr``, ``3rd``)
    after the initials is kept."""
    words = text.split()
    suffix = ""
    if len(words) > 2 and words[-1] in {"Jr", "Sr", "2nd", "3rd", "4th", "II", "III", "IV"}:
        suffix = words.pop()
    if len(words) >= 2 and words[-1].isupper() and len(words[-1]) <= 4:
        return Name(last=" ".join(words[:-1]), given=words[-1], suffix=suffix)
    return Name(last=" ".join(words), suffix=suffix)
