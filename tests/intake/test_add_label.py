"""``add`` with a DailyMed set id or URL (issue 19 item 8): full prescribing-information
entries, served by tests/fakedailymed.py from the recorded (and built, see
tests/fixtures/dailymed/PROVENANCE.md) bodies."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.cli import main
from mi_refs.intake.add import add, parse_identifier
from mi_refs.intake.label import product_title
from mi_refs.model import Kind

from ..fakedailymed import LIPITOR, LIPITOR_VERSION_ID, VITRAKVI, fake_dailymed


@pytest.mark.parametrize(
    "text",
    [LIPITOR, LIPITOR.upper(), f"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={LIPITOR}",
     f"dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={LIPITOR}&audience=consumer"],
)  # fmt: skip
def test_set_ids_and_urls_are_read(text: str) -> None:
    identifier = parse_identifier(text)
    assert identifier is not None and (identifier.kind, identifier.value) == ("setid", LIPITOR)


def test_product_title() -> None:
    assert (
        product_title(
            "LIPITOR (ATORVASTATIN CALCIUM) TABLET, FILM COATED [PARKE-DAVIS DIV OF PFIZER INC]"
        )
        == "Lipitor (atorvastatin calcium) tablet, film coated"
    )
    assert product_title(
        "VITRAKVI (LAROTRECTINIB) CAPSULE VITRAKVI (LAROTRECTINIB) SOLUTION [X]"
    ) == ("Vitrakvi (larotrectinib) capsule Vitrakvi (larotrectinib) solution")


def test_add_builds_a_label_and_check_accepts_it(tmp_path: Path) -> None:
    with fake_dailymed() as fake:
        registries = Registries.create(dailymed_url=fake.url, sleep=lambda s: None)
        bib = tmp_path / "references.bib"
        url = f"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={LIPITOR}"
        report = add([url, LIPITOR_VERSION_ID, VITRAKVI], bib,
                     registries=registries, cache_dir=tmp_path / "c")  # fmt: skip
        states = [(e.source, e.status) for e in report.entries]
        assert states == [(LIPITOR, "added"), (LIPITOR_VERSION_ID, "refused"),
                          (VITRAKVI, "refused")]  # fmt: skip
        assert "version id" in report.entries[1].outcomes[0].finding.message
        # VITRAKVI's SPL document was never recorded (404 here): without the label's
        # date the entry is not written (its revision date would be a guess)
        refused = report.entries[2].outcomes[0].finding
        assert refused.code == "unverified" and "serves no SPL document" in refused.message
        text = bib.read_text(encoding="utf-8")
        for field in (
            "entrysubtype = {prescribing-information}",
            "title = {Lipitor (atorvastatin calcium) tablet, film coated}",
            "organization = {Parke-Davis Div of Pfizer Inc}",
            "date = {2014-01}",
            "version = {11}",
            "eprinttype = {dailymed}",
            f"eprint = {{{LIPITOR}}}",
        ):
            assert field in text, field
        loaded = mi_refs.load(bib)
        assert [r.kind for r in loaded.references] == [Kind.PRESCRIBING_INFORMATION]
        again = add([LIPITOR.upper()], bib, registries=registries, cache_dir=tmp_path / "c")
        assert again.entries[0].status == "refused"  # already in the file
        before = registries.requests_made()["dailymed"]
        checked = mi_refs.check(loaded, registries=registries, cache_dir=tmp_path / "c")
        assert [f for e in checked.entries for f in e.findings] == []
        assert checked.requests["dailymed"] == before  # all from the cache


def test_cli_add_setid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with fake_dailymed() as fake:
        monkeypatch.setenv("MI_REFS_DAILYMED_URL", fake.url)
        bib = tmp_path / "letter.bib"
        out, err = io.StringIO(), io.StringIO()
        argv = ["add", LIPITOR, "--bib", str(bib), "--cache-dir", str(tmp_path / "c"),
                "--format", "json"]  # fmt: skip
        assert main(argv, out, err) == 0, err.getvalue()
        assert len(fake.requests) == 2  # the history and the SPL document
    assert json.loads(out.getvalue())["entries"][0]["status"] == "added"
    assert f"eprint = {{{LIPITOR}}}" in bib.read_text(encoding="utf-8")
