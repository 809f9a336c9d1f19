"""Names check: author and editor strings that do not read as one person
(``malformed-name``; one person written two ways is :mod:`mi_refs.check.namevariants`).
Pure: the same references give the same findings."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mi_refs.bibtex.latex import to_unicode
from mi_refs.bibtex.names import parse_names
from mi_refs.check.findings import offline_finding
from mi_refs.check.nameforms import (
    affiliation,
    braced_person,
    braced_surname_first,
    escaped_commands,
    list_shape_problem,
    person_form_problem,
    persons_by_key,
    several_persons,
    surname_first,
    title_case_initials,
    written_twice,
)
from mi_refs.check.namegrammar import (
    LINEAGE_WORD,
    grammar_error,
    grammar_warning,
    group_named,
    raw_name_problems,
)
from mi_refs.check.namewords import (
    COMPOUND_FIRST,
    EAST_ASIAN_SURNAMES,
    GIVEN_NAMES,
    GROUP_WORDS,
    NOT_GIVEN_WORDS,
    PARTICLES,
)
from mi_refs.model import Bibliography, Finding, Name, Reference, Severity

__all__ = ["malformed_names", "name_problem", "name_shape_problem"]


_DIGIT = re.compile(r"\d")
# "and" without a space on one side: "YannandBengio", "X. andGandibleux"
_GLUED_AND = re.compile(r"(?:[a-z.]and[A-Z_]|\sand[A-Z_]|\.and\s)")
_ET_AL = re.compile(r"\bet\.? al\b", flags=re.IGNORECASE)
_ND = re.compile(r"\snd\s")
_INITIALS = re.compile(r"^(?:[A-Z]\.?[\s-]*)+$")


# --- malformed names ----------------------------------------------------------------


def name_problem(name: Name) -> str | None:
    """Why a (non-corporate) name does not read as one person's, or ``None``, naming the
    cause: ``and`` glued to the names (``YannandBengio``), ``et al.`` inside a name,
    ``nd`` for ``and``, initials separated by a comma (``Merle, J, C.``), another middle
    part of ``Last, X, First`` that is not a lineage such as Jr or III (two names joined
    without ``and``?); no surname; digits in a person's name (``Duits1, Remco``; a
    one-word name such as ``paradigm4`` is a group's and left alone)."""
    if name.corporate:
        return None
    if name.suffix and not LINEAGE_WORD.match(name.suffix):
        middle = f"{name.suffix} {name.given}"
        if _GLUED_AND.search(middle) or _GLUED_AND.search(name.last):
            return "'and' is glued to the names around it: write ' and ' with spaces"
        if _ET_AL.search(middle):
            return "'et al.' is written inside a name: end the list with 'and others'"
        if _ND.search(middle):
            return "'nd' between two names looks like a mistyped 'and'"
        if _INITIALS.match(name.suffix) and _INITIALS.match(name.given):
            return (
                f"its initials are separated by a comma: write "
                f"'{name.last}, {name.suffix.rstrip('.')}. {name.given}'"
            )
        return f"{name.suffix!r} is not a suffix such as Jr or III; two names joined without 'and'?"
    if not name.last.strip():
        return "it has no surname"
    given = name.given.split()
    if given and LINEAGE_WORD.match(given[-1]):
        given.pop()  # a lineage ends the given names (``Mugler J. P., 3rd``, ``Herbert C 3rd``)
    if (
        name.given
        # a group's name holds digits (``Investigators, Isaric4c``): a group written as a
        # person, below
        and _DIGIT.search(" ".join((name.last, name.particle, *given)))
        and not group_named(name)
    ):
        return "it contains digits"
    return None


# Characters that are no part of a person's name: an LDAP distinguished name read as an
# author (``c=AU; o=Commonwealth of Australia``), names joined with ``;``, an e-mail
# address, an editor marker (``Bottomore Tom <ed>``); after holdout 4 a link or a path
# (``KICP/UChicago``, ``https://...``) and a label (``Text: The Norwegian ...``).
_FOREIGN = re.compile(r"[=;@<>/:]")


