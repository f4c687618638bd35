"""Saved searches on the main screen: w saves the search, the sidebar lists them with live
counts, d deletes one (u brings it back). The file is written in a thread worker."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.query import delete_search, load_saved, save_search
from reader.session import SavedSearchDeleted
from reader.ui.dialogs.save_search import SaveSearchDialog

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


class SavedSearches:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def save(self) -> None:
        screen = self.screen
        query = screen.session.search.strip()
        if not query:
            screen.notify("Type a search first (/), then save it with w.", timeout=3)
            return
        if screen.session.search_error is not None:
            screen.notify("This search does not parse yet; fix it before saving.",
                          severity="warning", timeout=3)
            return

        def named(name: str | None) -> None:
            if name:
                self.write(name, query)

        screen.app.push_screen(SaveSearchDialog(query), named)

    def delete(self, name: str) -> None:
        """Delete `name`, keeping it on the undo stack (u brings it back)."""
        self.write(name, None)
        session = self.screen.session
        query = next((s.query for s in session.saved if s.name == name), None)
        if query is not None:
            session.undo_stack.append(SavedSearchDeleted(name, query))

    def undo_delete(self, deleted: SavedSearchDeleted) -> None:
        self.write(deleted.name, deleted.query, done=f"Undid {deleted.label}.")

    def write(self, name: str, query: str | None, done: str = "") -> None:
        """Save (query given) or delete (query None) off the event loop, then reload and
        say `done` (or what was done)."""
        self.screen.run_worker(partial(self._write, name, query, done), thread=True,
                               exclusive=True, group="saved-searches")

    def _write(self, name: str, query: str | None, done: str) -> None:
        app = self.screen.app
        try:
            if query is None:
                delete_search(name)
                message = f"Deleted the saved search {name!r} (u undoes)."
            else:
                save_search(name, query)
                message = f"Saved {query!r} as {name!r}."
            saved = load_saved()
        except ReaderError as error:
            app.call_from_thread(self.screen.notify, str(error), severity="error")
            return
        app.call_from_thread(self._changed, saved, done or message)

    def _changed(self, saved, message: str) -> None:
        self.screen.session.saved = list(saved)
        self.screen.refresh_counts()
        self.screen.notify(message, timeout=3)
