"""Real parts for the link tests: an Xvfb display with xclip, a $BROWSER that records."""

from __future__ import annotations

import os
import select
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import require_tools

URL = "https://github.com/szq0214/SReT"


def read_x_clipboard(display: str) -> str:
    """The X clipboard selection of `display`, read with xclip as a user would paste it."""
    done = subprocess.run(
        ["xclip", "-o", "-selection", "clipboard"], env={**os.environ, "DISPLAY": display},
        capture_output=True, timeout=10, check=False,
    )
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="session")
def xvfb_display():
    """A private Xvfb server on a free display number (Xvfb picks it), torn down after."""
    require_tools("Xvfb", "xclip")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "640x480x24"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    number = b""
    deadline = time.monotonic() + 20
    while not number.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([read_end], [], [], 0.5)
        if ready:
            chunk = os.read(read_end, 16)
            if not chunk:
                break
            number += chunk
    os.close(read_end)
    if not number.strip().isdigit():
        server.kill()
        server.wait()
        pytest.fail("Xvfb did not report its display number")
    display = f":{number.strip().decode()}"
    yield display
    # Take the clipboard from the last xclip the tests started, so it exits now and quietly
    # rather than complaining on our stderr when the server goes away.
    subprocess.run(["xclip", "-selection", "clipboard"], input=b"", timeout=10, check=False,
                   env={**os.environ, "DISPLAY": display}, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def x_display(xvfb_display, monkeypatch):
    """DISPLAY set to the Xvfb server for this test (and for the tools pyperclip runs)."""
    monkeypatch.setenv("DISPLAY", xvfb_display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("TMUX", raising=False)
    # Start from a known clipboard, so an earlier test's copy cannot pass for this one's.
    subprocess.run(
        ["xclip", "-selection", "clipboard"], input=b"(before the test)", check=True, timeout=10,
        env={**os.environ, "DISPLAY": xvfb_display}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert wait_for_x_clipboard(xvfb_display, "(before the test)") == "(before the test)"
    return xvfb_display


def wait_for_x_clipboard(display: str, expected: str, seconds: float = 10.0) -> str:
    """The clipboard once it holds `expected` (xclip takes it from a background child)."""
    deadline = time.monotonic() + seconds
    while (found := read_x_clipboard(display)) != expected and time.monotonic() < deadline:
        time.sleep(0.02)
    return found


@pytest.fixture
def no_display(monkeypatch):
    """No X, no Wayland, no tmux, no $BROWSER: an SSH session without forwarding."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX", "BROWSER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def recorder(tmp_path):
    """A browser command that appends each argument it gets to a file, then exits 0."""
    log = tmp_path / "browser.log"
    script = tmp_path / "record-browser"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{log}"\n', encoding="utf-8")
    script.chmod(0o755)

    class Recorder:
        command = str(script)

        @staticmethod
        def urls() -> list[str]:
            return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    return Recorder


@pytest.fixture
def failing_browser(tmp_path) -> str:
    """A browser command that complains on stderr and exits with status 3."""
    script = tmp_path / "broken-browser"
    script.write_text('#!/bin/sh\necho "cannot open display" >&2\nexit 3\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def make_executable(path: Path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return str(path)
