"""One canonical form and one equivalence per field, written once (issue #15).

Every comparison (a registry's record against an entry, two entries of one list, an
import against the target, ``fix`` deciding whether a value changes) goes through these
functions, and ``add``, ``import`` and ``fix`` write the canonical forms, so what they
write ``check`` accepts and a second ``fix`` has nothing to do:

- **pages**: one ASCII hyphen, ranges written in full (``1618-21`` is ``1618-1621``;
  MEDLINE's ``e84-9`` is ``e84-e89``; ``S459-60`` is ``S459-S460``); a leading ``e`` and
  case do not count when comparing, and a first page alone agrees with a range that starts
  there (:func:`page_relation`). NLM lists abbreviate at render time, not in the .bib.
- **titles**: registry markup (``<i>``, ``<sup>``, JATS line breaks) and entities out,
  one space between words, no trailing period (PubMed ends every title with one): a
  ``?`` or ``!`` stays, and so does the period of an abbreviation (``U.S.``).
- **identifiers**: a DOI bare (``10.1056/NEJMoa042176``, no resolver, ``doi:`` or
  ``[doi]`` debris), compared case-insensitively; a PMID its digits; a PMCID ``PMC`` and
  its digits. :func:`identifier_debris` says when a stored value is readable but carries
  such debris (a ``style`` finding, fixed by ``fix``).

Pure; no registry or check imports (``bibtex/`` is below both).
"""

from __future__ import annotations

import html
import re

from mi_refs.bibtex.normalize import (
    expand_page_range,
    normalize_doi,
    normalize_pages,
    normalize_pmcid,
    normalize_pmid,
)

__all__ = [
    "IDENTIFIER_FIELDS",
    "PAGE_RELATIONS",
    "canonical_identifier",
    "canonical_pages",
    "canonical_title",
    "first_page",
    "identifier_debris",
    "page_relation",
    "same_doi",
    "same_pages",
]

IDENTIFIER_FIELDS = ("doi", "pmid", "pmcid")
#: What :func:`page_relation` answers, most alike first.
PAGE_RELATIONS = ("same", "first-page", "same-start", "different")

# A tag ends at the next ">" and holds no "<" ("p < 0.05 <i>" keeps "p < 0.05 "): linear
_TAGS = re.compile(r"<[^<>]+>")
# JATS titles are pretty-printed: ``detecting\n  <i>KRAS</i>\n  /\n  <i>NRAS</i>``.
_BROKEN_AROUND_SLASH = re.compile(r"(?!(?<=\s)\s)\s*\n\s*(?=[/)\]])|(?<=[/(\[])\s*\n\s*")
_RANGE = re.compile(r"^([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)$")
# An article number with numbered pages (SPIE, AIP, IOP): ``831412-1--831412-8`` and
# ``831412--831412-8`` are pages 1 to 8 of article 831412 (after canonical_pages's one
# hyphen: ``831412-1-831412-8``, ``831412-831412-8``).
_ARTICLE_PAGES = re.compile(r"^([a-z]*\d+)(?:-\d+)?-\1-(\d+)$")


# --- pages ------------------------------------------------------------------------------


def canonical_pages(value: str) -> str:
    """The form written to a .bib (as ``--`` in the file): one hyphen between the two
    pages and both written in full: ``1618--21`` gives ``1618-1621``, ``e84-9`` gives
    ``e84-e89``, ``e84–e89`` gives ``e84-e89``; a single page or an e-locator
    (``e0182390``, ``e00340-10``) is returned with its dashes normalised only."""
    return expand_page_range(normalize_pages(value))


def _parts(value: str) -> tuple[str, str | None]:
    """First and last page of the canonical form, folded for comparing: case and a
    leading ``e`` dropped (``E84`` = ``e84`` = ``84``); ``None`` for the last page of a
    single page or e-locator. An article number with numbered pages (``831412-1--831412-8``,
    ``831412--831412-8``) starts at the article number (``831412``)."""
    full = canonical_pages(value).casefold()
    article = _ARTICLE_PAGES.match(full)
    if article is not None:  # the article number is the first page; the last is numbered
        number = article.group(1).removeprefix("e")
        return number, f"{number}-{article.group(2)}"
    match = _RANGE.match(full)
    if match is None or (match.group(1) != match.group(3)):
        return full.removeprefix("e"), None
    prefix = match.group(1).removeprefix("e")
    return prefix + match.group(2), prefix + match.group(4)


