"""``extract``: a finished letter's typed reference list into a .bib, in the letter's
order, each entry resolved where PubMed or Crossref identify it for certain.

The steps: read the letter (.md, .html, .txt, .docx); find its numbered list (under the
last "References" heading, else the trailing numbered list); read each reference into
fields (:mod:`mi_refs.intake.typed`); give it a key (:func:`~mi_refs.bibtex.keys.make_key`);
resolve the journal articles (PubMed ECitMatch, then Crossref's bibliographic search, each
hit accepted only when first author and year agree and the titles are not plainly
different: :func:`~mi_refs.check.suggest.suggest_identifiers`, through the cached
lookups); write each entry with an ``x-mi-refs`` field saying what was resolved and how,
or ``unverified: ...``. ``keyed`` also writes the letter with its superscripts as
``[@key]`` citations and its list as the references marker, ready for ``cite``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from mi_refs._version import __version__
from mi_refs.bibtex import parse_bibtex as loads
from mi_refs.bibtex.keys import DEFAULT_SCHEME, make_key
from mi_refs.check.suggest import suggest_identifiers
from mi_refs.check.text import fold
from mi_refs.documents.docx.keyed import body_paragraphs, key_docx
from mi_refs.documents.formats import DOCUMENT_FORMATS
from mi_refs.documents.keyed import MARKERS, key_text
from mi_refs.errors import (
    DocumentError,
    InvalidArgumentError,
    MiRefsError,
    UnsupportedDocumentError,
)
from mi_refs.files import digest_of, replace_unchanged, write_atomically
from mi_refs.intake import listing
from mi_refs.intake.report import IntakeEntry, IntakeReport, Outcome
from mi_refs.intake.typed import TypedReference, parse_typed_reference
from mi_refs.model import Finding, Kind, Reference, Severity
from mi_refs.registries.lookup import Lookup, Registries
from mi_refs.registries.records import RegistryRecord
from mi_refs.registries.session import open_lookup

__all__ = ["Extraction", "bibtex_entry", "extract", "find_listing"]

_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
_RAW = {"author", "editor", "url", "doi"}
_RAW_ESCAPES = str.maketrans({"\\": "", "%": r"\%", "#": r"\#"})
_OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^<>]*>\s*")
_CLOSE_TAG = re.compile(r"\s*(?:</(?:em|i|b|strong|span|a)>\s*)*</([A-Za-z][A-Za-z0-9]*)\s*>")


@dataclass(frozen=True, slots=True)
class Extraction:
    """What ``extract`` made: the .bib text (letter order), the keys by list number, the
    parsed references, the keyed letter (text, or .docx bytes; ``None`` unless asked)
    and the report (one entry per reference)."""

    bibtex: str
    keys: dict[int, str]
    typed: tuple[TypedReference, ...]
    report: IntakeReport
    keyed: str | bytes | None = None


def bibtex_entry(key: str, entry_type: str, fields: dict[str, str]) -> str:
    """One BibTeX entry from typed fields (names already in BibTeX form)."""
    width = max((len(name) for name in fields), default=0)
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields.items():
        text = _raw(value) if name in _RAW else value.translate(_ESCAPES)
        if name == "pages":
            text = text.replace("-", "--")
        lines.append(f"  {name.ljust(width)} = {{{text}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _raw(value: str) -> str:
    """A name list or an address as BibTeX: kept as built, except what would break the
    entry (unbalanced braces lose their braces, backslashes go, ``%`` is escaped)."""
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            break
    if depth != 0:
        value = value.replace("{", "").replace("}", "")
    return value.translate(_RAW_ESCAPES)


def _read_back(key: str, entry_type: str, fields: dict[str, str]) -> Reference | None:
    """The entry as mi-refs reads it back, or ``None`` when it does not read back as
    exactly one entry without an error."""
    try:
        loaded = loads(bibtex_entry(key, entry_type, fields))
    except MiRefsError:
        return None
    if len(loaded.references) != 1 or any(
        problem.code == "parse-error" for problem in loaded.problems
    ):
        return None
    return loaded.references[0]


def _safe(parsed: TypedReference) -> tuple[TypedReference, Finding | None]:
    """The parsed reference, or, when its entry would not read back, a generic entry
    holding the printed line in ``note`` and a finding saying so."""
    if _read_back("draft", parsed.entry_type, parsed.fields) is not None:
        return parsed, None
    fields = {"note": parsed.text}
    if _read_back("draft", "misc", fields) is None:
        fields = {"note": re.sub(r"[\\{}]", "", parsed.text)}
    finding = Finding(
        "parse-error",
        Severity.WARNING,
        "the printed line could not be read into fields; kept whole in note",
        source="extract",
    )
    return TypedReference(parsed.text, "misc", fields, ""), finding


# --- finding the list ---------------------------------------------------------------------


def find_listing(lines: list[str], *, markdown: bool = False) -> tuple[int, int, list[str]] | None:
    """The printed reference list of a letter given as lines (Word: paragraphs): the
    first and past-the-last line of the items and the item texts (without their
    numbers). The rules are :mod:`mi_refs.intake.listing`'s."""
    found = listing.find_listing(lines, markdown=markdown)
    return None if found is None else (found.first, found.end, found.items)


