"""Where the sync folder is (a setting in the config dir) and who this machine is.

`<config dir>/sync.json` -- ``{"folder": PATH}``, written by `reader sync init PATH`. A
file of its own, not settings.json: the TUI rewrites settings.json whole from the fields
it knows.
`<state file>.sync-id` -- this machine's id (16 hex digits), made on first sync and kept
beside the state it speaks for, so two data dirs on one computer are two machines.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from reader import paths
from reader.atomic import write_text_atomic
from reader.errors import ReaderError
from reader.sync.log import MACHINE_ID

FILE_NAME = "sync.json"


def config_path() -> Path:
    return paths.config_dir() / FILE_NAME


def load_folder(path: Path | None = None) -> Path | None:
    """The sync folder, or None when sync is off; ReaderError when the setting is unusable."""
    path = path or config_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError):
        raise ReaderError(f"The sync setting {path} is unreadable; sync is off until "
                          f"`reader sync init PATH` writes it again.") from None
    folder = raw.get("folder") if isinstance(raw, dict) else None
    if folder is None:
        return None
    if not isinstance(folder, str) or not folder or "\0" in folder:
        raise ReaderError(f"The sync setting {path} names no folder; sync is off until "
                          f"`reader sync init PATH` writes it again.")
    return Path(folder).expanduser()


def load_folder_quietly() -> Path | None:
    try:
        return load_folder()
    except ReaderError:
        return None


def save_folder(folder: Path | None, path: Path | None = None) -> None:
    text = json.dumps({"folder": None if folder is None else str(folder)}, indent=2) + "\n"
    write_text_atomic(path or config_path(), text, make_folder=True)


def machine_id(state_path: Path) -> str:
    """This machine's id, made (and kept beside the state file) the first time."""
    path = state_path.with_name(state_path.name + ".sync-id")
    try:
        text = path.read_text(encoding="ascii").strip()
        if MACHINE_ID.fullmatch(text):
            return text
    except (OSError, ValueError):
        pass
    made = secrets.token_hex(8)
    write_text_atomic(path, made + "\n", make_folder=True)
    return made
