"""The first screenful (filter_first, first, LiveSearch with a limit) and the dear paths:
lazy per-paper checks, stored bit sets of short strings, narrowing, display order, threads."""

from __future__ import annotations

import random
import threading

import pytest

from reader.query import LiveSearch, SearchIndex, parse
from reader.query import evaluate as evaluate_module
from reader.query.build import build_parts
from reader.query.store import MemoryStore
from reader.state import PaperState
from tests.query.generate import query_text


def oracle(papers, states, query):
    return [i for i, p in enumerate(papers) if query.matches(p, states.get(p.id, PaperState()))]


def texts(count, seed):
    rng = random.Random(seed)
    return [query_text(rng) for _ in range(count)]


@pytest.fixture(params=["plain", "no grams, all dear", "all grams"])
def setup(request, rich_papers, rich_states, monkeypatch):
    """An index three ways: as built; with every lookup too dear (lazy checks everywhere);
    with a stored bit set for every short string."""
    if request.param == "plain":
        return SearchIndex(rich_papers, rich_states)
    if request.param == "no grams, all dear":
        monkeypatch.setattr(evaluate_module, "BUDGET", 0.0)
        monkeypatch.setattr(evaluate_module, "TERM_CAP", 0)
        meta, parts = build_parts(rich_papers, gram_budget=float("inf"))
    else:
        meta, parts = build_parts(rich_papers, gram_budget=0.0, gram_max=4)
    assert bool(meta["abstract"]["grams"]) == (request.param == "all grams")
    return SearchIndex.from_store(MemoryStore(parts), meta, rich_states)


WORDS = ["serving", "ser", "e", "kv", "title:scal", "abstract:the", "abstract:model",
         "title:model", '"kv cache"', '"language model"', 'title:"language model"',
         'abstract:"of the"', "author:dao", "author:a", 'author:"ana  souza"', "-e", "-ser",
         "ser OR tag:llm", "-(kv cache)", "e tag:serving", "mélange", "gpu -title:gpu"]


@pytest.mark.parametrize("text", WORDS)
def test_filter_and_filter_first_agree_with_the_oracle(setup, rich_papers, rich_states, text):
    query = parse(text)
    expected = oracle(rich_papers, rich_states, query)
    assert setup.filter(query) == expected
    assert setup.count(query) == len(expected)
    for limit in (1, 3, 10, 1000):
        assert setup.filter_first(query, limit) == expected[:limit]
    order = list(range(len(rich_papers)))[::-1]
    assert setup.filter_first(query, 5, order) == expected[::-1][:5]


def test_random_queries_every_way(setup, rich_papers, rich_states):
    for text in texts(120, 21):
        query = parse(text)
        expected = oracle(rich_papers, rich_states, query)
        assert setup.filter(query) == expected, text
        assert setup.filter_first(query, 4) == expected[:4], text
        screen = setup.first(query, 4, max_checks=6)
        assert screen.positions == expected[: len(screen.positions)], text
        if screen.complete:
            assert screen.positions == expected, text
        if screen.answer is not None:
            assert screen.answer.bit_count() == len(expected), text


def test_a_lazy_first_screen_is_a_prefix_and_says_when_it_is_all(rich_papers, monkeypatch):
    monkeypatch.setattr(evaluate_module, "BUDGET", 0.0)
    monkeypatch.setattr(evaluate_module, "TERM_CAP", 0)
    meta, parts = build_parts(rich_papers, gram_budget=float("inf"))
    index = SearchIndex.from_store(MemoryStore(parts), meta)
    everything = index.filter(parse("e"))
    screen = index.first(parse("e"), 5)
    assert screen.positions == everything[:5] and not screen.complete and screen.answer is None
    rare = index.first(parse("mélange"), 5)
    assert rare.complete and len(rare.positions) == 1 and rare.answer is not None
    starved = index.first(parse("mélange"), 5, max_checks=3)
    assert starved.positions == [] and not starved.complete


def test_live_search_shows_a_screenful_then_completes(setup, rich_papers, rich_states):
    live = LiveSearch(setup, limit=3, cache_size=4)
    for text in texts(20, 8):
        for prefix in [text[:k] for k in range(1, len(text) + 1)]:
            result = live.update(prefix)
            if result.error is not None:
                continue
            expected = oracle(rich_papers, rich_states, parse(prefix))
            assert list(result.positions) == expected[: len(result.positions)], prefix
            assert len(result.positions) <= 3
            if result.complete:  # (a full screen may be all there is without saying so)
                assert list(result.positions) == expected, prefix
            assert result.count in (None, len(expected))
            full = live.complete(result)
            assert list(full.positions) == expected and full.complete, prefix
            assert full.count == len(expected) and live.result is full


def test_live_search_in_display_order(seed_papers):
    index = SearchIndex(seed_papers)
    order = list(range(len(seed_papers)))[::-1]
    live = LiveSearch(index, limit=2, order=order)
    expected = index.filter(parse("serving"), order)
    assert list(live.update("serving").positions) == expected[:2]
    assert list(live.complete().positions) == expected
    assert list(live.set_order(None).positions) == sorted(expected)[:2]


def test_complete_runs_in_worker_threads_while_typing(rich_papers, rich_states):
    index = SearchIndex(rich_papers, rich_states)
    live = LiveSearch(index, limit=2, cache_size=3)
    errors = []

    def finish(result):
        try:
            assert list(live.complete(result).positions) == index.filter(result.query)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    workers = []
    for text in texts(30, 13):
        for prefix in [text[:k] for k in range(1, len(text) + 1)]:
            result = live.update(prefix)
            if result.error is None and not result.complete:
                workers.append(threading.Thread(target=finish, args=(result,)))
                workers[-1].start()
    for worker in workers:
        worker.join()
    assert not errors and len(workers) > 20


def test_a_tick_can_stop_the_full_answer(rich_papers, monkeypatch):
    monkeypatch.setattr(evaluate_module, "BUDGET", 0.0)
    index = SearchIndex(rich_papers * 3)
    live = LiveSearch(index, limit=1)

    class Stop(Exception):
        pass

    def tick():
        raise Stop

    result = live.update('"of the"')
    assert not result.complete
    with pytest.raises(Stop):
        live.complete(result, tick)
    assert list(live.complete(result).positions) == index.filter(parse('"of the"'))


def test_a_match_across_two_papers_is_no_match(monkeypatch):
    from reader.model import Paper

    monkeypatch.setattr(evaluate_module, "BUDGET", 0.0)
    papers = [Paper("a", "Alpha kv", "Serving with kv"), Paper("b", "Cache beta", "Cache first."),
              Paper("c", "Gamma", "A kvcache and kv cache."), Paper("d", "Delta", "kv")]
    index = SearchIndex(papers)
    for text, expected in [("kvcache", [2]), ('"kv cache"', [2]), ("abstract:kvc", [2]),
                           ('title:"kv cache"', []), ('"kv" cache', [2]), ("kv", [0, 2, 3])]:
        assert index.filter(parse(text)) == expected, text
        assert index.filter_first(parse(text), 1) == expected[:1], text
