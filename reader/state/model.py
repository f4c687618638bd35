"""What the reader remembers about one paper."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PaperState:
    """The state of one paper; timestamps are ISO-8601 UTC strings or None."""

    read: bool = False
    read_at: str | None = None
    starred: bool = False
    starred_at: str | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    opened_at: str | None = None


EMPTY = PaperState()
