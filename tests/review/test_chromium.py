"""The review report looked at as a reader would (issue 21, item 3): headless Chromium (the
Debian package, installed by ``.ci/run``) loads the page, its DOM is dumped and checked
(every reference, every citing sentence, the statuses), the browser's network log shows
no request made by the page, and a screenshot is taken. Skipped, saying why, where
Chromium is absent.

``MI_REFS_UPDATE_SCREENSHOT=1`` also writes the screenshot shown in docs/report.md
(``docs/review-report.png``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

import mi_refs
from mi_refs.review.build import review_letter
from mi_refs.review.formats import format_review
from tests.fakeregistry import FakeRegistry
from tests.review.test_report import CORRECTED, LETTER, retract_and_supersede

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does)"
)
QUIET = [
    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps",
]  # fmt: skip


def chromium(*args: str, cwd: Path) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, *QUIET, *args], capture_output=True, text=True, timeout=120, cwd=cwd,
        env={**os.environ, "HOME": str(cwd)}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def page_requests(netlog: Path) -> list[str]:
    """The URLs the page itself asked for (the browser's own background requests carry
    no origin: ``initiator`` ``not an origin``; a file page's requests carry ``null``)."""
    data = json.loads(netlog.read_text(encoding="utf-8"))
    names = {number: name for name, number in data["constants"]["logEventTypes"].items()}
    found = []
    for event in data["events"]:
        params = event.get("params") or {}
        started = names.get(event["type"]) == "URL_REQUEST_START_JOB" and "url" in params
        if started and params.get("initiator", "not an origin") != "not an origin":
            found.append(params["url"])
    return found


class _Dom(HTMLParser):
    """Cards (``article`` with their classes), claim items and their text."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, str] = {}
        self.texts: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        ident = values.get("id")
        if tag == "article" and ident:
            self.cards[ident] = values.get("class") or ""
        if ident:
            self.texts.setdefault(ident, [])
        self._open.append((tag, ident))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, ident in self._open:
            if ident:
                self.texts[ident].append(data)

    def text(self, ident: str) -> str:
        return " ".join("".join(self.texts.get(ident, [])).split())


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, mi_refs.Review]]:
    with FakeRegistry.from_fixtures() as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("MI_REFS_CTGOV_URL", server.pubmed_url.replace("/eutils", "/ctgov"))
        retract_and_supersede(server)
        monkeypatch.chdir(ROOT)  # the page names the letter and .bib as a user would
        review = review_letter(
            LETTER.relative_to(ROOT), mi_refs.load(CORRECTED.relative_to(ROOT)),
            cache_dir=tmp_path / "cache", mailto="mi@example.org",
        )  # fmt: skip
    path = tmp_path / "review.html"
    path.write_text(format_review(review, "html"), encoding="utf-8")
    yield path, review


def plain(sentence: str) -> str:
    return " ".join(re.sub(r"\^([^^\s]+)\^", r"\1", sentence).split())


def test_chromium_shows_every_reference_sentence_and_status(
    page: tuple[Path, mi_refs.Review], tmp_path: Path
) -> None:
    path, review = page
    netlog = tmp_path / "netlog.json"
    dom = _Dom()
    dom.feed(chromium(f"--log-net-log={netlog}", "--dump-dom", path.as_uri(), cwd=tmp_path))
    assert len(dom.cards) == 20
    for card in review.cards:
        classes = dom.cards[f"ref-{card.number}"]
        assert f"s-{card.status}" in classes
        heading = dom.text(f"ref-{card.number}-h")
        assert heading.startswith(f"{card.number}.")
        for index in card.citing:
            occurrence = next(o for o in review.occurrences if o.index == index)
            assert plain(occurrence.sentence) in dom.text(f"c-{card.number}-{index}")
    assert "retracted" in dom.text("ref-16-h") and "superseded" in dom.text("ref-15-h")
    assert "2025-06-02" in dom.text("ref-16")
    assert "Lancet." in dom.text("ref-4") and "marked words" in dom.text("ref-4")
    assert "Cites a retracted work." in dom.text("o-5")
    assert len([key for key in dom.texts if key.startswith("o-")]) == 24
    assert page_requests(netlog) == []


def test_the_network_check_sees_a_page_request(tmp_path: Path) -> None:
    """The detector above can fail: a page with an image on another host is caught."""
    probe = tmp_path / "probe.html"
    probe.write_text('<img src="http://127.0.0.1:9/x.png" alt="">', encoding="utf-8")
    netlog = tmp_path / "netlog.json"
    chromium(f"--log-net-log={netlog}", "--dump-dom", probe.as_uri(), cwd=tmp_path)
    assert page_requests(netlog) == ["http://127.0.0.1:9/x.png"]


def test_screenshot(page: tuple[Path, mi_refs.Review], tmp_path: Path) -> None:
    path, _ = page
    shot = tmp_path / "review.png"
    chromium(
        f"--screenshot={shot}", "--window-size=1100,1600", path.as_uri() + "#show-retracted",
        cwd=tmp_path,
    )  # fmt: skip
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000  # not a blank page
    if os.environ.get("MI_REFS_UPDATE_SCREENSHOT"):
        (ROOT / "docs" / "review-report.png").write_bytes(data)


def test_readable_at_200_percent_zoom(page: tuple[Path, mi_refs.Review], tmp_path: Path) -> None:
    """At 200% zoom a 1280-pixel window is 640 CSS pixels wide: nothing may need a
    horizontal scroll bar. A copy of the page gets a measuring script (the report itself
    has none) whose answer the dumped DOM carries."""
    path, _ = page
    probe = tmp_path / "zoomed.html"
    measure = (
        "<script>document.body.setAttribute('data-overflow', "
        "String(document.documentElement.scrollWidth > window.innerWidth));</script>"
    )
    probe.write_text(
        path.read_text(encoding="utf-8").replace("</body>", measure + "</body>"), "utf-8"
    )
    dom = chromium(
        "--window-size=1280,900", "--force-device-scale-factor=2", "--dump-dom", probe.as_uri(),
        cwd=tmp_path,
    )  # fmt: skip
    assert 'data-overflow="false"' in dom
    # the measure can fail: a 2000-pixel block overflows
    probe.write_text(
        probe.read_text(encoding="utf-8").replace(
            "<main>", '<main><div style="width: 2000px">wide</div>'
        ),
        "utf-8",
    )
    dom = chromium(
        "--window-size=1280,900", "--force-device-scale-factor=2", "--dump-dom", probe.as_uri(),
        cwd=tmp_path,
    )  # fmt: skip
    assert 'data-overflow="true"' in dom
