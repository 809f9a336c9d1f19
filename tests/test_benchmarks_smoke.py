"""The benchmark scripts import and make their synthetic data (tiny sizes; nothing timed)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def scripts():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield {
            name: importlib.import_module(name)
            for name in ("harness", "render", "cite", "validate", "startup")
        }
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_generator_is_deterministic(scripts):
    harness = scripts["harness"]
    first = [a.to_bibtex() for a in harness.generate_articles(20, 7)]
    assert first == [a.to_bibtex() for a in harness.generate_articles(20, 7)]
    assert len({a.key for a in harness.generate_articles(200, 7)}) == 200
    assert all(a.to_csl_json()["id"] for a in harness.generate_articles(5, 7, plain=True))


def test_cite_document_cites_every_article(scripts):
    articles = scripts["harness"].generate_articles(30, 1)
    doc = scripts["cite"].generate_document(articles, 120, 1)
    assert doc.citations == 120
    assert doc.cited_keys == 30
    assert "::: {#refs}" in doc.text


def test_validate_dataset_and_records(scripts):
    validate = scripts["validate"]
    dataset = validate.generate(50, 3)
    assert len(dataset.planted) == 2
    assert dataset.bibtex().count("@article{") == 50
    assert dataset.edited_doi in dataset.bibtex(edited=True)
    article = dataset.articles[0]
    assert validate.esummary(article)["uid"] == article.pmid
    assert validate.crossref(article)["DOI"] == article.doi
    assert validate.medline(article).startswith(f"PMID- {article.pmid}\n")


def test_startup_commands(scripts):
    startup = scripts["startup"]
    argv = startup.mi_refs("--version")
    assert argv[-1] == "--version" and "from mi_refs.cli import run" in argv[2]
    assert "PYTHONDONTWRITEBYTECODE" not in startup.environment()
