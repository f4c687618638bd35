"""`LiveSearch`: the search box's engine. Text in, matching positions out, per keystroke.

It combines the sidebar choice (`base`) with the typed query, keeps the last good result when
the text does not parse, remembers recent results (backspace is free), and evaluates a query
that refines a remembered one within that smaller result.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from reader.query.index import SearchIndex
from reader.query.lexer import QueryError
from reader.query.narrow import residual
from reader.query.nodes import MATCH_ALL, And, Has, Is, MatchAll, Not, Or, Query, Tag, combine
from reader.query.parser import parse


@dataclass(frozen=True, slots=True)
class SearchResult:
    """What the list shows: `positions` (page order) of `query`, the last query that parsed.

    `error` is set when `text` did not parse; `query` and `positions` are then the previous
    good ones, and `error.position` is where in `text` the problem is.
    """

    text: str
    query: Query
    positions: tuple[int, ...]
    error: QueryError | None = None

    def describe(self) -> str:
        """The whole filter in words, for the status line."""
        return self.query.describe()


def depends_on_state(query: Query) -> bool:
    """True when the answer can change with read/starred/user tags/note."""
    if isinstance(query, Is | Tag):
        return True
    if isinstance(query, Has):
        return query.value == "note"
    if isinstance(query, Not):
        return depends_on_state(query.child)
    if isinstance(query, And | Or):
        return any(depends_on_state(child) for child in query.children)
    return False


class LiveSearch:
    """Call `update(text)` on every keystroke; `set_base` when the sidebar choice changes;
    `refresh()` after `index.update_state` or `index.extend` so the list sees the change.

    Not thread-safe: use the index and its LiveSearch from one thread at a time.
    """

    def __init__(self, index: SearchIndex, base: Query = MATCH_ALL, cache_size: int = 12) -> None:
        self.index = index
        self.base = base
        self.cache_size = cache_size
        self._cache: OrderedDict[Query, tuple[int, ...]] = OrderedDict()
        self._generation = index.generation
        self._size = len(index)
        self._typed: Query = MATCH_ALL
        self.result = SearchResult("", base, self._run(base))

    def update(self, text: str) -> SearchResult:
        try:
            typed = parse(text)
        except QueryError as error:
            previous = self.result
            self.result = SearchResult(text, previous.query, previous.positions, error)
            return self.result
        self._typed = typed
        query = combine(self.base, typed)
        self.result = SearchResult(text, query, self._run(query))
        return self.result

    def set_base(self, base: Query) -> SearchResult:
        """Change the sidebar part of the filter; the typed part stays."""
        self.base = base
        query = combine(base, self._typed)
        error = self.result.error
        self.result = SearchResult(self.result.text, query, self._run(query), error)
        return self.result

    def refresh(self) -> SearchResult:
        """Recompute the current result (after reading state changed)."""
        previous = self.result
        self.result = SearchResult(previous.text, previous.query, self._run(previous.query),
                                   previous.error)
        return self.result

    def count(self, query: Query) -> int:
        """How many papers `query` matches (saved searches' live counts), cached too."""
        return len(self._run(query))

    def _run(self, query: Query) -> tuple[int, ...]:
        if len(self.index) != self._size:  # papers were added: every result may grow
            self._size = len(self.index)
            self._cache.clear()
        if self.index.generation != self._generation:
            self._generation = self.index.generation
            for stale in [q for q in self._cache if depends_on_state(q)]:
                del self._cache[stale]
        cached = self._cache.get(query)
        if cached is not None:
            self._cache.move_to_end(query)
            return cached
        within: tuple[int, ...] | None = None
        todo = query
        for previous, positions in self._cache.items():
            if (within is None or len(positions) < len(within)) and query.narrows(previous):
                within, todo = positions, residual(query, previous)
        if within is not None and isinstance(todo, MatchAll):
            result = within  # the earlier result already satisfies every part
        else:
            result = tuple(self.index.filter(todo, within))
        self._cache[query] = result
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return result
