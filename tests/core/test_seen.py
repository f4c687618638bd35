"""New since the last session: the record of known papers."""

from __future__ import annotations

from reader.seen import load_known, new_positions, save_known


def test_papers_not_known_at_the_last_session_are_new(seed_papers, tmp_path):
    path = tmp_path / "known-papers.txt"
    assert load_known(path) is None
    assert new_positions(seed_papers, None) == []  # first session: nothing is news
    save_known((p.id for p in seed_papers[:90]), path)
    known = load_known(path)
    assert new_positions(seed_papers, known) == [90, 91, 92, 93, 94]


def test_a_damaged_record_calls_nothing_new(seed_papers, tmp_path):
    path = tmp_path / "known-papers.txt"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert load_known(path) is None
