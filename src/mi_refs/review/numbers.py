"""Needs review: the numbers of a citing sentence looked up in the cited abstract (pure).

A reading aid, never a verdict: each number of the sentence (``4 of 7 patients``,
``57%``, ``≥50 × 10⁹/L``, ``Four patients``) is *found* when the abstract prints the same
value (a percentage only as a percentage; one the sentence rounds counts: ``57%`` is
``57.1%``), shown with the abstract's sentence that holds the most of the sentence's
numbers, or *not found* (the full text may still hold it). How numbers are printed in real
abstracts and citing sentences (measured in ``benchmarks/needs_review.py``): ``60 463``
and ``60,463``; the Lancet's ``3·1%``; ``Eighty-eight percent``; ``76-85%`` (both ends
percentages); ``IL-6``, ``CTLA-4``, ``COVID-19`` (names, no claims); ``March 16`` and
``Feb. 23, 2020`` (dates); ``P = 2.5 × 10−11``; citations in brackets. What it cannot
do is stated on the page (:data:`LIMITS`): it compares values, not meanings; an abstract
is not the paper; small numbers can match by chance.
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
    re.compile(r"\^[^^\s]+\^|<sup>[^<]*</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒⁽⁾ᵖ]+"),
    re.compile(rf"(?<=[A-Za-z][{_HYPHENS}])\d+(?:[.·]\d+)?"),
    re.compile(r"(?<![\d\w])(?<!\d\s)\[\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\](?![(:\[])"),
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

    def rounds_to(self, claim: Number) -> bool:
        """This number (the abstract's) is the ``claim``'s value, or, for percentages,
        rounds to it: a letter rounds what the abstract gives (``57%`` is ``57.1%``,
        ``2.8%`` is ``2.81%``), never the other way (``3%`` is not ``3.2%``, nor ``2.5%``)."""
        if self.percent != claim.percent:
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
    return _words_as_digits(text)


def claim_numbers(text: str, cites: str = "superscript") -> list[Number]:
    """The numbers of a sentence, in order, each once. ``cites`` is how the letter cites
    (``superscript``, ``brackets``: ``[2,3]``, ``parentheses``: ``(2,3)``): its citation
    marks are no claims."""
    plain = _plain(text, cites)
    seen: set[tuple[str, bool]] = set()
    out = []
    for match in _NUMBER.finditer(plain):
        value = match.group("value")
        percent = bool(match.group("percent")) or bool(_PERCENT_RANGE.match(plain, match.end()))
        if (value, percent) in seen:
            continue
        seen.add((value, percent))
        out.append(Number(value + ("%" if percent else ""), _values(value), percent))
    return out


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
    out = []
    for number in wanted:
        best = max(
            (i for i, (_, numbers) in enumerate(candidates) if holds(numbers, number)),
            key=lambda i: (score[i], -i),
            default=None,
        )
        if best is None:
            out.append(NumberCheck(number.text, False))
        else:
            out.append(NumberCheck(number.text, True, candidates[best][0]))
    return tuple(out)
