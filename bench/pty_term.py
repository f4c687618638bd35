"""A program on a pseudo-terminal, read by a terminal emulator (pyte), frame by frame.

    term = PtyTerminal([reader], env)          # 120x40, like the tmux benchmark
    t0 = term.send("j")                         # the moment the key is written
    frame = term.wait_for(lambda screen: ..., timeout=5)
    frame.time - t0                             # seconds to the end of the frame that shows it

What the program sees is a modern terminal:
- the window size is set on the pty (TIOCSWINSZ) before the program starts;
- DECRQM for mode 2026 (synchronized output, `CSI ? 2026 $ p`) is answered "supported, reset"
  (`CSI ? 2026 ; 2 $ y`), so Textual wraps each frame in `CSI ? 2026 h` ... `CSI ? 2026 l`,
  and a frame counts at its end marker, as a terminal shows it then. DECRQM for any other mode
  (Textual asks for 2048, in-band window resize) is answered "not recognised" (`; 0 $ y`), as
  xterm and VTE do; Textual then takes its size from the pty and SIGWINCH. Device attributes
  (`CSI c`, `CSI > c`) and cursor position (`CSI 6 n`) are answered as a VT220-class terminal
  does; OSC 10/11 colour queries with the colours of a dark theme. Textual 8 asks only the
  two DECRQMs at start-up; the rest is answered in case a later version asks.
- Keys are sent as legacy bytes (`j`, ESC, ...), as xterm, VTE and tmux send them: Textual asks
  for the kitty keyboard protocol (`CSI > flags u`), which these terminals ignore.

Bytes are read by a thread that stamps each read with `time.perf_counter()` the moment it
returns (the switch interval is shortened so it gets the GIL within ~0.2 ms while the main
thread runs pyte); frames are parsed by the main thread from those stamped chunks, so the
emulator's own speed never delays a time stamp. Output outside a synchronized block (before
Textual has the answer to its query) counts as shown at the end of each read.
"""

from __future__ import annotations

import fcntl
import os
import queue
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyte

SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
# Terminal queries and their answers. Each is cut out of the stream before pyte sees it
# (pyte does not know DECRQM and would print its final letter).
_DECRQM = re.compile(rb"\x1b\[\?(\d+)\$p")
_DA1 = re.compile(rb"\x1b\[0?c")
_DA2 = re.compile(rb"\x1b\[>0?c")
_DSR_CPR = re.compile(rb"\x1b\[6n")
_OSC_COLOUR = re.compile(rb"\x1b\](1[01]);\?(\x07|\x1b\\)")
_QUERY = re.compile(b"|".join(p.pattern for p in (_DECRQM, _DA1, _DA2, _DSR_CPR, _OSC_COLOUR)))
SUPPORTED_MODES = {2026: 2}  # DECRQM: 2 = supported and reset; anything else 0 = unknown
OSC_COLOURS = {b"10": b"rgb:e0e0/e0e0/e0e0", b"11": b"rgb:1e1e/1e1e/1e1e"}
# An escape sequence cut short by the end of a read (or the start of a 2026 marker).
_UNFINISHED = re.compile(rb"\x1b(\[[0-9;?<>=$]*|\][^\x07\x1b]*\x1b?)?")
MAX_PARTIAL = 64  # bytes kept back in case a marker or query is split between two reads


@dataclass(frozen=True, slots=True)
class Frame:
    """What the terminal showed at `time` (perf_counter): display lines, cell backgrounds."""

    time: float
    lines: tuple[str, ...]
    backgrounds: tuple[tuple[str, ...], ...]
    number: int


def answer(query: bytes, cursor: tuple[int, int]) -> bytes:
    """The reply a modern terminal sends to one query matched by _QUERY."""
    if found := _DECRQM.fullmatch(query):
        mode = int(found.group(1))
        return b"\x1b[?%d;%d$y" % (mode, SUPPORTED_MODES.get(mode, 0))
    if _DA2.fullmatch(query):
        return b"\x1b[>1;10;0c"
    if _DA1.fullmatch(query):
        return b"\x1b[?62;22c"  # VT220 with ANSI colour
    if _DSR_CPR.fullmatch(query):
        return b"\x1b[%d;%dR" % (cursor[1] + 1, cursor[0] + 1)
    if found := _OSC_COLOUR.fullmatch(query):
        return b"\x1b]" + found.group(1) + b";" + OSC_COLOURS[found.group(1)] + b"\x1b\\"
    return b""


