"""Which legacy encoding a non-UTF-8 .bib is read in (issue 22 item 9).

charset-normalizer alone read a small Windows-1252 file (``Müller, Jérôme``) as Baltic
cp775 (``M³ller``); an import into it then wrote every existing name back changed, and a
new ``Łukasz`` as byte 0xA3, which reads back as ``£``. Found while bounding the import
(issue 22)."""

from pathlib import Path

import pytest

from mi_refs.bibtex.read import decode_bytes
from mi_refs.cli import main

SMALL_CP1252 = (
    "@article{a,\n  author = {Müller, Jérôme},\n  title = {Café study},\n"
    "  journal = {BMJ},\n  year = {2020}\n}\n"
).encode("cp1252")


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("@article{a, author={Müller, Jérôme}, title={Café study}}", "cp1252", "windows-1252"),
        ("@article{a, title={It’s – €}, author={Müller, Jörg}}", "cp1252", "windows-1252"),
        (
            "@article{a, author={Kowalski, Łukasz and Dvořák, Jiří}, title={Zażółć gęślą jaźń}}",
            "cp1250",
            "cp1250",
        ),
        (
            "@article{a, author={Иванов, Иван and Петров, Пётр}, title={Исследование лечения}}",
            "cp1251",
            "cp1251",
        ),
    ],
)
def test_a_legacy_file_is_read_as_its_names_say(text: str, encoding: str, expected: str) -> None:
    decoded, name, message = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert name == expected
    assert "not UTF-8" in message


def test_importing_into_a_small_cp1252_file_keeps_its_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_bytes(SMALL_CP1252)
    (tmp_path / "new.ris").write_text(
        "TY  - JOUR\nAU  - Kowalski, Łukasz\nTI  - Another study\nJO  - Lancet\n"
        "PY  - 2021\nER  - \n",
        encoding="utf-8",
    )
    assert main(["import", "new.ris", "--into", "refs.bib"]) == 0
    data = (tmp_path / "refs.bib").read_bytes()
    assert data.startswith(SMALL_CP1252[:-1])  # the old entry byte for byte
    text = data.decode("cp1252")
    assert "Kowalski, {\\L}ukasz" in text  # what cp1252 cannot hold, as LaTeX
    assert "£" not in text


def test_a_utf16_file_is_not_read_as_windows_1252() -> None:
    """JabRef's test file tiny-LE-withBOM.bib (UTF-16 LE with a byte-order mark) was read
    as Windows-1252 by a first form of the rule: its BOM reads as the letters ``ÿþ`` and
    the NUL bytes between the letters did not count against it."""
    text = "@article{k, author={Müller, Jörg}, title={Café}, year=2020}\n"
    decoded, name, _ = decode_bytes(text.encode("utf-16"))
    assert decoded == text
    assert name.replace("-", "_") == "utf_16"
