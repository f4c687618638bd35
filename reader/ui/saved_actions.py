"""Saved searches on the main screen: w saves the search, the sidebar lists them with counts."""

from __future__ import annotations

from textual import work

from reader.errors import ReaderError


class SavedSearchActions:
    """Mixed into the main screen (needs `session`, `notify`, `refresh_counts`)."""

    def action_save_search(self) -> None:
        query = self.session.search.strip()
        if not query:
            self.notify("Type a search first (/), then save it with w.", timeout=3)
            return
        if self.session.search_error is not None:
            self.notify("This search does not parse yet; fix it before saving.",
                        severity="warning", timeout=3)
            return

        def named(name: str | None) -> None:
            if name:
                self.write_saved_search(name, query)

        from reader.ui.dialogs.save_search import SaveSearchDialog

        self.app.push_screen(SaveSearchDialog(query), named)

    @work(thread=True, exclusive=True, group="saved-searches")
    def write_saved_search(self, name: str, query: str | None) -> None:
        """Save (query given) or delete (query None) off the event loop, then reload."""
        from reader.query import delete_search, load_saved, save_search

        try:
            if query is None:
                delete_search(name)
                message = f"Deleted the saved search {name!r}."
            else:
                save_search(name, query)
                message = f"Saved {query!r} as {name!r}."
            saved = load_saved()
        except ReaderError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._saved_changed, saved, message)

    def _saved_changed(self, saved, message: str) -> None:
        self.session.saved = list(saved)
        self.refresh_counts()
        self.notify(message, timeout=3, markup=False)  # quotes the query

    def use_saved_search(self, name: str) -> None:
        from textual.widgets import Input

        for search in self.session.saved:
            if search.name == name:
                self.query_one("#search", Input).value = search.query
                return
