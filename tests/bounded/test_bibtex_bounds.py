"""@string expansion is capped (issue 22): a parse error naming the file, line and
macro; the rest of the file loads and renders."""

from __future__ import annotations

from pathlib import Path

import mi_refs
from mi_refs.cli import main

FINE = "@article{ok, author = {Doe, Jane}, title = {Fine}, journal = {J}, year = 2020}\n"


def doubling(times: int) -> str:
    """The issue's bomb: each macro is the one before it twice (40 * 2**times chars)."""
    lines = ['@string{a0 = "0123456789012345678901234567890123456789"}']
    lines += [f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, times + 1)]
    lines.append(
        f"@article{{k, author = {{Smith, J}}, title = a{times}, journal = {{J}}, year = 2020}}"
    )
    return "\n".join(lines) + "\n" + FINE


def test_the_issues_889_byte_bomb_is_a_parse_error_and_the_rest_renders(
    tmp_path: Path, capsys: object
) -> None:
    path = tmp_path / "bomb.bib"
    path.write_text(doubling(31), encoding="utf-8")
    assert path.stat().st_size < 1000
    bib = mi_refs.load(path)
    first = bib.problems[0]
    assert first.code == "parse-error"
    assert first.file == str(path)
    assert first.line == 13  # a12 is the first macro over 100,000 characters
    assert "a11" in first.message and "100,000" in first.message
    assert [reference.key for reference in bib.references] == ["k", "ok"]
    assert bib["k"].title == ""  # refused, never a 40-gigabyte title
    assert any(p.key == "k" and p.field == "title" and "a31" in p.message for p in bib.problems)
    assert main(["render", str(path)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "2. Doe J. Fine. J. 2020." in out


def test_a_value_just_under_the_limit_is_read() -> None:
    # 40 * 2**11 = 81,920 characters: under the limit, read as written
    bib = mi_refs.loads(doubling(11))
    assert not bib.problems
    assert len(bib["k"].title) == 40 * 2**11


def test_twenty_doublings_are_refused_not_built() -> None:
    bib = mi_refs.loads(doubling(20))  # 42 MB before the fix, without a word
    assert bib["k"].title == ""
    assert {p.line for p in bib.problems if p.code == "parse-error"} >= {13, 22}


def test_the_limit_counts_what_macros_add_not_what_is_written() -> None:
    from mi_refs.bibtex.values import MACRO_VALUE_LIMIT, ValueSyntaxError, resolve_value

    long = "x" * (MACRO_VALUE_LIMIT + 10)
    assert resolve_value("{" + long + "}", {}) == (long, [])
    refused = resolve_value("m # m", {"m": "y" * (MACRO_VALUE_LIMIT // 2 + 10)})
    assert isinstance(refused, ValueSyntaxError)
    assert refused.macro == "m" and refused.value is None


def test_a_macro_used_in_every_entry_stays_within_the_files_budget() -> None:
    # 80,000-character macro in 300 entries: 24 million characters before the fix
    lines = ['@string{big = "' + "z" * 80_000 + '"}']
    lines += [f"@misc{{k{i}, title = big # {{ {i}}}}}" for i in range(300)]
    bib = mi_refs.loads("\n".join(lines) + "\n" + FINE)
    built = sum(len(reference.title) for reference in bib.references)
    assert built <= 12_000_000
    refused = [p for p in bib.problems if p.field == "title" and "one file" in p.message]
    assert refused and refused[0].key is not None
    assert bib["ok"].title == "Fine"
