"""Author and editor fields that read without trouble but that a style prints wrong (issue
16, kinds by category from holdouts 3 and 4, each measured on ~1,000 public .bib files):
affiliations and addresses read as persons, ``et al.`` or a lineage read as a name part,
given names repeated by an export, initials glued in title case (``Taube, Js``) or swapped
with the surname (``Kj, Friston``), a person braced whole (``{Yves Rosseel}``), a user name
or a lone given name among persons, a LaTeX command escaped into text, a character lost
as ``?``, a title before the given name, ``Surname Initials`` without its comma; from
holdout 5's misses (measured on 1,079 files): several persons in one name (braced, joined
by commas, or by the entry's own key), ``{others}`` braced, ``{Thomas P Minka}`` and
``{Begg C}`` braced whole, a title in the surname, a lineage alone, a list split at its
commas, one person listed twice. Pure; the findings are made in
:mod:`mi_refs.check.names`."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from mi_refs.check.namewords import (
    AFFILIATION_WORDS,
    GIVEN_NAMES,
    GROUP_WORDS,
    NOT_GIVEN_WORDS,
    PARTICLES,
)
from mi_refs.check.text import fold
from mi_refs.model import Name, Severity

__all__ = [
    "affiliation",
    "braced_person",
    "braced_surname_first",
    "escaped_commands",
    "list_shape_problem",
    "person_form_problem",
    "persons_by_key",
    "several_persons",
    "surname_first",
    "title_case_initials",
    "written_twice",
]

_ET_AL = re.compile(r"\bet\.? ?al\b\.?", flags=re.IGNORECASE)
_LINEAGE_GIVEN = re.compile(r"^(?:jr|sr|ii|iii|iv|\d(?:st|nd|rd|th))\.?$", re.IGNORECASE)
# A discipline as a name part: a department line read as a name (``Inesiology, D
# Epartment O F K``: "Department of Kinesiology" with its letters split by a PDF import).
_DISCIPLINE = re.compile(r"^[a-z]{3,}(?:ology|ologie)$")
# Title-case initials: a capital and one or two lower-case consonants (``Js``, ``Ht``,
# ``Rsj``), which no given name or surname is but the abbreviations below.
_GLUED = re.compile(r"^[B-DF-HJ-NP-TV-XZ][b-df-hj-np-tv-xz]{1,2}$")
# Real name parts of that shape: abbreviations written without their period (``Md``
# Mohammad, ``Wm`` William, ``Th``, ``Ph``, ``Ch``, ``Chr``, ``Kr`` Kumar, ``Hj`` Haji),
# transliterated Russian initials (``Sh``, ``Zh``, ``Kh``, ``Ts``), lineages and titles,
# surnames (``Ng``, ``Sng``, ``Lv``) and a given name (``Tsz``). Measured on the corpus.
_NOT_GLUED = frozenset(
    "Md Wm Th Ph Ch Chr Kr Hj Sh Zh Kh Ts Jr Sr St Dr Mr Ms Mrs Ng Sng Lv Tsz Mc Ltd".split()  # noqa: SIM905
)
# A one-word name that is no person's: a user name (``gfyoung``, ``chris-b1``), Google
# Scholar's ``...``; judged only among persons (``paradigm4`` alone is a company).
_HANDLE = re.compile(r"^(?:[a-z][\w-]*|[\w-]*\d[\w-]*|[A-Z][a-z]+(?:[A-Z][a-z]+){2,}|\.{2,}|…)$")
_GLUED_SURNAME = re.compile(r"^([A-Z][a-z]+(?:[A-Z][a-z]+)?)([A-Z]{1,3})$")
# Titles before a given name (``Babu, Dr Manchi Sarat``, ``Evans-Pritchard, Sir Edward``),
# read as one more given name; alone (``Landry, Mr``) they are more often glued initials.
_TITLES = frozenset({"Dr", "Prof", "Mr", "Mrs", "Ms", "Sir", "Dame", "Rev"})
_AFTER_SURNAME = re.compile(r"(?:[A-Z]\.?){1,3}")
_ONE_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
# Words for the authors a list leaves out, read as one more author (``and colleagues``).
_LEFT_OUT = frozenset({"colleagues", "coworkers", "co-workers", "al", "al.", "etal", "etc", "etc."})
_DEGREES = frozenset({"PhD", "MSc", "BSc", "MPhil", "DPhil", "MPH", "MBA", "DrPH", "MD"})
# Endings of product and company names of that shape (``OpenAI``, ``RocksDB``, ``FusionIO``).
_NOT_INITIALS = frozenset({"AI", "DB", "IO", "ML", "QL", "SQL", "OS", "NLP", "NVM", "VR"})
_WORD = re.compile(r"^[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*$")
_INITIAL = re.compile(r"^(?:[A-Z]\.-?)+$")
# A middle initial written without its period (``{Thomas P Minka}``).
_BARE = re.compile(r"^[A-Z]$")
# What separates the persons braced into one name.
_PIECES = re.compile(r"\s*(?:;|,|\band\b)\s*")
# ``{others}``, ``{et al.}`` braced: printed as an author's name, not as "et al.".
_LEFT_OUT_BRACED = frozenset({"others", "et al", "etal", "and others"})
# LaTeX commands an export wrote as text: the accent's backslash escaped (``Rafa{\\
# textbackslash}l``, ``Zub{\\'a}{\\textbackslash}v cov{\\'a}``), an accent as a sign
# (``Huba{\\textasciicaron}cek``), braces escaped.
_ESCAPED = re.compile(
    r"\\text(?:backslash|asciicaron|asciitilde|asciiacute|asciicircum|asciigrave|braceleft"
    r"|braceright)\b"
)


def _words(name: Name) -> list[str]:
    return f"{name.given} {name.particle} {name.last}".split()


def affiliation(text: str) -> str | None:
    """The affiliation or address word in a name's words (``Hospital``, ``Square``,
    ``Faculty``, a discipline such as ``Kinesiology``), or ``None``."""
    for word in text.split():
        plain = fold(word).replace(" ", "")
        if plain in AFFILIATION_WORDS or _DISCIPLINE.match(plain):
            return word
    return None


def _repeated(given: str) -> bool:
    """Given names an export repeated: a pair of words written twice (``Mickle T Mickle T``,
    ``T.-S. Tae-sung T.-S. Tae-sung``) or a word three times, the word a name or initials
    run together, not one initial (``M. M. E. M.`` are four initials). A name written
    twice in a row (``Jing Jing``, ``Nu Nu``) or a Malay ``Wan ... Wan`` is a real name."""
    words = given.split()
    long = {word for word in words if len(word.strip(".")) >= 2}
    pairs = [pair for pair in itertools.pairwise(words) if long.intersection(pair)]
    return len(set(pairs)) < len(pairs) or any(words.count(word) >= 3 for word in long)


def title_case_initials(word: str) -> bool:
    """Whether a word reads as initials written in title case (``Js``, ``Rsj``; not
    ``Md``, ``Ng``, ``St``, ``Mc``: abbreviations and names of that shape; nor a Czech or
    Slovak word whose vowel is a syllabic r or l, ``Krs``, ``Vlk``: a surname)."""
    syllabic = len(word) == 3 and word[1] in "rl"
    return bool(_GLUED.match(word)) and word not in _NOT_GLUED and not syllabic


def person_form_problem(name: Name) -> tuple[Severity, str] | None:
    """What an export did to one person's name, with how sure that is, or ``None``:
    ``et al.`` written into it (error), an affiliation or address read as a person (error),
    a letter lost as ``?`` (``Bj?rnerud``), a title read as a given name (``Dr``, ``Sir``),
    a lineage read as the given name (``Mugler J. P., 3rd``: PubMed's ``Mugler JP 3rd``
    without its comma), given names repeated, initials glued in title case or written as
    the surname (warnings)."""
    printed = f"{name.surname} {name.initials(hyphen=False)}".strip()
    if _ET_AL.search(f"{name.last} {name.given}"):
        return Severity.ERROR, "'et al.' is written inside a name: end the list with 'and others'"
    if name.given:
        word = affiliation(" ".join(_words(name)))
        if word is not None:
            return Severity.ERROR, (
                f"printed {printed!r}: {word!r} belongs to an affiliation or an address, not "
                "to a person's name (an import read the author's address as an author?)"
            )
    lost = next((c for c in f"{name.last} {name.given}" if c in "?\ufffd"), None)
    if lost is not None:
        return Severity.WARNING, (
            f"printed {printed!r}: {lost!r} stands for a character the export could not write "
            "(an accented letter lost?): write it"
        )
    title = name.given.split()
    if len(title) >= 2 and title[0].rstrip(".") in _TITLES:
        return Severity.WARNING, (
            f"printed {printed!r}: {title[0]!r} is a title, read as a given name: leave it out"
        )
    parts = name.last.split()
    if len(parts) >= 2 and name.given and parts[-1].rstrip(".") in _TITLES:
        return Severity.WARNING, (  # "{Viray Dr.}, Hollis": Mendeley's title field exported
            f"printed {printed!r}: {parts[-1]!r} is a title, written into the surname: leave it out"
        )
    if _LINEAGE_GIVEN.match(name.given) and len(name.last.split()) >= 2:
        words = name.last.split()
        if all(_INITIAL.match(word) or word.isupper() for word in words[1:]):
            surname, given = words[0], " ".join(words[1:])  # PubMed's "Mugler JP 3rd"
        else:
            surname, given = words[-1], " ".join(words[:-1])  # "Henry E. Kyburg, Jr."
        return Severity.WARNING, (
            f"the lineage {name.given!r} is read as the given name, and {given!r} as part of "
            f"the surname: write '{surname}, {name.given}, {given}'"
        )
    if _repeated(name.given):
        return Severity.WARNING, f"printed {printed!r}: the given names {name.given!r} repeat"
    glued = next((word for word in name.given.split() if title_case_initials(word)), None)
    if glued is not None:
        return Severity.WARNING, (
            f"printed {printed!r}: {glued!r} reads as initials written in title case; a style "
            f"reads it as one name and prints one initial: write {glued.upper()!r}"
        )
    if (
        title_case_initials(name.last)
        and not name.particle
        and any(len(w) > 2 for w in name.given.split())
    ):
        return Severity.WARNING, (
            f"printed {printed!r}: {name.last!r} reads as initials written as the surname and "
            f"{name.given!r} as the surname: write '{name.given}, {name.last.upper()}'"
        )
    return None


def _name_word(word: str) -> bool:
    """A word of a person's name: capitalised letters (``Märtens``, ``Hsin-Jung``,
    ``O'Brien``), an initial with or without its period, or a particle."""
    if word in PARTICLES or re.fullmatch(r"(?:[A-Z]\.-?)+|[A-Z]", word):
        return True
    plain = word.replace("-", "").replace("'", "").replace("’", "")
    return plain.isalpha() and word[0].isupper()


