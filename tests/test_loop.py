"""The daily loop end to end, as a writer and their CI run it (issue 15's "Done when").

add (PubMed + Crossref on the local fake registry) -> cite (.md, .html, .docx) ->
``check --doc --strict`` (the CI step) -> fix -> check again. The records have an
e-locator, an e-page range PubMed abbreviates (``e84-9``), an abbreviated range
(``1618-21``) and PubMed's trailing title period (tests/fixtures/loop/README.md): the
shapes on which check and fix used to undo each other. The loop must settle: what add
writes check accepts, fix on a clean file is empty, fix on a file it once wrote wrong
repairs it once, and a wrong superscript in a finished letter fails CI with its sentence.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main

from .conftest import build_docx
from .fakeregistry import FakeRegistry

LOOP = Path(__file__).parent / "fixtures" / "loop"
RECORDED = "esummary-pubmed-json-28806736-articleids-doi-pii-empty-references-journal-club.json"
PMIDS = ["30915450", "28806736", "9999941", "9999942", "38831655"]


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        recorded = json.loads((LOOP / RECORDED).read_text(encoding="utf-8"))
        server.add_pubmed(recorded["result"]["28806736"])
        constructed = json.loads((LOOP / "constructed.json").read_text(encoding="utf-8"))
        for record in constructed["pubmed"]:
            server.add_pubmed(record)
        for message in constructed["crossref"]:
            server.add_crossref(message)
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
        yield server


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def keys_by_pmid(bib_path: Path) -> dict[str, str]:
    bib = mi_refs.load(bib_path)
    return {ref.pmid: ref.key for ref in bib.references if ref.pmid}


@pytest.fixture
def added(registry: FakeRegistry, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A .bib built by ``add`` from five PMIDs; the letter will cite three of them."""
    bib = tmp_path / "references.bib"
    bib.write_text("% the letter's references\n", encoding="utf-8")
    cache = tmp_path / "cache"
    code, out, err = run("add", *PMIDS, "--bib", str(bib), "--cache-dir", str(cache))
    assert code == 0, out + err
    keys = keys_by_pmid(bib)
    assert sorted(keys) == sorted(PMIDS), bib.read_text(encoding="utf-8")
    return bib, cache, keys


def test_what_add_writes_check_accepts_and_fix_leaves_alone(
    added: tuple[Path, Path, dict[str, str]],
) -> None:
    bib, cache, _keys = added
    text = bib.read_text(encoding="utf-8")
    # The canonical forms: whole page ranges, no registry period on titles.
    assert re.search(r"pages\s*=\s*\{e84--e89\}", text), text
    assert re.search(r"pages\s*=\s*\{1618--1621\}", text), text
    assert "fictional cohort.}" not in text and "case report.}" not in text

    code, out, err = run("check", str(bib), "--strict", "--cache-dir", str(cache))
    assert code == 0, out + err
    code, out, err = run("fix", str(bib), "--cache-dir", str(cache))
    assert code == 0, out + err
    assert "@@" not in out, out  # an empty diff
    code, out, err = run("fix", str(bib), "--apply", "--cache-dir", str(cache))
    assert code == 0, out + err
    assert bib.read_text(encoding="utf-8") == text


def test_fix_repairs_what_an_old_fix_wrote_once_and_then_settles(
    added: tuple[Path, Path, dict[str, str]],
) -> None:
    bib, cache, _keys = added
    text = bib.read_text(encoding="utf-8")
    # What the old check/fix flip left behind: the MEDLINE abbreviation and a period.
    broken = text.replace("e84--e89", "e84--9").replace("1618--1621", "1618--21")
    bib.write_text(broken, encoding="utf-8")
    code, out, err = run("check", str(bib), "--strict", "--cache-dir", str(cache))
    # Abbreviated ranges are the same pages: at most a style finding, never a mismatch.
    assert "field-mismatch" not in out, out

    code, out, err = run("fix", str(bib), "--apply", "--cache-dir", str(cache))
    assert code == 0, out + err
    code, out, err = run("check", str(bib), "--strict", "--cache-dir", str(cache))
    assert code == 0, out + err
    once = bib.read_text(encoding="utf-8")
    code, out, err = run("fix", str(bib), "--cache-dir", str(cache))
    assert code == 0 and "@@" not in out, out + err
    code, out, err = run("fix", str(bib), "--apply", "--cache-dir", str(cache))
    assert bib.read_text(encoding="utf-8") == once


LETTER_MD = """\
# Response to your enquiry

A fictional paediatric series reported responses [@{a}]. The corneal study is cited
for contrast [see @{b}, p. 4], and post-transfusion purpura can mimic ITP [@{c}; @{a}].

Further reading: [@{b}].
"""


def letter(keys: dict[str, str]) -> str:
    return LETTER_MD.format(a=keys["9999941"], b=keys["28806736"], c=keys["30915450"])


