"""A fetch of one day of Daily Papers into a running reader, timed as the user sees it.

    .venv/bin/python bench/tui_fetch_bench.py [--sizes 95,10000,100000] [--rounds 3]
                                              [--timeout 180]

Issue 17's target: "the TUI shows [fetched papers] ≤ 1 s after a fetch finishes, without a
restart". A local HTTP server (127.0.0.1, a thread of this process; never the internet)
answers `/api/daily_papers?date=2026-06-12` with the real Daily Papers answer
tests/fixtures/hf_daily_papers_2026.json (30 papers) and every other day with `[]`; the
installed `reader` runs on a 120x40 pseudo-terminal (bench/pty_term.py) with
READER_DAILY_PAPERS_URL pointing at it and the proxies off. Once its first screen is complete
and it has been idle for `--idle` s, `F` opens the fetch dialog, the day is typed, and Enter
is timed to the first frame whose status line counts the fetched papers ("M/N shown", N grown
by the new papers and M the day's papers the reader then shows: the numbers the screen
settles on). Two times are kept per session:
(a) Enter → that frame: what the user waits, download included;
(b) the server's last byte of the answer written → that frame: the time after the fetch
    finished, the one the target speaks of.
A session also notes whether the status line showed a whole cache build's progress after
Enter (the fetch could not update the cache paper by paper).

Each size's library comes from bench/synth.py; it is copied once (times kept, so the catalog
cache's identity, the size and mtime of the library file and its journal, holds) and its
catalog cache built there, untimed (`python -m reader.catalog.cache`); each round's session
gets a fresh copy of that (and empty config, cache and state dirs), so every fetch adds the
same papers to the same library. The table goes to stdout, the raw numbers to
bench/out/tui-fetch-latest.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pty_screen as ui  # noqa: E402
from bench import report, synth  # noqa: E402
from bench.pty_term import Frame, PtyTerminal  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "hf_daily_papers_2026.json"
DAY = "2026-06-12"  # the fixture's submittedOnDailyAt: the day the reader files it under
PROXIES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
QUIET = 0.3  # s without output between the dialog's steps (as bench/pty_session.py)
KEY_TIMEOUT = 5.0
SETTLE_CAP = 10.0  # s at most to read frames after the count grew, until the screen is idle
ENTER = "\r"
WHOLE_BUILD = "adding papers:"  # the busy text while the cache is built again in a child


# -- the Daily Papers API, served locally ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class Answer:
    """One request the server answered: its path, when it came, when the last byte went."""

    path: str
    received: float  # perf_counter, as the terminal's frame stamps
    sent: float


class DailyPapersServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.body = FIXTURE.read_bytes()
        self.answers: list[Answer] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: DailyPapersServer

    def log_message(self, *args) -> None:  # the bench's stderr is its progress log
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        received = time.perf_counter()
        parts = urlsplit(self.path)
        if parts.path != "/api/daily_papers":
            status, body = 404, b'{"error": "Not found"}'
        else:
            day = parse_qs(parts.query).get("date", [""])[0]
            status, body = 200, self.server.body if day == DAY else b"[]"
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.server.answers.append(Answer(self.path, received, time.perf_counter()))


@contextmanager
def serving() -> Iterator[DailyPapersServer]:
    server = DailyPapersServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# -- data homes --------------------------------------------------------------------------------
def _xdg(root: Path) -> dict[str, str]:
    env = {}
    for kind in ("DATA", "CONFIG", "CACHE", "STATE"):
        path = root / kind.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{kind}_HOME"] = str(path)
    return env


def prepare(size: int, base: Path) -> tuple[Path, str]:
    """A home (XDG dirs under base/prepared-SIZE) holding the size's library with its catalog
    cache built; and what building said ("fresh" or "built", and the seconds)."""
    root = base / f"prepared-{size}"
    env = _xdg(root)
    home = synth.library_home(size)
    upgraded = ""
    if home is not None:  # copytree copies with copy2: mtimes kept, a cache there stays valid
        shutil.copytree(home / "paper-reader", root / "data" / "paper-reader")
        upgraded = _current_format(root / "data" / "paper-reader" / "library.json")
    child = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")} | env
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reader.catalog.cache"], env=child, cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"building the cache of {size} papers failed: {done.stderr.strip()}")
    said = f"{done.stdout.strip().splitlines()[-1]} in {time.perf_counter() - began:.1f} s"
    return root, upgraded + said


def _current_format(path: Path) -> str:
    """Write a library file from before journals again, as the reader writes one now.

    A daily fetch into such a file always takes the slow way (the whole file written, the
    whole cache built; `reader.catalog.update` needs the file's generation), once: the user's
    library is in the current format from its first write on. A library made by an older
    bench/synth.py is upgraded here so that the bench measures the daily case."""
    from reader.library import Library

    library = Library(path)
    if not path.exists() or library.generation() is not None:
        return ""
    with library.locked():
        library._write(library.papers())  # the reader's own writer: no public "rewrite"
    return "library file rewritten (it was from before journals), "


def session_env(prepared: Path, root: Path, url: str) -> dict[str, str]:
    """A copy of the prepared home for one session, pointed at the local server."""
    shutil.copytree(prepared, root)
    env = {f"XDG_{kind}_HOME": str(root / kind.lower())
           for kind in ("DATA", "CONFIG", "CACHE", "STATE")}
    env |= {name: "" for name in PROXIES}  # urllib skips empty proxy settings
    env |= {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
            "READER_DAILY_PAPERS_URL": url, "COLORTERM": "truecolor"}
    return env


# -- one session --------------------------------------------------------------------------------
@dataclass
class FetchResult:
    start_complete_s: float | None = None
    before: int | None = None  # papers counted before the fetch
    after: int | None = None  # and once the screen settled after it
    enter_to_request_ms: float | None = None  # Enter → the request reached the server
    enter_to_shown_ms: float | None = None  # (a)
    served_to_shown_ms: float | None = None  # (b)
    notice: str = ""  # the reader's "Fetched ..." line, as far as the screen shows it
    frames_after_enter: int = 0
    whole_build: bool = False  # a frame showed a whole cache build's progress (the slow way)
    rss_before_mb: float | None = None  # resident size before F (VmRSS)
    rss_after_mb: float | None = None  # and once the screen settled after the fetch
    peak_mb: float | None = None  # the process's peak (VmHWM) by then
    error: str = ""

    @property
    def added(self) -> int | None:
        return None if self.after is None or self.before is None else self.after - self.before


class Missing(Exception):
    """What the session waited for never showed."""


def _grown(before: int):
    """The status line counts more papers in all than `before` (the list may show all of
    them or, as the reader does after a fetch, the day fetched)."""
    def check(frame: Frame) -> bool:
        count = ui.shown_count(frame)
        return count is not None and count[0] is not None and count[1] > before
    return check


def run_session(command: list[str], env: dict[str, str], size: int, titles: ui.Titles,
                server: DailyPapersServer, *, timeout: float, start_cap: float, idle: float,
                dump: Path | None = None) -> FetchResult:
    result = FetchResult()
    term = PtyTerminal(command, env, cwd=ROOT)
    try:
        complete = term.wait_for(lambda f: ui.screen_complete(f, titles, size), start_cap)
        if complete is None:
            raise Missing(f"start: screen not complete within {start_cap:.0f} s")
        result.start_complete_s = complete.time - term.started
        frame = term.settle(idle, 60.0)  # background work of the start done, as far as shown
        count = ui.shown_count(frame) if frame else None
        if count is None or count[0] != count[1]:
            raise Missing(f"before the fetch: the status line shows {count}")
        result.before = count[1]

        term.send("F")
        if term.wait_for(ui.fetch_dialog_open, KEY_TIMEOUT) is None:
            raise Missing("F: no fetch dialog")
        term.settle(QUIET, 10.0)
        term.send(DAY)
        if term.wait_for(lambda f: ui.fetch_dialog_open(f) and ui.shows_text(f, DAY),
                         KEY_TIMEOUT) is None:
            raise Missing(f"the fetch dialog does not show {DAY}")
        term.settle(QUIET, 10.0)
        asked = len(server.answers)
        result.rss_before_mb = term.rss_mb()
        t0 = term.send(ENTER)

        seen: list[Frame] = []
        if term.wait_for(_grown(result.before), timeout, seen) is None:
            raise Missing(f"Enter: the count did not grow within {timeout:.0f} s")
        deadline = time.perf_counter() + SETTLE_CAP
        while time.perf_counter() < deadline:  # until idle: the count the screen settles on
            more: list[Frame] = []
            term.wait_for(lambda f: False, QUIET, more)
            if not more:
                break
            seen += more
        final = ui.shown_count(seen[-1])
        first = next(f for f in seen if ui.shown_count(f) == final)
        result.after = final[1] if final and final[0] is not None else None
        if result.after is None:
            raise Missing(f"after the fetch the status line settled on {final}")
        result.frames_after_enter = len(seen)
        result.whole_build = any(ui.shows_text(f, WHOLE_BUILD) for f in seen)
        result.rss_after_mb, result.peak_mb = term.rss_mb(), term.peak_rss_mb()
        answers = [a for a in server.answers[asked:] if "daily_papers" in a.path]
        if not answers:
            raise Missing("the count grew but the server answered no request")
        answer = answers[-1]
        result.enter_to_request_ms = (answer.received - t0) * 1000
        result.enter_to_shown_ms = (first.time - t0) * 1000
        result.served_to_shown_ms = (first.time - answer.sent) * 1000
        result.notice = next((line[line.index("Fetched"):].rstrip(" ▌▐▕") for f in reversed(seen)
                              for line in f.lines if "Fetched" in line), "")
    except Missing as error:
        result.error = str(error) + term.save_last_screen(dump)
    finally:
        term.close()
    return result


# -- the run --------------------------------------------------------------------------------
def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class SizeResults:
    cache: str = ""  # what building the prepared home's cache said
    rounds: list[FetchResult] = field(default_factory=list)


def measure(sizes: list[int], rounds: int, *, timeout: float = 180.0, start_cap: float = 120.0,
            idle: float = 1.0, out: Path = synth.OUT) -> dict[int, SizeResults]:
    """{size: SizeResults}; the homes of the run live in a temporary directory under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="tui-fetch-", dir=out))
    command = [str(Path(sys.executable).parent / "reader")]
    results = {size: SizeResults() for size in sizes}
    try:
        prepared: dict[int, Path] = {}
        for size in sizes:
            prepared[size], results[size].cache = prepare(size, base)
            log(f"  {size:>7}: catalog cache {results[size].cache}")
        titles = {size: ui.Titles(synth.known_titles(size)) for size in sizes}
        with serving() as server:
            for number in range(rounds):
                for size in sizes if number % 2 == 0 else reversed(sizes):
                    root = base / f"round-{number}-{size}"
                    env = session_env(prepared[size], root, server.url)
                    result = run_session(command, env, size, titles[size], server,
                                         timeout=timeout, start_cap=start_cap, idle=idle,
                                         dump=out / f"tui-fetch-last-screen-{size}.txt")
                    shutil.rmtree(root, ignore_errors=True)
                    results[size].rounds.append(result)
                    log(f"  round {number + 1} {size:>7}: +{result.added} papers, Enter → "
                        f"shown {_ms(result.enter_to_shown_ms)}, answer sent → shown "
                        f"{_ms(result.served_to_shown_ms)} {result.error}")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return results


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value / 1000:.3f} s"


