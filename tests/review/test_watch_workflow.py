"""The weekly watch workflow of docs/report.md ("A scheduled GitHub workflow"), run for
real (issue 21): its YAML is read from the page, and every step that runs a command runs
it in bash as GitHub's runner does (``bash --noprofile --norc -eo pipefail``), with
``mi-refs`` on the PATH, the runner's default cache (``~/.cache/mi-refs``), the step's
environment, and its ``if:`` condition evaluated. The registries are the local fake
(``tests/fakeregistry.py``); ``gh`` is a stand-in that records the issue it would open.
The steps GitHub provides (checkout, setup-python, cache) and the package install are
not run here; the install step must name mi-refs.

Without a change the watch step passes and no issue is opened; after a retraction of a
cited work the watch step fails with an annotation on the lock file, and the issue step
opens one issue whose body is the watch report read from the refreshed cache."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from mi_refs.cli import main
from tests.fakeregistry import FakeRegistry

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "report.md"
LETTER = """# Daratumumab after transplantation

Daratumumab has helped in autoimmune cytopenias after transplantation.^1^

## References

1. Even-Or E, Schejter YD, NaserEddin A, et al. Autoimmune cytopenias post hematopoietic stem cell transplantation in pediatric patients with osteopetrosis and other nonmalignant diseases. Front Immunol. 2022;13:879994.
"""
CONDITION = "failure() && steps.watch.outcome == 'failure'"
GH = """#!/bin/sh
# stand-in for the GitHub CLI: records its arguments and the issue body
printf '%s\\n' "$@" > "$GH_LOG"
while [ $# -gt 0 ]; do
  if [ "$1" = "--body-file" ]; then cp "$2" "$GH_BODY"; fi
  shift
done
"""


def workflow() -> dict[str, Any]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### A scheduled GitHub workflow") :]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block, "docs/report.md shows the workflow as a yaml block"
    loaded = yaml.safe_load(block.group(1))
    assert isinstance(loaded, dict)
    return loaded


def _expand(value: str) -> str:
    """The ``${{ ... }}`` expressions the steps use, as a runner would fill them."""
    return re.sub(r"\$\{\{\s*github\.token\s*\}\}", "fake-token", value)


@pytest.fixture
def department(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """A repository of one approved letter, ``mi-refs`` and ``gh`` on the PATH, the
    runner's home (its default cache) and the fake registries."""
    repo, home, bin_dir = tmp_path / "repo", tmp_path / "home", tmp_path / "bin"
    (repo / "letters").mkdir(parents=True)
    home.mkdir()
    bin_dir.mkdir()
    (repo / "letters" / "letter.md").write_text(LETTER, encoding="utf-8")
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    start = bib.index("@article{evenor2022cytopenias,")
    (repo / "letters" / "references.bib").write_text(
        bib[start : bib.index("\n}\n", start) + 3], encoding="utf-8"
    )
    command = "import sys; from mi_refs.cli import run; sys.argv[0] = 'mi-refs'; run()"
    (bin_dir / "mi-refs").write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c "{command}" "$@"\n', encoding="utf-8"
    )
    (bin_dir / "gh").write_text(GH, encoding="utf-8")
    for tool in ("mi-refs", "gh"):
        (bin_dir / tool).chmod(0o755)
    with FakeRegistry.from_fixtures() as server:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("MI_REFS_", "XDG_"))},
            **server.env(),
            "HOME": str(home),
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            "GH_LOG": str(tmp_path / "gh-args.txt"),
            "GH_BODY": str(tmp_path / "gh-body.txt"),
        }
        for name in list(os.environ):
            if name.startswith(("MI_REFS_", "XDG_")):
                monkeypatch.delenv(name)
        for name in ("HOME", *server.env()):
            monkeypatch.setenv(name, env[name])
        monkeypatch.setenv("MI_REFS_MAILTO", "mi@example.org")
        monkeypatch.chdir(repo)
        out, err = io.StringIO(), io.StringIO()
        code = main(["approve", "letters/letter.md", "--bib", "letters/references.bib"],
                    stdout=out, stderr=err)  # fmt: skip
        assert code == 0, out.getvalue() + err.getvalue()
        assert (home / ".cache" / "mi-refs").is_dir()  # the runner's default cache
        yield {"repo": repo, "env": env, "server": server, "tmp": tmp_path}