def _group_word(words: Sequence[str]) -> bool:
    return any(
        fold(w) in GROUP_WORDS | NOT_GIVEN_WORDS or affiliation(w) is not None for w in words
    )


def several_persons(text: str) -> bool:
    """Several full names in one (``{Raivo Kolde, Kaspar Märtens, ... and Jaak Vilo}``
    braced, ``Weiyi Peng, Jie Qing Chen, ..., Za, ...`` with too many commas): parts between
    commas, semicolons or ``and``, of name words only, at least two and half of them of two
    to four words, one starting with a known given name or holding an initial, and no word
    of a group's or an address's name (``{Cold Spring Harbor, New York}`` has neither)."""
    pieces = [piece for piece in _PIECES.split(text) if piece]
    if len(pieces) < 2 or _group_word(text.split()):
        return False
    if not all(all(map(_name_word, piece.split())) for piece in pieces):
        return False
    full = [piece for piece in pieces if 2 <= len(piece.split()) <= 4]
    if len(full) < 2 or 2 * len(full) < len(pieces):  # a stray part ("Za") may be among them
        return False
    return any(
        p.split()[0] in GIVEN_NAMES or any(re.fullmatch(r"[A-Z]\.?", w) for w in p.split())
        for p in pieces
    )


def braced_person(name: Name) -> tuple[Severity, str] | None:
    """Why a braced (group) name is no group's, with how sure that is, or ``None``:
    several persons braced into one (error: ``{Raivo Kolde, Kaspar Märtens and Jaak
    Vilo}``), names joined by ``;`` (error: ``{Karam; Marc}``), ``{others}`` braced (printed
    as an author named "others"); a person's name braced whole, ``{Yves Rosseel}``, ``{Thomas
    P Minka}`` (a given name first, or an initial, and nothing a group's name holds) or
    ``{Guo, Zhihan}`` (a surname, a comma and given names) (warnings). A style prints a
    braced name as written, unabbreviated and filed under its first word."""
    text = name.last
    if not name.corporate or "{" in text:
        return None
    if fold(text).replace(".", "").strip() in _LEFT_OUT_BRACED:
        return Severity.WARNING, (
            f"{text!r} is braced, so a style prints it as an author's name: write 'and "
            "others' without braces (printed et al.)"
        )
    if several_persons(text):
        return Severity.ERROR, (
            f"several persons braced into one name, printed {text!r} as one author: write "
            "each as 'Surname, Given' joined by ' and '"
        )
    if ";" in text and all(
        all(map(_name_word, piece.split())) for piece in text.split(";") if piece.strip()
    ):
        return Severity.ERROR, (
            "it contains ';', which is no part of a person's name (names joined without "
            "'and', or a comma typed as ';'?)"
        )
    head, comma, tail = text.partition(",")
    if comma:
        given = tail.split()
        if "," in tail or not 1 <= len(head.split()) <= 2 or not 1 <= len(given) <= 3:
            return None
        parts = head.split() + given
        if all(
            _WORD.match(w) or _INITIAL.match(w) or re.fullmatch(r"[A-Z]", w) for w in parts
        ) and not _group_word(parts):
            return Severity.WARNING, (
                f"a person's name braced whole: printed {text!r}, comma and all"
            )
        return None
    words = text.split()
    if not 2 <= len(words) <= 4 or _group_word(words):
        return None
    if not all(_WORD.match(w) or _INITIAL.match(w) or w in PARTICLES or _BARE.match(w)
               for w in words):  # fmt: skip
        return None
    if (
        words[0] in GIVEN_NAMES
        or any(re.fullmatch(r"[A-Z]\.", w) for w in words)
        or (_WORD.match(words[0]) and any(_BARE.match(w) for w in words[1:-1]))
    ):
        return Severity.WARNING, (
            f"a person's name braced whole: printed {text!r} in full, not as surname and initials"
        )
    return None


