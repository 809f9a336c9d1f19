"""HTML that links (issue 20 item 4) stays inert for hostile input: DOIs and PMIDs link only
to their resolvers, with the identifier percent-encoded in the address and escaped in the
text; superscripts link only to the list's own items; a standalone page allows no script.
Every output here is parsed, and every tag, attribute and address is checked against what
mi-refs may write."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mi_refs
from mi_refs.styles.backends import identifier_url
from mi_refs.styles.page import standalone_html

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "ol", "li", "a",
    "em", "i", "b", "strong", "sup", "sub", "span", "div",
}  # fmt: skip
ALLOWED_ADDRESS = re.compile(r"(https?://[^\s\"'<>`\\]+|#ref-[^\s\"'<>`]+)")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(markup: str) -> list[str]:
    """Every tag allowed, no event handler or style attribute, every address http(s) or
    one of the list's anchors; the addresses found."""
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    addresses = []
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, (tag, markup)
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in {"style", "src", "srcdoc"}, name
            if name == "href":
                assert value is not None and ALLOWED_ADDRESS.fullmatch(value), value
                addresses.append(value)
    assert "<script" not in markup.lower()  # a javascript: address may show, as text only
    return addresses


HOSTILE_DOIS = [
    '10.1234/x"><script>alert(1)</script>',
    "10.1234/x' onmouseover='alert(1)",
    "10.1234/<img src=x onerror=alert(1)>",
    "10.1234/a b",  # a space: not a DOI's form, so never linked
    "10.1234/x#frag?q=1%2",
    "10.1234/x`y\\z{}|^",
    "javascript:alert(1)//10.1234/x",
]


def article(doi: str = "", pmid: str = "", pmcid: str = "", key: str = "k") -> str:
    ids = "".join(
        f", {name} = {{{value}}}"
        for name, value in (("doi", doi), ("pmid", pmid), ("pmcid", pmcid))
        if value
    )
    return (
        f"@article{{{key}, author = {{Doe, J}}, title = {{A title}}, journal = {{J Test}}, "
        f"year = 2020, volume = 1, pages = {{1--2}}{ids}}}\n"
    )


@pytest.mark.parametrize("doi", HOSTILE_DOIS)
@pytest.mark.parametrize("style", ["ama", "vancouver"])
def test_hostile_dois_link_only_to_the_resolver(doi: str, style: str) -> None:
    bib = mi_refs.loads(article(doi=doi))
    out = mi_refs.render(bib, style=style, format="html", settings=False, options=None)
    addresses = assert_inert(out)
    for address in addresses:
        assert address.startswith("https://doi.org/10.1234/"), address
        assert not re.search(r"[\"'<>`\\{}|^ ]", address), address
    assert "&lt;" in out or "<" not in doi  # the identifier's own text is escaped


@pytest.mark.parametrize(
    ("kind", "value", "linked"),
    [
        ("doi", "10.1016/j.bcmd.2023.102724", "https://doi.org/10.1016/j.bcmd.2023.102724"),
        ("doi", "10.1002/(SICI)1097-4636", "https://doi.org/10.1002/(SICI)1097-4636"),
        ("doi", '10.1234/a"b', "https://doi.org/10.1234/a%22b"),
        ("doi", "10.1234/ä", "https://doi.org/10.1234/%C3%A4"),
        ("doi", "11.1234/x", None),
        ("doi", "10.1234/a b", None),
        ("pmid", "36669360", "https://pubmed.ncbi.nlm.nih.gov/36669360/"),
        ("pmid", "1 onmouseover=alert(1)", None),
        ("pmid", "../../evil", None),
        ("pmcid", "PMC7654321", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7654321/"),
        ("pmcid", "PMC1/../../x", None),
        ("isbn", "9780000000000", None),
    ],
)
def test_identifier_urls(kind: str, value: str, linked: str | None) -> None:
    assert identifier_url(kind, value) == linked


def test_pmids_and_pmcids_link_in_nlm_lists() -> None:
    bib = mi_refs.loads(article(doi="10.1016/j.x", pmid="36669360", pmcid="PMC7654321"))
    out = mi_refs.render(bib, style="vancouver", format="html", settings=False)
    assert assert_inert(out) == [
        "https://doi.org/10.1016/j.x",
        "https://pubmed.ncbi.nlm.nih.gov/36669360/",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7654321/",
    ]
    text = mi_refs.render(bib, style="vancouver", format="text", settings=False)
    assert "doi: 10.1016/j.x. PubMed PMID: 36669360; PubMed Central PMCID: PMC7654321." in text
    for fmt in ("text", "markdown", "latex"):  # identifiers link in HTML only
        assert "pubmed.ncbi" not in mi_refs.render(bib, style="vancouver", format=fmt)


@pytest.mark.parametrize("key", ["a:b/c#d&e", "x-1_2.3+4?5~6$7%8"])
def test_superscripts_link_to_their_own_list_items(key: str) -> None:
    bib = mi_refs.loads(article(key=key))
    out = mi_refs.cite_text(f"<p>Claim [@{key}].</p>", bib, format="html", settings=False).text
    (address,) = assert_inert(out)
    ids = re.findall(r'<li id="([^"]*)"', out)
    assert address.startswith("#") and [html.unescape(i) for i in ids] == [address[1:]]


def test_hostile_titles_and_urls_in_a_standalone_page() -> None:
    page = standalone_html(
        mi_refs.render(
            mi_refs.loads(
                "@misc{k, author = {Doe, J}, title = {</title><script>alert(1)</script>}, "
                "year = 2020, url = {javascript:alert(1)}, howpublished = {Web}}\n"
            ),
            format="html",
            settings=False,
        ),
        title="</title><script>alert(1)</script>\x1b[2J",
        lang='en" onload="alert(1)',
    )
    assert_inert(page)
    assert page.startswith('<!doctype html>\n<html lang="en">\n')
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; [2J</title>" in page
    assert "default-src 'none'" in page  # and nothing may run, whatever slipped through


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40).filter(lambda s: "}" not in s and "{" not in s))
def test_fuzzed_dois_render_inert(suffix: str) -> None:
    bib = mi_refs.loads(article(doi="10.1234/" + suffix.replace("\\", "")))
    for style in ("ama", "vancouver"):
        out = mi_refs.render(bib, style=style, format="html", settings=False)
        for address in assert_inert(out):
            assert address.startswith("https://doi.org/10.1234/")
