"""The sentence a citation stands in, for messages that quote it (pure).

A finding about a superscript quotes its sentence, so a writer finds it in a Word letter
(which has no line numbers) or a long paragraph: ``"Remission lasted 12 months.^2,4^"``.
The sentence runs from the end of the previous one (a period, question or exclamation
mark followed by a space) or the start of its block, to the end of its own: the
superscript itself when it follows the sentence's period, else the next sentence end.
"""

from __future__ import annotations

import re

__all__ = ["sentence_at"]

_WINDOW = 400  # characters looked at on each side: linear on long paragraphs
_LONGEST = 200  # characters of a quoted sentence; a longer one is cut around the citation
# a sentence's end, with the superscript after it: ^1^, <sup>1</sup>, ¹˒²
_MARKED = r"(?:\^[^^\s]+\^|<sup>[^<]*</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒⁽⁾ᵖ]+)?"
_START = re.compile(rf"[.!?][\"'”’)\]]*{_MARKED}\s+(?=\S)")
# ... or its plain digits, where the text holds a superscript's text unmarked (HTML, Word)
_START_PLAIN = re.compile(r"[.!?][\"'”’)\]]*(?:\d[\d,\-–]*(?:\(p+[^()\s]*\))?)?\s+(?=\S)")
_END = re.compile(r"[.!?](?=[\"'”’)\]]*(?:\s|$))")


def sentence_at(
    text: str,
    start: int,
    end: int,
    block: str = "\n\n",
    shown: str | None = None,
    *,
    plain: bool = False,
) -> str:
    """The sentence of ``text`` holding ``text[start:end]`` (a superscript), whitespace
    collapsed; ``block`` separates paragraphs (a blank line in Markdown and text, a line
    break in a list of paragraphs); ``shown`` is how to print the superscript (its text by
    default: ``<sup>2,4</sup>`` for HTML's plain text, ``²˒⁴`` for Word's). At most 200
    characters, cut with ``…`` around the superscript. ``plain``: the text holds other
    superscripts as plain digits (``months.1 Next``: a sentence ends after the 1)."""
    low = max(0, start - _WINDOW)
    left = text[low:start]
    cut = left.rfind(block)
    if cut >= 0:
        left = left[cut + len(block) :]
    boundaries = list((_START_PLAIN if plain else _START).finditer(left))
    if boundaries:
        left = left[boundaries[-1].end() :]
    right = text[end : min(len(text), end + _WINDOW)]
    cut = right.find(block)
    if cut >= 0:
        right = right[:cut]
    if left.rstrip()[-1:] in (".", "!", "?"):
        right = ""  # the superscript follows its sentence's period
    else:
        stop = _END.search(right)
        right = right[: stop.end()] if stop else right
    middle = shown or text[start:end]
    left, middle, right = (re.sub(r"\s+", " ", part) for part in (left, middle, right))
    if len(left) + len(middle) + len(right) > _LONGEST:
        room = max(0, (_LONGEST - len(middle)) // 2)
        left = "…" + _tail(left, room) if len(left) > room else left
        right = _head(right, room) + "…" if len(right) > room else right
    return (left + middle + right).strip()


def _tail(text: str, room: int) -> str:
    """The last words of ``text`` within ``room`` characters, never a cut word: ``12``
    of ``312 patients`` would quote a number the letter does not print."""
    kept = text[len(text) - room :] if room else ""
    if kept and not text[len(text) - room - 1].isspace():
        space = re.search(r"\s", kept)
        kept = kept[space.end() :] if space else ""
    return kept.lstrip()


def _head(text: str, room: int) -> str:
    """The first words of ``text`` within ``room`` characters, never a cut word."""
    kept = text[:room]
    if kept and not text[room].isspace():
        space = max(kept.rfind(" "), 0)
        kept = kept[:space]
    return kept.rstrip()
