"""Name the current search to keep it in the sidebar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.ui.dialogs import DIALOG_CSS


class SaveSearchDialog(ModalScreen[str | None]):
    """Returns the name, or None when cancelled."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save_search.cancel")]

    def __init__(self, query: str) -> None:
        super().__init__()
        self._query = query

    def compose(self) -> ComposeResult:
        with Vertical(id="save-search-box", classes="dialog-box"):
            yield Label("Save this search", classes="dialog-title")
            yield Label(self._query, classes="dialog-hint", markup=False)
            yield Input(placeholder="name, e.g. serving papers with code", id="save-search-name")
            yield Label("enter saves · esc cancels · d on a saved search deletes it",
                        classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
