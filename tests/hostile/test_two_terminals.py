"""Two terminals on one state file: the other one is a real second process.

Before: when session A wrote before its periodic refresh, A's store took in B's change,
`refresh()` then reported nothing and A's screen kept the old state; and A's undo put back
the whole state it remembered, erasing what B did to the paper meanwhile.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.session import ReadingSession
from reader.state import StateStore

OTHER = """
import sys
from reader.state import StateStore
store = StateStore(sys.argv[1])
for command in sys.argv[2:]:
    verb, paper_id = command.split(":")
    {"read": lambda i: store.set_read(i, True), "star": lambda i: store.set_starred(i, True),
     "unstar": lambda i: store.set_starred(i, False), "unread": lambda i: store.set_read(i, False)
     }[verb](paper_id)
store.close()
"""


def other_terminal(path, *commands: str) -> None:
    subprocess.run([sys.executable, "-c", OTHER, str(path), *commands], check=True, timeout=60)


@pytest.fixture
def terminal_a(tmp_path, seed_papers):
    path = tmp_path / "state.json"
    store = StateStore(path)
    session = ReadingSession(seed_papers, "test")
    session.attach(store)
    yield session, path
    store.close()


def test_a_write_before_the_refresh_shows_the_other_terminals_change(terminal_a, seed_papers):
    session, path = terminal_a
    x, y = seed_papers[0], seed_papers[1]
    other_terminal(path, f"read:{x.id}")
    session.toggle_star(y)  # writes before any refresh: the store catches up with B here
    assert session.state(x).read  # on A's screen at once
    assert session.read_count() == 1


def test_refresh_reports_what_a_write_caught_up_with(tmp_path):
    path = tmp_path / "state.json"
    with StateStore(path) as a:
        a.set_starred("y")
        other_terminal(path, "read:x")
        a.set_starred("z")
        assert a.get("x").read
        assert a.refresh() is True  # the caller's copy has not seen x yet
        assert a.refresh() is False


def test_undo_keeps_the_other_terminals_change_to_the_paper(terminal_a, seed_papers):
    session, path = terminal_a
    x = seed_papers[0]
    session.toggle_star(x)
    other_terminal(path, f"read:{x.id}")
    assert session.undo().startswith("starring “")
    assert not session.state(x).starred and session.state(x).read
    with StateStore(path) as fresh:
        assert not fresh.get(x.id).starred and fresh.get(x.id).read


def test_undo_leaves_a_field_the_other_terminal_changed_since(terminal_a, seed_papers):
    session, path = terminal_a
    x = seed_papers[0]
    session.toggle_star(x)
    other_terminal(path, f"unstar:{x.id}", f"star:{x.id}")  # B's star is newer than A's
    session.undo()
    with StateStore(path) as fresh:
        assert fresh.get(x.id).starred


def test_undo_alone_still_restores_exactly(terminal_a, seed_papers):
    session, path = terminal_a
    x = seed_papers[0]
    session.set_note(x, "mine")
    session.toggle_star(x)
    session.undo()
    session.undo()
    with StateStore(path) as fresh:
        assert fresh.get(x.id) == fresh.get("never-touched")  # EMPTY again
