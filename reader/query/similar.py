"""More like this: the papers of a `SearchIndex` most like one paper, with the words they share.

BM25 over the index's own vocabularies (no second index): the paper's title and abstract give
its stems (`reader.query.vocab`); the `MAX_TERMS` that say most about it (frequency in the
paper times rarity in the library) become the query. Each other paper scores the idf-weighted
sum of the query stems it holds, a stem in its title counting `TITLE_WEIGHT` more, scaled by
BM25's length factor for its abstract (postings are sets, so every term frequency is 1 and the
length factor is one number per paper). Stems held by more than `MAX_DF` of the library say
little and would cost the most to read, so they are left out.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from reader.query import bits
from reader.query.index import SearchIndex
from reader.query.vocab import entries_of, stems

MAX_TERMS = 30
MAX_DF = 0.5  # share of the library above which a stem is not used
TITLE_WEIGHT = 2.0  # a query stem in a paper's title adds this much again
QUERY_TITLE = 3  # a stem in the query paper's title counts as this many occurrences
K1, B = 1.2, 0.75
RARE, RARE_MIN = 0.01, 200  # a stem in at most this share (or number) of papers is rare
SHORTLIST = 300  # candidates that common stems add to


@dataclass(frozen=True, slots=True)
class Similar:
    """One paper like the asked one: its position, score, and the words they share (the
    strongest first, as the asked paper writes them)."""

    position: int
    score: float
    shared: tuple[str, ...]

    def reason(self, most: int = 5) -> str:
        return "shares " + ", ".join(self.shared[:most]) if self.shared else ""


@dataclass(slots=True)
class _Term:
    key: bytes
    shown: str
    weight: float
    papers: list[array | int]  # each matching entry's postings: positions or a bit set

    def holds(self, position: int) -> bool:
        for papers in self.papers:
            if isinstance(papers, int):
                if papers >> position & 1:
                    return True
            else:
                at = bisect_left(papers, position)
                if at < len(papers) and papers[at] == position:
                    return True
        return False


def paper_stems(index: SearchIndex, position: int) -> tuple[Counter[bytes], dict[bytes, bytes]]:
    """The stems of the paper at `position` (title words counted `QUERY_TITLE` times)."""
    title, shown = stems(index.texts.title(position))
    abstract, more = stems(index.texts.folded_abstract(position))
    counts = Counter({key: QUERY_TITLE * n for key, n in title.items()})
    counts.update(abstract)
    return counts, {**more, **shown}


def idf(df: int, size: int) -> float:
    return math.log(1 + (size - df + 0.5) / (df + 0.5))


def _query_terms(index: SearchIndex, counts: Counter[bytes], shown: dict[bytes, bytes],
                 max_terms: int) -> list[tuple[bytes, str, float, tuple]]:
    """The stems that say most about a paper: (key, shown, weight, ids), where ids[3] are the
    stem's title entries and ids[4] its abstract entries."""
    size = len(index)
    title_terms, abstract_terms = index.terms["title"], index.terms["abstract"]
    ceiling = max(2, int(MAX_DF * size))
    chosen = []
    for key, count in counts.items():
        abstract_ids = entries_of(abstract_terms, key)
        title_ids = entries_of(title_terms, key)
        df = max(sum(abstract_terms.df[t] for t in abstract_ids),
                 sum(title_terms.df[t] for t in title_ids))
        if df <= 1 or df > ceiling:  # only this paper has it, or nearly every paper does
            continue
        weight = min(count, 6) * idf(min(df, size), size)
        chosen.append((key, shown[key].decode("utf-8", "replace"), weight,
                       (key, None, None, title_ids, abstract_ids)))
    return heapq.nlargest(max_terms, chosen, key=lambda term: term[2])


def length_factor(index: SearchIndex) -> Callable[[int], float]:
    """BM25's factor (k1 + 1) / (1 + k1 (1 - b + b dl / avgdl)) of a paper, with its
    abstract's length in bytes as dl."""
    starts = index.texts.starts
    size = len(index)
    scale = K1 * B / max(1.0, (starts[size] - starts[0]) / max(1, size))
    base, top = 1 + K1 * (1 - B), K1 + 1

    def factor(position: int) -> float:
        return top / (base + scale * (starts[position + 1] - starts[position]))

    return factor


def _add(scores: dict[int, float], papers, add: float) -> None:  # noqa: ANN001
    get = scores.get
    for p in papers:
        scores[p] = get(p, 0.0) + add


def similar(index: SearchIndex, position: int, limit: int = 10,
            max_terms: int = MAX_TERMS) -> list[Similar]:
    """The `limit` papers most like the one at `position`, best first (never itself, nor
    another copy of it).

    Rare stems (held by at most `RARE` of the library) find the candidates: their postings
    are short lists. Common stems only add to the best `SHORTLIST` candidates' scores, tested
    on their bit sets: reading a common stem's papers one by one would cost the most."""
    size = len(index)
    counts, shown = paper_stems(index, position)
    query = _query_terms(index, counts, shown, max_terms)
    fields = ((index.terms["abstract"], 4, 1.0), (index.terms["title"], 3, TITLE_WEIGHT))
    rare = max(RARE_MIN, int(RARE * size))
    scores: dict[int, float] = {}
    terms: list[_Term] = []
    common: list[tuple[float, list[array | int]]] = []
    for key, word, weight, ids in query:
        term = _Term(key, word, weight, [])
        for terms_, slot, boost in fields:
            papers = [terms_.postings(term_id) for term_id in ids[slot]]
            term.papers.extend(papers)
            if sum(terms_.df[t] for t in ids[slot]) > rare:
                common.append((weight * boost, papers))
                continue
            if len(papers) == 1:
                one = papers[0]
                _add(scores, bits.positions(one, size) if isinstance(one, int) else one,
                     weight * boost)
            elif papers:  # "model" and "models," in one paper count once
                _add(scores, set().union(*(bits.positions(one, size) if isinstance(one, int)
                                           else one for one in papers)), weight * boost)
        terms.append(term)
    same = set(index.positions(index.ids[position])) if index.ids else {position}
    for p in same:
        scores.pop(p, None)
    if common:
        shortlist = heapq.nlargest(SHORTLIST, scores, key=scores.__getitem__) if scores \
            else [p for p in range(min(size, SHORTLIST)) if p not in same]
        wanted = set(shortlist)
        for add, papers in common:
            held: set[int] = set()
            dense = 0
            for one in papers:
                if isinstance(one, int):
                    dense |= one
                else:
                    held.update(wanted.intersection(one))
            if dense:
                flags = bits.flags(dense, size)
                held.update(p for p in shortlist if flags[p])
            _add(scores, held, add)
    factor = length_factor(index)
    best = heapq.nlargest(limit, ((score * factor(p), p) for p, score in scores.items()))
    found = []
    for score, p in best:
        shared = tuple(term.shown for term in terms if term.holds(p))
        found.append(Similar(p, round(score, 3), shared))
    return found


def similar_to_id(index: SearchIndex, paper_id: str, limit: int = 10) -> list[Similar] | None:
    """`similar` for the paper with this id; None when the library has no such paper."""
    positions = index.positions(paper_id)
    return similar(index, positions[0], limit) if positions else None
