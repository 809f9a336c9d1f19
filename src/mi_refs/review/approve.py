"""``approve``: check a finished letter and, when nothing fails, record what was true of its
references in a lock file (:mod:`~mi_refs.review.lock`).

The check is the one ``mi-refs check --doc`` makes, on the entries of the letter's own
list, with the settings' acknowledge rules: a letter whose check fails (an error not
acknowledged, in an entry or in the letter's citations) is refused, and so is a letter
whose list names an item no .bib entry matches (there would be nothing to record). The
registries' state comes from the same cached run (:func:`~mi_refs.review.survey.survey`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mi_refs._version import __version__
from mi_refs.check.findings import AcknowledgeRule, IgnoreRule
from mi_refs.check.report import CheckReport, fails
from mi_refs.check.run import check
from mi_refs.documents.letters import check_document
from mi_refs.errors import InvalidArgumentError
from mi_refs.files import check_output, write_atomically
from mi_refs.model import Bibliography, Finding
from mi_refs.registries.lookup import Registries
from mi_refs.registries.session import open_lookup, registries_for
from mi_refs.review.build import cited_bibliography
from mi_refs.review.claims import read_claims
from mi_refs.review.lock import default_lock_path, lock_json
from mi_refs.review.survey import survey, work_of

__all__ = ["Approval", "approve_letter"]


@dataclass(frozen=True, slots=True)
class Approval:
    """What ``approve`` did: ``lock`` is the file written (``None``: refused, and
    ``refused`` says why: the failing findings and the unmatched list items)."""

    letter: str
    lock: Path | None
    references: int
    failing: tuple[Finding, ...] = ()
    unmatched: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    report: CheckReport | None = None

    @property
    def approved(self) -> bool:
        return self.lock is not None


def approve_letter(
    letter: str | os.PathLike[str],
    bibliography: Bibliography,
    *,
    output: str | os.PathLike[str] | None = None,
    online: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    mailto: str | None = None,
    style: str = "ama",
    ignore: Iterable[IgnoreRule | Mapping[str, Any]] = (),
    acknowledge: Iterable[AcknowledgeRule | Mapping[str, Any]] = (),
    registries: Registries | None = None,
    now: dt.datetime | None = None,
    api_key: str | None = None,
) -> Approval:
    """Check ``letter`` against its own list (``bibliography`` names its items) and write
    its lock file (default ``<letter>.refs.lock.json`` beside it, atomically) unless the
    check fails. Raises :class:`~mi_refs.errors.DocumentError` for a letter that cannot
    be read, :class:`~mi_refs.errors.InvalidArgumentError` for an output that is an
    input."""
    if bibliography.path is None:
        raise InvalidArgumentError(
            "approve: the bibliography must be read from a file (mi_refs.load(path)): the "
            "lock file names it"
        )
    target = Path(output) if output is not None else default_lock_path(letter)
    check_output(target, [letter, bibliography.path])
    claims = read_claims(letter, bibliography)
    cited = cited_bibliography(claims, bibliography)
    registries = registries_for(
        online=online, registries=registries, mailto=mailto, api_key=api_key
    )
    directory = None if cache_dir is None else Path(cache_dir)
    report = check(
        cited, online=online, cache_dir=directory, use_cache=use_cache, mailto=mailto,
        style=style, ignore=ignore, acknowledge=acknowledge, registries=registries,
    )  # fmt: skip
    letter_findings = check_document(letter, bibliography=bibliography)
    failing = tuple(f for f in [*report.findings(), *letter_findings] if fails(f))
    unmatched = tuple(n for n, key in enumerate(claims.keys, start=1) if key is None)
    size = len(claims.keys)
    if failing or unmatched:
        return Approval(str(letter), None, size, failing, unmatched, report.notes, report)
    works = {reference.key: work_of(reference) for reference in cited}
    # the check's clients; what the check has just asked is read from the cache, not
    # asked again; the cache's notes are the check's
    with open_lookup(
        online=online, cache_dir=cache_dir, use_cache=use_cache, registries=registries
    ) as (run, _):
        states = survey(list(works.values()), run)
    acknowledged = {
        entry.key: [f for f in entry.findings if f.acknowledged] for entry in report.entries
    }
    rows = []
    for number, key in enumerate(claims.keys, start=1):
        assert key is not None  # unmatched items refused above
        work = works[key]
        rows.append(
            (
                number,
                cited[key],
                work,
                states.get(work) if work else None,
                acknowledged.get(key, []),
            )
        )
    moment = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    text = lock_json(
        lock_path=target, letter=Path(letter), bibliography=Path(bibliography.path),
        approved=moment.isoformat(), version=__version__, style=style, references=rows,
    )  # fmt: skip
    write_atomically(target, text)
    notes = tuple(dict.fromkeys([*report.notes, *run.notes()]))
    return Approval(str(letter), target, size, (), (), notes, report)
