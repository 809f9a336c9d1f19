"""A local fake of DailyMed web services v2 (127.0.0.1), serving the recorded (and built)
bodies in ``tests/fixtures/dailymed`` (see its PROVENANCE.md), beside
:mod:`tests.fakectgov`; a :class:`tests.fakeservice.FakeService` (the server, its life and
the request log).

- ``/dailymed/spls/{setid}/history.json``: the label's history JSON, else 404 text/plain;
- ``/dailymed/spls/{setid}.xml``: the SPL document, else 404;
- ``/dailymed/spls.json?drug_name=X``: the known labels whose title contains ``X`` (case
  blind) as ``{"metadata": ..., "data": [...]}``; with :attr:`FakeDailymed.search_404`
  an empty search answers 404 (as some clients report DailyMed doing).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .fakeservice import FakeService, Reply

FIXTURES = Path(__file__).parent / "fixtures" / "dailymed"
LIPITOR = "c6e131fe-e7df-4876-83f7-9156fc4e8228"
VITRAKVI = "9525f887-a055-4e33-8e92-898d42828cd1"
EDECRIN = "9aa7140c-012c-4ea6-866d-4732e915dab6"
NO_TITLE = "0027b8a3-73bf-4005-a7e3-b035f451a861"
LIPITOR_VERSION_ID = "20a11732-b9f5-4b59-9d86-c63f11b139d9"


def fixture(name: str) -> bytes:
    (path,) = sorted(FIXTURES.glob(f"{name}*"))
    return path.read_bytes()


def histories() -> dict[str, Any]:
    """The recorded and built histories by set id."""
    out = {}
    for name in ("v2-spls-SETID-history-json-vitrakvi", "built-history-json-"):
        for path in sorted(FIXTURES.glob(f"{name}*.json")):
            body = json.loads(path.read_text(encoding="utf-8"))
            out[body["data"]["spl"]["setid"]] = body
    return out


def spls() -> dict[str, bytes]:
    return {LIPITOR: fixture("spl-xml-rx-lipitor"), NO_TITLE: fixture("spl-xml-empty-title")}


def search_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(fixture("built-spls-json-rows"))["data"]
    return rows


class FakeDailymed(FakeService):
    prefix = "/dailymed"

    def __init__(
        self,
        history: dict[str, Any] | None = None,
        documents: dict[str, bytes] | None = None,
        rows: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__()
        self.history = histories() if history is None else history
        self.documents = spls() if documents is None else documents
        self.rows = search_rows() if rows is None else rows
        self.search_404 = False

    def answer(self, raw: str) -> Reply:
        parts = urllib.parse.urlsplit(raw)
        path = parts.path.removeprefix("/dailymed/")
        missing: Reply = (404, "text/plain", b"Not Found", {})
        if path == "spls.json":
            name = urllib.parse.parse_qs(parts.query).get("drug_name", [""])[0].lower()
            rows = [row for row in self.rows if name and name in row["title"].lower()]
            if not rows and self.search_404:
                return missing
            metadata = {"total_elements": str(len(rows)), "next_page": "null"}
            body = json.dumps({"metadata": metadata, "data": rows}).encode()
            return 200, "application/json", body, {}
        if path.startswith("spls/") and path.endswith("/history.json"):
            setid = path[len("spls/") : -len("/history.json")]
            if setid in self.history:
                return 200, "application/json", json.dumps(self.history[setid]).encode(), {}
            return missing
        if path.startswith("spls/") and path.endswith(".xml"):
            setid = path[len("spls/") : -len(".xml")]
            if setid in self.documents:
                return 200, "text/xml", self.documents[setid], {}
            return missing
        return missing


@contextmanager
def fake_dailymed(**options: Any) -> Iterator[FakeDailymed]:
    with FakeDailymed(**options) as fake:
        yield fake