def list_shape_problem(name: Name, names: Sequence[Name]) -> tuple[Severity, str] | None:
    """Why a one-word name is no person's, or ``None``: names joined by a glued ``and``
    (``BezerraandLopez-IbanezandStuetzle``: error); in a list of two names or more, a
    surname run together with its initials (``PattersonK``, ``FristonKJ``; a one-word
    ``RocksDB`` or ``OpenAI`` alone is a group's); among at least two persons with given
    names, a user name (``gfyoung``, ``chris-b1``, ``MomIsBestFriend``), Google Scholar's
    ``...`` or a lone given name (``Patrick``: one person split by ``and``, as in
    ``Versbach, Andreoli and Patrick``) (warnings)."""
    if name.corporate or name.given or name.particle or " " in name.last:
        return None
    parts = name.last.split("and")
    if len(parts) >= 2 and all(len(p) >= 3 and p[0].isupper() and not p.isupper() for p in parts):
        return Severity.ERROR, "'and' is glued to the names around it: write ' and ' with spaces"
    if _LINEAGE_GIVEN.match(name.last) and len(names) >= 2:
        return Severity.ERROR, (
            f"{name.last!r} alone is a lineage, not an author: split from its name by 'and' "
            f"(write 'Surname, {name.last}, Given')"
        )
    if name.last in _DEGREES:
        return Severity.WARNING, f"{name.last!r} is a degree, not a name: leave it out"
    glued = _GLUED_SURNAME.match(name.last)
    if glued is not None and len(names) >= 2 and glued.group(2) not in _NOT_INITIALS:
        surname, initials = glued.groups()
        return Severity.WARNING, (
            f"the surname and the initials are run together, printed {name.last!r} whole: "
            f"write '{surname}, {initials}'"
        )
    if sum(1 for other in names if other.given and not other.corporate) < 2:
        return None
    if name.last.strip(".…") == "" or name.last.lower() in _LEFT_OUT:
        return (
            Severity.WARNING,
            f"{name.last!r} stands for the authors left out (Google Scholar's '...'): write "
            "'and others'",
        )
    if _HANDLE.match(name.last):
        return Severity.WARNING, "a user name among persons, not a person's name"
    if name.last in GIVEN_NAMES:
        return Severity.WARNING, (
            f"{name.last!r} alone is a given name: one person split in two by 'and' (write "
            "the surname, a comma and the given names)?"
        )
    return None


