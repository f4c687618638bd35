"""OSC 52 end to end in real tmux: through Textual's driver, plain and in DCS passthrough."""

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

from .conftest import URL

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

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


def test_textual_app_in_tmux_sets_tmux_clipboard(servers):
    make, directory = servers
    tmux = make("one")
    record = directory / "outcome.txt"
    tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "s", "sleep 60")
    tmux("set-option", "-g", "set-clipboard", "on")
    tmux("set-option", "-g", "remain-on-exit", "on")
    tmux("new-window", "-t", "s:", _app_command(URL, record))
    outcome = wait_for(lambda: record.exists() and record.read_text(), "the app's outcome")
    assert outcome == "Sent github.com/szq0214/SReT to the terminal clipboard (OSC 52 through tmux)."
    assert wait_for(tmux.buffer, "tmux's paste buffer") == URL


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
    wait_for(lambda: record.exists() and record.read_text(), "the app's outcome")
    # Only the DCS-wrapped sequence can have crossed the inner tmux.
    assert wait_for(outer.buffer, "the outer tmux's paste buffer") == URL
    assert inner.buffer() == ""


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
