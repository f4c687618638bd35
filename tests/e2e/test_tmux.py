"""End to end in a real terminal: tmux runs the installed `reader`, keys go in with send-keys.

Keyboard only: filter by two tags, show unread papers with code, read three in a row from
the reading view, star the third, copy its GitHub link, quit; `reader list --format json` and a restart show the
marks. Copying (no X display here) goes to a tmux paste buffer, tmux at its default settings.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import needs_tool

READER = Path(sys.executable).parent / "reader"
WAIT_SECONDS = 30.0
KEY_GAP = 0.15
TAG_ROW = re.compile(r"^[□■] (\S+) +\d+")

pytestmark = [
    needs_tool("tmux"),
    # `reader` is installed with the package (make test installs it into .venv): its absence
    # is a broken install, a failure, never a skip.
]


class Tmux:
    """One tmux server on its own socket, with helpers to drive one session."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"reader-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.env = env

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-u", "-L", self.socket, "-f", os.devnull, *args],
                              env=self.env, capture_output=True, text=True, timeout=20)
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, name: str, command: str) -> None:
        """Start `command` in a detached 120x40 session; the pane stays after it exits."""
        self.run("new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                 *[arg for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "LANG")
                   for arg in ("-e", f"{key}={self.env[key]}")],
                 "sh", "-c", f'"{READER}"; echo "[reader exited $?]"; exec sleep 600')
        # A lone escape goes through at once.
        self.run("set-option", "-s", "escape-time", "10")

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def keys(self, name: str, *keys: str) -> None:
        """Type `keys` at a person's pace (a burst of keys is tests/ui/test_type_ahead.py's
        business)."""
        for key in keys:
            self.run("send-keys", "-t", name, key)
            time.sleep(KEY_GAP)

    def toggle_tag(self, name: str, tag: str) -> None:
        """`t` jumps to the first tag; j down to `tag` as the pane lists them; enter."""
        tags = [m.group(1) for m in map(TAG_ROW.match, self.screen(name).splitlines()) if m]
        assert tag in tags, f"{tag!r} is not in the sidebar: {tags}"
        self.keys(name, "t", *["j"] * tags.index(tag), "Enter")

    def wait_for(self, name: str, what: str, predicate=None) -> str:
        """Poll the pane until `what` is on it (and predicate(text) holds)."""
        deadline = time.monotonic() + WAIT_SECONDS
        text = ""
        while time.monotonic() < deadline:
            text = self.screen(name)
            if what in text and (predicate is None or predicate(text)):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{what!r} never appeared; the pane shows:\n{text}")

    def wait_for_buffer(self) -> str:
        """Poll until tmux has a paste buffer (the reader's copy); its text."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if self.run("list-buffers").strip():
                return self.run("show-buffer")
            time.sleep(0.1)
        raise AssertionError("nothing reached tmux's paste buffers")

    def kill(self) -> None:
        socket = self.run("display-message", "-p", "#{socket_path}", check=False).strip()
        self.run("kill-server", check=False)
        if socket:
            Path(socket).unlink(missing_ok=True)  # tmux 3.3 leaves it behind


def line_with(text: str, words: str) -> str:
    return next((line for line in text.splitlines() if words in line), "")


@pytest.fixture
def env(tmp_path):
    values = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX")}
    values.update(
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        LANG="C.UTF-8",
        TERM="xterm-256color",
    )
    return values


@pytest.fixture
def tmux(env):
    server = Tmux(env)
    try:
        yield server
    finally:
        server.kill()


def reader_list(env) -> list[dict]:
    done = subprocess.run([str(READER), "list", "--format", "json"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def unread_llm_systems_code() -> list:
    """The papers the session below filters to, in page order (the built-in catalog)."""
    from reader import paths
    from reader.catalog import files as catalog
    from reader.tags import load_rules

    rules = load_rules(paths.bundled_data_dir() / "tags.toml")
    papers = catalog.tag_all(catalog.builtin_papers(), rules)
    return [p for p in papers if {"llm", "systems", "has-code"} <= set(p.tags)]


def test_a_reading_session_keyboard_only(tmux, env):
    tmux.start("one", str(READER))
    # The list comes first; the sidebar's counts follow a frame later.
    tmux.wait_for("one", "Sliced Recursive Transformer",
                  lambda t: "95/95 shown" in t and any(map(TAG_ROW.match, t.splitlines())))

    # Two tags, then the Unread view and the has-code tag: unread papers with code.
    tmux.toggle_tag("one", "llm")
    tmux.toggle_tag("one", "systems")
    tmux.wait_for("one", "23/95 shown")
    tmux.keys("one", "v")
    tmux.toggle_tag("one", "has-code")
    screen = tmux.wait_for("one", "7/95 shown")
    assert all(w in line_with(screen, "Filter:") for w in ("Unread", "llm", "systems"))
    assert "FlexLLM" in screen and "Sliced Recursive" not in screen

    # Three papers in a row from the reading view: enter opens the first, n the next unread.
    first, second, third = unread_llm_systems_code()[:3]
    tmux.keys("one", "Tab", "Enter")
    tmux.wait_for("one", first.primary_code_link.url)  # the reading view
    tmux.keys("one", "n")
    tmux.wait_for("one", second.primary_code_link.url)
    tmux.keys("one", "n")
    tmux.wait_for("one", third.primary_code_link.url)
    # Star the third and copy its code link: tmux at its default settings.
    tmux.keys("one", "s")
    tmux.wait_for("one", "★ starred")
    tmux.keys("one", "c")
    assert tmux.wait_for_buffer() == third.primary_code_link.url
    # and the reader says where it went (tmux's paste buffer only: no terminal is attached)
    # (the notice wraps: its lines are joined before its words are checked)
    tmux.wait_for("one", "Copied", lambda t: "to tmux's paste buffer only" in " ".join(
        line.strip(" ▌") for line in t.splitlines()))
    tmux.keys("one", "Escape")
    screen = tmux.wait_for("one", "read 3 o")
    assert "7/95 shown" in screen  # read now, but kept until the view changes
    tmux.keys("one", "q")
    screen = tmux.wait_for("one", "[reader exited 0]")
    assert "This session: read 3 papers, starred 1." in screen

    records = {r["title"]: r for r in reader_list(env)}
    assert [t for t, r in records.items() if r["starred"]] == [third.title]
    assert sorted(t for t, r in records.items() if r["read"]) == sorted(
        p.title for p in (first, second, third))

    # Restart: the marks are there.
    tmux.start("two", str(READER))
    screen = tmux.wait_for("two", "read 3 of 95")
    # List rows start with the unread mark and the star: read and starred, unread.
    assert f"  ★ {third.title[:20]}" in screen
    assert "●  Sliced Recursive Transformer" in screen
    tmux.keys("two", "v", "v")  # the Starred view
    screen = tmux.wait_for("two", "1/95 shown")
    assert third.title[:20] in screen
    tmux.keys("two", "q")
    screen = tmux.wait_for("two", "[reader exited 0]")
    assert "This session: read 0 papers, starred 0." in screen
