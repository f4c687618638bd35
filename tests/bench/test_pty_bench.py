"""The pty benchmark still runs: one round at 95 papers with a few keys gives every number.

No time is asserted (bench/ prints them); this only keeps the harness working as the screen
changes: a check in bench/pty_screen.py that no longer matches the screen makes a session end
with an error, and this test fail.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench import pty_bench
from bench.pty_session import Plan


def _pty_available() -> bool:
    try:
        master, slave = os.openpty()
    except OSError:
        return False
    os.close(master)
    os.close(slave)
    return True


pytestmark = pytest.mark.skipif(not _pty_available(), reason="no pseudo-terminal here")


def test_one_round_at_95_papers_gives_every_number(tmp_path: Path) -> None:
    assert (Path(sys.executable).parent / "reader").exists(), "the venv's reader is missing"
    plan = Plan(moves=2, toggles=2, dialogs=1, letters="ser", mixed=10, start_cap=60.0)

    results = pty_bench.measure([95], rounds=1, plan=plan, warmup_cap=60.0, warmup=False,
                                out=tmp_path)

    floor, reader = results["floor"]["rounds"][0], results["95"]["rounds"][0]
    assert floor.error == "" and reader.error == ""
    assert floor.start_list_s and floor.rss_mb and len(floor.floor_key_ms) == 10
    assert 0 < reader.start_list_s <= reader.start_complete_s
    assert len(reader.typed_ms) == 3 and len(reader.move_list_ms) == 2
    assert len(reader.move_detail_ms) == 2 and len(reader.dialog_ms) == 1
    assert len(reader.star_ms) == 2 and len(reader.read_ms) == 2
    assert reader.rss_mb and reader.rss_mb > 10
    table = pty_bench.render(results, [95], {
        "date": "d", "cores": "2", "cpu": "c", "python": "p", "textual": "t", "pyte": "y",
        "load": "l", "load_after": "l", "command": "c", "seconds": 1.0, "commit": "x"})
    assert "`s` → star mark on screen" in table and "no result" not in table
