"""What the registries' post-publication notices mean for a cited work (issue 19.5).

Retractions, expressions of concern and corrections; the work's replacement when it was
retracted and republished or corrected and republished; a newer version (PubMed
``UpdateIn``, Crossref ``new_version``/``new_edition``); a preprint's published version
(Crossref ``is-preprint-of``, PubMed ``UpdateIn`` on a preprint). Each finding that has a
replacement says what to cite instead and carries it in ``suggestion`` (``field`` names
``doi`` or ``pmid``); ``fix`` acts on ``superseded`` and on corrected-and-republished
(``corrected`` with a replacement), never on a retraction. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from mi_refs.check.findings import entry_finding
from mi_refs.model import Finding, Reference, Severity
from mi_refs.registries.records import Notice, NoticeKind, RegistryRecord

__all__ = ["REPLACEMENT_PREFIX", "replacement_of", "status_findings"]

#: How a replacement is named in a finding's message ("cite instead: doi:..." / "PMID ...").
REPLACEMENT_PREFIX = "cite instead: "

_GONE = {
    NoticeKind.RETRACTION: "retracted",
    NoticeKind.WITHDRAWAL: "withdrawn",
    NoticeKind.REMOVAL: "removed",
}
_SOURCES = {
    "retraction-watch": "Retraction Watch (via Crossref)",
    "publisher": "the publisher (via Crossref)",
    "crossref": "Crossref",
    "pubmed": "PubMed",
}


def _source(notice: Notice, record: RegistryRecord) -> str:
    names = [part.strip() for part in (notice.source or record.source).split(",")]
    return " and ".join(_SOURCES.get(name, name) for name in names if name)


def _ident(notice: Notice) -> str:
    return (notice.doi and f"doi:{notice.doi}") or (notice.pmid and f"PMID {notice.pmid}") or ""


def _newest(notices: Sequence[Notice]) -> Notice:
    """The newest of several updates: the highest PMID (PMIDs grow with time), else the
    latest date, else the last listed."""
    with_pmid = [n for n in notices if n.pmid.isdigit()]
    if with_pmid:
        return max(with_pmid, key=lambda n: int(n.pmid))
    return max(enumerate(notices), key=lambda pair: (pair[1].date, pair[0]))[1]


def replacement_of(finding: Finding) -> tuple[str, str] | None:
    """``(field, identifier)`` of the work a ``superseded`` or corrected-and-republished
    finding names to cite instead; ``None`` for any other finding."""
    if finding.code not in {"superseded", "corrected"} or not finding.suggestion:
        return None
    if finding.field not in {"doi", "pmid"} or REPLACEMENT_PREFIX not in finding.message:
        return None
    return finding.field, finding.suggestion


def _replacement_finding(
    reference: Reference, record: RegistryRecord, notices: Sequence[Notice], retraction: str
) -> Finding | None:
    """One finding for the record's replacements, most serious first."""
    by_kind: dict[NoticeKind, list[Notice]] = {}
    for notice in notices:
        if notice.doi or notice.pmid:
            by_kind.setdefault(notice.kind, []).append(notice)
    for kind, code, severity, verb in (
        (NoticeKind.RETRACTED_AND_REPUBLISHED, "retracted", Severity.ERROR,
         "retracted and republished"),
        (NoticeKind.CORRECTED_AND_REPUBLISHED, "corrected", Severity.WARNING,
         "corrected and republished"),
        (NoticeKind.PUBLISHED_VERSION, "superseded", Severity.WARNING,
         "a preprint since published"),
        (NoticeKind.UPDATE, "superseded", Severity.WARNING, "updated: a newer version exists"),
    ):  # fmt: skip
        found = by_kind.get(kind)
        if not found:
            continue
        newest = _newest(found)
        what = _ident(newest)
        others = [_ident(n) for n in found if n is not newest]
        also = f"; earlier updates: {', '.join(others)}" if others else ""
        when = f", {newest.date}" if newest.date else ""
        extra = f"; the retraction: {retraction}" if retraction else ""
        field = "doi" if newest.doi else "pmid"
        value = newest.doi or newest.pmid
        ask = "the retracted version must not be cited; " if code == "retracted" else ""
        message = (
            f"the work is {verb} as {what}{when}{also}{extra} ({ask}{REPLACEMENT_PREFIX}{what}; "
            f"from {_source(newest, record)})"
        )
        return entry_finding(reference, code, severity, message, field=field,
                             suggestion=value, registry=value, source=record.source)  # fmt: skip
    return None


def _notice_finding(reference: Reference, record: RegistryRecord, notice: Notice) -> Finding:
    what = _ident(notice) or notice.citation or "no notice identifier given"
    when = f", {notice.date}" if notice.date else ""
    where = f"({what}{when}; from {_source(notice, record)})"
    if notice.kind in _GONE:
        code, severity, text = "retracted", Severity.ERROR, f"the work is {_GONE[notice.kind]}"
    elif notice.kind is NoticeKind.PARTIAL_RETRACTION:
        code, severity, text = "retracted", Severity.WARNING, "the work is partly retracted"
    elif notice.kind is NoticeKind.EXPRESSION_OF_CONCERN:
        code, severity = "expression-of-concern", Severity.WARNING
        text = "the work is subject of an expression of concern"
    elif notice.kind is NoticeKind.OTHER:
        code, severity = "corrected", Severity.INFO
        text = f"the registry records an update of type {notice.label or 'unknown'!r}"
    else:
        code, severity = "corrected", Severity.WARNING
        text = "the work is corrected (erratum or correction)"
    registry = notice.doi or notice.pmid or None
    return entry_finding(
        reference, code, severity, f"{text} {where}", registry=registry, source=record.source
    )


def status_findings(reference: Reference, records: Sequence[RegistryRecord]) -> list[Finding]:
    """Retractions, expressions of concern, corrections, replacements and newer versions
    the registries record (a notice that is itself cited is not flagged)."""
    findings: list[Finding] = []
    seen: set[tuple[NoticeKind, str, str]] = set()
    live = [record for record in records if not record.is_notice]
    named = {n.kind for r in live for n in r.notices if n.doi or n.pmid}
    if NoticeKind.RETRACTED_AND_REPUBLISHED in named:
        named.add(NoticeKind.RETRACTION)
    replaced_seen: set[tuple[str, str]] = set()
    for record in live:
        if not record.notices:
            continue  # nothing to report (most records: start-up, docs/performance.md)
        republished = any(
            n.kind is NoticeKind.RETRACTED_AND_REPUBLISHED and (n.doi or n.pmid)
            for n in record.notices
        )
        retraction = ", ".join(
            _ident(n) for n in record.notices if n.kind is NoticeKind.RETRACTION and _ident(n)
        )
        replacing = [n for n in record.notices if n.kind.replaces]
        finding = _replacement_finding(reference, record, replacing, retraction)
        if finding is not None:
            same = (finding.code, (finding.suggestion or "").lower())
            if same not in replaced_seen:
                replaced_seen.add(same)
                findings.append(finding)
        for notice in record.notices:
            if notice.kind.replaces or (republished and notice.kind is NoticeKind.RETRACTION):
                continue
            ident = (notice.kind, notice.doi.lower(), notice.pmid)
            anonymous_seen = (
                not notice.doi
                and not notice.pmid
                and (notice.kind in named or any(k == notice.kind for k, _, _ in seen))
            )
            if ident in seen or anonymous_seen:
                continue
            seen.add(ident)
            findings.append(_notice_finding(reference, record, notice))
    return findings
