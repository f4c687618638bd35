"""A paper joined with its reading state: what the exporters and the CLI's printers take."""

from __future__ import annotations

from dataclasses import dataclass

from reader.model import Paper
from reader.state import PaperState


@dataclass(frozen=True, slots=True)
class Entry:
    """A paper with its reading state, for printing and exporting."""

    paper: Paper
    state: PaperState

    def to_dict(self) -> dict[str, object]:
        record = self.paper.to_dict()
        record["read"] = self.state.read
        record["starred"] = self.state.starred
        record["user_tags"] = list(self.state.tags)
        record["note"] = self.state.note
        return record
