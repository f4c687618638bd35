"""The main screen's work that can outlast a keystroke: the sidebar's counts and the rest
of a large search. In a small session the counts follow the list's frame on the event loop;
in a large one, and while the library loads, thread workers of the screen do the work."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


class _Cancelled(Exception):
    """A newer filter made a worker's search pointless."""


class ResultWork:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    # -- the sidebar's counts ------------------------------------------------------------
    def refresh_counts(self) -> None:
        """After this frame in a small session, in a worker in a large. (Not while the app
        reads a small library's search index: they come with it.)"""
        screen, session = self.screen, self.screen.session
        if screen.app.index_pending:
            return
        session.prepare_engine()
        if session.large or session.loading:
            screen.run_worker(self._count, thread=True, exclusive=True, group="counts")
        else:
            # A worker still counting the papers of before (a large library's first
            # screenful, while the rest loaded) must not overwrite these counts.
            screen.workers.cancel_group(screen, "counts")
            screen.call_after_refresh(lambda: self.show_counts(session.counts()))

    def _count(self) -> None:
        worker = get_current_worker()
        counts = self.screen.session.counts()
        if not worker.is_cancelled:
            self.screen.app.call_from_thread(self.show_counts, counts)

    def show_counts(self, counts: dict) -> None:
        session = self.screen.session
        self.screen.sidebar.update_filters(
            session.view, counts["views"], counts["all_tags"], session.tags, counts["tags"],
            session.tag_mode, session.collections(), session.collection,
            counts["collections"], counts["saved"], counts.get("new", 0))

    # -- the rest of a large result --------------------------------------------------------
    def complete_result(self) -> None:
        self.screen.run_worker(self._complete, thread=True, exclusive=True, group="complete")

    def _complete(self) -> None:
        worker = get_current_worker()
        run, token = self.screen.session.completion()

        def tick() -> None:
            if worker.is_cancelled:
                raise _Cancelled
            time.sleep(0)  # let the UI thread have the GIL between chunks

        try:
            full = run(tick)
        except _Cancelled:
            return
        self.screen.app.call_from_thread(self._completed, token, full)

    def _completed(self, token, full) -> None:
        screen, session = self.screen, self.screen.session
        keep = screen.current.id if screen.current is not None else None
        if session.take_completion(token, full):
            screen.paper_list.set_rows(session.papers, session.shown, screen.row_info, keep,
                                       session.highlight())
            screen.refresh_status()
