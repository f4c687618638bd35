"""`--query` and `--sort` for commands that print papers (list, links, export)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Protocol, TypeVar

from reader.model import Paper
from reader.query.fuzzy import search as fuzzy_search
from reader.query.index import SearchIndex
from reader.query.nodes import MatchAll, Query
from reader.query.sort import SORT_KEYS, sort_indices
from reader.state.model import PaperState


class _Entry(Protocol):
    @property
    def paper(self) -> Paper: ...

    @property
    def state(self) -> PaperState: ...


E = TypeVar("E", bound=_Entry)


def add_query_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--query", metavar="Q", default="",
        help='only papers matching the search query Q, e.g. "tag:serving has:code is:unread"',
    )
    parser.add_argument(
        "--sort", choices=SORT_KEYS, default="page",
        help="order: page (default), date (newest first), title, upvotes, stars, unread "
             "first, foryou (like the papers you starred, tagged or read in full)",
    )


def select(entries: Sequence[E], query: Query, sort: str = "page") -> list[E]:
    """The entries (each with .paper and .state) matching `query`, in `sort` order."""
    if isinstance(query, MatchAll) and sort == "page":
        return list(entries)
    index = SearchIndex([e.paper for e in entries], {e.paper.id: e.state for e in entries})
    found = fuzzy_search(index, query)  # a misspelt word that matches nothing is corrected
    if found.corrected is not None:  # said to the person at the keyboard; pipes stay clean
        print(f"reader: {found.note()}", file=sys.stderr)
    positions = sort_indices(index, found.positions, sort)
    return [entries[i] for i in positions]
