"""The fields of a paper's state that sync, and how one field's value is read and checked.

read, starred, tags and note sync, each with the time it changed (`read_at`, ...);
`opened_at` stays on the machine where the paper was opened.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from reader.state.model import EMPTY, PaperState

# field -> the state's timestamp field for it
FIELDS: dict[str, str] = {"read": "read_at", "starred": "starred_at", "tags": "tags_at",
                          "note": "note_at"}


def value_of(state: PaperState, field: str) -> Any:
    return getattr(state, field)


def stamp_of(state: PaperState, field: str) -> str | None:
    return getattr(state, FIELDS[field])


def with_field(state: PaperState, field: str, value: Any, stamp: str | None) -> PaperState:
    return replace(state, **{field: value, FIELDS[field]: stamp})


def default(field: str) -> Any:
    return getattr(EMPTY, field)


def to_json(field: str, value: Any) -> Any:
    return list(value) if field == "tags" else value


# Control characters other than tab and newline: a log is anyone's file, and what it holds
# is printed to terminals later (`reader list`), so a line carrying them is damage.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str, *, lines: bool = False) -> bool:
    """True when `text` holds no control character (tab and newline only if `lines`)."""
    return not _CONTROL.search(text) and (lines or ("\n" not in text and "\t" not in text))


def from_json(field: str, raw: Any) -> Any:
    """The value of `field` from a log line, or raises ValueError if it has the wrong type
    or carries control characters."""
    if field in ("read", "starred"):
        if raw.__class__ is bool:
            return raw
    elif field == "tags":
        if raw.__class__ is list and all(t.__class__ is str and t.strip() and clean(t)
                                         for t in raw):
            return tuple(raw)
    elif field == "note":
        if raw.__class__ is str and clean(raw, lines=True):
            return raw
    elif field == "search":  # a saved search's query, None when it was deleted (searches.py)
        if raw is None or (raw.__class__ is str and clean(raw)):
            return raw
    raise ValueError(field)
