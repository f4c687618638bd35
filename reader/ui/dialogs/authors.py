"""A paper's authors, each with the number of their papers in the library: enter shows
them all (the author's query), `f` follows the author (a saved search "by NAME")."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.query.authors import Author
from reader.ui.dialogs.discovery_css import DISCOVERY_CSS


@dataclass(frozen=True, slots=True)
class AuthorChoice:
    """What the user did: action "show" (their papers) or "follow"."""

    action: str
    author: Author


def _prompt(author: Author) -> Content:
    papers = "paper" if author.count == 1 else "papers"
    return Content.assemble(author.name, "  ", (f"{author.count} {papers}", "$text-muted"))


class AuthorsDialog(ModalScreen[AuthorChoice | None]):
    """Enter: show the author's papers; f: follow the author; escape: close."""

    CSS_PATH = DISCOVERY_CSS
    BINDINGS = [
        Binding("escape", "close", "Close", id="authors.close"),
        Binding("f", "follow", "Follow", id="authors.follow"),
    ]

    def __init__(self, title: str, authors: list[Author]) -> None:
        super().__init__()
        self.paper_title, self.authors = title, authors

    def compose(self) -> ComposeResult:
        with Vertical(id="authors-box", classes="dialog-box"):
            yield Label(f"Authors of {self.paper_title}", classes="dialog-title",
                        markup=False)
            if self.authors:
                yield OptionList(*(Option(_prompt(a), id=f"author-{n}")
                                   for n, a in enumerate(self.authors)), id="authors-list")
            else:
                yield Label("This paper lists no authors.", classes="dialog-hint")
            yield Label("enter their papers · f follow · esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        if self.authors:
            options = self.query_one(OptionList)
            options.highlighted = 0
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(AuthorChoice("show", self.authors[event.option_index]))

    def action_follow(self) -> None:
        if self.authors:
            index = self.query_one(OptionList).highlighted or 0
            self.dismiss(AuthorChoice("follow", self.authors[index]))

    def action_close(self) -> None:
        self.dismiss(None)
