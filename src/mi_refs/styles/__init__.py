"""The citation styles, by name."""

from __future__ import annotations

from mi_refs.errors import UnknownStyleError
from mi_refs.styles.ama import AmaStyle
from mi_refs.styles.base import HouseOptions, Style
from mi_refs.styles.vancouver import VancouverStyle

__all__ = ["STYLES", "AmaStyle", "HouseOptions", "Style", "VancouverStyle", "get_style"]

STYLES: dict[str, type[Style]] = {
    "ama": AmaStyle,
    "vancouver": VancouverStyle,
}
_ALIASES = {"nlm": "vancouver", "ama11": "ama"}


def get_style(name: str, options: HouseOptions | None = None) -> Style:
    """A style by name (``ama``, ``vancouver``; ``nlm`` is an alias of ``vancouver``)."""
    key = _ALIASES.get(name.lower(), name.lower())
    try:
        return STYLES[key](options)
    except KeyError:
        known = ", ".join(sorted(STYLES))
        raise UnknownStyleError(f"unknown style {name!r} (known: {known})") from None
