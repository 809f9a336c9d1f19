"""Measure mi-refs against a directory of real .bib files.

For every ``*.bib`` file (sorted by name), each step guarded on its own so that one
failure is reported and the run goes on:

- bibtexparser v2 (``bibtexparser.parse_string``): entries read, parse time, blocks it
  set aside (by class);
- ``mi_refs.load``: references, problems by code and by kind of message, load time;
- ``mi_refs.render(bib, style=..., format="text")`` for ``ama`` and ``vancouver``: the
  numbered lines, and whether they equal the entries bibtexparser reads (the key measure:
  render prints one line per entry bibtexparser reads);
- ``mi_refs.save(bib, tmp)``: whether the file comes back byte for byte;
- ``mi_refs.check(bib, <offline>, cache_dir=tmp)``: findings by code (skipped when the
  installed ``check`` has no way to stay offline).

"Entries bibtexparser reads" are ``library.entries`` plus the entries it set aside only
because a field is repeated (``DuplicateFieldKeyBlock``): those are whole entries too.
Entries whose key repeats an earlier one (``DuplicateBlockKeyBlock``) are counted apart.

Across the corpus it also lists entry types with how many entries of each were not
rendered, ``note``-like fields that look like export metadata, DOIs with a ``[doi]``
suffix and files that are not UTF-8 (with charset-normalizer's guess).

    .venv/bin/python tools/corpus/measure.py /work/corpus/bib --out /work/corpus/results

writes ``measure.md`` and ``measure.json`` to ``--out``. Each file is measured in a
child process with a time limit (``--timeout``), so a hang or a crash is one row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import logging
import multiprocessing as mp
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import model
from charset_normalizer import from_bytes

STYLES = ("ama", "vancouver")
NUMBERED_LINE = re.compile(r"^\d+\.\s")
EXPORT_METADATA = {
    "Type: ...": re.compile(r"\bType:\s*(Journal Article|Article|Book|Review)", re.I),
    "Cited By": re.compile(r"\bCited By\b", re.I),
    "Export Date": re.compile(r"\bExport Date\b", re.I),
    "from: ...": re.compile(r"(^|\s)from:\s", re.I),
    "PMID:": re.compile(r"\bPMID:\s*\d", re.I),
    "Language of Original Document": re.compile(r"Language of Original Document", re.I),
    "Publisher: ...": re.compile(r"\bPublisher:\s", re.I),
    "Accession Number": re.compile(r"Accession Number", re.I),
}
NOTE_FIELDS = ("note", "annote", "annotation", "addendum")
DOI_SUFFIX = re.compile(r"\s\[doi\]", re.I)
SAMPLES = 5


def message_kind(message: str) -> str:
    """The message with its particulars (quoted values, numbers, keys) blanked."""
    kind = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\{[^}]*\}", "…", message)
    kind = re.sub(r"\d+", "N", kind)
    return kind[:90]


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = call()
    return value, time.perf_counter() - start


def _error(step: str, exc: BaseException) -> dict[str, str]:
    return {
        "step": step,
        "type": type(exc).__name__,
        "message": str(exc)[:500],
        "where": traceback.format_exc(limit=-2)[-600:],
    }


def _decode(data: bytes) -> tuple[str, str | None]:
    """The text and, for a file that is not UTF-8, charset-normalizer's guess."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        best = from_bytes(data).best()
        guess = best.encoding if best is not None else "unknown"
    except Exception:
        guess = "unknown"
    try:
        return data.decode(guess), guess
    except (LookupError, UnicodeDecodeError):
        return data.decode("latin-1"), guess


