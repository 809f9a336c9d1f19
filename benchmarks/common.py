"""Helpers the benchmarks share: what is installed, and which commit is measured."""

from __future__ import annotations

import shutil
import subprocess
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

__all__ = ["REPO", "git_state", "package_version"]


def package_version(distribution: str) -> str:
    """The installed version of a distribution, or ``not installed``."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_state() -> str:
    """`` (git abc1234)``, with ``+ uncommitted changes to src/`` when src/ differs."""
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        return ""
    head = subprocess.run(
        [git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO, check=False
    ).stdout.strip()
    if not head:
        return ""
    dirty = subprocess.run(
        [git, "status", "--porcelain", "--", "src"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    ).stdout.strip()
    return f" (git {head}{' + uncommitted changes to src/' if dirty else ''})"