def _surname_first(name: Name) -> bool:
    """A name that reads as ``Surname Initials`` written without its comma (``Wojtkowski
    M.``, ``Jones AB``): BibTeX takes the surname for the given name."""
    return bool(
        not name.corporate
        and not name.particle
        and not name.suffix
        and _AFTER_SURNAME.fullmatch(name.last)
        and _ONE_WORD.fullmatch(name.given)
    )


def surname_first(name: Name, names: Sequence[Name]) -> tuple[Severity, str] | None:
    """Why a name written ``Surname Initials`` without its comma is read the wrong way
    round, or ``None``: always when its initials carry periods (``Wojtkowski M.``: no
    surname is ``M.``), else when another name of its list is written so (``Altshuler D
    and Daly M``: a Vancouver list pasted as BibTeX; ``Weinan E`` alone is a name) and one
    of them has initials no surname is (``LI, Wei and WU, Jian`` are surnames in capitals).
    Two names or more so with such initials: the whole byline is reversed (error)."""
    if not _surname_first(name):
        return None
    reversed_names = [other for other in names if _surname_first(other)]
    if "." not in name.last and (
        len(reversed_names) < 2 or not any(map(_no_surname, reversed_names))
    ):
        return None
    alone = next(  # a word alone, not an acronym (``WHO`` unbraced is a group's)
        (
            o.last
            for o in names
            if not (o.given or o.particle or o.corporate) and _WORD.match(o.last)
        ),
        None,
    )
    if alone is not None:
        return Severity.ERROR, (  # "McCarthy and J., Davis and Chen and Yunshun and ..."
            f"initials read as the surname and {name.given!r} as the given name, and "
            f"{alone!r} stands alone: the list's names are split at their commas by 'and'"
        )
    printed = f"{name.last.replace('.', '')} {name.given[0]}"
    if len(reversed_names) >= 2 and any(map(_no_surname, reversed_names)):
        return Severity.ERROR, (  # "S, Behjati and G, Gundem and DC, Wedge": PubMed into Mendeley
            f"the initials are in the surname's place and {name.given!r} in the given name's, "
            f"in {len(reversed_names)} names of this list (a byline reversed whole: a PubMed "
            f"or Vancouver list imported): printed '{printed}'; write '{name.given}, "
            f"{name.last}'"
        )
    return Severity.WARNING, (
        f"written 'Surname Initials' without a comma, BibTeX reads {name.given!r} as the given "
        f"name and prints '{printed}': write '{name.given}, {name.last}'"
    )


