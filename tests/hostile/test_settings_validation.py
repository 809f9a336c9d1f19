"""Settings and ignore rules that cannot be used are usage errors naming file and key
(issue 22, items 2 and 9): never "internal error", never a silent default."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import mi_refs
from mi_refs.cli import main

BIB = "@article{a, author = {Doe, J}, title = {T}, journal = {J}, year = 2020}\n"
RETRACTED = mi_refs.Finding("retracted", mi_refs.Severity.ERROR, "retracted", key="a")


def run(tmp_path: Path, settings: str | bytes, *argv: str) -> tuple[int, str]:
    (tmp_path / "r.bib").write_text(BIB, encoding="utf-8")
    data = settings if isinstance(settings, bytes) else settings.encode("utf-8")
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.mi-refs]\n" + data)
    args = [arg.replace("BIB", str(tmp_path / "r.bib")) for arg in argv]
    out, err = io.StringIO(), io.StringIO()
    code = main(args, out, err)
    assert "internal error" not in err.getvalue()
    return code, err.getvalue()


CHECK = ("check", "BIB", "--offline", "--no-cache")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('{kye = "x", code = "retracted", reason = "checked"}', "unknown field(s) kye"),
        ('{key = "", code = "style", reason = "checked"}', "key must be non-empty text"),
        ('{key = "a", code = " ", reason = "checked"}', "code must be non-empty text"),
        ('{reason = "checked"}', "would match every entry"),
        ('{code = "retracted", reason = "checked"}', "would match every entry's retracted"),
        ('{code = "retracted-paper", reason = "checked"}', "unknown code 'retracted-paper'"),
        ('{key = "a", code = "style"}', "a reason is required"),
        ('{key = 7, reason = "checked"}', "key must be text, not 7"),
        ('"a"', "expected a table"),
    ],
    ids=[
        "misspelt-key",
        "empty-key",
        "blank-code",
        "no-key-no-code",
        "every-retraction",
        "unknown-code",
        "no-reason",
        "number-key",
        "not-a-table",
    ],
)
def test_an_unusable_ignore_rule_is_a_usage_error_naming_it(
    tmp_path: Path, rule: str, expected: str
) -> None:
    code, err = run(tmp_path, f"ignore = [{rule}]\n", *CHECK)
    assert code == 2
    assert "pyproject.toml: ignore (rule 1)" in err and expected in err


def test_a_misspelt_key_no_longer_hides_every_retraction() -> None:
    with pytest.raises(mi_refs.InvalidArgumentError, match="kye"):
        mi_refs.IgnoreRule.from_mapping({"kye": "x", "code": "retracted", "reason": "r"})
    with pytest.raises(mi_refs.InvalidArgumentError, match="every entry"):
        mi_refs.IgnoreRule("checked", code="retracted")
    rule = mi_refs.IgnoreRule.from_mapping({"key": "a", "code": "retracted", "reason": "ok'd"})
    assert rule.matches(RETRACTED)
    assert mi_refs.IgnoreRule.from_mapping({"code": "style", "reason": "house"}).code == "style"


def test_the_api_refuses_the_same_rules() -> None:
    bib = mi_refs.loads(BIB)
    with pytest.raises(mi_refs.InvalidArgumentError, match="kye"):
        mi_refs.check(bib, online=False, use_cache=False, ignore=[{"kye": "a", "reason": "r"}])


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (b'mailto = "mi@example.org\\nX-Injected: 1"\n', "mailto must be non-empty text"),
        (b'mailto = "mi at example"\n', "mailto='mi at example' is not a usable contact"),
        (b'style = "caf\xe9"\n', "not UTF-8"),
        (b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n", "nested too deep"),
        (b'cache-dir = "a"\ncache_dir = "b"\n', "cache-dir and cache_dir are one setting"),
        (
            b'style = "harvard"\n',
            "style: unknown style 'harvard' (known: ama, ama11, nlm, vancouver)",
        ),
    ],
    ids=[
        "mailto-line-break",
        "mailto-not-an-address",
        "not-utf8",
        "deep-arrays",
        "both-spellings",
        "unknown-style",
    ],
)
@pytest.mark.parametrize(
    "argv",
    [
        CHECK,
        ("render", "BIB"),
        ("export", "BIB", "--format", "ris"),
        ("add", "10.1000/x", "--bib", "BIB", "--offline", "--no-cache", "--dry-run"),
    ],
    ids=["check", "render", "export", "add"],
)
def test_unusable_settings_are_a_usage_error_in_every_command(
    tmp_path: Path, settings: bytes, expected: str, argv: tuple[str, ...]
) -> None:
    code, err = run(tmp_path, settings, *argv)
    assert code == 2, err
    assert f"{tmp_path / 'pyproject.toml'}:" in err and expected in err


def test_a_settings_file_up_the_tree_is_read_and_named(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.mi-refs]\nstyle = 'caf\xe9'\n")
    sub = tmp_path / "letters" / "2026"
    sub.mkdir(parents=True)
    (sub / "r.bib").write_text(BIB, encoding="utf-8")
    err = io.StringIO()
    assert main(["render", str(sub / "r.bib")], io.StringIO(), err) == 2
    assert f"{tmp_path / 'pyproject.toml'}: not UTF-8" in err.getvalue()


def test_a_contact_address_from_the_environment_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "r.bib").write_text(BIB, encoding="utf-8")
    monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org\r\nX-Injected: 1")
    err = io.StringIO()
    code = main(["check", str(tmp_path / "r.bib"), "--no-cache"], io.StringIO(), err)
    assert code == 2
    assert "MI_REFS_MAILTO='mi@example.org\\r\\nX-Injected: 1' is not a usable" in err.getvalue()
    with pytest.raises(mi_refs.SettingsError, match="mailto="):
        mi_refs.Registries.create(mailto="mi@example.org\n")


def test_settings_made_in_python_are_checked_too() -> None:
    with pytest.raises(mi_refs.UnknownStyleError, match="harvard"):
        mi_refs.Settings(style="harvard")
    with pytest.raises(mi_refs.InvalidArgumentError, match="contact address"):
        mi_refs.Settings(mailto="a@b\n")


def test_nesting_is_measured_outside_strings_and_comments() -> None:
    from mi_refs.settings import _nesting

    text = (
        '[tool.mi-refs]\nstyle = "[[[["  # ]]]] [[[[\n'
        'x = \'\'\'{{{\'\'\'\ny = """a \\""" [["""\n'
        'ignore = [{key = "a", code = "style", reason = "[r]"}]\n'
    )
    assert _nesting(text) == 2
    assert _nesting("a = " + "[" * 3000 + "]" * 3000) == 3000


def test_a_deeply_nested_file_is_refused_before_the_toml_reader_sees_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused by measure, not by the interpreter's recursion limit (a RecursionError can
    surface anywhere in a deep stack, as it once did in a full run)."""
    from mi_refs import settings

    def no_reader(text: str) -> object:
        raise AssertionError("tomllib was asked to read a file nested 3000 deep")

    monkeypatch.setattr(settings.tomllib, "loads", no_reader)
    file = tmp_path / "mi-refs.toml"
    file.write_bytes(b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n")
    with pytest.raises(mi_refs.SettingsError, match="nested too deep"):
        settings.read_settings(file)
