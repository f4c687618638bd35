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

Compaction: when the journal outgrows max(COMPACT_MIN_BYTES, half the snapshot), the
writer, still holding the lock, folds it into a new snapshot with a fresh generation token,
then starts an empty journal for that generation. The snapshot's meta names the journal
position it folded, so other sessions adopt it without reading it; a crash between the two
steps leaves a journal of the old generation, which is ignored as stale.

In memory: a dict of paper id -> PaperState; `get`/`all` never touch the disk or wait for
it. `refresh()` picks up other sessions' changes (two stat calls when there are none).
Damaged files are moved aside (`<name>.corrupt-<UTC time>`) and `notice` says so. A
read-only file or folder makes a read-only session: `readonly` is True and every write
method raises ReadOnlyStateError (a ReaderError) without changing anything.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from reader.errors import ReaderError
from reader.state import notices
from reader.state.docs import SCHEMA, ShapeError, build_tables, from_fields, to_fields
from reader.state.journal import Journal
from reader.state.lock import FileLock
from reader.state.merge import merge_state, now
from reader.state.model import EMPTY, PaperState
from reader.state.snapshot import Snapshot
from reader.state.storage import AtomicJSONStorage, copy_aside, set_aside

Changes = dict[str, PaperState]


class ReadOnlyStateError(ReaderError):
    """A change was asked of a read-only session; nothing was changed."""