def _bibtexparser(text: str, result: dict[str, Any]) -> list[tuple[str, str, dict[str, str]]]:
    library, seconds = _timed(lambda: bibtexparser.parse_string(text))
    entries: list[tuple[str, str, dict[str, str]]] = []

    def add(entry: Any) -> None:
        fields = {f.key.lower(): str(f.value) for f in entry.fields}
        entries.append((entry.key, entry.entry_type.lower(), fields))

    for entry in library.entries:
        add(entry)
    failed = Counter(type(block).__name__ for block in library.failed_blocks)
    for block in library.failed_blocks:
        if isinstance(block, model.DuplicateFieldKeyBlock):
            add(block.ignore_error_block)
    result["bibtexparser"] = {
        "entries": len(entries),
        "seconds": round(seconds, 4),
        "set_aside": dict(failed),
        "duplicate_keys": failed.get("DuplicateBlockKeyBlock", 0),
        "strings": len(library.strings),
    }
    return entries


def _check_kwargs(check: Callable[..., Any], cache_dir: str) -> dict[str, Any] | None:
    parameters = inspect.signature(check).parameters
    if "online" in parameters:
        return {"online": False, "cache_dir": cache_dir}
    if "offline" in parameters:
        return {"offline": True, "cache_dir": cache_dir}
    return None


def measure_file(path: Path, run_check: bool = True) -> dict[str, Any]:
    """Everything measured about one file; failures land in ``errors``."""
    logging.disable(logging.CRITICAL)  # bibtexparser logs every block it sets aside
    data = path.read_bytes()
    result: dict[str, Any] = {"file": path.name, "bytes": len(data), "errors": []}
    text, guessed = _decode(data)
    result["encoding"] = "utf-8" if guessed is None else guessed
    entries: list[tuple[str, str, dict[str, str]]] = []
    try:
        entries = _bibtexparser(text, result)
    except Exception as exc:
        result["errors"].append(_error("bibtexparser", exc))
    result["entry_types"] = dict(Counter(entry_type for _, entry_type, _ in entries))
    _scan_fields(entries, result)

    import mi_refs  # noqa: PLC0415 - while src/ is restructured a broken import is one row

    bib = _load(mi_refs, path, result)
    if bib is not None:
        _render(mi_refs, bib, entries, result)
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / path.name
            try:
                _, seconds = _timed(lambda: mi_refs.save(bib, target))
                result["save"] = {
                    "identical": target.read_bytes() == data,
                    "seconds": round(seconds, 4),
                }
            except Exception as exc:
                result["errors"].append(_error("save", exc))
            if run_check:
                _run_check(mi_refs, bib, tmp, result)
    return result


def _load(mi_refs: Any, path: Path, result: dict[str, Any]) -> Any:
    try:
        bib, seconds = _timed(lambda: mi_refs.load(path))
    except Exception as exc:
        result["errors"].append(_error("load", exc))
        return None
    problems = list(bib.problems)
    samples: dict[str, list[str]] = {}
    for problem in problems:
        bucket = samples.setdefault(message_kind(problem.message), [])
        if len(bucket) < SAMPLES:
            bucket.append(str(problem))
    result["mi_refs"] = {
        "references": len(bib.references),
        "seconds": round(seconds, 4),
        "problems": len(problems),
        "problems_by_code": dict(Counter(p.code for p in problems)),
        "problems_by_kind": dict(Counter(message_kind(p.message) for p in problems)),
        "problem_samples": samples,
    }
    return bib


def _render(
    mi_refs: Any,
    bib: Any,
    entries: list[tuple[str, str, dict[str, str]]],
    result: dict[str, Any],
) -> None:
    result["render"] = {}
    for style in STYLES:
        try:
            rendered, seconds = _timed(
                lambda style=style: mi_refs.render(bib, style=style, format="text")
            )
        except Exception as exc:
            result["errors"].append(_error(f"render {style}", exc))
            continue
        lines = [line for line in rendered.splitlines() if NUMBERED_LINE.match(line)]
        result["render"][style] = {
            "lines": len(lines),
            "seconds": round(seconds, 4),
            "equals_bibtexparser": len(lines) == len(entries),
        }
    rendered_keys = Counter(reference.key for reference in bib.references)
    missing = []
    for key, entry_type, _ in entries:
        if rendered_keys[key] > 0:
            rendered_keys[key] -= 1
        else:
            missing.append({"key": key, "type": entry_type})
    result["not_rendered"] = missing
    result["missing_types"] = dict(Counter(item["type"] for item in missing))


