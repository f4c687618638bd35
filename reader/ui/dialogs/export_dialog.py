"""Ask where to export the reading list; the format follows the file's suffix."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.ui.dialogs import DIALOG_CSS


class ExportDialog(ModalScreen[Path | None]):
    CSS_PATH = DIALOG_CSS

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, what: str, default: Path) -> None:
        super().__init__()
        self._what = what
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog-box"):
            yield Label(f"Export {self._what}", classes="dialog-title", markup=False)
            yield Label(".md Markdown · .bib BibTeX · .json · .csv", classes="dialog-hint")
            yield Input(str(self._default), id="export-path")
            yield Label("enter writes · esc cancels", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
