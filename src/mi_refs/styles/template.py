"""Template nodes that evaluate to flat text segments.

Styles are written with pybtex's template syntax (``join(sep=" ")[...]``,
``optional[...]``, ``FieldIsMissing``: a missing piece takes its punctuation with it).
pybtex's own node functions build a rich-text object at every node and merge adjacent
parts each time, about 30 objects per reference; at 10,000 references that alone took
1.9 s here. These node functions return plain lists of ``(text, style)`` segments
instead, and :func:`to_rich_text` builds one pybtex rich text per reference at the end,
which the backends (plain text, HTML, Markdown, LaTeX) turn into markup.

A segment's style is ``None`` (plain), a tag name such as ``"em"``, ``"href"`` (the
text is a URL shown as a link), or one of :data:`IDENTIFIERS` (the text is a DOI, PMID or
PMCID, which a backend with a ``format_identifier`` method, HTML's, links to its
resolver; every other backend writes it as text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pybtex import richtext
from pybtex.backends import BaseBackend
from pybtex.style.template import FieldIsMissing, Node, node

__all__ = [
    "IDENTIFIERS",
    "Compiled",
    "Identifier",
    "Segment",
    "compile_template",
    "first_of",
    "identifier",
    "join",
    "link",
    "optional",
    "render_segments",
    "sentence",
    "tag",
    "to_rich_text",
    "value",
]

Segment = tuple[str, str | None]
IDENTIFIERS = frozenset({"doi", "pmid", "pmcid"})  # the segment styles of identifiers
Context = Mapping[str, Any]
Compiled = Callable[[Context], list[Segment]]

_TERMINAL = (".", "?", "!")
# What a compiled piece raises when its value is missing: one instance, because building
# pybtex's exception formats a message (a third of the cost of a reference's empty pieces),
# and nothing reads it: ``optional`` only catches it. The traceback is reset at each raise.
_MISSING = FieldIsMissing("a piece", None)


def _evaluate(child: Node | str, context: Context) -> list[Segment]:
    if isinstance(child, str):
        return [(child, None)] if child else []
    segments: list[Segment] = child.format_data(context)
    return segments


def _parts(children: Iterable[Node | str], context: Context) -> list[list[Segment]]:
    return [part for part in (_evaluate(child, context) for child in children) if part]


def _join(children: list[Any], context: Context, sep: str = "") -> list[Segment]:
    """The non-empty children, with ``sep`` between them."""
    out: list[Segment] = []
    for index, part in enumerate(_parts(children, context)):
        if index and sep:
            out.append((sep, None))
        out.extend(part)
    return out


def _sentence(children: list[Any], context: Context, sep: str = "") -> list[Segment]:
    """The children joined, ending with a period unless they end in ``.``, ``?`` or ``!``
    (a period after italic text stays outside the italics)."""
    out = _join(children, context, sep)
    if out and not out[-1][0].endswith(_TERMINAL):
        out.append((".", None))
    return out


def _optional(children: list[Any], context: Context) -> list[Segment]:
    """The children, or nothing at all when one of them is missing."""
    try:
        return _join(children, context)
    except FieldIsMissing:
        return []


def _first_of(children: list[Any], context: Context) -> list[Segment]:
    """The first child that is not empty."""
    for child in children:
        part = _evaluate(child, context)
        if part:
            return part
    return []


def _tag(children: list[Any], context: Context, name: str) -> list[Segment]:
    """The children in a style: ``tag("em")`` for italics."""
    return [(text, name if style is None else style) for text, style in _join(children, context)]


def _value(children: list[Any], context: Context, name: str) -> list[Segment]:
    """The piece ``name`` of the context; missing or empty raises ``FieldIsMissing``."""
    if children:
        raise ValueError(children)
    piece = context.get(name)
    if not piece:
        raise FieldIsMissing(name, context.get("reference"))
    return [(str(piece), None)]


def _link(children: list[Any], context: Context, name: str) -> list[Segment]:
    """The piece ``name`` (a URL) as a hyperlink showing itself."""
    if children:
        raise ValueError(children)
    url = context.get(name)
    if not url:
        raise FieldIsMissing(name, context.get("reference"))
    return [(str(url), "href")]


def _identifier(children: list[Any], context: Context, name: str) -> list[Segment]:
    """The piece ``name`` (``doi``, ``pmid`` or ``pmcid``) as an identifier, which the
    HTML backend links to its resolver."""
    if children:
        raise ValueError(children)
    if name not in IDENTIFIERS:
        raise ValueError(f"not an identifier: {name!r}")
    found = context.get(name)
    if not found:
        raise FieldIsMissing(name, context.get("reference"))
    return [(str(found), name)]


join: Node = node(_join)
sentence: Node = node(_sentence)
optional: Node = node(_optional)
first_of: Node = node(_first_of)
tag: Node = node(_tag)
value: Node = node(_value)
link: Node = node(_link)
identifier: Node = node(_identifier)


class Identifier(richtext.String):  # type: ignore[misc]
    """A DOI, PMID or PMCID in rich text: a backend with ``format_identifier`` (HTML)
    links it to its resolver, any other writes it as text."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and self.kind == getattr(other, "kind", None)

    __hash__ = None  # type: ignore[assignment]  # like pybtex's String, compared by value

    def _typeinfo(self) -> tuple[None, tuple[()]]:
        return None, ()  # never merged into the plain text next to it

    def render(self, backend: BaseBackend) -> str:
        linked = getattr(backend, "format_identifier", None)
        return str(linked(self.kind, self.value) if linked else backend.format_str(self.value))


