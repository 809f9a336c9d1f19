"""The shortcuts an import's conversion takes (issue 22: 200,000 records in under 30 s)
give what the plain definitions give, on real references: the references of the test
.bib files and of every real export in ``tests/fixtures/imports`` (see its SOURCES.md).

- ``make_key`` computes only the placeholders its scheme names;
- the required-field check looks each option up instead of building sets;
- the writer leaves a value without LaTeX specials as it is, without translating it;
- the read-back check tells a plainly written page range by a pattern, not a loop;
- a name is formatted without a join when it has a surname and no suffix;
- the personal-data filter returns a record that holds none after one pass;
- the writer reads no date and no month for fields that hold neither, and writes a new
  entry's values without a function call each when they need no escape;
- a report's text that is printable ASCII is not searched for control characters;
- (round five) a page range without spaces, Unicode dashes or a run of hyphens is not
  searched for dashes; a name list with one space between words is split on `` and ``
  by a plain pattern; a list without "others" is read by one ``map``; the read-back scan
  looks for what could go wrong only in a text with a backslash or a second @, and
  remembers the field names it has checked; a key's word of letters and digits is not
  searched; a report's text is checked once for what ``clean`` would change.
"""

from __future__ import annotations

import gc
import itertools
import string
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pybtex.bibtex.utils import split_name_list
from pybtex.exceptions import PybtexError

from mi_refs.bibtex import fields as bibtex_fields
from mi_refs.bibtex import keys, latex, names, normalize, write
from mi_refs.bibtex import read as bibtex_read
from mi_refs.bibtex.latex import to_unicode
from mi_refs.bibtex.names import format_name_bibtex
from mi_refs.bibtex.normalize import parse_date, read_month
from mi_refs.bibtex.read import load
from mi_refs.check import report
from mi_refs.importers import personal, read_file
from mi_refs.importers.personal import without_personal_data
from mi_refs.importers.record import ImportedRecord
from mi_refs.intake import importing
from mi_refs.intake.importing import import_files, to_reference
from mi_refs.intake.report import IntakeEntry, IntakeReport, Outcome, format_intake_report
from mi_refs.model import Finding, Kind, Name, Reference, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _references() -> list[Reference]:
    references: list[Reference] = []
    for path in sorted(FIXTURES.glob("*.bib")):
        references += load(path).references
    for path in sorted((FIXTURES / "imports").iterdir()):
        if path.suffix == ".md":
            continue
        records, _, _ = read_file(path, None)
        references += [to_reference(record)[0] for record in records]
    return references


REFERENCES = _references()


def test_the_material_is_there() -> None:
    assert len(REFERENCES) > 100
    assert any(reference.doi for reference in REFERENCES)
    assert any(not reference.authors for reference in REFERENCES)


def _every_value(reference: Reference) -> dict[str, str]:
    """Every placeholder's value, as make_key computed them all before."""
    first = reference.authors[0] if reference.authors else None
    surname = first.surname if first else ""
    words = keys._title_words(reference.title)
    return {
        "surname": keys._ascii(surname) or keys._ascii(reference.organization) or "anon",
        "year": keys._ascii(reference.year) or "nd",
        "word": words[0] if words else "",
        "words": "".join(words[:3]),
        "pmid": reference.pmid,
        "doi": keys._ascii(reference.doi),
    }


