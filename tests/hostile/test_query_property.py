"""Random queries and random nesting never raise anything but a one-sentence QueryError, from
the parser, the evaluator, the live search box (narrowing from the last query) or describe().

Found by the adversarial sweep: `after:9999` and `before:0001-01-01` raised OverflowError (and
killed the TUI from the search box); ~400 nested parentheses or 1,500 NOTs raised
RecursionError.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.query import LiveSearch, QueryError, SearchIndex, parse

FIELDS = ("", "title:", "abstract:", "author:", "tag:", "is:", "has:", "date:", "after:",
          "before:", "upvotes:", "stars:", "comments:")
VALUES = ("9999", "0001-01-01", "9999-12", "9999-12-31", "0001", "0000", "2025-09-25",
          "2025-13", "2025-02-30", ">50", "<=0", "10..5", "..", "99999999999999999999999",
          "read", "starred", "code", "serving", '"exact phrase"', "ü", "", "-", "é…", "\x1b[2J")
OPERATORS = ("(", ")", "NOT ", "-", " OR ", " AND ", '"', " ", "..")

atoms = st.builds(lambda f, v: f + v, st.sampled_from(FIELDS), st.sampled_from(VALUES))
pieces = st.one_of(atoms, st.sampled_from(OPERATORS), st.text(max_size=6))
queries = st.lists(pieces, max_size=25).map("".join)


def nest(depth: int, opener: str, closer: str, inner: str) -> str:
    return opener * depth + inner + closer * depth


nested = st.builds(
    nest, st.integers(0, 3000), st.sampled_from(("(", "NOT ", "-", "NOT (", "-(")),
    st.sampled_from((")", "", ")", "")), st.sampled_from(("a", "after:9999", "")),
)


@pytest.fixture(scope="module")
def index(seed_papers):
    return SearchIndex(seed_papers)


def check(index: SearchIndex, text: str) -> None:
    try:
        query = parse(text)
    except QueryError as error:
        assert "\n" not in str(error) and str(error).endswith((".", ")."))
        return
    index.filter(query)
    query.describe()


SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=queries)
def test_random_queries_never_raise(index, text):
    check(index, text)


@SETTINGS
@given(text=nested)
def test_random_nesting_never_raises(index, text):
    check(index, text)


@SETTINGS
@given(steps=st.lists(queries, min_size=1, max_size=6))
def test_typing_into_the_search_box_never_raises(index, steps):
    """The search box narrows from the previous answer: each keystroke's query is checked
    against the last, which is where after:9999 overflowed."""
    live = LiveSearch(index)
    for text in steps:
        for end in range(0, len(text) + 1, max(1, len(text) // 4)):
            live.update(text[:end])


@pytest.mark.parametrize("text", ["after:9999", "before:0001-01-01", "date:9999-12",
                                  "after:9999-12-31", "before:0001"])
def test_dates_at_the_ends_of_the_calendar_parse_and_filter(index, text):
    live = LiveSearch(index)
    live.update("after:2025")
    live.update(text)  # narrowing compares the two date ranges
    index.filter(parse(text))


@pytest.mark.parametrize("text", ["(" * 400 + "a" + ")" * 400, "NOT " * 1500 + "a", "-" * 3000 + "a"])
def test_deep_nesting_is_one_sentence(text):
    with pytest.raises(QueryError, match="more than 100 deep"):
        parse(text)


def test_nesting_a_person_types_still_works(index):
    assert index.filter(parse("(" * 20 + "serving" + ")" * 20)) == index.filter(parse("serving"))
    assert index.filter(parse("NOT NOT serving")) == index.filter(parse("serving"))
