"""The snapshot file: read once through one file descriptor, which is kept open.

Keeping the descriptor open pins the inode, so its number cannot be reused by the next
snapshot: comparing it with `os.stat(path)` tells reliably whether the file was replaced.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reader.bounded_parse import json_loads
from reader.gc_pause import gc_paused
from reader.state.docs import Contents, ShapeError, parse_tables, peek_meta


@dataclass(slots=True)
class Loaded:
    """A snapshot read from disk: its contents, or why it could not be used."""

    contents: Contents | None
    raw: bytes = b""
    reason: str | None = None


class Snapshot:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.key: tuple[int, int] | None = None
        self.size = 0
        self.generation: str | None = None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
        self.fd, self.key, self.size, self.generation = None, None, 0, None

    def replaced(self) -> bool:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return self.key is not None
        return (st.st_dev, st.st_ino) != self.key

    def _pin(self, fd: int, generation: str | None) -> None:
        self.close()
        st = os.fstat(fd)
        self.fd, self.key, self.size, self.generation = fd, (st.st_dev, st.st_ino), st.st_size, generation

    def load(self) -> Loaded | None:
        """Read the file now at `path`; None when there is none."""
        self.close()
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        except OSError as error:
            return Loaded(None, reason=f"it could not be read: {error.strerror}")
        try:
            with os.fdopen(os.dup(fd), "rb") as handle:
                raw = handle.read()
        except OSError as error:
            os.close(fd)
            return Loaded(None, reason=f"it could not be read: {error.strerror}")
        try:
            with gc_paused():  # 100k new objects would trigger many useless collections
                contents = parse_tables(json_loads(raw) if raw else None)
        except ShapeError as error:
            contents, reason = None, str(error)
        except ValueError:
            contents, reason = None, "it is cut short or is not JSON"
        else:
            reason = None
        self._pin(fd, contents.generation if contents else None)
        return Loaded(contents, raw, reason)

    def adopt_if_folded(self, generation: str | None, journal_pos: int) -> bool:
        """Take over the file now at `path` without reading it, if it is exactly the old
        snapshot plus the old journal up to `journal_pos` (its meta says which it folded)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return False
        meta = peek_meta(os.pread(fd, 4096, 0))
        new_generation = meta.get("generation") if meta else None
        if (generation is None or not isinstance(new_generation, str)
                or meta.get("base") != [generation, journal_pos]):
            os.close(fd)
            return False
        self._pin(fd, new_generation)
        return True

    def reopen(self, generation: str) -> None:
        """Pin the file just written (caller holds the exclusive lock)."""
        self._pin(os.open(self.path, os.O_RDONLY), generation)
