"""`reader state export|import`: the round trip loses nothing; the newer change wins."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.state import EMPTY, PaperState, StateStore
from reader.state.merge import merge_state

T1, T2, T3, T4 = (f"2025-09-2{d}T10:00:00.000+00:00" for d in (1, 2, 3, 4))


def run(*argv: str) -> int:
    return main(list(argv))


def test_export_then_import_elsewhere_loses_nothing(tmp_path, capsys):
    here, there, out = tmp_path / "here.json", tmp_path / "there.json", tmp_path / "out.json"
    store = StateStore(here)
    store.set_read_many(["a", "b"])
    store.set_starred("a")
    store.set_starred("b")
    store.set_starred("b", False)
    store.set_tags("c", ["to-read", "rl"])
    store.set_note("c", "ünïcode ✓ note")
    store.mark_opened("d")
    store.put("e", PaperState(read=True, read_at="2024-01-01T00:00:00Z"))
    assert run("state", "export", str(out), "--db", str(here)) == 0
    assert "Exported the state of 5 papers" in capsys.readouterr().out
    assert run("state", "import", str(out), "--db", str(there)) == 0
    assert "5 papers, 5 changed" in capsys.readouterr().out
    assert StateStore(there).all() == store.all()
    assert run("state", "import", str(out), "--db", str(there)) == 0
    assert "0 changed" in capsys.readouterr().out


def test_import_merges_per_field_and_the_newer_change_wins(tmp_path):
    laptop, desktop, out = tmp_path / "laptop.json", tmp_path / "desktop.json", tmp_path / "x.json"
    StateStore(laptop).put_many({
        "p": PaperState(read=True, read_at=T1, starred=True, starred_at=T3, note="laptop", note_at=T1),
        "q": PaperState(starred=True, starred_at=T1),
    })
    StateStore(desktop).put_many({
        "p": PaperState(read=False, read_at=T2, starred=False, starred_at=T2, note="desk", note_at=T4),
        "q": PaperState(starred=False, starred_at=T2, tags=("x",), tags_at=T1),
    })
    assert run("state", "export", str(out), "--db", str(laptop)) == 0
    assert run("state", "import", str(out), "--db", str(desktop)) == 0
    merged = StateStore(desktop).all()
    assert merged["p"] == PaperState(read=False, read_at=T2, starred=True, starred_at=T3,
                                     note="desk", note_at=T4)
    assert merged["q"] == PaperState(starred=False, starred_at=T2, tags=("x",), tags_at=T1)


def test_stars_travel_both_ways(tmp_path):
    a, b, out = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "out.json"
    StateStore(a).set_starred("from-a")
    StateStore(b).set_starred("from-b")
    assert run("state", "export", str(out), "--db", str(a)) == 0
    assert run("state", "import", str(out), "--db", str(b)) == 0
    assert run("state", "export", str(out), "--db", str(b)) == 0
    assert run("state", "import", str(out), "--db", str(a)) == 0
    assert StateStore(a).all() == StateStore(b).all()
    assert StateStore(a).get("from-b").starred and StateStore(b).get("from-a").starred


def test_a_state_file_from_another_machine_imports_too(tmp_path):
    other, mine = tmp_path / "other" / "state.json", tmp_path / "mine.json"
    StateStore(other).set_starred("x")  # still in its journal
    StateStore(other).compact()
    assert run("state", "import", str(other), "--db", str(mine)) == 0
    assert StateStore(mine).get("x").starred


@pytest.mark.parametrize("content, message", [
    (b"{ not json", "is not a reader state file: it is cut short or is not JSON."),
    (b"[1]", "is not a reader state file: it is not a JSON object."),
    (json.dumps({"meta": {"1": {"schema": 9}}}).encode(), "was written by a newer version of reader (schema 9)."),
])
def test_a_bad_import_file_is_one_sentence_exit_2_and_changes_nothing(tmp_path, capsys, content, message):
    db, bad = tmp_path / "state.json", tmp_path / "bad.json"
    StateStore(db).set_starred("kept")
    before = db.read_bytes(), db.with_name("state.json.journal").read_bytes()
    bad.write_bytes(content)
    assert run("state", "import", str(bad), "--db", str(db)) == 2
    err = capsys.readouterr().err
    assert err == f"reader: {bad} {message}\n"
    assert (db.read_bytes(), db.with_name("state.json.journal").read_bytes()) == before


def test_missing_files_and_folders_are_one_sentence_exit_2(tmp_path, capsys):
    assert run("state", "import", str(tmp_path / "nope.json"), "--db", str(tmp_path / "s.json")) == 2
    assert capsys.readouterr().err == f"reader: {tmp_path / 'nope.json'} does not exist.\n"
    target = tmp_path / "no-such-folder" / "out.json"
    assert run("state", "export", str(target), "--db", str(tmp_path / "s.json")) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reader: Could not write {target}") and err.count("\n") == 1
    assert run("state") == 2
    assert "ACTION" in capsys.readouterr().err


def test_export_replaces_the_target_atomically(tmp_path):
    db, out = tmp_path / "state.json", tmp_path / "out.json"
    out.write_text("an older export")
    StateStore(db).set_starred("a")
    assert run("state", "export", str(out), "--db", str(db)) == 0
    assert json.loads(out.read_text())["papers"]["1"]["id"] == "a"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_import_into_a_read_only_session_is_refused(tmp_path, capsys):
    db, out = tmp_path / "state.json", tmp_path / "out.json"
    StateStore(tmp_path / "src.json").set_starred("a")
    assert run("state", "export", str(out), "--db", str(tmp_path / "src.json")) == 0
    db.write_text(json.dumps({"meta": {"1": {"schema": 9}}}))  # a newer reader's file
    assert run("state", "import", str(out), "--db", str(db)) == 2
    assert "read-only" in capsys.readouterr().err


def test_merge_rules():
    mine = PaperState(read=True, read_at=T2, tags=("a",), tags_at=T2, opened_at=T1)
    theirs = PaperState(read=False, read_at="2025-09-22T10:00:00.001Z", tags=("b",),
                        tags_at=T1, opened_at=T3)
    merged = merge_state(mine, theirs)
    assert merged.read is False and merged.tags == ("a",) and merged.opened_at == T3
    assert merge_state(mine, EMPTY) is mine
    # without timestamps on either side, a value fills a gap but never overwrites one
    assert merge_state(EMPTY, PaperState(tags=("x",))).tags == ("x",)
    assert merge_state(PaperState(tags=("y",)), PaperState(tags=("x",))).tags == ("y",)
    # an unparseable timestamp counts as the oldest
    assert merge_state(PaperState(starred=True, starred_at=T1),
                       PaperState(starred=False, starred_at="yesterday")).starred
