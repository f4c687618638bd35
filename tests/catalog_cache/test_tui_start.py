"""How `reader` opens the TUI on the catalog cache: a small library whole, with the cache's
search index read after the first frame; a large one by its first screenful, the rest loaded after the first paint."""

from __future__ import annotations

import gc
import threading

import pytest

from reader import cli
from reader.catalog.cache import CatalogCache
from reader.session import catalog_title
from reader.ui.app import ReaderApp
from tests.ui.helpers import wait_for_counts, workers_done


@pytest.fixture
def opened(monkeypatch):
    """The ReaderApp exactly as `reader` (no arguments) builds it, not yet running."""
    built: list[ReaderApp] = []
    catalog_loads: list[int] = []
    monkeypatch.setattr(ReaderApp, "run", lambda self, *a, **k: built.append(self))
    load_catalog = ReaderApp.load_catalog

    def counted(self):
        catalog_loads.append(1)
        return load_catalog(self)

    monkeypatch.setattr(ReaderApp, "load_catalog", counted)

    def open_app() -> tuple[ReaderApp, list[int]]:
        cli._open_tui(cli.no_arguments())
        return built[-1], catalog_loads

    yield open_app
    gc.unfreeze()  # _open_tui keeps what it made out of collections, as for a real run


async def test_a_small_library_opens_whole_with_its_index(opened, seed_papers, monkeypatch):
    read_indexes: list[bool] = []
    search_index = CatalogCache.search_index

    def counted(self, states=None):
        read_indexes.append(threading.current_thread() is threading.main_thread())
        return search_index(self, states)

    monkeypatch.setattr(CatalogCache, "search_index", counted)
    app, catalog_loads = opened()
    session = app.session
    assert [p.id for p in session.papers] == [p.id for p in seed_papers]
    assert not session.loading and session.title == catalog_title(session.papers)
    assert read_indexes == []  # not before the first frame
    async with app.run_test() as pilot:
        for _ in range(50):
            await workers_done(app)
            await pilot.pause()
            if not app.index_pending:
                break
        assert catalog_loads == [1]
        assert read_indexes == [False]  # the cache's index, read once, in a worker
        assert session.engine_ready and session.index is not None
        await wait_for_counts(pilot)
        await pilot.press("slash", *"serving")
        assert session.shown == session.index.filter(session.live.result.query)
        assert 0 < len(session.shown) < len(seed_papers)


async def test_a_large_library_shows_its_first_screenful_then_the_rest(opened, library):
    app, catalog_loads = opened()
    session = app.session
    total = app.cache.count
    assert total > cli.FIRST_SCREENFUL
    assert len(session.papers) == cli.FIRST_SCREENFUL and session.loading
    async with app.run_test() as pilot:
        for _ in range(200):
            await workers_done(app)
            await pilot.pause()
            if not session.loading:
                break
        assert catalog_loads == [1]
        assert len(session.papers) == total and len(session.shown) == total
        # The sidebar counts the whole library, not the first screenful's (a worker counting
        # those could finish last and overwrite them).
        for _ in range(3):
            await workers_done(app)
            await pilot.pause()
        all_row = app.main_screen.sidebar.get_option("view:all").prompt.plain
        assert all_row.split()[-1] == str(total)
        await pilot.press("slash", *"model3")
        await pilot.pause()
        expected = [p for p in app.cache.papers() if "model3" in p.title.lower()]
        assert len(session.shown) >= len(expected) > 0
