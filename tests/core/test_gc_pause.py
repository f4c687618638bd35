"""The garbage-collection policy: full passes only when asked, young collections as usual."""

from __future__ import annotations

import gc

import pytest

from reader import gc_pause


@pytest.fixture
def thresholds():
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_full_passes_wait_to_be_asked_for(thresholds):
    first, second, _ = gc.get_threshold()
    gc_pause.full_passes_on_request()
    assert gc.get_threshold() == (first, second, gc_pause.FULL_PASS_NEVER)
    gc.collect()
    assert not gc_pause.full_pass_due()
    gc.collect(0)  # a young collection: the next full pass is due
    gc.collect(1)
    assert gc_pause.full_pass_due()
    gc_pause.full_pass()
    assert not gc_pause.full_pass_due()


def test_a_cycle_is_freed_by_the_pass(thresholds):
    gc_pause.full_passes_on_request()

    class Node:
        pass

    node = Node()
    node.me = node
    gc.collect(1)  # into the oldest generation, which only a full pass walks
    marker = id(node)
    del node
    gc_pause.full_pass()
    assert marker not in {id(o) for o in gc.get_objects() if type(o).__name__ == "Node"}



def test_no_collections_from_start_up_to_the_first_frame():
    assert gc.isenabled()
    try:
        gc_pause.pause_until_first_frame()
        assert not gc.isenabled()
        made_at_start = [[] for _ in range(1000)]
        gc_pause.pause_until_first_frame()  # again: still one pause
        gc_pause.first_frame_painted()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made_at_start)  # kept out of later passes
        gc_pause.first_frame_painted()  # again (the CLI's safety net): nothing changes
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_pause_leaves_collections_off_when_they_were_off():
    gc.disable()
    try:
        gc_pause.pause_until_first_frame()
        gc_pause.first_frame_painted()
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_first_frame_without_a_pause_changes_nothing():
    frozen = gc.get_freeze_count()
    gc_pause.first_frame_painted()  # apps started by tests, not by the CLI
    assert gc.isenabled() and gc.get_freeze_count() == frozen
