"""Merging two copies of a paper's state field by field: the newer change wins."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from reader.state.model import EMPTY, PaperState

# (value field, timestamp field) pairs; opened_at merges on its own (the later one).
_PAIRS = (("read", "read_at"), ("starred", "starred_at"), ("tags", "tags_at"),
          ("note", "note_at"))
FIELD_PAIRS = _PAIRS


def revert_fields(current: PaperState, before: PaperState, after: PaperState) -> PaperState:
    """`current` with each field a change turned from `before` into `after` put back, but
    only where the field still holds what the change set: a field another session changed
    since keeps that newer change."""
    changes: dict[str, object] = {}
    for value, stamp in _PAIRS:
        set_by_change = (getattr(after, value), getattr(after, stamp))
        if (getattr(before, value), getattr(before, stamp)) == set_by_change:
            continue  # the change did not touch this field
        if (getattr(current, value), getattr(current, stamp)) != set_by_change:
            continue  # changed since, by someone else: theirs is newer
        changes[value], changes[stamp] = getattr(before, value), getattr(before, stamp)
    return replace(current, **changes) if changes else current


def now() -> str:
    """The current time as the ISO-8601 UTC string every state timestamp uses."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _order(stamp: str | None) -> str:
    """A key that sorts timestamps by time: ours compare as text; others are normalised."""
    if stamp is None:
        return ""
    if len(stamp) == 29 and stamp.endswith("+00:00"):
        return stamp
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def merge_state(mine: PaperState, theirs: PaperState) -> PaperState:
    """`mine` with each field of `theirs` that changed later taken over.

    On equal timestamps (or none on either side) `mine` is kept, unless `mine` has the
    default value and `theirs` does not: a state file without timestamps still imports.
    """
    changes: dict[str, object] = {}
    for value, stamp in _PAIRS:
        my_key, their_key = _order(getattr(mine, stamp)), _order(getattr(theirs, stamp))
        newer = their_key > my_key
        fills_gap = (their_key == my_key and getattr(mine, value) == getattr(EMPTY, value)
                     and getattr(theirs, value) != getattr(EMPTY, value))
        if newer or fills_gap:
            changes[value] = getattr(theirs, value)
            changes[stamp] = getattr(theirs, stamp)
    if _order(theirs.opened_at) > _order(mine.opened_at):
        changes["opened_at"] = theirs.opened_at
    return replace(mine, **changes) if changes else mine
