"""Writing: a load-and-save keeps every byte of untouched blocks; edits stay local."""

import dataclasses
import string
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import mi_refs

from ..conftest import FIXTURES, ROOT


def test_messy_file_round_trips_byte_for_byte(tmp_path: Path) -> None:
    original = (FIXTURES / "messy.bib").read_bytes()
    target = tmp_path / "messy.bib"
    target.write_bytes(original)
    mi_refs.save(mi_refs.load(target))
    assert target.read_bytes() == original


def test_unreadable_blocks_survive_a_save(tmp_path: Path) -> None:
    original = (FIXTURES / "malformed.bib").read_text(encoding="utf-8")
    bib = mi_refs.loads(original)
    assert bib.problems
    assert mi_refs.format_bibtex(bib) == original


def test_references_bib_round_trips() -> None:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert mi_refs.format_bibtex(mi_refs.loads(text)) == text


def test_an_edit_touches_only_its_entry() -> None:
    text = (FIXTURES / "messy.bib").read_text(encoding="utf-8")
    bib = mi_refs.loads(text)
    target = bib.references[2]
    edited = bib.replace(dataclasses.replace(target, title="A corrected title"))
    out = mi_refs.format_bibtex(edited)
    reloaded = mi_refs.loads(out)
    assert not reloaded.problems
    assert reloaded[target.key].title == "A corrected title"
    for before, after in zip(bib.references, reloaded.references, strict=True):
        if before.key != target.key:
            assert dataclasses.replace(after, line=before.line) == before
    # fields that were not edited keep their LaTeX as written
    assert target.key == "Lefevre_2021"
    assert r"Lef{\`e}vre" in out
    assert out.count("@") == text.count("@")


def test_remove_and_add_entries() -> None:
    text = (FIXTURES / "messy.bib").read_text(encoding="utf-8")
    bib = mi_refs.loads(text)
    first, second = bib.references[0], bib.references[1]
    new = dataclasses.replace(second, key="added2025", doi="10.5555/added", fields=())
    out = mi_refs.format_bibtex(bib.without(first.key).replace(new))
    reloaded = mi_refs.loads(out)
    assert first.key not in reloaded
    assert reloaded.keys[-1] == "added2025"
    assert reloaded["added2025"].doi == "10.5555/added"
    assert reloaded["added2025"].authors == second.authors
    assert reloaded["added2025"].pages == second.pages
    assert len(reloaded) == len(bib)


def test_save_is_atomic_and_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("@article{a, title={A}, journal={J}, year=1}\n", encoding="utf-8")
    bib = mi_refs.load(target)
    mi_refs.save(bib.replace(dataclasses.replace(bib["a"], title="B")))
    assert "title = {B}" in target.read_text(encoding="utf-8")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".refs.bib.lock", "refs.bib"]  # no temporary file left (the lock stays)


def test_save_needs_a_path_for_a_string() -> None:
    bib = mi_refs.loads("@article{a, title={A}, journal={J}, year=1}")
    try:
        mi_refs.save(bib)
    except mi_refs.UnreadableFileError as exc:
        assert "give a path" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("save without a path must fail")


# --- property: generated entries lose no entry and no field ---------------------------

_text = (
    st.text(alphabet=string.ascii_letters + string.digits + " .,:;()-'/?", min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
_latex = st.sampled_from(
    [r"M{\"u}ller", r"{\ss}", r"Caf{\'e}", r"\& co", "--", "{DNA}", r"\textit{E. coli}"]
)
_value = st.lists(st.one_of(_text, _latex), min_size=1, max_size=3).map(" ".join)
_field_name = st.from_regex(r"[a-z][a-z]{2,11}", fullmatch=True).filter(
    lambda name: (
        name not in {"author", "editor", "doi", "pmid", "pmcid", "urldate", "date", "month", "day"}
    )
)
_entry = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["article", "book", "online", "misc", "manual", "incollection", "techreport"]
        ),
        "fields": st.dictionaries(_field_name, _value, min_size=1, max_size=8),
        "quote": st.booleans(),
    }
)


def _bibtex(entries: list[dict[str, object]]) -> str:
    blocks = []
    for index, entry in enumerate(entries):
        fields = entry["fields"]
        assert isinstance(fields, dict)
        lines = []
        for name, value in fields.items():
            quoted = entry["quote"] and '"' not in value
            lines.append(f'  {name} = "{value}",' if quoted else f"  {name} = {{{value}}},")
        blocks.append(f"@{entry['type']}{{key{index},\n" + "\n".join(lines) + "\n}\n")
    return "% generated\n\n" + "\n".join(blocks)


