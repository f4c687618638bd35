"""Sidebar counts and the rest of a large search, computed off the event loop.

Mixed into the main screen (needs `session`, `paper_list`, `current`, `_row_info`,
`refresh_status` and the sidebar). In a small session the counts follow the list's frame on
the event loop; in a large one, and while the library loads, worker threads do the work.
"""

from __future__ import annotations

import time

from textual import work
from textual.worker import get_current_worker


class _Cancelled(Exception):
    """A newer filter made a worker's search pointless."""


class BackgroundCounts:
    def refresh_counts(self) -> None:
        """The sidebar's counts: after this frame in a small session, in a worker in a large.
        (Not while the app reads a small library's search index: they come with it.)"""
        if self.app.index_pending:
            return
        self.session.prepare_engine()
        if self.session.large or self.session.loading:
            self.compute_counts()
        else:
            self.call_after_refresh(self._show_counts_now)

    def _show_counts_now(self) -> None:
        self.show_counts(self.session.counts())

    @work(thread=True, exclusive=True, group="counts")
    def compute_counts(self) -> None:
        worker = get_current_worker()
        counts = self.session.counts()
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_counts, counts)

    def show_counts(self, counts: dict) -> None:
        session = self.session
        self.query_one("#sidebar").update_filters(
            session.view, counts["views"], counts["all_tags"], session.tags, counts["tags"],
            session.tag_mode, session.collections(), session.collection,
            counts["collections"], counts["saved"])

    @work(thread=True, exclusive=True, group="complete")
    def complete_result(self) -> None:
        """Find the rest of a large result off the event loop, then show it."""
        worker = get_current_worker()
        run, token = self.session.completion()

        def tick() -> None:
            if worker.is_cancelled:
                raise _Cancelled
            time.sleep(0)  # let the UI thread have the GIL between chunks

        try:
            full = run(tick)
        except _Cancelled:
            return
        self.app.call_from_thread(self._completed, token, full)

    def _completed(self, token, full) -> None:
        keep = self.current.id if self.current is not None else None
        if self.session.take_completion(token, full):
            self.paper_list.set_rows(self.session.papers, self.session.shown, self._row_info,
                                     keep)
            self.refresh_status()
