"""The search query language: parse text to a `Query`, filter a `SearchIndex`, sort, save.

    query = parse("tag:serving -tag:survey has:code")   # QueryError when malformed
    query.describe()                                     # "tagged serving, not tagged survey, with code"
    index = SearchIndex(papers, states)                  # once; index.update_state(id, state) after changes
    positions = index.filter(query)                      # page-order positions into `papers`
    sort_indices(index, positions, "date")

`LiveSearch` wraps this for a search box: last good result on errors, narrowing, caching.
"""

from importlib import import_module
from typing import TYPE_CHECKING

# Each name's module is imported when the name is first used (PEP 562), not with the package:
# `reader.query.store` or `.terms` alone stay cheap, and the reader paints its first frame
# before it needs the engine (~10 ms of imports).
_HOMES = {
    "SearchIndex": "index", "QueryError": "lexer", "LiveSearch": "live",
    "SearchResult": "live", "can_narrow": "narrow", "narrows": "narrow", "SYNTAX": "parser",
    "parse": "parser", "SavedSearch": "saved", "delete_search": "saved",
    "load_saved": "saved", "save_search": "saved", "SORT_KEYS": "sort",
    "sort_indices": "sort",
    **{name: "nodes" for name in ("MATCH_ALL", "And", "Date", "Has", "Is", "MatchAll", "Not",
                                   "Number", "Or", "Query", "Tag", "Text", "combine")},
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'reader.query' has no attribute {name!r}")
    value = getattr(import_module(f"reader.query.{home}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from reader.query.index import SearchIndex
    from reader.query.lexer import QueryError
    from reader.query.live import LiveSearch, SearchResult
    from reader.query.narrow import can_narrow, narrows
    from reader.query.nodes import (
        MATCH_ALL,
        And,
        Date,
        Has,
        Is,
        MatchAll,
        Not,
        Number,
        Or,
        Query,
        Tag,
        Text,
        combine,
    )
    from reader.query.parser import SYNTAX, parse
    from reader.query.saved import SavedSearch, delete_search, load_saved, save_search
    from reader.query.sort import SORT_KEYS, sort_indices

__all__ = [
    "MATCH_ALL", "SORT_KEYS", "SYNTAX", "And", "Date", "Has", "Is", "LiveSearch", "MatchAll", "Not",
    "Number", "Or", "Query", "QueryError", "SavedSearch", "SearchIndex", "SearchResult", "Tag",
    "Text", "can_narrow", "combine", "delete_search", "load_saved", "narrows", "parse",
    "save_search", "sort_indices",
]