SCHEMES = [
    "".join("{" + name + "}" for name in names)
    for size in (1, 2, 3)
    for names in itertools.permutations(sorted(keys.PLACEHOLDERS), size)
] + ["x{word}-{words}_{year}"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_make_key_computes_only_what_the_scheme_names(scheme: str) -> None:
    for reference in REFERENCES:
        expected = scheme.format(**_every_value(reference)) or "ref"
        assert keys.make_key(reference, (), scheme) == expected, (reference.key, scheme)


def _missing_by_sets(kind: Kind, entry_type: str, decoded: dict[str, str]) -> list[str]:
    """The required-field check as it was written first: the sets of given names."""
    given_names = {name for name, value in decoded.items() if value.strip()}
    present = given_names | {
        bibtex_fields._ALIASES[name] for name in given_names if name in bibtex_fields._ALIASES
    }
    out = []
    for requirement in bibtex_fields._REQUIRED[kind]:
        options = (requirement,) if isinstance(requirement, str) else requirement
        if not present.intersection(options):
            out.append(options[0])
    return out


_REQUIRED_NAMES = sorted(
    {
        name
        for needs in bibtex_fields._REQUIRED.values()
        for need in needs
        for name in ((need,) if isinstance(need, str) else need)
    }
    | set(bibtex_fields._ALIASES)
)


@given(
    st.sampled_from(list(Kind)),
    st.dictionaries(st.sampled_from(_REQUIRED_NAMES), st.sampled_from(["", " ", "x", " 2020 "])),
)
def test_missing_fields_as_the_sets_say(kind: Kind, decoded: dict[str, str]) -> None:
    issues = bibtex_fields._missing(kind, "article", decoded)
    assert [issue.field for issue in issues] == _missing_by_sets(kind, "article", decoded)


def test_missing_fields_of_real_references() -> None:
    for reference in REFERENCES:
        decoded = dict(reference.fields)
        issues = bibtex_fields._missing(reference.kind, reference.entry_type, decoded)
        expected = _missing_by_sets(reference.kind, reference.entry_type, decoded)
        assert [issue.field for issue in issues] == expected


def _escaped_in_full(name: str, value: str) -> str:
    """The writer's escaping without its shortcut for values that need none."""
    if name in bibtex_fields.VERBATIM_FIELDS or name in bibtex_fields.NAME_FIELDS:
        return value
    text = value.translate(write._ESCAPES)
    if name in bibtex_fields.DECODED_FIELDS and name != "pages":
        text = text.replace("--", "-{}-")
    return text


@given(
    st.sampled_from(["title", "journal", "pages", "abstract", "doi", "author", "x-m1"]),
    st.text(alphabet=string.printable + "–é", max_size=40),
)
def test_escaping_shortcut_changes_nothing(name: str, value: str) -> None:
    assert write._escape(name, value) == _escaped_in_full(name, value)


def test_escaping_of_real_values() -> None:
    for reference in REFERENCES:
        for name, value in reference.fields:
            assert write._escape(name, value) == _escaped_in_full(name, value)


def test_alnum_pattern_is_isalnum() -> None:
    """``same_issues`` tells a plainly written page range by a pattern: it must say of
    every character what ``str.isalnum`` says."""
    pattern = bibtex_fields._ALNUM
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (pattern.match(char) is not None) == char.isalnum(), hex(code)


@given(st.text(alphabet=string.printable + "–éΩ٣", max_size=12))
def test_plainly_given_as_written_first(value: str) -> None:
    first = any(char.isalnum() for char in value) and not any(c in value for c in "\\{}")
    assert bibtex_fields._plainly_given(value) == first


@given(
    st.builds(
        Name,
        st.sampled_from(["", "Smith", "van Berg", "de la Cruz", "lower", "WHO"]),
        st.sampled_from(["", "J", "Anna B."]),
        st.sampled_from(["", "van", "de la"]),
        st.sampled_from(["", "Jr", "III"]),
        st.booleans(),
    )
)
def test_names_formatted_as_joined(name: Name) -> None:
    assert format_name_bibtex(name) == _joined(name)


def _joined(name: Name) -> str:
    """``format_name_bibtex`` as written first: the non-empty parts joined."""
    if name.corporate:
        return f"{{{name.last}}}"
    last = name.last
    if " " in last or last[:1].islower():
        last = f"{{{last}}}"
    surname = f"{name.particle} {last}" if name.particle else last
    return ", ".join(part for part in (surname, name.suffix, name.given) if part)


def test_names_of_real_references_formatted_as_joined() -> None:
    for reference in REFERENCES:
        for name in (*reference.authors, *reference.editors):
            assert format_name_bibtex(name) == _joined(name)


def _records() -> list[ImportedRecord]:
    records: list[ImportedRecord] = []
    for path in sorted((FIXTURES / "imports").iterdir()):
        if path.suffix != ".md":
            records += read_file(path, None)[0]
    return records


def test_personal_data_shortcut_on_real_records() -> None:
    """A record the one-pass test finds nothing in is one the field-by-field filter
    leaves whole; the real exports hold both kinds."""
    records = _records()
    whole = [record for record in records if without_personal_data(record)[1] == ()]
    assert whole and len(whole) < len(records)
    for record in records:
        cleaned, left_out = without_personal_data(record)
        if not left_out:
            assert cleaned is record
            for name, value in record.fields:
                assert name not in personal.ADDRESS_FIELDS
                assert not (name.startswith("x-") and personal._emails(value))
                assert not (name.startswith("x-") and personal._AFFILIATION.search(value))
                assert not (name in personal._SCRUBBED and personal._emails(value))


def _dates_in_full(reference: Reference, values: dict[str, str]) -> dict[str, str]:
    """``_set_date_fields`` as written first: the date and the month read every time."""
    values = dict(values)
    date = parse_date(values.get("date", "")) or (None, None, None)
    if reference.year != (values.get("year") or str(date[0] or "")):
        values["year"] = reference.year
    read = read_month(values.get("month", ""))
    if read is not None and (reference.month, reference.month_end, reference.event_days) == read:
        return values
    if reference.month != (read[0] if read is not None else date[1]):
        values["month"] = str(reference.month or "")
    return values


@given(
    st.sampled_from(["", "2020", "1999"]),
    st.sampled_from([None, 1, 5, 12]),
    st.dictionaries(
        st.sampled_from(["year", "month", "date", "title"]),
        st.sampled_from(["", "2020", "1999", "May", "2020-05", "5", "x"]),
    ),
)
def test_year_and_month_as_read_in_full(
    year: str, month: int | None, values: dict[str, str]
) -> None:
    reference = Reference("k", "article", Kind.ARTICLE, year=year, month=month)
    shortcut = dict(values)
    write._set_date_fields(reference, shortcut)
    assert shortcut == _dates_in_full(reference, values)


def test_year_and_month_of_real_references() -> None:
    for reference in REFERENCES:
        values = dict(reference.fields)
        shortcut = dict(values)
        write._set_date_fields(reference, shortcut)
        assert shortcut == _dates_in_full(reference, values)


def test_new_entries_written_as_each_value_is() -> None:
    """A new entry's values are written without the per-value function when nothing in
    them is escaped: the text is the one the function gives."""
    for reference in REFERENCES:
        fields = [
            (name, write._new_value(name, value))
            for name, value in write._bibtex_fields(reference).items()
        ]
        expected = write._entry_text(reference.entry_type, reference.key, fields)
        assert write.format_entry(reference) == expected


@given(st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=30))
def test_clean_shortcut_changes_nothing(text: str) -> None:
    cleaned = report._CONTROLS.sub(" ", report._SURROGATES.sub("\ufffd", text))
    assert report.clean(text) == cleaned


