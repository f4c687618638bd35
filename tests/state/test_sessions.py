"""Two sessions on the same state lose nothing, and each picks up the other's changes."""

from __future__ import annotations

from reader.state import StateStore
from tests.state.helpers import exit_code, fork

TOGGLES = 200
PAPERS = 7  # 200 toggles over 7 papers: some end starred, some not


def _toggle_stars(path, prefix: str) -> None:
    store = StateStore(path, compact_min_bytes=1500)  # compactions happen under contention
    for i in range(TOGGLES):
        paper = f"{prefix}{i % PAPERS}"
        store.set_starred(paper, not store.get(paper).starred)
        if i % 25 == 0:
            store.refresh()


def _toggle_read(path, prefix: str) -> None:
    store = StateStore(path, compact_min_bytes=1500)
    for i in range(TOGGLES):
        paper = f"{prefix}{i % PAPERS}"
        store.set_read(paper, not store.get(paper).read)


def _expected_on(paper_number: int) -> bool:
    return sum(1 for i in range(TOGGLES) if i % PAPERS == paper_number) % 2 == 1


def test_two_processes_toggling_disjoint_papers_lose_no_update(tmp_path):
    path = tmp_path / "state.json"
    pids = [fork(_toggle_stars, path, "a"), fork(_toggle_stars, path, "b")]
    assert [exit_code(pid) for pid in pids] == [0, 0]
    states = StateStore(path).all()
    for prefix in "ab":
        for n in range(PAPERS):
            assert states[f"{prefix}{n}"].starred is _expected_on(n), f"lost update on {prefix}{n}"


def test_two_processes_changing_different_fields_of_the_same_papers_lose_nothing(tmp_path):
    """Each writes whole paper states: without re-reading under the lock, one would
    write back the other's field as it was before."""
    path = tmp_path / "state.json"
    pids = [fork(_toggle_stars, path, "p"), fork(_toggle_read, path, "p")]
    assert [exit_code(pid) for pid in pids] == [0, 0]
    states = StateStore(path).all()
    for n in range(PAPERS):
        assert states[f"p{n}"].starred is _expected_on(n), f"lost star on p{n}"
        assert states[f"p{n}"].read is _expected_on(n), f"lost read on p{n}"


def test_refresh_picks_up_the_other_sessions_changes(tmp_path):
    path = tmp_path / "state.json"
    mine, theirs = StateStore(path), StateStore(path)
    assert mine.refresh() is False
    theirs.set_starred("x")
    assert mine.get("x").starred is False
    assert mine.refresh() is True
    assert mine.get("x").starred is True
    assert mine.refresh() is False

    theirs.compact()  # a new snapshot with nothing new in it
    assert mine.refresh() is False
    assert mine.all() == theirs.all()

    theirs.set_note("x", "from the other terminal")
    theirs.compact()
    theirs.set_read("y")
    assert mine.refresh() is True
    assert mine.all() == theirs.all()
    assert mine.get("x").note == "from the other terminal" and mine.get("y").read

    mine.set_tags("y", ["mine"])  # and back the other way
    assert theirs.refresh() is True and theirs.get("y").tags == ("mine",)
    assert theirs.get("y").read


def test_a_session_that_missed_several_compactions_catches_up(tmp_path):
    path = tmp_path / "state.json"
    mine, theirs = StateStore(path), StateStore(path, compact_min_bytes=300)
    for i in range(100):
        theirs.set_read(f"p{i}")
    assert mine.refresh() is True
    assert mine.all() == theirs.all() and len(mine.all()) == 100


def test_a_write_after_missing_changes_builds_on_them(tmp_path):
    path = tmp_path / "state.json"
    mine, theirs = StateStore(path), StateStore(path)
    theirs.set_starred("x")
    mine.set_read("x")  # no refresh in between: the write re-reads the disk first
    assert StateStore(path).get("x").starred and StateStore(path).get("x").read
    assert mine.get("x").starred
