"""Full text: parse, first screen, scroll key and cached open, for real page sizes.

    .venv/bin/python bench/fulltext_bench.py [--rounds 5]

Pages: the real arXiv HTML page in tests/fixtures (145 KB), and the same page with its
sections repeated to ~1 MB and ~2 MB (a 30-page paper's size; its MathML makes up most of the
bytes, as in real long papers). Times are medians in ms on this machine:

- parse: HTML text -> document (reader.fulltext.parse), the math cache cleared first;
- first screen: parse + set the document on the line-API view + the first frame the app hands
  its driver (turned into terminal segments, as a real terminal run pays), in a headless app;
  in brackets the CPU time of the same (the machine is shared: wall time rises with its load);
- scroll key: `j`, `space` and `k` on the real full-text screen, sent as a terminal sends
  keys, to the frame that shows it;
- cached open: read + decompress the cache file + first frame;
- the same paper in Textual's Markdown widget (to_markdown), for comparison: its first frame
  and a scroll key.

Targets (issue 15): parse + first screen <= 300 ms for 1-2 MB, <= 16 ms per scroll key,
cached open <= 150 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGE = ROOT / "tests" / "fixtures" / "arxiv_html_2508.08468v6.html"
QUIET = 0.15


def grown(html: str, target_bytes: int) -> str:
    """The page with its body sections repeated until it is about `target_bytes` long."""
    start = html.index('<section id="S1"')
    end = html.index('<section id="bib"')
    sections = html[start:end]
    copies = max(1, (target_bytes - len(html)) // len(sections) + 1)
    return html[:end] + sections * copies + html[end:]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Frames:
    """The time of every frame the app hands its driver (rendered to segments headless)."""

    def __init__(self, app) -> None:
        from textual._compositor import CompositorUpdate

        self.times: list[float] = []
        display = app._display

        def timed(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is None or app._batch_count:
                return
            if app.is_headless and isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            self.times.append(time.perf_counter())

        app._display = timed

    async def next_after(self, count: int, timeout: float = 10.0) -> float:
        deadline = time.perf_counter() + timeout
        while len(self.times) <= count and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
        return self.times[count] if len(self.times) > count else float("nan")

    async def quiet(self) -> None:
        count = -1
        while count != len(self.times):
            count = len(self.times)
            await asyncio.sleep(QUIET)


def make_app(kind: str):
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Markdown

    from reader.ui.widgets.paper_text_view import PaperTextView

    class Bench(App):
        CSS_PATH = str(ROOT / "styles" / "paper_text.tcss")

        def compose(self):
            if kind == "lines":
                yield PaperTextView(id="view")
            else:
                with VerticalScroll(id="scroll"):
                    yield Markdown(id="md")

    return Bench()


async def press(app, frames: Frames, key: str, character: str | None) -> float:
    from textual import events

    await frames.quiet()
    count = len(frames.times)
    event = events.Key(key, character)
    event.set_sender(app)
    started = time.perf_counter()
    app._driver.send_message(event)
    return (await frames.next_after(count, timeout=2) - started) * 1000


async def measure_lines(html: str, rounds: int, cache_dir: Path) -> dict[str, float]:
    from reader.fulltext import cache
    from reader.fulltext.latex import to_unicode
    from reader.fulltext.parse import parse_document

    parse_ms, first_ms, cached_ms, keys, first_cpu = [], [], [], [], []
    for _ in range(rounds):
        app = make_app("lines")
        async with app.run_test(size=(110, 40)) as pilot:
            await pilot.pause()
            frames = Frames(app)
            view = app.query_one("#view")
            view.focus()
            await frames.quiet()
            count = len(frames.times)
            to_unicode.cache_clear()  # the grown pages repeat their math: no help from that
            started, cpu = time.perf_counter(), time.process_time()
            document = parse_document(html, "https://arxiv.org/html/2508.08468v6")
            parsed = time.perf_counter()
            view.set_document(document)
            shown = await frames.next_after(count)
            first_cpu.append((time.process_time() - cpu) * 1000)
            parse_ms.append((parsed - started) * 1000)
            first_ms.append((shown - started) * 1000)
            cache.save("bench", document, cache_dir)
        keys.extend(await measure_keys(document))
        app = make_app("lines")
        async with app.run_test(size=(110, 40)) as pilot:
            await pilot.pause()
            frames = Frames(app)
            view = app.query_one("#view")
            await frames.quiet()
            count = len(frames.times)
            started = time.perf_counter()
            document = cache.load("bench", cache_dir)
            view.set_document(document)
            cached_ms.append((await frames.next_after(count) - started) * 1000)
    return {"parse": median(parse_ms), "first": median(first_ms), "key": median(keys),
            "first_cpu": median(first_cpu),
            "key_max": max(keys), "cached": median(cached_ms)}


async def measure_keys(document) -> list[float]:
    """j, space and k on the real full-text screen (its bindings, its bar), from the cache."""
    from textual.app import App

    from reader.fulltext import cache
    from reader.ui.screens.paper_text import PaperTextScreen

    cache.save("2508.08468", document)
    app = App()
    keys: list[float] = []
    async with app.run_test(size=(110, 40)) as pilot:
        screen = PaperTextScreen("2508.08468", "bench")
        await app.push_screen(screen)
        while screen.document is None:
            await pilot.pause(0.05)
        frames = Frames(app)
        for key, char in (("j", "j"), ("space", " "), ("k", "k")) * 5:
            keys.append(await press(app, frames, key, char))
    return keys


async def measure_markdown(html: str) -> dict[str, float]:
    from reader.fulltext.export import to_markdown
    from reader.fulltext.parse import parse_document

    app = make_app("markdown")
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        frames = Frames(app)
        await frames.quiet()
        count = len(frames.times)
        started = time.perf_counter()
        text = to_markdown(parse_document(html))
        await app.query_one("#md").update(text)
        first = (await frames.next_after(count, timeout=60) - started) * 1000
        app.query_one("#scroll").focus()
        keys = [await press(app, frames, "down", None) for _ in range(3)]
        keys += [await press(app, frames, "pagedown", None) for _ in range(3)]
    return {"first": first, "key": median(keys)}


def app_gc_policy() -> None:
    """As the reader runs: no full collection on Python's schedule (the app runs one when the
    user pauses, reader.gc_pause), so a key never pays a pass over every live object."""
    from reader.gc_pause import full_passes_on_request

    full_passes_on_request()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-markdown", action="store_true", help="skip the Markdown rows")
    args = parser.parse_args()
    # Bench in its own XDG dirs: nothing touches the real cache.
    home = Path(tempfile.mkdtemp(prefix="fulltext-bench-"))
    for name in ("DATA", "CONFIG", "CACHE", "STATE"):
        os.environ[f"XDG_{name}_HOME"] = str(home / name.lower())
    app_gc_policy()
    real = PAGE.read_text(encoding="utf-8")
    pages = [("real page", real), ("real page x7 (~1 MB)", grown(real, 1_000_000)),
             ("real page x14 (~2 MB)", grown(real, 2_000_000))]
    load = os.getloadavg()[0]
    print(f"(load average {load:.1f} on {os.cpu_count()} cores when measuring began)\n")
    print("| page | bytes | math | parse ms | parse + first screen ms (CPU ms) | scroll key ms"
          " (median / max) | cached open ms | Markdown first screen ms | Markdown scroll key ms |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for label, html in pages:
        lines = asyncio.run(measure_lines(html, args.rounds, home / "cache"))
        markdown = {"first": float("nan"), "key": float("nan")} if args.no_markdown \
            else asyncio.run(measure_markdown(html))
        maths = len(re.findall("<math ", html))
        print(f"| {label} | {len(html.encode()):,} | {maths} | {lines['parse']:.0f} | "
              f"{lines['first']:.0f} ({lines['first_cpu']:.0f}) | {lines['key']:.1f} / {lines['key_max']:.1f} | "
              f"{lines['cached']:.0f} | {markdown['first']:.0f} | {markdown['key']:.1f} |")


if __name__ == "__main__":
    main()
