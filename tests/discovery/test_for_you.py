"""For you: liked and skipped papers from the reading state, order and reasons, on the seed."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.query import SearchIndex, sort_indices
from reader.query.for_you import ForYou
from reader.state import PaperState, StateStore
from tests.conftest import SEED

OPENED = "2025-09-25T10:00:00Z"


def agent_and_serving(papers):
    agents = [p for p in papers if "agent" in p.title.lower()]
    serving = [p for p in papers if "serving" in p.title.lower()]
    return agents, serving


@pytest.fixture
def liked_agents(seed_papers):
    agents, serving = agent_and_serving(seed_papers)
    states = {p.id: PaperState(starred=True) for p in agents[:3]}
    states.update({p.id: PaperState(read=True) for p in serving[:3]})  # skipped: never opened
    return states, agents, serving


def test_without_a_liked_paper_it_says_so_and_keeps_page_order(seed_papers):
    index = SearchIndex(seed_papers, {seed_papers[0].id: PaperState(read=True)})
    engine = ForYou.of(index)
    assert not engine.has_signal
    assert engine.message().startswith("For you: nothing starred, tagged or read in full yet")
    assert engine.order([5, 3, 9]) == [5, 3, 9]
    assert [pick.reason for pick in engine.rank([5, 3])] == ["", ""]
    assert sort_indices(index, [9, 2, 4], "foryou") == [2, 4, 9]


def test_papers_like_the_starred_ones_come_first_with_a_reason(seed_papers, liked_agents):
    states, agents, serving = liked_agents
    index = SearchIndex(seed_papers, states)
    engine = ForYou.of(index, lambda p: seed_papers[p].title)
    rest = [n for n, p in enumerate(seed_papers) if p.id not in states]
    picks = engine.rank(rest)
    top = [seed_papers[pick.position] for pick in picks[:5]]
    assert sum("agent" in (p.title + p.abstract).lower() for p in top) >= 4, \
        [p.title for p in top]
    assert picks[0].reason.startswith(("like ", "about "))
    assert engine.message() == "For you: like 3 starred, unlike 3 skipped."
    # Papers like the skipped ones go down, and say why.
    unskipped = [n for n, p in enumerate(seed_papers)
                 if "serving" in p.title.lower() and p.id not in states]
    ranks = {pick.position: n for n, pick in enumerate(picks)}
    assert sorted(ranks[n] for n in unskipped)[len(unskipped) // 2] > len(picks) // 2
    assert "serving" in seed_papers[picks[-1].position].title.lower()
    assert picks[-1].reason.startswith("unlike papers you skipped")


def test_a_reason_names_the_starred_papers(seed_papers, liked_agents):
    states, agents, _ = liked_agents
    index = SearchIndex(seed_papers, states)
    engine = ForYou.of(index, lambda p: seed_papers[p].title)
    reasons = [pick.reason for pick in engine.rank(range(len(seed_papers)))]
    named = [r for r in reasons if r.startswith("like ")]
    assert named
    assert any(any(a.title[:20] in r for a in agents[:3]) for r in named)
    assert all("you starred" in r for r in named)


def test_a_new_star_changes_the_order_at_once(seed_papers):
    index = SearchIndex(seed_papers)
    engine = ForYou.of(index)
    assert not engine.has_signal
    scaling = next(n for n, p in enumerate(seed_papers) if p.title.startswith("Farseer"))
    index.update_state(seed_papers[scaling].id, PaperState(starred=True))
    assert engine.has_signal
    order = engine.order([n for n in range(len(seed_papers)) if n != scaling])
    assert sum("scaling" in seed_papers[n].title.lower() for n in order[:4]) >= 3


def test_kinds_read_in_full_tagged_and_a_skim_is_not_a_like(seed_papers):
    a, b, c, d = (p.id for p in seed_papers[:4])
    index = SearchIndex(seed_papers, {
        a: PaperState(read=True, opened_at=OPENED),  # read in full
        b: PaperState(tags=("to-cite",)),
        c: PaperState(read=True),  # skipped
        d: PaperState(read=True, note="good figure"),  # read with a note: not skipped
    })
    engine = ForYou.of(index)
    assert engine.has_signal
    assert engine.liked == {0: "read", 1: "tagged"}
    assert engine.skipped == [2]
    assert engine.message() == "For you: like 1 tagged, 1 read in full, unlike 1 skipped."


def test_a_large_set_is_ordered_from_postings_like_a_small_one(seed_papers, liked_agents,
                                                               monkeypatch):
    states, _, _ = liked_agents
    index = SearchIndex(seed_papers, states)
    engine = ForYou.of(index)
    small = engine.order(range(len(seed_papers)))
    monkeypatch.setattr("reader.query.for_you.MANY", 10)
    large = engine.order(range(len(seed_papers)))
    assert sorted(large) == list(range(len(seed_papers)))
    assert len(set(small[:10]) & set(large[:10])) >= 7


def test_list_sort_foryou_on_the_command_line(capsys, tmp_path, seed_papers):
    agents, _ = agent_and_serving(seed_papers)
    db = tmp_path / "state.json"
    store = StateStore(db)
    for paper in agents[:3]:
        store.set_starred(paper.id, True)
    store.close()
    assert main(["list", str(SEED), "--db", str(db), "--sort", "foryou", "--format",
                 "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == len(seed_papers)
    assert sum("agent" in (r["title"] + r.get("abstract", "")).lower()
               for r in records[:6]) >= 5


def test_papers_added_to_the_index_are_ranked_too(seed_papers):
    index = SearchIndex(seed_papers[:40], {seed_papers[0].id: PaperState(starred=True)})
    engine = ForYou.of(index)
    assert engine.has_signal and len(engine.rank(range(40))) == 40
    index.extend(seed_papers[40:])
    picks = engine.rank(range(len(seed_papers)))
    assert sorted(p.position for p in picks) == list(range(len(seed_papers)))
