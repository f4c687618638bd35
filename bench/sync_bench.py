"""Sync rounds at 100 / 10k / 100k papers with state: what a command or the TUI pays.

Two machines (two state stores, one folder). Machine A has N papers with state (every
paper read, one in ten starred and tagged); B has none. Prints median ms of:

* first send   -- A's first round: every field sent (one log line each)
* idle round   -- A again, nothing changed (what the TUI pays every 3 s)
* one star     -- A stars one paper and syncs (the TUI's worker)
* first take   -- B's first round in a fresh process: A's whole log read and taken in
* fresh idle   -- B, a new process (a `reader list`), nothing new: its log and A's read

Usage: .venv/bin/python bench/sync_bench.py [--sizes 100,10000,100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from reader.state import PaperState, StateStore
from reader.sync import Syncer


def timed(call, *args) -> float:
    start = time.perf_counter()
    call(*args)
    return (time.perf_counter() - start) * 1000


def states(count: int) -> dict[str, PaperState]:
    stamp = "2026-11-30T10:00:00.000+00:00"
    return {f"2511.{i:05d}": PaperState(read=True, read_at=stamp, starred=i % 10 == 0,
                                        starred_at=stamp if i % 10 == 0 else None,
                                        tags=("rl",) if i % 10 == 0 else (),
                                        tags_at=stamp if i % 10 == 0 else None)
            for i in range(count)}


def fresh_round(store: StateStore, folder: Path) -> None:
    """What a command does: a new syncer, one round."""
    syncer = Syncer(store.path, folder, host="b")
    syncer.pull_and_push(store)
    syncer.close()


def one_size(count: int, rounds: int, root: Path) -> list[str]:
    results: dict[str, list[float]] = {k: [] for k in
                                       ("first send", "idle round", "one star", "first take",
                                        "fresh idle")}
    for turn in range(rounds):
        base = root / f"{count}-{turn}"
        folder = base / "folder"
        folder.mkdir(parents=True)
        a = StateStore(base / "a" / "state.json")
        a.put_many(states(count))
        b = StateStore(base / "b" / "state.json")
        sa = Syncer(a.path, folder, host="a")
        results["first send"].append(timed(sa.pull_and_push, a))
        results["idle round"].append(timed(sa.pull_and_push, a))
        a.set_starred("2511.00001")
        results["one star"].append(timed(sa.pull_and_push, a))
        sb = Syncer(b.path, folder, host="b")
        results["first take"].append(timed(sb.pull_and_push, b))
        assert len(b) == count
        sb.close()

        results["fresh idle"].append(timed(fresh_round, b, folder))
        for closing in (sa, a, b):
            closing.close()
        shutil.rmtree(base)
    return [f"{statistics.median(v):.1f}" for v in results.values()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    head = ["papers", "first send", "idle round", "one star", "first take", "fresh idle"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("-" * (len(h) + 1) + ":" for h in head) + "|")
    root = Path(tempfile.mkdtemp(dir=args.dir, prefix="sync-bench-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            row = [str(size), *one_size(size, args.rounds, root)]
            print("| " + " | ".join(row) + " |", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
