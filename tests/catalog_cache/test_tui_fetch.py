"""F in the reader of a library: the day fetched goes into the catalog cache paper by paper
and is what the list shows next (not the bottom of a long list where it was appended)."""

from __future__ import annotations

import pytest

from reader.ui.dialogs.fetch_dialog import FetchDialog
from tests.catalog_cache.test_tui_start import opened  # noqa: F401 - a fixture
from tests.fetch.server import ApiServer
from tests.local_http import serving
from tests.ui.helpers import workers_done


@pytest.fixture
def api(monkeypatch):
    with serving(ApiServer(), monkeypatch) as server:
        monkeypatch.setenv("READER_DAILY_PAPERS_URL", f"{server.url}/ok")
        yield server


async def test_the_day_fetched_is_shown(opened, library, api):  # noqa: F811
    library._write(library.papers())  # this version's file (a journal can follow it)
    app, _loads = opened()
    async with app.run_test() as pilot:
        for _ in range(100):
            await workers_done(app)
            await pilot.pause()
            if not app.session.loading and not app.index_pending:
                break
        before = len(app.session.papers)
        await pilot.press("F")
        assert isinstance(app.screen, FetchDialog)
        await pilot.press(*"2026-06-12", "enter")
        for _ in range(200):
            await workers_done(app)
            await pilot.pause()
            if any("Fetched" in n.message for n in app._notifications):
                break
        (message,) = [n.message for n in app._notifications if "Fetched" in n.message]
        assert "30 new" in message and "x shows every paper" in message
        assert len(app.session.papers) == before + 30
        assert app.session.collection == "daily-2026-06-12"
        assert len(app.session.shown) == 30 and app.main_screen.paper_list.cursor == 0
        await pilot.press("x")
        assert app.session.collection is None and len(app.session.shown) == before + 30
