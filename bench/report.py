"""The table of bench/run.py: measured values, ratios to the floor, targets of issue 6."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
from importlib.metadata import version
from pathlib import Path

# Targets by column (a size is judged by the first column at least as large).
START_X = {95: 1.2, 10_000: 1.3, 100_000: 2.0}  # start to first paint, x floor
RSS_X = {95: 1.5, 10_000: 2.0}  # peak RSS, x floor
RSS_MB = {100_000: 150.0}  # peak RSS, MB
KEY_MS = (16.0, 33.0)  # keystroke to result frame, median / max
CURSOR_MS = 10.0  # cursor move to frame, median
SECTION = "## Scale (issue 6)"
BEGIN, END = "<!-- scale-table:begin -->", "<!-- scale-table:end -->"


def column(size: int) -> int:
    return next((c for c in (95, 10_000, 100_000) if size <= c), 100_000)


def label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=False)
    return done.stdout.strip()


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine(root: Path) -> dict[str, str]:
    cpu = "unknown"
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True, check=False).stdout
    return {"cores": str(len(os.sched_getaffinity(0))), "cpu": cpu,
            "python": platform.python_version(), "textual": version("textual"),
            "tmux": tmux.strip(), "date": dt.date.today().isoformat(),
            "kernel": platform.release(), "load": _loadavg(), "commit": _git(root, "rev-parse", "--short", "HEAD"),
            "dirty": "yes" if _git(root, "status", "--porcelain", "--", "reader") else "no"}


def _tree(commit: str, dirty: str) -> str:
    return commit + (" with uncommitted changes in reader/" if dirty == "yes" else "")


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def _seconds(value: float | None, cap: float) -> str:
    return f"> {cap:.0f} s" if value is None else f"{value:.2f} s"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _start_cell(start: dict, floor_s: float, size: int, cap: float, runs: int) -> str:
    """The median of the rounds' ratios (bench/run.py), and how many rounds when fewer than
    were run; a results file from before the rounds' ratios has only the medians."""
    limit = START_X[column(size)]
    if start["start_s"] is None:
        return f"{_seconds(None, cap)} ✗ (≤ {limit}×)"
    if "ratios" not in start:
        ratio, note = start["start_s"] / floor_s, " (ratio of the medians)"
    elif not start["ratios"]:
        return f"{start['start_s']:.2f} s, no round with both starts ✗ (≤ {limit}×)"
    else:
        count = len(start["ratios"])
        ratio, note = start["ratio"], f" ({count} of {runs} rounds)" if count < runs else ""
    return (f"{start['start_s']:.2f} s, {ratio:.2f}×{note} {_mark(ratio <= limit)} "
            f"(≤ {limit}×)")


def _start_spread(start: dict, floor_s: float) -> str:
    """The ratio of the two medians, and the range of the rounds' ratios."""
    if start["start_s"] is None:
        return "–"
    text = f"{start['start_s'] / floor_s:.2f}×"
    if start.get("ratios"):
        text += f"; rounds {min(start['ratios']):.2f}-{max(start['ratios']):.2f}×"
    return text


def _rss_cell(start: dict, floor_mb: float, size: int) -> str:
    mb = start["rss_mb"]
    if mb is None:
        return "–"
    early = {"warm-up": " (warm-up start)", "cap": " (at the cap, not painted)"}.get(
        start.get("rss_from", ""), "")
    ratio = mb / floor_mb
    if column(size) in RSS_MB:
        limit = RSS_MB[column(size)]
        return f"{mb:.0f} MB = {ratio:.1f}×{early} {_mark(mb <= limit)} (≤ {limit:.0f} MB)"
    limit = RSS_X[column(size)]
    return f"{mb:.0f} MB = {ratio:.1f}×{early} {_mark(ratio <= limit)} (≤ {limit}×)"


def _key_cell(pilot: dict) -> str:
    if "error" in pilot:
        return f"not measured ({pilot['error']})"
    med, top = pilot["search"]["median"], pilot["search"]["max"]
    ok = med is not None and med <= KEY_MS[0] and top <= KEY_MS[1]
    return f"{_ms(med)} / {_ms(top)} ms {_mark(ok)} (≤ {KEY_MS[0]:.0f} / {KEY_MS[1]:.0f})"


def _cursor_cell(pilot: dict) -> str:
    if "error" in pilot:
        return f"not measured ({pilot['error']})"
    med = pilot["cursor"]["median"]
    ok = med is not None and med <= CURSOR_MS
    return f"{_ms(med)} ms {_mark(ok)} (≤ {CURSOR_MS:.0f})"


