"""Build the example letter as a Word document, from letter.md, with python-docx.

    python docs/examples/make_docx.py letter.docx

Headings become Word headings, list items "List Bullet" paragraphs, the ``::: {#refs}``
block a ``[[references]]`` paragraph (where ``mi-refs cite`` puts the list), and each
``[@key]`` citation is typed as plain text, as a writer would type it in Word.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx

HERE = Path(__file__).parent


def build(markdown: str) -> docx.document.Document:
    document = docx.Document()
    for raw in markdown.split("\n\n"):
        block = raw.strip("\n")
        if not block:
            continue
        if block.startswith("::: {#refs}"):
            document.add_paragraph("[[references]]")
        elif block.startswith("#"):
            level = len(block) - len(block.lstrip("#"))
            document.add_heading(block.lstrip("#").strip(), level=level)
        elif block.lstrip().startswith("- "):
            for item in re.split(r"\n(?=- )", block):
                document.add_paragraph(" ".join(item[2:].split()), style="List Bullet")
        else:
            text = " ".join(block.split())
            paragraph = document.add_paragraph()
            if text.startswith("*") and text.endswith("*"):
                paragraph.add_run(text.strip("*")).italic = True
            else:
                for index, part in enumerate(text.split("10^9^")):
                    if index:
                        paragraph.add_run("10")
                        paragraph.add_run("9").font.superscript = True
                    paragraph.add_run(part)
    return document


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else HERE / "letter.docx"
    build((HERE / "letter.md").read_text(encoding="utf-8")).save(str(target))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
