"""One `Terms` family of the index (title, abstract or names) after a change (see
`reader.query.update`): the vocabulary, df, offsets and postings with only the terms the change
touches worked out again, every other term copied (runs of sparse terms as single slices,
dense bit sets padded to the new size); then the dear substrings (`update_grams`)."""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from reader.query import bits
from reader.query.terms import unpack_array
from reader.query.update_grams import Change, edit_bit_set, update_grams

if TYPE_CHECKING:
    from reader.query.store import Store
    from reader.query.update import Facts


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def dense_min(size: int) -> int:
    """As `build.terms_parts`: a bit set is kept when it is no bigger than the positions."""
    return max(1, -(-((size + 7) // 8) // 4))


def terms_of(vocab: bytes) -> list[bytes]:
    """The terms of a `NAME.vocab` part (a newline, then each term and a newline), sorted."""
    return vocab[1:].split(b"\n")[:-1]


def find(terms: list[bytes], term: bytes) -> int | None:
    at = bisect_left(terms, term)
    return at if at < len(terms) and terms[at] == term else None


class TermsUpdate(NamedTuple):
    meta: dict
    parts: dict[str, bytes]
    renumber: array | None  # old term id -> new term id, when ids moved (names only)
    number: Callable[[str], int]  # the new id of a term of the new vocabulary


class _Old:
    """The family's parts as they are, and the sizes before and after."""

    def __init__(self, store: Store, name: str, meta: dict, size: int, new_size: int) -> None:
        self.vocab = store.whole(f"{name}.vocab")
        self.starts = unpack_array("I", store.whole(f"{name}.starts"))
        self.df = unpack_array("I", store.whole(f"{name}.df"))
        self.offsets = unpack_array("Q", store.whole(f"{name}.offsets"))
        self.postings = memoryview(store.whole(f"{name}.postings"))
        self.dense_min, self.nbytes = int(meta["dense_min"]), (size + 7) // 8
        self.new_dense_min, self.new_nbytes = dense_min(new_size), (new_size + 7) // 8
        self.new_size = new_size

    def data(self, term_id: int) -> memoryview:
        return self.postings[self.offsets[term_id]: self.offsets[term_id + 1]]

    def state(self, df: int) -> tuple[int, bool] | None:
        """(df, dense) of a term held by `df` papers at the new size; None when df is 0."""
        return (df, df >= self.new_dense_min) if df else None


def _deltas(name: str, before: Mapping[int, Facts], after: Mapping[int, Facts]
            ) -> tuple[dict[bytes, set[int]], dict[bytes, list[int]]]:
    """Per term: the positions that lose it, and those that gain it (ascending)."""
    removed: dict[bytes, set[int]] = {}
    added: dict[bytes, list[int]] = {}
    for position in sorted(after):
        now = after[position].words[name]
        was = before[position].words[name] if position in before else frozenset()
        for term in was - now:
            removed.setdefault(_encode(term), set()).add(position)
        for term in now - was:
            added.setdefault(_encode(term), []).append(position)
    return removed, added


class _Writer:
    """The new parts, written term by term in vocabulary order."""

    def __init__(self, old: _Old) -> None:
        self.old = old
        self.vocab: list[bytes | memoryview] = [b"\n"]
        self.starts, self.df = array("I"), array("I")
        self.offsets, self.postings = array("Q"), []
        self.vocab_length, self.postings_length = 1, 0
        self.runs: list[tuple[int, int, int]] = []  # (old id, new id, count) of kept terms
        self.moved = False  # a term came or went: ids after it moved
        self.changes: list[Change] = []

    def copy(self, start: int, stop: int) -> None:
        """Old terms start..stop-1 as they are (sparse, untouched)."""
        if stop <= start:
            return
        old = self.old
        self.runs.append((start, len(self.df), stop - start))
        begin, end = old.starts[start], old.starts[stop]
        self.vocab.append(memoryview(old.vocab)[begin:end])
        self.starts.extend(shifted(old.starts[start:stop], self.vocab_length - begin))
        self.vocab_length += end - begin
        self.df.extend(old.df[start:stop])
        begin, end = old.offsets[start], old.offsets[stop]
        self.postings.append(old.postings[begin:end])
        self.offsets.extend(shifted(old.offsets[start:stop], self.postings_length - begin))
        self.postings_length += end - begin

    def term(self, term: bytes, df: int, data: bytes | memoryview, old_id: int | None) -> None:
        if old_id is None:
            self.moved = True
        else:
            self.runs.append((old_id, len(self.df), 1))
        self.starts.append(self.vocab_length)
        self.vocab.append(term + b"\n")
        self.vocab_length += len(term) + 1
        self.df.append(df)
        self.offsets.append(self.postings_length)
        self.postings.append(data)
        self.postings_length += len(data)

    def parts(self, name: str) -> dict[str, bytes]:
        self.starts.append(self.vocab_length)
        self.offsets.append(self.postings_length)
        return {f"{name}.vocab": b"".join(self.vocab), f"{name}.starts": self.starts.tobytes(),
                f"{name}.df": self.df.tobytes(), f"{name}.offsets": self.offsets.tobytes(),
                f"{name}.postings": b"".join(self.postings)}

    def renumber(self) -> array | None:
        if not self.moved:
            return None
        numbers = array("I", bytes(4 * len(self.old.df)))  # a dropped term keeps 0: unused
        for old_id, new_id, count in self.runs:
            numbers[old_id: old_id + count] = array("I", range(new_id, new_id + count))
        return numbers


def shifted(values: array, by: int) -> array:
    """`values` each plus `by`."""
    return values if by == 0 else array(values.typecode, [v + by for v in values])


def _postings(positions: array, old: _Old) -> tuple[int, bytes]:
    """(df, stored postings) of ascending `positions` at the new size."""
    if len(positions) >= old.new_dense_min:
        return len(positions), bits.from_positions(positions, old.new_size).to_bytes(
            old.new_nbytes, "little")
    return len(positions), positions.tobytes()


def _edit(old: _Old, term_id: int, removed: set[int], added: list[int]
          ) -> tuple[int, bytes | memoryview]:
    """(df, stored postings) of an old term after losing `removed` and gaining `added`."""
    df = old.df[term_id] - len(removed) + len(added)
    data = old.data(term_id)
    was_dense, is_dense = old.df[term_id] >= old.dense_min, df >= old.new_dense_min
    if not was_dense:  # stored as positions
        positions = unpack_array("I", data)
        for position in removed:
            del positions[bisect_left(positions, position)]
        for position in added:
            insort(positions, position)
        return _postings(positions, old)
    if is_dense:
        return df, edit_bit_set(data, old.new_nbytes, removed, added)
    found = int.from_bytes(edit_bit_set(data, old.new_nbytes, removed, added), "little")
    return df, array("I", bits.positions(found, old.new_size)).tobytes()


def _rewrite(old: _Old, writer: _Writer, removed: dict[bytes, set[int]],
             added: dict[bytes, list[int]]) -> None:
    """Write every term of the new vocabulary: old terms the change does not touch copied,
    new terms and touched ones worked out, dense ones grown to the new size."""
    vocab = terms_of(old.vocab)
    touched: dict[int, bytes] = {}  # old id -> term
    inserts: dict[int, list[bytes]] = {}  # old id -> the new terms that come before it
    for term in sorted(removed.keys() | added.keys()):
        term_id = find(vocab, term)
        if term_id is None:
            inserts.setdefault(bisect_left(vocab, term), []).append(term)
        else:
            touched[term_id] = term
    # Dense bit sets grow with the size, and a term may cross dense_min: those move too.
    lowest = min(old.dense_min, old.new_dense_min)
    dense = {term_id for term_id, df in enumerate(old.df) if df >= lowest}
    at = 0
    for term_id in sorted(touched.keys() | inserts.keys() | dense):
        writer.copy(at, term_id)
        at = term_id
        for term in inserts.get(term_id, ()):
            df, data = _postings(array("I", added[term]), old)
            writer.term(term, df, data, None)
            writer.changes.append(Change(term, None, old.state(df)))
        if term_id in touched or term_id in dense:
            term = touched[term_id] if term_id in touched else vocab[term_id]
            df, data = _edit(old, term_id, removed.get(term, set()), added.get(term, []))
            was, now = (old.df[term_id], old.df[term_id] >= old.dense_min), old.state(df)
            if now is None:
                writer.moved = True  # the last paper holding it changed
            else:
                writer.term(term, df, data, term_id)
            if now != was:
                writer.changes.append(Change(term, was, now))
            at = term_id + 1
    writer.copy(at, len(vocab))


def update_terms(store: Store, name: str, meta: dict, size: int, new_size: int,
                 before: Mapping[int, Facts], after: Mapping[int, Facts], *, gram_max: int,
                 budget: float) -> TermsUpdate:
    """Family `name` (whose meta is `meta`) after the change from `before` to `after`."""
    old = _Old(store, name, meta, size, new_size)
    writer = _Writer(old)
    _rewrite(old, writer, *_deltas(name, before, after))
    parts = writer.parts(name)
    grams, parts[f"{name}.grams"], parts[f"{name}.gramstats"] = update_grams(
        store, name, meta, old, parts, writer.changes, after, gram_max=gram_max, budget=budget)
    new_vocab = terms_of(parts[f"{name}.vocab"]) if name == "names" else []

    def number(term: str) -> int:
        found = find(new_vocab, _encode(term))
        if found is None:
            raise KeyError(term)
        return found

    return TermsUpdate({"dense_min": old.new_dense_min, "grams": grams}, parts,
                       writer.renumber() if name == "names" else None, number)
