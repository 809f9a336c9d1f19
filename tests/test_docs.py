"""The documentation covers what the code offers."""

import re

from mi_refs.cli import _parser
from mi_refs.styles import STYLES
from mi_refs.styles.backends import FORMATS

from .conftest import ROOT

DOCS = ROOT / "docs"


def test_every_cli_command_and_option_is_documented() -> None:
    cli_doc = (DOCS / "cli.md").read_text(encoding="utf-8")
    parser = _parser()
    subparsers = next(
        action for action in parser._actions if action.choices and isinstance(action.choices, dict)
    )
    for name, command in subparsers.choices.items():
        assert f"mi-refs {name}" in cli_doc, name
        for action in command._actions:
            for option in action.option_strings:
                if option not in {"-h", "--help"}:
                    assert option in cli_doc, f"{name} {option}"


def test_every_style_and_format_is_documented() -> None:
    styles_doc = (DOCS / "styles.md").read_text(encoding="utf-8")
    for name in STYLES:
        assert f"`{name}`" in styles_doc
    for name in FORMATS:
        assert f"`{name}`" in styles_doc


def test_every_docs_page_is_in_the_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        assert re.search(rf"\b{re.escape(page.name)}\b", config), page.name


def test_public_api_is_documented() -> None:
    import mi_refs

    api_doc = (DOCS / "api.md").read_text(encoding="utf-8")
    for name in mi_refs.__all__:
        if not name.startswith("__"):
            assert name in api_doc, name


def test_the_readme_python_example_runs(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """README's Python example, as a new user would paste it (offline here)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Python\n\n```python\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    code = block.group(1).replace(
        'mi_refs.check(bib, mailto="mi@example.org")',
        "mi_refs.check(bib, online=False, use_cache=False)",
    )
    assert "online=False" in code
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert '<ol class="references">' in out
    assert "1. Strüßmann T" in out and "20 entries:" in out
    assert "durable.^1^" in out and "('strussmann2024case'," in out


def test_architecture_lists_every_module() -> None:
    """docs/architecture.md has one line per module, so a reader finds where a rule lives."""
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "mi_refs"
    missing = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if f"`{path.relative_to(package).as_posix()}`" not in text
    ]
    assert missing == []


def test_no_module_over_600_lines() -> None:
    package = ROOT / "src" / "mi_refs"
    long = {
        str(path.relative_to(package)): n
        for path in package.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}
