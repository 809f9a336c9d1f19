"""The error contract: every public function's bad input raises a documented
``MiRefsError`` subclass, never a bare ``KeyError``, ``ValueError`` or ``TypeError``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

import mi_refs
from mi_refs import errors

BIB = mi_refs.loads("@article{a, author = {Doe, Jane}, title = {T}, journal = {J}, year = 2020}")


def test_every_exception_is_in_errors_exported_and_a_mi_refs_error() -> None:
    defined = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, BaseException)
    }
    assert defined == set(errors.__all__)
    for name in defined:
        assert issubclass(getattr(errors, name), mi_refs.MiRefsError), name
        assert getattr(mi_refs, name) is getattr(errors, name), name


def test_no_exception_class_outside_errors() -> None:
    import pkgutil

    import mi_refs as package

    for module_info in pkgutil.walk_packages(package.__path__, "mi_refs."):
        if module_info.name.endswith("__main__"):
            continue  # importing it runs the command line
        module = __import__(module_info.name, fromlist=["_"])
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
                and module.__name__ not in {"mi_refs.errors", "mi_refs.cli"}
            ):
                pytest.fail(f"{module.__name__}.{name} is an exception outside mi_refs.errors")


BAD_CALLS: list[tuple[str, Callable[[], Any], type[mi_refs.MiRefsError]]] = [
    (
        "render order with an unknown key",
        lambda: mi_refs.render(BIB, order=["a", "nope"]),
        mi_refs.InvalidArgumentError,
    ),
    ("render unknown style", lambda: mi_refs.render(BIB, style="apa"), mi_refs.UnknownStyleError),
    (
        "render unknown format",
        lambda: mi_refs.render(BIB, format="rtf"),
        mi_refs.UnknownFormatError,
    ),
    (
        "format_report unknown format",
        lambda: mi_refs.format_report(mi_refs.check(BIB, online=False), "xml"),
        mi_refs.UnknownFormatError,
    ),
    (
        "HouseOptions with a string for a flag",
        lambda: mi_refs.HouseOptions(doi="false"),  # type: ignore[arg-type]
        mi_refs.InvalidArgumentError,
    ),
    (
        "HouseOptions with a count below 1",
        lambda: mi_refs.HouseOptions(et_al_min=0),
        mi_refs.InvalidArgumentError,
    ),
    (
        "HouseOptions with a string count",
        lambda: mi_refs.HouseOptions(et_al_min="3"),  # type: ignore[arg-type]
        mi_refs.InvalidArgumentError,
    ),
    (
        "check with an ignore rule without a reason",
        lambda: mi_refs.check(BIB, online=False, ignore=[{"key": "a"}]),
        mi_refs.InvalidArgumentError,
    ),
    (
        "check with an ignore rule that is not a table",
        lambda: mi_refs.check(BIB, online=False, ignore=["a"]),  # type: ignore[list-item]
        mi_refs.InvalidArgumentError,
    ),
    (
        "Finding with an unknown code",
        lambda: mi_refs.Finding("no-such-code", mi_refs.Severity.ERROR, "x"),
        mi_refs.InvalidArgumentError,
    ),
    (
        "the text of a Word result",
        lambda: mi_refs.CitedDocument(b"PK", mi_refs.CitationRegistry(), "docx").text,
        mi_refs.UnsupportedDocumentError,
    ),
    (
        "cite_text with the docx format",
        lambda: mi_refs.cite_text("x", BIB, format="docx"),  # type: ignore[arg-type]
        mi_refs.UnknownFormatError,
    ),
    (
        "cite_file with an unknown suffix",
        lambda: mi_refs.cite_file("letter.rtf", BIB),
        mi_refs.UnknownFormatError,
    ),
    (
        "cite_docx of what is not Word",
        lambda: mi_refs.cite_docx(b"x", BIB),
        mi_refs.UnreadableFileError,
    ),
    (
        "load of a missing file",
        lambda: mi_refs.load("/nonexistent/x.bib"),
        mi_refs.UnreadableFileError,
    ),
]


@pytest.mark.parametrize(("what", "call", "expected"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
def test_bad_input_raises_a_mi_refs_error(
    what: str, call: Callable[[], Any], expected: type[mi_refs.MiRefsError]
) -> None:
    with pytest.raises(expected):
        call()
