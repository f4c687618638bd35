"""Sync between simulated machines: real stores, real logs, a test playing the sync tool."""

from __future__ import annotations

import pytest

from tests.core.messages import assert_one_sentence
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


def test_a_log_still_arriving_is_read_to_its_last_whole_line_and_again_later(machines, world):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    a.sync()
    world.advance(10)
    a.change("2509.00002", "starred", True)
    a.sync()
    data = a.log.read_bytes()
    (b.folder / a.log.name).write_bytes(data[:-5])  # the last line has not all arrived
    assert b.sync().received == 1
    assert b.store.get(PAPER).starred and not b.store.get("2509.00002").starred
    (b.folder / a.log.name).write_bytes(data)
    assert b.sync().received == 1
    assert b.store.get("2509.00002").starred


def test_a_log_that_disappears_takes_nothing_away(machines):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    deliver_all([a, b])
    (b.folder / a.log.name).unlink()
    for fresh in (False, True):  # the TUI that read it, and a command that never did
        assert b.sync(fresh=fresh).problem is None
        assert b.store.get(PAPER).starred
    assert b.log.exists() is False or b.log.read_bytes().count(b"\n") == 1  # nothing re-sent


def test_a_fresh_process_does_not_mistake_arrived_changes_for_local_ones(machines):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    a.sync()
    b.change("2509.00002", "read", True)
    b.sync()
    deliver(a, b)
    assert b.sync(fresh=True).received == 1  # a new command on b, with a's log unread
    deliver(b, a)
    a.sync(fresh=True)
    assert a.store.get(PAPER).starred and b.store.get(PAPER).starred


def test_a_folder_that_is_away_is_one_sentence_and_changes_wait(machines):
    a, b = machines(0, 0)
    a.sync()
    a.folder.rename(a.folder.with_name("away"))
    a.change(PAPER, "starred", True)
    result = a.sync()
    assert_one_sentence(result.problem, str(a.folder), "is not there")
    assert a.store.get(PAPER).starred  # reading and changing go on locally
    a.folder.with_name("away").rename(a.folder)
    assert a.sync().sent == 1
    deliver(a, b)
    b.sync()
    assert b.store.get(PAPER).starred


def test_damaged_lines_are_skipped_and_reported(machines):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    a.change(PAPER, "note", "fine")
    a.sync()
    lines = a.log.read_bytes().split(b"\n")
    star = next(n for n, line in enumerate(lines) if b'"starred"' in line)
    lines[star] = lines[star].replace(b"true", b"fals")  # the checksum no longer matches
    (b.folder / a.log.name).write_bytes(b"\n".join(lines))
    b.sync()
    assert not b.store.get(PAPER).starred and b.store.get(PAPER).note == "fine"
    (b.folder / "junk.log").write_bytes(b"not a log\n")
    (b.folder / "half.log").write_bytes(a.log.read_bytes()[:20])
    machines_, unreadable = b.syncer.machines()
    assert {m.machine for m in machines_} == {a.syncer.machine}
    assert dict(unreadable) == {a.log.name: "1 damaged line skipped",
                                "half.log": "it has not fully arrived yet",
                                "junk.log": "its first line is not a reader sync header"}


def test_the_own_log_is_compacted_by_its_machine(machines, world, monkeypatch):
    monkeypatch.setattr("reader.sync.syncer.COMPACT_MIN_BYTES", 1000)
    a, b = machines(0, 0)
    for turn in range(12):
        world.advance(10)
        a.change(PAPER, "starred", turn % 2 == 0)
        a.sync()
        if turn == 3:
            deliver(a, b)
            b.sync()
    assert a.log.read_bytes().count(b"\n") < 6  # 12 changes to one field: a few lines
    deliver(a, b)
    b.sync()
    assert b.store.get(PAPER).starred is False
    assert b.store.get(PAPER).starred_at == a.store.get(PAPER).starred_at


def _read_only_round(root):
    """As a user for whom the folder is read-only: a machine syncs through it."""
    import os
    from pathlib import Path

    from reader.state import StateStore
    from reader.sync import Syncer

    root = Path(root)
    folder = root / "sync"
    folder.mkdir()
    store = StateStore(root / "data" / "state.json")
    store.set_starred(PAPER)
    os.chmod(folder, 0o555)
    syncer = Syncer(store.path, folder)
    result = syncer.pull_and_push(store)
    return [result.problem, store.get(PAPER).starred]


def test_a_read_only_folder_is_one_sentence_and_local_reading_goes_on():
    from tests.state.helpers import run_unprivileged

    problem, starred = run_unprivileged(_read_only_round)
    assert_one_sentence(problem, "cannot be used", "Permission denied", "wait to be sent")
    assert starred


