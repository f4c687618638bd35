"""The sidebar's numbers for a reading session: per view, tag, day and saved search.

A mixin of `ReadingSession`; every method reads the session's filters, index and live
search, and may run in a worker thread in a large session (`counts()` is what the UI asks).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from reader.filters import VIEWS


class SessionCounts:
    def _typed(self):
        from reader.query import QueryError, parse

        try:
            return parse(self.search)
        except QueryError:
            return self.live.result.query

    def _positions(self, query) -> Sequence[int]:
        """Positions (page order) matching `query`."""
        from reader.query import bits

        return bits.positions(self.index.match(query), len(self.index))

    def _in_collection(self, positions: Iterable[int]) -> list[int]:
        if not self.filters.collection:
            return list(positions)
        wanted, papers = self.filters.collection, self.papers
        return [i for i in positions
                if papers[i].collection == wanted or wanted in papers[i].also_in]

    def counts(self) -> dict[str, object]:
        """Everything the sidebar shows; may run in a worker thread in a large session."""
        return {
            "views": self.view_counts(),
            "tags": self.tag_counts(),
            "all_tags": self.all_tags(),
            "collections": self.collection_counts(),
            "saved": self.saved_counts(),
            "new": len(self.new_positions()),
        }

    def new_positions(self) -> list[int]:
        """The papers new since the last session (`known`: the ids known then)."""
        from reader.seen import new_positions

        return new_positions(self.papers, self.known)

    def view_counts(self) -> dict[str, int]:
        """For each view: how many papers it would show with the current tags and search."""
        from reader.query import combine

        typed = self._typed()
        counts = {}
        for view, _ in VIEWS:
            query = combine(self.filters.base(view=view), typed)
            if self.filters.collection:
                counts[view] = len(self._in_collection(self._positions(query)))
            else:
                counts[view] = self.live.count(query)
        return counts

    def tag_counts(self) -> Counter[str]:
        """For each tag: how many papers in the current view, day and search carry it;
        when chosen tags must all match, of the papers they leave (so the counts narrow as
        tags are chosen); when any may match, of the papers before the tags."""
        from reader.query import combine

        with_tags = self.filters.tag_mode == "all"
        query = combine(self.filters.base(with_tags=with_tags), self._typed())
        counts: Counter[str] = Counter()
        for i in self._in_collection(self._positions(query)):
            counts.update(self.paper_tags(self.papers[i]))
        return counts

    def collection_counts(self) -> Counter[str]:
        """For each collection: how many papers the current view, tags and search leave."""
        from reader.query import combine

        query = combine(self.filters.base(), self._typed())
        papers, positions = self.papers, self._positions(query)
        counts = Counter(papers[i].collection for i in positions)
        # a paper on several days counts in each of them (issue 16)
        counts.update(name for i in positions if papers[i].also_in for name in papers[i].also_in)
        return counts

    def saved_counts(self) -> dict[str, int]:
        """Each saved search's live count over the whole catalog (like newsboat query feeds)."""
        from reader.query import QueryError, parse

        counts = {}
        for search in self.saved:
            try:
                counts[search.name] = self.live.count(parse(search.query))
            except QueryError:
                counts[search.name] = 0
        return counts

    def all_tags(self) -> list[str]:
        """Every tag in the session, most common first, ties by name (user tags included).

        The order must not depend on set order (the hash seed), or the sidebar would
        shuffle tags of equal count from one run to the next.
        """
        counts = Counter(self.index.tags())
        for state in self.states.values():
            counts.update(t for t in state.tags if t not in counts)
        return sorted(counts, key=lambda tag: (-counts[tag], tag))
