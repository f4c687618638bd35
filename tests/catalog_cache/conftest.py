"""A small synthetic library (real seed sentences recombined) for catalog cache tests."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil

import pytest

from reader import paths
from reader.catalog import files as catalog
from reader.library import Library, load_library, merge_papers
from reader.model import Link, Paper
from reader.tags import load_rules

NAMES = ("José García", "Tri Dao", "Ion Stoica", "Zoë Müller", "Wei Chen", "Ana Souza")


def synthetic(seed_papers, count: int, start: int = 0, rng_seed: int = 1) -> list[Paper]:
    """`count` papers made of the seed's sentences, arXiv ids 2401.{start}..., untagged."""
    rng = random.Random(rng_seed)
    sentences = [s for p in seed_papers for s in re.split(r"(?<=\.)\s+", p.abstract)]
    titles = [p.title for p in seed_papers]
    papers = []
    for n in range(start, start + count):
        title = f"Model{n}: {rng.choice(titles)}"
        if n % 7 == 0:
            title += " — Café"
        links = (Link(f"https://github.com/lab/m{n}", "code"),) if n % 3 == 0 else ()
        if n % 11 == 0:
            links += (Link(f"https://lab.github.io/m{n}/", "project"),)
        papers.append(Paper(
            id=f"2401.{n:05d}", arxiv_id=f"2401.{n:05d}", title=title,
            abstract=" ".join(rng.sample(sentences, rng.randint(2, 9))),
            date=dt.date(2024, 1, 1) + dt.timedelta(days=n % 300),
            collection=f"daily-{(dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)).isoformat()}",
            authors=tuple(rng.sample(NAMES, rng.randint(0, 3))), links=links,
            tags=("imported",) if n % 5 == 0 else (),
            upvotes=rng.randrange(300) if n % 2 else None,
            github_stars=rng.randrange(5000) if links and n % 4 else None,
            comments=rng.randrange(5) if n % 3 else None,
            extra=(("doi", f"10.1/{n}"),) if n % 13 == 0 else ()))
    return papers


@pytest.fixture(scope="session")
def library_file(seed_papers, tmp_path_factory):
    """A library of 400 synthetic papers plus a seed paper re-imported (merged in place)."""
    path = tmp_path_factory.mktemp("lib") / "library.json"
    Library(path).add(synthetic(seed_papers, 400) + [seed_papers[3].with_changes(upvotes=999)])
    return path


@pytest.fixture(scope="session")
def library_loaded(library_file):
    """What catalog.load() gives with that library (and no user tags.toml), computed once."""
    merged, _ = merge_papers(catalog.builtin_papers(), load_library(library_file))
    rules = load_rules(paths.bundled_data_dir() / "tags.toml")
    return catalog.tag_all(catalog.dedupe(merged), rules)


@pytest.fixture
def library(library_file):
    """The synthetic library as this test's library (a fresh copy)."""
    path = paths.default_library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(library_file, path)
    return Library(path)
