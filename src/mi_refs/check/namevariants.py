"""The ``inconsistent-name`` check: one person written two ways across a list (issue 16:
only what the style prints and what the entries hold counts). Pure: the same references
give the same findings. Malformed names (:mod:`mi_refs.check.names`) are left out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from mi_refs.check.findings import offline_finding
from mi_refs.check.names import name_problem
from mi_refs.check.text import fold
from mi_refs.model import Finding, Name, Reference, Severity

__all__ = ["inconsistent_names"]

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
    # each spelling of the first given name (case folded, accents kept) with where it
    # first appears: ``daniel`` and ``daniël`` for Lakens D
    spelled: tuple[tuple[str, int, str, Name], ...] = ()


def _written_given(name: Name) -> str | None:
    """The first given name as written, case folded, when the entry writes it out
    (``ildikó`` in ``Kovács, Ildikó E.``); ``None`` for initials (``I.``, ``IE``,
    ``J.-P.``)."""
    words = name.given.replace(".", ". ").split()
    if not words:
        return None
    first = words[0].split("-")[0]
    if len(first) < 2 or first.endswith(".") or first.isupper():
        return None
    return unicodedata.normalize("NFC", first).casefold()  # é composed or not: one spelling


def _full_given(name: Name) -> str | None:
    """The folded first given name when the entry writes it out (``ildiko`` for
    ``Kovács, Ildikó E.``); ``None`` for initials."""
    written = _written_given(name)
    return (fold(written) or None) if written else None


def _different_people(a: _Seen, b: _Seen) -> bool:
    """Both forms come with full given names and none of them is shared or a form of
    another (:func:`_given_forms`): Ildikó and Illés Kovács are two people, whatever
    their initials."""
    return bool(a.given and b.given and a.given.isdisjoint(b.given)) and not _given_forms(a, b)


# A short form shorter than this is no evidence (``Al`` for Albert or Alice? ``Wei`` of
# ``Wei-Gang`` beside ``Weida``: two people).
_MIN_SHORT = 4
# A given name shorter than this, one letter from another, is as often another name
# (``Ivan``/``Iván`` fold equal; ``Anna``/``Anne``, ``Mark``/``Mary``: two people).
_MIN_MISSPELT = 5


def _given_forms(a: _Seen, b: _Seen) -> bool:
    """Whether full given names of two forms that share none could still be one person's:
    one the start of the other, 4 letters or more (``Phil``/``Philip``,
    ``Chris``/``Christopher``: a short form) or two letters swapped in a long one
    (``Shaio``/``Shiao``: a misspelling; not ``Maria``/``Mario``). Never more than info:
    ``Jana``/``Janaki`` are as often two people."""
    return any(
        (len(x) >= _MIN_SHORT and (y.startswith(x) or x.startswith(y)) and len(y) >= _MIN_SHORT)
        or (min(len(x), len(y)) >= _MIN_MISSPELT and sorted(x) == sorted(y) and _one_edit(x, y))
        for x in a.given
        for y in b.given
    )


def _compatible_initials(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _person_forms(references: Sequence[Reference]) -> dict[_Form, _Seen]:
    """Every form of a person's name in the list (malformed and group names left out)."""
    first: dict[_Form, tuple[int, str, Name]] = {}
    entries: dict[_Form, set[int]] = {}
    given: dict[_Form, set[str]] = {}
    spelled: dict[_Form, dict[str, tuple[int, str, Name]]] = {}
    for index, reference in enumerate(references):
        for role, names in (("author", reference.authors), ("editor", reference.editors)):
            for name in names:
                initials = name.initials(hyphen=False)
                if name.corporate or not initials or name_problem(name) is not None:
                    continue
                form = _Form(name.surname, initials)
                first.setdefault(form, (index, role, name))
                entries.setdefault(form, set()).add(index)
                written = _written_given(name)
                if written is not None and fold(written):
                    given.setdefault(form, set()).add(fold(written))
                    spelled.setdefault(form, {}).setdefault(written, (index, role, name))
    return {
        form: _Seen(
            *first[form],
            frozenset(entries[form]),
            frozenset(given.get(form, ())),
            tuple((word, *where) for word, where in spelled.get(form, {}).items()),
        )
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


# A surname shorter than this, one letter from another, is as often another surname (Hahn
# and Hahne, Kuhn and Kuhl): near spellings are compared from this length (folded), and a
# misspelling only above it (Xiang and Xiong P share a co-author and are two people).
_MIN_NEAR = 5
_LOST = "?\ufffd"


def _one_edit(a: str, b: str) -> bool:
    """Whether two different strings are one insertion, deletion, substitution or swap of
    neighbours apart."""
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        swapped = a[start : start + 2] == b[start : start + 2][::-1]
        return a[start + 1 :] == b[start + 1 :] or (swapped and a[start + 2 :] == b[start + 2 :])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return short[start:] == long[start + 1 :]


def _lost_letter(a: str, b: str) -> bool:
    """One surname is the other with one letter outside ASCII dropped or replaced by ``?``
    (``Gtzsche``/``Gøtzsche``, ``G?tzsche``): an export that could not write it."""
    for short, long in ((a.casefold(), b.casefold()), (b.casefold(), a.casefold())):
        for i, char in enumerate(long):
            if char.isascii():
                continue
            if short in (long[:i] + long[i + 1 :], *(long[:i] + c + long[i + 1 :] for c in _LOST)):
                return True
    return False


# Letters that German, Danish, Norwegian and Swedish exports write as two when they cannot
# write one: ``Färber``/``Faerber``, ``Møller``/``Moeller``.
_DIGRAPHS = {"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "æ": "ae", "å": "aa"}


def _transliterated(a: str, b: str) -> bool:
    """One surname is the other with its umlaut (or ø, æ, å) written as two letters."""
    a, b = a.casefold(), b.casefold()
    for short, long in ((a, b), (b, a)):
        if any(short.replace(char, pair) == long for char, pair in _DIGRAPHS.items()):
            return True
    return False


def _shared_context(
    entries_a: Iterable[int], entries_b: Iterable[int], context: Sequence[frozenset[str]]
) -> bool:
    """Whether an entry of one form and an entry of the other share a co-author's surname
    or their title (both folded)."""
    near_b = frozenset().union(*(context[i] for i in entries_b))
    return any(context[i] & near_b for i in entries_a)


def _entry_context(references: Sequence[Reference]) -> list[frozenset[str]]:
    """Per entry, its authors' folded surnames and its folded title (as ``title:...``)."""
    return [
        frozenset(
            {fold(name.last) for name in reference.authors if not name.corporate}
            | {f"title:{fold(reference.get('title'))}"}
        )
        for reference in references
    ]


def _near_pairs(
    seen: Mapping[_Form, _Seen], references: Sequence[Reference]
) -> Iterator[tuple[_Form, _Form, str]]:
    """Pairs of forms with the same initials whose surnames are one letter apart (folded),
    with what says they are one person: a letter outside ASCII lost in export
    (``Gtzsche PC``/``Gøtzsche PC``), an umlaut written as two letters
    (``Färber F``/``Faerber F``), or the same full given name in entries that share a
    co-author or their title (``Kileen, Peter R.``/``Killeen, Peter R``: a misspelling).
    Two surnames one letter apart are otherwise as often two people (``Hanada T``/``Harada
    T``). Found through the surnames' one-letter deletions, not by comparing every pair."""
    by_deletion: dict[str, set[str]] = {}
    by_key: dict[str, list[_Form]] = {}
    for form in seen:
        key = form.key
        if len(key) < _MIN_NEAR or key in _COMMON_SURNAMES:
            continue
        by_key.setdefault(key, []).append(form)
        for variant in {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}:
            by_deletion.setdefault(variant, set()).add(key)
    keys: set[tuple[str, str]] = set()
    for group in by_deletion.values():
        keys.update((a, b) for a in group for b in group if a < b and _one_edit(a, b))
    context: list[frozenset[str]] | None = None
    for key_a, key_b in sorted(keys):
        for a in by_key[key_a]:
            for b in by_key[key_b]:
                if a.initials != b.initials:
                    continue
                if _lost_letter(a.surname, b.surname):
                    yield a, b, "a letter outside ASCII lost in export"
                elif _transliterated(a.surname, b.surname):
                    yield a, b, "an umlaut written as two letters"
                elif min(len(key_a), len(key_b)) > _MIN_NEAR and seen[a].given & seen[b].given:
                    context = context or _entry_context(references)
                    if _shared_context(seen[a].entries, seen[b].entries, context):
                        yield a, b, "one letter apart, with the same given name: a misspelling?"


def _accents_apart(a: str, b: str) -> bool:
    """Two spellings that differ in their letters' accents only (``daniel``/``daniël``; not
    ``sha'shonda``/``sha’shonda``, whose apostrophes differ)."""
    marks = [c for c in a if not c.isalpha()] == [c for c in b if not c.isalpha()]
    return a != b and marks and fold(a) == fold(b)


def _given_spellings(seen: Mapping[_Form, _Seen]) -> Iterator[tuple[_Form, str, str]]:
    """Forms whose full given name is written two ways that differ only in accents
    (``Lakens, Daniel``/``Lakens, Daniël``): the form, the later and earlier spelling."""
    for form, where in seen.items():
        spellings = sorted(where.spelled, key=lambda item: item[1])
        for i, later in enumerate(spellings):
            earlier = next((s for s in spellings[:i] if _accents_apart(s[0], later[0])), None)
            if earlier is not None:
                yield form, later[0], earlier[0]


def inconsistent_names(references: Sequence[Reference]) -> list[Finding]:
    """One person written two ways across the list (see :func:`_variant_pairs` for the
    rules and their severities): ``Mahévas M`` and ``Mahevas M`` (warning); ``Holme P``
    and ``Holme PA``, ``Teusink-Cross A`` and ``Teusink A`` (info); surnames one letter
    apart (:func:`_near_pairs`) and a given name written with and without its accent
    (``Lakens, Daniel``/``Lakens, Daniël``) (warnings). Reported on the entry where the
    second form first appears, naming the other's first entry and both forms. Not
    reported: identical forms; different first initials; different full given names in
    the entries (``Kovács, Ildikó`` and ``Kovacs, Illés``: two people); two forms in one
    author list (two people); surnames in the common-surname list; malformed names."""
    seen = _person_forms(references)
    findings: list[Finding] = []
    reported: set[tuple[_Form, _Form]] = set()
    pairs: list[tuple[_Form, _Form, Severity, str]] = [
        (a, b, severity, "") for a, b, severity in _variant_pairs(seen)
    ]
    pairs.extend((a, b, Severity.WARNING, why) for a, b, why in _near_pairs(seen, references))
    for a, b, paired, why in pairs:
        severity = paired
        first_a, first_b = seen[a], seen[b]
        if first_a.entries & first_b.entries or (a, b) in reported or (b, a) in reported:
            continue
        if _different_people(first_a, first_b):
            continue
        reported.add((a, b))
        earlier, later = (a, b) if first_a.first < first_b.first else (b, a)
        other = references[seen[earlier].first]
        role, name = seen[later].role, seen[later].name
        if first_a.given and first_b.given and first_a.given.isdisjoint(first_b.given):
            severity = Severity.INFO  # a short or misspelt given name: maybe one person
            message = (
                f"{role} '{later}' here and '{earlier}' in {other.key}, given names "
                f"{name.given!r} and {seen[earlier].name.given!r}: a short or misspelt form? "
                "If they are one person, use one form"
            )
        elif why:
            message = (
                f"{role} '{later}' here and '{earlier}' in {other.key} look like one person "
                f"written two ways ({why}): use one form"
            )
        elif severity is Severity.WARNING:
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
        findings.append(_finding(references[seen[later].first], role, name, severity, message))
    for form, later_spelling, earlier_spelling in _given_spellings(seen):
        spelled = {word: (index, role, name) for word, index, role, name in seen[form].spelled}
        index, role, name = spelled[later_spelling]
        other = references[spelled[earlier_spelling][0]]
        message = (
            f"{role} '{form}' is written '{name.given}' here and with "
            f"'{earlier_spelling.title()}' in {other.key}: one person written two ways (an "
            "accent dropped or added): use one form"
        )
        findings.append(_finding(references[index], role, name, Severity.WARNING, message))
    return findings


def _finding(
    reference: Reference, role: str, name: Name, severity: Severity, message: str
) -> Finding:
    return offline_finding(
        reference, "inconsistent-name", severity, message, field=role, stored=str(name)
    )
