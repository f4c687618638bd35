"""What the user sees: the real `reader` on a pseudo-terminal, timed from the key to the frame.

    .venv/bin/python bench/pty_bench.py [--sizes 95,10000,100000] [--rounds 7] [--readme]

Runs the installed `reader` (and bench/floor_app.py, a bare Textual app, in the same run) on a
120x40 pty read by a terminal emulator (bench/pty_term.py), and times each result to the end
of the first frame whose screen text shows all of it (bench/pty_screen.py decides what that
is; bench/pty_session.py plays the keys). A warm-up session of each program (it builds the
caches of its data dir) is left out; then `--rounds` rounds run a session of the floor and of
each size in turn, every other round in reverse order. Start-up ratios are the median of the
rounds' own ratios (the session over the floor's in the same round); key and memory ratios
are ratios of medians. The table goes to stdout (`--readme`: into bench/README.md), the raw
numbers to bench/out/pty-latest.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pty_screen, report, synth  # noqa: E402
from bench.pty_session import SEARCH, FloorSession, Plan, ReaderSession, SessionResult  # noqa: E402
from bench.run import environment  # noqa: E402

BEGIN, END = "<!-- pty-table:begin -->", "<!-- pty-table:end -->"
KEY_ROWS = [  # (label, field of SessionResult)
    ("typed letter → list and count show it", "typed_ms"),
    ("`j` → list cursor moved", "move_list_ms"),
    ("`j` → detail pane shows the paper", "move_detail_ms"),
    ("`s` → star mark on screen", "star_ms"),
    ("`r` → read mark on screen", "read_ms"),
    ("`e` → tags/note dialog shown", "dialog_ms"),
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sessions(sizes: list[int], base: Path) -> dict[str, object]:
    """{name: session} for the floor and each size, each with its own XDG dirs."""
    reader = str(Path(sys.executable).parent / "reader")
    programs: dict[str, object] = {
        "floor": FloorSession([sys.executable, str(ROOT / "bench" / "floor_app.py")],
                              environment(base, "floor", None), ROOT)}
    for size in sizes:
        titles = pty_screen.Titles(synth.known_titles(size))
        programs[str(size)] = ReaderSession([reader], environment(base, str(size), size), size,
                                            titles, ROOT, synth.OUT / f"pty-last-screen-{size}.txt")
    return programs


def measure(sizes: list[int], rounds: int, plan: Plan, warmup_cap: float,
            warmup: bool = True, out: Path = synth.OUT) -> dict:
    """{name: {"warmup": SessionResult, "rounds": [SessionResult, ...]}}; the XDG dirs of
    the run live in a temporary directory under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="pty-", dir=out))
    try:
        programs = sessions(sizes, base)
        results: dict[str, dict] = {name: {"warmup": SessionResult(), "rounds": []}
                                    for name in programs}
        warm = Plan(moves=0, toggles=0, dialogs=0, letters="", mixed=0, start_cap=warmup_cap)
        for name, session in programs.items() if warmup else ():
            began = time.perf_counter()
            results[name]["warmup"] = session.run(warm)
            log(f"  warm-up {name:>7}: {time.perf_counter() - began:.1f} s "
                f"{results[name]['warmup'].error}")
        for number in range(rounds):
            order = list(programs.items())
            if number % 2:
                order.reverse()
            for name, session in order:
                result = session.run(plan)
                results[name]["rounds"].append(result)
                log(f"  round {number + 1} {name:>7}: list {_s(result.start_list_s)}, complete "
                    f"{_s(result.start_complete_s)}, {result.rss_mb or 0:.0f} MB {result.error}")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return results


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f} s"


def _pooled(entry: dict, field: str) -> list[float]:
    return [v for r in entry["rounds"] for v in getattr(r, field)]


def _spread(values: list[float]) -> str:
    if len(values) < 4:
        return f"{min(values):.1f}-{max(values):.1f}"
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"IQR {q1:.1f}-{q3:.1f}"


def _start_cell(entry: dict, floor: dict, field: str) -> str:
    pairs = [(getattr(r, field), f.start_list_s) for r, f in
             zip(entry["rounds"], floor["rounds"], strict=False)]
    times = [t for t, _ in pairs if t is not None]
    if not times:
        return "no result"
    ratios = [t / f for t, f in pairs if t is not None and f]
    median = statistics.median(times)
    text = f"{median:.2f} s ({min(times):.2f}-{max(times):.2f})"
    if len(times) < len(pairs):
        text += f" in {len(times)} of {len(pairs)} rounds"
    if ratios and entry is not floor:
        text += (f", {statistics.median(ratios):.2f}× floor "
                 f"(rounds {min(ratios):.2f}-{max(ratios):.2f}×)")
    return text


def _key_cell(values: list[float], floor_median: float | None) -> str:
    if not values:
        return "no result"
    median = statistics.median(values)
    text = f"{median:.1f} / {max(values):.1f} ms ({_spread(values)}, n={len(values)})"
    if floor_median:
        text += f", {median / floor_median:.1f}× floor"
    return text


