"""Names checks: author and editor strings that do not read as one person
(``malformed-name``) and one person written two ways across a list (``inconsistent-name``).
Pure: the same references give the same findings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from mi_refs.bibtex.latex import to_unicode
from mi_refs.bibtex.names import parse_names
from mi_refs.check.findings import offline_finding
from mi_refs.check.namewords import COMPOUND_FIRST, EAST_ASIAN_SURNAMES, GIVEN_NAMES, GROUP_WORDS
from mi_refs.check.text import fold
from mi_refs.model import Bibliography, Finding, Name, Reference, Severity

__all__ = ["inconsistent_names", "malformed_names", "name_problem", "name_shape_problem"]


_LINEAGE = re.compile(
    r"^(?:jr|sr|jnr|snr|junior|senior|ii|iii|iv|vi|vii|viii|ix|\d+(?:st|nd|rd|th))\.?$",
    flags=re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
# "and" without a space on one side: "YannandBengio", "X. andGandibleux"
_GLUED_AND = re.compile(r"(?:[a-z.]and[A-Z_]|\sand[A-Z_]|\.and\s)")
_ET_AL = re.compile(r"\bet\.? al\b", flags=re.IGNORECASE)
_ND = re.compile(r"\snd\s")
_INITIALS = re.compile(r"^(?:[A-Z]\.?[\s-]*)+$")
_HYPHENS = re.compile(r"[-\u2010\u2011]")
# Parts of hyphenated surnames that are articles or particles, not surnames of their own.
_NOT_SURNAMES = frozenset({"al", "el", "ben", "bin", "abu", "de", "da", "di", "du", "la", "le"})

# Surnames so common that two people sharing one (with initials that could be the same
# person's) are more likely two people: no inconsistent-name finding between them. Folded
# (fold() with spaces removed: "de Jong" is "dejong"); one string split, as a word list
# reads better than 200 quoted items.
_COMMON_SURNAMES = frozenset(
    # Chinese
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo "  # noqa: SIM905
    "zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai "
    "jiang yu du ye cheng wei su lu ding ren shen yao jin fu zhong wong chan cheung "
    # Korean, Vietnamese
    "kim lee park choi jung jeong kang cho yoon jang lim han oh seo shin kwon "
    "nguyen tran le pham hoang phan vu vo dang bui do ho ngo duong ly "
    # Japanese
    "sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato "
    "yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu "
    # South Asian
    "singh kumar sharma patel shah gupta khan ali ahmed rao reddy das "
    # European, American
    "smith johnson williams brown jones garcia miller davis rodriguez martinez "
    "hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin "
    "white harris clark lewis robinson walker young allen king wright scott hill "
    "green adams baker nelson mitchell campbell roberts evans turner "
    "muller mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann "
    "rossi russo ferrari esposito bianchi romano colombo ricci "
    "dubois durand leroy moreau simon laurent lefebvre michel "
    "silva santos oliveira souza pereira costa rodrigues ferreira alves "
    "jensen nielsen hansen pedersen andersen larsen johansson andersson karlsson "
    "nilsson eriksson olsen "
    "dejong janssen devries vandijk bakker visser "
    "ivanov smirnov kuznetsov popov cohen levi".split()
)


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
    if name.suffix and not _LINEAGE.match(name.suffix):
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
    if name.given and _DIGIT.search(f"{name.last} {name.given} {name.particle}"):
        return "it contains digits"
    return None


# Characters that are no part of a person's name: an LDAP distinguished name read as an
# author (``c=AU; o=Commonwealth of Australia``), names joined with ``;``, an e-mail
# address, an editor marker (``Bottomore Tom <ed>``).
_FOREIGN = re.compile(r"[=;@<>]")


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
    if not (first.isalpha() and second.isalpha() and first[0].isupper() and second[0].isupper()):
        return None
    if _LINEAGE.match(second):
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
# An initial written into the surname before it (``R. Prybutok, Victor``).
_INITIAL = re.compile(r"[A-Z]\.")
# Initials glued with one in lower case (``TIa``: T. I. A.).
_GLUED_INITIALS = re.compile(r"[A-Z]{2,}[a-z]")
# A letter lost to a space in export (``H bert`` for Hébert, ``Malchow-M ller``).
_LOST_LETTER = re.compile(r"(?:^|[\s-])[A-Z] [a-z]")


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
        and _INITIAL.fullmatch(words[0])
        and any(len(word) > 2 and word.isalpha() for word in name.given.split())
    ):
        return f"the initial {words[0]!r} is written into the surname, the given name after it"
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
        return None
    foreign = _FOREIGN.search(" ".join((name.last, name.given, name.particle, name.suffix)))
    if foreign is not None:
        return Severity.ERROR, (
            f"it contains {foreign.group()!r}, which is no part of a person's name (names joined "
            "without 'and', an HTML entity, an address or a directory entry?)"
        )
    printed = f"{name.surname} {name.initials(hyphen=False)}".strip()
    last_word = name.last.split()[-1].rstrip(".").lower() if name.last.split() else ""
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


def malformed_names(bibliography: Bibliography) -> list[Finding]:
    """Authors and editors that do not read as one person (errors, field ``author`` or
    ``editor``, ``stored`` the name as BibTeX reads it): see :func:`name_problem`. A name
    the loader could not read at all is kept as a group name and already reported as a
    ``parse-error``; it is reported here only when the bibliography has no such problem
    for that entry and field (a bibliography built in code)."""
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
            for name in names:
                if name.corporate and name.last in unreadable:
                    if (reference.key, role) in reported:
                        continue
                    problem: str | None = "BibTeX's name rules cannot read it (too many commas)"
                else:
                    problem = name_problem(name)
                severity = Severity.ERROR
                if problem is None:
                    shape = name_shape_problem(name)
                    if shape is not None:
                        severity, problem = shape
                if problem is not None:
                    message = f"{role} {str(name)!r} does not read as one name: {problem}"
                    findings.append(
                        offline_finding(
                            reference,
                            "malformed-name",
                            severity,
                            message,
                            field=role,
                            stored=str(name),
                        )
                    )
    return findings


# --- inconsistent names -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Form:
    """One way a person is written: surname and initials, as a style prints them."""

    surname: str
    initials: str

    def __str__(self) -> str:
        return f"{self.surname} {self.initials}"

    @property
    def key(self) -> str:
        """The folded surname, spaces removed: ``Naser-Eddin`` and ``NaserEddin`` match."""
        return fold(self.surname).replace(" ", "")

    @property
    def parts(self) -> tuple[str, ...]:
        """The folded parts of a hyphenated surname (empty for a simple one)."""
        pieces = _HYPHENS.split(self.surname)
        if len(pieces) < 2:
            return ()
        return tuple(key for key in (fold(p).replace(" ", "") for p in pieces) if key)


@dataclass(frozen=True, slots=True)
class _Seen:
    """Where a form first appears (entry index, role, the name as read), every entry
    (index) it appears in, and the full first given names the entries hold for it
    (folded: ``ildiko`` for ``Kovács, Ildikó``; initials are not full names)."""

    first: int
    role: str
    name: Name
    entries: frozenset[int]
    given: frozenset[str] = frozenset()


def _full_given(name: Name) -> str | None:
    """The folded first given name when the entry writes it out (``Ildikó`` in
    ``Kovács, Ildikó E.``); ``None`` for initials (``I.``, ``IE``, ``J.-P.``)."""
    words = name.given.replace(".", ". ").split()
    if not words:
        return None
    first = words[0].split("-")[0]
    if len(first) < 2 or first.endswith(".") or first.isupper():
        return None
    return fold(first) or None


def _different_people(a: _Seen, b: _Seen) -> bool:
    """Both forms come with full given names and none of them is shared: Ildikó and Illés
    Kovács are two people, whatever their initials."""
    return bool(a.given and b.given and a.given.isdisjoint(b.given))


def _compatible_initials(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _person_forms(references: Sequence[Reference]) -> dict[_Form, _Seen]:
    """Every form of a person's name in the list (malformed and group names left out)."""
    first: dict[_Form, tuple[int, str, Name]] = {}
    entries: dict[_Form, set[int]] = {}
    given: dict[_Form, set[str]] = {}
    for index, reference in enumerate(references):
        for role, names in (("author", reference.authors), ("editor", reference.editors)):
            for name in names:
                initials = name.initials(hyphen=False)
                if name.corporate or not initials or name_problem(name) is not None:
                    continue
                form = _Form(name.surname, initials)
                first.setdefault(form, (index, role, name))
                entries.setdefault(form, set()).add(index)
                full = _full_given(name)
                if full is not None:
                    given.setdefault(form, set()).add(full)
    return {
        form: _Seen(*first[form], frozenset(entries[form]), frozenset(given.get(form, ())))
        for form in first
    }


