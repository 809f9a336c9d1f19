"""Write the prebuilt NLM journal index, ``src/mi_refs/data/journal-index.marshal.gz``.

Run it after changing the journal list or the code that builds the index
(``mi_refs.check.prebuilt.BUILT_BY``); ``tests/check/test_prebuilt.py`` fails until it is
run. From the repository root:

    PYTHONPATH=src python tools/build_journal_index.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from mi_refs.check.journals import load_journal_index  # noqa: E402
from mi_refs.check.prebuilt import INDEX_FILE, fingerprint, index_bytes  # noqa: E402


def main() -> int:
    target = ROOT / "src" / "mi_refs" / "data" / INDEX_FILE
    target.write_bytes(index_bytes(load_journal_index(), fingerprint()))
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
