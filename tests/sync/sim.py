"""Simulated machines for the sync tests: real state stores and real log files, each
machine with its own sync folder and a wall clock of its own (skewed from the shared
"true" time), and a file-sync tool played by the test (copy whole, torn, as a conflict
copy, or delete)."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

from reader.query.saved import delete_search, load_saved, save_search
from reader.state import StateStore
from reader.sync import Syncer, fields


class World:
    """True time, in ms, that every machine's clock is skewed from."""

    def __init__(self, start_ms: int = 1_780_000_000_000) -> None:
        self.ms = start_ms

    def advance(self, ms: int) -> None:
        self.ms += ms


class Machine:
    def __init__(self, world: World, root: Path, name: str, skew_ms: int = 0) -> None:
        self.world, self.name, self.skew_ms = world, name, skew_ms
        self.folder = root / name / "sync"
        self.folder.mkdir(parents=True)
        self.store = StateStore(root / name / "state.json")
        self.searches_path = root / name / "searches.toml"
        self.syncer: Syncer | None = None

    def wall(self) -> int:
        return self.world.ms + self.skew_ms

    @contextlib.contextmanager
    def clock(self) -> Iterator[None]:
        """The store stamps changes with this machine's (skewed) time."""
        def now() -> str:
            moment = dt.datetime.fromtimestamp(self.wall() / 1000, dt.UTC)
            return moment.isoformat(timespec="milliseconds")

        with mock.patch("reader.state.store.now", now):
            yield

    def change(self, paper: str, field: str, value) -> None:
        with self.clock():
            if field == "read":
                self.store.set_read(paper, value)
            elif field == "starred":
                self.store.set_starred(paper, value)
            elif field == "tags":
                self.store.set_tags(paper, value)
            else:
                self.store.set_note(paper, value)

    def sync(self, fresh: bool = False):
        """One round; `fresh` plays a new process (a command) with nothing in memory."""
        if fresh or self.syncer is None:
            if self.syncer is not None:
                self.syncer.close()
            self.syncer = Syncer(self.store.path, self.folder, wall=self.wall, host=self.name,
                                 searches_path=self.searches_path)
        return self.syncer.pull_and_push(self.store)

    @property
    def log(self) -> Path:
        assert self.syncer is not None
        return self.syncer.own.path

    def view(self) -> dict[str, tuple]:
        """Every synced field of every paper: (value, wall stamp)."""
        out = {}
        for paper, state in self.store.all().items():
            row = tuple((fields.value_of(state, f), fields.stamp_of(state, f))
                        for f in fields.FIELDS)
            if any(v != fields.default(f) or s for (v, s), f in zip(row, fields.FIELDS, strict=True)):
                out[paper] = row
        return out

    def save_search(self, name: str, query: str | None) -> None:
        if query is None:
            if name in self.searches():
                delete_search(name, self.searches_path)
        else:
            save_search(name, query, self.searches_path)

    def searches(self) -> dict[str, str]:
        return {s.name: s.query for s in load_saved(self.searches_path)}

    def value(self, paper: str, field: str):
        return fields.value_of(self.store.get(paper), field)

    def close(self) -> None:
        if self.syncer is not None:
            self.syncer.close()
        self.store.close()


def deliver(src: Machine, dst: Machine, *, cut: int | None = None,
            conflict: str | None = None) -> None:
    """Play the sync tool: src's own log arrives in dst's folder (its first `cut` percent
    only: still arriving; or as a conflict copy named with `conflict`)."""
    if src.syncer is None or not src.log.exists() or src is dst:
        return
    name = src.log.name if conflict is None else conflict.format(stem=src.log.stem)
    target = dst.folder / name
    if cut is None:
        shutil.copyfile(src.log, target)
    else:
        data = src.log.read_bytes()
        target.write_bytes(data[:len(data) * cut // 100])


def clobber(machine: Machine, cut: int, conflict: str) -> None:
    """Play a sync tool that takes an older version of the machine's own log (its first
    `cut` percent) for the current one and keeps the current one as a conflict copy."""
    if machine.syncer is None or not machine.log.exists():
        return
    data = machine.log.read_bytes()
    machine.log.rename(machine.folder / conflict.format(stem=machine.log.stem))
    machine.log.write_bytes(data[:len(data) * cut // 100])


def gossip(machines: list[Machine]) -> None:
    """Conflict copies travel too: each reaches every folder."""
    own = {m.log.name for m in machines if m.syncer is not None}
    for src in machines:
        for path in sorted(src.folder.glob("*.log")):
            if path.name not in own:
                for dst in machines:
                    if dst is not src:
                        shutil.copyfile(path, dst.folder / path.name)


def deliver_all(machines: list[Machine]) -> None:
    """Every machine sends, every log (and conflict copy) reaches every folder whole,
    every machine takes in."""
    for _ in range(2):
        for machine in machines:
            assert machine.sync().problem is None
        gossip(machines)
        for src in machines:
            for dst in machines:
                deliver(src, dst)
    for machine in machines:
        assert machine.sync().problem is None
