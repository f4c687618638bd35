"""The TUI and sync: a star made on another machine shows in a running reader within its
look for changes (every 3 s, or when the terminal gets focus), and the status line says when
it last synced."""

from __future__ import annotations

import os
import subprocess
import sys

from textual.events import AppFocus

from tests.sync.test_cli_sync import Home
from tests.ui.helpers import paper_list, running, status_text


async def test_a_star_from_another_machine_shows_in_the_running_tui(make_app, seed_papers,
                                                                    tmp_path):
    folder = tmp_path / "Sync" / "reader"
    desktop = Home(tmp_path, "desktop")
    for env in (dict(os.environ), desktop.env):  # this test's own home, and another one
        done = subprocess.run([sys.executable, "-m", "reader", "sync", "init", str(folder)],
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    paper = seed_papers[3]
    with desktop.state() as store:
        store.set_starred(paper.id)
    assert desktop.reader("sync", "now").returncode == 0

    app = make_app()
    async with running(app) as pilot:
        app.post_message(AppFocus())  # as when the terminal gets focus (or the 3 s timer)
        for _ in range(50):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.session.state(paper).starred:
                break
        assert app.session.state(paper).starred
        row = "".join(s.text for s in paper_list(app).render_line(3))
        assert row.startswith("  ★ ") or row.startswith(" ●★ ")
        assert "synced " in status_text(app)
