"""Copying in real tmux: what reaches tmux's buffer and the terminal, and what the app says.

A recording terminal (pty_terminal.py) stands for the user's terminal emulator.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from reader.clipboard import osc52_sequence
from tests.conftest import needs_tool

from .conftest import URL
from .pty_terminal import PtyTerminal

pytestmark = needs_tool("tmux")

APP = Path(__file__).with_name("tmux_copy_app.py")


class Tmux:
    """A private tmux server (own socket, no config), killed at the end."""

    def __init__(self, socket: Path) -> None:
        self.socket = socket

    def __call__(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=20, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def buffer(self) -> str:
        return self("show-buffer", check=False)


def wait_for(condition, what: str, seconds: float = 20.0):
    """Poll `condition()` until it gives something truthy; fail naming `what` if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"gave up waiting for {what}")


@pytest.fixture
def servers():
    directory = Path(tempfile.mkdtemp(prefix="rl-tmux-", dir="/tmp"))  # short socket paths
    made: list[Tmux] = []

    def make(name: str) -> Tmux:
        made.append(Tmux(directory / name))
        return made[-1]

    yield make, directory
    for server in made:
        server("kill-server", check=False)
    shutil.rmtree(directory, ignore_errors=True)


def _app_command(text: str, record: Path) -> str:
    return (
        "env -u DISPLAY -u WAYLAND_DISPLAY -u BROWSER "
        f"{shlex.quote(sys.executable)} {shlex.quote(str(APP))} "
        f"{shlex.quote(text)} {shlex.quote(str(record))}"
    )


def run_app_in(tmux: Tmux, directory: Path, target: str = "s:") -> str:
    """Run the copy app in a new window of `tmux`; the sentence it reported."""
    record = directory / "outcome.txt"
    record.unlink(missing_ok=True)
    tmux("new-window", "-t", target, _app_command(URL, record))
    return wait_for(lambda: record.exists() and record.read_text(), "the app's outcome")


@pytest.fixture
def terminals():
    made: list[PtyTerminal] = []

    def attach(tmux: Tmux, term: str) -> PtyTerminal:
        made.append(PtyTerminal(tmux.socket, "s", term))
        wait_for(lambda: tmux("list-clients"), "the tmux client")
        return made[-1]

    yield attach
    for terminal in made:
        terminal.close()


def _default_server(make) -> Tmux:
    """A tmux server at its default settings: set-clipboard external, allow-passthrough off."""
    tmux = make("one")
    tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "s", "sleep 60")
    tmux("set-option", "-g", "remain-on-exit", "on")
    assert tmux("show-options", "-gv", "set-clipboard").strip() == "external"
    return tmux


def test_at_tmux_defaults_the_link_goes_to_tmux_and_on_to_the_terminal(servers, terminals):
    make, directory = servers
    tmux = _default_server(make)
    terminal = terminals(tmux, "xterm-256color")
    outcome = run_app_in(tmux, directory)
    assert outcome == (
        "Copied github.com/szq0214/SReT to tmux's paste buffer; tmux sent it on to the "
        "terminal clipboard (OSC 52)."
    )
    assert tmux.buffer() == URL
    assert wait_for(terminal.clipboard_texts, "OSC 52 on the terminal") == [URL]


def test_at_tmux_defaults_with_nobody_attached_the_report_says_buffer_only(servers):
    make, directory = servers
    tmux = _default_server(make)
    assert run_app_in(tmux, directory) == (
        "Copied github.com/szq0214/SReT to tmux's paste buffer only (prefix ] pastes it): "
        "no terminal is attached to tmux."
    )
    assert tmux.buffer() == URL


def test_set_clipboard_off_keeps_it_in_tmux_and_says_how_to_turn_it_on(servers, terminals):
    make, directory = servers
    tmux = _default_server(make)
    tmux("set-option", "-g", "set-clipboard", "off")
    terminal = terminals(tmux, "xterm-256color")
    assert run_app_in(tmux, directory) == (
        "Copied github.com/szq0214/SReT to tmux's paste buffer only (prefix ] pastes it): "
        "tmux's set-clipboard is off (add \"set -g set-clipboard on\" to ~/.tmux.conf)."
    )
    assert tmux.buffer() == URL
    assert terminal.clipboard_texts() == []


