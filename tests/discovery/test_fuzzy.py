"""Typo tolerance and hyphenated phrases, on the real seed."""

from __future__ import annotations

import pytest

from reader.cli import main
from reader.query import SearchIndex, parse
from reader.query.fuzzy import absent, correct, distance, nearest, search
from reader.query.nodes import Text
from reader.state import PaperState
from tests.conftest import SEED

_EMPTY = PaperState()


@pytest.fixture(scope="module")
def seed_index(seed_papers):
    return SearchIndex(seed_papers)


def test_distance_counts_a_swap_as_one_edit_and_stops_early():
    assert distance(b"trnasformer", b"transformer", 2) == 1
    assert distance(b"atention", b"attention", 2) == 1
    assert distance(b"kitten", b"sitting", 3) == 3
    assert distance(b"abcdef", b"uvwxyz", 2) == 3  # gave up beyond the limit


def test_a_misspelt_word_finds_what_was_meant(seed_index):
    exact = search(seed_index, "transformer")
    found = search(seed_index, "trnasformer")
    assert found.positions == exact.positions and found.positions
    assert found.query == Text("transformer")
    assert found.note() == 'No paper has "trnasformer": searched for "transformer" instead.'


def test_only_the_word_that_matches_nothing_is_replaced(seed_index):
    found = search(seed_index, "reinforcment learning tag:rl")
    assert found.corrected is not None
    assert found.corrected.replaced == (("reinforcment", "reinforcement"),)
    assert found.positions == seed_index.filter(parse("reinforcement learning tag:rl"))


def test_an_exact_search_is_never_corrected(seed_index):
    # "serv" is inside words ("serving"): it matches, so nothing is guessed.
    found = search(seed_index, "serv")
    assert found.corrected is None and found.positions
    assert not absent(seed_index, b"serv")


def test_nothing_near_and_negated_words_stay_as_typed(seed_index):
    assert search(seed_index, "qwxzv").positions == []
    assert search(seed_index, "qwxzv").corrected is None
    assert correct(seed_index, parse("-trnasformer")) is None
    assert nearest(seed_index, b"ab") is None  # too short to guess


def test_a_field_corrects_from_its_own_words(seed_index, seed_papers):
    found = search(seed_index, "title:trnasformer")
    assert found.query == Text("transformer", "title")
    assert all("transformer" in seed_papers[p].title.lower() for p in found.positions)


def test_a_phrase_finds_its_hyphenated_form_and_back(seed_index, seed_papers):
    spaced = seed_index.filter(parse('"state of the art"'))
    hyphened = seed_index.filter(parse('"state-of-the-art"'))
    assert spaced == hyphened
    texts = [(p.title + " " + p.abstract).lower() for p in seed_papers]
    only_hyphened = [n for n, t in enumerate(texts)
                     if "state-of-the-art" in t and "state of the art" not in t]
    assert only_hyphened and set(only_hyphened) <= set(spaced)
    # The one-paper meaning agrees with the index.
    query = parse('"state of the art"')
    assert [n for n, p in enumerate(seed_papers) if query.matches(p, _EMPTY)] == spaced


def test_the_command_line_corrects_too_and_says_so(capsys):
    assert main(["list", str(SEED), "--query", "trnasformer", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "Transformer" in captured.out
    assert captured.err.strip() == ('reader: No paper has "trnasformer": searched for '
                                    '"transformer" instead.')



def test_a_hyphen_typed_last_or_alone_is_no_empty_word(seed_index, seed_papers):
    # Typing "longcat-flash" letter by letter passes through "longcat-".
    for text in ("longcat-", "longcat-f", '"-"', "title:longcat-", '"a - b"'):
        query = parse(text)
        found = seed_index.filter(query)
        assert found == [n for n, p in enumerate(seed_papers) if query.matches(p, _EMPTY)]
    assert seed_index.filter(parse("longcat-"))


def test_live_search_shows_the_corrected_query_until_the_next_keystroke(seed_index):
    from reader.query import LiveSearch, Tag

    live = LiveSearch(seed_index, base=Tag("vision"))
    assert live.update("trnasformer").positions == ()
    corrected = correct(seed_index, live.typed)
    result = live.show_typed(corrected.query)
    assert result.text == "trnasformer" and result.positions
    assert result.positions == tuple(seed_index.filter(parse("tag:vision transformer")))
    assert live.update("trnasformerx").positions == ()
