"""The API behaves as the CLI (issue 15, item 6): settings read from the file's folder
upward unless told not to, one options type, every error a MiRefsError whose message
says what was given and what was expected."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import mi_refs
from mi_refs.cli import main
from tests.conftest import build_docx

ROOT = Path(__file__).resolve().parents[1]
HOUSE = """[tool.mi-refs]
style = "vancouver"
ignore = [{key = "a", code = "implausible-value", reason = "in press"}]

[tool.mi-refs.house]
doi = false
et_al_min = 3
et_al_use_first = 1
"""
LETTER = "Daratumumab helped [@vernava2023novel]; see also [@a; @vernava2023novel].\n"
BIB = (ROOT / "references.bib").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A letter folder below a project with house settings (no DOIs, NLM style)."""
    (tmp_path / "pyproject.toml").write_text(HOUSE, encoding="utf-8")
    letters = tmp_path / "letters"
    letters.mkdir()
    extra = (
        "@article{a, author = {One, A and Two, B and Three, C and Four, D}, title = {A title},"
        " journal = {Blood}, year = 2999, volume = 1, pages = {1--2}, doi = {10.1000/abc}}\n"
    )
    (letters / "refs.bib").write_text(BIB + extra, encoding="utf-8")
    (letters / "letter.md").write_text(LETTER, encoding="utf-8")
    return letters


def cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    assert "internal error" not in err.getvalue()
    return code, out.getvalue()


def test_render_gives_the_same_bytes_as_the_cli(project: Path) -> None:
    bib_path = project / "refs.bib"
    code, out = cli("render", str(bib_path))
    assert code == 0
    api = mi_refs.render(mi_refs.load(bib_path))
    assert api == out
    assert "doi:" not in api and "One A, et al." in api  # the house settings applied
    plain = mi_refs.render(mi_refs.load(bib_path), settings=False)
    assert "doi:10.1000/abc" in plain and plain != api


@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_cite_gives_the_same_bytes_as_the_cli(project: Path, suffix: str) -> None:
    letter = project / f"letter{suffix}"
    if suffix == ".docx":
        build_docx(LETTER, letter)
    bib_path = project / "refs.bib"
    out_cli, out_api = project / f"cli{suffix}", project / f"api{suffix}"
    assert cli("cite", str(letter), "--bib", str(bib_path), "-o", str(out_cli))[0] == 0
    result = mi_refs.cite_file(letter, mi_refs.load(bib_path), out_api)
    assert out_api.read_bytes() == out_cli.read_bytes()
    if suffix == ".md":
        assert cli("cite", str(letter), "--bib", str(bib_path))[1] == result.text
        assert "doi:" not in result.text
        text = mi_refs.cite_text(LETTER, mi_refs.load(bib_path)).text
        assert text == result.text


def test_check_reads_the_settings_as_the_cli_does(project: Path) -> None:
    bib_path = project / "refs.bib"
    code, out = cli("check", str(bib_path), "--offline", "--no-cache", "--format", "json")
    report = mi_refs.check(mi_refs.load(bib_path), online=False, use_cache=False)
    assert mi_refs.format_report(report, "json") == out
    assert report.ignored and all(f.code == "implausible-value" for f, _ in report.ignored)
    assert mi_refs.exit_code(report) == code
    bare = mi_refs.check(mi_refs.load(bib_path), online=False, use_cache=False, settings=False)
    assert not bare.ignored
    chosen = mi_refs.check(
        mi_refs.load(bib_path), online=False, use_cache=False, settings=mi_refs.Settings()
    )
    assert chosen == dataclasses_replace_requests(bare, chosen)


def dataclasses_replace_requests(
    a: mi_refs.CheckReport, b: mi_refs.CheckReport
) -> mi_refs.CheckReport:
    import dataclasses

    return dataclasses.replace(a, requests=b.requests)


