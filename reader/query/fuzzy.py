"""Typo tolerance: when a searched word is in no paper, search for the word meant instead.

Only words that match nothing are corrected, and only after the exact search found nothing,
so an exact search never pays for it. The word meant is the vocabulary entry (title and
abstract words of the index, punctuation stripped) nearest by optimal string alignment
distance (a swap of neighbours is one edit), at most `max_edits` away; ties go to the entry
more papers hold. Candidates come from the pigeonhole principle: cut a word into k + 1 pieces
and any entry at most k insertions, deletions or substitutions away contains one piece
whole, so a `bytes.find` scan of the vocabulary for each piece finds them all.

The other half of typo tolerance, a phrase matching its hyphenated form and back ("state of
the art" <-> "state-of-the-art"), is in the search itself (`reader.query.hyphens`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.query.hyphens import variants
from reader.query.index import SearchIndex
from reader.query.nodes import And, Or, Query, Text
from reader.query.vocab import strip_word

MIN_LENGTH = 4  # shorter words have too many neighbours to guess from
CANDIDATES = 20_000  # vocabulary entries looked at, at most, per word


def max_edits(word: bytes) -> int:
    return 1 if len(word) <= 5 else 2


def distance(a: bytes, b: bytes, limit: int) -> int:
    """Optimal string alignment distance of `a` and `b`, or `limit + 1` once it is sure to
    exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        low = i
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (before is not None and j > 1 and a[i - 1] == b[j - 2]
                    and a[i - 2] == b[j - 1]):
                value = min(value, before[j - 2] + 1)
            current[j] = value
            low = min(low, value)
        if low > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _pieces(word: bytes, count: int) -> list[bytes]:
    size = len(word)
    cuts = [round(n * size / count) for n in range(count + 1)]
    return [word[cuts[n]: cuts[n + 1]] for n in range(count)]


def _fields(field: str) -> tuple[str, ...]:
    return ("title", "abstract") if field == "any" else (field,)


def absent(index: SearchIndex, word: bytes, field: str = "any") -> bool:
    """True when no word of `field` (title, abstract or "any") contains `word`."""
    return all(index.terms[name].gram(word) is None
               and index.terms[name].matching(word, 0) == [] for name in _fields(field))


def nearest(index: SearchIndex, word: bytes, field: str = "any") -> bytes | None:
    """The vocabulary word nearest `word`, or None when none is within `max_edits`."""
    if len(word) < MIN_LENGTH or b" " in word:
        return None
    limit = max_edits(word)
    pieces = _pieces(word, 3 if limit == 1 else limit + 1)
    best: tuple[int, int, bytes] | None = None  # (distance, -papers, entry)
    seen: dict[bytes, int] = {}
    for name in _fields(field):
        terms = index.terms[name]
        ids: set[int] = set()
        for piece in pieces:
            found = terms.matching(piece, CANDIDATES)
            ids.update(found or ())
        for term_id in ids:
            entry = strip_word(terms.term(term_id))
            if abs(len(entry) - len(word)) > limit:
                continue
            seen[entry] = seen.get(entry, 0) + terms.df[term_id]
    for entry, papers in seen.items():
        edits = distance(word, entry, limit)
        if edits <= limit and edits > 0:
            candidate = (edits, -papers, entry)
            if best is None or candidate < best:
                best = candidate
    return None if best is None else best[2]


@dataclass(frozen=True, slots=True)
class Corrected:
    """The query searched instead, and which typed words it replaced by which."""

    query: Query
    replaced: tuple[tuple[str, str], ...]

    def note(self) -> str:
        """'No paper has "trnasformer": searched for "transformer" instead.'"""
        typed = " or ".join(f'"{typed}"' for typed, _ in self.replaced)
        used = " and ".join(f'"{used}"' for _, used in self.replaced)
        return f"No paper has {typed}: searched for {used} instead."


def correct(index: SearchIndex, query: Query) -> Corrected | None:
    """`query` with every word that matches nothing replaced by the word meant; None when
    no word could be corrected. Words under NOT and author names are left as typed."""
    replaced: dict[str, str] = {}

    def fix(node: Query) -> Query:
        if isinstance(node, Text) and node.field in ("any", "title", "abstract"):
            words = node.value.split(" ")
            fixed = []
            for word in words:
                encoded = word.encode("utf-8", "surrogatepass")
                used = None
                if absent(index, encoded, node.field):
                    used = nearest(index, encoded, node.field)
                if used is not None:
                    replaced[word] = used.decode("utf-8", "surrogatepass")
                fixed.append(replaced.get(word, word) if used is not None else word)
            return Text(" ".join(fixed), node.field)
        if isinstance(node, And):
            return And(tuple(fix(child) for child in node.children))
        if isinstance(node, Or):
            return Or(tuple(fix(child) for child in node.children))
        return node  # Not, tags, flags, numbers: nothing to spell

    fixed = fix(query)
    if not replaced:
        return None
    return Corrected(fixed, tuple(replaced.items()))


@dataclass(frozen=True, slots=True)
class Found:
    """What a search found: `positions`, the `query` searched and, when a word matched
    nothing, the correction made (`corrected`, else None)."""

    positions: list[int]
    query: Query
    corrected: Corrected | None = None

    def note(self) -> str:
        return self.corrected.note() if self.corrected is not None else ""


def search(index: SearchIndex, text: str | Query, within: Sequence[int] | None = None
           ) -> Found:
    """`index.filter` of the query `text`; when that finds nothing, the same with its
    misspelt words corrected (raises `QueryError` for text that does not parse)."""
    from reader.query.parser import parse

    query = parse(text) if isinstance(text, str) else text
    positions = index.filter(query, within)
    if positions:
        return Found(positions, query)
    corrected = correct(index, query)
    if corrected is None:
        return Found(positions, query)
    return Found(index.filter(corrected.query, within), corrected.query, corrected)


__all__ = ["Corrected", "Found", "absent", "correct", "distance", "nearest", "search",
           "variants"]
