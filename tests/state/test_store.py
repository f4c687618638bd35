"""The StateStore API: every change is on disk at once, one document per paper with state."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from tinydb import TinyDB

from reader import paths
from reader.state import EMPTY, PaperState, StateStore
from reader.state.storage import AtomicJSONStorage


def journal_lines(path: Path) -> int:
    return len(path.with_name(path.name + ".journal").read_bytes().splitlines())


def papers_table(path: Path) -> dict[str, dict]:
    """The snapshot as TinyDB itself reads it: paper id -> document."""
    db = TinyDB(path, storage=AtomicJSONStorage)
    try:
        return {doc["id"]: dict(doc) for doc in db.table("papers").all()}
    finally:
        db.close()


def test_a_fresh_store_is_empty_and_touches_nothing_until_a_change(tmp_path):
    path = tmp_path / "data" / "state.json"
    store = StateStore(path)
    assert store.all() == {}
    assert store.get("x") == EMPTY
    assert not store.refresh()
    assert not (tmp_path / "data").exists()
    store.set_starred("x")
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [
        "state.json", "state.json.journal", "state.json.lock"]


def test_every_change_is_seen_by_a_new_store(tmp_path):
    path = tmp_path / "state.json"
    store = StateStore(path)
    store.set_read("a")
    store.set_starred("b")
    store.set_tags("c", ["to-try", " ", "rl ", "to-try"])
    store.set_note("d", "compare with the 2024 paper")
    store.mark_opened("e")
    again = StateStore(path)
    assert again.all() == store.all()
    assert again.get("a").read and again.get("b").starred
    assert again.get("c").tags == ("to-try", "rl")
    assert again.get("d").note == "compare with the 2024 paper"
    assert again.get("e").opened_at is not None


def test_timestamps_are_iso_utc(tmp_path):
    store = StateStore(tmp_path / "state.json")
    state = store.set_starred("a")
    moment = dt.datetime.fromisoformat(state.starred_at)
    assert moment.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - moment) < dt.timedelta(minutes=1)
    assert store.set_note("a", "n").note_at >= state.starred_at


def test_unstarring_keeps_the_time_so_it_can_win_a_merge(tmp_path):
    store = StateStore(tmp_path / "state.json")
    store.set_starred("a")
    state = store.set_starred("a", False)
    assert not state.starred and state.starred_at is not None


def test_read_many_is_one_durable_record_and_undo_restores_exactly(tmp_path):
    path = tmp_path / "state.json"
    store = StateStore(path)
    store.set_starred("p1")
    store.set_read("p2")
    before = store.all()
    lines = journal_lines(path)
    previous = store.set_read_many([f"p{i}" for i in range(3000)])
    assert journal_lines(path) == lines + 1
    assert set(previous) == {f"p{i}" for i in range(3000)} - {"p2"}
    assert previous["p1"] == before["p1"] and previous["p5"] == EMPTY
    assert all(s.read for s in StateStore(path).all().values())
    store.put_many(previous)
    assert store.all() == before
    assert StateStore(path).all() == before


def test_put_restores_a_state_exactly_and_empty_removes_the_document(tmp_path):
    path = tmp_path / "state.json"
    store = StateStore(path)
    old = PaperState(read=True, read_at="2020-01-01T00:00:00.000+00:00", tags=("x",),
                     tags_at="2020-01-02T00:00:00.000+00:00")
    store.put("a", old)
    store.set_starred("b")
    assert StateStore(path).get("a") == old
    store.put("b", EMPTY)
    store.compact()
    assert set(papers_table(path)) == {"a"}
    assert StateStore(path).all() == {"a": old}


def test_only_papers_with_state_have_a_document(tmp_path):
    path = tmp_path / "state.json"
    store = StateStore(path)
    store.set_starred("a")
    store.set_read_many(["b", "c"])
    store.set_read_many(["c"])  # already read: no change, no record
    store.compact()
    table = papers_table(path)
    assert set(table) == {"a", "b", "c"}
    assert table["a"] == {"id": "a", "starred": True, "starred_at": store.get("a").starred_at}


def test_a_change_that_changes_nothing_writes_nothing(tmp_path):
    path = tmp_path / "state.json"
    store = StateStore(path)
    store.set_starred("a")
    lines = journal_lines(path)
    store.set_starred("a")
    store.set_tags("a", [])
    store.set_note("a", "")
    assert journal_lines(path) == lines


def test_the_journal_is_folded_into_the_snapshot_as_it_grows(tmp_path):
    path = tmp_path / "state.json"
    store = StateStore(path, compact_min_bytes=2000)
    for i in range(300):
        store.set_starred(f"p{i % 17}", i % 2 == 0)
        store.set_read(f"q{i}")
    journal = path.with_name("state.json.journal").stat().st_size
    assert journal <= max(2000, path.stat().st_size // 4) + 200  # + one record
    assert StateStore(path).all() == store.all()
    assert len(papers_table(path)) > 300 - 50  # most are in the TinyDB snapshot by now
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_the_default_location_follows_xdg_data_home_and_db_overrides_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.default_state_path().is_relative_to(tmp_path / "xdg")
    from reader.cli import main

    StateStore(tmp_path / "other.json").set_starred("only-here")
    assert main(["state", "export", str(tmp_path / "out.json"), "--db", str(tmp_path / "other.json")]) == 0
    assert "only-here" in json.loads((tmp_path / "out.json").read_text())["papers"]["1"]["id"]
    assert not (tmp_path / "xdg").exists()


def test_importing_the_package_opens_and_creates_nothing(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    subprocess.run([sys.executable, "-c", "import reader.state, reader.commands.state_cmd"],
                   env=env, check=True, cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_reads_from_another_thread_never_see_a_half_applied_change(tmp_path):
    store = StateStore(tmp_path / "state.json")
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for i in range(200):
                store.set_read_many([f"p{i}-{k}" for k in range(20)])
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    writer = threading.Thread(target=write)
    writer.start()
    while writer.is_alive():
        snapshot = store.all()
        batches = {key.split("-")[0] for key in snapshot}
        assert all(f"{b}-19" in snapshot for b in batches)  # batches appear whole
    writer.join()
    assert not errors and len(store.all()) == 4000


def test_the_store_is_a_context_manager(tmp_path):
    with StateStore.open(tmp_path / "state.json") as store:
        store.set_starred("a")
    assert StateStore(tmp_path / "state.json").get("a").starred


def test_stores_dropped_without_close_give_their_file_descriptors_back(tmp_path):
    import gc

    path = tmp_path / "state.json"
    StateStore(path).set_starred("a")
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        assert StateStore(path).get("a").starred
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= before
