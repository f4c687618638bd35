"""Copy text from anywhere: the system clipboard, else OSC 52 through the terminal.

`copy_text` tries, in order:

1. the system clipboard through pyperclip (pbcopy, wl-copy, xclip, xsel, clip.exe…), only when
   one can work here (a reachable display, a tool installed), with a timeout, and checked by
   reading the clipboard back, so a broken X forwarding is never a silent no-op;
2. inside tmux, a tmux paste buffer, which tmux passes on to the terminal's clipboard when it
   can (reader/tmux_clipboard.py: the message says which happened);
3. OSC 52 through the terminal, when the caller gives a `terminal_writer` (inside tmux, when
   tmux itself cannot be asked, the sequence is also wrapped in tmux's DCS passthrough);
4. nothing: the result says so in one sentence, and the UI shows the text to copy by hand.

No Textual here: the UI passes a writer that goes through its own terminal output.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

COPY_TIMEOUT = 3.0
"""Seconds the system clipboard gets to take the text (and again to give it back)."""
VERIFY_SECONDS = 1.5
"""How long a copied text may take to show up on the clipboard before the copy counts as lost."""

ESC = "\x1b"
BEL = "\x07"


@dataclass(frozen=True, slots=True)
class CopyResult:
    """What `copy_text` did: `method` is "clipboard", "tmux" (tmux sent it on to the terminal's
    clipboard), "tmux-buffer" (in tmux's paste buffer only), "osc52" or "none"."""

    ok: bool
    method: str
    message: str
    text: str = ""


def short_url(url: str, limit: int = 40) -> str:
    """`url` for a message: no scheme; when long, '…/' and its last two path parts."""
    url = url.strip()
    bare = url.split("://", 1)[-1].rstrip("/")
    if len(bare) <= limit:
        return bare
    pieces = urlsplit(url)
    parts = [p for p in pieces.path.split("/") if p]
    tail = "/".join(parts[-2:]) if parts else bare
    if pieces.query:
        tail += "?" + pieces.query
    if len(tail) > limit - 2:
        tail = tail[: limit - 3] + "…"
    return "…/" + tail


def describe(text: str) -> str:
    """A few words naming `text`: the short URL of one line, else 'N lines'."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) == 1:
        return short_url(lines[0])
    return f"{len(lines)} lines"


def osc52_sequence(text: str, *, tmux: bool = False) -> str:
    """The OSC 52 'set clipboard' sequence for `text`; for tmux, in its DCS passthrough."""
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"{ESC}]52;c;{encoded}{BEL}"
    if not tmux:
        return sequence
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ESC}\\"


def in_tmux(env: Mapping[str, str]) -> bool:
    return bool(env.get("TMUX"))


def terminal_payload(text: str, env: Mapping[str, str]) -> str:
    """What to write to the terminal to set its clipboard.

    Inside tmux: the passthrough form (reaches the outer terminal when tmux has
    `allow-passthrough on`) followed by the plain form (taken by tmux itself when it has
    `set-clipboard on`); whichever tmux accepts, the outer terminal gets the same text.
    """
    plain = osc52_sequence(text)
    if in_tmux(env):
        return osc52_sequence(text, tmux=True) + plain
    return plain


def x_display_reachable(display: str, timeout: float = 1.0) -> bool:
    """Whether the X server named by `display` (':0', 'localhost:10.0') accepts connections."""
    host, colon, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not colon or not number.isdigit() or host.startswith("/"):
        return True  # a form we do not know: let the clipboard tool decide
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        addresses = [path] + (["\0" + path] if sys.platform.startswith("linux") else [])
        for address in addresses:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                try:
                    sock.connect(address)
                    return True
                except OSError:
                    continue
        return False
    try:
        with socket.create_connection((host.strip("[]"), 6000 + int(number)), timeout=timeout):
            return True
    except OSError:
        return False


def _is_wsl() -> bool:
    try:
        with open("/proc/version", encoding="utf-8", errors="replace") as version:
            return "microsoft" in version.read().lower()
    except OSError:
        return False


def system_clipboard_problem(env: Mapping[str, str]) -> str | None:
    """None when a system clipboard can work here, else a few words saying why not."""
    if sys.platform == "darwin" or sys.platform.startswith(("win", "cygwin")):
        return None
    if sys.platform.startswith("linux") and _is_wsl():
        return None
    path = env.get("PATH")
    if env.get("WAYLAND_DISPLAY") and shutil.which("wl-copy", path=path) and shutil.which(
        "wl-paste", path=path
    ):
        return None
    display = env.get("DISPLAY")
    if display:
        if not x_display_reachable(display):
            return f"the X display {display} does not answer"
        if not (shutil.which("xclip", path=path) or shutil.which("xsel", path=path)):
            return "no xclip or xsel installed"
        return None
    if env.get("WAYLAND_DISPLAY"):
        return "no wl-copy installed"
    return "no display"


def _with_timeout(call: Callable[[], object], timeout: float) -> object:
    """`call()` in a helper thread; TimeoutError when it has not returned after `timeout`."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except Exception as error:  # handed back to the caller below
            box["error"] = error

    thread = threading.Thread(target=run, name="reader-clipboard", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


def _first_words(error: BaseException, limit: int = 60) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    text = text.split(". ", 1)[0].rstrip(".")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def system_copy(text: str, env: Mapping[str, str], timeout: float = COPY_TIMEOUT) -> str | None:
    """Put `text` on the system clipboard: None on success, else a few words saying why not.

    The tools pyperclip runs inherit the process environment; `env` decides whether to try.
    """
    problem = system_clipboard_problem(env)
    if problem:
        return problem
    import pyperclip

    wanted = text.rstrip("\r\n")
    try:
        _with_timeout(lambda: pyperclip.copy(text), timeout)
        # xclip and xsel take the selection from a background child after the command has
        # returned, so the text may show up a moment late: look again for a little while.
        deadline = time.monotonic() + VERIFY_SECONDS
        pause = 0.01
        while True:
            pasted = _with_timeout(pyperclip.paste, timeout)
            if isinstance(pasted, str) and pasted.rstrip("\r\n") == wanted:
                return None
            if time.monotonic() >= deadline:
                return "the system clipboard did not keep the text"
            time.sleep(pause)
            pause = min(pause * 2, 0.2)
    except TimeoutError:
        return f"the system clipboard did not answer within {timeout:g} s"
    except Exception as error:  # pyperclip raises many kinds; each is a failed copy
        return f"the system clipboard failed: {_first_words(error)}"


def inert_copy(text: str) -> str:
    """`text` made safe to paste into a shell or terminal: in each line that is a link, control
    and hiding characters percent-encoded; in any other line, shown as control pictures."""
    from reader.safe_text import clean, safe_url

    lines = []
    for line in text.splitlines():
        url = safe_url(line) if line.strip().lower().startswith(("http://", "https://")) else None
        lines.append(url if url is not None else clean(line))
    return "\n".join(lines) + ("\n" if text.endswith(("\n", "\r")) else "")


def copy_text(
    text: str,
    *,
    terminal_writer: Callable[[str], None] | None = None,
    env: Mapping[str, str] | None = None,
    label: str | None = None,
    timeout: float = COPY_TIMEOUT,
) -> CopyResult:
    """Copy `text`: system clipboard, else OSC 52 through `terminal_writer`, else say so.

    `label` names the text in the message (default: its short URL, or 'N lines').
    Never raises for a missing or broken clipboard; the message is one sentence.
    """
    env = os.environ if env is None else env
    text = inert_copy(text)
    if not text.strip():
        return CopyResult(False, "none", "Nothing to copy.", text)
    what = label or describe(text)
    problem = system_copy(text, env, timeout)
    if problem is None:
        return CopyResult(True, "clipboard", f"Copied {what} to the clipboard.", text)
    tmux_problem = ""
    if in_tmux(env):
        from reader import tmux_clipboard

        wrapped = osc52_sequence(text, tmux=True)
        reached, method, sentence = tmux_clipboard.copy_in_tmux(
            text, what, env, terminal_writer, wrapped
        )
        if reached:
            return CopyResult(True, method, sentence, text)
        tmux_problem = sentence
    if terminal_writer is not None:
        try:
            terminal_writer(terminal_payload(text, env))
        except Exception as error:  # a closed terminal, a dead app: fall through to by-hand
            terminal_problem = f"the terminal refused it: {_first_words(error)}"
        else:
            message = f"Sent {what} to the terminal clipboard (OSC 52)."
            if tmux_problem:  # tmux drops OSC 52 unless told otherwise: do not claim it landed
                message = (
                    f"Sent {what} to tmux as OSC 52, but tmux did not say whether it passes it "
                    f"on ({tmux_problem})."
                )
            return CopyResult(True, "osc52", message, text)
    else:
        terminal_problem = "; ".join(filter(None, (tmux_problem, "no terminal to send it to")))
    several = len([line for line in text.splitlines() if line.strip()]) > 1
    noun, pronoun = ("links", "them") if several else ("link", "it")
    message = (
        f"No clipboard here ({problem}; {terminal_problem}): "
        f"select the {noun} to copy {pronoun} by hand."
    )
    return CopyResult(False, "none", message, text)
