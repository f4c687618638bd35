"""The search index after a daily import: `update_parts` (100 papers appended, 10 changed)
against `build_parts` of the whole library, at 10k and 100k papers (issue 17).

    .venv/bin/python bench/index_update_bench.py [--sizes 10000,100000] [--home DIR] [--check]

Papers come from a library's catalog cache when `--home` names its XDG_DATA_HOME (use a copy:
the cache is only read), else from bench/synth.py's `synthetic_papers` (slower to make). The
appended papers are copies of random ones under new ids, a third with a new author name, all
with a new word in the title; the changed ones get another paper's abstract, tags and authors.
update_parts runs on a `MemoryStore` of the built parts (the figures leave out reading and
writing the cache file). `--check` also compares the update with a build of the new list.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.model import Paper  # noqa: E402
from reader.query.build import build_parts  # noqa: E402
from reader.query.store import MemoryStore  # noqa: E402
from reader.query.update import update_parts  # noqa: E402

APPENDED, CHANGED = 100, 10


def library_papers(home: str | None, count: int) -> list[Paper]:
    if home is None:
        from bench.synth import synthetic_papers

        return synthetic_papers(count)
    os.environ.update(XDG_DATA_HOME=home, XDG_CONFIG_HOME=f"{home}/config",
                      XDG_STATE_HOME=f"{home}/state")
    from reader.catalog_cache import CatalogCache

    cache = CatalogCache.open_previous()  # whatever code made it: only its papers are read
    if cache is None:
        raise SystemExit(f"no catalog cache for the library in {home}")
    papers = list(cache.full_papers(range(min(count, cache.count))))
    if len(papers) < count:
        raise SystemExit(f"the library in {home} holds {cache.count} papers, not {count}")
    return papers


def a_change(papers: list[Paper], rng: random.Random) -> tuple[dict, dict]:
    """(old, new) for update_parts: APPENDED new papers and CHANGED changed ones."""
    size = len(papers)
    new: dict[int, Paper] = {}
    for position in rng.sample(range(size), CHANGED):
        other = papers[rng.randrange(size)]
        new[position] = papers[position].with_changes(
            abstract=other.abstract, tags=other.tags, authors=other.authors)
    for n in range(APPENDED):
        source = papers[rng.randrange(size)]
        authors = source.authors + ((f"Newcomer Number{n}",) if n % 3 == 0 else ())
        new[size + n] = source.with_changes(
            id=f"new.{n:05d}", title=f"{source.title} Freshword{n}", authors=authors)
    return {p: papers[p] for p in new if p < size}, new


def measure(papers: list[Paper], rounds: int, check: bool) -> tuple[float, float]:
    start = time.perf_counter()
    meta, parts = build_parts(papers)
    build = time.perf_counter() - start
    store = MemoryStore(parts)
    old, new = a_change(papers, random.Random(len(papers)))
    took = []
    for _ in range(rounds):
        start = time.perf_counter()
        result = update_parts(store, meta, old, new)
        took.append(time.perf_counter() - start)
    if check:
        after = list(papers)
        for position, paper in sorted(new.items()):
            if position < len(papers):
                after[position] = paper
            else:
                after.append(paper)
        want_meta, want_parts = build_parts(after)
        same = result[0] == want_meta and result[1].keys() == want_parts.keys() and all(
            bytes(result[1][name]) == bytes(want_parts[name]) for name in want_parts)
        print(f"  {len(papers)}: the update is {'exactly' if same else 'NOT'} the build")
    return build, statistics.median(took)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--home", help="an XDG_DATA_HOME whose catalog cache holds the papers")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    papers = library_papers(args.home, max(sizes))
    rows = [(size, *measure(papers[:size], args.rounds, args.check)) for size in sizes]
    print(f"{'papers':>8}  {'build_parts s':>13}  {'update_parts s':>14}"
          f"   ({APPENDED} appended, {CHANGED} changed; median of {args.rounds})")
    for size, build, update in rows:
        print(f"{size:>8}  {build:>13.2f}  {update:>14.3f}")


if __name__ == "__main__":
    main()
