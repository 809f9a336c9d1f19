"""The small grammar of a person's name in BibTeX, and what falls outside it (issue 16,
after holdout 6: rules by principle, not by the last holdout's cases).

A person's name is a surname of capitalised words, perhaps led by particles (``van der``,
``de``, ``'t``), given names or their initials, and perhaps a lineage (Jr, Sr, II, III,
3rd). What a name does not hold is the signal that a field holds something else, or that
an export put a name's parts in the wrong slots:

- words of a sentence or a credit line (``with contributions from``, ``many others``) or a
  placeholder for a missing value (``null``): not a name at all (error);
- two persons' full names in one unbraced name (``Wolfgang Huber Andy Liaw``) (error);
- a word without a letter (``Ramirez - Montoya``), a lower-case given name (``Lescano,
  andres G.``), a lineage among the given names (``Christopher Jr``, ``Herbert C 3rd``), a
  surname cut to its particle (``'t, Ellen F``), a surname listed again alone (``{Raczynski}``
  after ``Raczynski, James M.``), a LaTeX command that is no letter or accent
  (``\\emphname{Shih}``), biblatex's initials slot holding a whole name (``given-i=GILLES``),
  the authors left out written ``Others`` (a style prints an author named Others): one
  person's name that a style prints wrong (warnings).

Pure; the findings are made in :mod:`mi_refs.check.names`."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from mi_refs.bibtex.latex import to_unicode
from mi_refs.check.namewords import GIVEN_NAMES, GROUP_WORDS, NOT_GIVEN_WORDS
from mi_refs.check.text import fold
from mi_refs.model import Name, Severity

__all__ = [
    "LINEAGE_WORD",
    "grammar_error",
    "grammar_warning",
    "group_named",
    "raw_name_problems",
]

# A lineage: Jr, Sr, roman numerals II-IX, an ordinal (3rd).
LINEAGE_WORD = re.compile(
    r"^(?:jr|sr|jnr|snr|junior|senior|ii|iii|iv|vi|vii|viii|ix|\d+(?:st|nd|rd|th))\.?,?$",
    flags=re.IGNORECASE,
)
# Particles of surnames in the languages of the corpus (lower case, as BibTeX reads them).
NAME_PARTICLES = frozenset(
    "van von der den de del della delle dello degli dei di da das dos do du des la le lo "  # noqa: SIM905
    "las los ter ten te het in op zu zum zur y e i bin binti ibn al el ben bint af av dal "
    "dalla vom auf aus dem vander vanden ver 't 's d' l' st st. mac mc ap ab ud ul ur".split()
)
# Words of a sentence or a credit line that no person's name holds (lower case): a credit
# line read as names (``with contributions from Charles Dupont and many others.``).
_PHRASE_WORDS = frozenset(
    "with from by and many others contributions contribution contributors edited eds "  # noqa: SIM905
    "translated including plus et al. etc etc. also".split()
)
# Placeholders a program writes for an empty value.
_NULLS = frozenset({"null", "undefined", "none"})
# LaTeX's accents written with a letter (``\\v{s}``, ``\\c{c}``): read with their argument.
# Any other command a name may hold is one the LaTeX reader turns into a character (``\\o``,
# ``\\ss``, ``\\textendash``); ``\\relax`` keeps a digraph one initial (``{\\relax Yu}``).
_ACCENTS = frozenset("u v H c d b t r k".split())  # noqa: SIM905
_COMMAND = re.compile(r"\\([A-Za-z]+)")
# Commands :func:`mi_refs.check.nameforms.escaped_commands` reports (an escaped accent).
_ESCAPED = re.compile(r"^text(?:backslash|ascii\w+|brace\w+)$")
# biblatex's extended name format: the initials slot (``given-i=GILLES``).
_GIVEN_I = re.compile(r"given-i\s*=\s*\{?([^,}]+)")
_SPLIT_AND = re.compile(r"\s+and\s+")
_ET_AL = re.compile(r"\bet\.? ?al\b", flags=re.IGNORECASE)


def group_named(name: Name) -> bool:
    """Whether a word of the name says it is a group's (``Investigators``, ``Society``):
    a group's name may hold a number (``Isaric4c``, ``2015``, ``HapMap 3``), a person's may
    not; five digits or more are a postal code (an address read as an author)."""
    words = f"{name.given} {name.particle} {name.last}".split()
    if re.search(r"\d{5}", " ".join(words)):
        return False
    return any(fold(w.strip("{}.,")) in GROUP_WORDS | NOT_GIVEN_WORDS for w in words)


def _words(name: Name) -> list[str]:
    return f"{name.given} {name.particle} {name.last}".split()


def _full(word: str) -> bool:
    """A capitalised word of two letters or more (``Huber``, ``Hsin-Jung``)."""
    plain = word.replace("-", "").replace("'", "").replace("’", "")
    return len(plain) >= 2 and plain.isalpha() and word[0].isupper() and not plain.isupper()


def _two_persons(words: Sequence[str]) -> tuple[str, str] | None:
    """Two persons' full names in one name written without a comma or braces, ``Given [I.]
    Surname Given [I.] Surname``: a known given name first, a surname that is no known
    given name, then a known given name again (``Wolfgang Huber Andy Liaw``; not ``Maria
    Fernanda Yasnot Acosta``, nor ``Anna Maria Elena Rossi``). With a comma the given
    names are said apart (``Vries, Robert Gerhardus Jacob``)."""
    if not 4 <= len(words) <= 6 or words[0] not in GIVEN_NAMES:
        return None
    for i in range(2, len(words) - 1):
        before = words[i - 1]
        if (
            words[i] in GIVEN_NAMES
            and _full(before)
            and before not in GIVEN_NAMES
            and _full(words[-1])
            and all(_full(w) or re.fullmatch(r"[A-Z]\.?", w) for w in words)
        ):
            return " ".join(words[:i]), " ".join(words[i:])
    return None


def grammar_error(name: Name) -> tuple[Severity, str] | None:
    """What makes a name certainly no person's, or ``None``: every word a placeholder for
    an empty value (``{null}, null``), words of a sentence or a credit line (``with
    contributions from Charles Dupont``, ``many others.``), more names than one person
    has (:func:`_several_in_slots`)."""
    words = _words(name)
    null = next((w for w in words if w.strip("{}.").lower() in _NULLS and w[:1].islower()), None)
    if words and all(w.strip("{}.").lower() in _NULLS for w in words):
        null = words[0]
    if null is not None:
        return Severity.ERROR, (
            f"{null!r} is what a program writes for an empty value, not a name: leave it out"
        )
    if name.corporate or group_named(name) or _title_words(name) or _ET_AL.search(str(name)):
        return None  # "et al." in a name is said by person_form_problem
    # a surname of several words was braced or its spaces protected: printed as written
    slots = [*name.given.split(), *name.particle.split(), *name.last.split()[-1:]]
    if " " in name.last:
        slots.pop()
    phrase = [w for w in slots if w.lower().rstrip(",") in _PHRASE_WORDS and w[:1].islower()]
    if phrase:
        return Severity.ERROR, (
            f"{' '.join(phrase)!r} are words of a sentence or a credit line, no part of a "
            "person's name: keep only the persons, joined by ' and ' (the rest: 'and others')"
        )
    several = _several_in_slots(name)
    if several is not None:
        return Severity.ERROR, (
            f"{several}: several persons written as one name; write each as 'Surname, Given' "
            "joined by ' and '"
        )
    return None


_INITIALS_WORD = re.compile(r"(?:[A-Z]\.?-?){1,3}")


def _several_in_slots(name: Name) -> str | None:
    """More names than one person has, in one slot: a surname holding a whole name with an
    initial inside it and another whole name after the comma (``John P. Klein, Melvin L.
    Moeschberger``: no surname has an initial between two words, and ``Fontcuberta I
    Morral, Anna``, ``De Sousa E Melo, Felipe`` are one person's), or given names holding
    three different surnames each followed by initials (``Hayek, D. Osman F. Payre B.
    Lemaitre S. ...``: a Vancouver list without its commas)."""
    last = name.last.split()
    given = name.given.split()
    if (
        # after the comma another whole name, given names or initials and a surname
        # (``Melvin L. Moeschberger``, ``K Gegenfurtner``); not one person's given name
        # (``Le Q. Stuart-Williams, Hilary``: given names moved into the surname), a lineage
        # (``Henry E. Kyburg, Jr.``) or a byline (``John R. Lott, Jr., By``)
        len(given) >= 2
        and _full(given[-1])
        and not LINEAGE_WORD.match(given[-1])
        and given[-1] != "By"
        and len(last) >= 3
        and _full(last[0])
        and _full(last[-1])
        and any(re.fullmatch(r"[A-Z]\.?", w) for w in last[1:-1])
    ):
        return f"the surname {name.last!r} is a whole name, an initial inside it"
    surnames = {
        before
        for before, word in itertools.pairwise(given)
        if _full(before) and _INITIALS_WORD.fullmatch(word)
    }  # distinct: an export that repeats one name (``Mickle T Mickle T``) is no list
    if len(surnames) >= 3:
        return (
            f"the given names {name.given!r} hold {len(surnames)} surnames, each with its initials"
        )
    return None


# Words that join the words of a group's or a work's name (``Department of Health and
# Social Care``, ``Ministère de l'Intérieur et des Cultes``): an ``and`` among them is the
# name's own, not a credit line's.
_TITLE_JOINERS = frozenset("of the The for on de du des der la le".split())  # noqa: SIM905


def _title_words(name: Name) -> bool:
    words = _words(name)
    return any(w in _TITLE_JOINERS or w[:2] in {"l'", "d'", "l’", "d’"} for w in words)


def grammar_warning(name: Name, names: Sequence[Name]) -> tuple[Severity, str] | None:
    """What puts one person's name outside the grammar so that a style prints it wrong, or
    ``None`` (see the module's list; warnings)."""
    if name.corporate:
        if " " not in name.last and any(
            o is not name and not o.corporate and o.given and o.last == name.last for o in names
        ):
            return Severity.WARNING, (
                f"{name.last!r} alone repeats the surname of another author of this list: "
                "one person listed twice, or a stray word? Leave it out or write the name"
            )
        return None
    words = _words(name)
    if words and all(set(w) <= set(".…") for w in words):
        return Severity.WARNING, (
            f"{name.last!r} stands for the authors left out (Google Scholar's '...'): write "
            "'and others'"
        )
    wordless = next((w for w in words if not any(c.isalnum() for c in w)), None)
    if wordless is not None:
        return Severity.WARNING, (
            f"{wordless!r} stands between the name's words as a word of its own (a hyphen "
            "with spaces around it, '&' joining two names, a mark an export left?): printed "
            "as a name's word"
        )
    lineage = name.lineage_in_given()
    if lineage is not None:
        return Severity.WARNING, (
            f"{lineage!r} ends the given names: BibTeX, pandoc and Zotero print it as one "
            f"more initial (mi-refs prints it as the lineage); if it is the lineage write "
            f"'{name.surname}, {lineage}, {' '.join(name.given.split()[:-1])}', if initials "
            "write them as initials"
        )
    lower = next(
        (
            w
            for w in name.given.split()
            if w[:1].islower()
            and w.rstrip(".").isalpha()
            and w.lower() not in NAME_PARTICLES | _PHRASE_WORDS | _TITLE_JOINERS
        ),
        None,
    )
    if group_named(name) or _title_words(name):
        lower = None
    if lower is not None:
        return Severity.WARNING, (
            f"the given name {lower!r} is in lower case: a style prints its initial in lower "
            f"case; write {lower[:1].upper() + lower[1:]!r}"
        )
    surname = name.last.strip().replace("’", "'")
    cut = name.given and not name.particle and surname.lower() in NAME_PARTICLES
    if cut and (surname[:1].islower() or not surname.isalpha()):
        return Severity.WARNING, (
            f"the surname is only the particle {surname!r}: the rest of it was cut off by "
            "an export? Write the whole surname"
        )
    alone = not name.given and not name.particle and " " not in surname
    if alone and any(o is not name and o.given and o.last == surname for o in names):
        return Severity.WARNING, (
            f"{surname!r} alone repeats the surname of another author of this list: one "
            "person listed twice, or a stray word? Leave it out or write the name"
        )
    return None


def _character(command: str) -> bool:
    """Whether a LaTeX command in a name writes a character: an accent, a letter or a sign
    the LaTeX reader knows, ``\\relax``, or one :func:`~mi_refs.check.nameforms.
    escaped_commands` reports (an escaped backslash)."""
    return (
        command in _ACCENTS
        or command == "relax"
        or bool(_ESCAPED.match(command))
        or bool(to_unicode(f"\\{command}").strip())
    )


def raw_name_problems(value: str) -> list[tuple[str, Severity, str]]:
    """The names of a raw name field (as written, before LaTeX is read) that hold what a
    name does not, with why (warnings): a LaTeX command that is no accent or letter
    (``\\emphname{Shih}``: printed as markup, or lost, outside LaTeX); biblatex's initials
    slot holding a whole name (``given-i=GILLES``: printed as the initials); ``Others``
    for the authors left out in another case than BibTeX's ``others`` (printed as an
    author named Others)."""
    found: list[tuple[str, Severity, str]] = []
    for raw in (piece.strip() for piece in _SPLIT_AND.split(value)):
        commands = [c for c in _COMMAND.findall(raw) if not _character(c)]
        if commands:
            found.append((raw, Severity.WARNING, (
                f"the LaTeX command '\\{commands[0]}' is no letter or accent (markup, a macro of "
                f"the file's own, or an accent whose braces were lost): printed "
                f"{to_unicode(raw)!r} here, as written or otherwise by other tools; write the "
                "name as plain text"
            )))  # fmt: skip
            continue
        initials = _GIVEN_I.search(raw)
        if initials is not None and len(re.sub(r"[^A-Za-z]", "", initials.group(1))) > 3:
            found.append((raw, Severity.WARNING, (
                f"biblatex's initials slot 'given-i' holds {initials.group(1).strip()!r}, "
                "not initials: biblatex prints it whole where the initials go"
            )))  # fmt: skip
            continue
        if "{" not in raw and raw.lower() == "others" and raw != "others":
            found.append((raw, Severity.WARNING, (
                f"{raw!r} stands for the authors left out, but only 'others' in lower case is "
                "read so: a style prints an author named Others; write 'and others'"
            )))  # fmt: skip
        persons = None if "," in raw or "{" in raw else _two_persons(raw.split())
        if persons is not None:
            first, second = persons
            found.append((raw, Severity.ERROR, (
                f"two persons written as one name, {first!r} and {second!r}: write ' and ' "
                "between them"
            )))  # fmt: skip
    return found
