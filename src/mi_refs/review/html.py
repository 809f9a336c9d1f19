"""The review report as one self-contained HTML page (pure: a review in, a string out).

Nothing is fetched: the style sheet is inline, there is no script, font or image, and
every link points at a registry record (``https`` only). Every value is escaped
(``html.escape``; the rendered references come escaped from the style backend), control
characters removed (:func:`~mi_refs.check.report.clean`): a hostile .bib entry or
registry answer prints as text. Filters by status are links and CSS (``:target``
siblings); printing shows every card. Landmarks (header, nav, main, footer), one ``h1``,
``h2`` sections and ``h3`` cards; sizes in ``rem`` and ``ch``, so the page reflows at
200% zoom.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from mi_refs.check.report import clean
from mi_refs.model import Finding
from mi_refs.review.claims import Occurrence
from mi_refs.review.model import STATUSES, Card, Review
from mi_refs.review.numbers import NumberCheck

__all__ = ["to_html"]

_CSS = """
:root { --ink: #1b1b1b; --muted: #555; --line: #c8c8c8; --bad: #a4000f; --warn: #7a4d00;
  --ok: #135e24; --back: #fff; font-size: 100%; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 1rem; max-width: 72rem; color: var(--ink);
  background: var(--back); font: 1rem/1.5 system-ui, sans-serif; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 0 0 .5rem; } h4 { font-size: 1rem; margin: .75rem 0 .25rem; }
