"""One setup of a run's cache, clients and lookup (registries/session.py), used by every
command that asks the registries."""

import io
import re
from pathlib import Path

import pytest

import mi_refs
from mi_refs import loads
from mi_refs.check.run import check
from mi_refs.cli import main
from mi_refs.errors import SettingsError
from mi_refs.intake.add import add
from mi_refs.intake.extract import extract
from mi_refs.intake.importing import import_files
from mi_refs.registries import session
from mi_refs.registries.cache import Cache
from mi_refs.registries.http import RetryPolicy
from mi_refs.registries.lookup import Registries
from mi_refs.registries.session import open_lookup, registries_for

from ..fakeregistry import FakeRegistry

SRC = Path(__file__).resolve().parents[2] / "src" / "mi_refs"


def test_the_cache_is_opened_in_the_directory_and_closed_after(tmp_path: Path) -> None:
    with open_lookup(online=False, cache_dir=tmp_path) as (run, notes):
        assert run.cache is not None and run.cache.enabled
        assert run.cache.path == tmp_path / "registry.sqlite3"
        assert (run.registries, run.online, run.refresh, notes) == (None, False, False, [])
    assert not run.cache.enabled


def test_the_cache_is_closed_when_the_run_fails(tmp_path: Path) -> None:
    with (
        pytest.raises(ZeroDivisionError),
        open_lookup(online=False, cache_dir=tmp_path) as (run, _),
    ):
        _ = 1 / 0
    assert run.cache is not None and not run.cache.enabled


def test_no_cache() -> None:
    with open_lookup(online=False, use_cache=False) as (run, notes):
        assert run.cache is None and notes == []


def test_a_damaged_cache_is_a_note(tmp_path: Path) -> None:
    (tmp_path / "registry.sqlite3").write_bytes(b"garbage" * 1000)
    with open_lookup(online=False, cache_dir=tmp_path) as (run, notes):
        assert run.cache is not None and run.cache.enabled
    assert len(notes) == 1 and "registry.sqlite3" in notes[0], notes


def test_clients_only_online(tmp_path: Path) -> None:
    given = Registries.create(mailto="mi@example.org", environ={})
    with open_lookup(online=False, registries=given, cache_dir=tmp_path) as (run, _):
        assert run.registries is None  # offline: given clients are not used
    with open_lookup(online=True, registries=given, refresh=True, cache_dir=tmp_path) as (
        run,
        _,
    ):
        assert run.registries is given and run.refresh and run.online
    assert registries_for(online=False, registries=given) is None
    assert registries_for(online=True, registries=given) is given


def test_clients_made_from_the_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MI_REFS_MAILTO", raising=False)
    with open_lookup(online=True, use_cache=False, mailto="mi@example.org", api_key="k3y") as (
        run,
        _,
    ):
        assert run.registries is not None
        assert run.registries.crossref.http.params["mailto"] == "mi@example.org"
        assert run.registries.pubmed.http.params["api_key"] == "k3y"
    with open_lookup(online=True, use_cache=False, make_clients=False) as (run, _):
        assert run.registries is None and run.online  # nothing to ask: none made


def test_the_cache_is_closed_when_the_settings_are_unusable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copies this replaced opened the cache, then made the clients outside the
    ``try`` that closed it: an unusable ``MI_REFS_MAILTO`` left the database open."""
    opened: list[Cache] = []
    real = session.open_cache

    def spy(cache_dir: object) -> tuple[Cache, list[str]]:
        cache, notes = real(cache_dir)  # type: ignore[arg-type]
        opened.append(cache)
        return cache, notes

    monkeypatch.setattr(session, "open_cache", spy)
    monkeypatch.setenv("MI_REFS_MAILTO", "not an address")
    bib = loads("@article{a, title={T}, author={A, B}, journal={J}, year={2020}, doi={10.1/x}}\n")
    with pytest.raises(SettingsError, match="MI_REFS_MAILTO"):
        check(bib, cache_dir=tmp_path)
    assert len(opened) == 1 and not opened[0].enabled


def test_every_command_opens_its_lookups_here() -> None:
    """Each rule written once: no module but registries/ makes a cache, clients or a
    lookup itself."""
    made = re.compile(r"\b(open_cache|Registries\.create|Lookup|Cache)\(")
    outside = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        if path.parent.name != "registries"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if made.search(line)
    ]
    assert outside == []


def test_the_requests_of_clients_a_command_made_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report counts the requests of the clients the command made itself (from the
    environment), not only of clients given to it."""
    with FakeRegistry.from_fixtures() as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
        bib = tmp_path / "references.bib"
        report = add(["9999935"], bib, cache_dir=tmp_path / "cache")
        assert [entry.status for entry in report.entries] == ["added"]
        sent = {"pubmed": len(server.requests_to("/eutils")),
                "crossref": len(server.requests_to("/crossref"))}  # fmt: skip
        assert sent["pubmed"] >= 1
        assert {name: report.requests[name] for name in sent} == sent
        server.clear_requests()
        checked = check(mi_refs.load(bib), cache_dir=tmp_path / "cache", refresh=True)
        assert checked.requests["pubmed"] == len(server.requests_to("/eutils")) >= 1