def test_a_terminal_tmux_thinks_lacks_osc52_gets_a_hint_naming_it(servers, terminals):
    make, directory = servers
    tmux = _default_server(make)
    terminal = terminals(tmux, "vt100")
    assert run_app_in(tmux, directory) == (
        "Copied github.com/szq0214/SReT to tmux's paste buffer only (prefix ] pastes it): "
        "tmux does not know your terminal takes OSC 52 "
        "(add \"set -as terminal-features ',vt100:clipboard'\" to ~/.tmux.conf)."
    )
    assert tmux.buffer() == URL
    assert terminal.clipboard_texts() == []


def test_with_passthrough_on_the_apps_own_osc52_reaches_the_terminal(servers, terminals):
    make, directory = servers
    tmux = _default_server(make)
    tmux("set-option", "-g", "allow-passthrough", "on")
    terminal = terminals(tmux, "vt100")
    assert run_app_in(tmux, directory) == (
        "Copied github.com/szq0214/SReT to tmux's paste buffer and sent it to the terminal "
        "clipboard through tmux's passthrough (OSC 52)."
    )
    assert tmux.buffer() == URL
    assert wait_for(terminal.clipboard_texts, "OSC 52 on the terminal") == [URL]


def test_textual_app_in_nested_tmux_reaches_the_outer_terminal_by_passthrough(servers):
    make, directory = servers
    inner, outer = make("inner"), make("outer")
    record = directory / "outcome.txt"
    inner("new-session", "-d", "-x", "100", "-y", "30", "-s", "in", "sleep 60")
    inner("set-option", "-g", "allow-passthrough", "on")
    inner("set-option", "-g", "set-clipboard", "off")  # the plain sequence stops here
    inner("set-option", "-g", "remain-on-exit", "on")
    outer("new-session", "-d", "-x", "110", "-y", "35", "-s", "out",
          f"env -u TMUX tmux -S {shlex.quote(str(inner.socket))} attach -t in")
    outer("set-option", "-g", "set-clipboard", "on")
    wait_for(lambda: inner("list-clients"), "the inner tmux client")
    inner("new-window", "-t", "in:", _app_command(URL, record))
    outcome = wait_for(lambda: record.exists() and record.read_text(), "the app's outcome")
    assert outcome == (
        "Copied github.com/szq0214/SReT to tmux's paste buffer and sent it to the terminal "
        "clipboard through tmux's passthrough (OSC 52)."
    )
    # With the inner set-clipboard off only the DCS-wrapped sequence can have crossed it.
    assert wait_for(outer.buffer, "the outer tmux's paste buffer") == URL
    assert inner.buffer() == URL


def test_unwrapped_sequence_does_not_cross_tmux(servers):
    """The control: without passthrough the plain sequence never reaches the outer terminal."""
    make, directory = servers
    inner, outer = make("inner"), make("outer")
    writer = directory / "write.py"
    writer.write_text(
        "import sys, time\n"
        f"sys.stdout.write({osc52_sequence('https://github.com/plain/only')!r})\n"
        f"sys.stdout.write({osc52_sequence('https://github.com/wrapped/form', tmux=True)!r})\n"
        "sys.stdout.flush()\ntime.sleep(30)\n",
        encoding="utf-8",
    )
    inner("new-session", "-d", "-x", "100", "-y", "30", "-s", "in", "sleep 60")
    inner("set-option", "-g", "allow-passthrough", "on")
    inner("set-option", "-g", "set-clipboard", "off")
    outer("new-session", "-d", "-x", "110", "-y", "35", "-s", "out",
          f"env -u TMUX tmux -S {shlex.quote(str(inner.socket))} attach -t in")
    outer("set-option", "-g", "set-clipboard", "on")
    wait_for(lambda: inner("list-clients"), "the inner tmux client")
    inner("new-window", "-t", "in:", f"{shlex.quote(sys.executable)} {shlex.quote(str(writer))}")
    assert wait_for(outer.buffer, "the outer tmux's paste buffer") == "https://github.com/wrapped/form"
    assert outer("list-buffers", "-F", "#{buffer_name}").split() == ["buffer0"]
