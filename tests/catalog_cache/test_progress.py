"""A cache build reports its progress: a bar on stderr when that is a terminal (a real pty),
nothing when it is a pipe; the build child's progress reaches `build_in_subprocess`."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys

from reader.catalog.cache import CatalogCache
from reader.catalog.progress import STAGES, Progress, TerminalBar
from tests.conftest import FIXTURES

FILE = FIXTURES / "hf_daily_papers_2026.json"


def run_import(stderr_is_terminal: bool) -> tuple[int, bytes]:
    """`reader import FILE` in a child with stdout a pipe, stderr a pty or a pipe."""
    command = [sys.executable, "-m", "reader", "import", str(FILE)]
    if not stderr_is_terminal:
        done = subprocess.run(command, capture_output=True, timeout=120, check=False)
        return done.returncode, done.stderr
    main, child = pty.openpty()
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=child)
        os.close(child)
        seen = b""
        while True:
            ready, _, _ = select.select([main], [], [], 120)
            if not ready:
                break
            try:
                data = os.read(main, 65536)
            except OSError:  # the child closed the pty
                break
            if not data:
                break
            seen += data
        process.stdout.read()
        return process.wait(60), seen
    finally:
        os.close(main)


def test_progress_on_a_terminal():
    code, seen = run_import(stderr_is_terminal=True)
    assert code == 0
    text = seen.decode()
    assert "Preparing your library" in text
    for stage in ("tagging", "indexing", "writing"):
        assert stage in text
    assert text.endswith("\r\x1b[2K")  # the line is cleared when done


def test_no_progress_into_a_pipe():
    code, err = run_import(stderr_is_terminal=False)
    assert code == 0
    assert err == b""


def test_terminal_bar_is_silent_on_a_file():
    stream = io.StringIO()
    bar = TerminalBar(stream)
    bar(Progress("tagging", 5, 10, 1.0))
    bar.close()
    assert stream.getvalue() == ""


def test_progress_describes_count_rate_and_time_left():
    progress = Progress("tagging", 41_000, 100_000, 8.0)
    assert progress.describe() == \
        "tagging 41,000 of 100,000 papers · 5,125/s · about 12 s left"
    assert Progress.from_line(progress.to_line()) == progress
    assert Progress.from_line("built") is None
    assert Progress.from_line("progress x y z w") is None


def test_the_build_child_reports_every_stage_in_order(library):
    seen: list[Progress] = []
    assert CatalogCache.build_in_subprocess(seen.append) is True
    stages = list(dict.fromkeys(p.stage for p in seen))
    assert stages == list(STAGES)
    for stage in ("tagging", "indexing", "writing"):
        last = [p for p in seen if p.stage == stage][-1]
        assert last.done == last.total > 0
    seen.clear()
    assert CatalogCache.build_in_subprocess(seen.append) is False  # fresh: nothing to do
    assert seen == []


def test_stop_builds_ends_a_child_build_at_once(library, monkeypatch):
    import threading

    import pytest

    from reader.catalog import cache as catalog_cache
    from reader.errors import ReaderError

    monkeypatch.setattr(catalog_cache, "_STOPPING", threading.Event())
    outcome: list[object] = []

    def build() -> None:
        try:
            outcome.append(CatalogCache.build_in_subprocess())
        except ReaderError as error:
            outcome.append(error)

    thread = threading.Thread(target=build)
    thread.start()
    while not catalog_cache._CHILDREN and thread.is_alive():
        thread.join(0.001)
    catalog_cache.stop_builds()
    thread.join(30)
    assert not thread.is_alive()
    (result,) = outcome
    if result is True:  # pragma: no cover - the build won the race: nothing to stop
        pytest.skip("the child finished before it was stopped")
    assert isinstance(result, ReaderError) and "stopped" in str(result)
    assert CatalogCache.open(build=False) is None  # no half-built cache left as current
