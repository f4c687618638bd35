"""The state on disk and its copy in memory: load, catch up, append, compact, repair.

The design is described in store.py. Callers (StateStore) serialise calls with a lock of
their own; `states` may be read from any thread, and `copy()` is consistent.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from reader.gc_pause import gc_paused
from reader.state import notices
from reader.state.docs import SCHEMA, ShapeError, build_tables, from_fields, to_fields
from reader.state.journal import Journal
from reader.state.lock import FileLock
from reader.state.merge import merge_state
from reader.state.model import EMPTY, PaperState
from reader.state.snapshot import Snapshot
from reader.state.storage import AtomicJSONStorage, copy_aside, set_aside

Changes = dict[str, PaperState]


class Disk:
    COMPACT_MIN_BYTES = 256 * 1024
    COMPACT_FRACTION = 4  # fold the journal once it is a quarter of the snapshot's size

    def __init__(self, path: Path, compact_min_bytes: int | None = None) -> None:
        self.path = path
        self.journal_path = path.with_name(path.name + ".journal")
        self.readonly = False
        self.notice: str | None = None
        self.backup_path: Path | None = None
        self.compact_min_bytes = compact_min_bytes or self.COMPACT_MIN_BYTES
        self.states: dict[str, PaperState] = {}
        self._data = threading.Lock()  # guards in-place changes of `states` against copies
        self._snapshot = Snapshot(path)
        self._journal = Journal(self.journal_path)
        self._journal_ok = False  # the attached journal continues the snapshot we hold
        self._frozen = False  # a newer schema: read the snapshot only, never write
        self._problem: notices.Problem | None = None
        self._lock = FileLock(path.with_name(path.name + ".lock"))
        self._folded: str | None = None  # the generation the snapshot's meta says it folded
        self._absorbed = False  # a write caught up with other sessions' changes

    def copy(self) -> dict[str, PaperState]:
        with self._data:
            return dict(self.states)

    def close(self) -> None:
        self._snapshot.close()
        self._journal.close()
        self._lock.close()

    def open(self) -> None:
        reason = notices.readonly_reason(self.path, self.journal_path)
        if reason:
            self.readonly, self.notice = True, reason
        with self._lock.shared():
            self._load()
        if self._problem:
            self._settle_problem()

    def refresh(self) -> bool:
        # Changes of other sessions a write of ours caught up with count as news here: the
        # caller's copy of the states has not seen them yet.
        news, self._absorbed = self._absorbed, False
        if not (self._snapshot.replaced() or self._journal.replaced()
                or (self._journal_ok and self._journal.size() > self._journal.pos)):
            return news
        with self._lock.shared():
            changed = self._sync()
        if self._problem:
            self._settle_problem()
        return changed or news

    def write(self, decide: Callable[[Mapping[str, PaperState]], Changes],
              force_compact: bool = False) -> Changes:
        """Under the exclusive lock and in sync with the disk, append what `decide` returns
        (as one fsynced record); returns the previous state of each paper that changed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock.exclusive():
            if self._sync():
                self._absorbed = True
            if self._problem and self._problem.kind == "newer":
                self._settle_problem()  # a newer reader replaced the file: hands off
                raise notices.ReadOnlyStateError(notices.readonly_write(self.path))
            if self._problem:
                self._repair()
            delta = {i: s for i, s in decide(self.states).items() if self.states.get(i, EMPTY) != s}
            if not delta and not force_compact:
                return {}
            self._ensure_files()
            previous = {i: self.states.get(i, EMPTY) for i in delta}
            if delta:
                self._journal.append({"put": {
                    i: None if s == EMPTY else to_fields(s) for i, s in delta.items()}})
                self._apply_put({i: None if s == EMPTY else s for i, s in delta.items()})
            limit = max(self.compact_min_bytes, self._snapshot.size // self.COMPACT_FRACTION)
            if force_compact or self._journal.pos > limit:
                try:
                    self._compact()
                except OSError:
                    pass  # the change is durable in the journal; compaction retries later
            return previous

    # -- loading and catching up -------------------------------------------------------

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
        self._problem, self._frozen = None, False
        self._journal.close()
        self._journal_ok = False
        loaded = self._snapshot.load()
        contents = loaded.contents if loaded else None
        base = (contents.meta or {}).get("base") if contents else None
        # The generation of the journal this snapshot folded (compaction writes it): that
        # journal is stale, not foreign, when a crash left it behind.
        self._folded = base[0] if isinstance(base, list) and base else None
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
        if not self._frozen:
            with gc_paused():
                self._catch_up(states, any_generation=bool(loaded and contents is None))
        with self._data:
            self.states = states

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

    def _catch_up(self, into: dict[str, PaperState] | None = None,
                  any_generation: bool = False) -> bool:
        """Apply new journal records to `states` (or to `into`, a dict being loaded)."""
        journal = self._journal
        if journal.fd is None or journal.replaced():
            self._journal_ok = False
            if not journal.attach(writable=not self.readonly):
                return False
            if not journal.header_ok:
                reason = (f"it could not be read: {journal.unreadable}" if journal.unreadable
                          else "its first line is damaged")
                kept = 0 if journal.unreadable else self._salvage(into)
                self._problem = self._problem or notices.Problem("journal", reason, kept=kept)
                return kept > 0
            if journal.generation != self._snapshot.generation and not any_generation:
                if journal.generation == self._folded:
                    return False  # stale: already folded into the snapshot
                # A journal that continues another snapshot (the state file was emptied,
                # lost its generation, or is an older copy from a backup): its changes
                # are kept, each field taking the newer of the two, and the user is told.
                kept = self._salvage(into)
                if self._problem is None:
                    self._problem = notices.Problem("foreign", kept=kept)
                else:  # e.g. an "upgrade" of a `{}` file: its repair sets the journal aside
                    self._problem.kept = self._problem.kept or kept
                return kept > 0
            self._journal_ok = True
        if not self._journal_ok:
            return False
        result = journal.read_new()
        if result.damaged:
            self._problem = self._problem or notices.Problem("journal", damaged=result.damaged)
        if into is not None:
            _replay(result.records, into)
            return True
        return self._apply_records(result.records)

    def _salvage(self, into: dict[str, PaperState] | None) -> int:
        """Merge every readable record of the attached journal, past its first line, into
        `into` (or the live states) field by field, the newer change winning; how many
        papers changed."""
        journal = self._journal
        first = journal.read_all().find(b"\n")
        if first < 0:
            return 0
        journal.pos = first + 1
        target = self.states if into is None else into
        changed = 0
        with self._data if into is None else contextlib.nullcontext():
            for record in journal.read_new().records:
                put = record.get("put")
                if not isinstance(put, dict):
                    continue
                for paper_id, state in _decode_put(put).items():
                    if state is None:
                        continue  # a removal cannot be weighed against newer changes
                    mine = target.get(paper_id, EMPTY)
                    merged = merge_state(mine, state)
                    if merged != mine:
                        target[paper_id] = merged
                        changed += 1
        return changed

    def _apply_records(self, records: list[dict[str, Any]]) -> bool:
        changed = False
        for record in records:
            put = record.get("put")
            if isinstance(put, dict):
                changed = self._apply_put(_decode_put(put)) or changed
        return changed

    def _apply_put(self, states: Mapping[str, PaperState | None]) -> bool:
        changed = False
        with self._data:
            for paper_id, state in states.items():
                if state is None:
                    changed = self.states.pop(paper_id, None) is not None or changed
                elif self.states.get(paper_id) != state:
                    self.states[paper_id] = state
                    changed = True
        return changed

    # -- writing -----------------------------------------------------------------------

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
        tables = build_tables(self.states, {"generation": generation, "base": base})
        self._remove_stale_temps()
        AtomicJSONStorage(self.path).write(tables)
        self._snapshot.reopen(generation)
        self._journal_ok = False
        self._journal.create(generation)
        self._journal_ok = True

    def _remove_stale_temps(self) -> None:
        """Our temp files are only written under the exclusive lock, which we hold: any
        left over are from a process killed mid-write."""
        for temp in self.path.parent.glob(f".{self.path.name}.*.tmp"):
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
            moved = set_aside(self.journal_path) if problem.kept else None
            self._journal_ok = self._journal_ok and not moved
            self._compact()
            if moved:
                self.notice = notices.foreign_journal(problem, self.path, self.journal_path, moved)
        elif problem.kind == "journal":
            moved = set_aside(self.journal_path)
            self._journal_ok = False
            self._compact()
            self.notice = notices.journal_moved(problem, self.journal_path, moved)
        elif problem.kind == "foreign":
            moved = set_aside(self.journal_path) if problem.kept else None
            self._journal_ok = False
            self._compact()
            if moved:
                self.notice = notices.foreign_journal(problem, self.path, self.journal_path, moved)


def _decode_put(put: dict[str, Any]) -> dict[str, PaperState | None]:
    states: dict[str, PaperState | None] = {}
    for paper_id, doc in put.items():
        try:
            states[paper_id] = None if doc is None else from_fields(doc)
        except ShapeError:
            continue
    return states


def _replay(records: list[dict[str, Any]], into: dict[str, PaperState]) -> None:
    """Apply records to a dict nobody else sees yet (loading): no locks, no comparisons."""
    for record in records:
        put = record.get("put")
        if isinstance(put, dict):
            for paper_id, state in _decode_put(put).items():
                if state is None:
                    into.pop(paper_id, None)
                else:
                    into[paper_id] = state
