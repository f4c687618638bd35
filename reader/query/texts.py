"""Each paper's folded title and abstract, read from the store on demand (neighbours in one
read), for checking a candidate paper against a phrase or a field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from reader.query.store import Store
from reader.query.terms import unpack_array

RUN_GAP = 16 * 1024  # read neighbouring abstracts in one go when this close
RUN_MAX = 1024 * 1024


class PaperTexts:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.title_starts = unpack_array("I", store.whole("titles.starts"))
        self._titles: bytes | None = None
        self.starts = unpack_array("Q", store.whole("abs.starts"))
        self.folded = store.whole("abs.folded")
        self.fold_starts = unpack_array("Q", store.whole("abs.fold_starts")) \
            if any(self.folded) else None

    def title(self, position: int) -> bytes:
        start, end = self.title_starts[position], self.title_starts[position + 1] - 1
        if self._titles is not None:
            return self._titles[start:end]
        return self.store.read("titles", start, end - start)

    def in_title(self, value: bytes, position: int) -> bool:
        return value in self.title(position)

    def all_titles(self) -> bytes:
        """Every folded title, kept in memory from now on (for sorting by title)."""
        if self._titles is None:
            self._titles = self.store.whole("titles")
        return self._titles

    def folded_titles(self, positions: Iterable[int],
                      tick: Callable[[], None] | None = None) -> Iterator[tuple[int, bytes]]:
        """(position, folded title) for ascending `positions`, neighbours read together."""
        yield from self._runs("titles", self.title_starts, positions, tick, 1)

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
        folded = self.folded
        plain = []
        for position in positions:
            if folded[position]:
                yield position, self.folded_abstract(position)
            else:
                plain.append(position)
        for position, text in self._runs("abs.raw", self.starts, plain, tick, 0):
            yield position, text.lower()

    def _runs(self, name: str, starts, positions: Iterable[int],  # noqa: ANN001
              tick: Callable[[], None] | None, gap: int) -> Iterator[tuple[int, bytes]]:
        """Slices of part `name` (item p is starts[p]..starts[p+1]-gap) for ascending
        `positions`, reading neighbours in one go."""
        run: list[int] = []
        for count, position in enumerate(positions, 1):
            if run and (starts[position] - starts[run[-1] + 1] > RUN_GAP
                        or starts[position + 1] - starts[run[0]] > RUN_MAX):
                yield from self._run(name, starts, run, gap)
                run = []
            run.append(position)
            if tick is not None and count % 512 == 1:
                tick()
        if run:
            yield from self._run(name, starts, run, gap)

    def _run(self, name: str, starts, run: list[int], gap: int  # noqa: ANN001
             ) -> Iterator[tuple[int, bytes]]:
        base = starts[run[0]]
        data = self.store.read(name, base, starts[run[-1] + 1] - base)
        for position in run:
            yield position, data[starts[position] - base: starts[position + 1] - base - gap]
