"""One machine's side of sync: send its own changes, take the others', per field.

The state store does not know about sync. A second store beside it, the *base*
(base.py), holds for each paper the state the store had after the last round and the
clock stamp of each field's change. So, whichever process syncs next:

* a field whose value or time differs from the base's was changed here since (a star
  and an unstar between two rounds is a change too: its time moved): it is sent, with
  a stamp after every stamp this machine had taken in, so a change made after seeing
  another wins over it even when this machine's wall clock is behind;
* a change read from the folder is taken into the store when its stamp is greater than
  the base's for that field and the store still holds the base's value (otherwise the
  field was just changed here: that change is sent next time, and wins or loses by its
  stamp like any other). Every machine ends with the change of the greatest stamp, the
  same one everywhere, whatever order the files arrived in.

A log that disappears from the folder takes nothing away: what was taken in is in the
store and the base. How far each log was read is kept between processes (cursors.py),
so a command reads only what is new. One flock (`<state file>.sync-lock`) serialises the
processes of one machine (the TUI and a command) so each change is sent once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.errors import ReaderError
from reader.state.lock import FileLock
from reader.state.model import EMPTY, PaperState
from reader.sync import base, clock, cursors, fields
from reader.sync.config import machine_id
from reader.sync.log import Event, LogFile, OwnLog, log_names, make_event
from reader.sync.searches import FIELD as SEARCH
from reader.sync.searches import Searches

COMPACT_MIN_BYTES = 1 << 20  # rewrite the own log past 1 MiB and twice its last size


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one round of sync did; `problem` is one sentence for the user, or None."""

    changed: bool = False  # some paper's state in the store changed
    sent: int = 0
    received: int = 0
    searches_changed: bool = False  # searches.toml was rewritten: load the saved searches
    last_sync: str | None = None  # ISO UTC time of the last round that read the folder
    problem: str | None = None

    def status_text(self) -> str:
        """For a status line: "synced 14:02" (local time), the problem, or ""."""
        if self.problem:
            return self.problem
        if not self.last_sync:
            return ""
        moment = dt.datetime.fromisoformat(self.last_sync).astimezone()
        return f"synced {moment:%H:%M}"


@dataclass(slots=True)
class Machine:
    """Another machine (or this one) as its logs show it, for `reader sync status`."""

    machine: str
    host: str = ""
    files: list[str] = field(default_factory=list)
    events: int = 0
    last: clock.Stamp | None = None


