"""What every style shares: house options, the template nodes that read a reference, and
the pieces that are lists rather than punctuation (names, editions, dates).

A style is a set of pybtex templates, one per kind of reference, built once per style and
reused for every entry. Before a template runs, the style turns the reference into a flat
*context*: a mapping from piece names (``authors``, ``journal``, ``year``...) to text that
the style has already formatted (initials, page ranges, dates). Templates then only say
where each piece goes and what punctuation comes with it; a missing piece takes its
punctuation with it (pybtex's ``optional`` catches ``FieldIsMissing``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from pybtex import richtext
from pybtex.style.template import Node

from mi_refs.bibtex.normalize import parse_date, parse_month, strip_export_metadata
from mi_refs.errors import InvalidArgumentError
from mi_refs.model import Kind, Name, Reference
from mi_refs.styles.casing import sentence_case
from mi_refs.styles.template import Compiled, Segment, compile_template, to_rich_text

__all__ = [
    "Context",
    "HouseOptions",
    "Style",
    "edition_text",
    "event_date",
    "format_names",
    "ordinal",
    "supplement",
    "title_text",
]

Context = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class HouseOptions:
    """House-style options layered over a style's defaults.

    ``et_al_min``/``et_al_use_first`` of ``None`` mean the style's own rule (AMA: more
    than 6 gives the first 3; NLM: more than 6 gives the first 6).
    """

    doi: bool = True
    et_al_min: int | None = None
    et_al_use_first: int | None = None
    abstract_marker: bool = True
    note: bool = True  # print ``note`` (never the export metadata in it)
    pmid: bool | None = None  # PubMed PMID/PMCID last; None: the style's default (NLM on)
    sentence_case: bool = True  # article titles stored in title case printed in sentence case

    def __post_init__(self) -> None:
        """Raises :class:`~mi_refs.errors.InvalidArgumentError` for a value of the wrong
        type (``doi="false"`` is not false) or a count below 1."""
        if self.pmid is not None and not isinstance(self.pmid, bool):
            raise InvalidArgumentError(
                f"house option pmid must be true or false, not {self.pmid!r}"
            )
        for name in ("doi", "abstract_marker", "note", "sentence_case"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidArgumentError(
                    f"house option {name} must be true or false, not {getattr(self, name)!r}"
                )
        for name in ("et_al_min", "et_al_use_first"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidArgumentError(
                    f"house option {name} must be a whole number, not {value!r}"
                )
            if value < 1:
                raise InvalidArgumentError(f"house option {name} must be at least 1, not {value}")

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> HouseOptions:
        """Options from a settings table (unknown keys are an error, with their names)."""
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise InvalidArgumentError(
                f"unknown house option(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        return cls(**values)  # type: ignore[arg-type]


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def edition_text(edition: str) -> str:
    """``2`` and ``second`` give ``2nd ed``; ``2nd ed.`` stays; ``Revised`` gives ``Revised
    ed``. The first edition is never printed (``1`` gives ``""``)."""
    words = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
    text = edition.strip().rstrip(".")
    lower = text.lower()
    number: int | None = None
    if text.isdigit():
        number = int(text)
    elif lower in words:
        number = words[lower]
    elif lower[:-2].isdigit() and lower[-2:] in {"st", "nd", "rd", "th"}:
        number = int(lower[:-2])
    if number is not None:
        return "" if number == 1 else f"{ordinal(number)} ed"
    if lower.endswith((" ed", " edition")):
        return text.rsplit(" ", 1)[0] + " ed"
    return f"{text} ed" if text else ""


_ROMAN = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


def format_name(name: Name, *, hyphen: bool, ordinal_suffix: bool = False) -> str:
    """``Surname Initials Suffix``: ``van der Berg A``, ``Bussel JB Jr``; a group as written.
    A lineage written as the last given name (``Kuttesch, J F Jr``) is printed as the lineage.

    With ``ordinal_suffix`` (NLM), a Roman-numeral suffix becomes an ordinal: ``III`` gives
    ``3rd``."""
    if name.corporate:
        return name.last
    suffix = name.suffix
    lineage = None if suffix else name.lineage_in_given()
    if lineage is not None:  # ``Kuttesch, J F Jr``: the lineage, not one more initial
        name = dataclasses.replace(name, given=name.given.rsplit(None, 1)[0])
        suffix = lineage.rstrip(".")
    if ordinal_suffix and suffix.upper() in _ROMAN:
        suffix = ordinal(_ROMAN[suffix.upper()])
    parts = [name.surname, name.initials(hyphen=hyphen), suffix]
    return " ".join(part for part in parts if part)


def format_names(
    names: tuple[Name, ...],
    truncated: bool,
    *,
    et_al_min: int,
    et_al_use_first: int,
    et_al: str,
    hyphen: bool,
    ordinal_suffix: bool = False,
) -> str:
    """A comma-separated name list, cut to ``et_al_use_first`` names and ``et_al`` when it
    has ``et_al_min`` names or more, or when the data said ``and others``."""
    shown = names
    if truncated:
        shown = names[: min(len(names), et_al_use_first)]
    elif len(names) >= et_al_min:
        shown = names[:et_al_use_first]
    # Group authors after named authors (``..., et al; ECASS Investigators``): the groups
    # at the end of a list that starts with persons stand apart, after a semicolon.
    groups: list[Name] = []
    persons = list(names)
    while len(persons) > 1 and persons[-1].corporate and not persons[0].corporate:
        groups.insert(0, persons.pop())
    if groups:
        shown = tuple(persons)
        if truncated:
            shown = shown[: min(len(shown), et_al_use_first)]
        elif len(persons) >= et_al_min:
            shown = shown[:et_al_use_first]
        names = tuple(persons)
    text = ""
    for index, name in enumerate(shown):
        # Organisations one after another stand apart by a semicolon (Citing Medicine's
        # ``Royal Adelaide Hospital; University of Adelaide, Department of ...``).
        if index:
            text += "; " if name.corporate and shown[index - 1].corporate else ", "
        text += format_name(name, hyphen=hyphen, ordinal_suffix=ordinal_suffix)
    if truncated or len(shown) < len(names):
        text = f"{text}, {et_al}" if text else et_al
    if groups:
        text += "; " + "; ".join(group.last for group in groups)
    return text


class Style:
    """Base of the styles: builds the context of a reference and runs its kind's template.

    Subclasses set the class attributes and implement :meth:`templates` and
    :meth:`context`.
    """

    name: ClassVar[str]
    et_al_min: ClassVar[int]
    et_al_use_first: ClassVar[int]
    editor_label: ClassVar[tuple[str, str]]  # after one editor, after several
    et_al_editors: ClassVar[str]  # "et al" before the editor label
    et_al_authors: ClassVar[str] = "et al"  # NLM: "et al." (the sentence adds no period)
    ordinal_suffix: ClassVar[bool] = False  # a Roman-numeral suffix as an ordinal (III: 3rd)

    def __init__(self, options: HouseOptions | None = None) -> None:
        self.options = options or HouseOptions()

    @property
    def names_min(self) -> int:
        return self.options.et_al_min or self.et_al_min

    @property
    def names_first(self) -> int:
        return self.options.et_al_use_first or self.et_al_use_first

    def _names(self, names: tuple[Name, ...], truncated: bool, et_al: str) -> str:
        return format_names(
            names,
            truncated,
            et_al_min=self.names_min,
            et_al_use_first=self.names_first,
            et_al=et_al,
            hyphen=False,
            ordinal_suffix=self.ordinal_suffix,
        )

    def authors(self, reference: Reference) -> str:
        """The author list, cut the style's way: ``Vernava I, Schmitt CA``."""
        return self._names(reference.authors, reference.authors_truncated, self.et_al_authors)

    def editors(self, reference: Reference) -> str:
        """The editor list with its label: ``Hoffman R, Benz EJ, eds``; ``""`` if none. A
        role other than editor (biblatex's ``editortype``) is printed as written, in both
        styles: ``compiler`` gives ``Hilton-Taylor C, compiler``; several add an ``s``."""
        names = self._names(reference.editors, reference.editors_truncated, self.et_al_editors)
        if not names:
            return ""
        several = len(reference.editors) > 1 or reference.editors_truncated
        role = reference.get("editortype").strip().lower()
        if not role or role == "editor":
            return f"{names}, {self.editor_label[several]}"
        return f"{names}, {role}s" if several and not role.endswith("s") else f"{names}, {role}"

    @cached_property
    def _compiled(self) -> Mapping[Kind, Compiled]:
        return {kind: compile_template(template) for kind, template in self.templates().items()}

    def templates(self) -> Mapping[Kind, Node]:
        """One template per kind, built once per style instance."""
        raise NotImplementedError

    def context(self, reference: Reference) -> dict[str, Any]:
        """The pieces of ``reference``, formatted for this style."""
        raise NotImplementedError

    def segments(self, reference: Reference) -> list[Segment]:
        """The reference as flat ``(text, style)`` segments (see ``styles.template``)."""
        context = self.context(reference)
        context["reference"] = reference
        return self._compiled[reference.kind](context)

    def format(self, reference: Reference) -> richtext.BaseText:
        """The reference as pybtex rich text (no number, no markup: a backend adds those)."""
        return to_rich_text(self.segments(reference))


