"""`Terms`: a vocabulary of distinct words (or author names) and the papers of each.

Substring search runs on the vocabulary, not on the papers: the papers whose text contains
"serv" are those holding a word that contains "serv" ("serving", "server,", "observe"), so
finding them costs a scan of the vocabulary (one bytes.find pass) plus the union of the few
matching words' postings. Postings are read through a `Store` (on disk in the catalog cache),
so only the vocabulary lives in memory.

A very short string ("e", "se", "ing") is inside thousands of words; for those, the builder
stores the answer itself (a bit set of papers), and `lookup` reads it instead of the union.
`cost` estimates the union's work in microseconds, so callers choose a cheaper way when the
union is dear (checking candidates one by one until a screenful is found).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable

from reader.query import bits
from reader.query.store import Store, StoreDamaged

# Work estimates in microseconds, for choosing between a union and checking papers one by one.
PER_TERM = 2.0  # read one word's postings
PER_POSTING = 0.03  # mark one paper
PER_DENSE = 12.0  # read and OR one stored bit set
GRAM_MAX = 3  # strings up to this long dearer than GRAM_BUDGET get a stored bit set
GRAM_BUDGET = 4000.0
BUDGET = 2500.0  # a lookup dearer than this is not done on the UI thread (see `evaluate`)


def union_cost(postings: int, terms: int, dense: int) -> float:
    return terms * PER_TERM + postings * PER_POSTING + dense * PER_DENSE


def pack_array(values: array) -> bytes:
    return values.tobytes()


def unpack_array(code: str, data: bytes) -> array:
    values = array(code)
    values.frombytes(data)
    return values


class Terms:
    """Vocabulary `NAME.vocab` (words joined by newlines), `NAME.starts`, `NAME.df`,
    `NAME.offsets` into `NAME.postings` (a bit set when at least `dense_min` papers hold the
    word, else their positions as uint32) and `NAME.grams` (bit sets of dear short strings)."""

    def __init__(self, store: Store, name: str, meta: dict, size: int) -> None:
        self.store, self.name, self.size = store, name, size
        self.nbytes = (size + 7) // 8
        self.vocab = store.whole(f"{name}.vocab")
        self.starts = unpack_array("I", store.whole(f"{name}.starts"))
        self.df = unpack_array("I", store.whole(f"{name}.df"))
        self.offsets = unpack_array("Q", store.whole(f"{name}.offsets"))
        self.dense_min = int(meta["dense_min"])
        grams = meta.get("grams", [])
        self.grams = {g.encode("utf-8", "surrogatepass"): n for n, g in enumerate(grams)}

    def __len__(self) -> int:
        return len(self.df)

    def term(self, term_id: int) -> bytes:
        return self.vocab[self.starts[term_id]: self.starts[term_id + 1] - 1]

    def matching(self, value: bytes, cap: int | None = None) -> list[int] | None:
        """Ids of the words containing `value` (no newline in it); None beyond `cap` of them."""
        find, starts, found = self.vocab.find, self.starts, []
        at = find(value)
        while at >= 0:
            term_id = bisect_right(starts, at) - 1
            found.append(term_id)
            if cap is not None and len(found) > cap:
                return None
            at = find(value, starts[term_id + 1])
        return found

    def cost(self, term_ids: list[int]) -> float:
        df, dense_min = self.df, self.dense_min
        dense = sum(1 for t in term_ids if df[t] >= dense_min)
        rare = sum(df[t] for t in term_ids if df[t] < dense_min)
        return union_cost(rare, len(term_ids), dense)

    def gram(self, value: bytes) -> int | None:
        """The stored bit set of papers containing `value`, if the builder kept one."""
        number = self.grams.get(value)
        if number is None:
            return None
        data = self.store.read(f"{self.name}.grams", number * self.nbytes, self.nbytes)
        return int.from_bytes(data, "little")

    def postings(self, term_id: int) -> array | int:
        """A word's papers: a bit set (int) for a common word, else an array of positions."""
        start, end = self.offsets[term_id], self.offsets[term_id + 1]
        data = self.store.read(f"{self.name}.postings", start, end - start)
        if self.df[term_id] >= self.dense_min:
            return int.from_bytes(data, "little") & bits.everything(self.size)
        positions = unpack_array("I", data)
        if len(positions) != self.df[term_id] or (positions and positions[-1] >= self.size):
            raise StoreDamaged(f"The search index's {self.name} postings are damaged; "
                               "rebuild the catalog cache.")
        return positions

    def union(self, term_ids: list[int], tick: Callable[[], None] | None = None) -> int:
        """The bit set of papers holding any of `term_ids`."""
        found = 0
        marks = bytearray(self.size)
        for count, term_id in enumerate(term_ids, 1):
            papers = self.postings(term_id)
            if isinstance(papers, int):
                found |= papers
            else:
                for position in papers:
                    marks[position] = 1
            if tick is not None and count % 256 == 1:
                tick()
        return found | bits.from_flags(marks)
