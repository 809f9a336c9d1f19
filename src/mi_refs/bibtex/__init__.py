"""BibTeX in and out: reading (:mod:`.read`), writing (:mod:`.write`), the field table
both use (:mod:`.fields`), value expressions (:mod:`.values`), LaTeX (:mod:`.latex`),
names (:mod:`.names`) and the normalisation of identifiers, pages and dates
(:mod:`.normalize`). The only package that imports bibtexparser."""

from __future__ import annotations

from mi_refs.bibtex.read import load, parse_bibtex
from mi_refs.bibtex.write import format_bibtex, format_entries, save

__all__ = ["format_bibtex", "format_entries", "load", "parse_bibtex", "save"]
