"""Per-keystroke cost of the search query language at 95, 10k and 100k papers.

    .venv/bin/python bench/query_bench.py [--sizes 95,10000,100000] [--repeat 3]

Synthetic papers are the real seed's sentences recombined (~90-char titles, ~1,500-char
abstracts, 1-4 tags, some with code links, upvotes, stars and authors), each with a made-up
model name so the vocabulary grows with the corpus. For each typical query, typed letter by
letter, it times (a) a full parse + filter of every prefix that parses, and (b) `LiveSearch`,
which narrows within an earlier result and remembers recent ones. The baseline is a plain
`word in paper.abstract` scan over all papers, measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader import catalog, paths  # noqa: E402
from reader.model import Link, Paper  # noqa: E402
from reader.query import LiveSearch, QueryError, SearchIndex, parse  # noqa: E402
from reader.state import PaperState  # noqa: E402
from reader.tags import load_rules  # noqa: E402

TYPED = [
    "serving tag:llm",
    "mixture of experts",
    "speculative decoding has:code",
    "kv cache -tag:survey",
    "melange",
]
BASELINE_WORD = "serving"
_SYLLABLES = ["zor", "bla", "ti", "qua", "nex", "mo", "ra", "vin", "tek", "lu", "phi", "dra"]


def seed_papers() -> list[Paper]:
    rules = load_rules(paths.bundled_data_dir() / "tags.toml")
    return catalog.tag_all(catalog.builtin_papers(), rules)


def synthetic(count: int, seed: list[Paper], rng: random.Random) -> list[Paper]:
    sentences = [s for p in seed for s in re.split(r"(?<=\.)\s+", p.abstract) if len(s) > 30]
    halves = [t.split(":", 1)[-1].strip() for t in (p.title for p in seed)]
    tag_pool = [t for p in seed for t in p.tags if t != "has-code"]
    start = dt.date(2024, 1, 1)
    papers = []
    for n in range(count):
        name = "".join(rng.choices(_SYLLABLES, k=3)).capitalize() + f"-{rng.randint(1, 70)}B"
        title = f"{name}: {rng.choice(halves)}"
        while len(title) < 80:
            title += " with " + rng.choice(halves).split(" ", 3)[-1]
        parts, size = [f"We present {name}."], 0
        while size < 1450:
            parts.append(rng.choice(sentences))
            size += len(parts[-1]) + 1
        links = (Link(f"https://github.com/lab/{name.lower()}", "code"),) \
            if rng.random() < 0.3 else ()
        tags = tuple(dict.fromkeys(rng.choices(tag_pool, k=rng.randint(1, 4))))
        papers.append(Paper(
            id=f"synthetic-{n}", title=title[:100], abstract=" ".join(parts),
            date=start + dt.timedelta(days=rng.randrange(640)),
            authors=tuple(f"{rng.choice(_SYLLABLES).capitalize()} Author{rng.randrange(5000)}"
                          for _ in range(rng.randint(2, 6))),
            links=links, tags=tags + (("has-code",) if links else ()),
            upvotes=rng.randrange(300) if rng.random() < 0.6 else None,
            github_stars=rng.randrange(5000) if links and rng.random() < 0.8 else None,
        ))
    return papers


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20


def prefixes(text: str) -> list[str]:
    return [text[:k] for k in range(1, len(text) + 1)]


def time_full(index: SearchIndex, texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        began = time.perf_counter()
        try:
            index.filter(parse(text))
        except QueryError:
            continue  # the box keeps its last result; nothing to filter
        times.append((time.perf_counter() - began) * 1000)
    return times


def time_live(index: SearchIndex, texts: list[str]) -> list[float]:
    live, times = LiveSearch(index), []
    for text in texts:
        began = time.perf_counter()
        result = live.update(text)
        elapsed = (time.perf_counter() - began) * 1000
        if result.error is None:
            times.append(elapsed)
    return times


def time_baseline(papers: list[Paper], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        [i for i, p in enumerate(papers) if BASELINE_WORD in p.abstract]
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs)


def measure(papers: list[Paper], repeat: int) -> dict[str, float]:
    gc.collect()
    before = rss_mb()
    began = time.perf_counter()
    states = {p.id: PaperState(read=True) for p in papers[::3]}
    index = SearchIndex(papers, states)
    build = (time.perf_counter() - began) * 1000
    gc.collect()
    grown = rss_mb() - before
    typing = [t for q in TYPED for t in prefixes(q)]
    erasing = [t for q in TYPED for t in prefixes(q) + prefixes(q)[-2::-1]]
    full, live, live_erase = [], [], []
    for _ in range(repeat):
        gc.collect()
        full += time_full(index, typing)
        for query in TYPED:
            live += time_live(index, prefixes(query))
            live_erase += time_live(index, prefixes(query) + prefixes(query)[-2::-1])
    baseline = time_baseline(papers, repeat * 3)
    return {
        "papers": len(papers), "build": build, "index_mb": grown, "before": before,
        "full_med": statistics.median(full), "full_max": max(full),
        "live_med": statistics.median(live), "live_max": max(live),
        "erase_med": statistics.median(live_erase), "erase_max": max(live_erase),
        "baseline": baseline, "keys": len(typing), "erase_keys": len(erasing),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="95,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seed, rng = seed_papers(), random.Random(2025)
    print(f"typed letter by letter: {', '.join(repr(q) for q in TYPED)}")
    print(f"baseline: [i for i, p in enumerate(papers) if {BASELINE_WORD!r} in p.abstract]\n")
    header = (f"{'papers':>7} {'build ms':>9} {'RSS MB':>7} {'index +MB':>9} "
              f"{'full med/max':>13} {'live med/max':>13} {'+erase med/max':>15} "
              f"{'baseline':>9} {'full/base':>9} {'live/base':>9}")
    print(header)
    print("-" * len(header))
    for size in (int(s) for s in args.sizes.split(",")):
        papers = seed if size == len(seed) else synthetic(size, seed, rng)
        r = measure(papers, args.repeat)
        print(f"{r['papers']:>7} {r['build']:>9.0f} {r['before']:>7.0f} {r['index_mb']:>9.1f} "
              f"{r['full_med']:>6.2f}/{r['full_max']:<6.1f} {r['live_med']:>6.2f}/{r['live_max']:<6.1f} "
              f"{r['erase_med']:>7.2f}/{r['erase_max']:<7.1f} {r['baseline']:>9.2f} "
              f"{r['full_med'] / r['baseline']:>9.2f} {r['live_med'] / r['baseline']:>9.2f}")
        del papers
    print("\nms per keystroke; 'full' = parse + filter of all papers, 'live' = LiveSearch "
          "(narrowing + recent results), '+erase' = typing then backspacing to one letter.\n"
          "RSS MB = process with the papers loaded, before the index; index +MB = its growth.")


if __name__ == "__main__":
    main()
