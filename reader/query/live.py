"""`LiveSearch`: the search box's engine. Text in, matching positions out, per keystroke.

It combines the sidebar choice (`base`) with the typed query, keeps the last good result when
the text does not parse, remembers recent answers (backspace is free), and evaluates a query
that refines a remembered one within that smaller answer.

With `limit` set (the rows on screen), `update` returns at once with the first `limit`
matches in display order; when that is not every match (`result.complete` is False), call
`complete(result)` in a worker thread for the rest, while the UI thread goes on typing:

    live = LiveSearch(index, limit=40)
    result = live.update(text)                  # UI thread: a few ms even at 100k papers
    if not result.complete:
        full = live.complete(result, tick)      # worker thread; `tick` may raise to cancel
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reader.query import bits
from reader.query.index import SearchIndex
from reader.query.lexer import QueryError
from reader.query.narrow import residual
from reader.query.nodes import (
    MATCH_ALL,
    And,
    Has,
    Is,
    MatchAll,
    Not,
    Or,
    Query,
    Tag,
    Text,
    combine,
)
from reader.query.parser import parse


@dataclass(frozen=True, slots=True)
class SearchResult:
    """What the list shows: `positions` (display order) of `query`, the last query that parsed.

    `error` is set when `text` did not parse; `query` and `positions` are then the previous
    good ones, and `error.position` is where in `text` the problem is. `complete` is False
    when `positions` is only the first screenful; `count` is the number of matches when known.
    """

    text: str
    query: Query
    positions: tuple[int, ...]
    error: QueryError | None = None
    complete: bool = True
    count: int | None = None

    def describe(self) -> str:
        """The whole filter in words, for the status line."""
        return self.query.describe()


def depends_on_state(query: Query) -> bool:
    """True when the answer can change with read/starred/user tags/note."""
    if isinstance(query, Is | Tag):
        return True
    if isinstance(query, Text):
        return query.field == "note"
    if isinstance(query, Has):
        return query.value == "note"
    if isinstance(query, Not):
        return depends_on_state(query.child)
    if isinstance(query, And | Or):
        return any(depends_on_state(child) for child in query.children)
    return False


class _OverBudget(Exception):
    """The full answer takes longer than the keystroke may wait."""


class LiveSearch:
    """Call `update(text)` on every keystroke; `set_base` when the sidebar choice changes;
    `refresh()` after `index.update_state` or `index.extend` so the list sees the change.

    `update`, `set_base`, `refresh` and `set_order` belong to one thread (the UI's);
    `complete` and `count` may run in other threads at the same time.

    With `limit` and `budget` (seconds), `update` first tries the whole answer for that long
    (usually it takes a millisecond or two: the query refines a remembered answer) and only
    when that is not enough settles for the first screenful; the count is then known at once
    whenever the whole answer was, and `complete` only puts the rest in order.
    """

    def __init__(self, index: SearchIndex, base: Query = MATCH_ALL, cache_size: int = 32,
                 limit: int | None = None, order: Sequence[int] | None = None,
                 budget: float | None = None) -> None:
        self.index = index
        self.base = base
        self.cache_size = cache_size
        self.limit = limit
        self.order = order
        self.budget = budget
        self._lock = threading.Lock()
        self._cache: OrderedDict[Query, int] = OrderedDict()
        self._generation = index.generation
        self._size = len(index)
        self._typed: Query = MATCH_ALL
        self.result = self._show("", base)

    def update(self, text: str) -> SearchResult:
        try:
            typed = parse(text)
        except QueryError as error:
            self.result = replace(self.result, text=text, error=error)
            return self.result
        self._typed = typed
        self.result = self._show(text, combine(self.base, typed))
        return self.result

    @property
    def typed(self) -> Query:
        """The query of the search text (without the sidebar's part)."""
        return self._typed

    def show_typed(self, typed: Query) -> SearchResult:
        """Search `typed` instead of the text's own query, the text staying as it is: the
        text with its misspelt words corrected (`reader.query.fuzzy.correct(index,
        live.typed)`, when the text matched nothing). The next `update` forgets it."""
        self._typed = typed
        self.result = self._show(self.result.text, combine(self.base, typed))
        return self.result

    def set_base(self, base: Query) -> SearchResult:
        """Change the sidebar part of the filter; the typed part stays."""
        self.base = base
        self.result = self._show(self.result.text, combine(base, self._typed), self.result.error)
        return self.result

    def set_order(self, order: Sequence[int] | None) -> SearchResult:
        """Show matches in `order` (positions of every paper, e.g. sorted by date)."""
        self.order = order
        return self.refresh()

    def refresh(self) -> SearchResult:
        """Recompute the current result (after reading state changed)."""
        previous = self.result
        self.result = self._show(previous.text, previous.query, previous.error)
        return self.result

    def complete(self, result: SearchResult | None = None,
                 tick: Callable[[], None] | None = None) -> SearchResult:
        """`result` (default: the current one) with every match. Safe in a worker thread;
        `tick` is called now and then, and may raise to abandon the work."""
        result = self.result if result is None else result
        if result.complete:
            return result
        found = self._answer(result.query, tick)
        positions = tuple(bits.in_order(found, len(self.index), self.order))
        full = replace(result, positions=positions, complete=True, count=len(positions))
        with self._lock:
            if self.result is result:
                self.result = full
        return full

    def count(self, query: Query, tick: Callable[[], None] | None = None) -> int:
        """How many papers `query` matches (saved searches' live counts), cached too."""
        return self._answer(query, tick).bit_count()

    def _show(self, text: str, query: Query, error: QueryError | None = None) -> SearchResult:
        self._notice_changes()
        size, limit = len(self.index), self.limit
        found = self._cached(query)
        if found is None and limit is None:
            found = self._answer(query)
        if found is None and self.budget:
            found = self._answer_within_budget(query)
        if found is not None:
            positions = bits.in_order(found, size, self.order, limit)
            count = found.bit_count()
            return SearchResult(text, query, tuple(positions), error, len(positions) == count,
                                count)
        within, todo = self._narrowest(query)
        screen = self.index.first(todo, limit, within, self.order)
        count = None
        if screen.answer is not None:
            self._remember(query, screen.answer)
            count = screen.answer.bit_count()
        return SearchResult(text, query, tuple(screen.positions), error, screen.complete, count)

    def _answer_within_budget(self, query: Query) -> int | None:
        """The whole answer if it takes at most `budget` seconds, else None."""
        deadline = time.perf_counter() + self.budget

        def tick() -> None:
            if time.perf_counter() > deadline:
                raise _OverBudget

        try:
            return self._answer(query, tick)
        except _OverBudget:
            return None

    def _answer(self, query: Query, tick: Callable[[], None] | None = None) -> int:
        """The bit set of every match, from the cache or computed (and remembered)."""
        self._notice_changes()
        found = self._cached(query)
        if found is None:
            within, todo = self._narrowest(query)
            if within is not None and isinstance(todo, MatchAll):
                found = within  # the earlier answer already satisfies every part
            else:
                found = self.index.match(todo, within, tick)
            self._remember(query, found)
        return found

    def _notice_changes(self) -> None:
        with self._lock:
            if len(self.index) != self._size:  # papers were added: every answer may grow
                self._size = len(self.index)
                self._cache.clear()
            if self.index.generation != self._generation:
                self._generation = self.index.generation
                for stale in [q for q in self._cache if depends_on_state(q)]:
                    del self._cache[stale]

    def _cached(self, query: Query) -> int | None:
        with self._lock:
            found = self._cache.get(query)
            if found is not None:
                self._cache.move_to_end(query)
            return found

    def _narrowest(self, query: Query) -> tuple[int | None, Query]:
        """The smallest remembered answer that `query` refines, and what is left to check."""
        within: int | None = None
        todo, smallest = query, None
        with self._lock:
            remembered = list(self._cache.items())
        for previous, found in remembered:
            count = found.bit_count()
            if (smallest is None or count < smallest) and query.narrows(previous):
                within, todo, smallest = found, residual(query, previous), count
        return within, todo

    def _remember(self, query: Query, found: int) -> None:
        with self._lock:
            self._cache[query] = found
            self._cache.move_to_end(query)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
