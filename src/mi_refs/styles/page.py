"""A rendered HTML reference list as a whole page (``render --format html --standalone``).

The page declares its language and character set, carries a title and a small
print-friendly style sheet inline (nothing is fetched), and a Content-Security-Policy that
allows no script, no frame, no form and nothing loaded from elsewhere: even markup that
slipped through escaping could not run or call out. The list itself is what
:func:`~mi_refs.styles.render.render` writes for ``html`` (text escaped, only http(s)
links); the title is escaped here.
"""

from __future__ import annotations

import html
import re

from mi_refs.styles.backends import inert

__all__ = ["PAGE_CSS", "standalone_html"]

PAGE_CSS = """\
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.45; color: #111;
       background: #fff; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; font-weight: normal; }
ol.references { padding-left: 2.4em; }
ol.references li { margin: 0.4em 0; overflow-wrap: anywhere; }
a { color: #0645ad; }
.unreadable { color: #a00; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  ol.references li { break-inside: avoid; }
}
"""

_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; "
    "form-action 'none'; base-uri 'none'"
)
_LANG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


def standalone_html(listing: str, title: str = "References", lang: str = "en") -> str:
    """``listing`` (an HTML reference list) in a whole page: ``<!doctype html>``, ``lang``
    (a BCP 47 tag; anything else is ``en``), UTF-8, ``title`` as the page's title and
    heading (escaped), the print style sheet and the no-script policy."""
    language = lang if _LANG.fullmatch(lang) else "en"
    heading = html.escape(" ".join(inert(title).split()) or "References")
    return (
        "<!doctype html>\n"
        f'<html lang="{language}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="mi-refs">\n'
        f"<title>{heading}</title>\n"
        f"<style>\n{PAGE_CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f"<h1>{heading}</h1>\n"
        f"{listing}"
        "</body>\n"
        "</html>\n"
    )
