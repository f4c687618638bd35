"""Cost of the discovery features (issue 20) at 10k and 100k papers: more like this, for you,
and the fuzzy fallback of a search.

    .venv/bin/python bench/discovery_bench.py [--sizes 10000,100000] [--repeat 20]

Libraries are bench/synth.py's, copied once into bench/out/discovery-bench/SIZE/ where their
catalog cache is built and kept; the index is served from that cache as in the reader.

  similar     `similar(index, p, 10)` for `--repeat` papers spread over the library
  for-you     `ForYou.rank` of one day (the last 100 papers, every reason written) against
              1,000 starred papers and 100 skipped ones; "first" with nothing prepared (the
              idf sample and every starred paper's stems read), "again" after one star more
              (what a star in the reader costs)
  exact       `index.filter` of a query whose words all exist (fuzzy never runs)
  +fuzzy      the same call through `fuzzy.search` (must equal `exact`: the fallback only
              runs when a word matches nothing)
  typo        `fuzzy.search` of a misspelt query: the exact search finds nothing, then the
              vocabulary is searched for the words meant
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402
from reader.catalog.cache import CatalogCache  # noqa: E402
from reader.query import parse  # noqa: E402
from reader.query.for_you import ForYou  # noqa: E402
from reader.query.fuzzy import search as fuzzy_search  # noqa: E402
from reader.query.similar import similar  # noqa: E402
from reader.state import PaperState  # noqa: E402

OUT = ROOT / "bench" / "out" / "discovery-bench"
EXACT = ["transformer", "speculative decoding", '"language model" serving']
TYPOS = ["trnasformer", "speculativ decodng", "reinforcment learning"]


def data_home(size: int) -> Path:
    home = OUT / str(size)
    source = synth.library_home(size)
    library = home / "paper-reader" / "library.json"
    if source is not None and not library.exists():
        library.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "paper-reader" / "library.json", library)
    home.mkdir(parents=True, exist_ok=True)
    return home


def timed(call) -> tuple[float, object]:  # noqa: ANN001
    began = time.perf_counter()
    value = call()
    return (time.perf_counter() - began) * 1000, value


def med_max(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f}/{max(values):<7.1f}"


def measure(size: int, repeat: int) -> dict:
    os.environ["XDG_DATA_HOME"] = str(data_home(size))
    CatalogCache.build_in_subprocess()
    cache = CatalogCache.open(build=False)
    ids = [p.id for p in cache.papers()]
    count = len(ids)
    starred = ids[: count - 100: max(1, (count - 100) // 1000)][:1000]
    skipped = ids[7: count - 100: max(1, (count - 100) // 100)][:100]
    states = {i: PaperState(starred=True) for i in starred}
    states.update({i: PaperState(read=True) for i in skipped if i not in states})
    index = cache.search_index(states)
    row: dict = {"count": count}
    step = max(1, count // repeat)
    row["similar"] = [timed(lambda p=p: similar(index, p, 10))[0]
                      for p in range(0, count, step)][:repeat]
    day = list(range(count - 100, count))
    first, ranked = timed(lambda: ForYou.of(index).rank(day))
    row["for_you_first"] = first
    engine = ForYou.of(index)
    again = []
    for n in range(repeat):
        index.update_state(ids[count // 2 + n], PaperState(starred=True))
        again.append(timed(lambda: engine.rank(day))[0])
    row["for_you_again"] = again
    row["exact"], row["fuzzy_exact"], row["typo"] = [], [], []
    for _ in range(max(1, repeat // 5)):
        for text in EXACT:
            query = parse(text)
            row["exact"].append(timed(lambda q=query: index.filter(q))[0])
            row["fuzzy_exact"].append(timed(lambda t=text: fuzzy_search(index, t))[0])
        for text in TYPOS:
            row["typo"].append(timed(lambda t=text: fuzzy_search(index, t))[0])
    row["typo_example"] = fuzzy_search(index, TYPOS[0])
    row["for_you_example"] = ranked[0].reason
    cache.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rows = [measure(int(size), args.repeat) for size in args.sizes.split(",")]
    print(f"{'papers':>7} {'similar med/max':>15} {'for-you first':>13} "
          f"{'for-you again med/max':>21} {'exact med/max':>15} {'+fuzzy med/max':>15} "
          f"{'typo med/max':>15}")
    for r in rows:
        print(f"{r['count']:>7} {med_max(r['similar'])} {r['for_you_first']:>13.1f} "
              f"{med_max(r['for_you_again']):>21} {med_max(r['exact'])} "
              f"{med_max(r['fuzzy_exact'])} {med_max(r['typo'])}")
    print("\nms. similar: 10 most similar papers; for-you: rank 100 papers against 1,000 "
          "starred and 100 skipped (first: nothing prepared; again: after one more star);\n"
          "exact: index.filter of queries whose words exist; +fuzzy: the same through "
          "fuzzy.search; typo: fuzzy.search of " + ", ".join(repr(t) for t in TYPOS) + ".")
    example = rows[-1]["typo_example"]
    print(f"e.g. {TYPOS[0]!r}: {example.note()!r}, {len(example.positions)} papers")
    print(f"e.g. the first for you: {rows[-1]['for_you_example']!r}")


if __name__ == "__main__":
    main()
