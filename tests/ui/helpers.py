"""Driving the reader under Pilot: start it, wait for the state, read what is on screen."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState

from reader import paths
from reader.state import PaperState, StateStore
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.paper_list import PaperList
from reader.ui.widgets.sidebar import FilterSidebar
from reader.ui.widgets.status import StatusLine

WIDE = (120, 40)
NARROW = (80, 24)


async def workers_done(app) -> None:  # noqa: ANN001 - an App
    """Wait for the app's workers. A worker cancelled meanwhile (an exclusive one that a newer
    one replaced, as the sidebar's counts are) is not an error: the newer one is waited for."""
    for _ in range(100):
        try:
            await app.workers.wait_for_complete(
                [w for w in app.workers if w.state != WorkerState.CANCELLED])
            return
        except WorkerCancelled:
            continue
    raise AssertionError("the app's workers kept being cancelled")


async def wait_for_state(pilot: Pilot) -> None:
    """The app opens the store and reads the search index in workers as it mounts: wait
    until the session has both (the sidebar's counts come with the index)."""
    app = pilot.app
    for _ in range(200):
        await workers_done(app)
        await pilot.pause()
        if app.session.store is not None and not app.index_pending:
            await workers_done(app)
            await pilot.pause()
            return
    raise AssertionError("the state store or the search index never loaded")


async def wait_for_counts(pilot: Pilot) -> None:
    """The sidebar's counts follow the search index's frame: wait until they are shown."""
    sidebar = pilot.app.main_screen.query_one("#sidebar")
    for _ in range(50):
        if sidebar.option_count > 10:
            return
        await pilot.pause()
    raise AssertionError("the sidebar's counts never came")


@asynccontextmanager
async def running(app: ReaderApp, size: tuple[int, int] = WIDE) -> AsyncIterator[Pilot]:
    """Run `app` headless with its state loaded."""
    async with app.run_test(size=size) as pilot:
        await wait_for_state(pilot)
        yield pilot


def main(app: ReaderApp) -> MainScreen:
    assert app.main_screen is not None
    return app.main_screen


def paper_list(app: ReaderApp) -> PaperList:
    return main(app).query_one("#papers", PaperList)


def sidebar(app: ReaderApp) -> FilterSidebar:
    return main(app).query_one(FilterSidebar)


def current_title(app: ReaderApp) -> str | None:
    paper = paper_list(app).current
    return paper.title if paper else None


def shown_titles(app: ReaderApp) -> list[str]:
    session = app.session
    return [session.papers[i].title for i in session.shown]


def status_text(app: ReaderApp) -> str:
    content = main(app).query_one(StatusLine).content
    return getattr(content, "plain", str(content))


def filter_line(app: ReaderApp) -> str:
    """What the status line says of the filter, in words ('' when there is none)."""
    parts = [p for p in status_text(app).split("  │  ") if p.startswith("Filter: ")]
    return parts[0] if parts else ""


def stored(state_path: Path) -> dict[str, PaperState]:
    """What a fresh reader of the state file sees (what is on disk now)."""
    store = StateStore(state_path)
    try:
        return store.all()
    finally:
        store.close()


def stored_state(state_path: Path, paper_id: str) -> PaperState:
    return stored(state_path).get(paper_id, PaperState())


def settings_file() -> Path:
    return paths.config_dir() / "settings.json"


def saved_settings() -> dict:
    return json.loads(settings_file().read_text(encoding="utf-8"))


def write_settings(**values: object) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values), encoding="utf-8")


def write_keymap(text: str) -> None:
    path = paths.config_dir() / "keymap.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def option_ids(app: ReaderApp) -> list[str]:
    bar = sidebar(app)
    return [bar.get_option_at_index(i).id or "" for i in range(bar.option_count)]


async def toggle_tag(pilot: Pilot, tag: str) -> None:
    """Keyboard only: `t` jumps to the first tag, then j (or end and k, when shorter)
    reaches `tag`, and enter toggles it."""
    app = pilot.app
    await pilot.press("t")
    ids = option_ids(app)
    first = next(i for i, o in enumerate(ids) if o.startswith("tag:"))
    target = ids.index(f"tag:{tag}")
    down, up = target - first, len(ids) - 1 - target
    keys = ["j"] * down if down <= up + 1 else ["end", *["k"] * up]
    await pilot.press(*keys, "enter")
    assert sidebar(app).highlighted_option.id == f"tag:{tag}"


def key_for(binding_id: str) -> str:
    """The (first) default key of a main-screen binding, so tests follow keys.py."""
    from reader.ui.keys import MAIN_BINDINGS

    binding = next(b for b in MAIN_BINDINGS if b.id == binding_id)
    return binding.key.split(",")[0]


async def type_ahead(pilot: Pilot, *keys: str) -> None:
    """Keys that arrive in one burst (fast typing, a busy app, a slow link): all are queued
    before the app handles the first, as a terminal driver delivers one read of input."""
    from textual import events

    app = pilot.app
    for key in keys:
        character = {"enter": "\r", "space": " ", "slash": "/"}.get(key, key if len(key) == 1
                                                                  else None)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()