_SUPPLEMENT = re.compile(
    r"^(?:(\w+)\s+)?sup(?:p(?:l(?:ement)?)?)?\.?[\s._-]*(\d*[A-Za-z]?|[A-Za-z]\d+)$",
    flags=re.IGNORECASE,
)


def supplement(issue: str, word: str) -> str:
    """An issue that is a supplement, written the style's way: ``Suppl 1``, ``suppl_1`` and
    ``Suppl. 1`` give ``word + " 1"`` (AMA ``suppl 1``, NLM ``Suppl 1``); ``4 Suppl 2``
    gives ``4 suppl 2``; ``sup3`` (Taylor & Francis) gives ``suppl 3``. Any other issue
    is returned as it is."""
    match = _SUPPLEMENT.match(issue.strip())
    if match is None:
        return issue
    number, which = match.groups()
    return " ".join(part for part in (number, word, which) if part)


def event_date(reference: Reference, form: Callable[[str, int | None, int | None], str]) -> str:
    """The date of the meeting (``eventdate``, an ISO date), else the reference's date."""
    start, _, end = reference.get("eventdate").partition("/")
    parts = parse_date(start)
    if parts is None and reference.event_days is not None:  # month = {May 2-8}
        opening, closing = reference.event_days
        text = form(reference.year, reference.month, opening)
        return (
            text if opening == closing else text.replace(f" {opening}", f" {opening}-{closing}", 1)
        )
    if parts is None:
        return form(reference.year, reference.month, reference.day)
    text = form(str(parts[0]), parts[1], parts[2])
    last = parse_date(end) if end else None
    if last is None or last == parts:
        return text
    if last[:2] == parts[:2] and parts[2] and last[2]:
        return text.replace(f" {parts[2]}", f" {parts[2]}-{last[2]}", 1)  # Sep 6-10
    return _span(text, form(str(last[0]), last[1], last[2]), str(parts[0]))


