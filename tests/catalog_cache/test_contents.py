"""The cache holds exactly catalog.load()'s papers, in the same order, abstracts on demand."""

from __future__ import annotations

import random

import pytest

from reader.catalog import files as catalog
from reader.catalog.cache import CatalogCache
from reader.library import Library
from reader.query import SearchIndex, parse
from reader.state import PaperState
from tests.conftest import FIXTURES
from tests.query.generate import query_text


def assert_same(cache: CatalogCache, expected: list) -> None:
    papers = cache.papers()
    assert cache.count == len(expected) == len(papers)
    assert [p.id for p in papers] == [p.id for p in expected]
    assert papers == [p.with_changes(abstract="", extra=()) for p in expected]
    assert all(p.abstract == "" for p in papers)
    assert cache.head(7) == papers[:7]
    assert cache.head(len(papers) + 10) == papers
    for position in random.Random(1).sample(range(len(expected)), min(40, len(expected))):
        assert cache.abstract(position) == expected[position].abstract
        whole = cache.paper(position)
        assert whole == expected[position] and whole.extra == expected[position].extra


def test_the_built_in_catalog_alone():
    cache = CatalogCache.open()
    assert_same(cache, catalog.load())
    assert cache.count == 95


def test_built_in_catalog_with_imported_files():
    files = ("arxiv_atom_legacy_del_maestro.xml", "hf_daily_papers_2026.json",
             "daily-papers-2026-06-12.txt", "daily-papers-2025-10-03.txt")
    Library().add([p for name in files for p in catalog.parse_file(FIXTURES / name)])
    expected = catalog.load()
    assert any(p.extra for p in expected) and len(expected) > 130
    assert_same(CatalogCache.open(), expected)


def test_a_synthetic_library(library, library_loaded):
    expected = catalog.load()
    assert expected == library_loaded  # what the other tests compare with
    assert len(expected) > 400 and any("Café" in p.title for p in expected)
    cache = CatalogCache.open()
    assert_same(cache, expected)
    assert cache.head(3)[0].upvotes is None or expected[0].upvotes == cache.head(1)[0].upvotes


def test_head_reads_only_the_first_chunk(library, monkeypatch):
    cache = CatalogCache.open()
    read = []
    whole = cache._file.whole
    monkeypatch.setattr(cache._file, "whole", lambda name: read.append(name) or whole(name))
    assert len(cache.head(40)) == 40
    assert read == ["rec.0"]


def test_the_search_index_agrees_with_one_built_from_papers(library):
    expected = catalog.load()
    rng = random.Random(4)
    states = {p.id: PaperState(read=rng.random() < 0.4, starred=rng.random() < 0.2,
                               tags=("mine",) if rng.random() < 0.1 else (),
                               note="n" if rng.random() < 0.1 else "")
              for p in expected if rng.random() < 0.5}
    cache = CatalogCache.open()
    cached, memory = cache.search_index(states), SearchIndex(expected, states)
    for _ in range(150):
        query = parse(query_text(rng))
        assert cached.filter(query) == memory.filter(query), query
    cache.papers()
    assert cache.search_index(states).filter(parse("is:read")) == memory.filter(parse("is:read"))


@pytest.mark.parametrize("position", [0, 94])
def test_abstracts_are_cached_and_read_on_demand(position):
    cache = CatalogCache.open()
    text = cache.abstract(position)
    assert text == catalog.load()[position].abstract
    assert cache.abstract(position) is text