def _run_check(mi_refs: Any, bib: Any, tmp: str, result: dict[str, Any]) -> None:
    kwargs = _check_kwargs(mi_refs.check, str(Path(tmp) / "cache"))
    if kwargs is None:
        result["check"] = {"skipped": "check() has no offline switch"}
        return
    try:
        report, seconds = _timed(lambda: mi_refs.check(bib, **kwargs))
        findings = list(report.findings())
        result["check"] = {
            "findings": len(findings),
            "by_code": dict(Counter(f.code for f in findings)),
            "seconds": round(seconds, 4),
        }
    except Exception as exc:
        result["errors"].append(_error("check", exc))


def _scan_fields(entries: list[tuple[str, str, dict[str, str]]], result: dict[str, Any]) -> None:
    notes: dict[str, list[str]] = {}
    doi_suffix: list[str] = []
    for key, _, fields in entries:
        for name in NOTE_FIELDS:
            value = fields.get(name, "")
            for label, pattern in EXPORT_METADATA.items():
                if value and pattern.search(value):
                    notes.setdefault(label, []).append(f"{key}: {name} = {value[:120]}")
        for name in ("doi", "note", "url"):
            if DOI_SUFFIX.search(fields.get(name, "")):
                doi_suffix.append(f"{key}: {name} = {fields[name][:120]}")
    result["export_metadata_notes"] = {label: len(items) for label, items in notes.items()}
    result["export_metadata_samples"] = {label: items[:SAMPLES] for label, items in notes.items()}
    result["doi_suffix"] = len(doi_suffix)
    result["doi_suffix_samples"] = doi_suffix[:SAMPLES]


def _child(path: str, run_check: bool, conn: Any) -> None:
    try:
        conn.send(measure_file(Path(path), run_check))
    except BaseException as exc:
        conn.send({"file": Path(path).name, "errors": [_error("measure", exc)]})
    finally:
        conn.close()


def measure_isolated(path: Path, timeout: float, run_check: bool) -> dict[str, Any]:
    """``measure_file`` in a child process, so a hang or a crash costs one row."""
    context = mp.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(str(path), run_check, child))
    start = time.perf_counter()
    process.start()
    child.close()
    result: dict[str, Any] | None = None
    if parent.poll(timeout):
        try:
            result = parent.recv()
        except EOFError:
            result = None
    process.join(5)
    if process.is_alive():
        process.kill()
        process.join()
    if result is None:
        why = "timed out" if time.perf_counter() - start >= timeout else "child died"
        result = {
            "file": path.name,
            "errors": [{"step": "measure", "type": why, "message": f"exit {process.exitcode}"}],
        }
    result["wall_seconds"] = round(time.perf_counter() - start, 3)
    return result


