"""rispy's line parser with every tag kept as written: how RIS was read before issue 22
(``importers/ris.py`` now reads the lines itself, the same way, faster). The tests
compare the two."""

from __future__ import annotations

from typing import Any, ClassVar

import rispy


class AllTags(rispy.RisParser):  # type: ignore[misc]
    """No tag mapped to a name, none read as a list: every tag kept, in lists."""

    DEFAULT_MAPPING: ClassVar[dict[str, str]] = {"TY": "TY", "UK": "UK"}
    DEFAULT_LIST_TAGS: ClassVar[list[str]] = []


def rispy_records(text: str) -> list[dict[str, Any]]:
    """The records of ``text`` as rispy reads them (``\\r\\n`` and ``\\r`` end lines),
    in the reader's shape: ``{"TY": type, "UK": {tag: values}}``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [
        {"TY": record["TY"], "UK": dict(record.get("UK", {}))}
        for record in rispy.loads(text, implementation=AllTags)
    ]
