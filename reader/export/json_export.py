"""JSON: an array of papers, each with its reading state (the shape of `reader list --format json`
plus the paper's page `url`)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from reader.export.entries import EntryLike, record


def render(entries: Sequence[EntryLike]) -> str:
    return json.dumps([record(entry) for entry in entries], ensure_ascii=False, indent=2) + "\n"
