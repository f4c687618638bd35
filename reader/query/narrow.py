"""When may a new query be evaluated within the previous query's result?

Only when it is provably a refinement: every paper the new query matches also matches the old
one. The rules are sound, not complete; when in doubt the answer is False (a full filter).
"""

from __future__ import annotations

from reader.query.lexer import QueryError
from reader.query.nodes import (
    MATCH_ALL,
    And,
    Date,
    MatchAll,
    Not,
    Number,
    Or,
    Query,
    Text,
    combine,
)

_BROADER_FIELD = {"title": "any", "abstract": "any"}


def _number_range(query: Number) -> tuple[float, float]:
    value, low, high = query.value, float("-inf"), float("inf")
    if query.op == ">":
        low = value + 1
    elif query.op == ">=":
        low = value
    elif query.op == "<":
        high = value - 1
    elif query.op == "<=":
        high = value
    elif query.op == "=":
        low = high = value
    else:
        low = value
        high = float("inf") if query.high is None else query.high
    return low, high


def _date_range(query: Date) -> tuple[float, float]:
    if query.op == "after":
        # Ordinals, not dates: the day after 9999-12-31 is no date (OverflowError).
        return query.last.toordinal() + 1, float("inf")
    if query.op == "before":
        return float("-inf"), query.first.toordinal() - 1
    return query.first.toordinal(), query.last.toordinal()


def _within(inner: tuple[float, float], outer: tuple[float, float]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def implies(new: Query, old: Query) -> bool:
    """True only when every paper matching `new` is sure to match `old`."""
    if isinstance(old, MatchAll) or new == old:
        return True
    if isinstance(old, And):
        return all(implies(new, part) for part in old.children)
    if isinstance(new, Or):
        return all(implies(part, old) for part in new.children)
    if isinstance(new, And) and any(implies(part, old) for part in new.children):
        return True
    if isinstance(old, Or):
        return any(implies(new, part) for part in old.children)
    if isinstance(new, Text) and isinstance(old, Text):
        same_place = new.field == old.field or _BROADER_FIELD.get(new.field) == old.field
        return same_place and old.value in new.value
    if isinstance(new, Not) and isinstance(old, Not):
        return implies(old.child, new.child)
    if isinstance(new, Number) and isinstance(old, Number) and new.field == old.field:
        return _within(_number_range(new), _number_range(old))
    if isinstance(new, Date) and isinstance(old, Date):
        return _within(_date_range(new), _date_range(old))
    return False


def narrows(new: Query, previous: Query) -> bool:
    """True when `new` may be evaluated within the result of `previous`."""
    return implies(new, previous)


def can_narrow(old_text: str, new_text: str) -> bool:
    """`narrows` for query texts; False when either does not parse."""
    from reader.query.parser import parse

    try:
        return narrows(parse(new_text), parse(old_text))
    except QueryError:
        return False


def residual(query: Query, previous: Query) -> Query:
    """What is left of `query` to check on papers already known to match `previous`:
    the parts of a top-level AND that `previous` implies are dropped."""
    parts = query.children if isinstance(query, And) else (query,)
    left = [part for part in parts if not implies(previous, part)]
    return combine(*left) if left else MATCH_ALL
