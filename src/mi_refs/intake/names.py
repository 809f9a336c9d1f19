"""Printed author names read into BibTeX names (issue 18): ``Surname AB``, ``Adkinson NF
Jr``, ``Ray Jr CE``, ``Tsykunova, G``, ``et al``, a group after the persons, and whether a
sentence is a list of names, an organisation or neither. Pure.
"""

from __future__ import annotations

import re

__all__ = ["author_field", "corporate", "has_initials", "split_authors"]

_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?(?:-?[A-Z]\.?)*|[A-Z]{1,4})$")
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV|2nd|3rd)\.?$")
_PARTICLE = re.compile(r"^(?:de|da|das|do|dos|del|della|di|du|van|von|der|den|le|la|ter|ten)$")
_ET_AL = re.compile(r"(?i)^(?:et\.? al\.?|and others)$")


def _dotted(initials: str) -> str:
    """``SL`` -> ``S. L.``; ``J-P`` -> ``J.-P.``; ``Ch`` -> ``Ch.``."""
    letters = initials.replace(".", "")
    if "-" in letters:
        return ".-".join(part for part in letters.split("-") if part) + "."
    if letters.isupper():
        return " ".join(f"{letter}." for letter in letters)
    return letters + "."


def _name(text: str) -> str:
    """One printed name (``Surname AB``, ``Adkinson NF Jr``, ``Ray Jr CE``, ``Chih Wu H``)
    as BibTeX ``Surname, Jr, A. B.``; a name without initials stays whole (a group, or a
    garble)."""
    words = text.split()
    suffix = ""
    if len(words) > 2 and _SUFFIX.match(words[-1]):
        suffix = words.pop().rstrip(".")
    elif len(words) > 2 and _SUFFIX.match(words[-2]) and _INITIALS.match(words[-1]):
        suffix = words.pop(-2).rstrip(".")  # ``Ray Jr CE``: the suffix before the initials
    if len(words) >= 2 and _INITIALS.match(words[-1]) and words[-1] != words[0]:
        surname = " ".join(words[:-1])
        particle = _PARTICLE.match(words[0]) is not None and len(words) == 3
        surname = f"{{{surname}}}" if " " in surname and not particle else surname
        given = _dotted(words[-1])
        return f"{surname}, {suffix}, {given}" if suffix else f"{surname}, {given}"
    if len(words) == 2 and all(word[:1].isupper() and word[1:].islower() for word in words):
        return f"{words[0]}, {words[1]}"  # ``Holme Andre``: surname and a given name
    return "{" + text + "}"


def split_authors(segment: str) -> tuple[list[str], bool] | None:
    """The names of an author segment and whether it ends in ``et al``; ``None`` when the
    segment does not read as a list of names."""
    segment, _, group = segment.partition(";")
    group = re.sub(r"^(?:for|on behalf of)(?: the)?\s+", "", group.strip(), flags=re.I)
    parts = [re.sub(r"^and\s+", "", part.strip()) for part in segment.split(",") if part.strip()]
    if not parts:
        return None
    truncated = False
    if _ET_AL.match(parts[-1]):
        truncated = True
        parts.pop()
    elif parts[-1].lower().endswith(" et al"):
        truncated = True
        parts[-1] = parts[-1][: -len(" et al")].strip()
    names: list[str] = []
    for part in parts:
        if names and _INITIALS.match(part) and " " not in names[-1]:
            names[-1] = f"{names[-1]} {part}"  # ``Tsykunova, G``: the initials of the last
            continue
        names.append(part)
    if not names and truncated:
        return None
    readable = sum(1 for name in names if _looks_like_name(name))
    if not names or readable * 2 < len(names):
        return None
    if names == ["Anonymous"]:
        return names, truncated
    if not truncated and not any(has_initials(name) for name in names):
        return None  # ``Zithromax``, ``Atorvastatin``: a title, not an author
    if group:
        names.append("{" + group.strip(" .") + "}")
    return names, truncated


def has_initials(text: str) -> bool:
    words = [word for word in text.split() if not _SUFFIX.match(word)]
    return len(words) >= 2 and bool(_INITIALS.match(words[-1]))


_ORGANISATION = re.compile(
    r"\b(?:Organi[sz]ations?|Agency|Department|Dept|Society|Committee|Cent(?:er|re)s?|Group|"
    r"Association|Institute|Library|Council|Administration|Foundation|Ministry|College|"
    r"Board|Commission|Service|Editors|Collaborators|Collaboration|Investigators|Consortium|"
    r"Network|Panel|Task Force|Working Party|Team)\b"
)


def corporate(sentence: str) -> bool:
    return bool(_ORGANISATION.search(sentence)) and not sentence.startswith("In: ")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if len(words) >= 2 and _INITIALS.match(words[-1]) and words[0][:1].isupper():
        return True
    if len(words) >= 3 and _PARTICLE.match(words[0]) and _INITIALS.match(words[-1]):
        return True  # ``de Pina-Cabral J``, ``van der Berg AB``
    if len(words) >= 3 and _SUFFIX.match(words[-1]) and _INITIALS.match(words[-2]):
        return True
    return len(words) <= 2 and all(word[:1].isupper() for word in words) and len(text) < 30


def author_field(names: list[str], truncated: bool) -> str:
    """BibTeX names; a group after the persons (``et al; ECASS Investigators``) comes
    after ``others``, as docs/bibtex.md writes it."""
    values = [_name(name) for name in names if not name.startswith("{")]
    if truncated:
        values.append("others")
    values += [name for name in names if name.startswith("{")]
    return " and ".join(values)
