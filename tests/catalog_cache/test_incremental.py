"""An import into a library whose cache is built changes the cache paper by paper
(`reader.catalog.update`), and the file it writes is exactly the one a full build of the new
library writes; where it cannot be, it writes nothing and the slow way is taken."""

from __future__ import annotations

import pytest

from reader.catalog.cache import CatalogCache, cache_dir
from reader.catalog.update import add_papers
from reader.library import Library
from reader.library_update import add_papers as add_to_library
from tests.catalog_cache.conftest import synthetic
from tests.catalog_cache.test_update import only_cache_file, sections


def full_build_sections() -> dict:
    for path in cache_dir().glob("catalog-*.bin"):
        path.unlink()
    CatalogCache.ensure_built()  # cold: nothing to reuse
    return sections(only_cache_file())


def assert_same_as_full_build() -> None:
    updated = sections(only_cache_file())
    full = full_build_sections()
    assert updated.keys() == full.keys()
    for name in full:
        assert updated[name] == full[name], name


@pytest.fixture
def journalled(library):
    """The test library written whole once more by this version (with a generation)."""
    library._write(library.papers())
    CatalogCache.ensure_built()
    return Library(library.path)


def test_new_papers_and_changed_ones_give_the_full_builds_cache(journalled, seed_papers):
    known = journalled.papers()
    changed = [known[5].with_changes(abstract="A new abstract on speculative decoding.",
                                     tags=("later",), upvotes=7),
               known[140].with_changes(collection="daily-2026-01-02", comments=3),
               known[399].with_changes(authors=("Ana Souza", "New Person"))]
    result = add_papers(journalled, synthetic(seed_papers, 60, start=5000, rng_seed=9) + changed)
    assert result is not None, "the cache could not take the import"
    assert (result.added, result.updated) == (60, 3)
    assert len(Library(journalled.path).papers()) == len(known) + 60
    assert_same_as_full_build()


def test_two_imports_in_a_row(journalled, seed_papers):
    first = synthetic(seed_papers, 5, start=6000)
    assert add_papers(journalled, first) is not None
    again = [first[3].with_changes(upvotes=500, collection="daily-2026-02-02"),
             first[4].with_changes(comments=9), *synthetic(seed_papers, 1, start=6005)]
    result = add_papers(Library(journalled.path), again)
    assert result is not None and (result.added, result.updated) == (1, 2)
    assert_same_as_full_build()


def test_an_import_that_changes_nothing_writes_nothing(journalled):
    before = sections(only_cache_file())
    size = journalled.journal.size()
    result = add_papers(journalled, journalled.papers()[:3])
    assert result is not None and (result.added, result.updated, result.unchanged) == (0, 0, 3)
    assert journalled.journal.size() == size
    assert sections(only_cache_file()) == before


def test_a_paper_meeting_a_built_in_one_is_left_to_a_full_build(journalled, seed_papers):
    before = sections(only_cache_file())
    builtin = seed_papers[10].with_changes(upvotes=12345)
    assert add_papers(journalled, [builtin]) is None
    assert sections(only_cache_file()) == before  # nothing written
    result = add_to_library(journalled, [builtin])  # the slow way, then a build
    assert result.added == 1  # new to the library; merged into the built-in paper in the catalog
    CatalogCache.ensure_built()
    assert_same_as_full_build()


def test_a_changed_title_is_left_to_a_full_build(journalled):
    paper = journalled.papers()[200]
    assert add_papers(journalled, [paper.with_changes(title="Quite Another Title")]) is None


def test_no_cache_no_fast_way(library, seed_papers):
    for path in cache_dir().glob("catalog-*.bin"):
        path.unlink()
    library._write(library.papers())
    assert add_papers(library, synthetic(seed_papers, 2, start=7000)) is None


def test_a_full_journal_is_folded_in_the_slow_way(journalled, seed_papers, monkeypatch):
    from reader import library as library_module

    assert add_papers(journalled, synthetic(seed_papers, 2, start=7100)) is not None
    monkeypatch.setattr(library_module, "COMPACT_AT", 0.0)
    papers = synthetic(seed_papers, 2, start=7200)
    assert add_papers(journalled, papers) is None  # the journal is "full"
    add_to_library(journalled, papers)
    assert journalled.journal.size() == 0  # written whole
    assert len(Library(journalled.path).papers()) == 400 + 1 + 4


def test_an_import_killed_at_any_moment_leaves_the_old_cache_or_the_new(journalled):
    """`reader import` killed while it journals or writes the cache: the library holds the
    import or not (never part of a paper), each cache file left is whole, and the next start
    serves the library as it is."""
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    from reader.catalog.plan import plan_catalog
    from tests.conftest import FIXTURES

    before = len(journalled.papers())
    library_bytes = journalled.path.read_bytes()
    rng = random.Random(23)
    for _round in range(6):
        child = subprocess.Popen([sys.executable, "-m", "reader", "import",
                                  str(FIXTURES / "hf_daily_papers_2026.json")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env=dict(os.environ))
        time.sleep(rng.uniform(0.2, 1.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        for path in cache_dir().glob("catalog-*.bin"):
            sections(path)  # opened whole: CacheDamaged would fail the test
        assert len(Library(journalled.path).papers()) in (before, before + 30)
        cache = CatalogCache.open()  # the current cache, built if the kill left it stale
        assert [p.id for p in cache.papers()] == [p.id for p in plan_catalog().papers]
        cache.close()
        journalled.path.write_bytes(library_bytes)  # the library before the import again
        journalled.journal.remove()
        CatalogCache.ensure_built()  # so that the next import finds its cache fresh


def test_the_new_cache_reuses_the_papers_of_the_chunks_it_shares(journalled, seed_papers,
                                                                  monkeypatch):
    from reader.catalog import build

    monkeypatch.setattr(build, "CHUNK", 64)  # several chunks in a small library
    for path in cache_dir().glob("catalog-*.bin"):
        path.unlink()
    CatalogCache.ensure_built()
    old = CatalogCache.open(build=False)
    old.papers()
    known = journalled.papers()
    assert add_papers(journalled, [known[300].with_changes(upvotes=77),
                                   *synthetic(seed_papers, 3, start=8100)]) is not None
    new = CatalogCache.open(build=False)
    decoded = []
    real = new._chunk
    monkeypatch.setattr(new, "_chunk", lambda start, shared=None: decoded.append(start)
                        or real(start, shared))
    reused = new.papers(previous=old)
    assert reused == CatalogCache.open(build=False).papers()  # as if decoded afresh
    assert 1 <= len(decoded) <= 3 < len(new.chunks)  # the changed and the last chunk only


def test_a_damaged_cache_section_takes_the_slow_way(journalled, seed_papers):
    """A cache whose library keys are damaged is not trusted: the import adds the papers the
    slow way and the cache is built again."""
    from reader.catalog.section_file import SectionFile

    path = only_cache_file()
    file = SectionFile(path)
    offset, length, _crc = file.header["sections"]["lib.keys"]
    file.close()
    with open(path, "r+b") as handle:
        handle.seek(offset + length // 2)
        handle.write(b"\xff\xfe")
    papers = synthetic(seed_papers, 2, start=8200)
    assert add_papers(journalled, papers) is None
    result = add_to_library(journalled, papers)
    assert result.added == 2
    CatalogCache.ensure_built()
    assert_same_as_full_build()
