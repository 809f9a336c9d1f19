"""NLM journal abbreviations: folding, lookups, the fuzzy match, equivalence, the data."""

import gzip
import hashlib
import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from mi_refs.check.journals import (
    DATA_FILE,
    JournalIndex,
    abbreviation_for,
    closest_abbreviation,
    fold,
    is_nlm_abbreviation,
    journal_index,
    load_journal_index,
    same_journal,
)

from ..conftest import ROOT

# the sha256 of the uncompressed list, as data/SOURCE.md records it
DATA_SHA256 = "82cac25f84a014316a2e755490ffab3ea3da6955870545d00e2482d72e03e8bb"


def _packaged_table() -> dict[str, str]:
    data = gzip.decompress((files("mi_refs") / "data" / DATA_FILE).read_bytes())
    table: dict[str, str] = json.loads(data)["default"]["container-title"]
    return table


# --- the data ------------------------------------------------------------------------


def test_packaged_data_is_the_shared_list_unchanged() -> None:
    data = gzip.decompress((files("mi_refs") / "data" / DATA_FILE).read_bytes())
    assert hashlib.sha256(data).hexdigest() == DATA_SHA256
    assert len(json.loads(data)["default"]["container-title"]) == 37868
    source = (ROOT / "src" / "mi_refs" / "data" / "SOURCE.md").read_text(encoding="utf-8")
    assert DATA_SHA256 in source


def test_every_listed_journal_is_consistent_with_itself() -> None:
    index = journal_index()
    table = _packaged_table()
    for title, abbreviation in table.items():
        if not abbreviation:
            continue
        assert index.is_nlm_abbreviation(abbreviation), abbreviation
        assert index.same_journal(title, abbreviation), (title, abbreviation)
        assert index.closest_abbreviation(abbreviation) == abbreviation
    # a title finds its own abbreviation unless folding makes two titles one (33 pairs
    # such as "Radiologia"/"Radiología", "Social Work"/"Social work")
    lost = [t for t, a in table.items() if a and index.abbreviation_for(t) != a]
    assert len(lost) <= 40
    assert all(index.abbreviation_for(title) is None for title in lost)


def test_the_index_is_built_lazily_not_at_import() -> None:
    code = (
        "import mi_refs; from mi_refs.check import journals as j, offline;"
        "assert j.journal_index.cache_info().currsize == 0"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_journal_index_is_built_once() -> None:
    assert journal_index() is journal_index()


def test_a_fresh_index_answers_lookups() -> None:
    # How fast it builds and answers is measured in benchmarks/, not asserted here.
    index = load_journal_index()
    assert index.closest_abbreviation("Journal of Made Up Things") is None
    assert index == load_journal_index()


# --- folding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Blood cells, molecules & diseases", "blood cells molecules and diseases"),
        ("Blood Cells, Molecules and Diseases", "blood cells molecules and diseases"),
        ("Br. J. Haematol.", "br j haematol"),
        ("  N  Engl J   Med ", "n engl j med"),
        ("Strüßmann", "strussmann"),
        ("Revista clínica española", "revista clinica espanola"),
        ("Long‐term", "long term"),
        ("Ørsted", "orsted"),
        ("Журнал", "журнал"),
        ("", ""),
    ],
    ids=["ampersand", "and", "periods", "spaces", "sharp-s", "accents", "u2010-hyphen",
         "letter-without-decomposition", "cyrillic", "empty"],
)  # fmt: skip
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


# --- the packaged list --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("N Engl J Med", True),
        ("n. engl. j. med.", True),
        ("Br J Haematol", True),
        ("Blood", True),
        ("Lancet", True),
        ("Hemasphere", True),
        ("Transfus Med Hemother", True),
        ("Transfusion", True),  # listed only as "Transfusion (Paris)" (see SOURCE.md)
        ("Medicine (Baltimore)", True),  # listed as "Medicine"
        ("New Engl J Med", False),
        ("Transfus Med Hemotherapy", False),
        ("British Journal of Haematology", False),
        ("The Lancet", False),
        ("", False),
    ],
    ids=str,
)
def test_is_nlm_abbreviation(name: str, expected: bool) -> None:
    assert is_nlm_abbreviation(name) is expected


@pytest.mark.parametrize(
    ("title", "abbreviation"),
    [
        ("New England Journal of Medicine", "N Engl J Med"),
        ("The New England journal of medicine", "N Engl J Med"),
        ("THE NEW ENGLAND JOURNAL OF MEDICINE", "N Engl J Med"),
        ("British Journal of Haematology", "Br J Haematol"),
        ("Blood Cells, Molecules and Diseases", "Blood Cells Mol Dis"),
        ("Transfusion Medicine and Hemotherapy", "Transfus Med Hemother"),  # NLM subtitle
        ("The Lancet", "Lancet"),  # NLM "Lancet (London, England)"
        ("Pediatric Blood & Cancer", "Pediatr Blood Cancer"),
        ("The Journal of Clinical Investigation", "J Clin Invest"),
        ("Journal of Clinical Investigation", "J Clin Invest"),
        ("N Engl J Med", None),  # an abbreviation, not a title
        ("Journal of Made Up Things", None),
        ("Radiología", None),  # two listed journals fold to this title
        ("", None),
    ],
    ids=str,
)
def test_abbreviation_for(title: str, abbreviation: str | None) -> None:
    assert abbreviation_for(title) == abbreviation