def _glued_initial(given: str) -> tuple[str, str] | None:
    """An initial written against the given name after it (``LAdrienne``: L. Adrienne):
    one upper-case letter, then a capitalised word of at least 2 lower-case letters."""
    for word in given.replace(".", ". ").split():
        rest = word[1:]
        if (
            word[:1].isupper()
            and rest[:1].isupper()
            and len(rest) >= 3
            and rest[1:].isalpha()
            and rest[1:].islower()
        ):
            return word[0], rest
    return None


def _given_in_surname(name: Name) -> str | None:
    """The first word of a two-word surname when it is a given name written into the
    surname: a given name that is rarely a surname (``Andrew Futreal, P.``: P. Andrew
    Futreal), or any word but a particle or a compound surname's first part before a
    one-syllable East Asian surname (``Tian Ng, Alvin Wei``: Alvin Wei Tian Ng; ``Ho Lee,
    Hyun``: Hyun Ho Lee)."""
    words = name.last.split()
    if name.particle or len(words) != 2 or not name.given:
        return None
    first, second = words
    parts = first.split("-")  # a hyphenated given name (``Hsin-Jung Li, Sophia``)
    if not (
        all(part.isalpha() and part[0].isupper() for part in parts)
        # a hyphenated surname after it (``Antonio Pérez-Claros, Juan``: after holdout 6)
        and all(part.isalpha() and part[:1].isupper() for part in second.split("-"))
    ):
        return None
    if LINEAGE_WORD.match(second):
        return None
    if first in GIVEN_NAMES:
        return first
    if second.lower() in EAST_ASIAN_SURNAMES and first.lower() not in COMPOUND_FIRST:
        return first
    return None


# A lineage exported in title case as a name part (``Seage Iii, G. R.``, ``Iii, Henry L``).
_TITLE_LINEAGE = frozenset({"Iii", "Vii", "Viii"})
# Lower-case words that join a group's name and are no person's particle (``Committee on
# Gynecologic``, ``Royal College of Obstetricians``); "in" is Dutch (``in 't Veld``).
_JOINING = frozenset({"of", "on", "for"})
# Articles and particles of Arabic, Gaelic and other surnames, in capitals or title case
# before the surname (``AL Amin``, ``BIN Ahmad``, ``MAC Donald``): not initials.
_ARTICLES = frozenset({"al", "el", "ul", "ur", "abu", "ben", "bin", "ibn", "mac", "mc", "op"})
# An initial written into the surname before it (``R. Prybutok, Victor``).
_INITIAL = re.compile(r"[A-Z]\.")
# Initials glued with one in lower case (``TIa``: T. I. A.).
_GLUED_INITIALS = re.compile(r"[A-Z]{2,}[a-z]")
# A letter lost to a space in export (``H bert`` for Hébert, ``Malchow-M ller``).
_LOST_LETTER = re.compile(r"(?:^|[\s-])[A-Z] [a-z]")


def _initials_in_surname(words: Sequence[str]) -> bool:
    """Whether the first word of a surname of several is initials written into it: ``R.``
    (``R. Prybutok, Victor``), and (holdout 5) capitals or title-case initials without
    periods (``{TE Kessels}, Loes``, ``{Jd Barros}, Aluísio``); not a particle or a compound
    surname's first part in capitals or title case (``DI Camillo``, ``LA Botz``, ``St
    Clair``, ``Mc Kernan``), nor a word of a name written in capitals (``VAN RYZIN``)."""
    first = words[0]
    if _INITIAL.fullmatch(first):
        return True
    if first.lower() in COMPOUND_FIRST | PARTICLES | _ARTICLES:
        return False
    if re.fullmatch(r"[A-Z]{2,3}", first):
        return not all(word.isupper() for word in words[1:])
    return title_case_initials(first)


def _placeholder(name: Name) -> bool:
    """``Na``, ``N/A``, ``{\\&Na;}``: "not available" where an unsigned item has no author."""
    return not name.given and re.sub(r"[\\&;{}./\s]", "", name.last).lower() == "na"


