"""The TUI fetch benchmark still runs: one round at 95 papers gives both times.

No time is asserted (bench/ prints them); this keeps the harness working as the screen, the
fetch dialog or the fetch change: a check that no longer matches the screen makes the session
end with an error, and this test fail.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench import tui_fetch_bench
from tests.bench.test_pty_bench import _pty_available

pytestmark = pytest.mark.skipif(not _pty_available(), reason="no pseudo-terminal here")


def test_one_round_at_95_papers_gives_both_times(tmp_path: Path) -> None:
    assert (Path(sys.executable).parent / "reader").exists(), "the venv's reader is missing"

    results = tui_fetch_bench.measure([95], rounds=1, timeout=120.0, out=tmp_path)

    entry = results[95]
    assert entry.cache.startswith(("built", "fresh"))
    (session,) = entry.rounds
    assert session.error == ""
    # The fixture's 30 papers are all new to the built-in catalog.
    assert (session.before, session.after, session.added) == (95, 125, 30)
    assert session.notice.startswith("Fetched 30 papers")
    assert 0 < session.enter_to_request_ms < session.enter_to_shown_ms
    assert 0 < session.served_to_shown_ms < session.enter_to_shown_ms
    assert not list(tmp_path.glob("tui-fetch-*")), "the run's homes are removed"
    table = tui_fetch_bench.render(results, {
        "date": "d", "cores": "2", "cpu": "c", "python": "p", "textual": "t", "load": "l",
        "load_after": "l", "command": "c", "seconds": 1.0, "commit": "x"})
    assert "| 95 | 30 |" in table and "no result" not in table
    json.dumps({"rounds": [vars(r) for r in entry.rounds]})  # what main() writes is plain data