def _span(start: str, end: str, year: str) -> str:
    """A meeting over two months or years, the year once when both ends share it: AMA's
    ``May 30-June 2, 2019`` and ``December 30, 2019-January 2, 2020``, NLM's ``2019 May
    30-Jun 2`` and ``2019 Dec 30-2020 Jan 2``."""
    for suffix in (f", {year}", f" {year}"):
        if start.endswith(suffix) and end.endswith(suffix):
            return f"{start[: -len(suffix)]}-{end}"
    prefix = f"{year} "
    if start.startswith(prefix) and end.startswith(prefix):
        return f"{start}-{end[len(prefix) :]}"
    return f"{start}-{end}"


_LABELS = {
    "letter": "letter",
    "editorial": "editorial",
    "comment": "comment",
    "erratum": "erratum",
    "correction": "erratum",
    "retraction": "retraction",
    "retraction-notice": "retraction",
    "expression-of-concern": "expression of concern",
    "review": "",
}
ONLINE_FIRST = frozenset(
    {"online first", "onlinefirst", "online-first", "prepublished", "aheadofprint",
     "ahead of print", "epub ahead of print", "inpress", "in press", "published online"}
)  # fmt: skip


def article_label(reference: Reference) -> str:
    """``[letter]``, ``[editorial]``, ``[erratum]``...: the article type, printed after
    the title; from ``entrysubtype``, else biblatex's ``titleaddon`` or ``type`` (Better
    BibTeX writes ``titleaddon = {Letter}``); ``""`` for an ordinary article or a value
    that is not an article type."""
    for name in ("entrysubtype", "titleaddon", "type"):
        text = reference.get(name).strip().lower().strip("[]").replace(" ", "-")
        label = _LABELS.get(text)
        if label is not None:
            return f"[{label}]" if label else ""
    return ""


