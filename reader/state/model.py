"""What the reader remembers about one paper."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PaperState:
    """The state of one paper; timestamps are ISO-8601 UTC strings or None.

    Each field has the time it last changed, so two copies of the state (two machines)
    merge field by field, the newer change winning: `read_at` for `read`, `starred_at`
    for `starred`, `tags_at` for `tags`, `note_at` for `note`; `opened_at` is the last
    time the paper was opened.
    """

    read: bool = False
    read_at: str | None = None
    starred: bool = False
    starred_at: str | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    opened_at: str | None = None
    tags_at: str | None = None
    note_at: str | None = None


EMPTY = PaperState()
