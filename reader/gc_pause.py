"""The reader's whole garbage-collector policy, in one place.

- Decoding many objects at once (a big state file, the catalog cache) runs with the
  collector paused: its passes would walk every new object again and again for nothing.
- What the app loads and keeps for its lifetime (the catalog, its index, the state) is
  frozen out of the collector's generations once loaded, so a full collection walks only
  what was made since: at 100k papers a full pass over everything costs 25-100 ms, at a
  random keystroke; over what a session makes after loading, well under a millisecond.
- When the app ends, what it froze is handed back (a test run starts many apps).
"""

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
    """Everything alive now lives as long as the app: move it out of the collector's
    generations (called after each large load)."""
    gc.freeze()


def collections_as_before() -> None:
    """Undo `keep_out_of_collections` (the app is done: what it kept alive may be garbage)."""
    gc.unfreeze()
