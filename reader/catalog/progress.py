"""Progress of a catalog cache build: count, rate and time left, for the CLI (a bar on
stderr when it is a terminal, nothing when piped) and the TUI (`CatalogCache.
build_in_subprocess(progress=...)` calls back with `Progress` values from the child).

A build reports its stages in order: "reading" (the library), "tagging" (papers whose tags
are not known from the previous cache), "indexing" (every paper), "writing".
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO, TypeVar

T = TypeVar("T")
STAGES = ("reading", "tagging", "indexing", "writing")
LINE_PREFIX = "progress "  # a progress line on the build child's stdout


@dataclass(frozen=True, slots=True)
class Progress:
    stage: str
    done: int
    total: int
    elapsed: float  # seconds since the stage began

    @property
    def rate(self) -> float:
        """Items a second so far (0 before any)."""
        return self.done / self.elapsed if self.elapsed > 0 and self.done else 0.0

    @property
    def left(self) -> float | None:
        """Seconds left in this stage at the rate so far (None while unknown)."""
        rate = self.rate
        return (self.total - self.done) / rate if rate else None

    def describe(self) -> str:
        """'tagging 41,000 of 100,000 papers · 5,200/s · about 11 s left'"""
        if not self.total:
            return f"{self.stage} the library…"
        text = f"{self.stage} {self.done:,} of {self.total:,} papers"
        if self.rate:
            text += f" · {self.rate:,.0f}/s"
        if self.left is not None and self.done < self.total:
            text += f" · about {self.left:.0f} s left"
        return text

    def to_line(self) -> str:
        return f"{LINE_PREFIX}{self.stage} {self.done} {self.total} {self.elapsed:.3f}"

    @classmethod
    def from_line(cls, line: str) -> Progress | None:
        """The `Progress` of a `to_line` line, None for any other line."""
        if not line.startswith(LINE_PREFIX):
            return None
        try:
            stage, done, total, elapsed = line[len(LINE_PREFIX):].split()
            return cls(stage, int(done), int(total), float(elapsed))
        except ValueError:
            return None


Report = Callable[[Progress], None]


class Stage:
    """Counts one stage and reports it at most every `every` seconds (and at its end)."""

    def __init__(self, report: Report | None, stage: str, total: int,
                 every: float = 0.1) -> None:
        self.report, self.stage, self.total, self.every = report, stage, total, every
        self.start = self.last = time.monotonic()
        self.done = 0
        if report is not None:
            report(Progress(stage, 0, total, 0.0))

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.report is None:
            return
        now = time.monotonic()
        if now - self.last >= self.every or self.done >= self.total:
            self.last = now
            self.report(Progress(self.stage, min(self.done, self.total), self.total,
                                 now - self.start))

    def counting(self, items: Iterable[T], step: int = 1000) -> Iterator[T]:
        """`items`, advancing by one each (reported every `step`, cheap in a hot loop)."""
        pending = 0
        for item in items:
            yield item
            pending += 1
            if pending == step:
                self.advance(pending)
                pending = 0
        if pending:
            self.advance(pending)


class TerminalBar:
    """A one-line progress display on `stream` when it is a terminal; does nothing when it
    is a pipe or a file. Call with `Progress` values; `close()` clears the line."""

    WIDTH = 24

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.active = self.stream.isatty()
        except (AttributeError, ValueError, OSError):
            self.active = False
        self.shown = False

    def __call__(self, progress: Progress) -> None:
        if not self.active:
            return
        filled = self.WIDTH * progress.done // max(progress.total, 1)
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        self.stream.write(f"\r\x1b[2KPreparing your library: [{bar}] {progress.describe()}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.shown = False