class Syncer:
    def __init__(self, state_path: Path, folder: Path, *, searches_path: Path | None = None,
                 wall: Callable[[], int] = clock.wall_ms, host: str | None = None) -> None:
        from reader.state.store import StateStore

        self.state_path = Path(state_path)
        self.folder = Path(folder)
        self.wall = wall
        self.machine = machine_id(self.state_path)
        self.host = host if host is not None else socket.gethostname()
        self.base = StateStore(self.state_path.with_name(self.state_path.name + ".sync-base"))
        self.own = OwnLog(self.folder, self.machine, self.host)
        self.searches = Searches(self.state_path, searches_path)
        self.winners: dict[tuple[str, str], Event] = {}
        self.last_sync: str | None = None
        self._cursors = cursors.path_for(self.state_path)
        self._clock, self.files = cursors.load(self._cursors)
        self._lock = FileLock(self.state_path.with_name(self.state_path.name + ".sync-lock"))
        self._seen: dict[str, PaperState] = {}  # store states known to match the base
        self._sent_keys: set[tuple[str, str]] = set()

    def close(self) -> None:
        self.base.close()
        self._lock.close()

    # -- one round ---------------------------------------------------------------------

    def pull_and_push(self, store) -> SyncResult:
        """Send this machine's new changes to the folder and take in the others'.

        Never raises for a folder that is away, unreadable or read-only: `problem` says so
        and the store goes on as it was.
        """
        lock = self._lock.exclusive()
        try:
            lock.__enter__()
        except OSError as error:
            return SyncResult(last_sync=self.last_sync, problem=(
                f"Cannot sync: {self._lock.path} cannot be locked "
                f"({error.strerror or error})."))
        try:
            return self._round(store)
        finally:
            lock.__exit__(None, None, None)

    def _round(self, store) -> SyncResult:
        store.refresh()
        if self.base.refresh() or self._clock is None:  # another process synced meanwhile
            self._seen.clear()
            kept, _ = cursors.load(self._cursors)
            self._clock = max(self._clock or clock.ZERO,
                              kept or _greatest_stamp(self.base.all(), self.searches.base()))
        problem, sent, clock_before = None, 0, self._clock
        pushed = self._push(store)
        if isinstance(pushed, str):
            problem = pushed
        else:
            sent = pushed
        try:
            dirty = self._read_folder()
        except OSError as error:
            if self._clock != clock_before:
                with contextlib.suppress(OSError):
                    cursors.save(self._cursors, self._clock, None)
            return SyncResult(sent=sent, last_sync=self.last_sync,
                              problem=_folder_problem(self.folder, error))
        dirty.update(self._sent_keys)
        searched = {key for key in dirty if key[1] == SEARCH}
        received, complete, apply_problem = self._apply(store, dirty - searched)
        written, searches_complete = self._apply_searches(searched)
        complete = complete and searches_complete
        self.last_sync = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        if complete or self._clock != clock_before:
            # The clock always (a change sent or taken in must never be out-stamped by a
            # later one here); the positions only when all that was read is taken in.
            with contextlib.suppress(OSError):
                cursors.save(self._cursors, self._clock, self.files if complete else None)
        if problem is None:
            self._compact_own()
        return SyncResult(changed=received > 0, sent=sent, received=received + written,
                          searches_changed=written > 0, last_sync=self.last_sync,
                          problem=problem or apply_problem)

    # -- sending -----------------------------------------------------------------------

    def _push(self, store) -> int | str:
        """Append this machine's changes since the last round; their number, or a problem."""
        self._sent_keys = set()
        current, bases = store.all(), self.base.all()
        found: list[tuple[int, str, str, PaperState]] = []
        seen = self._seen
        for paper_id, state in current.items():
            if seen.get(paper_id) is state:
                continue
            before = bases.get(paper_id, EMPTY)
            if base.same(state, before):
                seen[paper_id] = state
            else:
                _diff(paper_id, state, before, found)
        for paper_id in bases.keys() - current.keys():
            _diff(paper_id, EMPTY, bases[paper_id], found)
        try:
            search_base = self.searches.base()
            searches = Searches.changed(self.searches.current(), search_base)
        except ReaderError:
            searches = []  # an unusable searches.toml: its own notice says so elsewhere
        if not found and not searches:
            return 0
        now, stamp, events = self.wall(), self._clock, []
        for wall_ms, paper_id, name, state in sorted(found):
            stamp = clock.tick(stamp, min(wall_ms, now), self.machine)
            events.append(make_event(paper_id, name, fields.value_of(state, name),
                                     fields.stamp_of(state, name), stamp))
        for name, query in searches:  # searches.toml has no times: they change now
            stamp = clock.tick(stamp, now, self.machine)
            events.append(make_event(name, SEARCH, query, None, stamp))
        try:
            if not self.folder.is_dir():
                raise FileNotFoundError(2, "No such file or directory")
            self.own.append(events)
        except OSError as error:
            return _folder_problem(self.folder, error, sending=True)
        self._clock = stamp
        self._record(bases, [e for e in events if e.field != SEARCH])
        if searches:
            search_base.update({e.paper: (e.value, e.stamp) for e in events if e.field == SEARCH})
            self.searches.save_base(search_base)
        for event in events:
            self._take(event)
            self._sent_keys.add((event.paper, event.field))
            if event.paper in current:  # the store holds what was sent: the base matches
                seen[event.paper] = current[event.paper]
        return len(events)

    # -- taking in ---------------------------------------------------------------------

    def _read_folder(self) -> set[tuple[str, str]]:
        """Read what is new in every log; the fields whose winning change changed."""
        names = log_names(self.folder)
        for gone in self.files.keys() - set(names):
            del self.files[gone]  # its changes stay taken in
        dirty: set[tuple[str, str]] = set()
        for name in names:
            log = self.files.setdefault(name, LogFile(name))
            for event in log.read(self.folder / name):
                if self._take(event):
                    dirty.add((event.paper, event.field))
        return dirty

    def _take(self, event: Event) -> bool:
        key = (event.paper, event.field)
        winner = self.winners.get(key)
        if winner is None or event.order > winner.order:
            self.winners[key] = event
            return True
        return False

    def _apply(self, store, dirty: set[tuple[str, str]]) -> tuple[int, bool, str | None]:
        """Take the winning changes in; (how many, whether all could be, a problem)."""
        bases = self.base.all()
        wanted: dict[str, dict[str, Event]] = {}
        for key in dirty:
            winner = self.winners[key]
            if winner.stamp > base.stamp(bases.get(key[0], EMPTY), key[1]):
                wanted.setdefault(key[0], {})[key[1]] = winner
        if not wanted:
            return 0, True, None
        taken: list[Event] = []
        skipped: list[Event] = []

        def decide(states: Mapping[str, PaperState]) -> dict[str, PaperState]:
            taken.clear()
            skipped.clear()
            out = {}
            for paper_id, winners in wanted.items():
                mine, before = states.get(paper_id, EMPTY), bases.get(paper_id, EMPTY)
                new = mine
                for name, winner in winners.items():
                    if base.changed_here(mine, before, name):
                        skipped.append(winner)  # changed here meanwhile: sent next round
                        continue
                    new = fields.with_field(new, name, winner.value, winner.at)
                    taken.append(winner)
                if new != mine:
                    out[paper_id] = new
            return out

        try:
            store.update(decide)
        except (ReaderError, OSError) as error:
            return 0, False, f"Changes from other machines wait: {error}"
        self._record(bases, taken)
        for event in taken:
            self._seen.pop(event.paper, None)
            self._clock = max(self._clock, event.stamp)
        return len(taken), not skipped, None

    def _apply_searches(self, dirty: set[tuple[str, str]]) -> tuple[int, bool]:
        """Write the winning changes of saved searches; (how many, whether all could be)."""
        if not dirty:
            return 0, True
        search_base = self.searches.base()
        try:
            current = self.searches.current()
        except ReaderError:
            return 0, False
        written, complete = 0, True
        for name, _ in dirty:
            winner = self.winners[(name, SEARCH)]
            query, stamp = search_base.get(name, (None, clock.ZERO))
            if winner.stamp <= stamp:
                continue
            if current.get(name) != query or not self.searches.write(name, winner.value):
                complete = False  # changed here meanwhile (sent next round), or unusable
                continue
            search_base[name] = (winner.value, winner.stamp)
            self._clock = max(self._clock, winner.stamp)
            written += current.get(name) != winner.value
        self.searches.save_base(search_base)
        return written, complete

    def _record(self, bases: dict[str, PaperState], events: list[Event]) -> None:
        """Remember in the base that the store holds these changes now."""
        if not events:
            return
        changed: dict[str, PaperState] = {}
        for event in events:
            state = changed.get(event.paper) or bases.get(event.paper, EMPTY)
            changed[event.paper] = base.synced(state, event.field, event.value, event.at,
                                               event.stamp)
        self.base.put_many(changed)
        bases.update(changed)

    def _compact_own(self) -> None:
        log = self.files.get(self.own.path.name)
        if (log is None or log.problem
                or log.offset < max(COMPACT_MIN_BYTES, 2 * log.compacted)):
            return
        with contextlib.suppress(OSError):  # a full or read-only folder: compact later
            if not self.own.compact():
                log.compacted = log.offset  # mostly latest changes: look again at twice it

    # -- status ------------------------------------------------------------------------

    def machines(self) -> tuple[list[Machine], list[tuple[str, str]]]:
        """Every machine the folder shows, and (file, why) for what could not be read.
        Reads every log from its start; changes nothing."""
        machines: dict[str, Machine] = {}
        unreadable: list[tuple[str, str]] = []
        for name in log_names(self.folder):
            log = LogFile(name)
            log.read(self.folder / name)
            if log.problem:
                unreadable.append((name, log.problem))
                continue
            if log.waiting:
                unreadable.append((name, "it has not fully arrived yet"))
                continue
            if log.damaged:
                unreadable.append((name, f"{log.damaged} damaged line"
                                         f"{'' if log.damaged == 1 else 's'} skipped"))
            entry = machines.setdefault(log.machine, Machine(log.machine))
            entry.host = entry.host or log.host
            entry.files.append(name)
            entry.events += log.events
            if log.last and (entry.last is None or log.last > entry.last):
                entry.last = log.last
        return sorted(machines.values(), key=lambda m: m.machine), unreadable


def _diff(paper_id: str, state: PaperState, before: PaperState,
          found: list[tuple[int, str, str, PaperState]]) -> None:
    for name in fields.FIELDS:
        if base.changed_here(state, before, name):
            found.append((clock.ms_of(fields.stamp_of(state, name)), paper_id, name, state))


def _greatest_stamp(bases: dict[str, PaperState], searches: dict) -> clock.Stamp:
    greatest = max([clock.ZERO, *(stamp for _, stamp in searches.values())])
    for state in bases.values():
        greatest = max(greatest, *base.stamps(state))
    return greatest


def _folder_problem(folder: Path, error: OSError, sending: bool = False) -> str:
    what = "changes made here wait to be sent" if sending else "reading goes on locally"
    if isinstance(error, FileNotFoundError):
        return f"The sync folder {folder} is not there (offline?); {what}."
    return f"The sync folder {folder} cannot be used ({error.strerror or error}); {what}."
