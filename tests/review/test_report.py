"""``mi-refs report`` on the seed letter (issue 21, item 1).

The letter is ``tests/fixtures/documents/seed-letter.md`` (the seed letter's body with its
superscripts marked, see that folder's README); its list is judged through
``tests/fixtures/seed-as-printed.bib`` (the list as printed, with its wrong journals) or
the corrected ``references.bib``. Registries: the local fake (``tests/fakeregistry.py``),
with a retraction and a newer version added where a test says so."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main
from mi_refs.review.build import review_letter
from mi_refs.review.formats import format_review
from tests.fakeregistry import FakeRegistry

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "tests" / "fixtures" / "documents" / "seed-letter.md"
AS_PRINTED = ROOT / "tests" / "fixtures" / "seed-as-printed.bib"
CORRECTED = ROOT / "references.bib"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("MI_REFS_CTGOV_URL", server.pubmed_url.replace("/eutils", "/ctgov"))
        monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
        yield server


def retract_and_supersede(server: FakeRegistry) -> None:
    """#16 (evenor2022cytopenias) retracted, #15 (milito2019purpura) superseded by a
    newer version, on Crossref (made-up notices under the test prefix 10.5555/)."""
    evenor = dict(server.crossref["10.3389/fimmu.2022.879994"])
    evenor["updated-by"] = [
        {"DOI": "10.5555/mirefs.2025.0101", "type": "retraction", "source": "publisher",
         "updated": {"date-parts": [[2025, 6, 2]]}},
    ]  # fmt: skip
    server.add_crossref(evenor)
    milito = dict(server.crossref["10.1093/labmed/lmz004"])
    milito["updated-by"] = [
        {"DOI": "10.5555/mirefs.2025.0102", "type": "new_version", "source": "publisher",
         "updated": {"date-parts": [[2025, 1, 15]]}},
    ]  # fmt: skip
    server.add_crossref(milito)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in {"href", "src", "action", "srcset", "data", "poster"}:
                self.urls.append(value or "")


def assert_self_contained(page: str) -> None:
    parser = _Links()
    parser.feed(page)
    assert not parser.tags & {"script", "link", "img", "iframe", "object", "embed", "form"}
    for url in parser.urls:
        assert url.startswith(("#", "https://")), url
    assert "url(" not in page and "@import" not in page


def test_seed_letter_report_lists_every_reference_and_citing_sentence(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    out = tmp_path / "review.html"
    code, _, err = run(
        "report", str(LETTER), "--bib", str(AS_PRINTED), "-o", str(out),
        "--cache-dir", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code == 1, err  # the as-printed list has errors (the wrong journal of #4)
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    bib = mi_refs.load(AS_PRINTED)
    for number, key in enumerate(bib.keys, start=1):
        assert f'id="ref-{number}"' in page
        assert f"<code>{key}</code>" in page
    assert 'id="ref-21"' not in page
    # every citing sentence of the letter, under every reference it cites
    review = json.loads(run("report", str(LETTER), "--bib", str(AS_PRINTED), "--format",
                            "json", "--cache-dir", str(tmp_path / "cache"))[1])  # fmt: skip
    assert len(review["letter_view"]) == 24
    cards = {card["number"]: card for card in review["references"]}
    for occurrence in review["letter_view"]:
        for number in occurrence["numbers"]:
            assert occurrence["occurrence"] in [c["occurrence"] for c in cards[number]["citations"]]
            assert f'id="c-{number}-{occurrence["occurrence"]}"' in page
    # "3,20" maps to both, each naming the other as cited with it
    both = [o for o in review["letter_view"] if o["superscript"] == "3,20"]
    assert len(both) == 5
    for occurrence in both:
        in3 = next(c for c in cards[3]["citations"] if c["occurrence"] == occurrence["occurrence"])
        in20 = next(
            c for c in cards[20]["citations"] if c["occurrence"] == occurrence["occurrence"]
        )
        assert in3["cited_with"] == [20] and in20["cited_with"] == [3]
    assert "In subsequent phases of the study:^3,20^" in both[0]["sentence"]
    assert "study:<sup>3,20</sup>" in page
    # the wrongly printed journal, and the registries' verdicts
    assert cards[4]["status"] == "differs"
    (journal,) = [d for d in cards[4]["differences"] if d["field"] == "journal"]
    assert journal["stored"] == "Lancet" and journal["registry"] == "Blood Cells Mol Dis"
    assert "<td>Lancet</td><td>Blood Cells Mol Dis</td>" in page
    assert cards[15]["status"] == "verified"  # matched by PubMed and Crossref
    assert cards[1]["status"] == "unverified"
    assert review["summary"]["differs"] == 1
    assert "the letter&#x27;s citations" in page or "citation" in page  # letter findings shown
    assert any("after a colon" in f["message"] for f in review["letter_findings"])


def test_retracted_and_superseded_works_are_marked_in_the_letter_view(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    retract_and_supersede(registry)
    review = review_letter(
        LETTER, mi_refs.load(CORRECTED), cache_dir=tmp_path / "cache", mailto="mi@example.org"
    )
    cards = {card.number: card for card in review.cards}
    assert cards[16].status == "retracted"
    assert cards[15].status == "superseded"
    (retraction,) = [line for line in cards[16].lines if line.status == "retracted"]
    assert retraction.date == "2025-06-02"
    assert retraction.evidence == "https://doi.org/10.5555/mirefs.2025.0101"
    superseded = cards[15].lines[0]
    assert superseded.evidence == "https://doi.org/10.5555/mirefs.2025.0102"
    # the corrected .bib renders #4 in Blood Cells Mol Dis; the letter prints Lancet
    assert cards[4].printed_differs and "Lancet" in cards[4].printed
    # occurrences citing 15 or 16 (the 4-15 and 16-18 clusters) are marked
    assert review.marks == {4: "superseded", 5: "retracted"}
    page = format_review(review, "html")
    assert_self_contained(page)
    assert page.count('class="marked"') >= 2 + len(cards[15].citing) + len(cards[16].citing) - 2
    assert "Cites a retracted work." in page and "Cites a superseded work." in page


def test_claim_map_csv_has_one_row_per_citation_occurrence(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    code, out, err = run(
        "report", str(LETTER), "--bib", str(CORRECTED), "--format", "csv",
        "--cache-dir", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code in {0, 1}, err
    rows = list(csv.DictReader(io.StringIO(out)))
    # 24 superscripts; 4-15 cites twelve, 16-18 three, the five 3,20 two each
    assert len(rows) == 24 - 1 - 1 - 5 + 12 + 3 + 5 * 2
    assert {row["number"] for row in rows} == {str(n) for n in range(1, 21)}
    pair = [row for row in rows if row["superscript"] == "3,20"]
    assert sorted({row["number"] for row in pair}) == ["20", "3"]


def test_hostile_entries_print_as_text(registry: FakeRegistry, tmp_path: Path) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text(
        "Claim one <script>alert(1)</script>.^1^\n\n# References\n\n"
        "1. Doe J. <img src=x onerror=alert(2)> title. J Test. 2020;1:1.\n",
        encoding="utf-8",
    )
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{doe, author = {Doe, J}, title = {<img src=x onerror=alert(2)> title},"
        " journal = {J Test}, year = 2020, volume = 1, pages = 1,"
        ' url = {javascript:alert(3)}, doi = {10.5555/"><script>x</script>}}\n',
        encoding="utf-8",
    )
    code, out, err = run(
        "report", str(letter), "--bib", str(bib), "--offline", "--cache-dir", str(tmp_path / "c")
    )
    assert code in {0, 1}, err
    assert_self_contained(out)
    assert "<script" not in out and "<img" not in out and "javascript:" not in out
    assert "&lt;img src=x onerror=alert(2)&gt;" in out
    assert re.search(r'href="https://doi.org/10.5555/%22%3E%3Cscript%3Ex%3C/script%3E"', out)


def test_acknowledged_findings_show_with_their_reason(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text(LETTER.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "refs.bib").write_text(AS_PRINTED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "mi-refs.toml").write_text(
        'acknowledge = [{key = "vernava2023novel", code = "field-mismatch", '
        'reason = "as printed; corrected in the next edition"}]\n',
        encoding="utf-8",
    )
    code, out, err = run(
        "report", str(letter), "--bib", str(tmp_path / "refs.bib"), "--format", "json",
        "--cache-dir", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code == 1, err  # #20's malformed author list still fails
    card = json.loads(out)["references"][3]
    assert card["status"] == "acknowledged"
    line = card["statuses"][0]
    assert line["acknowledged"] == "as printed; corrected in the next edition"
    assert line["message"].startswith("differs from the registry: journal 'Lancet'")