def _export_damage(name: Name) -> str | None:
    """What an export did to a name that still reads as one person (issue 16, holdout 3's
    kinds), or ``None``."""
    words = name.last.split()
    lineage = next((word for word in words if word in _TITLE_LINEAGE), None)
    if lineage is not None:
        return f"{lineage!r} is the lineage {lineage.upper()} written as a name part"
    if (
        not name.particle
        and len(words) >= 2
        and _initials_in_surname(words)
        and any(len(word) > 2 and word.isalpha() for word in name.given.split())
    ):
        what = "the initial {!r} is" if len(words[0].rstrip(".")) == 1 else "the initials {!r} are"
        return f"{what.format(words[0])} written into the surname, the given name after it"
    if any(_GLUED_INITIALS.fullmatch(word) for word in name.given.split()):
        return f"the initials {name.given!r} are glued, one in lower case"
    if name.given and _LOST_LETTER.search(name.last):
        return f"the surname {name.last!r} lost a letter to a space (the export dropped it)"
    return None


def _split_group(name: Name) -> bool:
    """A group's name BibTeX split into a person's parts at a comma or a particle: a group
    word in any part (``Newborn Health Research, Network``, ``Collaborative Group on
    Hormonal Factors in Breast Cancer``), or a joining word with a capitalised part on each
    side (``Committee on Gynecologic, Practice``)."""
    if not name.given:  # printed as written: nothing split
        return False
    words = [w.strip("{}.").lower() for w in f"{name.given} {name.particle} {name.last}".split()]
    if any(word in GROUP_WORDS for word in words):
        return True
    if any(w.strip(".").lower() in NOT_GIVEN_WORDS for w in name.given.split()):
        return True  # "Philosophy Documentation, Center": no given name is Center
    particle = name.particle.split()
    return bool(particle) and particle[-1] in _JOINING and len(words) >= 3


def name_shape_problem(name: Name) -> tuple[Severity, str] | None:
    """Why a name that BibTeX reads without trouble is still not one person's name as
    written, with how sure that is (issue 16, holdout 2): characters no name holds
    (error); a group written as a person (``Team, Kimi``), a given name written into the
    surname (``Andrew Futreal, P.``), an initial glued to the given name (``Cupples,
    LAdrienne``) (warnings). ``None`` for a group name (braced) or a readable name."""
    if _placeholder(name):
        return Severity.WARNING, "a placeholder for 'not available', not a name: leave it out"
    if name.corporate:
        return braced_person(name)
    last_word = name.last.split()[-1].rstrip(".").lower() if name.last.split() else ""
    foreign = _FOREIGN.search(" ".join((name.last, name.given, name.particle, name.suffix)))
    if foreign is not None and not (
        last_word in GROUP_WORDS and not _FOREIGN.search(re.sub(r"[/:]", "", str(name)))
    ):  # a group's name split at a comma keeps its "/" (SAM/BAM): a group, below
        return Severity.ERROR, (
            f"it contains {foreign.group()!r}, which is no part of a person's name (names joined "
            "without 'and', an HTML entity, an address or a directory entry?)"
        )
    printed = f"{name.surname} {name.initials(hyphen=False)}".strip()
    if name.given and last_word in GROUP_WORDS:
        whole = " ".join(part for part in (name.given, name.particle, name.last) if part)
        return Severity.WARNING, (
            f"printed {printed!r}, it reads as a group written as a person: brace the group's "
            f"name, {{{whole}}}"
        )
    if _split_group(name):
        return Severity.WARNING, (
            f"printed {printed!r}, it reads as a group's name split into a person's parts: "
            "brace the group's name as it is written"
        )
    if name.given == "By":  # "John R. Lott, Jr., By": a byline read as a name
        return Severity.ERROR, f"printed {printed!r}: 'By' is the byline, not a given name"
    form = person_form_problem(name)
    if form is not None:
        return form
    damage = _export_damage(name)
    if damage is not None:
        return Severity.WARNING, f"printed {printed!r}: {damage}"
    given_word = _given_in_surname(name)
    if given_word is not None:
        surname = name.last.split()[1]
        return Severity.WARNING, (
            f"printed {printed!r}, {given_word!r} looks like a given name written into the "
            f"surname: write '{surname}, {name.given} {given_word}' if {surname} is the surname"
        )
    glued = _glued_initial(name.given)
    if glued is not None:
        initial, rest = glued
        return Severity.WARNING, (
            f"printed {printed!r}, '{initial}{rest}' has two capitals: an initial glued to the "
            f"given name (write '{initial}. {rest}') or a typing error?"
        )
    return None