def first_page(value: str) -> str:
    """The first page as compared (folded; ``e84-9`` gives ``84``), ``""`` for none."""
    return _parts(value)[0] if value.strip() else ""


def page_relation(a: str, b: str) -> str:
    """How two page values relate: ``"same"`` (one range written two ways: ``e84-e89``,
    ``e84-9``, ``e84–e89``, ``84-89``; ``1618-21`` and ``1618-1621``); ``"first-page"``
    (one is the first page alone of the other's range: ``2301`` and ``2301-2315``, at
    most an info); ``"same-start"`` (the same first page, another last page);
    ``"different"``. Empty values are ``"same"`` (nothing to compare)."""
    if not a.strip() or not b.strip():
        return "same"
    first_a, last_a = _parts(a)
    first_b, last_b = _parts(b)
    if (first_a, last_a) == (first_b, last_b):
        return "same"
    if first_a != first_b:
        return "different"
    if last_a is None or last_b is None:
        return "first-page"
    return "same-start"


def same_pages(a: str, b: str) -> bool:
    """Equal or compatible (a first page alone against a range starting there)."""
    return page_relation(a, b) in {"same", "first-page"}


# --- titles -----------------------------------------------------------------------------


def canonical_title(value: str) -> str:
    """A title as written to a .bib from a registry or an export: markup and entities
    out (``<i>KRAS</i>`` gives ``KRAS``), one space between words, and no trailing
    period (``Dabrafenib in melanoma.`` gives ``Dabrafenib in melanoma``); ``?``, ``!``,
    ``...`` and the period of an abbreviation (``in the U.S.``) stay."""
    text = value
    if "<" in text:
        text = _BROKEN_AROUND_SLASH.sub("", _TAGS.sub("", text))
    if "&" in text:
        text = html.unescape(text)
    text = " ".join(text.split())
    if text.endswith(".") and not text.endswith(".."):
        last_word = text.rsplit(" ", 1)[-1]
        if "." not in last_word[:-1] and len(last_word) > 2:
            text = text[:-1].rstrip()
    return text


# --- identifiers ------------------------------------------------------------------------

_CANONICAL = {"doi": normalize_doi, "pmid": normalize_pmid, "pmcid": normalize_pmcid}


def canonical_identifier(field: str, value: str) -> str | None:
    """The bare identifier a ``doi``, ``pmid`` or ``pmcid`` value holds (resolver URLs,
    ``doi:``, ``[doi]``/``[pii]`` tags, ``PMID:`` gone), ``None`` when it holds none."""
    return _CANONICAL[field](value)


def same_doi(a: str, b: str) -> bool:
    """Two DOIs are one when their canonical forms agree ignoring case (DOIs are
    case-insensitive; Crossref serves them lower-cased). Empty values are never equal."""
    first = normalize_doi(a) if a else None
    second = normalize_doi(b) if b else None
    return first is not None and second is not None and first.casefold() == second.casefold()


def identifier_debris(field: str, raw: str) -> str | None:
    """The canonical identifier when the stored ``raw`` value of ``field`` holds one but
    carries export debris around it (``10.1056/NEJMoa042176 [doi]``,
    ``http://dx.doi.org/10.1/x``, ``doi:10.1/x``, ``PMID: 123``, ``123 [pmid]``);
    ``None`` when the value is already canonical or holds no identifier at all (that is a
    ``malformed-identifier``). A DOI's case is not debris."""
    text = raw.strip()
    if not text or field not in _CANONICAL:
        return None
    canonical = _CANONICAL[field](text)
    if canonical is None:
        return None
    if field == "pmcid":
        return None if text.upper() == canonical else canonical
    return None if text == canonical else canonical
