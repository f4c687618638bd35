"""Narrowing: only provable refinements, and narrowing gives exactly the full filter's answer."""

from __future__ import annotations

import random

import pytest

from reader.query import SearchIndex, can_narrow, parse
from reader.query.narrow import residual
from tests.query.generate import query_text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", "anything at all"),
        ("s", "se"),
        ("se", "serving"),
        ("serving", "serving tag:llm"),
        ("serving t", "serving ta"),
        ("kv ca", '"kv cache"'),
        ('"kv ca"', '"kv cache" gpu'),
        ("scal", "title:scaling"),
        ("title:scal", "title:scaling"),
        ("tag:llm", "tag:llm has:code"),
        ("a OR b", "a"),
        ("a OR b", "(a OR b) c"),
        ("-tag:survey", "-tag:survey is:unread"),
        ("-surveys", "-survey"),
        ("upvotes:>5", "upvotes:>50"),
        ("stars:10..500", "stars:100..200"),
        ("date:2025", "date:2025-09"),
        ("after:2025-01-01", "after:2025-09"),
        ("before:2025-10", "date:2025-09-25"),
    ],
)
def test_refinements_narrow(old, new):
    assert can_narrow(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("serving", "servin"),
        ("-s", "-se"),
        ("tag:s", "tag:se"),
        ("serving tag", "serving tag:l"),
        ("a", "a OR b"),
        ("title:scal", "scaling"),
        ("abstract:gpu", "title:gpu"),
        ("is:read", "is:unread"),
        ("upvotes:>50", "upvotes:>5"),
        ("upvotes:>50", "stars:>50"),
        ("date:2025-09", "date:2025"),
        ("serving", "serving ("),
        ("serving (", "serving"),
    ],
)
def test_non_refinements_do_not(old, new):
    assert not can_narrow(old, new)


def typing(text: str) -> list[str]:
    return [text[:k] for k in range(1, len(text) + 1)]


def test_narrowing_gives_the_full_answer_for_random_typing(rich_papers, rich_states):
    index = SearchIndex(rich_papers, rich_states)
    rng = random.Random(5)
    narrowed = 0
    for _ in range(150):
        good = []  # (text, query, result) of each prefix that parses, as a search box sees them
        for prefix in typing(query_text(rng)):
            try:
                query = parse(prefix)
            except Exception:
                continue
            full = index.filter(query)
            for _old_text, old_query, old_result in good[-3:]:
                if query.narrows(old_query):
                    narrowed += 1
                    assert index.filter(query, old_result) == full, (_old_text, prefix)
                    rest = residual(query, old_query)
                    assert index.filter(rest, old_result) == full, (_old_text, prefix)
            good.append((prefix, query, full))
    assert narrowed > 1000