def _unreadable_names(reference: Reference, role: str) -> set[str]:
    """The names of a field that the loader kept, as written, as group names because
    BibTeX's rules cannot read them (too many commas)."""
    _, _, unreadable = parse_names(reference.get(role))
    return {to_unicode(raw) for raw in unreadable}


def _name_verdict(
    name: Name, names: Sequence[Name], unreadable: set[str], *, read_whole: bool
) -> tuple[Severity, str] | None:
    """Why one name of a list is not one person's, with how sure that is (``None``: it
    is, or it is unreadable and already a parse error; see :func:`malformed_names`)."""
    if name.corporate and name.last in unreadable:
        word = affiliation(name.last) or next(
            (w for w in name.last.split() if w.lower() in GROUP_WORDS), None
        )
        if word is not None:  # "Department of Psychology Saint Louis, Missouri, ..."
            return Severity.ERROR, (
                f"{word!r} belongs to an affiliation or an address, not to a person's name "
                "(an import read the author's address as an author?)"
            )
        if several_persons(name.last):
            return Severity.ERROR, (
                "several persons joined by commas in one name: write ' and ' between them"
            )
        return Severity.ERROR, "BibTeX's name rules cannot read it (too many commas)"
    problem = name_problem(name)
    if problem is not None:
        return Severity.ERROR, problem
    shape = (
        grammar_error(name)
        or name_shape_problem(name)
        or surname_first(name, names)
        or braced_surname_first(name, names)
        or written_twice(name, names)
    )
    if shape is not None:
        return shape
    # a field with a parse error (an undefined @string macro) was not read as written
    listed = list_shape_problem(name, names) if read_whole else None
    return listed or grammar_warning(name, names)


def malformed_names(bibliography: Bibliography) -> list[Finding]:
    """Authors and editors that do not read as one person (field ``author`` or ``editor``,
    ``stored`` the name as BibTeX reads it): see :func:`name_problem` (errors),
    :func:`name_shape_problem` and :mod:`mi_refs.check.nameforms`. A name the loader could
    not read at all is kept as a group name and already reported as a ``parse-error``; it
    is reported here only when it holds an affiliation or when the bibliography has no
    such problem for that entry and field (a bibliography built in code). A LaTeX command
    written as text in a name (``Rafa{\\textbackslash}l``) is a warning."""
    reported = {
        (problem.key, problem.field)
        for problem in bibliography.problems
        if problem.code == "parse-error"
    }
    findings: list[Finding] = []
    for reference in bibliography.references:
        for role, names in (("author", reference.authors), ("editor", reference.editors)):
            has_groups = any(name.corporate for name in names)
            unreadable = _unreadable_names(reference, role) if has_groups else set()
            for index, name in enumerate(names):
                verdict = (
                    persons_by_key(reference.key, name) if index == 0 and role == "author" else None
                ) or _name_verdict(
                    name, names, unreadable, read_whole=(reference.key, role) not in reported
                )
                if verdict is None or (
                    name.last in unreadable
                    and (reference.key, role) in reported
                    and verdict[1].startswith("BibTeX's")
                ):
                    continue
                severity, problem = verdict
                message = f"{role} {str(name)!r} does not read as one name: {problem}"
                findings.append(
                    offline_finding(
                        reference, "malformed-name", severity, message, field=role, stored=str(name)
                    )
                )
            for raw, level, why in raw_name_problems(reference.get(role) or ""):
                message = f"{role} {raw!r} does not read as one name: {why}"
                findings.append(
                    offline_finding(
                        reference,
                        "malformed-name",
                        level,
                        message,
                        field=role,
                        stored=raw,
                    )
                )
            for raw in escaped_commands(reference.get(role) or ""):
                message = (
                    f"{role} {raw!r} does not read as one name: a LaTeX command is written as "
                    "text (an export escaped an accent's backslash); pandoc and LaTeX print it "
                    "as written: write the letter itself"
                )
                findings.append(
                    offline_finding(
                        reference,
                        "malformed-name",
                        Severity.WARNING,
                        message,
                        field=role,
                        stored=raw,
                    )
                )
    return findings