def _no_surname(name: Name) -> bool:
    """Initials that no surname is: with periods, one letter, or capitals without a vowel
    (``DC``, ``ND``; not ``LI`` or ``WU``, surnames in capitals, nor ``NG``)."""
    letters = name.last.replace(".", "").replace("-", "")
    return (
        "." in name.last
        or len(letters) == 1
        or (letters.isupper() and not set(letters) & set("AEIOUY") and letters != "NG")
    )


def written_twice(name: Name, names: Sequence[Name]) -> tuple[Severity, str] | None:
    """A person the list writes twice, once with a surname's first word moved into the given
    names (``Palma, Paolo Dalla`` and ``{Dalla Palma}, Paolo``: an author list pasted twice
    by an import), or ``None``: the moved form is printed with one initial too many."""
    words = name.given.split()
    if len(words) < 2 or name.particle or name.corporate or not _WORD.match(words[-1]):
        return None
    surname, given = f"{words[-1]} {name.last}", " ".join(words[:-1])
    other = next((o for o in names if o.last == surname and o.given == given), None)
    if other is None:
        return None
    return Severity.WARNING, (
        f"the list also writes '{surname}, {given}': one person listed twice, {words[-1]!r} "
        f"once in the given names (printed '{name.surname} {name.initials(hyphen=False)}') "
        f"and once in the surname (printed '{other.surname} {other.initials(hyphen=False)}'): "
        "the author list written twice? Keep the right form once"
    )


