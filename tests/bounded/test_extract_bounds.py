"""``extract``'s readers are linear (issue 22 item 6): finding the printed list
(``intake/listing.py``) and reading one printed reference (``intake/typed.py``).

Each case is an input that took seconds to minutes before the commit that added it (the
time before, on the shared machine, is in each case's comment: ``python -c`` timing one
call in a fresh process, stopped at 90 s); each must finish in about a second now. The
rewritten code is held to what the old code found by property tests, the old code kept
here as the reference."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mi_refs.intake import listing, typed
from tests.bounded.timing import assert_linear

N = 20_000

CASES: dict[str, Callable[[], object]] = {
    # a run-in heading's spaces (``[ \t]*(?:[*_]{1,3})?[ \t]*``, quadratic): 5.5 s
    "run-in heading padded": lambda: listing.find_listing(["References:" + " " * N + "x"]),
    # each heading rescanned the document for running heads and its list: over 90 s
    "headings": lambda: listing.find_listing(["References"] * N),
    # each run-in line looked for a heading in every line after it: over 90 s
    "run-in lines": lambda: listing.find_listing(["References: 1. a"] * N + ["References"]),
    # each ``1.`` line scanned to the heading that ends its list: over 90 s
    "item 1 lines before a heading": lambda: listing.find_listing(
        ["1. a"] * N + ["References", "x"]
    ),
    # ... or to a last line every list skips (a page footer): over 90 s
    "item 1 lines before a page footer": lambda: listing.find_listing(
        ["1. a", "b"] * (N // 2) + ["Page 1 of 2"]
    ),
    # ... or to a stray page number at the end, skipped by each (2,000 items: 10.6 s)
    "item 1 lines before a stray page number": lambda: listing.find_listing(
        ["1. a", "b"] * (N // 2) + ["7"]
    ),
    # a line joined to a growing item was copied and searched whole each time: 3.3 s
    "words broken at line ends": lambda: listing.find_listing(["1. a-"] + ["a-"] * N),
    # each page number looked at the whole last line before it: over 90 s
    "page numbers after a long line": lambda: listing.find_listing(
        ["1. " + "a" * 10 * N] + ["7"] * N
    ),
    # an abbreviation's sentence copied at each of its periods: 1 MB of ``vs. `` 35.1 s
    "abbreviations": lambda: typed._sentences("vs. " * 250_000),
}


@pytest.mark.parametrize("name", list(CASES))
def test_pathological_input_finishes_in_about_a_second(name: str) -> None:
    start = time.process_time()
    CASES[name]()
    assert time.process_time() - start < 2.0


def test_finding_the_list_grows_linearly_with_headings() -> None:
    assert_linear(lambda n: lambda: listing.find_listing(["References"] * n), 5_000)


def test_sentences_grow_linearly_with_abbreviations() -> None:
    assert_linear(lambda n: lambda: typed._sentences("U.S. " * n), 20_000)


# --- the old code, the reference the rewrites are held to ---------------------------

OLD_RUN_IN = re.compile(
    r"[ \t]*(?:[*_]{1,3})?(?:" + listing._WORDS + r")[ \t]*:[ \t]*(?:[*_]{1,3})?[ \t]*(?=\[?1\b)",
    re.IGNORECASE,
)


def old_joined(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        url = listing._URL_END.search(previous[-2100:]) if previous else None
        if url is not None and (
            previous.endswith(("/", "-", "_", "=", "&", "?", "#"))
            or (
                (rest := listing._URL_REST.match(line)) is not None
                and re.search(r"[/.]", rest.group(0))
            )
        ):
            out[-1] = previous + line
        elif re.search(r"[a-z]-$", previous) and line[:1].islower():
            suffix = listing._SUFFIX_WORD.match(line) is not None
            out[-1] = (previous[:-1] if suffix else previous) + line
        elif line:
            out.append(line)
    return " ".join(out).strip()


def old_heads(lines: list[str], start: int) -> set[str]:
    seen: dict[str, int] = {}
    before: set[str] = set()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if len(stripped) < 8 or listing._number(stripped) is not None:
            continue
        shape = listing._shape(stripped)
        seen[shape] = seen.get(shape, 0) + 1
        if index < start:
            before.add(shape)
    return {s for s, c in seen.items() if s in before and (c >= 3 or (c >= 2 and "#" in s))}


def old_items(lines: list[str], start: int, markdown: bool) -> tuple[int, int, list[str]] | None:
    items: list[list[str]] = []
    first = end = -1
    continued = blank = False
    heads = old_heads(lines, start)
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if (
            not stripped
            or not listing._LABELS.sub("", stripped).strip()
            or listing._PAGE_FOOTER.fullmatch(stripped)
            or (heads and listing._shape(stripped) in heads)
            or (
                items
                and listing._LONE_NUMBER.fullmatch(stripped)
                and int(stripped) != len(items) + 1
                and not re.search(r"(?:[:;,(\-–]|\bp\.|\bpp\.)$", items[-1][-1].rstrip())
            )
        ):
            blank = blank or not stripped
            continue
        if markdown and stripped.startswith(("#", ":::")) and items:
            break
        numbered = listing._number(stripped)
        if numbered is not None and not (
            items and listing._continues(stripped, numbered[0], len(items) + 1, lines[index - 1])
        ):
            if numbered[0] != len(items) + 1:
                if items:
                    break
                continue
            items.append([numbered[1]])
            first = index if first < 0 else first
            end, blank = index + 1, False
            continue
        if not items:
            continue
        last = items[-1][-1] if items[-1][-1] or len(items[-1]) == 1 else items[-1][-2]
        finished = last.rstrip().endswith((".", "]", ")"))
        if listing.is_heading(stripped) or (
            finished
            and not continued
            and (len(items) >= 3 or blank)
            and not listing._ahead(lines, index)
        ):
            break
        items[-1].append(stripped)
        continued, end, blank = True, index + 1, False
    return (first, end, [old_joined(parts) for parts in items]) if items else None


def old_find_listing(lines: list[str], markdown: bool) -> tuple[int, int, list[str]] | None:
    for index in range(len(lines) - 1, -1, -1):
        run_in = listing._run_in(lines[index].strip())
        if run_in is not None and not any(
            listing.is_heading(line.strip()) for line in lines[index:]
        ):
            return index, index + 1, run_in
        if listing.is_heading(lines[index].strip()):
            found = old_items(lines, index + 1, markdown)
            if found is not None:
                return found
    starts = [
        i for i, line in enumerate(lines) if (n := listing._number(line.strip())) and n[0] == 1
    ]
    for start in reversed(starts):
        found = old_items(lines, start, markdown)
        if found is not None and not any(line.strip() for line in lines[found[1] :]):
            return found
    return None


# --- the property tests --------------------------------------------------------------

LINES = [
    "References", "1. Smith A. Title. J. 2020;1:2.", "2. B", "3. C.", "1. x", "2) y", "[3] z",
    "4 w", "", "  ", "Page 3 of 4", "ESC Guidelines 3919", "ESC Guidelines 3920",
    "1234. Journal of things", "2020. Journal of things", "# Notes", "::: x",
    "References: 1. A. 2. B.", "Literatur:", "[DOI] [PubMed]", "7", "12", "2 Sep, 2022].",
    "[Accessed", "continued text", "more text.", "https://example.org/a-", "b.pdf", "Nurs-",
    "ing care", "placebo-", "1 / 2", "- 3 -", "et al,", "1.Text", "- 1. bullet",
    "** References **", "2020;395:", "1021", "Smith et al. BMC Med (2020) 18:12 Page 9 of 11",
]  # fmt: skip


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(LINES), max_size=24), st.booleans())
def test_the_list_found_is_the_one_the_old_scan_found(lines: list[str], markdown: bool) -> None:
    found = listing.find_listing(lines, markdown=markdown)
    assert (found and (found.first, found.end, found.items)) == old_find_listing(lines, markdown)


TRAILING = ["1. a", "2. b", "3. c.", "b", "c;", "7", "2", "x.", "", "1. x p.", "[Accessed"]


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(TRAILING), max_size=24))
def test_the_trailing_list_is_the_one_the_old_scan_found(lines: list[str]) -> None:
    found = listing.find_listing(lines)
    assert (found and (found.first, found.end, found.items)) == old_find_listing(lines, False)


PIECES = ["a-", "ing", "ed x", "b", "x/", "http://x", "www.y", "c.d", "", "A", "-", "ab-", "\n"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from([*PIECES, "tion", "x" * 2100, "http://" + "y" * 2095]), max_size=12)
)
def test_lines_are_joined_as_before(lines: list[str]) -> None:
    assert listing._joined(lines) == old_joined(lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", ":", "*", "**", "References", "1", "[1", "x"])))
def test_run_in_heading_is_what_the_old_pattern_matched(pieces: list[str]) -> None:
    text = "".join(pieces)
    old, new = OLD_RUN_IN.match(text), listing._RUN_IN.match(text)
    assert (old and old.span()) == (new and new.span())


SENTENCE_PIECES = ["vs", "al", "U.S", ".", " ", "  ", "\t", "?", "!", "a", "x y", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=25).map("".join), st.data())
def test_a_sentences_last_word_is_what_the_copied_piece_gave(
    text: str, data: st.DataObject
) -> None:
    stop = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, stop))
    lead = start
    while lead < stop and text[lead].isspace():
        lead += 1
    old = text[start:stop].strip().rsplit(" ", 1)[-1]  # what _sentences copied each time
    assert typed._last_word(text, lead, stop) == old
