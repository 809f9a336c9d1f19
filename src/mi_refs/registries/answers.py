"""What a registry answer must look like before it is used or cached.

Every answer kind has a schema: the fields the converters read and the type each must
have. :func:`validated` returns a cleaned copy (lone surrogates replaced, control
characters turned into spaces, unknown nested values dropped) or raises
:class:`~mi_refs.errors.RegistryResponseError`; nothing else reaches the cache or the
check. Cached documents are validated again when read, so a bad row written by an older
version is a cache miss, never a crash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, Union

from mi_refs.errors import (
    RegistryError,
    RegistryPartialError,
    RegistryResponseError,
    RegistryUnavailableError,
)

__all__ = ["ANSWER_FORMAT", "SCHEMAS", "ask_in_batches", "clean_text", "trusted", "validated"]

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_text(text: str) -> str:
    """``text`` without lone surrogates (U+FFFD instead) or control characters (a space
    instead): safe to print, to write as XML and to store."""
    return _CONTROLS.sub(" ", _SURROGATES.sub("\ufffd", text))


class _Str:
    """A text field; numbers are accepted and written as text, ``null`` as empty."""


class _Any:
    """A scalar of any type (kept as is, text cleaned)."""


STR = _Str()
SCALAR = _Any()
Spec = Union[_Str, _Any, "ListOf", "Obj", "Nullable"]


class ListOf:
    def __init__(self, item: Spec) -> None:
        self.item = item


class Nullable:
    def __init__(self, inner: Spec) -> None:
        self.inner = inner


class Obj:
    """An object with these fields (all optional); unknown scalar fields are kept, unknown
    nested ones dropped."""

    def __init__(self, fields: Mapping[str, Spec]) -> None:
        self.fields = fields


def _check(value: Any, spec: Spec, where: str) -> Any:  # noqa: PLR0912 - one branch a type
    if isinstance(spec, Nullable):
        return None if value is None else _check(value, spec.inner, where)
    if isinstance(spec, _Str):
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(f"{where} is {type(value).__name__}, not text")
        return clean_text(str(value))
    if isinstance(spec, _Any):
        if isinstance(value, str):
            return clean_text(value)
        if value is None or isinstance(value, (bool, int, float)):
            return value
        raise ValueError(f"{where} is {type(value).__name__}, not a scalar")
    if isinstance(spec, ListOf):
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValueError(f"{where} is {type(value).__name__}, not a list")
        return [_check(item, spec.item, f"{where}[{index}]") for index, item in enumerate(value)]
    if not isinstance(value, dict):
        raise ValueError(f"{where} is {type(value).__name__}, not an object")
    out: dict[str, Any] = {}
    for name, item in value.items():
        key = clean_text(str(name))
        if name in spec.fields:
            out[key] = _check(item, spec.fields[name], f"{where}.{key}")
        elif item is None or isinstance(item, (str, bool, int, float)):
            out[key] = clean_text(item) if isinstance(item, str) else item
    return out


_DATE = Obj({"date-parts": ListOf(ListOf(Nullable(SCALAR)))})
ESUMMARY = Obj(
    {
        "uid": STR,
        "error": SCALAR,
        "title": STR,
        "pubdate": STR,
        "epubdate": STR,
        "source": STR,
        "fulljournalname": STR,
        "volume": STR,
        "issue": STR,
        "pages": STR,
        "elocationid": STR,
        "authors": ListOf(Obj({"name": STR, "authtype": STR})),
        "articleids": ListOf(Obj({"idtype": STR, "value": STR})),
        "references": ListOf(Obj({"reftype": STR, "pmid": STR, "refsource": STR})),
        "pubtype": ListOf(STR),
    }
)
WORK = Obj(
    {
        "DOI": STR,
        "type": STR,
        "title": ListOf(STR),
        "container-title": ListOf(STR),
        "short-container-title": ListOf(STR),
        "author": ListOf(Obj({"family": STR, "given": STR, "suffix": STR, "name": STR})),
        "volume": STR,
        "issue": STR,
        "page": STR,
        "article-number": STR,
        "issued": _DATE,
        "published-print": _DATE,
        "published-online": _DATE,
        "updated-by": ListOf(Obj({"type": STR, "DOI": STR, "source": STR, "updated": _DATE})),
        "relation": Obj({"is-preprint-of": ListOf(Obj({"id-type": STR, "id": STR}))}),
        "update-to": ListOf(Obj({"type": STR, "DOI": STR, "source": STR})),
        "score": SCALAR,
    }
)
_PMID = Obj({"pmid": Nullable(STR)})
TRIAL = Obj(  # registries/ctgov.py's trial document
    {
        "nctId": STR,
        "aliases": ListOf(STR),
        "briefTitle": STR,
        "officialTitle": STR,
        "acronym": STR,
        "overallStatus": STR,
        "lastKnownStatus": STR,
        "whyStopped": STR,
        "statusVerifiedDate": STR,
        "lastUpdatePosted": STR,
        "resultsFirstPosted": STR,
        "hasResults": Nullable(SCALAR),
        "asked": STR,
        "resultPmids": ListOf(STR),  # referencesModule, type RESULT (never DERIVED)
        "derivedPmids": ListOf(STR),
    }
)
LABEL = Obj(  # registries/dailymed.py's label history document
    {
        "setid": STR,
        "title": STR,
        "labeler": STR,
        "versions": ListOf(Obj({"version": SCALAR, "published": STR})),
        "total": SCALAR,
    }
)
SPL = Obj(  # registries/dailymed.py's SPL document (the current version's XML, read)
    {
        "setid": STR,
        "versionId": STR,
        "version": Nullable(SCALAR),
        "effective": STR,
        "title": STR,
        "labeler": STR,
        "product": STR,
        "documentType": STR,
    }
)
_LABEL_ITEM = Obj(
    {"setid": STR, "version": Nullable(SCALAR), "title": STR, "labeler": STR, "published": STR}
)
_NOTICE = Obj({"kind": STR, "doi": STR, "pmid": STR, "date": STR, "source": STR, "citation": STR})
SCHEMAS: Mapping[str, Spec] = {
    "pubmed": ESUMMARY,
    "crossref": WORK,
    "pubmed-doi": _PMID,
    "pubmed-pmcid": _PMID,
    "pubmed-citmatch": _PMID,
    "pubmed-efetch": ListOf(_NOTICE),
    "pubmed-abstract": Obj({"sections": ListOf(Obj({"label": STR, "text": STR}))}),
    "pubmed-databank": Obj({"ncts": ListOf(STR)}),
    "crossref-search": Obj({"items": ListOf(WORK)}),
    "ctgov": TRIAL,
    "dailymed": LABEL,
    "dailymed-spl": SPL,
    "dailymed-search": Obj({"items": ListOf(_LABEL_ITEM)}),
}
_NOTICE_KINDS = {
    "retraction",
    "withdrawal",
    "removal",
    "expression-of-concern",
    "correction",
    "partial-retraction",
    "retracted-and-republished",
    "corrected-and-republished",
    "update",
    "published-version",
}


class _Checked(dict[str, Any]):
    """An answer :func:`validated` has checked (or :func:`trusted` vouches for), with its
    kind: checking it again as that kind returns it as it is."""

    __slots__ = ("kind",)

    def __init__(self, kind: str, document: dict[str, Any]) -> None:
        super().__init__(document)
        self.kind = kind


def _describe(spec: Spec) -> str:
    if isinstance(spec, Nullable):
        return f"?{_describe(spec.inner)}"
    if isinstance(spec, ListOf):
        return f"[{_describe(spec.item)}]"
    if isinstance(spec, Obj):
        return "{" + ",".join(f"{k}:{_describe(v)}" for k, v in spec.fields.items()) + "}"
    return "s" if isinstance(spec, _Str) else "*"


def _answer_format() -> str:
    """A digest of every schema, the cleaning and the notice kinds: what a checked answer
    is. A cached answer stored under another format is checked again when read."""
    described = [
        *(f"{kind}={_describe(spec)}" for kind, spec in sorted(SCHEMAS.items())),
        ascii(_SURROGATES.pattern),
        ascii(_CONTROLS.pattern),
        *sorted(_NOTICE_KINDS),
    ]
    return hashlib.sha256("\n".join(described).encode("utf-8")).hexdigest()[:16]


ANSWER_FORMAT = _answer_format()


def trusted(kind: str, document: Any) -> Any:
    """A cached answer that was checked before it was stored (its stamp said so): taken
    as checked without checking it again. Only objects are taken so (a list, such as an
    ``pubmed-efetch`` answer, is checked)."""
    if isinstance(document, dict) and isinstance(SCHEMAS[kind], Obj):
        return _Checked(kind, document)
    return validated(kind, document)


def validated(kind: str, document: Any) -> Any:
    """``document`` (one answer of ``kind``, a key of :data:`SCHEMAS`; ``None``: "not
    found") checked and cleaned, or :class:`RegistryResponseError`. An answer already
    checked as ``kind`` (what this returns for an object) is returned as it is."""
    if document is None:
        return None
    if isinstance(document, _Checked) and document.kind == kind:
        return document
    spec = SCHEMAS[kind]
    service = kind.split("-", maxsplit=1)[0]
    try:
        out = _check(document, spec, kind)
        if kind == "pubmed-efetch" and any(n.get("kind") not in _NOTICE_KINDS for n in out):
            raise ValueError("unknown notice kind")
        if kind == "dailymed" and not _label_versions(out):
            raise ValueError("a label without versions")
    except (ValueError, RecursionError) as exc:
        raise RegistryResponseError(service, f"answer of the wrong shape ({exc})") from None
    return _Checked(kind, out) if isinstance(out, dict) else out


def _label_versions(label: Mapping[str, Any]) -> bool:
    """A label document lists at least one version, each an integer."""
    versions = label.get("versions") or []
    return bool(versions) and all(
        isinstance(v.get("version"), int) and not isinstance(v.get("version"), bool)
        for v in versions
    )


def _retried_once(call: Callable[[], Mapping[str, Any]]) -> Mapping[str, Any]:
    """A bad answer is asked for once more; the second one stands."""
    try:
        return call()
    except RegistryResponseError:
        return call()


_E = TypeVar("_E", bound=RegistryError)


def _bare(exc: _E) -> _E:
    """The exception without its traceback and chained causes: kept for its message,
    it must not keep the frames (and the refused body in them) alive."""
    exc.__traceback__ = None
    exc.__cause__ = exc.__context__ = None
    return exc


def ask_in_batches(
    service: str,
    identifiers: Sequence[str],
    size: int,
    ask_batch: Callable[[list[str]], Mapping[str, Any]],
    *,
    ask_one: Callable[[str], Mapping[str, Any]] | None = None,
    batchable: Callable[[str], bool] = lambda identifier: True,
) -> dict[str, Any]:
    """Ask for ``identifiers`` in batches of ``size`` and keep every answer that came.

    A batch whose answer is bad (retried once) or refused is split in two and each half
    asked again, down to single identifiers (``ask_one`` when given); identifiers that
    cannot be batched safely are asked alone from the start. When the service stops
    answering, nothing more is asked. Raises :class:`RegistryPartialError` (with the
    answers that came) when something was not answered, or the service's own
    :class:`RegistryUnavailableError` when nothing was."""
    out: dict[str, Any] = {}
    problems: list[RegistryError] = []
    unasked: list[str] = []
    down: list[RegistryUnavailableError] = []

    def ask(group: list[str]) -> None:
        if down:
            unasked.extend(group)
            return
        try:
            if len(group) == 1 and ask_one is not None:
                single = group[0]
                out.update(_retried_once(lambda: ask_one(single)))
            else:
                out.update(_retried_once(lambda: ask_batch(group)))
        except RegistryUnavailableError as exc:
            down.append(_bare(exc))
            unasked.extend(group)
        except RegistryError as exc:
            if len(group) == 1:
                problems.append(_bare(exc))
                unasked.extend(group)
                return
            middle = len(group) // 2
            ask(group[:middle])
            ask(group[middle:])

    wanted = list(dict.fromkeys(identifiers))
    together = [identifier for identifier in wanted if batchable(identifier)]
    for start in range(0, len(together), size):
        ask(together[start : start + size])
    for identifier in wanted:
        if not batchable(identifier):
            ask([identifier])
    if not unasked:
        return out
    if not out:  # nothing answered: the first reason, as it came
        raise (down or problems)[0]
    reason = str((down or problems)[0]).split(": ", 1)[-1]
    message = (
        f"{len(unasked)} of {len(wanted)} identifiers not answered ({reason}); "
        f"{len(out)} answers kept"
    )
    raise RegistryPartialError(service, message, out, unavailable=bool(down))
