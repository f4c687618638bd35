"""How far this machine has read each log, and its clock, kept between processes.

`<state file>.sync-read` (JSON, replaced atomically): ``{"clock": [MS, COUNTER, MACHINE],
"files": {NAME: {"head": B64, "offset": N, "tail": B64, "compacted": N}}}``. A command
then reads only what arrived since the last round instead of every log from its start. It is written
after the base, so at worst a round is read twice (taking a change in twice is harmless);
a missing or unreadable file means reading everything again.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from reader.state.storage import atomic_write
from reader.sync import clock
from reader.sync.log import LogFile


def path_for(state_path: Path) -> Path:
    return state_path.with_name(state_path.name + ".sync-read")


def load(path: Path) -> tuple[clock.Stamp | None, dict[str, LogFile]]:
    try:
        raw = json.loads(path.read_bytes())
        stamp = raw["clock"]
        kept = (int(stamp[0]), int(stamp[1]), str(stamp[2]))
        files = {}
        for name, entry in raw["files"].items():
            log = LogFile(str(name))
            log.restore(base64.b64decode(entry["head"]), int(entry["offset"]),
                        base64.b64decode(entry["tail"]))
            log.compacted = max(log.compacted, int(entry.get("compacted", 0)))
            files[log.name] = log
        return kept, files
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None, {}


def save(path: Path, stamp: clock.Stamp, files: dict[str, LogFile] | None) -> None:
    """Keep the clock, and (unless None) how far each log was read; with None the
    positions kept before stay, so only a complete round moves them."""
    if files is None:
        try:
            entries = json.loads(path.read_bytes())["files"]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            entries = {}
    else:
        entries = {name: {"head": base64.b64encode(log.head).decode("ascii"),
                          "offset": log.offset,
                          "tail": base64.b64encode(log.tail).decode("ascii"),
                          "compacted": log.compacted}
                   for name, log in files.items() if log.head and not log.problem}
    atomic_write(path, json.dumps({"clock": list(stamp), "files": entries}).encode("utf-8"))
