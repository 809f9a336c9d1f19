"""Holdout 8 (issue 16): draw the random sample of entries the labels judge.

Reads the files of tools/corpus/holdout8_list.txt from a directory holding them as
<owner>/<repo>/<path> (each pinned file written out with `git show <commit>:<path>`),
parses each with bibtexparser v2 (its entries, and the second entry of a key written
twice, which it keeps as a failed duplicate block), and draws SAMPLE entries uniformly
over all entries of all files with Python's random.Random(SEED).sample. Prints one line
per sampled entry: its index, the file, the key, the line it starts on.

Usage: python tools/corpus/holdout8_sample.py DIR
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry

SEED = 20261208
SAMPLE = 300
LIST = Path(__file__).with_name("holdout8_list.txt")


def entries(root: Path) -> list[tuple[str, str, int]]:
    found: list[tuple[str, str, int]] = []
    for line in LIST.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        repo, _commit, path = line.split(maxsplit=2)
        source = f"{repo}/{path}"
        library = bibtexparser.parse_string((root / source).read_text(encoding="utf-8"))
        blocks = [b for b in library.blocks if isinstance(b, Entry)]
        blocks += [b for b in library.failed_blocks if isinstance(b, DuplicateBlockKeyBlock)]
        blocks.sort(key=lambda b: b.start_line)
        for block in blocks:
            found.append((source, block.key, block.start_line + 1))
    return found


def main() -> None:
    everything = entries(Path(sys.argv[1]))
    picked = sorted(random.Random(SEED).sample(range(len(everything)), SAMPLE))
    print(f"# {len(everything)} entries, seed {SEED}, {SAMPLE} drawn")
    for index in picked:
        source, key, line = everything[index]
        print(f"{index}\t{source}\t{key}\t{line}")


if __name__ == "__main__":
    main()
