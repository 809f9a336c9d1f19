"""No input makes the loader or the renderer raise: arbitrary text is data."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mi_refs

_bibtex_alphabet = st.sampled_from(
    [*string.printable, "@", "{", "}", '"', "#", "=", ",", "\\", "ü", "–"]
)
_bibtexish = st.lists(
    st.one_of(
        st.sampled_from(
            ["@article{", "@book{", "@string{", "@comment{", "@preamble{", "@misc(", "}", "{", '"',
             " = ", ", ", "author", "title", "and others", "and", "#", "\\\"u", "--", "\n", "@", "jan"]
        ),
        st.text(alphabet=_bibtex_alphabet, max_size=8),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bibtexish)
def test_loading_and_rendering_never_raise(text: str) -> None:
    bib = mi_refs.loads(text)
    for problem in bib.problems:
        assert problem.file == "<string>"
        assert problem.message
    for style in ("ama", "vancouver"):
        for output in ("text", "html", "markdown", "latex"):
            mi_refs.render(bib, style=style, format=output)
    assert mi_refs.format_bibtex(bib) == text
