"""The app runs Python's full garbage passes itself, when nobody types or clicks."""

from __future__ import annotations

import gc
import time

import pytest

from reader import gc_pause


@pytest.fixture
def thresholds():
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


async def test_the_app_collects_only_in_a_pause(make_app, monkeypatch, thresholds):
    import reader.ui.app as app_module

    passes = []
    monkeypatch.setattr(app_module, "full_pass", lambda: passes.append(1))
    monkeypatch.setattr(app_module, "full_pass_due", lambda: True)
    app = make_app()
    async with app.run_test():
        assert gc.get_threshold()[2] == gc_pause.FULL_PASS_NEVER
        app._last_input = time.monotonic()
        app._collect_in_a_pause()
        assert passes == []  # a key was just pressed
        app._last_input = time.monotonic() - 2 * app_module.GC_AFTER_QUIET
        app._collect_in_a_pause()
        assert passes == [1]


async def test_the_app_leaves_the_collector_as_it_found_it(make_app, thresholds):
    before = gc.get_threshold()
    app = make_app()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert gc.get_threshold()[2] == gc_pause.FULL_PASS_NEVER
        assert gc.get_freeze_count() > 0  # the catalog and the state, out of the passes
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
