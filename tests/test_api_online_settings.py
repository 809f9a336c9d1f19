"""The online settings in every Python API function that asks a service (issue 21's
follow-up): ``online``, ``cache_dir``, ``use_cache``, ``mailto``, ``registries`` and
``api_key`` (the NCBI E-utilities key), by the same names as :func:`mi_refs.check`. The
key passed as ``api_key=`` (no ``NCBI_API_KEY`` in the environment) reaches every PubMed
request, never another service's, and never any output (issue 22 item 7). On the local
fake registry and fake DailyMed, and an echo server for the outputs; no network."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from tests.check.test_superseded import _summary
from tests.fakedailymed import LIPITOR, fake_dailymed
from tests.fakeregistry import FakeRegistry
from tests.hostile.conftest import serve
from tests.hostile.test_no_secret_in_output import _Echo, secret_forms
from tests.review.test_needs_review import _BIB as BIB
from tests.review.test_needs_review import _EFETCH as EFETCH

KEY = "0123456789abcdef+SECRET/key"  # as tests/hostile: "+" and "/" %-encoded in a query

# the letter of tests/review/test_needs_review.py (made up), shorter; its .bib and efetch answer
LETTER = """# Daratumumab in ITP

In a case series, 4 of 7 patients (57%) responded.^1^

## References

1. Vernava I, Schmitt CA. Daratumumab as a novel treatment option in refractory ITP.
   Blood Cells Mol Dis. 2023;99:102724. doi:10.1016/j.bcmd.2023.102724
"""
# a letter whose list has no identifiers: extract asks PubMed's ECitMatch
TYPED = """# Letter

Text.^1^

## References

1. Testwell A. Daratumumab in a fictional trial. J Fict Haematol. 2021;11(4):101-109.
"""
RIS = (
    "TY  - JOUR\nAU  - Testwell, Ada\nTI  - Daratumumab\nT2  - J Fict Haematol\nPY  - 2021\n"
    "VL  - 11\nSP  - 101\nEP  - 109\nER  - \n"
)
PREPRINT = (
    "@online{pre, title = {A preprint}, author = {Testwell, A}, year = 2021, pmid = {9999945},"
    " pubstate = {prepublished}, eprinttype = {medrxiv}, eprint = {2021.01.01.1}}\n"
)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeRegistry]:
    with FakeRegistry.from_fixtures() as fake:
        fake.add_pubmed_xml("36669360", EFETCH)
        fake.add_pubmed(_summary("9999945", "A preprint.", ["Preprint"], [("Update in", "9999946")]))  # fmt: skip
        fake.add_pubmed(_summary("9999946", "A published trial.", ["Journal Article"], []))
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("NCBI_API_KEY", raising=False)
        monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
        yield fake


def _files(tmp_path: Path) -> tuple[Path, Path]:
    letter, bib = tmp_path / "letter.md", tmp_path / "refs.bib"
    letter.write_text(LETTER, "utf-8")
    bib.write_text(BIB, "utf-8")
    return letter, bib


def _review(tmp_path: Path, **online: Any) -> str:
    letter, bib = _files(tmp_path)
    review = mi_refs.review(letter, bib, cache_dir=tmp_path / "c", **online)
    assert review.cards[0].abstract and review.cards[0].needs  # the abstract was fetched
    return "".join(mi_refs.format_review(review, f) for f in ("html", "json", "csv"))


def _approve(tmp_path: Path, **online: Any) -> str:
    letter, bib = _files(tmp_path)
    approval = mi_refs.approve(letter, bib, cache_dir=tmp_path / "c", **online)
    assert approval.lock is not None
    return Path(approval.lock).read_text("utf-8")


def _watch(tmp_path: Path, **online: Any) -> str:
    letter, bib = _files(tmp_path)
    lock = mi_refs.approve(letter, bib, cache_dir=tmp_path / "a").lock  # no key
    assert lock is not None
    _clear()
    report = mi_refs.watch([lock], cache_dir=tmp_path / "c", **online)
    return "".join(mi_refs.format_watch(report, f) for f in ("text", "json"))


def _extract(tmp_path: Path, **online: Any) -> str:
    letter = tmp_path / "typed.md"
    letter.write_text(TYPED, "utf-8")
    extraction = mi_refs.extract(letter, tmp_path / "out.bib", cache_dir=tmp_path / "c", **online)
    return extraction.bibtex + mi_refs.format_intake_report(extraction.report, "json")


def _import(tmp_path: Path, **online: Any) -> str:
    ris = tmp_path / "refs.ris"
    ris.write_text(RIS, "utf-8")
    result = mi_refs.import_file(ris, resolve=True, cache_dir=tmp_path / "c", **online)
    return result.bibtex + mi_refs.format_intake_report(result.report, "json")


def _replacements(tmp_path: Path, **online: Any) -> str:
    bib = tmp_path / "pre.bib"
    bib.write_text(PREPRINT, "utf-8")
    report = mi_refs.check(mi_refs.load(bib), cache_dir=tmp_path / "check")
    _clear()
    found = mi_refs.fetch_replacements(report, cache_dir=tmp_path / "c", **online)
    assert set(found) == {"pmid:9999946"}
    return "".join(mi_refs.format_bibtex(mi_refs.Bibliography([ref])) for ref in found.values())


def _check(tmp_path: Path, **online: Any) -> str:
    report = mi_refs.check(mi_refs.loads(BIB), cache_dir=tmp_path / "c", **online)
    return "".join(mi_refs.format_report(report, f) for f in ("text", "json", "github", "junit"))


def _add(tmp_path: Path, **online: Any) -> str:
    report = mi_refs.add(["36669360"], tmp_path / "new.bib", cache_dir=tmp_path / "c", **online)
    return mi_refs.format_intake_report(report, "json") + (tmp_path / "new.bib").read_text("utf-8")


CALLS: dict[str, Callable[..., str]] = {
    "check": _check,
    "add": _add,
    "extract": _extract,
    "import_file": _import,
    "fetch_replacements": _replacements,
    "review": _review,
    "approve": _approve,
    "watch": _watch,
}
_CLEARS: list[Callable[[], None]] = []  # forgets the set-up's requests (the fake's log)


def _clear() -> None:
    for clear in _CLEARS:
        clear()


@pytest.mark.parametrize("name", list(CALLS))
def test_the_key_reaches_every_pubmed_request_and_no_output(
    server: FakeRegistry, tmp_path: Path, name: str
) -> None:
    _CLEARS[:] = [server.clear_requests]
    output = CALLS[name](tmp_path, api_key=KEY)
    asked = [r for r in server.requests if r.service == "pubmed"]
    assert asked, f"{name} asked PubMed nothing"
    assert all(r.params.get("api_key") == KEY for r in asked), name
    assert not any(KEY in json.dumps(r.params) for r in server.requests if r.service != "pubmed")
    for secret in secret_forms():
        assert secret not in output, (name, secret)
    for cache in tmp_path.rglob("*.sqlite3"):
        assert b"SECRET" not in cache.read_bytes(), cache


@pytest.mark.parametrize("name", ["review", "extract", "import_file", "fetch_replacements"])
def test_without_the_argument_the_environment_key_is_used(
    server: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Current callers are unchanged: no ``api_key`` argument, ``NCBI_API_KEY`` as before;
    the argument wins over the environment."""
    _CLEARS[:] = [server.clear_requests]
    monkeypatch.setenv("NCBI_API_KEY", "from-the-environment")
    CALLS[name](tmp_path)
    keys = {r.params.get("api_key") for r in server.requests if r.service == "pubmed"}
    assert keys == {"from-the-environment"}
    server.clear_requests()
    (tmp_path / "again").mkdir()
    CALLS[name](tmp_path / "again", api_key=KEY)
    assert {r.params.get("api_key") for r in server.requests if r.service == "pubmed"} == {KEY}


