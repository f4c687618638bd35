"""Key-to-frame latency through the Pilot, in a process of its own (run by bench/run.py).

    XDG_DATA_HOME=... .venv/bin/python bench/pilot_keys.py reader|floor

Prints one JSON object. A "frame" is each screen update the app hands its driver
(`App._display`); the hook notes its time and a fingerprint of what the watched widgets show in
it, kept line by line from what their `render_lines` returned (text and style, so a moved
cursor counts). Headless, Textual skips turning an update into terminal bytes, so the hook does
that too (`render_segments`): all a real terminal run pays but the write itself.

A key is sent the way a terminal's input thread sends it (`driver.send_message(Key)`) to an
idle app (as between a person's keystrokes) and the app is left until no frame has come for
`QUIET` s. Its *result frame* is the first frame from which the paper list and the status line
(the count) show what they show at the end: an echo in the search box, a debounce or a worker
before it do not end the clock (a key that changes neither ends at the first frame after it).
*Settled* is the same for every other pane but the search box (detail,
sidebar counts, footer). `pilot.press`/`pilot.pause` are not timed: they sleep at least 20 ms
per key waiting for the CPU to go idle.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

from textual import events
from textual._compositor import CompositorUpdate
from textual.widgets import Input

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUIET = 0.25
KEY_TIMEOUT = 30.0
SETUP_TIMEOUT = 60.0
TYPED = "serving cache"
BACKSPACES = 6
CURSOR_MOVES = 20
_NAMES = {" ": "space", "/": "slash"}
_apps: list = []


class FrameClock:
    """Notes when each frame is displayed and what the list (and the other panes) show in it.

    A pane's content is kept line by line from what its `render_lines` returns (text and
    style, so a moved cursor counts), and each frame records a fingerprint of it.
    """

    def __init__(self, app, watched: list, others: list) -> None:
        self.frames: list[tuple[float, int, int]] = []
        self._lines: dict[tuple[int, int, int, int], int] = {}
        self._other_lines: dict[tuple[int, int, int, int], int] = {}
        display = app._display

        def timed_display(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is None or app._batch_count:
                return
            if app.is_headless and isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            self.frames.append((time.perf_counter(), hash(frozenset(self._lines.items())),
                                hash(frozenset(self._other_lines.items()))))

        app._display = timed_display
        for number, widget in enumerate(watched):
            self._hook(widget, lambda key, value, n=number:
                       self._lines.__setitem__((n, *key), value))
        for number, widget in enumerate(others):
            self._hook(widget, lambda key, value, n=number:
                       self._other_lines.__setitem__((n, *key), value))

    @staticmethod
    def _hook(widget, note) -> None:
        render_lines = widget.render_lines

        def noted(crop):
            strips = render_lines(crop)
            for offset, strip in enumerate(strips):
                note((crop.y + offset, crop.x, crop.width), hash(tuple(strip)))
            return strips

        widget.render_lines = noted

    def mark(self) -> int:
        return len(self.frames)

    def settled_at(self, start: int, column: int) -> float | None:
        """When the frames since `start` first showed what the last of them shows."""
        new = self.frames[start:]
        if not new:
            return None
        final = new[-1][column]
        at = len(new) - 1
        while at > 0 and new[at - 1][column] == final:
            at -= 1
        return new[at][0]


class Broken(Exception):
    """The app crashed or stopped answering: no figures from this process."""


async def quiet(clock: FrameClock, app, need_frame_after: int | None = None) -> None:
    """Wait until no frame has come for QUIET seconds and no worker runs."""
    begin = time.perf_counter()
    while True:
        await asyncio.sleep(0.01)
        if app._exception is not None:
            raise Broken(f"the app crashed: {app._exception!r}")
        if time.perf_counter() - begin > KEY_TIMEOUT:
            raise Broken(f"the app did not settle within {KEY_TIMEOUT:.0f} s of a key")
        last = clock.frames[-1][0] if clock.frames else begin
        busy = any(not worker.is_finished for worker in app.workers)
        framed = need_frame_after is None or len(clock.frames) > need_frame_after
        if framed and not busy and time.perf_counter() - max(last, begin) >= QUIET:
            return


async def press(clock: FrameClock, app, char: str) -> dict[str, float | None]:
    """Milliseconds from sending `char` to the result frame and to the last pane's frame."""
    await quiet(clock, app)
    start = clock.mark()
    key = _NAMES.get(char, char)
    event = events.Key(key, char if len(char) == 1 else None)
    event.set_sender(app)
    t0 = time.perf_counter()
    app._driver.send_message(event)
    await quiet(clock, app, need_frame_after=start)
    result, settled = clock.settled_at(start, 1), clock.settled_at(start, 2)
    return {"result_ms": None if result is None else (result - t0) * 1000,
            "settled_ms": None if settled is None else (max(settled, result) - t0) * 1000,
            "frames": len(clock.frames) - start}


