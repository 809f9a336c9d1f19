"""Start-up: how long mi-refs commands take as whole processes (issue 20 item 7).

Each command runs ``--runs`` times in a fresh process (after one run that is not counted,
which also writes the bytecode caches an installed package has); the median and the best
wall time are reported, with the median CPU time (user + system) of the process:

- ``mi-refs --version``;
- ``mi-refs check references.bib --offline`` on the repository's 20 references (the seed
  letter's), with an empty cache directory of its own;
- a warm ``check`` against an offline one of the same 1,000-entry file (``--entries``):
  the cache is filled once from ``tests/fakeregistry.py`` on 127.0.0.1, then ``check``
  asks nothing (every answer cached); ``check --offline`` runs with an empty cache of its
  own (no registry data at all: the offline checks only). The two run in turn (one of
  each, ``--runs`` times), so a shared machine's changing load falls on both alike; the
  ratio of their medians is printed under the table. Issue 20's aim: the warm run costs
  at most 1.2 times the offline one;
- for comparison on the same machine: ``python -c pass``, ``ruff --version`` (the ruff of
  this environment, else the one on PATH) and ``pandoc --version`` (the binary of the
  ``pypandoc-binary`` package, else the one on PATH; "absent" when there is none).

mi-refs is run the way its console script runs it (``from mi_refs.cli import run``), from
the working tree's ``src/``. Usage, from the repository root::

    python benchmarks/startup.py [--runs 11] [--entries 1000] [--skip-warm]

Prints a Markdown table; exits 1 when an mi-refs command fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

import harness as h

SEED_BIB = h.REPO / "references.bib"
CONSOLE = "import sys; from mi_refs.cli import run; sys.argv[0] = 'mi-refs'; run()"


def mi_refs(*args: str) -> list[str]:
    return [sys.executable, "-c", CONSOLE, *args]


def ruff_binary() -> str | None:
    here = Path(sys.executable).with_name("ruff")
    return str(here) if here.exists() else shutil.which("ruff")


def pandoc_binary() -> str | None:
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")
    return str(path) if path else shutil.which("pandoc")


def environment() -> dict[str, str]:
    env = h.worker_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files
    env.update({"NO_COLOR": "1", "PYTHONWARNINGS": "ignore"})
    return env


def timed(label: str, argv: Sequence[str], runs: int, env: dict[str, str]) -> list[str]:
    """One table row: median and best wall time, median CPU time."""
    ((walls, cpus),) = measured([(label, argv)], runs, env)
    return row(label, walls, cpus)


def measured(
    commands: Sequence[tuple[str, Sequence[str]]], runs: int, env: dict[str, str]
) -> list[tuple[list[float], list[float]]]:
    """Wall and CPU times of each command, run in turn (one of each, ``runs`` times), so
    that a change in the machine's load falls on every command alike."""
    for _, argv in commands:  # not counted: bytecode caches, disk caches
        h.run_process(argv, timeout=300, env=env)
    times: list[tuple[list[float], list[float]]] = [([], []) for _ in commands]
    for _ in range(runs):
        for (label, argv), (walls, cpus) in zip(commands, times, strict=True):
            done = h.run_process(argv, timeout=300, env=env)
            if done.timed_out or done.returncode not in (0, 1):
                raise SystemExit(f"startup.py: {label} failed ({done.returncode}): {done.stderr}")
            walls.append(done.wall)
            cpus.append(done.cpu)
    return times


def row(label: str, walls: list[float], cpus: list[float]) -> list[str]:
    return [
        label,
        f"{statistics.median(walls):.3f}",
        f"{min(walls):.3f}",
        f"{statistics.median(cpus):.3f}",
    ]


def warm_rows(
    entries: int, runs: int, env: dict[str, str], workdir: Path
) -> tuple[list[list[str]], str]:
    """A warm check and an offline check of one file with every answer cached (run in
    turn), and the warm run's cost as a multiple of the offline one's."""
    sys.path.insert(0, str(h.REPO))
    import tests.fakeregistry as fake
    import validate

    dataset = validate.generate(entries, h.DEFAULT_SEED)
    bib = workdir / "refs.bib"
    bib.write_text(dataset.bibtex(), encoding="utf-8")
    cache = workdir / "cache"
    empty = str(workdir / "empty-cache")
    registry = validate.start_registry(fake, dataset, latency=0.0, ncbi_rate=None)
    try:
        local = {**env, **validate.base_env(registry)}
        local.pop("PYTHONDONTWRITEBYTECODE", None)
        base = ["check", str(bib), "--cache-dir", str(cache), "--format", "json"]
        cold = h.run_process(mi_refs(*base), timeout=600, env=local)
        if cold.returncode not in (0, 1):
            raise SystemExit(f"startup.py: filling the cache failed: {cold.stderr}")
        asked = len(registry.requests)
        offline = ["check", str(bib), "--format", "json", "--offline", "--cache-dir", empty]
        commands = [
            (f"`check` of {entries} entries, warm (all cached)", mi_refs(*base)),
            (f"`check --offline` of the same {entries} entries (empty cache)", mi_refs(*offline)),
        ]
        times = measured(commands, runs, local)
        if len(registry.requests) != asked:
            raise SystemExit("startup.py: the warm runs asked the registry")
    finally:
        registry.stop()
    (warm_walls, warm_cpus), (off_walls, off_cpus) = times
    ratio = (
        f"warm / offline: {statistics.median(warm_cpus) / statistics.median(off_cpus):.2f}x "
        f"CPU, {statistics.median(warm_walls) / statistics.median(off_walls):.2f}x wall "
        "(medians; issue 20's aim: at most 1.2x)"
    )
    return [row(label, *pair) for (label, _), pair in zip(commands, times, strict=True)], ratio


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per command (default 11)")
    parser.add_argument(
        "--entries", type=int, default=1000, help="entries of the warm/offline pair"
    )
    parser.add_argument("--skip-warm", action="store_true", help="leave out the warm pair")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    env = environment()
    rows: list[list[str]] = []
    ratio = ""
    with h.work_directory(None, "mi-refs-startup-") as workdir:
        cache = str(workdir / "seed-cache")
        rows.append(timed("`python -c pass`", [sys.executable, "-c", "pass"], args.runs, env))
        rows.append(timed("`mi-refs --version`", mi_refs("--version"), args.runs, env))
        rows.append(
            timed(
                "`mi-refs check references.bib --offline` (20 references)",
                mi_refs("check", str(SEED_BIB), "--offline", "--cache-dir", cache),
                args.runs,
                env,
            )
        )
        if not args.skip_warm:
            warm, ratio = warm_rows(args.entries, args.runs, env, workdir)
            rows.extend(warm)
        for name, binary in (("ruff", ruff_binary()), ("pandoc", pandoc_binary())):
            if binary is None:
                rows.append([f"`{name} --version`", "absent", "", ""])
            else:
                version = h.program_version([binary, "--version"])
                rows.append(
                    timed(f"`{name} --version` ({version})", [binary, "--version"], args.runs, env)
                )
    print(f"load average: {h.load_average()}; {args.runs} runs each")
    for name, value in h.machine_info():
        print(f"- {name}: {value}")
    print()
    print(
        "\n".join(
            h.markdown_table(
                ["command", "median wall s", "best wall s", "median CPU s"], rows, "lrrr"
            )
        )
    )
    if ratio:
        print(f"\n{ratio}")
    return 0


if __name__ == "__main__":
    os.chdir(h.REPO)
    sys.exit(main())