def test_clean_of_every_ascii_character() -> None:
    for code in range(128):
        char = chr(code)
        assert report.clean(f"a{char}b") == report._CONTROLS.sub(" ", f"a{char}b")


# --- round five (issue 22): pages, name lists, the read-back scan, keys, the report ---


def _pages_in_full(value: str) -> str:
    """``normalize_pages`` as written first: the dash pattern over every value."""
    return normalize._DASHES.sub("-", value.strip())


@given(st.text(alphabet="0123456789eES -–—‐\u2212\t\n\xa0", max_size=16))
def test_pages_shortcut_changes_nothing(value: str) -> None:
    assert normalize.normalize_pages(value) == _pages_in_full(value)


def test_pages_of_real_references() -> None:
    for reference in REFERENCES:
        for name, value in reference.fields:
            if name in {"pages", "eid"}:
                assert normalize.normalize_pages(value) == _pages_in_full(value)


def _split_in_full(value: str) -> list[str]:
    """A name list split as it was first: pybtex's splitter with braces, else ``_AND``
    over the stripped value."""
    return split_name_list(value) if "{" in value else names._AND.split(value.strip())


@given(st.text(alphabet="aAnNdDs ,.\t\n\xa0\u2009\u2028xJ", max_size=30))
def test_name_list_split_shortcut_changes_nothing(value: str) -> None:
    assert names._split_list(value) == _split_in_full(value)


def _lists() -> list[str]:
    return [
        value
        for reference in REFERENCES
        for name, value in reference.fields
        if name in {"author", "editor", "translator"}
    ]


def test_name_lists_of_real_references_split_as_in_full() -> None:
    lists = _lists()
    assert len(lists) > 100
    for value in lists:
        assert names._split_list(value) == _split_in_full(value)


def _read_name_by_name(raws: list[str]) -> tuple[tuple[Name, ...], bool, list[str]]:
    """``_read_list`` as written first: "others" looked for and each name read in turn."""
    found: list[Name] = []
    unreadable: list[str] = []
    truncated = False
    for raw in raws:
        if raw.strip().lower() == "others":
            truncated = True
            continue
        try:
            found.append(names.parse_name(raw))
        except PybtexError:
            unreadable.append(raw)
            found.append(Name(last=to_unicode(raw), corporate=True))
    return tuple(found), truncated, unreadable


@given(
    st.lists(
        st.sampled_from(
            ["Smith, J", "others", " OTHERS ", "Others, A", "brothers", "a, b, c, d",
             "van Berg, Jan", "{WHO}", "Smith, J., Jr.", "Jörg Müller", "x,", ""]
        ),
        max_size=6,
    )
)  # fmt: skip
def test_name_list_read_shortcut_changes_nothing(raws: list[str]) -> None:
    assert names._read_list(raws) == _read_name_by_name(raws)


def test_name_lists_of_real_references_read_as_in_full() -> None:
    for value in _lists():
        raws = names._split_list(value)
        assert names._read_list(raws) == _read_name_by_name(raws)


@given(st.text(alphabet='@\\{}"\n \ta\xa0', max_size=20))
def test_read_back_precheck_skips_only_plain_text(text: str) -> None:
    """``read_written_entry`` searches ``_NOT_PLAIN`` only in a text with a backslash or
    an @ after its first character: without either the pattern cannot match."""
    if "\\" not in text and text.find("@", 1) < 0:
        assert bibtex_read._NOT_PLAIN.search(text) is None


