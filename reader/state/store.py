"""The TinyDB state store. (First cut: the state issue hardens storage and locking.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, replace
from pathlib import Path

from tinydb import Query, TinyDB

from reader.state.model import EMPTY, PaperState


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _from_doc(doc: dict) -> PaperState:
    return PaperState(
        read=bool(doc.get("read", False)),
        read_at=doc.get("read_at"),
        starred=bool(doc.get("starred", False)),
        starred_at=doc.get("starred_at"),
        tags=tuple(doc.get("tags", ())),
        note=str(doc.get("note", "")),
        opened_at=doc.get("opened_at"),
    )


class StateStore:
    """Read/starred/tags/note per paper id; every change is written at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = TinyDB(self.path)
        self._papers = self._db.table("papers")
        self.readonly = False
        self.notice: str | None = None

    def close(self) -> None:
        self._db.close()

    def get(self, paper_id: str) -> PaperState:
        doc = self._papers.get(Query().id == paper_id)
        return _from_doc(doc) if doc else EMPTY

    def all(self) -> dict[str, PaperState]:
        return {doc["id"]: _from_doc(doc) for doc in self._papers.all()}

    def _put(self, paper_id: str, state: PaperState) -> PaperState:
        self._papers.upsert({"id": paper_id, **asdict(state)}, Query().id == paper_id)
        return state

    def set_read(self, paper_id: str, read: bool = True) -> PaperState:
        state = self.get(paper_id)
        return self._put(paper_id, replace(state, read=read, read_at=_now()))

    def set_read_many(self, paper_ids: Iterable[str], read: bool = True) -> None:
        for paper_id in paper_ids:
            self.set_read(paper_id, read)

    def set_starred(self, paper_id: str, starred: bool = True) -> PaperState:
        state = self.get(paper_id)
        return self._put(paper_id, replace(state, starred=starred, starred_at=_now()))

    def set_tags(self, paper_id: str, tags: Iterable[str]) -> PaperState:
        return self._put(paper_id, replace(self.get(paper_id), tags=tuple(tags)))

    def set_note(self, paper_id: str, note: str) -> PaperState:
        return self._put(paper_id, replace(self.get(paper_id), note=note))

    def mark_opened(self, paper_id: str) -> PaperState:
        return self._put(paper_id, replace(self.get(paper_id), opened_at=_now()))

    def refresh(self) -> bool:
        """Pick up changes another process made; True when something changed."""
        return False
