"""Copy the corpus files listed in ``fetch_list.txt`` out of fetched git snapshots.

Each line of the list is ``owner/repo commit path`` (the path may contain spaces). The
repositories must already be on this machine as bare git directories, by default under
``/work/.mirror/<owner>+<repo>/repo`` (where the search tool's ``fetch`` puts them). The
files are written, untouched, to ``--out`` (default ``/work/corpus/bib``) as
``<owner>__<repo>__<path with / as _>.bib``; characters other than letters, digits,
``.``, ``_``, ``+`` and ``-`` become ``-``. Nothing here is meant to be committed.

    python tools/corpus/build_corpus.py --mirror /work/.mirror --out /work/corpus/bib
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Source:
    repo: str
    commit: str
    path: str

    @property
    def file_name(self) -> str:
        owner, name = self.repo.split("/", 1)
        flat = self.path.replace("/", "_")
        stem = re.sub(r"[^A-Za-z0-9._+-]", "-", f"{owner}__{name}__{flat}")
        return stem if stem.endswith(".bib") else stem + ".bib"


def read_list(path: Path) -> list[Source]:
    sources = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        repo, commit, file_path = line.split(" ", 2)
        sources.append(Source(repo, commit, file_path))
    return sources


def git_dir(mirror: Path, repo: str) -> Path:
    base = mirror / repo.replace("/", "+") / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", type=Path, default=HERE / "fetch_list.txt")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=Path("/work/corpus/bib"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for source in read_list(args.list):
        result = subprocess.run(
            [
                "git",
                "--git-dir",
                str(git_dir(args.mirror, source.repo)),
                "show",
                f"{source.commit}:{source.path}",
            ],
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            failures += 1
            message = result.stderr.decode("utf-8", "replace").strip()
            print(f"missing: {source.repo} {source.path}: {message}", file=sys.stderr)
            continue
        (args.out / source.file_name).write_bytes(result.stdout)
        print(f"{source.file_name}: {len(result.stdout)} bytes")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
