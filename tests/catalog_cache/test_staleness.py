"""The cache is rebuilt when an input changes (library, tags.toml, built-in catalog), reuses
the tags of unchanged papers, and is left alone otherwise."""

from __future__ import annotations

import os
import shutil

import pytest

from reader import paths
from reader.catalog import build as cache_build
from reader.catalog import files as catalog
from reader.catalog.cache import CatalogCache, cache_dir
from reader.errors import ReaderError
from reader.library import Library
from tests.catalog_cache.conftest import synthetic
from tests.conftest import SEED


def cache_files():
    return sorted(p.name for p in cache_dir().glob("*") if p.name != ".build.lock")


@pytest.fixture
def tagged(monkeypatch):
    """Counts the papers tagged by builds from now on."""
    calls = []
    real = cache_build.paper_tags
    monkeypatch.setattr(cache_build, "paper_tags", lambda p, rules: calls.append(p.id) or real(p, rules))
    return calls


def test_an_unchanged_input_reuses_the_file(library, tagged):
    first = CatalogCache.open()
    assert CatalogCache.ensure_built() is False
    again = CatalogCache.open()
    assert again.fingerprint == first.fingerprint and again.path == first.path
    assert len(tagged) == first.count
    assert cache_files() == [first.path.name]


def test_a_library_change_rebuilds_and_retags_only_changed_papers(library, seed_papers, tagged):
    before = CatalogCache.open()
    tagged.clear()
    new = synthetic(seed_papers, 5, start=5000, rng_seed=2)
    changed = library.papers()[10].with_changes(abstract="A new abstract about serving LLMs.")
    library.add([*new, changed])
    assert CatalogCache.ensure_built() is True
    after = CatalogCache.open()
    assert after.fingerprint != before.fingerprint and after.count == before.count + 5
    assert sorted(tagged) == sorted([p.id for p in new] + [changed.id])
    assert after.papers() == [p.with_changes(abstract="", extra=()) for p in catalog.load()]
    position = [p.id for p in after.papers()].index(changed.id)
    assert after.abstract(position) == changed.abstract
    assert cache_files() == [after.path.name]  # the old file is gone


def test_a_library_copied_with_its_times_keeps_its_cache(library):
    """`cp -a` or `rsync -a` of the data dir (a backup restored, another machine): the
    same bytes at the same time in a new inode are the same library."""
    before = CatalogCache.open()
    path = paths.default_library_path()
    status = path.stat()
    copy = path.with_name("copy.json")
    shutil.copyfile(path, copy)
    copy.replace(path)  # same bytes, new inode
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert CatalogCache.open().fingerprint == before.fingerprint
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    assert CatalogCache.open().fingerprint != before.fingerprint


def test_a_user_tags_toml_change_rebuilds_with_the_new_rules(library, tagged):
    before = CatalogCache.open()
    user = paths.config_dir() / "tags.toml"
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text('[tags.cafe]\nkeywords = ["café"]\n', encoding="utf-8")
    tagged.clear()
    after = CatalogCache.open()
    assert after.fingerprint != before.fingerprint
    assert len(tagged) == after.count  # new rules: every paper is tagged again
    cafe = [p.id for p in after.papers() if "cafe" in p.tags]
    assert cafe and cafe == [p.id for p in catalog.load() if "cafe" in p.tags]
    user.write_text('[tags.serving]\ndisabled = true\n', encoding="utf-8")
    assert not any("serving" in p.tags for p in CatalogCache.open().papers())


def test_a_broken_tags_toml_is_one_clear_error(library):
    user = paths.config_dir() / "tags.toml"
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text("[tags.x\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="tags.toml is not valid TOML"):
        CatalogCache.open()


def test_a_built_in_catalog_change_rebuilds(tmp_path, monkeypatch):
    builtin = tmp_path / SEED.name
    shutil.copyfile(SEED, builtin)
    monkeypatch.setattr(paths, "builtin_catalog_path", lambda: builtin)
    before = CatalogCache.open()
    text = builtin.read_text(encoding="utf-8")
    first_title = catalog.builtin_papers()[0].title
    builtin.write_text(text.replace(first_title, "A Renamed Paper About Caching", 1),
                       encoding="utf-8")
    after = CatalogCache.open()
    assert after.fingerprint != before.fingerprint
    assert after.head(1)[0].title == "A Renamed Paper About Caching"


def test_explicit_rules_are_part_of_the_fingerprint(library):
    rules = catalog.tag_rules()
    assert CatalogCache.open(rules=rules[:3]).fingerprint != CatalogCache.open().fingerprint
    few = CatalogCache.open(rules=rules[:3]).papers()
    assert few == [p.with_changes(abstract="", extra=()) for p in catalog.load(rules=rules[:3])]
    assert few != CatalogCache.open().papers()


def test_open_without_build_says_none_when_stale(library):
    assert CatalogCache.open(build=False) is None
    CatalogCache.open()
    assert CatalogCache.open(build=False) is not None
    Library().add(synthetic([catalog.builtin_papers()[0]], 1, start=9000))
    assert CatalogCache.open(build=False) is None
