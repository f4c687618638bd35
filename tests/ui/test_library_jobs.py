"""F fetches a day into the running reader's library (a local server, no restart), E exports
the starred papers to a file; both in workers, each saying what it did."""

from __future__ import annotations

import pytest

from reader.library import Library
from reader.ui.dialogs.export_dialog import ExportDialog
from reader.ui.dialogs.fetch_dialog import FetchDialog
from tests.fetch.server import ApiServer
from tests.local_http import serving
from tests.ui.helpers import running


@pytest.fixture
def api(monkeypatch):
    with serving(ApiServer(), monkeypatch) as server:
        monkeypatch.setenv("READER_DAILY_PAPERS_URL", f"{server.url}/ok")
        yield server


async def settle(pilot, done) -> None:
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if done():
            return
    raise AssertionError("the job never finished")


async def test_F_fetches_a_day_into_the_library(make_app, api):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("F")
        assert isinstance(app.screen, FetchDialog)
        await pilot.press(*"2026-06-12", "enter")
        await settle(pilot, lambda: any("Fetched 30 papers" in n.message
                                        for n in app._notifications))
        assert api.requests == ["/ok/api/daily_papers?date=2026-06-12"]
        assert len(Library().papers()) == 30
        assert app.main_screen.busy == ""
        # A short message (no library path to wrap on a narrow screen), and no stale
        # "Fetching…" beside it (the status line said that).
        (message,) = [n.message for n in app._notifications if "Fetched" in n.message]
        assert "library.json" not in message
        assert not any("Fetching" in n.message for n in app._notifications)


async def test_a_text_shaped_like_a_day_that_is_none_is_refused(make_app, api):
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("F", *"2026-13-45", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FetchDialog)  # still asking
        assert any("2026-13-45 is not a day" in n.message for n in app._notifications)
        await pilot.press("escape")
    assert api.requests == []  # nothing was sent to arXiv as a search


async def test_E_exports_the_starred_papers(make_app, seed_papers, tmp_path):
    app = make_app()
    target = tmp_path / "list.bib"
    async with running(app) as pilot:
        await pilot.press("s", "j", "s", "E")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+u", *str(target), "enter")
        await settle(pilot, target.exists)
        text = target.read_text(encoding="utf-8")
        assert text.count("@misc{") + text.count("@article{") == 2
        assert any("Exported 2 papers" in n.message for n in app._notifications)
