"""The public API is listed three times in ``src/mi_refs/__init__.py``: the imports under
``TYPE_CHECKING`` (for type checkers), ``_WHERE`` (the module each name is imported from
when first used) and ``__all__``. They must name the same names, from the same modules."""

import ast
import importlib
from pathlib import Path

import mi_refs

INIT = Path(mi_refs.__file__)


def _lists(path: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The names imported under ``TYPE_CHECKING`` (to their module), ``_WHERE`` and
    ``__all__`` of the ``__init__.py`` at ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typed: dict[str, str] = {}
    where: dict[str, str] = {}
    public: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom), ast.unparse(statement)
                for alias in statement.names:
                    assert alias.asname is None, ast.unparse(statement)
                    typed[alias.name] = str(statement.module)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = ast.unparse(node.targets[0])
            if target == "_WHERE":
                where = ast.literal_eval(node.value)
            elif target == "__all__":
                public = ast.literal_eval(node.value)
    return typed, where, public


def _disagreements(path: Path) -> dict[str, list[str]]:
    typed, where, public = _lists(path)
    assert typed and where and public, f"{path}: a list was not found"
    found = {
        "twice in __all__": sorted({name for name in public if public.count(name) > 1}),
        "not in __all__": sorted((set(typed) | set(where)) - set(public)),
        "not imported under TYPE_CHECKING": sorted((set(where) | set(public)) - set(typed)),
        "not in _WHERE": sorted((set(typed) | set(public)) - set(where)),
        "another module in _WHERE": sorted(
            f"{name}: {typed[name]} / {where[name]}"
            for name in set(typed) & set(where)
            if typed[name] != where[name]
        ),
    }
    return {what: names for what, names in found.items() if names}


def test_the_three_lists_agree() -> None:
    assert _disagreements(INIT) == {}


def test_each_name_is_in_the_module_named() -> None:
    _, where, _ = _lists(INIT)
    missing = [
        f"{module}.{name}"
        for name, module in sorted(where.items())
        if not hasattr(importlib.import_module(module), name)
    ]
    assert missing == []


def test_a_disagreement_is_named(tmp_path: Path) -> None:
    """The check can fail: a name left out of ``__all__``, one imported from another
    module than ``_WHERE`` says."""
    text = INIT.read_text(encoding="utf-8")
    broken = text.replace('    "yaml_bibliography",\n]', "]", 1).replace(
        '"Settings": "mi_refs.settings"', '"Settings": "mi_refs.api"', 1
    )
    assert broken.count("yaml_bibliography") == text.count("yaml_bibliography") - 1
    path = tmp_path / "__init__.py"
    path.write_text(broken, encoding="utf-8")
    assert _disagreements(path) == {
        "not in __all__": ["yaml_bibliography"],
        "another module in _WHERE": ["Settings: mi_refs.settings / mi_refs.api"],
    }
