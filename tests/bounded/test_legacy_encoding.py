"""A .bib in a legacy encoding takes characters it cannot hold as LaTeX (issue 22: a
Windows-1252 file could not take a new author's name; ``add`` exited 2 with a codec
message). The file keeps its encoding and loses nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import mi_refs
from mi_refs.bibtex.latex import to_latex
from mi_refs.cli import main

LEGACY = "@article{old, author = {Müller, Jörg}, title = {Café – “naïve” data}, journal = {J}, year = 2019}\n"
NBIB = "PMID- 1\nTI  - Łódź cohort: ≥ 5 years of α-synuclein\nFAU - Šimůnek, Jiří\nJT  - J\nDP  - 2020\n"


def legacy_bib(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_bytes(LEGACY.encode("cp1252"))
    return path


def test_import_into_a_windows_1252_file_writes_latex_and_keeps_the_encoding(
    tmp_path: Path,
) -> None:
    path = legacy_bib(tmp_path)
    source = tmp_path / "new.nbib"
    source.write_text(NBIB, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(source), "--into", str(path)], out, err) == 0, err.getvalue()
    data = path.read_bytes()
    assert data.startswith(LEGACY.encode("cp1252"))  # the old entry byte for byte
    text = data.decode("cp1252")  # still Windows-1252: it decodes, and as nothing else
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert r"Šim{\r{u}}nek, Ji{\v{r}}í" in text  # Š and í are in Windows-1252, ů and ř not
    assert r"{\L}ód{\'{z}} cohort: $\geq$ 5 years of $\alpha$-synuclein" in text
    bib = mi_refs.load(path)
    new = next(reference for reference in bib if reference.key != "old")
    assert new.authors[0].last == "Šimůnek" and new.authors[0].given == "Jiří"
    assert new.title == "Łódź cohort: ≥ 5 years of α-synuclein"
    assert bib["old"].title == "Café – “naïve” data"


def test_save_refuses_a_character_without_latex_naming_it_and_writes_nothing(
    tmp_path: Path,
) -> None:
    path = legacy_bib(tmp_path)
    bib = mi_refs.load(path)
    assert bib.source is not None and bib.source.encoding == "windows-1252"
    added = mi_refs.loads("@misc{new, title = {Results 😀 and more}, year = 2020}").references[0]
    with pytest.raises(mi_refs.UnreadableFileError, match=r"line 4: .*U\+1F600.*windows-1252"):
        mi_refs.save(bib.replace(added), path)
    assert path.read_bytes() == LEGACY.encode("cp1252")


def test_latex_that_would_not_read_back_is_refused(tmp_path: Path) -> None:
    path = legacy_bib(tmp_path)
    bib = mi_refs.load(path)
    added = mi_refs.loads("@misc{new, title = {T}, url = {https://example.org/ů}, year = 2020}")
    with pytest.raises(mi_refs.UnreadableFileError, match=r"'new' \(url\)"):
        mi_refs.save(bib.replace(*added.references), path)
    assert path.read_bytes() == LEGACY.encode("cp1252")


@pytest.mark.parametrize("char", ["Š", "ł", "Ő", "α", "≥", "ı", "ț"])
def test_each_latex_form_reads_back_as_its_character(char: str) -> None:
    latex = to_latex(char)
    assert latex is not None and latex.isascii()
    assert mi_refs.loads(f"@misc{{k, title = {{x{latex}y}}}}").references[0].title == f"x{char}y"
