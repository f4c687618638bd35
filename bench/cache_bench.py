"""Catalog cache timings at scale (issue 17): the first build, `reader import` of ~100 real
papers into a large library end to end, and `reader list --format json` (and jsonl) of every
paper and of a query's hits.

    .venv/bin/python bench/cache_bench.py [--sizes 10000,100000] [--rounds 3]

Libraries come from bench/synth.py (cached under bench/out/). Each size gets a fresh copy
of its data home in a temp folder; every figure is the wall time of a real `reader` process
(python -m reader ...), so interpreter start-up and imports are included. The papers
imported are the test fixtures' real Daily Papers and arXiv answers (86 papers:
hf_daily_papers_2026.json 30, arxiv_atom_cs_ai_lg.xml 50, daily-papers-2025-10-03.txt 3,
arxiv_rss_cs_lg.xml 3). Medians of `--rounds` runs; the first build and each import run
on a fresh copy of the library (an import changes it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synth import library_home  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
IMPORTED = [FIXTURES / name for name in ("hf_daily_papers_2026.json", "arxiv_atom_cs_ai_lg.xml",
                                         "daily-papers-2025-10-03.txt", "arxiv_rss_cs_lg.xml")]
QUERY = "tag:federated tag:survey"


def run(home: Path, *argv: str) -> float:
    env = {**os.environ, "XDG_DATA_HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache")}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *argv], env=env, capture_output=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed: {done.stderr.decode()[-500:]}")
    return took


def fresh_copy(source: Path, into: Path) -> Path:
    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(source, into, ignore=shutil.ignore_patterns("cache"))
    return into


def measure(size: int, rounds: int, work: Path) -> dict[str, float]:
    source = library_home(size)
    base = work / f"base-{size}"
    builds = []
    for _ in range(rounds):
        fresh_copy(source, base)
        builds.append(run(base, "-m", "reader.catalog.cache"))
    imports = []
    for n in range(rounds):
        copy = work / f"import-{size}-{n}"
        shutil.copytree(base, copy)  # with the built cache: the daily case
        imports.append(run(copy, "-m", "reader", "import", *map(str, IMPORTED)))
        shutil.rmtree(copy)
    list_all = [run(base, "-m", "reader", "list", "--format", "json") for _ in range(rounds)]
    list_lines = [run(base, "-m", "reader", "list", "--format", "jsonl") for _ in range(rounds)]
    hits = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--format", "json", "--query", QUERY],
        env={**os.environ, "XDG_DATA_HOME": str(base), "XDG_STATE_HOME": str(base / "state"),
             "XDG_CONFIG_HOME": str(base / "config")},
        capture_output=True, text=True, check=True).stdout.count('\n    "id"')
    list_query = [run(base, "-m", "reader", "list", "--format", "json", "--query", QUERY)
                  for _ in range(rounds)]
    return {"build": statistics.median(builds), "import": statistics.median(imports),
            "list": statistics.median(list_all), "jsonl": statistics.median(list_lines),
            "query": statistics.median(list_query),
            "hits": hits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cache-bench-") as folder:
        rows = [(size, measure(size, args.rounds, Path(folder)))
                for size in map(int, args.sizes.split(","))]
    print("| papers | first build (s) | import of 86 papers (s) | list --format json, all (s) "
          "| list --format jsonl, all (s) | list, query hits (s) | hits |")
    print("|-------:|----------------:|------------------------:|----------------------------:"
          "|-----------------------------:|---------------------:|-----:|")
    for size, found in rows:
        print(f"| {size:>6} | {found['build']:15.2f} | {found['import']:23.2f} "
              f"| {found['list']:27.2f} | {found['jsonl']:28.2f} | {found['query']:20.2f} "
              f"| {found['hits']:4d} |")


if __name__ == "__main__":
    main()
