"""SVG snapshots of every screen and dialog, at 120x40 and 80x24, in the dark and the light
theme (the way posting keeps its UI honest).

Regenerate with `make snapshots`, then look at the pictures before committing them
(`python bench/snapshots_png.py` turns the SVGs into PNGs).
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from reader.settings import DARK_THEME, LIGHT_THEME
from tests.ui.helpers import NARROW, WIDE, wait_for_state

# Paper 0 starred, paper 1 read, paper 2 starred and read; the cursor rests on paper 2.
MARKS = ("s", "j", "r", "j", "s", "r")

SCREENS = {
    "main": MARKS,
    "filtered": ("t", "enter", "j", "enter", "v", "slash", *"model", "enter"),
    "help": ("question_mark",),
    "reading": ("j", "j", "s", "enter"),
    "reading_help": ("enter", "question_mark"),
    "edit_dialog": ("j", "e", *"mine", "tab", *"read with care"),
    "export_dialog": ("s", "E"),
    "fetch_dialog": ("F",),
    "links_dialog": ("L",),
    "save_search_dialog": ("slash", *"tag:serving", "enter", "w"),
    "palette": ("ctrl+p", *"star"),
    "more_like_this": ("m",),
}


def prepare(theme: str, *keys: str):
    async def run_before(pilot: Pilot) -> None:
        pilot.app.theme = theme
        await wait_for_state(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", [DARK_THEME, LIGHT_THEME], ids=["dark", "light"])
@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x40", "80x24"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, make_app, monkeypatch, screen, size, theme):
    monkeypatch.chdir("/tmp")  # the export dialog offers a file in the working folder
    assert snap_compare(make_app(), terminal_size=size,
                        run_before=prepare(theme, *SCREENS[screen]))


@pytest.mark.parametrize("theme", [DARK_THEME, LIGHT_THEME], ids=["dark", "light"])
@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x40", "80x24"])
def test_copy_fallback_dialog(snap_compare, make_app, size, theme):
    """Shown when no clipboard can be reached: the link to copy by hand."""
    from reader.ui.dialogs.copy_fallback import CopyFallbackDialog

    async def run_before(pilot: Pilot) -> None:
        await prepare(theme)(pilot)
        pilot.app.push_screen(CopyFallbackDialog(
            "https://github.com/szq0214/SReT",
            "No clipboard here: no display for xclip, and the terminal takes no OSC 52."))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
