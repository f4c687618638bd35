"""More like this: the papers most like one paper, each with the words they share.

The caller computes the rows (`reader.query.similar`, in a worker at 100k papers) and gets
back the position of the paper chosen (enter), or None (escape).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.model import Paper
from reader.query.similar import Similar
from reader.ui.dialogs.discovery_css import DISCOVERY_CSS


def _prompt(paper: Paper, item: Similar) -> Content:
    shared = ", ".join(item.shared[:6])
    return Content.assemble(paper.title, "\n", ("   shares " + shared, "italic $text-muted"))


class SimilarDialog(ModalScreen[int | None]):
    """Enter returns the chosen paper's position, escape None."""

    CSS_PATH = DISCOVERY_CSS
    BINDINGS = [Binding("escape", "close", "Close", id="similar.close")]

    def __init__(self, paper: Paper, papers: list[Paper], found: list[Similar]) -> None:
        super().__init__()
        self.paper, self.papers, self.found = paper, papers, found

    def compose(self) -> ComposeResult:
        options = [Option(_prompt(self.papers[item.position], item), id=f"similar-{n}")
                   for n, item in enumerate(self.found)]
        with Vertical(id="similar-box", classes="dialog-box"):
            yield Label(f"Similar to: {self.paper.title}", classes="dialog-title",
                        markup=False)
            if options:
                yield OptionList(*options, id="similar-list")
            else:
                yield Label("No other paper of the library shares its words.",
                            classes="dialog-hint")
            yield Label("enter go to the paper · esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        if self.found:
            options = self.query_one(OptionList)
            options.highlighted = 0
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.found[event.option_index].position)

    def action_close(self) -> None:
        self.dismiss(None)
