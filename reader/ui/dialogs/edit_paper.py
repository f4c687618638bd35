"""A small dialog to edit the user's own tags and note for one paper."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.ui.dialogs import DIALOG_CSS


class EditPaperDialog(ModalScreen[tuple[list[str], str] | None]):
    """Enter saves tags (comma-separated) and note; esc cancels."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="edit.cancel")]

    def __init__(self, title: str, tags: tuple[str, ...], note: str) -> None:
        super().__init__()
        self._title, self._tags, self._note = title, tags, note

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-box"):
            yield Label(self._title, id="edit-title", markup=False)
            yield Label("Your tags (comma-separated)")
            yield Input(", ".join(self._tags), id="edit-tags")
            yield Label("Note")
            yield Input(self._note, id="edit-note")
            yield Label("enter saves · esc cancels", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "edit-tags":
            self.query_one("#edit-note", Input).focus()
            return
        tags = [t for t in self.query_one("#edit-tags", Input).value.split(",") if t.strip()]
        self.dismiss((tags, self.query_one("#edit-note", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