def _html_listing(text: str) -> tuple[int, int, list[str]] | None:
    """Character span and item texts of an HTML letter's list, the span widened to the
    elements that hold only the list (an ``<ol>`` and its items, a ``<p>``)."""
    lines = listing.html_lines(text)
    found = listing.find_listing([line.text for line in lines])
    if found is None:
        return None
    start, end = lines[found.first].start, lines[found.end - 1].end
    opened: list[str] = []
    while True:
        at = text.rfind("<", 0, start)
        tag = _OPEN_TAG.fullmatch(text, at, start) if at >= 0 else None
        if tag is None or tag.group(1).lower() in {"div", "article", "section", "body", "td"}:
            break
        opened.append(tag.group(1).lower())
        start = at
    for name in opened:
        closer = _CLOSE_TAG.match(text, end)
        if closer is None or closer.group(1).lower() != name:
            break
        end = closer.end()
    return start, end, found.items


def _one_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    first, second = Path(a), Path(b)
    try:
        if first.exists() and second.exists():
            return first.samefile(second)
    except OSError:
        pass
    return first.resolve() == second.resolve()


def _offsets(text: str, first: int, end: int) -> tuple[int, int]:
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[:first])
    return start, start + sum(len(line) for line in lines[first:end])


# --- resolving ----------------------------------------------------------------------------


def _differences(reference: Reference, records: list[RegistryRecord]) -> list[str]:
    out = []
    for record in records:
        journals = {fold(j) for j in (record.journal, *record.journal_abbreviations) if j}
        if reference.journal and journals and fold(reference.journal) not in journals:
            shown = (
                record.journal_abbreviations[0] if record.journal_abbreviations else record.journal
            )
            out.append(f"journal printed {reference.journal}, {record.source} has {shown}")
        for name in ("volume", "issue", "pages"):
            mine, theirs = getattr(reference, name), getattr(record, name)
            if mine and theirs and mine != theirs:
                out.append(f"{name} printed {mine}, {record.source} has {theirs}")
    return list(dict.fromkeys(out))


def _resolve(
    references: list[Reference], run: Lookup, online: bool
) -> tuple[dict[str, dict[str, str]], dict[str, str], dict[str, list[Finding]]]:
    """Per key: identifiers to add, the ``x-mi-refs`` note, the findings."""
    matched = suggest_identifiers(references, run)
    added: dict[str, dict[str, str]] = {}
    notes: dict[str, str] = {}
    findings: dict[str, list[Finding]] = {}
    for reference in references:
        key = reference.key
        found, records = matched.get(key, ([], []))
        ids = {f.field: f.registry for f in found if f.field and f.registry}
        added[key] = {name: value for name, value in ids.items() if not reference.get(name)}
        findings[key] = list(found)
        if ids:
            how = "; ".join(
                f"{name.upper()} {value} by "
                + ("PubMed ECitMatch" if name == "pmid" else "Crossref bibliographic search")
                for name, value in ids.items()
            )
            missing = [n.upper() for n in ("pmid", "doi") if n not in ids and not reference.get(n)]
            rest = f"; not found: {', '.join(missing)}" if missing else ""
            diffs = _differences(reference, records)
            differs = f"; differs: {'; '.join(diffs)}" if diffs else ""
            notes[key] = (
                f"resolved: {how} (first author and year agree); other fields as printed"
                f"{rest}{differs}"
            )
            continue
        if reference.doi or reference.pmid:
            why = "identifiers as printed, not looked up here (run mi-refs check)"
        elif reference.kind is not Kind.ARTICLE:
            why = f"not looked up ({reference.kind.value}: only journal articles are matched)"
        elif not online:
            why = "not looked up (offline)"
        elif run.unavailable:
            why = "PubMed or Crossref could not be asked"
        else:
            why = "no PubMed or Crossref match agrees on first author and year"
        notes[key] = f"unverified: {why}; fields as printed"
        findings[key].append(
            Finding(
                "unverified",
                Severity.WARNING,
                f"{why}; fields as printed",
                key=key,
                source="extract",
            )
        )
    return added, notes, findings


# --- the whole run ------------------------------------------------------------------------


def _read(path: Path, kind: str) -> tuple[str | None, list[str]]:
    if kind == "docx":
        return None, body_paragraphs(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path}: cannot read: the file is not UTF-8 text") from exc
    return text, text.splitlines()


