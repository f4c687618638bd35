"""Ask what to fetch: a Daily Papers day, or an arXiv query."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.ui.dialogs import DIALOG_CSS


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """A day of Daily Papers (`date`) or an arXiv search (`arxiv_query`)."""

    date: dt.date | None = None
    arxiv_query: str | None = None

    def describe(self) -> str:
        if self.arxiv_query:
            return f"arXiv results for {self.arxiv_query!r}"
        return f"Daily Papers of {self.date.isoformat() if self.date else 'today'}"


_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_request(text: str) -> FetchRequest:
    """'2025-09-25' or '2025-9-5' (or empty: today) is a Daily Papers day; anything else an
    arXiv query. Raises ValueError for a text shaped like a day that is none ('2026-13-45':
    sent to arXiv as a search, it only found nothing)."""
    text = text.strip()
    if not text:
        return FetchRequest(date=dt.date.today())
    day = _DAY.fullmatch(text)
    if day is None:
        return FetchRequest(arxiv_query=text)
    try:
        return FetchRequest(date=dt.date(*map(int, day.groups())))
    except ValueError:
        raise ValueError(f"{text} is not a day; write it as YYYY-MM-DD.") from None


class FetchDialog(ModalScreen[FetchRequest | None]):
    CSS_PATH = DIALOG_CSS

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="fetch.cancel")]

    def __init__(self, default: str) -> None:
        super().__init__()
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="fetch-box", classes="dialog-box"):
            yield Label("Fetch papers", classes="dialog-title")
            yield Label("A day as YYYY-MM-DD (empty: today) fetches Daily Papers; anything "
                        "else is an arXiv query such as cat:cs.LG.", classes="dialog-hint")
            yield Input(self._default, id="fetch-input")
            yield Label("enter fetches · esc cancels", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            request = parse_request(event.value)
        except ValueError as error:
            self.notify(str(error), severity="warning", timeout=4)
            return
        self.dismiss(request)

    def action_cancel(self) -> None:
        self.dismiss(None)