dl.meta { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.target { display: block; height: 0; }
nav.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
nav.filters a { border: 1px solid var(--line); border-radius: .3rem; padding: .2rem .6rem; }
.card { border: 1px solid var(--line); border-left: .4rem solid var(--line);
  border-radius: .3rem; padding: .75rem 1rem; margin: 1rem 0; }
.card.s-retracted, .card.s-replaced { border-left-color: var(--bad); }
.card.s-superseded, .card.s-expression-of-concern, .card.s-corrected, .card.s-label-newer,
.card.s-trial-stopped, .card.s-differs { border-left-color: var(--warn); }
.card.s-verified { border-left-color: var(--ok); }
.badge { display: inline-block; padding: 0 .4rem; border-radius: .3rem;
  border: 1px solid currentColor; font-size: .9rem; font-weight: 600; }
.b-retracted, .b-replaced, .b-unmatched { color: var(--bad); }
.b-superseded, .b-expression-of-concern, .b-corrected, .b-label-newer, .b-trial-stopped,
.b-differs, .b-unverified, .b-acknowledged { color: var(--warn); }
.b-verified { color: var(--ok); }
.printed { color: var(--muted); }
.differs-note { color: var(--warn); font-weight: 600; }
mark { background: #fff0b3; color: inherit; }
table { border-collapse: collapse; margin: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .2rem .5rem; text-align: left;
  vertical-align: top; }
blockquote { margin: .25rem 0 .25rem 1rem; }
.found { color: var(--ok); } .missing { color: var(--warn); }
.marked { background: #fde8e8; outline: 2px solid var(--bad); }
.where { color: var(--muted); font-size: .9rem; }
a { color: #0645ad; }
a:focus { outline: 3px solid #1a73e8; }
@media print {
  nav.filters { display: none; }
  .card { display: block !important; break-inside: avoid; }
  a { color: inherit; } a[href]::after { content: " <" attr(href) ">"; font-size: .8rem; }
}
"""


def _e(text: object) -> str:
    """Text (from a .bib, a letter or a registry) as inert HTML."""
    return html.escape(clean(text), quote=True)


def _link(url: str, text: str) -> str:
    if not url.lower().startswith(("https://", "http://")):
        return _e(text)
    return f'<a href="{_e(url)}">{_e(text)}</a>'


_CARET = re.compile(r"\^([^^\s]{1,100})\^")
_SUP = re.compile(r"&lt;sup&gt;((?:(?!&lt;).){0,100})&lt;/sup&gt;", re.IGNORECASE)


def sentence_html(sentence: str) -> str:
    """A citing sentence as HTML: escaped, its superscripts (``^1^``, ``<sup>1</sup>`` as
    the letter wrote them) shown as superscripts."""
    text = _e(sentence)
    text = _CARET.sub(r"<sup>\1</sup>", text)
    return _SUP.sub(r"<sup>\1</sup>", text)


def _filters(review: Review) -> tuple[str, str, str]:
    """The filter targets (empty elements before the page, one per status), the links
    to them (nav) and the CSS rules that filter: ``#show-retracted:target ~ main`` hides
    the other cards. A link, so keyboards and screen readers use it as any other, and a
    filtered view has its own address (``review.html#show-retracted``)."""
    counts = Counter(card.status for card in review.cards)
    present = [status for status in STATUSES if counts[status]]
    targets = []
    links = [f'<a href="#show-all">all ({len(review.cards)})</a>']
    rules = []
    for status in present:
        targets.append(f'<span class="target" id="show-{status}"></span>')
        links.append(f'<a href="#show-{status}">{_e(STATUSES[status])} ({counts[status]})</a>')
        rules.append(f"#show-{status}:target ~ main .card:not(.s-{status}) {{ display: none; }}")
        rules.append(
            f'#show-{status}:target ~ nav a[href="#show-{status}"] {{ font-weight: 700; }}'
        )
    targets.append('<span class="target" id="show-all"></span>')
    return "\n".join(targets), "\n".join(links), "\n".join(rules)


def _header(review: Review) -> str:
    rows = [
        ("Letter", _e(review.letter)),
        ("Bibliography", _e(review.bib or "(none)")),
        ("Date", _e(review.date)),
        ("Style", _e(review.style)),
        ("Registries asked", _e("; ".join(review.asked) or "none")),
        (
            "Could not be asked",
            _e("; ".join(review.not_asked) or "nothing: every registry answered"),
        ),
    ]
    items = "\n".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return (
        f"<header>\n<h1>Review report: {_e(review.letter)}</h1>\n"
        f'<dl class="meta">\n{items}\n</dl>\n</header>'
    )


def _needs(checks: tuple[NumberCheck, ...]) -> str:
    if not checks:
        return '<p class="needs">Needs review: no number in this sentence.</p>'
    items = []
    for check in checks:
        if check.found:
            items.append(
                f'<li class="found">{_e(check.text)}: found in the abstract: '
                f"<blockquote>{_e(check.where)}</blockquote></li>"
            )
        else:
            items.append(
                f'<li class="missing">{_e(check.text)}: not found in the abstract '
                "(check the full text)</li>"
            )
    return f'<div class="needs"><p>Needs review:</p><ul>{"".join(items)}</ul></div>'


def _claim(review: Review, card: Card, occurrence: Occurrence) -> str:
    others = [n for n in dict.fromkeys(occurrence.numbers) if n != card.number]
    cocited = ", ".join(f'<a href="#ref-{n}">{n}</a>' for n in others) or "none"
    locator = occurrence.locator(card.number)
    where = f"{occurrence.location}, superscript {occurrence.superscript}"
    mark = review.marks.get(occurrence.index)
    marked = f' class="marked" title="cites a {mark} work"' if mark else ""
    needs = dict(card.needs)
    parts = [
        f'<li id="c-{card.number}-{occurrence.index}"{marked}>',
        f'<span class="where">{_e(where)}</span>',
        f"<blockquote>{sentence_html(occurrence.sentence)}</blockquote>",
        f"<p>Locator: {_e(locator) if locator else 'none'}. Cited with: {cocited}. "
        f'<a href="#o-{occurrence.index}">In the letter view</a></p>',
    ]
    if card.abstract:
        parts.append(_needs(needs.get(occurrence.index, ())))
    parts.append("</li>")
    return "".join(parts)


def _card(review: Review, card: Card) -> str:
    heading = f"ref-{card.number}-h"
    out = [
        f'<article class="card s-{card.status}" id="ref-{card.number}" '
        f'aria-labelledby="{heading}">',
        f'<h3 id="{heading}">{card.number}. <span class="badge b-{card.status}">'
        f"{_e(STATUSES.get(card.status, card.status))}</span> "
        f"<code>{_e(card.key or 'no entry')}</code></h3>",
    ]
    if card.rendered_html:
        out.append(f'<p class="rendered">{card.rendered_html}</p>')
    if card.printed:
        note = (
            ' <span class="differs-note">(the letter prints it otherwise than the .bib '
            "renders it: marked words)</span>"
            if card.printed_differs
            else ""
        )
        words = " ".join(
            f"<mark>{_e(word)}</mark>" if changed and card.printed_differs else _e(word)
            for word, changed in card.printed_words
        ) or _e(card.printed)
        out.append(f'<p class="printed">As printed in the letter: {words}{note}</p>')
    if card.identifiers:
        ids = "".join(
            f"<li>{_e(name)}: {_link(url, value)}</li>" for name, value, url in card.identifiers
        )
        out.append(f'<ul class="ids">{ids}</ul>')
    lines = []
    for line in card.lines:
        date = f", {_e(line.date)}" if line.date else ""
        evidence = f" ({_link(line.evidence, 'evidence')})" if line.evidence else ""
        ack = f" Acknowledged: {_e(line.acknowledged)}." if line.acknowledged else ""
        lines.append(
            f'<li><span class="badge b-{line.status}">{_e(STATUSES[line.status])}</span>'
            f"{date}{evidence}: {_e(line.message)}{ack}</li>"
        )
    out.append(f'<h4>Status</h4><ul class="status">{"".join(lines)}</ul>')
    if card.differences:
        rows = "".join(
            f"<tr><td>{_e(d.field)}</td><td>{_e(d.stored)}</td><td>{_e(d.registry)}</td>"
            f"<td>{_e(d.source)}</td><td>{_e(d.severity)}</td></tr>"
            for d in card.differences
        )
        out.append(
            '<h4>Stored and registry differ</h4><table><thead><tr><th scope="col">field</th>'
            '<th scope="col">in the .bib</th><th scope="col">in the registry</th>'
            f'<th scope="col">registry</th><th scope="col">severity</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    by_index = {o.index: o for o in review.occurrences}
    claims = "".join(_claim(review, card, by_index[i]) for i in card.citing)
    out.append(
        f'<h4>Cited in ({len(card.citing)})</h4><ol class="claims">{claims}</ol>'
        if claims
        else "<h4>Cited in</h4><p>Not cited in the letter.</p>"
    )
    out.append("</article>")
    return "\n".join(out)


def _letter_view(review: Review) -> str:
    items = []
    for occurrence in review.occurrences:
        mark = review.marks.get(occurrence.index)
        flag = f' class="marked"><strong>Cites a {_e(mark)} work.</strong> ' if mark else ">"
        refs = ", ".join(f'<a href="#ref-{n}">{n}</a>' for n in dict.fromkeys(occurrence.numbers))
        items.append(
            f'<li id="o-{occurrence.index}"{flag}<span class="where">'
            f"{_e(occurrence.location)}</span> {sentence_html(occurrence.sentence)} "
            f"(references {refs})</li>"
        )
    return "\n".join(items)


def _findings(findings: tuple[Finding, ...]) -> str:
    if not findings:
        return "<p>No finding: the letter's citations match its list.</p>"
    items = "".join(
        f"<li>{_e(f.severity.value)} {_e(f.code)} ({_e(f.location or '')}): {_e(f.message)}</li>"
        for f in findings
    )
    return f"<ul>{items}</ul>"


def to_html(review: Review) -> str:
    """The review as one HTML page (see the module docstring)."""
    targets, links, rules = _filters(review)
    counts = Counter(card.status for card in review.cards)
    summary = "".join(
        f'<tr><th scope="row">{_e(STATUSES[s])}</th><td>{counts[s]}</td></tr>'
        for s in STATUSES
        if counts[s]
    )
    notes = "".join(f"<li>{_e(note)}</li>" for note in review.notes)
    cards = "\n".join(_card(review, card) for card in review.cards)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mi-refs {_e(review.version)}">
<title>Review report: {_e(review.letter)}</title>
<style>{_CSS}
{rules}
</style>
</head>
<body>
{targets}
{_header(review)}
<nav class="filters" aria-label="Filter the references by status">
<span>Show:</span>
{links}
</nav>
<main>
<section aria-labelledby="h-summary">
<h2 id="h-summary">Summary</h2>
<table><caption>{len(review.cards)} references by status</caption><tbody>{summary}</tbody></table>
{f"<ul>{notes}</ul>" if notes else ""}
</section>
<section aria-labelledby="h-references">
<h2 id="h-references">References and their claims</h2>
{cards}
</section>
<section aria-labelledby="h-letter">
<h2 id="h-letter">Letter view: every citing sentence</h2>
<ol class="letter">
{_letter_view(review)}
</ol>
</section>
<section aria-labelledby="h-findings">
<h2 id="h-findings">Citation findings in the letter</h2>
{_findings(review.letter_findings)}
</section>
<section aria-labelledby="h-limits">
<h2 id="h-limits">About needs review</h2>
<p>{_e(review.limits)}</p>
</section>
</main>
<footer><p>Generated by mi-refs {_e(review.version)} on {_e(review.date)}.</p></footer>
</body>
</html>
"""
