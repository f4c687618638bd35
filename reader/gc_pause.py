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


def keep_out_of_collections() -> None:
    """Everything alive now (the catalog, its index, the state) lives as long as the app:
    move it out of the collector's generations, so that a full collection walks only what
    was made since (at 100k papers a full pass over everything costs 25-100 ms, a frame's
    budget several times over, at a random keystroke)."""
    gc.freeze()
