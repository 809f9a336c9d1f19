"""A lineage written as the last given name (``Kuttesch, J F Jr``: PubMed's ``AU`` form
``Kuttesch JF Jr`` turned into BibTeX by an export; ``Morse, Herbert C 3rd``): BibTeX reads
it as one more given name, so a style that takes initials printed ``Kuttesch JFJ``. It is
printed as the lineage in both styles (AMA 11 3.7: ``Jr`` after the initials; Citing
Medicine ch. 1: ``DeVita VT Jr``, Roman numerals as ordinals), and ``check`` still says
that other tools print it wrong (malformed-name, warning). Names from holdout 6's
djhshih files (kadota99) and the MEDLINE lineage forms."""

from __future__ import annotations

import pytest

import mi_refs
from mi_refs.check.offline import check_offline

BIB = """@article{kadota99,
  author = {Kuttesch, J F Jr and Morse, Herbert C 3rd and Lee, A III and Smith, John V
            and Doe, John, Jr. and Roe, Jr, R},
  title = {A test of lineages}, journal = {J Clin Oncol}, year = {1999},
  volume = {17}, pages = {1--5},
}
"""


@pytest.mark.parametrize(
    ("style", "names"),
    [
        ("ama", "Kuttesch JF Jr, Morse HC 3rd, Lee A III, Smith JV, Doe J Jr, Roe R Jr."),
        ("vancouver", "Kuttesch JF Jr, Morse HC 3rd, Lee A 3rd, Smith JV, Doe J Jr, Roe R Jr."),
    ],
)
def test_a_lineage_among_the_given_names_is_printed_as_the_lineage(style: str, names: str) -> None:
    text = mi_refs.render(mi_refs.loads(BIB), style=style, format="text")
    assert text.startswith(f"1. {names} A test of lineages."), text


def test_check_still_says_other_tools_print_it_as_an_initial() -> None:
    findings = [f for f in check_offline(mi_refs.loads(BIB)) if f.code == "malformed-name"]
    about = sorted(f.message.split("'")[1] for f in findings)
    assert about == ["Kuttesch, J F Jr", "Lee, A III", "Morse, Herbert C 3rd"], findings
    assert all(f.severity.value == "warning" for f in findings)
    assert all("mi-refs prints it as the lineage" in f.message for f in findings)
