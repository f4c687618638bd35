"""The hybrid logical clock that orders changes between machines whose clocks disagree.

A stamp is ``(ms, counter, machine)``: milliseconds since the epoch, a counter for changes
in the same millisecond (or made while the clock is held ahead by a machine that runs
fast), and the machine id that breaks the last tie the same way everywhere. A machine's
clock is never behind any stamp it has received, so a change made after seeing another is
ordered after it even when the wall clock of the machine making it is an hour behind.
"""

from __future__ import annotations

import datetime as dt
import time

Stamp = tuple[int, int, str]
ZERO: Stamp = (0, 0, "")
MAX_MS = 253402300799999  # 9999-12-31T23:59:59.999Z: beyond it a stamp is damage
MAX_COUNTER = 10**9


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def ms_of(stamp: str | None) -> int:
    """Milliseconds of an ISO-8601 time (the state's timestamps); 0 when there is none."""
    if not stamp:
        return 0
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return max(0, min(MAX_MS, int(moment.timestamp() * 1000)))


def iso_of(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="seconds")


def tick(last: Stamp, physical_ms: int, machine: str) -> Stamp:
    """The stamp of a change made after `last` at (wall) time `physical_ms`."""
    if physical_ms > last[0]:
        return (physical_ms, 0, machine)
    return (last[0], last[1] + 1, machine)
