"""Order a result: page order, date, title, upvotes, GitHub stars, unread first, or for you.

Each key sorts in its natural direction: date newest first, upvotes and stars most first,
title A to Z, unread before read. `reverse` flips that direction. Papers without the value
(no date, unknown upvotes) always go last, and ties keep page order.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.errors import ReaderError
from reader.query.index import SearchIndex

SORT_KEYS = ("page", "date", "title", "upvotes", "stars", "unread", "foryou")
SORT_WORDS = {
    "page": "page order",
    "date": "newest first",
    "title": "title A–Z",
    "upvotes": "most upvoted first",
    "stars": "most GitHub stars first",
    "unread": "unread first",
    "foryou": "for you (like what you starred, tagged, read)",
}


def sort_indices(
    index: SearchIndex, indices: Iterable[int], key: str, reverse: bool = False
) -> list[int]:
    """`indices` (positions in `index`) ordered by `key`; stable, missing values last."""
    if key not in SORT_KEYS:
        raise ReaderError(f"Unknown sort key '{key}' (use {', '.join(SORT_KEYS)}).")
    ordered = sorted(indices)
    if key == "page":
        return ordered[::-1] if reverse else ordered
    if key == "title":
        return sorted(ordered, key=index.title_key, reverse=reverse)
    if key == "foryou":  # page order until something is starred, tagged or read in full
        from reader.query.for_you import ForYou

        ordered = ForYou.of(index).order(ordered)
        return ordered[::-1] if reverse else ordered
    if key == "unread":
        read = index.read
        return sorted(ordered, key=lambda i: read[i], reverse=reverse)
    values = index.dates if key == "date" else index.numbers[key]
    known = [i for i in ordered if values[i] is not None]
    missing = [i for i in ordered if values[i] is None]
    # Python's sort stays stable with reverse=True: ties keep page order either way.
    known.sort(key=values.__getitem__, reverse=not reverse)
    return known + missing
