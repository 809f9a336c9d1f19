"""The citation conformance suite (``citations/cases.toml``: pandoc's and citeproc's own
test inputs, sources in ``citations/README.md``) through the pandoc filter and the real
pandoc binary, compared with ``mi-refs cite`` on the same case.

For every case: pandoc reads the Markdown (``-t json``, the case's .bib named with
``-M bibliography=...``), the filter cites the AST in-process (:func:`mi_refs.pandoc.
main.filter_json`, what the console script runs), and pandoc writes Markdown, HTML and
Word (.docx, its superscript runs read from the package's XML). The citation superscripts
of the AST and of each output are those of ``mi-refs cite``'s output for the same case
(the numbers and locators; the order too, except that pandoc's writers move notes to the
end, so a case with notes compares them as a multiset), and the list is in ``cite``'s
order. A case ``cite`` refuses (undefined keys) the filter refuses too, naming the same
keys. The cases without notes are written together, one pandoc run per format.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import tempfile
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

import mi_refs

from ..pandoc_helpers import needs_pandoc, pandoc, run_filter
from .test_pandoc_citations import (
    case_bib_text,
    citation_clusters,
    cite_text,
    listed_keys,
    load_cases,
    normalize_cluster,
    superscripts,
)

_SUP = re.compile(r"<sup>(.*?)</sup>", re.DOTALL)
_LOOSE = re.compile(r"\^(\d(?:\\.|[^\n^\\$])*?)\^")  # pandoc writes "^1(pp3, 7)^" unescaped
_NOTE_REF = re.compile(r'<a href="#fn\d+"[^>]*class="footnote-ref"[^>]*>\s*<sup>.*?</sup>\s*</a>')
_NOTE_MARK = re.compile(r"\[\^\d+\]")


_MATH = re.compile(r'<span class="math (?:inline|display)">.*?</span>', re.DOTALL)


def html_superscripts(text: str) -> list[str]:
    """The ``<sup>`` of pandoc's HTML but note marks and TeX math's (``mc<sup>2</sup>``)."""
    text = _MATH.sub(" ", _NOTE_REF.sub(" ", text))
    return [
        normalize_cluster(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))))
        for match in _SUP.finditer(text)
    ]


def ast_superscripts(data: str) -> list[str]:
    """The text of every Superscript of pandoc's JSON, in document order (a note's where
    it is referenced)."""
    import panflute as pf

    doc = pf.load(io.StringIO(data))
    found: list[str] = []

    def visit(element: Any, _doc: Any) -> None:
        if isinstance(element, pf.Superscript):
            found.append(normalize_cluster(pf.stringify(element)))

    doc.walk(visit)
    return [sup for sup in found if sup]


def _has_notes(markdown: str) -> bool:
    return "^[" in markdown or bool(re.search(r"\[\^[^\]]+\]", markdown))


Filtered = tuple[str | None, str | None, str | None, str, list[str]]
_MARK = "CASEMARK-"


def _write(data: str, to: str) -> str:
    written = pandoc("-f", "json", "-t", to, "--wrap=none", data=data.encode())
    assert written.returncode == 0, written.stderr.decode()
    return written.stdout.decode()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_superscripts(data: str, folder: Path) -> list[list[str]]:
    """pandoc's JSON written as .docx: the text of each superscript run (``w:vertAlign``
    superscript; a note's mark is a character style, not one) of the body, then of the
    notes, grouped at each marker paragraph (``CASEMARK-n``: one group per case)."""
    target = folder / "out.docx"
    written = pandoc("-f", "json", "-o", str(target), data=data.encode())
    assert written.returncode == 0, written.stderr.decode()
    groups: list[list[str]] = [[]]
    with zipfile.ZipFile(target) as package:
        parts = [name for name in ("word/document.xml", "word/footnotes.xml")
                 if name in package.namelist()]  # fmt: skip
        for name in parts:
            for paragraph in ElementTree.fromstring(package.read(name)).iter(f"{_W}p"):
                text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))
                if text.startswith(_MARK):
                    groups.append([])
                    continue
                for run in paragraph.iter(f"{_W}r"):
                    align = run.find(f"{_W}rPr/{_W}vertAlign")
                    if align is not None and align.get(f"{_W}val") == "superscript":
                        sup = "".join(t.text or "" for t in run.iter(f"{_W}t"))
                        if sup.strip():
                            groups[-1].append(normalize_cluster(sup))
    return groups


def _read_and_cite(case: dict[str, Any], folder: Path) -> tuple[str | None, str]:
    """The case read by pandoc (its .bib named with ``-M bibliography=``) and cited by
    the filter in-process: the cited JSON, or ``None`` and the refusal's message."""
    bib = folder / "refs.bib"
    bib.write_text(case_bib_text(case), encoding="utf-8")
    read = pandoc("-f", "markdown", "-t", "json", "-M", f"bibliography={bib}",
                  data=case["markdown"].encode())  # fmt: skip
    assert read.returncode == 0, read.stderr.decode()
    before = Path.cwd()
    os.chdir(folder)  # no [tool.mi-refs] of this repository
    try:
        return run_filter(read.stdout.decode(), "markdown")[0], ""
    except mi_refs.UndefinedCitationError as error:
        return None, str(error)
    finally:
        os.chdir(before)


