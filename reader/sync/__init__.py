"""Sync of the reading state between machines through a folder another tool syncs.

Syncthing, Dropbox, iCloud, a network drive or a git repository carries the files; the
reader only writes its own log there and reads the others' (log.py), orders changes by a
hybrid logical clock (clock.py) and takes them in field by field (syncer.py). The folder
is named by `reader sync init PATH` (config.py).

`pull_and_push(store)` is the one call for a session: commands call it when they load the
state, the TUI from the worker that looks for other sessions' changes every few seconds.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reader.errors import ReaderError
from reader.sync.syncer import Syncer, SyncResult

__all__ = ["SyncResult", "Syncer", "pull_and_push", "syncer_for"]

OFF = SyncResult()
_syncers: dict[Path, Syncer] = {}
_guard = threading.Lock()


def syncer_for(state_path: Path) -> Syncer | None:
    """The syncer of the state at `state_path` (one per process), or None if sync is off;
    ReaderError when the setting is unusable."""
    from reader.sync.config import load_folder

    folder = load_folder()
    if folder is None:
        return None
    key = Path(state_path).resolve()
    with _guard:
        syncer = _syncers.get(key)
        if syncer is None or syncer.folder != folder:
            if syncer is not None:
                syncer.close()
            syncer = _syncers[key] = Syncer(key, folder)
        return syncer


def pull_and_push(store) -> SyncResult:
    """One round of sync for `store` (a StateStore): its new changes are sent, the other
    machines' taken in. Does nothing (and returns OFF) when no sync folder is set; never
    raises: `problem` is one sentence."""
    try:
        syncer = syncer_for(store.path)
    except ReaderError as error:
        return SyncResult(problem=str(error))
    except OSError as error:
        return SyncResult(problem=f"Cannot sync: {error.strerror or error}.")
    if syncer is None:
        return OFF
    try:
        return syncer.pull_and_push(store)
    except ReaderError as error:
        return SyncResult(last_sync=syncer.last_sync, problem=str(error))
