"""The command palette, safe in a terminal of any height.

Textual's CommandList pages by the height of its visible region: in a terminal of 3 rows or
fewer the list has never been laid out, its line map is empty, and PageUp/PageDown raise
KeyError inside OptionList._move_page, which kills the app. Here a page key that cannot page
moves the highlight one option instead.

The app opens it with (ReaderApp):

    def action_command_palette(self) -> None:
        open_palette(self)
"""

from __future__ import annotations

from textual.app import App
from textual.command import CommandPalette


class SafeCommandPalette(CommandPalette):
    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):  # no layout yet: nothing to page through
            step = {"page_down": "cursor_down", "page_up": "cursor_up"}.get(action)
            if step is not None:
                super()._action_command_list(step)


def open_palette(app: App) -> None:
    """What App.action_command_palette does, with the safe palette."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(SafeCommandPalette(id="--command-palette"))
