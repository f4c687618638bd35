"""The reading session without a UI: filters, counts, state changes, undo, progress."""

from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.model import fold
from reader.query import SavedSearch
from reader.session import ReadingSession
from reader.state import StateStore


@pytest.fixture
def session(seed_papers, tmp_path):
    s = ReadingSession(seed_papers, "test")
    store = StateStore(tmp_path / "state.json")
    s.attach(store)
    yield s
    store.close()


def titles(session):
    return [session.papers[i].title for i in session.shown]


def test_starts_with_every_paper_in_page_order(session, seed_papers):
    assert titles(session) == [p.title for p in seed_papers]
    assert session.describe_filter() == "All papers"


def test_changes_before_the_state_loads_say_so(seed_papers):
    s = ReadingSession(seed_papers)
    with pytest.raises(ReaderError, match="still loading"):
        s.toggle_star(seed_papers[0])


def test_two_tags_all_then_any(session, seed_papers):
    session.toggle_tag("llm")
    session.toggle_tag("serving")
    session.recompute()
    both = [p.title for p in seed_papers if {"llm", "serving"} <= set(p.tags)]
    assert titles(session) == both
    session.toggle_tag_mode()
    session.recompute()
    either = [p.title for p in seed_papers if {"llm", "serving"} & set(p.tags)]
    assert titles(session) == either
    assert len(either) > len(both)


def test_unread_with_code_follows_state(session, seed_papers):
    session.set_view("code")
    session.recompute()
    with_code = [p for p in seed_papers if p.primary_code_link]
    assert len(session.shown) == len(with_code)
    session.set_read(with_code[0], True)
    session.set_view("unread")
    session.toggle_tag("has-code")
    session.recompute()
    assert len(session.shown) == len(with_code) - 1
    assert with_code[0].title not in titles(session)


def test_search_uses_the_query_language_and_keeps_last_good_result(session):
    session.set_search("melange")
    session.recompute()
    assert len(session.shown) == 1 and titles(session)[0].startswith("Mélange")
    assert session.highlight() == ["melange"]
    error = session.set_search("melange (")
    session.recompute()
    assert error is not None and "parenthes" in str(error)
    assert len(session.shown) == 1


def test_counts_follow_the_current_selection(session, seed_papers):
    session.toggle_tag("serving")
    session.recompute()
    views = session.view_counts()
    assert views["all"] == len(session.shown)
    assert views["code"] == sum(1 for p in seed_papers
                                if "serving" in p.tags and p.primary_code_link)
    tags = session.tag_counts()
    assert tags["serving"] == sum(1 for p in seed_papers if "serving" in p.tags)


def test_star_read_and_undo_reach_the_store(session, seed_papers, tmp_path):
    paper = seed_papers[3]
    assert session.toggle_star(paper) is True
    session.set_read(paper, True)
    on_disk = StateStore(tmp_path / "state.json")
    assert on_disk.get(paper.id).starred and on_disk.get(paper.id).read
    on_disk.close()
    assert session.undo() == "marking “Orchid: Flexible and Data-Dependent Con…” read"
    assert session.undo() == "starring “Orchid: Flexible and Data-Dependent Con…”"
    assert session.undo() is None
    assert not session.state(paper).starred and not session.state(paper).read
    again = StateStore(tmp_path / "state.json")
    assert not again.get(paper.id).starred
    again.close()
    assert session.progress.summary() == "This session: read 0 papers, starred 0."


def test_mark_all_shown_read_is_one_undoable_change(session, seed_papers):
    session.toggle_tag("moe")
    session.recompute()
    shown = list(session.shown)
    assert session.mark_shown_read() == len(shown)
    assert session.read_count() == len(shown)
    assert session.undo().startswith("marking")
    assert session.read_count() == 0


def test_next_unread_skips_read_papers(session, seed_papers):
    session.set_read(seed_papers[1], True)
    session.set_read(seed_papers[2], True)
    assert session.next_unread(0) == 3
    assert session.next_unread(3, -1) == 0
    session.set_view("unread")
    session.recompute()
    assert session.next_unread(len(session.shown) - 1) is None


def test_user_tags_join_filters(session, seed_papers):
    paper = seed_papers[5]
    session.set_user_tags(paper, ["To Read", "later"])
    assert session.paper_tags(paper)[-2:] == ("to-read", "later")
    session.toggle_tag("to-read")
    session.recompute()
    assert titles(session) == [paper.title]
    assert "to-read" in session.all_tags()


def test_sort_and_collections(session, seed_papers, by_title):
    session.cycle_sort()  # date
    session.cycle_sort()  # title
    session.recompute()
    assert titles(session) == sorted(titles(session), key=fold)  # accents folded: Mélange ~ melange
    assert session.collections() == ["daily-2025-09-25"]
    assert session.step_collection(1) is None  # one collection: nothing to step to


def test_stepping_from_all_days_either_way_starts_at_the_newest_day(seed_papers):
    older = [p.with_changes(id=f"old-{n}", collection="daily-2025-01-01", arxiv_id=None,
                            title=f"Old {n}") for n, p in enumerate(seed_papers[:2])]
    for step in (1, -1):
        session = ReadingSession(list(seed_papers) + older)
        assert session.step_collection(step) == session.collections()[0]


def test_saved_search_counts(session):
    session.saved = [SavedSearch("srv", "tag:serving has:code"), SavedSearch("bad", "(")]
    counts = session.saved_counts()
    assert counts["srv"] > 0 and counts["bad"] == 0


def test_other_sessions_changes_are_picked_up(session, seed_papers, tmp_path):
    other = StateStore(tmp_path / "state.json")
    other.set_starred(seed_papers[7].id, True)
    other.close()
    assert session.store.refresh()
    session.reload_states(session.store.all())
    session.set_view("starred")
    session.recompute()
    assert titles(session) == [seed_papers[7].title]