def peak_rss_mb(pid: int, field: str = "VmHWM") -> float | None:
    """VmHWM (the peak; or another /proc status `field`, such as VmRSS: now) of a live
    process, in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return None


class PtyTerminal:
    """`command` on a pty of `width` x `height`, its output parsed into frames."""

    def __init__(self, command: Sequence[str], env: Mapping[str, str], *, width: int = 120,
                 height: int = 40, cwd: Path | None = None) -> None:
        self.width, self.height = width, height
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        self.chunks: queue.SimpleQueue[tuple[float, bytes]] = queue.SimpleQueue()
        self.frames = 0
        self.synchronized = False  # a 2026 start marker seen
        self._pending = b""  # bytes not yet fed: an open synchronized block, or a split tail
        self._in_block = False
        self.last_frame: Frame | None = None
        self._unchecked: deque[Frame] = deque()  # parsed, not yet given to a check
        self.queries: list[bytes] = []  # every query answered, in order (for a look)
        self.last_output = time.perf_counter()
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        full_env = {key: value for key, value in os.environ.items()
                    if not key.startswith(("XDG_", "TEXTUAL", "TMUX", "COLUMNS", "LINES"))}
        full_env.update({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, **env)
        sys.setswitchinterval(0.0002)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(command), stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=cwd,
            start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.pid = self.process.pid
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    # -- the reading thread: stamps only ------------------------------------------------------
    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            stamp = time.perf_counter()
            self.chunks.put((stamp, data))
            if not data:
                return

    # -- input ----------------------------------------------------------------------------------
    def send(self, keys: str | bytes) -> float:
        """Write `keys` to the program; returns the perf_counter just before the write."""
        data = keys.encode() if isinstance(keys, str) else keys
        t0 = time.perf_counter()
        os.write(self.master, data)
        return t0

    # -- output ---------------------------------------------------------------------------------
    def _feed(self, data: bytes) -> None:
        """Answer and cut out the queries in `data`; the rest goes to pyte."""
        start = 0
        for found in _QUERY.finditer(data):
            self.stream.feed(data[start:found.start()])
            self.queries.append(found.group(0))
            reply = answer(found.group(0), (self.screen.cursor.x, self.screen.cursor.y))
            if reply:
                os.write(self.master, reply)
            start = found.end()
        self.stream.feed(data[start:])

    def _snapshot(self, stamp: float) -> Frame:
        self.frames += 1
        buffer = self.screen.buffer
        backgrounds = tuple(tuple(buffer[y][x].bg for x in range(self.width))
                            for y in range(self.height))
        frame = Frame(stamp, tuple(self.screen.display), backgrounds, self.frames)
        self.last_frame = frame
        return frame

    def _frames_of(self, stamp: float, data: bytes) -> list[Frame]:
        """Frames completed by `data` (read at `stamp`), oldest first."""
        self.last_output = stamp
        data = self._pending + data
        self._pending = b""
        frames: list[Frame] = []
        while data:
            if self._in_block:
                end = data.find(SYNC_END)
                if end < 0:
                    self._pending = data
                    return frames
                self._feed(data[:end])
                data = data[end + len(SYNC_END):]
                self._in_block = False
                frames.append(self._snapshot(stamp))
                continue
            begin = data.find(SYNC_START)
            if begin < 0:
                # Unsynchronized output: shown as it comes; keep back a tail that could be
                # the start of a marker or query split by the read.
                cut = data.rfind(b"\x1b", max(0, len(data) - MAX_PARTIAL))
                if cut < 0 or not _UNFINISHED.fullmatch(data[cut:]):
                    cut = len(data)
                head, self._pending = data[:cut], data[cut:]
                if head:
                    self._feed(head)
                    frames.append(self._snapshot(stamp))
                return frames
            if begin:
                self._feed(data[:begin])
            self.synchronized = True
            self._in_block = True
            data = data[begin + len(SYNC_START):]
        return frames

    def _next_frame(self, deadline: float) -> Frame | None:
        """The oldest frame not yet looked at; None at `deadline` or when the program ended."""
        while not self._unchecked:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                stamp, data = self.chunks.get(timeout=left)
            except queue.Empty:
                return None
            if not data:
                self.chunks.put((stamp, data))  # stays at the end for later callers
                return None
            self._unchecked.extend(self._frames_of(stamp, data))
        return self._unchecked.popleft()

    def wait_for(self, check: Callable[[Frame], bool], timeout: float,
                 seen: list[Frame] | None = None) -> Frame | None:
        """The first frame not looked at yet for which `check` holds; None if none within
        `timeout` or the program ended. Every frame looked at is appended to `seen` if given;
        frames after the one returned are left for the next call."""
        deadline = time.perf_counter() + timeout
        while (frame := self._next_frame(deadline)) is not None:
            if seen is not None:
                seen.append(frame)
            if check(frame):
                return frame
        return None

    def settle(self, quiet: float, limit: float) -> Frame | None:
        """Read until no output came for `quiet` s (at most `limit` s); the last frame."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            try:
                stamp, data = self.chunks.get(timeout=quiet)
            except queue.Empty:
                break
            if not data:
                self.chunks.put((stamp, data))
                break
            self._frames_of(stamp, data)
        self._unchecked.clear()  # all shown before the next key: none is a key's result
        return self.last_frame

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def peak_rss_mb(self) -> float | None:
        return peak_rss_mb(self.pid)

    def rss_mb(self) -> float | None:
        """The resident size now (VmRSS), in MB."""
        return peak_rss_mb(self.pid, "VmRSS")

    def save_last_screen(self, path: Path | None) -> str:
        """Write the last screen to `path` (a session was cut short: what did it show?);
        the words that say where, for the error message ("" when nothing was written)."""
        if path is None or self.last_frame is None:
            return ""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(self.last_frame.lines) + "\n", encoding="utf-8")
        return f" (last screen: {path})"

    def close(self) -> None:
        """Stop the program (SIGTERM, then SIGKILL) and close the pty."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                break
            try:
                os.killpg(self.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                continue
        try:
            os.close(self.master)
        except OSError:
            pass
