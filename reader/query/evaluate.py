"""How a query is answered on a `SearchIndex`: each node gives a `Plan`, a bit set of candidate
papers and, when checking them all now would be too dear, a per-paper check to apply lazily.

With `exact=True` every plan is resolved (no check left): that is the full answer, for a
worker thread. With `exact=False` dear parts stay lazy, so the first screenful is found by
checking candidates in page order until it is full (`SearchIndex.first`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from reader.query import bits
from reader.query.hyphens import variants
from reader.query.nodes import And, Date, Has, Is, MatchAll, Not, Number, Or, Query, Tag, Text
from reader.query.terms import BUDGET, PER_TERM

if TYPE_CHECKING:
    from reader.query.index import SearchIndex

Check = Callable[[int], bool]
Tick = Callable[[], None] | None
TITLE_CHECK = 2.0  # µs to check one title (read from the store)
ABSTRACT_CHECK = 4.0  # µs to check one abstract (read from the store)
TERM_CAP = int(BUDGET / PER_TERM)


class Plan(NamedTuple):
    bits: int  # the candidates; the answer itself when `check` is None
    check: Check | None = None


def _cost(query: Query) -> tuple[int, int]:
    """Cheap, selective children of an AND go first."""
    if isinstance(query, Text):
        return (1, -len(query.value))
    if isinstance(query, Tag | Is | Has | Number | Date):
        return (0, 0)
    if isinstance(query, Not) and isinstance(query.child, Tag | Is | Has | Number | Date):
        return (0, 1)
    return (2, 0)


def _member(plan: Plan, size: int) -> Check:
    marks = bits.flags(plan.bits, size)
    check = plan.check
    if check is None:
        return marks.__getitem__
    return lambda p: bool(marks[p]) and check(p)


class Evaluator:
    def __init__(self, index: SearchIndex, exact: bool, tick: Tick = None) -> None:
        self.index, self.exact, self.tick = index, exact, tick
        self.size = len(index)

    def plan(self, query: Query, mask: int) -> Plan:
        if not mask:
            return Plan(0)
        kind = type(query)
        if kind is Text:
            return self.text(query, mask)
        if kind is And:
            return self.all_of(query.children, mask)
        if kind is Or:
            return self.any_of(query.children, mask)
        if kind is Not:
            child = self.plan(query.child, mask)
            if child.check is None:
                return Plan(mask & ~child.bits)
            inside = _member(child, self.size)
            return Plan(mask, lambda p: not inside(p))
        if kind is MatchAll:
            return Plan(mask)
        return Plan(self.index.simple_bits(query) & mask)

    def all_of(self, children: tuple[Query, ...], mask: int) -> Plan:
        checks: list[Check] = []
        for child in sorted(children, key=_cost):
            plan = self.plan(child, mask)
            mask = plan.bits
            if plan.check is not None:
                checks.append(plan.check)
            if not mask:
                return Plan(0)
        if not checks:
            return Plan(mask)
        if len(checks) == 1:
            return self.settle(mask, checks[0], ABSTRACT_CHECK)
        return self.settle(mask, lambda p: all(check(p) for check in checks), ABSTRACT_CHECK)

    def any_of(self, children: tuple[Query, ...], mask: int) -> Plan:
        return self.union([self.plan(child, mask) for child in children])

    def union(self, plans: list[Plan]) -> Plan:
        union = 0
        for plan in plans:
            union |= plan.bits
        if all(plan.check is None for plan in plans):
            return Plan(union)
        members = [_member(plan, self.size) for plan in plans]
        return Plan(union, lambda p: any(member(p) for member in members))

    def settle(self, candidates: int, check: Check, each: float) -> Plan:
        """Check the candidates now when that is cheap (or required), else leave it lazy."""
        if self.exact or candidates.bit_count() * each <= BUDGET:
            found = [p for p in bits.iter_positions(candidates, self.size) if check(p)]
            return Plan(bits.from_positions(found, self.size))
        return Plan(candidates, check)

    # -- text ---------------------------------------------------------------------------
    def text(self, query: Text, mask: int) -> Plan:
        if query.field in ("any", "title", "abstract"):
            forms = variants(query.value)
            if len(forms) > 1:  # "state of the art" finds "state-of-the-art" too, and back
                return self.union([self.one_text(Text(form, query.field), mask)
                                   for form in forms])
        return self.one_text(query, mask)

    def one_text(self, query: Text, mask: int) -> Plan:
        value, field = query.value.encode("utf-8", "surrogatepass"), query.field
        if field == "author":
            return self.author(value, mask)
        if field == "note":
            return Plan(self.index.noted_with(query.value) & mask)
        words = value.split(b" ")
        if len(words) == 1:
            found = self.word(value, field, mask, need=self.exact)
            if found is not None:
                return Plan(found & mask)
            return Plan(mask, self.checker(value, field))
        candidates = mask  # a phrase: its words narrow the candidates, then check each
        for word in words:
            found = self.word(word, field, 0, need=False)
            if found is not None:
                candidates &= found
        if self.exact:
            return Plan(self.verify(value, candidates, field))
        each = TITLE_CHECK if field == "title" else ABSTRACT_CHECK
        return self.settle(candidates, self.checker(value, field), each)

    def checker(self, value: bytes, field: str) -> Check:
        texts = self.index.texts
        in_title, folded = texts.in_title, texts.folded_abstract
        if field == "title":
            return lambda p: in_title(value, p)
        if field == "abstract":
            return lambda p: value in folded(p)
        return lambda p: in_title(value, p) or value in folded(p)

    def word(self, word: bytes, field: str, mask: int, need: bool) -> int | None:
        """Papers with a word containing `word` in `field` (title, abstract or any), or None
        when that is dear to find and not `need`ed. With a small `mask`, only the papers in
        it may be answered (checked one by one, cheaper than a large union)."""
        if field == "any":
            title = self.word(word, "title", mask, need)
            abstract = None if title is None else self.word(word, "abstract", mask, need)
            return None if abstract is None else title | abstract
        index, key = self.index, (field, word)
        known = index.cached_word(key)
        if known is not None:
            return known
        terms = index.terms[field]
        found = terms.gram(word)
        if found is None:
            term_ids = terms.matching(word, None if need else TERM_CAP)
            if term_ids is None:
                return None
            cost = terms.cost(term_ids)
            each = TITLE_CHECK if field == "title" else ABSTRACT_CHECK
            if need and mask and mask.bit_count() * each < cost:
                return self.verify(word, mask, field)
            if not need and cost > BUDGET:
                return None
            found = terms.union(term_ids, self.tick)
        index.remember_word(key, found)
        return found

    def verify(self, value: bytes, candidates: int, field: str) -> int:
        """The candidates whose title (unless field is "abstract") or abstract (unless field
        is "title") contains `value`, checked one by one (abstracts read in runs)."""
        texts, size = self.index.texts, self.size
        found: list[int] = []
        if field != "abstract":
            found = texts.search(value, candidates, "title", self.tick)
            candidates = candidates & ~bits.from_positions(found, size) if field == "any" else 0
        if candidates:
            found.extend(texts.search(value, candidates, "abstract", self.tick))
        return bits.from_positions(found, size)

    def author(self, value: bytes, mask: int) -> Plan:
        terms = self.index.terms["names"]
        found = terms.gram(value)
        if found is not None:
            return Plan(found & mask)
        term_ids = terms.matching(value, None if self.exact else TERM_CAP)
        if term_ids is not None and (self.exact or terms.cost(term_ids) <= BUDGET):
            return Plan(terms.union(term_ids, self.tick) & mask)
        has_name = self.index.has_name
        return Plan(mask, lambda p: has_name(value, p))
