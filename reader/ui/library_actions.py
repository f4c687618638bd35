"""Fetch (F) and export (E) from the main screen; the I/O runs in thread workers."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from reader.errors import ReaderError

if TYPE_CHECKING:  # the dialogs are imported when first opened, not before the first frame
    from reader.ui.dialogs.fetch_dialog import FetchRequest


def stop_background_io() -> None:
    """Stop downloads and cache builds in flight at once: call when the app quits (its
    thread workers are waited for before the process ends; a fetch could take 30 s)."""
    from reader import fetch
    from reader.catalog_cache import stop_builds

    fetch.abort_all()
    stop_builds()


class LibraryActions:
    """Mixed into the main screen (needs `session`, `notify`, `refresh_all`)."""

    def action_fetch(self) -> None:
        def chosen(request: FetchRequest | None) -> None:
            if request is not None:
                self.notify(f"Fetching {request.describe()}…", timeout=3)
                self.set_busy(f"fetching {request.describe()}")
                self.fetch_papers(request)

        from reader.ui.dialogs.fetch_dialog import FetchDialog

        self.app.push_screen(FetchDialog(""), chosen)

    @work(thread=True, exclusive=True, group="fetch")
    def fetch_papers(self, request: FetchRequest) -> None:
        from reader import fetch
        from reader.commands.import_cmd import summary
        from reader.library import Library

        try:
            settings = fetch.load_settings()
            if request.arxiv_query:
                papers = fetch.fetch_arxiv(request.arxiv_query, base_url=settings.arxiv_url,
                                           timeout=settings.timeout)
            else:
                papers = fetch.fetch_daily(request.date, base_url=settings.daily_papers_url,
                                           timeout=settings.timeout)
            library = Library()
            result = library.add(papers)
            message = summary("Fetched", f"of {request.describe()}", result, library)
            if self.app.cache is None:  # reading files, not the library: nothing to reload
                fresh = None
                message += " Run reader without files to read them."
            else:
                # The cache is rebuilt in a child process, so this one never holds the
                # whole library while it tags; then the new papers and index are read.
                from reader.catalog_cache import CatalogCache

                def progress(step) -> None:  # noqa: ANN001 - a cache_progress.Progress
                    with contextlib.suppress(RuntimeError):  # the app is quitting
                        self.app.call_from_thread(
                            self.set_busy, f"adding papers: {step.describe()}")

                CatalogCache.build_in_subprocess(progress)
                cache = CatalogCache.open()
                fresh = (cache, cache.papers(), cache.search_index(self.session.states or None))
        except ReaderError as error:
            self.app.call_from_thread(self._fetch_done, None, str(error), "error")
            return
        self.app.call_from_thread(self._fetch_done, fresh, message, "information")

    def _fetch_done(self, fresh, message: str, severity: str) -> None:
        self.set_busy("")
        if fresh is not None:
            self.app.use_catalog(*fresh)
        self.notify(message, severity=severity, timeout=6)

    def action_export(self) -> None:
        session = self.session
        starred = [i for i, p in enumerate(session.papers) if session.state(p).starred]
        if starred:
            positions, what = starred, f"{len(starred)} starred papers"
        else:
            positions, what = session.shown, f"{len(session.shown)} shown papers"
        papers = [session.paper_at(i) for i in positions]
        entries = [(p, session.state(p)) for p in papers]

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.export_papers(entries, path)

        from reader.ui.dialogs.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(what, Path.cwd() / "reading-list.md"), chosen)

    @work(thread=True, exclusive=True, group="export")
    def export_papers(self, entries, path: Path) -> None:
        from reader.commands.common import Entry
        from reader.export import format_for, write_export

        fmt = format_for(path) or "md"
        try:
            write_export([Entry(p, s) for p, s in entries], fmt, path)
        except ReaderError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        except OSError as error:
            message = f"Cannot write {path} ({error.strerror})."
            self.app.call_from_thread(self.notify, message, severity="error")
            return
        message = f"Exported {len(entries)} papers to {path} ({fmt})."
        self.app.call_from_thread(self.notify, message, timeout=6)
