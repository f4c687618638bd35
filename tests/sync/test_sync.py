"""Sync between simulated machines: real stores, real logs, a test playing the sync tool."""

from __future__ import annotations

import pytest

from tests.sync.sim import Machine, World, clobber, deliver, deliver_all

HOUR = 3_600_000
PAPER = "2509.00001"


@pytest.fixture
def world():
    return World()


@pytest.fixture
def machines(world, tmp_path):
    made: list[Machine] = []

    def make(*skews: int) -> list[Machine]:
        for skew in skews:
            made.append(Machine(world, tmp_path, f"m{len(made)}", skew))
        return made[-len(skews):]

    yield make
    for machine in made:
        machine.close()


def test_a_star_made_on_one_machine_shows_on_the_other(machines):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    assert a.sync().sent == 1
    deliver(a, b)
    result = b.sync()
    assert (result.changed, result.received) == (True, 1)
    assert b.store.get(PAPER).starred
    assert b.store.get(PAPER).starred_at == a.store.get(PAPER).starred_at


def test_an_unstar_propagates_like_a_star(machines, world):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    deliver_all([a, b])
    world.advance(1000)
    b.change(PAPER, "starred", False)
    deliver_all([a, b])
    assert not a.store.get(PAPER).starred and not b.store.get(PAPER).starred


def test_a_machine_an_hour_behind_keeps_its_later_change(machines, world):
    ahead, behind = machines(0, -HOUR)
    ahead.change(PAPER, "starred", True)
    deliver_all([ahead, behind])
    world.advance(60_000)  # a minute later, on the machine whose clock says an hour earlier
    behind.change(PAPER, "starred", False)
    assert behind.store.get(PAPER).starred_at < ahead.store.get(PAPER).starred_at
    deliver_all([ahead, behind])
    assert not ahead.store.get(PAPER).starred and not behind.store.get(PAPER).starred


def test_changes_with_the_same_stamp_resolve_the_same_way_everywhere(machines):
    a, b = machines(0, 0)  # both clocks read the same millisecond
    a.change(PAPER, "note", "from a")
    b.change(PAPER, "note", "from b")
    deliver_all([a, b])
    assert a.store.get(PAPER).note_at == b.store.get(PAPER).note_at  # one stamp, two notes
    expected = "from a" if a.syncer.machine > b.syncer.machine else "from b"
    assert a.value(PAPER, "note") == b.value(PAPER, "note") == expected


def test_different_fields_of_one_paper_merge_separately(machines, world):
    a, b = machines(0, HOUR)
    a.change(PAPER, "read", True)
    b.change(PAPER, "tags", ["rl"])
    world.advance(10)
    a.change(PAPER, "note", "see §2")
    deliver_all([a, b])
    for m in (a, b):
        state = m.store.get(PAPER)
        assert (state.read, state.tags, state.note) == (True, ("rl",), "see §2")


@pytest.mark.parametrize("conflict", ["{stem}.sync-conflict-20260101-120000-ABCDEFG.log",
                                      "{stem} (conflicted copy 2026-01-01).log"])
def test_changes_only_in_a_conflict_copy_are_merged(machines, world, conflict):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    a.sync()
    clobber(a, 0, conflict)  # the tool kept an empty older version; ours is the copy
    world.advance(10)
    a.change("2509.00002", "read", True)
    a.sync()
    deliver_all([a, b])
    assert b.store.get(PAPER).starred and b.store.get("2509.00002").read