# Kinds whose title AMA and NLM print in sentence case (articles and their like; book,
# journal, web site and trial titles are printed as stored).
_SENTENCE_CASE_KINDS = frozenset(
    {Kind.ARTICLE, Kind.ABSTRACT, Kind.CHAPTER, Kind.PROCEEDINGS_PAPER, Kind.PRESENTATION,
     Kind.PREPRINT, Kind.NEWSPAPER}
)  # fmt: skip
_ENGLISH = frozenset({"", "en", "eng", "english", "american", "british", "usenglish",
                      "ukenglish", "canadian", "australian", "newzealand"})  # fmt: skip


def title_text(reference: Reference, options: HouseOptions) -> str:
    """The title as the style prints it: an article's title stored in title case (Better
    BibTeX's export) in sentence case, unless ``sentence_case`` is off or the entry's
    ``langid``/``language`` is not English (see :mod:`mi_refs.styles.casing`)."""
    title = reference.title
    if not options.sentence_case or reference.kind not in _SENTENCE_CASE_KINDS:
        return title
    printed = sentence_case(title, reference.case_protected)
    if printed is title:
        return title  # the common case: not title-cased, the language never looked up
    language = (reference.get("langid") or reference.get("language")).strip().lower()
    if language not in _ENGLISH and not language.startswith(("en-", "en_")):
        return title
    return printed


def is_online_first(reference: Reference) -> bool:
    """Published online ahead of print, with no volume or page yet: ``pubstate`` says so
    (biblatex's ``online first``, ``prepublished``, ``inpress``...), or, as Zotero and
    Better BibTeX export such an article, the shape does: an ``@article`` with a full
    date (day included) and a DOI but no volume, issue or pages, and no ``pubstate``."""
    if reference.volume or reference.pages:
        return False
    state = reference.get("pubstate").strip().lower()
    if state:
        return state in ONLINE_FIRST
    return (
        reference.entry_type == "article"
        and reference.day is not None
        and bool(reference.doi)
        and not reference.issue
    )


def is_forthcoming(reference: Reference) -> bool:
    """Accepted but not yet published: biblatex's ``pubstate = {forthcoming}`` (Citing
    Medicine ch. 11 prints ``Forthcoming 2025``; "in press" is the older word)."""
    return reference.get("pubstate").strip().lower() == "forthcoming" and not reference.pages


def volume_issue(volume: str, issue: str) -> str:
    """``205(4)``, ``205``, or ``(3)`` when there is no volume (``2011;(3):CD009020``)."""
    if issue:
        return f"{volume}({issue})"
    return volume


def clean_note(reference: Reference, options: HouseOptions) -> str:
    """The note to print: without export metadata, or nothing with ``note = false``."""
    if not options.note or not reference.note:
        return ""
    return strip_export_metadata(reference.note)


def split_updated(note: str) -> tuple[str, str]:
    """``updated 2011 Sep 15`` at the start of a note (NLM's ``[updated ...]``): the date
    and the rest of the note."""
    match = re.match(r"^\s*updated:?\s+([^.;]+)[.;]?\s*(.*)$", note, flags=re.IGNORECASE)
    if match is None:
        return "", note
    return match.group(1).strip(), match.group(2).strip()


def loose_date(text: str) -> tuple[str, int | None, int | None] | None:
    """A date written as ISO (``2020-04-02``), NLM (``2011 Sep 15``, ``2025 April``) or AMA
    (``April 2, 2020``, ``2 April 2020``): ``(year, month, day)``; ``None`` otherwise."""
    iso = parse_date(text)
    if iso is not None:
        return str(iso[0]), iso[1], iso[2]
    words = text.replace(",", " ").replace(".", " ").split()
    year = next((w for w in words if len(w) == 4 and w.isdigit()), "")
    month = next((m for m in (parse_month(w) for w in words if w.isalpha()) if m), None)
    days = [w for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31]
    if not year or (month is None and days) or len(words) != 1 + bool(month) + len(days):
        return None
    return year, month, int(days[0]) if days else None


def open_ended(reference: Reference) -> bool:
    """An open date range (``date = {2007/}``): NLM prints ``2007-``."""
    return reference.get("date").strip().endswith("/")