@settings(max_examples=60, deadline=None)
@given(st.lists(_entry, min_size=1, max_size=6))
def test_generated_entries_lose_nothing(entries: list[dict[str, object]]) -> None:
    text = _bibtex(entries)
    bib = mi_refs.loads(text)
    assert not [p for p in bib.problems if p.code == "parse-error"], [str(p) for p in bib.problems]
    assert bib.keys == tuple(f"key{index}" for index in range(len(entries)))
    for reference, entry in zip(bib.references, entries, strict=True):
        fields = entry["fields"]
        assert isinstance(fields, dict)
        assert [name for name, _ in reference.fields] == list(fields)
    assert mi_refs.format_bibtex(bib) == text
    # an edit to every entry still keeps every field of every entry
    edited = bib.replace(*(dataclasses.replace(ref, note="edited") for ref in bib.references))
    reloaded = mi_refs.loads(mi_refs.format_bibtex(edited))
    assert reloaded.keys == bib.keys
    for before, after in zip(bib.references, reloaded.references, strict=True):
        assert {name for name, _ in before.fields} | {"note"} == {name for name, _ in after.fields}
        assert after.note == "edited"
        for name, value in before.fields:
            if name != "note":
                assert after.get(name) == value, name


def test_an_edited_entry_keeps_its_layout() -> None:
    text = (FIXTURES / "messy.bib").read_text(encoding="utf-8")
    bib = mi_refs.loads(text)
    target = bib["Lefevre_2021"]
    edited = dataclasses.replace(target, title="A corrected title", doi="10.5555/new")
    edited = dataclasses.replace(
        edited, fields=tuple((k, v) for k, v in edited.fields if k != "language")
    )
    out = mi_refs.format_bibtex(bib.replace(edited))
    removed = [line for line in text.splitlines() if line not in out.splitlines()]
    added = [line for line in out.splitlines() if line not in text.splitlines()]
    assert removed == [
        "\ttitle =\t{Daratumumab in warm autoimmune haemolytic anaemia: 3~cases \\& a review},",
        "\tlanguage = {french}",
    ]
    assert added == ["\ttitle =\t{A corrected title},", "\tdoi  =\t{10.5555/new},"]  # pmid's layout
    reloaded = mi_refs.loads(out)["Lefevre_2021"]
    assert (reloaded.title, reloaded.doi, reloaded.get("language")) == (
        "A corrected title",
        "10.5555/new",
        "",
    )


def test_editing_a_date_only_entry_adds_no_year_and_month_edits_are_written() -> None:
    text = "@online{w,\n  title = {Page},\n  url   = {https://example.org},\n  date  = {2024-05-01},\n}\n"
    bib = mi_refs.loads(text)
    out = mi_refs.format_bibtex(bib.replace(dataclasses.replace(bib["w"], title="New page")))
    assert out == text.replace("{Page}", "{New page}")
    moved = mi_refs.format_bibtex(bib.replace(dataclasses.replace(bib["w"], month=7)))
    assert mi_refs.loads(moved)["w"].month == 7


def test_non_utf8_and_bom_files_round_trip(tmp_path: Path) -> None:
    cp1252 = "@article{k, title={It\u2019s \u2013 \u20ac}, journal={J}, year=2020}\n".encode(
        "cp1252"
    )
    latin1 = "@article{k, title={M\u00fcller \u00bd}, journal={J}, year=2020}\n".encode("latin-1")
    bom = b"\xef\xbb\xbf@article{k, title={T}, journal={J}, year=2020}\n"
    for name, data in (("cp.bib", cp1252), ("latin.bib", latin1), ("bom.bib", bom)):
        path = tmp_path / name
        path.write_bytes(data)
        mi_refs.save(mi_refs.load(path))
        assert path.read_bytes() == data, name


def test_entries_once_skipped_round_trip(tmp_path: Path) -> None:
    data = (
        b"@article{,\n  title={A}, journal={J}, year=2020}\n\n"
        b"@article{d, title={A}, title={B}, journal={J}, year=2020}\n\n"
        b"@phdthesis{t, title={T}, school={S}, year=2020}\n"
        b"@artwork{w, title={W}, year=2020}\n"
    )
    path = tmp_path / "x.bib"
    path.write_bytes(data)
    bib = mi_refs.load(path)
    assert len(bib) == 4
    mi_refs.save(bib)
    assert path.read_bytes() == data
