"""The Textual app: thin. It owns settings, the keymap and the state store's lifetime."""

from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App
from textual.events import AppFocus

from reader import paths
from reader.errors import ReaderError
from reader.gc_pause import collections_as_before, keep_out_of_collections
from reader.library_update import allow_background_io, stop_background_io
from reader.model import Paper
from reader.query import SearchIndex, load_saved
from reader.seen import load_known, save_known
from reader.session import ReadingSession, catalog_title
from reader.settings import DARK_THEME, LIGHT_THEME, Settings, load_settings, save_settings
from reader.state import StateStore
from reader.sync import pull_and_push
from reader.ui.commands import ReaderCommands, system_commands
from reader.ui.keymap_check import checked_keymap
from reader.ui.library_loader import LibraryLoader
from reader.ui.palette import open_palette
from reader.ui.screens.main import MainScreen

STYLE_FILES = ["app.tcss", "main.tcss", "reading.tcss"]  # dialogs.tcss: see reader.ui.dialogs
REFRESH_SECONDS = 3.0


class ReaderApp(App[int]):
    """The reader. `summary` holds the one-line session summary after it exits."""

    CSS_PATH = [paths.styles_dir() / name for name in STYLE_FILES]
    TITLE = "reader"
    DEFAULT_MODE = "main"
    COMMANDS = App.COMMANDS | {ReaderCommands}

    def __init__(self, papers: list[Paper], *, state_path: Path, title: str = "",
                 settings_path: Path | None = None, keymap_path: Path | None = None,
                 cache=None, track_new: bool | None = None, rebuild: bool = False) -> None:
        """`papers` are shown at once. With a `reader.catalog.cache.CatalogCache` they are
        either all of it or its first screenful. As the app mounts, a worker reads the
        cache's search index (and the rest of the papers), or indexes papers given without
        a cache; until it comes, the sidebar's counts wait, and a search that cannot wait
        uses an index made from the papers here (in a large library, of its first
        screenful)."""
        super().__init__()
        self.cache = cache
        if cache is not None:
            whole = len(papers) >= cache.count
            self.index_pending = whole  # True while the search index is on its way
            self.session = ReadingSession(
                papers, title or (catalog_title(papers) if whole else "Library"),
                index_of=None if whole else partial(_head_index, papers),
                expected=cache.count, abstract_of=cache.abstract)
        else:
            self.index_pending = True
            self.session = ReadingSession(papers, title or catalog_title(papers))
        self.state_path = state_path
        self.rebuild = rebuild  # `cache` is a stale one: the current one builds in a worker
        # What is new since the last session is known of the library (not of `reader FILE`).
        self.track_new = cache is not None if track_new is None else track_new
        self.settings_path = settings_path or paths.config_dir() / "settings.json"
        self.keymap_path = keymap_path or paths.config_dir() / "keymap.toml"
        self.settings = Settings()
        self._settings_notice = ""
        self.summary = ""
        self.main_screen: MainScreen | None = None
        self.library = LibraryLoader(self)
        self.add_mode("main", self._new_main_screen)

    def _new_main_screen(self) -> MainScreen:
        """The app's first screen. It is the base screen of the app's one mode, so Textual
        mounts it whole before the app handles any event: keys typed while the reader starts
        wait for it, and none is lost."""
        self.settings, self._settings_notice = load_settings(self.settings_path)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.main_screen = MainScreen(self.session)
        return self.main_screen

    def on_mount(self) -> None:
        allow_background_io()  # a stop asked by an app that quit before, in this process
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        try:
            self.set_keymap(checked_keymap(self, self.keymap_path))
        except ReaderError as error:
            self.notify(str(error), severity="error", timeout=8)
        if self._settings_notice:
            self.notify(self._settings_notice, severity="warning", timeout=8)
        self.set_interval(REFRESH_SECONDS, self.pick_up_changes)
        self.load_state()
        self.load_catalog()
        if self.rebuild:
            self.library.rebuild()

    # -- state -------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="state")
    def load_state(self) -> None:
        """Open the store off the event loop, so the list paints before the state loads."""
        known = load_known() if self.track_new else None  # new since last time
        self.call_from_thread(self._known_loaded, known)
        try:
            self.session.saved = load_saved()
        except ReaderError as error:
            self.call_from_thread(self.notify, str(error), severity="warning", timeout=10)
        try:
            store = StateStore(self.state_path)
            states = store.all()
        except ReaderError as error:
            self.call_from_thread(self.notify, str(error), severity="error", timeout=10)
            return
        except OSError as error:
            message = f"Cannot open the state file {self.state_path} ({error.strerror})."
            self.call_from_thread(self.notify, message, severity="error", timeout=10)
            return
        self.call_from_thread(self._state_loaded, store, states)

    def load_catalog(self) -> None:
        self.library.load()

    def _known_loaded(self, known: set[str] | None) -> None:
        self.session.known = known
        if (screen := self.shown_main()) is not None:
            screen.refresh_counts()

    def shown_main(self) -> MainScreen | None:
        """The main screen once it has mounted, else None (workers may finish before)."""
        screen = self.main_screen
        return screen if screen is not None and screen.is_mounted else None

    def _state_loaded(self, store, states) -> None:
        self.session.attach(store, states)
        keep_out_of_collections()
        if store.notice:
            self.notify(store.notice, severity="warning", timeout=10)
        screen = self.main_screen
        if screen is not None:
            screen.notice = store.notice or ""
            if screen.is_mounted:
                screen.state_changed()

    def pick_up_changes(self) -> None:
        """Another session may have changed the state file: show its changes."""
        if self.session.store is not None:
            self.look_for_changes(self.session.store)

    @work(thread=True, exclusive=True, group="pick-up")
    def look_for_changes(self, store) -> None:
        """Read what other sessions wrote off the event loop (two stats when nothing
        changed, ~0.3 s of reading when another session wrote a lot at 100k papers)."""
        try:
            changed = store.refresh()
        except (ReaderError, OSError):
            return
        # Other machines, through the sync folder (one stat when sync is off; never raises).
        synced = pull_and_push(store)
        saved = None
        if synced.searches_changed:
            with contextlib.suppress(ReaderError):
                saved = load_saved()
        if synced.last_sync or synced.problem:
            self.call_from_thread(self._synced, synced.status_text(), saved)
        if changed or synced.changed:
            self.call_from_thread(self._changes_picked_up, store)
        if (moved := self.library.moved()) is not None:
            self.call_from_thread(self.library.taken_in, *moved)

    def _synced(self, status: str, saved) -> None:
        if saved is not None:
            self.session.saved = list(saved)
        if (screen := self.shown_main()) is not None:
            screen.sync_status = status
            screen.refresh_status()
            if saved is not None:
                screen.refresh_counts()

    def _changes_picked_up(self, store) -> None:
        # The states are copied here, on the UI thread, not in the worker: a change the user
        # made meanwhile is in them too.
        if self.session.store is not store:
            return
        self.session.reload_states(store.all())
        if (screen := self.shown_main()) is not None:
            screen.state_changed()

    def notify(self, message: str, *, markup: bool = False, **options) -> None:
        """Notices quote data (file names, errors about a feed): never read as markup."""
        super().notify(message, markup=markup, **options)

    def get_system_commands(self, screen):
        return system_commands(self, screen)  # ours only: no second Quit or Theme

    def action_command_palette(self) -> None:
        open_palette(self)  # PageUp/PageDown in a 3-row terminal must not crash it

    def on_app_focus(self, event: AppFocus) -> None:
        self.pick_up_changes()

    # -- settings ----------------------------------------------------------------------
    def update_settings(self, **changes: object) -> None:
        self.settings = self.settings.with_changes(**changes).clamped()
        try:
            save_settings(self.settings_path, self.settings)
        except OSError as error:
            self.notify(f"Cannot save settings to {self.settings_path} ({error.strerror}).",
                        severity="warning")

    def _theme_changed(self, theme) -> None:
        if theme.name != self.settings.theme:
            self.update_settings(theme=theme.name)

    def toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    # -- quitting ----------------------------------------------------------------------
    def exit_with_summary(self) -> None:
        self.summary = self.session.progress.summary()
        self.exit(0)

    def on_unmount(self) -> None:
        # A fetch or a cache build may still run in a worker thread, and the app's loop waits
        # for its threads as it closes: stop them, so quitting never waits for the network.
        stop_background_io()
        if self.track_new and not self.session.loading:
            with contextlib.suppress(OSError):  # next time, what came after now is new
                save_known(paper.id for paper in self.session.papers)
        if self.session.store is not None:  # the last changes leave for the other machines
            pull_and_push(self.session.store)
        collections_as_before()
        if self.session.store is not None:
            self.session.store.close()
        if self.cache is not None:
            self.cache.close()


def _head_index(papers: list[Paper]):
    """A search index of the first screenful of a large library, until the whole one
    comes (without the short-substring bit sets: 3 ms instead of 9 for 120 papers)."""
    return SearchIndex(papers, substrings=False)
