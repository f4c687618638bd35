"""The entries a printing command (list, links, export) shows: `--query` and `--sort` over
the library answered by the catalog cache's search index, so only the hits are read whole
(a query's 100 hits among 100,000 papers read ~100 abstracts, not every paper)."""

from __future__ import annotations

import argparse
import sys

from reader.commands.common import Entry, load_entries, load_states
from reader.query.fuzzy import search as fuzzy_search
from reader.query.nodes import Query
from reader.query.select import select
from reader.query.sort import sort_indices
from reader.state import PaperState


def selected_entries(args: argparse.Namespace, query: Query) -> list[Entry]:
    """The entries matching `query` in `args.sort` order (same as `select(load_entries())`)."""
    if args.files:
        return select(load_entries(args), query, args.sort)
    from reader.catalog.cache import CatalogCache
    from reader.catalog.progress import TerminalBar

    bar = TerminalBar()
    try:
        cache = CatalogCache.open(report=bar)  # a first build shows its progress
    finally:
        bar.close()
    try:
        states = load_states(args)  # synced, as load_entries does
        index = cache.search_index(states)
        found = fuzzy_search(index, query)  # the same typo fallback as `select`
        if found.corrected is not None:
            print(f"reader: {found.note()}", file=sys.stderr)
        positions = sort_indices(index, found.positions, args.sort)
        # Read in page order (each chunk decoded once), then put in the sort's order.
        in_page_order = sorted(positions)
        papers = dict(zip(in_page_order, cache.full_papers(in_page_order), strict=True))
        blank = PaperState()
        return [Entry(papers[n], states.get(papers[n].id, blank)) for n in positions]
    finally:
        cache.close()
