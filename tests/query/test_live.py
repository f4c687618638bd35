"""LiveSearch: per-keystroke results, the last good result on errors, base filter, state."""

from __future__ import annotations

import random

from reader.query import LiveSearch, SearchIndex, Tag, parse
from reader.state import PaperState
from tests.query.generate import query_text


def test_typing_and_erasing_always_shows_the_full_answer(rich_papers, rich_states):
    index = SearchIndex(rich_papers, rich_states)
    live = LiveSearch(index, cache_size=4)
    rng = random.Random(9)
    for _ in range(60):
        text = query_text(rng)
        keystrokes = [text[:k] for k in range(1, len(text) + 1)]
        for prefix in keystrokes + keystrokes[-2::-1]:
            result = live.update(prefix)
            assert result.text == prefix
            if result.error is None:
                assert list(result.positions) == index.filter(parse(prefix))
                assert result.query == parse(prefix)


def test_a_malformed_query_keeps_the_last_good_result(seed_papers):
    live = LiveSearch(SearchIndex(seed_papers))
    assert len(live.result.positions) == len(seed_papers)
    good = live.update("serving tag")
    bad = live.update("serving tag:")
    assert bad.error is not None and bad.error.position == 8
    assert "column 9" in str(bad.error)
    assert (bad.positions, bad.query, bad.text) == (good.positions, good.query, "serving tag:")
    fixed = live.update("serving tag:llm")
    assert fixed.error is None and fixed.describe() == 'matching "serving", tagged llm'


def test_the_sidebar_base_combines_with_the_typed_query(seed_papers):
    index = SearchIndex(seed_papers)
    live = LiveSearch(index, base=Tag("serving"))
    result = live.update("has:code")
    assert list(result.positions) == index.filter(parse("tag:serving has:code"))
    assert result.describe() == "tagged serving, with code"
    result = live.set_base(Tag("llm"))
    assert list(result.positions) == index.filter(parse("tag:llm has:code"))
    assert live.update("").describe() == "tagged llm"


def test_refresh_sees_state_changes(seed_papers):
    index = SearchIndex(seed_papers)
    live = LiveSearch(index)
    assert live.update("is:unread serving").positions
    unread = live.update("is:unread").positions
    first = seed_papers[unread[0]].id
    index.update_state(first, PaperState(read=True))
    assert live.refresh().positions == unread[1:]
    assert unread[0] not in live.update("is:unread serving").positions
    assert live.count(parse("is:read")) == 1


def test_papers_added_later_are_found(seed_papers):
    index = SearchIndex(seed_papers[:50])
    live = LiveSearch(index)
    before = live.update("serving").positions
    index.extend(seed_papers[50:], {seed_papers[60].id: PaperState(starred=True)})
    after = live.refresh().positions
    assert after[: len(before)] == before and len(after) > len(before)
    assert list(after) == SearchIndex(seed_papers).filter(parse("serving"))
    assert live.update("is:starred").positions == (60,)
    assert index.positions(seed_papers[60].id) == [60] and index.positions("nope") == []


def test_a_budget_gives_the_count_with_the_first_screenful(seed_papers):
    index = SearchIndex(seed_papers)
    expected = index.filter(parse("model"))
    assert len(expected) > 3
    live = LiveSearch(index, limit=3, budget=1.0)
    result = live.update("model")
    assert result.positions == tuple(expected[:3])
    assert result.count == len(expected) and not result.complete
    assert list(live.complete(result).positions) == expected


def test_over_budget_the_keystroke_settles_for_the_first_screenful(seed_papers, monkeypatch):
    import reader.query.live as live_module

    index = SearchIndex(seed_papers)
    clock = iter(range(0, 10**6, 10))  # every look at the clock: 10 s later
    monkeypatch.setattr(live_module.time, "perf_counter", lambda: next(clock))
    match = index.match

    abandoned = []

    def slow_match(query, within=None, tick=None):
        try:
            if tick is not None:
                tick()  # the budget is gone by the first tick
        except Exception:
            abandoned.append(query)
            raise
        return match(query, within, tick)

    monkeypatch.setattr(index, "match", slow_match)
    live = LiveSearch(index, limit=3, budget=0.004)
    expected = SearchIndex(seed_papers).filter(parse("model"))
    result = live.update("model")
    assert abandoned[-1] == parse("model")  # the whole answer was tried, then given up on
    assert result.positions == tuple(expected[:3]) and not result.complete
    monkeypatch.undo()
    assert list(live.complete(result).positions) == expected
