"""Per-paper reading state (read, starred, user tags, note) kept in TinyDB.

See reader/state/store.py for the design: a TinyDB snapshot replaced atomically, plus an
fsynced append-only journal, locked for two sessions.
"""

from reader.state.model import EMPTY, PaperState
from reader.state.store import ReadOnlyStateError, StateStore
from reader.state.transfer import read_state_file

__all__ = ["EMPTY", "PaperState", "ReadOnlyStateError", "StateStore", "read_state_file"]
