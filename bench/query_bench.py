"""Per-keystroke cost of the search query language, and the catalog cache, at 95, 10k, 100k.

    .venv/bin/python bench/query_bench.py [--sizes 95,10000,100000] [--repeat 3] [--rebuild]

Libraries are bench/synth.py's (the built-in catalog plus synthetic papers made of its words),
copied once into bench/out/query-bench/SIZE/ where their catalog cache is built and kept
(`--rebuild` builds it again, timed; the first run at 100k takes ~1.5 min, mostly tagging).
Then it times opening the cache, the first screenful (`head`), every paper (`papers`) and the
search index, and types each query of TYPED letter by letter:

  screen    `LiveSearch(limit=40).update`: the first screenful, what the UI thread waits for
  complete  `LiveSearch.complete` of a screen that was not every match (a worker's job)
  live      `LiveSearch.update` without a limit: every match, narrowing and remembering
  full      parse + `SearchIndex.filter` of every prefix that parses, nothing remembered
  +erase    typing then backspacing to one letter, with `screen`

The baseline is a plain `'serving' in paper.abstract` scan over all papers (abstracts in
memory), measured in the same run; the ratios are medians / baseline.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402
from reader.catalog import files as catalog  # noqa: E402
from reader.catalog.cache import CatalogCache  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.query import LiveSearch, QueryError, SearchIndex, parse  # noqa: E402
from reader.state import PaperState  # noqa: E402

TYPED = [
    "serving tag:llm",
    "mixture of experts",
    "speculative decoding has:code",
    "kv cache -tag:survey",
    "melange",
    '"language model"',
    "author:sato upvotes:>10",
    "abstract:gpu title:agent",
]
BASELINE_WORD = "serving"
SCREEN = 40
OUT = ROOT / "bench" / "out" / "query-bench"


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20


def prefixes(text: str) -> list[str]:
    return [text[:k] for k in range(1, len(text) + 1)]


def ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def data_home(size: int) -> Path:
    """A data home of its own for `size` (its cache is built there and kept)."""
    home = OUT / str(size)
    source = synth.library_home(size)
    library = home / "paper-reader" / "library.json"
    if source is not None and not library.exists():
        library.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "paper-reader" / "library.json", library)
    home.mkdir(parents=True, exist_ok=True)
    return home


def time_cache(rebuild: bool) -> dict[str, float]:
    if rebuild:
        shutil.rmtree(Path(os.environ["XDG_DATA_HOME"]) / "paper-reader" / "cache",
                      ignore_errors=True)
    began = time.perf_counter()
    built = CatalogCache.build_in_subprocess()  # keeps this process's memory clean
    build = ms(began) / 1000 if built else float("nan")
    began = time.perf_counter()
    cache = CatalogCache.open(build=False)
    times = {"build": build, "open": ms(began)}
    began = time.perf_counter()
    cache.head(SCREEN)
    times["head"] = ms(began)
    return times | {"cache": cache}


def time_typing(index: SearchIndex, repeat: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {"screen": [], "complete": [], "live": [], "full": [],
                                     "erase": []}
    for _ in range(repeat):
        gc.collect()
        for query in TYPED:
            screen, live = LiveSearch(index, limit=SCREEN), LiveSearch(index)
            for text in prefixes(query):
                began = time.perf_counter()
                result = screen.update(text)
                took = ms(began)
                if result.error is not None:
                    continue
                found["screen"].append(took)
                if not result.complete:
                    began = time.perf_counter()
                    screen.complete(result)
                    found["complete"].append(ms(began))
                began = time.perf_counter()
                live.update(text)
                found["live"].append(ms(began))
                began = time.perf_counter()
                try:
                    index.filter(parse(text))
                except QueryError:
                    continue
                found["full"].append(ms(began))
            erase = LiveSearch(index, limit=SCREEN)
            for text in prefixes(query) + prefixes(query)[-2::-1]:
                began = time.perf_counter()
                if erase.update(text).error is None:
                    found["erase"].append(ms(began))
    return found


def time_baseline(repeat: int) -> float:
    from reader import paths

    papers = catalog.builtin_papers() + Library(paths.default_library_path()).papers()
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        [i for i, p in enumerate(papers) if BASELINE_WORD in p.abstract]
        runs.append(ms(began))
    return statistics.median(runs)


def measure(size: int, repeat: int, rebuild: bool) -> dict:
    os.environ["XDG_DATA_HOME"] = str(data_home(size))
    result = time_cache(rebuild)
    cache = result.pop("cache")
    gc.collect()
    before = rss_mb()
    began = time.perf_counter()
    papers = cache.papers()
    result["papers"] = ms(began)
    result["papers_mb"] = rss_mb() - before
    states = {p.id: PaperState(read=True) for p in papers[::3]}
    began = time.perf_counter()
    index = cache.search_index(states)
    result["index"] = ms(began)
    tracemalloc.start()
    again = cache.search_index(states)
    result["index_mb"] = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    del again
    result["rss"] = rss_mb()
    result["count"] = cache.count
    result["typing"] = time_typing(index, repeat)
    result["baseline"] = time_baseline(repeat * 3)
    cache.close()
    return result


def med_max(values: list[float]) -> str:
    if not values:
        return f"{'-':>13}"
    return f"{statistics.median(values):>6.2f}/{max(values):<6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="95,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="build each cache again, timed")
    args = parser.parse_args()
    print(f"typed letter by letter: {', '.join(repr(q) for q in TYPED)}")
    print(f"baseline: [i for i, p in enumerate(papers) if {BASELINE_WORD!r} in p.abstract]\n")
    print(f"{'papers':>7} {'build s':>8} {'open ms':>8} {'head ms':>8} {'papers ms':>9} "
          f"{'+MB':>5} {'index ms':>8} {'index MB':>8} {'RSS MB':>7}")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size, args.repeat, args.rebuild)
        rows.append(r)
        print(f"{r['count']:>7} {r['build']:>8.1f} {r['open']:>8.2f} {r['head']:>8.2f} "
              f"{r['papers']:>9.0f} {r['papers_mb']:>5.0f} {r['index']:>8.0f} "
              f"{r['index_mb']:>8.1f} {r['rss']:>7.0f}")
    print(f"\n{'papers':>7} {'screen med/max':>14} {'complete med/max':>16} "
          f"{'live med/max':>13} {'full med/max':>13} {'+erase med/max':>14} "
          f"{'baseline':>9} {'screen/base':>11} {'full/base':>9}")
    for r in rows:
        t = r["typing"]
        print(f"{r['count']:>7} {med_max(t['screen']):>14} {med_max(t['complete']):>16} "
              f"{med_max(t['live'])} {med_max(t['full'])} {med_max(t['erase']):>14} "
              f"{r['baseline']:>9.2f} {statistics.median(t['screen']) / r['baseline']:>11.3f} "
              f"{statistics.median(t['full']) / r['baseline']:>9.3f}")
    print("\nms per keystroke (screen = first 40 matches, the UI thread's wait; complete = the "
          "rest, in a worker).\nbuild = CatalogCache.ensure_built (nan: the cache was "
          "fresh; --rebuild times it; in a child process); +MB = RSS growth by papers();\nindex MB = memory the "
          "search index holds (tracemalloc); RSS MB = the process with papers and index.")


if __name__ == "__main__":
    main()