def test_read_back_remembers_only_field_names() -> None:
    assert not bibtex_read._field_name("Bad name")
    assert "Bad name" not in bibtex_read._NAMES_READ
    assert bibtex_read._field_name("x-publication-type")
    assert "x-publication-type" in bibtex_read._NAMES_READ
    for name in bibtex_read._NAMES_READ:
        assert bibtex_read._WRITTEN_NAME.fullmatch(name)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_key_words_shortcut_changes_nothing(text: str) -> None:
    assert keys._ascii(text) == keys._NOT_KEY.sub("", text.lower())


def _text_by_part(report_: IntakeReport) -> str:
    """``to_text``'s entry lines as written first: each part cleaned on its own."""
    clean = report.clean
    lines: list[str] = []
    for entry in report_.entries:
        name = clean(entry.key or "(no key)")
        source = f" ({clean(entry.source)})" if entry.source and entry.source != entry.key else ""
        lines.append(f"{name}{source}: {entry.status}")
        for outcome in entry.outcomes:
            finding = outcome.finding
            where = f" [{clean(finding.field)}]" if finding.field else ""
            lines.append(f"  {outcome.action} {finding.code}{where}: {clean(finding.message)}")
            if outcome.reason:
                lines.append(f"      why: {clean(outcome.reason)}")
    lines.extend(f"note: {clean(note)}" for note in report_.notes)
    return "".join(line + "\n" for line in lines)


_ODD_TEXT = st.text(alphabet="ab \n\r\t\x1b\x85\u2028é\ud800", max_size=8)


@given(
    st.lists(
        st.builds(
            IntakeEntry,
            st.one_of(st.none(), _ODD_TEXT),
            _ODD_TEXT,
            st.sampled_from(["added", "changed"]),
            st.lists(
                st.builds(
                    Outcome,
                    st.builds(
                        Finding,
                        st.just("field-kept"),
                        st.sampled_from(list(Severity)),
                        _ODD_TEXT,
                        field=st.one_of(st.none(), _ODD_TEXT),
                    ),
                    st.just("noted"),
                    _ODD_TEXT,
                ),
                max_size=2,
            ).map(tuple),
        ),
        max_size=3,
    ),
    st.lists(_ODD_TEXT, max_size=2),
)
def test_report_text_cleaned_once_as_by_part(entries: list[IntakeEntry], notes: list[str]) -> None:
    report_ = IntakeReport("import", None, tuple(entries), notes=tuple(notes))
    text = format_intake_report(report_, "text")
    assert text.startswith(_text_by_part(report_))
    assert text.count("\n") == _text_by_part(report_).count("\n") + 1


def test_report_counts_as_summed_by_severity() -> None:
    findings = [Finding("field-kept", severity, "m") for severity in Severity] * 2
    entry = IntakeEntry("k", "s", "added", tuple(Outcome(finding) for finding in findings))
    report_ = IntakeReport("import", None, (entry, entry))
    assert report_.errors == sum(1 for f in report_.findings() if f.severity is Severity.ERROR)
    assert report_.warnings == 4
    assert report_.summary()["errors"] == report_.errors == 4


def test_import_leaves_the_collector_on_and_nothing_frozen(tmp_path: Path) -> None:
    """An import pauses the cyclic collector and ends by moving what it made to the
    oldest generation (a freeze and an unfreeze): the collector is on again, nothing is
    left frozen, and what a caller froze before stays frozen."""
    source = FIXTURES / "imports" / "zotero-export-JOUR-and-ELEC-curly-quotes-manubot.ris"
    assert gc.isenabled()
    import_files([source], tmp_path / "a.bib")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        import_files([source], tmp_path / "b.bib")
        assert gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


# --- substring tests instead of alternations (issue 22, round five) -------------------

_SPECIALS = string.printable + "–é\u2028"


@given(st.text(alphabet=_SPECIALS, max_size=40))
def test_latex_test_by_substrings_as_the_pattern(value: str) -> None:
    assert latex.has_latex(value) == (latex._LATEX_CHARS.search(value) is not None)


@given(st.text(alphabet=_SPECIALS, max_size=40))
def test_escape_test_by_substrings_as_the_pattern(value: str) -> None:
    assert write.has_special(value) == (write._SPECIAL.search(value) is not None)
    assert importing._escaped(value) == (importing._TO_ESCAPE.search(value) is not None)


def test_substring_tests_on_real_values() -> None:
    for reference in REFERENCES:
        for _, value in reference.fields:
            assert latex.has_latex(value) == (latex._LATEX_CHARS.search(value) is not None)
            assert write.has_special(value) == (write._SPECIAL.search(value) is not None)
            assert importing._escaped(value) == (importing._TO_ESCAPE.search(value) is not None)
