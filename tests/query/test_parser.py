"""parse(): the grammar, field values, and one-sentence errors that point at the column."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.errors import ReaderError
from reader.query import (
    MATCH_ALL,
    And,
    Date,
    Has,
    Is,
    Not,
    Number,
    Or,
    QueryError,
    Tag,
    Text,
    parse,
)
from tests.core.messages import assert_one_sentence

A, B, C = Text("a"), Text("b"), Text("c")


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_blank_query_matches_everything(text):
    assert parse(text) == MATCH_ALL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("melange", Text("melange")),
        ("Mélange", Text("melange")),
        ("a b", And((A, B))),
        ("a AND b", And((A, B))),
        ("a b OR c", Or((And((A, B)), C))),
        ("a OR b c", Or((A, And((B, C))))),
        ("a (b OR c)", And((A, Or((B, C))))),
        ("a or b", And((A, Text("or"), B))),
        ("not a", And((Text("not"), A))),
        ("-a", Not(A)),
        ("NOT a b", And((Not(A), B))),
        ("NOT NOT a", Not(Not(A))),
        ("-(a OR b)", Not(Or((A, B)))),
        ('"exact  Phrase"', Text("exact phrase")),
        ('-"kv cache"', Not(Text("kv cache"))),
        ('title:"Scaling Laws"', Text("scaling laws", "title")),
        ("abstract:GPU", Text("gpu", "abstract")),
        ("Title:x", Text("x", "title")),
        ("author:García", Text("garcia", "author")),
        ("tag:Serving -tag:survey", And((Tag("serving"), Not(Tag("survey"))))),
        ('tag:"code-gen"', Tag("code-gen")),
        ("is:READ is:unread is:starred is:unstarred",
         And((Is("read"), Is("unread"), Is("starred"), Is("unstarred")))),
        ("has:code has:links has:project has:note", And((Has("code"), Has("link"), Has("project"),
                                                        Has("note")))),
        ("has:stars has:upvotes", And((Has("stars"), Has("upvotes")))),
        ("upvotes:>50", Number("upvotes", ">", 50)),
        ("stars:>=100", Number("stars", ">=", 100)),
        ("comments:<3", Number("comments", "<", 3)),
        ("upvotes:<=7", Number("upvotes", "<=", 7)),
        ("upvotes:=7", Number("upvotes", "=", 7)),
        ("upvotes:7", Number("upvotes", "=", 7)),
        ("stars:10..20", Number("stars", "..", 10, 20)),
        ("stars:10..", Number("stars", "..", 10, None)),
        ("stars:..20", Number("stars", "<=", 20)),
        ("Lift: x", And((Text("lift:"), Text("x")))),
        ("https://github.com/a/b", Text("https://github.com/a/b")),
        ("gpt-4o", Text("gpt-4o")),
        ("(a)", A),
    ],
)
def test_parses(text, expected):
    assert parse(text) == expected


def test_dates_cover_their_whole_period():
    day = parse("date:2025-09-25")
    assert (day.op, day.first, day.last) == ("on", dt.date(2025, 9, 25), dt.date(2025, 9, 25))
    month = parse("date:2024-02")
    assert (month.first, month.last) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    december = parse("before:2025-12")
    assert (december.op, december.first, december.last) == (
        "before", dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    year = parse("after:2024")
    assert (year.op, year.last) == ("after", dt.date(2024, 12, 31))
    span = parse("date:2025-09..2025-10-02")
    assert span == Date("on", dt.date(2025, 9, 1), dt.date(2025, 10, 2), "2025-09..2025-10-02")


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("(a", 0, "never closed"),
        ("a (b OR (c)", 2, "never closed"),
        ("a (", 2, "never closed"),
        ("a)", 1, "no matching"),
        ("(a)) b", 3, "no matching"),
        ("()", 0, "Empty parentheses"),
        ("foo:bar", 0, "Unknown field 'foo:'"),
        ("a Foo:x", 2, "Unknown field 'foo:'"),
        ("date:2025-13-01", 5, "Bad date '2025-13-01'"),
        ("after:yesterday", 6, "Bad date"),
        ("date:2025-09-31", 5, "Bad date"),
        ("date:2025-10..2025-09", 5, "is empty"),
        ("upvotes:>x", 0, "Bad comparison 'upvotes:>x'"),
        ("stars:>>5", 0, "Bad comparison"),
        ("stars:20..10", 6, "is empty"),
        ("a OR", 2, "'OR'"),
        ("OR a", 0, "'OR'"),
        ("a OR OR b", 2, "'OR'"),
        ("(a OR) b", 3, "'OR'"),
        ("a AND", 2, "'AND'"),
        ("NOT", 0, "'NOT'"),
        ("a NOT", 2, "'NOT'"),
        ("NOT OR a", 0, "'NOT'"),
        ("a -", 2, "nothing to negate"),
        ("a - b", 2, "nothing to negate"),
        ("(a -)", 3, "nothing to negate"),
        ('say "hello', 4, "Unterminated quote"),
        ('title:"open', 6, "Unterminated quote"),
        ('a ""', 2, "Empty quotes"),
        ("is:new", 3, "'new' for is:"),
        ("has:pdf", 4, "'pdf' for has:"),
        ("title:", 0, "needs a value"),
        ("a tag: b", 2, "needs a value"),
    ],
)
def test_malformed_queries_say_where_in_one_sentence(text, position, words):
    with pytest.raises(QueryError) as caught:
        parse(text)
    error = caught.value
    assert isinstance(error, ReaderError)
    assert error.position == position
    assert_one_sentence(str(error), f"column {position + 1}", words)


def test_describe_says_the_filter_in_words():
    assert parse("tag:serving -tag:survey has:code").describe() == (
        "tagged serving, not tagged survey, with code")
    assert parse("").describe() == "all papers"
    assert parse('melange "kv cache" title:moe').describe() == (
        'matching "melange", matching "kv cache", title matching "moe"')
    assert parse("-is:read is:starred -has:code").describe() == "unread, starred, without code"
    assert parse("upvotes:>50 stars:10..20 comments:<=3").describe() == (
        "more than 50 upvotes, 10 to 20 GitHub stars, at most 3 comments")
    assert parse("date:2025-09 after:2025-09-01 before:2026").describe() == (
        "dated 2025-09, dated after 2025-09-01, dated before 2026")
    assert parse("a b OR tag:rl").describe() == '(matching "a", matching "b") or tagged rl'
    assert parse("-(a OR b) author:dao").describe() == (
        'not (matching "a" or matching "b"), by an author matching "dao"')


def test_the_package_exports_every_name_it_lists():
    """reader.query imports each name's module on first use: the list and the map agree."""
    import reader.query as query

    assert set(query._HOMES) == set(query.__all__)
    for name in query.__all__:
        assert getattr(query, name) is not None, name
