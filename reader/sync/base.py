"""The base: for each paper, the state the store had after the last round, and the clock
stamp of the change each synced field's value came from.

It is a StateStore of its own (`<state file>.sync-base`: a snapshot plus an fsynced
journal, as reader/state describes), holding PaperStates whose fields are exactly the
store's after the round, and whose `opened_at` (a field sync leaves alone) carries the
four clock stamps, ``"MS.COUNTER.MACHINE|..."`` in the order of fields.FIELDS. So "was
this field changed here since the last round" is a plain comparison of two PaperStates.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reader.state.model import PaperState
from reader.sync import clock, fields

_NAMES = tuple(fields.FIELDS)
_INDEX = {name: number for number, name in enumerate(_NAMES)}


def same(state: PaperState, base: PaperState) -> bool:
    """True when no synced field of `state` differs from the base (value or time)."""
    return (state.read == base.read and state.read_at == base.read_at
            and state.starred == base.starred and state.starred_at == base.starred_at
            and state.tags == base.tags and state.tags_at == base.tags_at
            and state.note == base.note and state.note_at == base.note_at)


def changed_here(state: PaperState, base: PaperState, name: str) -> bool:
    return (fields.value_of(state, name) != fields.value_of(base, name)
            or fields.stamp_of(state, name) != fields.stamp_of(base, name))


def stamps(base: PaperState) -> list[clock.Stamp]:
    parts = (base.opened_at or "").split("|")
    if len(parts) != len(_NAMES):
        return [clock.ZERO] * len(_NAMES)
    return [_decode(part) for part in parts]


def stamp(base: PaperState, name: str) -> clock.Stamp:
    return stamps(base)[_INDEX[name]]


def synced(base: PaperState, name: str, value: Any, wall: str | None,
           stamp_: clock.Stamp) -> PaperState:
    """The base after the store took `value` (changed at `wall`, stamped `stamp_`)."""
    all_stamps = stamps(base)
    all_stamps[_INDEX[name]] = stamp_
    return replace(fields.with_field(base, name, value, wall),
                   opened_at="|".join(f"{s[0]}.{s[1]}.{s[2]}" for s in all_stamps))


def _decode(text: str) -> clock.Stamp:
    parts = text.split(".", 2)
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return clock.ZERO
    return (int(parts[0]), int(parts[1]), parts[2])
