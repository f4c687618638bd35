"""The TUI in a real terminal (tmux) on a library holding a hostile feed: every byte the
reader writes to the pane is captured with `pipe-pane`, while the hostile papers are listed,
searched for and read full screen; none of the feed's escape sequences, C1 controls, bidi
overrides, zero-width characters or backspaces is among them.

Before the fix an OSC 52 in an abstract set the clipboard, ESC[2J cleared the screen and a
device-attributes query in a title made the terminal type its answer into the reader.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.e2e.test_tmux import READER, Tmux
from tests.hostile.feed import forbidden_in, write_feed

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"),
    pytest.mark.skipif(not READER.exists(), reason=f"{READER} is not installed"),
]


@pytest.fixture
def env(tmp_path):
    values = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX")}
    values.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
                  XDG_CACHE_HOME=str(tmp_path / "cache"), LANG="C.UTF-8", TERM="xterm-256color")
    return values


def test_the_tui_writes_none_of_the_feeds_escapes(tmp_path, env):
    feed = write_feed(tmp_path / "feed.json")
    done = subprocess.run([sys.executable, "-m", "reader", "import", str(feed)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    capture, go = tmp_path / "pane.bytes", tmp_path / "go"
    tmux = Tmux(env)
    tmux.socket = f"reader-hostile-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        # The reader waits for `go`, so pipe-pane is in place before its first byte.
        tmux.run("new-session", "-d", "-s", "h", "-x", "120", "-y", "40",
                 *[arg for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "LANG")
                   for arg in ("-e", f"{key}={env[key]}")],
                 "sh", "-c", f'while [ ! -e "{go}" ]; do sleep 0.05; done; "{READER}"; '
                 'echo "[reader exited $?]"; exec sleep 600')
        tmux.run("set-option", "-s", "escape-time", "10")
        tmux.run("pipe-pane", "-O", "-t", "h", f"cat >> '{capture}'")
        go.touch()
        tmux.wait_for("h", "shown")
        tmux.keys("h", "/", *"Hostile", "Enter")
        screen = tmux.wait_for("h", "3/")
        assert "␛]52;c;SE9TVElMRS1DTElQ␇" in screen  # shown, visibly and inert
        tmux.keys("h", "Enter")  # read the first one full screen: abstract, authors, links
        tmux.wait_for("h", "Eve", lambda text: "shown" not in text)
        tmux.keys("h", *["PageDown"] * 4)  # down to the abstract's end and the links
        tmux.wait_for("h", "Second paragraph")
        tmux.keys("h", "Escape")
        tmux.wait_for("h", "shown")  # back in the list
        tmux.keys("h", "j", "Enter")  # the next hostile paper, full screen
        tmux.wait_for("h", "Eve", lambda text: "shown" not in text)
        tmux.keys("h", "Escape", "q")
        screen = tmux.wait_for("h", "[reader exited 0]")
        time.sleep(0.3)  # let cat write the last bytes
    finally:
        tmux.kill()
    data = capture.read_bytes()
    assert b"Second paragraph" in data  # the capture holds the reading view
    assert forbidden_in(data) == []
