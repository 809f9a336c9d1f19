"""Implausible values (``implausible-value``): page spans, pages fields holding no pages,
years and access dates that cannot be right. Pure: the same references (and ``today``) give
the same findings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from mi_refs.bibtex.normalize import page_numbers, parse_month
from mi_refs.check.findings import offline_finding
from mi_refs.model import Finding, Kind, Reference, Severity

__all__ = ["implausible_values", "no_pages", "page_span"]

# A meeting abstract is one or two printed pages; more than 4 is the supplement's range
# (the seed letter's 11-364). A warning.
_MAX_ABSTRACT_PAGES = 4
# Journal articles run long for real (monographs such as Foundations and Trends issues,
# guidelines of 150+ pages, e-pages): only an info above this, and never for e-pages.
_MAX_ARTICLE_PAGES = 150
# Years before this are typing errors far more often than 18th-century sources (a warning).
_EARLIEST_YEAR = 1800

_YEAR = re.compile(r"^\d{4}$")
# A year field holding a clock time or a whole numeric date (a web page's ``Thu,
# 31/08/2023 - 11:30``, ``2023-08-31``), or digits but no four-digit year (``135``,
# ``635-647``: pages or a volume in the wrong field). Words (``in press``), a month with
# the year (``June 1980``), years with a letter (``1983a``) and ranges (``1982-1983``,
# ``1989 [1987]``) are other things, left alone.
_TIMESTAMP = re.compile(r"\d:\d\d|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Pages that are no pages (issue 16): an export's placeholders, split at a range's dashes.
_PAGE_PLACEHOLDERS = frozenset(
    {"null", "n/a", "na", "nan", "none", "undefined", "nil", "n.pag", "no pagination specified"}
)
# Markup an export left in pages (issue 16): an HTML entity or tag, a bare ``&`` (Web of
# Science's ``1-&``, BibTeX ``{\&}``), a TeX command.
_PAGE_MARKUP = re.compile(r"&|<[a-z/!][^>]*>|\\[a-z]+", re.IGNORECASE)
# An identifier or a link where pages belong: a DOI, a URL, ``PMID:``/``PMCID:``/``DOI:``
# glued after a range, an Elsevier PII (``S1470-2045(25)00027-0``). Preprint servers'
# locators (``2020.03.25.20043828``) and article IDs (``bhw053``, ``ENEURO.0383-17.2018``)
# are locators, not this.
_PAGE_IDENTIFIER = re.compile(
    r"\b10\.\d{4,9}/\S|https?://|\bwww\.|\b(?:doi|pmid|pmcid)\s*:"
    r"|^S\d{4}-\d{3}[\dX]\(\d{2}\)\d{5}-?[\dX]$",
    re.IGNORECASE,
)
# A manuscript number or DOI suffix: letter groups, then two or more digit groups
# (``JN-RM-0208-21``, ``bmjqs-2025-019084``). A prefixed range repeats its shape on both
# sides of a dash (``C1-46-C1-50``, ``VI-9-VI-12``) and never matches.
_MANUSCRIPT = re.compile(r"^[A-Za-z]{2,}(?:-[A-Za-z]{2,})*(?:-\d+){2,}$")
# The same with dots, in a publisher's lower case: an online-first manuscript number or a
# DOI's suffix (``clincanres.0991.2018``, ``physrev.00014.2020``, ``gr.274340.120``; issue
# 16, holdout 5). eNeuro's article IDs (``ENEURO.0383-17.2018``), written in capitals,
# are locators; one group of digits (``dev.199625``, ``pdb.prot074351``) is not this.
_MANUSCRIPT_DOTTED = re.compile(r"^[a-z]{2,}(?:\.[a-z]{2,})*(?:\.\d+){2,}$")
# A page number is digits (after a letter or two: e-pages, supplements, ``A12``), or a roman
# numeral (front matter). A first page with neither is no page (issue 16, holdout 6:
# ``JCO--2012``, a manuscript number's fragment; ACS's ``ASAP``; ``to appear``).
# A range's end may be a mark instead (``64--+``, Web of Science's open range; ``23--ff.``,
# ``836--passim``; ACM's ``143-es``): a citation convention with a start, not debris; but
# not an export's placeholder (``1-n/a``).
_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
# An item's designation in its meeting or collection (``Paper B``, ``Abstract 12``,
# ``Poster P3``): a locator, not pages.
_LOCATOR_WORD = re.compile(r"^(?:paper|abstract|poster|article|art\.?|chapter|no\.?)\s+\w", re.I)
# Journal letters glued to a number of 7 digits or more that starts with the year (``18``
# or ``2018``): an online-first manuscript identifier. Written as the entry's DOI ends
# (``NEJMoa1800965`` beside ``10.1056/NEJMoa1800965``) it is the DOI copied into pages;
# written without the DOI's dots (``appiajp201817040393`` for ``appi.ajp.2018.17040393``)
# it is the pii PubMed prints as the pages of an article ahead of print, a locator (holdout
# 3). Article numbers and e-locators are serials (``bhw053``, ``eaaf4382``, ``CD002042``,
# ``srep34123``): they do not carry a year.
_GLUED_ID = re.compile(r"^[A-Za-z]{2,}(\d{7,})$")
# The first page written before the range it starts (``90, 90--101``).
_GLUED_START = re.compile(r"^(\w+)\s*[,;]\s*(\1\s*(?:-+|[\u2013\u2014])\s*\w+)$")
_PAGE_DASH = re.compile(r"-+|[\u2013\u2014]")
_PAGE_PUNCTUATION = re.compile(r"[,.;\s]")


def page_span(pages: str) -> tuple[int, int] | None:
    """:func:`mi_refs.bibtex.normalize.page_numbers`: the first and last page of a range."""
    return page_numbers(pages)


def _page_number(part: str) -> bool:
    """Whether one side of a pages value can be a page: it holds a digit, or it is a
    roman numeral."""
    return any(char.isdigit() for char in part) or bool(_ROMAN.match(part.rstrip(".")))


def _dated_identifier(pages: str, year: str, doi: str) -> bool:
    """The DOI's suffix as pages, a dated one: journal letters glued to a number starting
    with the entry's year or the one before (``NEJMoa1800965`` on a 2018 article with DOI
    ``10.1056/NEJMoa1800965``): see :data:`_GLUED_ID`."""
    glued = _GLUED_ID.match(pages)
    written = _FOUR_DIGITS.match(year.strip())
    if glued is None or written is None or doi.rsplit("/", 1)[-1].lower() != pages.lower():
        return False
    number, first = glued[1], int(written[0])
    return any(number.startswith((f"{y}", f"{y % 100:02d}")) for y in (first, first - 1))


def _page_debris(pages: str, year: str = "", doi: str = "") -> str | None:
    """What a pages field holds instead of pages (issue 16, holdouts 3 and 4's kinds): an
    export's placeholder (``null``, ``n/a--n/a``, ``N.PAG``, a bare dash), markup
    (``1063&ndash;1072``, ``1-{\\&}``), an identifier or a link (a DOI, ``PMID: ...``, a
    PII), a manuscript number (``JN--RM--0208--21``, ``clincanres.0991.2018``), the first
    page glued before its range
    (``90, 90--101``), or a start with punctuation inside it written again
    as the end or after a ``;`` (``xiii, 423--xiii, 423``: a book's extent; ``IAI.00454--20,
    iai;IAI.00454--20v1``: an article ID twice). ``5--5`` (one page) and ``615.e1-615.e11``
    are ranges."""
    if not pages.strip():
        return None
    parts = [part.strip().lower() for part in _PAGE_DASH.split(pages) if part.strip()]
    if all(part in _PAGE_PLACEHOLDERS for part in parts):  # also a bare dash
        return "an export's placeholder for 'no pages yet', not a page: leave pages out"
    if _PAGE_MARKUP.search(pages):
        return "markup left by an export (an HTML entity, '&' or a TeX command), not pages"
    if _PAGE_IDENTIFIER.search(pages):
        return "an identifier or a link, not pages: it belongs in doi, url or pmid"
    if _MANUSCRIPT.match(_PAGE_DASH.sub("-", pages.strip())) or _MANUSCRIPT_DOTTED.match(
        pages.strip()
    ):
        return "a manuscript number or a DOI's suffix, not a page or an article number"
    sides = [part.strip() for part in _PAGE_DASH.split(pages) if part.strip()]
    placeholder = next((part for part in sides if part.lower() in _PAGE_PLACEHOLDERS), None)
    if placeholder is not None:
        return f"{placeholder!r} is an export's placeholder, not a page: give the range"
    if sides and sides[0].isdigit() and not int(sides[0]):
        return (
            f"page {sides[0]!r}: pages are numbered from 1, a page 0 is an export's "
            "placeholder or a count from 0 (an article number and its page count?), not pages"
        )
    if sides and not _page_number(sides[0]) and not _LOCATOR_WORD.match(sides[0]):
        return (
            f"{sides[0]!r} is no page number (digits, or a roman numeral) and no range starts "
            "there: not pages"
        )
    if len(sides) == 2 and sides[0].isdigit() and _ROMAN.match(sides[1]):
        return (
            f"a range from page {sides[0]} to the roman {sides[1]!r}: roman front matter "
            "comes before arabic pages, so it ends before it starts (two page groups with "
            f"the end of the first lost: {sides[0]}-..., {sides[1]}?)"
        )
    if _dated_identifier(pages.strip(), year, doi):
        return "the DOI's suffix (an online-first identifier, dated), not pages"
    glued = _GLUED_START.match(pages.strip())
    if glued:
        return f"the first page written again before the range: export debris ({glued[2]!r}?)"
    start, *after = (part.strip() for part in _PAGE_DASH.split(pages, maxsplit=1))
    end = after[0] if after else ""
    again = end == start or (";" in end and start in end.split(";", 1)[1])
    if end and _PAGE_PUNCTUATION.search(start) and again:
        return f"its start {start!r} is written again after the dash: export debris, not a range"
    return None


def no_pages(pages: str) -> bool:
    """Whether a pages field holds something else than pages (:func:`_page_debris`): a
    placeholder, markup, an identifier, a manuscript number, a first page glued before
    its range (``719, 719-722``)..."""
    return _page_debris(pages) is not None


def _page_findings(reference: Reference) -> Iterator[Finding]:
    debris = _page_debris(reference.pages, reference.year, reference.doi)
    if debris is not None:
        message = f"pages {reference.pages!r}: {debris}"
        yield offline_finding(
            reference, "implausible-value", Severity.WARNING, message, field="pages",
            stored=reference.pages,
        )  # fmt: skip
        return
    span = page_span(reference.pages)
    if span is None:
        return
    first, last = span
    pages = reference.pages
    if last < first:
        read = f"{first}-{last}"
        message = f"page range {pages} ends before it starts (read as {read})" + (
            ": an article number and a page count?" if read != pages.replace("--", "-") else ""
        )
        yield offline_finding(
            reference, "implausible-value", Severity.ERROR, message, field="pages", stored=pages
        )
        return
    count = last - first + 1
    electronic = pages.lstrip()[:1] in {"e", "E"}
    if reference.kind is Kind.ABSTRACT and count > _MAX_ABSTRACT_PAGES:
        message = (
            f"page span {pages} ({count} pages) is implausible for a meeting abstract: "
            "it looks like the whole supplement"
        )
        severity = Severity.WARNING
    elif reference.kind is Kind.ARTICLE and count > _MAX_ARTICLE_PAGES and not electronic:
        if _in_supplement(reference) and first > 1:
            # a supplement's abstract book copied for one abstract (the seed's 11-364); a
            # guideline filling a whole supplement starts at its first page
            message = (
                f"page span {pages} ({count} pages) in a supplement is implausible for one "
                "article: it looks like the whole supplement (an abstract?)"
            )
            severity = Severity.WARNING
        else:
            message = (
                f"page span {pages} ({count} pages) is long for a journal article: check "
                "it is the article's range, not the issue's or the supplement's"
            )
            severity = Severity.INFO
    else:
        return
    yield offline_finding(
        reference, "implausible-value", severity, message, field="pages", stored=pages
    )


def _in_supplement(reference: Reference) -> bool:
    issue = f"{reference.issue} {reference.volume}".lower()
    return "suppl" in issue or reference.pages.lstrip()[:1] in {"S", "s"}


def _date_findings(reference: Reference, today: dt.date) -> Iterator[Finding]:
    field = "year" if reference.get("year") or not reference.get("date") else "date"
    if _YEAR.match(reference.year):
        year = int(reference.year)
        if year > today.year:
            message = f"year {year} is in the future (this year is {today.year})"
            yield offline_finding(
                reference,
                "implausible-value",
                Severity.ERROR,
                message,
                field=field,
                stored=reference.year,
            )
        elif year < _EARLIEST_YEAR:
            message = f"year {year} is before {_EARLIEST_YEAR}: a typing error?"
            yield offline_finding(
                reference,
                "implausible-value",
                Severity.INFO,
                message,
                field=field,
                stored=reference.year,
            )
    else:
        yield from _not_a_year(reference, field)
    if reference.urldate is not None and reference.urldate > today:
        accessed = reference.urldate.isoformat()
        message = f"access date {accessed} is in the future (today is {today.isoformat()})"
        yield offline_finding(
            reference,
            "implausible-value",
            Severity.ERROR,
            message,
            field="urldate",
            stored=accessed,
        )


def _not_a_year(reference: Reference, field: str) -> Iterator[Finding]:
    """A year field holding a date and time or a number that is no year (a warning: the
    styles print it as it is)."""
    written = reference.year.strip()
    if not any(character.isdigit() for character in written):
        return
    years = _FOUR_DIGITS.findall(written)
    if _TIMESTAMP.search(written):
        which = f": write {field} = {{{years[0]}}}" if len(set(years)) == 1 else ""
        message = f"{field} {written!r} is a date or a time, not a year{which}"
    elif not years:
        message = f"{field} {written!r} is not a year (pages or a volume in the wrong field?)"
    else:
        return
    yield offline_finding(
        reference, "implausible-value", Severity.WARNING, message, field=field, stored=written
    )


_ISSUE_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_ISSN = re.compile(r"^(\d{4})-(\d{3}[\dXx])\b")
# A date as an issue: 10/12/2023, 10.12.2023, 2023-12-10 (``1:21``, issue 1 article 21, is none).
_ISSUE_DATE = re.compile(r"^\d{1,4}[/.]\d{1,2}[/.]\d{2,4}$|^\d{4}-\d{2}-\d{2}$")


def _issn(text: str) -> bool:
    """``1532-5415 (Electronic)``: an ISSN (its check digit right), not an issue range
    (``1001-1002``: a range's end follows its start closely)."""
    match = _ISSN.match(text)
    if match is None:
        return False
    digits = (match.group(1) + match.group(2)).upper()
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:7], range(8, 1, -1), strict=True)
    )
    check = (11 - total % 11) % 11
    if digits[7] != ("X" if check == 10 else str(check)):
        return False
    end = digits[4:]
    return not (end.isdigit() and 0 < int(end) - int(match.group(1)) < 50)


