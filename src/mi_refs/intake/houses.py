"""What a printed line carries besides the reference, and house styles that are neither
AMA nor NLM. Pure and linear (bounded repeats only).

- :func:`prepare`: HTML tags and entities, Markdown emphasis and escapes, PubMed
  Central's link labels removed; Unicode hyphens and dashes in ranges as ``-``.
- :func:`local_dates`: access dates in the languages of MI documents (``Abgerufen am:
  02.06.2023``, ``Zugriff am``, ``consulté le``, ``consultado el``, ``accesso il``) as
  ISO ``urldate``; German ``Stand: 2023`` (as of) as ``year``.
- :func:`house_style`: the German reference style of medical knowledge bases (AMBOSS and
  alike): ``Author, Author: Title. 4. Auflage Publisher 2013, ISBN: ...`` (a book),
  ``Author: Title. In: Journal. Band: 11, Nummer: 2, 2015, doi: ..., p.44-54.`` (an
  article), ``Organisation: Title. In: Institute. 2026, doi: ...`` (a report).
"""

from __future__ import annotations

import html
import re

__all__ = ["house_style", "local_dates", "prepare"]

_LINK_LABELS = re.compile(
    r"\[(?:DOI|PubMed|PMC free article|Google Scholar|CrossRef|Crossref|Web of Science)\]"
)
_EMPHASIS = re.compile(r"(\*\*|\*|__)(?=\S)(?P<text>[^*_]{1,400}?)(?<=\S)\1")
_MARKDOWN_ESCAPE = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!<>|~^])")
_TAGS = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>]{0,200}>")
_LOCAL_ACCESS = re.compile(
    r"(?i)[\[(]?\b(?:Abgerufen am|Zugriff am|Zugegriffen am|consult[ée] le|consultado el|"
    r"consultado em|accesso il|geraadpleegd op):?\s*(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\."
    r"\s?(?P<year>(?:19|20)\d{2})[\])]?\.?"
)
_STAND = re.compile(r"\bStand:?\s(?P<year>(?:19|20)\d{2})\.?")
_AUTHOR = re.compile(
    r"(?P<author>[A-ZÄÖÜ][\w'’-]{1,40}(?:,\s[A-ZÄÖÜ][\w'’-]{1,40}){0,3}(?: et al\.)?"
    r"|[A-ZÄÖÜ][^:.]{2,80}\([A-Z]{2,10}\)):\s(?P<rest>.+)"
)
_BOOK = re.compile(
    r"(?P<title>.{2,300}?)\.\s(?:(?P<edition>\d{1,2})\.\sAuflage\s)?(?P<publisher>[^,]{2,120}?)\s"
    r"(?P<year>(?:19|20)\d{2}),\sISBN:?\s(?P<isbn>[\dXx-]{10,17})\.?"
)
_IN_JOURNAL = re.compile(
    r"(?P<title>.{2,300}?)\.\sIn:\s(?P<journal>[^.]{2,120})\.\s(?:Band:\s(?P<volume>[^,]{1,20}),\s)?"
    r"(?:Nummer:\s(?P<issue>[^,]{1,20}),\s)?(?P<year>(?:19|20)\d{2})"
    r"(?:[,\s]{1,6}p\.\s?(?P<pages>[\w-]{1,20}))?[,\s.]*"
)
_INSTITUTE = re.compile(r"\b(?:Institut|Institute|Agentur|Amt|Ministerium|Kommission|Gesellschaft)")


def prepare(text: str) -> str:
    """The printed line without what is not the reference: HTML tags and entities,
    Markdown emphasis and escapes, PubMed Central's link labels (``[DOI] [PubMed]``);
    Unicode hyphens as ``-``, a dash between digits as ``-``, and the space restored
    after a sentence's period (``Orfanos CE.Borrelia``, ``Society.https://``)."""
    if "<" in text:
        text = _TAGS.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = _LINK_LABELS.sub(" ", text)
    text = _MARKDOWN_ESCAPE.sub(lambda m: m.group("char"), text)
    text = _EMPHASIS.sub(lambda m: m.group("text"), text)
    text = re.sub("[\u2010\u2011]", "-", text)
    text = re.sub(r"(?<=\d)[–—](?=[A-Za-z]{0,2}\d)", "-", text)
    text = re.sub(r"\b([A-Z]{1,3})\.(?=[A-Z][a-z]{2})", r"\1. ", text)
    text = re.sub(r"(?<=[a-z])\.(?=https?://|www\.)", ". ", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def local_dates(body: str, fields: dict[str, str]) -> str:
    """Access dates written the European way and German ``Stand:`` years taken out of
    ``body`` into ``fields``."""
    access = _LOCAL_ACCESS.search(body)
    if access is not None and "urldate" not in fields:
        day, month = int(access.group("day")), int(access.group("month"))
        if 1 <= day <= 31 and 1 <= month <= 12:
            fields["urldate"] = f"{access.group('year')}-{month:02d}-{day:02d}"
            body = (body[: access.start()] + body[access.end() :]).strip()
    stand = _STAND.search(body)
    if stand is not None:
        fields["year"] = stand.group("year")
        body = (body[: stand.start()] + body[stand.end() :]).strip()
    return re.sub(r"\s+", " ", body).strip(" .,;")


def _names(author: str) -> str:
    truncated = author.endswith(" et al.")
    names = [name.strip() for name in author.removesuffix(" et al.").split(",")]
    if "(" in author:
        return "{" + author + "}"
    return " and ".join([*names, *(["others"] if truncated else [])])


def house_style(body: str, fields: dict[str, str]) -> str | None:
    """The entry type and fields of a line in the German knowledge-base style, or
    ``None`` when the line is not in it (it must start ``Author: Title``)."""
    head = _AUTHOR.fullmatch(body)
    if head is None:
        return None
    rest = head.group("rest")
    book = _BOOK.fullmatch(rest)
    if book is not None:
        fields.update(author=_names(head.group("author")), title=book.group("title"))
        fields.update(publisher=book.group("publisher"), year=book.group("year"))
        fields["isbn"] = book.group("isbn")
        if book.group("edition"):
            fields["edition"] = book.group("edition")
        return "book"
    article = _IN_JOURNAL.fullmatch(rest)
    if article is None:
        return None
    fields.update(author=_names(head.group("author")), title=article.group("title"))
    fields["year"] = article.group("year")
    if not (article.group("volume") or article.group("pages")) and _INSTITUTE.search(
        article.group("journal")
    ):
        fields["institution"] = article.group("journal")
        return "report"
    fields["journal"] = article.group("journal")
    for name, group in (("volume", "volume"), ("number", "issue"), ("pages", "pages")):
        if article.group(group):
            fields[name] = article.group(group)
    return "article"
