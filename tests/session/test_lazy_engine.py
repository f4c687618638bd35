"""The session shows every paper before the query engine exists, and makes the engine (the
search index and the live search) the first time something filters, sorts or counts."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.query import SearchIndex
from reader.session import ReadingSession
from reader.state import StateStore


@pytest.fixture
def store(tmp_path):
    s = StateStore(tmp_path / "state.json")
    yield s
    s.close()


def test_an_unfiltered_session_needs_no_engine(seed_papers):
    session = ReadingSession(seed_papers, "test")
    assert session.shown == list(range(len(seed_papers)))
    assert session.match_count == len(seed_papers) and session.complete
    assert session.read_count() == 0 and session.highlight() == []
    unfiltered = session.describe_filter()
    assert not session.engine_ready
    session.prepare_engine()
    assert session.engine_ready
    # The words the session says without the engine are the engine's own.
    assert session.describe_filter() == unfiltered == "All papers"
    assert session.recompute() == list(range(len(seed_papers)))


@pytest.mark.parametrize("change", ["search", "view", "tag", "sort", "collection"])
def test_any_filter_makes_the_engine(seed_papers, change):
    session = ReadingSession(seed_papers, "test")
    if change == "search":
        session.set_search("serving")
    elif change == "view":
        session.set_view("code")
    elif change == "tag":
        session.toggle_tag("llm")
    elif change == "sort":
        session.filters.sort = "title"
    else:
        session.set_collection(seed_papers[0].collection)
    session.recompute()
    assert session.engine_ready
    if change == "sort":
        assert sorted(session.shown) == list(range(len(seed_papers)))
        assert session.shown != list(range(len(seed_papers)))
    elif change == "collection":
        assert session.shown == [i for i, p in enumerate(seed_papers)
                                 if p.collection == seed_papers[0].collection]
    else:
        assert 0 < len(session.shown) < len(seed_papers)


def test_states_taken_before_the_engine_are_in_its_index(seed_papers, store):
    read, starred = seed_papers[2], seed_papers[5]
    store.set_read(read.id, True)
    store.set_starred(starred.id, True)
    made: list[int] = []

    def index_of():
        made.append(1)
        return SearchIndex(seed_papers)  # like the catalog cache's: made without states

    session = ReadingSession(seed_papers, "test", index_of=index_of)
    session.attach(store)
    assert made == [] and session.read_count() == 1
    session.set_view("starred")
    session.recompute()
    assert made == [1]
    assert session.shown == [5]
    session.set_view("unread")
    session.recompute()
    assert 2 not in session.shown and len(session.shown) == len(seed_papers) - 1


def test_changes_after_the_engine_reach_its_index(seed_papers, store):
    session = ReadingSession(seed_papers, "test")
    session.attach(store)
    session.set_view("starred")
    session.recompute()
    assert session.shown == []
    session.toggle_star(seed_papers[7])
    session.recompute()
    assert session.shown == [7]


def test_a_typed_search_is_kept_when_the_papers_are_replaced(seed_papers):
    session = ReadingSession(seed_papers[:10], "test")
    session.set_search("transformer")
    session.replace_papers(seed_papers)
    assert session.engine_ready and session.search == "transformer"
    expected = [i for i, p in enumerate(seed_papers)
                if "transformer" in (p.title + " " + p.abstract).lower()]
    assert session.shown == expected


def test_a_bare_reader_is_what_the_parser_would_make_of_it():
    """`reader` with no arguments skips the parser (argparse and gettext, ~1.5 ms)."""
    from reader import cli
    from reader.cli_parser import build_parser

    assert vars(cli.no_arguments()) == vars(build_parser().parse_args([]))
    code = "import sys, reader.cli; print('argparse' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_new_papers_remake_an_engine_that_existed_on_the_callers_thread(seed_papers):
    """A worker counting or completing a search must never be the one to make the engine:
    when the papers are replaced (the whole library comes, a fetch) the engine is made
    again at once, by the caller (the UI thread)."""
    session = ReadingSession(seed_papers[:10], "test")
    session.prepare_engine()
    session.replace_papers(seed_papers, index=SearchIndex(seed_papers))
    assert session.engine_ready
    fresh = ReadingSession(seed_papers[:10], "test")
    fresh.replace_papers(seed_papers)
    assert not fresh.engine_ready  # nothing had asked for it yet
