"""The citation styles, by name."""

from __future__ import annotations

from mi_refs.errors import UnknownStyleError
from mi_refs.styles.ama import AmaStyle
from mi_refs.styles.base import HouseOptions, Style
from mi_refs.styles.vancouver import VancouverStyle

__all__ = [
    "STYLES",
    "STYLE_NAMES",
    "AmaStyle",
    "HouseOptions",
    "Style",
    "VancouverStyle",
    "get_style",
    "style_name",
]

STYLES: dict[str, type[Style]] = {
    "ama": AmaStyle,
    "vancouver": VancouverStyle,
}
# other names of the same styles: ``vancouver`` here IS NLM's Citing Medicine (the style of
# ``nlm-citation-sequence.csl``), ``ama`` is the AMA Manual's 11th edition
_ALIASES = {"nlm": "vancouver", "ama11": "ama"}
#: every name a command, a setting or the pandoc filter accepts for a style (issue 21)
STYLE_NAMES: tuple[str, ...] = tuple(sorted([*STYLES, *_ALIASES]))


def style_name(name: str) -> str:
    """The style a name stands for (``nlm`` is ``vancouver``, ``ama11`` is ``ama``); raises
    :class:`~mi_refs.errors.UnknownStyleError` naming the accepted names."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in STYLES:
        raise UnknownStyleError(f"unknown style {name!r} (known: {', '.join(STYLE_NAMES)})")
    return key


def get_style(name: str, options: HouseOptions | None = None) -> Style:
    """A style by name (``ama``, ``vancouver``; ``nlm`` is an alias of ``vancouver``,
    ``ama11`` of ``ama``)."""
    return STYLES[style_name(name)](options)