def thesis_type(reference: Reference) -> str:
    """``phdthesis``/``Dissertation`` give ``dissertation``, ``mathesis``/
    ``mastersthesis`` give ``master's thesis``; another ``type`` as written (lower case)."""
    kind = (reference.type or reference.entry_type).strip().lower()
    if kind in {"phdthesis", "phd thesis", "doctoral thesis", "dissertation", "phd", "thesis"}:
        return "dissertation"
    if kind in {"mathesis", "mastersthesis", "master's thesis", "masters thesis", "msc thesis"}:
        return "master\N{RIGHT SINGLE QUOTATION MARK}s thesis"
    return kind


_PATENT_TYPES = {
    "patent": "", "patentus": "US", "patenteu": "European", "patentde": "German",
    "patentuk": "British", "patentgb": "British", "patentfr": "French", "patentjp": "Japanese",
    "patentwo": "International",
}  # fmt: skip


def patent_country(reference: Reference) -> str:
    """``US``, ``European``...: from biblatex's patent ``type`` (``patentus``...), or the
    ``type`` as written without a trailing ``patent``."""
    kind = reference.type.strip()
    if kind.lower() in _PATENT_TYPES:
        return _PATENT_TYPES[kind.lower()]
    return re.sub(r"\s*patent\s*$", "", kind, flags=re.IGNORECASE)


def has_digits(pages: str) -> bool:
    """Whether a ``pages`` value holds a page (``-`` or ``--`` alone, as some exports write
    for "no pages", does not)."""
    return any(char.isalnum() for char in pages)


def locator(first: str, volume_issue_text: str, pages: str) -> str:
    """``2024;205(4):1618-1621``: the date, ``;`` volume(issue), ``:`` pages; a missing part
    takes its punctuation with it and no part is left dangling (``205(4):1618-1621`` with
    no date, never ``;205(4)``)."""
    text = first
    if volume_issue_text:
        text = f"{text};{volume_issue_text}" if text else volume_issue_text
    if pages:
        text = f"{text}:{pages}" if text else pages
    return text


_PREPRINT_JOURNAL = re.compile(r"^(arXiv|bioRxiv|medRxiv)\s+(?:preprint\s*)?(.*)$", re.IGNORECASE)
_SERVERS = {"arxiv": "arXiv", "biorxiv": "bioRxiv", "medrxiv": "medRxiv"}


def repository(reference: Reference) -> str:
    """Where a preprint is: ``arXiv``, ``medRxiv``... (``eprinttype``, ``archiveprefix``,
    ``howpublished``, ``publisher`` or Google Scholar's ``journal = {arXiv preprint
    arXiv:2109.01433}``)."""
    for name in ("eprinttype", "archiveprefix", "howpublished", "publisher", "journal"):
        text = reference.get(name)
        if not text:
            continue
        match = _PREPRINT_JOURNAL.match(text)
        if match is not None:
            return _SERVERS[match.group(1).lower()]
        return _SERVERS.get(text.lower(), text)
    return reference.organization


def eprint_text(reference: Reference) -> str:
    """The preprint's identifier as printed: ``arXiv:2001.06387``."""
    eprint = reference.get("eprint")
    kind = (reference.get("eprinttype") or reference.get("archiveprefix")).lower()
    if not eprint:
        match = _PREPRINT_JOURNAL.match(reference.journal)
        return match.group(2) if match is not None else ""
    if kind == "arxiv" and not eprint.lower().startswith("arxiv"):
        return f"arXiv:{eprint}"
    return "" if kind in {"pubmed", "pmid"} else eprint


_URL_IN_TEXT = re.compile(r"^(?:\\url\s*\{)?(https?://[^\s{}]+)\}?$")


def web_url(reference: Reference) -> str:
    """``url``, else a URL given as ``howpublished`` (``\\url{https://...}``)."""
    if reference.url:
        return reference.url
    match = _URL_IN_TEXT.match(reference.get("howpublished").strip())
    return match.group(1).replace("\\_", "_") if match is not None else ""


def howpublished(reference: Reference) -> str:
    """``howpublished`` unless it is only a URL (printed as the URL instead)."""
    text = reference.get("howpublished")
    return "" if _URL_IN_TEXT.match(text.strip()) else text