def _not_an_issue(issue: str) -> str | None:
    """What a journal article's issue holds when it is no issue number: a month or a date
    (Mendeley's ``MAY``, ``7 JUN``, a PDF page's ``October 2015``), a date string, the
    journal's ISSN (MEDLINE's ``IS`` tag); else ``None``."""
    text = issue.strip()
    tokens = _ISSUE_TOKENS.findall(text.lower())
    words = [token for token in tokens if not token.isdigit()]
    if (
        words
        and all(parse_month(word) is not None for word in words)
        and all(len(token) <= 4 for token in tokens if token.isdigit())
    ):
        return "a month or a date, not an issue number"
    if _ISSUE_DATE.match(text):
        return "a date, not an issue number"
    if _issn(text):
        return "the journal's ISSN, not an issue number"
    return None


def _issue_findings(reference: Reference) -> Iterator[Finding]:
    if reference.kind not in {Kind.ARTICLE, Kind.ABSTRACT} or not reference.issue:
        return
    what = _not_an_issue(reference.issue)
    if what is not None:
        message = (
            f"issue {reference.issue!r} is {what}: the styles print it as the issue "
            f"({reference.volume or 'volume'}({reference.issue})); leave it out (a month "
            "belongs in month)"
        )
        yield offline_finding(
            reference, "implausible-value", Severity.WARNING, message, field="issue",
            stored=reference.issue,
        )  # fmt: skip


def implausible_values(references: Sequence[Reference], *, today: dt.date) -> list[Finding]:
    """Values that cannot be right: a page range that ends before it starts (error); a
    meeting abstract spanning more than 4 pages or a journal article more than 150
    (warning: a supplement's or an issue's range copied by mistake); a year after
    ``today``'s (error) or before 1800 (warning); a year that is a date and time or no year
    at all (warning: ``Thu, 31/08/2023 - 11:30``, ``135``); an access date after ``today``
    (error); a journal article's issue that is a month, a date or the journal's ISSN
    (warning: ``number = {October 2015}`` prints ``30(October 2015)``).
    Ranges are compared expanded (``1618-21`` is 4 pages)."""
    findings: list[Finding] = []
    for reference in references:
        findings.extend(_page_findings(reference))
        findings.extend(_issue_findings(reference))
        findings.extend(_date_findings(reference, today))
    return findings
