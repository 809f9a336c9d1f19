"""A deterministic, Better-BibTeX-shaped Zotero export for benchmarks.

Zotero's BibTeX export through Better BibTeX writes one entry per item with its own field
order and field set (title, shorttitle, author, year, month, journal, shortjournal,
volume, number, pages, issn, doi, url, urldate, abstract, langid, keywords, file, note).
Big real libraries carry an abstract of about 1.5 to 2 KB per entry, and some LaTeX in it
(``\\textit{}``, ``{\\"u}``, ``$\\alpha$``, ``$_2$``, ``\\%``). This module writes such a
file from a seed: the same seed gives the same bytes.

    from tools.corpus.make_zotero_export import make_export   # or by path, see below
    text = make_export(entries=1500, seed=1)                  # about 3.6 MB

    .venv/bin/python tools/corpus/make_zotero_export.py --out /tmp/zotero-1500.bib
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DEFAULT_ENTRIES = 1500
DEFAULT_SEED = 20250509

SURNAMES = (
    "Smith",
    'M{\\"u}ller',
    "Garc{\\'i}a",
    "Nguyen",
    "Kowalski",
    "Rossi",
    "Johansson",
    "O'Brien",
    "Tanaka",
    "Dubois",
    'Schr{\\"o}der',
    "Andersen",
    "Costa",
    "Novak",
    "Patel",
    "Kim",
    "Wang",
    "Okafor",
    "Hern{\\'a}ndez",
    "St{\\aa}hl",
    "Fischer",
    "Silva",
    "Chen",
    'Str{\\"u}{\\ss}mann',
    "Lef{\\`e}vre",
    "van der Berg",
    "de Souza",
    "Yilmaz",
    "Brown",
    "Ivanova",
    "Rahman",
    "Cohen",
    "Wei{\\ss}",
    "Nakamura",
    "Moreau",
    "Bianchi",
    "Haddad",
)
GIVEN = (
    "Anna",
    "Tim",
    "Jan",
    "Maria",
    "Ralph",
    "Yuki",
    "Olga",
    "Pierre",
    "Sofia",
    "Ahmed",
    "Lars",
    "Chen",
    "Priya",
    "Jos{\\'e}",
    "Ingrid",
    "Mehmet",
    "Grace",
    "Luca",
    "Ama",
    "Eva",
)
JOURNALS = (
    ("The Lancet", "Lancet", "0140-6736", "10.1016/S0140-6736"),
    ("New England Journal of Medicine", "N Engl J Med", "0028-4793", "10.1056/NEJMoa"),
    ("British Journal of Haematology", "Br J Haematol", "0007-1048", "10.1111/bjh."),
    ("Blood", "Blood", "0006-4971", "10.1182/blood."),
    ("JAMA", "JAMA", "0098-7484", "10.1001/jama."),
    ("BMJ", "BMJ", "0959-8138", "10.1136/bmj."),
    ("Annals of Internal Medicine", "Ann Intern Med", "0003-4819", "10.7326/M"),
    ("Journal of Clinical Oncology", "J Clin Oncol", "0732-183X", "10.1200/JCO."),
    ("Haematologica", "Haematologica", "0390-6078", "10.3324/haematol."),
    ("Blood Cells, Molecules, and Diseases", "Blood Cells Mol Dis", "1079-9796", "10.1016/j.bcmd."),
    ("Clinical Infectious Diseases", "Clin Infect Dis", "1058-4838", "10.1093/cid/"),
    ("Nature Medicine", "Nat Med", "1078-8956", "10.1038/s41591-"),
)
TOPICS = (
    "immune thrombocytopenia",
    "daratumumab",
    "autoimmune haemolytic anaemia",
    "Evans syndrome",
    "multiple myeloma",
    "CD38-directed therapy",
    "rituximab",
    "thrombopoietin receptor agonists",
    "eltrombopag",
    "romiplostim",
    "fostamatinib",
    "allogeneic stem cell transplantation",
    "cytopenia",
    "plasma cells",
    "long-term remission",
    "refractory disease",
    "children",
    "older adults",
    "pregnancy",
    "real-world evidence",
)
DESIGNS = (
    "a randomised controlled trial",
    "a case series",
    "a retrospective cohort study",
    "a systematic review and meta-analysis",
    "a phase 2 open-label study",
    "a prospective registry",
    "a case report",
    "a multicentre observational study",
)
LATEX_BITS = (
    "\\textit{in vitro}",
    "\\textit{in vivo}",
    '{\\"u}ber',
    "IFN-$\\gamma$",
    "TNF-$\\alpha$",
    "CD4$^+$ T cells",
    "CO$_2$",
    "95\\% CI",
    "p \\textless{} 0.05",
    "$\\beta$-blockers",
    "\\emph{de novo}",
    "H$_2$O$_2$",
    'na{\\"i}ve',
    'Sj{\\"o}gren syndrome',
    "\\$2,000",
)
SENTENCES = (
    "We describe {n} patients with {topic} treated with {topic2}.",
    "The primary end point was a platelet count of at least {k}$\\times$10$^9$/L.",
    "In {design}, {n} participants were enrolled between {y1} and {y2}.",
    "Responses were seen in {k} of {n} patients ({pct}\\%), and {bit} were measured.",
    "Adverse events were mostly grade 1 or 2; {bit} did not change.",
    "Median follow-up was {k} months (range {k2}--{k3}).",
    "These findings suggest that {topic} may respond to {topic2} in selected cases.",
    "Further studies of {topic} with {bit} are needed before routine use.",
    "The hazard ratio was 0.{k} (95\\% CI 0.{k2}--0.{k3}); {bit} was unaffected.",
    "Data were analysed with mixed models and {bit} was reported as exploratory.",
)
SECTIONS = ("Background", "Methods", "Results", "Conclusions")
KEYWORDS = (
    "Humans",
    "Female",
    "Male",
    "Adult",
    "Middle Aged",
    "Aged",
    "Child",
    "Antibodies, Monoclonal",
    "Thrombocytopenia",
    "Treatment Outcome",
    "Retrospective Studies",
    "Purpura, Thrombocytopenic, Idiopathic",
    "Immunotherapy",
    "Recurrence",
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
NOTES = ("PMID: {pmid}", "Publisher: Wiley", "Epub ahead of print", "PMCID: PMC{pmcid}")


def _sentence(rng: random.Random) -> str:
    template = rng.choice(SENTENCES)
    return template.format(
        n=rng.randint(3, 900),
        k=rng.randint(2, 95),
        k2=rng.randint(1, 40),
        k3=rng.randint(41, 99),
        pct=rng.randint(5, 95),
        y1=rng.randint(1998, 2012),
        y2=rng.randint(2013, 2024),
        topic=rng.choice(TOPICS),
        topic2=rng.choice(TOPICS),
        design=rng.choice(DESIGNS),
        bit=rng.choice(LATEX_BITS),
    )


def _abstract(rng: random.Random) -> str:
    target = rng.randint(1350, 1850)
    parts: list[str] = []
    length = 0
    section = 0
    while length < target:
        sentence = _sentence(rng)
        if section < len(SECTIONS) and length >= section * target // len(SECTIONS):
            sentence = f"{SECTIONS[section]}: {sentence}"
            section += 1
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)


def _title_words(text: str) -> str:
    """Better BibTeX protects capitalised words with double braces."""
    return " ".join(
        f"{{{{{word}}}}}" if word[:1].isupper() and index else word
        for index, word in enumerate(text.split())
    )


def _entry(rng: random.Random, index: int, used: set[str]) -> str:
    journal, short, issn, doi_prefix = rng.choice(JOURNALS)
    year = rng.randint(1995, 2025)
    authors = [
        (rng.choice(SURNAMES), rng.choice(GIVEN))
        for _ in range(rng.choices((1, 3, 6, 12), (2, 5, 3, 1))[0])
    ]
    topic = rng.choice(TOPICS)
    opening = rng.choice(("Efficacy of", "Long-term outcomes of", "Safety of", "Response to"))
    title = f"{opening} {rng.choice(TOPICS)} in {topic}: {rng.choice(DESIGNS)}"
    short_title = title.split(":", maxsplit=1)[0]
    first = authors[0][0]
    base = "".join(ch for ch in first.split()[-1] if ch.isalpha()).lower()
    base += "".join(word.capitalize() for word in title.split()[:2] if word.isalpha()) + str(year)
    key = base
    suffix = 0
    while key in used:
        suffix += 1
        key = f"{base}{chr(ord('a') + (suffix - 1) % 26)}{'' if suffix <= 26 else suffix}"
    used.add(key)
    first_page = rng.randint(1, 3000)
    volume = rng.randint(1, 420)
    doi = f"{doi_prefix}{year}.{rng.randint(10000, 99999)}"
    author_field = " and ".join(f"{last}, {given}" for last, given in authors)
    fields = [
        ("title", _title_words(title)),
        ("shorttitle", _title_words(short_title)),
        ("author", author_field),
        ("year", str(year)),
        ("month", None),
        ("journal", journal),
        ("shortjournal", short),
        ("volume", str(volume)),
        ("number", str(rng.randint(1, 24))),
        ("pages", f"{first_page}--{first_page + rng.randint(1, 14)}"),
        ("issn", issn),
        ("doi", doi),
        ("url", f"https://doi.org/{doi}"),
        ("urldate", f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
        ("abstract", _abstract(rng)),
        ("langid", rng.choice(("english", "english", "english", "german", "french"))),
        ("keywords", ",".join(rng.sample(KEYWORDS, rng.randint(2, 7)))),
        (
            "file",
            f"/Users/user/Zotero/storage/{rng.getrandbits(32):08X}/"
            f"{first} - {year} - {short_title[:40]}.pdf",
        ),
    ]
    if rng.random() < 0.3:
        fields.append(
            (
                "note",
                rng.choice(NOTES).format(
                    pmid=rng.randint(10**7, 4 * 10**7), pmcid=rng.randint(10**6, 10**7)
                ),
            )
        )
    lines = [f"@article{{{key},"]
    for name, value in fields:
        if name == "month":
            lines.append(f"  month = {rng.choice(MONTHS)},")
        else:
            lines.append(f"  {name} = {{{value}}},")
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return "\n".join(lines)


def make_export(entries: int = DEFAULT_ENTRIES, seed: int = DEFAULT_SEED) -> str:
    """The text of a Better-BibTeX-shaped export with ``entries`` articles."""
    rng = random.Random(seed)
    used: set[str] = set()
    return "\n\n".join(_entry(rng, index, used) for index in range(entries)) + "\n"


def write_export(
    path: str | Path, entries: int = DEFAULT_ENTRIES, seed: int = DEFAULT_SEED
) -> Path:
    """Write :func:`make_export` to ``path`` (UTF-8, LF) and return the path."""
    target = Path(path)
    target.write_text(make_export(entries, seed), encoding="utf-8", newline="\n")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--entries", type=int, default=DEFAULT_ENTRIES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    target = write_export(args.out, args.entries, args.seed)
    print(f"{target}: {target.stat().st_size} bytes, {args.entries} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
