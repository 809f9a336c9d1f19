"""``import`` reads the Zotero/Better BibTeX shapes of trial registrations and labels as
these kinds (issue 19 item 8): the item Zotero's ClinicalTrials.gov translator saves
(tests/fixtures/zotero, recorded from zotero/translators' test case) and a Zotero report
of type "Prescribing information" with ``tex.`` lines in Extra (built to Better BibTeX's
documented mapping: reportType -> type, institution, ``tex.field: value`` -> field)."""

from __future__ import annotations

import json
from pathlib import Path

import mi_refs
from mi_refs.check.labels import label_setid
from mi_refs.check.trials import registration_nct
from mi_refs.model import Kind

from ..conftest import FIXTURES

ZOTERO_TRIAL = (
    FIXTURES
    / "zotero"
    / "zotero-translator-clinicaltrials.gov-expected-item-NCT04292899-report.json"
)
LIPITOR = "c6e131fe-e7df-4876-83f7-9156fc4e8228"


def test_zotero_trial_and_label_items_import_as_these_kinds(tmp_path: Path) -> None:
    trial = json.loads(ZOTERO_TRIAL.read_text(encoding="utf-8"))
    label = {
        "itemType": "report",
        "title": "Lipitor (atorvastatin calcium) tablets",
        "reportType": "Prescribing information",
        "institution": "Pfizer",
        "date": "2014-01",
        "url": f"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={LIPITOR}",
        "extra": f"tex.setid: {LIPITOR}\ntex.version: 11",
    }
    source = tmp_path / "zotero.json"
    source.write_text(json.dumps({"items": [trial, label]}), encoding="utf-8")
    bib = tmp_path / "references.bib"
    result = mi_refs.import_file(source, bib, format="bbt-json")
    assert [e.status for e in result.report.entries] == ["added", "added"]
    registration, pi = mi_refs.load(bib).references
    assert registration.kind is Kind.REGISTRATION
    assert registration_nct(registration) == ("number", "NCT04292899", "NCT04292899")
    assert pi.kind is Kind.PRESCRIBING_INFORMATION
    assert label_setid(pi) == LIPITOR and pi.get("version") == "11"
    rendered = mi_refs.render(mi_refs.load(bib), style="ama", format="text")
    assert "NCT04292899" in rendered and "Lipitor" in rendered


def test_csl_json_report_shapes(tmp_path: Path) -> None:
    """The same two items as Zotero's CSL-JSON export writes them (reportType -> genre,
    reportNumber -> number, institution -> publisher: Zotero's documented CSL mapping;
    values of the recorded trial item)."""
    trial = json.loads(ZOTERO_TRIAL.read_text(encoding="utf-8"))
    items = [
        {"id": "t", "type": "report", "title": trial["title"], "genre": trial["reportType"],
         "number": trial["reportNumber"], "publisher": trial["institution"], "URL": trial["url"],
         "issued": {"date-parts": [[2020, 12, 15]]}},
        {"id": "p", "type": "report", "title": "Lipitor (atorvastatin calcium) tablets",
         "genre": "Prescribing information", "publisher": "Pfizer",
         "URL": f"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={LIPITOR}",
         "issued": {"date-parts": [[2014, 1]]}},
    ]  # fmt: skip
    source = tmp_path / "zotero-csl.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    bib = tmp_path / "references.bib"
    mi_refs.import_file(source, bib)
    registration, pi = mi_refs.load(bib).references
    assert registration.kind is Kind.REGISTRATION and registration.number == "NCT04292899"
    assert pi.kind is Kind.PRESCRIBING_INFORMATION and label_setid(pi) == LIPITOR
