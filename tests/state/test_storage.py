"""AtomicJSONStorage: a TinyDB storage whose file is never half-written."""

from __future__ import annotations

import json
import os
import random
import signal
import time

import pytest
from tinydb import Query, TinyDB

from reader.state.storage import AtomicJSONStorage, atomic_write, set_aside
from tests.state.helpers import fork


def test_tinydb_works_on_it(tmp_path):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.table("papers").insert({"id": "a", "starred": True})
    db.table("papers").upsert({"id": "a", "starred": False}, Query().id == "a")
    db.close()
    assert json.loads(path.read_text()) == {"papers": {"1": {"id": "a", "starred": False}}}
    again = TinyDB(path, storage=AtomicJSONStorage)
    assert again.table("papers").get(Query().id == "a")["starred"] is False
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]  # no temp file left


def test_a_write_that_fails_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"kept": 1})
    before = path.read_bytes()
    with pytest.raises(TypeError):
        db.insert({"not json": {1, 2}})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]


def _rewrite_forever(path, payloads) -> None:
    for number in range(10**9):
        atomic_write(path, payloads[number % 2])


def test_killed_at_200_random_moments_the_file_is_always_one_whole_version(tmp_path):
    path = tmp_path / "big.json"
    payloads = [json.dumps({"v": v, "pad": [str(v) * 60] * 20000}).encode() for v in "ab"]
    atomic_write(path, payloads[0])
    rng = random.Random(468)
    for _ in range(200):
        pid = fork(_rewrite_forever, path, payloads)
        time.sleep(rng.uniform(0, 0.01))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert path.read_bytes() in payloads
    leftovers = [p for p in tmp_path.iterdir() if p != path]
    assert all(p.name.startswith(".big.json.") and p.name.endswith(".tmp") for p in leftovers)


def test_setting_aside_never_overwrites_an_earlier_copy(tmp_path):
    first, second = tmp_path / "state.json", tmp_path / "state.json"
    first.write_text("one")
    moved_one = set_aside(first)
    second.write_text("two")
    moved_two = set_aside(second)
    assert moved_one != moved_two
    assert moved_one.read_text() == "one" and moved_two.read_text() == "two"
    assert moved_one.name.startswith("state.json.corrupt-")
