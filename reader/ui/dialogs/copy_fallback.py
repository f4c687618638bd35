"""The last resort of copying: the text shown, pre-selected, to copy by hand."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from reader.ui.dialogs import DIALOG_CSS


class CopyFallbackDialog(ModalScreen[bool]):
    """Shows `text` selected in a read-only box with the one-sentence `reason`.

    Dismisses with True when the user asks to copy it (`c`, only with `offer_copy`, used when
    a link could not be opened), else False (escape).
    """

    CSS_PATH = DIALOG_CSS

    BINDINGS = [
        Binding("escape", "close", "Close", id="copy_fallback.close"),
        Binding("c", "copy", "Copy", id="copy_fallback.copy"),
    ]

    def __init__(self, text: str, reason: str, *, offer_copy: bool = False) -> None:
        super().__init__()
        self.text = text
        self.reason = reason
        self.offer_copy = offer_copy

    def compose(self) -> ComposeResult:
        hint = "select with your terminal (often shift+drag) · esc close"
        if self.offer_copy:
            hint = "c copy · " + hint
        with Vertical(id="copy-fallback-box", classes="dialog-box"):
            yield Label(self.reason, id="copy-fallback-reason", markup=False)
            yield TextArea(
                self.text, id="copy-fallback-text", read_only=True, soft_wrap=True,
                show_line_numbers=False,
            )
            yield Label(hint, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        area = self.query_one("#copy-fallback-text", TextArea)
        area.focus()
        area.select_all()

    def action_close(self) -> None:
        self.dismiss(False)

    def action_copy(self) -> None:
        if self.offer_copy:
            self.dismiss(True)