def escaped_commands(value: str) -> list[str]:
    """The names of a raw BibTeX name field that hold a LaTeX command written as text."""
    return [raw.strip() for raw in re.split(r"\s+and\s+", value) if _ESCAPED.search(raw)]


def _full_word(word: str) -> bool:
    """A capitalised word of a name, not an initial (``Rafał``, ``Hsin-Jung``)."""
    plain = word.replace("-", "")
    return len(plain) >= 2 and plain.isalpha() and word[0].isupper() and not plain.isupper()


def persons_by_key(key: str, name: Name) -> tuple[Severity, str] | None:
    """Two or more persons' full names written as one first author, by the entry's own key
    (``{Yann Christinat}, Rafał Pawłowski`` on ``Christinat:jSplice2016``, ``{Yusuke Matsui
    Masahiro Mizuta}, Satoru Miyano`` on ``Matsui:D3M2016``): the key starts with a later
    word of a surname of several (so the words before it are a given name), and the given
    names are two full words or more (another person's name): error. Not a particle or a
    compound surname's first part dropped by the key (``Van Kleek`` on ``Kleek:2011``), nor
    one given name (``Hernandez Peon, R.`` on ``Peon61``: a double surname)."""
    words = name.last.split()
    given = name.given.split()
    if name.corporate or name.particle or name.suffix or len(words) < 2 or len(given) < 2:
        return None  # a suffix: names joined without "and", said by name_problem
    if words[0].lower() in PARTICLES or not all(map(_full_word, words + given)):
        return None
    folded = fold(key).replace(" ", "")
    parts = [fold(word).replace(" ", "") for word in words]
    if folded.startswith(parts[0]) or "".join(parts) in folded:
        return None
    surname = next(
        (
            w
            for w, p in zip(words[1:], parts[1:], strict=True)
            if len(p) >= 3 and folded.startswith(p)
        ),
        None,
    )
    if surname is None:
        return None
    return Severity.ERROR, (
        f"the key {key!r} names {surname!r} as the first author's surname, so the words "
        f"before it are a given name, and {name.given!r} another person's full name: several "
        "persons written as one; write each as 'Surname, Given' joined by ' and '"
    )


_BRACED_INITIALS = re.compile(r"(?:[A-Z]\.?-?){1,3}")


def _braced_surname_first(name: Name) -> bool:
    """A braced name written ``Surname Initials`` or ``Surname Given I.`` (``{Begg C}``,
    ``{Clark Heather M.}``), no word of a group's name in it."""
    words = name.last.split()
    return bool(
        name.corporate
        and 2 <= len(words) <= 4
        and _BRACED_INITIALS.fullmatch(words[-1])
        and all(map(_full_word, words[:-1]))
        and not _group_word(words)
    )


def braced_surname_first(name: Name, names: Sequence[Name]) -> tuple[Severity, str] | None:
    """A person braced whole in the form ``Surname Initials`` (``{Begg C} and {Cho M}``,
    ``{Castro J.}``): when its initials carry a period or another name of the list is
    braced so (``{Gruppe V}``, ``{Cancer Research UK}`` alone are groups), a warning: a
    style prints it as written, whatever its form, and no tool can read its parts."""
    if not _braced_surname_first(name):
        return None
    if "." not in name.last and sum(map(_braced_surname_first, names)) < 2:
        return None
    words = name.last.split()
    return Severity.WARNING, (
        f"a person's name braced whole: printed {name.last!r} as written; write "
        f"'{words[0]}, {' '.join(words[1:])}' without braces"
    )
