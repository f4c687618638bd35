"""An import into a library whose catalog cache is built: the library's journal and a new
cache file, in time proportional to the papers imported (86 papers into 100,000: 1.8 s end
to end, most of it writing the new 260 MB file), not a rebuild of everything.

The cache knows the library (`reader.catalog.plan`): where each library paper sits in the
catalog, the library's match keys, and the papers an update must leave to a full build. So
an import matches its papers against the cache's keys, reads the few known papers it merges
into from the cache, journals the changes, and writes a cache file that is exactly the one a
full build of the new library would write (tests/catalog_cache/test_incremental.py): the
unchanged record chunks copied, the changed ones made again, the new papers tagged, the
search index's parts updated (`reader.query.update`).

When the cache cannot do that (none fresh for the library on disk, or damaged; a library file
from before journals, or with a journal grown to a quarter of it; papers that meet a built-in
or merged paper, or change a paper's title, arXiv id or id), `add_papers` returns None having
written nothing, and the caller adds them the slow way (`Library.add`, then a full build).
"""

from __future__ import annotations

import marshal
import os
from array import array
from collections.abc import Sequence

from reader.catalog.build import (
    build_lock,
    chunk_bounds,
    remove_leftovers,
    tag_key,
)
from reader.catalog.cache import DAMAGE, CatalogCache
from reader.catalog.inputs import inputs
from reader.catalog.plan import match_keys
from reader.catalog.records import (
    decode_chunk,
    decode_extras,
    encode_chunk,
    encode_extras,
    with_text,
)
from reader.catalog.section_file import MARSHAL_VERSION, SectionFile, SectionWriter
from reader.library import ImportResult, Library, MatchIndex, merge_changes
from reader.model import Paper
from reader.query.terms import unpack_array
from reader.query.update import NeedsRebuild, update_parts
from reader.tags import TagRule, tag_paper


class _KnownLibrary:
    """The library's papers as a sequence read from the catalog cache on demand (only those
    an import looks at), with the import's changes on top."""

    def __init__(self, cache: CatalogCache, library_map: array, own_tags: list) -> None:
        self.cache = cache
        self.library_map = library_map
        self.own_tags = own_tags
        self.changed: dict[int, Paper] = {}
        self.originals: dict[int, Paper] = {}
        self.size = len(library_map)

    def __len__(self) -> int:
        return self.size

    def original(self, position: int) -> Paper:
        """The paper at `position` as the library holds it now (untagged, whole)."""
        paper = self.originals.get(position)
        if paper is None:
            at = self.library_map[position]
            if at < 0:
                raise _CannotUpdate  # merged into another: only a full build knows it
            paper = self.cache.paper(at).with_changes(tags=tuple(self.own_tags[at]))
            self.originals[position] = paper
        return paper

    def __getitem__(self, position: int) -> Paper:
        found = self.changed.get(position)
        return found if found is not None else self.original(position)

    def __setitem__(self, position: int, paper: Paper) -> None:
        self.changed[position] = paper

    def append(self, paper: Paper) -> None:
        self.changed[self.size] = paper
        self.size += 1


class _CannotUpdate(Exception):
    """The import needs a full build (see the module's docstring)."""


def add_papers(library: Library, papers: Sequence[Paper],
               rules: Sequence[TagRule] | None = None) -> ImportResult | None:
    """Merge `papers` into `library` and bring the catalog cache up to date with them; None
    (nothing written) when the cache cannot: then use `library.add` and build the cache."""
    with library.locked():
        generation = library.generation()
        if generation is None or library.journal_full():
            return None  # Library.add writes the file whole (then a full build)
        cache = CatalogCache.open(rules=rules, build=False)
        if cache is None or not cache.file.has("lib.map"):
            return None
        try:
            return _update(library, generation, cache, list(papers), rules)
        except (_CannotUpdate, *DAMAGE):  # a damaged cache is built again by the slow way
            return None
        finally:
            cache.close()


def _update(library: Library, generation: str, cache: CatalogCache, papers: list[Paper],
            rules: Sequence[TagRule] | None) -> ImportResult:
    file = cache.file
    library_map = unpack_array("i", file.whole("lib.map"))
    keys = marshal.loads(file.whole("lib.keys"))
    guard = marshal.loads(file.whole("cat.guard"))
    own_tags = marshal.loads(file.whole("rec.own"))
    known = _KnownLibrary(cache, library_map, own_tags)
    # The keys as they are on disk stay as they are; the import's index works on a copy.
    done = merge_changes(known, papers, MatchIndex.from_dicts(tuple(dict(d) for d in keys)))
    if not done.touched:
        return done.result
    size = len(library_map)
    changed = [p for p in done.touched if p < size]
    added = [p for p in done.touched if p >= size]
    _check(known, changed, added, keys, guard)
    new_keys = MatchIndex.from_dicts(keys)  # what MatchIndex(new library) holds: these too
    for position in added:
        new_keys.put(position, known[position])
    count = cache.count
    by_catalog = {library_map[p]: known[p] for p in changed}
    by_catalog.update((count + n, known[p]) for n, p in enumerate(added))
    new_map = array("i", library_map)
    new_map.extend(range(count, count + len(added)))
    # Everything is made in memory before anything is written: a change the index cannot
    # take paper by paper (NeedsRebuild) leaves the library as it was, for the slow way.
    sections, header_rest = _new_sections(cache, by_catalog, rules, own_tags)
    sections.update({"lib.map": new_map.tobytes(),
                     "lib.keys": marshal.dumps(keys, MARSHAL_VERSION),
                     "cat.guard": marshal.dumps(guard, MARSHAL_VERSION)})
    library.append(generation, [(p, known[p]) for p in done.touched])
    header = inputs(rules)  # of the library with its journal as it is now
    try:
        _write(cache, {**header, **header_rest}, sections, by_catalog)
    except DAMAGE:  # the papers are in the library; the stale cache is built again
        pass
    return done.result