def render(results: dict, sizes: list[int], meta: dict) -> str:
    floor = results["floor"]
    floor_keys = _pooled(floor, "floor_key_ms")
    floor_key = statistics.median(floor_keys) if floor_keys else None
    floor_rss = [r.rss_mb for r in floor["rounds"] if r.rss_mb]
    floor_rss_mb = statistics.median(floor_rss) if floor_rss else None
    names = [str(s) for s in sizes]
    head = "| what the user sees | floor | " + " | ".join(map(report.label, sizes)) + " |"
    lines = [
        f"Measured {meta['date']} on {meta['cores']} cores ({meta['cpu']}), Python "
        f"{meta['python']}, Textual {meta['textual']}, pyte {meta['pyte']}; load average "
        f"{meta['load']} before, {meta['load_after']} after; `{meta['command']}` took "
        f"{meta['seconds']:.0f} s, at commit {meta['commit']}.",
        "",
        head, "|---|" + "---|" * (len(sizes) + 1)]
    for label, field in (("start → list painted", "start_list_s"),
                         ("start → whole screen complete", "start_complete_s")):
        cells = [_start_cell(floor, floor, "start_list_s")]
        cells += [_start_cell(results[n], floor, field) for n in names]
        lines.append(f"| {label}: median (min-max) | " + " | ".join(cells) + " |")
    for label, field in KEY_ROWS:
        cells = [_key_cell(floor_keys, None) if field == "typed_ms" else "same as above"
                 if floor_keys else "no result"]
        cells += [_key_cell(_pooled(results[n], field), floor_key) for n in names]
        lines.append(f"| {label}: median / max | " + " | ".join(cells) + " |")
    rss_cells = [f"{floor_rss_mb:.0f} MB" if floor_rss_mb else "no result"]
    for n in names:
        rss = [r.rss_mb for r in results[n]["rounds"] if r.rss_mb]
        rss_cells.append(f"{statistics.median(rss):.0f} MB ({min(rss):.0f}-{max(rss):.0f})"
                         + (f", {statistics.median(rss) / floor_rss_mb:.1f}× floor"
                            if floor_rss_mb else "") if rss else "no result")
    lines.append(f"| peak RSS after {meta.get('mixed', 200)} mixed keys (VmHWM): median (min-max) | "
                 + " | ".join(rss_cells) + " |")
    warm = [_s(results[n]["warmup"].start_complete_s) for n in ["floor", *names]]
    lines.append("| *warm-up session (builds caches): start → complete* | "
                 + " | ".join(warm) + " |")
    errors = [f"{n} round {i + 1}: {r.error.replace(str(ROOT) + '/', '')}"
              for n in ["floor", *names]
              for i, r in enumerate(results[n]["rounds"]) if r.error]
    if errors:
        lines += ["", "Sessions cut short: " + "; ".join(errors[:6])]
    lines += ["", "The floor's key row is its `j` (it has no search, list or marks); every "
              "ratio in a key row is to that median."]
    return "\n".join(lines)


def write_readme(path: Path, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    start, end = content.index(BEGIN) + len(BEGIN), content.index(END)
    path.write_text(content[:start] + "\n" + text + "\n" + content[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="95,10000,100000")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--moves", type=int, default=5, help="`j` presses timed per session")
    parser.add_argument("--toggles", type=int, default=4, help="`s` and `r` presses each")
    parser.add_argument("--dialogs", type=int, default=3, help="`e` presses")
    parser.add_argument("--letters", default=SEARCH, help="typed into the search box, one letter at a time")
    parser.add_argument("--mixed", type=int, default=200, help="keys before the RSS is read")
    parser.add_argument("--cap", type=float, default=30.0,
                        help="s to wait for a start's list, then for its whole screen")
    parser.add_argument("--warmup-cap", type=float, default=300.0)
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--json", type=Path, default=synth.OUT / "pty-latest.json")
    parser.add_argument("--from-json", type=Path,
                        help="only print (or --readme) the table of a saved run")
    args = parser.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        results = {name: {"warmup": SessionResult(**entry["warmup"]),
                          "rounds": [SessionResult(**r) for r in entry["rounds"]]}
                   for name, entry in saved["results"].items()}
        text = render(results, saved["sizes"], saved["meta"])
        print(text)
        if args.readme:
            write_readme(ROOT / "bench" / "README.md", text)
        return 0
    sizes = [int(s.replace("_", "").replace("k", "000")) for s in args.sizes.split(",")]
    plan = Plan(moves=args.moves, toggles=args.toggles, dialogs=args.dialogs,
                letters=args.letters, mixed=args.mixed, start_cap=args.cap)
    began = time.perf_counter()
    compileall.compile_dir(ROOT / "reader", quiet=1)  # as `make run` does
    meta = report.machine(ROOT)
    results = measure(sizes, args.rounds, plan, args.warmup_cap)
    after = report.machine(ROOT)
    from importlib.metadata import version
    meta.update(load_after=after["load"], seconds=time.perf_counter() - began,
                pyte=version("pyte"), mixed=args.mixed,
                command="python bench/pty_bench.py " + " ".join(argv or sys.argv[1:]))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(
        {"meta": meta, "sizes": sizes,
         "results": {name: {"warmup": asdict(entry["warmup"]),
                            "rounds": [asdict(r) for r in entry["rounds"]]}
                     for name, entry in results.items()}}, indent=1))
    text = render(results, sizes, meta)
    print(text)
    if args.readme:
        write_readme(ROOT / "bench" / "README.md", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
