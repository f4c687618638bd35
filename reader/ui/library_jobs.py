"""Fetch (F) and export (E) for the main screen: a dialog asks, then the I/O runs in a
thread worker of the screen and the result comes back to the UI thread."""

from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reader.catalog.cache import CatalogCache
from reader.entry import Entry
from reader.errors import ReaderError
from reader.export import format_for, write_export
from reader.ui.dialogs.export_dialog import ExportDialog
from reader.ui.dialogs.fetch_dialog import FetchDialog, FetchRequest

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


class LibraryJobs:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    # -- fetch -------------------------------------------------------------------------
    def fetch(self) -> None:
        screen = self.screen

        def chosen(request: FetchRequest | None) -> None:
            if request is not None:  # the status line says so until the answer's message
                screen.set_busy(f"fetching {request.describe()}")
                screen.run_worker(partial(self._fetch, request), thread=True,
                                  exclusive=True, group="fetch")

        screen.app.push_screen(FetchDialog(""), chosen)

    def _fetch(self, request: FetchRequest) -> None:
        """In a thread: fetch into the library, then read the updated catalog cache."""
        # Imported here: the HTTP stack and the full-text parser cost ~20 ms of every start.
        from reader.library_update import fetch_into_library

        screen, app = self.screen, self.screen.app

        def progress(step) -> None:  # noqa: ANN001 - a reader.catalog.progress.Progress
            with contextlib.suppress(RuntimeError):  # the app is quitting
                app.call_from_thread(screen.set_busy, f"adding papers: {step.describe()}")

        # `rebuild` keeps the app's look for other processes' caches from reading the one
        # this fetch makes a second time.
        app.rebuild = True
        try:
            result, message = fetch_into_library(request.describe(), date=request.date,
                                                 arxiv_query=request.arxiv_query)
            if app.cache is None:  # reading files, not the library: nothing to reload
                fresh = None
                message += " Run reader without files to read them."
            else:
                # Usually the fetch brought the cache up to date paper by paper
                # (reader.catalog.update). Else it is built again, in a child process so
                # that this one never holds the whole library while it tags.
                current = CatalogCache.open(build=False)
                if current is None:
                    CatalogCache.build_in_subprocess(progress)
                fresh = app.library.read_current(current)
        except ReaderError as error:
            app.call_from_thread(self._fetched, None, str(error), "error")
            return
        finally:
            app.rebuild = False
        # A day with papers new or changed is shown: the papers just fetched, not the
        # bottom of a long list where they were appended.
        day = f"daily-{request.date.isoformat()}" if request.date and \
            (result.added or result.updated) and fresh is not None else None
        app.call_from_thread(self._fetched, fresh, message, "information", day)

    def _fetched(self, fresh, message: str, severity: str, day: str | None = None) -> None:
        screen = self.screen
        screen.set_busy("")
        if fresh is not None:
            screen.app.library.use(*fresh)
        if day is not None and day in screen.session.collections():
            screen.session.set_collection(day)
            screen.refresh_all()
            screen.paper_list.cursor = 0
            message += " Showing that day; x shows every paper."
        screen.notify(message, severity=severity, timeout=6)

    # -- full text for offline reading ----------------------------------------------------
    def prefetch_starred(self) -> None:
        screen, session = self.screen, self.screen.session
        ids = list(dict.fromkeys(p.arxiv_id for p in session.papers
                                 if p.arxiv_id and session.state(p).starred))
        if not ids:
            screen.notify("No starred paper has an arXiv id: nothing to fetch.", timeout=3)
            return
        screen.set_busy(f"fetching the full text of {len(ids)} starred papers")
        screen.run_worker(partial(self._prefetch, ids), thread=True, exclusive=True,
                          group="prefetch")

    def _prefetch(self, ids: list[str]) -> None:
        """In a thread: each starred paper's full text into the cache, one at a time."""
        from reader.fulltext import source as fulltext_source  # (see _fetch)
        from reader.fulltext.prefetch import prefetch

        screen, app = self.screen, self.screen.app

        def progress(done: int, arxiv_id: str) -> None:
            with contextlib.suppress(RuntimeError):  # the app is quitting
                app.call_from_thread(screen.set_busy,
                                     f"full text {done}/{len(ids)} for offline reading")

        try:
            result = prefetch(ids, fulltext_source.load_settings(), progress=progress)
        except ReaderError as error:
            app.call_from_thread(self._prefetched, str(error), "error")
            return
        message = result.summary()
        if result.failures:
            message += f" First failure: {result.failures[0]}"
        app.call_from_thread(self._prefetched, message,
                             "warning" if result.failures else "information")

    def _prefetched(self, message: str, severity: str) -> None:
        self.screen.set_busy("")
        self.screen.notify(message, severity=severity, timeout=8)

    # -- export ------------------------------------------------------------------------
    def export(self) -> None:
        screen, session = self.screen, self.screen.session
        starred = [i for i, p in enumerate(session.papers) if session.state(p).starred]
        if starred:
            positions, what = starred, _papers(len(starred), "starred")
        else:
            positions, what = session.shown, _papers(len(session.shown), "shown")
        entries = [Entry(p, session.state(p)) for p in map(session.paper_at, positions)]

        def chosen(path: Path | None) -> None:
            if path is not None:
                screen.run_worker(partial(self._export, entries, path), thread=True,
                                  exclusive=True, group="export")

        screen.app.push_screen(ExportDialog(what, Path.cwd() / "reading-list.md"), chosen)

    def _export(self, entries: list[Entry], path: Path) -> None:
        """In a thread: write the file, then say what was written (or why not)."""
        app, notify = self.screen.app, self.screen.notify
        fmt = format_for(path) or "md"
        try:
            write_export(entries, fmt, path)
        except ReaderError as error:
            app.call_from_thread(notify, str(error), severity="error")
            return
        except OSError as error:
            app.call_from_thread(notify, f"Cannot write {path} ({error.strerror}).",
                                 severity="error")
            return
        app.call_from_thread(notify, f"Exported {_papers(len(entries))} to {path} ({fmt}).",
                             timeout=6)


def _papers(count: int, which: str = "") -> str:
    """'1 starred paper', '2 papers'."""
    return " ".join(filter(None, [str(count), which, "paper" if count == 1 else "papers"]))