def html_letter(keys: dict[str, str]) -> str:
    paragraphs = letter(keys).split("\n\n")[1:]
    body = "".join(f"<p>{p.strip()}</p>\n" for p in paragraphs)
    return f'<html><body>\n<h1>Response</h1>\n{body}<div id="refs"></div>\n</body></html>\n'


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_cite_then_ci_passes_a_correct_letter_and_fails_a_wrong_one(
    added: tuple[Path, Path, dict[str, str]], tmp_path: Path, suffix: str
) -> None:
    bib, cache, keys = added
    source = tmp_path / f"letter{suffix}"
    if suffix == ".md":
        source.write_text(letter(keys), encoding="utf-8")
    elif suffix == ".html":
        source.write_text(html_letter(keys), encoding="utf-8")
    else:
        paragraphs = letter(keys).split("\n\n")[1:]  # one Word paragraph each
        build_docx(
            "\n".join(p.replace("\n", " ") for p in paragraphs) + "\n[[references]]\n", source
        )
    cited = tmp_path / f"letter.cited{suffix}"
    code, out, err = run("cite", str(source), "--bib", str(bib), "-o", str(cited))
    assert code == 0, out + err

    # CI's step: the .bib holds five entries, the letter cites three; nothing fails.
    ci = ("check", str(bib), "--doc", str(cited), "--strict", "--offline",
          "--cache-dir", str(cache))  # fmt: skip
    code, out, err = run(*ci)
    assert code == 0, out + err
    assert "never cited" not in out, out

    # A finished letter with one superscript changed (3 where 2 stood: the corneal
    # study's citation now sends the reader to reference 3): CI fails and quotes it.
    wrong = tmp_path / f"letter.wrong{suffix}"
    _swap_first_two(cited, wrong)
    code, out, err = run(*ci[:3], str(wrong), *ci[4:])
    assert code == 1, out + err
    assert "corneal study is cited" in out, out


def _swap_first_two(cited: Path, wrong: Path) -> None:
    """Change the second superscript number of the letter from 2 to 3."""
    if cited.suffix == ".docx":
        import docx

        document = docx.Document(str(cited))
        for paragraph in document.paragraphs:
            for run_ in paragraph.runs:
                if run_.font.superscript and run_.text.startswith("2"):
                    run_.text = "3" + run_.text[1:]
                    document.save(str(wrong))
                    return
        raise AssertionError("no superscript 2 in the cited Word letter")
    text = cited.read_text(encoding="utf-8")
    marks = {".md": ("^2", "^3"), ".html": ('">2', '">3')}[cited.suffix]  # <sup><a href="#ref-x">2
    assert marks[0] in text, text
    wrong.write_text(text.replace(marks[0], marks[1], 1), encoding="utf-8")


UNCITED = """
@article{other2020,
  author = {Other, A},
  title = {An uncited article of the department's},
  journal = {Artificial Intelligence},
  year = {2020},
  volume = {3},
  pages = {1--5},
}
"""


def test_ci_passes_a_correct_letter_whatever_else_the_bib_holds(
    added: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    """The department's .bib holds an entry the letter does not cite, with a warning and
    no identifier (unverified): ``check BIB --doc LETTER --strict`` judges every entry
    used to fail the correct letter for it. Now only the entries the letter's own list
    prints are checked with ``--doc``, the rest named in a note (``--all-entries``: all)."""
    bib, cache, keys = added
    with bib.open("a", encoding="utf-8") as file:
        file.write(UNCITED)
    source = tmp_path / "letter.md"
    source.write_text(letter(keys), encoding="utf-8")
    cited = tmp_path / "letter.cited.md"
    code, out, err = run("cite", str(source), "--bib", str(bib), "-o", str(cited))
    assert code == 0, out + err
    ci = ("check", str(bib), "--doc", str(cited), "--strict", "--offline",
          "--cache-dir", str(cache))  # fmt: skip
    code, out, err = run(*ci)
    assert code == 0, out + err
    assert "other2020" not in out.replace("not cited", ""), out
    assert "3 entries" in out and "3 entries the letters do not cite" in out, out
    # The .bib alone is still checked whole, and fails --strict for the uncited entry.
    code, out, err = run(*ci[:2], *ci[4:])
    assert code == 1 and "other2020" in out, out + err
    # A problem in an entry the letter does cite still fails CI.
    text = bib.read_text(encoding="utf-8")
    start = text.index("@article{" + keys["9999941"])
    year = re.compile(r"(year\s*=\s*\{)2021\}")
    bib.write_text(text[:start] + year.sub(r"\g<1>2019}", text[start:], count=1), encoding="utf-8")
    code, out, err = run(*ci)
    assert code == 1 and "field-mismatch [year]" in out, out + err
