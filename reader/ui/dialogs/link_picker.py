"""Every link of one paper, numbered as the `1`-`9` keys number them, plus its paper page."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.model import Paper
from reader.ui.dialogs import DIALOG_CSS

PAGE_KIND = "page"


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One row of the picker: its number (None for the paper page), kind and URL."""

    number: int | None
    kind: str
    url: str


@dataclass(frozen=True, slots=True)
class LinkChoice:
    """What the user did in the picker: action is "copy" or "open"."""

    action: str
    url: str


def link_rows(paper: Paper) -> list[LinkRow]:
    """The paper's links numbered from 1, then its paper page unless it is one of them."""
    rows = [LinkRow(n, link.kind, link.url) for n, link in enumerate(paper.links, 1)]
    page = paper.page_url
    if all(row.url.rstrip("/").lower() != page.rstrip("/").lower() for row in rows):
        rows.append(LinkRow(None, PAGE_KIND, page))
    return rows


def _prompt(row: LinkRow, kind_width: int) -> Content:
    number = f"[{row.number}]" if row.number is not None else ""
    return Content.assemble(
        number.rjust(4),
        " ",
        # The gap goes inside the kind's span: a bare run of spaces between two spans was
        # dropped when the row is cut to the list's width ("codehttps://…").
        (row.kind.ljust(kind_width + 2), "bold $accent" if row.kind == "code" else "italic"),
        row.url,
    )


class LinkPicker(ModalScreen[LinkChoice | None]):
    """Enter copies the highlighted link, `o` opens it, digits jump, escape closes.

    The picker carries out the choice itself (through `reader.ui.linking`) and dismisses
    with it, so a caller may push it without a callback.
    """

    CSS_PATH = DIALOG_CSS

    BINDINGS = [
        Binding("escape", "close", "Close", id="link_picker.close"),
        Binding("o", "open", "Open", id="link_picker.open"),
        *(
            Binding(str(n), f"jump({n})", f"Link {n}", show=False, id=f"link_picker.jump{n}")
            for n in range(1, 10)
        ),
    ]

    def __init__(self, paper: Paper, *, notice: str | None = None) -> None:
        super().__init__()
        self.paper = paper
        self.notice = notice
        self.rows = link_rows(paper)

    def compose(self) -> ComposeResult:
        width = max(len(row.kind) for row in self.rows)
        options = [Option(_prompt(row, width), id=f"row-{i}") for i, row in enumerate(self.rows)]
        count = len(self.paper.links)
        if not count:
            summary = "No links in this paper; here is its paper page."
        else:
            code = "" if self.paper.primary_code_link else ", none of them code"
            summary = f"{count} link{'s' if count != 1 else ''}{code}; its paper page is last."
        with Vertical(id="link-picker-box", classes="dialog-box"):
            yield Label(self.paper.title, id="link-picker-title", classes="dialog-title",
                        markup=False)
            yield Label(summary, classes="dialog-hint", markup=False)
            if self.notice:
                yield Label(self.notice, classes="dialog-notice", markup=False)
            yield OptionList(*options, id="link-picker-list")
            yield Label("enter copy · o open · 1–9 jump · esc close", classes="dialog-hint",
                        markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @property
    def highlighted_row(self) -> LinkRow | None:
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None else None

    def action_jump(self, number: int) -> None:
        for index, row in enumerate(self.rows):
            if row.number == number:
                self.query_one(OptionList).highlighted = index
                return
        self.notify(f"This paper has no link [{number}].", severity="warning", timeout=3,
                    markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose("copy", self.rows[event.option_index])

    def action_open(self) -> None:
        if (row := self.highlighted_row) is not None:
            self._choose("open", row)

    def action_close(self) -> None:
        self.dismiss(None)

    def _choose(self, action: str, row: LinkRow) -> None:
        from reader.ui import linking

        choice = LinkChoice(action, row.url)
        self.dismiss(choice)
        if action == "copy":
            linking.copy_url(self.app, row.url)
        else:
            linking.open_url(self.app, row.url)
