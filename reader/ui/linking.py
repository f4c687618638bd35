"""Copy and open links from the UI: the core services run in thread workers.

Each helper returns at once; the result comes back on the app thread as a notification, or,
when nothing could copy or open the link, as a `CopyFallbackDialog` showing it to copy by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.app import App
from textual.worker import Worker

from reader import browser, clipboard
from reader.clipboard import CopyResult

WORKER_GROUP = "reader-links"


def terminal_writer(app: App[Any]) -> Callable[[str], None] | None:
    """A writer that sends raw bytes through the app's terminal output, from any thread.

    None when there is no terminal (headless runs and tests): OSC 52 then has nowhere to go.
    """
    if app.is_headless:
        return None

    def write_on_app_thread(payload: str) -> None:
        # Textual's own App.copy_to_clipboard writes OSC 52 through the driver the same way.
        driver = app._driver
        if driver is None:
            raise RuntimeError("the app has no terminal any more")
        driver.write(payload)
        driver.flush()

    def write(payload: str) -> None:
        app.call_from_thread(write_on_app_thread, payload)

    return write


def _back_to_app(app: App[Any], callback: Callable[..., object], *args: object) -> None:
    """Run `callback(*args)` on the app thread; quietly nothing when the app has gone."""
    try:
        app.call_from_thread(callback, *args)
    except RuntimeError:
        pass


def show_copy_result(app: App[Any], result: CopyResult) -> None:
    """Notify what was copied and how, or show the text to copy by hand."""
    if result.method == "tmux-buffer":  # pasteable in tmux, but not on the system clipboard
        app.notify(result.message, severity="warning", timeout=10, markup=False)
        return
    if result.ok:
        app.notify(result.message, timeout=4, markup=False)
        return
    if not result.text.strip():
        app.notify(result.message, severity="warning", timeout=4, markup=False)
        return
    from reader.ui.dialogs.copy_fallback import CopyFallbackDialog

    app.push_screen(CopyFallbackDialog(result.text, result.message))


def copy_url(app: App[Any], text: str, label: str | None = None) -> Worker[None]:
    """Copy `text` (a link, or links one per line) off the event loop; report when done.

    `label` names it in the notification (default: the short URL, or 'N lines').
    """
    writer = terminal_writer(app)

    def job() -> None:
        try:
            result = clipboard.copy_text(text, terminal_writer=writer, label=label)
        except Exception as error:  # never a silent no-op: show the text instead
            result = CopyResult(False, "none", f"Copying failed ({error}).", text)
        _back_to_app(app, show_copy_result, app, result)

    return app.run_worker(
        job, name="copy link", group=WORKER_GROUP, thread=True, exit_on_error=False
    )


def copy_many(app: App[Any], urls: Sequence[str], label: str | None = None) -> Worker[None] | None:
    """Copy `urls` one per line (duplicates dropped); says so when there is none to copy."""
    unique = list(dict.fromkeys(url.strip() for url in urls if url.strip()))
    if not unique:
        app.notify("No links to copy.", severity="warning", timeout=3)
        return None
    if label is None:
        label = "1 link" if len(unique) == 1 else f"{len(unique)} links"
    # No newline after the last link: pasted into a shell, nothing runs by itself.
    return copy_url(app, "\n".join(unique), label)


def show_open_result(app: App[Any], result: browser.OpenResult) -> None:
    """Notify the opened link, or offer it for copying with the reason it did not open."""
    if result.ok:
        app.notify(result.message, timeout=4, markup=False)
        return
    from reader.ui.dialogs.copy_fallback import CopyFallbackDialog

    def copy_if_asked(copy: bool | None) -> None:
        if copy:
            copy_url(app, result.url)

    app.push_screen(
        CopyFallbackDialog(result.url, result.message, offer_copy=True), copy_if_asked
    )


def open_url(app: App[Any], url: str) -> Worker[None]:
    """Open `url` in the browser off the event loop; a failure offers the link for copying."""

    def job() -> None:
        try:
            result = browser.open_url(url)
        except Exception as error:  # never a silent no-op
            result = browser.OpenResult(False, f"Opening the link failed ({error}).", url)
        _back_to_app(app, show_open_result, app, result)

    return app.run_worker(
        job, name="open link", group=WORKER_GROUP, thread=True, exit_on_error=False
    )
