"""A library changed since the cache was made: the reader opens at once on the papers known
so far (the stale cache), builds the current cache in a worker, then shows it."""

from __future__ import annotations

import gc

from reader import cli
from reader.catalog.cache import CatalogCache
from reader.library import Library
from reader.ui.app import ReaderApp


async def test_a_changed_library_is_read_while_its_cache_builds(seed_papers, monkeypatch):
    CatalogCache.build_in_subprocess()  # the cache of the built-in catalog
    added = seed_papers[0].with_changes(id="a-paper-added-since", title="A Paper Added Since",
                                        collection="daily-2026-01-01")
    Library().add([added])  # the cache is stale now
    built: list[ReaderApp] = []
    monkeypatch.setattr(ReaderApp, "run", lambda self, *a, **k: built.append(self))
    cli._open_tui(cli.no_arguments())
    app = built[-1]
    try:
        assert app.rebuild and len(app.session.papers) == len(seed_papers)  # stale, at once
        async with app.run_test() as pilot:
            for _ in range(300):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if len(app.session.papers) == len(seed_papers) + 1:  # `added` merged in
                    break
            assert "A Paper Added Since" in [p.title for p in app.session.papers]
    finally:
        gc.unfreeze()


async def test_papers_imported_by_another_process_show_without_a_restart(seed_papers,
                                                                        monkeypatch):
    """`reader import` in another terminal adds papers and makes the new cache; the running
    reader takes it at its next look for changes (every 3 s, or on focus)."""
    from textual.events import AppFocus

    CatalogCache.build_in_subprocess()
    built: list[ReaderApp] = []
    monkeypatch.setattr(ReaderApp, "run", lambda self, *a, **k: built.append(self))
    cli._open_tui(cli.no_arguments())
    app = built[-1]
    try:
        async with app.run_test() as pilot:
            await app.workers.wait_for_complete()
            added = seed_papers[0].with_changes(id="imported-elsewhere",
                                                title="Imported Elsewhere Meanwhile",
                                                collection="daily-2026-01-02")
            new = seed_papers[1].with_changes(id="new-elsewhere", arxiv_id="2601.00001",
                                              title="A Paper New Elsewhere")
            Library().add([added, new])  # what `reader import` does, then it refreshes the cache
            CatalogCache.build_in_subprocess()
            app.post_message(AppFocus())
            for _ in range(100):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if len(app.session.papers) == len(seed_papers) + 1:  # `added` merged in
                    break
            assert "Imported Elsewhere Meanwhile" in [p.title for p in app.session.papers]
            await pilot.pause()
            assert any("1 paper added to your library elsewhere" in n.message
                       for n in app._notifications)  # said, not only counted
    finally:
        gc.unfreeze()
