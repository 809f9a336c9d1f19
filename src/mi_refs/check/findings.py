"""Helpers for findings (the :class:`~mi_refs.model.Finding` record lives in the model,
beside :class:`~mi_refs.model.Problem`, because documents produce findings too): a finding
about an entry, a loading problem as a finding, and the team's ignore rules.

The codes (:data:`mi_refs.model.CODES`) are the JSON report contract:

``parse-error``, ``missing-field``, ``malformed-identifier``, ``duplicate-entry``,
``field-mismatch`` (``field`` one of title, author, journal, year, volume, issue, pages,
doi, pmid), ``wrong-work``, ``id-conflict``, ``id-not-found``, ``retracted``,
``expression-of-concern``, ``corrected``, ``identifier-suggested``, ``unverified``,
``style``, ``citation``; and the codes added for the offline checks:
``implausible-value`` (a page span or a year that cannot be right), ``malformed-name``
(an author string that does not read as one name), ``inconsistent-name`` (one person
written two ways across the list), ``not-checkable`` (info: no registry holds this kind
of reference).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mi_refs.errors import InvalidArgumentError
from mi_refs.model import Finding, Problem, Reference, Severity

__all__ = ["IgnoreRule", "entry_finding", "finding_from_problem"]


def entry_finding(
    reference: Reference, code: str, severity: Severity, message: str, **details: Any
) -> Finding:
    """A finding about ``reference`` (its key and line filled in)."""
    return Finding(code, severity, message, key=reference.key, line=reference.line, **details)


def finding_from_problem(problem: Problem) -> Finding:
    """A loading problem as a finding (source ``bibtex``)."""
    return Finding(
        code=problem.code,
        severity=problem.severity,
        message=problem.message,
        key=problem.key,
        line=problem.line,
        field=problem.field,
        source="bibtex",
    )


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """A team's decision to accept a finding: by entry key, by code, or both; with the
    reason (mandatory)."""

    reason: str
    key: str | None = None
    code: str | None = None

    def matches(self, finding: Finding) -> bool:
        return (self.key is None or self.key == finding.key) and (
            self.code is None or self.code == finding.code
        )

    @classmethod
    def from_mapping(cls, rule: Mapping[str, Any]) -> IgnoreRule:
        """A rule from a settings table; raises :class:`~mi_refs.errors.
        InvalidArgumentError` for anything but a table with a reason and a key or code."""
        if not isinstance(rule, Mapping):
            raise InvalidArgumentError(
                f"an ignore rule is a table with a key or a code, and a reason: {rule!r}"
            )
        reason = str(rule.get("reason", "")).strip()
        key, code = rule.get("key"), rule.get("code")
        if not reason or (key is None and code is None):
            raise InvalidArgumentError(
                f"an ignore rule needs a key or a code, and a reason: {dict(rule)!r}"
            )
        return cls(reason, None if key is None else str(key), None if code is None else str(code))
