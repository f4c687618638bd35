"""Start a program in a real terminal (tmux) and time it to its first paint with data.

One tmux server on its own socket holds one 120x40 pane. For each start the pane is
respawned with the program (`exec`, so the pane's pid is the program's) and the clock starts
just before that `respawn-pane`; `capture-pane` is polled every ~5 ms until the screen holds
what `ready` looks for. The poll (a `tmux capture-pane` process each time) is the precision
floor: a paint is seen up to one poll interval late, and `StartResult.poll_ms` says how long
an interval really was. Peak RSS is the program's VmHWM (/proc/PID/status) once it has stopped
growing after the paint.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.005
RSS_STEADY_SECONDS = 1.0
RSS_MAX_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class StartResult:
    """One start: seconds to the first paint (None: not within the cap), peak RSS in MB."""

    seconds: float | None
    peak_rss_mb: float | None
    poll_ms: float
    error: str = ""


def title_spotter(titles: Sequence[str], length: int = 24) -> Callable[[str], bool]:
    """A `ready` test: true once any line shows the first `length` characters of a title."""
    prefixes = {title[:length] for title in titles if len(title) >= length}

    def ready(screen: str) -> bool:
        for line in screen.splitlines():
            for start in range(len(line) - length + 1):
                if line[start:start + length] in prefixes:
                    return True
        return False

    return ready


def text_spotter(text: str) -> Callable[[str], bool]:
    return lambda screen: text in screen


def _peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Terminal:
    """A private tmux server with one pane of `width` x `height`."""

    def __init__(self, width: int = 120, height: int = 40) -> None:
        self.socket = f"bench-{os.getpid()}"
        self.target = "bench:0.0"
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", str(width),
                  "-y", str(height), "sleep 1000000")
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        self.tmux("set-option", "-g", "default-terminal", "tmux-256color")

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=False)
        if done.returncode != 0 and args[0] not in ("kill-server", "capture-pane"):
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.target)

    def start(self, command: Sequence[str], env: Mapping[str, str],
              ready: Callable[[str], bool], cap: float, cwd: Path) -> StartResult:
        """Run `command` in the pane and time it to `ready`; stop it afterwards."""
        shell = "exec " + " ".join(shlex.quote(part) for part in command)
        options = [item for key, value in env.items() for item in ("-e", f"{key}={value}")]
        t0 = time.perf_counter()
        self.tmux("respawn-pane", "-k", "-t", self.target, "-c", str(cwd), *options, shell)
        pid = int(self.tmux("display-message", "-p", "-t", self.target, "#{pane_pid}"))
        polls, seconds, error = 0, None, ""
        while True:
            screen = self.screen()
            polls += 1
            now = time.perf_counter() - t0
            if ready(screen):
                seconds = now
                break
            if not _alive(pid):
                error = "exited before painting: " + " / ".join(
                    line.strip() for line in screen.splitlines() if line.strip())[-300:]
                break
            if now > cap:
                break
            time.sleep(POLL_SECONDS)
        poll_ms = (time.perf_counter() - t0) / polls * 1000
        peak = self._settled_rss(pid) if seconds is not None else _peak_rss_mb(pid)
        self._stop(pid)
        return StartResult(seconds, peak, poll_ms, error)

    def _settled_rss(self, pid: int) -> float | None:
        peak, since, begin = _peak_rss_mb(pid), time.perf_counter(), time.perf_counter()
        while time.perf_counter() - since < RSS_STEADY_SECONDS:
            if time.perf_counter() - begin > RSS_MAX_SECONDS:
                break
            time.sleep(0.1)
            now = _peak_rss_mb(pid)
            if now is None:
                break
            if now != peak:
                peak, since = now, time.perf_counter()
        return peak

    def _stop(self, pid: int) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
            deadline = time.perf_counter() + 3
            while _alive(pid) and time.perf_counter() < deadline:
                time.sleep(0.02)
            if not _alive(pid):
                return

    def close(self) -> None:
        self.tmux("kill-server")
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)
