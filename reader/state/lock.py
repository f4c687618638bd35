"""An flock on a lock file beside the state, shared between processes (two terminals).

The lock file is never replaced (the snapshot and journal are), so every process locks
the same inode. Writers hold it exclusively around catch-up + append (+ compaction);
readers hold it shared. Before the first write there may be no lock file: readers then
read unlocked, which is safe because files are only ever replaced atomically or appended.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _open(self, create: bool) -> int | None:
        if self._fd is None:
            flags = os.O_RDWR | (os.O_CREAT if create else 0)
            try:
                self._fd = os.open(self.path, flags, 0o666)
            except FileNotFoundError:
                return None
            except OSError:
                # Not writable here (a read-only file, folder or file system: EACCES, EROFS)
                # or not a file: lock through a read-only descriptor, which flock allows.
                try:
                    self._fd = os.open(self.path, os.O_RDONLY)
                except OSError:
                    return None
        return self._fd

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        fd = self._open(create=False)
        if fd is None:
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Creates the lock file if needed; raises OSError when that is impossible."""
        fd = self._open(create=True)
        if fd is None:
            raise PermissionError(f"cannot create {self.path}")
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
