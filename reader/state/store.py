"""The reading-state store: TinyDB documents, an fsynced journal, safe for two sessions.

Files, for a state path P (default `<user data dir>/state.json`, see reader.paths):

* P -- the snapshot: a TinyDB database (tables ``meta`` and ``papers``, one document per
  paper that has state; docs.py), only ever written whole through
  `storage.AtomicJSONStorage` (temp file in the same folder, fsync, os.replace, fsync the
  folder), so it is never half-written. ``TinyDB(P, storage=AtomicJSONStorage)`` opens it.
* P.journal -- every change since the snapshot, one checksummed JSON line appended and
  fsynced before the call returns (journal.py). TinyDB's Storage API hands over the whole
  database on every write, i.e. a full rewrite per star toggle (1.1 s at 100k papers with
  JSONStorage); an append costs the same ~0.2 ms at any size.
* P.lock -- an flock: exclusive around "catch up with the disk, decide, append" (so two
  sessions never lose each other's changes), shared while reading.

Compaction: when the journal outgrows max(256 KiB, a quarter of the snapshot), the
writer, still holding the lock, folds it into a new snapshot with a fresh generation token,
then starts an empty journal for that generation. The snapshot's meta names the journal
position it folded, so other sessions adopt it without reading it; a crash between the two
steps leaves a journal of the old generation, which is ignored as stale.

In memory: a dict of paper id -> PaperState, not a TinyDB table: TinyDB's Table rebuilds
the whole table dict on every write (even on MemoryStorage), O(papers) per toggle. TinyDB
is the file format and the storage API (snapshot, exports, schema-0 files are TinyDB
databases); the journal is what makes a change cost O(1). `get`/`all` never touch the
disk or wait for it. `refresh()` picks up other sessions' changes (two stat calls when there are none).
A schema-0 file (the first cut: a plain TinyDB file, no meta table) is upgraded in place
on open, the original kept as `<name>.v0-backup`. Damaged files are moved aside (`<name>.corrupt-<UTC time>`) and `notice` says so. A
read-only file or folder makes a read-only session: `readonly` is True and every write
method raises ReadOnlyStateError (a ReaderError) without changing anything.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from reader.errors import ReaderError
from reader.state import notices
from reader.state.disk import Changes, Disk
from reader.state.docs import build_tables
from reader.state.merge import merge_state, now, revert_fields
from reader.state.model import EMPTY, PaperState
from reader.state.notices import ReadOnlyStateError
from reader.state.storage import AtomicJSONStorage

__all__ = ["ReadOnlyStateError", "StateStore"]


class StateStore:
    """Read/starred/tags/note per paper id; every change is on disk when a method returns.

    Opening reads the whole state (about 0.3 s for 100k papers): the UI opens it in a
    worker. All methods are thread-safe; `get`/`all` never wait for the disk.
    """

    def __init__(self, path: Path, *, compact_min_bytes: int | None = None) -> None:
        self.path = Path(path)
        self._io = threading.RLock()  # one disk operation at a time in this process
        self._disk = Disk(self.path, compact_min_bytes)
        with self._io:
            self._disk.open()

    @classmethod
    def open(cls, path: Path) -> StateStore:
        return cls(path)

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._io:
            self._disk.close()

    def __del__(self) -> None:  # a store dropped without close() gives its descriptors back
        disk = getattr(self, "_disk", None)
        if disk is not None:
            with contextlib.suppress(Exception):
                disk.close()

    @property
    def readonly(self) -> bool:
        """True when nothing can be saved: write methods raise ReadOnlyStateError."""
        return self._disk.readonly

    @property
    def notice(self) -> str | None:
        """One sentence for the user when something was wrong with the files, else None."""
        return self._disk.notice

    @property
    def backup_path(self) -> Path | None:
        """Where the original file was kept, when opening upgraded an older format."""
        return self._disk.backup_path

    @property
    def journal_path(self) -> Path:
        return self._disk.journal_path

    # -- reading ----------------------------------------------------------------------

    def get(self, paper_id: str) -> PaperState:
        return self._disk.states.get(paper_id, EMPTY)

    def all(self) -> dict[str, PaperState]:
        return self._disk.copy()

    def __len__(self) -> int:
        return len(self._disk.states)

    def refresh(self) -> bool:
        """Pick up changes another process made; True when some paper's state changed.
        Cheap when there are none (two stat calls): call it on focus or every few seconds."""
        with self._io:
            return self._disk.refresh()

    # -- changing ---------------------------------------------------------------------

    def set_read(self, paper_id: str, read: bool = True) -> PaperState:
        self.set_read_many([paper_id], read)
        return self.get(paper_id)

    def set_read_many(self, paper_ids: Iterable[str], read: bool = True) -> Changes:
        """Mark many papers in one durable write; returns the previous state of each
        paper that changed (give it to `put_many` to undo)."""
        ids = list(dict.fromkeys(paper_ids))

        def change(states: Mapping[str, PaperState]) -> Changes:
            stamp = now()
            old = {i: states.get(i, EMPTY) for i in ids}
            return {i: replace(s, read=read, read_at=stamp) for i, s in old.items() if s.read != read}

        return self._write(change)

    def set_starred(self, paper_id: str, starred: bool = True) -> PaperState:
        return self._change_one(paper_id, lambda s: None if s.starred == starred else
                                replace(s, starred=starred, starred_at=now()))

    def set_tags(self, paper_id: str, tags: Iterable[str]) -> PaperState:
        """The user's own tags (stripped, blanks and repeats dropped, order kept)."""
        clean = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
        return self._change_one(paper_id, lambda s: None if s.tags == clean else
                                replace(s, tags=clean, tags_at=now()))

    def set_note(self, paper_id: str, note: str) -> PaperState:
        return self._change_one(paper_id, lambda s: None if s.note == note else
                                replace(s, note=note, note_at=now()))

    def mark_opened(self, paper_id: str) -> PaperState:
        return self._change_one(paper_id, lambda s: replace(s, opened_at=now()))

    def put(self, paper_id: str, state: PaperState) -> PaperState:
        """Make a paper's state exactly `state` (for undo); EMPTY removes its document."""
        self.put_many({paper_id: state})
        return self.get(paper_id)

    def put_many(self, states: Mapping[str, PaperState]) -> Changes:
        """Restore many states exactly in one durable write; returns the previous ones."""
        wanted = dict(states)
        return self._write(lambda _: wanted)

    def revert(self, before: Mapping[str, PaperState], after: Mapping[str, PaperState]) -> Changes:
        """Undo a change that turned `before` into `after`, in one durable write: each field
        it set goes back, unless another session changed that field since (reader.state.merge
        .revert_fields); returns the previous state of each paper that changed."""
        def decide(mine: Mapping[str, PaperState]) -> Changes:
            return {i: revert_fields(mine.get(i, EMPTY), old, after.get(i, old))
                    for i, old in before.items()}

        return self._write(decide)

    def merge(self, states: Mapping[str, PaperState]) -> Changes:
        """Merge states from elsewhere field by field, the newer change winning, in one
        durable write; returns the previous state of each paper that changed."""
        return self._write(lambda mine: {
            i: merge_state(mine.get(i, EMPTY), s) for i, s in states.items()})

    def update(self, decide: Callable[[Mapping[str, PaperState]], Changes]) -> Changes:
        """Write what `decide` makes of the current states (in sync with the disk, under
        the lock) in one durable write; returns the previous state of each paper changed.
        (reader/sync sets single fields this way without undoing another session's.)"""
        return self._write(decide)

    def export(self, path: Path) -> int:
        """Write every paper's state to `path` atomically, as a schema-1 TinyDB file
        (`read_state_file` + `merge` take it back); returns the number of papers."""
        self.refresh()
        states = self.all()
        try:
            AtomicJSONStorage(path).write(build_tables(states, {"exported_at": now()}))
        except OSError as error:
            raise ReaderError(f"Could not write {path}: {error.strerror or error}.") from error
        return len(states)

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (it also happens by itself)."""
        self._write(lambda _: {}, force_compact=True)

    # -- internals --------------------------------------------------------------------

    def _change_one(self, paper_id: str, change: Callable[[PaperState], PaperState | None]) -> PaperState:
        def changes(states: Mapping[str, PaperState]) -> Changes:
            new = change(states.get(paper_id, EMPTY))
            return {} if new is None else {paper_id: new}

        self._write(changes)
        return self.get(paper_id)

    def _write(self, decide: Callable[[Mapping[str, PaperState]], Changes],
               force_compact: bool = False) -> Changes:
        with self._io:
            if self._disk.readonly:
                raise ReadOnlyStateError(notices.readonly_write(self.path))
            try:  # (raises ReadOnlyStateError too if a newer reader took the file over)
                return self._disk.write(decide, force_compact)
            except OSError as error:
                raise ReaderError(f"Could not save the reading state to {self.path}: "
                                  f"{error.strerror or error}.") from error