def test_a_new_process_reads_only_what_arrived_since_the_last_round(machines, world):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    deliver_all([a, b])
    world.advance(10)
    a.change(PAPER, "note", "new")
    a.sync()
    deliver(a, b)
    b.sync(fresh=True)
    log = b.syncer.files[a.log.name]
    assert log.events == 1  # the note; the star was read by an earlier process
    assert b.value(PAPER, "note") == "new" and b.store.get(PAPER).starred


def test_a_damaged_record_of_what_was_read_means_reading_everything_again(machines, world):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    deliver_all([a, b])
    b.syncer.close()
    b.syncer = None
    (b.store.path.with_name("state.json.sync-read")).write_text("{not json")
    assert b.sync().problem is None
    assert b.syncer.files[a.log.name].events == 1
    assert b.store.get(PAPER).starred


def test_saved_searches_sync_and_a_deletion_travels(machines, world):
    a, b = machines(0, -HOUR)
    a.save_search("serving", "tag:serving has:code")
    b.save_search("rl", "tag:rl")
    deliver_all([a, b])
    assert a.searches() == b.searches() == {"serving": "tag:serving has:code", "rl": "tag:rl"}
    world.advance(1000)
    b.save_search("serving", None)  # deleted on the machine an hour behind, after seeing it
    a.save_search("rl", "tag:rl is:unread")
    deliver_all([a, b])
    assert a.searches() == b.searches() == {"rl": "tag:rl is:unread"}


def test_a_saved_search_this_version_cannot_parse_is_left_out(machines):
    a, b = machines(0, 0)
    a.change(PAPER, "starred", True)
    a.sync()
    with a.syncer.own.path.open("ab") as log:  # as a newer version might write it
        from reader.sync.log import event_line, make_event
        log.write(event_line(make_event("future", "search", "is:archived", None,
                                        (1, 0, a.syncer.machine))))
    deliver(a, b)
    assert b.sync().problem is None
    assert b.searches() == {} and b.store.get(PAPER).starred


def test_the_status_line_text_says_when_the_last_sync_was(machines):
    from reader.sync import SyncResult

    (a,) = machines(0)
    result = a.sync()
    assert result.status_text().startswith("synced ") and len(result.status_text()) == 12
    assert SyncResult().status_text() == ""
    assert SyncResult(problem="The sync folder x is not there.").status_text().endswith("there.")


def test_a_change_after_an_unfinished_round_is_stamped_after_what_was_sent(
        machines, world, monkeypatch):
    a, b = machines(0, 0)
    a.change("2509.00002", "read", True)
    a.sync()  # a finished round: how far the logs were read, and the clock, are kept
    world.advance(1000)
    a.change(PAPER, "note", "first")

    def unlistable(folder):
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patch:  # sent, then the folder could not be listed
        patch.setattr("reader.sync.syncer.log_names", unlistable)
        assert "Permission denied" in a.sync().problem
    world.advance(-60_000)  # the wall clock is set back a minute
    a.change(PAPER, "note", "second")
    a.sync(fresh=True)  # a new process: its clock must be past "first"'s stamp
    deliver_all([a, b])
    assert a.value(PAPER, "note") == b.value(PAPER, "note") == "second"


@pytest.mark.parametrize("record", [
    {"p": "2509.1\x1b[2J", "f": "starred", "v": True, "s": None, "h": [5, 0]},
    {"p": PAPER, "f": "tags", "v": ["ok", "\x1b]0;title\x07"], "s": None, "h": [5, 0]},
    {"p": PAPER, "f": "note", "v": "bell\x07", "s": None, "h": [5, 0]},
    {"p": PAPER, "f": "starred", "v": True, "s": "yesterday", "h": [5, 0]},
    {"p": PAPER, "f": "starred", "v": "yes", "s": None, "h": [5, 0]},
    {"p": PAPER, "f": "starred", "v": True, "s": None, "h": [-1, 0]},
    {"p": PAPER, "f": "opened_at", "v": True, "s": None, "h": [5, 0]},
])
def test_a_hostile_line_is_damage_not_state(machines, record):
    from reader.state.journal import encode_line

    a, b = machines(0, 0)
    a.change("2509.00002", "note", "line one\nline two")  # newlines in a note are fine
    a.sync()
    with a.log.open("ab") as log:
        log.write(encode_line(record))
    deliver(a, b)
    b.sync()
    assert b.value("2509.00002", "note") == "line one\nline two"
    assert set(b.store.all()) == {"2509.00002"} and b.store.get(PAPER) == a.store.get(PAPER)
    assert dict(b.syncer.machines()[1]) == {a.log.name: "1 damaged line skipped"}
