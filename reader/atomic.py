"""Write a file so that readers see either the old content or the new, never half of it.

Temp file in the same folder, fsync, `os.replace`, then fsync the folder so the rename
itself survives a crash. Every writer of whole files (settings, saved searches, the library,
exports) goes through here; the state store has its own journal (reader/state/).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reader.errors import ReaderError


def write_atomic(path: Path, data: bytes, *, make_folder: bool = False) -> None:
    """Replace `path` with `data`, keeping its permissions (new files follow the umask).

    Raises `ReaderError` in one sentence when the folder is missing or not writable.
    """
    path = Path(path)
    folder = path.parent
    if make_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ReaderError(f"Cannot write {path} ({error.strerror or error}).") from None
    if not folder.is_dir():
        raise ReaderError(f"Cannot write {path}: the folder {folder} does not exist.")
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise ReaderError(f"Cannot write {path} ({error.strerror or error}).") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp_name, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp_name, 0o666 & ~_umask())
        os.replace(temp_name, path)
    except OSError as error:
        _remove(temp_name)
        raise ReaderError(f"Cannot write {path} ({error.strerror or error}).") from None
    except BaseException:
        _remove(temp_name)
        raise
    _fsync_dir(folder)


def remove_stale_temps(path: Path) -> int:
    """Delete the temp files `write_atomic` left beside `path` when its process was killed
    mid-write (a killed import left 12 MB behind, forever); how many were removed.

    Only for a caller that holds a lock keeping every other writer of `path` out: another
    writer's temp file in progress looks the same.
    """
    path = Path(path)
    removed = 0
    for temp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            temp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def write_text_atomic(path: Path, text: str, *, make_folder: bool = False) -> None:
    """`write_atomic` of `text` as UTF-8 (newlines written as given)."""
    write_atomic(path, text.encode("utf-8"), make_folder=make_folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless to skip where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
