"""Per-paper reading state (read, starred, user tags, note) kept in TinyDB.

See reader/state/store.py for the design: a TinyDB snapshot replaced atomically, plus an
fsynced append-only journal, locked for two sessions.

The store and its TinyDB machinery load on first use, so code that only needs `PaperState`
(the search index, the session) does not import them before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.state.model import EMPTY, PaperState

if TYPE_CHECKING:
    from reader.state.store import ReadOnlyStateError, StateStore
    from reader.state.transfer import read_state_file

__all__ = ["EMPTY", "PaperState", "ReadOnlyStateError", "StateStore", "read_state_file"]


def __getattr__(name: str):
    if name in ("StateStore", "ReadOnlyStateError"):
        from reader.state import store

        return getattr(store, name)
    if name == "read_state_file":
        from reader.state.transfer import read_state_file

        return read_state_file
    raise AttributeError(f"module 'reader.state' has no attribute {name!r}")