def summary(samples: list[dict], field: str) -> dict[str, float | int | None]:
    values = [s[field] for s in samples if s[field] is not None]
    if not values:
        return {"median": None, "max": None, "n": 0}
    return {"median": statistics.median(values), "max": max(values), "n": len(values),
            "all": [round(v, 2) for v in values]}


def build_reader():
    """The ReaderApp exactly as `reader` (no arguments) builds it: cli._open_tui with its
    `app.run()` swapped for catching the app."""
    from reader import cli
    from reader.ui.app import ReaderApp

    built = []
    run = ReaderApp.run
    ReaderApp.run = lambda self, *args, **kwargs: built.append(self)
    try:
        cli._open_tui(cli.no_arguments())
    finally:
        ReaderApp.run = run
    return built[0]


async def measure_reader() -> dict:
    t0 = time.perf_counter()
    app = build_reader()
    out: dict = {"setup_s": time.perf_counter() - t0}
    watchdog = _arm(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        watchdog.cancel()
        out["papers"] = len(app.session.papers)
        screen = app.screen
        papers_list = screen.query_one("#papers")
        watched = [papers_list, *screen.query("#status")]
        others = [w for w in screen.walk_children() if w not in watched
                  and not isinstance(w, Input)]
        clock = FrameClock(app, watched, others)
        cursor = [await press(clock, app, "j") for _ in range(CURSOR_MOVES)]
        await press(clock, app, "/")
        typed = [await press(clock, app, ch) for ch in TYPED]
        out["matches"] = getattr(papers_list, "row_count", None)
        typed += [await press(clock, app, "backspace") for _ in range(BACKSPACES)]
        out["cursor"] = summary(cursor, "result_ms")
        out["cursor_settled"] = summary(cursor, "settled_ms")
        out["search"] = summary(typed, "result_ms")
        out["search_settled"] = summary(typed, "settled_ms")
        out["frames_per_key"] = statistics.median(s["frames"] for s in typed + cursor)
        out["frames"] = len(clock.frames)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


async def measure_floor() -> dict:
    from bench.floor_app import FloorApp

    app = FloorApp()
    watchdog = _arm(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        watchdog.cancel()
        clock = FrameClock(app, [app.query_one("#line")], [])
        keys = [await press(clock, app, "j") for _ in range(CURSOR_MOVES)]
    return {"key": summary(keys, "result_ms")}


def _arm(app) -> threading.Timer:
    _apps.append(app)
    timer = threading.Timer(SETUP_TIMEOUT, _watchdog)
    timer.daemon = True
    timer.start()
    return timer


def _watchdog() -> None:
    """Textual's run_test waits forever when the app crashes while mounting: say so and go."""
    app = _apps[-1] if _apps else None
    error = getattr(app, "_exception", None)
    why = f"the app crashed: {error!r}" if error else f"no answer within {SETUP_TIMEOUT:.0f} s"
    print(json.dumps({"error": why}), flush=True)
    os._exit(0)


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "reader"
    run = measure_floor if which == "floor" else measure_reader
    try:
        result = asyncio.run(run())
    except Broken as error:
        result = {"error": str(error)}
    except Exception as error:  # the app under test is broken: report it, do not hide it
        result = {"error": f"the app crashed: {error!r}"}
    print(json.dumps(result), flush=True)
    os._exit(0)  # a crashed app can leave threads behind


if __name__ == "__main__":
    main()
