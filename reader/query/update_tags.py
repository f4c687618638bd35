"""The index's tag table after a change (see `reader.query.update`): each folded tag's
positions, tags in the order of their first use over the positions, as `build_parts` lists
them."""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from reader.query.fold import fold_fast
from reader.query.terms import unpack_array

if TYPE_CHECKING:
    from reader.query.update import Facts


def update_tags(table: list[list], data: bytes, before: Mapping[int, Facts],
                after: Mapping[int, Facts], tags_at: Callable[[int], Sequence[str]] | None
                ) -> tuple[list[list], bytes]:
    """(table, data) of the tags part after the change; LookupError when the order needs the
    tags of an unchanged paper and `tags_at` is None."""
    positions = {tag: unpack_array("I", data[4 * start: 4 * (start + count)])
                 for tag, start, count in table}
    old_first = {tag: found[0] for tag, found in positions.items()}
    old_rank = {tag: n for n, (tag, _start, _count) in enumerate(table)}
    removed: dict[str, set[int]] = {}
    added: dict[str, list[int]] = {}
    for position, paper in after.items():
        was = before[position].tags if position in before else []
        for tag in set(was) - set(paper.tags):
            removed.setdefault(tag, set()).add(position)
        for tag in set(paper.tags) - set(was):
            added.setdefault(tag, []).append(position)
    for tag in removed.keys() | added.keys():
        found = positions.get(tag, array("I"))
        for position in removed.get(tag, ()):
            del found[bisect_left(found, position)]
        for position in added.get(tag, ()):
            insort(found, position)
        if found:
            positions[tag] = found
        else:
            del positions[tag]

    def first_use(tag: str) -> tuple[int, int]:
        first = positions[tag][0]
        return first, rank_at(first, tag)

    groups: dict[int, list[str]] = {}
    for tag, found in positions.items():
        groups.setdefault(found[0], []).append(tag)
    asked: dict[int, list[str]] = {}

    def rank_at(first: int, tag: str) -> int:
        """Where `tag` comes among the tags of the paper at `first` (its first use)."""
        group = groups[first]
        if len(group) == 1:
            return 0
        if first in after:
            return after[first].tags.index(tag)
        if all(old_first.get(t) == first for t in group):
            return old_rank[tag]
        if first not in asked:
            if tags_at is None:
                raise LookupError(f"the order of the tags of the paper at {first} is needed")
            asked[first] = list(dict.fromkeys(fold_fast(t) for t in tags_at(first)))
        return asked[first].index(tag)

    new_table, offset, pieces = [], 0, []
    for tag in sorted(positions, key=first_use):
        found = positions[tag]
        new_table.append([tag, offset, len(found)])
        pieces.append(found.tobytes())
        offset += len(found)
    return new_table, b"".join(pieces)
