"""`list`, `links`, `export` answer `--query`/`--sort` from the cache's index and read only
the hits whole: the same entries, in the same order, as selecting among every paper."""

from __future__ import annotations

import argparse

import pytest

from reader import paths
from reader.catalog.cache import CatalogCache
from reader.commands.common import load_entries
from reader.commands.selected import selected_entries
from reader.query import parse
from reader.query.select import select
from reader.state import PaperState, StateStore

QUERIES = ["", "tag:serving", "has:code is:unread", "cache OR llm", "is:starred", "upvotes:>100",
           "-tag:llm after:2024-03-01", "García", "nothing-matches-this-zzz"]


@pytest.mark.parametrize("sort", ["page", "date", "title", "upvotes", "unread"])
def test_same_entries_as_selecting_among_all(library, sort):
    store = StateStore(paths.default_state_path())
    ids = [p.id for p in library.papers()]
    for n, paper_id in enumerate(ids[::9]):
        store.put(paper_id, PaperState(read=bool(n % 2), starred=n % 3 == 0))
    store.close()
    args = argparse.Namespace(files=[], db=None)
    for text in QUERIES:
        query = parse(text)
        expected = select(load_entries(args), query, sort)
        args.sort = sort
        found = selected_entries(args, query)
        assert [e.to_dict() for e in found] == [e.to_dict() for e in expected], text


def test_full_papers_of_positions_in_any_order(library, library_loaded):
    cache = CatalogCache.open()
    try:
        positions = [len(library_loaded) - 1, 0, 300, 5, 4200 % len(library_loaded), 300]
        found = list(cache.full_papers(positions))
        assert found == [library_loaded[n] for n in positions]
        assert cache.paper(7) == library_loaded[7]
    finally:
        cache.close()
