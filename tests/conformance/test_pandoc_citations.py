"""Citation syntax conformance: cases from pandoc's and citeproc's test suites.

Each case in ``citations/cases.toml`` is Markdown whose expected citation clusters and
reference-list order were computed once with real pandoc (``--citeproc`` and the AMA CSL
style; see ``citations/README.md`` and ``citations/derive.py``). This module runs mi-refs on
each input through the public API and compares:

- the citation superscripts (``^...^``) in the output, in order, with the expected clusters;
- the order of the reference list (each fixture entry's title carries a token ``fixtNNN``);
- substrings that must come out byte-identical (code, YAML, link definitions, ...);
- where the list goes, when a case says (``list_after`` / ``list_before``);
- for a case with undefined keys, that mi-refs refuses with ``UndefinedCitationError``.

No test runs pandoc or touches the network: the expectations are stored data. Cases that
fail today are listed in ``KNOWN_FAILURES`` and marked ``xfail(strict=True)``, so a fix
must remove its ids. ``tools/citation_conformance.py`` prints the worklist.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import mi_refs

HERE = Path(__file__).resolve().parent / "citations"
CASES_FILE = HERE / "cases.toml"
BIB_FILE = HERE / "refs.bib"

# A pandoc superscript: no unescaped whitespace, no unescaped caret inside.
SUPERSCRIPT = re.compile(r"\^(?!\[)((?:\\.|[^ \t\r\n^\\])+)\^")
TITLE_TOKEN = re.compile(r"fixt(\d{3})", re.IGNORECASE)
ENTRY_START = re.compile(r"^@\w+\{(?P<key>[^,\s]+),", re.MULTILINE)

# Ids of cases that fail today; every fix must remove its ids (the marks are strict).
KNOWN_FAILURES: frozenset[str] = frozenset(
    {
        # pandoc 3.9 keeps a prefixed first item first ("see 2(chap3),1,3"); mi-refs sorts
        "mdcit-footnote-definitions",
        # "{ p. 9 }" gives pandoc "pp9"; mi-refs "p9" (one page)
        "locators-delimited-08",
    }
)


QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def normalize_cluster(text: str) -> str:
    """A superscript's text as compared: escapes undone (``\\ `` is a space), an en dash
    (or ``--``, pandoc's smart en dash) read as the hyphen mi-refs writes, curly quotes
    as straight ones (pandoc's smart quotes), runs of spaces as one."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = text.replace("--", "\u2013").replace("\u2013", "-")
    text = text.translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def superscripts(text: str) -> list[str]:
    """Every ``^...^`` superscript of Markdown text, in order, normalised."""
    return [normalize_cluster(match.group(1)) for match in SUPERSCRIPT.finditer(text)]


def citation_clusters(source: str, output: str) -> list[str]:
    """The superscripts of ``output`` that are not already in ``source`` (``10^9^`` in the
    input stays a superscript in the output but is no citation)."""
    carried = Counter(superscripts(source))
    clusters = []
    for sup in superscripts(output):
        if carried[sup]:
            carried[sup] -= 1
            continue
        clusters.append(sup)
    return clusters


@cache
def bib_entries() -> dict[str, str]:
    """The fixture .bib, entry by entry: key to the entry's text."""
    text = BIB_FILE.read_text(encoding="utf-8")
    starts = list(ENTRY_START.finditer(text))
    entries = {}
    for match, following in zip(starts, [*starts[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        entries[match.group("key")] = text[match.start() : end].rstrip() + "\n"
    return entries


@cache
def token_keys() -> dict[str, str]:
    """Title token number (``017`` of ``fixt017``) to key."""
    found = {}
    for key, entry in bib_entries().items():
        match = TITLE_TOKEN.search(entry)
        assert match, f"fixture entry {key} has no fixtNNN title token"
        found[match.group(1)] = key
    return found


def listed_keys(output: str) -> list[str]:
    """The keys of the reference list in ``output``, in order, from the title tokens."""
    keys = []
    for match in TITLE_TOKEN.finditer(output):
        key = token_keys().get(match.group(1), f"<unknown fixt{match.group(1)}>")
        if key not in keys:
            keys.append(key)
    return keys


@cache
def load_cases() -> list[dict[str, Any]]:
    data = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))
    return list(data["case"])


def case_bib_text(case: dict[str, Any]) -> str:
    """The .bib a case is run with: its ``bib_keys`` only, else the whole fixture file."""
    keys = case.get("bib_keys")
    if keys is None:
        return BIB_FILE.read_text(encoding="utf-8")
    return "\n".join(bib_entries()[key] for key in keys)


def cite_text(text: str, bib: mi_refs.Bibliography) -> Any:
    """mi-refs' public entry point for citing text."""
    return mi_refs.cite_text(text, bib, format="markdown")


@dataclass
class Outcome:
    """What mi-refs did with one case, and how that differs from pandoc's result."""

    case: dict[str, Any]
    output: str | None = None
    clusters: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def run_case(case: dict[str, Any]) -> Outcome:
    """Run mi-refs on one case and compare with the stored expectations."""
    outcome = Outcome(case)
    bib = mi_refs.loads(case_bib_text(case), "refs.bib")
    undefined = case.get("undefined")
    try:
        result = cite_text(case["markdown"], bib)
    except mi_refs.UndefinedCitationError as error:
        if not undefined:
            outcome.problems.append(f"raised UndefinedCitationError: {error}")
        elif missing := [key for key in undefined if key not in str(error)]:
            outcome.problems.append(f"the error does not name {missing}: {error}")
        return outcome
    except Exception as error:  # a crash is a finding like any other
        outcome.problems.append(f"raised {type(error).__name__}: {error}")
        return outcome
    if undefined:
        outcome.problems.append(f"expected UndefinedCitationError for {undefined}; none raised")
    outcome.output = result.text
    outcome.clusters = citation_clusters(case["markdown"], result.text)
    outcome.references = listed_keys(result.text)
    if not undefined:
        for what, got in (("clusters", outcome.clusters), ("references", outcome.references)):
            if got != case[what]:
                outcome.problems.append(f"{what}: expected {case[what]}, got {got}")
    outcome.problems += text_problems(case, result.text)
    outcome.problems += word_problems(case, result.text)
    return outcome


WORD = re.compile(r"[^\W\d_]{2,}")


def word_problems(case: dict[str, Any], output: str) -> list[str]:
    """Where pandoc printed prefix or suffix words inside the superscript
    (``pandoc_clusters``), mi-refs must keep them in the running text, outside every
    superscript."""
    if "pandoc_clusters" not in case:
        return []
    text = SUPERSCRIPT.sub(" ", output)
    words = [
        word
        for cluster in case["pandoc_clusters"]
        for word in WORD.findall(re.sub(r"\d+\((?:[^()]|\([^()]*\))*\)", " ", cluster))
    ]
    return [f"the word {word!r} is not in the running text" for word in words if word not in text]


def text_problems(case: dict[str, Any], output: str) -> list[str]:
    """What is wrong with ``output`` besides the numbers: changed bytes, misplaced list."""
    problems = [
        f"not unchanged: {piece!r}" for piece in case.get("unchanged", []) if piece not in output
    ]
    first_entry = TITLE_TOKEN.search(output)
    if first_entry is None:
        return problems
    after = case.get("list_after")
    if after is not None and not 0 <= output.find(after) < first_entry.start():
        problems.append(f"the list is not after {after!r}")
    before = case.get("list_before")
    if before is not None and output.find(before, first_entry.start()) < 0:
        problems.append(f"the list is not before {before!r}")
    return problems


def _params() -> list[Any]:
    params = []
    for case in load_cases():
        marks = []
        if case["id"] in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason="known citation-syntax gap"))
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def test_case_ids_are_unique_and_known_failures_exist() -> None:
    ids = [case["id"] for case in load_cases()]
    assert len(ids) == len(set(ids))
    assert set(ids) >= KNOWN_FAILURES, sorted(KNOWN_FAILURES - set(ids))


def test_every_case_names_its_source() -> None:
    for case in load_cases():
        assert re.match(r"jgm/(pandoc|citeproc)@[0-9a-f]{40}:\S+", case["source"]), case["id"]


@pytest.mark.parametrize("case", _params())
def test_citation_case(case: dict[str, Any]) -> None:
    outcome = run_case(case)
    assert outcome.passed, "\n".join(outcome.problems)
