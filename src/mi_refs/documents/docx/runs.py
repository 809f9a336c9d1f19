"""A paragraph as text (its runs' characters and where each is), and rewriting the runs a
citation touches: characters deleted, new runs inserted, everything else kept."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from mi_refs.documents.docx.package import (
    BARRIER,
    CHARACTERS,
    FIELD_CONTAINERS,
    FLDCHAR,
    PPR,
    RPR,
    RUN_CONTAINERS,
    SDT,
    SDT_CONTENT,
    WRAPPERS,
    XML_SPACE,
    ZERO_WIDTH,
    Element,
    R,
    Styles,
    T,
    is_monospace,
)

# -- a paragraph as text ---------------------------------------------------------------


@dataclass(slots=True)
class Atom:
    """One character of a paragraph's text: the run and the child element it is in."""

    run: Element
    node: Element
    offset: int


@dataclass(slots=True)
class View:
    """A paragraph's live text (what Word shows) and where each character is."""

    paragraph: Element
    atoms: list[Atom] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)
    depth: int = 0  # complex-field nesting
    styles: Styles | None = None

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def add(self, run: Element, node: Element, offset: int, char: str, barrier: bool) -> None:
        self.atoms.append(Atom(run, node, offset))
        self.chars.append(BARRIER if barrier or self.depth else char)


def view_of(paragraph: Element, styles: Styles | None = None) -> View:
    """The paragraph's text; runs in a code style or a monospace font (and the whole
    paragraph, in a code paragraph style) read as barriers: no citation is found there."""
    view = View(paragraph, styles=styles)
    style = paragraph.find(f"{PPR}/{qn('w:pStyle')}")
    code = styles is not None and styles.is_code(None if style is None else style.get(qn("w:val")))
    _read_children(view, paragraph, barrier=code)
    return view


def _read_children(view: View, parent: Element, barrier: bool) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == R:
            _read_run(view, child, barrier)
        elif tag in RUN_CONTAINERS:
            _read_children(view, child, barrier)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _read_children(view, content, barrier)
        elif tag in FIELD_CONTAINERS:
            _read_children(view, child, barrier=True)
        elif isinstance(tag, str) and tag.startswith(
            "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
        ):
            view.add(child, child, 0, BARRIER, True)  # an equation: no citation across it
        # tracked deletions (w:del, w:moveFrom), bookmarks, comments ranges: no text


def _code_run(view: View, run: Element) -> bool:
    properties = run.find(RPR)
    if is_monospace(properties):
        return True
    style = None if properties is None else properties.find(qn("w:rStyle"))
    return (
        view.styles is not None
        and style is not None
        and view.styles.is_code(style.get(qn("w:val")))
    )


def _read_run(view: View, run: Element, barrier: bool) -> None:
    barrier = barrier or _code_run(view, run)
    for child in run.iterchildren():
        tag = child.tag
        if tag == RPR or tag in ZERO_WIDTH:
            continue
        if tag == T:
            for offset, char in enumerate(child.text or ""):
                view.add(run, child, offset, char, barrier)
        elif tag in CHARACTERS:
            view.add(run, child, 0, CHARACTERS[tag], barrier)
        elif tag == FLDCHAR:
            kind = child.get(qn("w:fldCharType"))
            if kind == "begin":
                view.depth += 1
            view.add(run, child, 0, BARRIER, True)
            if kind == "end":
                view.depth = max(0, view.depth - 1)
        else:  # a drawing, a footnote reference, a symbol, field code...
            view.add(run, child, 0, BARRIER, True)


# -- rewriting the runs a citation touches ---------------------------------------------


@dataclass(slots=True)
class Insert:
    """New runs to put at a place in the paragraph: after (or before) one character."""

    atom: int
    after: bool
    runs: list[Element]


def text_node(text: str) -> Element:
    node = OxmlElement("w:t")
    node.text = text
    if text != text.strip():
        node.set(XML_SPACE, "preserve")
    return node


def new_run(source: Element | None, text: str, superscript: bool) -> Element:
    """A run with ``text``, formatted like ``source`` (its ``w:rPr``, without tracked
    formatting changes), as a superscript or on the baseline."""
    run = OxmlElement("w:r")
    properties = None if source is None else source.find(RPR)
    if properties is not None:
        properties = copy.deepcopy(properties)
        for change in properties.findall(qn("w:rPrChange")):
            properties.remove(change)
        run.append(properties)
    if superscript:
        run.get_or_add_rPr().superscript = True
    elif properties is not None:
        for align in properties.findall(qn("w:vertAlign")):
            properties.remove(align)
    run.append(text_node(text))
    return run


def gap(view: View, position: int) -> tuple[int, bool]:
    """The place just before character ``position``: after the character before it, or
    before the first one."""
    return (position - 1, True) if position > 0 else (0, False)


