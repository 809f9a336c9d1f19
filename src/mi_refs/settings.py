"""Project settings: ``mi-refs.toml``, or ``[tool.mi-refs]`` in ``pyproject.toml``.

Looked up from a directory upwards; the first file that has mi-refs settings wins
(``mi-refs.toml`` before ``pyproject.toml`` in the same directory). Command-line options
override settings; settings override the built-in defaults.

```toml
[tool.mi-refs]
bibliography = "references.bib"
style = "ama"

[tool.mi-refs.house]
doi = false
et_al_min = 7
et_al_use_first = 3
abstract_marker = true
```
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from mi_refs.bibtex.keys import DEFAULT_SCHEME, validate_scheme
from mi_refs.check.findings import AcknowledgeRule, IgnoreRule
from mi_refs.errors import InvalidArgumentError, SettingsError, UnknownStyleError
from mi_refs.registries.lookup import contact_address
from mi_refs.styles import HouseOptions, get_style

_Rule = TypeVar("_Rule", IgnoreRule, AcknowledgeRule)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["Settings", "find_settings", "read_settings"]

_KNOWN = {"bibliography", "style", "house", "mailto", "cache-dir", "cache_dir", "ignore",
          "key-scheme", "key_scheme", "protect", "acknowledge", "link-citations",
          "link_citations"}  # fmt: skip
_SPELLINGS = (("cache-dir", "cache_dir"), ("key-scheme", "key_scheme"),
              ("link-citations", "link_citations"))  # one key, two ways  # fmt: skip
_CONTROL = re.compile("[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Settings:
    """What a project has set. ``path`` is the settings file (``None``: defaults)."""

    bibliography: str | None = None
    style: str = "ama"
    house: HouseOptions = field(default_factory=HouseOptions)
    mailto: str | None = None
    cache_dir: str | None = None
    ignore: tuple[IgnoreRule, ...] = ()
    path: Path | None = None
    key_scheme: str = DEFAULT_SCHEME  # keys of new entries (bibtex/keys.py)
    protect: tuple[str, ...] = ()  # keys `mi-refs fix` never touches
    acknowledge: tuple[AcknowledgeRule, ...] = ()  # findings shown as acknowledged (#19.7)
    link_citations: bool = True  # HTML letters: superscripts link to their list items (#20)

    def __post_init__(self) -> None:
        """Raises :class:`~mi_refs.errors.UnknownStyleError` for a style mi-refs lacks
        and :class:`~mi_refs.errors.InvalidArgumentError` for an unusable ``mailto``."""
        if not isinstance(self.style, str):
            raise UnknownStyleError(f"style must be a style name, not {self.style!r}")
        get_style(self.style)  # UnknownStyleError naming the known styles
        if self.mailto is not None:
            try:
                contact_address("mailto", self.mailto)
            except SettingsError as exc:
                raise InvalidArgumentError(str(exc)) from exc

    def bibliography_path(self) -> Path | None:
        """The bibliography, relative to the settings file's directory."""
        if self.bibliography is None:
            return None
        base = self.path.parent if self.path is not None else Path()
        return base / self.bibliography


MAX_TOML_NESTING = 100  # arrays and inline tables inside each other; settings need 3


def _nesting(text: str) -> int:
    """How deep arrays and inline tables nest in TOML ``text`` (brackets and braces
    outside strings and comments), in one pass: the reader is recursive, and a file
    nested thousands deep must be refused before it reaches it, not by the interpreter's
    recursion limit (whose error can surface anywhere in a deep stack)."""
    depth = deepest = 0
    quote = ""
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if quote:
            if char == "\\" and quote[0] == '"':  # basic strings have escapes
                index += 1
            elif text.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote) - 1
        elif char == "#":
            newline = text.find("\n", index)
            index = end if newline < 0 else newline
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
        index += 1
    return deepest