LETTER = """# Letter

Text.^1^

## References

1. Smith J, Doe A. A study of things. N Engl J Med. 2020;382(5):100-110.
"""

RIS = "TY  - JOUR\nAU  - Smith, John\nTI  - A study of things\nJO  - N Engl J Med\nPY  - 2020\nER  - \n"


def _unreachable() -> Registries:
    """Clients of services that refuse every connection, asked once."""
    return Registries.create(
        mailto="mi@example.org", pubmed_url="http://127.0.0.1:9", crossref_url="http://127.0.0.1:9",
        environ={}, sleep=lambda seconds: None, retry=RetryPolicy(attempts=1),
        timeout=(2.0, 2.0),
    )  # fmt: skip


def test_extract_and_import_say_which_service_could_not_be_asked_as_check_does(
    tmp_path: Path,
) -> None:
    """``extract`` wrote ``pubmed could not be asked: pubmed: cannot connect ...`` and
    ``import --resolve`` ``pubmed could not be asked: cannot connect ...`` where the
    other commands write ``PubMed could not be asked: cannot connect ...``."""
    letter = tmp_path / "letter.md"
    letter.write_text(LETTER, encoding="utf-8")
    records = tmp_path / "records.ris"
    records.write_text(RIS, encoding="utf-8")
    extracted = extract(letter, registries=_unreachable(), cache_dir=tmp_path / "cache")
    imported = import_files([records], resolve=True, registries=_unreachable(),
                            cache_dir=tmp_path / "cache")  # fmt: skip
    for notes in (extracted.report.notes, imported.report.notes):
        asked = [note for note in notes if "could not be asked" in note]
        assert asked and all(
            note.startswith(("PubMed could not be asked: ", "Crossref could not be asked: "))
            and ": pubmed:" not in note
            and ": crossref:" not in note
            for note in asked
        ), notes


def test_extract_and_import_take_the_cache_dir_and_mailto_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check``, ``add``, ``fix``, ``report``, ``approve`` and ``watch`` take
    ``cache-dir`` and ``mailto`` from the settings when no option gives them; ``extract``
    and ``import`` did not (the user cache directory, no contact address)."""
    project = tmp_path / "project"
    project.mkdir()
    cache = tmp_path / "team-cache"
    (project / "mi-refs.toml").write_text(
        f'cache-dir = "{cache.as_posix()}"\nmailto = "team@example.org"\n', encoding="utf-8"
    )
    (project / "letter.md").write_text(LETTER, encoding="utf-8")
    (project / "records.ris").write_text(RIS, encoding="utf-8")
    monkeypatch.delenv("MI_REFS_MAILTO", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    with FakeRegistry.from_fixtures() as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        for command in (
            ["extract", str(project / "letter.md"), "-o", str(project / "letter.bib")],
            ["import", str(project / "records.ris"), "--into", str(project / "refs.bib"),
             "--resolve"],
        ):  # fmt: skip
            server.clear_requests()
            out, err = io.StringIO(), io.StringIO()
            assert main(command, out, err) in {0, 1}, err.getvalue()
            asked = server.requests_to("/crossref")
            assert asked, command
            assert {entry.params.get("mailto") for entry in asked} == {"team@example.org"}
    assert (cache / "registry.sqlite3").is_file()
    assert not (tmp_path / "user-cache").exists()


def test_extract_and_import_key_new_entries_by_the_settings_scheme(tmp_path: Path) -> None:
    """``add`` keys new entries by the settings' ``key-scheme``; ``extract`` and
    ``import`` used the default scheme whatever the settings said."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "mi-refs.toml").write_text(
        f'key-scheme = "{{surname}}{{year}}"\ncache-dir = "{(tmp_path / "c").as_posix()}"\n',
        encoding="utf-8",
    )
    (project / "letter.md").write_text(LETTER, encoding="utf-8")
    (project / "records.ris").write_text(RIS, encoding="utf-8")
    for command, written in (
        (["extract", "letter.md", "--offline", "-o", "letter.bib"], "letter.bib"),
        (["import", "records.ris", "--into", "refs.bib"], "refs.bib"),
    ):
        out, err = io.StringIO(), io.StringIO()
        assert main([str(project / arg) if arg.endswith((".md", ".bib", ".ris")) else arg
                     for arg in command], out, err) in {0, 1}, err.getvalue()  # fmt: skip
        assert mi_refs.load(project / written).keys == ("smith2020",), command
