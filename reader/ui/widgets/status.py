"""The status line: catalog and date, shown/total, read counts, session progress, filter."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """One line of facts about the session, set by the screen."""

    def show_status(self, *, title: str, shown: int | None, total: int, read: int,
                    session: str, filter_text: str, notice: str = "",
                    busy: str = "", error: str = "") -> None:
        counted = f"{shown:,}/{total:,} shown" if shown is not None else f"…/{total:,} shown"
        parts = [title, counted, f"read {read:,} of {total:,}", session]
        if notice:
            parts.insert(0, f"⚠ {notice}")
        if busy:
            parts.append(f"⟳ {busy}…")
        text = "  │  ".join(p for p in parts if p)
        text += f"\nFilter: {filter_text}"
        if error:
            text += f"  ✗ {error}"
        if text != getattr(self, "_text", None):
            self._text = text
            # Two lines always: no layout pass needed, only this widget repaints.
            self.update(Text(text, no_wrap=True, overflow="ellipsis"), layout=False)
