"""``approve`` then ``watch`` (issue 21, item 2), on the local fakes: PubMed and Crossref
(``tests/fakeregistry.py``), ClinicalTrials.gov (``tests/fakectgov.py``, recorded study
NCT03418623 of ``tests/fixtures/ctgov``) and DailyMed (``tests/fakedailymed.py``, the
Lipitor label history built from the recorded SPL of ``tests/fixtures/dailymed``).

Two approved letters: the seed letter (``tests/fixtures/documents/seed-letter.md``
against ``references.bib``) and a short trial letter citing one of the seed's works
(Even-Or 2022), a trial registration and a label. Then the registries change (a new
retraction of the shared work, a newer label version, the trial terminated) and
``watch`` must report exactly those three changes, each naming the letters it affects;
with no change it reports nothing and exits 0, in one batch per registry."""

from __future__ import annotations

import copy
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mi_refs.cli import main
from tests.fakectgov import FakeCtgov, fake_ctgov, recorded
from tests.fakedailymed import LIPITOR, FakeDailymed, fake_dailymed
from tests.fakeregistry import FakeRegistry

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "documents" / "seed-letter.md"
NCT = "NCT03418623"
TRIAL_LETTER = """# The GET73 question

Daratumumab has helped in autoimmune cytopenias after transplantation.^1^ The GET73 study
was registered before it started.^2^ Statins have a label of their own.^3^

## References

1. Even-Or E, Schejter YD, NaserEddin A, et al. Autoimmune cytopenias post hematopoietic stem cell transplantation in pediatric patients with osteopetrosis and other nonmalignant diseases. Front Immunol. 2022;13:879994.
2. Effect of GET73 on MRS Measures of Central Glutamate and GABA in Individuals With Alcohol Use Disorder. ClinicalTrials.gov identifier: NCT03418623. Updated October 8, 2020. Accessed January 5, 2026. https://clinicaltrials.gov/study/NCT03418623
3. Lipitor (atorvastatin calcium) tablets. Package insert. Pfizer; 2014.
"""
REGISTRATION = """
@online{get73,
  entrysubtype = {registration},
  title        = {Effect of GET73 on MRS Measures of Central Glutamate and GABA in Individuals With Alcohol Use Disorder},
  organization = {ClinicalTrials.gov},
  number       = {NCT03418623},
  url          = {https://clinicaltrials.gov/study/NCT03418623},
  date         = {2020-10-08},
  urldate      = {2026-01-05},
}

@manual{lipitor,
  entrysubtype = {prescribing-information},
  title        = {Lipitor (atorvastatin calcium) tablets},
  organization = {Pfizer},
  date         = {2014-01},
  eprinttype   = {dailymed},
  eprint       = {c6e131fe-e7df-4876-83f7-9156fc4e8228},
  version      = {11},
}
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    assert "internal error" not in err.getvalue(), err.getvalue()
    return code, out.getvalue(), err.getvalue()


def entry(bib: str, key: str) -> str:
    start = bib.index(f"@article{{{key},")
    return bib[start : bib.index("\n}\n", start) + 3]


def study(status: str) -> dict[str, Any]:
    data = copy.deepcopy(recorded("v2-study-NCT03418623"))
    data["protocolSection"]["statusModule"]["overallStatus"] = status
    return data


@pytest.fixture
def dailymed() -> Iterator[FakeDailymed]:
    with fake_dailymed() as fake:
        yield fake


@pytest.fixture
def services(
    monkeypatch: pytest.MonkeyPatch, dailymed: FakeDailymed
) -> Iterator[tuple[FakeRegistry, FakeCtgov]]:
    with FakeRegistry.from_fixtures() as server, fake_ctgov([study("RECRUITING")]) as ctgov:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("MI_REFS_CTGOV_URL", ctgov.url)
        monkeypatch.setenv("MI_REFS_DAILYMED_URL", dailymed.url)
        monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
        yield server, ctgov


@pytest.fixture
def letters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A department folder: letters/seed (the seed letter) and letters/trial."""
    seed = tmp_path / "letters" / "seed"
    seed.mkdir(parents=True)
    shutil.copy(SEED, seed / "letter.md")
    shutil.copy(ROOT / "references.bib", seed / "references.bib")
    trial = tmp_path / "letters" / "trial"
    trial.mkdir()
    (trial / "letter.md").write_text(TRIAL_LETTER, encoding="utf-8")
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    (trial / "references.bib").write_text(
        entry(bib, "evenor2022cytopenias") + REGISTRATION, encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def approve_both(cache: Path) -> None:
    for folder in ("letters/seed", "letters/trial"):
        code, out, err = run(
            "approve", f"{folder}/letter.md", "--bib", f"{folder}/references.bib",
            "--cache-dir", str(cache),
        )  # fmt: skip
        assert code == 0, out + err
        assert (Path(folder) / "letter.refs.lock.json").is_file()


def requests_by_service(
    server: FakeRegistry, ctgov: FakeCtgov, since: tuple[int, int]
) -> dict[str, int]:
    logged = server.requests[since[0] :]
    return {
        "pubmed": sum(1 for r in logged if r.service == "pubmed"),
        "crossref": sum(1 for r in logged if r.service == "crossref"),
        "ctgov": len(ctgov.requests) - since[1],
    }


def change_registries(
    server: FakeRegistry,
    ctgov: FakeCtgov,
    dailymed: FakeDailymed,
    *,
    source: str,
    stopped_on: str = "",
) -> None:
    """The three changes after approval: the shared work (Evenor 2022) retracted on
    2026-03-09 (the notice from ``source``), the trial terminated (its last update posted
    on ``stopped_on`` when given), and a newer label version 12 published 2026-03-03."""
    evenor = dict(server.crossref["10.3389/fimmu.2022.879994"])
    evenor["updated-by"] = [
        {"DOI": "10.5555/mirefs.2026.0201", "type": "retraction", "source": source,
         "updated": {"date-parts": [[2026, 3, 9]]}},
    ]  # fmt: skip
    server.add_crossref(evenor)
    module = ctgov.studies[NCT]["protocolSection"]["statusModule"]
    module["overallStatus"] = "TERMINATED"
    module["whyStopped"] = "Sponsor decision"
    if stopped_on:
        module["lastUpdatePostDateStruct"] = {"date": stopped_on, "type": "ACTUAL"}
    history = dailymed.history[LIPITOR]["data"]["history"]
    history.insert(0, {"spl_version": 12, "published_date": "Mar 3, 2026"})


def test_approve_then_watch_reports_exactly_the_changes(
    services: tuple[FakeRegistry, FakeCtgov], letters: Path, dailymed: FakeDailymed
) -> None:
    server, ctgov = services
    cache = letters / "cache"
    approve_both(cache)
    lock = json.loads(Path("letters/trial/letter.refs.lock.json").read_text(encoding="utf-8"))
    assert lock["letter"] == "letter.md" and lock["bibliography"] == "references.bib"
    trial = lock["references"][1]
    assert trial["identifiers"]["nct"] == NCT
    assert trial["state"]["trial"]["overallStatus"] == "RECRUITING"
    label = lock["references"][2]
    assert label["identifiers"]["setid"] == LIPITOR
    assert label["state"]["label"]["version"] == 11
    assert len(trial["entry_sha256"]) == 64

    # nothing changed: nothing reported, exit 0, one batch per registry
    since = (len(server.requests), len(ctgov.requests))
    labels_before = len(dailymed.requests)
    code, out, _ = run("watch", "--cache-dir", str(cache), "--format", "json")
    quiet = json.loads(out)
    assert len(dailymed.requests) - labels_before == 1  # one label, one history request
    assert code == 0 and quiet["changes"] == [] and quiet["summary"]["locks"] == 2
    asked = requests_by_service(server, ctgov, since)
    assert asked["crossref"] == 1 and asked["ctgov"] == 1
    assert asked["pubmed"] <= 2  # esummary by PMID, esearch for the DOIs without one

    # the registries change: a new retraction of the shared work, the trial terminated
    change_registries(server, ctgov, dailymed, source="retraction-watch")
    code, out, _ = run("watch", "--cache-dir", str(cache), "--format", "json")
    assert code == 1
    changes = json.loads(out)["changes"]
    assert sorted(c["code"] for c in changes) == ["label-updated", "retracted", "trial-status"]
    newer = next(c for c in changes if c["code"] == "label-updated")
    assert newer["severity"] == "warning" and newer["date"] == "2026-03-03"
    assert "version 12" in newer["message"] and "version 11 at approval" in newer["message"]
    assert [(a["number"], a["key"]) for a in newer["letters"]] == [(3, "lipitor")]
    retraction = next(c for c in changes if c["code"] == "retracted")
    assert retraction["severity"] == "error" and retraction["date"] == "2026-03-09"
    assert retraction["evidence"] == "https://doi.org/10.5555/mirefs.2026.0201"
    assert sorted(a["letter"] for a in retraction["letters"]) == [
        str(Path("letters/seed/letter.md")), str(Path("letters/trial/letter.md")),
    ]  # fmt: skip
    assert {(a["number"], a["key"]) for a in retraction["letters"]} == {
        (16, "evenor2022cytopenias"), (1, "evenor2022cytopenias"),
    }  # fmt: skip
    stopped = next(c for c in changes if c["code"] == "trial-status")
    assert stopped["severity"] == "warning" and "TERMINATED" in stopped["message"]
    assert "Sponsor decision" in stopped["message"]
    assert stopped["evidence"] == f"https://clinicaltrials.gov/study/{NCT}"
    assert [a["letter"] for a in stopped["letters"]] == [str(Path("letters/trial/letter.md"))]

    # the other outputs say the same
    code, text, _ = run("watch", "--cache-dir", str(cache))
    assert code == 1 and "3 changes since approval, 3 at warning or above" in text
    code, github, _ = run("watch", "--cache-dir", str(cache), "--format", "github")
    assert github.count("::error ") == 3 and "letters/trial/letter.md" in github
    code, junit, _ = run("watch", "--cache-dir", str(cache), "--format", "junit")
    assert 'failures="3"' in junit


def test_an_entry_edited_since_approval_is_a_change(
    services: tuple[FakeRegistry, FakeCtgov], letters: Path
) -> None:
    approve_both(letters / "cache")
    bib = Path("letters/trial/references.bib")
    bib.write_text(bib.read_text(encoding="utf-8").replace("2026-01-05", "2026-02-05"), "utf-8")
    code, out, _ = run("watch", "--cache-dir", str(letters / "cache"), "--format", "json")
    (change,) = json.loads(out)["changes"]
    assert code == 1 and change["code"] == "entry-edited" and change["work"].startswith("get73")
    # reformatting alone is no edit
    bib.write_text(bib.read_text(encoding="utf-8").replace("  title", "\ttitle"), "utf-8")
    code, out, _ = run("watch", "--cache-dir", str(letters / "cache"), "--format", "json")
    assert len(json.loads(out)["changes"]) == 1


def test_many_letters_cost_the_requests_of_their_distinct_works(
    services: tuple[FakeRegistry, FakeCtgov], letters: Path
) -> None:
    """300 approved copies of the two letters: the same requests as one of each."""
    server, ctgov = services
    approve_both(letters / "cache")
    for number in range(150):
        for name in ("seed", "trial"):
            shutil.copytree(f"letters/{name}", f"letters/{name}-{number}")
    since = (len(server.requests), len(ctgov.requests))
    code, out, _ = run("watch", "--cache-dir", str(letters / "cache"), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["summary"]["locks"] == 302 and report["changes"] == []
    asked = requests_by_service(server, ctgov, since)
    assert asked["crossref"] == 1 and asked["ctgov"] == 1 and asked["pubmed"] <= 2
    module = ctgov.studies[NCT]["protocolSection"]["statusModule"]
    module["overallStatus"] = "TERMINATED"
    code, out, _ = run("watch", "--cache-dir", str(letters / "cache"), "--format", "json")
    (change,) = json.loads(out)["changes"]
    assert len(change["letters"]) == 151


def test_approve_refuses_a_failing_letter_unless_acknowledged(
    services: tuple[FakeRegistry, FakeCtgov], letters: Path
) -> None:
    folder = Path("letters/seed")
    shutil.copy(ROOT / "tests" / "fixtures" / "seed-as-printed.bib", folder / "references.bib")
    code, out, _ = run("approve", str(folder / "letter.md"), "--cache-dir", "cache",
                       "--bib", str(folder / "references.bib"))  # fmt: skip
    assert code == 1 and "not approved" in out
    assert "field-mismatch [vernava2023novel]" in out and "malformed-name" in out
    assert not (folder / "letter.refs.lock.json").exists()
    (folder / "mi-refs.toml").write_text(
        "acknowledge = [\n"
        '  {key = "vernava2023novel", code = "field-mismatch", reason = "as printed, corrected in the next edition"},\n'
        '  {key = "tsykunova2021dart", code = "malformed-name", reason = "as printed"},\n'
        "]\n",
        encoding="utf-8",
    )
    code, out, _ = run("approve", str(folder / "letter.md"), "--cache-dir", "cache",
                       "--bib", str(folder / "references.bib"))  # fmt: skip
    assert code == 0, out
    lock = json.loads((folder / "letter.refs.lock.json").read_text(encoding="utf-8"))
    vernava = lock["references"][3]
    assert vernava["acknowledged"][0]["reason"] == "as printed, corrected in the next edition"


def test_watch_without_lock_files_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("watch", "--offline")
    assert code == 2 and "no lock file to watch" in err
    (tmp_path / "bad.refs.lock.json").write_text("{not json", encoding="utf-8")
    code, _, err = run("watch", "--offline")
    assert code == 2 and "bad.refs.lock.json" in err


def test_requests_grow_with_distinct_works_in_the_checks_batches(
    services: tuple[FakeRegistry, FakeCtgov], tmp_path: Path
) -> None:
    """300 works PubMed holds (PMID, no DOI) and 120 Crossref holds (DOI only), each cited
    by three letters: PubMed esummary takes 500 PMIDs a request, esearch 50 DOIs, Crossref
    40 DOIs; so the watch costs 1 + 3 (+ 1 esummary for the PMIDs esearch found) PubMed
    and 3 Crossref requests, whatever the number of letters."""
    import math

    import mi_refs
    from mi_refs.registries.crossref import BATCH as CROSSREF_BATCH
    from mi_refs.registries.lookup import Lookup, Registries
    from mi_refs.registries.pubmed import DOI_BATCH
    from mi_refs.review.lock import lock_json
    from mi_refs.review.survey import survey, work_of

    server, ctgov = services
    pubmed = json.loads((ROOT / "tests/fixtures/registry/pubmed/30915450.json").read_text("utf-8"))
    crossref = dict(server.crossref["10.3389/fimmu.2022.879994"])
    entries = []
    for n in range(300):
        pmid = str(9_100_000 + n)
        record = copy.deepcopy(pubmed)
        record["uid"] = pmid
        record["articleids"] = [{"idtype": "pubmed", "idtypen": 1, "value": pmid}]
        server.add_pubmed(record)
        entries.append(
            f"@article{{p{n}, title = {{Work {n}}}, journal = {{Lab Med}}, year = 2019, pmid = {{{pmid}}}}}"
        )
    for n in range(120):
        doi = f"10.5555/scale.{n}"
        server.add_crossref({**crossref, "DOI": doi})
        entries.append(
            f"@article{{d{n}, title = {{Work d{n}}}, journal = {{Front Immunol}}, year = 2022, doi = {{{doi}}}}}"
        )
    folder = tmp_path / "letters"
    folder.mkdir()
    bib_path = folder / "references.bib"
    bib_path.write_text("\n".join(entries) + "\n", encoding="utf-8")
    bib = mi_refs.load(bib_path)
    works = [work_of(reference) for reference in bib]
    states = survey(works, Lookup(None, Registries.create(mailto="mi@example.org"), False, True))
    for name in ("a", "b", "c"):
        lock = folder / f"{name}.refs.lock.json"
        rows = [
            (i, r, w, states[w], []) for i, (r, w) in enumerate(zip(bib, works, strict=True), 1)
        ]
        lock.write_text(
            lock_json(
                lock_path=lock,
                letter=folder / f"{name}.md",
                bibliography=bib_path,
                approved="2026-01-01T00:00:00+00:00",
                version="test",
                style="ama",
                references=rows,
            ),
            encoding="utf-8",
        )
    since = (len(server.requests), len(ctgov.requests))
    locks = [str(path) for path in sorted(folder.glob("*.refs.lock.json"))]
    code, out, _ = run("watch", *locks, "--cache-dir", str(tmp_path / "cache"), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["changes"] == [] and report["summary"]["works"] == 420
    asked = requests_by_service(server, ctgov, since)
    assert asked["crossref"] == math.ceil(120 / CROSSREF_BATCH) == 3
    assert report["requests"]["crossref"] == asked["crossref"]  # the clients watch made
    assert asked["pubmed"] <= 1 + math.ceil(120 / DOI_BATCH) + 1
    assert asked["ctgov"] == 0


def test_report_shows_the_trial_and_label_statuses(
    services: tuple[FakeRegistry, FakeCtgov], letters: Path, dailymed: FakeDailymed
) -> None:
    """The review report of the trial letter once its registries changed: the shared work
    retracted, the trial stopped, the label newer; each with its date and evidence."""
    server, ctgov = services
    change_registries(server, ctgov, dailymed, source="publisher", stopped_on="2026-02-01")
    code, out, err = run(
        "report", "letters/trial/letter.md", "--bib", "letters/trial/references.bib",
        "--format", "json", "--cache-dir", str(letters / "cache"),
    )  # fmt: skip
    assert code == 1, err  # the retraction is an error
    cards = {card["number"]: card for card in json.loads(out)["references"]}
    assert [cards[n]["status"] for n in (1, 2, 3)] == ["retracted", "trial-stopped", "label-newer"]
    stopped = cards[2]["statuses"][0]
    assert stopped["date"] == "2026-02-01"
    assert stopped["evidence"] == f"https://clinicaltrials.gov/study/{NCT}"
    assert "Sponsor decision" in stopped["message"]
    assert any(
        i["name"] == "DailyMed set id" and LIPITOR in i["url"] for i in cards[3]["identifiers"]
    )
    newer = cards[3]["statuses"][0]
    assert "version 12" in newer["message"] and newer["date"] == "2026-03-03"
    assert (
        newer["evidence"] == f"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={LIPITOR}"
    )
