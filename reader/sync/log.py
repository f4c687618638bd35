"""The files in the sync folder: one append-only log per machine, read by every other.

A log is `<machine id>.log`; only its machine writes it, so two machines never write the
same file and a file-sync tool never has to merge one. Lines use the journal's format
(`<crc32> <JSON>`, reader/state/journal.py), so a damaged line is known as such:

    {"reader-sync": 1, "machine": ID, "host": NAME, "generation": TOKEN}   (the header)
    {"p": PAPER_ID, "f": "starred", "v": true, "s": "2026-...Z", "h": [MS, COUNTER]}
    {"p": SEARCH_NAME, "f": "search", "v": QUERY or null, "s": null, "h": [MS, COUNTER]}

`s` is the wall time of the change (what the state shows), `h` its clock stamp
(clock.py), which decides which change wins. Every file named `*.log` in the folder is
read, so conflict copies (`X.sync-conflict-….log`, `X (conflicted copy ….).log`) are
merged like any other: applying a change twice is harmless. A file read before is read
on from where it was left, unless its header changed (compacted or replaced by another
version); an incomplete last line (a file still arriving) is left for the next read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.state.journal import decode_line, encode_line, scan
from reader.state.storage import atomic_write
from reader.sync import fields
from reader.sync.clock import MAX_COUNTER, MAX_MS, Stamp

VERSION = 1
SUFFIX = ".log"
MACHINE_ID = re.compile(r"[0-9a-f]{16}")
MAX_HEADER = 4096
TAIL = 64


@dataclass(frozen=True, slots=True)
class Event:
    """One field of one paper changed on one machine."""

    paper: str
    field: str
    value: Any
    at: str | None  # wall time of the change, as the state keeps it
    stamp: Stamp
    tie: str  # the value as JSON: orders two changes with one stamp (a cloned machine id)

    @property
    def order(self) -> tuple[Stamp, str]:
        return (self.stamp, self.tie)


def make_event(paper: str, name: str, value: Any, at: str | None, stamp: Stamp) -> Event:
    tie = json.dumps(fields.to_json(name, value), ensure_ascii=False)
    return Event(paper, name, value, at, stamp, tie)


def header(machine: str, host: str, generation: str, compacted: int = 0) -> bytes:
    """The first line; `compacted` is the size the log had when its machine last
    compacted it (so it knows when to again)."""
    return encode_line({"reader-sync": VERSION, "machine": machine, "host": host,
                        "generation": generation, "compacted": compacted})


def event_line(event: Event) -> bytes:
    return encode_line({"p": event.paper, "f": event.field,
                        "v": fields.to_json(event.field, event.value), "s": event.at,
                        "h": [event.stamp[0], event.stamp[1]]})


def parse_event(record: dict[str, Any], machine: str) -> Event | None:
    """The event on a line of `machine`'s log, or None when the line is not one."""
    paper, name, stamp, clock = record.get("p"), record.get("f"), record.get("s"), record.get("h")
    if not isinstance(paper, str) or not paper or (name not in fields.FIELDS
                                                   and name != "search"):
        return None
    if not fields.clean(paper) or (stamp is not None and not _is_time(stamp)):
        return None
    if (not isinstance(clock, list) or len(clock) != 2
            or not all(c.__class__ is int for c in clock)
            or not 0 <= clock[0] <= MAX_MS or not 0 <= clock[1] < MAX_COUNTER):
        return None
    try:
        value = fields.from_json(name, record.get("v"))
    except ValueError:
        return None
    return make_event(paper, name, value, stamp, (clock[0], clock[1], machine))


def _is_time(stamp: object) -> bool:
    """An ISO-8601 time, as the state's timestamps are (they are shown and compared)."""
    if not isinstance(stamp, str) or len(stamp) > 40:
        return False
    try:
        dt.datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return True


