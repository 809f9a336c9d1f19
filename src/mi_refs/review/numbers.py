"""Needs review: the numbers of a citing sentence looked up in the cited abstract (pure).

A reading aid, never a verdict: each number of the sentence (``4 of 7 patients``,
``57%``, ``≥50 × 10⁹/L``, ``Four patients``) is *found* when the abstract prints the same
value (a percentage only as a percentage; one the sentence rounds counts: ``57%`` is
``57.1%``), shown with the abstract's sentence that holds the most of the sentence's
numbers (of several, the one sharing the most words with it), or *not found* (the full
text may still hold it). How numbers are printed in real abstracts and citing sentences
(measured in ``benchmarks/needs_review.py``): ``60 463`` and ``60,463``; the Lancet's
``3·1%``; ``Eighty-eight percent``; ``76-85%`` (both ends percentages); ``IL-6``,
``CTLA-4``, ``COVID-19`` and, after a space, ``type 2 diabetes``, ``phase 3``, ``COVID
19``, ``growth factor 21`` (names, no claims); ``One study showed`` (a determiner, no
count); ``2 1/2-hour``, ``three-fourths`` (fractions); ``March 16``, ``Feb. 23, 2020`` and
``by March 2021`` (dates); ``P = 2.5 × 10−11``; citations in brackets, and in parentheses
after a word (``health conditions (1).``). What it cannot do is stated on the page
(:data:`LIMITS`): it compares values, not meanings; an abstract is not the paper; small
numbers can match by chance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["LIMITS", "NumberCheck", "abstract_sentences", "claim_numbers", "look_up"]

LIMITS = (
    "Needs review compares the numbers of each citing sentence with the numbers of the "
    "cited work's PubMed abstract. It compares values, not meanings: a number found may "
    "stand for something else in the abstract, and small numbers (1, 2, 3) match by "
    "chance. A number not found is not an error: abstracts leave out most of a paper's "
    "results, so check the full text. Works without a PubMed abstract (meeting abstracts, "
    "labels, trial registrations, works without a PMID) are not looked up."
)

_SMALL = re.findall(
    r"\w+",
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen",
)
_TENS = re.findall(r"\w+", "twenty thirty forty fifty sixty seventy eighty ninety")
_WORDS = {word: n for n, word in enumerate(_SMALL)} | {
    word: 20 + 10 * n for n, word in enumerate(_TENS)
}
_WORD = re.compile(
    rf"\b(?P<tens>{'|'.join(_TENS)})(?:[-\s](?P<unit>{'|'.join(_SMALL[1:10])}))?\b"
    rf"|\b(?P<small>{'|'.join(_SMALL)})\b",
    re.IGNORECASE,
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# what is not a claim's number: a citation's year ("et al (2024)"), a date, x10^9 units,
# superscripts (citations), trial and other identifiers glued to letters, a name's number
# after a hyphen (IL-6, CTLA-4, COVID-19, HHV-8), citations in brackets ([2,3]; not a
# bracketed value after a number: "74 [14] years")
_HYPHENS = "-‐‑"
_NOT_CLAIMS = (
    re.compile(r"\((?:19|20)\d\d\)"),
    re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b", re.I),
    re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})\s+(?:19|20)\d\d\b", re.I),
    # a day without its year, as news and letters write it: "March 16", "Feb. 23, 2020"
    re.compile(
        rf"\b(?:{_MONTHS.title()}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
        r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\s?(?:%|per\s?cent\b))(?:,?\s+(?:19|20)\d\d\b)?"
    ),
    # a month and its year: "in April, 2020", "by March 2021", "October of 2020"
    re.compile(rf"\b(?:{_MONTHS.title()})(?:\s+of)?,?\s+(?:19|20)\d\d\b"),
    re.compile(r"\^[^^\s]+\^|<sup>[^<]*</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒⁽⁾ᵖ]+"),
    re.compile(rf"(?<=[A-Za-z][{_HYPHENS}])\d+(?:[.·]\d+)?"),
    # ... and before a hyphen and an enzyme's name (PI 3-kinase, 5-lipoxygenase)
    re.compile(rf"\b\d{{1,2}}(?=[{_HYPHENS}](?!(?:in|de)crease\b)[a-z]{{3,}}ase\b)"),
    re.compile(r"(?<![\d\w])(?<!\d\s)\[\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\](?![(:\[])"),
    # an abstract's citation in parentheses after a word, before a stop (MMWR: "health
    # conditions (1).", "(1,2)."; not "19% (24)", "(n = 12)")
    re.compile(r"(?<=[A-Za-z] )\(\d{1,2}(?:\s*[,\-–]\s*\d{1,2})*\)(?=[.,;])"),
)
# a name's number after a space (or a spaced hyphen, SciFact's ``CTLA - 4``): a numbered
# kind (``type 2 diabetes``, ``phase 3``, ``grade 3``, ``stage 4``, ``class 2``), a numbered
# molecule or virus (``growth factor 21``, ``toll-like receptor 4``, ``transglutaminase 2``,
# ``coronavirus 2``, ``coronavirus disease 2019``), an acronym (``COVID 19``, ``IL 6``,
# ``HER 2``, ``CTLA - 4``), not the statistics and measures printed before their values
# (``OR 2``, ``HR 0.62``, ``BMI 30``) nor a value that is a percentage or has decimals
_NAMED_HEADS = (
    r"type|subtype|genotype|serotype|serogroup|phase|grade|stage|class|factor|receptor"
    r"|chromosome|trisomy|interleukin|coronavirus|disease(?=\s+(?:19|20)\d\d)"
    r"|(?!(?:in|de)crease\b|release\b|purchase\b|disease\b)[a-z]{3,}ase"
)
_NOT_ACRONYMS = frozenset(
    re.findall(
        r"\w+",
        "OR HR RR CI SD SE SEM IQR MD SMD WMD NNT NNH AUC BMI LDL HDL PSA EF LVEF FEV ICU ED ER "
        "US USA UK EU USD GBP EUR IU AE AES SAE ITT PP AIM AIMS DESIGN METHOD RESULT",
    )
)
_NAMED_NUMBER = re.compile(
    rf"\b(?:(?i:(?P<head>{_NAMED_HEADS}))|(?P<acronym>[A-Z][A-Za-z]{{0,4}}[A-Z]))"
    rf"(?:\s+|\s*[{_HYPHENS}–]\s+|\s+[{_HYPHENS}–]\s*)"
    r"(?P<n>\d{1,4}(?:\s*(?:or|and|to|[-–/])\s*\d{1,2})*)(?![\d.,·]\d|\s?(?:%|per\s?cent\b))\b"
)
_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
# a number word as a determiner or a pronoun, not a count: ``One study showed``, ``in one of
# the places``, ``two published Tuesday`` (Check-COVID). ``one`` counts only before ``of``,
# ``in``, ``out of`` or ``to`` and a number (``one in five``, ``one of 7``), in a range or
# list (``one or two``), or before a unit or what a study counts (``one year``, ``one
# patient``); any number word before ``published``, ``released``, ``posted`` stands for a
# publication.
_UNITS = r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|doses?|times?|mg|g|kg|ml|l"
_COUNTED = (
    r"patients?|participants?|subjects?|cases?|deaths?|persons?|people|child(?:ren)?"
    r"|infants?|wom[ae]n|m[ae]n|adults?|episodes?|events?|cycles?|courses?|tablets?"
    r"|injections?|infusions?"
)
_NUMBER_WORD = rf"(?:{'|'.join(_TENS + _SMALL)}|\d+)"
_DETERMINER = re.compile(
    rf"(?<!ty[{_HYPHENS}\s])\bone\b(?![{_HYPHENS}\s](?:{'|'.join(_DENOMINATORS)})\b|\s+(?:(?:out\s+)?of|in|to|or|and)\s+{_NUMBER_WORD}\b"
    rf"|\s*[{_HYPHENS}–]\s*{_NUMBER_WORD}\b|[{_HYPHENS}\s](?:{_UNITS})\b|\s(?:{_COUNTED})\b)"
    rf"|\b(?:{'|'.join(_TENS + _SMALL)})(?=\s+(?:published|released|posted)\b)",
    re.IGNORECASE,
)
# a fraction: a mixed number (``2 1/2-hour``: 2.5, not 2, 1 and 2), ``1/3 of`` the
# patients, and spelled (``three-fourths``, ``two thirds``): its value, matched only by
# the same fraction (a mixed number by its decimal: 2.5)
_FRACTION = re.compile(
    r"(?<![\w.,·/])(?:(?P<whole>\d{1,2})\s+)?(?P<num>\d)/(?P<den>\d{1,2})(?![\d/.,·])"
    r"(?(whole)|(?=\s+of\b))"
    rf"|(?<![\w.,·/])(?P<wnum>\d)[{_HYPHENS}\s](?P<wden>{'|'.join(_DENOMINATORS)})\b",
    re.IGNORECASE,
)
# a letter's own citations when it cites by numbers on the line (``form`` of the
# occurrence, as the documents layer read the whole letter)
_CITATION_MARKS = {
    "brackets": re.compile(r"\[\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\]"),
    "parentheses": re.compile(r"\(\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\)"),
}
# x10^9/L, × 10−11, x10(-7): the power is no claim, the number before it is
_UNIT = re.compile(
    r"(\d)\s*[x×]\s*10(?:\^[−-]?[0-9]+\^?|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+|\([−-]?[0-9]+\)|[−-][0-9]+"
    r"|(?=[0-9]))[0-9]?"
)
_PERCENT = r"\s?(?:%|per\s?cent\b)"
# 60,463 / 60 463 (a space, thin or no-break space between groups: JAMA, BMJ) / 3.1, 3,1
# and 3·1 (the Lancet's middle dot)
_NUMBER = re.compile(
    r"(?<![\w.,·/])(?P<value>\d{1,3}(?:,\d{3})+(?![\d.·])"
    r"|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,·])|\d+(?:[.,·]\d+)?)"
    rf"(?P<percent>{_PERCENT})?(?![\w])"
)
# the first number of a range of percentages is one too: 76-85%, 5–6 %, 10 to 20 percent
_PERCENT_RANGE = re.compile(rf"\s?(?:[-–]|to)\s?\d+(?:[.,·]\d+)?{_PERCENT}")


@dataclass(frozen=True, slots=True)
class Number:
    """A number as printed and the values it may mean (``50.000`` is 50,000 or 50)."""

    text: str
    values: frozenset[float]
    percent: bool
    fraction: bool = False

    def rounds_to(self, claim: Number) -> bool:
        """This number (the abstract's) is the ``claim``'s value, or, for percentages,
        rounds to it: a letter rounds what the abstract gives (``57%`` is ``57.1%``,
        ``2.8%`` is ``2.81%``), never the other way (``3%`` is not ``3.2%``, nor ``2.5%``)."""
        if self.percent != claim.percent or self.fraction != claim.fraction:
            return False
        if self.values & claim.values:
            return True
        places = _places(claim.text)
        if not self.percent or places >= _places(self.text):
            return False
        return bool({_rounded(v, places) for v in self.values} & claim.values)


def _places(text: str) -> int:
    match = re.search(r"[.,·](\d+)%?$", text)
    return len(match.group(1)) if match else 0


def _rounded(value: float, places: int) -> float:
    scale = float(10**places)
    return float(math.floor(value * scale + 0.5)) / scale


@dataclass(frozen=True, slots=True)
class NumberCheck:
    """One number of a citing sentence: found in the abstract (``where``: the abstract's
    sentence) or not."""

    text: str
    found: bool
    where: str = ""


def _values(text: str) -> frozenset[float]:
    if re.fullmatch(r"\d{1,3}(?:[, \u00a0\u2009\u202f]\d{3})+", text):
        return frozenset({float(re.sub(r"\D", "", text))})
    values = {float(text.replace(",", ".").replace("·", "."))}
    if re.fullmatch(r"\d{1,3}\.\d{3}", text):  # 50.000: a European thousands separator?
        values.add(float(text.replace(".", "")))
    return frozenset(values)


def _words_as_digits(text: str) -> str:
    def digits(match: re.Match[str]) -> str:
        if match.group("small"):
            return str(_WORDS[match.group("small").lower()])
        value = _WORDS[match.group("tens").lower()]
        unit = match.group("unit")
        return str(value + (_WORDS[unit.lower()] if unit else 0))

    return _WORD.sub(digits, text)


def _plain(text: str, cites: str = "superscript") -> str:
    """Text with units, dates, citation years, superscripts and the letter's citation
    marks (``cites``: how the letter cites) blanked, number words as digits."""
    marks = _CITATION_MARKS.get(cites)
    if marks is not None:
        text = marks.sub(" ", text)
    text = _UNIT.sub(r"\1 ", text)
    for pattern in _NOT_CLAIMS:
        text = pattern.sub(" ", text)
    text = _NAMED_NUMBER.sub(_unnamed, text)
    return _words_as_digits(_DETERMINER.sub(" ", text))


def _unnamed(match: re.Match[str]) -> str:
    """A name's number blanked (``type 2``: ``type  ``), an acronym not a name's kept."""
    if (match.group("acronym") or "").upper() in _NOT_ACRONYMS:
        return match.group(0)
    return match.group(0)[: match.start("n") - match.start()] + " "


def claim_numbers(text: str, cites: str = "superscript") -> list[Number]:
    """The numbers of a sentence, in order, each once. ``cites`` is how the letter cites
    (``superscript``, ``brackets``: ``[2,3]``, ``parentheses``: ``(2,3)``): its citation
    marks are no claims."""
    plain = _plain(text, cites)
    found: list[tuple[int, Number]] = []
    taken: list[tuple[int, int]] = []
    for match in _FRACTION.finditer(plain):
        fraction = _fraction(match)
        if fraction is not None:
            found.append((match.start(), fraction))
            taken.append(match.span())
    for match in _NUMBER.finditer(plain):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        value = match.group("value")
        percent = bool(match.group("percent")) or bool(_PERCENT_RANGE.match(plain, match.end()))
        number = Number(value + ("%" if percent else ""), _values(value), percent)
        found.append((match.start(), number))
    seen: set[tuple[str, bool]] = set()
    out = []
    for _, number in sorted(found, key=lambda pair: pair[0]):
        if (number.text, number.percent) not in seen:
            seen.add((number.text, number.percent))
            out.append(number)
    return out


def _fraction(match: re.Match[str]) -> Number | None:
    """A fraction's number (``None``: a numerator not below its denominator, ``4/3``)."""
    if match.group("wnum"):
        num, den = int(match.group("wnum")), _DENOMINATORS[match.group("wden").lower()]
        return Number(f"{num}/{den}", frozenset({round(num / den, 4)}), False, fraction=True)
    num, den = int(match.group("num")), int(match.group("den"))
    if not 0 < num < den:
        return None
    if match.group("whole") is None:
        return Number(f"{num}/{den}", frozenset({round(num / den, 4)}), False, fraction=True)
    value = int(match.group("whole")) + num / den
    return Number(match.group(0), frozenset({round(value, 4)}), False)


def abstract_sentences(sections: Sequence[tuple[str, str]]) -> list[str]:
    """An abstract's sentences, each section's label before its first sentence."""
    out: list[str] = []
    for label, text in sections:
        parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])", text.strip())
        for index, part in enumerate(parts):
            if part.strip():
                prefix = f"{label.strip()}: " if label.strip() and index == 0 else ""
                out.append(prefix + part.strip())
    return out


