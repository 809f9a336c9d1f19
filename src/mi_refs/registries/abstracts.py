"""PubMed abstracts from efetch XML, for the review report's needs-review lookup.

An abstract is kept as its sections (``label`` as PubMed gives it: ``BACKGROUND``,
``RESULTS``...; ``""`` for an unstructured abstract) with their text, inline markup
(``<i>``, ``<sup>``) flattened to its text. Parsed without entity expansion; the
document stored per PMID is ``{"sections": [{"label": ..., "text": ...}]}`` (no
abstract: no sections).
"""

from __future__ import annotations

import re
from typing import Any

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from mi_refs.errors import RegistryResponseError
from mi_refs.registries.answers import clean_text

__all__ = ["abstracts_from_pubmed_xml"]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", clean_text(text)).strip()


def abstracts_from_pubmed_xml(text: str) -> dict[str, dict[str, Any]]:
    """Abstract documents per PMID of an efetch ``PubmedArticleSet`` (every article the
    answer holds, with or without an abstract)."""
    try:
        root = SafeElementTree.fromstring(text)
    except DefusedXmlException as exc:
        raise RegistryResponseError("pubmed", f"unsafe XML refused ({type(exc).__name__})") from exc
    except SafeElementTree.ParseError as exc:
        raise RegistryResponseError("pubmed", f"answer is not XML ({exc})") from exc
    except (ValueError, RecursionError) as exc:
        raise RegistryResponseError("pubmed", f"answer is not usable XML ({exc})") from exc
    found: dict[str, dict[str, Any]] = {}
    for article in root.iter("PubmedArticle"):
        pmid = _flat(article.findtext("MedlineCitation/PMID", default=""))
        if not pmid.isdigit():
            continue
        sections = [
            {"label": _flat(node.get("Label") or ""), "text": _flat("".join(node.itertext()))}
            for node in article.iterfind("MedlineCitation/Article/Abstract/AbstractText")
        ]
        found[pmid] = {"sections": [section for section in sections if section["text"]]}
    return found
