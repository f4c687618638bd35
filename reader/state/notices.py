"""What went wrong with the state files, and the one sentence that tells the user."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ReaderError

_NOT_SAVED = "so changes made in this session will not be saved"


class ReadOnlyStateError(ReaderError):
    """A change was asked of a read-only session; nothing was changed."""


@dataclass(slots=True)
class Problem:
    """Found while loading: `damaged` snapshot, schema-0 file to `upgrade`, damaged
    `journal` records, or a `newer` schema than this reader knows."""

    kind: str
    reason: str | None = None
    raw: bytes = b""
    salvaged: bool = False
    damaged: int = 0
    schema: int = 0
    kept: int = 0  # papers whose changes were recovered from a journal


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def readonly_reason(path: Path, journal_path: Path) -> str | None:
    """Why a session on `path` must be read-only, or None when it can write."""
    for file in (path, journal_path):
        # (an unreadable file is damage instead: it is moved aside)
        if file.is_file() and os.access(file, os.R_OK) and not os.access(file, os.W_OK):
            return f"The state file {file} is read-only, {_NOT_SAVED}."
    folder = _nearest_existing(path.parent)
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"The folder {folder} is read-only, {_NOT_SAVED}."
    return None


def readonly_write(path: Path) -> str:
    return f"The reading state in {path} is read-only in this session, so the change was not saved."


def moved_aside(problem: Problem, path: Path, moved: Path | None) -> str:
    where = f"it was moved to {moved}" if moved else "it is gone"
    kept = "the readable entries were kept" if problem.salvaged else "a new one was started"
    return f"The state file {path} was damaged ({problem.reason}); {where} and {kept}."


def _journal_trouble(problem: Problem) -> str:
    return problem.reason or f"{problem.damaged} damaged record(s)"


def journal_moved(problem: Problem, journal_path: Path, moved: Path) -> str:
    kept = f"the changes of {problem.kept} paper(s) in it and " if problem.kept else ""
    return (f"The state journal {journal_path} was damaged ({_journal_trouble(problem)}); "
            f"it was moved to {moved} and {kept}the rest were kept.")


def foreign_journal(problem: Problem, path: Path, journal_path: Path, moved: Path) -> str:
    return (f"The state journal {journal_path} did not continue the state file {path} (was "
            f"the file emptied or restored from a backup?); the changes of {problem.kept} "
            f"paper(s) in it were kept, and it was moved to {moved}.")


def unrepaired(problem: Problem, path: Path, journal_path: Path, failure: str | None) -> str:
    """The notice for a problem the session cannot repair: it is read-only."""
    if problem.kind == "newer":
        return (f"The state file {path} was written by a newer version of reader "
                f"(schema {problem.schema}), so this session is read-only.")
    why = f" ({failure})" if failure else ""
    if problem.kind == "journal":
        return (f"The state journal {journal_path} is damaged ({_journal_trouble(problem)}) "
                f"and cannot be repaired{why}, {_NOT_SAVED}.")
    if problem.kind == "foreign":
        return (f"The state journal {journal_path} did not continue the state file {path}; "
                f"its changes are shown but cannot be saved{why}, {_NOT_SAVED}.")
    if problem.kind == "upgrade":
        return f"The state file {path} is in an old format and cannot be upgraded{why}, {_NOT_SAVED}."
    return (f"The state file {path} is damaged ({problem.reason}) and cannot be moved "
            f"aside{why}, {_NOT_SAVED}.")
