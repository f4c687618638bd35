"""The dear substrings of one `Terms` family after a change (see `reader.query.update`).

Which substrings are dear depends on stats over the whole vocabulary (`build.gram_stats`),
stored as the part NAME.gramstats; only the terms whose presence, df or dense-ness changed
move them. A substring dear before keeps its bit set with the changed positions worked out
again (a paper holds it when one of its words does); a newly dear one is computed from the
terms that contain it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from reader.query import bits
from reader.query.build import (
    dear_grams,
    gram_stats,
    grams_of,
    pack_gram_stats,
    unpack_gram_stats,
)
from reader.query.store import StoreDamaged
from reader.query.terms import unpack_array

if TYPE_CHECKING:
    from reader.query.store import Store
    from reader.query.update import Facts
    from reader.query.update_terms import _Old


class Change(NamedTuple):
    """A term whose (df, dense) moved; None where the term is absent."""

    term: bytes
    was: tuple[int, bool] | None
    now: tuple[int, bool] | None


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _decode(term: bytes) -> str:
    return term.decode("utf-8", "surrogatepass")


def _counts(state: tuple[int, bool] | None) -> tuple[int, int, int]:
    """A term's share of its substrings' stats: (terms, dense, sparse df)."""
    if state is None:
        return 0, 0, 0
    df, dense = state
    return (1, 1, 0) if dense else (1, 0, df)


def _apply(stats: dict[str, list[int]], changes: Iterable[Change], gram_max: int) -> set[str]:
    """Move `stats` by `changes`; the substrings whose stats moved."""
    touched: set[str] = set()
    for change in changes:
        (terms, dense, rare), was = _counts(change.now), _counts(change.was)
        terms, dense, rare = terms - was[0], dense - was[1], rare - was[2]
        if not (terms or dense or rare):
            continue
        grams = grams_of(_decode(change.term), gram_max)
        touched.update(grams)
        for gram in grams:
            counts = stats.get(gram)
            if counts is None:  # the first term holding it
                stats[gram] = [terms, dense, rare]
                continue
            counts[0] += terms
            counts[1] += dense
            counts[2] += rare
            if not counts[0]:  # the last term holding it went
                del stats[gram]
    return touched


class _NewTerms:
    """The family's new parts, read for the union of a newly dear substring's terms."""

    def __init__(self, name: str, parts: dict[str, bytes], size: int, dense_min: int) -> None:
        self.vocab = parts[f"{name}.vocab"]
        self.starts = unpack_array("I", parts[f"{name}.starts"])
        self.df = unpack_array("I", parts[f"{name}.df"])
        self.offsets = unpack_array("Q", parts[f"{name}.offsets"])
        self.postings = memoryview(parts[f"{name}.postings"])
        self.size, self.dense_min = size, dense_min

    def all_stats(self, gram_max: int) -> dict[str, list[int]]:
        terms = (_decode(self.vocab[self.starts[n]: self.starts[n + 1] - 1]) for n in
                 range(len(self.df)))
        return gram_stats(((term, df, df >= self.dense_min)
                           for term, df in zip(terms, self.df, strict=True)), gram_max)

    def holding(self, gram: str) -> int:
        """The bit set of papers holding a term that contains `gram`."""
        value, find, starts = _encode(gram), self.vocab.find, self.starts
        found, marks = 0, bytearray(self.size)
        at = find(value)
        while at >= 0:
            term_id = bisect_right(starts, at) - 1
            data = self.postings[self.offsets[term_id]: self.offsets[term_id + 1]]
            if self.df[term_id] >= self.dense_min:
                found |= int.from_bytes(data, "little")
            else:
                for position in unpack_array("I", data):
                    marks[position] = 1
            at = find(value, starts[term_id + 1])
        return found | bits.from_flags(marks)


def update_grams(store: Store, name: str, meta: dict, old: _Old, parts: dict[str, bytes],
                 changes: list[Change], after: Mapping[int, Facts], *, gram_max: int,
                 budget: float) -> tuple[list[str], bytes, bytes]:
    """(dear substrings, their bit sets, the new NAME.gramstats) after the change; `parts`
    holds the family's new vocabulary and postings."""
    new_terms = _NewTerms(name, parts, old.new_size, old.new_dense_min)
    before_dear = meta.get("grams", [])
    try:
        stored_max, stored_budget, stats = unpack_gram_stats(store.whole(f"{name}.gramstats"))
    except (KeyError, StoreDamaged):  # an index made before the stats were kept
        stored_max = stored_budget = stats = None
    if stats is None or stored_max != gram_max:
        stats = new_terms.all_stats(gram_max)
        touched = set(stats) | set(before_dear)
    else:
        touched = _apply(stats, changes, gram_max)
        if stored_budget != budget:
            touched = set(stats) | set(before_dear)
    dear = dear_grams({g: stats[g] for g in touched if g in stats}, budget)
    dear = sorted({*dear, *(g for g in before_dear if g not in touched)}, key=_encode)
    return dear, _bit_sets(store, name, dear, before_dear, old, after, new_terms), \
        pack_gram_stats(stats, gram_max, budget)


def _bit_sets(store: Store, name: str, dear: list[str], before_dear: list[str], old: _Old,
              after: Mapping[int, Facts], new_terms: _NewTerms) -> bytes:
    if not dear:
        return b""
    known = {gram: n for n, gram in enumerate(before_dear)}
    data = store.whole(f"{name}.grams") if known else b""
    positions = sorted(after)
    texts = [(p, "\n".join(after[p].words[name])) for p in positions]
    pieces = []
    for gram in dear:
        n = known.get(gram)
        if n is None:
            pieces.append(new_terms.holding(gram).to_bytes(old.new_nbytes, "little"))
        else:  # a paper holds it when one of its words does (no word holds a newline)
            pieces.append(edit_bit_set(data[n * old.nbytes: (n + 1) * old.nbytes],
                                       old.new_nbytes, positions,
                                       [p for p, text in texts if gram in text]))
    return b"".join(pieces)


def edit_bit_set(data: bytes | memoryview, nbytes: int, removed: Iterable[int],
                 added: Iterable[int]) -> bytes:
    """A stored bit set (`data`, little-endian) grown to `nbytes`, without the positions
    `removed` and then with `added`: byte by byte, no big int made."""
    found = bytearray(data)
    found.extend(bytes(nbytes - len(found)))
    for position in removed:
        found[position >> 3] &= ~(1 << (position & 7))
    for position in added:
        found[position >> 3] |= 1 << (position & 7)
    return bytes(found)
