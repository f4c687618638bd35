"""What exporters take: anything with a `.paper` and a `.state`, and the rows they share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # only for the annotations: the exporters need no state store
    from reader.model import Paper
    from reader.state import PaperState


class EntryLike(Protocol):
    @property
    def paper(self) -> Paper: ...

    @property
    def state(self) -> PaperState: ...


def all_tags(entry: EntryLike) -> list[str]:
    """The paper's tags then the user's own, without repeats."""
    tags = list(entry.paper.tags)
    tags.extend(tag for tag in entry.state.tags if tag not in tags)
    return tags


def record(entry: EntryLike) -> dict[str, object]:
    """One entry as a flat dict: the paper's fields plus its reading state and page URL."""
    data = entry.paper.to_dict()
    data["url"] = entry.paper.page_url
    data["read"] = entry.state.read
    data["starred"] = entry.state.starred
    data["user_tags"] = list(entry.state.tags)
    data["note"] = entry.state.note
    return data
