"""An update after an import (tags reused from the previous cache, the library's papers
taken from memory) gives exactly the cache a cold full build gives; a build killed at any
moment leaves the old cache or the new one, never a damaged one."""

from __future__ import annotations

import marshal
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from reader.catalog.cache import CatalogCache, cache_dir
from reader.catalog.section_file import SectionFile
from reader.commands.import_cmd import refresh_cache
from reader.library import Library
from tests.catalog_cache.conftest import synthetic

MARSHALLED = ("rec.", "extra.", "lib.keys", "cat.guard")


def sections(path) -> dict[str, object]:
    """Every section (marshal'd ones decoded: marshal marks which strings were interned,
    which says where a string came from, not what it is), and the header without the
    builder's pid."""
    file = SectionFile(path)
    try:
        found = {name: marshal.loads(file.whole(name)) if name.startswith(MARSHALLED)
                 and name != "rec.tagkeys" else file.whole(name)
                 for name in file.header["sections"]}
        header = {k: v for k, v in file.header.items() if k not in ("sections", "pid")}
        found["header"] = repr(sorted(header.items())).encode()
        return found
    finally:
        file.close()


def only_cache_file():
    (path,) = cache_dir().glob("catalog-*.bin")
    return path


def test_an_update_is_exactly_a_full_build(library, seed_papers):
    CatalogCache.ensure_built()
    # New papers, and papers already there changed (merged in place: new tags, abstract).
    known = library.papers()
    changed = [known[5].with_changes(abstract="A new abstract on speculative decoding.",
                                     tags=("later",)),
               known[40].with_changes(title=known[40].title + " (v2)")]
    result = library.add(synthetic(seed_papers, 60, start=5000, rng_seed=9) + changed)
    assert result.added == 60 and result.updated == 2
    refresh_cache(result, library)
    updated = sections(only_cache_file())
    for path in cache_dir().glob("catalog-*.bin"):
        path.unlink()
    CatalogCache.ensure_built()  # cold: nothing to reuse
    full = sections(only_cache_file())
    assert updated.keys() == full.keys()
    for name in full:
        assert updated[name] == full[name], name


def test_papers_in_memory_are_not_used_if_another_process_wrote_since(library, seed_papers):
    CatalogCache.ensure_built()
    mine = Library(library.path)
    result = mine.add(synthetic(seed_papers, 3, start=7000))
    Library(library.path).add(synthetic(seed_papers, 2, start=8000))  # another process
    refresh_cache(result, mine)
    cache = CatalogCache.open(build=False)
    assert cache is not None
    ids = {p.id for p in cache.papers()}
    cache.close()
    assert {"2401.08000", "2401.08001", "2401.07000"} <= ids


def test_a_killed_build_leaves_the_old_cache_or_the_new(library, seed_papers):
    CatalogCache.ensure_built()
    old = sections(only_cache_file())
    library.add(synthetic(seed_papers, 300, start=9000))
    rng = random.Random(17)
    new = None
    env = dict(os.environ)
    for _round in range(6):
        child = subprocess.Popen([sys.executable, "-m", "reader.catalog.cache"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.05, 0.8))
        child.send_signal(signal.SIGKILL)
        child.wait()
        for path in cache_dir().glob("catalog-*.bin"):
            found = sections(path)  # opens whole: CacheDamaged would fail the test
            if found != old:
                if new is None:
                    CatalogCache.ensure_built()
                    new = sections(only_cache_file())
                    for other in cache_dir().glob("catalog-*.bin"):
                        other.unlink()
                    continue
                assert found == new
    cache = CatalogCache.open()  # whatever was left, the reader opens the current library
    assert cache.count == len(CatalogCache.open().papers())
    cache.close()


def test_tagging_in_other_processes_while_indexing_gives_the_same_cache(library, monkeypatch):
    import threading

    from reader.catalog import build as cache_build

    if threading.active_count() > 1:  # forking is refused then
        pytest.skip("another thread runs in this process")
    CatalogCache.ensure_built()
    alone = sections(only_cache_file())
    for path in cache_dir().glob("catalog-*.bin"):
        path.unlink()
    started = []
    real = cache_build._tag_in_background

    def spy(*args):
        later = real(*args)
        started.append(later is not None)
        return later

    monkeypatch.setattr(cache_build, "PARALLEL_MIN", 1)
    monkeypatch.setattr(cache_build, "_tag_in_background", spy)
    monkeypatch.setattr(cache_build.os, "cpu_count", lambda: 2)
    CatalogCache.ensure_built()
    assert started == [True]
    assert sections(only_cache_file()) == alone


def test_tag_part_is_the_index_builders(library_loaded):
    from reader.catalog.build import tag_part
    from reader.query.build import build_parts

    meta, parts = build_parts(library_loaded)
    assert tag_part(library_loaded) == (meta["tags"], parts["tags"])


def test_the_previous_cache_reads_while_the_new_one_builds(library, seed_papers):
    assert CatalogCache.open_previous() is None
    CatalogCache.ensure_built()
    before = CatalogCache.open().papers()
    library.add(synthetic(seed_papers, 5, start=9500))
    assert CatalogCache.open(build=False) is None  # stale now
    previous = CatalogCache.open_previous()
    assert previous is not None and previous.papers() == before
    assert CatalogCache.build_in_subprocess() is True  # removes the old file
    assert previous.papers() == before and previous.paper(3) == previous.full_papers([3]).__next__()
    assert previous.abstract(0)
    fresh = CatalogCache.open(build=False)
    assert fresh.count == len(before) + 5
    previous.close()
    fresh.close()
