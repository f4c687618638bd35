"""Per-paper reading state (read, starred, user tags, note) kept in TinyDB."""

from reader.state.model import PaperState
from reader.state.store import StateStore

__all__ = ["PaperState", "StateStore"]