def read_settings(path: str | Path) -> Settings:
    """Settings from one file (``mi-refs.toml``: top-level keys; ``pyproject.toml``: the
    ``[tool.mi-refs]`` table). A file without mi-refs settings gives the defaults."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
        if _nesting(text) > MAX_TOML_NESTING:  # refused before tomllib recurses into it
            raise SettingsError(f"{file}: not usable TOML: arrays or tables nested too deep")
        data = tomllib.loads(text)
    except OSError as exc:
        raise SettingsError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(
            f"{file}: not UTF-8 (byte {exc.start}); TOML files are UTF-8 text"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{file}: not valid TOML: {exc}") from exc
    except RecursionError as exc:  # tomllib reads nested arrays and tables recursively
        raise SettingsError(f"{file}: not usable TOML: arrays or tables nested too deep") from exc
    if file.name == "mi-refs.toml":
        table: Any = data
    else:
        tool = data.get("tool", {})
        table = tool.get("mi-refs") if isinstance(tool, dict) else None
    if table is None:
        return Settings()
    if not isinstance(table, dict):
        raise SettingsError(f"{file}: [tool.mi-refs] must be a table, not {_kind(table)}")
    return _from_table(table, file)


def _kind(value: object) -> str:
    names = {str: "text", bool: "true/false", int: "a number", float: "a number",
             list: "a list", dict: "a table"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def _text(table: Mapping[str, Any], names: tuple[str, ...], file: Path) -> str | None:
    """A setting that must be text (a path, an address, a name), or ``None`` if unset."""
    for name in names:
        if name in table:
            value = table[name]
            if not isinstance(value, str) or not value.strip() or _CONTROL.search(value):
                raise SettingsError(
                    f"{file}: {name} must be non-empty text without control characters, "
                    f"not {_kind(value)}"
                    + (f" ({value!r})" if isinstance(value, (int, float, bool, str)) else "")
                )
            return value
    return None


def _from_table(table: Mapping[str, Any], file: Path) -> Settings:
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise SettingsError(
            f"{file}: unknown mi-refs setting(s): {', '.join(unknown)} "
            f"(known: {', '.join(sorted(_KNOWN))})"
        )
    for spellings in _SPELLINGS:
        if all(name in table for name in spellings):
            raise SettingsError(
                f"{file}: {' and '.join(spellings)} are one setting written two ways; keep one"
            )
    house_table = table.get("house", {})
    if not isinstance(house_table, dict):
        raise SettingsError(f"{file}: house must be a table, not {_kind(house_table)}")
    try:
        house = HouseOptions.from_mapping(house_table)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{file}: [house]: {exc}") from exc
    style = _text(table, ("style",), file) or "ama"
    try:
        get_style(style)
    except UnknownStyleError as exc:
        raise SettingsError(f"{file}: style: {exc}") from exc
    mailto = _text(table, ("mailto",), file)
    if mailto is not None:
        try:
            contact_address("mailto", mailto)
        except SettingsError as exc:
            raise SettingsError(f"{file}: {exc}") from exc
    return Settings(
        bibliography=_text(table, ("bibliography",), file),
        style=style,
        house=house,
        mailto=mailto,
        cache_dir=_text(table, ("cache-dir", "cache_dir"), file),
        ignore=_rules(table, "ignore", IgnoreRule.from_mapping, file),
        path=file,
        key_scheme=_key_scheme(table, file),
        protect=_protect(table, file),
        acknowledge=_rules(table, "acknowledge", AcknowledgeRule.from_mapping, file),
        link_citations=_flag(table, ("link-citations", "link_citations"), True, file),
    )


def _flag(table: Mapping[str, Any], names: tuple[str, ...], default: bool, file: Path) -> bool:
    """A true/false setting (TOML ``true``/``false``; text such as ``"no"`` is refused)."""
    for name in names:
        if name in table:
            value = table[name]
            if not isinstance(value, bool):
                raise SettingsError(f"{file}: {name} must be true or false, not {_kind(value)}")
            return value
    return default


def _rules(
    table: Mapping[str, Any], name: str, parse: Callable[[Mapping[str, Any]], _Rule], file: Path
) -> tuple[_Rule, ...]:
    """``ignore`` or ``acknowledge`` (issue 19.7): a list of tables, each rule validated
    and named by its number in errors."""
    rules = table.get(name, [])
    if not isinstance(rules, list):
        raise SettingsError(f"{file}: {name} must be a list of tables, not {_kind(rules)}")
    out = []
    for number, rule in enumerate(rules, start=1):
        try:
            out.append(parse(rule))
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"{file}: {name} (rule {number}): {exc}") from exc
    return tuple(out)


def _key_scheme(table: Mapping[str, Any], file: Path) -> str:
    scheme = _text(table, ("key-scheme", "key_scheme"), file)
    if scheme is None:
        return DEFAULT_SCHEME
    try:
        return validate_scheme(scheme)
    except ValueError as exc:
        raise SettingsError(f"{file}: key-scheme: {exc}") from exc


def _protect(table: Mapping[str, Any], file: Path) -> tuple[str, ...]:
    keys = table.get("protect", [])
    if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
        raise SettingsError(f"{file}: protect must be a list of entry keys, not {_kind(keys)}")
    return tuple(keys)


def find_settings(start: str | Path | None = None) -> Settings:
    """The settings that apply in ``start`` (default: the current directory)."""
    directory = Path(start or Path.cwd()).resolve()
    if directory.is_file():
        directory = directory.parent
    for folder in (directory, *directory.parents):
        for name in ("mi-refs.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                settings = read_settings(candidate)
                if settings.path is not None:
                    return settings
    return Settings()
