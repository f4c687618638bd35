"""Open a link in the user's web browser through `webbrowser`, honouring $BROWSER.

`open_url` never raises for a missing or broken browser: its result says in one sentence
what happened. Inside the TUI it refuses browsers that run in the terminal (lynx, w3m…) and,
with no display and no $BROWSER, says there is no browser instead of starting one.
Commands are started with their output kept away from the terminal, so a chatty browser
cannot scribble over the reader's screen.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import webbrowser
from collections.abc import Mapping
from dataclasses import dataclass

from reader.clipboard import short_url

CONSOLE_BROWSERS = frozenset(
    {"www-browser", "links", "links2", "elinks", "lynx", "w3m", "browsh", "carbonyl"}
)
WAIT_FOREGROUND = 10.0
"""Seconds to wait for a $BROWSER command; one still running then is taken as a success."""
WAIT_BACKGROUND = 3.0
"""Seconds to wait for a launcher such as xdg-open to report a failure."""


@dataclass(frozen=True, slots=True)
class OpenResult:
    """What `open_url` did; `message` is one sentence for the user."""

    ok: bool
    message: str
    url: str = ""


class _NoBrowser(Exception):
    """No browser can be used here; the message says why in a few words."""


def _name(controller: webbrowser.BaseBrowser) -> str:
    return os.path.basename(getattr(controller, "basename", "") or controller.name) or "browser"


def _from_choice(choice: str, env: Mapping[str, str]) -> webbrowser.BaseBrowser | None:
    """The controller for one entry of $BROWSER: a known name, a command, or a command line."""
    try:
        words = shlex.split(choice)
    except ValueError:
        return None
    if not words:
        return None
    if "%s" in choice or len(words) == 1:
        try:
            return webbrowser.get(choice)
        except webbrowser.Error:
            pass
    if shutil.which(words[0], path=env.get("PATH")):
        return webbrowser.GenericBrowser(words if len(words) > 1 else words[0])
    return None


def choose_browser(env: Mapping[str, str], *, allow_console: bool = False) -> webbrowser.BaseBrowser:
    """The browser `open_url` would use, or `_NoBrowser` saying why there is none."""
    choices = [c.strip() for c in env.get("BROWSER", "").split(os.pathsep) if c.strip()]
    if choices:
        for choice in choices:
            controller = _from_choice(choice, env)
            if controller is not None:
                return controller
        raise _NoBrowser(f"$BROWSER names {choices[0]!r}, which cannot be run")
    desktop = sys.platform == "darwin" or sys.platform.startswith(("win", "cygwin"))
    if not desktop and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        if not allow_console:
            raise _NoBrowser("no display, and $BROWSER is not set")
    try:
        return webbrowser.get()
    except webbrowser.Error:
        raise _NoBrowser("no browser is installed") from None


def _run_quietly(command: list[str], wait: float, env: Mapping[str, str]) -> str | None:
    """Start `command` with no terminal; None when it worked, else a few words saying why."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                close_fds=True, start_new_session=True, env=dict(env),
            )
        except OSError as error:
            return f"{os.path.basename(command[0])} cannot be run: {error.strerror or error}"
        try:
            code = process.wait(wait)
        except subprocess.TimeoutExpired:
            return None  # still running: a browser window of its own
        if code == 0:
            return None
        errors.seek(0)
        said = errors.read(4096).decode("utf-8", "replace").strip().splitlines()
        detail = said[0].strip() if said else ""
        if len(detail) > 80:
            detail = detail[:79] + "…"
        return f"exit status {code}" + (f": {detail}" if detail else "")


def _launch(controller: webbrowser.BaseBrowser, url: str, env: Mapping[str, str]) -> str | None:
    if isinstance(controller, webbrowser.GenericBrowser) and _name(controller) not in CONSOLE_BROWSERS:
        command = [controller.name] + [arg.replace("%s", url) for arg in controller.args]
        if not any("%s" in arg for arg in controller.args):
            command.append(url)
        background = isinstance(controller, webbrowser.BackgroundBrowser)
        return _run_quietly(command, WAIT_BACKGROUND if background else WAIT_FOREGROUND, env)
    try:
        opened = controller.open(url)
    except (webbrowser.Error, OSError) as error:
        return str(error) or type(error).__name__
    return None if opened else "it reported a failure"


def open_url(
    url: str, *, env: Mapping[str, str] | None = None, allow_console: bool = False
) -> OpenResult:
    """Open `url` in the browser; the result's message is one sentence either way.

    `allow_console=False` (inside the TUI) refuses browsers that would take over the terminal.
    """
    env = os.environ if env is None else env
    url = url.strip()
    what = short_url(url)
    if not url.lower().startswith(("http://", "https://")):
        return OpenResult(False, f"{what or 'That'} is not a web address, so it was not opened.", url)
    try:
        controller = choose_browser(env, allow_console=allow_console)
    except _NoBrowser as reason:
        return OpenResult(False, f"No browser here ({reason}).", url)
    name = _name(controller)
    if name in CONSOLE_BROWSERS and not allow_console:
        return OpenResult(
            False, f"The browser here is {name}, which would take over the terminal.", url
        )
    problem = _launch(controller, url, env)
    if problem:
        return OpenResult(False, f"The browser ({name}) could not open {what} ({problem}).", url)
    return OpenResult(True, f"Opened {what} in the browser ({name}).", url)
