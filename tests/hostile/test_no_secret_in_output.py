"""Nothing secret in any output (issue 22, item 7): a registry page that echoes the query
("Bad request tool=...&api_key=...") put the NCBI key into the text and JSON reports and
``add``'s output. A local echo server on 127.0.0.1 answers every request with the request's
own parameters, as such a page does, in plain text (quoted by the "not JSON" message)
and inside JSON fields (an esummary error, a Crossref title)."""

from __future__ import annotations

import contextlib
import io
import json
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from mi_refs.cli import main
from tests.hostile.conftest import serve

KEY = "0123456789abcdef+SECRET/key"  # a "+" and "/": echoed raw, %-encoded or as "+"
TOKEN = "tok-SECRET-9876"


class _Echo(BaseHTTPRequestHandler):
    mode = "text"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _echo(self, asked: str) -> None:
        if "esummary" in self.path:
            body = json.dumps({"error": f"Bad request {asked}"}).encode()
        elif "/works" in self.path and "filter" in asked:
            item = {"DOI": "10.5555/mirefs.2021.0931", "title": [f"Echo {asked}"]}
            body = json.dumps({"message": {"items": [item]}}).encode()
        else:
            body = f"Bad request {asked} ({urllib.parse.unquote_plus(asked)})".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._echo(urllib.parse.urlsplit(self.path).query)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._echo(self.rfile.read(min(length, 100_000)).decode("latin-1"))


@pytest.fixture
def echo() -> Iterator[str]:
    with serve(_Echo) as url:
        yield url


def secret_forms() -> list[str]:
    return [
        KEY,
        urllib.parse.quote(KEY, safe=""),
        urllib.parse.quote_plus(KEY),
        "SECRET",
        TOKEN,
    ]


@pytest.fixture
def env(echo: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("NCBI_API_KEY", KEY)
    monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
    monkeypatch.setenv("MI_REFS_PUBMED_URL", echo)
    netloc = urllib.parse.urlsplit(echo).netloc
    monkeypatch.setenv("MI_REFS_CROSSREF_URL", f"http://user:{TOKEN}@{netloc}")
    monkeypatch.setenv("MI_REFS_REQUEST_DEADLINE", "5")
    return tmp_path


BIB = (
    "@article{a, author = {Testwell, Ada}, title = {T}, journal = {J Fict Haematol}, "
    "year = 2021, pmid = {9999931}}\n"
    "@article{b, author = {Testwell, Ada}, title = {T}, journal = {J Fict Haematol}, "
    "year = 2021, doi = {10.5555/mirefs.2021.0931}}\n"
    "@article{c, author = {Testwell, Ada}, title = {Daratumumab}, journal = {J Fict "
    "Haematol}, year = 2021, volume = 11, pages = {101--109}}\n"
)


def _run(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    main(argv, out, err)
    return out.getvalue() + err.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_no_report_format_shows_the_key(env: Path, fmt: str) -> None:
    bib = env / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    output = _run(["check", str(bib), "--format", fmt, "--cache-dir", str(env / "cache")])
    assert "Bad request" in output or "Echo" in output  # the echo did reach the report
    for secret in secret_forms():
        assert secret not in output, (secret, output)
    rows = (env / "cache" / "registry.sqlite3").read_bytes()
    assert b"SECRET" not in rows


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_add_never_shows_the_key(env: Path, fmt: str) -> None:
    bib = env / "new.bib"
    output = _run(
        ["add", "10.5555/mirefs.2021.0931", "9999931", "--bib", str(bib), "--format", fmt,
         "--cache-dir", str(env / "cache")]
    )  # fmt: skip
    assert output
    for secret in secret_forms():
        assert secret not in output, (secret, output)
    if bib.exists():
        assert "SECRET" not in bib.read_text(encoding="utf-8")


def test_a_usage_error_never_shows_a_token_in_a_service_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MI_REFS_CROSSREF_URL", f"ftp://user:{TOKEN}@host.test/x")
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(bib), "--cache-dir", str(tmp_path / "c")], out, err) == 2
    assert "MI_REFS_CROSSREF_URL" in err.getvalue()
    assert TOKEN not in out.getvalue() + err.getvalue()
