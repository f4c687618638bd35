"""The command palette in a terminal of 3 rows or fewer: PageUp/PageDown raised a KeyError
inside Textual's OptionList (the page height was zero), which killed the TUI."""

from __future__ import annotations

import pytest

from reader.ui.app import ReaderApp
from reader.ui.palette import SafeCommandPalette


@pytest.mark.parametrize("rows", [1, 2, 3, 4])
async def test_paging_the_palette_in_a_tiny_terminal(seed_papers, tmp_path, rows):
    app = ReaderApp(list(seed_papers), state_path=tmp_path / "state.json")
    async with app.run_test(size=(80, rows)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, SafeCommandPalette)
        for key in ("pagedown", "pageup", "pagedown", "down", "pagedown", "end", "pageup"):
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running
        await pilot.press("escape")