def test_label_states_takes_the_settings_and_sends_dailymed_no_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """DailyMed takes no key: ``label_states`` accepts the same settings, and none of its
    requests carries the NCBI key."""
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    with fake_dailymed() as fake:
        monkeypatch.setenv("MI_REFS_DAILYMED_URL", fake.url)
        states = mi_refs.label_states(
            [LIPITOR], cache_dir=tmp_path, mailto="mi@example.org", api_key=KEY
        )
        assert states.states[LIPITOR] is not None
        assert fake.requests and not any("SECRET" in path for path in fake.requests)


@pytest.fixture
def echo(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every service an echo of the request's own parameters (tests/hostile)."""
    with serve(_Echo) as url:
        monkeypatch.delenv("NCBI_API_KEY", raising=False)
        monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
        monkeypatch.setenv("MI_REFS_PUBMED_URL", url)
        monkeypatch.setenv("MI_REFS_CROSSREF_URL", url)
        monkeypatch.setenv("MI_REFS_REQUEST_DEADLINE", "5")
        yield url


@pytest.mark.parametrize("name", ["review", "extract", "import_file"])
def test_an_echoed_key_given_as_an_argument_is_never_shown(
    echo: str, tmp_path: Path, name: str
) -> None:
    _CLEARS[:] = []
    letter, bib = _files(tmp_path)
    if name == "review":
        review = mi_refs.review(letter, bib, cache_dir=tmp_path / "c", api_key=KEY)
        output = "".join(mi_refs.format_review(review, f) for f in ("html", "json", "csv"))
    else:
        output = CALLS[name](tmp_path, api_key=KEY)
    assert "Bad request" in output, output[:2000]  # the echo reached the output
    for secret in secret_forms():
        assert secret not in output, (name, secret)
