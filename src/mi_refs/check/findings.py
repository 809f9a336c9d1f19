"""Helpers for findings (the :class:`~mi_refs.model.Finding` record lives in the model,
beside :class:`~mi_refs.model.Problem`, because documents produce findings too): a finding
about an entry, a loading problem as a finding, and the team's ignore rules.

The codes (:data:`mi_refs.model.CODES`) are the JSON report contract:

``parse-error``, ``missing-field``, ``malformed-identifier``, ``duplicate-entry``,
``field-mismatch`` (``field`` one of title, author, journal, year, volume, issue, pages,
doi, pmid), ``wrong-work``, ``id-conflict``, ``id-not-found``, ``retracted``,
``expression-of-concern``, ``corrected``, ``superseded``, ``identifier-suggested``, ``unverified``,
``style``, ``citation``; and the codes added for the offline checks:
``implausible-value`` (a page span or a year that cannot be right), ``malformed-name``
(an author string that does not read as one name), ``inconsistent-name`` (one person
written two ways across the list), ``not-checkable`` (info: no registry holds this kind
of reference).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mi_refs.errors import InvalidArgumentError
from mi_refs.model import CODES, Finding, Problem, Reference, Severity

__all__ = [
    "AcknowledgeRule",
    "IgnoreRule",
    "acknowledged",
    "entry_finding",
    "finding_from_problem",
]


def entry_finding(
    reference: Reference, code: str, severity: Severity, message: str, **details: Any
) -> Finding:
    """A finding about ``reference`` (its key and line filled in)."""
    return Finding(code, severity, message, key=reference.key, line=reference.line, **details)


def offline_finding(
    reference: Reference,
    code: str,
    severity: Severity,
    message: str,
    *,
    field: str,
    stored: str | None = None,
    suggestion: str | None = None,
) -> Finding:
    """A finding of an offline check about ``reference`` (source ``offline``)."""
    return entry_finding(
        reference, code, severity, message,
        field=field, stored=stored, suggestion=suggestion, source="offline",
    )  # fmt: skip


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


_RULE_FIELDS = ("key", "code", "reason")
_NEEDS_KEY = frozenset({"retracted"})  # a work's own status: accepted entry by entry


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """A team's decision to accept a finding: by entry key, by code, or both; with the
    reason (mandatory).

    Validated when made (:class:`~mi_refs.errors.InvalidArgumentError`, naming the rule):
    a key or a code, each non-empty text; a code mi-refs reports; never a rule that
    matches every entry (no key and no code, or ``retracted`` without a key: a
    retraction is accepted for one named entry at a time)."""

    reason: str
    key: str | None = None
    code: str | None = None

    def __post_init__(self) -> None:
        problem = _rule_problem(self.reason, self.key, self.code)
        if problem:
            raise InvalidArgumentError(f"ignore rule {self.describe()}: {problem}")

    def describe(self) -> str:
        """The rule as it is written in the settings (for messages)."""
        parts = [f"{name} = {value!r}" for name, value in
                 (("key", self.key), ("code", self.code), ("reason", self.reason))
                 if value is not None]  # fmt: skip
        return "{" + ", ".join(parts) + "}"

    def matches(self, finding: Finding) -> bool:
        return (self.key is None or self.key == finding.key) and (
            self.code is None or self.code == finding.code
        )

    @classmethod
    def from_mapping(cls, rule: Mapping[str, Any]) -> IgnoreRule:
        """A rule from a settings table; raises :class:`~mi_refs.errors.
        InvalidArgumentError` naming the rule for anything but a table of ``key``,
        ``code`` and ``reason`` (a misspelt field is never read as "any key")."""
        written = _rule_table("ignore", rule, "a key or a code, and a reason")
        values = {name: rule.get(name) for name in _RULE_FIELDS}
        for name, value in values.items():
            if value is not None and not isinstance(value, str):
                raise InvalidArgumentError(
                    f"ignore rule {written}: {name} must be text, not {value!r}"
                )
        problem = _rule_problem(values["reason"] or "", values["key"], values["code"])
        if problem:
            raise InvalidArgumentError(f"ignore rule {written}: {problem}")
        return cls(str(values["reason"]).strip(), values["key"], values["code"])


def _rule_table(kind: str, rule: object, expected: str) -> str:
    """The rule as written (for messages), once it is a table of known fields only; else
    :class:`~mi_refs.errors.InvalidArgumentError` naming it (a misspelt field is never
    read as "any")."""
    if not isinstance(rule, Mapping):
        raise InvalidArgumentError(f"{kind} rule {rule!r}: expected a table with {expected}")
    written = "{" + ", ".join(f"{name} = {value!r}" for name, value in rule.items()) + "}"
    unknown = sorted(str(name) for name in rule if name not in _RULE_FIELDS)
    if unknown:
        raise InvalidArgumentError(
            f"{kind} rule {written}: unknown field(s) {', '.join(unknown)}"
            f" (expected: {', '.join(_RULE_FIELDS)})"
        )
    return written


def _rule_problem(reason: object, key: str | None, code: str | None) -> str:
    """What is wrong with a rule ("" when nothing is)."""
    if not isinstance(reason, str) or not reason.strip():
        return "a reason is required (why the team accepts the finding)"
    for name, value in (("key", key), ("code", code)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            return f"{name} must be non-empty text, not {value!r}"
    if key is None and code is None:
        return "it would match every entry; give a key, a code, or both"
    if code is not None and code not in CODES:
        return f"unknown code {code!r} (known: {', '.join(sorted(CODES))})"
    if key is None and code in _NEEDS_KEY:
        return f"it would match every entry's {code} finding; name the entry with key"
    return ""


@dataclass(frozen=True, slots=True)
class AcknowledgeRule:
    """A writer's acknowledgement of one finding (``code``) of one entry (``key``), with
    the reason (issue 19.7): unlike an :class:`IgnoreRule`, which hides a finding, an
    acknowledged finding stays in every report, marked with the reason, and no longer
    fails the run (not even with ``--strict``). Key, code and reason are all required."""

    key: str
    code: str
    reason: str

    def __post_init__(self) -> None:
        problem = _acknowledge_problem(self.key, self.code, self.reason)
        if problem:
            raise InvalidArgumentError(f"acknowledge rule {self.describe()}: {problem}")

    def describe(self) -> str:
        return f"{{key = {self.key!r}, code = {self.code!r}, reason = {self.reason!r}}}"

    def matches(self, finding: Finding) -> bool:
        return finding.key == self.key and finding.code == self.code

    @classmethod
    def from_mapping(cls, rule: Mapping[str, Any]) -> AcknowledgeRule:
        """A rule from a settings table (:class:`~mi_refs.errors.InvalidArgumentError`
        naming it for anything but a table of non-empty ``key``, ``code`` and ``reason``)."""
        written = _rule_table("acknowledge", rule, "a key, a code and a reason")
        values = [rule.get(name) for name in _RULE_FIELDS]
        problem = _acknowledge_problem(*values)
        if problem:
            raise InvalidArgumentError(f"acknowledge rule {written}: {problem}")
        key, code, reason = (str(value).strip() for value in values)
        return cls(key, code, reason)


def _acknowledge_problem(key: object, code: object, reason: object) -> str:
    for name, value in (("key", key), ("code", code), ("reason", reason)):
        if not isinstance(value, str) or not value.strip():
            what = "missing" if value is None else f"{value!r}"
            return (
                f"{name} must be non-empty text, not {what} "
                "(an acknowledgement names one finding of one entry, and why)"
            )
    if code not in CODES:
        return f"unknown code {code!r} (known: {', '.join(sorted(CODES))})"
    return ""


def acknowledged(
    findings: Sequence[Finding], rules: Sequence[AcknowledgeRule], used: set[int] | None = None
) -> list[Finding]:
    """``findings`` with those the rules name marked acknowledged (with the reason);
    ``used`` collects the indexes of the rules that matched."""
    out = []
    for finding in findings:
        marked = finding
        for index, rule in enumerate(rules):
            if rule.matches(finding):
                marked = dataclasses.replace(finding, acknowledged=rule.reason)
                if used is not None:
                    used.add(index)
                break
        out.append(marked)
    return out
