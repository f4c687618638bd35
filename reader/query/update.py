"""Update the search index's parts after a change of a few papers, in time proportional to the
change: the result is exactly (byte for byte) what `build.build_parts` makes of the whole new
list of papers, but unchanged papers are copied as large slices, not indexed again.

Part families live apart: `update_terms` (vocabularies, postings, dear substrings) and
`update_tags` (the tag table); this module splices the per-paper parts (ids, texts, numbers,
dates, sort orders, links) and renumbers each paper's author names.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from reader.model import Paper
from reader.query.build import (
    INDEX_FORMAT,
    LINK_KINDS,
    NUMBER_FIELDS,
    date_of,
    folded_names,
    folded_tags,
    link_flags,
    numbers_of,
)
from reader.query.fold import fold_fast
from reader.query.store import Store, pack_strings, unpack_strings
from reader.query.terms import GRAM_BUDGET, GRAM_MAX, unpack_array
from reader.query.update_tags import update_tags
from reader.query.update_terms import TermsUpdate, shifted, update_terms


class NeedsRebuild(Exception):
    """The change cannot be worked out from the index alone: build it again."""


class Facts(NamedTuple):
    """What the index keeps of one paper, computed as `build._Builder.add` does."""

    id: str
    title: bytes  # folded, with its newline
    words: dict[str, frozenset[str]]  # "title", "abstract", "names" -> distinct terms
    raw: bytes  # the abstract as given
    fold: bytes | None  # the folded abstract when it differs from raw.lower()
    names: list[str]
    tags: list[str]
    links: tuple[bool, bool, bool]
    numbers: tuple[int, int, int]
    date: int


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split(" ")) - {""}


def facts(paper: Paper) -> Facts:
    title, abstract = fold_fast(paper.title), fold_fast(paper.abstract)
    raw, folded = _encode(paper.abstract), _encode(abstract)
    names = folded_names(paper)
    return Facts(
        id=paper.id, title=_encode(title) + b"\n",
        words={"title": _words(title), "abstract": _words(abstract), "names": frozenset(names)},
        raw=raw, fold=None if folded == raw.lower() else folded, names=names,
        tags=folded_tags(paper), links=link_flags(paper), numbers=numbers_of(paper),
        date=date_of(paper))


def update_parts(store: Store, meta: dict, old: Mapping[int, Paper], new: Mapping[int, Paper],
                 *, gram_max: int = GRAM_MAX, gram_budget: float = GRAM_BUDGET,
                 tags_at: Callable[[int], Sequence[str]] | None = None
                 ) -> tuple[dict, dict[str, bytes]]:
    """(meta, parts) of the index after a change, exactly what `build_parts` gives for the
    whole new list of papers.

    store/meta: the current index (as `build_parts` made it). old: {position: the paper as
    indexed now} for every position that changes. new: {position: its new paper} for those
    positions and for the appended ones, meta["size"], meta["size"] + 1, ...
    gram_max/gram_budget: as given to `build_parts`.
    tags_at(position): the tags of the paper at an unchanged position. The index does not
    keep the order of a paper's tags, which decides the tag table's order when a change moves
    the first use of a tag onto a paper that is also another tag's first use; only then is
    it asked, and without it `NeedsRebuild` is raised."""
    if meta.get("format") != INDEX_FORMAT:
        raise NeedsRebuild("the index was made in another format")
    size = int(meta["size"])
    changed = sorted(p for p in new if p < size)
    appended = sorted(p for p in new if p >= size)
    if appended != list(range(size, size + len(appended))):
        raise ValueError("appended papers must follow the last one without gaps")
    if sorted(old) != changed:
        raise ValueError("`old` must hold the current paper of each changed position")
    before = {p: facts(old[p]) for p in changed}
    after = {p: facts(new[p]) for p in (*changed, *appended)}
    new_size = size + len(appended)

    parts = _texts(store, size, after)
    parts.update(_values(store, size, after))
    parts["links"] = _links(store.whole("links"), size, new_size, after)
    try:
        tag_table, parts["tags"] = update_tags(meta["tags"], store.whole("tags"), before,
                                               after, tags_at)
    except LookupError as error:
        raise NeedsRebuild(str(error)) from error
    new_meta = {"format": INDEX_FORMAT, "size": new_size, "tags": tag_table}
    updates: dict[str, TermsUpdate] = {}
    for name in ("title", "abstract", "names"):
        updates[name] = update_terms(store, name, meta[name], size, new_size, before, after,
                                     gram_max=gram_max, budget=gram_budget)
        new_meta[name] = updates[name].meta
        parts.update(updates[name].parts)
    parts.update(_paper_names(store, size, after, updates["names"]))
    return new_meta, parts


# -- records of varying length: ids, titles, abstracts, each paper's names -----------------
def splice(data: bytes, starts: array, records: Mapping[int, bytes], unit: int = 1
           ) -> tuple[bytes, array]:
    """Records laid end to end (record p is data[unit*starts[p]: unit*starts[p + 1]]) with
    `records` put in: a position below len(starts) - 1 replaces its record, the others are
    appended. Unchanged runs are copied as single slices."""
    size = len(starts) - 1
    view = memoryview(data)
    pieces: list[bytes | memoryview] = []
    out = array(starts.typecode)
    at = length = 0  # next old record to copy; length of the output so far, in units

    def copy_to(stop: int) -> None:
        nonlocal at, length
        if stop > at:
            pieces.append(view[unit * starts[at]: unit * starts[stop]])
            out.extend(shifted(starts[at:stop], length - starts[at]))
            length += starts[stop] - starts[at]
            at = stop

    for position in sorted(records):
        copy_to(min(position, size))
        out.append(length)
        pieces.append(records[position])
        length += len(records[position]) // unit
        if position < size:
            at = position + 1
    copy_to(size)
    out.append(length)
    return b"".join(pieces), out


def _ids(data: bytes, size: int, after: Mapping[int, Facts]) -> bytes:
    """The "ids" part (`pack_strings`) with the new ids put in."""
    plain = data[:1] == b"L" and not any("\n" in paper.id for paper in after.values())
    if plain:  # split as bytes: no 100,000 strings decoded and encoded again
        ids: list = data[1:].split(b"\n")
        ids.pop()  # what follows the last newline
    else:  # an id with a newline: packed as JSON
        ids = unpack_strings(data)
    for position in sorted(after):
        paper_id = _encode(after[position].id) if plain else after[position].id
        if position < size:
            ids[position] = paper_id
        else:
            ids.append(paper_id)
    if not plain:
        return pack_strings(ids)
    return b"L" + b"\n".join(ids) + b"\n" if ids else b"L"


def _texts(store: Store, size: int, after: Mapping[int, Facts]) -> dict[str, bytes]:
    titles, title_starts = splice(store.whole("titles"),
                                  unpack_array("I", store.whole("titles.starts")),
                                  {p: f.title for p, f in after.items()})
    raw, raw_starts = splice(store.whole("abs.raw"), unpack_array("Q", store.whole("abs.starts")),
                             {p: f.raw for p, f in after.items()})
    fold, fold_starts = splice(store.whole("abs.fold"),
                               unpack_array("Q", store.whole("abs.fold_starts")),
                               {p: f.fold or b"" for p, f in after.items()})
    flags = bytearray(store.whole("abs.folded"))
    flags.extend(bytes(len(after)))  # room for the appended; the unused tail is cut below
    for position, paper in after.items():
        flags[position] = paper.fold is not None
    return {
        "ids": _ids(store.whole("ids"), size, after), "titles": titles, "titles.starts": title_starts.tobytes(),
        "abs.raw": raw, "abs.starts": raw_starts.tobytes(), "abs.fold": fold,
        "abs.fold_starts": fold_starts.tobytes(),
        "abs.folded": bytes(flags[: len(raw_starts) - 1]),
    }


# -- numbers and dates, and the positions sorted by each ----------------------------------
def _put(values: array, size: int, after: Mapping[int, Facts], value: Callable[[Facts], int]
         ) -> array:
    values = values[:size]
    for position in sorted(after):
        if position < size:
            values[position] = value(after[position])
        else:
            values.append(value(after[position]))
    return values


def _values(store: Store, size: int, after: Mapping[int, Facts]) -> dict[str, bytes]:
    numbers = unpack_array("q", store.whole("numbers"))
    columns = {name: numbers[n * size: (n + 1) * size] for n, name in enumerate(NUMBER_FIELDS)}
    columns["date"] = unpack_array("i", store.whole("dates"))
    value_of = {name: (lambda f, n=n: f.numbers[n]) for n, name in enumerate(NUMBER_FIELDS)}
    value_of["date"] = lambda f: f.date
    parts = {}
    for name, values in columns.items():
        new_values = columns[name] = _put(values, size, after, value_of[name])
        order, ordered = _reorder(unpack_array("I", store.whole(f"order.{name}")),
                                  unpack_array(values.typecode, store.whole(f"sorted.{name}")),
                                  values, new_values, after)
        parts[f"order.{name}"], parts[f"sorted.{name}"] = order.tobytes(), ordered.tobytes()
    parts["numbers"] = b"".join(columns[name].tobytes() for name in NUMBER_FIELDS)
    parts["dates"] = columns["date"].tobytes()
    return parts


def _reorder(order: array, ordered: array, values: array, new_values: array,
             moved: Mapping[int, Facts]) -> tuple[array, array]:
    """`order` (positions by value, ties by position: a stable sort) and `ordered` (the
    values in that order) with the `moved` positions taken out from where their old
    `values` put them and put back where their `new_values` go, by bisection."""
    def old_key(position: int) -> tuple[int, int]:
        return values[position], position

    def new_key(position: int) -> tuple[int, int]:
        return new_values[position], position

    for position in moved:
        if position < len(values):
            at = bisect_left(order, old_key(position), key=old_key)
            del order[at], ordered[at]
    for position in moved:
        at = bisect_left(order, new_key(position), key=new_key)
        order.insert(at, position)
        ordered.insert(at, new_values[position])
    return order, ordered


# -- links: one bit set per kind -----------------------------------------------------------
def _links(data: bytes, size: int, new_size: int, after: Mapping[int, Facts]) -> bytes:
    nbytes, new_nbytes = (size + 7) // 8, (new_size + 7) // 8
    cleared = ~sum(1 << p for p in after)
    sets = []
    for n in range(len(LINK_KINDS)):
        found = int.from_bytes(data[n * nbytes: (n + 1) * nbytes], "little") & cleared
        for position, paper in after.items():
            if paper.links[n]:
                found |= 1 << position
        sets.append(found.to_bytes(new_nbytes, "little"))
    return b"".join(sets)


# -- each paper's author names, as ids in the names vocabulary ------------------------------
def _paper_names(store: Store, size: int, after: Mapping[int, Facts], names: TermsUpdate
                 ) -> dict[str, bytes]:
    numbers = unpack_array("I", store.whole("names.paper"))
    if names.renumber is not None:
        numbers = array("I", map(names.renumber.__getitem__, numbers))
    records = {p: array("I", map(names.number, f.names)).tobytes() for p, f in after.items()}
    data, starts = splice(numbers.tobytes(), unpack_array("I", store.whole("names.paper_starts")),
                          records, unit=4)
    return {"names.paper": data, "names.paper_starts": starts.tobytes()}
