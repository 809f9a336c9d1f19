"""Quoted sentences cut at word boundaries (issue 21): a citing sentence longer than 200
characters is quoted around its superscript with ``…``, and the cut never falls inside a
word. On the seed letter (``tests/fixtures/documents/seed-letter.md``, md line 15) the
report quoted "…mmunity before or after allogeneic ..." for references 16-18."""

from __future__ import annotations

import re
from pathlib import Path

from mi_refs.bibtex.read import load
from mi_refs.documents.sentences import sentence_at
from mi_refs.review.claims import read_claims

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "tests" / "fixtures" / "documents" / "seed-letter.md"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w.,%-]+", text))


def test_seed_letter_snippets_start_and_end_on_whole_words() -> None:
    claims = read_claims(LETTER, load(ROOT / "references.bib"))
    letter_words = _words(re.sub(r"\^[^^\s]+\^", " ", LETTER.read_text("utf-8")))
    cut = [o.sentence for o in claims.occurrences if "…" in o.sentence]
    assert cut, "the seed letter has sentences longer than 200 characters"
    seed = next(o.sentence for o in claims.occurrences if "16-18" in o.superscript)
    assert seed.startswith("…before or after allogeneic"), seed  # was "…mmunity before"
    for sentence in cut:
        assert len(sentence) <= 201
        for part in sentence.split("…"):
            words = re.sub(r"\^[^^\s]+\^", " ", part).split()
            for word in words[:1] + words[-1:]:
                assert word in letter_words, (word, sentence)


def test_a_number_is_never_cut() -> None:
    """``…12 patients`` would quote a number the letter does not print (it says 312);
    needs review would then look up 12."""
    text = "x " * 150 + "in 312 patients the response lasted." + "^4^" + " Next."
    end = text.index("^4^")
    quoted = sentence_at(text, end, end + 3)
    assert quoted.startswith("…") and "12 patients" in quoted
    assert re.search(r"…(?:x )*in 312 patients", quoted), quoted
    long_right = "Remission^2^ " + " ".join(f"word{i} 1234567" for i in range(60)) + "."
    start = long_right.index("^2^")
    quoted = sentence_at(long_right, start, start + 3)
    assert quoted.endswith("…")
    assert re.search(r"(?:word\d+|1234567)…$", quoted), quoted
