"""Saved searches sync too: one change per search name, its query (None: deleted).

They live in `searches.toml` (reader/query/saved.py), which has no times, so a search
whose query differs from the one kept after the last round (`<state file>.sync-searches`,
JSON ``{NAME: {"q": QUERY or null, "h": [MS, COUNTER, MACHINE]}}``) was changed here and
is sent with a new clock stamp; a change from elsewhere with a greater stamp is written
into searches.toml unless the search was changed here meanwhile. A search saved on two
machines lands at the end of the list on the other; the order of the list is not synced.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.errors import ReaderError
from reader.state.storage import atomic_write
from reader.sync import clock

FIELD = "search"
Base = dict[str, tuple[str | None, clock.Stamp]]


class Searches:
    def __init__(self, state_path: Path, path: Path | None) -> None:
        self.base_path = state_path.with_name(state_path.name + ".sync-searches")
        self.path = path

    def current(self) -> dict[str, str]:
        """The saved searches now; ReaderError when searches.toml is unusable."""
        from reader.query.saved import load_saved

        return {s.name: s.query for s in load_saved(self.path)}

    def base(self) -> Base:
        try:
            raw = json.loads(self.base_path.read_bytes())
            return {str(name): (entry["q"] if isinstance(entry["q"], str) else None,
                                (int(entry["h"][0]), int(entry["h"][1]), str(entry["h"][2])))
                    for name, entry in raw.items()}
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError,
                RecursionError):
            return {}

    def save_base(self, base: Base) -> None:
        data = {name: {"q": query, "h": list(stamp)} for name, (query, stamp) in base.items()}
        atomic_write(self.base_path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    @staticmethod
    def changed(current: dict[str, str], base: Base) -> list[tuple[str, str | None]]:
        """(name, query or None) of each search changed here since the last round."""
        names = sorted(current.keys() | base.keys())
        return [(n, current.get(n)) for n in names
                if current.get(n) != base.get(n, (None, clock.ZERO))[0]]

    def write(self, name: str, query: str | None) -> bool:
        """Put one search from elsewhere into searches.toml; False when it cannot be
        (a query this version cannot parse, an unusable file)."""
        from reader.query.saved import delete_search, save_search

        try:
            if query is None:
                if name in self.current():
                    delete_search(name, self.path)
            else:
                save_search(name, query, self.path)
        except (ReaderError, ValueError):  # QueryError is a ReaderError
            return False
        return True
