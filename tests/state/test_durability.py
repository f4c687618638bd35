"""A change is on disk when the call returns, and no kill ever leaves a broken file."""

from __future__ import annotations

import json
import os
import random
import signal
import struct
import time

from tinydb import TinyDB

from reader.state import StateStore
from reader.state.storage import AtomicJSONStorage
from tests.state.helpers import fork, read_all


def test_a_change_survives_sigkill_right_after_the_call_returns(tmp_path):
    path = tmp_path / "state.json"
    read_end, write_end = os.pipe()

    def change_then_hang() -> None:
        store = StateStore(path)
        store.set_starred("starred")
        store.set_read_many(["r1", "r2"])
        store.set_note("noted", "a note")
        os.write(write_end, b"done")
        time.sleep(60)

    pid = fork(change_then_hang)
    os.close(write_end)
    assert os.read(read_end, 4) == b"done"
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(read_end)
    store = StateStore(path)
    assert store.get("starred").starred
    assert store.get("r1").read and store.get("r2").read
    assert store.get("noted").note == "a note"


def _op_ids(op: int) -> list[str]:
    """Every 5th operation marks a batch read, the others star one paper."""
    return [f"b{op}-{k}" for k in range(10)] if op % 5 == 0 else [f"s{op}"]


READY = 0xFFFFFFFF


def _writer(path, ack, first_op: int) -> None:
    store = StateStore(path, compact_min_bytes=3000)  # compactions are frequent too
    os.write(ack, struct.pack("<I", READY))
    op = first_op
    while True:
        ids = _op_ids(op)
        if len(ids) > 1:
            store.set_read_many(ids)
        else:
            store.set_starred(ids[0])
        os.write(ack, struct.pack("<I", op))  # acknowledged: the call returned
        if op % 3 == 0:
            store.compact()  # so that many kills land in the middle of a snapshot write
        op += 1


def test_200_kills_at_random_moments_never_lose_an_acknowledged_change(tmp_path):
    path = tmp_path / "state.json"
    rng = random.Random(467)
    acknowledged: list[int] = []
    generations = set()
    for kill in range(200):
        read_end, write_end = os.pipe()
        pid = fork(_writer, path, write_end, kill * 100_000)
        os.close(write_end)
        early: list[int] = []
        if kill % 4 == 0:  # kill while it opens the store (or soon after) ...
            time.sleep(rng.uniform(0, 0.006))
        else:  # ... or while it writes and compacts
            assert struct.unpack("<I", os.read(read_end, 4)) == (READY,)
            if kill % 4 == 3:
                early = list(struct.unpack("<I", os.read(read_end, 4)))
            time.sleep(rng.uniform(0, 0.003))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        data = read_all(read_end)
        acknowledged += early + [op for (op,) in struct.iter_unpack("<I", data[: len(data) // 4 * 4])
                                 if op != READY]

        json.loads(path.read_bytes()) if path.exists() else None  # always whole JSON
        store = StateStore(path)
        assert store.notice is None and not store.readonly
        for op in acknowledged:
            state = store.get(_op_ids(op)[0])
            assert state.read or state.starred, f"kill {kill}: operation {op} was lost"
        states = store.all()
        store.close()
        if path.exists():
            db = TinyDB(path, storage=AtomicJSONStorage)
            generations.add(db.table("meta").all()[0]["generation"])
            db.close()

    assert len(acknowledged) >= 50
    assert len(generations) > 5  # the kills also hit a store that was compacting
    for op in acknowledged:
        assert all(states[i].read or states[i].starred for i in _op_ids(op))


def test_a_half_written_last_line_is_cut_off_before_the_next_append(tmp_path):
    path = tmp_path / "state.json"
    StateStore(path).set_starred("a")
    journal = path.with_name("state.json.journal")
    with journal.open("ab") as handle:
        handle.write(b'1234abcd {"put":{"torn":{"star')  # a writer killed mid-append
    store = StateStore(path)
    assert store.notice is None and store.get("a").starred and store.get("torn").starred is False
    store.set_starred("b")
    again = StateStore(path)
    assert again.notice is None and again.get("b").starred
    assert b"torn" not in journal.read_bytes()


def test_a_writer_that_fails_to_write_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    store = StateStore(path)
    store.set_starred("a")
    before = path.with_name("state.json.journal").read_bytes()

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    try:
        store.set_starred("b")
    except Exception as error:
        assert "No space left on device" in str(error) and str(path) in str(error)
    else:
        raise AssertionError("the failed write was not reported")
    monkeypatch.undo()
    assert not store.get("b").starred
    assert path.with_name("state.json.journal").read_bytes() == before
    assert StateStore(path).all() == store.all()


def test_every_change_is_fsynced_before_the_call_returns(tmp_path, monkeypatch):
    store = StateStore(tmp_path / "state.json")
    store.set_read("warm-up")  # creates the files
    events: list[tuple[str, int]] = []
    real_write, real_fsync = os.write, os.fsync
    monkeypatch.setattr(os, "write", lambda fd, data: events.append(("write", fd)) or real_write(fd, data))
    monkeypatch.setattr(os, "fsync", lambda fd: events.append(("fsync", fd)) or real_fsync(fd))
    for change in (lambda: store.set_starred("a"), lambda: store.set_read_many(["b", "c"]),
                   lambda: store.set_tags("a", ["x"]), lambda: store.set_note("a", "n"),
                   lambda: store.mark_opened("a"), lambda: store.put("a", store.get("b"))):
        events.clear()
        change()
        writes = [fd for kind, fd in events if kind == "write"]
        assert writes, "nothing was written"
        assert events[-1] == ("fsync", writes[-1])
