"""The AMA numbering rules for a finished document's citation superscripts (pure).

:func:`check_numbering` checks the superscripts found in a letter
(:mod:`mi_refs.documents.superscripts`):

- each cluster is well formed: numbers ascending, no duplicates, commas without spaces, a
  hyphen (not an en dash) for a run, a run only for three or more numbers (``1,2``, not
  ``1-2``) and always for three or more (``1-3``, not ``1,2,3``), and nothing but numbers
  (``see 1`` holds words);
- numbers are assigned in order of first citation (the first time a number appears it is
  one more than the highest number cited before);
- no number is beyond the reference list, and every reference is cited;
- a superscript goes after a period or comma and before a colon or semicolon.

:func:`mi_refs.documents.letters.check_document` reads a letter and its own list and
calls it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from mi_refs.documents.clusters import (
    WORDS_PROBLEM,
    Cluster,
    from_unicode,
    introduced,
    is_citation,
    join_words,
    mark,
    parse_cluster,
    to_unicode,
)
from mi_refs.documents.superscripts import (
    Superscript,
    count_listed_references,
    read_document,
    superscripts_html,
    superscripts_markdown,
    superscripts_text,
)
from mi_refs.errors import DocumentError, UnsupportedDocumentError
from mi_refs.model import Finding, Severity

__all__ = [
    "DocumentError",
    "UnsupportedDocumentError",
    "check_numbering",
    "citation_finding",
    "count_listed_references",
    "is_citation",
    "read_document",
    "superscripts_html",
    "superscripts_markdown",
    "superscripts_text",
]

_MARKUP = {"markdown": "pandoc", "html": "html"}


def _mark(content: str, kind: str | None) -> str:
    """A superscript as the document writes it: ``^1^``, ``<sup>1</sup>``, or ``¹``."""
    return mark(content, _MARKUP.get(kind or "", "unicode"))  # type: ignore[arg-type]


def _span(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"Reference {numbers[0]}"
    if len(numbers) == 2:
        return f"References {numbers[0]} and {numbers[1]}"
    return f"References {numbers[0]}-{numbers[-1]}"


def _line_of(location: str) -> int | None:
    match = re.fullmatch(r"line (\d+)", location)
    return int(match.group(1)) if match else None


def citation_finding(
    severity: Severity,
    message: str,
    location: str,
    *,
    stored: str | None = None,
    suggestion: str | None = None,
    key: str | None = None,
) -> Finding:
    return Finding(
        "citation",
        severity,
        message,
        key=key,
        line=_line_of(location),
        stored=stored,
        source="document",
        suggestion=suggestion,
        location=location,
    )


def _what(superscript: Superscript) -> str:
    return {"brackets": "citation", "parentheses": "citation"}.get(superscript.form, "superscript")


def _at(superscript: Superscript) -> str:
    """Where a superscript is, quoting its sentence: ``paragraph 3 (in "... .²˒⁴")``."""
    if not superscript.sentence:
        return superscript.location
    return f'{superscript.location} (in "{superscript.sentence}")'


_PUNCTUATION = {".": "period", ",": "comma", "?": "question mark", "!": "exclamation mark"}
_INSIDE = {":": "colon", ";": "semicolon"}


_PAIRS = re.compile(r"[:;,][.,]$")  # "reading:." - a superscript moved across a colon


def _placement(superscript: Superscript, kind: str | None) -> Finding | None:
    """A superscript before a period or comma, or after a colon or semicolon, unless the
    words before introduce it (``see also^1^.``, ``Further reading:^2^.``:
    :func:`~mi_refs.documents.clusters.introduced`); one after a pair of punctuation
    marks (``reading:.^2^``)."""
    before = superscript.before.rstrip(" \t*_")
    after = superscript.after.lstrip("*_")
    word = re.search(r"\S*$", before)
    last = word.group(0) if word else ""
    mark = superscript.text if kind == "text" else _mark(from_unicode(superscript.text), kind)
    where = f"The superscript {superscript.text} at {_at(superscript)}"
    if _PAIRS.search(before):
        return citation_finding(
            Severity.WARNING,
            f"{where} follows two punctuation marks ({before[-2:]}): the citation was moved "
            f"away from the words that introduce it: write {last[:-1]}{mark}{before[-1]}.",
            superscript.location,
            stored=f"{last}{mark}",
            suggestion=f"{last[:-1]}{mark}{before[-1]}",
        )
    if introduced(superscript.before, superscript.after) or before[-1:] in ("", "[", "(", "|"):
        return None  # introduced, or at the start of a paragraph, bracket or table cell
    if re.search(r",[ \t\u00a0]$", superscript.before) or before[-1:] in (".", "!", "?"):
        return None  # one of several after a citation's words (^1^ Eq 1, ^2^.); after a period
    if after[:1] in _PUNCTUATION:
        right = f"{last}{after[0]}{mark}"
        return citation_finding(
            Severity.WARNING,
            f"{where} comes before a {_PUNCTUATION[after[0]]}; AMA style puts citations after "
            f"periods and commas: write {right}.",
            superscript.location,
            stored=f"{last}{mark}{after[0]}",
            suggestion=right,
        )
    if last[-1:] in _INSIDE:
        right = f"{last[:-1]}{mark}{last[-1]}"
        return citation_finding(
            Severity.WARNING,
            f"{where} comes after a {_INSIDE[last[-1]]}; AMA style puts citations before "
            f"colons and semicolons: write {right}.",
            superscript.location,
            stored=f"{last}{mark}",
            suggestion=right,
        )
    return None


def _form(superscript: Superscript, cluster: Cluster, kind: str | None) -> Finding | None:
    if not cluster.problems:
        return None
    suggestion = to_unicode(cluster.form) if kind == "text" else cluster.form
    # Words beside the numbers (a citation's prefix or suffix, ``see 1(p4) and passim``)
    # are a house-style question, not a wrong number: a warning. A malformed number run is
    # an error.
    worded = all(problem.startswith(WORDS_PROBLEM) for problem in cluster.problems)
    return citation_finding(
        Severity.WARNING if worded else Severity.ERROR,
        f"The superscript {superscript.text} at {_at(superscript)} is not written the "
        f"AMA way: {'; '.join(cluster.problems)}. Write {suggestion}.",
        superscript.location,
        stored=superscript.text,
        suggestion=suggestion,
    )


def _beyond(superscript: Superscript, numbers: Sequence[int], references: int | None) -> Finding:
    size = "" if references is None else f", which has {references}"
    one = len(numbers) == 1
    return citation_finding(
        Severity.ERROR,
        f"The {_what(superscript)} {superscript.text} at {_at(superscript)} cites "
        f"{'number' if one else 'numbers'} {join_words([str(n) for n in numbers])}, which "
        f"{'is' if one else 'are'} not in the reference list{size}.",
        superscript.location,
        stored=superscript.text,
    )


def _order(
    firsts: Sequence[tuple[int, int]],
    superscripts: Sequence[Superscript],
    key: Callable[[int], str | None],
) -> list[tuple[int, Finding]]:
    """Numbers first cited too early: each new number must be one more than the highest
    cited before it. One finding per number that jumps ahead of numbers cited later (a
    plain swap of two numbers is named as such)."""
    first_index = dict(firsts)
    found: list[tuple[int, Finding]] = []
    highest = 0
    for position, (number, index) in enumerate(firsts):
        early = [n for n in range(highest + 1, number) if n in first_index]
        highest = max(highest, number)
        if not early:
            continue
        superscript = superscripts[index]
        where = f"at {_at(superscript)} ({_what(superscript)} {superscript.text})"
        later = list(dict.fromkeys(superscripts[first_index[n]].location for n in early))
        next_new = [n for n, _ in firsts[position + 1 : position + 1 + len(early)]]
        if early == [number - 1] and next_new == early:
            message = (
                f"Numbers {early[0]} and {number} are swapped: {number} is first cited {where}, "
                f"before {early[0]} (first cited at {later[0]}). Numbers go in order of first "
                "citation: exchange them."
            )
        else:
            message = (
                f"Number {number} is first cited {where}, before "
                f"{'number' if len(early) == 1 else 'numbers'} "
                f"{join_words([str(n) for n in early])} "
                f"(first cited at {join_words(later)}). Numbers go in order of first citation: the "
                f"first new number here should be {early[0]}."
            )
        found.append(
            (
                index,
                citation_finding(
                    Severity.ERROR,
                    message,
                    superscript.location,
                    stored=superscript.text,
                    key=key(number),
                ),
            )
        )
    return found


def _gaps(numbers: range, cited: set[int]) -> list[list[int]]:
    gaps: list[list[int]] = []
    for number in numbers:
        if number in cited:
            continue
        if gaps and gaps[-1][-1] == number - 1:
            gaps[-1].append(number)
        else:
            gaps.append([number])
    return gaps


def _uncited(
    firsts: Sequence[tuple[int, int]],
    superscripts: Sequence[Superscript],
    *,
    references: int | None,
    name: Callable[[int], str],
    key: Callable[[int], str | None],
    path: str,
    list_location: str | None,
) -> list[tuple[int, Finding]]:
    """References never cited: each gap below the highest number cited (located where the
    numbers jump over it), then the end of the list (located at the list)."""
    cited = {number for number, _ in firsts}
    top = max(cited, default=0)
    # for each number, the earliest superscript first citing a higher one (linear)
    by_number = sorted(firsts)
    earliest: list[tuple[int, int]] = [(0, 0)] * len(by_number)
    best: tuple[int, int] | None = None
    for position in range(len(by_number) - 1, -1, -1):
        number, index = by_number[position]
        best = (index, number) if best is None or (index, number) < best else best
        earliest[position] = best
    numbers = [number for number, _ in by_number]
    found: list[tuple[int, Finding]] = []
    for gap in _gaps(range(1, max(references or 0, top) + 1), cited):
        names = name(gap[0]) if len(gap) == 1 else ""
        verb = "is" if len(gap) == 1 else "are"
        position = bisect.bisect_right(numbers, gap[-1])
        if position < len(numbers):
            index, number = earliest[position]
            superscript = superscripts[index]
            jump = (
                f"the numbers jump from {gap[0] - 1} to {number}"
                if gap[0] > 1
                else f"the first number cited is {number}"
            )
            message = (
                f"{_span(gap)}{names} {verb} never cited: {jump} at {_at(superscript)} "
                f"({_what(superscript)} {superscript.text})."
            )
            location = superscript.location
        else:
            index, location = len(superscripts), list_location or "reference list"
            highest = (
                f" (the highest number cited is {top})."
                if top
                else ": no citation cites any reference."
            )
            message = (
                f"{_span(gap)}{names} of the {references}-reference list of {path} {verb} "
                f"never cited{highest}"
            )
        found.append(
            (
                index,
                citation_finding(
                    Severity.ERROR,
                    message,
                    location,
                    key=key(gap[0]) if len(gap) == 1 else None,
                ),
            )
        )
    return found


def check_numbering(
    superscripts: Sequence[Superscript],
    *,
    references: int | None,
    keys: Sequence[str] | None = None,
    path: str,
    kind: str | None = None,
    list_location: str | None = None,
) -> list[Finding]:
    """Check a document's citation superscripts the AMA way; findings (code
    ``citation``, source ``document``, ``location`` set, and ``line`` for ``line N``
    locations) in document order.

    ``references`` is the length of the reference list (``None``: unknown, so numbers
    beyond the list are not looked for and only references skipped below the highest
    number cited count as uncited); ``keys``, when given, are the keys of the list in
    order (``keys[0]`` is reference 1): they name references in findings and give the
    length when ``references`` is ``None``. ``path`` names the document; ``kind``
    (``markdown``, ``html``, ``text``, ``docx``) decides how suggestions write a
    superscript (``^1^``, ``<sup>1</sup>``, Unicode ``¹`` otherwise);
    ``list_location`` is where the reference list is (``line 160``), for references
    never cited after the last superscript.

    Errors: malformed clusters, numbers out of the order of first citation, numbers beyond
    the list, listed references never cited. Warnings: placement against punctuation.
    Citations by numbers on the line (``form`` ``brackets`` or ``parentheses``) are
    checked for their numbers only: the superscript's form and placement rules are not
    theirs."""
    if references is None and keys is not None:
        references = len(keys)
    named = list(keys or ())

    def key(number: int) -> str | None:  # "" in keys: a list item no entry matches
        return (named[number - 1] or None) if 0 < number <= len(named) else None

    def name(number: int) -> str:
        found = key(number)
        return f" ({found})" if found else ""

    found: list[tuple[int, Finding]] = []
    firsts: list[tuple[int, int]] = []  # (number, index of its first superscript)
    seen: set[int] = set()
    for index, superscript in enumerate(superscripts):
        cluster = parse_cluster(superscript.text)
        beyond = [
            n for n in cluster.numbers if n < 1 or (references is not None and n > references)
        ]
        printed = superscript.form == "superscript"
        for finding in (
            _form(superscript, cluster, kind) if printed else None,
            _beyond(superscript, beyond, references) if beyond else None,
            _placement(superscript, kind) if printed else None,
        ):
            if finding is not None:
                found.append((index, finding))
        for number in cluster.numbers:
            if number not in seen and number not in beyond:
                seen.add(number)
                firsts.append((number, index))
    found += _order(firsts, superscripts, key)
    found += _uncited(
        firsts,
        superscripts,
        references=references,
        name=name,
        key=key,
        path=path,
        list_location=list_location,
    )
    found.sort(key=lambda pair: pair[0])
    return [finding for _, finding in found]
