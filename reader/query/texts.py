"""Each paper's folded title (in memory) and abstract (read from the store on demand), for
checking a candidate paper against a phrase or a field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from reader.query.store import Store
from reader.query.terms import unpack_array

RUN_GAP = 16 * 1024  # read neighbouring abstracts in one go when this close
RUN_MAX = 1024 * 1024


class PaperTexts:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.titles = store.whole("titles")
        self.title_starts = unpack_array("I", store.whole("titles.starts"))
        self.starts = unpack_array("Q", store.whole("abs.starts"))
        self.folded = store.whole("abs.folded")
        self.fold_starts = unpack_array("Q", store.whole("abs.fold_starts")) \
            if any(self.folded) else None

    def title(self, position: int) -> bytes:
        return self.titles[self.title_starts[position]: self.title_starts[position + 1] - 1]

    def in_title(self, value: bytes, position: int) -> bool:
        starts = self.title_starts
        return self.titles.find(value, starts[position], starts[position + 1] - 1) >= 0

    def raw_abstract(self, position: int) -> bytes:
        start = self.starts[position]
        return self.store.read("abs.raw", start, self.starts[position + 1] - start)

    def folded_abstract(self, position: int) -> bytes:
        if self.folded[position]:
            start = self.fold_starts[position]
            return self.store.read("abs.fold", start, self.fold_starts[position + 1] - start)
        return self.raw_abstract(position).lower()

    def folded_abstracts(self, positions: Iterable[int],
                         tick: Callable[[], None] | None = None) -> Iterator[tuple[int, bytes]]:
        """(position, folded abstract) for ascending `positions`, neighbours read together."""
        starts, folded = self.starts, self.folded
        run: list[int] = []
        for count, position in enumerate(positions, 1):
            if folded[position]:
                yield position, self.folded_abstract(position)
                continue
            if run and (starts[position] - starts[run[-1] + 1] > RUN_GAP
                        or starts[position + 1] - starts[run[0]] > RUN_MAX):
                yield from self._run(run)
                run = []
            run.append(position)
            if tick is not None and not count % 512:
                tick()
        if run:
            yield from self._run(run)

    def _run(self, run: list[int]) -> Iterator[tuple[int, bytes]]:
        starts = self.starts
        base = starts[run[0]]
        data = self.store.read("abs.raw", base, starts[run[-1] + 1] - base).lower()
        for position in run:
            yield position, data[starts[position] - base: starts[position + 1] - base]