def _yes(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "**no**")


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    def total(*path: str) -> float:
        sum_ = 0.0
        for result in results:
            value: Any = result
            for part in path:
                value = value.get(part, {}) if isinstance(value, dict) else {}
            sum_ += value if isinstance(value, int | float) and not isinstance(value, bool) else 0
        return sum_

    types: Counter[str] = Counter()
    missing_types: Counter[str] = Counter()
    export_notes: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    problem_kinds: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    for result in results:
        types.update(result.get("entry_types", {}))
        missing_types.update(result.get("missing_types", {}))
        export_notes.update(result.get("export_metadata_notes", {}))
        problems.update(result.get("mi_refs", {}).get("problems_by_code", {}))
        problem_kinds.update(result.get("mi_refs", {}).get("problems_by_kind", {}))
        findings.update(result.get("check", {}).get("by_code", {}))
    return {
        "files": len(results),
        "bytes": int(total("bytes")),
        "bibtexparser_entries": int(total("bibtexparser", "entries")),
        "bibtexparser_seconds": round(total("bibtexparser", "seconds"), 3),
        "duplicate_keys": int(total("bibtexparser", "duplicate_keys")),
        "mi_refs_references": int(total("mi_refs", "references")),
        "mi_refs_load_seconds": round(total("mi_refs", "seconds"), 3),
        "problems": int(total("mi_refs", "problems")),
        "rendered_lines": {style: int(total("render", style, "lines")) for style in STYLES},
        "files_render_equals_bibtexparser": {
            style: sum(
                1 for r in results if r.get("render", {}).get(style, {}).get("equals_bibtexparser")
            )
            for style in STYLES
        },
        "not_rendered": sum(len(r.get("not_rendered", [])) for r in results),
        "files_with_not_rendered": sum(1 for r in results if r.get("not_rendered")),
        "files_not_identical_after_save": sum(
            1 for r in results if r.get("save", {}).get("identical") is False
        ),
        "files_saved": sum(1 for r in results if "save" in r),
        "files_with_exceptions": sum(1 for r in results if r.get("errors")),
        "exceptions": sum(len(r.get("errors", [])) for r in results),
        "check_findings": int(total("check", "findings")),
        "check_seconds": round(total("check", "seconds"), 3),
        "wall_seconds": round(total("wall_seconds"), 3),
        "entry_types": dict(types.most_common()),
        "not_rendered_by_type": dict(missing_types.most_common()),
        "export_metadata_notes": dict(export_notes.most_common()),
        "doi_suffix": int(total("doi_suffix")),
        "not_utf8": {
            r["file"]: r["encoding"] for r in results if r.get("encoding", "utf-8") != "utf-8"
        },
        "problems_by_code": dict(problems.most_common()),
        "problems_by_kind": dict(problem_kinds.most_common(40)),
        "check_findings_by_code": dict(findings.most_common()),
    }