def _words(text: str) -> frozenset[str]:
    """A sentence's words of four letters or more, lower-cased: of two abstract sentences
    holding as many of the claim's numbers, the one sharing more words with it is shown
    (Check-COVID: the vaccine response "peaked 28 days after", not "Safety was assessed over
    28 days")."""
    return frozenset(w.lower() for w in re.findall(r"[^\W\d_]{4,}", text))


def look_up(
    sentence: str, sections: Sequence[tuple[str, str]], cites: str = "superscript"
) -> tuple[NumberCheck, ...]:
    """Each number of ``sentence`` looked up in the abstract ``sections``; ``cites`` is how
    the letter cites (its citation marks are no claims)."""
    wanted = claim_numbers(sentence, cites)
    if not wanted:
        return ()
    candidates = [(text, claim_numbers(text)) for text in abstract_sentences(sections)]

    def holds(numbers: Sequence[Number], number: Number) -> bool:
        return any(n.rounds_to(number) for n in numbers)

    score = [sum(holds(numbers, n) for n in wanted) for _, numbers in candidates]
    words = _words(sentence)
    shared = [len(words & _words(text)) for text, _ in candidates]
    out = []
    for number in wanted:
        best = max(
            (i for i, (_, numbers) in enumerate(candidates) if holds(numbers, number)),
            key=lambda i: (score[i], shared[i], -i),
            default=None,
        )
        if best is None:
            out.append(NumberCheck(number.text, False))
        else:
            out.append(NumberCheck(number.text, True, candidates[best][0]))
    return tuple(out)
