"""The help screen: every key, grouped, with the user's keymap applied."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.dialogs import DIALOG_CSS
from reader.ui.keys import MAIN_GROUPS, display_keys

LIST_KEYS = [
    ("j / ↓, k / ↑", "Move down / up"),
    ("g / Home, G / End", "First / last paper"),
    ("PgDn / PgUp", "Page down / up"),
    ("enter", "Read the paper full screen (esc returns)"),
    ("ctrl+p", "Command palette: every action by name"),
]


def help_table(keymap: dict[str, str], groups=MAIN_GROUPS,
               moving: list[tuple[str, str]] | None = LIST_KEYS) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    if moving:
        table.add_row(Text("Moving", style="bold underline"), "")
        for keys, what in moving:
            table.add_row(keys, what)
        table.add_row("", "")
    for number, (group, bindings) in enumerate(groups):
        if number:
            table.add_row("", "")
        table.add_row(Text(group, style="bold underline"), "")
        digits = [b for b in bindings if b.id and ".copy_link_" in b.id]
        first_digit = digits[0] if digits else None
        for binding in bindings:
            if binding in digits[1:]:
                continue
            keys = keymap.get(binding.id or "", binding.key)
            what = binding.tooltip or binding.description
            if binding is first_digit:
                keys, what = "1 … 9", "Copy link [N] of the paper"
            table.add_row(display_keys(keys), what)
    return table


class HelpScreen(ModalScreen[None]):
    """Every key of a screen: the main screen's by default, or `groups` (the reading
    view's) under `title`."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, groups=MAIN_GROUPS, title: str = "Keys",
                 moving: list[tuple[str, str]] | None = LIST_KEYS) -> None:
        super().__init__()
        self.groups, self.title_text, self.moving = groups, title, moving

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text(f"{self.title_text}  (esc closes; remap in keymap.toml)",
                              style="bold"), id="help-title")
            yield Static(help_table(getattr(self.app, "_keymap", {}), self.groups,
                                    self.moving), id="help-table")
