"""The app's library, off the event loop: the search index (and the rest of a large
library) after start, the catalog cache rebuilt when it is stale, and a cache another process
made (an import or a fetch elsewhere) taken in. Every read runs in a thread worker of the app
and hands its result to the UI thread."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.gc_pause import keep_out_of_collections
from reader.model import Paper
from reader.query import SearchIndex
from reader.session import catalog_title

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


class LibraryLoader:
    def __init__(self, app: ReaderApp) -> None:
        self.app = app

    @property
    def session(self):
        return self.app.session

    def _refresh_screen(self, counts_only: bool = False) -> None:
        if (screen := self.app.shown_main()) is not None:
            screen.refresh_counts() if counts_only else screen.refresh_all()

    # -- the index, after start --------------------------------------------------------
    def load(self) -> None:
        self.app.run_worker(self._load, thread=True, exclusive=True, group="catalog")

    def _load(self) -> None:
        """The search index (and the papers not loaded yet), read from the catalog cache
        or made from the papers given."""
        app, indexed = self.app, self.session.papers
        try:
            if app.cache is None:  # papers from files: ~10 ms per 100 papers to index
                papers, index = None, SearchIndex(indexed)
            else:
                papers = app.cache.papers() if self.session.loading else None
                index = app.cache.search_index(self.session.states or None)
        except (ReaderError, OSError) as error:
            app.call_from_thread(self.failed, f"Cannot load the library ({error}).")
            return
        app.call_from_thread(self.loaded, papers, index, indexed)

    def loaded(self, papers: list[Paper] | None, index, indexed=None) -> None:
        app, session = self.app, self.session
        if papers is None:  # all the papers are here already
            app.index_pending = False
            if session.papers is not indexed:  # replaced meanwhile (a fetch): stale
                self._refresh_screen(counts_only=True)
                return
            session.replace_papers(session.papers, index=index,
                                   abstract_of=session.abstract_of)
            self._refresh_screen()
        else:
            session.expected = None
            if session.papers is indexed:  # (not replaced meanwhile by a rebuild)
                self.use(app.cache, papers, index)
        keep_out_of_collections()

    def failed(self, message: str) -> None:
        self.app.notify(message, severity="error", timeout=10)
        if self.app.index_pending:  # the counts make do with an index of the papers here
            self.app.index_pending = False
            self._refresh_screen(counts_only=True)

    def use(self, cache, papers: list[Paper], index) -> None:
        """Show `papers` (with `index`) read from `cache`, which replaces the current one."""
        old, self.app.cache = self.app.cache, cache
        self.session.title = catalog_title(papers)
        self.session.replace_papers(papers, index=index, abstract_of=cache.abstract)
        if old is not None and old is not cache:
            old.close()
        self._refresh_screen()

    # -- a cache made again ------------------------------------------------------------
    def read_current(self, cache=None):  # noqa: ANN001 - a CatalogCache
        """In a worker: the current catalog cache (`cache` when the caller opened it), its
        papers and its search index."""
        from reader.catalog.cache import CatalogCache

        if cache is None:
            cache = CatalogCache.open()
        papers = cache.papers(previous=self.app.cache)  # unchanged chunks: the papers here
        return cache, papers, cache.search_index(self.session.states or None)

    def rebuild(self) -> None:
        self.app.run_worker(self._rebuild, thread=True, exclusive=True, group="rebuild")

    def _rebuild(self) -> None:
        """The library or the tags changed since the cache was made: the papers known so far
        are read from the stale cache while the current one builds here, with its progress
        in the status line; then it takes the stale one's place."""
        from reader.catalog.cache import CatalogCache

        app = self.app

        def progress(step) -> None:  # noqa: ANN001 - a reader.catalog.progress.Progress
            with contextlib.suppress(RuntimeError):  # the app is quitting
                app.call_from_thread(self._busy, f"updating your library: {step.describe()}")

        try:
            CatalogCache.build_in_subprocess(progress)
            fresh = self.read_current()
        except (ReaderError, OSError) as error:
            app.call_from_thread(self._busy, "")
            app.call_from_thread(app.notify, f"Cannot update the library ({error}).",
                                 severity="error", timeout=10)
            return
        app.call_from_thread(self.rebuilt, *fresh)

    def _busy(self, what: str) -> None:
        if (screen := self.app.shown_main()) is not None:
            screen.set_busy(what)

    def rebuilt(self, cache, papers, index) -> None:
        self.app.rebuild = False
        self._busy("")
        self.session.expected = None
        self.use(cache, papers, index)

    def taken_in(self, cache, papers, index) -> None:
        """Another process's cache (an import, a fetch elsewhere) in place of ours, said in a
        line: counts that jump with no word are a puzzle."""
        before = len(self.session.papers)
        self.rebuilt(cache, papers, index)
        added = len(papers) - before
        if added > 0:
            said = f"{added:,} {'paper' if added == 1 else 'papers'} added to your library"
        else:
            said = "Your library was updated"
        self.app.notify(f"{said} elsewhere (reader import or another reader).", timeout=5)

    def moved(self):
        """In a worker: another process changed the library (`reader import`, a fetch in
        another terminal) and made its catalog cache: that cache, its papers and its index,
        else None. A stat and a file header when nothing changed."""
        current = self.app.cache
        if current is None or self.app.rebuild:  # files, or our own build is under way
            return None
        from reader.catalog.cache import CatalogCache

        try:
            fresh = CatalogCache.open(build=False)
        except (ReaderError, OSError):
            return None
        if fresh is None:  # not built yet (the other process is at it): next time
            return None
        if fresh.fingerprint == current.fingerprint:
            fresh.close()
            return None
        try:
            return fresh, fresh.papers(previous=current), \
                fresh.search_index(self.session.states or None)
        except (ReaderError, OSError):
            fresh.close()
            return None
