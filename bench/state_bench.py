"""State store: one star toggle (fsync included) and loading, TinyDB JSONStorage vs ours.

    .venv/bin/python bench/state_bench.py [--sizes 100,10000,100000] [--dir DIR]

Baseline: the first-cut store -- TinyDB's default JSONStorage, a `papers` table, a toggle is
an upsert by Query (the whole file rewritten and fsynced), loading is `table.all()` turned
into PaperStates. Ours: StateStore (journal append + fsync; loading = snapshot + journal).
"Ours, full journal" loads with the journal just under its compaction limit (the worst
case); "compaction" is the occasional fold of the journal into a new snapshot.
Medians; ratios are baseline / ours, measured in the same run on the same disk.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tinydb import Query, TinyDB

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.state import PaperState, StateStore  # noqa: E402
from reader.state.disk import Disk  # noqa: E402
from reader.state.docs import from_fields, to_fields  # noqa: E402
from reader.state.merge import now  # noqa: E402

STAMP = "2025-09-25T10:00:00.000+00:00"


def sample_states(count: int) -> dict[str, PaperState]:
    """Realistic state: everything read and opened, 1 in 5 starred, some tags and notes."""
    rng = random.Random(count)
    states = {}
    for i in range(count):
        states[f"{2400 + i % 100}.{i:05d}-a-paper-title-slug"] = PaperState(
            read=True, read_at=STAMP, starred=rng.random() < 0.2,
            starred_at=STAMP if rng.random() < 0.3 else None,
            tags=("to-try", "rl") if rng.random() < 0.05 else (),
            tags_at=STAMP if rng.random() < 0.05 else None,
            note="compare with the baseline in table 3" if rng.random() < 0.02 else "",
            opened_at=STAMP)
    return states


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median seconds of `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_tinydb(folder: Path, states: dict[str, PaperState], toggles: int) -> tuple[float, float]:
    path = folder / "tinydb.json"
    db = TinyDB(path)
    db.table("papers").insert_multiple({"id": i, **to_fields(s)} for i, s in states.items())
    ids = list(states)
    rng = random.Random(1)
    os.sync()  # no writeback of the setup during the measurement

    def toggle() -> None:
        paper = rng.choice(ids)
        table = db.table("papers")
        doc = table.get(Query().id == paper)
        table.upsert({"id": paper, "starred": not doc.get("starred", False), "starred_at": now()},
                     Query().id == paper)

    toggle_time = timed(toggle, toggles)
    db.close()

    def load() -> None:
        loaded = TinyDB(path)
        {doc["id"]: from_fields(doc) for doc in loaded.table("papers").all()}
        loaded.close()

    return toggle_time, timed(load, 3)


def bench_ours(folder: Path, states: dict[str, PaperState], toggles: int) -> dict[str, float]:
    path = folder / "state.json"
    store = StateStore(path)
    store.put_many(states)
    store.compact()
    ids = list(states)
    rng = random.Random(1)
    os.sync()

    def toggle() -> None:
        paper = rng.choice(ids)
        store.set_starred(paper, not store.get(paper).starred)

    result = {"toggle": timed(toggle, toggles)}
    store.compact()
    result["load"] = timed(lambda: StateStore(path).all(), 3)
    # Fill the journal to just under its compaction limit: the slowest load there is.
    limit = max(Disk.COMPACT_MIN_BYTES, path.stat().st_size // Disk.COMPACT_FRACTION)
    journal = path.with_name(path.name + ".journal")
    batch = ids[:50]
    while journal.stat().st_size + 50 * 120 < limit:
        store.put_many({i: PaperState(read=True, read_at=now()) for i in batch})
        batch = [rng.choice(ids) for _ in range(50)]
    result["load_full"] = timed(lambda: StateStore(path).all(), 3)
    result["compact"] = timed(store.compact, 3)
    store.close()
    return result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}" if seconds < 0.1 else f"{seconds * 1000:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--dir", type=Path, help="where to write (default: a temp dir)")
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        folder = Path(tempfile.mkdtemp(prefix="state-bench-", dir=args.dir))
        try:
            states = sample_states(size)
            base_toggle, base_load = bench_tinydb(folder, states, 5 if size >= 50_000 else 21)
            ours = bench_ours(folder, states, 201)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        rows.append((size, base_toggle, ours["toggle"], base_load, ours["load"],
                     ours["load_full"], ours["compact"]))
    print("State store, median ms (fsync included). ratio = TinyDB JSONStorage / ours\n")
    print("| papers  | toggle JSONStorage | toggle ours | ratio | load JSONStorage | load ours "
          "| ratio | load ours, full journal | compaction ours |")
    print("|--------:|-------------------:|------------:|------:|-----------------:|----------:"
          "|------:|------------------------:|----------------:|")
    for size, bt, ot, bl, ol, olf, oc in rows:
        print(f"| {size:>7} | {ms(bt):>18} | {ms(ot):>11} | {bt / ot:>4.0f}x | {ms(bl):>16} "
              f"| {ms(ol):>9} | {bl / ol:>4.1f}x | {ms(olf):>23} | {ms(oc):>15} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
