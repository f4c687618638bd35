"""Each paper's folded title and abstract, read from the store on demand (neighbours in one
read), for checking a candidate paper against a phrase or a field."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from reader.query import bits
from reader.query.store import Store
from reader.query.terms import unpack_array

WINDOW = 1024 * 1024  # bytes of neighbouring papers read and searched at once
ALONE = 16 * 1024  # a candidate costs as much to read alone as this many bytes of a window


class PaperTexts:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.title_starts = unpack_array("I", store.whole("titles.starts"))
        self._titles: bytes | None = None
        self.starts = unpack_array("Q", store.whole("abs.starts"))
        self.folded = store.whole("abs.folded")
        self.exceptions = [p for p, flag in enumerate(self.folded) if flag] \
            if any(self.folded) else []
        self.fold_starts = unpack_array("Q", store.whole("abs.fold_starts")) \
            if self.exceptions else None

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

    def search(self, value: bytes, candidates: int, field: str,
               tick: Callable[[], None] | None = None) -> list[int]:
        """The candidates (a bit set) whose folded title (field "title") or abstract
        ("abstract") contains `value`, ascending. Text is read a window of neighbouring
        papers at a time and searched with one bytes.find per match (a lone candidate in a
        window is read alone)."""
        marks = bytearray(bits.flags(candidates, len(self.title_starts) - 1))
        if field == "title":
            return self._search("titles", self.title_starts, marks, value, 1, tick)
        found = []
        for position in self.exceptions:  # folded text stored apart: checked one by one
            if marks[position]:
                marks[position] = 0
                if value in self.folded_abstract(position):
                    found.append(position)
        found.extend(self._search("abs.raw", self.starts, marks, value, 0, tick))
        return sorted(found)

    def _search(self, name: str, starts, marks: bytearray, value: bytes,  # noqa: ANN001
                gap: int, tick: Callable[[], None] | None) -> list[int]:
        total, found = len(starts) - 1, []
        lower = name == "abs.raw"
        first = marks.find(1)
        while first >= 0:
            if tick is not None:
                tick()
            end = max(first + 1, bisect_right(starts, starts[first] + WINDOW, first, total))
            wanted = marks.count(1, first, end)
            if wanted * ALONE < starts[end] - starts[first]:
                position = first
                while 0 <= position < end:
                    start = starts[position]
                    text = self.store.read(name, start, starts[position + 1] - gap - start)
                    if value in (text.lower() if lower else text):
                        found.append(position)
                    position = marks.find(1, position + 1, end)
            else:
                found.extend(self._search_window(name, starts, marks, first, end, value, gap))
            first = marks.find(1, end)
        return found

    def _search_window(self, name: str, starts, marks: bytearray, first: int,  # noqa: ANN001
                       end: int, value: bytes, gap: int) -> list[int]:
        base = starts[first]
        data = self.store.read(name, base, starts[end] - base)
        if name == "abs.raw":
            data = data.lower()
        found, size = [], len(value)
        at = data.find(value)
        while at >= 0:
            position = bisect_right(starts, base + at, first, end) - 1
            following = starts[position + 1] - base
            if marks[position] and at + size <= following - gap:
                found.append(position)
            at = data.find(value, following)
        return found
