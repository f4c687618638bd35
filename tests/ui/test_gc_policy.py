"""The garbage-collection policy: paused while decoding, loaded data frozen out of passes."""

from __future__ import annotations

import gc

from reader import gc_pause


def test_decoding_runs_without_collections_and_restores_them():
    assert gc.isenabled()
    with gc_pause.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_pause_leaves_collections_off_when_they_were_off():
    gc.disable()
    try:
        with gc_pause.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_is_loaded_is_kept_out_of_passes_until_the_app_ends():
    loaded = [[] for _ in range(1000)]
    try:
        gc_pause.keep_out_of_collections()
        assert gc.get_freeze_count() >= len(loaded)
    finally:
        gc_pause.collections_as_before()
    assert gc.get_freeze_count() == 0


async def test_the_app_leaves_the_collector_as_it_found_it(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert gc.get_freeze_count() > 0  # the catalog and the state, out of the passes
    assert gc.get_freeze_count() == 0
