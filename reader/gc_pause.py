"""Pause the garbage collector while decoding many objects at once (a big state file, the
catalog cache): its passes would walk every new object again and again for nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_start_up = {"paused": False, "was_enabled": True}


def pause_until_first_frame() -> None:
    """No collections while the reader starts: importing Textual and building the first
    frame make objects that live as long as the app, and the collector's passes over them
    (~14 ms before the first frame) would find nothing to free. `first_frame_painted()`
    turns collections back on."""
    if not _start_up["paused"]:
        _start_up.update(paused=True, was_enabled=gc.isenabled())
        gc.disable()


def first_frame_painted() -> None:
    """End `pause_until_first_frame` (a no-op without it, and when called again): what
    start-up made is kept out of later collections, and collections run again."""
    if _start_up["paused"]:
        _start_up["paused"] = False
        keep_out_of_collections()
        if _start_up["was_enabled"]:
            gc.enable()


def keep_out_of_collections() -> None:
    """Everything alive now (the catalog, its index, the state) lives as long as the app:
    move it out of the collector's generations, so that a full collection walks only what
    was made since (at 100k papers a full pass over everything costs 25-100 ms, a frame's
    budget several times over, at a random keystroke)."""
    gc.freeze()


FULL_PASS_NEVER = 10**9


def full_passes_on_request() -> tuple[int, int, int]:
    """Young collections stay Python's (cheap: they walk only objects made since the last
    one), but no full pass on Python's own schedule: a full pass walks every live object
    (10-100 ms with a large library) at whatever keystroke happens to allocate. The app
    calls `full_pass()` when the user pauses instead. Returns the thresholds before, for
    `collections_as_before`."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], FULL_PASS_NEVER)
    return before


def collections_as_before(thresholds: tuple[int, int, int]) -> None:
    """Undo `full_passes_on_request` and `keep_out_of_collections` (the app is done: what it
    kept alive may be garbage now, e.g. in a test run that starts many apps)."""
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def full_pass_due() -> bool:
    """Young collections have run since the last full pass (so old garbage may wait)."""
    return gc.get_count()[2] > 0


def full_pass() -> None:
    gc.collect()
