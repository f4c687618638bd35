"""Copy inside tmux, and say what really happened.

An OSC 52 sequence written by an application inside tmux reaches nothing at tmux's default
`set-clipboard external`: tmux drops it. So inside tmux the text goes where tmux can be told to
put it, and the message says where it went:

1. `tmux load-buffer -w -` puts it in a tmux paste buffer (prefix ] pastes it) and, with `-w`,
   has tmux send it on to the attached terminal's clipboard by OSC 52 when tmux knows the
   terminal takes OSC 52 (its `clipboard` feature). We leave out `-w` when the user turned
   `set-clipboard` off.
2. When tmux could not send it on but `allow-passthrough` is on, the app's own OSC 52 goes to
   the terminal wrapped in tmux's DCS passthrough.
3. Otherwise the text is in the tmux buffer only, and the message says how to reach the system
   clipboard.

Options are asked of the tmux server the app runs in ($TMUX) with `display-message -p`.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass

TMUX_TIMEOUT = 3.0
"""Seconds a tmux command gets before the copy counts as failed."""

_QUERY = "\t".join((
    "#{version}", "#{set-clipboard}", "#{allow-passthrough}", "#{client_name}",
    "#{client_termname}", "#{client_termfeatures}",
))
TURN_ON_HINT = 'add "set -g set-clipboard on" to ~/.tmux.conf'


@dataclass(frozen=True, slots=True)
class TmuxClipboard:
    """What the tmux server says about clipboards, as `display-message -p` gives it."""

    version: str
    set_clipboard: str  # "off", "external" or "on"
    passthrough: str  # "off", "on" or "all"
    client: str  # the attached client's tty; "" when none is attached
    terminal: str  # the attached client's $TERM
    terminal_clipboard: bool  # tmux knows the client's terminal takes OSC 52

    @property
    def has_write_flag(self) -> bool:
        """`load-buffer -w` exists (tmux 3.2 and later; 'next-3.4', 'master' count as new)."""
        digits = "".join(c for c in self.version.split("-")[-1] if c.isdigit() or c == ".")
        try:
            major, minor = (int(part) for part in (digits.split(".") + ["0"])[:2])
        except ValueError:
            return True
        return (major, minor) >= (3, 2)

    @property
    def sends_on(self) -> bool:
        """Whether `load-buffer -w` here reaches the terminal's clipboard."""
        return (
            self.set_clipboard != "off"
            and self.has_write_flag
            and bool(self.client)
            and self.terminal_clipboard
        )


def _flag(value: str) -> str:
    return {"0": "off", "1": "on", "": "off"}.get(value, value)


def parse_query(output: str) -> TmuxClipboard | None:
    """The answer to `_QUERY`, or None when it is not one."""
    parts = output.rstrip("\n").split("\t")
    if len(parts) != 6:
        return None
    version, set_clipboard, passthrough, client, terminal, features = parts
    return TmuxClipboard(
        version=version,
        set_clipboard=set_clipboard or "external",
        passthrough=_flag(passthrough),
        client=client,
        terminal=terminal,
        terminal_clipboard="clipboard" in features.split(","),
    )


def _tmux(args: list[str], env: Mapping[str, str], stdin: str | None = None) -> str:
    """Run `tmux args` against the server of $TMUX; its stdout, or OSError saying why not."""
    try:
        done = subprocess.run(
            ["tmux", *args], input=stdin.encode("utf-8") if stdin is not None else None,
            capture_output=True, env=dict(env), timeout=TMUX_TIMEOUT, check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise OSError(f"tmux did not answer within {TMUX_TIMEOUT:g} s") from error
    except FileNotFoundError as error:
        raise OSError("no tmux command here") from error
    if done.returncode != 0:
        said = " ".join(done.stderr.decode("utf-8", "replace").split())[:80]
        raise OSError(f"tmux {args[0]} failed: {said or f'status {done.returncode}'}")
    return done.stdout.decode("utf-8", "replace")


def ask_tmux(env: Mapping[str, str]) -> TmuxClipboard:
    """The tmux server's clipboard options and its attached client; OSError when it won't say."""
    state = parse_query(_tmux(["display-message", "-p", _QUERY], env))
    if state is None:
        raise OSError("tmux gave an answer we do not understand")
    return state


def load_buffer(text: str, env: Mapping[str, str], *, send_on: bool) -> None:
    """Put `text` in a new tmux paste buffer (and, with `send_on`, the terminal's clipboard)."""
    _tmux(["load-buffer", *(["-w"] if send_on else []), "-"], env, stdin=text)


def buffer_only_reason(state: TmuxClipboard) -> str:
    """Why the text stayed in tmux, and the line of tmux.conf that lets it out."""
    if state.set_clipboard == "off":
        return f"tmux's set-clipboard is off ({TURN_ON_HINT})"
    if not state.has_write_flag:
        return f"tmux {state.version} cannot pass a buffer on (tmux 3.2 can)"
    if not state.client:
        return "no terminal is attached to tmux"
    feature = f"set -as terminal-features ',{state.terminal or '*'}:clipboard'"
    return f'tmux does not know your terminal takes OSC 52 (add "{feature}" to ~/.tmux.conf)'


def copy_in_tmux(
    text: str,
    what: str,
    env: Mapping[str, str],
    passthrough_writer: Callable[[str], None] | None,
    wrapped: str,
) -> tuple[bool, str, str]:
    """Copy `text` through tmux: (whether it went anywhere, the CopyResult method, one sentence
    saying where, or why not).

    `wrapped` is the DCS-passthrough OSC 52 sequence, written by `passthrough_writer` only
    when tmux could not send the text on itself and its allow-passthrough is on.
    """
    try:
        state = ask_tmux(env)
        load_buffer(text, env, send_on=state.set_clipboard != "off" and state.has_write_flag)
    except OSError as error:
        return False, "none", str(error)
    if state.sends_on:
        return True, "tmux", (
            f"Copied {what} to tmux's paste buffer; tmux sent it on to the terminal clipboard "
            "(OSC 52)."
        )
    if passthrough_writer is not None and state.passthrough in ("on", "all"):
        try:
            passthrough_writer(wrapped)
        except Exception:  # a closed terminal: the tmux buffer still holds it
            pass
        else:
            return True, "tmux", (
                f"Copied {what} to tmux's paste buffer and sent it to the terminal clipboard "
                "through tmux's passthrough (OSC 52)."
            )
    return True, "tmux-buffer", (
        f"Copied {what} to tmux's paste buffer only (prefix ] pastes it): "
        f"{buffer_only_reason(state)}."
    )
