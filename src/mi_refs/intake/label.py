"""``add`` with a DailyMed set id or URL: a full prescribing-information entry (issue 19).

The entry is the documented label form (docs/bibtex.md): ``@manual`` with ``entrysubtype =
{prescribing-information}``, the product as DailyMed titles it (``LIPITOR (ATORVASTATIN
CALCIUM) TABLET, FILM COATED`` written ``Lipitor (atorvastatin calcium) tablet, film
coated``), the labeler as ``organization`` (as the SPL document writes it), ``date`` = the
label's revision month (SPL ``effectiveTime``), ``version`` = the SPL version,
``eprinttype = {dailymed}`` + ``eprint`` = the set id, the label's DailyMed URL and
``urldate`` = today. Two requests a label (the history and the SPL document), cached.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from mi_refs.check.labels import fetch_labels, fetch_spls
from mi_refs.model import Kind, Reference
from mi_refs.registries.dailymed import canonical_setid, labeler_of, setid_from_url
from mi_refs.registries.lookup import Lookup

__all__ = ["label_answers", "label_reference", "label_refusal", "parse_setid", "product_title"]

_PAGE = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid="


def parse_setid(text: str) -> str:
    """The set id of ``text`` (a bare set id, or a DailyMed URL naming one), ``""`` when
    it is neither."""
    raw = text.strip()
    if raw.lower().startswith(("http://", "https://", "dailymed.")):
        url = raw if "://" in raw else f"https://{raw}"
        return canonical_setid(urllib.parse.unquote(setid_from_url(url)))
    return canonical_setid(raw)


def product_title(title: str) -> str:
    """DailyMed's upper-case title without its ``[LABELER]``, in the case a reader
    expects: the brand capitalised, the rest in lower case."""
    labeler = labeler_of(title)
    text = title[: title.rfind("[")].strip() if labeler else title.strip()
    if not text or not text.isupper():
        return text
    brand = text.split("(", 1)[0].strip().lower()
    lowered = text.lower()
    if brand:
        lowered = re.sub(rf"\b{re.escape(brand)}\b", brand.title(), lowered)
    return lowered


def label_answers(setids: Sequence[str], run: Lookup) -> dict[str, Any]:
    """``{"label": history, "spl": document}`` by set id (``None``: DailyMed has no such
    label; ``"spl"`` is ``None`` when DailyMed serves no document for it); set ids whose
    history or document did not come are left out."""
    labels = fetch_labels(run, setids)
    found = {setid: label for setid, label in labels.items() if label}
    spls = fetch_spls(run, found) if found else {}
    out: dict[str, Any] = {setid: None for setid, label in labels.items() if label is None}
    out.update({s: {"label": found[s], "spl": spls[s]} for s in found if s in spls})
    return out


def label_refusal(answer: Mapping[str, Any]) -> str:
    """Why no entry is written for a label DailyMed answered about, ``""`` when one is."""
    if answer.get("spl") is None:
        return ("DailyMed lists the label's versions but serves no SPL document for it: its "
                "revision date is unknown, so no entry is written")  # fmt: skip
    return ""


def label_reference(answer: Mapping[str, Any], today: dt.date) -> Reference:
    """The prescribing-information entry for a label's history and SPL document (key
    left empty)."""
    label, spl = answer["label"], answer["spl"]
    setid = str(label["setid"])
    title = product_title(str(label.get("title", ""))) or str(spl.get("title", ""))
    organization = str(spl.get("labeler") or label.get("labeler", ""))
    effective = str(spl.get("effective", ""))
    version = spl.get("version") or label["versions"][0]["version"]
    url = _PAGE + setid
    values = (
        ("entrysubtype", "prescribing-information"),
        ("title", title),
        ("organization", organization),
        ("date", effective[:7]),
        ("version", str(version)),
        ("eprinttype", "dailymed"),
        ("eprint", setid),
        ("url", url),
        ("urldate", today.isoformat()),
    )
    month = int(effective[5:7]) if len(effective) >= 7 and effective[5:7].isdigit() else None
    return Reference(
        key="",
        entry_type="manual",
        kind=Kind.PRESCRIBING_INFORMATION,
        title=title,
        year=effective[:4],
        month=month,
        organization=organization,
        url=url,
        urldate=today,
        fields=tuple((name, value) for name, value in values if value),
    )
