"""A local fake of ClinicalTrials.gov API v2 (127.0.0.1), serving the recorded bodies in
``tests/fixtures/ctgov`` (see its PROVENANCE.md), beside :mod:`tests.fakeregistry`; a
:class:`tests.fakeservice.FakeService` (the server, its life and the request log).

- ``/ctgov/studies?filter.ids=A,B&fields=...&pageSize=...``: ``{"studies": [...]}`` with
  every known study whose ``nctId`` or ``nctIdAliases`` is asked, in reverse order (the
  API promises no order); ids in :attr:`FakeCtgov.hidden` are never returned by a batch.
- ``/ctgov/studies/{id}``: 400 ``text/plain`` for an id outside the documented pattern,
  301 to the current study for an alias, the study as JSON, else 404 ``text/plain``.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .fakeservice import FakeService, Reply

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"
_PATTERN = re.compile(r"^[Nn][Cc][Tt]0*[1-9]\d{0,7}$")


def recorded(name: str) -> dict[str, Any]:
    """A recorded (or built) study body by file name prefix."""
    (path,) = sorted(FIXTURES.glob(f"{name}*.json"))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _nct(study: dict[str, Any]) -> str:
    return str(study["protocolSection"]["identificationModule"]["nctId"])


class FakeCtgov(FakeService):
    prefix = "/ctgov"

    def __init__(self, studies: list[dict[str, Any]]) -> None:
        super().__init__()
        self.studies = {_nct(study): study for study in studies}
        self.aliases = {
            alias: nct
            for nct, study in self.studies.items()
            for alias in study["protocolSection"]["identificationModule"].get("nctIdAliases", [])
        }
        self.hidden: set[str] = set()

    def answer(self, raw: str) -> Reply:
        parts = urllib.parse.urlsplit(raw)
        query = urllib.parse.parse_qs(parts.query)
        text = "text/plain"
        if parts.path == "/ctgov/studies":
            ids = [i for i in re.split(r"[,|]", query.get("filter.ids", [""])[0]) if i]
            out = [
                study
                for nct, study in self.studies.items()
                if nct not in self.hidden
                and (nct in ids or any(a in ids for a in self.aliases if self.aliases[a] == nct))
            ]
            body = json.dumps({"studies": out[::-1]}, separators=(",", ":")).encode()
            return 200, "application/json", body, {}
        nct = parts.path.removeprefix("/ctgov/studies/")
        if not _PATTERN.match(nct):
            return 400, text, (FIXTURES / "built-400-nctId-format.txt").read_bytes(), {}
        nct = f"NCT{int(nct[3:]):08d}"
        if nct in self.aliases:
            return 301, text, b"", {"Location": f"/ctgov/studies/{self.aliases[nct]}"}
        if nct in self.studies:
            body = json.dumps(self.studies[nct], separators=(",", ":")).encode()
            return 200, "application/json", body, {}
        return 404, text, f"NCT number {nct} not found".encode(), {}


@contextmanager
def fake_ctgov(studies: list[dict[str, Any]]) -> Iterator[FakeCtgov]:
    with FakeCtgov(studies) as fake:
        yield fake
