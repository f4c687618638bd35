"""A tiny Textual app that loads the dialog styles and remembers its notifications."""

from __future__ import annotations

from textual.app import App

from reader import paths


class LinkTestApp(App[None]):
    CSS_PATH = [paths.styles_dir() / "dialogs.tcss"]

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[tuple[str, str]] = []

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.notes.append((message, severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


async def settle(app: App, pilot) -> None:
    """Wait until every link worker has finished and its report reached the app."""
    await app.workers.wait_for_complete()
    await pilot.pause()