@dataclass(slots=True)
class LogFile:
    """What has been read of one file in the folder."""

    name: str
    signature: tuple[int, int, int] | None = None  # (inode, size, mtime) when last read
    head: bytes = b""
    offset: int = 0
    machine: str | None = None
    host: str = ""
    events: int = 0
    damaged: int = 0
    last: Stamp | None = None
    problem: str | None = None  # why it cannot be read, for `reader sync status`
    waiting: bool = False  # its header has not fully arrived yet
    compacted: int = 0  # from the header: the body's size after its last compaction
    tail: bytes = b""  # the last bytes read: still there if the file was only appended to

    def read(self, path: Path) -> list[Event]:
        """The events added to the file since the last read (all, if it was replaced)."""
        try:
            with open(path, "rb") as handle:
                st = os.fstat(handle.fileno())
                signature = (st.st_ino, st.st_size, st.st_mtime_ns)
                if signature == self.signature:
                    return []
                self.signature = signature
                first = handle.read(MAX_HEADER)
                newline = first.find(b"\n")
                if newline < 0:  # a header still arriving, or a file that is not ours
                    self.waiting = len(first) < MAX_HEADER
                    self.problem = None if self.waiting else "it is not a reader sync log"
                    return []
                head = first[:newline + 1]
                if head != self.head or not self._continues(handle, st.st_size):
                    self._start(head)  # compacted, or replaced by another version of it
                if self.problem:
                    return []
                handle.seek(self.offset)
                data = handle.read()
        except OSError as error:
            self.problem = f"it could not be read ({error.strerror or error})"
            self.signature = None
            return []
        result = scan(data, self.offset)  # a torn last line is read when it is whole
        if result.end > self.offset:
            self.tail = data[:result.end - self.offset][-TAIL:]
        self.offset = result.end
        events = []
        for record in result.records:
            event = parse_event(record, self.machine)
            if event is None:
                self.damaged += 1
                continue
            events.append(event)
            if self.last is None or event.stamp > self.last:
                self.last = event.stamp
        self.damaged += result.damaged
        self.events += len(events)
        return events

    def restore(self, head: bytes, offset: int, tail: bytes) -> None:
        """Carry on from where another process left the file (cursors.py)."""
        self._start(head)
        if not self.problem and len(head) <= offset and len(tail) <= offset:
            self.offset, self.tail = offset, tail

    def _continues(self, handle, size: int) -> bool:
        """True when the file still holds what was read of it (it was only appended to)."""
        if size < self.offset:
            return False
        handle.seek(self.offset - len(self.tail))
        return handle.read(len(self.tail)) == self.tail

    def _start(self, head: bytes) -> None:
        self.head, self.offset, self.waiting, self.problem = head, len(head), False, None
        self.tail = head[-TAIL:]
        self.events = self.damaged = 0
        self.last = None
        record = decode_line(head[:-1])
        machine = record.get("machine") if record else None
        if (not record or record.get("reader-sync") != VERSION or not isinstance(machine, str)
                or not MACHINE_ID.fullmatch(machine)):
            self.problem = "its first line is not a reader sync header"
            return
        host, compacted = record.get("host"), record.get("compacted")
        self.machine, self.host = machine, host if isinstance(host, str) else ""
        self.compacted = compacted if compacted.__class__ is int else 0


def log_names(folder: Path) -> list[str]:
    """The logs in the folder, conflict copies included (not hidden temp files)."""
    with os.scandir(folder) as entries:
        return sorted(e.name for e in entries
                      if e.name.endswith(SUFFIX) and not e.name.startswith(".") and e.is_file())


class OwnLog:
    """This machine's log: appended to, never rewritten by anyone else."""

    def __init__(self, folder: Path, machine: str, host: str) -> None:
        self.path = folder / f"{machine}{SUFFIX}"
        self.machine, self.host = machine, host

    def append(self, events: list[Event]) -> None:
        """Write the events and fsync them; raises OSError when the folder takes nothing."""
        if not events:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
        try:
            size = _cut_torn_tail(fd, os.fstat(fd).st_size)
            data = b"".join(event_line(e) for e in events)
            if size == 0:
                data = header(self.machine, self.host, secrets.token_hex(8)) + data
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)

    def compact(self) -> bool:
        """Rewrite the log holding only this machine's newest change of each field, under
        a new header, so readers start it again; False (and nothing written) when that
        would not halve it."""
        log = LogFile(self.path.name)
        latest: dict[tuple[str, str], Event] = {}
        for event in log.read(self.path):
            key = (event.paper, event.field)
            if event.stamp[2] == self.machine and (key not in latest
                                                   or event.order > latest[key].order):
                latest[key] = event
        if log.problem or log.waiting:
            return False
        body = b"".join(event_line(e) for e in sorted(latest.values(), key=lambda e: e.stamp))
        if 2 * len(body) > log.offset:
            return False
        atomic_write(self.path, header(self.machine, self.host, secrets.token_hex(8),
                                       len(body)) + body)
        return True


def _cut_torn_tail(fd: int, size: int) -> int:
    """A write cut short by a crash leaves a line without its newline: drop it. Returns
    the size after."""
    tail = os.pread(fd, min(size, 1 << 16), max(0, size - (1 << 16)))
    if not tail or tail.endswith(b"\n"):
        return size
    keep = tail.rfind(b"\n")
    if keep < 0 and size > len(tail):
        return size  # one enormous line: readers skip it as damage
    size = size - len(tail) + keep + 1
    os.ftruncate(fd, size)
    return size