@cache
def all_filtered() -> dict[str, Filtered]:
    """Every case through pandoc and the filter: the cited JSON, Markdown and HTML
    output (``None`` when the filter refused), and the refusal's message. The cases
    without notes are written by one pandoc run per format (each case after a marker
    paragraph); a case with notes alone (its writer gathers the notes at the end)."""
    results: dict[str, Filtered] = {}
    batch: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as folder:
        for case in load_cases():
            cited, refused = _read_and_cite(case, Path(folder))
            if cited is None:
                results[case["id"]] = (None, None, None, refused, [])
            elif _has_notes(case["markdown"]):
                word = word_superscripts(cited, Path(folder))[0]
                markdown, page = _write(cited, "markdown"), _write(cited, "html")
                results[case["id"]] = (cited, markdown, page, "", word)
            else:
                batch.append((case["id"], json.loads(cited)))
        if batch:
            blocks: list[Any] = []
            for number, (_, data) in enumerate(batch):
                blocks.append({"t": "Para", "c": [{"t": "Str", "c": f"{_MARK}{number}"}]})
                blocks += data["blocks"]
            whole = json.dumps({**batch[0][1], "meta": {}, "blocks": blocks})
            words = word_superscripts(whole, Path(folder))[1:]
            outputs = {to: _write(whole, to) for to in ("markdown", "html")}
            pieces = {to: re.split(_MARK + r"\d+", text)[1:] for to, text in outputs.items()}
            for number, (case_id, data) in enumerate(batch):
                results[case_id] = (
                    json.dumps(data),
                    pieces["markdown"][number],
                    pieces["html"][number],
                    "",
                    words[number],
                )
    return results


def _new(source: str, found: list[str]) -> list[str]:
    """``found`` less the superscripts the source had already (``10^9^``)."""
    carried = Counter(superscripts(source))
    out = []
    for sup in found:
        if carried[sup]:
            carried[sup] -= 1
        else:
            out.append(sup)
    return out


def _compare(got: list[str], want: list[str], notes: bool) -> bool:
    return Counter(got) == Counter(want) if notes else got == want


@needs_pandoc
@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in load_cases()])
def test_case_through_the_filter_numbers_as_cite_does(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no [tool.mi-refs] of this repository
    bib = mi_refs.loads(case_bib_text(case), "refs.bib")
    try:
        by_cite = cite_text(case["markdown"], bib).text
    except mi_refs.UndefinedCitationError as error:
        markdown, _, _, refused, _ = all_filtered()[case["id"]]
        assert markdown is None, "cite refused, the filter did not"
        for problem in error.problems:
            assert repr(problem.key) in refused
        return
    cited, markdown, page, refused, word = all_filtered()[case["id"]]
    assert cited is not None and markdown is not None and page is not None, refused
    want = citation_clusters(case["markdown"], by_cite)
    notes = _has_notes(case["markdown"])
    in_ast = _new(case["markdown"], ast_superscripts(cited))
    assert _compare(in_ast, want, notes), f"AST: {in_ast} != cite's {want}"
    loose = [normalize_cluster(m.group(1)) for m in _LOOSE.finditer(_NOTE_MARK.sub(" ", markdown))]
    got = _new(case["markdown"], loose)
    assert _compare(got, want, notes), f"Markdown: {got} != cite's {want}"
    in_page = _new(case["markdown"], html_superscripts(page))
    assert _compare(in_page, want, notes), f"HTML: {in_page} != cite's {want}"
    in_word = _new(case["markdown"], word)
    assert _compare(in_word, want, notes), f"Word: {in_word} != cite's {want}"
    assert listed_keys(markdown) == listed_keys(by_cite)
    assert listed_keys(page) == listed_keys(by_cite)
