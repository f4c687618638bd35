"""The search index after a daily import: `update_parts` (100 papers appended, 10 changed)
against `build_parts` of the whole library, at 10k and 100k papers (issue 17).

    .venv/bin/python bench/index_update_bench.py [--sizes 10000,100000] [--home DIR] [--check]

Papers come from a library's catalog cache when `--home` names its XDG_DATA_HOME (use a copy:
the cache is only read), else from bench/synth.py's `synthetic_papers` (slower to make). The
appended papers are copies of random ones under new ids, a third with a new author name, all
with a new word in the title; the changed ones get another paper's abstract, tags and authors.
Columns: `build_parts` of the library; `update_parts` on a `MemoryStore` of the built parts;
`update_parts` on those parts written to a section file as the catalog cache keeps them
(`SectionFile`: each part read whole and its CRC checked); writing the updated parts to a new
section file (what the catalog cache does with them today: the whole file is written again).
`--check` also compares the update with a build of the new list.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.catalog.section_file import SectionFile, SectionWriter  # noqa: E402
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
    from reader.catalog.cache import CatalogCache

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


def _write(parts: dict[str, bytes], path: Path) -> None:
    writer = SectionWriter(path)
    for name, data in parts.items():
        writer.add(name, data)
    writer.commit({})


def _best(work, rounds: int) -> tuple[float, object]:  # noqa: ANN001
    """The least time of `rounds` runs (the machine is shared: the others measure the
    neighbours), and what the work gave."""
    took, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = work()
        took.append(time.perf_counter() - start)
    return min(took), result


def _same(got: tuple[dict, dict], want: tuple[dict, dict]) -> bool:
    return got[0] == want[0] and got[1].keys() == want[1].keys() and all(
        bytes(got[1][name]) == bytes(want[1][name]) for name in want[1])


def measure(papers: list[Paper], rounds: int, check: bool, work: Path) -> list[float]:
    start = time.perf_counter()
    meta, parts = build_parts(papers)
    build = time.perf_counter() - start
    old, new = a_change(papers, random.Random(len(papers)))
    store = MemoryStore(parts)
    in_memory, result = _best(lambda: update_parts(store, meta, old, new), rounds)
    path = work / f"index-{len(papers)}.bin"
    _write(parts, path)
    cached = SectionFile(path)
    from_file, _ = _best(lambda: update_parts(cached, meta, old, new), rounds)
    cached.close()
    writing, _ = _best(lambda: _write(result[1], path), rounds)
    if check:
        after = list(papers)
        for position, paper in sorted(new.items()):
            if position < len(papers):
                after[position] = paper
            else:
                after.append(paper)
        same = _same(result, build_parts(after))
        print(f"  {len(papers)}: the update is {'exactly' if same else 'NOT'} the build")
    return [build, in_memory, from_file, writing]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--home", help="an XDG_DATA_HOME whose catalog cache holds the papers")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    papers = library_papers(args.home, max(sizes))
    with tempfile.TemporaryDirectory(prefix="index-update-bench-") as work:
        rows = [(size, *measure(papers[:size], args.rounds, args.check, Path(work)))
                for size in sizes]
    print(f"{APPENDED} papers appended, {CHANGED} changed; seconds (updates and writes: best of"
          f" {args.rounds})")
    print(f"{'papers':>8}  {'build_parts':>11}  {'update_parts':>12}  {'from file':>9}"
          f"  {'write file':>10}")
    for size, build, in_memory, from_file, writing in rows:
        print(f"{size:>8}  {build:>11.2f}  {in_memory:>12.3f}  {from_file:>9.3f}"
              f"  {writing:>10.3f}")


if __name__ == "__main__":
    main()
