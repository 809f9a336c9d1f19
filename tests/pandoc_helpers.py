"""Running the real pandoc binary (PyPI's ``pypandoc-binary`` ships one) and the filter
``mi-refs-pandoc`` of this tree, for the filter's tests."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def pandoc_path() -> str | None:
    """The pandoc binary: ``pypandoc-binary``'s, else one on PATH."""
    try:
        import pypandoc

        found = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        found = None
    return found or shutil.which("pandoc")


PANDOC = pandoc_path()
needs_pandoc = pytest.mark.skipif(
    PANDOC is None, reason="no pandoc binary (pip install pypandoc-binary, the test extra)"
)


def pandoc(
    *args: str, data: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    assert PANDOC is not None
    return subprocess.run(
        [PANDOC, *args], input=data, capture_output=True, check=False, cwd=cwd, timeout=120
    )


def filter_script(folder: Path) -> Path:
    """An executable ``mi-refs-pandoc`` running this tree's filter (what the console
    script runs), for ``pandoc --filter``."""
    script = folder / "mi-refs-pandoc"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(ROOT / 'src')!r})\n"
        "from mi_refs.pandoc.main import run\nrun()\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def run_filter(data: str, output_format: str = "markdown") -> tuple[str, str]:
    """The filter in-process on pandoc's JSON: the cited JSON and what it said."""
    from mi_refs.pandoc.main import filter_json

    said = io.StringIO()
    result = filter_json(
        data, output_format, warn=lambda m: print(f"warning: {m}", file=said), report=said
    )
    return result, said.getvalue()


def clean_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}