def to_rich_text(segments: list[Segment]) -> richtext.Text:
    """One pybtex rich text from the segments, adjacent plain segments merged first."""
    parts: list[richtext.BaseText] = []
    plain: list[str] = []
    for text, style in segments:
        if style is None:
            plain.append(text)
            continue
        if plain:
            parts.append(richtext.String("".join(plain)))
            plain = []
        if style == "href":
            parts.append(richtext.HRef(text, richtext.String(text)))
        elif style in IDENTIFIERS:
            parts.append(Identifier(style, text))
        else:
            parts.append(richtext.Tag(style, text))
    if plain:
        parts.append(richtext.String("".join(plain)))
    return richtext.Text(*parts)


def render_segments(segments: list[Segment], backend: BaseBackend) -> str:
    """Markup for the segments through a pybtex backend's own ``format_str``,
    ``format_tag`` and ``format_href``: what rendering a rich text does, without building
    one. An identifier goes to the backend's ``format_identifier`` when it has one (HTML
    links it), else it is text."""
    out: list[str] = []
    linked = getattr(backend, "format_identifier", None)
    for text, style in segments:
        if style is None:
            out.append(backend.format_str(text))
        elif style == "href":
            out.append(backend.format_href(text, backend.format_str(text)))
        elif style in IDENTIFIERS:
            out.append(linked(style, text) if linked else backend.format_str(text))
        else:
            out.append(backend.format_tag(style, backend.format_str(text)))
    return "".join(out)


def compile_template(template: Node | str) -> Compiled:
    """Turn a template built from this module's nodes into one Python function.

    The template is still what a style declares (pybtex nodes); compiling it once per
    style removes the per-node dispatch (argument packing, generators) from the work done
    for every reference. ``compile_template(t)(context) == t.format_data(context)``.
    """
    if isinstance(template, str):
        constant: list[Segment] = [(template, None)] if template else []
        return lambda context: constant
    children = [compile_template(child) for child in template.children]
    kwargs = dict(template.kwargs)
    args = list(template.args)
    function = template.f
    if function is _join or function is _sentence:
        sep = kwargs.get("sep", args[0] if args else "")
        period = function is _sentence

        def joined(context: Context) -> list[Segment]:
            out: list[Segment] = []
            for child in children:
                part = child(context)
                if part:
                    if out and sep:
                        out.append((sep, None))
                    out.extend(part)
            if period and out and not out[-1][0].endswith(_TERMINAL):
                out.append((".", None))
            return out

        return joined
    if function is _optional:
        inner = compile_template(join[template.children])

        def optional_(context: Context) -> list[Segment]:
            try:
                return inner(context)
            except FieldIsMissing:
                return []

        return optional_
    if function is _first_of:

        def first(context: Context) -> list[Segment]:
            for child in children:
                part = child(context)
                if part:
                    return part
            return []

        return first
    if function is _tag:
        name = kwargs.get("name", args[0] if args else "")
        inner = compile_template(join[template.children])
        return lambda context: [(text, style or name) for text, style in inner(context)]
    if function is _value or function is _link or function is _identifier:
        key = kwargs.get("name", args[0] if args else "")
        style = {_link: "href", _identifier: key}.get(function)
        if function is _identifier and key not in IDENTIFIERS:
            raise ValueError(f"not an identifier: {key!r}")

        def piece(context: Context) -> list[Segment]:
            found = context.get(key)
            if not found:
                raise _MISSING.with_traceback(None)
            return [(str(found), style)]

        return piece
    fallback: Compiled = template.format_data  # a node of another kind: evaluate it as is
    return fallback