def _cell(values: list[float | None], target_s: float | None = None) -> str:
    got = [v / 1000 for v in values if v is not None]
    if not got:
        return "no result"
    text = f"{statistics.median(got):.2f} s ({min(got):.2f}-{max(got):.2f})"
    if len(got) < len(values):
        text += f" in {len(got)} of {len(values)} rounds"
    if target_s is not None:
        text += " ✓" if max(got) <= target_s else " ✗"
    return text


def _memory(rounds: list[FetchResult]) -> str:
    """Medians of the resident size before the fetch, after it, and the peak, in MB."""
    found = [[r.rss_before_mb for r in rounds], [r.rss_after_mb for r in rounds],
             [r.peak_mb for r in rounds]]
    medians = [statistics.median(v) if (v := [x for x in values if x]) else None
               for values in found]
    if None in medians:
        return "-"
    before, after, peak = medians
    return f"{before:.0f} → {after:.0f} MB, peak {peak:.0f} MB"


def render(results: dict[int, SizeResults], meta: dict) -> str:
    lines = [
        f"Measured {meta['date']} on {meta['cores']} cores ({meta['cpu']}), Python "
        f"{meta['python']}, Textual {meta['textual']}; load average {meta['load']} before, "
        f"{meta['load_after']} after; `{meta['command']}` took {meta['seconds']:.0f} s, at "
        f"commit {meta['commit']}.",
        "",
        "| papers | papers added | (a) Enter → count shows them: median (min-max) "
        "| (b) answer sent → count shows them (target ≤ 1 s) | Enter → request at the server "
        "| start → screen complete | whole cache build seen | resident before → after the "
        "fetch, peak | catalog cache before (untimed) |",
        "|---|---|---|---|---|---|---|---|---|"]
    for size, entry in results.items():
        rounds = entry.rounds
        added = sorted({r.added for r in rounds if r.added is not None})
        whole = sum(r.whole_build for r in rounds)
        lines.append(
            f"| {report.label(size)} | {', '.join(map(str, added)) or '-'} "
            f"| {_cell([r.enter_to_shown_ms for r in rounds])} "
            f"| {_cell([r.served_to_shown_ms for r in rounds], 1.0)} "
            f"| {_cell([r.enter_to_request_ms for r in rounds])} "
            f"| {_cell([r.start_complete_s * 1000 if r.start_complete_s else None for r in rounds])} "
            f"| {whole} of {len(rounds)} | {_memory(rounds)} | {entry.cache} |")
    errors = [f"{report.label(size)} round {i + 1}: {r.error.replace(str(ROOT) + '/', '')}"
              for size, entry in results.items() for i, r in enumerate(entry.rounds) if r.error]
    if errors:
        lines += ["", "Sessions cut short: " + "; ".join(errors[:6])]
    lines += ["", "No floor is subtracted: each time runs to the end of the first frame the "
              "terminal shows with the new count, so it includes the reader's frame and the "
              "pty (a bare Textual app's key → frame is a few ms in the pty table). (a) "
              "includes the local download (Enter → request is the dialog closing and the "
              "worker starting); (b) starts at the server's last byte written, so it is the "
              "parse, the import into the library, the catalog cache update, the reload and "
              "the paint."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="95,10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180.0,
                        help="s to wait after Enter for the count to show the new papers")
    parser.add_argument("--start-cap", type=float, default=120.0,
                        help="s to wait for the first screen to be complete")
    parser.add_argument("--idle", type=float, default=1.0,
                        help="s without output before F: the start's work is done")
    parser.add_argument("--json", type=Path, default=synth.OUT / "tui-fetch-latest.json")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "").replace("k", "000")) for s in args.sizes.split(",")]
    began = time.perf_counter()
    compileall.compile_dir(ROOT / "reader", quiet=1)  # as `make run` does
    meta = report.machine(ROOT)
    results = measure(sizes, args.rounds, timeout=args.timeout, start_cap=args.start_cap,
                      idle=args.idle)
    meta.update(load_after=report.machine(ROOT)["load"], seconds=time.perf_counter() - began,
                command="python bench/tui_fetch_bench.py " + " ".join(
                    sys.argv[1:] if argv is None else argv))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(
        {"meta": meta, "day": DAY, "fixture": str(FIXTURE.relative_to(ROOT)),
         "results": {str(size): {"cache": entry.cache,
                                 "rounds": [asdict(r) | {"added": r.added} for r in entry.rounds]}
                     for size, entry in results.items()}}, indent=1))
    print(render(results, meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
