"""A terminal that records: a tmux client attached on a pseudo-terminal whose bytes we keep.

It answers no queries, so tmux knows only what $TERM and its `terminal-features` say about it:
an `xterm-256color` terminal takes OSC 52 (tmux's default features), a `vt100` does not.
"""

from __future__ import annotations

import base64
import fcntl
import os
import pty
import re
import signal
import struct
import termios
import threading
from pathlib import Path

OSC52 = re.compile(rb"\x1b\]52;[a-z]*;([A-Za-z0-9+/=]+)(?:\x07|\x1b\\)")


class PtyTerminal:
    def __init__(self, socket: Path, session: str, term: str) -> None:
        self.output = bytearray()
        self._lock = threading.Lock()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the tmux client
            env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
            env["TERM"] = term
            os.execvpe("tmux", ["tmux", "-S", str(socket), "attach", "-t", session], env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def clipboard_texts(self) -> list[str]:
        """Every text a program set on this terminal's clipboard with OSC 52, in order."""
        with self._lock:
            data = bytes(self.output)
        return [base64.b64decode(m.group(1)).decode("utf-8") for m in OSC52.finditer(data)]

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)
