"""The TUI on a state.json nested 200,000 deep: it crashed on every start (RecursionError in
the loading worker) and the file was never moved aside. Now it starts, says so, moves the
file aside, and a key's change is saved."""

from __future__ import annotations

from reader.state import StateStore
from reader.ui.app import ReaderApp
from tests.ui.helpers import wait_for_state


async def test_the_tui_starts_on_a_nested_state_file(seed_papers, tmp_path):
    state_path = tmp_path / "state.json"
    state_path.write_text("[" * 200_000)
    app = ReaderApp(list(seed_papers), state_path=state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_state(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert app.is_running
    assert list(tmp_path.glob("state.json.corrupt-*"))
    with StateStore(state_path) as store:
        assert store.get(seed_papers[0].id).starred