# A hyphen-part shorter than this is not a surname of its own: ``Bar-On M`` is not
# ``Bar M`` with a second surname added (a surname prefix is a different person).
_MIN_SURNAME_PART = 3


def _variant_pairs(forms: Iterable[_Form]) -> Iterator[tuple[_Form, _Form, Severity]]:
    """Pairs of different forms that could be one person, with how sure that is (issue
    16.4: only what the style prints and the entries hold counts).

    Warning: the same surname spelled differently (equal only when folded: ``Mahévas
    M``/``Mahevas M``, ``Lambon-Ralph MA``/``Lambon Ralph MA``) with the same initials.
    Info: the same surname, one form only adding an initial (``Morris J``/``Morris JS``:
    often one person, but as often two), also when spelled differently (``Jiménez
    J``/``Jimenez JJ``: after folding, the initials still differ); one surname a
    hyphen-part of the other, every part at least 3 letters (``Maier``/``Maier-Salamon``,
    ``Teusink``/``Teusink-Cross``: a married or double name is the author's own form).
    Surnames in the common-surname list are left alone."""
    by_key: dict[str, list[_Form]] = {}
    hyphenated: list[_Form] = []
    for form in forms:
        by_key.setdefault(form.key, []).append(form)
        if form.parts:
            hyphenated.append(form)
    for key, group in by_key.items():
        if key in _COMMON_SURNAMES:
            continue
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if not _compatible_initials(a.initials, b.initials):
                    continue
                same_print = a.surname != b.surname and a.initials == b.initials
                yield a, b, Severity.WARNING if same_print else Severity.INFO
    yield from _hyphen_pairs(hyphenated, by_key)


