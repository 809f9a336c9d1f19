"""Reading back what the writer wrote: the problems each written entry gives when it is
loaded (``import`` notes an entry that does not load cleanly), as :func:`parse_bibtex`
of the entries gives them, at the cost of a scan of each entry's text.

An entry laid out as the writer lays it out is read by
:func:`~mi_refs.bibtex.read.read_written_entry` (no splitter), and its fields are built
only when they differ from the fields its reference was built from in a way that could
change an issue (:func:`~mi_refs.bibtex.fields.same_issues`). Any other text, and any
batch with such a text, is read by :func:`parse_bibtex` itself. Reading back 200,000
imported entries with the splitter and a second build was half the import's time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from mi_refs.bibtex.fields import FieldIssue, build_reference, same_issues
from mi_refs.bibtex.read import issue_problems, parse_bibtex, read_written_entry
from mi_refs.model import Problem

__all__ = ["Built", "entry_problems", "written_problems"]

_SOURCE = "<string>"  # what parse_bibtex names text in its problems


@dataclass(frozen=True, slots=True)
class Built:
    """What a reference was built from (entry type and raw fields, as given to
    :func:`~mi_refs.bibtex.fields.build_reference`) and the issues that gave."""

    entry_type: str
    fields: Sequence[tuple[str, str]]
    issues: Sequence[FieldIssue]


def entry_problems(key: str, text: str, built: Built | None = None) -> tuple[Problem, ...] | None:
    """The problems loading ``text`` (one entry, key ``key``) gives, each on the entry's
    first line (line 1); ``None`` when the text is not laid out as the writer lays it out
    (only :func:`parse_bibtex` can tell then). ``built``: what the entry's reference was
    built from, whose issues stand when the text reads back as the same fields."""
    read = read_written_entry(text)
    if read is None or read[1] != key:
        return None
    entry_type, _, fields = read
    if built is not None and built.entry_type == entry_type and same_issues(built.fields, fields):
        issues: Sequence[FieldIssue] = built.issues
    else:
        issues = build_reference(key, entry_type, fields, 1)[1]
    return tuple(issue_problems(issues, _SOURCE, 1, key))


def written_problems(
    entries: Iterable[tuple[str, str, tuple[Problem, ...] | None]], batch: int = 1_000
) -> Iterator[Problem]:
    """The problems of these entries (key, text as written, what :func:`entry_problems`
    found or ``None``) as :func:`parse_bibtex` gives them for their keys when they are
    read back ``batch`` at a time, joined by blank lines (lines counted in the batch;
    memory stays that of one batch). A batch with an entry :func:`entry_problems` could
    not read is read by :func:`parse_bibtex`."""
    chunk: list[tuple[str, str, tuple[Problem, ...] | None]] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == batch:
            yield from _batch_problems(chunk)
            chunk = []
    if chunk:
        yield from _batch_problems(chunk)


def _batch_problems(
    chunk: Sequence[tuple[str, str, tuple[Problem, ...] | None]],
) -> Iterator[Problem]:
    keys = {key for key, _, _ in chunk}
    if len(keys) < len(chunk) or any(found is None for _, _, found in chunk):
        text = "\n\n".join(text for _, text, _ in chunk) + "\n"
        yield from (problem for problem in parse_bibtex(text).problems if problem.key in keys)
        return
    line = 1
    for _, text, found in chunk:
        for problem in found or ():
            yield dataclasses.replace(problem, line=line)
        line += text.count("\n") + 2