def _info(pilot: dict, key: str, both: bool = True) -> str:
    if "error" in pilot or key not in pilot:
        return "–"
    figures = pilot[key]
    if both:
        return f"{_ms(figures['median'])} / {_ms(figures['max'])} ms"
    return f"{_ms(figures['median'])} ms"


def render(results: dict) -> str:
    sizes, cap = results["sizes"], results["cap"]
    starts, pilots = results["start"], results["pilot"]
    floor, floor_keys = starts["floor"], pilots.get("floor", {})
    m = results["machine"]
    head = "| metric | " + " | ".join(label(s) for s in sizes) + " |"
    rule = "|---" * (len(sizes) + 1) + "|"

    def row(name: str, cell) -> str:
        return f"| {name} | " + " | ".join(cell(str(s), s) for s in sizes) + " |"

    def pilot(name: str) -> dict:
        return pilots.get(name, {"error": "skipped (--no-pilot)"})

    floor_key = floor_keys.get("key", {}) if "error" not in floor_keys else {}
    lines = [
        f"Measured {m['date']} on {m['cores']} cores ({m['cpu']}), Linux {m['kernel']}, "
        f"Python {m['python']}, Textual {m['textual']}, {m['tmux']}; load average "
        f"{m['load']} before, {m.get('load_after', '?')} after; "
        f"`python bench/run.py --runs {results['runs']}` took {results['seconds']:.0f} s, "
        f"at commit {_tree(m['commit'], m['dirty'])}" + (
            f" (the tree changed during the run: {_tree(m['commit_after'], m['dirty_after'])}"
            " at its end)." if (m["commit"], m["dirty"]) != (m.get("commit_after"),
                                                               m.get("dirty_after")) else "."),
        "",
        f"Floor (bare Textual app, same run): {floor['start_s']:.2f} s to first paint "
        f"(median of {len(floor['start_all'])}), {floor['rss_mb']:.0f} MB peak RSS, "
        f"key → frame {_ms(floor_key.get('median'))} ms median "
        f"({_ms(floor_key.get('max'))} max). tmux poll interval "
        f"{floor['poll_ms']:.1f} ms (start-up times are that precise at best).",
        "",
        head, rule,
        row("start → first paint with data (median time; median of the rounds' ratios)",
            lambda k, s: _start_cell(starts[k], floor["start_s"], s, cap, results["runs"])),
        row("keystroke → result frame, in-process (Pilot; not what the user sees) "
            "(median / max)", lambda k, s: _key_cell(pilot(k))),
        row("cursor move → frame, in-process (Pilot) (median)", lambda k, s: _cursor_cell(pilot(k))),
        row("peak RSS (median)", lambda k, s: _rss_cell(starts[k], floor["rss_mb"], s)),
        row("*start: ratio of the median times; range of the rounds' ratios*",
            lambda k, s: _start_spread(starts[k], floor["start_s"])),
        row("*first start of the run (warm-up, builds caches)*",
            lambda k, s: _seconds(starts[k]["first_s"], results.get("warmup_cap", cap))),
        row("*keystroke → all panes settled, in-process (median / max)*",
            lambda k, s: _info(pilot(k), "search_settled")),
        row("*cursor move → detail pane settled, in-process (median)*",
            lambda k, s: _info(pilot(k), "cursor_settled", both=False)),
        row("*CLI set-up before `app.run()`, in-process*",
            lambda k, s: "–" if "setup_s" not in pilot(k) else f"{pilot(k)['setup_s']:.2f} s"),
        row("*peak RSS of the Pilot process after the keys*",
            lambda k, s: "–" if "peak_rss_mb" not in pilot(k) else f"{pilot(k)['peak_rss_mb']:.0f} MB"),
        row("*rows shown for \"serving cache\"*",
            lambda k, s: str(pilot(k).get("matches", "–"))),
    ]
    errors = [f"{k}: {v['error']}" for k, v in starts.items() if v.get("error")]
    errors += [f"pilot {k}: {v['error']}" for k, v in pilots.items() if v.get("error")]
    if errors:
        lines += ["", "Failures (left out of the medians): " + "; ".join(errors)]
    return "\n".join(lines)


def write_readme(path: Path, table: str) -> None:
    """Put `table` between the markers of the Scale section (added at the end if missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n{table}\n{END}"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")
