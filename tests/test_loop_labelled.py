"""``fix`` settles on every hand-labelled .bib (STYLE.md 19): for each labelled entry of
``tests/check/*_findings.toml`` (the shaping set and holdouts 1-5; holdout 6 is blind and
never opened here), ``fix --apply`` then ``check`` leaves nothing ``fix`` would change,
and ``fix --apply`` twice is ``fix --apply`` once. Issue 16's fixable kinds on the same
sets: ``tests/check/test_labelled_fix_loop.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomllib

import mi_refs
from mi_refs.intake.fix import fix

HERE = Path(__file__).parent / "check"
SIDES = ("labelled", "holdout", "holdout2", "holdout3", "holdout4", "holdout5")


def _items(side: str) -> list[dict[str, Any]]:
    with (HERE / f"{side}_findings.toml").open("rb") as file:
        return list(tomllib.load(file)["finding"])


@pytest.mark.parametrize("side", SIDES)
def test_fix_then_check_leaves_no_fix_and_fix_twice_is_fix_once(side: str, tmp_path: Path) -> None:
    unsettled, changed = [], 0
    items = _items(side)
    for number, item in enumerate(items):
        path = tmp_path / f"{number}.bib"
        path.write_text(item["bib"], encoding="utf-8")
        first = fix(
            mi_refs.load(path),
            mi_refs.check(mi_refs.load(path), online=False, use_cache=False),
            apply=True,
        )
        if not first.diff:
            continue  # nothing written: a second run reads the same file
        changed += 1
        once = path.read_bytes()
        report = mi_refs.check(mi_refs.load(path), online=False, use_cache=False)
        second = fix(mi_refs.load(path), report, apply=True)
        if second.diff or path.read_bytes() != once:
            unsettled.append((item["key"], item["code"], second.diff))
    assert unsettled == []
    assert len(items) >= 100 and changed, (len(items), changed)
