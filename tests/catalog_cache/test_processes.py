"""Several processes: concurrent opens build once and agree; a rebuild elsewhere leaves an
open cache readable; a child process builds for a UI; import and fetch rebuild."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader import paths
from reader.catalog import files as catalog
from reader.catalog.cache import CatalogCache, cache_dir
from reader.errors import ReaderError
from reader.library import Library
from tests.catalog_cache.conftest import synthetic
from tests.conftest import FIXTURES

OPEN = ("from reader.catalog.cache import CatalogCache; c = CatalogCache.open(); "
        "print(c.fingerprint, c.count, len(c.papers()), c.abstract(c.count - 1)[:20])")


def test_two_processes_opening_at_once_agree(library):
    children = [subprocess.Popen([sys.executable, "-c", OPEN], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    first, second = (out.split() for out, _err in outputs)
    assert first == second and first[1] == first[2] == str(len(catalog.load()))
    assert sorted(p.name for p in cache_dir().iterdir()) == [
        ".build.lock", f"catalog-{first[0][:20]}.bin"]


def test_an_open_cache_outlives_a_rebuild_by_another_process(library, seed_papers):
    cache = CatalogCache.open()
    before = catalog.load()
    Library().add(synthetic(seed_papers, 3, start=7000))
    done = subprocess.run([sys.executable, "-c", OPEN], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split()[1] == str(cache.count + 3)
    assert not cache.path.exists()  # replaced; this process still reads the old file
    assert cache.papers() == [p.with_changes(abstract="", extra=()) for p in before]
    assert cache.abstract(cache.count - 1) == before[-1].abstract


def test_build_in_a_child_process(library):
    assert CatalogCache.build_in_subprocess() is True
    assert CatalogCache.build_in_subprocess() is False
    assert CatalogCache.open(build=False) is not None


def test_a_child_build_reports_a_broken_tags_toml(library):
    user = paths.config_dir() / "tags.toml"
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text("[tags.x\n", encoding="utf-8")
    with pytest.raises(ReaderError, match=r"^\S*tags.toml is not valid TOML"):
        CatalogCache.build_in_subprocess()


def test_import_leaves_a_fresh_cache():
    from reader.cli import main

    assert main(["import", str(FIXTURES / "hf_daily_papers_2026.json")]) == 0
    cache = CatalogCache.open(build=False)
    assert cache is not None and cache.count == len(catalog.load())