def apply(view: View, deleted: set[int], inserts: list[Insert]) -> None:
    """Rewrite the runs with deleted characters or an insertion inside them; put the
    insertions that fall between untouched runs next to them."""
    atoms = view.atoms
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for index, atom in enumerate(atoms):
        first.setdefault(id(atom.run), index)
        last[id(atom.run)] = index
    touched = {id(atoms[index].run) for index in deleted}
    inside: list[Insert] = []
    after_run: dict[int, list[Insert]] = {}
    before_run: dict[int, list[Insert]] = {}
    for insert in inserts:
        run = id(atoms[insert.atom].run)
        at_edge = insert.atom == (last[run] if insert.after else first[run])
        if at_edge and run not in touched:
            (after_run if insert.after else before_run).setdefault(run, []).append(insert)
        else:
            inside.append(insert)
            touched.add(run)
    runs = {id(atom.run): atom.run for atom in atoms}
    for key, pending in after_run.items():
        anchor = _outermost(runs[key], after=True)
        for insert in pending:
            for new in insert.runs:
                anchor.addnext(new)
                anchor = new
    for key, pending in before_run.items():
        anchor = _outermost(runs[key], after=False)
        for insert in pending:
            for new in insert.runs:
                anchor.addprevious(new)
    index_of = {(id(atom.node), atom.offset): index for index, atom in enumerate(atoms)}
    for key in touched:
        _rebuild(runs[key], index_of, deleted, [i for i in inside if id(atoms[i.atom].run) == key])


def _outermost(run: Element, after: bool) -> Element:
    """The element to put new runs next to: ``run``, or the hyperlink, simple field or
    content control it ends (or begins), so that a superscript never joins a link or a
    field result (which Word would replace on update)."""
    node = run
    while True:
        parent = node.getparent()
        if parent is None or parent.tag not in WRAPPERS:
            return node
        children = [child for child in parent.iterchildren() if child.tag in WRAPPERS | {R}]
        if children[-1 if after else 0] is not node:
            return node
        node = parent


class _Splitter:
    """One run's content without its deleted characters, cut into segments where new
    runs go in: ``segments[0]`` stays in the run, each later one follows its insertion in
    a copy of the run."""

    def __init__(self, deleted: set[int], inserts: list[Insert]) -> None:
        self.deleted = deleted
        self.before: dict[int, list[Insert]] = {}
        self.after: dict[int, list[Insert]] = {}
        for insert in inserts:
            (self.after if insert.after else self.before).setdefault(insert.atom, []).append(insert)
        self.segments: list[list[Element]] = [[]]
        self.marks: list[Insert] = []
        self.text: list[str] = []

    def flush(self) -> None:
        if self.text:
            self.segments[-1].append(text_node("".join(self.text)))
            self.text.clear()

    def cut(self, inserts: Iterable[Insert]) -> None:
        for insert in inserts:
            self.flush()
            self.marks.append(insert)
            self.segments.append([])

    def visit(self, index: int | None, content: Element | str) -> None:
        """One character (``index`` of the paragraph's text) or one element (``index``
        ``None`` when it has no width)."""
        if index is not None:
            self.cut(self.before.get(index, ()))
        if index is None or index not in self.deleted:
            if isinstance(content, str):
                self.text.append(content)
            else:
                self.flush()
                self.segments[-1].append(content)
        if index is not None:
            self.cut(self.after.get(index, ()))


def _rebuild(
    run: Element, index_of: dict[tuple[int, int], int], deleted: set[int], inserts: list[Insert]
) -> None:
    """Rebuild one run without its deleted characters, split where new runs go in."""
    shell = copy.deepcopy(run)
    for child in list(shell):
        if child.tag != RPR:
            shell.remove(child)
    splitter = _Splitter(deleted, inserts)
    for child in list(run):
        if child.tag == T:
            for offset, char in enumerate(child.text or ""):
                splitter.visit(index_of[(id(child), offset)], char)
        elif child.tag != RPR:
            splitter.visit(index_of.get((id(child), 0)), child)
        if child.tag != RPR:
            run.remove(child)
    splitter.flush()
    _place(run, shell, splitter)


def _place(run: Element, shell: Element, splitter: _Splitter) -> None:
    """The first segment back in ``run``; after it each insertion's runs and the next
    segment in a copy of ``shell`` (the run's formatting); ``run`` goes if left empty."""
    first, *rest = splitter.segments
    for child in first:
        run.append(child)
    cursor = run
    for insert, segment in zip(splitter.marks, rest, strict=True):
        for new in insert.runs:
            cursor.addnext(new)
            cursor = new
        if segment:
            clone = copy.deepcopy(shell)
            for child in segment:
                clone.append(child)
            cursor.addnext(clone)
            cursor = clone
    if not first:
        run.getparent().remove(run)