def _hyphen_pairs(
    hyphenated: Iterable[_Form], by_key: Mapping[str, list[_Form]]
) -> Iterator[tuple[_Form, _Form, Severity]]:
    for a in hyphenated:
        if any(len(part) < _MIN_SURNAME_PART for part in a.parts):
            continue
        for part in dict.fromkeys(a.parts):
            if part in _COMMON_SURNAMES or part in _NOT_SURNAMES or part == a.key:
                continue
            for b in by_key.get(part, ()):
                if _compatible_initials(a.initials, b.initials):
                    yield a, b, Severity.INFO


def inconsistent_names(references: Sequence[Reference]) -> list[Finding]:
    """One person written two ways across the list (see :func:`_variant_pairs` for the
    rules and their severities): ``Mahévas M`` and ``Mahevas M`` (warning); ``Holme P``
    and ``Holme PA``, ``Teusink-Cross A`` and ``Teusink A`` (info). Reported on the entry
    where the second form first appears, naming the other's first entry and both forms.
    Not reported: identical forms; different first initials; different full given names in
    the entries (``Kovács, Ildikó`` and ``Kovacs, Illés``: two people); two forms in one
    author list (two people); surnames in the common-surname list; malformed names."""
    seen = _person_forms(references)
    findings: list[Finding] = []
    reported: set[tuple[_Form, _Form]] = set()
    for a, b, severity in _variant_pairs(seen):
        first_a, first_b = seen[a], seen[b]
        if first_a.entries & first_b.entries or (a, b) in reported or (b, a) in reported:
            continue
        if _different_people(first_a, first_b):
            continue
        reported.add((a, b))
        earlier, later = (a, b) if first_a.first < first_b.first else (b, a)
        other = references[seen[earlier].first]
        reference = references[seen[later].first]
        role, name = seen[later].role, seen[later].name
        if severity is Severity.WARNING:
            message = (
                f"{role} '{later}' here and '{earlier}' in {other.key} look like one person "
                "written two ways: use one form"
            )
        elif a.initials != b.initials:
            message = (
                f"{role} '{later}' here and '{earlier}' in {other.key}: one form adds an "
                "initial; if they are one person, use one form"
            )
        else:
            message = (
                f"{role} '{later}' here and '{earlier}' in {other.key}: one is a double or "
                "married form of the other; a paper prints the name its author used, so "
                "change it only if that paper printed the other"
            )
        findings.append(
            offline_finding(
                reference,
                "inconsistent-name",
                severity,
                message,
                field=role,
                stored=str(name),
            )
        )
    return findings
