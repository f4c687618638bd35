"""The reading view: one paper full screen at a comfortable line length, and the way to the
next one (n, J) without going back to the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.widgets import Footer, Static

from reader.model import Paper
from reader.session import ReadingSession
from reader.ui.keys import READING_BINDINGS, READING_GROUPS
from reader.ui.paper_render import render_paper
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.paper_screen import PaperScreen
from reader.ui.screens.paper_text import PaperTextScreen

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


class ReadingScreen(PaperScreen):
    """Esc returns to the list, on the paper read last."""

    BINDINGS = READING_BINDINGS

    def __init__(self, session: ReadingSession, paper: Paper,
                 main: MainScreen | None = None) -> None:
        super().__init__(session)
        self.paper = paper
        self.main = main  # the list the papers come from (None: this paper only)

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
            render_paper(self.paper, state, tags, self.session.highlight(), full=True))

    def paper_changed(self, paper: Paper | None = None) -> None:
        self.render_paper()
        main = self.app.main_screen
        if main is not None:
            main.paper_changed(paper)

    # -- paper to paper ----------------------------------------------------------------
    def _go(self, paper: Paper | None, none_left: str) -> None:
        if paper is None:
            self.notify(none_left, timeout=2)
            return
        self.paper = paper
        self.render_paper()
        self.query_one("#reading-scroll").scroll_home(animate=False)

    def action_next_unread(self) -> None:
        if self.main is not None:
            self._go(self.main.open_unread(1), "No more unread papers below.")

    def action_previous_unread(self) -> None:
        if self.main is not None:
            self._go(self.main.open_unread(-1), "No more unread papers above.")

    def action_step_paper(self, step: int) -> None:
        if self.main is not None:
            self._go(self.main.open_step(step),
                     "This is the last paper of the list." if step > 0 else
                     "This is the first paper of the list.")

    def action_full_text(self) -> None:
        self.app.push_screen(PaperTextScreen(self.paper.arxiv_id, self.paper.title))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(READING_GROUPS, "Keys of the reading view", None))

    # -- scrolling ---------------------------------------------------------------------
    @property
    def _scroll(self) -> VerticalScroll:
        return self.query_one("#reading-scroll", VerticalScroll)

    def action_scroll_down(self) -> None:
        self._scroll.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self._scroll.scroll_up(animate=False)

    def action_page_down(self) -> None:
        self._scroll.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self._scroll.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self._scroll.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self._scroll.scroll_end(animate=False)
