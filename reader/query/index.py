"""`SearchIndex`: papers prepared once for fast filtering, with cheap reading-state updates.

Papers are addressed by their position in page order. Sets of positions are bit sets (ints,
see `reader.query.bits`). The index holds in memory only the folded titles, the word and
author-name vocabularies, tags, flags and counts; each word's papers and the abstracts are
read from its `Store` when a query needs them (the catalog cache's file, or a dict for an
index built from papers in memory).

Threads: every read (`filter`, `match`, `first`, `count`, `tags`, ...) may run in several
threads at once, also while one thread calls `update_state` (a read sees the state before or
after the change). `extend` must not run while another thread reads.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress
from typing import NamedTuple

from reader.model import Paper
from reader.query import bits
from reader.query.build import LINK_KINDS, MISSING, NUMBER_FIELDS, build_parts
from reader.query.evaluate import Evaluator, Plan, Tick
from reader.query.fold import fold_fast
from reader.query.narrow import _date_range, _number_range
from reader.query.nodes import Date, Has, Is, Number, Query, Tag
from reader.query.store import MemoryStore, Store, unpack_strings
from reader.query.terms import Terms, unpack_array
from reader.query.texts import PaperTexts
from reader.state.model import PaperState

__all__ = ["Screen", "SearchIndex", "States", "fold_fast"]

States = Mapping[str, PaperState] | Callable[[str], PaperState] | None
WORD_CACHE = 256


class Screen(NamedTuple):
    """A first screenful: `positions` (at most the limit asked), whether they are every match
    (`complete`), and the bit set of every match when it is known."""

    positions: list[int]
    complete: bool
    answer: int | None = None


class SearchIndex:
    """Filter papers by a `Query`; `update_state` when read/starred/tags/note change."""

    def __init__(self, papers: Iterable[Paper] = (), states: States = None, *,
                 substrings: bool = True) -> None:
        """`substrings=False` skips the stored bit sets of short substrings: a third of the
        time to build, for an index of a few papers that will soon be replaced."""
        self.papers: list[Paper] | None = list(papers)
        self.generation = 0
        meta, parts = build_parts(self.papers) if substrings else \
            build_parts(self.papers, gram_max=0)
        self._open(MemoryStore(parts), meta)
        self._load_states(states)

    @classmethod
    def from_store(cls, store: Store, meta: dict, states: States = None,
                   ids: list[str] | None = None) -> SearchIndex:
        """The index whose parts `build_parts` made, served by `store` (`papers` is None)."""
        index = cls.__new__(cls)
        index.papers = None
        index.generation = 0
        index._open(store, meta, ids)
        index._load_states(states)
        return index

    def _open(self, store: Store, meta: dict, ids: list[str] | None = None) -> None:
        self.store = store
        self.size = size = int(meta["size"])
        self.all = bits.everything(size)
        self._ids = ids if ids is not None and len(ids) == size else None
        self._positions: dict[str, int] | None = None
        self._repeats: dict[str, list[int]] = {}
        self.texts = PaperTexts(store)
        self.terms = {name: Terms(store, name, meta[name], size)
                      for name in ("title", "abstract", "names")}
        self._paper_names = unpack_array("I", store.whole("names.paper"))
        self._paper_name_starts = unpack_array("I", store.whole("names.paper_starts"))
        data = store.whole("tags")
        self._own_tags = {
            tag: bits.from_positions(unpack_array("I", data[4 * start: 4 * (start + count)]), size)
            for tag, start, count in meta["tags"]}
        nbytes = (size + 7) // 8
        links = store.whole("links")
        self._links = {kind: int.from_bytes(links[n * nbytes: (n + 1) * nbytes], "little")
                       for n, kind in enumerate(LINK_KINDS)}
        numbers = unpack_array("q", store.whole("numbers"))
        self._numbers = {name: numbers[n * size: (n + 1) * size]
                         for n, name in enumerate(NUMBER_FIELDS)}
        self._numbers["date"] = unpack_array("i", store.whole("dates"))
        self._known = {name: bits.from_flags(bytes(v != MISSING for v in values))
                       for name, values in self._numbers.items() if name != "date"}
        self._sorted: dict[str, tuple[array, array]] = {}
        self._read = self._starred = self._noted = self._opened = 0
        self._notes: dict[int, str] = {}  # position -> folded note (for note:)
        self._user_tags: dict[str, int] = {}
        self._paper_user_tags: dict[int, tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self._words: OrderedDict[tuple[str, bytes], int] = OrderedDict()

    # -- papers and ids ------------------------------------------------------------------
    def __len__(self) -> int:
        return self.size

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = unpack_strings(self.store.whole("ids"))
        return self._ids

    def positions(self, paper_id: str) -> list[int]:
        """Where the paper with this id is in page order (empty when it is not indexed)."""
        if self._positions is None:
            found: dict[str, int] = {}
            repeats: dict[str, list[int]] = {}
            for position, known in enumerate(self.ids):
                if found.setdefault(known, position) != position:
                    repeats.setdefault(known, []).append(position)
            self._positions, self._repeats = found, repeats
        if paper_id not in self._positions:
            return []
        return [self._positions[paper_id], *self._repeats.get(paper_id, ())]

    def extend(self, papers: Iterable[Paper], states: States = None) -> None:
        """Add papers after the ones indexed (an index built from papers in memory only)."""
        if self.papers is None:
            raise TypeError("an index served from the catalog cache cannot be extended; "
                            "rebuild the cache and open a new index")
        saved = (self._read, self._starred, self._noted, dict(self._paper_user_tags),
                 self._notes, self._opened)
        start = len(self.papers)
        self.papers.extend(papers)
        meta, parts = build_parts(self.papers)
        self._open(MemoryStore(parts), meta)
        self._read, self._starred, self._noted, user, self._notes, self._opened = saved
        for position, tags in user.items():
            self._set_user_tags(position, tags)
        self._load_states(states, start)
        self.generation += 1

    # -- reading state -------------------------------------------------------------------
    def load_states(self, states: States) -> None:
        """`update_state` for many papers at once (a mapping id -> state, or a function of
        the id asked for every paper): a few bit operations in all, not a few per paper."""
        self._load_states(states)
        self.generation += 1

    def _load_states(self, states: States, start: int = 0) -> None:
        if states is None:
            return
        touched, read, starred, noted, opened = [], [], [], [], []
        if isinstance(states, Mapping):
            pairs = ((p, state) for paper_id, state in states.items()
                     for p in self.positions(paper_id))
        else:
            ids = self.ids
            pairs = ((p, states(ids[p])) for p in range(start, self.size))
        for position, state in pairs:
            touched.append(position)
            if state.read:
                read.append(position)
            if state.starred:
                starred.append(position)
            if state.note.strip():
                noted.append(position)
            if state.opened_at:
                opened.append(position)
            self._set_note(position, state.note)
            if state.tags or position in self._paper_user_tags:
                self._set_user_tags(position, state.tags)
        keep = ~bits.from_positions(touched, self.size)
        self._read = self._read & keep | bits.from_positions(read, self.size)
        self._starred = self._starred & keep | bits.from_positions(starred, self.size)
        self._noted = self._noted & keep | bits.from_positions(noted, self.size)
        self._opened = self._opened & keep | bits.from_positions(opened, self.size)

    def update_state(self, paper_id: str, state: PaperState) -> None:
        """Take a paper's new reading state into account (cheap: a few bit operations)."""
        for position in self.positions(paper_id):
            bit = 1 << position
            self._read = self._read | bit if state.read else self._read & ~bit
            self._starred = self._starred | bit if state.starred else self._starred & ~bit
            noted = bool(state.note.strip())
            self._noted = self._noted | bit if noted else self._noted & ~bit
            opened = state.opened_at is not None
            self._opened = self._opened | bit if opened else self._opened & ~bit
            self._set_note(position, state.note)
            self._set_user_tags(position, state.tags)
        self.generation += 1

    def _set_note(self, position: int, note: str) -> None:
        if note.strip():
            self._notes[position] = fold_fast(note)
        else:
            self._notes.pop(position, None)

    def noted_with(self, value: str) -> int:
        """The papers whose note (folded) contains `value`; notes are few and short."""
        notes = dict(self._notes)  # a copy: another thread may change a note meanwhile
        return bits.from_positions((p for p, note in notes.items() if value in note),
                                   self.size)

    def _set_user_tags(self, position: int, tags: Iterable[str]) -> None:
        bit = 1 << position
        for tag in self._paper_user_tags.pop(position, ()):
            self._user_tags[tag] &= ~bit
        user = tuple(dict.fromkeys(fold_fast(tag) for tag in tags))
        if user:
            self._paper_user_tags[position] = user
        for tag in user:
            self._user_tags[tag] = self._user_tags.get(tag, 0) | bit

    @property
    def read(self) -> bytes:
        """One byte per position, 1 when read (for sorting)."""
        return bits.flags(self._read, self.size)

    @property
    def starred(self) -> bytes:
        return bits.flags(self._starred, self.size)

    def signals(self) -> tuple[int, int, int, int, dict[int, tuple[str, ...]]]:
        """The reading state as it is now: read, starred, noted and opened (bit sets), and
        each paper's own tags (for the "for you" order)."""
        return (self._read, self._starred, self._noted, self._opened,
                dict(self._paper_user_tags))

    def tags(self) -> dict[str, int]:
        """Every tag (topic and user, folded) with its number of papers, for a sidebar."""
        counts = {}
        for tag in {*self._own_tags, *self._user_tags}:
            count = (self._own_tags.get(tag, 0) | self._user_tags.get(tag, 0)).bit_count()
            if count:
                counts[tag] = count
        return counts

    # -- values for sorting --------------------------------------------------------------
    def title_key(self, position: int) -> str:
        """The folded title, for sorting."""
        texts = self.texts
        titles, starts = texts.all_titles(), texts.title_starts
        return titles[starts[position]: starts[position + 1] - 1].decode("utf-8", "surrogatepass")

    @property
    def dates(self) -> list[int | None]:
        return [v or None for v in self._numbers["date"]]

    @property
    def numbers(self) -> dict[str, list[int | None]]:
        return {name: [None if v == MISSING else v for v in self._numbers[name]]
                for name in NUMBER_FIELDS}

    def has_name(self, value: bytes, position: int) -> bool:
        starts, terms = self._paper_name_starts, self.terms["names"]
        return any(value in terms.term(n)
                   for n in self._paper_names[starts[position]: starts[position + 1]])

    # -- filtering -----------------------------------------------------------------------
    def filter(self, query: Query, within: Iterable[int] | None = None) -> list[int]:
        """Positions of the papers matching `query`, in the order of `within` (default: all,
        page order). Pass the previous result as `within` when `query.narrows(previous)`."""
        order = None if within is None else list(within)
        mask = self.all if order is None else bits.from_positions(order, self.size)
        return bits.in_order(self.match(query, mask), self.size, order)

    def count(self, query: Query, within: Iterable[int] | None = None) -> int:
        mask = self.all if within is None else bits.from_positions(within, self.size)
        return self.match(query, mask).bit_count()

    def match(self, query: Query, within: int | None = None, tick: Tick = None) -> int:
        """The bit set of the papers matching `query` among `within` (a bit set; default all).
        `tick` is called now and then during long work (a worker can raise there to stop)."""
        plan = Evaluator(self, exact=True, tick=tick).plan(query, self.all if within is None
                                                            else within & self.all)
        return plan.bits

    def filter_first(self, query: Query, limit: int, within: Iterable[int] | None = None
                     ) -> list[int]:
        """The first `limit` of `filter(query, within)`, found without the rest."""
        order = None if within is None else list(within)
        mask = self.all if order is None else bits.from_positions(order, self.size)
        screen = self.first(query, limit, mask, order)
        if screen.complete or len(screen.positions) >= limit:
            return screen.positions
        return bits.in_order(self.match(query, mask), self.size, order, limit)

    def first(self, query: Query, limit: int, within: int | None = None,
              order: Sequence[int] | None = None, max_checks: int = 2000) -> Screen:
        """Up to `limit` matches among `within` (a bit set) in `order` (default page order),
        checking at most `max_checks` candidates one by one. See `Screen`."""
        mask = self.all if within is None else within & self.all
        plan: Plan = Evaluator(self, exact=False).plan(query, mask)
        if plan.check is None:
            found = bits.in_order(plan.bits, self.size, order, limit)
            return Screen(found, plan.bits.bit_count() <= len(found), plan.bits)
        check, found, checked = plan.check, [], 0
        if order is None:
            candidates = bits.iter_positions(plan.bits, self.size)
        else:
            marks = bits.flags(plan.bits, self.size)
            candidates = compress(order, map(marks.__getitem__, order))
        for position in candidates:
            if checked >= max_checks:
                return Screen(found, False)
            checked += 1
            if check(position):
                found.append(position)
                if len(found) >= limit:
                    return Screen(found, False)
        return Screen(found, True, bits.from_positions(found, self.size))

    def simple_bits(self, query: Query) -> int:
        """The papers matching a Tag, Is, Has, Number or Date node."""
        kind = type(query)
        if kind is Tag:
            return self._own_tags.get(query.name, 0) | self._user_tags.get(query.name, 0)
        if kind is Is:
            flags = self._read if query.value in ("read", "unread") else self._starred
            return flags if query.value in ("read", "starred") else self.all & ~flags
        if kind is Has:
            if query.value in self._links:
                return self._links[query.value]
            return self._noted if query.value == "note" else self._known[query.value]
        if kind is Number:
            low, high = _number_range(query)
            return self._range(query.field, low, high)
        if kind is Date:
            low, high = _date_range(query)
            return self._range("date", max(low, 1), high)
        raise TypeError(f"not a query node: {query!r}")

    def _range(self, field: str, low: float, high: float) -> int:
        """Papers whose `field` is known and within [low, high]."""
        if field not in self._sorted:
            values = self._numbers[field]
            self._sorted[field] = (
                unpack_array(values.typecode, self.store.whole(f"sorted.{field}")),
                unpack_array("I", self.store.whole(f"order.{field}")))
        values, order = self._sorted[field]
        floor = MISSING + 1 if field != "date" else 1
        start, end = bisect_left(values, max(low, floor)), bisect_right(values, high)
        return bits.from_positions(order[start:end], self.size)

    # -- word cache (shared by threads) -------------------------------------------------
    def cached_word(self, key: tuple[str, bytes]) -> int | None:
        with self._lock:
            found = self._words.get(key)
            if found is not None:
                self._words.move_to_end(key)
            return found

    def remember_word(self, key: tuple[str, bytes], found: int) -> None:
        with self._lock:
            self._words[key] = found
            while len(self._words) > WORD_CACHE:
                self._words.popitem(last=False)
