"""Scale benchmark of issue 6: start-up, keystroke latency and memory at 95, 10k, 100k papers.

    .venv/bin/python bench/run.py [--sizes 95,10000,100000] [--runs 9] [--cap 60] [--readme]

For each size the real `reader` runs as a whole process in tmux (start to first paint with
data, peak RSS) and in-process through the Pilot (keystroke and cursor move to frame); a bare
Textual app (bench/floor_app.py) is measured the same way in the same run, and the table
gives each start-up and memory figure as a ratio to it. Libraries come from bench/synth.py
(cached under bench/out/). Each process gets its own empty config, cache and state dirs and a
copy of the size's data dir. The first start of each program is a warm-up left out of the
medians (it creates the state file, builds whatever the reader caches in its data dir and
fills the OS file cache; it may take up to `--warmup-cap` s) and is shown on its own row. Then
`--runs` rounds start the floor and every size in turn, every other round in reverse order
(so each size starts as far after the floor in one round as before it in the next, and a
drift of the machine's speed within a round leans neither way for long); medians are
reported. A start-up ratio is the median
of the rounds' own ratios (a start's time over the floor's in the same round): a slow spell
of the shared machine then slows both sides of a ratio instead of one median. The ratio of
the two medians is shown too. A start that has not painted after `--cap` s is stopped and
reported as "> cap", and that program is not started again.
`--readme` puts the table into bench/README.md's "Scale (issue 6)" section.
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report, synth  # noqa: E402
from bench.floor_app import READY_TEXT  # noqa: E402
from bench.tmux_start import StartResult, Terminal, text_spotter, title_spotter  # noqa: E402

PILOT_CAP = 420.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def environment(base: Path, name: str, size: int | None) -> dict[str, str]:
    """Fresh XDG dirs for one program; the data dir holds a copy of the size's library."""
    root = base / name
    env = {}
    for kind in ("DATA", "CONFIG", "CACHE", "STATE"):
        path = root / kind.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{kind}_HOME"] = str(path)
    home = synth.library_home(size) if size else None
    if home is not None:
        shutil.copytree(home / "paper-reader", root / "data" / "paper-reader", dirs_exist_ok=True)
    env["COLORTERM"] = "truecolor"
    return env


def start_measurements(programs: dict, runs: int, cap: float,
                       warmup_cap: float) -> dict[str, dict]:
    """{name: {"first": StartResult, "runs": [StartResult, ...]}} for every program."""
    terminal = Terminal()
    results: dict[str, dict] = {name: {"first": None, "runs": []} for name in programs}
    try:
        for round_number in range(runs + 1):
            order = list(programs.items())
            if round_number and round_number % 2 == 0:
                order.reverse()
            for name, (command, env, ready) in order:
                entry = results[name]
                tried = [entry["first"], *entry["runs"]] if round_number else []
                if any(r.seconds is None for r in tried):
                    continue
                limit = cap if round_number else warmup_cap
                result = terminal.start(command, env, ready, limit, ROOT)
                label = "first" if round_number == 0 else f"run {round_number}"
                shown = f"{result.seconds:.3f} s" if result.seconds is not None else (
                    "crashed" if result.error else "> cap")
                log(f"  start {name:>7} {label}: {shown}, {result.peak_rss_mb or 0:.0f} MB "
                    f"(poll {result.poll_ms:.1f} ms) {result.error}")
                if round_number == 0:
                    entry["first"] = result
                else:
                    entry["runs"].append(result)
    finally:
        terminal.close()
    return results


def pilot_measurement(which: str, env: dict[str, str]) -> dict:
    command = [sys.executable, str(ROOT / "bench" / "pilot_keys.py"), which]
    full_env = {**_base_env(), **env}
    try:
        done = subprocess.run(command, env=full_env, capture_output=True, text=True,
                              timeout=PILOT_CAP, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"> {PILOT_CAP:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(lines[-1])


def _base_env() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}


def round_ratios(entry: dict, floor: dict) -> list[float]:
    """Each round's start time over the floor's in the same round (rounds where both
    painted). A program is not started again after a failed start, so the lists of timed
    starts are aligned from their first round."""
    pairs = zip(entry["runs"], floor["runs"], strict=False)  # shorter after a failure
    return [run.seconds / base.seconds for run, base in pairs
            if run.seconds is not None and base.seconds]