def extract(  # noqa: PLR0912, PLR0915 - one run: read, parse, key, resolve, write
    letter_path: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    keyed: str | os.PathLike[str] | None = None,
    online: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    refresh: bool = False,
    mailto: str | None = None,
    registries: Registries | None = None,
    scheme: str = DEFAULT_SCHEME,
    progress: Callable[[str], None] | None = None,
    api_key: str | None = None,
) -> Extraction:
    """Read the letter's numbered reference list into BibTeX, in the letter's order, and
    resolve what PubMed and Crossref identify for certain (``online=False``: nothing is
    asked; answers come from the cache only). Writes the .bib to ``output`` and the keyed
    letter to ``keyed`` when given. Raises :class:`~mi_refs.errors.DocumentError` for a
    letter that cannot be read or has no numbered list,
    :class:`~mi_refs.errors.UnsupportedDocumentError` for another suffix."""
    path = Path(letter_path)
    kind = DOCUMENT_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedDocumentError(
            f"{path}: cannot extract from a {path.suffix or 'suffix-less'} file"
            " (mi-refs reads .md, .html, .txt, .docx)"
        )
    if kind == "docx" and not path.is_file():
        raise DocumentError(f"{path}: cannot read: no such file")
    if output is not None and keyed is not None and _one_file(output, keyed):
        raise InvalidArgumentError(
            f"{keyed}: --keyed and -o name one file; write the keyed letter somewhere else"
        )
    say = progress or (lambda message: None)
    since = digest_of(output) if output is not None else None  # written only if unchanged
    text, lines = _read(path, kind)
    found: tuple[int, int, list[str]] | None = (
        _html_listing(text)
        if kind == "html" and text is not None
        else find_listing(lines, markdown=kind == "markdown")
    )
    if found is None:
        raise DocumentError(f"{path}: no numbered reference list found")
    first, end, items = found
    say(f"parsing {len(items)} references")
    typed: list[TypedReference] = []
    unparsed: dict[int, Finding] = {}
    for number, item in enumerate(items, 1):
        parsed, finding = _safe(parse_typed_reference(item))
        typed.append(parsed)
        if finding is not None:
            unparsed[number] = finding
    references: list[Reference] = []
    taken: set[str] = set()
    for parsed in typed:
        draft = _read_back("draft", parsed.entry_type, parsed.fields)
        key = make_key(draft, taken, scheme) if draft is not None else f"ref{len(taken) + 1}"
        taken.add(key)
        reference = _read_back(key, parsed.entry_type, parsed.fields)
        if reference is None:  # cannot happen after _safe; a bare entry keeps the number
            reference = loads(f"@misc{{{key},\n}}\n").references[0]
        references.append(reference)
    with open_lookup(
        online=online, refresh=refresh, cache_dir=cache_dir, use_cache=use_cache,
        mailto=mailto, api_key=api_key, registries=registries,
    ) as (run, notes):  # fmt: skip
        registries = run.registries
        say("asking PubMed (ECitMatch) and Crossref")
        added, x_notes, findings = _resolve(references, run, online)
    notes += run.notes()
    entries_text = []
    entries = []
    for number, (parsed, reference) in enumerate(zip(typed, references, strict=True), 1):
        fields = dict(parsed.fields)
        fields.update(added[reference.key])
        note = x_notes[reference.key]
        if parsed.unparsed:
            note += f"; not read into fields: {parsed.unparsed}"
        fields["x-mi-refs"] = note
        entry_text = bibtex_entry(reference.key, parsed.entry_type, fields)
        if _read_back(reference.key, parsed.entry_type, fields) is None:
            fields = {"note": parsed.text, "x-mi-refs": note}
            entry_text = bibtex_entry(reference.key, "misc", fields)
        entries_text.append(entry_text)
        status = "added" if note.startswith("resolved") else "left"
        if "could not be asked" in note:
            status = "failed"
        found_here = list(findings[reference.key])
        if number in unparsed:
            found_here.insert(0, replace(unparsed[number], key=reference.key))
        outcomes = tuple(
            Outcome(f, "changed", "added to the entry")
            if f.code == "identifier-suggested"
            else Outcome(f, "left")
            for f in found_here
        )
        entries.append(
            IntakeEntry(reference.key, f"{path.name}: reference {number}", status, outcomes)
        )
    bibtex = "\n".join(entries_text)
    keys = {number: reference.key for number, reference in enumerate(references, 1)}
    keyed_content: str | bytes | None = None
    if keyed is not None:
        if kind == "docx":
            keyed_content = key_docx(path, keys, (first, end))
        elif text is not None:
            span = (first, end) if kind == "html" else _offsets(text, first, end)
            keyed_content = key_text(text, kind, keys, span)
    if output is not None:
        replace_unchanged(output, bibtex, since)
    if keyed is not None and keyed_content is not None:
        write_atomically(keyed, keyed_content)
    report = IntakeReport(
        "extract",
        str(output) if output is not None else None,
        tuple(entries),
        applied=output is not None,
        notes=tuple(notes),
        version=__version__,
        text=bibtex,
        requests=registries.requests_made() if registries is not None and online else {},
    )
    return Extraction(bibtex, keys, tuple(typed), report, keyed_content)


__all__ += ["MARKERS"]