@pytest.mark.parametrize(
    ("name", "abbreviation"),
    [
        ("New Engl J Med", "N Engl J Med"),
        ("Transfus Med Hemotherapy", "Transfus Med Hemother"),
        ("Br J Haematology", "Br J Haematol"),
        ("J Clin Oncology", "J Clin Oncol"),
        ("Amer J Hematol", "Am J Hematol"),
        ("Bone Marrow Transpl", "Bone Marrow Transplant"),
        ("British Journal of Haematolgy", "Br J Haematol"),  # a typo in a full title
        ("New England Journal of Medecine", "N Engl J Med"),
        ("Oncol Res Treatment", "Oncol Res Treat"),
        ("N. Engl. J. Med.", "N Engl J Med"),  # listed: its NLM spelling
        ("The New England Journal of Medicine", "N Engl J Med"),  # a listed title
        ("Journal of Made Up Things", None),
        ("Blood Neoplasia", None),  # founded 2024: not listed, and nothing close
        ("NEJM Evid", None),
        ("Eur J Haem", None),
        ("", None),
    ],
    ids=str,
)
def test_closest_abbreviation(name: str, abbreviation: str | None) -> None:
    assert closest_abbreviation(name) == abbreviation


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Blood Cells Mol Dis", "Blood cells, molecules & diseases", True),
        ("Blood Cells Mol Dis", "Blood Cells, Molecules and Diseases", True),
        ("Blood Cells Mol. Dis.", "Blood Cells, Molecules, and Diseases", True),
        ("Blood cells, molecules & diseases", "Blood Cells, Molecules and Diseases", True),
        ("N Engl J Med", "The New England Journal of Medicine", True),
        ("N Engl J Med", "New England Journal of Medicine", True),
        ("The Lancet", "Lancet", True),
        ("Lancet", "Lancet (London, England)", True),
        ("Medicine", "Medicine (Baltimore)", True),
        ("Science", "Science (New York, N.Y.)", True),
        ("Journal of Made Up Things", "journal of made-up things", True),  # unlisted, folds equal
        ("Lancet", "Blood Cells Mol Dis", False),
        ("Blood", "Blood Adv", False),
        (
            "New Engl J Med",
            "N Engl J Med",
            True,
        ),  # misspelt abbreviation, same journal (style warns)
        ("J Am Acad Dermatol", "Br J Haematol", False),
        ("Journal of Made Up Things", "Journal of Other Things", False),
    ],
    ids=str,
)
def test_same_journal(a: str, b: str, expected: bool) -> None:
    assert same_journal(a, b) is expected
    assert same_journal(b, a) is expected


# --- a small index: the lookup rules ------------------------------------------------

SMALL = JournalIndex.from_titles(
    [
        ("The African journal of psychiatry", "Afr J Psychiatry"),
        ("African journal of psychiatry", "Afr J Psychiatry (Johannesbg)"),
        ("Radiologia", "Radiologia (Panama)"),
        ("Radiología", "Radiologia"),
        ("Transfusion medicine and hemotherapy : offizielles Organ der DGTI", "Transfus Med Hemother"),
        ("Lancet (London, England)", "Lancet"),
        ("Lancet (North American ed.)", ""),
        ("Blood & marrow transplant newsletter", ""),
        ("Acta radiologica", "Acta Radiol"),
        ("Acta radiologica (old series)", "Acta radiol"),
    ]
)  # fmt: skip


def test_the_most_specific_title_key_wins() -> None:
    assert SMALL.abbreviation_for("The African Journal of Psychiatry") == "Afr J Psychiatry"
    assert (
        SMALL.abbreviation_for("African Journal of Psychiatry") == "Afr J Psychiatry (Johannesbg)"
    )


def test_titles_equal_when_folded_are_ambiguous() -> None:
    assert SMALL.abbreviation_for("Radiologia") is None
    assert SMALL.is_known_title("Radiologia")


def test_subtitle_and_qualifier_are_ignored() -> None:
    assert SMALL.abbreviation_for("Transfusion Medicine and Hemotherapy") == "Transfus Med Hemother"
    assert SMALL.abbreviation_for("Lancet") == "Lancet"  # the qualifier-less journal has none


def test_a_journal_without_abbreviation_is_a_known_title() -> None:
    assert SMALL.is_known_title("Blood and Marrow Transplant Newsletter")
    assert SMALL.abbreviation_for("Blood and Marrow Transplant Newsletter") is None
    assert SMALL.closest_abbreviation("Blood and Marrow Transplant Newsletter") is None


def test_nlm_spelling_prefers_the_listed_form() -> None:
    assert SMALL.nlm_spelling("Acta radiol") == "Acta radiol"  # listed as written
    assert SMALL.nlm_spelling("ACTA RADIOL.") == "Acta Radiol"  # else the capitalised one
    assert SMALL.nlm_spelling("Acta Radiology") is None


def test_the_index_is_built_in_memory_and_writes_no_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """check_offline promises no files: the index used to be kept in the user cache
    directory (even with --cache-dir elsewhere). It is built in memory only now."""
    from mi_refs.check import journals

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    built = journals.journal_index.__wrapped__()
    assert built == journals.load_journal_index()
    assert list(tmp_path.rglob("*")) == []
    assert "registries" not in " ".join(
        line for line in Path(journals.__file__).read_text().splitlines() if "import" in line
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # A misspelt abbreviation of the right journal is the right journal (seed #9).
        ("New Engl J Med", "New England Journal of Medicine", True),
        ("New Engl J Med", "N Engl J Med", True),
        ("Transfus Med Hemotherapy", "Transfusion Medicine and Hemotherapy", True),
        # ...but a listed journal is never "misspelt" into another listed one.
        ("J Am Ceram Soc", "Journal of the American Chemical Society", False),
        ("J Vac Sci Technol B", "J Vac Sci Technol A", False),
        ("Lancet", "Blood Cells, Molecules & Diseases", False),
    ],
)
def test_a_misspelt_abbreviation_names_its_journal(a: str, b: str, same: bool) -> None:
    assert same_journal(a, b) is same
    assert same_journal(b, a) is same
