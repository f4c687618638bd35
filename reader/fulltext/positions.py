"""Where the reader stopped in each paper: a small JSON file in the data dir (not the state
store, which holds read/starred/tags). A block index, so the place survives a new width."""

from __future__ import annotations

import json
import time
from pathlib import Path

from reader import paths
from reader.atomic import write_atomic
from reader.errors import ReaderError

FILE_NAME = "reading-positions.json"
KEEP = 1000  # the most recently read papers whose place is kept


def positions_path() -> Path:
    return paths.data_dir() / FILE_NAME


def _read(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load(key: str, path: Path | None = None) -> int:
    """The block the reader stopped at in paper `key` (0 when never read or unreadable)."""
    entry = _read(path or positions_path()).get(key)
    block = entry.get("block") if isinstance(entry, dict) else None
    return block if isinstance(block, int) and not isinstance(block, bool) and block >= 0 else 0


def save(key: str, block: int, path: Path | None = None) -> None:
    """Remember `block` for `key` now (atomically); a file that cannot be written is skipped
    with no error: losing a reading place is not worth stopping the reader for."""
    path = path or positions_path()
    data = _read(path)
    data[key] = {"block": int(block), "at": round(time.time())}
    if len(data) > KEEP:
        newest = sorted(data.items(), key=lambda item: item[1].get("at", 0)
                        if isinstance(item[1], dict) else 0, reverse=True)[:KEEP]
        data = dict(newest)
    try:
        write_atomic(path, (json.dumps(data, indent=0) + "\n").encode("utf-8"), make_folder=True)
    except (OSError, ReaderError):
        pass
