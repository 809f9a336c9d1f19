"""Citing in Word documents (.docx): pandoc citations typed in a letter become AMA
superscripts, the reference list goes in, and nothing else changes.

Word splits text into runs as it pleases (``[@`` in one run, ``vernava`` in the next, a
different revision id on each), so each paragraph is read as the concatenation of its
runs' text, citations are found in that text (:func:`~mi_refs.documents.citations.find_citations`)
and their offsets mapped back to runs. Only the runs a citation touches are rewritten:
the citation's text is removed, its number goes in a new run that copies the formatting
of the run where the citation started, made superscript; the AMA placement
(:func:`~mi_refs.documents.citations.place`) may strip the spaces before a citation and
put the superscript after a following period or before a preceding colon. Every other
run, paragraph, table, style, section and part keeps its exact XML: the output package is
the input package with only the changed parts (the document, a header, footer or notes
part that cites, the numbering or relationships when the list needed them) replaced.

Read: body paragraphs, table cells (nested tables and content controls too),
headers/footers, footnotes and endnotes; runs inside hyperlinks, tracked insertions and
smart tags. Not read: tracked deletions, field codes and field results (an EndNote or
cross-reference field is left alone), text boxes and comments.

:func:`superscripts_docx` reads a finished letter's superscript citations back for the
placement and numbering checks.
"""

from __future__ import annotations

from mi_refs.documents.docx.cite import cite_word
from mi_refs.documents.docx.package import MARKER
from mi_refs.documents.docx.superscripts import superscripts_docx

__all__ = ["MARKER", "cite_word", "superscripts_docx"]
