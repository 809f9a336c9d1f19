"""Personal data left out of imported records (issue #15, item 8).

A department shares its .bib; database exports carry authors' e-mail addresses and postal
addresses (an Embase RIS record's ``M1`` holds ``(Adler D.G., douglas.adler@hsc.utah.edu)
Department of ..., Salt Lake City, UT``; ``AD`` the correspondence address; MEDLINE's
``AD`` and EndNote's ``auth-address`` the affiliations with e-mails). None of it is part
of a reference. :func:`without_personal_data` drops:

- the address fields themselves (:data:`ADDRESS_FIELDS`: RIS/MEDLINE ``AD``, EndNote
  ``auth-address``, the RIS ``M1`` of database exports when it holds an address);
- every other kept field (``x-<tag>``) that holds an e-mail address or an affiliation
  (Embase's ``(Liu R.) Department of ...``; a department, division, faculty or school
  "of" something);
- e-mail addresses inside ``note``, ``annote`` and ``abstract`` (the rest of the text
  stays).

Bibliographic fields (authors, title, journal, the publisher's ``address``...) are never
touched. Pure.
"""

from __future__ import annotations

import re

from mi_refs.importers.record import ImportedRecord

__all__ = ["ADDRESS_FIELDS", "without_personal_data"]

#: Kept fields that hold an author's or a correspondent's address.
ADDRESS_FIELDS = frozenset(
    {"x-ad", "x-affiliation", "x-auth-address", "x-author-address", "x-address", "x-c1-address"}
)
# An e-mail address is what [\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+ matches; found by
# _emails, which reads each run once (the pattern re-read a long run from each character).
_LOCAL = re.compile(r"[\w.+-]+")
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_SCRUBBED = frozenset({"note", "annote", "abstract"})
# An affiliation in a kept field: Embase's "(Liu R.; Adler D.G.) Department of ...", or
# an institution's department, division, faculty or school named in it.
_AFFILIATION = re.compile(
    r"^\([^()]{1,400}\)\s*[A-Z]|\b(?:Department|Dept\.?|Division|Div\.|Faculty|School)\s+of\b"
)


def _emails(text: str) -> list[tuple[int, int]]:
    """The e-mail addresses in ``text`` (see ``_LOCAL``), leftmost first, as
    ``re.finditer`` of the pattern gave them, in linear time."""
    if "@" not in text:
        return []
    starts = {run.end(): run.start() for run in _LOCAL.finditer(text)}  # by their end
    spans: list[tuple[int, int]] = []
    position = 0
    at = text.find("@")
    while at >= 0:
        start = max(starts.get(at, at), position)
        domain = _DOMAIN.match(text, at + 1) if start < at else None
        if domain is not None:
            spans.append((start, domain.end()))
            position = domain.end()
        at = text.find("@", max(at + 1, position))
    return spans


def _scrub(text: str) -> str:
    pieces, position = [], 0
    for start, end in _emails(text):
        pieces.append(text[position:start])
        position = end
    cleaned = "".join(pieces) + text[position:]
    cleaned = re.sub(
        r"\b(?:e-?mail|electronic address)\s*(?::\s*)?(?=[,;.)]|$)", "", cleaned, flags=re.I
    )
    cleaned = re.sub(r"(?!(?<=\s)\s)\s*,\s*(?=[,;.)])", "", cleaned)
    return " ".join(cleaned.split())


def without_personal_data(record: ImportedRecord) -> tuple[ImportedRecord, tuple[str, ...]]:
    """The record without personal data, and what was left out, in words
    (``x-m1 (e-mail addresses)``, ``x-ad (an address)``, ``e-mail addresses in note``)."""
    for name, value in record.fields:  # most records hold none: told in one pass
        if (
            name in ADDRESS_FIELDS
            or (name.startswith("x-") and ("@" in value or _AFFILIATION.search(value)))
            or (name in _SCRUBBED and "@" in value)  # an e-mail address holds an @
        ):
            break
    else:
        return record, ()
    fields: list[tuple[str, str]] = []
    left_out: list[str] = []
    for name, value in record.fields:
        if name in ADDRESS_FIELDS:
            left_out.append(f"{name} (an address)")
            continue
        if name.startswith("x-") and _emails(value):
            left_out.append(f"{name} (e-mail addresses)")
            continue
        if name.startswith("x-") and _AFFILIATION.search(value):
            left_out.append(f"{name} (an address)")
            continue
        text = value
        if name in _SCRUBBED and _emails(value):
            text = _scrub(value)
            left_out.append(f"e-mail addresses in {name}")
            if not text:
                continue
        fields.append((name, text))
    if not left_out:
        return record, ()
    gone = {name for name, _ in record.fields} - {name for name, _ in fields}
    return (
        ImportedRecord(
            record.entry_type,
            tuple(fields),
            record.source,
            tuple(name for name in record.kept if name not in gone),
            record.dropped,
        ),
        tuple(left_out),
    )
