"""``mi-refs fix`` on the seed list as printed, with the fake registry answering
(tests/fixtures/registry): reference 4's journal corrected, verified identifiers and NLM
abbreviations added, nothing else touched; protection, --only, a changed file."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import mi_refs
from mi_refs.check.run import Registries
from mi_refs.cli import main
from mi_refs.errors import FileChangedError, InvalidArgumentError
from mi_refs.intake.fix import fix
from mi_refs.registries.http import RetryPolicy

from ..conftest import FIXTURES
from ..fakeregistry import FakeRegistry

EXPECTED_DIFF = """\
@@ -54,10 +54,11 @@
 @article{vernava2023novel,
   author       = {Vernava, I and Schmitt, CA},
   title        = {Daratumumab as a novel treatment option in refractory ITP},
-  journal      = {Lancet},
+  journal      = {Blood Cells Mol Dis},
   year         = {2023},
   volume       = {99},
   pages        = {102724},
+  doi          = {10.1016/j.bcmd.2023.102724},
 }

 @article{shino2023sequential,
@@ -109,6 +110,8 @@
   volume       = {383},
   number       = {12},
   pages        = {1149--1155},
+  shortjournal = {N Engl J Med},
+  doi          = {10.1056/nejmoa2023325},
 }

 @article{rieger2021rituximab,
@@ -149,6 +152,7 @@
   volume       = {205},
   number       = {1},
   pages        = {300--305},
+  pmid         = {38831655},
 }

 @article{frioni2024posttransplant,
@@ -159,6 +163,7 @@
   volume       = {51},
   number       = {5},
   pages        = {355--358},
+  shortjournal = {Transfus Med Hemother},
 }

 @article{milito2019purpura,
@@ -169,6 +174,8 @@
   volume       = {50},
   number       = {4},
   pages        = {396--400},
+  doi          = {10.1093/labmed/lmz004},
+  pmid         = {30915450},
 }

 @article{evenor2022cytopenias,
@@ -188,6 +195,7 @@
   volume       = {106},
   number       = {12},
   pages        = {3198--3201},
+  doi          = {10.3324/haematol.2021.279232},
 }

 @article{teusink2021autoimmunity,
""".replace("\n\n", "\n \n")  # blank context lines are " "


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as server:
        yield server


def clients(server: FakeRegistry) -> Registries:
    return Registries.create(
        mailto="mi@example.org", pubmed_url=server.pubmed_url, crossref_url=server.crossref_url,
        sleep=lambda seconds: None, timeout=(2.0, 2.0), retry=RetryPolicy(attempts=2),
    )  # fmt: skip


def seed(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "references.bib"
    if text is None:
        shutil.copy(FIXTURES / "seed-as-printed.bib", path)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def checked(
    path: Path, registry: FakeRegistry, tmp_path: Path
) -> tuple[mi_refs.Bibliography, mi_refs.CheckReport]:
    bib = mi_refs.load(path)
    return bib, mi_refs.check(bib, registries=clients(registry), cache_dir=tmp_path / "cache")


def hunks(diff: str) -> str:
    return diff.split("\n", 2)[2]  # without the ---/+++ header


def test_fix_corrects_reference_4_and_nothing_else(registry: FakeRegistry, tmp_path: Path) -> None:
    path = seed(tmp_path)
    before = path.read_bytes()
    bib, report = checked(path, registry, tmp_path)
    result = fix(bib, report)
    assert hunks(result.diff) == EXPECTED_DIFF
    assert path.read_bytes() == before  # no --apply: nothing written
    entry = next(e for e in result.entries if e.key == "vernava2023novel")
    assert entry.status == "changed"
    assert [(o.finding.code, o.finding.field, o.action) for o in entry.outcomes] == [
        ("identifier-suggested", "doi", "changed"),
        ("field-mismatch", "journal", "changed"),
    ]
    left = {e.key: e.outcomes[0].reason for e in result.entries if e.status == "left"}
    # teusink2021autoimmunity's Teusink/Teusink-Cross is info since issue 16.4: not fix's
    assert set(left) == {"strussmann2024remissions", "tsykunova2021dart"}
    # --apply writes exactly the diff
    applied = fix(bib, report, apply=True)
    assert applied.applied
    after = path.read_text(encoding="utf-8")
    assert after == result.text
    fixed = mi_refs.load(path)["vernava2023novel"]
    assert (fixed.journal, fixed.doi) == ("Blood Cells Mol Dis", "10.1016/j.bcmd.2023.102724")
    # a check after the fix finds no error for reference 4
    again = mi_refs.check(
        mi_refs.load(path), registries=clients(registry), cache_dir=tmp_path / "cache"
    )
    vernava = next(e for e in again.entries if e.key == "vernava2023novel")
    assert not [f for f in vernava.findings if f.severity.value == "error"]


def test_protected_entries_are_never_touched(registry: FakeRegistry, tmp_path: Path) -> None:
    text = (FIXTURES / "seed-as-printed.bib").read_text(encoding="utf-8")
    text = text.replace(
        "  journal      = {Lancet},\n", "  journal      = {Lancet},\n  protect      = {true},\n"
    )
    path = seed(tmp_path, text)
    bib, report = checked(path, registry, tmp_path)
    result = fix(bib, report, protect=["milito2019purpura"])
    assert "Lancet" not in result.diff and "vernava2023novel" not in result.diff
    assert "lmz004" not in result.diff
    statuses = {e.key: e.status for e in result.entries}
    assert statuses["vernava2023novel"] == "left" and statuses["milito2019purpura"] == "left"
    entry = next(e for e in result.entries if e.key == "vernava2023novel")
    assert {o.reason for o in entry.outcomes} == {"the entry is protected"}
    assert statuses["crickx2021original"] == "changed"


def test_only_limits_the_codes(registry: FakeRegistry, tmp_path: Path) -> None:
    bib, report = checked(seed(tmp_path), registry, tmp_path)
    result = fix(bib, report, only=["field-mismatch"])
    changed = [line for line in result.diff.splitlines() if line.startswith(("+ ", "- "))]
    assert changed == ["-  journal      = {Lancet},", "+  journal      = {Blood Cells Mol Dis},"]
    with pytest.raises(InvalidArgumentError):
        fix(bib, report, only=["no-such-code"])


def test_a_changed_file_is_refused(registry: FakeRegistry, tmp_path: Path) -> None:
    path = seed(tmp_path)
    bib, report = checked(path, registry, tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "\n% edited meanwhile\n", encoding="utf-8")
    edited = path.read_bytes()
    with pytest.raises(FileChangedError):
        fix(bib, report, apply=True)
    assert path.read_bytes() == edited


def test_wrong_work_and_id_conflict_are_left_for_a_human(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    text = (
        "@article{mixed, author = {Vernava, I and Schmitt, CA}, title = {Daratumumab as a novel"
        " treatment option in refractory ITP}, journal = {Blood Cells Mol Dis}, year = 2023,"
        " volume = {99}, pages = {102724}, pmid = {30915450}, doi = {10.1016/j.bcmd.2023.102724}}\n"
    )
    path = seed(tmp_path, text)
    bib, report = checked(path, registry, tmp_path)
    codes = {f.code for e in report.entries for f in e.findings}
    assert codes & {"wrong-work", "id-conflict"}
    result = fix(bib, report, apply=True)
    assert path.read_text(encoding="utf-8") == text
    outcomes = [
        o
        for e in result.entries
        for o in e.outcomes
        if o.finding.code in {"wrong-work", "id-conflict"}
    ]
    assert outcomes and all(o.action == "left" and "by hand" in o.reason for o in outcomes)


def test_cli_fix_prints_the_diff_then_applies(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in registry.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    path = seed(tmp_path)
    before = path.read_bytes()
    out, err = io.StringIO(), io.StringIO()
    code = main(["fix", "references.bib", "--cache-dir", str(tmp_path / "c")], out, err)
    assert code == 1, err.getvalue()  # errors are left (a malformed name)
    assert out.getvalue().startswith("--- a/references.bib\n+++ b/references.bib\n")
    assert hunks(out.getvalue()) == EXPECTED_DIFF
    assert "vernava2023novel: changed" in err.getvalue()
    assert path.read_bytes() == before
    out = io.StringIO()
    code = main(["fix", "references.bib", "--apply", "--only", "style", "--format", "json",
                 "--cache-dir", str(tmp_path / "c")], out, err)  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["tool"]["command"] == "fix" and data["applied"] is True
    assert data["summary"]["changed"] == 2
    assert "+  shortjournal = {N Engl J Med}," in data["diff"]
    ostendorf = next(e for e in data["entries"] if e["key"] == "ostendorf2020targeting")
    assert [(f["code"], f["action"]) for f in ostendorf["findings"]] == [("style", "changed")]
    text = path.read_text(encoding="utf-8")
    assert "shortjournal = {N Engl J Med}" in text and "Lancet" in text


def test_a_malformed_identifier_with_one_clear_repair(tmp_path: Path) -> None:
    text = (
        "@article{a,\n  author = {Vernava, I},\n  title = {T},\n  journal = {J},\n  year = {2023},\n"
        "  pmid = {PMID:36669360.},\n}\n\n"
        "@article{b,\n  author = {Vernava, I},\n  title = {U},\n  journal = {J},\n  year = {2023},\n"
        "  pmid = {3666 and 4777x},\n}\n"
    )
    path = seed(tmp_path, text)
    bib = mi_refs.load(path)
    report = mi_refs.check(bib, online=False, use_cache=False)
    result = fix(bib, report, only=["malformed-identifier"], apply=True)
    statuses = {e.key: e.status for e in result.entries}
    assert statuses["a"] == "changed" and statuses["b"] == "left"
    assert mi_refs.load(path)["a"].pmid == "36669360"
    assert path.read_text(encoding="utf-8") == text.replace("{PMID:36669360.}", "{36669360}")


def test_settings_key_scheme_and_protect(tmp_path: Path) -> None:
    from mi_refs.errors import SettingsError
    from mi_refs.settings import read_settings

    good = tmp_path / "mi-refs.toml"
    good.write_text('key-scheme = "{surname}{year}"\nprotect = ["a", "b"]\n', encoding="utf-8")
    settings = read_settings(good)
    assert (settings.key_scheme, settings.protect) == ("{surname}{year}", ("a", "b"))
    good.write_text('key-scheme = "{author}"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="key-scheme"):
        read_settings(good)
    good.write_text("protect = true\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="protect"):
        read_settings(good)


def test_a_missing_comma_is_repaired_never_a_second_field(
    registry: FakeRegistry, tmp_path: Path
) -> None:
    """Issue #15: on an entry missing a comma after ``journal = {...}``, fix appended a
    second ``year`` (or moved it); an entry it could not read at all went unmentioned
    and the file's entries were miscounted."""
    text = (FIXTURES / "seed-as-printed.bib").read_text(encoding="utf-8")
    text = text.replace("journal      = {Lancet},\n", "journal      = {Lancet}\n", 1)
    text += "\n@article{broken,\n  title = {Never closed\n"
    path = seed(tmp_path, text)
    bib, report = checked(path, registry, tmp_path)
    result = fix(bib, report)
    vernava = hunks(result.diff).split("@@")[2]
    assert "-  journal      = {Lancet}\n+  journal      = {Blood Cells Mol Dis},\n" in vernava
    assert "year" not in "".join(
        line for line in vernava.splitlines(keepends=True) if line[:1] in "+-"
    )
    entry = next(e for e in result.entries if e.key == "vernava2023novel")
    assert ("parse-error", "changed") in {(o.finding.code, o.action) for o in entry.outcomes}
    broken = next(e for e in result.entries if e.key == "broken")
    assert broken.status == "left" and "left byte for byte" in broken.outcomes[0].reason
    assert result.summary()["entries"] == len(bib) + 1  # every entry, the unreadable one too
    fix(bib, report, apply=True)
    after = path.read_text(encoding="utf-8")
    assert after.count("year         = {2023}") == text.count("year         = {2023}")
    assert after.endswith("@article{broken,\n  title = {Never closed\n")  # byte for byte
    reread = mi_refs.load(path)
    assert not [p for p in reread.problems if p.key == "vernava2023novel"]
    assert reread["vernava2023novel"].journal == "Blood Cells Mol Dis"


def test_an_entry_whose_text_cannot_be_edited_safely_is_left(tmp_path: Path) -> None:
    """When the comma cannot be put back (``--only`` without parse-error), the entry is
    left as it is rather than given a second field."""
    path = seed(
        tmp_path, "@article{a,\n  title = {T},\n  journal = {Lancet}\n  year = {2023},\n}\n"
    )
    bib = mi_refs.load(path)
    finding = mi_refs.Finding(
        "field-mismatch", mi_refs.Severity.ERROR, "journal", key="a", field="journal",
        stored="Lancet", registry="Blood Cells Mol Dis", source="pubmed",
    )  # fmt: skip
    report = mi_refs.CheckReport(str(path), (mi_refs.EntryReport("a", 1, (finding,)),))
    result = fix(bib, report, only=["field-mismatch"])
    assert result.diff == ""
    (entry,) = result.entries
    assert entry.outcomes[0].action == "left"
    assert "does not say what was read" in entry.outcomes[0].reason


def test_export_debris_is_cleaned_and_check_is_then_clean(tmp_path: Path) -> None:
    """Issue #16: identifier debris is a fixable style finding; fix --apply then check
    is clean for it, and a second fix is empty."""
    path = seed(
        tmp_path,
        "@article{a,\n  author = {Gilbert, Ruth},\n  title = {Infant sleeping position},\n"
        "  journal = {N Engl J Med},\n  year = {2005},\n  volume = {352},\n"
        "  pages = {1--10},\n  doi = {10.1056/NEJMoa042176 [doi]},\n"
        "  pmid = {PMID: 15728812},\n}\n",
    )
    bib = mi_refs.load(path)
    report = mi_refs.check(bib, online=False, cache_dir=tmp_path / "cache")
    debris = [f for f in report.findings() if f.code == "style" and f.field == "doi"]
    assert debris
    result = fix(bib, report, apply=True)
    assert "+  doi = {10.1056/NEJMoa042176},\n" in result.diff
    assert "+  pmid = {15728812},\n" in result.diff
    again = mi_refs.check(mi_refs.load(path), online=False, cache_dir=tmp_path / "cache")
    assert not [f for f in again.findings() if f.code == "style" and f.field == "doi"]
    assert fix(mi_refs.load(path), again).diff == ""