def run_job(job: Mapping[str, Any], department: dict[str, Any]) -> dict[str, Any]:
    """The job's steps in order, as a runner runs them: ``run`` steps in bash (-eo
    pipefail), ``if:`` evaluated (the one condition the workflow uses), a failed step
    failing the job."""
    outcomes: dict[str, str] = {}
    outputs: dict[str, subprocess.CompletedProcess[str]] = {}
    requests: dict[str, int] = {}  # requests the fake registry had after each step
    failed = False
    for step in job["steps"]:
        if "run" not in step:
            assert "uses" in step
            continue
        script = _expand(step["run"])
        if script.startswith("pip install"):
            assert "mi-refs" in script, script
            continue
        condition = step.get("if", "success()")
        if condition == CONDITION:
            wanted = failed and outcomes.get("watch") == "failure"
        else:
            assert condition == "success()", f"the test does not know {condition!r}"
            wanted = not failed
        if not wanted:
            continue
        env = {**department["env"], **{k: _expand(str(v)) for k, v in step.get("env", {}).items()}}
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=department["repo"], env=env, capture_output=True, text=True, timeout=300,
            check=False,
        )  # fmt: skip
        assert "Traceback" not in done.stderr, done.stderr
        outcome = "success" if done.returncode == 0 else "failure"
        failed = failed or outcome == "failure"
        if "id" in step:
            outcomes[step["id"]] = outcome
            outputs[step["id"]] = done
        outputs[step.get("name", script)] = done
        requests[step.get("name", script)] = len(department["server"].requests)
    return {"failed": failed, "outcomes": outcomes, "outputs": outputs, "requests": requests}


def test_the_weekly_watch_runs_as_documented(department: dict[str, Any]) -> None:
    spec = workflow()
    triggers = spec.get("on", spec.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["schedule"][0]["cron"] == "0 6 * * 1"
    assert spec["permissions"] == {"contents": "read", "issues": "write"}
    (job,) = spec["jobs"].values()
    tmp: Path = department["tmp"]

    # nothing changed since approval: the job passes, no issue
    quiet = run_job(job, department)
    assert not quiet["failed"] and quiet["outcomes"] == {"watch": "success"}
    assert "::error" not in quiet["outputs"]["watch"].stdout
    assert not (tmp / "gh-args.txt").exists()

    # a retraction of the cited work: the watch fails, one issue holds the report
    server: FakeRegistry = department["server"]
    work = dict(server.crossref["10.3389/fimmu.2022.879994"])
    work["updated-by"] = [
        {"DOI": "10.5555/mirefs.2026.0301", "type": "retraction", "source": "retraction-watch",
         "updated": {"date-parts": [[2026, 4, 6]]}},
    ]  # fmt: skip
    server.add_crossref(work)
    asked = len(server.requests)
    changed = run_job(job, department)
    assert changed["failed"] and changed["outcomes"] == {"watch": "failure"}
    annotations = changed["outputs"]["watch"].stdout
    assert annotations.count("::error ") == 1
    assert "letter.refs.lock.json" in annotations and "retraction" in annotations
    args = (tmp / "gh-args.txt").read_text(encoding="utf-8").splitlines()
    assert args[:2] == ["issue", "create"]
    title = args[args.index("--title") + 1]
    assert re.fullmatch(r"References changed since approval \(\d{4}-\d{2}-\d{2}\)", title)
    assert args[args.index("--label") + 1] == "references"
    body = (tmp / "gh-body.txt").read_text(encoding="utf-8")
    assert "error retracted" in body and "2026-04-06" in body
    assert "https://doi.org/10.5555/mirefs.2026.0301" in body
    assert "letters/letter.md" in body
    assert "1 change since approval, 1 at warning or above" in body
    # the report came from the cache the watch step refreshed: asked nothing more
    requests = changed["requests"]
    assert requests["watch"] > asked
    assert requests["open an issue on a change"] == requests["watch"]