def _check(known: _KnownLibrary, changed: list[int], added: list[int],
           keys: tuple[dict, dict, dict], guard: frozenset[str]) -> None:
    """Raise `_CannotUpdate` unless the catalog changes exactly where the library does: each
    changed paper keeps its match keys, and no new paper meets a known key or another's."""
    for position in changed:
        if match_keys(known.original(position)) != match_keys(known[position]):
            raise _CannotUpdate
    by_arxiv, by_title, by_id = keys
    seen: set[str] = set()
    for position in added:
        for key in match_keys(known[position]):
            kind, value = key[0], key[2:]
            if key in seen or key in guard or value in {"a": by_arxiv, "t": by_title,
                                                        "i": by_id}[kind]:
                raise _CannotUpdate
            seen.add(key)


def _new_sections(cache: CatalogCache, by_catalog: dict[int, Paper],
                  rules: Sequence[TagRule] | None, own_tags: list
                  ) -> tuple[dict[str, bytes], dict]:
    """The sections (all but the record chunks) and header fields of the cache with the
    catalog papers `by_catalog` (position -> untagged paper; past the end: appended) put
    in, tagged; the tagged papers replace `by_catalog`'s."""
    if rules is None:
        from reader.catalog import files as catalog

        rules = catalog.tag_rules()
    file = cache.file
    tagged = {p: tag_paper(paper, rules) for p, paper in by_catalog.items()}
    tag_keys = bytearray(file.whole("rec.tagkeys"))
    tags = marshal.loads(file.whole("rec.tags"))
    own_tags = list(own_tags)
    for position in sorted(by_catalog):
        key = tag_key(by_catalog[position])
        if position < cache.count:
            tag_keys[16 * position: 16 * (position + 1)] = key
            tags[position] = tagged[position].tags
            own_tags[position] = by_catalog[position].tags
        else:
            tag_keys += key
            tags.append(tagged[position].tags)
            own_tags.append(by_catalog[position].tags)
    old = {p: cache.paper(p) for p in by_catalog if p < cache.count}
    try:
        meta, sections = update_parts(file, cache.index_meta, old, tagged,
                                      tags_at=tags.__getitem__)
    except NeedsRebuild:
        raise _CannotUpdate from None
    sections.update({"rec.tagkeys": bytes(tag_keys),
                     "rec.tags": marshal.dumps(tags, MARSHAL_VERSION),
                     "rec.own": marshal.dumps(own_tags, MARSHAL_VERSION)})
    by_catalog.update(tagged)
    count = meta["size"]
    return sections, {"count": count, "chunks": chunk_bounds(count), "index": meta}


def _write(cache: CatalogCache, header: dict, sections: dict[str, bytes],
           tagged: dict[int, Paper]) -> None:
    """The new cache file: the record chunks (copied where nothing changed) and `sections`,
    then the old file removed."""
    file = cache.file
    folder = cache.path.parent
    path = folder / f"catalog-{header['fingerprint'][:20]}.bin"
    with build_lock(folder):
        remove_leftovers(folder, path, ".catalog-*.tmp")
        writer = SectionWriter(path)
        try:
            for start, length in header["chunks"]:
                _write_chunk(writer, file, cache.chunks, start, length, tagged)
            for name in ("rec.tagkeys", "rec.tags", "rec.own", "lib.map", "lib.keys",
                         "cat.guard"):
                writer.add(name, sections.pop(name))
            for name in list(sections):
                writer.add(name, sections.pop(name))
            writer.commit({**header, "pid": os.getpid()})
        except BaseException:
            writer.abandon()
            raise
        remove_leftovers(folder, path, "catalog-*.bin")


def _write_chunk(writer: SectionWriter, file: SectionFile, old_chunks: list[list[int]],
                 start: int, length: int, tagged: dict[int, Paper]) -> None:
    """Records and extra fields of the chunk [start, start + length): the old bytes when
    nothing in it changed, else made again with the changed papers in."""
    old_length = next((n for s, n in old_chunks if s == start), 0)
    if old_length == length and not any(start <= p < start + length for p in tagged):
        writer.add(f"rec.{start}", file.whole(f"rec.{start}"))
        writer.add(f"extra.{start}", file.whole(f"extra.{start}"))
        return
    records: list[Paper] = decode_chunk(file.whole(f"rec.{start}")) if old_length else []
    extras = decode_extras(file.whole(f"extra.{start}")) if old_length else {}
    papers = [with_text(paper, "", extras.get(n, ())) for n, paper in enumerate(records)]
    for position in range(start, start + length):
        paper = tagged.get(position)
        if paper is not None:
            if position - start < len(papers):
                papers[position - start] = paper
            else:
                papers.append(paper)
    writer.add(f"rec.{start}", encode_chunk(papers))
    writer.add(f"extra.{start}", encode_extras(papers))
