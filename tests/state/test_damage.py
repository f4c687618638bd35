"""Damaged or read-only state: the store opens anyway, says what happened, loses nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.state import StateStore
from tests.state.helpers import run_unprivileged


def corrupt_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


def a_store_with_history(path: Path) -> None:
    """'old' is only in the snapshot, 'recent' only in the journal."""
    store = StateStore(path)
    store.set_starred("old")
    store.compact()
    store.set_read_many(["recent"])
    store.close()


def check_moved_aside(path: Path, bad: bytes) -> StateStore:
    store = StateStore(path)
    [moved] = corrupt_copies(path)
    assert moved.read_bytes() == bad  # kept byte for byte, never overwritten
    assert store.notice and str(path) in store.notice and str(moved) in store.notice
    assert store.notice.count(".") >= 1 and "\n" not in store.notice
    assert not store.readonly
    store.set_starred("after")
    again = StateStore(path)
    assert again.notice is None and again.get("after").starred
    return store


@pytest.mark.parametrize("damage", ["truncated", "garbage", "not utf-8"])
def test_an_unparseable_file_is_moved_aside_and_the_journal_is_salvaged(tmp_path, damage):
    path = tmp_path / "state.json"
    a_store_with_history(path)
    whole = path.read_bytes()
    bad = {"truncated": whole[: len(whole) // 2], "garbage": b"\x00\x00 not json {",
           "not utf-8": b'{"papers": {"1": {"id": "\xff\xfe"}}}'}[damage]
    path.write_bytes(bad)
    store = check_moved_aside(path, bad)
    assert "cut short or is not JSON" in store.notice
    assert store.get("recent").read  # the journal's changes were not lost with the snapshot
    assert not store.get("old").starred  # only in the moved file now


@pytest.mark.parametrize("shape, reason", [
    ([1, 2], "not a JSON object"),
    ({"papers": [1, 2]}, "'papers' table is not an object"),
    ({"meta": {"1": {"schema": "one"}}, "papers": {}}, "no schema version"),
    ({"papers": {"1": {"id": 5}}}, "none of its entries"),
    ({"papers": {"1": {"id": "a", "read": "yes"}}}, "none of its entries"),
])
def test_valid_json_of_the_wrong_shape_is_moved_aside(tmp_path, shape, reason):
    path = tmp_path / "state.json"
    bad = json.dumps(shape).encode()
    path.write_bytes(bad)
    store = check_moved_aside(path, bad)
    assert reason in store.notice


def test_a_few_bad_entries_are_dropped_and_the_rest_kept(tmp_path):
    path = tmp_path / "state.json"
    bad = json.dumps({"meta": {"1": {"schema": 1, "generation": "g"}}, "papers": {
        "1": {"id": "good", "starred": True}, "2": {"id": "odd", "tags": "rl"},
        "3": {"id": "fine", "read": True}}}).encode()
    path.write_bytes(bad)
    store = check_moved_aside(path, bad)
    assert "1 of 3 entries" in store.notice and "readable entries were kept" in store.notice
    assert store.get("good").starred and store.get("fine").read and "odd" not in store.all()


def test_a_damaged_journal_record_is_skipped_and_the_journal_kept(tmp_path):
    path = tmp_path / "state.json"
    store = StateStore(path)
    for paper in ("one", "two", "three"):
        store.set_starred(paper)
    journal = path.with_name("state.json.journal")
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"two", b"tw0")  # a flipped byte: the checksum fails
    bad = b"".join(lines)
    journal.write_bytes(bad)
    store = StateStore(path)
    [moved] = sorted(tmp_path.glob("state.json.journal.corrupt-*"))
    assert moved.read_bytes() == bad
    assert store.notice and str(moved) in store.notice and "1 damaged record" in store.notice
    assert store.get("one").starred and store.get("three").starred and not store.get("two").starred
    assert StateStore(path).notice is None


def test_a_journal_with_a_damaged_header_is_moved_aside(tmp_path):
    path = tmp_path / "state.json"
    StateStore(path).set_starred("a")
    journal = path.with_name("state.json.journal")
    journal.write_bytes(b"garbage\n" + journal.read_bytes().split(b"\n", 1)[1])
    store = StateStore(path)
    assert "first line is damaged" in store.notice and not store.readonly
    assert len(list(tmp_path.glob("state.json.journal.corrupt-*"))) == 1
    store.set_starred("b")
    assert StateStore(path).notice is None and StateStore(path).get("b").starred


def test_damage_done_while_a_session_runs_is_handled_on_refresh(tmp_path):
    path = tmp_path / "state.json"
    store = StateStore(path)
    store.set_starred("a")
    store.compact()
    other = tmp_path / "elsewhere"
    other.write_bytes(b"{ broken")
    os.replace(other, path)  # another program replaced the file with garbage
    store.refresh()
    assert store.notice and ".corrupt-" in store.notice and not store.readonly
    assert corrupt_copies(path)[0].read_bytes() == b"{ broken"
    store.set_read("b")
    assert StateStore(path).get("b").read


def test_a_newer_schema_makes_a_read_only_session_and_is_left_alone(tmp_path):
    path = tmp_path / "state.json"
    newer = json.dumps({"meta": {"1": {"schema": 7}},
                        "papers": {"1": {"id": "a", "starred": True}}}).encode()
    path.write_bytes(newer)
    store = StateStore(path)
    assert store.readonly and "newer version" in store.notice and "read-only" in store.notice
    assert store.get("a").starred
    with pytest.raises(ReaderError, match="read-only"):
        store.set_read("a")
    assert path.read_bytes() == newer
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_a_newer_reader_taking_the_file_over_mid_session_stops_writes(tmp_path):
    path = tmp_path / "state.json"
    store = StateStore(path)
    store.set_starred("a")
    newer = json.dumps({"meta": {"1": {"schema": 2}}, "papers": {}}).encode()
    (tmp_path / "new").write_bytes(newer)
    os.replace(tmp_path / "new", path)
    with pytest.raises(ReaderError, match="read-only"):
        store.set_read("b")
    assert store.readonly and "newer version" in store.notice
    assert path.read_bytes() == newer


# -- permissions (real ones: as root, the checks run as an unprivileged user) ---------

def _write_state(folder: Path) -> Path:
    path = folder / "state.json"
    store = StateStore(path)
    store.set_starred("a")
    store.close()
    return path


def _try_to_write(store: StateStore) -> str:
    try:
        store.set_starred("b")
    except ReaderError as error:
        return str(error)
    return "no error"


def _read_only_file(folder: Path) -> dict:
    path = _write_state(folder)
    before = path.read_bytes()
    os.chmod(path, 0o444)
    store = StateStore(path)
    return {"readonly": store.readonly, "notice": store.notice, "a": store.get("a").starred,
            "error": _try_to_write(store), "unchanged": path.read_bytes() == before,
            "b": StateStore(path).get("b").starred}


def _read_only_folder(folder: Path) -> dict:
    path = _write_state(folder)
    os.chmod(folder, 0o555)
    store = StateStore(path)
    return {"readonly": store.readonly, "notice": store.notice, "a": store.get("a").starred,
            "error": _try_to_write(store), "b": StateStore(path).get("b").starred}


@pytest.mark.parametrize("setup", [_read_only_file, _read_only_folder])
def test_read_only_state_makes_a_read_only_session(setup):
    seen = run_unprivileged(setup)
    assert seen["readonly"] is True
    assert "read-only" in seen["notice"] and "will not be saved" in seen["notice"]
    assert seen["a"] is True  # the state is still shown
    assert "read-only" in seen["error"] and "not saved" in seen["error"]
    assert seen["b"] is False
    assert seen.get("unchanged", True)


def _unreadable_file(folder: Path) -> dict:
    path = _write_state(folder)
    os.chmod(path, 0)
    store = StateStore(path)
    return {"readonly": store.readonly, "notice": store.notice,
            "moved": [p.name for p in corrupt_copies(path)], "error": _try_to_write(store)}


def test_an_unreadable_file_is_moved_aside():
    seen = run_unprivileged(_unreadable_file)
    assert seen["readonly"] is False and seen["error"] == "no error"
    assert len(seen["moved"]) == 1 and seen["moved"][0] in seen["notice"]
    assert "could not be read" in seen["notice"]


def _unreadable_journal(folder: Path) -> dict:
    path = _write_state(folder)
    os.chmod(path.with_name("state.json.journal"), 0)
    store = StateStore(path)
    return {"readonly": store.readonly, "notice": store.notice, "error": _try_to_write(store),
            "b": StateStore(path).get("b").starred}


def test_an_unreadable_journal_is_moved_aside():
    seen = run_unprivileged(_unreadable_journal)
    assert seen["readonly"] is False and seen["error"] == "no error" and seen["b"]
    assert "could not be read" in seen["notice"] and "journal.corrupt-" in seen["notice"]


def _damaged_in_read_only_folder(folder: Path) -> dict:
    path = folder / "state.json"
    path.write_bytes(b"{ half a fi")
    os.chmod(folder, 0o555)
    store = StateStore(path)
    return {"readonly": store.readonly, "notice": store.notice, "error": _try_to_write(store),
            "still_there": path.read_bytes() == b"{ half a fi", "files": len(list(folder.iterdir()))}


def test_a_damaged_file_that_cannot_be_moved_gives_a_read_only_session():
    seen = run_unprivileged(_damaged_in_read_only_folder)
    assert seen["readonly"] is True and "read-only" in seen["error"]
    assert "damaged" in seen["notice"] and "cannot be moved aside" in seen["notice"]
    assert seen["still_there"] and seen["files"] == 1
