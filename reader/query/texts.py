"""Each paper's folded title and abstract, read from the store on demand (neighbours in one
read), for checking a candidate paper against a phrase or a field."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

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

    def raw_abstract(self, position: int) -> bytes:
        start = self.starts[position]
        return self.store.read("abs.raw", start, self.starts[position + 1] - start)

    def folded_abstract(self, position: int) -> bytes:
        if self.folded[position]:
            start = self.fold_starts[position]
            return self.store.read("abs.fold", start, self.fold_starts[position + 1] - start)
        return self.raw_abstract(position).lower()

    def search(self, value: bytes, positions: list[int], field: str,
               tick: Callable[[], None] | None = None) -> list[int]:
        """The `positions` (ascending) whose folded title (field "title") or abstract
        ("abstract") contains `value`: neighbours read together and searched with one
        bytes.find per match, not one test per paper."""
        if field == "title":
            return self._search("titles", self.title_starts, positions, value, 1, tick)
        folded, plain = self.folded, []
        found = []
        for position in positions:
            if not folded[position]:
                plain.append(position)
            elif value in self.folded_abstract(position):
                found.append(position)
        found.extend(self._search("abs.raw", self.starts, plain, value, 0, tick))
        return sorted(found)

    def _search(self, name: str, starts, positions: list[int], value: bytes,  # noqa: ANN001
                gap: int, tick: Callable[[], None] | None) -> list[int]:
        found: list[int] = []
        run: list[int] = []
        for count, position in enumerate(positions, 1):
            if run and (starts[position] - starts[run[-1] + 1] > RUN_GAP
                        or starts[position + 1] - starts[run[0]] > RUN_MAX):
                found.extend(self._search_run(name, starts, run, value, gap))
                run = []
            run.append(position)
            if tick is not None and count % 512 == 1:
                tick()
        if run:
            found.extend(self._search_run(name, starts, run, value, gap))
        return found

    def _search_run(self, name: str, starts, run: list[int], value: bytes,  # noqa: ANN001
                    gap: int) -> list[int]:
        first, last = run[0], run[-1]
        base = starts[first]
        data = self.store.read(name, base, starts[last + 1] - base)
        if name == "abs.raw":
            data = data.lower()
        members, found, size = set(run), [], len(value)
        at = data.find(value)
        while at >= 0:
            position = bisect_right(starts, base + at, first, last + 1) - 1
            following = starts[position + 1] - base
            if position in members and at + size <= following - gap:
                found.append(position)
            at = data.find(value, following)
        return found
