"""The status line: catalog and date, shown/total, read counts, the filter, session progress."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

UNFILTERED = "All papers"


class StatusLine(Static):
    """One line of facts about the session, set by the screen."""

    def show_status(self, *, title: str, shown: int | None, total: int, read: int,
                    session: str, filter_text: str, notice: str = "",
                    busy: str = "", error: str = "", sync: str = "") -> None:
        counted = f"{shown:,}/{total:,} shown" if shown is not None else f"…/{total:,} shown"
        # One row: the filter is said only when there is one ("All papers" says nothing).
        what = "" if filter_text == UNFILTERED else f"Filter: {filter_text}"
        parts = [title, counted, what, f"✗ {error}" if error else "",
                 f"read {read:,} of {total:,}", sync, session]
        if notice:
            parts.insert(0, f"⚠ {notice}")
        if busy:
            parts.insert(1, f"⟳ {busy}…")
        text = "  │  ".join(p for p in parts if p)
        if text != getattr(self, "_text", None):
            self._text = text
            # One line always: no layout pass needed, only this widget repaints.
            self.update(Text(text, no_wrap=True, overflow="ellipsis"), layout=False)
