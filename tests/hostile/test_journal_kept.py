"""A journal whose state file was emptied, lost its generation, or was replaced by an older
copy from a backup keeps its changes (each field the newer of the two) and says so; before,
they were dropped without a word and the next key overwrote the journal. Records after a
damaged first line of the journal are recovered too."""

from __future__ import annotations

import json
import shutil

import pytest

from reader.state import StateStore


def journal_of_changes(path):
    """A state file with one starred paper, then a journal starring 'b' and reading 'c'."""
    with StateStore(path) as store:
        store.set_starred("a")
        store.compact()
        store.set_starred("b")
        store.set_read("c")
    assert path.with_name("state.json.journal").read_text().count("\n") == 3


def assert_kept(path, *, notice_words):
    with StateStore(path) as store:
        assert store.get("b").starred and store.get("c").read
        assert notice_words in (store.notice or ""), store.notice
        store.set_note("d", "after")  # the next key: nothing may be overwritten
    with StateStore(path) as store:
        assert store.get("b").starred and store.get("c").read and store.get("d").note == "after"
        assert store.notice is None


def drop_generation(path):
    data = json.loads(path.read_text())
    del data["meta"]["1"]["generation"]
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("damage", [
    lambda p: p.write_text(""),
    lambda p: p.write_text("{}"),
    drop_generation,
], ids=["empty", "empty-object", "no-generation"])
def test_a_journal_that_does_not_continue_the_state_file_is_kept(tmp_path, damage):
    path = tmp_path / "state.json"
    journal_of_changes(path)
    damage(path)
    with StateStore(path) as store:
        assert store.get("b").starred and store.get("c").read
        assert "paper(s) in it were kept" in store.notice
    with StateStore(path) as store:
        store.set_note("d", "after")
    with StateStore(path) as store:
        assert store.get("b").starred and store.get("c").read and store.get("d").note == "after"


def test_an_older_state_file_from_a_backup_keeps_the_journals_changes(tmp_path):
    path = tmp_path / "state.json"
    with StateStore(path) as store:
        store.set_starred("a")
        store.compact()
    shutil.copy(path, tmp_path / "backup.json")
    with StateStore(path) as store:
        store.set_read("a")
        store.compact()  # a newer generation: the backup's journal is gone
        store.set_starred("b")
        store.set_read("c")
    shutil.copy(tmp_path / "backup.json", path)
    assert_kept(path, notice_words="were kept")
    assert list(tmp_path.glob("state.json.journal.*"))  # the journal, set aside


def test_a_stale_journal_left_by_a_crash_in_compaction_is_not_news(tmp_path):
    """Compaction writes the new snapshot, then a new journal: a crash between the two
    leaves the old journal, which the snapshot folded. No notice, nothing applied twice."""
    path = tmp_path / "state.json"
    with StateStore(path) as store:
        store.set_starred("a")
        old_journal = path.with_name("state.json.journal").read_bytes()
        store.set_starred("a", False)
        store.compact()
    path.with_name("state.json.journal").write_bytes(old_journal)
    with StateStore(path) as store:
        assert not store.get("a").starred
        assert store.notice is None


def test_records_after_a_damaged_journal_header_are_recovered(tmp_path):
    path = tmp_path / "state.json"
    journal_of_changes(path)
    journal = path.with_name("state.json.journal")
    data = journal.read_bytes()
    journal.write_bytes(b"garbage" + data[7:])
    assert_kept(path, notice_words="first line is damaged")
