"""SVG snapshots of the main screen (wide and narrow), the help screen and the reading view.

Each was reviewed by eye before it was committed; regenerate with `make snapshots` and look
at the SVGs again (a PNG via rsvg-convert is easiest to view) before committing new ones.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.ui.helpers import NARROW, WIDE, wait_for_state

# Paper 0 starred, paper 1 read, paper 2 starred and read; the cursor rests on paper 2.
MARKS = ("s", "j", "r", "j", "s", "r")


def prepare(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        await wait_for_state(pilot)
        await pilot.press(*keys)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x40", "80x24"])
def test_main_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=prepare(*MARKS))


def test_main_screen_filtered(snap_compare, make_app):
    """Two tags and the unread view, with the search box showing a word."""
    keys = ("t", "enter", "j", "enter", "v", "slash", *"model", "enter")
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=prepare(*keys))


def test_help_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=WIDE,
                        run_before=prepare("question_mark"))


def test_reading_view(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=WIDE,
                        run_before=prepare("j", "j", "s", "enter"))
