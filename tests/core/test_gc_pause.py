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

