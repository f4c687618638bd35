"""The reading view: one paper full screen at a comfortable line length."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.errors import ReaderError
from reader.model import Paper
from reader.session import ReadingSession
from reader.ui.link_actions import LinkActions
from reader.ui.widgets.detail import render_paper


class ReadingScreen(LinkActions, Screen):
    """Esc returns to the list."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="reading.back",
                tooltip="Back to the list"),
        Binding("s", "toggle_star", "Star", id="reading.star", tooltip="Star or unstar"),
        Binding("r", "toggle_read", "Read", show=False, id="reading.read",
                tooltip="Mark read or unread"),
        Binding("c", "copy_code", "Copy code", id="reading.copy_code",
                tooltip="Copy the code link"),
        Binding("o", "open_code", "Open", id="reading.open_code", tooltip="Open the code link"),
        Binding("O", "open_page", "Open page", show=False, id="reading.open_page",
                tooltip="Open the paper page"),
        Binding("L", "link_picker", "Links", id="reading.links", tooltip="Pick a link"),
        *[Binding(str(n), f"copy_link({n})", f"Copy link {n}", show=False,
                  id=f"reading.copy_link_{n}") for n in range(1, 10)],
        Binding("j,down", "scroll_down", "Down", show=False, id="reading.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reading.up"),
        Binding("space", "page_down", "Page down", show=False, id="reading.page_down"),
        Binding("f,enter", "full_text", "Full text", id="reading.full_text",
                tooltip="Read the whole paper (arXiv HTML)"),
    ]

    def __init__(self, session: ReadingSession, paper: Paper) -> None:
        super().__init__()
        self.session = session
        self.paper = paper

    @property
    def current(self) -> Paper:
        return self.paper

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reading-scroll"):
            with Center():
                yield Static(id="reading-body")
        yield Footer()

    def on_mount(self) -> None:
        self.render_paper()
        self.query_one("#reading-scroll").focus()

    def render_paper(self) -> None:
        state = self.session.state(self.paper)
        tags = self.session.paper_tags(self.paper)
        self.query_one("#reading-body", Static).update(
            render_paper(self.paper, state, tags, self.session.highlight()))

    def _change(self, change) -> None:
        try:
            change()
        except ReaderError as error:
            self.notify(str(error), severity="warning")
            return
        self.render_paper()
        main = self.app.main_screen
        if main is not None:
            main.state_changed()

    def action_toggle_star(self) -> None:
        self._change(lambda: self.session.toggle_star(self.paper))

    def action_toggle_read(self) -> None:
        self._change(lambda: self.session.toggle_read(self.paper))

    def action_scroll_down(self) -> None:
        self.query_one("#reading-scroll").scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#reading-scroll").scroll_up(animate=False)

    def action_full_text(self) -> None:
        from reader.ui.screens.paper_text import PaperTextScreen

        self.app.push_screen(PaperTextScreen(self.paper.arxiv_id, self.paper.title))

    def action_page_down(self) -> None:
        self.query_one("#reading-scroll").scroll_page_down(animate=False)