def to_markdown(results: list[dict[str, Any]], summary: dict[str, Any], header: str) -> str:
    out = [header, "", "## Files", ""]
    out.append(
        "| file | KB | enc | bibtexparser | bp s | mi-refs refs | problems | load s "
        "| ama lines | vanc lines | = bp | not rendered | save identical | check findings "
        "| exceptions |"
    )
    out.append("|" + "---|" * 15)
    for r in results:
        bp = r.get("bibtexparser", {})
        mi = r.get("mi_refs", {})
        render = r.get("render", {})
        equal = (
            all(render.get(s, {}).get("equals_bibtexparser") for s in STYLES) if render else None
        )
        out.append(
            "| {file} | {kb} | {enc} | {bp} | {bps} | {refs} | {prob} | {loads} | {ama} | {van} "
            "| {eq} | {miss} | {save} | {chk} | {exc} |".format(
                file=r["file"],
                kb=round(r.get("bytes", 0) / 1024),
                enc=r.get("encoding", ""),
                bp=bp.get("entries", ""),
                bps=bp.get("seconds", ""),
                refs=mi.get("references", ""),
                prob=mi.get("problems", ""),
                loads=mi.get("seconds", ""),
                ama=render.get("ama", {}).get("lines", ""),
                van=render.get("vancouver", {}).get("lines", ""),
                eq=_yes(equal),
                miss=len(r.get("not_rendered", [])) if "not_rendered" in r else "",
                save=_yes(r.get("save", {}).get("identical")),
                chk=r.get("check", {}).get("findings", r.get("check", {}).get("skipped", "")),
                exc="; ".join(f"{e['step']}: {e['type']}" for e in r.get("errors", [])),
            )
        )
    s = summary
    out += [
        "",
        "## Totals",
        "",
        f"- files: {s['files']} ({s['bytes'] / 1e6:.1f} MB)",
        f"- bibtexparser entries: {s['bibtexparser_entries']} "
        f"(+{s['duplicate_keys']} with a repeated key, set aside)",
        f"- mi-refs references loaded: {s['mi_refs_references']}; problems: {s['problems']}",
        "- rendered lines: "
        + ", ".join(f"{k} {v}" for k, v in s["rendered_lines"].items())
        + "; files where lines = bibtexparser entries: "
        + ", ".join(
            f"{k} {v}/{s['files']}" for k, v in s["files_render_equals_bibtexparser"].items()
        ),
        f"- entries missing from the list: {s['not_rendered']} "
        f"in {s['files_with_not_rendered']} files",
        f"- files not byte-identical after save: {s['files_not_identical_after_save']} "
        f"of {s['files_saved']} saved",
        f"- exceptions: {s['exceptions']} in {s['files_with_exceptions']} files",
        f"- offline check findings: {s['check_findings']}",
        f"- time: bibtexparser {s['bibtexparser_seconds']} s, mi-refs load "
        f"{s['mi_refs_load_seconds']} s, check {s['check_seconds']} s, wall {s['wall_seconds']} s",
        f"- DOIs with ` [doi]`: {s['doi_suffix']}",
        "",
        "## Entry types (entries, not rendered)",
        "",
        "| type | entries | not rendered |",
        "|---|---|---|",
    ]
    for entry_type, count in s["entry_types"].items():
        out.append(f"| {entry_type} | {count} | {s['not_rendered_by_type'].get(entry_type, 0)} |")
    out += ["", "## Problems by code", "", "| code | count |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in s["problems_by_code"].items()]
    out += ["", "## Problems by kind of message (top 40)", "", "| message | count |", "|---|---|"]
    out += [f"| {k.replace('|', '/')} | {v} |" for k, v in s["problems_by_kind"].items()]
    out += ["", "## Offline check findings by code", "", "| code | count |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in s["check_findings_by_code"].items()]
    out += ["", "## Notes that look like export metadata", "", "| pattern | fields |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in s["export_metadata_notes"].items()]
    out += ["", "## Files that are not UTF-8", ""]
    out += [f"- {k}: {v}" for k, v in s["not_utf8"].items()] or ["- none"]
    out += ["", "## Exceptions", ""]
    errors = [(r["file"], e) for r in results for e in r.get("errors", [])]
    out += [f"- {f}: {e['step']}: {e['type']}: {e['message'][:200]}" for f, e in errors] or [
        "- none"
    ]
    return "\n".join(out) + "\n"


def _commit() -> str:
    try:
        root = Path(__file__).resolve().parent
        return subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure mi-refs on a directory of .bib files")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per file")
    parser.add_argument("--no-check", action="store_true", help="skip mi_refs.check")
    parser.add_argument("--only", default=None, help="a substring: measure only matching files")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.directory.glob("*.bib") if p.is_file())
    if args.only:
        files = [p for p in files if args.only in p.name]
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for path in files:
        result = measure_isolated(path, args.timeout, not args.no_check)
        results.append(result)
        render = result.get("render", {})
        print(
            f"{path.name}: bp {result.get('bibtexparser', {}).get('entries')} "
            f"refs {result.get('mi_refs', {}).get('references')} "
            f"ama {render.get('ama', {}).get('lines')} "
            f"missing {len(result.get('not_rendered', []))} "
            f"errors {len(result.get('errors', []))} ({result['wall_seconds']} s)",
            file=sys.stderr,
            flush=True,
        )
    summary = summarise(results)
    command = " ".join([Path(sys.executable).name, *sys.argv])
    header = (
        f"# mi-refs corpus measurement\n\n- date: {dt.datetime.now().isoformat(timespec='seconds')}"
        f"\n- command: `{command}`\n- mi-refs commit: {_commit()}"
    )
    (args.out / "measure.md").write_text(to_markdown(results, summary, header), encoding="utf-8")
    (args.out / "measure.json").write_text(
        json.dumps(
            {"commit": _commit(), "command": command, "summary": summary, "files": results},
            indent=1,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    print(json.dumps({k: v for k, v in summary.items() if not isinstance(v, dict)}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
