"""Files that are never half-written: atomic replace, and a TinyDB storage built on it.

TinyDB's default JSONStorage rewrites its file in place, so a process killed mid-write
leaves a truncated database (TinyDB issue #467). `atomic_write` writes a temp file in the
same folder, flushes and fsyncs it, `os.replace`s it over the target and fsyncs the
folder: a reader (or a crash) sees the old file or the new one, never a mix.
`AtomicJSONStorage` is a TinyDB Storage that writes that way, so
``TinyDB(path, storage=AtomicJSONStorage)`` is a crash-safe TinyDB.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from reader.bounded_parse import json_loads


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` durably; on any error the old file is left as it was."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            # mkstemp makes the file 0600; give it the usual mode, as open() would.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


def encode(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def set_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename `path` to `<name>.<label>-<UTC timestamp>` beside it (never over a file)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{number}")
    os.rename(path, target)
    fsync_dir(path.parent)
    return target


def copy_aside(path: Path, data: bytes, label: str) -> Path:
    """Write `data` to a new `<name>.<label>[-N]` beside `path`, never over a file."""
    target = path.with_name(f"{path.name}.{label}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.{label}-{number}")
    atomic_write(target, data)
    return target


class AtomicJSONStorage(Storage):
    """A TinyDB storage of one JSON file that is replaced atomically on every write.

    `read()` raises OSError when the file cannot be read and ValueError when it is not
    JSON (the StateStore turns both into a notice); a missing or empty file reads as an
    empty database (None), as with TinyDB's JSONStorage.
    """

    def __init__(self, path: str | os.PathLike[str], create_dirs: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        if create_dirs:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def read_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def read(self) -> dict[str, dict[str, Any]] | None:
        raw = self.read_bytes()
        if not raw:
            return None
        return json_loads(raw)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, encode(data))

    def close(self) -> None:
        pass
