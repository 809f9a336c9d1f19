"""``fix``'s replacements (issue 19.5): a preprint's published version and a corrected
and republished article's new version, looked up as ``add`` looks up a new work.

The replacement keeps the entry's key (the letter's citations still resolve) and the
writer's own fields (keywords, files, annotations...); the fields that describe the old
version (authors, title, journal, dates, identifiers, preprint server, abstract, note...)
are those of the new one, and the outcome names every field dropped. A retracted work is
never replaced: ``check`` gives its replacement, a human decides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from pathlib import Path

from mi_refs.check.notices import replacement_of
from mi_refs.check.report import CheckReport
from mi_refs.intake.identifiers import parse_identifier
from mi_refs.intake.registry_works import references_for
from mi_refs.intake.report import Outcome
from mi_refs.model import Finding, Reference, Severity
from mi_refs.registries.lookup import Registries
from mi_refs.registries.session import open_lookup

__all__ = [
    "fetch_replacements",
    "replace_outcomes",
    "replaced",
    "replacement_for",
    "replacement_label",
]

#: Fields that describe a version of the work: taken from the replacement, never kept.
DESCRIBING = frozenset(
    {
        "author", "editor", "title", "subtitle", "titleaddon", "shorttitle", "journal",
        "journaltitle", "shortjournal", "booktitle", "year", "date", "month", "day",
        "volume", "number", "issue", "pages", "eid", "doi", "pmid", "pmcid", "eprint",
        "eprinttype", "eprintclass", "archiveprefix", "primaryclass", "pubstate", "url",
        "urldate", "publisher", "howpublished", "organization", "institution", "note",
        "addendum", "entrysubtype", "type", "version", "issn", "isbn", "abstract",
        "location", "address", "series", "edition", "language", "langid",
    }
)  # fmt: skip


def replacement_label(finding: Finding) -> str | None:
    """``pmid:N`` / ``doi:10.x/y`` (lower case) of the work a finding says to cite
    instead, when ``fix`` may put it in the entry's place."""
    found = replacement_of(finding)
    if found is None:
        return None
    field, value = found
    return f"{field}:{value.lower() if field == 'doi' else value}"


def _wanted(report: CheckReport) -> list[str]:
    labels = []
    for finding in report.findings():
        label = replacement_label(finding)
        if label is not None and label not in labels:
            labels.append(label)
    return labels


def fetch_replacements(
    report: CheckReport,
    *,
    online: bool = True,
    refresh: bool = False,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    registries: Registries | None = None,
    api_key: str | None = None,
) -> dict[str, Reference]:
    """The newer versions ``report``'s ``superseded`` and corrected-and-republished
    findings name, by :func:`replacement_label`, built as ``add`` builds an entry (one
    batched request per registry; from the cache when warm; none offline and uncached).
    Pass the result to :func:`mi_refs.fix` as ``replacements``."""
    labels = _wanted(report)
    identifiers = [i for i in (parse_identifier(label.split(":", 1)[1]) for label in labels) if i]
    if not identifiers:
        return {}
    # the cache's notes are not kept: the caller's check has reported them
    with open_lookup(
        online=online, refresh=refresh, cache_dir=cache_dir, use_cache=use_cache,
        mailto=mailto, api_key=api_key, registries=registries,
    ) as (run, _notes):  # fmt: skip
        found = references_for(identifiers, run)
    return {
        label.lower() if label.startswith("doi:") else label: ref for label, ref in found.items()
    }


def replaced(reference: Reference, new: Reference) -> tuple[Reference, list[str]]:
    """``new`` in ``reference``'s place (its key and line), with ``reference``'s own
    fields kept, and the names of the old fields dropped."""
    new_names = {name for name, _ in new.fields}
    kept = tuple(
        (name, value)
        for name, value in reference.fields
        if name not in DESCRIBING and name not in new_names
    )
    dropped = [
        name for name, value in reference.fields if name in DESCRIBING and name not in new_names
    ]
    out = dataclasses.replace(new, key=reference.key, line=reference.line,
                              fields=new.fields + kept)  # fmt: skip
    return out, dropped


def replacement_for(
    findings: Iterable[Finding], replacements: Mapping[str, Reference] | None
) -> tuple[Finding, Reference | None] | None:
    """The first finding of an entry naming a replacement, and the replacement when it
    was looked up."""
    for finding in findings:
        label = replacement_label(finding)
        if label is not None:
            return finding, (replacements or {}).get(label)
    return None


def replace_outcomes(
    reference: Reference, findings: Iterable[Finding], finding: Finding, new: Reference
) -> tuple[Reference, list[Outcome]]:
    """The entry replaced by ``new`` as ``finding`` says, and every finding's outcome
    (the others were about the old version: left for the next check)."""
    changed, dropped = replaced(reference, new)
    what = replacement_label(finding) or ""
    gone = f"; fields of the old version not carried over: {', '.join(dropped)}" if dropped else ""
    outcomes = [Outcome(finding, "changed", f"replaced by its newer version {what}{gone}")]
    outcomes += [
        Outcome(other, "left", "the entry was replaced by its newer version: check it again")
        for other in findings
        if other is not finding and other.severity is not Severity.INFO
    ]
    return changed, outcomes