class StateStore:
    """Read/starred/tags/note per paper id; every change is on disk when a method returns."""

    COMPACT_MIN_BYTES = 256 * 1024

    def __init__(self, path: Path, *, compact_min_bytes: int | None = None) -> None:
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.readonly = False
        self.notice: str | None = None
        self.backup_path: Path | None = None  # the old file, kept when it was upgraded
        if compact_min_bytes is not None:
            self.COMPACT_MIN_BYTES = compact_min_bytes
        self._io = threading.RLock()  # one disk operation at a time in this process
        self._data = threading.Lock()  # guards in-place changes of _states against copies
        self._states: dict[str, PaperState] = {}
        self._snapshot = Snapshot(self.path)
        self._journal = Journal(self.journal_path)
        self._journal_ok = False  # the journal attached continues the snapshot we hold
        self._frozen = False  # a newer schema: read the snapshot only, never write
        self._problem: notices.Problem | None = None
        self._lock = FileLock(self.path.with_name(self.path.name + ".lock"))
        with self._io:
            self._open()

    @classmethod
    def open(cls, path: Path) -> StateStore:
        return cls(path)

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._io:
            self._snapshot.close()
            self._journal.close()
            self._lock.close()

    # -- reading ----------------------------------------------------------------------

    def get(self, paper_id: str) -> PaperState:
        return self._states.get(paper_id, EMPTY)

    def all(self) -> dict[str, PaperState]:
        with self._data:
            return dict(self._states)

    def __len__(self) -> int:
        return len(self._states)

    def refresh(self) -> bool:
        """Pick up changes another process made; True when some paper's state changed."""
        with self._io:
            if not (self._snapshot.replaced() or self._journal.replaced()
                    or (self._journal_ok and self._journal.size() > self._journal.pos)):
                return False
            with self._lock.shared():
                changed = self._sync()
            if self._problem:
                self._settle_problem()
            return changed

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

    def merge(self, states: Mapping[str, PaperState]) -> Changes:
        """Merge states from elsewhere field by field, the newer change winning, in one
        durable write; returns the previous state of each paper that changed."""
        return self._write(lambda mine: {
            i: merge_state(mine.get(i, EMPTY), s) for i, s in states.items()})

    def export(self, path: Path) -> int:
        """Write every paper's state to `path` atomically (a schema-1 TinyDB file that
        `merge`, via `read_state_file`, takes back); returns the number of papers."""
        self.refresh()
        states = self.all()
        tables = build_tables(states, {"exported_at": now()})
        try:
            AtomicJSONStorage(path).write(tables)
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
        if self.readonly:
            raise ReadOnlyStateError(notices.readonly_write(self.path))
        with self._io:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self._lock.exclusive():
                    self._sync()
                    if self._problem:
                        self._repair()
                    delta = {i: s for i, s in decide(self._states).items()
                             if self._states.get(i, EMPTY) != s}
                    if not delta and not force_compact:
                        return {}
                    self._ensure_files()
                    previous = {i: self._states.get(i, EMPTY) for i in delta}
                    if delta:
                        self._journal.append({"put": {
                            i: None if s == EMPTY else to_fields(s) for i, s in delta.items()}})
                        self._apply_put({i: None if s == EMPTY else s for i, s in delta.items()})
                    self._maybe_compact(force_compact)
                    return previous
            except OSError as error:
                raise ReaderError(
                    f"Could not save the reading state to {self.path}: "
                    f"{error.strerror or error}.") from error

    def _maybe_compact(self, force: bool) -> None:
        limit = max(self.COMPACT_MIN_BYTES, self._snapshot.size // 2)
        if force or self._journal.pos > limit:
            try:
                self._compact()
            except OSError:
                pass  # the change itself is durable in the journal; compaction retries later

    def _open(self) -> None:
        reason = notices.readonly_reason(self.path, self.journal_path)
        if reason:
            self.readonly, self.notice = True, reason
        with self._lock.shared():
            self._load()
        if self._problem:
            self._settle_problem()

    def _settle_problem(self) -> None:
        """Repair under the exclusive lock, or explain why the session is read-only."""
        problem, failure = self._problem, None
        if not self.readonly and problem.kind != "newer":
            try:
                with self._lock.exclusive():
                    self._load()  # another process may have repaired it meanwhile
                    if self._problem:
                        self._repair()
                return
            except OSError as error:
                failure = error.strerror or str(error)
        self.readonly = True
        self.notice = notices.unrepaired(problem, self.path, self.journal_path, failure)
        self._problem = None

    def _load(self) -> None:
        """Read snapshot and journal from scratch."""
        self._problem = None
        self._journal.close()
        self._journal_ok = False
        loaded = self._snapshot.load()
        contents = loaded.contents if loaded else None
        if loaded and contents is None:
            self._problem = notices.Problem("damaged", loaded.reason)
        elif contents and contents.schema > SCHEMA:
            self._problem, self._frozen = notices.Problem("newer", schema=contents.schema), True
        elif contents and contents.schema == 0 and loaded.raw:
            self._problem = notices.Problem("upgrade", raw=loaded.raw)
        elif contents and contents.bad_entries:
            self._problem = notices.Problem(
                "damaged", f"{contents.bad_entries} of {contents.entries} entries could not be read",
                salvaged=True)
        states = contents.states if contents else {}
        with self._data:
            self._states = states
        if not self._frozen:
            self._catch_up(any_generation=bool(loaded and contents is None))

    def _sync(self) -> bool:
        """Catch up with what other processes wrote; True when some state changed."""
        if self._frozen:
            return False
        changed = False
        if self._snapshot.replaced():
            if self._journal_ok:  # the old journal is final now: read its end first
                changed = self._apply_records(self._journal.read_new().records)
            if self._journal_ok and self._snapshot.adopt_if_folded(
                    self._snapshot.generation, self._journal.pos):
                self._journal.close()
                self._journal_ok = False
            else:
                self._load()
                changed = True
        return self._catch_up() or changed

    def _catch_up(self, any_generation: bool = False) -> bool:
        journal = self._journal
        if journal.fd is None or journal.replaced():
            self._journal_ok = False
            if not journal.attach(writable=not self.readonly):
                return False
            if not journal.header_ok:
                reason = (f"it could not be read: {journal.unreadable}" if journal.unreadable
                          else "its first line is damaged")
                self._problem = self._problem or notices.Problem("journal", reason)
                return False
            if journal.generation != self._snapshot.generation and not any_generation:
                return False  # stale: already folded into the snapshot
            self._journal_ok = True
        if not self._journal_ok:
            return False
        result = journal.read_new()
        if result.damaged:
            self._problem = self._problem or notices.Problem("journal", damaged=result.damaged)
        return self._apply_records(result.records)

    def _apply_records(self, records: list[dict[str, Any]]) -> bool:
        changed = False
        for record in records:
            put = record.get("put")
            if not isinstance(put, dict):
                continue
            states: dict[str, PaperState | None] = {}
            for paper_id, doc in put.items():
                try:
                    states[paper_id] = None if doc is None else from_fields(doc)
                except ShapeError:
                    continue
            changed = self._apply_put(states) or changed
        return changed

    def _apply_put(self, states: Mapping[str, PaperState | None]) -> bool:
        changed = False
        with self._data:
            for paper_id, state in states.items():
                if state is None:
                    changed = self._states.pop(paper_id, None) is not None or changed
                elif self._states.get(paper_id) != state:
                    self._states[paper_id] = state
                    changed = True
        return changed

    def _ensure_files(self) -> None:
        """Before an append (exclusive lock held, in sync): a snapshot with a generation,
        a journal that continues it, and no half-written line at its end."""
        if self._snapshot.key is None or self._snapshot.generation is None:
            self._compact()
        elif not self._journal_ok:
            self._journal.create(self._snapshot.generation)
            self._journal_ok = True
        else:
            self._journal.cut_tail()

    def _compact(self) -> None:
        generation = secrets.token_hex(8)
        base = [self._snapshot.generation, self._journal.pos] if self._journal_ok else None
        tables = build_tables(self._states, {"generation": generation, "base": base})
        self._remove_stale_temps()
        AtomicJSONStorage(self.path).write(tables)
        self._snapshot.reopen(generation)
        self._journal_ok = False
        self._journal.create(generation)
        self._journal_ok = True

    def _remove_stale_temps(self) -> None:
        """Temp files of ours are only written under the exclusive lock, which we hold:
        any left over are from a process killed mid-write."""
        for pattern in (f".{self.path.name}.*.tmp", f".{self.journal_path.name}.*.tmp"):
            for temp in self.path.parent.glob(pattern):
                with contextlib.suppress(OSError):
                    temp.unlink()

    def _repair(self) -> None:
        """Fix what _load found (exclusive lock held); `notice` says what was done."""
        problem, self._problem = self._problem, None
        if problem.kind == "damaged":
            moved = set_aside(self.path) if os.path.lexists(self.path) else None
            self._snapshot.close()
            self._compact()
            self.notice = notices.moved_aside(problem, self.path, moved)
        elif problem.kind == "upgrade":
            self.backup_path = copy_aside(self.path, problem.raw, "v0-backup")
            self._compact()
        elif problem.kind == "journal":
            moved = set_aside(self.journal_path)
            self._journal_ok = False
            self._compact()
            self.notice = notices.journal_moved(problem, self.journal_path, moved)
