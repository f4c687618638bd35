"""Older state files are upgraded in place, with the original kept beside them."""

from __future__ import annotations

import json

from tinydb import TinyDB

from reader.state import PaperState, StateStore
from reader.state.storage import AtomicJSONStorage
from tests.state.helpers import run_unprivileged

V0_DOCS = [  # what the first cut of the reader wrote: every field, no meta table
    {"id": "2509.00001", "read": True, "read_at": "2025-09-25T10:00:00.000+00:00",
     "starred": True, "starred_at": "2025-09-25T10:01:00.000+00:00", "tags": ["rl"],
     "note": "good baseline", "opened_at": "2025-09-25T10:02:00.000+00:00"},
    {"id": "some-title-slug", "read": False, "read_at": None, "starred": False,
     "starred_at": None, "tags": [], "note": "", "opened_at": "2025-09-26T08:00:00.000+00:00"},
]


def write_v0(path) -> bytes:
    db = TinyDB(path)  # TinyDB's own default JSONStorage, as schema 0 was written
    db.table("papers").insert_multiple(V0_DOCS)
    db.close()
    return path.read_bytes()


def test_a_schema_0_file_is_upgraded_in_place_with_a_backup(tmp_path):
    path = tmp_path / "state.json"
    original = write_v0(path)
    store = StateStore(path)
    assert store.notice is None and not store.readonly
    assert store.get("2509.00001") == PaperState(
        read=True, read_at="2025-09-25T10:00:00.000+00:00", starred=True,
        starred_at="2025-09-25T10:01:00.000+00:00", tags=("rl",), note="good baseline",
        opened_at="2025-09-25T10:02:00.000+00:00")
    assert store.get("some-title-slug").opened_at == "2025-09-26T08:00:00.000+00:00"

    assert store.backup_path == tmp_path / "state.json.v0-backup"
    assert store.backup_path.read_bytes() == original
    db = TinyDB(path, storage=AtomicJSONStorage)
    assert db.table("meta").all()[0]["schema"] == 1
    assert {d["id"] for d in db.table("papers").all()} == {"2509.00001", "some-title-slug"}
    db.close()

    again = StateStore(path)
    assert again.all() == store.all() and again.backup_path is None
    assert len(list(tmp_path.glob("state.json.v0-backup*"))) == 1


def test_an_empty_file_as_tinydb_creates_it_is_an_empty_store(tmp_path):
    path = tmp_path / "state.json"
    TinyDB(path).close()
    assert path.read_bytes() == b""
    store = StateStore(path)
    assert store.all() == {} and store.notice is None
    store.set_starred("a")
    assert StateStore(path).get("a").starred


def test_an_earlier_backup_is_never_overwritten(tmp_path):
    path = tmp_path / "state.json"
    (tmp_path / "state.json.v0-backup").write_text("an older backup")
    original = write_v0(path)
    store = StateStore(path)
    assert (tmp_path / "state.json.v0-backup").read_text() == "an older backup"
    assert store.backup_path.read_bytes() == original


def _v0_in_read_only_folder(folder) -> dict:
    path = folder / "state.json"
    original = write_v0(path)
    folder.chmod(0o555)
    store = StateStore(path)
    return {"readonly": store.readonly, "starred": store.get("2509.00001").starred,
            "unchanged": path.read_bytes() == original, "files": len(list(folder.iterdir()))}


def test_a_schema_0_file_that_cannot_be_upgraded_is_still_read():
    seen = run_unprivileged(_v0_in_read_only_folder)
    assert seen == {"readonly": True, "starred": True, "unchanged": True, "files": 1}


def test_the_upgraded_file_keeps_only_non_default_fields(tmp_path):
    path = tmp_path / "state.json"
    write_v0(path)
    StateStore(path)
    papers = json.loads(path.read_text())["papers"]
    slug = next(doc for doc in papers.values() if doc["id"] == "some-title-slug")
    assert slug == {"id": "some-title-slug", "opened_at": "2025-09-26T08:00:00.000+00:00"}
