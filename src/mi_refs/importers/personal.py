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
_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_SCRUBBED = frozenset({"note", "annote", "abstract"})
# An affiliation in a kept field: Embase's "(Liu R.; Adler D.G.) Department of ...", or
# an institution's department, division, faculty or school named in it.
_AFFILIATION = re.compile(
    r"^\([^()]{1,400}\)\s*[A-Z]|\b(?:Department|Dept\.?|Division|Div\.|Faculty|School)\s+of\b"
)


def _scrub(text: str) -> str:
    cleaned = _EMAIL.sub("", text)
    cleaned = re.sub(
        r"\b(?:e-?mail|electronic address)\s*:?\s*(?=[,;.)]|$)", "", cleaned, flags=re.I
    )
    cleaned = re.sub(r"\s*,\s*(?=[,;.)])", "", cleaned)
    return " ".join(cleaned.split())


def without_personal_data(record: ImportedRecord) -> tuple[ImportedRecord, tuple[str, ...]]:
    """The record without personal data, and what was left out, in words
    (``x-m1 (e-mail addresses)``, ``x-ad (an address)``, ``e-mail addresses in note``)."""
    fields: list[tuple[str, str]] = []
    left_out: list[str] = []
    for name, value in record.fields:
        if name in ADDRESS_FIELDS:
            left_out.append(f"{name} (an address)")
            continue
        if name.startswith("x-") and _EMAIL.search(value):
            left_out.append(f"{name} (e-mail addresses)")
            continue
        if name.startswith("x-") and _AFFILIATION.search(value):
            left_out.append(f"{name} (an address)")
            continue
        text = value
        if name in _SCRUBBED and _EMAIL.search(value):
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
