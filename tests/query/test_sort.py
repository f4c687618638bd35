"""sort_indices: natural direction per key, stable ties in page order, missing values last."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.errors import ReaderError
from reader.model import Paper
from reader.query import SORT_KEYS, SearchIndex, sort_indices
from reader.state import PaperState

D = dt.date


@pytest.fixture
def index():
    papers = [
        Paper("p0", "beta", "", date=D(2025, 9, 2), upvotes=5, github_stars=None),
        Paper("p1", "Écho", "", date=None, upvotes=50, github_stars=10),
        Paper("p2", "alpha", "", date=D(2025, 9, 3), upvotes=None, github_stars=10),
        Paper("p3", "delta", "", date=D(2025, 9, 2), upvotes=5, github_stars=300),
        Paper("p4", "Alpha", "", date=D(2025, 9, 1), upvotes=None, github_stars=None),
    ]
    return SearchIndex(papers, {"p0": PaperState(read=True), "p3": PaperState(read=True)})


ALL = [4, 2, 0, 3, 1]  # deliberately not in page order


@pytest.mark.parametrize(
    ("key", "expected", "reversed_"),
    [
        ("page", [0, 1, 2, 3, 4], [4, 3, 2, 1, 0]),
        ("date", [2, 0, 3, 4, 1], [4, 0, 3, 2, 1]),
        ("title", [2, 4, 0, 3, 1], [1, 3, 0, 2, 4]),
        ("upvotes", [1, 0, 3, 2, 4], [0, 3, 1, 2, 4]),
        ("stars", [3, 1, 2, 0, 4], [1, 2, 3, 0, 4]),
        ("unread", [1, 2, 4, 0, 3], [0, 3, 1, 2, 4]),
    ],
)
def test_sort_keys(index, key, expected, reversed_):
    assert sort_indices(index, ALL, key) == expected
    assert sort_indices(index, ALL, key, reverse=True) == reversed_


def test_sorting_a_subset_and_the_key_list(index):
    assert SORT_KEYS == ("page", "date", "title", "upvotes", "stars", "unread", "foryou")
    assert sort_indices(index, [3, 1], "upvotes") == [1, 3]
    assert sort_indices(index, [], "date") == []


def test_unknown_key_is_a_reader_error(index):
    with pytest.raises(ReaderError, match="Unknown sort key 'size'"):
        sort_indices(index, ALL, "size")