def summarise_starts(entry: dict) -> dict:
    first: StartResult = entry["first"]
    runs: list[StartResult] = entry["runs"]
    painted = [r for r in runs if r.seconds is not None]
    timed_out = any(r.seconds is None and not r.error for r in runs)
    errors = [r.error for r in [first, *runs] if r.error]
    rss = [r.peak_rss_mb for r in painted if r.peak_rss_mb is not None]
    if rss:
        rss_mb, rss_from = statistics.median(rss), "runs"
    else:  # no timed start painted: the warm-up's peak (after its paint, or at its cap)
        rss_mb, rss_from = first.peak_rss_mb, "warm-up" if first.seconds else "cap"
    return {
        "first_s": first.seconds, "first_rss_mb": first.peak_rss_mb,
        "error": f"{len(errors)} of {len(runs) + 1} starts failed, e.g. {errors[0][-240:]}"
        if errors else "",
        "start_s": statistics.median(r.seconds for r in painted)
        if painted and not timed_out else None,
        "start_all": [round(r.seconds, 3) for r in painted],
        "rss_mb": rss_mb, "rss_from": rss_from,
        "poll_ms": statistics.mean(r.poll_ms for r in runs or [first]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="95,10000,100000",
                        help="comma-separated library sizes (default: 95,10000,100000)")
    parser.add_argument("--runs", type=int, default=9, help="timed starts per program")
    parser.add_argument("--cap", type=float, default=60.0,
                        help="seconds to wait for a timed start's first paint (default 60)")
    parser.add_argument("--warmup-cap", type=float, default=300.0,
                        help="the same for the warm-up start, which may build caches "
                             "(default 300)")
    parser.add_argument("--no-pilot", action="store_true", help="skip the Pilot key timings")
    parser.add_argument("--readme", action="store_true",
                        help="write the table into bench/README.md")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "").replace("k", "000")) for s in args.sizes.split(",")]
    began = time.perf_counter()
    # The reader as `make run` starts it: its modules compiled (an editable install does not
    # compile them, and with PYTHONDONTWRITEBYTECODE set nothing would, start after start).
    compileall.compile_dir(ROOT / "reader", quiet=1)
    before = report.machine(ROOT)
    synth.OUT.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="scale-", dir=synth.OUT))
    try:
        log("libraries ...")
        envs = {"floor": environment(base, "floor", None)}
        titles = {}
        for size in sizes:
            envs[str(size)] = environment(base, str(size), size)
            titles[str(size)] = synth.known_titles(size)
        reader = str(Path(sys.executable).parent / "reader")
        programs = {"floor": ([sys.executable, str(ROOT / "bench" / "floor_app.py")],
                              envs["floor"], text_spotter(READY_TEXT))}
        for size in sizes:
            programs[str(size)] = ([reader], envs[str(size)], title_spotter(titles[str(size)]))
        log(f"start-up in tmux ({args.runs} runs after a warm-up, cap {args.cap:.0f} s) ...")
        starts = start_measurements(programs, args.runs, args.cap, args.warmup_cap)
        results = {"sizes": sizes, "runs": args.runs, "cap": args.cap,
                   "warmup_cap": args.warmup_cap,
                   "start": {name: summarise_starts(entry) for name, entry in starts.items()},
                   "pilot": {}}
        for name, entry in starts.items():
            ratios = round_ratios(entry, starts["floor"])
            results["start"][name]["ratios"] = [round(r, 3) for r in ratios]
            results["start"][name]["ratio"] = statistics.median(ratios) if ratios else None
        if not args.no_pilot:
            for name in ["floor", *map(str, sizes)]:
                log(f"pilot {name} ...")
                which = "floor" if name == "floor" else "reader"
                results["pilot"][name] = pilot_measurement(which, envs[name])
        after = report.machine(ROOT)
        results["machine"] = {**before, "load_after": after["load"],
                              "commit_after": after["commit"], "dirty_after": after["dirty"]}
        results["seconds"] = time.perf_counter() - began
    finally:
        shutil.rmtree(base, ignore_errors=True)
    (synth.OUT / "scale-latest.json").write_text(json.dumps(results, indent=1))
    text = report.render(results)
    print(text)
    if args.readme:
        report.write_readme(ROOT / "bench" / "README.md", text)
    log(f"done in {results['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
