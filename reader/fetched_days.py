"""Which Daily Papers days were fetched, and on which date: `reader fetch --days N` skips a
day already fetched today (its page can still grow on a later date), so a run stopped by the
network or a rate limit resumes where it stopped.

One small JSON file in the data dir, {"YYYY-MM-DD (the day)": "YYYY-MM-DD (fetched on)"};
a damaged or unreadable file counts as empty (it only saves requests).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from reader import paths
from reader.atomic import write_atomic

FILE_NAME = "fetched-days.json"
KEEP_DAYS = 62  # older entries are dropped: --days reaches back at most 31 days


def _path():
    return paths.data_dir() / FILE_NAME


def load() -> dict[str, str]:
    try:
        found = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}


def fetched_today(day: dt.date, today: dt.date, known: dict[str, str] | None = None) -> bool:
    known = load() if known is None else known
    return known.get(day.isoformat()) == today.isoformat()


def remember(days: Iterable[dt.date], today: dt.date) -> None:
    """Note that `days` were fetched (and their papers added) on `today`."""
    known = load()
    for day in days:
        known[day.isoformat()] = today.isoformat()
    oldest = (today - dt.timedelta(days=KEEP_DAYS)).isoformat()
    kept = {day: on for day, on in sorted(known.items()) if day >= oldest}
    write_atomic(_path(), (json.dumps(kept, indent=1) + "\n").encode(), make_folder=True)
