"""Parse query text into a `Query` tree, or raise `QueryError` pointing at the column.

Grammar (OR binds looser than the implicit AND between terms):

    query  := or? EOF            (empty or blank text matches everything)
    or     := and ("OR" and)*
    and    := unary (["AND"] unary)*
    unary  := "-" unary | "NOT" unary | "(" or ")" | term

Only upper-case OR, AND and NOT are operators; "or", "not" are words like any other.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from reader.model import fold
from reader.query.lexer import QueryError, Token, column, tokenize
from reader.query.nodes import (
    HAS_VALUES,
    IS_VALUES,
    MATCH_ALL,
    And,
    Date,
    Has,
    Is,
    Not,
    Number,
    Or,
    Query,
    Tag,
    Text,
)

__all__ = ["QueryError", "SYNTAX", "parse", "fold_text"]

SYNTAX = """\
words              each must occur in title or abstract, even inside a word (serv finds serving);
                   case and accents are ignored
"exact phrase"     the words in this order ("state of the art" finds state-of-the-art too)
title: abstract: author:   search one place: title:scaling, author:"tri dao"
note:WORD          your notes: note:reread, note:"ask tri"
tag:NAME           a topic or your own tag          -tag:survey  or  NOT tag:survey
is:read is:unread is:starred is:unstarred
has:code has:link has:project has:note has:stars has:upvotes
date:2025-09-25  date:2025-09  date:2025-09-01..2025-09-30  after:DATE  before:DATE
upvotes:>50  stars:>=100  comments:<3  upvotes:10..20
a OR b             either (AND binds tighter: a b OR c = (a b) OR c); ( ) group
a word in no paper is searched as the nearest word that is (trnasformer: transformer)
"""

_HAS_ALIASES = {"links": "link", "projects": "project", "notes": "note", "star": "stars",
                "upvote": "upvotes", "comment": "comments"}
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_NUMBER = re.compile(r"(>=|<=|>|<|=)?(\d+)")
_RANGE = re.compile(r"(\d*)\.\.(\d*)")


def fold_text(value: str) -> str:
    """How query text is compared: folded, whitespace runs made single spaces."""
    return " ".join(fold(value).split())


def _period(text: str, position: int) -> tuple[dt.date, dt.date]:
    """First and last day of YYYY-MM-DD, YYYY-MM or YYYY."""
    match = _DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(g) if g else None for g in match.groups())
        if day is not None:
            first = last = dt.date(year, month, day)
        elif month is not None:
            first = dt.date(year, month, 1)
            # monthrange, not "first of next month - 1 day": 9999-12 has no next month.
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise QueryError(
            f"Bad date '{text}' at {column(position)} (use YYYY-MM-DD, YYYY-MM or YYYY).",
            position,
        ) from None
    return first, last


def _date(token: Token) -> Date:
    value, position = token.value, token.value_position
    if token.field == "date" and ".." in value:
        start, _, end = value.partition("..")
        first = _period(start, position)[0]
        last = _period(end, position + len(start) + 2)[1]
        if first > last:
            raise QueryError(f"The date range '{value}' at {column(position)} is empty.",
                             position)
        return Date("on", first, last, value)
    first, last = _period(value, position)
    op = "on" if token.field == "date" else token.field
    return Date(op, first, last, value)


def _number(token: Token) -> Number:
    value, field = token.value.replace(" ", ""), token.field
    match = _NUMBER.fullmatch(value)
    if match:
        return Number(field, match.group(1) or "=", int(match.group(2)))
    match = _RANGE.fullmatch(value)
    if match and (match.group(1) or match.group(2)):
        low, high = match.group(1), match.group(2)
        if not low:
            return Number(field, "<=", int(high))
        if high and int(low) > int(high):
            raise QueryError(f"The range '{value}' at {column(token.value_position)} is empty.",
                             token.value_position)
        return Number(field, "..", int(low), int(high) if high else None)
    raise QueryError(
        f"Bad comparison '{field}:{token.value}' at {column(token.position)} "
        f"(use {field}:>50, >=50, <50, <=50, =50 or 10..20).",
        token.position,
    )


def _choice(token: Token, choices: tuple[str, ...], aliases: dict[str, str]) -> str:
    value = token.value.strip().lower()
    value = aliases.get(value, value)
    if value not in choices:
        raise QueryError(
            f"Unknown value '{token.value}' for {token.field}: at {column(token.value_position)} "
            f"(use {', '.join(choices[:-1])} or {choices[-1]}).",
            token.value_position,
        )
    return value


def _term(token: Token) -> Query:
    field = token.field
    if field in (None, "title", "abstract", "author", "note"):
        value = fold_text(token.value)
        if not value:
            raise QueryError(f"The term at {column(token.position)} has no letters to search.",
                             token.position)
        return Text(value, field or "any")
    if field == "tag":
        return Tag(fold_text(token.value))
    if field == "is":
        return Is(_choice(token, IS_VALUES, {}))
    if field == "has":
        return Has(_choice(token, HAS_VALUES, _HAS_ALIASES))
    if field in ("date", "after", "before"):
        return _date(token)
    return _number(token)


# How deep "(", "NOT" and "-" may nest: far beyond any query a person types, and far
# below Python's recursion limit for the parser and for the evaluator walking the tree.
MAX_DEPTH = 100


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def starts_term(self) -> bool:
        token = self.peek()
        return token is not None and token.kind in ("TERM", "(", "-", "NOT")

    def or_(self) -> Query:
        parts = [self.and_()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            if not self.starts_term():
                raise QueryError(f"'OR' at {column(token.position)} needs a term on both sides.",
                                 token.position)
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_(self) -> Query:
        parts: list[Query] = []
        while (token := self.peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                self.take()
                if not parts or not self.starts_term():
                    raise QueryError(
                        f"'AND' at {column(token.position)} needs a term on both sides.",
                        token.position)
                continue
            parts.append(self.unary())
        if not parts:
            self.missing_term(token)
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def missing_term(self, token: Token | None) -> None:
        if token is not None and token.kind == "OR":
            raise QueryError(f"'OR' at {column(token.position)} needs a term on both sides.",
                             token.position)
        if token is not None and token.kind == ")":
            before = self.tokens[self.at - 1] if self.at else None
            if before is not None and before.kind == "(":
                raise QueryError(f"Empty parentheses at {column(before.position)}.",
                                 before.position)
            raise QueryError(
                f"Unbalanced parenthesis: the ')' at {column(token.position)} has no matching '('.",
                token.position)
        raise QueryError("The query ends where a term was expected.", 0)  # pragma: no cover

    def unary(self) -> Query:
        token = self.take()
        if token.kind in ("-", "NOT", "("):
            self.depth += 1
            try:
                return self.nested(token)
            finally:
                self.depth -= 1
        return _term(token)

    def nested(self, token: Token) -> Query:
        if self.depth > MAX_DEPTH:
            raise QueryError(
                f"The query nests '(', 'NOT' or '-' more than {MAX_DEPTH} deep at "
                f"{column(token.position)}.", token.position)
        if token.kind in ("-", "NOT"):
            if not self.starts_term():
                what = "has nothing to negate" if token.kind == "-" else "needs a term after it"
                raise QueryError(f"The '{token.kind}' at {column(token.position)} {what}.",
                                 token.position)
            return Not(self.unary())
        if token.kind == "(":
            unclosed = QueryError(
                f"Unbalanced parenthesis: the '(' at {column(token.position)} is never closed.",
                token.position)
            if self.peek() is None:
                raise unclosed
            inner = self.or_()
            if self.peek() is None:
                raise unclosed
            self.take()
            return inner
        raise AssertionError(token.kind)  # pragma: no cover - unary() sends only these


def parse(text: str) -> Query:
    """The query tree of `text`; blank text matches every paper. Raises `QueryError`."""
    tokens = tokenize(text)
    if not tokens:
        return MATCH_ALL
    parser = _Parser(tokens)
    query = parser.or_()
    token = parser.peek()
    if token is not None:  # only a ')' stops the top level early
        raise QueryError(
            f"Unbalanced parenthesis: the ')' at {column(token.position)} has no matching '('.",
            token.position)
    return query
