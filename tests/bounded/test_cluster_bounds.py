"""A citation cluster of any length is read once, as one cluster (issue 22: a Word
letter with one cluster of 200,000 keys took 1.2 GB: past 4,000 characters the cluster
was no cluster, and each key became a narrative citation with runs of its own)."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable

import docx

import mi_refs
from mi_refs.documents.syntax import find_citations
from tests.bounded.timing import assert_linear

BIB = mi_refs.loads(
    "@article{a, author = {Smith, John}, title = {T}, journal = {J}, year = 2020}\n"
    "@article{b, author = {Jones, Ann}, title = {U}, journal = {J}, year = 2021}\n"
)


def letter(keys: int) -> bytes:
    document = docx.Document()
    cluster = "; ".join("@a" if index % 2 else "@b" for index in range(keys))
    document.add_paragraph(f"Text [{cluster}].")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_long_cluster_is_one_cluster() -> None:
    text = "Text [" + "; ".join("@a" for _ in range(5_000)) + "]."
    groups = find_citations(text)
    assert len(groups) == 1 and len(groups[0].cites) == 5_000 and not groups[0].narrative


def test_a_word_letter_with_one_cluster_of_10000_keys_gets_one_superscript() -> None:
    data = letter(10_000)
    tracemalloc.start()
    try:
        cited = mi_refs.cite_docx(data, BIB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 60_000_000  # 10,000 narrative citations with runs of their own before
    first = docx.Document(io.BytesIO(bytes(cited.content))).paragraphs[0]
    assert first.text == "Text.1,2"
    assert [run.font.superscript for run in first.runs] == [None, True]


def test_touching_clusters_merge_in_linear_time() -> None:
    def make(count: int) -> Callable[[], object]:
        text = "Text " + "[@a]" * count + "."
        return lambda: find_citations(text)

    assert_linear(make, 5_000)