def test_check_documents_uses_the_settings_bibliography(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mi-refs.toml").write_text('bibliography = "refs.bib"\n', encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    letter = tmp_path / "letter.md"
    letter.write_text("A.^1^ B.^3^\n", encoding="utf-8")  # no list of its own
    monkeypatch.chdir(tmp_path)
    _, out = cli("check", "--doc", str(letter), "--offline", "--no-cache", "--format", "json")
    from_cli = json.loads(out)["documents"]
    api = mi_refs.check_documents([letter])
    as_json = mi_refs.format_report(mi_refs.CheckReport(None, (), documents=api), "json")
    assert json.loads(as_json)["documents"] == from_cli
    explicit = mi_refs.check_documents([letter], mi_refs.load(tmp_path / "refs.bib"))
    assert explicit == api  # the settings' bibliography was used
    assert mi_refs.check_documents(letter) == api  # one path alone is one letter


def test_one_options_type_everywhere(project: Path) -> None:
    bib = mi_refs.load(project / "refs.bib")
    options = mi_refs.Options(style="ama", house=mi_refs.HouseOptions(doi=False))
    assert mi_refs.Options is mi_refs.CiteOptions
    listing = mi_refs.render(bib, format="markdown", options=options)
    assert listing.startswith("1. ") and "doi:" not in listing
    cited = mi_refs.cite_text(LETTER, bib, options=options).text
    vernava = next(line for line in listing.splitlines() if "Vernava I" in line)
    assert vernava.split(". ", 1)[1] in cited  # the same entry, in the same style
    # a bare HouseOptions is taken as the house options, in render and cite alike
    house = mi_refs.HouseOptions(doi=True)
    assert "doi:" in mi_refs.cite_text(LETTER, bib, options=house).text
    assert "doi:" in mi_refs.render(bib, options=house)


def test_options_that_name_no_style_take_the_settings_style(project: Path) -> None:
    """``Options(house=...)`` leaves the style open: the folder's settings (vancouver
    here) decide it, as the CLI's settings do; ``style`` given wins."""
    bib = mi_refs.load(project / "refs.bib")
    open_style = mi_refs.Options(house=mi_refs.HouseOptions(doi=False))
    nlm = mi_refs.render(bib, options=open_style)
    assert nlm == mi_refs.render(bib, style="vancouver", options=open_style)
    assert nlm != mi_refs.render(bib, style="ama", options=open_style)
    cited = mi_refs.cite_text(LETTER, bib, options=open_style).text
    vernava = next(line for line in nlm.splitlines() if "Vernava I" in line)
    assert vernava.split(". ", 1)[1] in cited  # the same NLM entry in the letter
    no_settings = mi_refs.render(bib, options=open_style, settings=False)
    assert no_settings == mi_refs.render(bib, style="ama", options=open_style, settings=False)


WRONG: list[tuple[str, Callable[[mi_refs.Bibliography], Any], str]] = [
    ("loads-bytes", lambda bib: mi_refs.loads(b"@article{a, title={T}}"),  # type: ignore[arg-type]
     "loads: expected text (str), not bytes; decode it first"),
    ("load-int", lambda bib: mi_refs.load(42), "load: path must be a path"),  # type: ignore[arg-type]
    ("render-path", lambda bib: mi_refs.render("references.bib"), "expected a Bibliography"),  # type: ignore[arg-type]
    ("render-options", lambda bib: mi_refs.render(bib, options={"doi": False}),  # type: ignore[arg-type]
     "options must be mi_refs.Options (CiteOptions) or HouseOptions, not dict"),
    ("render-format", lambda bib: mi_refs.render(bib, format=None), "format must be"),  # type: ignore[arg-type]
    ("cite-bytes", lambda bib: mi_refs.cite_text(b"x", bib),  # type: ignore[arg-type]
     "cite_text: expected text (str), not bytes"),
    ("cite-settings", lambda bib: mi_refs.cite_text("x", bib, settings="yes"),  # type: ignore[arg-type]
     "settings: expected a Settings, True or None"),
    ("cite-file-none", lambda bib: mi_refs.cite_file(None, bib), "path must be a path"),  # type: ignore[arg-type]
    ("check-path", lambda bib: mi_refs.check("references.bib"), "check: expected a Bibliography"),  # type: ignore[arg-type]
    ("check-ignore", lambda bib: mi_refs.check(bib, online=False, ignore={"code": "style"}),  # type: ignore[arg-type]
     "ignore must be a list"),
    ("documents-int", lambda bib: mi_refs.check_documents([3]), "each path must be a path"),  # type: ignore[list-item]
    ("settings-style", lambda bib: mi_refs.Settings(style="harvard"), "unknown style 'harvard'"),
    ("missing-key", lambda bib: bib["no-such-key"], "no entry with key 'no-such-key'"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "expected"), [(c, e) for _, c, e in WRONG],
                         ids=[name for name, _, _ in WRONG])  # fmt: skip
def test_every_error_is_a_mi_refs_error_saying_what_was_expected(
    call: Callable[[mi_refs.Bibliography], Any], expected: str
) -> None:
    bib = mi_refs.loads(BIB)
    with pytest.raises(mi_refs.MiRefsError) as caught:
        call(bib)
    assert expected in str(caught.value)


def test_a_missing_key_is_also_a_key_error() -> None:
    bib = mi_refs.load(ROOT / "references.bib")
    with pytest.raises(KeyError) as caught:
        bib["nope"]
    assert isinstance(caught.value, mi_refs.EntryNotFoundError)
    assert caught.value.key == "nope"
    assert str(caught.value).startswith("no entry with key 'nope' in ")
    assert "references.bib" in str(caught.value)


def test_passing_house_options_to_cite_is_no_longer_an_attribute_error() -> None:
    """Before: cite_text(..., options=HouseOptions()) raised AttributeError."""
    bib = mi_refs.loads(BIB)
    result = mi_refs.cite_text("A [@vernava2023novel].\n", bib, options=mi_refs.HouseOptions())
    assert list(result.registry.keys) == ["vernava2023novel"]


WRONG_KINDS: list[object] = [None, 42, b"@article{a,}", "x", ["x"], {"a": 1}]


def _public_functions() -> list[tuple[str, Callable[..., Any], int]]:
    import inspect

    found = []
    for name in mi_refs.__all__:
        function = getattr(mi_refs, name)
        if inspect.isfunction(function):
            required = [
                parameter
                for parameter in inspect.signature(function).parameters.values()
                if parameter.default is parameter.empty
                and parameter.kind is parameter.POSITIONAL_OR_KEYWORD
            ]
            found.append((name, function, len(required)))
    return found


@pytest.mark.parametrize(
    ("name", "function", "required"),
    _public_functions(),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_no_public_function_lets_a_foreign_error_escape(
    name: str, function: Callable[..., Any], required: int, tmp_path: Path
) -> None:
    """Every public function, given arguments of the wrong kind in each required place,
    raises a MiRefsError (before: AttributeError, TypeError from deep inside)."""
    bib = mi_refs.loads(BIB)
    for place in range(required):
        for wrong in WRONG_KINDS:
            args: list[object] = [bib] * required
            args[place] = wrong
            try:
                function(*args)
            except mi_refs.MiRefsError:
                pass
            except Exception as exc:
                pytest.fail(
                    f"{name}: argument {place + 1} = {wrong!r}: {type(exc).__name__}: {exc}"
                )
