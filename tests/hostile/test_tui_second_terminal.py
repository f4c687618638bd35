"""A TUI running while `reader state import` runs in another terminal: the import shows up
in the TUI, also when the user's next key writes before the TUI's periodic refresh (that
write took the import in, `refresh()` then reported nothing, and the screen stayed stale)."""

from __future__ import annotations

import subprocess
import sys

from reader.state import StateStore
from reader.ui.app import ReaderApp
from tests.ui.helpers import main, wait_for_state


def state_import(tmp_path, state_path, paper_id: str) -> None:
    other = tmp_path / "other.json"
    with StateStore(tmp_path / "elsewhere.json") as elsewhere:
        elsewhere.set_read(paper_id)
        elsewhere.set_starred(paper_id)
        elsewhere.export(other)
    done = subprocess.run([sys.executable, "-m", "reader", "state", "import", str(other),
                           "--db", str(state_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


async def test_a_key_pressed_right_after_an_import_elsewhere_shows_the_import(seed_papers, tmp_path):
    state_path = tmp_path / "state.json"
    app = ReaderApp(list(seed_papers), state_path=state_path)
    imported = seed_papers[5]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_state(pilot)
        state_import(tmp_path, state_path, imported.id)
        await pilot.press("s")  # star the first paper: a write before any refresh
        await pilot.pause()
        for _ in range(50):  # the refresh tick or the write itself brings the import in
            if app.session.state(imported).starred:
                break
            await pilot.pause(0.1)
        assert app.session.state(imported).starred and app.session.state(imported).read
        assert app.session.state(seed_papers[0]).starred
        assert main(app) is not None
