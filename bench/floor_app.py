"""The floor of the scale benchmark: a bare Textual app that shows one line of text.

    .venv/bin/python bench/floor_app.py

Started exactly like the reader (a whole process in tmux, or through the Pilot), it gives
the cost of Python + Textual alone: every start-up and memory target of issue 6 is a ratio
to it. `j` changes the line, so a key-to-frame time can be measured against it too.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

READY_TEXT = "bench floor app ready"


class FloorApp(App[None]):
    """One Static line; `j` counts key presses in it, `q` quits."""

    BINDINGS = [("j", "bump", "Bump"), ("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT, id="line")

    def action_bump(self) -> None:
        self.presses += 1
        self.query_one("#line", Static).update(f"{READY_TEXT} ({self.presses} keys)")


if __name__ == "__main__":
    FloorApp().run()
