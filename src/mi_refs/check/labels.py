"""Prescribing information against DailyMed (issue 19, item 4).

Which entries are labels: kind prescribing information (``entrysubtype =
{prescribing-information}`` or ``{package-insert}``, a ``@manual``/``@report``/``@misc``
whose ``type`` says so), and any entry naming a DailyMed set id: ``eprinttype =
{dailymed}`` + ``eprint``, a ``setid`` field (Better BibTeX's ``tex.setid:``), or a DailyMed
URL (``drugInfo.cfm?setid=...``). ``version`` is the SPL version cited, ``date`` the
label's revision date. For each:

- the set id well formed (a lower-case UUID; offline), the same in every field naming it;
- DailyMed's history of the label (one request a set id, cached): not found is an error
  that names the usual cause (a version id pasted in place of the set id); a newer SPL
  version than the one cited, or, without a version, a label revised after the cited date
  (the SPL document's ``effectiveTime``, asked only when DailyMed posted a version after
  that date) is ``label-updated``; the label's labeler not the entry's ``organization``
  (a repackager's or a generic's label) is a ``field-mismatch`` warning; a label of
  another product is ``wrong-work``;
- no set id: DailyMed searched by product name (one request a product, cached), the
  labels of the entry's organisation suggested (``identifier-suggested``, info), never
  written by ``fix``;
- SmPCs (EU/UK) have no open version service: ``not-checkable`` (the offline lints of
  ``check/mikinds`` still apply).

Unanswered is ``unverified``, never "not found".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mi_refs.check.findings import entry_finding
from mi_refs.check.text import fold
from mi_refs.check.trials import later_than
from mi_refs.model import Finding, Kind, Reference, Severity
from mi_refs.registries.dailymed import canonical_setid, setid_from_url
from mi_refs.registries.lookup import Lookup

__all__ = [
    "check_labels",
    "fetch_labels",
    "fetch_spls",
    "is_label",
    "is_smpc",
    "label_setid",
]

_SOURCE = "dailymed"
_SMPC = re.compile(
    r"summary of product characteristics|\bsmpc\b|fachinformation|"
    r"r[ée]sum[ée] des caract[ée]ristiques|ema\.europa\.eu|medicines\.org\.uk|"
    r"product monograph",
    re.IGNORECASE,
)
_COMPANY_WORDS = frozenset((
    "inc", "llc", "ltd", "limited", "co", "corp", "corporation", "company", "gmbh", "ag",
    "sa", "spa", "bv", "nv", "plc", "lp", "pharmaceuticals", "pharmaceutical", "pharma",
    "div", "division", "of", "the", "and", "a", "us", "usa", "laboratories", "labs",
))  # fmt: skip
# Words of a label title or an entry title that name no product.
_FORM_WORDS = frozenset((
    "tablet", "tablets", "capsule", "capsules", "solution", "injection", "injectable",
    "film", "coated", "oral", "suspension", "powder", "for", "kit", "cream", "ointment",
    "gel", "extended", "release", "delayed", "liquid", "syrup", "concentrate",
    "intravenous", "subcutaneous", "use", "prescribing", "information", "full",
    "highlights", "package", "insert", "label", "labeling", "labelling", "product", "and",
    "with", "of", "the", "in", "a", "an", "mg", "ml", "chewable", "dose", "pen",
    "prefilled", "syringe", "vial", "single", "patch", "spray", "drops",
))  # fmt: skip


def is_smpc(reference: Reference) -> bool:
    """An SmPC or other non-US label (no open version service)."""
    subtype = reference.get("entrysubtype").strip().lower()
    text = " ".join((reference.type, reference.title, reference.url))
    return subtype == "smpc" or bool(_SMPC.search(text))


def _sources(reference: Reference) -> list[tuple[str, str]]:
    """``(field, as written)`` for every field naming a DailyMed set id."""
    out = []
    if reference.get("eprinttype").strip().lower() == "dailymed" and reference.get("eprint"):
        out.append(("eprint", reference.get("eprint").strip()))
    if reference.get("setid").strip():
        out.append(("setid", reference.get("setid").strip()))
    if from_url := setid_from_url(reference.url):
        out.append(("url", from_url))
    return out


def is_label(reference: Reference) -> bool:
    """Prescribing information, or an entry naming a DailyMed set id."""
    return reference.kind is Kind.PRESCRIBING_INFORMATION or bool(_sources(reference))


def label_setid(reference: Reference) -> str:
    """The set id an entry names (the first well-formed one), ``""`` when none."""
    return next((s for _, written in _sources(reference) if (s := canonical_setid(written))), "")


def _offline(reference: Reference) -> list[Finding]:
    findings = []
    seen: dict[str, str] = {}
    for field, written in _sources(reference):
        setid = canonical_setid(written)
        if not setid:
            findings.append(entry_finding(
                reference, "malformed-identifier", Severity.ERROR,
                f"{field} {written!r} is not a DailyMed set id (a UUID such as "
                "c6e131fe-e7df-4876-83f7-9156fc4e8228)",
                field=field, stored=written, source="offline",
            ))  # fmt: skip
            continue
        if written != setid and field != "url":
            findings.append(entry_finding(
                reference, "malformed-identifier", Severity.WARNING,
                f"{field} {written!r}: DailyMed writes set ids in lower case ({setid})",
                field=field, stored=written, suggestion=setid, source="offline",
            ))  # fmt: skip
        seen.setdefault(setid, field)
    if len(seen) > 1:
        (first, a), (second, b) = list(seen.items())[:2]
        findings.append(entry_finding(
            reference, "id-conflict", Severity.ERROR,
            f"{a} names set id {first} but {b} names {second}: which label is cited?",
            field=b, stored=second, source="offline",
        ))  # fmt: skip
    return findings


def fetch_labels(run: Lookup, setids: Sequence[str]) -> dict[str, Any]:
    """DailyMed's history documents by set id, through the run's cache (``None``: not
    found; unanswered ones left out)."""
    client = run.registries.dailymed if run.registries is not None else None
    return run.documents(
        "dailymed", setids, lambda ids: client.histories(ids) if client is not None else {}
    )


def fetch_spls(run: Lookup, labels: Mapping[str, Any]) -> dict[str, Any]:
    """The current SPL document of each label (by set id), cached under ``setid/version``
    (a new version is a new key); ``None`` when DailyMed serves none (404)."""
    client = run.registries.dailymed if run.registries is not None else None
    keys = {f"{setid}/{label['versions'][0]['version']}": setid for setid, label in labels.items()}
    found = run.documents(
        "dailymed-spl", list(keys), lambda ids: client.spls(ids) if client is not None else {}
    )
    return {keys[key]: document for key, document in found.items()}  # None: no document


def _searches(run: Lookup, names: Sequence[str]) -> dict[str, Any]:
    client = run.registries.dailymed if run.registries is not None else None
    return run.documents(
        "dailymed-search", names, lambda ids: client.searches(ids) if client is not None else {}
    )


def _words(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) > 2 and w not in _FORM_WORDS}


def _company(text: str) -> set[str]:
    return {w for w in fold(text).split() if w not in _COMPANY_WORDS}


def same_labeler(organization: str, labeler: str) -> bool:
    """The entry's organisation and DailyMed's labeler name one company (suffixes such
    as Inc, LLC, Pharmaceuticals left out; one name's words within the other's)."""
    mine, theirs = _company(organization), _company(labeler)
    return bool(mine and theirs) and (mine <= theirs or theirs <= mine)


def product_name(reference: Reference) -> str:
    """The product a label entry names (its title's first word that is no form word):
    what DailyMed is searched by."""
    title = re.sub(r"[(\[].*?[)\]]", " ", reference.title)
    words = [w for w in fold(title).split() if len(w) > 2 and w not in _FORM_WORDS]
    return words[0] if words else ""


def _entry_date(reference: Reference) -> str:
    if not reference.year.isdigit():
        return ""
    if reference.month is None:
        return reference.year
    day = f"-{reference.day:02d}" if reference.day else ""
    return f"{reference.year}-{reference.month:02d}{day}"


def _cited_version(reference: Reference) -> int | None:
    match = re.search(r"\d+", reference.get("version"))
    return int(match.group(0)) if match else None


def check_labels(
    references: Sequence[Reference], run: Lookup, say: Callable[[str], None]
) -> list[Finding]:
    """Findings for every label in ``references`` (see the module's description)."""
    findings: list[Finding] = []
    named: list[tuple[Reference, str]] = []
    unnamed: list[Reference] = []
    for reference in references:
        if not is_label(reference):
            continue
        findings += _offline(reference)
        setid = label_setid(reference)
        if setid:
            named.append((reference, setid))
        elif is_smpc(reference):
            findings.append(entry_finding(
                reference, "not-checkable", Severity.INFO,
                "an SmPC (or another non-US label): no open service holds its versions; "
                "check its date of revision by hand", source="check",
            ))  # fmt: skip
        elif not _sources(reference):
            unnamed.append(reference)
    if not named and not unnamed:
        return findings
    say(f"DailyMed: {len(named)} labels")
    labels = fetch_labels(run, [setid for _, setid in named])
    need_spl = {
        setid: labels[setid]
        for reference, setid in named
        if labels.get(setid) and _needs_spl(reference, labels[setid])
    }
    spls = fetch_spls(run, need_spl) if need_spl else {}
    for reference, setid in named:
        if setid not in labels:
            why = "DailyMed did not answer" if run.online else "offline and not in the cache"
            findings.append(entry_finding(
                reference, "unverified", Severity.WARNING,
                f"set id {setid} could not be checked: {why}", source="check",
            ))  # fmt: skip
        elif labels[setid] is None:
            findings.append(_not_found(reference, setid))
            if product_name(reference):
                unnamed.append(reference)
        else:
            findings += judge_label(reference, labels[setid], spls.get(setid))
    findings += _suggestions(unnamed, run)
    return findings


def _not_found(reference: Reference, setid: str) -> Finding:
    return entry_finding(
        reference, "id-not-found", Severity.ERROR,
        f"{setid} is not a DailyMed set id: no label has it. A version id (the id of one "
        "SPL document, also a UUID) pasted in place of the set id? Copy the set id from "
        "the label's DailyMed page (drugInfo.cfm?setid=...); a label withdrawn from "
        "DailyMed also leaves it",
        field="eprint", stored=setid, source=_SOURCE,
    )  # fmt: skip


def _needs_spl(reference: Reference, label: Mapping[str, Any]) -> bool:
    """The label's own date is needed: no version cited, a date cited, and DailyMed
    posted a version after that date (a posting before it cannot be a later revision)."""
    cited = _entry_date(reference)
    if _cited_version(reference) is not None or not cited:
        return False
    return later_than(str(label["versions"][0].get("published", "")), cited)


def judge_label(
    reference: Reference, label: Mapping[str, Any], spl: Mapping[str, Any] | None
) -> list[Finding]:
    """What DailyMed's history (and, when asked, the current SPL document) says of the
    entry."""
    out = _product(reference, label)
    newest = label["versions"][0]
    version, posted = int(newest["version"]), str(newest.get("published", ""))
    on = f", posted {posted}" if posted else ""
    cited = _cited_version(reference)
    if cited is not None and cited < version:
        out.append(entry_finding(
            reference, "label-updated", Severity.WARNING,
            f"DailyMed has version {version} of this label{on}; you cite version {cited}",
            field="version", stored=str(cited), registry=str(version), source=_SOURCE,
        ))  # fmt: skip
    elif cited is not None and cited > version:
        out.append(entry_finding(
            reference, "field-mismatch", Severity.WARNING,
            f"DailyMed has no version {cited} of this label: its newest is {version}{on}",
            field="version", stored=str(cited), registry=str(version), source=_SOURCE,
        ))  # fmt: skip
    elif cited is None:
        out += _revised(reference, newest, spl)
    labeler = str((spl or {}).get("labeler") or label.get("labeler", ""))
    organization = reference.organization or reference.publisher
    if labeler and organization and not same_labeler(organization, labeler):
        out.append(entry_finding(
            reference, "field-mismatch", Severity.WARNING,
            f"this set id is the label of {labeler}, not of {organization}: a repackager's "
            "or a generic's label cited in place of the product's own?",
            field="organization", stored=organization, registry=labeler, source=_SOURCE,
        ))  # fmt: skip
    return out


def _revised(
    reference: Reference, newest: Mapping[str, Any], spl: Mapping[str, Any] | None
) -> list[Finding]:
    cited = _entry_date(reference)
    posted = str(newest.get("published", ""))
    if not cited or not later_than(posted, cited):
        return []
    version = newest["version"]
    if spl is not None and spl.get("version") == version and spl.get("effective"):
        effective = str(spl["effective"])
        if not later_than(effective, cited):
            return []
        message = (f"DailyMed's label was revised {effective} (version {version}, posted "
                   f"{posted}), after the date you cite ({cited})")  # fmt: skip
        severity, registry = Severity.WARNING, effective
    else:  # the document did not come: the posting date alone, said as such
        message = (f"DailyMed posted version {version} on {posted}, after the date you cite "
                   f"({cited}); its revision date could not be read")  # fmt: skip
        severity, registry = Severity.INFO, posted
    return [entry_finding(reference, "label-updated", severity, message, field="date",
                          stored=cited, registry=registry, source=_SOURCE)]  # fmt: skip


def _product(reference: Reference, label: Mapping[str, Any]) -> list[Finding]:
    """A label of another product: the entry's title names words, none the label's."""
    title = str(label.get("title", ""))
    theirs = _words(re.sub(r"\[[^\]]*\]\s*$", "", title))
    mine = _words(reference.title)
    if not theirs or not mine or mine & theirs:
        return []
    return [entry_finding(
        reference, "wrong-work", Severity.ERROR,
        f"this set id is the label of {title!r}, not of the product the title names",
        field="title", stored=reference.title, registry=title, source=_SOURCE,
    )]  # fmt: skip


def _suggestions(references: Sequence[Reference], run: Lookup) -> list[Finding]:
    """Labels DailyMed has under each entry's product name and organisation (info)."""
    wanted = {r.key: product_name(r) for r in references}
    found = _searches(run, [name for name in wanted.values() if name]) if run.online else {}
    out = []
    for reference in references:
        name = wanted[reference.key]
        items = (found.get(name) or {}).get("items", []) if name else []
        organization = reference.organization or reference.publisher
        mine = [i for i in items if organization and same_labeler(organization, i["labeler"])]
        if len(mine) == 1:
            item = mine[0]
            message = (f"DailyMed's label of {item['title']!r}: set id {item['setid']} (version "
                       f"{item['version']}, posted {item['published']}); to check this entry "
                       f"add eprinttype = {{dailymed}}, eprint = {{{item['setid']}}}")  # fmt: skip
            out.append(entry_finding(
                reference, "identifier-suggested", Severity.INFO, message,
                field="eprint", suggestion=item["setid"], source=_SOURCE,
            ))  # fmt: skip
        elif mine:
            listed = "; ".join(f"{i['setid']} ({i['title']})" for i in mine[:3])
            more = f" and {len(mine) - 3} more" if len(mine) > 3 else ""
            out.append(entry_finding(
                reference, "identifier-suggested", Severity.INFO,
                f"DailyMed has {len(mine)} labels of {organization} named {name!r}: {listed}"
                f"{more}; give the one cited as eprint (eprinttype = {{dailymed}})",
                field="eprint", source=_SOURCE,
            ))  # fmt: skip
        elif not label_setid(reference):
            out.append(entry_finding(
                reference, "not-checkable", Severity.INFO,
                "prescribing information without a DailyMed set id (eprinttype = {dailymed}, "
                "eprint = {set id}): its version is not checked", source="check",
            ))  # fmt: skip
    return out
